// Issue 9.2-9.3: concurrency (real parallel processes on one workspace) and signals (Ctrl-C /
// SIGTERM at any point stops cleanly). Registry faults: reliability-faults.test.ts.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLock } from '../src/lockfile/index.js';
import { acquireWorkspaceMutex } from '../src/workspace/index.js';
import { installInterruptHandlers, onInterruptAfterCleanup } from '../src/interrupt/index.js';
import { folderMatches, OWNER_MARK } from '../src/sandbox/index.js';
import { BIN, FIXTURE_BUILD, runCli, withFixtureTrust, snapshotTree, startRegistry, tempDir, type Registry } from './helpers.js';

let reg: Registry;
let cache: string;

beforeAll(async () => {
  reg = await startRegistry();
  cache = tempDir('skillpin-rt-cache-');
});
afterAll(async () => {
  await reg.close();
});

const lockText = (ws: string) => readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
const lockOf = (ws: string) => parseLock(lockText(ws));

/** A workspace holding notes@1.0.0, with a config that keeps network faults fast. */
async function workspace(network = { timeoutMs: 2000, retries: 1 }): Promise<string> {
  const ws = tempDir();
  mkdirSync(join(ws, '.clawhub'));
  writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify(withFixtureTrust({ network, limits: { maxTotalBytes: 1048576 } })));
  const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', reg.url, '--cwd', ws], { env: { SKILL_CACHE: cache } });
  expect(r.code, r.stderr).toBe(0);
  return ws;
}

function leftovers(ws: string): string[] {
  const sandbox = join(ws, 'skills');
  const inSandbox = existsSync(sandbox) ? readdirSync(sandbox).filter((n) => n.startsWith('.skillpin-')) : [];
  const inClawhub = readdirSync(join(ws, '.clawhub')).filter((n) => n.endsWith('.tmp') || n === '.skillpin.lock');
  const journal = join(ws, '.clawhub', '.skillpin-journal');
  return [...inSandbox, ...inClawhub, ...(existsSync(journal) ? readdirSync(journal) : [])];
}

interface Running {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>;
}

