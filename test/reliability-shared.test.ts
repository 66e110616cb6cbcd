// Reliability, round 3: files skillpin shares with other writers (the clawhub CLI and OpenClaw
// write .clawhub/lock.json without skillpin's mutex; OpenClaw owns openclaw.json) and files a
// killed run leaves beside them. A change another tool made while a run worked is kept, never
// overwritten; a write that fails names its file and leaves nothing half-written.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { add } from '../src/commands/add.js';
import { SkillpinError } from '../src/errors.js';
import { readLock, saveLock } from '../src/lockfile/index.js';
import { derivePolicy, policyFragment, writePolicy } from '../src/policy/index.js';
import type { UI } from '../src/ui/index.js';
import { acquireWorkspaceMutex } from '../src/workspace/index.js';
import { writeFileAtomic } from '../src/fsutil/index.js';
import { makeWorkspace, ROOT, runCli, snapshotTree, tempDir, useFixtureRegistry } from './helpers.js';

const { fx, env } = useFixtureRegistry();

function cli(args: string[], ws: string, extra: NodeJS.ProcessEnv = {}) {
  return runCli([...args, '--cwd', ws, '--registry', fx.reg.url], { env: { ...env(), ...extra } });
}

async function workspace(specs: string[]): Promise<string> {
  const ws = makeWorkspace();
  for (const spec of specs) {
    const r = await cli(['add', spec, '--yes'], ws);
    expect(r.code, r.stderr).toBe(0);
  }
  return ws;
}

const lockFile = (ws: string) => join(ws, '.clawhub', 'lock.json');
const readLockJson = (ws: string) => JSON.parse(readFileSync(lockFile(ws), 'utf8')) as { skills: Record<string, Record<string, unknown>>; [k: string]: unknown };

/** A person at a terminal who, while the review is on screen, lets `meanwhile` run (another tool writing the lock), then says yes. */
function terminalThatWaits(meanwhile: () => void): UI {
  return { info: () => {}, warn: () => {}, interactive: true, progress: () => {}, prompter: { confirm: async () => (meanwhile(), true) } };
}

/** The clawhub CLI's own edit of the lock: its formatting, its fields. */
function clawhubWrites(ws: string, edit: (doc: ReturnType<typeof readLockJson>) => void): void {
  const doc = readLockJson(ws);
  edit(doc);
  writeFileSync(lockFile(ws), JSON.stringify(doc, null, 2));
}

function leftovers(ws: string): string[] {
  const out: string[] = [];
  const jdir = join(ws, '.clawhub', '.skillpin-journal');
  if (existsSync(jdir)) out.push(...readdirSync(jdir).map((n) => `journal/${n}`));
  out.push(...readdirSync(join(ws, '.clawhub')).filter((n) => n.endsWith('.tmp') || n === '.skillpin.lock'));
  if (existsSync(join(ws, 'skills'))) out.push(...readdirSync(join(ws, 'skills')).filter((n) => n.startsWith('.skillpin-')));
  return out;
}

