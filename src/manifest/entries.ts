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
 * Find and parse the skill's SKILL.md among archive entries; EMANIFEST when there is none. With
 * `known`, a manifest file of exactly that name and those bytes is not parsed again.
 */
export function manifestOf(entries: ArchiveEntry[], skill: string, known: KnownManifest | null = null): Manifest {
  for (const name of SKILL_FILE_NAMES) {
    const entry = entries.find((e) => e.type === 'file' && e.path === name);
    if (entry?.data) {
      if (known !== null && known.file === name && fileIntegrity(entry.data) === known.integrity) return known.manifest;
      try {
        return parseSkillManifest(entry.data.toString('utf8'), name);
      } catch (err) {
        if (err instanceof SkillpinError) {
          throw new SkillpinError('EMANIFEST', `${skill}: ${err.message}`, { skill, hint: err.hint ?? 'Fix the SKILL.md frontmatter and republish.' });
        }
        throw err;
      }
    }
  }
  throw new SkillpinError('EMANIFEST', `${skill}: the package has no SKILL.md at its root`, {
    skill,
    hint: 'A skill is a folder with a SKILL.md; this package is not one.',
  });
}