/** The real CLI as a handle (runCli only returns at exit; these tests signal it midway). */
function start(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const t0 = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, SKILL_REGISTRY: '', SKILL_CACHE: cache, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err, ms: Date.now() - t0 }));
  });
  return { child, stderr: () => err, done };
}

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('signals: Ctrl-C / SIGTERM stop cleanly', () => {
  it('SIGINT while the tarball download stalls: exit 130, nothing changed, no staging, no mutex left', async () => {
    const stall = await startRegistry({ fault: (req) => Boolean(req.url?.endsWith('.tgz')) });
    try {
      const ws = await workspace({ timeoutMs: 30_000, retries: 0 });
      const before = snapshotTree(ws);
      const run = start(['add', 'weather@1.4.0', '--yes', '--registry', stall.url, '--cwd', ws], { SKILL_CACHE: tempDir() });
      await until(() => stall.requests.some((q) => q.endsWith('.tgz')), 'the tarball request');
      run.child.kill('SIGINT');
      const r = await run.done;
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toContain('interrupted by SIGINT');
      expect(snapshotTree(ws)).toEqual(before);
      expect(leftovers(ws)).toEqual([]);
    } finally {
      await stall.close();
    }
  });

  it('SIGINT during the first install into a new sandbox outside the workspace: the folder it made, claim and all, is taken away; one that was there is kept', async () => {
    for (const existed of [false, true]) {
      const ws = tempDir();
      mkdirSync(join(ws, '.clawhub'));
      writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify(withFixtureTrust({})));
      const outside = join(tempDir('skillpin-rt-sandbox-'), 'agent-skills');
      if (existed) mkdirSync(outside);
      const run = start(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws, '--sandbox', outside], { SKILLPIN_TEST_PAUSE_AT: 'mid-extract' });
      await until(() => run.stderr().includes('paused at mid-extract'), 'the pause mid-extract');
      // The claim is made before the extraction: this is the state an interrupt met.
      expect(existsSync(join(outside, OWNER_MARK))).toBe(true);
      run.child.kill('SIGINT');
      const r = await run.done;
      expect(r.code, r.stderr).toBe(130);
      // A folder this run made goes, with the claim in it (as after a failure); one that was there
      // stays (its claim too, as after a failure: the workspace named it for itself).
      expect(existsSync(outside), `existed: ${existed}`).toBe(existed);
      if (existed) expect(readdirSync(outside)).toEqual([OWNER_MARK]);
      expect(readdirSync(join(ws, '.clawhub'))).toEqual(['config.json']);
    }
    // In a workspace with no .clawhub yet, the one the mutex made goes too, once its file is gone.
    const ws = tempDir();
    const outside = join(tempDir('skillpin-rt-sandbox-'), 'agent-skills');
    // A local tarball: no config is needed for the fixture trust.
    const run = start(['add', join(FIXTURE_BUILD, 'notes', '-', 'notes-1.1.0.tgz'), '--yes', '--cwd', ws, '--sandbox', outside], { SKILLPIN_TEST_PAUSE_AT: 'mid-extract' });
    await until(() => run.stderr().includes('paused at mid-extract'), 'the pause mid-extract');
    expect(existsSync(join(ws, '.clawhub', '.skillpin.lock'))).toBe(true);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    expect(existsSync(outside)).toBe(false);
    expect(readdirSync(ws)).toEqual([]);
  });

  it('SIGINT: the workspace mutex is let go only after the handlers that take away what the run made (a waiting run never takes the workspace while its root is removed)', async () => {
    const clawhubDir = join(tempDir(), '.clawhub');
    const mutex = join(clawhubDir, '.skillpin.lock');
    await acquireWorkspaceMutex(clawhubDir, { waitMs: 1000 });
    const heldWhileRemoving: boolean[] = [];
    const forget = onInterruptAfterCleanup(() => heldWhileRemoving.push(existsSync(mutex)));
    const codes: number[] = [];
    const before = new Set(process.listeners('SIGINT'));
    const beforeTerm = new Set(process.listeners('SIGTERM'));
    installInterruptHandlers((code) => codes.push(code), () => undefined);
    const added = process.listeners('SIGINT').filter((l) => !before.has(l));
    try {
      expect(added).toHaveLength(1);
      // The handler itself, not process.emit: the test runner's own listeners stay out of it.
      (added[0] as (sig: NodeJS.Signals) => void)('SIGINT');
      expect(codes).toEqual([130]);
      expect(heldWhileRemoving).toEqual([true]);
      expect(existsSync(mutex)).toBe(false);
    } finally {
      forget();
      for (const l of added) process.off('SIGINT', l);
      for (const l of process.listeners('SIGTERM').filter((l) => !beforeTerm.has(l))) process.off('SIGTERM', l);
    }
  });

  it('SIGINT during install --frozen: the verdicts of the skills it checked are kept for the next run', async () => {
    let stall = false;
    const slow = await startRegistry({ fault: (req) => stall && Boolean(req.url?.includes('translator') && req.url.endsWith('.tgz')) });
    try {
      const ws = tempDir();
      mkdirSync(join(ws, '.clawhub'));
      writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify(withFixtureTrust({ network: { timeoutMs: 30_000, retries: 0 } })));
      const env = { SKILL_CACHE: tempDir(), SKILLPIN_CACHE_KEY: 'k'.repeat(40) };
      for (const spec of ['notes@1.0.0', 'translator@1.0.0']) {
        const r = await runCli(['add', spec, '--yes', '--registry', slow.url, '--cwd', ws], { env });
        expect(r.code, r.stderr).toBe(0);
      }
      rmSync(join(ws, 'skills'), { recursive: true });
      // A cache without the tarballs, so translator's download is the one that stalls.
      env.SKILL_CACHE = tempDir();
      stall = true;
      const run = start(['install', '--frozen', '--json', '--cwd', ws], env);
      await until(() => run.stderr().includes('installed notes@'), 'notes to be installed');
      run.child.kill('SIGINT');
      const r = await run.done;
      expect(r.code, r.stderr).toBe(130);
      stall = false;
      rmSync(join(ws, 'skills'), { recursive: true, force: true });
      const next = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env });
      expect(next.code, next.stderr).toBe(0);
      // notes' scan, manifest and tree verdicts at least, from the batches the interrupted run wrote.
      expect(next.json.verdictCache.hits).toBeGreaterThanOrEqual(3);
    } finally {
      await slow.close();
    }
  });

  it('SIGTERM mid-extraction: exit 143 and the staging folder is gone at once (not only next run)', async () => {
    const ws = await workspace();
    const before = snapshotTree(ws);
    const run = start(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws], { SKILLPIN_TEST_PAUSE_AT: 'mid-extract' });
    await until(() => run.stderr().includes('paused at mid-extract'), 'the mid-extract pause');
    expect(readdirSync(join(ws, 'skills')).some((n) => n.startsWith('.skillpin-staging-'))).toBe(true);
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(143);
    expect(snapshotTree(ws)).toEqual(before);
    expect(leftovers(ws)).toEqual([]);
  });

  it('SIGINT inside the commit section is held until the swap and lock write finish: state is complete, exit 130', async () => {
    const ws = await workspace();
    const run = start(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws], { SKILLPIN_TEST_PAUSE_AT: 'after-swap-before-lock' });
    await until(() => run.stderr().includes('paused at after-swap-before-lock'), 'the commit-section pause');
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('finishing the step in progress');
    const lock = lockOf(ws);
    expect(lock.skills.weather?.version).toBe('1.4.0');
    expect(await folderMatches(join(ws, 'skills', 'weather'), lock.skills.weather?.files ?? {})).toBe(true);
    expect(leftovers(ws)).toEqual([]);
  });
});