describe('the lock written by the clawhub CLI while a run waits at its review prompt', () => {
  it('a skill the clawhub CLI pinned meanwhile is kept beside the one added (it was lost: the run wrote the lock it read at its start)', async () => {
    const ws = await workspace(['notes@1.0.0']);
    const theirs = { version: '2.0.0', installedAt: 1764000000000 };
    const r = await add({
      cwd: ws,
      registry: fx.reg.url,
      spec: 'weather@1.4.0',
      env: { ...process.env, ...env() },
      ui: terminalThatWaits(() => clawhubWrites(ws, (doc) => {
        doc.skills['gifgrep'] = theirs;
        doc.clawhubField = 'kept';
      })),
    });
    expect(r.entry.version).toBe('1.4.0');
    const lock = readLockJson(ws);
    expect(Object.keys(lock.skills).sort()).toEqual(['gifgrep', 'notes', 'weather']);
    expect(lock.skills.gifgrep).toEqual(theirs);
    expect(lock.clawhubField).toBe('kept');
    expect(lock.skills.weather?.version).toBe('1.4.0');
    expect(leftovers(ws)).toEqual([]);
  });

  it('a skill the clawhub CLI removed meanwhile stays removed', async () => {
    const ws = await workspace(['notes@1.0.0']);
    await add({
      cwd: ws,
      registry: fx.reg.url,
      spec: 'weather@1.4.0',
      env: { ...process.env, ...env() },
      ui: terminalThatWaits(() => clawhubWrites(ws, (doc) => {
        delete doc.skills.notes;
      })),
    });
    expect(Object.keys(readLockJson(ws).skills)).toEqual(['weather']);
  });

  it('a top-level field both changed is named as a field, not as a skill', async () => {
    const dir = tempDir();
    const path = join(dir, 'lock.json');
    writeFileSync(path, JSON.stringify({ version: 1, skills: {}, note: 'a' }));
    const loaded = await readLock(path);
    (loaded.lock as unknown as Record<string, unknown>).note = 'ours';
    writeFileSync(path, JSON.stringify({ version: 1, skills: {}, note: 'theirs' }));
    const err = await saveLock(loaded).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ELOCKFILE', facts: { skills: [], fields: ['note'] } });
    expect((err as Error).message).toContain('both changed the field "note"');
  });

  it('the same skill changed by both: ELOCKFILE naming it, the lock as the clawhub CLI wrote it, the folder as before the run', async () => {
    const ws = await workspace(['notes@1.0.0', 'weather@1.4.0']);
    const folderBefore = snapshotTree(join(ws, 'skills', 'weather'));
    let written = '';
    const err = await add({
      cwd: ws,
      registry: fx.reg.url,
      spec: 'weather@1.5.0',
      env: { ...process.env, ...env() },
      ui: terminalThatWaits(() => {
        clawhubWrites(ws, (doc) => {
          doc.skills.weather = { version: '9.9.9', installedAt: 1764000000000 };
        });
        written = readFileSync(lockFile(ws), 'utf8');
      }),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SkillpinError);
    expect(err).toMatchObject({ code: 'ELOCKFILE', facts: { skills: ['weather'] } });
    expect((err as Error).message).toContain('changed by another tool');
    expect(readFileSync(lockFile(ws), 'utf8')).toBe(written);
    expect(snapshotTree(join(ws, 'skills', 'weather'))).toEqual(folderBefore);
    expect(leftovers(ws)).toEqual([]);
  });
});

/** A pid no process has now: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid;
}

describe('the attestations store in .clawhub: a temp file a killed run leaves, a full disk', () => {
  it('a temp file a SIGKILL left beside the stored attestations is swept by the next mutating run (it stayed in .clawhub for good)', async () => {
    const ws = await workspace(['notes@1.0.0', 'weather@1.4.0']);
    const dir = join(ws, '.clawhub', 'attestations');
    const stored = readdirSync(dir).filter((n) => n.endsWith('.json'));
    expect(stored.length).toBeGreaterThan(0);
    const pid = deadPid();
    // As writeFileAtomic names one now, and as the store named its own before.
    const temps = [`.${stored[0]}.${pid}.0badc0de.tmp`, `${stored[0]}.${pid}.0123456789ab.tmp`];
    for (const t of temps) writeFileSync(join(dir, t), '{"attestations":[');
    const r = await cli(['install'], ws);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([...stored].sort());
    expect((await cli(['verify'], ws)).code).toBe(0);
  });

  it('disk full (ENOSPC) while storing the new version\'s attestations: EFS naming the file, exit 2, nothing changed, no temp file', async () => {
    const scratch = await workspace(['weather@1.5.0']);
    const integrity = String(readLockJson(scratch).skills.weather?.integrity);
    const name = `${Buffer.from(integrity.replace(/^sha512-/, ''), 'base64').toString('hex')}.json`;
    expect(existsSync(join(scratch, '.clawhub', 'attestations', name))).toBe(true);
    const ws = await workspace(['notes@1.0.0', 'weather@1.4.0']);
    const before = snapshotTree(ws);
    const r = await cli(['update', 'weather', '--to', '1.5.0', '--yes', '--json'], ws, { SKILLPIN_TEST_ENOSPC_AT: name });
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'EFS', errno: 'ENOSPC', syscall: 'write' });
    expect(r.json.error.message).toContain(`write ${join(ws, '.clawhub', 'attestations', name)}`);
    expect(r.json.error.hint).toContain('The device is full');
    expect(snapshotTree(ws)).toEqual(before);
    expect(leftovers(ws)).toEqual([]);
  });
});

describe("skill policy --write and OpenClaw's config: a full disk, a killed run, OpenClaw writing meanwhile", () => {
  const ORIGINAL = '// set up by hand\n{ gateway: { port: 18789 }, tools: { allow: ["read"] } }\n';
  const OLDER_BAK = '// the file before the last policy write\n{ gateway: { port: 1 } }\n';

  /** A workspace with weather pinned, and an OpenClaw folder holding openclaw.json and an older .bak. */
  async function setup(): Promise<{ ws: string; dir: string; cfg: string }> {
    const ws = await workspace(['weather@1.4.0']);
    const dir = tempDir('skillpin-oc-');
    chmodSync(dir, 0o700);
    const cfg = join(dir, 'openclaw.json');
    writeFileSync(cfg, ORIGINAL, { mode: 0o600 });
    writeFileSync(`${cfg}.bak`, OLDER_BAK, { mode: 0o600 });
    return { ws, dir, cfg };
  }

  for (const file of ['openclaw.json', 'openclaw.json.bak']) {
    it(`disk full (ENOSPC) at ${file}: EFS naming it, exit 2; openclaw.json and its .bak as they were, no temp file (a full disk at the file replaced the .bak first)`, async () => {
      const { ws, dir, cfg } = await setup();
      const before = snapshotTree(dir);
      const r = await cli(['policy', '--write', cfg, '--json'], ws, { SKILLPIN_TEST_ENOSPC_AT: file });
      expect(r.code, r.stderr).toBe(2);
      expect(r.json.error).toMatchObject({ code: 'EFS', errno: 'ENOSPC', syscall: 'write' });
      expect(r.json.error.message).toContain(`write ${join(dir, file)}`);
      expect(r.json.error.hint).toContain('The device is full');
      expect(snapshotTree(dir)).toEqual(before);
    });
  }

  it('temp files a killed run left beside openclaw.json and its .bak are swept by the next write; a live process\'s is not touched', async () => {
    const { ws, dir, cfg } = await setup();
    const dead = deadPid();
    const stale = [`.openclaw.json.${dead}.0badc0de.tmp`, `.openclaw.json.bak.${dead}.0123456789ab.tmp`];
    // One a run still going writes (this process is alive), and a file of OpenClaw's own.
    const kept = [`.openclaw.json.${process.pid}.0badc0de.tmp`, '.openclaw.json.lock.tmp'];
    for (const n of [...stale, ...kept]) writeFileSync(join(dir, n), '{');
    const r = await cli(['policy', '--write', cfg], ws);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([...kept, 'openclaw.json', 'openclaw.json.bak'].sort());
    expect(readFileSync(`${cfg}.bak`, 'utf8')).toBe(ORIGINAL);
  });

  it('OpenClaw writing openclaw.json after skillpin read it: ECONFIG, its change kept, the .bak as it was', async () => {
    const dir = tempDir('skillpin-oc-');
    const cfg = join(dir, 'openclaw.json');
    writeFileSync(cfg, ORIGINAL, { mode: 0o600 });
    writeFileSync(`${cfg}.bak`, OLDER_BAK, { mode: 0o600 });
    const openclaws = '{ "gateway": { "port": 18790 }, "tools": { "allow": ["read"] } }\n';
    const fragment = policyFragment(derivePolicy([]), { sandboxDir: '/ws/skills', mount: '/skills' });
    // The merge's last check runs after the read and before any write: OpenClaw writes there.
    const err = await writePolicy(cfg, fragment, () => writeFileSync(cfg, openclaws)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ECONFIG' });
    expect((err as Error).message).toContain('changed by another program');
    expect(readFileSync(cfg, 'utf8')).toBe(openclaws);
    expect(readFileSync(`${cfg}.bak`, 'utf8')).toBe(OLDER_BAK);
    expect(readdirSync(dir).sort()).toEqual(['openclaw.json', 'openclaw.json.bak']);
  });
});

