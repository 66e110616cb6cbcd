// Reading a local skill folder (`skill review ./dir`, OpenClaw's staged folder in the hook) as if
// it were an archive: the same entry rules and limits, and links or special files refused.
//
// The folder may be someone else's to change while it is read (the install-policy hook reads a
// folder OpenClaw staged, or an installed skill the agent can write). So the limits are applied
// while walking, before a byte is read; each file is opened without following a link and without
// blocking on a FIFO, and must still be the regular file the walk saw, of the size it saw.

import { closeSync, fstatSync, lstatSync, openSync, readSync, readdirSync, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { SkillpinError } from '../errors.js';
import { READ_NOFOLLOW, readExactly } from '../fsutil/index.js';
import type { ArchiveEntry, SandboxLimits } from '../source/types.js';
import { EntryCollector } from './entries.js';

function refused(skill: string, path: string, why: string): SkillpinError {
  return new SkillpinError('ESANDBOX', `${skill}: ${path} ${why}`, {
    skill,
    entry: path,
    hint: 'Skills hold only regular files (one link each) and folders, and the folder must not change while skillpin reads it.',
  });
}

/** The bytes of the regular file `abs` that lstat described as `seen`, or ESANDBOX if it is no longer that file. */
function readSameFile(abs: string, rel: string, seen: Stats, skill: string): Buffer {
  let fd: number;
  try {
    fd = openSync(abs, READ_NOFOLLOW);
  } catch (err) {
    // ELOOP: the file was replaced by a symbolic link after the walk saw it.
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw refused(skill, rel, 'became a symbolic link while skillpin read the folder');
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.ino !== seen.ino || st.dev !== seen.dev) throw refused(skill, rel, 'was replaced while skillpin read the folder');
    if (st.nlink > 1) throw refused(skill, rel, `is a hard link (${st.nlink} links); skills hold only regular files`);
    if (st.size !== seen.size) throw refused(skill, rel, 'changed size while skillpin read the folder');
    const data = readExactly(fd, st.size);
    if (data === null) throw refused(skill, rel, 'shrank while skillpin read the folder');
    // One byte more must be the end: a file that grows while it is read is not the file reviewed.
    if (readSync(fd, Buffer.alloc(1), 0, 1, st.size) !== 0) throw refused(skill, rel, 'grew while skillpin read the folder');
    return data;
  } finally {
    closeSync(fd);
  }
}

/** Read a local folder as if it were an archive: the same entry rules, no links. */
export async function readFolderAsEntries(dir: string, limits: SandboxLimits, skill: string): Promise<ArchiveEntry[]> {
  const st = await lstat(dir).catch(() => null);
  if (!st || !st.isDirectory()) {
    const what = !st ? 'does not exist' : st.isSymbolicLink() ? 'is a symbolic link, not a folder (links are not followed)' : 'is not a folder';
    throw new SkillpinError('ENOTFOUND', `${dir} ${what}`, { hint: 'Pass the path of a skill folder (one that holds SKILL.md).' });
  }
  const collector = new EntryCollector(limits, skill);
  // Depth first in name order (the order walkInstalled reports), checking names, counts and sizes
  // entry by entry: a folder of a million files stops at limits.maxFiles, not after a full walk.
  // Synchronous calls: a skill folder is a few dozen entries (see walkInstalled).
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const childAbs = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const est = lstatSync(childAbs);
      if (est.isSymbolicLink()) throw refused(skill, childRel, 'is a symbolic link; skills hold only regular files and folders');
      if (est.isDirectory()) {
        collector.addDirectory(childRel);
        walk(childAbs, childRel);
      } else if (est.isFile()) {
        if (est.nlink > 1) throw refused(skill, childRel, `is a hard link (${est.nlink} links); skills hold only regular files`);
        // Name, count and size are checked before the bytes are read: a 3 GB file is refused, not read.
        const path = collector.reserveFile(childRel, est.size);
        collector.addFile(path, readSameFile(childAbs, childRel, est, skill), est.mode);
      } else {
        throw refused(skill, childRel, 'is a special file; skills hold only regular files and folders');
      }
    }
  };
  walk(dir, '');
  return collector.finish();
}
