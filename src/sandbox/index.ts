// The sandbox volume: the only place skills are written. Entries are written into a staging folder
// inside the sandbox root and swapped in by rename once every check passed (DESIGN §3.7).

import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, rename, rm } from 'node:fs/promises';
import { closeSync, fchmodSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { SkillpinError } from '../errors.js';
import { fsyncDir } from '../fsutil/index.js';
import { fileIntegrity, hashFile, hashSmallFileSync } from '../integrity/index.js';
import { trackForCleanup } from '../interrupt/index.js';
import { testPoint } from '../testhooks.js';
import type { ArchiveEntry } from '../source/types.js';

/** Installed files up to this size are hashed with synchronous reads in folderMatches. */
const SYNC_HASH_MAX = 1024 * 1024;

export { checkEntryPath, foldKey } from './paths.js';
export { EntryCollector, normaliseMode } from './entries.js';
export { readFolderAsEntries } from './folder.js';

const STAGING_PREFIX = '.skillpin-staging-';
const TRASH_PREFIX = '.skillpin-old-';

export interface SandboxContext {
  /** Absolute sandbox root. */
  root: string;
  /** Absolute `.clawhub` folder of the workspace (the sandbox must never reach into it). */
  clawhubDir: string;
}

export interface StagedSkill {
  dir: string;
  /** `{path: sha512 SRI}` of every file written. */
  files: Record<string, string>;
  /** Stop removing `dir` on Ctrl-C (once it has been renamed into place or handed to a journal). */
  untrack: () => void;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/**
 * Make sure the sandbox root exists, is a real folder (not a symlink) and does not resolve into the
 * workspace's `.clawhub` (the agent must not be able to rewrite its own pins).
 */
export async function prepareSandboxRoot(ctx: SandboxContext, create = true): Promise<void> {
  try {
    const st = await lstat(ctx.root);
    if (st.isSymbolicLink()) {
      throw new SkillpinError('ESANDBOX', `sandbox root ${ctx.root} is a symbolic link`, {
        path: ctx.root,
        hint: 'Point "sandbox" in .clawhub/config.json at the real folder that is mounted into the agent sandbox.',
      });
    }
    if (!st.isDirectory()) throw new SkillpinError('ESANDBOX', `sandbox root ${ctx.root} is not a folder`, { path: ctx.root });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (!create) return;
    await mkdir(ctx.root, { recursive: true, mode: 0o755 });
  }
  const realRoot = await realpath(ctx.root);
  let realClawhub = ctx.clawhubDir;
  try {
    realClawhub = await realpath(ctx.clawhubDir);
  } catch {
    // .clawhub may not exist yet; compare the plain path then.
  }
  if (isInside(realRoot, realClawhub) || isInside(realClawhub, realRoot)) {
    throw new SkillpinError('ESANDBOX', `sandbox root ${ctx.root} overlaps the workspace's .clawhub folder`, {
      path: ctx.root,
      hint: 'The lock must live outside the sandbox so the agent cannot rewrite its own pins; choose another "sandbox" folder.',
    });
  }
}

/**
 * Write checked entries into a fresh staging folder inside the sandbox root. The root is checked
 * first (prepareSandboxRoot) unless `opts.rootChecked`: a run that stages many skills checks it once.
 */
export async function stageEntries(ctx: SandboxContext, entries: ArchiveEntry[], opts: { rootChecked?: boolean } = {}): Promise<StagedSkill> {
  if (!opts.rootChecked) await prepareSandboxRoot(ctx);
  const dir = join(ctx.root, `${STAGING_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  const untrack = trackForCleanup(dir);
  mkdirSync(dir, { mode: 0o755 });
  const files: Record<string, string> = {};
  const half = Math.floor(entries.length / 2);
  // Folders made so far: one mkdir per folder, not one per file.
  const made = new Set<string>([dir]);
  const makeDir = (d: string): void => {
    if (made.has(d)) return;
    mkdirSync(d, { recursive: true, mode: 0o755 });
    for (let p = d; p !== dir && !made.has(p); p = dirname(p)) made.add(p);
  };
  try {
    for (const [i, entry] of entries.entries()) {
      if (i === half) await testPoint('mid-extract');
      const target = join(dir, ...entry.path.split('/'));
      if (!isInside(target, dir) || target === dir) {
        throw new SkillpinError('ESANDBOX', `entry ${entry.path} resolves outside the staging folder`, { entry: entry.path });
      }
      if (entry.type === 'directory') {
        makeDir(target);
        continue;
      }
      const data = entry.data ?? Buffer.alloc(0);
      makeDir(dirname(target));
      // Synchronous calls: skill files are small, and four awaited thread-pool round trips per
      // file cost more than the writes. 'wx' creates a new file and fails on anything already
      // there (a link included); the chmod undoes the umask.
      const fd = openSync(target, 'wx', entry.mode);
      try {
        writeFileSync(fd, data);
        fchmodSync(fd, entry.mode);
      } finally {
        closeSync(fd);
      }
      files[entry.path] = fileIntegrity(data);
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    untrack();
    throw err;
  }
  return { dir, files, untrack };
}

/** A fresh name for moving an installed folder aside (removed by the stale sweep if left behind). */
export function trashPath(ctx: SandboxContext): string {
  return join(ctx.root, `${TRASH_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
}

/**
 * Swap the staged folder in as `<root>/<folder>`. The old version stays in place until the new one
 * is complete; the rename pair is the only window. The old folder goes to `opts.trash` (a journal
 * names it beforehand so a crash in the window can be rolled back) and is removed here unless
 * `opts.keepTrash` (the caller removes it once the lock is written). Returns whether an old folder
 * was moved aside.
 */
export async function commitStaged(ctx: SandboxContext, staged: StagedSkill, folder: string, opts: { trash?: string; keepTrash?: boolean; fsync?: boolean } = {}): Promise<boolean> {
  const target = join(ctx.root, folder);
  let trash: string | null = null;
  // Synchronous metadata calls: a first install (no folder yet) costs no exception, and each
  // awaited call would be a thread-pool round trip per skill.
  const st = lstatSync(target, { throwIfNoEntry: false });
  if (st && (st.isSymbolicLink() || !st.isDirectory())) {
    await rm(target, { force: true });
  } else if (st) {
    trash = opts.trash ?? trashPath(ctx);
    try {
      renameSync(target, trash);
    } catch (err) {
      // Gone since the lstat: nothing to move aside.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      trash = null;
    }
  }
  await testPoint('mid-swap');
  renameSync(staged.dir, target);
  staged.untrack();
  if (opts.fsync !== false) await fsyncDir(ctx.root);
  if (trash && !opts.keepTrash) await rm(trash, { recursive: true, force: true });
  return trash !== null;
}

export async function discardStaged(staged: StagedSkill | null | undefined): Promise<void> {
  if (!staged) return;
  await rm(staged.dir, { recursive: true, force: true });
  staged.untrack();
}

/** Remove an installed skill folder (moved aside first, so a half-deleted folder is never visible). */
export async function removeSkillFolder(ctx: SandboxContext, folder: string, trashAt?: string): Promise<boolean> {
  const target = join(ctx.root, folder);
  try {
    await lstat(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const trash = trashAt ?? trashPath(ctx);
  await rename(target, trash);
  await fsyncDir(ctx.root);
  await rm(trash, { recursive: true, force: true });
  return true;
}

/** Remove staging and trash folders left by interrupted runs. Returns what was removed. */
export async function cleanStaleStaging(ctx: SandboxContext): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(ctx.root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (name.startsWith(STAGING_PREFIX) || name.startsWith(TRASH_PREFIX)) {
      await rm(join(ctx.root, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** True for the sandbox's own bookkeeping folders (never reported as unmanaged skills). */
export function isInternalName(name: string): boolean {
  return name.startsWith(STAGING_PREFIX) || name.startsWith(TRASH_PREFIX);
}

export interface InstalledEntry {
  path: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  mode: number;
  size: number;
}

/** Walk an installed skill folder without following links (verify and adopt read this). */
export async function walkInstalled(dir: string): Promise<InstalledEntry[]> {
  const out: InstalledEntry[] = [];
  // Synchronous calls: a skill folder is a few dozen entries, and an awaited thread-pool round
  // trip per entry cost a no-op install of 1,000 skills more than its hashing.
  function walk(abs: string, rel: string): void {
    const names = readdirSync(abs).sort();
    for (const name of names) {
      const childAbs = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const st = lstatSync(childAbs);
      const kind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
      out.push({ path: childRel, kind, mode: st.mode & 0o7777, size: st.size });
      if (kind === 'directory') walk(childAbs, childRel);
    }
  }
  walk(dir, '');
  return out;
}

/** True when `dir` holds exactly `files` (paths and sha512), only regular files with normalised modes. */
export async function folderMatches(dir: string, files: Record<string, string>): Promise<boolean> {
  // A folder not installed yet (every skill of a fresh install) is answered without an exception.
  if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return false;
  let entries;
  try {
    entries = await walkInstalled(dir);
  } catch {
    return false;
  }
  const seen = entries.filter((e) => e.kind === 'file');
  if (entries.some((e) => e.kind === 'symlink' || e.kind === 'other')) return false;
  if (seen.length !== Object.keys(files).length) return false;
  for (const e of seen) {
    const want = files[e.path];
    if (!want) return false;
    if (e.mode !== 0o644 && e.mode !== 0o755) return false;
    // Skill files are small: hash them synchronously (a quarter of the CPU of a read stream each).
    const abs = join(dir, e.path);
    const integrity = e.size <= SYNC_HASH_MAX ? hashSmallFileSync(abs)?.integrity : (await hashFile(abs)).integrity;
    if (integrity !== want) return false;
  }
  return true;
}