describe("the verdict cache's per-user key: a create a SIGKILL cut short", () => {
  it('leaves its temporary file, which the next run removes, before or after the link into place (it stayed in the config folder for good); a live run\'s is not touched', async () => {
    const ws = await workspace(['notes@1.0.0']);
    const cfg = tempDir();
    const dir = join(cfg, 'skillpin');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stale = `verdict-cache.key.${deadPid()}.0badc0de.tmp`;
    const live = `verdict-cache.key.${process.pid}.0badc0de.tmp`;
    for (const n of [stale, live]) writeFileSync(join(dir, n), 'a'.repeat(64), { mode: 0o600 });
    const r = await cli(['install', '--frozen', '--json'], ws, { SKILLPIN_CACHE_KEY: '', XDG_CONFIG_HOME: cfg });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.verdictCache.enabled).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([live, 'verdict-cache.key'].sort());
    // Killed after the link, before it removed its temporary name: the key is there, and so is that name.
    const afterLink = `verdict-cache.key.${deadPid()}.feedc0de.tmp`;
    writeFileSync(join(dir, afterLink), readFileSync(join(dir, 'verdict-cache.key')), { mode: 0o600 });
    const next = await cli(['install', '--frozen', '--json'], ws, { SKILLPIN_CACHE_KEY: '', XDG_CONFIG_HOME: cfg });
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([live, 'verdict-cache.key'].sort());
  });
});

