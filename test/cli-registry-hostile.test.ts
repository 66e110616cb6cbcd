// A hostile registry, mirror or ClawHub API against the resolve and fetch path, through the real
// CLI: each probe is an attack a server that answers skillpin could make. Where skillpin already
// refused it, the test documents the guarantee; the rest were closed with it (SECURITY.md).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssri from 'ssri';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClawhubServer } from '../registry-fixtures/clawhub-server.js';
import { closedPort, FIXTURE_BUILD, makeTarball, makeWorkspace, runCli, snapshotTree, startRegistry, useFixtureRegistry, type Registry } from './helpers.js';

const { fx, env } = useFixtureRegistry();
const lockPath = (ws: string): string => join(ws, '.clawhub', 'lock.json');
const lockOf = (ws: string) => JSON.parse(readFileSync(lockPath(ws), 'utf8'));
const tarballOf = (name: string, version: string): Buffer => readFileSync(join(FIXTURE_BUILD, name, '-', `${name}-${version}.tgz`));
const integrityOf = (b: Buffer): string => ssri.fromData(b, { algorithms: ['sha512'] }).toString();

/** Requests a server saw for tarballs or attestations (anything under `/-/`). */
const downloads = (r: Registry): string[] => r.requests.filter((q) => q.includes('/-/'));

async function withRegistries<T>(opts: Array<Parameters<typeof startRegistry>[0]>, fn: (...r: Registry[]) => Promise<T>): Promise<T> {
  const regs: Registry[] = [];
  try {
    for (const o of opts) regs.push(await startRegistry(o));
    return await fn(...regs);
  } finally {
    for (const r of regs) await r.close();
  }
}

/** `add` refused with `code` (exit `exit`), and the workspace exactly as it was. */
async function expectAddRefused(ws: string, args: string[], code: string, exit = 1, extra: NodeJS.ProcessEnv = {}): Promise<{ message: string; hint?: string }> {
  const before = snapshotTree(ws);
  const r = await runCli(['add', ...args, '--yes', '--cwd', ws, '--json'], { env: { ...env(), ...extra } });
  expect(r.json?.error?.code, r.stdout + r.stderr).toBe(code);
  expect(r.code).toBe(exit);
  expect(snapshotTree(ws)).toEqual(before);
  return r.json.error;
}

