// Small file-system primitives every writer shares: atomic replace and stable JSON.

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { trackForCleanup } from '../interrupt/index.js';
import { testWriteFault } from '../testhooks.js';

/**
 * `mkdir -p` for a folder whose place the environment names (HOME, XDG_CONFIG_HOME, SKILL_CACHE):
 * each missing folder made once, top down, so a failure is thrown. Node's own recursive mkdir
 * tries again without end when a folder that exists answers ENOENT for a new child (/proc, /sys:
 * HOME=/proc/none, an unwritable HOME in a CI job), and the run spun at full CPU, deaf to Ctrl-C.
 */
export function makeDirsSync(dir: string, mode = 0o777): void {
  try {
    mkdirSync(dir, { mode });
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw err;
  }
  makeDirsSync(dirname(dir), mode);
  try {
    mkdirSync(dir, { mode });
  } catch (err) {
    // Made meanwhile by another run: a folder there is what was asked for.
    if (!((err as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir).isDirectory())) throw err;
  }
}

/** What an entry is, as a message names it (`a link`, `a FIFO`, …), from its lstat. */
export function entryKind(st: Stats): string {
  return st.isFile() ? 'a file' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isSymbolicLink() ? 'a link' : st.isDirectory() ? 'a folder' : 'a device';
}

/** `child` is `parent` or lies below it (both absolute; no file-system access, links not resolved). */
export function isPathInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * `p` with every link resolved as far as it exists, the missing rest appended as written: what `p`
 * will resolve to once those parts are made, and what a bind mount, which follows links, reaches.
 * Where a folder on the way cannot be read: the error with `strict`, else `p` itself.
 */
export function realPathAheadSync(p: string, opts: { strict?: boolean } = {}): string {
  const missing: string[] = [];
  let at = resolve(p);
  for (;;) {
    try {
      return join(realpathSync.native(at), ...missing.reverse());
    } catch (err) {
      const parent = dirname(at);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) {
        if (opts.strict) throw err;
        return resolve(p);
      }
      missing.push(basename(at));
      at = parent;
    }
  }
}

/**
 * Flags for reading a file that storage others wrote may have swapped (a restored cache): a link is
 * not followed (ELOOP) and a FIFO does not hang the open.
 */
export const READ_NOFOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * The text of `path`, which must be a regular file (a link to one is followed, as readFile does).
 * Opened without blocking and checked on the open descriptor: a FIFO put where the lock or the
 * config goes would otherwise hang the read, and with it `skill verify` in CI, until something
 * wrote to it. Missing: the ENOENT of readFile. Not a regular file: an error with code ENOTREG
 * whose message says what is there ("a FIFO, not a regular file").
 */
export async function readRegularText(path: string): Promise<string> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw Object.assign(new Error(`${kindOf(st)}, not a regular file`), { code: 'ENOTREG', path });
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

/** What a path that is no regular file is, for a message. */
function kindOf(st: Stats): string {
  return st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isSymbolicLink() ? 'a symbolic link' : 'a device';
}

/**
 * The bytes of the regular file at `path`, of at most `maxBytes`, read with synchronous calls and
 * checked on the open descriptor (a FIFO or a device is never waited on, a link is not followed
 * unless `follow`). `missing` when nothing is there; otherwise `problem` says what is there instead
 * (a link, a folder, a FIFO, too many bytes, a file that changed while read). Other errors are thrown.
 * `own`: memory of its own (readExactly).
 */
export function readRegularFileSync(path: string, maxBytes: number, opts: { follow?: boolean; own?: boolean } = {}): Buffer | { missing: true } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, opts.follow ? constants.O_RDONLY | constants.O_NONBLOCK : READ_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    if (code === 'ELOOP') return { problem: 'a symbolic link' };
    if (code === 'EISDIR' || code === 'ENXIO') return { problem: code === 'EISDIR' ? 'a folder' : 'a socket or device' };
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: kindOf(st) };
    if (st.size > maxBytes) return { problem: `${st.size} bytes, more than ${maxBytes}` };
    return readExactly(fd, st.size, opts.own) ?? { problem: 'a file that changed while it was read' };
  } finally {
    closeSync(fd);
  }
}

/** The `size` bytes of the open file `fd` from its start, or null when it holds fewer (it changed while read). */
export function readExactly(fd: number, size: number, own = false): Buffer | null {
  // `own`: memory of its own, never a slice of Node's shared pool, so it can be moved to a worker.
  const data = own ? Buffer.allocUnsafeSlow(size) : Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, data, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === size ? data : null;
}

/**
 * `err` naming `path` when it is a file-system error that names none: write(2) and fsync(2) fail
 * on a descriptor, so a full disk's ENOSPC said only "write failed", not which disk was full.
 */