describe('the workspace mutex: two runs that find one dead holder, and a holder path that is no file', () => {
  it('only one of them takes it: the other, which judged the same holder stale first, waits (it removed the first one\'s fresh holder file, and both held the workspace)', async () => {
    const clawhub = join(tempDir(), '.clawhub');
    mkdirSync(clawhub);
    const holderFile = join(clawhub, '.skillpin.lock');
    writeFileSync(holderFile, JSON.stringify({ pid: deadPid(), host: hostname(), at: '2026-01-01T00:00:00Z' }));
    let atBreak!: () => void;
    const reachedBreak = new Promise<void>((r) => (atBreak = r));
    let resume!: () => void;
    const resumed = new Promise<void>((r) => (resume = r));
    let waiting!: () => void;
    const waits = new Promise<string>((r) => (waiting = () => r('waits for the holder')));
    let held = false;
    const first = acquireWorkspaceMutex(clawhub, {
      waitMs: 60_000,
      onWait: () => waiting(),
      beforeBreak: async () => {
        if (held) return;
        held = true;
        atBreak();
        await resumed;
      },
    });
    // The first run has judged the dead holder stale; before it removes the file, a second run takes the mutex.
    await reachedBreak;
    const releaseSecond = await acquireWorkspaceMutex(clawhub, { waitMs: 1000 });
    const secondsRecord = readFileSync(holderFile, 'utf8');
    resume();
    expect(await Promise.race([first.then(() => 'took the mutex'), waits])).toBe('waits for the holder');
    expect(readFileSync(holderFile, 'utf8')).toBe(secondsRecord);
    await releaseSecond();
    const releaseFirst = await first;
    expect(JSON.parse(readFileSync(holderFile, 'utf8')).pid).toBe(process.pid);
    await releaseFirst();
    expect(existsSync(holderFile)).toBe(false);
  });

  it('a live holder on this host whose file looks 20 minutes old (the machine slept, or the clock was set forward) is kept: EBUSY, not replaced', async () => {
    const clawhub = join(tempDir(), '.clawhub');
    const release = await acquireWorkspaceMutex(clawhub);
    const holderFile = join(clawhub, '.skillpin.lock');
    const record = readFileSync(holderFile, 'utf8');
    // The wall clock moved 20 minutes past the holder's last touch; its heartbeat timer did not fire.
    const old = (Date.now() - 20 * 60_000) / 1000;
    utimesSync(holderFile, old, old);
    await expect(acquireWorkspaceMutex(clawhub, { waitMs: 300 })).rejects.toMatchObject({ code: 'EBUSY' });
    expect(readFileSync(holderFile, 'utf8')).toBe(record);
    await release();
  });

  it('a holder record whose pid is alive but started at another time (a reused pid) is stale at once, not after 10 minutes', async () => {
    const clawhub = join(tempDir(), '.clawhub');
    mkdirSync(clawhub);
    const holderFile = join(clawhub, '.skillpin.lock');
    // This process is alive; the record names a process of its pid that started at boot.
    writeFileSync(holderFile, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString(), start: '1' }));
    const release = await acquireWorkspaceMutex(clawhub, { waitMs: 2000 });
    expect(JSON.parse(readFileSync(holderFile, 'utf8')).start).toMatch(/^\d+$/);
    await release();
  });

  it('a run whose holder file another host\'s run replaced (judged stale) leaves that file when it ends (it removed it, letting a third run in)', async () => {
    const clawhub = join(tempDir(), '.clawhub');
    const release = await acquireWorkspaceMutex(clawhub);
    const holderFile = join(clawhub, '.skillpin.lock');
    const theirs = JSON.stringify({ pid: 4242, host: 'elsewhere', at: new Date().toISOString() });
    writeFileSync(holderFile, theirs);
    await release();
    expect(readFileSync(holderFile, 'utf8')).toBe(theirs);
  });

  it('Ctrl-C leaves a holder file another host\'s run took over (it removed any file at that path), and removes its own', async () => {
    const ws = await workspace(['notes@1.0.0']);
    const holderFile = join(ws, '.clawhub', '.skillpin.lock');
    const theirs = JSON.stringify({ pid: 4242, host: 'elsewhere', at: new Date().toISOString() });
    for (const takenOver of [true, false]) {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'skill.js'), 'add', 'weather@1.4.0', '--yes', '--cwd', ws, '--registry', fx.reg.url], {
        env: { ...process.env, ...env(), SKILLPIN_TEST_PAUSE_AT: 'after-download' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      const paused = new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => ((stderr += d), stderr.includes('paused at after-download') && resolve())));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      child.stdout.resume();
      await paused;
      expect(JSON.parse(readFileSync(holderFile, 'utf8')).pid).toBe(child.pid);
      if (takenOver) writeFileSync(holderFile, theirs);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
      if (takenOver) expect(readFileSync(holderFile, 'utf8')).toBe(theirs);
      else expect(existsSync(holderFile)).toBe(false);
      rmSync(holderFile, { force: true });
    }
  });

  it('a folder where the holder file goes is EBUSY naming it, at once (the run spun at full CPU without end)', async () => {
    const ws = await workspace(['notes@1.0.0']);
    mkdirSync(join(ws, '.clawhub', '.skillpin.lock'));
    const before = snapshotTree(ws);
    const r = await cli(['remove', 'notes', '--json'], ws, { SKILL_LOCK_WAIT_MS: '60000' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'EBUSY' });
    expect(r.json.error.message).toContain(join(ws, '.clawhub', '.skillpin.lock'));
    expect(r.json.error.hint).toContain('Remove');
    expect(snapshotTree(ws)).toEqual(before);
  });
});