describe('a packument whose tarball lies elsewhere', () => {
  it('refuses a dist.tarball on another host than the registry (EREGISTRY): the lock would send install --frozen there', async () => {
    await withRegistries([{}], async (elsewhere) => {
      await withRegistries([{ editPackument: (doc) => {
        for (const v of Object.values(doc.versions)) v.dist.tarball = String(v.dist.tarball).replace(/^http:\/\/127\.0\.0\.1:\d+\//, elsewhere.url);
      } }], async (mirror) => {
        const ws = makeWorkspace();
        const err = await expectAddRefused(ws, ['notes@1.0.0', '--registry', mirror.url], 'EREGISTRY', 2);
        expect(err.message).toMatch(/is not on the registry \(http:\/\/127\.0\.0\.1:\d+\): its port \(\d+\) differs$/);
        expect(err.hint).toContain('dist.tarball');
        expect(downloads(elsewhere)).toEqual([]);
      });
    });
  });

  it('refuses a dist.tarball on the registry that carries a user name or password (EREGISTRY): the lock would hold it, and no later command could read that lock', async () => {
    await withRegistries([{ editPackument: (doc) => {
      for (const v of Object.values(doc.versions)) v.dist.tarball = String(v.dist.tarball).replace(/^http:\/\//, 'http://ci:s3cret@');
    } }], async (reg) => {
      const ws = makeWorkspace();
      const err = await expectAddRefused(ws, ['notes@1.0.0', '--registry', reg.url], 'EREGISTRY', 2);
      expect(err.message).toContain('carries credentials');
      expect(err.message).not.toContain('s3cret');
      expect(JSON.stringify(err)).not.toContain('s3cret');
      expect(downloads(reg)).toEqual([]);
    });
  });

  it('takes a registry asked as localhost whose packument names 127.0.0.1 (this machine either way), and pins the name it was asked by', async () => {
    await withRegistries([{ editPackument: (doc) => {
      for (const v of Object.values(doc.versions)) v.dist.tarball = String(v.dist.tarball).replace(/^http:\/\/localhost:/, 'http://127.0.0.1:');
    } }], async (reg) => {
      const ws = makeWorkspace();
      const asked = reg.url.replace('127.0.0.1', 'localhost');
      const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', asked, '--cwd', ws], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      expect(lockOf(ws).skills.notes.resolved).toBe(`${asked}notes/-/notes-1.0.0.tgz`);
    });
  });

  it("moves a mirror's registry.npmjs.org tarball URLs under the mirror, as npm does (replace-registry-host)", async () => {
    await withRegistries([{ editPackument: (doc) => {
      for (const v of Object.values(doc.versions)) v.dist.tarball = String(v.dist.tarball).replace(/^http:\/\/127\.0\.0\.1:\d+\//, 'https://registry.npmjs.org/');
    } }], async (mirror) => {
      const ws = makeWorkspace();
      // Offline whatever the code does: anything not on 127.0.0.1 goes to a proxy nothing listens on.
      const dead = `http://127.0.0.1:${await closedPort()}`;
      const offline = { HTTPS_PROXY: dead, HTTP_PROXY: dead, NO_PROXY: '127.0.0.1' };
      const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', mirror.url, '--cwd', ws], { env: { ...env(), ...offline } });
      expect(r.code, r.stderr).toBe(0);
      expect(lockOf(ws).skills.notes.resolved).toBe(`${mirror.url}notes/-/notes-1.0.0.tgz`);
      expect(downloads(mirror)).toContain('GET /notes/-/notes-1.0.0.tgz');
    });
  });

  it('a redirect to another host is followed (registries hand tarballs to a CDN), but only the pinned bytes pass and the lock keeps the registry URL', async () => {
    await withRegistries([{}, { replaceTarball: { 'notes/-/notes-1.0.0.tgz': tarballOf('notes', '1.1.0') } }], async (cdn, forged) => {
      const redirectTo = (target: Registry) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): boolean => {
        if (!req.url?.endsWith('.tgz')) return false;
        res.writeHead(302, { location: new URL(req.url.slice(1), target.url).href }).end();
        return true;
      };
      await withRegistries([{ fault: redirectTo(forged) }, { fault: redirectTo(cdn) }], async (toForged, toCdn) => {
        const ws = makeWorkspace();
        await expectAddRefused(ws, ['notes@1.0.0', '--registry', toForged.url], 'EINTEGRITY');
        expect(downloads(forged)).toEqual(['GET /notes/-/notes-1.0.0.tgz']);
        const ok = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', toCdn.url, '--cwd', ws], { env: env() });
        expect(ok.code, ok.stderr).toBe(0);
        expect(lockOf(ws).skills.notes.resolved).toBe(`${toCdn.url}notes/-/notes-1.0.0.tgz`);
      });
    });
  });
});

describe('a packument whose attestations lie elsewhere', () => {
  it('fetches the advertised attestations from the registry that served the packument, as pacote does, never from the host it names', async () => {
    await withRegistries([{}], async (elsewhere) => {
      const moveTo = (base: string) => (doc: { versions: Record<string, { dist: { attestations?: { url: string } } }> }) => {
        for (const v of Object.values(doc.versions)) {
          if (v.dist.attestations) v.dist.attestations.url = v.dist.attestations.url.replace(/^http:\/\/127\.0\.0\.1:\d+\//, base);
        }
      };
      const dead = `http://127.0.0.1:${await closedPort()}`;
      const offline = { HTTPS_PROXY: dead, HTTP_PROXY: dead, NO_PROXY: '127.0.0.1' };
      for (const base of [elsewhere.url, 'https://registry.npmjs.org/']) {
        await withRegistries([{ editPackument: moveTo(base) }], async (mirror) => {
          const ws = makeWorkspace();
          const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', mirror.url, '--cwd', ws, '--json'], { env: { ...env(), ...offline } });
          expect(r.code, r.stdout + r.stderr).toBe(0);
          expect(lockOf(ws).skills.weather.provenance?.repository, base).toBe('acme/weather');
          expect(downloads(mirror)).toContain('GET /-/npm/v1/attestations/weather@1.4.0');
        });
      }
      expect(downloads(elsewhere)).toEqual([]);
    });
  });

  it("after a mirror that serves no attestations (Verdaccio has no such endpoint), asks npm's own registry, and no other host", async () => {
    await withRegistries([{}], async (elsewhere) => {
      const dead = `http://127.0.0.1:${await closedPort()}`;
      const offline = { HTTPS_PROXY: dead, HTTP_PROXY: dead, NO_PROXY: '127.0.0.1' };
      const none = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): boolean => {
        if (!req.url?.startsWith('/-/npm/v1/attestations/')) return false;
        res.writeHead(404).end('not found');
        return true;
      };
      for (const base of ['https://registry.npmjs.org/', elsewhere.url]) {
        await withRegistries([{ fault: none, editPackument: (doc: { versions: Record<string, { dist: { attestations?: { url: string } } }> }) => {
          for (const v of Object.values(doc.versions)) {
            if (v.dist.attestations) v.dist.attestations.url = v.dist.attestations.url.replace(/^http:\/\/127\.0\.0\.1:\d+\//, base);
          }
        } }], async (mirror) => {
          const ws = makeWorkspace();
          // npm's registry is asked through the (dead) proxy here: refused, as offline as it gets.
          const err = await expectAddRefused(ws, ['weather@1.4.0', '--registry', mirror.url], 'EPROVENANCE', 1, offline);
          expect(err.message).toContain(`${mirror.url}-/npm/v1/attestations/weather@1.4.0`);
          if (base === elsewhere.url) expect(err.message).not.toContain(elsewhere.url);
          else expect(err.message).toContain('and at https://registry.npmjs.org/-/npm/v1/attestations/weather@1.4.0');
        });
      }
      expect(downloads(elsewhere)).toEqual([]);
    });
  });
});

describe("a tarball whose own package.json names something else", () => {
  it('refuses another package or another version behind a packument whose integrity matches those bytes (EINTEGRITY)', async () => {
    const clock = tarballOf('clock', '1.0.0');
    const older = tarballOf('notes', '1.0.0');
    await withRegistries([{ editPackument: (doc) => {
      if (doc.name === 'notes') {
        // notes@1.1.0 served as notes@1.0.0's bytes, integrity and signature included.
        doc.versions['1.1.0']!.dist = { ...doc.versions['1.0.0']!.dist };
      }
      if (doc.name === 'weather') {
        const d = doc.versions['1.4.0']!.dist;
        d.tarball = String(d.tarball).replace('weather/-/weather-1.4.0.tgz', 'clock/-/clock-1.0.0.tgz');
        d.integrity = integrityOf(clock);
        delete d.signatures;
        delete d.attestations;
      }
    } }], async (lying) => {
      const ws = makeWorkspace();
      expect(integrityOf(older)).toBe(integrityOf(tarballOf('notes', '1.0.0')));
      const version = await expectAddRefused(ws, ['notes@1.1.0', '--registry', lying.url], 'EINTEGRITY');
      expect(version.message).toContain("package.json says notes@1.0.0");
      const other = await expectAddRefused(ws, ['weather@1.4.0', '--registry', lying.url], 'EINTEGRITY');
      expect(other.message).toMatch(/package\.json says clock@/);
    });
  });
});

describe('the same version served two ways', () => {
  it('an update whose packument changes between requests pins only what it fetched, and other bytes under the registry\'s signature are refused', async () => {
    // notes@1.1.0 re-packed with another SKILL.md: other bytes, other integrity. The first
    // packument (the version list) is the registry's; later ones point 1.1.0 at the other bytes.
    const repacked = makeTarball([
      { name: 'package/package.json', data: JSON.stringify({ name: 'notes', version: '1.1.0' }) },
      { name: 'package/SKILL.md', data: '---\nname: notes\ndescription: notes, swapped by a mirror\n---\n# Notes\n' },
    ]);
    const ws = makeWorkspace();
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    for (const strip of [false, true]) {
      let packuments = 0;
      await withRegistries([{
        replaceTarball: { 'notes/-/notes-1.1.0-swapped.tgz': repacked },
        editPackument: (doc) => {
          if (doc.name !== 'notes' || ++packuments === 1) return;
          const d = doc.versions['1.1.0']!.dist;
          d.tarball = String(d.tarball).replace('notes-1.1.0.tgz', 'notes-1.1.0-swapped.tgz');
          d.integrity = integrityOf(repacked);
          if (strip) delete d.signatures;
        },
      }], async (flipping) => {
        const before = snapshotTree(ws);
        const r = await runCli(['update', 'notes', '--to', '1.1.0', '--yes', '--registry', flipping.url, '--cwd', ws, '--json'], { env: env() });
        expect(r.code).toBe(1);
        // Kept signatures are over the registry's integrity, not these bytes'; stripped ones are a downgrade.
        expect(r.json.error.code).toBe(strip ? 'EDOWNGRADE' : 'EPROVENANCE');
        if (!strip) expect(r.json.error.check).toBe('registry signature');
        expect(snapshotTree(ws)).toEqual(before);
        expect(packuments).toBeGreaterThanOrEqual(2);
      });
    }
  });
});

describe('scoped names and the registry they go to', () => {
  it('a workspace .npmrc mapping a scope to another registry is not read: @acme/* resolves, installs and re-installs from the one registry the lock pins', async () => {
    await withRegistries([{}], async (confusion) => {
      const ws = makeWorkspace({ registry: fx.reg.url });
      writeFileSync(join(ws, '.npmrc'), `@acme:registry=${confusion.url}\nregistry=${confusion.url}\n`);
      const added = await runCli(['add', '@acme/summarize@1.0.0', '--yes', '--cwd', ws], { env: env() });
      expect(added.code, added.stderr).toBe(0);
      const entry = lockOf(ws).skills['@acme/summarize'];
      expect(entry).toMatchObject({ registry: fx.reg.url, resolved: `${fx.reg.url}@acme/summarize/-/summarize-1.0.0.tgz`, integrity: expect.stringMatching(/^sha512-/) });
      const frozen = await runCli(['install', '--frozen', '--cwd', ws], { env: { ...env(), SKILL_CACHE: join(ws, 'fresh-cache') } });
      expect(frozen.code, frozen.stderr).toBe(0);
      const online = await runCli(['verify', '--online', '--cwd', ws], { env: env() });
      expect(online.code, online.stdout + online.stderr).toBe(0);
      expect(confusion.requests).toEqual([]);
    });
  });
});

describe('a ClawHub API answering for another skill', () => {
  let hub: Awaited<ReturnType<typeof startClawhubServer>>;
  beforeAll(async () => {
    hub = await startClawhubServer();
  });
  afterAll(async () => {
    await hub.close();
  });
  const clawhubEnv = () => ({ ...env(), CLAWHUB_TOKEN: '', CLAWHUB_REGISTRY: '', OPENCLAW_CLAWHUB_URL: '', CLAWHUB_URL: '' });
  const json = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), times: 1 });

  it('refuses a skill record of another owner or another slug, and a version record of another version (EREGISTRY, nothing written)', async () => {
    const ws = makeWorkspace({ sources: { clawhub: { url: hub.url } } });
    const probes: Array<{ fault: Record<string, unknown>; expect: RegExp }> = [
      { fault: { match: '/api/v1/skills/weather?ownerHandle=acme', ...json({ skill: { slug: 'weather' }, owner: { handle: 'evil' } }) }, expect: /owner @evil/ },
      { fault: { match: '/api/v1/skills/weather?ownerHandle=acme', ...json({ skill: { slug: 'wallet-drainer' }, owner: { handle: 'acme' } }) }, expect: /with the skill clawhub:@acme\/wallet-drainer: it was renamed/ },
    ];
    for (const p of probes) {
      hub.faults.push(p.fault as never);
      const before = snapshotTree(ws);
      const r = await runCli(['add', 'clawhub:@acme/weather@1.0.0', '--yes', '--cwd', ws, '--json'], { env: clawhubEnv() });
      expect(r.json?.error?.code, r.stdout + r.stderr).toBe('EREGISTRY');
      expect(r.json.error.message).toMatch(p.expect);
      expect(snapshotTree(ws)).toEqual(before);
      hub.faults.length = 0;
    }
    // The version record of another version leaves no file list to check the zip against: refused.
    hub.faults.push({ match: '/api/v1/skills/weather/versions/1.0.0', ...json({ version: { version: '1.2.0', files: [] } }) } as never);
    const before = snapshotTree(ws);
    const r = await runCli(['add', 'clawhub:@acme/weather@1.0.0', '--yes', '--cwd', ws, '--json'], { env: clawhubEnv() });
    expect(r.code).not.toBe(0);
    expect(r.json.error.message + (r.json.error.hint ?? '')).toContain('1.2.0');
    expect(snapshotTree(ws)).toEqual(before);
    hub.faults.length = 0;
    expect(existsSync(lockPath(ws))).toBe(false);
  });
});
