// The update review: what changes between the locked version and a candidate (versions, changelog,
// files, capabilities, provenance, new findings), as one model (also the `--json` shape) and text.

import semver from 'semver';
import type { LockedProvenance } from '../lockfile/index.js';
import { describeRef, pullRequestTrigger, refKind, signerWorkflow } from '../provenance/identity.js';
import type { Finding } from '../scan/index.js';
import { counted, fitLines, quoted, type ReviewLine } from '../ui/index.js';
import type { ChangelogSection } from './changelog.js';
import { MAX_DIFF_LINE, type FileChange, type FileDelta } from './diff.js';
import { renderDropped, renderFindings, renderModeration, type ReviewModel } from './index.js';

export type VersionJump = 'major' | 'minor' | 'patch' | 'prerelease' | 'downgrade' | 'none';

/** Capability lists as both versions' SKILL.md declare them (or as the lock recorded them). */
export interface CapabilitySet {
  tools: string[];
  bins: string[];
  env: string[];
  install: string[];
  always: boolean;
  /** `requires.config`: OpenClaw config paths the skill needs set. Absent (an older lock record): none. */
  config?: string[];
  /** `os`: the operating systems the skill is limited to; empty or absent: any. */
  os?: string[];
  /** allowed-tools names that map to no OpenClaw tool (never allowed, but declared). */
  unknownTools?: string[];
  /** The tool the slash command calls directly (`command-dispatch: tool`); absent: none. */
  commandTool?: string;
  /** `disable-model-invocation`: left out of the model's list of skills. */
  hiddenFromModel?: boolean;
  /**
   * The `skills.entries` key whose env and apiKey OpenClaw gives the skill: its `skillKey`, else the
   * name it loads under. Absent when only the lock's record is known (it does not keep the name).
   */
  configEntry?: string;
  /** The skill OpenClaw ships under the same name, which this one replaces (capabilities.replacesBundled). */
  replacesBundled?: string;
  /**
   * The metadata block OpenClaw acts on (`metadata.openclaw`, `metadata.clawdbot`), and where a
   * declared block it does not read is written (`metadata.moltbot`, a top-level `openclaw`). Read
   * only from a SKILL.md; the lock's record keeps neither.
   */
  actedOnBlock?: string;
  unreadBlock?: string;
}

export interface ListDelta {
  added: string[];
  removed: string[];
}

export interface CapabilityDelta {
  tools: ListDelta;
  bins: ListDelta;
  env: ListDelta;
  install: ListDelta;
  /** `requires.config` paths added or dropped. */
  config: ListDelta;
  /** `os` entries added or dropped; `osWidened` says the candidate runs on more systems than before. */
  os: ListDelta;
  /** True when the candidate drops every `os` limit the locked version had (it now loads on any OS). */
  osWidened: boolean;
  /** Declared tool names that map to no OpenClaw tool, added or dropped (never allowed, so never in `tools`). */
  unknownTools: ListDelta;
  always: { before: boolean; after: boolean };
  /** True when the candidate newly sets `always: true` (loaded into every agent session). */
  newAlways: boolean;
  /** The tool the slash command calls directly, before and after, when that changed (null: none). */
  commandTool?: { before: string | null; after: string | null };
  /** Whether the skill is hidden from the model's list of skills, before and after, when that changed. */
  hiddenFromModel?: { before: boolean; after: boolean };
  /**
   * The config entry OpenClaw gives the skill (its `skillKey`, else its name), before and after, when
   * both sides were read from SKILL.md and it changed: the skill gets another entry's env and apiKey.
   */
  configEntry?: { before: string; after: string };
  /** The shipped skill the candidate newly replaces (same name as one OpenClaw ships). */
  newReplacesBundled?: string;
  /**
   * The locked version declared its requirements, install specs and `always` in a block OpenClaw
   * does not read (`before`: its key), and the candidate declares them where OpenClaw acts on them
   * (`after`: `metadata.openclaw`): the same lists, which now take effect. `noLongerActedOn`: the
   * other way round. Only when both SKILL.md files were compared.
   */
  nowActedOn?: { before: string; after: string };
  noLongerActedOn?: { before: string; after: string };
  /** Where the locked side came from: its SKILL.md, or the lock's record when its bytes are unavailable. */
  beforeFrom: 'manifest' | 'lock';
  /**
   * Install specs whose one-line summary (`install`) is the same on both sides but whose other
   * fields changed (a new `cask` beside the `formula`, `packages`, `os`, `targetDir`, ...), each as
   * `summary` and its whole spec before and after. Only when both SKILL.md files were compared.
   */
  installChanged?: Array<{ summary: string; before: string; after: string }>;
}

