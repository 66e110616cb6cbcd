// The changelog part of an update review: the candidate's CHANGELOG.md entries after the locked
// version and up to the candidate. Pure: text in, entries out. Understands Keep a Changelog
// (`## [1.4.1] - 2026-07-01`) and plain headings (`## 1.4.1`, `## v1.4.1 (2026-07-01)`).

import semver from 'semver';
import { cutDiff, unifiedDiff } from './diff.js';

export interface ChangelogEntry {
  version: string;
  /** The date written next to the version, when there is one (as written). */
  date: string | null;
  /** The heading line as written. */
  heading: string;
  /** The entry's lines below the heading, trimmed of blank lines at both ends. */
  body: string;
}

/** `cutLines`/`cutEntries`: what cutChangelog left out (absent when shown in full). */
export type ChangelogSection =
  | { kind: 'entries'; file: string; entries: ChangelogEntry[]; warnings: string[]; cutLines?: number; cutEntries?: number }
  | { kind: 'diff'; file: string; reason: string; diff: string; warnings: string[]; cutLines?: number }
  | { kind: 'none'; warnings: string[] };

// `## [1.4.1] - 2026-07-01`, `## 1.4.1`, `## v1.4.1 (2026-07-01)`, `# [2.0.0](https://…) (2026-10-01)`
const HEADING = /^(#{1,2})\s+(.*\S)\s*$/;
const VERSION_IN_HEADING = /^\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\]?(?:\([^)]*\))?(.*)$/;
const DATE = /(\d{4}-\d{2}-\d{2})/;

/** Every version entry of a changelog, in file order. A `#`/`##` heading that names no version
 * (`# Changelog`, `## [Unreleased]`) ends an entry and is not one. */
export function parseChangelog(text: string): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  let current: { version: string; date: string | null; heading: string; lines: string[] } | null = null;
  let inFence = false;
  const flush = () => {
    if (!current) return;
    const lines = [...current.lines];
    while (lines.length && lines[0]?.trim() === '') lines.shift();
    while (lines.length && lines[lines.length - 1]?.trim() === '') lines.pop();
    entries.push({ version: current.version, date: current.date, heading: current.heading, body: lines.join('\n') });
    current = null;
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) inFence = !inFence;
    const h = inFence ? null : HEADING.exec(raw);
    if (h) {
      const m = VERSION_IN_HEADING.exec((h[2] ?? '').trim());
      const version = m?.[1] && semver.valid(m[1]) ? m[1] : null;
      flush();
      if (version) current = { version, date: DATE.exec(m?.[2] ?? '')?.[1] ?? null, heading: raw.trim(), lines: [] };
      continue;
    }
    current?.lines.push(raw);
  }
  flush();
  return entries;
}