describe('concurrency: one workspace, one writer at a time', () => {
  it('a run waiting for the mutex takes it even when the failed holder took away the .clawhub it had made', async () => {
    const clawhub = join(tempDir(), '.clawhub');
    const releaseA = await acquireWorkspaceMutex(clawhub);
    let waited = false;
    const b = acquireWorkspaceMutex(clawhub, { waitMs: 10_000, onWait: () => (waited = true) });
    await new Promise((r) => setTimeout(r, 250));
    expect(waited).toBe(true);
    // What withWorkspace does after a failed run that made .clawhub: let go, then remove it.
    await releaseA();
    rmdirSync(clawhub);
    const releaseB = await b;
    expect(existsSync(join(clawhub, '.skillpin.lock'))).toBe(true);
    await releaseB();
  });

  it('a second run waits with a message, then fails with EBUSY (exit 2) after SKILL_LOCK_WAIT_MS; the holder is unharmed', async () => {
    const ws = await workspace();
    const holder = start(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws], { SKILLPIN_TEST_PAUSE_AT: 'after-download' });
    await until(() => holder.stderr().includes('paused at after-download'), 'the holder to take the workspace');
    const before = lockText(ws);
    const t0 = Date.now();
    const second = await runCli(['add', 'translator@1.0.0', '--yes', '--registry', reg.url, '--cwd', ws, '--json'], { env: { SKILL_CACHE: cache, SKILL_LOCK_WAIT_MS: '1500' } });
    const waited = Date.now() - t0;
    expect(second.code).toBe(2);
    expect(second.json.error.code).toBe('EBUSY');
    expect(second.stderr).toContain('waiting for another skillpin run on this workspace');
    expect(second.json.error.message).toContain(`pid ${holder.child.pid}`);
    expect(waited).toBeGreaterThanOrEqual(1500);
    expect(lockText(ws)).toBe(before);
    holder.child.kill('SIGTERM');
    expect((await holder.done).code).toBe(143);
    expect(leftovers(ws)).toEqual([]);
  });

  it('four parallel adds on one workspace serialise: every pin lands, none is lost, every folder matches', async () => {
    const ws = await workspace();
    const specs = ['weather@1.4.0', 'translator@1.0.0', 'gifgrep@1.0.0', '@acme/summarize@1.0.0'];
    const runs = await Promise.all(specs.map((s) => runCli(['add', s, '--yes', '--registry', reg.url, '--cwd', ws], { env: { SKILL_CACHE: cache } })));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const lock = lockOf(ws);
    expect(Object.keys(lock.skills).sort()).toEqual(['@acme/summarize', 'gifgrep', 'notes', 'translator', 'weather']);
    for (const [name, entry] of Object.entries(lock.skills)) {
      const folder = name.startsWith('@') ? name.slice(1).replace('/', '+') : name;
      expect(await folderMatches(join(ws, 'skills', folder), entry.files ?? {}), name).toBe(true);
    }
    expect(leftovers(ws)).toEqual([]);
  });

  it('replaces a stale holder: a dead pid on this host at once, any holder older than the stale age', async () => {
    const ws = await workspace();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('close', r));
    const mutex = join(ws, '.clawhub', '.skillpin.lock');
    writeFileSync(mutex, JSON.stringify({ pid: dead.pid, host: hostname(), at: new Date().toISOString() }));
    const r1 = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws], { env: { SKILL_CACHE: cache, SKILL_LOCK_WAIT_MS: '0' } });
    expect(r1.code, r1.stderr).toBe(0);
    // A live pid (this test runner) on another host, 11 minutes old: stale by age.
    writeFileSync(mutex, JSON.stringify({ pid: process.pid, host: 'elsewhere', at: new Date(Date.now() - 11 * 60_000).toISOString() }));
    const old = (Date.now() - 11 * 60_000) / 1000;
    utimesSync(mutex, old, old);
    const r2 = await runCli(['remove', 'weather', '--cwd', ws], { env: { SKILL_CACHE: cache, SKILL_LOCK_WAIT_MS: '0' } });
    expect(r2.code, r2.stderr).toBe(0);
    // A fresh live holder is respected.
    writeFileSync(mutex, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    const r3 = await runCli(['remove', 'notes', '--cwd', ws, '--json'], { env: { SKILL_CACHE: cache, SKILL_LOCK_WAIT_MS: '200' } });
    expect(r3.json.error.code).toBe('EBUSY');
    expect(lockOf(ws).skills.notes).toBeDefined();
  });
});