describe('skill remove on a sandbox that cannot be written', () => {
  it('a folder that cannot be moved (a read-only mount: EROFS) is EFS naming it, exit 2, and the lock still pins it (the lock was written first, then the removal failed)', async () => {
    const ws = await workspace(['notes@1.0.0', 'weather@1.4.0']);
    const before = snapshotTree(ws);
    const r = await cli(['remove', 'notes', '--json'], ws, { SKILLPIN_TEST_EROFS_AT: 'notes' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'EFS', errno: 'EROFS', syscall: 'rename' });
    expect(r.json.error.message).toContain(join(ws, 'skills', 'notes'));
    expect(r.json.error.hint).toContain('read-only');
    expect(snapshotTree(ws)).toEqual(before);
    expect(leftovers(ws)).toEqual([]);
    expect((await cli(['verify'], ws)).code).toBe(0);
    const again = await cli(['remove', 'notes'], ws);
    expect(again.code, again.stderr).toBe(0);
    expect(Object.keys(readLockJson(ws).skills)).toEqual(['weather']);
    expect(existsSync(join(ws, 'skills', 'notes'))).toBe(false);
  });
});

describe('the download cache: temporary files a killed run left among the verdicts', () => {
  it('skill cache prune removes those whose run is gone and counts them; a live run\'s stay (they stayed until clean --verdicts)', async () => {
    const ws = await workspace(['notes@1.0.0']);
    const dir = join(fx.cache, 'verdicts-v1', 'scan', 'ab');
    mkdirSync(dir, { recursive: true });
    const dead = `abcd.json.${deadPid()}.0badc0de.0.tmp`;
    const live = `abcd.json.${process.pid}.0badc0de.1.tmp`;
    for (const n of [dead, live]) writeFileSync(join(dir, n), '{"mac":');
    const dry = await cli(['cache', 'prune', '--dry-run', '--json'], ws);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json.removed.temps).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([dead, live].sort());
    const r = await cli(['cache', 'prune'], ws);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 temporary file a killed run left among the verdicts');
    expect(readdirSync(dir)).toEqual([live]);
  });
});

