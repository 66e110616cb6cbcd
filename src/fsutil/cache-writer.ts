// Whole-file writes into a cache folder that may have been restored from storage others wrote (a
// CI cache): the verdict store's entries and the download cache's tarballs.

import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, isAbsolute, sep } from 'node:path';
import { makeDirsSync, tempOwner } from './index.js';
import { recordUnwritableCache } from './notices.js';

export interface CacheModes {
  /** Mode of a new file (under the umask). */
  file: number;
  /** Mode of a new folder (under the umask). */
  folder: number;
  /** What a run does again when this cache could not be written ("downloads again"), for the note. */
  redo: string;
}

/**
 * Writes each file through a temporary name beside it and a rename, so a reader sees the old file
 * or the new one, never part of one; whatever was at the name (a link, a FIFO) is replaced, not
 * written through. Only through real folders from `root` down: a restored cache may hold a link
 * in place of a folder, so the folders from the root to a file's folder are made one at a time,
 * each checked to be a folder and not a link before anything is made in it. (The folder holding
 * the root is the user's choice and may be reached through links.) Each is checked once per run;
 * should a write fail later (a folder was removed meanwhile), the path is made and checked again,
 * once.
 *
 * The check is for links planted before the run; a link swapped in while a run writes is no more
 * covered than in the moment between a check and a write. Best-effort: `write` answers false on
 * any failure, throws nothing and leaves no temporary file. Synchronous: no other code of this
 * process runs between the write and the rename, so Ctrl-C cannot leave one behind either.
 */
export class CacheWriter {
  /** Folders this run made or found to be real folders. */
  private readonly folders = new Set<string>();
  /** Temporary names: this process's id, a random tag drawn once, a counter. */
  private readonly tmpTag = `${tempOwner()}.${randomBytes(4).toString('hex')}`;
  private tmpCount = 0;

  constructor(
    readonly root: string,
    private readonly modes: CacheModes,
  ) {}

  write(file: string, data: string | Uint8Array): boolean {
    const folder = dirname(file);
    if (this.folders.has(folder)) {
      if (this.writeIn(folder, file, data)) return true;
      this.folders.clear();
    }
    if (this.makeFolders(folder) && this.writeIn(folder, file, data)) return true;
    // Said once at the end of the run (the CLI): a cache that cannot be written (a HOME under
    // /proc, a read-only one) costs a download every run, and nothing else would say why.
    recordUnwritableCache(this.root, this.problem ?? 'a folder on the way is not a real folder', this.modes.redo);
    return false;
  }

  /** Why the last write failed, when an error said. */
  private problem: string | null = null;

  private failed(err: unknown): void {
    const e = err as NodeJS.ErrnoException;
    this.problem = typeof e?.code === 'string' ? `${e.syscall ?? 'write'} ${e.path ?? ''}: ${e.code}`.replace(' : ', ': ') : String((err as Error)?.message ?? err);
  }

  /** Make `folder` and the folders above it up to the root, one at a time, each a real folder. */
  private makeFolders(folder: string): boolean {
    const rel = relative(this.root, folder);
    if (rel.startsWith('..') || isAbsolute(rel)) return false;
    try {
      // The folder holding the root, once per run (every later folder starts from a checked root).
      if (!this.folders.has(this.root)) makeDirsSync(dirname(this.root), this.modes.folder);
      let d = this.root;
      for (const part of ['', ...(rel === '' ? [] : rel.split(sep))]) {
        d = join(d, part);
        if (this.folders.has(d)) continue;
        let st = lstatSync(d, { throwIfNoEntry: false });
        if (st === undefined) {
          try {
            mkdirSync(d, { mode: this.modes.folder });
            // Made here, so a real folder (mkdir makes nothing through a link at its name): no
            // second lstat. A cold install makes ~1,250 of these for its tarballs.
            this.folders.add(d);
            continue;
          } catch (err) {
            // Another process made it first: check what it made.
            if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
          }
          st = lstatSync(d);
        }
        if (!st.isDirectory()) return false;
        this.folders.add(d);
      }
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    }
  }

  private writeIn(folder: string, file: string, data: string | Uint8Array): boolean {
    const tmp = join(folder, `${basename(file)}.${this.tmpTag}.${this.tmpCount++}.tmp`);
    try {
      const fd = openSync(tmp, 'wx', this.modes.file);
      try {
        const written = typeof data === 'string' ? writeSync(fd, data) : writeSync(fd, data, 0, data.byteLength);
        if (written !== (typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength)) throw new Error('short write');
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
      return true;
    } catch (err) {
      this.failed(err);
      rmSync(tmp, { force: true });
      return false;
    }
  }
}