/** Entries with `from < version <= to`, newest first (the order changelogs are written in). */
export function entriesBetween(entries: ChangelogEntry[], from: string, to: string): ChangelogEntry[] {
  const seen = new Set<string>();
  return entries
    .filter((e) => semver.gt(e.version, from) && semver.lte(e.version, to))
    .filter((e) => (seen.has(e.version) ? false : (seen.add(e.version), true)))
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

/** The changelog file of a skill: `CHANGELOG.md` at its root, any letter case. */
export function findChangelog(files: Map<string, Buffer> | Record<string, Buffer>): { path: string; text: string } | null {
  const pairs = files instanceof Map ? [...files.entries()] : Object.entries(files);
  const hit = pairs.filter(([p]) => p.toLowerCase() === 'changelog.md').sort(([a], [b]) => (a === 'CHANGELOG.md' ? -1 : b === 'CHANGELOG.md' ? 1 : a.localeCompare(b)))[0];
  return hit ? { path: hit[0], text: hit[1].toString('utf8') } : null;
}

/**
 * What the update review shows about the changelog between two versions: the candidate's entries
 * in range; a diff of the two files when the candidate's has no parsable entries; else a warning.
 * `published` (the versions the registry lists, when known) names the versions in between that the
 * changelog skips and the entries in range for versions never published: the publisher's account of
 * what changed is only that, and a made-up "1.0.2 - security audit passed" should not read as a release.
 */
export function changelogSection(before: string | null, after: string | null, from: string, to: string, file = 'CHANGELOG.md', published?: readonly string[]): ChangelogSection {
  if (after === null) {
    return { kind: 'none', warnings: [before === null ? 'no changelog' : `no changelog: ${to} has no ${file} (${from} had one)`] };
  }
  const all = parseChangelog(after);
  if (all.length === 0) {
    return {
      kind: 'diff',
      file,
      reason: `${file} of ${to} has no version headings that can be parsed; showing the diff of the two files`,
      diff: unifiedDiff(file, before ?? '', after, before === null ? 'absent' : from, to),
      warnings: [],
    };
  }
  const entries = entriesBetween(all, from, to);
  const warnings: string[] = [];
  if (semver.gt(to, from) && !entries.some((e) => e.version === to)) warnings.push(`the changelog has no entry for ${to}`);
  if (published) {
    const listed = new Set(published.filter((v) => semver.valid(v)).map((v) => semver.clean(v) as string));
    const skipped = [...listed].filter((v) => semver.gt(v, from) && semver.lt(v, to) && !entries.some((e) => semver.eq(e.version, v))).sort(semver.compare);
    if (skipped.length) warnings.push(`the changelog has no entry for ${skipped.join(', ')}, published between ${from} and ${to}`);
    const madeUp = entries.filter((e) => !listed.has(semver.clean(e.version) as string)).map((e) => e.version);
    if (madeUp.length) warnings.push(`the changelog has ${madeUp.length === 1 ? 'an entry' : 'entries'} for ${madeUp.join(', ')}, ${madeUp.length === 1 ? 'a version' : 'versions'} the registry does not list`);
  }
  // entriesBetween shows the first entry of a version: a second one further down is only in the file diff.
  const counts = new Map<string, number>();
  for (const e of all) if (semver.gt(e.version, from) && semver.lte(e.version, to)) counts.set(e.version, (counts.get(e.version) ?? 0) + 1);
  for (const [v, n] of counts) if (n > 1) warnings.push(`the changelog has ${n} entries for ${v}; only the first is shown here`);
  return { kind: 'entries', file, entries, warnings };
}

/** Characters of one changelog line shown without --full: one line of a megabyte is a thousand screens. */
export const MAX_CHANGELOG_LINE = 1000;

function clipLines(text: string): string {
  if (text.length <= MAX_CHANGELOG_LINE) return text;
  return text
    .split('\n')
    .map((l) => (l.length <= MAX_CHANGELOG_LINE ? l : `${l.slice(0, MAX_CHANGELOG_LINE)} ... (${l.length - MAX_CHANGELOG_LINE} more characters of this line cut)`))
    .join('\n');
}

/**
 * The changelog section cut to `max` lines (headings and body lines together) and each line to
 * MAX_CHANGELOG_LINE characters, saying how much was left out. The changelog is the publisher's
 * text, printed before the capabilities and findings: an enormous one (or thousands of made-up entries in range) must not push the rest of the review, or
 * the registry's verdict and provenance warnings above it, out of sight.
 */
export function cutChangelog(section: ChangelogSection, max: number): ChangelogSection {
  if (section.kind === 'diff') {
    const { text, cutLines } = cutDiff(section.diff, max);
    const clipped = clipLines(text);
    return cutLines > 0 || clipped !== text ? { ...section, diff: clipped, ...(cutLines > 0 ? { cutLines } : {}) } : section;
  }
  if (section.kind !== 'entries') return section;
  let budget = max;
  let cutLines = 0;
  let cutEntries = 0;
  const entries: ChangelogEntry[] = [];
  for (const e of section.entries) {
    const body = e.body === '' ? [] : e.body.split('\n');
    if (budget <= 0) {
      cutEntries++;
      cutLines += 1 + body.length;
      continue;
    }
    budget--;
    const keep = body.slice(0, budget);
    budget -= keep.length;
    cutLines += body.length - keep.length;
    const heading = clipLines(e.heading);
    const kept = clipLines(keep.join('\n'));
    entries.push(keep.length === body.length && kept === e.body && heading === e.heading ? e : { ...e, heading, body: kept });
  }
  if (cutLines === 0 && entries.every((e, i) => e === section.entries[i])) return section;
  return { ...section, entries, cutLines, ...(cutEntries ? { cutEntries } : {}) };
}