/** A spec as one line of JSON with its keys sorted, so equal specs compare equal. */
export function canonicalSpec(spec: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(spec));
}

/**
 * The install specs that kept their summary but changed in any other field. `before`/`after` are
 * the specs with their summaries, in file order; specs are paired by summary, in order.
 */
export function installSpecChanges(before: Array<{ summary: string; spec: unknown }>, after: Array<{ summary: string; spec: unknown }>): Array<{ summary: string; before: string; after: string }> {
  const out: Array<{ summary: string; before: string; after: string }> = [];
  const left = new Map<string, string[]>();
  for (const b of before) left.set(b.summary, [...(left.get(b.summary) ?? []), canonicalSpec(b.spec)]);
  for (const a of after) {
    const queue = left.get(a.summary);
    const prev = queue?.shift();
    if (prev === undefined) continue; // a new summary: already in install.added
    const now = canonicalSpec(a.spec);
    if (prev !== now) out.push({ summary: a.summary, before: prev, after: now });
  }
  return out;
}

/**
 * How the locked version was obtained for the comparison: `ok` (fetched by its pinned integrity),
 * `unlisted` (the registry no longer lists it, but its pinned bytes were still obtained),
 * `installed` (the registry no longer serves its pinned bytes, and it is not cached: its files were
 * read from the installed folder, each with the sha512 the lock pins), or `unavailable` (no bytes:
 * the comparison falls back to the lock's records and says so).
 */
export type LockedStatus = 'ok' | 'unlisted' | 'installed' | 'unavailable';

export interface UpdateReviewModel {
  name: string;
  from: { version: string; integrity: string; publishedAt: string | null; status: LockedStatus; note: string | null };
  to: { version: string; integrity: string; publishedAt: string | null; publisher: string | null };
  jump: VersionJump;
  /** The exact spec a non-interactive run passes: `skill update <name> --to <version> --yes`. */
  pinnedSpec: string;
  changelog: ChangelogSection;
  /** Null when the locked version's bytes are unavailable (nothing to compare against). */
  files: FileDelta | null;
  capabilities: CapabilityDelta;
  /**
   * Whether the registry signs the locked version (the lock's record, or the registry serving it
   * signed now) and the candidate, when that differs. A loss passes with --accept-downgrade, so the
   * review must say it either way.
   */
  registrySignature?: { before: boolean; after: boolean };
  /** Filled by the provenance wiring: the lock's record before, the candidate's after. */
  provenance?: { before: LockedProvenance | null | undefined; after: LockedProvenance | null | undefined };
  /** Findings in the candidate that the locked version does not have (same rule, file and evidence). */
  newFindings: Finding[];
  /** The candidate's full review (publisher, provenance, moderation, all findings, decision). */
  candidate: ReviewModel;
  warnings: string[];
}

export function versionJump(from: string, to: string): VersionJump {
  if (semver.eq(from, to)) return 'none';
  if (semver.lt(to, from)) return 'downgrade';
  const d = semver.diff(from, to);
  if (d === 'major' || d === 'premajor') return 'major';
  if (d === 'minor' || d === 'preminor') return 'minor';
  if (d === 'patch' || d === 'prepatch') return 'patch';
  return 'prerelease';
}

function listDelta(before: string[], after: string[]): ListDelta {
  const a = new Set(before);
  const b = new Set(after);
  return { added: [...b].filter((x) => !a.has(x)).sort(), removed: [...a].filter((x) => !b.has(x)).sort() };
}