describe('an interrupted removal and another tool that installed the skill again before the next run', () => {
  it("the next run completes the removal without deleting the folder the lock now pins (it moved the other tool's folder aside and deleted it)", async () => {
    const ws = await workspace(['notes@1.0.0', 'weather@1.4.0']);
    // Killed after the folder was moved aside, before the lock was replaced.
    const killed = await cli(['remove', 'weather'], ws, { SKILLPIN_TEST_CRASH_AT: 'mid-lock-write' });
    expect(killed.code).not.toBe(0);
    expect(existsSync(join(ws, 'skills', 'weather'))).toBe(false);
    // The clawhub CLI installs weather again: its folder, its entry.
    mkdirSync(join(ws, 'skills', 'weather'));
    writeFileSync(join(ws, 'skills', 'weather', 'SKILL.md'), '---\nname: weather\ndescription: Weather.\n---\n');
    clawhubWrites(ws, (doc) => {
      doc.skills.weather = { version: '2.0.0', installedAt: 1764000000000 };
    });
    const r = await cli(['remove', 'notes'], ws);
    expect(r.code, r.stderr).toBe(0);
    expect(readLockJson(ws).skills.weather).toEqual({ version: '2.0.0', installedAt: 1764000000000 });
    expect(readFileSync(join(ws, 'skills', 'weather', 'SKILL.md'), 'utf8')).toContain('name: weather');
    expect(leftovers(ws)).toEqual([]);
  });
});

describe('the workspace mutex: a holder in another pid namespace under the same host name', () => {
  it("a fresh holder record from another pid namespace (a container with the host's name) is not judged by this namespace's pids: EBUSY, not taken", async () => {
    const clawhub = join(tempDir(), '.clawhub');
    mkdirSync(clawhub);
    const holderFile = join(clawhub, '.skillpin.lock');
    // Pid 1 is alive in every namespace, and here it is another process than the container's pid 1.
    const record = JSON.stringify({ pid: 1, host: hostname(), at: new Date().toISOString(), start: '999999999999', pidns: 'pid:[1]' });
    writeFileSync(holderFile, record);
    await expect(acquireWorkspaceMutex(clawhub, { waitMs: 300 })).rejects.toMatchObject({ code: 'EBUSY' });
    expect(readFileSync(holderFile, 'utf8')).toBe(record);
    // The record this run writes names its own namespace.
    rmSync(holderFile);
    const release = await acquireWorkspaceMutex(clawhub, { waitMs: 300 });
    expect(JSON.parse(readFileSync(holderFile, 'utf8')).pidns).toMatch(/^pid:\[\d+\]$/);
    await release();
  });
});

describe("temp files on a home another machine or container shares: a sweep judges only this machine's pids", () => {
  it("a live run's temp file of another machine (its pid not alive here) is left beside openclaw.json; this machine's dead one goes", async () => {
    const dir = tempDir('skillpin-oc-');
    chmodSync(dir, 0o700);
    const cfg = join(dir, 'openclaw.json');
    writeFileSync(cfg, '{ "tools": { "allow": ["read"] } }\n', { mode: 0o600 });
    // The name writeFileAtomic gives a temp file names the machine: seen from inside a write.
    const during: string[] = [];
    await writeFileAtomic(join(dir, 'probe.json'), '{}', 0o600, { beforeRename: async () => void during.push(...readdirSync(dir)) });
    rmSync(join(dir, 'probe.json'));
    const own = during.find((n) => n.startsWith('.probe.json.')) ?? '';
    const m = /^\.probe\.json\.(\d+)-([0-9a-f]{8})\.[0-9a-f]{8}\.tmp$/.exec(own);
    expect(m, own).not.toBeNull();
    const tag = (m as RegExpExecArray)[2] as string;
    const dead = deadPid();
    // Another machine's run, alive there; this machine's, killed.
    const othersLive = `.openclaw.json.${dead}-${tag === '00000000' ? '11111111' : '00000000'}.0badc0de.tmp`;
    const ownDead = `.openclaw.json.${dead}-${tag}.0badc0de.tmp`;
    for (const n of [othersLive, ownDead]) writeFileSync(join(dir, n), '{');
    await writePolicy(cfg, policyFragment(derivePolicy([]), { sandboxDir: '/ws/skills', mount: '/skills' }));
    expect(readdirSync(dir).sort()).toEqual([othersLive, 'openclaw.json', 'openclaw.json.bak'].sort());
  });
});

