// The sandbox volume: the only place skills are written. Entries are written into a staging folder
// inside the sandbox root and swapped in by rename once every check passed (DESIGN §3.7).

import { randomBytes } from 'node:crypto';
import { link, lstat, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { holdsLock, nearestWorkspace } from '../config/index.js';
import { SkillpinError } from '../errors.js';
import { fsyncDir, isPathInside, makeDirsSync, readRegularFileSync, realPathAheadSync } from '../fsutil/index.js';
import { oneLine } from '../ui/index.js';
import { fileIntegrity, hashFile, hashSmallFileSync } from '../integrity/index.js';
import { trackForCleanup } from '../interrupt/index.js';
import { testPoint, testRenameFault } from '../testhooks.js';
import type { ArchiveEntry } from '../source/types.js';
import { foldersOf, isNormalFileMode, isNormalFolderMode } from './modes.js';
import { checkEntryPath, foldKey } from './paths.js';
import { writeEntries } from './write.js';

/** Installed files up to this size are hashed with synchronous reads in folderMatches. */
const SYNC_HASH_MAX = 1024 * 1024;

export { checkEntryPath, foldKey } from './paths.js';
export { isNormalFileMode, isNormalFolderMode } from './modes.js';
export { EntryCollector, normaliseMode } from './entries.js';
export { readFolderAsEntries } from './folder.js';

const STAGING_PREFIX = '.skillpin-staging-';
const TRASH_PREFIX = '.skillpin-old-';
/** The record, in a sandbox outside its workspace, of the workspace whose lock pins its skills. */
export const OWNER_MARK = '.skillpin-workspace';

/** This process's tag for the folders it makes in the sandbox: drawn once, then a counter. */
let processTag: string | null = null;
let namesMade = 0;

/**
 * A name no other folder of the sandbox has: the prefix, the pid, six random bytes drawn once per
 * process (a recycled pid does not meet an old name) and a counter. Drawing fresh random bytes for
 * each skill cost ~24 ms per 1,000 in a warm install.
 */
function freshName(prefix: string): string {
  processTag ??= `${process.pid}-${randomBytes(6).toString('hex')}`;
  return `${prefix}${processTag}-${(namesMade++).toString(36)}`;
}

export interface SandboxContext {
  /** Absolute sandbox root. */
  root: string;
  /** Absolute `.clawhub` folder of the workspace (the sandbox must never reach into it). */
  clawhubDir: string;
  /**
   * The workspace, when the root came from `.clawhub/config.json` (or the default) and not from
   * `--sandbox`: the root must then lie inside it, links resolved (assertInsideWorkspace).
   */
  confinedTo?: string;
  /**
   * The workspace, when the root came from `--sandbox` or `SKILL_SANDBOX`: a root outside it is
   * claimed for it (OWNER_MARK), and one another workspace claims is refused (checkOwner).
   */
  claimFor?: string;
  /**
   * The trust files the config names (`trust.trustedRoots`, `trust.registryKeys`), absolute: none
   * may lie in the sandbox, where the agent writes (assertOutsideClawhub).
   */
  trustFiles?: Array<{ key: 'trustedRoots' | 'registryKeys'; file: string }>;
}

export interface StagedSkill {
  dir: string;
  /** `{path: sha512 SRI}` of every file written. */
  files: Record<string, string>;
  /** Stop removing `dir` on Ctrl-C (once it has been renamed into place or handed to a journal). */
  untrack: () => void;
}

/**
 * Make sure the sandbox root is a real folder (not a symlink) that does not resolve into the
 * workspace's `.clawhub` (the agent must not be able to rewrite its own pins) nor into a `.git`
 * folder (assertOutsideGit), and, with `create`, that it exists. Every check runs before the
 * folder is made, so a refused root is not created.
 * Returns whether the root existed before the call.
 */
export async function prepareSandboxRoot(ctx: SandboxContext, create = true): Promise<boolean> {
  let exists = true;
  try {
    const st = await lstat(ctx.root);
    if (st.isSymbolicLink()) {
      throw new SkillpinError('ESANDBOX', `sandbox root ${ctx.root} is a symbolic link`, {
        path: ctx.root,
        hint: 'Point "sandbox" in .clawhub/config.json at the real folder that is mounted into the agent sandbox.',
      });
    }
    if (!st.isDirectory()) throw new SkillpinError('ESANDBOX', `sandbox root ${ctx.root} is not a folder`, { path: ctx.root, hint: 'Point --sandbox (or "sandbox" in .clawhub/config.json) at a folder, or move that file aside.' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    exists = false;
  }
  // Each check judges the root with its links resolved: resolved once.
  const realRoot = realPathAheadSync(ctx.root, { strict: true });
  await assertOutsideClawhub(ctx, realRoot);
  assertInsideWorkspace(ctx, realRoot);
  await assertOutsideGit(ctx, realRoot);
  // The workspace claiming a root outside it (--sandbox, SKILL_SANDBOX), links resolved; null for
  // a root inside it or from the config, which no other workspace can name.
  const claimant = ctx.claimFor === undefined ? null : realPathAheadSync(ctx.claimFor, { strict: true });
  const outside = claimant !== null && !isPathInside(realRoot, claimant) ? claimant : null;
  if (outside !== null) assertInNoOtherWorkspace(ctx, realRoot, outside);
  // One level at a time: Node's recursive mkdir retries without end under /proc (SKILL_SANDBOX=/proc/…).
  if (!exists && create) makeDirsSync(ctx.root, 0o755);
  if (outside !== null && (exists || create)) await checkOwner(ctx, outside, create);
  return exists;
}

/**
 * A sandbox outside its workspace (named by --sandbox or SKILL_SANDBOX) may be named by another
 * workspace too: SKILL_SANDBOX exported in a shell profile applies to every workspace that shell
 * works in. Two workspaces in one sandbox replace each other's skills, sweep each other's staging
 * folders mid-install, and each agent loads skills the other pinned. So a run that writes skills
 * there records its workspace in OWNER_MARK, and every command of another workspace whose lock
 * still exists refuses the sandbox (ESANDBOX) before it reads, sweeps or writes anything. A record
 * naming a workspace with no lock any more (moved or deleted) is replaced by the next run that
 * writes. A root inside the workspace is no other workspace's to name, and carries no record: it
 * may be committed, and an absolute path would not hold in another checkout: the caller passes
 * only a root outside `realWorkspace` (the claimant, links resolved).
 */
async function checkOwner(ctx: SandboxContext, realWorkspace: string, claim: boolean, raced = false): Promise<void> {
  const path = join(ctx.root, OWNER_MARK);
  const read = readRegularFileSync(path, 64 * 1024);
  let owner: string | null = null;
  if (!('missing' in read)) {
    owner = 'problem' in read ? null : ownerIn(read);
    if (owner === null) {
      throw new SkillpinError('ESANDBOX', `${path} is not the record skillpin keeps of the workspace that uses this sandbox (${'problem' in read ? read.problem : 'no workspace path in it'})`, {
        path,
        hint: `skillpin writes a small JSON file there; something else is in its place. Inspect it and remove it (rm -r ${path}); the next run that installs claims the sandbox again.`,
      });
    }
    if (owner === realWorkspace) return;
    // A record another run wrote while this one claimed (`raced`) is that run's, lock or not yet.
    if (raced || holdsLock(owner)) {
      // Shown one line: the path is the record's, and a folder's name may hold a line break.
      const shown = oneLine(owner);
      throw new SkillpinError('ESANDBOX', `sandbox root ${ctx.root} is the sandbox of the workspace ${shown}, not of ${realWorkspace}: two workspaces in one sandbox replace each other's skills, and each agent loads the skills the other pinned`, {
        path: ctx.root,
        hint: `Give this workspace a sandbox of its own (--sandbox DIR or SKILL_SANDBOX=DIR; unset SKILL_SANDBOX to use the one .clawhub/config.json names, by default skills/ inside the workspace). If ${shown} no longer uses this folder, remove ${path} and run again.`,
      });
    }
  }
  if (!claim) return;
  const record = `${JSON.stringify({ skillpin: 'the workspace whose .clawhub/lock.json pins the skills in this sandbox', workspace: realWorkspace }, null, 2)}\n`;
  // Written whole beside it first, then linked into place (never renamed over one): two runs
  // claiming at once cannot both win, and a killed run leaves a staging name the next run sweeps,
  // never a torn record. The loser is refused: the winner's workspace may have no lock yet.
  const tmp = join(ctx.root, freshName(STAGING_PREFIX));
  const untrack = trackForCleanup(tmp);
  try {
    await writeFile(tmp, record, { flag: 'wx', mode: 0o644 });
    if (owner !== null && !(await setAsideStale(ctx.root, path, owner))) return await checkOwner(ctx, realWorkspace, claim, true);
    try {
      await link(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another run claimed it meanwhile.
      return await checkOwner(ctx, realWorkspace, claim, true);
    }
    await fsyncDir(ctx.root);
  } finally {
    await rm(tmp, { force: true });
    untrack();
  }
}

/**
 * Move the stale record at `path` (naming `owner`, a workspace with no lock) out of the way before
 * the claim is linked there. Moved aside under a private name, not replaced: when what was moved
 * is not that record (another run took the sandbox over meanwhile), it is put back and false is
 * returned, so two runs taking over one sandbox cannot both win.
 */
async function setAsideStale(root: string, path: string, owner: string): Promise<boolean> {
  const aside = join(root, freshName(STAGING_PREFIX));
  const untrack = trackForCleanup(aside);
  try {
    try {
      await rename(path, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
    const was = readRegularFileSync(aside, 64 * 1024);
    if ('missing' in was || 'problem' in was || ownerIn(was) !== owner) {
      await link(aside, path).catch(() => undefined);
      return false;
    }
    return true;
  } finally {
    await rm(aside, { force: true });
    untrack();
  }
}

/**
 * The claim in the root names this run's workspace. Another workspace's is not this run's to take
 * away: a run that lost the race for a new root (ESANDBOX) and took the winner's claim with it
 * left the winner installing into an unclaimed root, or into none (the root went with the claim).
 */
function holdsOwnClaim(ctx: SandboxContext): boolean {
  if (ctx.claimFor === undefined) return false;
  try {
    const read = readRegularFileSync(join(ctx.root, OWNER_MARK), 64 * 1024);
    return !('missing' in read) && !('problem' in read) && ownerIn(read) === realPathAheadSync(ctx.claimFor, { strict: true });
  } catch {
    return false;
  }
}

/**
 * Take away a root this run made, in a run that failed or was stopped (Ctrl-C, SIGTERM): when it
 * holds nothing, or only the claim this run wrote (bad input changes nothing on disk). Anything
 * else there keeps it. Synchronous, as the signal handler that calls it once the staging folders
 * are removed must be; the folder holds one entry at most when it goes.
 */
export function removeMadeRoot(ctx: SandboxContext): void {
  let names: string[];
  try {
    names = readdirSync(ctx.root);
  } catch {
    return;
  }
  if (names.length === 1 && names[0] === OWNER_MARK && holdsOwnClaim(ctx)) rmSync(join(ctx.root, OWNER_MARK), { force: true });
  try {
    rmdirSync(ctx.root);
  } catch {
    // Not empty: it holds something else, which keeps it.
  }
}

/**
 * A root outside its workspace (claimFor) that lies inside another workspace is not this one's to
 * claim: that workspace's runs keep no record there and never look for one (checkOwner), so a claim
 * would go unseen while both used it (SKILL_SANDBOX exported while working in A names A's skills/
 * in every workspace). A workspace that holds this one too (a monorepo's root, a home folder used
 * as one) may lend it a folder. Judged before the root is made, read or swept.
 */
function assertInNoOtherWorkspace(ctx: SandboxContext, realRoot: string, realWorkspace: string): void {
  const found = nearestWorkspace(realRoot);
  if (found === null || isPathInside(realWorkspace, found)) return;
  // Shown one line, as checkOwner shows a record's: a folder's name may hold a line break.
  const other = oneLine(found);
  throw new SkillpinError('ESANDBOX', `sandbox root ${oneLine(ctx.root)} lies in the workspace ${other}, not in ${oneLine(realWorkspace)}: two workspaces in one sandbox replace each other's skills, and each agent loads the skills the other pinned`, {
    path: ctx.root,
    hint: `Give this workspace a sandbox of its own (--sandbox DIR or SKILL_SANDBOX=DIR outside ${other}; unset SKILL_SANDBOX to use the one .clawhub/config.json names, by default skills/ inside the workspace). To manage the skills of that folder, run skillpin in the workspace whose lock pins them: --cwd ${other}.`,
  });
}

/** The workspace path an OWNER_MARK record names, or null for anything else. */
function ownerIn(bytes: Buffer): string | null {
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as unknown;
    const workspace = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).workspace : undefined;
    // Any absolute path: a workspace whose folder name holds a line break claims the sandbox too
    // (refusing its own record locked it out after its first install); the refusal shows it oneLine.
    return typeof workspace === 'string' && workspace.startsWith(sep) ? workspace : null;
  } catch {
    return null;
  }
}

/**
 * Refuse a root that `.clawhub/config.json` puts outside the workspace (`../../.config`, or a
 * folder inside it reached through a link the repository holds). The config is committed beside
 * the code: one change to it and the lock (`"sandbox": "../../.config"` and a skill named `git`)
 * had `skill remove git`, the fix verify itself named, delete ~/.config/git, and an install
 * replace that folder with a skill's files (its `config` run by git). A root outside the
 * workspace is the person's to name, with --sandbox.
 */
function assertInsideWorkspace(ctx: SandboxContext, realRoot: string): void {
  if (ctx.confinedTo === undefined) return;
  const realWorkspace = realPathAheadSync(ctx.confinedTo, { strict: true });
  if (realRoot !== realWorkspace && isPathInside(realRoot, realWorkspace)) return;
  throw new SkillpinError('ESANDBOX', `sandbox root ${ctx.root}${realRoot === ctx.root ? '' : ` (${realRoot})`}, from .clawhub/config.json, lies outside the workspace ${ctx.confinedTo}: skillpin would replace and delete folders there`, {
    path: ctx.root,
    hint: `Point "sandbox" in .clawhub/config.json at a folder inside the workspace (the default is skills). To keep skills in a folder outside it, name that folder yourself: --sandbox ${realRoot}, or SKILL_SANDBOX=${realRoot} in the environment (CI, a container); a change to the config cannot.`,
  });
}

/**
 * Refuse a sandbox root that is or lies in a git folder (`.git`, in any letter case, links
 * resolved). A skill's folder is one name under the root and the swap replaces whatever holds it:
 * with the root at `.git`, `skill add hooks@…` replaced the repository's hooks with the package's
 * executables (git runs them on the next commit, outside any agent sandbox) and `objects` would
 * have deleted its history.
 */
async function assertOutsideGit(ctx: SandboxContext, realRoot: string): Promise<void> {
  const parts = realRoot.split(sep);
  let at = parts.findIndex((part) => foldKey(part) === '.git');
  // A git folder by any other name: a bare repository (`/srv/site.git`), a submodule's or
  // worktree's folder under another name. git knows one by its HEAD file, objects and refs.
  for (let i = parts.length; at < 0 && i > 1; i--) if (await isGitDir(parts.slice(0, i).join(sep))) at = i - 1;
  if (at < 0) return;
  throw new SkillpinError('ESANDBOX', `sandbox root ${ctx.root} lies in the git folder ${parts.slice(0, at + 1).join(sep)}: a skill's folder there would replace git's own (hooks it runs, objects, config)`, {
    path: ctx.root,
    hint: 'Point "sandbox" in .clawhub/config.json (or --sandbox) at a folder outside any git folder (.git, or a bare repository), such as the default skills/.',
  });
}

/** `dir` holds what git looks for in a repository's own folder: a HEAD file, objects/ and refs/. */
async function isGitDir(dir: string): Promise<boolean> {
  const kind = (name: string) => lstat(join(dir, name)).catch(() => null);
  const head = await kind('HEAD');
  if (head === null || !head.isFile()) return false;
  const [objects, refs] = await Promise.all([kind('objects'), kind('refs')]);
  return objects !== null && objects.isDirectory() && refs !== null && refs.isDirectory();
}

/**
 * Refuse a sandbox root that is, holds, or sits inside the workspace's `.clawhub` once every link
 * is resolved (either side may be a link): the agent must not be able to rewrite its own pins.
 */
export async function assertOutsideClawhub(ctx: SandboxContext, realRoot = realPathAheadSync(ctx.root, { strict: true })): Promise<void> {
  const realClawhub = realPathAheadSync(ctx.clawhubDir, { strict: true });
  if (isPathInside(realRoot, realClawhub) || isPathInside(realClawhub, realRoot)) {
    throw new SkillpinError('ESANDBOX', `sandbox root ${ctx.root} overlaps the workspace's .clawhub folder`, {
      path: ctx.root,
      hint: 'The lock must live outside the sandbox so the agent cannot rewrite its own pins; choose another sandbox folder (the config\'s "sandbox", --sandbox or SKILL_SANDBOX, whichever named this one).',
    });
  }
  // The lock and the config may be links that stay inside the workspace (config/entries.ts), but
  // not into the sandbox: the agent writes there, so it would rewrite its own pins (and settings),
  // and verify, which reads the lock through the link, would pass. A file the root may hold
  // unseen (`.skillpin-workspace`, or anything under --allow-unmanaged) hid it from verify too.
  for (const name of ['lock.json', 'config.json']) {
    const file = join(ctx.clawhubDir, name);
    let isLink = false;
    try {
      isLink = lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() === true;
    } catch {
      // Below no folder: the reader of the lock or config names it.
    }
    if (!isLink) continue;
    const real = realPathAheadSync(file, { strict: true });
    if (isPathInside(real, realRoot)) {
      throw new SkillpinError('ESANDBOX', `${file} is a link into the sandbox (to ${real}), which the agent can write: it would rewrite its own ${name === 'lock.json' ? 'pins' : 'settings'}`, {
        path: file,
        hint: `Nothing was changed. Keep the ${name === 'lock.json' ? 'lock' : 'config'} in .clawhub: replace the link by a copy of the file it leads to (cp --remove-destination ${real} ${file}), then delete ${real} from the sandbox.`,
      });
    }
  }
  // Nor whom skillpin trusts: a trusted root or registry key there (named so, or through a link)
  // was the agent's to replace, and provenance it signed would pass add, update and verify.
  for (const { key, file } of ctx.trustFiles ?? []) {
    const real = realPathAheadSync(file);
    if (isPathInside(real, realRoot)) {
      throw new SkillpinError('ECONFIG', `trust.${key} names ${file}, which lies in the sandbox${real === file ? '' : ` (at ${real})`}, where the agent can write: it would choose whom skillpin trusts`, {
        file,
        hint: `Nothing was changed. Keep trust files outside the sandbox (beside the lock, in .clawhub/trust/), and name that copy in trust.${key} of .clawhub/config.json.`,
      });
    }
  }
}

/** Writes checked entries under an existing staging folder (writeEntries, here or on a worker thread). */
export type EntryWriter = (dir: string, entries: ArchiveEntry[]) => Promise<void>;

/**
 * Write checked entries into a fresh staging folder inside the sandbox root. The root is checked
 * first (prepareSandboxRoot) unless `opts.rootChecked`: a run that stages many skills checks it once.
 * The folder is made and tracked for Ctrl-C here; `opts.write` may write its contents elsewhere (a
 * worker thread), else they are written on this thread.
 */
export async function stageEntries(ctx: SandboxContext, entries: ArchiveEntry[], opts: { rootChecked?: boolean; write?: EntryWriter } = {}): Promise<StagedSkill> {
  if (!opts.rootChecked) await prepareSandboxRoot(ctx);
  const dir = join(ctx.root, freshName(STAGING_PREFIX));
  const untrack = trackForCleanup(dir);
  mkdirSync(dir, { mode: 0o755 });
  try {
    // The names are checked here too (the writer checks them again where the bytes land). Built
    // with fromEntries: an assignment would turn a file named `__proto__` into a prototype change
    // and leave it out of the lock entry (found by test/reliability-fuzz.test.ts).
    const files: Record<string, string> = Object.fromEntries(entries.filter((e) => e.type === 'file').map((e) => [checkEntryPath(e.path), fileIntegrity(e.data ?? Buffer.alloc(0))]));
    if (opts.write) await opts.write(dir, entries);
    else await writeEntries(dir, entries, { half: () => testPoint('mid-extract') });
    return { dir, files, untrack };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    untrack();
    throw err;
  }
}

/** A fresh name for moving an installed folder aside (removed by the stale sweep if left behind). */
export function trashPath(ctx: SandboxContext): string {
  return join(ctx.root, freshName(TRASH_PREFIX));
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

/**
 * The owner folder of a clawhub CLI `@owner/<slug>` skill folder (null for a one-segment folder).
 * ESANDBOX when something other than a real folder sits there: a link would lead outside the sandbox.
 */
export async function ownerFolderOf(ctx: SandboxContext, folder: string): Promise<string | null> {
  if (!folder.includes('/')) return null;
  const owner = join(ctx.root, folder.slice(0, folder.indexOf('/')));
  const st = await lstat(owner).catch(() => null);
  if (st !== null && !st.isDirectory()) {
    throw new SkillpinError('ESANDBOX', `${owner} is not a real folder, so ${folder} is not removed through it`, {
      file: owner,
      hint: 'Neither skillpin nor the clawhub CLI puts anything but a folder there. Inspect it and remove it by hand.',
    });
  }
  return owner;
}

/**
 * Move an installed skill folder aside to `trash` (a rename: a half-deleted folder is never
 * visible). Returns false when there is none. A sandbox that cannot be written (read-only, a folder
 * that cannot be renamed) fails here, before anything changed.
 */
export async function moveSkillFolderAside(ctx: SandboxContext, folder: string, trash: string): Promise<boolean> {
  const target = join(ctx.root, folder);
  await ownerFolderOf(ctx, folder);
  try {
    await lstat(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  testRenameFault(target);
  await rename(target, trash);
  await fsyncDir(ctx.root);
  return true;
}

/**
 * Remove an installed skill folder (moved aside first, so a half-deleted folder is never visible).
 * `folder` is one segment, or the clawhub CLI's `@owner/<slug>`: its owner folder must be a real
 * folder (a link there would move a folder from outside the sandbox) and goes too once empty.
 * With `trashAt`, a folder already moved there (by a run killed after moving it) goes too.
 */
export async function removeSkillFolder(ctx: SandboxContext, folder: string, trashAt?: string): Promise<boolean> {
  const owner = await ownerFolderOf(ctx, folder);
  const trash = trashAt ?? trashPath(ctx);
  const moved = await moveSkillFolderAside(ctx, folder, trash);
  if (moved || trashAt !== undefined) await rm(trash, { recursive: true, force: true });
  if (owner !== null) await rmdir(owner).catch(() => undefined);
  return moved;
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
  /** Hard links to the entry (1 for a file skillpin wrote). */
  links: number;
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
      out.push({ path: childRel, kind, mode: st.mode & 0o7777, size: st.size, links: st.nlink });
      if (kind === 'directory') walk(childAbs, childRel);
    }
  }
  walk(dir, '');
  return out;
}

/**
 * True when `dir` holds exactly `files` (paths and sha512) and nothing verify would call tampered:
 * only regular files with normalised modes and one link each, no folder the lock's paths do not
 * need, no folder (the skill's own included) wider than 0755. `install` leaves a folder that
 * matches as it is, so this must accept nothing that `skill verify` refuses: else verify's advice,
 * `skill install --frozen`, would leave the sandbox as verify found it.
 */
export async function folderMatches(dir: string, files: Record<string, string>): Promise<boolean> {
  // A folder not installed yet (every skill of a fresh install) is answered without an exception.
  const root = lstatSync(dir, { throwIfNoEntry: false });
  if (!root?.isDirectory() || !isNormalFolderMode(root.mode & 0o7777)) return false;
  let entries;
  try {
    entries = await walkInstalled(dir);
  } catch {
    return false;
  }
  const wanted = Object.keys(files);
  const neededDirs = foldersOf(wanted);
  let seen = 0;
  for (const e of entries) {
    if (e.kind === 'directory') {
      if (!neededDirs.has(e.path) || !isNormalFolderMode(e.mode)) return false;
      continue;
    }
    if (e.kind !== 'file' || e.links > 1 || !isNormalFileMode(e.mode) || !Object.hasOwn(files, e.path)) return false;
    seen++;
  }
  if (seen !== wanted.length) return false;
  for (const e of entries) {
    if (e.kind !== 'file') continue;
    // Skill files are small: hash them synchronously (a quarter of the CPU of a read stream each).
    const abs = join(dir, e.path);
    const integrity = e.size <= SYNC_HASH_MAX ? hashSmallFileSync(abs)?.integrity : (await hashFile(abs)).integrity;
    if (integrity !== files[e.path]) return false;
  }
  return true;
}
