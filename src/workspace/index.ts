// A workspace: its config, its lock and its sandbox, plus the exclusive mutex that keeps two
// skillpin runs on one workspace from interleaving (`.clawhub/.skillpin.lock`).

import { lstatSync, readFileSync, realpathSync, rmSync, type BigIntStats } from 'node:fs';
import { lstat, open, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_SANDBOX, legacyLockPathIn, loadConfig, nearestWorkspace, type Config, type ConfigOverrides } from '../config/index.js';
import { SkillpinError } from '../errors.js';
import { isPathInside, makeDirsSync, namingPath, pidNamespace, READ_NOFOLLOW, realPathAheadSync } from '../fsutil/index.js';
import { onInterruptLast } from '../interrupt/index.js';
import { readLock, type LoadedLock } from '../lockfile/index.js';
import { testWriteFault } from '../testhooks.js';
import type { SandboxContext } from '../sandbox/index.js';

export interface Workspace {
  config: Config;
  lock: LoadedLock;
  sandbox: SandboxContext;
}

export async function openWorkspace(cwd: string, overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Promise<Workspace> {
  const config = await loadConfig(cwd, overrides, env);
  const lock = await readLock(config.lockPath);
  if (!lock.exists) refuseLegacyLock(config.workspace, config.lockPath);
  // A root the config names (or the default) must lie in the workspace; one from --sandbox or
  // SKILL_SANDBOX is the person's choice, and, outside the workspace, claimed for it.
  const confined = config.sandboxFrom === 'config' || config.sandboxFrom === 'default';
  const trustFiles = [...config.trust.trustedRoots.map((file) => ({ key: 'trustedRoots' as const, file })), ...config.trust.registryKeys.map((file) => ({ key: 'registryKeys' as const, file }))];
  return { config, lock, sandbox: { root: config.sandbox, clawhubDir: config.clawhubDir, trustFiles, ...(confined ? { confinedTo: config.workspace } : { claimFor: config.workspace }) } };
}

/**
 * A workspace whose only lock is the clawhub CLI's legacy `.clawdhub/lock.json` (see
 * legacyLockPathIn) is not an empty one: that CLI reads its entries, and skills it installed sit in
 * the sandbox. Read as empty, `list`, `outdated` and `adopt` showed nothing, `policy` derived a
 * policy without the installed skills, and `add` wrote a `.clawhub/lock.json` that hid every
 * legacy entry from the clawhub CLI from then on. ELOCKFILE, before anything is written; the fix
 * is one move, after which all three tools read the same file.
 */
function refuseLegacyLock(workspace: string, lockPath: string): void {
  const legacy = legacyLockPathIn(workspace);
  try {
    if (lstatSync(legacy, { throwIfNoEntry: false }) === undefined) return;
  } catch (err) {
    // A file named .clawdhub holds no lock.
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
    throw err;
  }
  throw new SkillpinError('ELOCKFILE', `${legacy} is the clawhub CLI's lock under its old folder name, and there is no ${lockPath}: skillpin and OpenClaw read only .clawhub/lock.json, so they would take this workspace for an empty one`, {
    file: legacy,
    hint: `Move it where the clawhub CLI, OpenClaw and skillpin all read it: mkdir -p ${join(workspace, '.clawhub')} && mv ${legacy} ${lockPath} (the clawhub CLI reads .clawhub/lock.json first). Then \`skill adopt\` pins what the clawhub CLI installed.`,
  });
}

/**
 * The nearest workspace above `folder` (a folder holding `.clawhub/lock.json`, or the clawhub CLI's
 * legacy `.clawdhub/lock.json`) whose sandbox holds
 * `folder`, with that sandbox; null when there is none. Its sandbox is the one its config gives, read
 * as that workspace reads it (loadConfig; a config it would refuse: the default), links resolved on
 * both sides. A workspace made there would keep its lock where the other workspace's agent reads
 * its skills.
 */
export async function enclosingSandbox(folder: string, env: NodeJS.ProcessEnv): Promise<{ workspace: string; sandbox: string } | null> {
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    return null;
  }
  // The clawhub CLI's legacy lock makes a workspace of its folder as much as the current one.
  const dir = dirname(real) === real ? null : nearestWorkspace(dirname(real));
  if (dir === null) return null;
  // Its sandbox as its committed config gives it (what its agent reads whatever this shell
  // exports: SKILL_SANDBOX in a profile is no fact about that workspace), and as this
  // environment's SKILL_SANDBOX would make it for a run there.
  const { SKILL_SANDBOX: envSandbox, ...committed } = env;
  const roots = [(await loadConfig(dir, {}, committed).catch(() => null))?.sandbox ?? join(dir, DEFAULT_SANDBOX)];
  if (envSandbox !== undefined && isAbsolute(envSandbox)) roots.push(resolve(envSandbox));
  for (const root of roots) {
    const sandbox = realPathAheadSync(root);
    if (real === sandbox || isPathInside(real, sandbox)) return { workspace: dir, sandbox };
  }
  return null;
}

