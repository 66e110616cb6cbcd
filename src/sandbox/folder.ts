// Reading a local skill folder (`skill review ./dir`, OpenClaw's staged folder in the hook) as if
// it were an archive: the same entry rules and limits, and links or special files refused.

import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SkillpinError } from '../errors.js';
import type { ArchiveEntry, SandboxLimits } from '../source/types.js';
import { EntryCollector } from './entries.js';
import { walkInstalled } from './index.js';

/** Read a local folder as if it were an archive: the same entry rules, no links. */
export async function readFolderAsEntries(dir: string, limits: SandboxLimits, skill: string): Promise<ArchiveEntry[]> {
  const st = await lstat(dir).catch(() => null);
  if (!st || !st.isDirectory()) throw new SkillpinError('ENOTFOUND', `${dir} is not a folder`, { hint: 'Pass the path of a skill folder (one that holds SKILL.md).' });
  const collector = new EntryCollector(limits, skill);
  for (const e of await walkInstalled(dir)) {
    if (e.kind === 'symlink' || e.kind === 'other') {
      throw new SkillpinError('ESANDBOX', `${skill}: ${e.path} is a ${e.kind === 'symlink' ? 'symbolic link' : 'special file'}; skills hold only regular files and folders`, { skill, entry: e.path });
    }
    if (e.kind === 'directory') collector.addDirectory(e.path);
    else collector.add(e.path, await readFile(join(dir, e.path)), e.mode);
  }
  return collector.finish();
}

