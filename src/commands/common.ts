// What every workspace command shares: options, opening the workspace under its mutex.

import { existsSync, rmdirSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigOverrides } from '../config/index.js';
import { SkillpinError } from '../errors.js';
import { readLock } from '../lockfile/index.js';
import { assertAttestationsStore } from '../provenance/store.js';
// The journal alone, not the whole pipeline: read-only commands (verify, list) then load neither the
// YAML parser nor the scanner.
import { JOURNAL_DIR, pendingJournals, recoverPending, settlingWritesLock, sweepStale, type JournalRecord, type Recovery } from '../pipeline/journal.js';
import { prepareSandboxRoot, removeMadeRoot } from '../sandbox/index.js';
import { onInterruptAfterCleanup, onInterruptLast } from '../interrupt/index.js';
import { acquireWorkspaceMutex, openWorkspace, type Workspace } from '../workspace/index.js';

export interface CommonOptions {
  /** Workspace folder (holds `.clawhub/`). */
  cwd: string;
  registry?: string;
  sandbox?: string;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for another run holding the workspace. */
  lockWaitMs?: number;
  onWait?: (holder: string) => void;
  /** Told about each operation of a killed run that was finished or undone at start. */
  onRecover?: (message: string) => void;
}

function overrides(o: CommonOptions): ConfigOverrides {
  const out: ConfigOverrides = {};
  if (o.registry !== undefined) out.registry = o.registry;
  if (o.sandbox !== undefined) out.sandbox = o.sandbox;
  return out;
}

/** Open the workspace read-only (no mutex): list, review, verify, policy. */
export async function readWorkspace(o: CommonOptions): Promise<Workspace> {
  return openWorkspace(o.cwd, overrides(o), o.env ?? process.env);
}

/**
 * The same, for a command that reads the sandbox root or names it (list, policy): a root that is a
 * link or overlaps `.clawhub` is ESANDBOX here as in every command that writes. Otherwise `list
 * --sandbox ..` called every skill "not installed", and `policy` mounted the lock into the agent's
 * container.
 */
export async function readWorkspaceAndSandbox(o: CommonOptions): Promise<Workspace> {
  const ws = await readWorkspace(o);
  await prepareSandboxRoot(ws.sandbox, false);
  return ws;
}

/**
 * Run a command that changes the workspace: config first (bad config changes nothing), then, with
 * `opts.needsLock` (what the command cannot do without one), the lock's presence, then the
 * sandbox root (a symlink, or a root overlapping `.clawhub`, is refused before anything is moved,
 * swept or removed in it), then the exclusive mutex, then the lock is read under it so no other run
 * can interleave. Before the command itself, whatever a killed run left is settled: journals are
 * rolled forward or back, then stale staging, trash and temp files are swept.
 */