export interface MutexOptions {
  /** How long to wait for another run to finish before EBUSY. */
  waitMs?: number;
  /**
   * A holder whose file has not been touched for this long is stale even if its pid looks alive
   * (pid reuse, or a run on another host that died). A live holder touches it every quarter of it.
   */
  staleMs?: number;
  onWait?: (holder: string) => void;
  /**
   * Called when this run has judged the holder file stale, before it removes it (tests hold a run
   * there while another takes the mutex).
   */
  beforeBreak?: () => Promise<void>;
}

/** The most a mutex file is read for a holder record (one is some 150 bytes). */
const MAX_HOLDER_BYTES = 4096;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Holder {
  pid: number;
  host: string;
  at: string;
  /** The holder process's start time as the kernel keeps it (processStart), where there is one. */
  start?: string;
  /** The holder's pid namespace (pidNamespace), where there is one: its pid means nothing in another. */
  pidns?: string;
}

/**
 * When the process `pid` started, as the kernel counts it (Linux: /proc/<pid>/stat, field 22, in
 * clock ticks since boot), or null where that cannot be read. With the pid, it names one process:
 * a reused pid has another start.
 */
function processStart(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ", whose comm may hold spaces: field 3 onward.
    const start = text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
    return start !== undefined && /^\d+$/.test(start) ? start : null;
  } catch {
    return null;
  }
}

/**
 * The holder record in the mutex file, or null for anything a run did not write whole (torn,
 * empty, `null`, another shape): such a file is stale once it is a second old.
 */
function holderOf(text: string): Holder | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null) return null;
  const { pid, host, at, start, pidns } = doc as Record<string, unknown>;
  if (!(Number.isSafeInteger(pid) && (pid as number) > 0 && typeof host === 'string' && typeof at === 'string')) return null;
  return { pid: pid as number, host, at, ...(typeof start === 'string' ? { start } : {}), ...(typeof pidns === 'string' ? { pidns } : {}) };
}

/**
 * Remove the stale holder file `seen`, unless another run has replaced it since it was judged: two
 * runs that found one dead holder both removed "it", the second removing the file the first had
 * just made, and both held the workspace. (The moment between this stat and the rm remains.)
 */
async function breakStale(path: string, seen: BigIntStats, opts: MutexOptions): Promise<void> {
  await opts.beforeBreak?.();
  const now = await stat(path, { bigint: true }).catch(() => null);
  if (now === null || now.dev !== seen.dev || now.ino !== seen.ino || now.ctimeNs !== seen.ctimeNs) return;
  await rm(path, { force: true });
}

/**
 * Take the workspace's exclusive lock. A holder whose pid is gone (same host) or whose file has
 * not been touched for `staleMs` is stale and is replaced; while this run holds it, it touches the
 * file every quarter of `staleMs`, so a run that waits long at a review prompt keeps it. Returns
 * the release function.
 */