export function capabilityDelta(before: CapabilitySet, after: CapabilitySet, beforeFrom: CapabilityDelta['beforeFrom'] = 'manifest'): CapabilityDelta {
  const cmd = { before: before.commandTool ?? null, after: after.commandTool ?? null };
  const hidden = { before: before.hiddenFromModel === true, after: after.hiddenFromModel === true };
  const entry = before.configEntry !== undefined && after.configEntry !== undefined && before.configEntry !== after.configEntry ? { before: before.configEntry, after: after.configEntry } : null;
  // The lock's record keeps no name: from it, whether the locked version replaced one is unknown.
  const replaces = beforeFrom === 'manifest' && after.replacesBundled !== undefined && after.replacesBundled !== before.replacesBundled ? after.replacesBundled : null;
  // The lists below are what each SKILL.md declares, whether OpenClaw acts on them or not: the same
  // lists moved from a block OpenClaw does not read into one it does would read as no change.
  const nowActedOn = beforeFrom === 'manifest' && before.unreadBlock !== undefined && after.actedOnBlock !== undefined ? { before: before.unreadBlock, after: after.actedOnBlock } : null;
  const noLongerActedOn = beforeFrom === 'manifest' && before.actedOnBlock !== undefined && after.unreadBlock !== undefined ? { before: before.actedOnBlock, after: after.unreadBlock } : null;
  return {
    ...(nowActedOn ? { nowActedOn } : {}),
    ...(noLongerActedOn ? { noLongerActedOn } : {}),
    ...(cmd.before !== cmd.after ? { commandTool: cmd } : {}),
    ...(hidden.before !== hidden.after ? { hiddenFromModel: hidden } : {}),
    ...(entry ? { configEntry: entry } : {}),
    ...(replaces !== null ? { newReplacesBundled: replaces } : {}),
    tools: listDelta(before.tools, after.tools),
    bins: listDelta(before.bins, after.bins),
    env: listDelta(before.env, after.env),
    install: listDelta(before.install, after.install),
    config: listDelta(before.config ?? [], after.config ?? []),
    os: listDelta(before.os ?? [], after.os ?? []),
    osWidened: (before.os ?? []).length > 0 && (after.os ?? []).length === 0,
    unknownTools: listDelta(before.unknownTools ?? [], after.unknownTools ?? []),
    always: { before: before.always, after: after.always },
    newAlways: after.always && !before.always,
    beforeFrom,
  };
}

function findingKey(f: Finding, line: string): string {
  return `${f.rule}\0${f.file}\0${f.evidence}\0${line}`;
}

/**
 * Findings in `after` that `before` does not have: same rule, file and evidence, and, when
 * `lineOf` is given for each side, the same whole line. Evidence is clipped (and secrets masked),
 * so without the line a new version could change what a finding points at past the clip (another
 * URL after the same 100 characters, another secret of the same shape) and it would not be new.
 */
export function newFindings(before: Finding[], after: Finding[], lineOf?: { before: (f: Finding) => string; after: (f: Finding) => string }): Finding[] {
  const seen = new Set(before.map((f) => findingKey(f, lineOf?.before(f) ?? '')));
  return after.filter((f) => !seen.has(findingKey(f, lineOf?.after(f) ?? '')));
}

