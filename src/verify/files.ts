// Checks 2 and 3 for one skill: its folder is there, and it holds exactly the locked files, byte
// for byte (streamed sha512, each file read once), with no link, no special file, no odd mode.

import { createHash, hash as digestOf, type Hash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, read, readSync, readdirSync, readlinkSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import { sep } from 'node:path';
import { promisify } from 'node:util';
import ssri from 'ssri';
import { foldersOf, isNormalFileMode, isNormalFolderMode } from '../sandbox/modes.js';
import { fail, pass, type CheckResult } from './types.js';

/** Size of the read buffer each worker owns; peak memory is this times the concurrency. */
export const READ_CHUNK = 256 * 1024;
/**
 * Files up to this size are read with synchronous calls. Skills are many small files, and each
 * asynchronous fs call is a thread-pool round trip: measured on 20,000 files of ~3 KB, open + fstat +
 * read + close through fs/promises cost about 4x the CPU of the sha512 itself, synchronous calls
 * about the same as `sha512sum`. Larger files are read asynchronously, chunk by chunk, so no single
 * file blocks the event loop (and --online requests) for long.
 */
export const SYNC_READ_MAX = 1024 * 1024;

const readAsync = promisify(read);

// O_NONBLOCK: a FIFO swapped in after readdir must not hang the open. O_NOFOLLOW: nor a link.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export interface TreeCheck {
  checks: CheckResult[];
  files: number;
  bytes: number;
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

function modeProblem(mode: number, kind: 'file' | 'folder'): string | null {
  if (kind === 'file' ? isNormalFileMode(mode) : isNormalFolderMode(mode)) return null;
  const special = [mode & 0o4000 ? 'setuid' : '', mode & 0o2000 ? 'setgid' : '', mode & 0o1000 ? 'sticky' : ''].filter(Boolean);
  const why = special.length ? ` (${special.join(', ')})` : (mode & 0o022) !== 0 ? ' (writable by group or others)' : '';
  return `mode ${octal(mode)}${why} is not a normalised ${kind} mode (${kind === 'file' ? '0644 or 0755' : '0755 at most'})`;
}

function sameIntegrity(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const want = ssri.parse(expected);
  const digest = actual.slice('sha512-'.length);
  return Boolean(want?.sha512?.some((h) => h.digest === digest));
}

interface Hashed {
  integrity: string;
  bytes: number;
}

/**
 * The sha512 integrity of the file open at `fd` (`size` as fstat gave it, at most SYNC_READ_MAX),
 * read through `buf` with synchronous calls, and its byte count. A file that fits in one read, as
 * nearly every skill file does, is hashed in one call: a Hash object per file cost more than the
 * hashing of a ~3 KB file itself. Nothing else runs between a read into `buf` and its hashing.
 */
function hashFdSync(fd: number, buf: Buffer, size: number): Hashed {
  let hash: Hash | undefined;
  let total = 0;
  for (;;) {
    const bytesRead = readSync(fd, buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    // A short read that reached the size fstat gave is the end of a regular file: skip the extra
    // read call that would only return 0 (a quarter of the calls for small files).
    const last = bytesRead < buf.length && total + bytesRead >= size;
    if (last && hash === undefined) return { integrity: `sha512-${digestOf('sha512', buf.subarray(0, bytesRead), 'base64')}`, bytes: bytesRead };
    (hash ??= createHash('sha512')).update(buf.subarray(0, bytesRead));
    total += bytesRead;
    if (last) break;
  }
  return { integrity: `sha512-${(hash ?? createHash('sha512')).digest('base64')}`, bytes: total };
}

/** The same for a file larger than SYNC_READ_MAX: chunk by chunk through the thread pool, to EOF. */
async function hashFdAsync(fd: number, buf: Buffer): Promise<Hashed> {
  const hash = createHash('sha512');
  let total = 0;
  for (;;) {
    const { bytesRead } = await readAsync(fd, buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    total += bytesRead;
  }
  return { integrity: `sha512-${hash.digest('base64')}`, bytes: total };
}

/**
 * Compare the folder `dir` (shown as `shownDir`, workspace-relative) with the lock's file map.
 * `buf` is the caller's read buffer (one per worker, so memory stays flat). With `expected` null
 * (an entry without file hashes) only the folder's presence is checked.
 */
export async function checkInstalledTree(dir: string, shownDir: string, expected: Record<string, string> | null, buf: Buffer): Promise<TreeCheck> {
  const out: TreeCheck = { checks: [], files: 0, bytes: 0 };
  const tampered = (detail: string, file: string, facts?: Record<string, unknown>, hint?: string) =>
    out.checks.push(
      fail('files', 'ETAMPERED', detail, {
        file: file === '' ? shownDir : `${shownDir}/${file}`,
        hint: hint ?? 'The sandbox differs from the lock. Find out who changed it, then restore it with `skill install --frozen`.',
        ...(facts ? { facts } : {}),
      }),
    );

  let root;
  try {
    // Synchronous, as the reads below: an fs/promises call per skill was a thread-pool round trip
    // each, ~8% of a verify of 1,000 skills.
    root = lstatSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      out.checks.push(fail('installed', 'ETAMPERED', `${shownDir} is missing: the skill is locked but not installed`, { file: shownDir, hint: 'Run `skill install --frozen` to install exactly what the lock pins.' }));
    } else {
      out.checks.push(fail('installed', 'ETAMPERED', `${shownDir} cannot be read (${code ?? (err as Error).message})`, { file: shownDir }));
    }
    return out;
  }
  if (root.isSymbolicLink() || !root.isDirectory()) {
    const what = root.isSymbolicLink() ? `a symbolic link to ${await readlink(dir).catch(() => '?')}` : 'not a folder';
    out.checks.push(fail('installed', 'ETAMPERED', `${shownDir} is ${what}; the sandbox holds only real folders`, { file: shownDir, hint: 'Remove it, then run `skill install --frozen`.' }));
    return out;
  }
  out.checks.push(pass('installed', `${shownDir} is installed`, { file: shownDir }));
  // Without file hashes (an unpinned entry) there is nothing to compare the contents with.
  if (expected === null) return out;

  const rootMode = modeProblem(root.mode & 0o7777, 'folder');
  if (rootMode) tampered(`the skill folder's ${rootMode}`, '', { mode: octal(root.mode & 0o7777) });

  const locked = expected;
  // Own keys only: a file named `constructor` must not match Object.prototype.
  const isLocked = (p: string) => Object.hasOwn(locked, p);
  // Folders that must exist because a locked file lives under them.
  const lockedDirs = foldersOf(Object.keys(locked));
  const seen = new Set<string>();

  const walk = async (abs: string, rel: string): Promise<void> => {
    let dirents;
    try {
      dirents = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      tampered(`folder cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, rel);
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const p = rel ? `${rel}/${d.name}` : d.name;
      // Names from readdir hold no separator and `abs` is already normal: a concatenation, not
      // path.join's normalisation (~35 ms of CPU per 20,000 files).
      const childAbs = `${abs}${sep}${d.name}`;
      if (d.isSymbolicLink()) {
        seen.add(p);
        let target = '?';
        try {
          target = readlinkSync(childAbs);
        } catch {
          // vanished or unreadable: the link itself is the finding
        }
        tampered(`${p} is a symbolic link to ${target}${isLocked(p) ? '; the lock pins a regular file here' : ''}`, p, { target });
      } else if (d.isDirectory()) {
        if (isLocked(p)) {
          seen.add(p);
          tampered(`${p} is a folder; the lock pins a regular file here`, p);
          continue;
        }
        if (!lockedDirs.has(p)) {
          tampered(`extra folder ${p}: the lock pins no file under it`, p);
          continue;
        }
        try {
          const problem = modeProblem(lstatSync(childAbs).mode & 0o7777, 'folder');
          if (problem) tampered(`folder ${p}: ${problem}`, p);
        } catch (err) {
          tampered(`folder ${p} cannot be read (${(err as NodeJS.ErrnoException).code})`, p);
        }
        await walk(childAbs, p);
      } else if (d.isFile()) {
        if (!isLocked(p)) {
          tampered(`extra file ${p}: the lock pins no such file`, p);
          continue;
        }
        seen.add(p);
        // A file of up to SYNC_READ_MAX (nearly all of them) is checked without a promise: with
        // an await per file, checking 1,000 folders took 8-12% longer once compiled (in-process).
        const large = checkFile(childAbs, p, locked[p] as string);
        if (large !== undefined) await large;
      } else {
        seen.add(p);
        tampered(`${p} is a special file (device, FIFO or socket)`, p);
      }
    }
  };

  const hashed = (p: string, want: string, { integrity, bytes }: Hashed): void => {
    out.files += 1;
    out.bytes += bytes;
    if (!sameIntegrity(want, integrity)) {
      tampered(`${p}: content differs from the lock (sha512 mismatch)`, p, { expected: want, found: integrity });
    }
  };
  const unreadable = (p: string, err: unknown): void => {
    tampered(`${p} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, p);
  };
  /** Check one file; returns a promise only for a file larger than SYNC_READ_MAX. */
  const checkFile = (abs: string, p: string, want: string): Promise<void> | undefined => {
    let fd: number;
    try {
      fd = openSync(abs, OPEN_FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') tampered(`${p} became a symbolic link while it was checked`, p);
      else unreadable(p, err);
      return undefined;
    }
    let large: Promise<void> | undefined;
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) {
        tampered(`${p} is not a regular file`, p);
        return undefined;
      }
      const problem = modeProblem(st.mode & 0o7777, 'file');
      if (problem) tampered(`${p}: ${problem}`, p, { mode: octal(st.mode & 0o7777) });
      // A second name for the file's bytes, inside the sandbox or outside it: whoever holds that
      // name can change the installed file without touching the sandbox. skillpin never writes one.
      if (st.nlink > 1) tampered(`${p} has ${st.nlink} hard links: another path shares its bytes`, p, { links: st.nlink });
      if (st.size <= SYNC_READ_MAX) {
        hashed(p, want, hashFdSync(fd, buf, st.size));
      } else {
        // Read through the thread pool; this descriptor closes when those reads are done.
        large = hashFdAsync(fd, buf)
          .then(
            (h) => hashed(p, want, h),
            (err: unknown) => unreadable(p, err),
          )
          .finally(() => closeSync(fd));
      }
    } catch (err) {
      unreadable(p, err);
    } finally {
      if (large === undefined) closeSync(fd);
    }
    return large;
  };

  await walk(dir, '');
  for (const p of Object.keys(locked).sort()) {
    if (!seen.has(p)) tampered(`${p} is missing: the lock pins it`, p);
  }
  if (!out.checks.some((c) => c.check === 'files')) {
    out.checks.push(pass('files', `${out.files} ${out.files === 1 ? 'file matches' : 'files match'} the lock (sha512), no links, modes normalised`, { file: shownDir }));
  }
  return out;
}