export async function acquireWorkspaceMutex(clawhubDir: string, opts: MutexOptions = {}): Promise<() => Promise<void>> {
  const waitMs = opts.waitMs ?? 30_000;
  const staleMs = opts.staleMs ?? 10 * 60_000;
  const path = join(clawhubDir, '.skillpin.lock');
  // makeDirsSync, not a recursive mkdir: Node's tries again without end where a folder on the way
  // answers ENOENT for a new child (--cwd under /proc), and the run spun at full CPU, deaf to Ctrl-C.
  makeDirsSync(clawhubDir);
  const started = Date.now();
  let told = false;
  for (;;) {
    let fh: FileHandle | null = null;
    try {
      fh = await open(path, 'wx', 0o644);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // A run that failed takes away the empty .clawhub it made once it lets go: make it again.
        makeDirsSync(clawhubDir);
        continue;
      }
      if (code !== 'EEXIST') throw err;
    }
    if (fh !== null) {
      const held = fh;
      const start = processStart(process.pid);
      const pidns = pidNamespace();
      const record = JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString(), ...(start !== null ? { start } : {}), ...(pidns !== null ? { pidns } : {}) });
      // Ctrl-C removes the holder file too, so the next run does not wait on a dead holder: while
      // it is still this run's (empty, before the record is written), never one another run took over.
      // Last (onInterruptLast): the staging folders and a sandbox root this run made go first,
      // while the workspace is still held, as in a failed run (withWorkspace's finally).
      const untrack = onInterruptLast(() => {
        let now: string | null = null;
        try {
          now = readFileSync(path, 'utf8');
        } catch {
          return;
        }
        if (now === record || now === '') rmSync(path, { force: true });
      });
      try {
        testWriteFault(path);
        await held.writeFile(record);
      } catch (err) {
        // A full disk: the file made empty is this run's, so it goes with the error, not left for
        // the next run to wait on.
        await held.close().catch(() => undefined);
        await rm(path, { force: true });
        untrack();
        throw namingPath(err, path);
      }
      // Touched through the descriptor this run opened: the file it made, never one that
      // replaced it.
      const heartbeat = setInterval(() => {
        const now = new Date();
        held.utimes(now, now).catch(() => undefined);
      }, Math.max(1, Math.floor(staleMs / 4)));
      heartbeat.unref();
      return async () => {
        clearInterval(heartbeat);
        untrack();
        await held.close().catch(() => undefined);
        // Only this run's record: a run on another host that judged this one stale (its file
        // untouched for 10 minutes: a stalled network file system) holds the workspace now, and
        // removing its file let a third run in beside it.
        const now = await readFile(path, 'utf8').catch(() => null);
        if (now === record) await rm(path, { force: true });
      };
    }
    let holder: Holder | null = null;
    let age: number;
    let seen: BigIntStats;
    try {
      // The record and the file's identity from one descriptor: the file judged is the file read.
      // Not through a link (ELOOP): a committed link there to a file outside the workspace (a key
      // file, a log of gigabytes) was read whole, judged a torn record and replaced.
      const read = await open(path, READ_NOFOLLOW);
      try {
        seen = await read.stat({ bigint: true });
        if (!seen.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
        // A holder record is some 150 bytes: a bigger file is none (read no further than that).
        holder = seen.size <= MAX_HOLDER_BYTES ? holderOf(await read.readFile('utf8')) : null;
      } finally {
        await read.close();
      }
      age = Date.now() - Number(seen.mtimeMs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A link there that leads nowhere (ENOENT, or ELOOP for a loop) fails the exclusive create and
      // this open alike, at once and for ever: the run tried again without a pause or an end.
      const link = code === 'ELOOP' || (code === 'ENOENT' && (await lstat(path).catch(() => null))?.isSymbolicLink() === true);
      if (code === 'ENOTREG' || code === 'EISDIR' || code === 'ENXIO' || link) throw new SkillpinError('EBUSY', `${path} is not a regular file${link ? ' (a link, which skillpin never makes there)' : ''}: skillpin cannot tell whether another run holds the workspace`, { path, hint: `Nothing was changed. Remove ${path} (skillpin makes it a regular file while a run holds the workspace${link ? '; rm removes the link, not what it leads to' : ''}), then retry.` });
      // Any other error (EACCES) stays: named, not tried again without end.
      if (code !== 'ENOENT') throw namingPath(err, path);
      // Vanished meanwhile: try again.
      continue;
    }
    // Torn or not a holder record: stale once older than a second.
    if (holder === null) {
      if (age > 1000) {
        await breakStale(path, seen, opts);
        continue;
      }
      // A file that stays young without a record (its time ahead of this clock: another host's,
      // or one set by hand) was waited on without end, past SKILL_LOCK_WAIT_MS.
      if (Date.now() - started >= waitMs) {
        throw new SkillpinError('EBUSY', `${path} holds no holder record and is not yet a second old (its time is ${new Date(Number(seen.mtimeMs)).toISOString()}): skillpin cannot tell whether another run holds the workspace`, {
          path,
          hint: `Nothing was changed. If no other skillpin run is starting, remove ${path}, then retry.`,
        });
      }
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    // Its pid is judged here only in this pid namespace: from another (a container sharing this host
    // name and workspace), a pid that is alive here is some other process, whose start differs, and
    // a live run's workspace was taken at once. A holder that recorded no namespace is judged as before.
    const ns = holder.pidns === undefined ? null : pidNamespace();
    const sameHost = holder.host === hostname() && (ns === null || ns === holder.pidns);
    // On this host, a live pid whose start is the one recorded is the holder itself, however old
    // its file: a machine that slept (the heartbeat's timer stops, the wall clock does not) or a
    // clock set forward made a run waiting at its review prompt look 10 minutes stale, and the
    // next run took the workspace beside it. A start that differs is a reused pid. Without a
    // start to compare (another host, a holder that recorded none), the age decides.
    const startNow = sameHost && holder.start !== undefined && pidAlive(holder.pid) ? processStart(holder.pid) : null;
    const stale = sameHost && !pidAlive(holder.pid) ? true : startNow !== null ? startNow !== holder.start : age > staleMs;
    if (stale) {
      await breakStale(path, seen, opts);
      continue;
    }
    const who = `pid ${holder.pid} on ${holder.host} since ${holder.at}`;
    if (Date.now() - started >= waitMs) {
      throw new SkillpinError('EBUSY', `another skillpin run holds the workspace (${who})`, {
        path,
        hint: `Wait for it to finish and retry, or let a run wait longer for it: SKILL_LOCK_WAIT_MS (this run waited ${waitMs} ms). If no such run exists, delete ${path}.`,
      });
    }
    if (!told) {
      opts.onWait?.(who);
      told = true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
