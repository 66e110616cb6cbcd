// Finding and parsing the SKILL.md among an archive's entries: the check every install makes that a
// package is a skill at all. Kept apart from the pipeline so a worker thread that unpacks an archive
// can parse its manifest without loading the rest of the install path.

import { SkillpinError } from '../errors.js';
import { fileIntegrity } from '../integrity/index.js';
import type { ArchiveEntry } from '../source/types.js';
import { SKILL_FILE_NAMES } from './names.js';
import { parseSkillManifest, type Manifest } from './parse.js';

/** A parse remembered for the manifest file `file` whose bytes have the sha512 `integrity` (./cached.ts). */
export interface KnownManifest {
  file: string;
  integrity: string;
  manifest: Manifest;
}

/**
 * The record OpenClaw writes into a skill folder it installed from git or a local path. When it
 * loads a skill whose metadata names no `skillKey`, it takes this file's `slug` as the skill's config
 * key instead of its name: the skill then gets the env and apiKey of `skills.entries.<slug>`, the
 * entry of whatever skill has that name. Matched in any letter case, as a case-insensitive file
 * system finds it.
 */
export const SOURCE_ORIGIN_FILE = '.openclaw/source-origin.json';

/** OpenClaw reads the record only up to this size; a larger one it ignores. */
export const SOURCE_ORIGIN_MAX_BYTES = 16 * 1024;

/** The `slug` OpenClaw takes from the record: a JSON object's non-empty string, trimmed; undefined when it takes none. */
export function sourceOriginSlug(data: Buffer): string | undefined {
  if (data.length > SOURCE_ORIGIN_MAX_BYTES) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const slug = (parsed as Record<string, unknown>).slug;
  return typeof slug === 'string' && slug.trim() !== '' ? slug.trim() : undefined;
}

/**
 * Refuse a package whose copy of OpenClaw's install record would give the skill another config key
 * than the review shows (its metadata's skillKey, else its name). A record that changes nothing (no
 * slug OpenClaw reads, the skill's own name, or a skillKey that wins over it) is let through: OpenClaw
 * writes one with the skill's name into every skill it installs from git or a folder.
 */
function refuseSourceOrigin(entries: ArchiveEntry[], manifest: Manifest, skill: string): void {
  const hit = entries.find((e) => e.type === 'file' && e.path.toLowerCase() === SOURCE_ORIGIN_FILE);
  if (hit === undefined) return;
  if (manifest.skillKey !== undefined && manifest.openclawBlock !== null) return;
  const slug = sourceOriginSlug(hit.data ?? Buffer.alloc(0));
  const name = manifest.name?.trim();
  if (slug === undefined || (name !== undefined && name !== '' && slug === name)) return;
  throw new SkillpinError(
    'EMANIFEST',
    `${skill}: the package brings ${hit.path}, OpenClaw's record of a git or local install, with the slug ${JSON.stringify(slug)}: OpenClaw would take it as the skill's config key and give the skill the env and apiKey configured under skills.entries[${JSON.stringify(slug)}], which SKILL.md does not declare`,
    {
      skill,
      file: hit.path,
      hint: `Ask the publisher to remove ${hit.path} (OpenClaw writes it when it installs a skill from git or a folder); a skill that needs another config key declares metadata.openclaw.skillKey in SKILL.md, which the review shows.`,
    },
  );
}

/**
 * Find and parse the skill's SKILL.md among archive entries; EMANIFEST when there is none. With
 * `known`, a manifest file of exactly that name and those bytes is not parsed again.
 */
export function manifestOf(entries: ArchiveEntry[], skill: string, known: KnownManifest | null = null): Manifest {
  for (const name of SKILL_FILE_NAMES) {
    const entry = entries.find((e) => e.type === 'file' && e.path === name);
    if (entry?.data) {
      if (known !== null && known.file === name && fileIntegrity(entry.data) === known.integrity) {
        refuseSourceOrigin(entries, known.manifest, skill);
        return known.manifest;
      }
      let manifest: Manifest;
      try {
        manifest = parseSkillManifest(entry.data.toString('utf8'), name);
      } catch (err) {
        if (err instanceof SkillpinError) {
          throw new SkillpinError('EMANIFEST', `${skill}: ${err.message}`, { skill, hint: err.hint ?? 'Fix the SKILL.md frontmatter and republish.' });
        }
        throw err;
      }
      refuseSourceOrigin(entries, manifest, skill);
      return manifest;
    }
  }
  throw new SkillpinError('EMANIFEST', `${skill}: the package has no SKILL.md at its root`, {
    skill,
    hint: 'A skill is a folder with a SKILL.md; this package is not one.',
  });
}

/**
 * A package's SKILL.md must give a description: OpenClaw's loader skips one without ("description
 * is required", after trimming), so there is no skill to review or install, as with no frontmatter
 * at all. Held to a package a person is about to pin (add, update, review, the hook), not to one
 * the lock pins already (install), nor to what is installed (policy, verify): a lock pinned before
 * this rule keeps installing what it pins, as verify keeps passing it.
 */
export function refuseNoDescription(m: Manifest, entries: ArchiveEntry[], skill: string): void {
  if (m.description !== undefined && m.description.trim() !== '') return;
  const file = SKILL_FILE_NAMES.find((n) => entries.some((e) => e.type === 'file' && e.path === n)) ?? 'SKILL.md';
  throw new SkillpinError('EMANIFEST', `${skill}: ${file}: no description: OpenClaw loads no skill without one (its loader skips this file)`, {
    skill,
    hint: 'Add a line "description: <what the skill does>" to the SKILL.md frontmatter (between the two --- lines), or ask the publisher to.',
  });
}
