// Two workspaces that claim one sandbox outside both at the same moment (.skillpin-workspace):
// the other run's record is made to land inside this run's claim, where the race lands, and only
// one of the two may win. The loser is refused even though the winner's workspace has no lock yet
// (its first add is still running).

import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const race: { on: 'link' | 'rename' | null; run: () => void } = { on: null, run: () => undefined };
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  // The other run's claim lands just before this run's call that would put its own record in place.
  const fire = (on: 'link' | 'rename', paths: unknown[]) => {
    if (race.on === on && paths.some((p) => basename(String(p)) === '.skillpin-workspace')) {
      race.on = null;
      race.run();
    }
  };
  const link = (async (a: string, b: string) => {
    fire('link', [b]);
    return real.link(a, b);
  }) as typeof real.link;
  const rename = (async (a: string, b: string) => {
    fire('rename', [a, b]);
    return real.rename(a, b);
  }) as typeof real.rename;
  return { ...real, default: { ...real, link, rename }, link, rename };
});

const { OWNER_MARK, prepareSandboxRoot, removeMadeRoot } = await import('../src/sandbox/index.js');

const dirs: string[] = [];
afterEach(async () => {
  race.on = null;
  for (const d of dirs.splice(0)) await fsp.rm(d, { recursive: true, force: true });
});

function setup(): { a: string; b: string; root: string; record: (ws: string) => string; owner: () => string } {
  const base = realpathSync(mkdirTemp());
  const a = join(base, 'a');
  const b = join(base, 'b');
  const root = join(base, 'volume', 'skills');
  for (const d of [join(a, '.clawhub'), join(b, '.clawhub'), root]) mkdirSync(d, { recursive: true });
  return {
    a,
    b,
    root,
    record: (ws) => `${JSON.stringify({ skillpin: 'the workspace whose .clawhub/lock.json pins the skills in this sandbox', workspace: ws }, null, 2)}\n`,
    owner: () => (JSON.parse(readFileSync(join(root, OWNER_MARK), 'utf8')) as { workspace: string }).workspace,
  };
}

function mkdirTemp(): string {
  const d = join(tmpdir(), `skillpin-claim-race-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(d);
  dirs.push(d);
  return d;
}

describe('two workspaces claiming one sandbox at once: one wins, the other is refused', () => {
  it('a first claim: the other run linked its record first (its workspace has no lock yet): ESANDBOX, its record stays', async () => {
    const { a, b, root, record, owner } = setup();
    race.on = 'link';
    race.run = () => writeFileSync(join(root, OWNER_MARK), record(b));
    await expect(prepareSandboxRoot({ root, clawhubDir: join(a, '.clawhub'), claimFor: a })).rejects.toMatchObject({ code: 'ESANDBOX' });
    expect(owner()).toBe(b);
  });

  it('a take-over of a record naming a workspace gone: the other run took it over first: ESANDBOX, its record stays', async () => {
    const { a, b, root, record, owner } = setup();
    writeFileSync(join(root, OWNER_MARK), record(join(a, '..', 'moved-away')));
    race.on = 'rename';
    race.run = () => writeFileSync(join(root, OWNER_MARK), record(b));
    await expect(prepareSandboxRoot({ root, clawhubDir: join(a, '.clawhub'), claimFor: a })).rejects.toMatchObject({ code: 'ESANDBOX' });
    expect(owner()).toBe(b);
  });

  it('with no other run, the claim and the take-over both succeed', async () => {
    const { a, root, record, owner } = setup();
    await prepareSandboxRoot({ root, clawhubDir: join(a, '.clawhub'), claimFor: a });
    expect(owner()).toBe(a);
    writeFileSync(join(root, OWNER_MARK), record(join(a, '..', 'moved-away')));
    await prepareSandboxRoot({ root, clawhubDir: join(a, '.clawhub'), claimFor: a });
    expect(owner()).toBe(a);
    expect((await fsp.readdir(root)).sort()).toEqual([OWNER_MARK]);
  });

  it("the loser, which made the root, takes away only its own claim: the winner's claim and root stay (after a failure and after Ctrl-C)", async () => {
    // One clean-up serves the failure path and the Ctrl-C handler (removeMadeRoot is synchronous).
    {
      const remove = removeMadeRoot;
      const { a, b, root, record, owner } = setup();
      await fsp.rmdir(root);
      race.on = 'link';
      race.run = () => writeFileSync(join(root, OWNER_MARK), record(b));
      const ctx = { root, clawhubDir: join(a, '.clawhub'), claimFor: a };
      await expect(prepareSandboxRoot(ctx)).rejects.toMatchObject({ code: 'ESANDBOX' });
      // withWorkspace's clean-up of the root this run made (it did not exist before).
      remove(ctx);
      expect(owner(), remove.name).toBe(b);
      // Its own claim, alone in the root, still goes with the root.
      writeFileSync(join(root, OWNER_MARK), record(a));
      remove(ctx);
      expect((await fsp.stat(root).catch(() => null)) === null, remove.name).toBe(true);
    }
  });
});