/** The whole text of line `line` (1-based) of `file` in a file map, '' when there is none. */
export function lineIn(files: Map<string, { data: Buffer }>, file: string, line: number): string {
  const data = files.get(file)?.data;
  if (!data || line < 1) return '';
  let start = 0;
  for (let k = 1; k < line; k++) {
    const nl = data.indexOf(10, start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = data.indexOf(10, start);
  return data.subarray(start, end < 0 ? data.length : end).toString('latin1');
}

function human(bytes: number | null): string {
  if (bytes === null) return '-';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function fileLine(kind: string, c: FileChange): string {
  const size = kind === 'changed' ? `${human(c.sizeBefore)} -> ${human(c.sizeAfter)}` : human(c.sizeAfter ?? c.sizeBefore);
  const counts = c.binary
    ? 'binary'
    : `${c.wasBinary ? `was binary, now text: +${c.added}` : `+${c.added} -${c.removed}`}${c.lossy ? ', not clean UTF-8 text: invalid bytes shown as <0xNN>' : ''}`;
  const mode =
    kind === 'changed' ? (c.modeBefore && c.modeAfter ? `  mode ${c.modeBefore} -> ${c.modeAfter}` : '') : kind === 'added' && c.modeAfter === '0755' ? '  executable' : '';
  return `    ${kind.padEnd(8)} ${c.path}  (${size}, ${counts})${mode}`;
}

function renderDiffs(changes: FileChange[], lines: ReviewLine[]): void {
  for (const c of changes) {
    if (c.binary) {
      const what = `  ${c.path}: binary file ${c.sizeBefore === null ? 'added' : c.sizeAfter === null ? 'removed' : 'changed'}, not shown`;
      if (!c.strings) {
        lines.push(what);
        continue;
      }
      // Text inside it (a script after an image's bytes runs under sh): quoted like any diff line.
      const n = c.strings.length + (c.stringsCut ?? 0);
      lines.push(`${what}; text in it${c.sizeBefore === null ? '' : " the locked version's does not hold"} (${counted(n, 'line')}${c.stringsCut ? `, the first ${c.strings.length} shown` : ''}):`);
      lines.push(...c.strings.map((l) => quoted('  ', l)));
      continue;
    }
    if (c.bytesOnly) {
      lines.push(`  ${c.path}: the bytes changed but no line differs as shown; compare the two versions byte by byte`);
      continue;
    }
    if (!c.diff) continue;
    // Every line of a diff is the author's (file names in its headers too): quoted behind the gutter.
    lines.push(...c.diff.replace(/\n$/, '').split('\n').map((l) => quoted('  ', l)));
    if (c.clippedLines) lines.push(`  ... ${counted(c.clippedLines, 'line')} of ${c.path} longer than ${MAX_DIFF_LINE} characters cut to ${MAX_DIFF_LINE} (run with --full to see all)`);
    if (c.cutLines > 0) lines.push(`  ... ${c.cutLines} more diff lines of ${c.path} cut (run with --full to see all)`);
  }
}

function deltaLine(label: string, d: ListDelta): string | null {
  if (d.added.length === 0 && d.removed.length === 0) return null;
  const parts = [...d.added.map((x) => `+${x}`), ...d.removed.map((x) => `-${x}`)];
  const flag = d.added.length ? '   <-- NEW' : '';
  return `    ${label.padEnd(9)} ${parts.join(' ')}${flag}`;
}

/**
 * One line per capability that changed: tools, bins, env, `requires.config`, `os`, declared tool
 * names OpenClaw does not know, install specs, `always`. The same lines open the review and close it.
 */
function capabilityLines(cap: CapabilityDelta): string[] {
  const out = [
    deltaLine('tools', cap.tools),
    deltaLine('unknown tools', cap.unknownTools),
    deltaLine('bins', cap.bins),
    deltaLine('env', cap.env),
    deltaLine('config', cap.config),
    deltaLine('os', cap.os),
    deltaLine('install', cap.install),
  ].filter((x): x is string => x !== null);
  if (cap.osWidened) out.push('    os        limit dropped: loaded on any OS   <-- NEW');
  for (const x of cap.installChanged ?? []) out.push(`    install   ~${x.summary}: ${x.before} -> ${x.after}   <-- CHANGED`);
  if (cap.commandTool) {
    const { before, after } = cap.commandTool;
    if (after !== null) out.push(`    command   its slash command now calls the tool ${JSON.stringify(after)} directly${before !== null ? ` (was ${JSON.stringify(before)})` : ''}, bypassing the model   <-- NEW`);
    else out.push(`    command   no longer calls the tool ${JSON.stringify(before)} directly`);
  }
  if (cap.configEntry) {
    out.push(`    config    skills.entries[${JSON.stringify(cap.configEntry.before)}] -> skills.entries[${JSON.stringify(cap.configEntry.after)}]: OpenClaw now gives it the env and apiKey configured there   <-- CHANGED`);
  }
  if (cap.nowActedOn) {
    out.push(`    metadata  OpenClaw now acts on ${cap.nowActedOn.after}; the locked version declared its requirements in ${cap.nowActedOn.before}, a block OpenClaw does not read: what the block declares (env, bins, install specs, always) now takes effect   <-- NEW`);
  }
  if (cap.noLongerActedOn) {
    out.push(`    metadata  OpenClaw no longer acts on the metadata block: ${cap.noLongerActedOn.after} is not one it reads (was ${cap.noLongerActedOn.before}), so it neither checks these requirements nor runs these install specs`);
  }
  if (cap.newReplacesBundled !== undefined) out.push(`    replaces  OpenClaw's own ${JSON.stringify(cap.newReplacesBundled)} skill (now loads under its name)   <-- NEW`);
  if (cap.hiddenFromModel?.after) out.push("    model     now hidden from the model's list of skills (disable-model-invocation)   <-- NEW");
  else if (cap.hiddenFromModel) out.push("    model     back in the model's list of skills");
  if (cap.newAlways) out.push('    always    false -> true   <-- NEW: loaded into every agent session');
  else if (cap.always.before && !cap.always.after) out.push('    always    true -> false');
  return out;
}

function provLine(p: LockedProvenance | null | undefined): string {
  if (p === undefined) return 'not checked';
  if (p === null) return 'none';
  return `${p.identity} (repository ${p.repository}, commit ${p.commit}, issuer ${p.issuer}${p.workflow ? `, workflow ${p.workflow}` : ''}${p.ref !== undefined ? `, ${describeRef(p.ref)}` : ''})`;
}

/**
 * What changed in who built the skill: issuer, repository or workflow, and the kind of source ref
 * (a tag, a branch, a pull request's; the commit and a tag change with every release), and the branch. A change a person accepted with --accept-identity-change or
 * --accept-downgrade passes without an error, so the review itself must say it.
 */
function provChanges(before: LockedProvenance | null | undefined, after: LockedProvenance | null | undefined): string[] {
  if (!before) return [];
  if (after === null) return ['provenance LOST: the locked version had verified provenance, this one has none'];
  if (after === undefined) return [];
  const out: string[] = [];
  if (before.issuer !== after.issuer) out.push(`issuer ${before.issuer} -> ${after.issuer}`);
  if (before.repository.toLowerCase() !== after.repository.toLowerCase()) out.push(`repository ${before.repository} -> ${after.repository}`);
  if ((before.workflow ?? '') !== (after.workflow ?? '')) out.push(`workflow ${before.workflow ?? 'none'} -> ${after.workflow ?? 'none'}`);
  // The workflow that built and signed (the SAN, without its ref): another repository's reusable workflow shows here.
  const [signedBefore, signedAfter] = [signerWorkflow(before.identity), signerWorkflow(after.identity)];
  if (before.identity !== undefined && signedBefore !== signedAfter) out.push(`signed by ${signedBefore ?? before.identity} -> ${signedAfter ?? after.identity}`);
  for (const [k, what] of [['repositoryId', 'repository id'], ['ownerId', 'owner id'], ['runnerEnvironment', 'runner']] as const) {
    if (before[k] !== undefined && before[k] !== after[k]) out.push(`${what} ${before[k]} -> ${after[k] ?? 'none'}`);
  }
  // The kind of ref, or the branch: tags move with every release, a branch should not.
  if (before.ref !== undefined && (refKind(before.ref) !== refKind(after.ref) || (refKind(before.ref) === 'branch' && before.ref !== after.ref))) {
    out.push(`source ref ${describeRef(before.ref)} -> ${describeRef(after.ref)}`);
  }
  if (before.trigger !== undefined && pullRequestTrigger(before.trigger) !== pullRequestTrigger(after.trigger)) out.push(`trigger ${before.trigger} -> ${after.trigger ?? 'none'}`);
  return out;
}

/** The change in the registry's signature between the versions, for a person; null when none. */
function signatureChange(u: UpdateReviewModel): string | null {
  const r = u.registrySignature;
  if (!r || r.before === r.after) return null;
  return r.before ? 'registry signature LOST: the locked version was signed by the registry, this one is not' : 'registry signature: the locked version was not signed by the registry, this one is';
}

/**
 * The update review as text (what a person reads above `Update? [y/N]`), fitted to `columns` (the
 * terminal's; DEFAULT_COLUMNS when none shows it): the changelog and diffs are the author's text,
 * quoted behind a gutter on every row (fitLines).
 */
export function renderUpdateReview(u: UpdateReviewModel, opts: { columns?: number } = {}): string {
  const c = u.candidate;
  const lines: ReviewLine[] = [];
  lines.push(`Update review: ${u.name} ${u.from.version} -> ${u.to.version}  (${u.jump === 'downgrade' ? 'DOWNGRADE' : `${u.jump} update`})`);
  lines.push(`  locked:       ${u.from.version}${u.from.publishedAt ? `, published ${u.from.publishedAt}` : ''}${u.from.status === 'ok' ? '' : `  [${u.from.status.toUpperCase()}]`}`);
  if (u.from.note) lines.push(`                ${u.from.note}`);
  lines.push(`  candidate:    ${u.to.version}${u.to.publishedAt ? `, published ${u.to.publishedAt}` : ''}${u.to.publisher ? ` by ${u.to.publisher}` : ''}`);
  lines.push(`  integrity:    ${u.to.integrity}`);
  lines.push(`  provenance:   ${c.provenance.summary}`);
  for (const w of c.provenance.warnings) lines.push(`                warning: ${w}`);
  if (u.provenance) {
    lines.push('  provenance delta:');
    lines.push(`    before:   ${provLine(u.provenance.before)}`);
    lines.push(`    after:    ${provLine(u.provenance.after)}`);
    for (const x of provChanges(u.provenance.before, u.provenance.after)) lines.push(`    CHANGED:  ${x}   <-- NEW`);
  }
  const signature = signatureChange(u);
  if (signature) {
    if (!u.provenance) lines.push('  provenance delta:');
    lines.push(`    CHANGED:  ${signature}${u.registrySignature?.after ? '' : '   <-- NEW'}`);
  }
  lines.push(...renderModeration(c.moderation));

  const cl = u.changelog;
  if (cl.kind === 'entries') {
    const n = cl.entries.length + (cl.cutEntries ?? 0);
    lines.push(`  changelog (${cl.file}, ${n} ${n === 1 ? 'entry' : 'entries'} after ${u.from.version}):`);
    for (const e of cl.entries) {
      lines.push(quoted('    ', e.heading));
      if (e.body !== '') lines.push(...e.body.split('\n').map((l) => quoted('    ', `  ${l}`)));
    }
  } else if (cl.kind === 'diff') {
    lines.push(`  changelog: ${cl.reason}`);
    lines.push(...cl.diff.replace(/\n$/, '').split('\n').map((l) => quoted('    ', l)));
  } else {
    lines.push('  changelog:    none');
  }
  if (cl.kind !== 'none' && cl.cutLines) {
    const entries = cl.kind === 'entries' && cl.cutEntries ? ` (${cl.cutEntries} more ${cl.cutEntries === 1 ? 'entry' : 'entries'})` : '';
    lines.push(`    ... ${cl.cutLines} more changelog lines${entries} cut (run with --full to see all)`);
  }
  for (const w of cl.warnings) lines.push(`    warning: ${w}`);

  const cap = u.capabilities;
  const capLines = capabilityLines(cap);
  lines.push(`  capabilities: ${capLines.length ? 'changed' : 'unchanged'}${cap.beforeFrom === 'lock' ? ' (locked side from the lock record)' : ''}`);
  lines.push(...capLines);
  const now = c.capabilities;
  const nowList = (xs: string[] | undefined) => (xs ?? []).join(', ') || 'none';
  lines.push(`    now:      tools ${nowList(now.tools)}; bins ${nowList(now.bins)}; env ${nowList(now.env)}; config ${nowList(now.config)}; os ${(now.os ?? []).join(', ') || 'any'}${(now.unknownTools ?? []).length ? `; unknown tools ${nowList(now.unknownTools)}` : ''}`);

  const f = u.files;
  if (!f) {
    lines.push(`  files:        no comparison (the locked version's bytes are unavailable); ${c.files.length} files in ${u.to.version}:`);
    for (const x of c.files) lines.push(`    ${x.mode}  ${String(x.size).padStart(8)}  ${x.path}`);
  } else {
    lines.push(`  files:        ${f.added.length} added, ${f.removed.length} removed, ${f.changed.length} changed, ${f.unchanged} unchanged`);
    for (const x of f.added) lines.push(fileLine('added', x));
    for (const x of f.removed) lines.push(fileLine('removed', x));
    for (const x of f.changed) lines.push(fileLine('changed', x));
  }
  lines.push(...renderDropped(c));
  if (u.newFindings.length) {
    lines.push(`  new findings: ${u.newFindings.length}`);
    lines.push(...renderFindings(u.newFindings, c.acceptedRisks).slice(1));
  } else lines.push(`  new findings: none (${c.findings.length} in total)`);
  for (const w of u.warnings) lines.push(`  warning: ${w}`);
  lines.push(`  decision:     ${c.decision}`);
  if (f && (f.added.length || f.changed.length || f.removed.length)) {
    lines.push('', 'Diffs:');
    renderDiffs([...f.added, ...f.changed, ...f.removed.filter((x) => x.binary)], lines);
    // The diffs are the publisher's text and can run to thousands of lines: what skillpin found is
    // said again below them, right above the prompt, so it is not scrolled away, and lines in a file
    // written to look like "capabilities: unchanged" are not the last word.
    lines.push('', `End of diffs. Summary of ${u.name} ${u.from.version} -> ${u.to.version}:`);
    lines.push(`  capabilities: ${capLines.length ? 'changed' : 'unchanged'}`, ...capLines);
    lines.push(`  files:        ${f.added.length} added, ${f.removed.length} removed, ${f.changed.length} changed`);
    // A cut is said under its own diff, thousands of lines up: a change placed past a long benign one
    // is among the lines not shown, so the summary above the prompt says what the person did not see.
    const cut = [...f.added, ...f.changed].filter((x) => x.cutLines > 0);
    if (cut.length) {
      const hidden = cut.reduce((n, x) => n + x.cutLines, 0);
      const named = cut.slice(0, 5).map((x) => `${x.path} (${x.cutLines})`).join(', ');
      lines.push(`  NOT SHOWN:    ${counted(hidden, 'diff line')} of ${counted(cut.length, 'file')} cut: ${named}${cut.length > 5 ? `, and ${cut.length - 5} more` : ''}; run with --full to see every line before you answer`);
    }
    // Likewise the end of a line past MAX_DIFF_LINE characters: code placed after a long run of benign text.
    const clipped = [...f.added, ...f.changed].filter((x) => x.clippedLines);
    if (clipped.length) {
      const long = clipped.reduce((n, x) => n + (x.clippedLines ?? 0), 0);
      const named = clipped.slice(0, 5).map((x) => `${x.path} (${x.clippedLines ?? 0})`).join(', ');
      lines.push(`  NOT SHOWN:    ${counted(long, 'line')} longer than ${MAX_DIFF_LINE} characters cut in ${counted(clipped.length, 'file')}: ${named}${clipped.length > 5 ? `, and ${clipped.length - 5} more` : ''}; run with --full to see every line whole before you answer`);
    }
    // A file that becomes executable (new, or a mode change) is one line among the listed files: named again here.
    const madeExecutable = [...f.added.filter((x) => x.modeAfter === '0755'), ...f.changed.filter((x) => x.modeAfter === '0755' && x.modeBefore !== '0755')];
    if (madeExecutable.length) {
      const named = madeExecutable.slice(0, 5).map((x) => `${x.path} (${x.modeBefore === null ? 'new' : `was ${x.modeBefore}`})`).join(', ');
      lines.push(`  executable:   ${counted(madeExecutable.length, 'file')} now executable: ${named}${madeExecutable.length > 5 ? `, and ${madeExecutable.length - 5} more` : ''}`);
    }
    const withText = [...f.added, ...f.changed].filter((x) => x.strings);
    if (withText.length) {
      lines.push(`  binary:       ${counted(withText.length, 'file holds', 'files hold')} new text, shown above: ${withText.slice(0, 5).map((x) => x.path).join(', ')}${withText.length > 5 ? `, and ${withText.length - 5} more` : ''}`);
    }
    if (c.provenance.warnings.length) lines.push(`  provenance:   ${counted(c.provenance.warnings.length, 'warning')}, see above`);
    const builder = [...(u.provenance ? provChanges(u.provenance.before, u.provenance.after) : []), ...(signature && !u.registrySignature?.after ? ['registry signature LOST'] : [])];
    if (builder.length) lines.push(`  provenance:   CHANGED: ${builder.join('; ')}`);
    if (c.moderation && (c.moderation.suspicious || c.moderation.blocked)) lines.push(`  registry verdict: ${c.moderation.status}${c.moderation.blocked ? ' (blocked)' : ' (suspicious)'}`);
    lines.push(`  new findings: ${u.newFindings.length}${u.newFindings.length ? ` (${[...new Set(u.newFindings.map((x) => x.rule))].join(', ')})` : ''}`);
    lines.push(`  decision:     ${c.decision}`);
  }
  return `${fitLines(lines, opts.columns).join('\n')}\n`;
}
