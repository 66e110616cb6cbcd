// Reliability, round 2: state left on disk by something other than a clean run (a journal naming
// another folder, a damaged mutex file, a full disk, an adoption cut short) is refused or repaired,
// never followed out of the sandbox, never an internal error, never a pin lost.

import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL_DIR } from '../src/pipeline/index.js';
import { acquireWorkspaceMutex } from '../src/workspace/index.js';
import { makeWorkspace, runCli, snapshotTree, tempDir, useFixtureRegistry } from './helpers.js';

const { fx, env } = useFixtureRegistry();

function cli(args: string[], ws: string, extra: NodeJS.ProcessEnv = {}) {
  return runCli([...args, '--cwd', ws, '--registry', fx.reg.url], { env: { ...env(), ...extra } });
}

/** A workspace holding notes@1.0.0 and weather@1.4.0. */
async function workspace(): Promise<string> {
  const ws = makeWorkspace();
  for (const spec of ['notes@1.0.0', 'weather@1.4.0']) {
    const r = await cli(['add', spec, '--yes'], ws);
    expect(r.code, r.stderr).toBe(0);
  }
  return ws;
}

describe('damaged state: a journal skillpin did not write for this sandbox', () => {
  it('a journal naming another sandbox root is refused (ESANDBOX), and nothing outside the sandbox is touched', async () => {
    const ws = await workspace();
    const victim = tempDir('skillpin-victim-');
    mkdirSync(join(victim, 'foo'));
    writeFileSync(join(victim, 'foo', 'data.txt'), 'keep me\n');
    const jdir = join(ws, '.clawhub', JOURNAL_DIR);
    mkdirSync(jdir, { recursive: true });
    // A removal of `foo` "interrupted" in a sandbox that is not this workspace's.
    writeFileSync(join(jdir, 'foo.json'), JSON.stringify({ version: 1, op: 'remove', name: 'foo', folder: 'foo', sandbox: victim, trash: '.skillpin-old-x', writeLock: true, previous: null, pid: 1, at: '2026-01-01T00:00:00Z' }));
    const before = snapshotTree(ws);
    const outside = snapshotTree(victim);

    const install = await cli(['install', '--json'], ws);
    expect(install.code, install.stderr).toBe(1);
    expect(install.json.error.code).toBe('ESANDBOX');
    expect(install.json.error.message).toContain(`not this workspace's sandbox ${join(ws, 'skills')}`);
    expect(snapshotTree(victim)).toEqual(outside);
    expect(snapshotTree(ws)).toEqual(before);

    // The gate does not tell the person to run the command that would follow it.
    const verify = await cli(['verify', '--json'], ws);
    expect(verify.code).toBe(1);
    expect(verify.json.error.code).toBe('ESANDBOX');
    expect(verify.json.error.hint).not.toContain('Run the same command again');
    expect(snapshotTree(victim)).toEqual(outside);
  });
});

describe('the workspace mutex: a holder file skillpin did not write, a holder that waits long', () => {
  for (const text of ['', 'null', '"x"', '[1]', '{"pid":"abc","host":5}', '{"pid":-1,"host":"h","at":"t"}']) {
    it(`a holder file holding ${JSON.stringify(text)} is torn, not a live holder: replaced once a second old`, async () => {
      const clawhub = join(tempDir(), '.clawhub');
      mkdirSync(clawhub);
      const file = join(clawhub, '.skillpin.lock');
      writeFileSync(file, text);
      const old = (Date.now() - 5000) / 1000;
      utimesSync(file, old, old);
      const release = await acquireWorkspaceMutex(clawhub, { waitMs: 2000 });
      expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
      await release();
    });
  }

  it('a holder touches its file while it holds it, so a run waiting at a review prompt longer than the stale age keeps it', async () => {
    const clawhub = join(tempDir(), '.clawhub');
    const releaseA = await acquireWorkspaceMutex(clawhub, { staleMs: 800 });
    await new Promise((r) => setTimeout(r, 1600));
    await expect(acquireWorkspaceMutex(clawhub, { staleMs: 800, waitMs: 400 })).rejects.toMatchObject({ code: 'EBUSY' });
    await releaseA();
    // Once released, the next run takes it at once.
    const releaseB = await acquireWorkspaceMutex(clawhub, { staleMs: 800, waitMs: 0 });
    await releaseB();
  });
});
