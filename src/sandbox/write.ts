// Writing checked entries into a staging folder that already exists, on the main thread or on a
// worker thread (install --frozen hands the writes of many skills to its check pool). What is
// written where is decided by the caller (stageEntries): the staging folder, made and tracked for
// Ctrl-C by the main thread, and entries that passed the archive rules.

import { closeSync, fchmodSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { SkillpinError } from '../errors.js';
import { namingPath } from '../fsutil/index.js';
import { testWriteFault } from '../testhooks.js';
import type { ArchiveEntry } from '../source/types.js';
import { checkEntryPath, refuseGitDirShape, refuseGitEntry } from './paths.js';

/**
 * Write `entries` under `dir`. Each name is checked again where its bytes land, as a string rule
 * (no "..", ".", empty segment, absolute path, NUL or backslash; checkEntryPath) rather than by
 * resolving each path: a name that passes stays under `dir`. (path.join and path.relative per
 * file were ~0.15 s of CPU in a warm install of 1,000 skills.)
 *
 * Folders are made one level at a time below `dir`, never `dir` itself: if the staging folder is
 * removed meanwhile (Ctrl-C), every later write fails instead of making it again. `stopped` is
 * asked before each file (a worker's view of Ctrl-C); `half` runs once, halfway (a test point).
 */
export async function writeEntries(dir: string, entries: readonly ArchiveEntry[], opts: { stopped?: () => boolean; half?: () => Promise<void> } = {}): Promise<void> {
  const at = (rel: string): string => (sep === '/' ? `${dir}/${rel}` : join(dir, ...rel.split('/')));
  // Folders made so far: one mkdir per folder, not one per file.
  const made = new Set<string>();
  const makeDir = (rel: string): void => {
    if (made.has(rel)) return;
    const slash = rel.lastIndexOf('/');
    if (slash > 0) makeDir(rel.slice(0, slash));
    mkdirSync(at(rel), { mode: 0o755 });
    made.add(rel);
  };
  // The readers refuse these before the review; checked again where the bytes land (a cached tree).
  for (const entry of entries) refuseGitEntry(entry.path);
  refuseGitDirShape(entries);
  const half = Math.floor(entries.length / 2);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as ArchiveEntry;
    if (i === half && opts.half) await opts.half();
    if (opts.stopped?.()) throw new SkillpinError('EINTERRUPTED', 'interrupted while writing a staging folder; nothing was installed');
    const rel = checkEntryPath(entry.path);
    if (entry.type === 'directory') {
      makeDir(rel);
      continue;
    }
    const slash = rel.lastIndexOf('/');
    if (slash > 0) makeDir(rel.slice(0, slash));
    // Synchronous calls: skill files are small, and four awaited thread-pool round trips per
    // file cost more than the writes. 'wx' creates a new file and fails on anything already
    // there (a link included); the chmod undoes the umask.
    const path = at(rel);
    const fd = openSync(path, 'wx', entry.mode);
    try {
      testWriteFault(path);
      writeFileSync(fd, entry.data ?? Buffer.alloc(0));
      fchmodSync(fd, entry.mode);
    } catch (err) {
      throw namingPath(err, path);
    } finally {
      closeSync(fd);
    }
  }
}