export async function withWorkspace<T>(o: CommonOptions, fn: (ws: Workspace, recovered: Recovery[]) => Promise<T>, opts: { needsLock?: string; frozen?: boolean; storesAttestations?: boolean } = {}): Promise<T> {
  const ws = await openWorkspace(o.cwd, overrides(o), o.env ?? process.env);
  // A command that only works on pins fails in a folder without a lock, writing nothing there: a
  // CI job run in the wrong folder must not pass, nor leave a `.clawhub` behind.
  if (opts.needsLock !== undefined && !ws.lock.exists) {
    throw new SkillpinError('ELOCKFILE', `no lock file at ${ws.lock.path}: ${opts.needsLock}`, {
      file: ws.lock.path,
      hint: 'Run it in the workspace that holds .clawhub/lock.json (--cwd DIR), or pin skills first with `skill add name@version`.',
    });
  }
  // add and update store verified attestations in .clawhub/attestations: one that is a link or no
  // folder is refused now, before the review and the download, not after the person said yes.
  if (opts.storesAttestations) assertAttestationsStore(ws.config.workspace);
  // Folders this run makes (the sandbox root, the mutex's .clawhub) are taken away again when it
  // fails and they are still empty: bad input changes nothing on disk. The root goes while the
  // mutex is held (a run waiting for it may make the root next); .clawhub after the mutex's file
  // is gone, and a run waiting for the mutex makes it again (acquireWorkspaceMutex).
  const madeRoot = !(await prepareSandboxRoot(ws.sandbox, false));
  const madeClawhub = !existsSync(ws.config.clawhubDir);
  const release = await acquireWorkspaceMutex(ws.config.clawhubDir, {
    waitMs: o.lockWaitMs ?? 30_000,
    ...(o.onWait ? { onWait: o.onWait } : {}),
  });
  // The same on Ctrl-C or SIGTERM, which ends the process without this function's finally: once
  // the staging folders are removed (the mutex's file after this: onInterruptLast), what this run made and left
  // empty goes (the root with only this run's claim in it). Registered once the mutex is held: a
  // run interrupted while it waits has made nothing, and the root may be the holder's by then.
  const untrackRoot = onInterruptAfterCleanup(() => {
    if (madeRoot) removeMadeRoot(ws.sandbox);
  });
  // .clawhub after the mutex's file is gone (registered after it, so run after it), as below.
  const untrackClawhub = onInterruptLast(() => {
    if (!madeClawhub) return;
    try {
      rmdirSync(ws.config.clawhubDir);
    } catch {
      // Holds a lock or anything else: kept.
    }
  });
  const untrackMade = () => {
    untrackRoot();
    untrackClawhub();
  };
  let failed = true;
  try {
    ws.lock = await readLock(ws.config.lockPath);
    // Read once: --frozen first asks whether settling them would write the lock.
    const pending = await pendingJournals(ws.config, ws.sandbox.root);
    if (opts.frozen) await refuseLockChangingJournals(ws, pending);
    const recovered = await recoverPending(ws, pending);
    for (const r of recovered) o.onRecover?.(r.message);
    await sweepStale(ws);
    const result = await fn(ws, recovered);
    failed = false;
    return result;
  } finally {
    untrackMade();
    if (failed && madeRoot) removeMadeRoot(ws.sandbox);
    await release();
    // Also after a run that wrote nothing there (adopt, or an install of nothing, in a folder with
    // no lock): a command that found nothing to do leaves no empty .clawhub behind. rmdir removes
    // only an empty folder, so a lock (or anything else) written in it keeps it.
    if (madeClawhub) await rmdir(ws.config.clawhubDir).catch(() => undefined);
  }
}

/**
 * `install --frozen` never writes the lock, so it does not settle an interrupted add, update or
 * remove that would: settling writes (or restores) a lock entry, and a journal committed with a
 * checkout would be a lock change no diff of lock.json shows. One that leaves the lock as it is (a
 * repair of what the lock pins, a removal already written) is settled as before.
 */
async function refuseLockChangingJournals(ws: Workspace, journals: JournalRecord[]): Promise<void> {
  const pending: JournalRecord[] = [];
  for (const rec of journals) if (await settlingWritesLock(ws, rec)) pending.push(rec);
  const first = pending[0];
  if (first === undefined) return;
  const what = first.op === 'remove' ? `a removal of ${first.name}` : `a change of ${first.name}${first.entry?.version !== undefined ? ` to ${String(first.entry.version)}` : ''}`;
  throw new SkillpinError('ELOCKFILE', `an interrupted run left ${what} unfinished${pending.length > 1 ? `, and ${pending.length - 1} more` : ''} (its journal is in ${join(ws.config.clawhubDir, JOURNAL_DIR)}): --frozen never writes the lock, so it does not complete it`, {
    skills: pending.map((r) => r.name),
    hint: 'Run `skill install` (without --frozen) to complete or undo it, check the lock it leaves, and commit that. A journal is never part of a checkout: if this one came with one, delete it.',
  });
}
