// What every workspace command shares: options, opening the workspace under its mutex.

import type { ConfigOverrides } from '../config/index.js';
import { readLock } from '../lockfile/index.js';
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
}

function overrides(o: CommonOptions): ConfigOverrides {
  const out: ConfigOverrides = {};
  if (o.registry) out.registry = o.registry;
  if (o.sandbox) out.sandbox = o.sandbox;
  return out;
}

/** Open the workspace read-only (no mutex): list, review, verify, policy. */
export async function readWorkspace(o: CommonOptions): Promise<Workspace> {
  return openWorkspace(o.cwd, overrides(o), o.env ?? process.env);
}

/**
 * Run a command that changes the workspace: config first (bad config changes nothing), then the
 * exclusive mutex, then the lock is read under it so no other run can interleave.
 */
export async function withWorkspace<T>(o: CommonOptions, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await openWorkspace(o.cwd, overrides(o), o.env ?? process.env);
  const release = await acquireWorkspaceMutex(ws.config.clawhubDir, {
    waitMs: o.lockWaitMs ?? 30_000,
    ...(o.onWait ? { onWait: o.onWait } : {}),
  });
  try {
    ws.lock = await readLock(ws.config.lockPath);
    return await fn(ws);
  } finally {
    await release();
  }
}
