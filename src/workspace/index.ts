// A workspace: its config, its lock and its sandbox, plus the exclusive mutex that keeps two
// skillpin runs on one workspace from interleaving (`.clawhub/.skillpin.lock`).

import { mkdir, open, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config, type ConfigOverrides } from '../config/index.js';
import { SkillpinError } from '../errors.js';
import { readRegularText } from '../fsutil/index.js';
import { trackForCleanup } from '../interrupt/index.js';
import { readLock, type LoadedLock } from '../lockfile/index.js';
import type { SandboxContext } from '../sandbox/index.js';

export interface Workspace {
  config: Config;
  lock: LoadedLock;
  sandbox: SandboxContext;
}

export async function openWorkspace(cwd: string, overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Promise<Workspace> {
  const config = await loadConfig(cwd, overrides, env);
  const lock = await readLock(config.lockPath);
  return { config, lock, sandbox: { root: config.sandbox, clawhubDir: config.clawhubDir } };
}

export interface MutexOptions {
  /** How long to wait for another run to finish before EBUSY. */
  waitMs?: number;
  /** A holder older than this is stale even if its pid looks alive (pid reuse). */
  staleMs?: number;
  onWait?: (holder: string) => void;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the workspace's exclusive lock. A holder whose pid is gone (same host) or that is older
 * than `staleMs` is stale and is replaced. Returns the release function.
 */
export async function acquireWorkspaceMutex(clawhubDir: string, opts: MutexOptions = {}): Promise<() => Promise<void>> {
  const waitMs = opts.waitMs ?? 30_000;
  const staleMs = opts.staleMs ?? 10 * 60_000;
  const path = join(clawhubDir, '.skillpin.lock');
  await mkdir(clawhubDir, { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const fh = await open(path, 'wx', 0o644);
      await fh.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
      await fh.close();
      // Ctrl-C removes the holder file too, so the next run does not wait on a dead holder.
      const untrack = trackForCleanup(path);
      return async () => {
        untrack();
        await rm(path, { force: true });
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // A run that failed takes away the empty .clawhub it made once it lets go: make it again.
        await mkdir(clawhubDir, { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw err;
    }
    let holder: { pid?: number; host?: string; at?: string } = {};
    let age = 0;
    try {
      holder = JSON.parse(await readRegularText(path)) as typeof holder;
      age = Date.now() - (await stat(path)).mtimeMs;
    } catch {
      // Torn or vanished holder file: treat as stale once it is older than a second.
      try {
        age = Date.now() - (await stat(path)).mtimeMs;
      } catch {
        continue;
      }
      if (age > 1000) {
        await rm(path, { force: true });
        continue;
      }
    }
    const sameHost = holder.host === hostname();
    const stale = age > staleMs || (sameHost && typeof holder.pid === 'number' && !pidAlive(holder.pid));
    if (stale) {
      await rm(path, { force: true });
      continue;
    }
    const who = `pid ${holder.pid ?? '?'} on ${holder.host ?? '?'} since ${holder.at ?? '?'}`;
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