describe('the workspace mutex: a link where the holder file goes', () => {
  it('a link to nothing (a dangling symlink, as a repository can commit one) is EBUSY naming it, at once (the run spun at full CPU without end)', async () => {
    const clawhub = join(tempDir(), '.clawhub');
    mkdirSync(clawhub);
    const holderFile = join(clawhub, '.skillpin.lock');
    symlinkSync(join(clawhub, 'no-such-folder', 'holder'), holderFile);
    const started = Date.now();
    await expect(acquireWorkspaceMutex(clawhub, { waitMs: 60_000 })).rejects.toMatchObject({ code: 'EBUSY', message: expect.stringContaining(holderFile) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lstatSync(holderFile).isSymbolicLink()).toBe(true);
    // A link to itself (ELOOP) too.
    rmSync(holderFile);
    symlinkSync(holderFile, holderFile);
    await expect(acquireWorkspaceMutex(clawhub, { waitMs: 60_000 })).rejects.toMatchObject({ code: 'EBUSY' });
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 15_000);
});

describe('the workspace mutex: a holder file without a record whose time is ahead of this clock', () => {
  it('is EBUSY once the wait is over (it was waited on until this clock passed its time, past SKILL_LOCK_WAIT_MS)', async () => {
    const clawhub = join(tempDir(), '.clawhub');
    mkdirSync(clawhub);
    const holderFile = join(clawhub, '.skillpin.lock');
    writeFileSync(holderFile, '');
    // Written by a host whose clock is an hour ahead (a shared file system), or touched by hand.
    const ahead = (Date.now() + 3_600_000) / 1000;
    utimesSync(holderFile, ahead, ahead);
    const started = Date.now();
    await expect(acquireWorkspaceMutex(clawhub, { waitMs: 300 })).rejects.toMatchObject({ code: 'EBUSY', message: expect.stringContaining(holderFile) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readFileSync(holderFile, 'utf8')).toBe('');
  }, 15_000);
});

describe('an interrupted update and another tool that installed the skill again before the next run', () => {
  it("the next run keeps the folder and entry the other tool made (the roll-back deleted its folder and put the old version back under its entry)", async () => {
    const ws = await workspace(['notes@1.0.0', 'weather@1.4.0']);
    // Killed after the new folder was swapped in, before the lock was written.
    const killed = await cli(['update', 'weather', '--to', '1.5.0', '--yes'], ws, { SKILLPIN_TEST_CRASH_AT: 'after-swap-before-lock' });
    expect(killed.code).not.toBe(0);
    // The clawhub CLI installs weather again: its folder, its entry.
    rmSync(join(ws, 'skills', 'weather'), { recursive: true, force: true });
    mkdirSync(join(ws, 'skills', 'weather'));
    writeFileSync(join(ws, 'skills', 'weather', 'SKILL.md'), '---\nname: weather\ndescription: Weather, as the clawhub CLI installed it.\n---\n');
    clawhubWrites(ws, (doc) => {
      doc.skills.weather = { version: '2.0.0', installedAt: 1764000000000 };
    });
    const r = await cli(['remove', 'notes'], ws);
    expect(r.code, r.stderr).toBe(0);
    expect(readLockJson(ws).skills.weather).toEqual({ version: '2.0.0', installedAt: 1764000000000 });
    expect(readFileSync(join(ws, 'skills', 'weather', 'SKILL.md'), 'utf8')).toContain('as the clawhub CLI installed it');
    expect(leftovers(ws)).toEqual([]);
  });
});