export function namingPath(err: unknown, path: string): unknown {
  if (err instanceof Error) {
    const e = err as NodeJS.ErrnoException;
    if (typeof e.code === 'string' && typeof e.syscall === 'string' && e.path === undefined) e.path = path;
  }
  return err;
}

/** Recursively sort object keys (arrays keep their order) so output is stable and diffable. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      // defineProperty, not assignment: a "__proto__" key (JSON.parse makes it an own property) must
      // stay a field of the document, not become the prototype and vanish from the output.
      Object.defineProperty(out, key, { value: sortKeysDeep((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** Two-space JSON with sorted keys and a trailing newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}

/**
 * Replace `path` atomically: write a temp file beside it, fsync, rename over, fsync the folder.
 * A crash leaves either the old file or the new one, never a torn write. `mode` defaults to the
 * existing file's mode (or 0o644 for a new file).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Buffer,
  mode?: number,
  hooks: { beforeRename?: () => Promise<void> } = {},
): Promise<void> {
  let fileMode = mode;
  if (fileMode === undefined) {
    try {
      fileMode = (await stat(path)).mode & 0o777;
    } catch {
      fileMode = 0o644;
    }
  }
  const tmp = join(dirname(path), `.${basename(path)}.${tempOwner()}.${randomBytes(4).toString('hex')}.tmp`);
  const untrack = trackForCleanup(tmp);
  const fh = await open(tmp, 'wx', fileMode);
  try {
    testWriteFault(path);
    await fh.writeFile(data);
    await fh.chmod(fileMode);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    untrack();
    throw namingPath(err, path);
  }
  await fh.close();
  try {
    await hooks.beforeRename?.();
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    untrack();
  }
  await fsyncDir(dirname(path));
}

export async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some file systems refuse fsync on folders; the rename is still atomic there.
  }
}

/** True for a temp file `writeFileAtomic` leaves beside `target` when the process dies mid-write. */
export function isAtomicTempOf(name: string, target: string): boolean {
  return name.startsWith(`.${target}.`) && name.endsWith('.tmp');
}

let ownTag: string | undefined;

/**
 * This machine and pid namespace as 8 hex digits (a hash of the host name and, on Linux, the
 * target of /proc/self/ns/pid): a pid names a process only there. A home folder shared with
 * another machine (NFS) or a container (a bind mount, its own pids) holds temp files whose pid
 * is not alive here while their run is; swept by pid alone, a live run's temp file was removed and
 * its rename failed.
 */
function machineTag(): string {
  // No /proc: the host name alone.
  ownTag ??= createHash('sha256').update(`${hostname()}\0${pidNamespace() ?? ''}`).digest('hex').slice(0, 8);
  return ownTag;
}

let ownPidNamespace: string | null | undefined;

/**
 * This process's pid namespace (Linux: the target of /proc/self/ns/pid, `pid:[4026531836]`), or
 * null where that cannot be read. Two containers, or a container and its host, may share a host
 * name (Docker's host networking gives a container the host's) and a home or a workspace, while a
 * pid of one names another process, or none, in the other.
 */
export function pidNamespace(): string | null {
  if (ownPidNamespace === undefined) {
    try {
      ownPidNamespace = readlinkSync('/proc/self/ns/pid');
    } catch {
      ownPidNamespace = null;
    }
  }
  return ownPidNamespace;
}

/** The writer part of skillpin's temp names: `<pid>-<machineTag>`. */
export function tempOwner(): string {
  return `${process.pid}-${machineTag()}`;
}

/**
 * Whether the writer part of a temp name (`<pid>` or `<pid>-<tag>`, tempOwner) names a process of
 * this machine that is gone. A name of another machine's (its tag not this one's) is never judged
 * dead here; a name without a tag (an older skillpin's) is judged by its pid.
 */
export function deadTempOwner(pidText: string, tag: string | undefined): boolean {
  if (tag !== undefined && tag !== machineTag()) return false;
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * True for a temp file a writer of this host left beside `target` whose process is gone: named
 * `.<target>.<pid>[-<tag>].<8 or 12 hex>.tmp` (writeFileAtomic's form; 12 hex digits: skillpin's
 * policy writer before it used writeFileAtomic; the tag, tempOwner's, names the machine). For a
 * folder other programs write in (OpenClaw's), where only such a name is surely skillpin's and a
 * live run's is not swept.
 */
export function isDeadTempOf(name: string, target: string): boolean {
  return isDeadTemp(name, `.${target}.`);
}

/** The same for a temp file named `<prefix><pid>[-<tag>].<8 or 12 hex>.tmp`. */
export function isDeadTemp(name: string, prefix: string): boolean {
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return false;
  const m = /^(\d+)(?:-([0-9a-f]{8}))?\.(?:[0-9a-f]{8}|[0-9a-f]{12})$/.exec(name.slice(prefix.length, -'.tmp'.length));
  return m !== null && deadTempOwner(m[1] as string, m[2]);
}
