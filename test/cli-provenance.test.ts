// Provenance through the real CLI (issue 3): verified on add, pinned in the lock, stored for
// offline re-checks, and a changed identity or a lost provenance refused unless accepted.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attestFixture, loadTestTrustRoot } from '../registry-fixtures/sigstore.js';
import { FIXTURE_BUILD, FIXTURE_TRUST, makeWorkspace, runCli, snapshotTree, startRegistry, tempDir, useFixtureRegistry } from './helpers.js';

const { fx, env } = useFixtureRegistry();
const lockOf = (ws: string) => JSON.parse(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8'));

/**
 * An attestation of the fixture's weather-1.4.1 tarball signed by the TEST-ONLY root, with the
 * locked 1.4.0's identity (repository, workflow, ids) but for the fields `over` changes.
 */
async function attestWeather141(over: { ref?: string; repositoryId?: string; ownerId?: string; signer?: string; runnerEnvironment?: string; trigger?: string }): Promise<unknown> {
  const root = await loadTestTrustRoot(FIXTURE_TRUST);
  const tgz = readFileSync(join(FIXTURE_BUILD, 'weather', '-', 'weather-1.4.1.tgz'));
  return attestFixture(root, {
    name: 'weather',
    version: '1.4.1',
    sha512Hex: createHash('sha512').update(tgz).digest('hex'),
    repository: 'acme/weather',
    workflow: '.github/workflows/release.yml',
    ref: 'refs/tags/v1.4.1',
    commit: '2'.repeat(40),
    repositoryId: '123456789',
    ownerId: '987654321',
    ...over,
  });
}

/** Into an emptied sandbox, install --frozen refuses with `code` (exit 1) and installs nothing. */
async function expectFrozenInstallRefused(ws: string, code: string): Promise<void> {
  rmSync(join(ws, 'skills'), { recursive: true });
  const r = await runCli(['install', '--frozen', '--cwd', ws, '--json'], { env: env() });
  expect(r.code).toBe(1);
  expect(r.json.error.code).toBe(code);
  expect(existsSync(join(ws, 'skills', 'weather'))).toBe(false);
}

/** weather@1.4.0 added with its provenance, then the lock entry's provenance edited to null. */
async function weatherWithProvenanceEditedToNull(): Promise<string> {
  const ws = makeWorkspace();
  expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
  const lock = lockOf(ws);
  lock.skills.weather.provenance = null;
  writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
  return ws;
}


/** The fixture registry as a mirror that strips every version's registry signatures. */
const startSignatureStrippingMirror = () =>
  startRegistry({
    editPackument: (doc) => {
      for (const v of Object.values(doc.versions)) delete v.dist.signatures;
    },
  });
describe('provenance on add and install', () => {
  it('verifies the bundle, pins the signer identity and stores the bundle for offline checks', async () => {
    const ws = makeWorkspace();
    const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/provenance:\s+built by acme\/weather@1{40} via \.github\/workflows\/release\.yml, logged at index \d+/);
    const p = lockOf(ws).skills.weather.provenance;
    expect(p).toMatchObject({
      issuer: 'https://token.actions.githubusercontent.com',
      repository: 'acme/weather',
      commit: '1'.repeat(40),
      identity: 'https://github.com/acme/weather/.github/workflows/release.yml@refs/tags/v1.4.0',
      predicateType: 'https://slsa.dev/provenance/v1',
    });
    expect(readdirSync(join(ws, '.clawhub', 'attestations'))).toHaveLength(1);

    // Re-install offline from the stored bundle (registry down, cache empty except the tarball).
    rmSync(join(ws, 'skills'), { recursive: true });
    const again = await runCli(['install', '--frozen', '--cwd', ws], { env: env() });
    expect(again.code, again.stderr).toBe(0);

    // A tampered stored bundle fails the re-check and installs nothing.
    const [file] = readdirSync(join(ws, '.clawhub', 'attestations'));
    const path = join(ws, '.clawhub', 'attestations', file as string);
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    const env2 = doc.attestations[0].bundle.dsseEnvelope;
    const stmt = JSON.parse(Buffer.from(env2.payload, 'base64').toString());
    stmt.subject[0].digest.sha512 = 'ab'.repeat(64);
    env2.payload = Buffer.from(JSON.stringify(stmt)).toString('base64');
    writeFileSync(path, JSON.stringify(doc));
    await expectFrozenInstallRefused(ws, 'EPROVENANCE');
    // Its hint is the workspace's fix (restore the store or re-pin), not the registry's "do not install this version".
    const frozen = await runCli(['install', '--frozen', '--cwd', ws, '--json'], { env: env() });
    expect(frozen.json.error).toMatchObject({ code: 'EPROVENANCE', check: 'provenance signature', hint: expect.stringContaining('Restore .clawhub/attestations and the lock from version control, or re-pin with skill add weather@1.4.0') });
    expect(frozen.json.error.hint).not.toContain('do not install');
  });

  it('records provenance: null for a version published without it', async () => {
    const ws = makeWorkspace();
    const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no provenance');
    expect(lockOf(ws).skills.notes.provenance).toBeNull();
  });

  it('a lock entry whose provenance was edited to null, beside its stored bundle: verify and install --frozen refuse it', async () => {
    const ws = await weatherWithProvenanceEditedToNull();
    const v = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(v.code).toBe(1);
    const failed = v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok);
    expect(failed).toEqual([expect.objectContaining({ check: 'provenance', code: 'EPROVENANCE', detail: expect.stringContaining('the lock entry was edited') })]);
    await expectFrozenInstallRefused(ws, 'EPROVENANCE');
  });

  it('provenance edited to null and the stored bundle deleted: verify --online finds the registry publishing it', async () => {
    const ws = await weatherWithProvenanceEditedToNull();
    rmSync(join(ws, '.clawhub', 'attestations'), { recursive: true });
    // Offline, nothing is left to tell the edit from a version published without provenance.
    expect((await runCli(['verify', '--cwd', ws], { env: env() })).code).toBe(0);
    const v = await runCli(['verify', '--online', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(v.code).toBe(1);
    const failed = v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok);
    expect(failed).toEqual([expect.objectContaining({ check: 'registry', code: 'EPROVENANCE', detail: expect.stringContaining('publishes provenance for this version, but the lock records none') })]);
    // A version published without provenance stays a pass online.
    const plain = makeWorkspace();
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', plain], { env: env() })).code).toBe(0);
    expect((await runCli(['verify', '--online', '--registry', fx.reg.url, '--cwd', plain], { env: env() })).code).toBe(0);
  });

  it('a lock entry whose provenance key was deleted (not set to null): verify, install --frozen and verify --online refuse it', async () => {
    // Deleting the key instead of writing null must not switch off the identity pin either: a later
    // update compares with nothing. The stored bundle tells it offline; the registry online.
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const lock = lockOf(ws);
    delete lock.skills.weather.provenance;
    writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
    const v = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(v.code).toBe(1);
    const failed = v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok);
    // The hint names the one honest way an entry gets here: pinned under "off" by an older skillpin.
    expect(failed).toEqual([expect.objectContaining({ check: 'provenance', code: 'EPROVENANCE', detail: expect.stringContaining('the lock entry was edited'), hint: expect.stringContaining('skill add weather@1.4.0') })]);
    await expectFrozenInstallRefused(ws, 'EPROVENANCE');
    rmSync(join(ws, '.clawhub', 'attestations'), { recursive: true });
    const online = await runCli(['verify', '--online', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(online.code).toBe(1);
    const onlineFailed = online.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok);
    expect(onlineFailed).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'registry', code: 'EPROVENANCE' })]));
  });

  it('a lock integrity edited to name a second sha512 cannot borrow the stored bundle of the first (EPROVENANCE under require)', async () => {
    const ws = makeWorkspace({ trust: { provenance: 'require' } });
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const lock = lockOf(ws);
    const genuine: string = lock.skills.weather.integrity;
    // Other bytes' digest first: the stored bundle is looked up by it, and install would accept bytes matching it.
    const other = createHash('sha512').update('other bytes').digest();
    lock.skills.weather.integrity = `sha512-${other.toString('base64')} ${genuine}`;
    writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
    const dirA = join(ws, '.clawhub', 'attestations');
    const [stored] = readdirSync(dirA);
    copyFileSync(join(dirA, stored as string), join(dirA, `${other.toString('hex')}.json`));
    const v = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(v.code).toBe(1);
    expect(v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok)).toEqual(
      expect.arrayContaining([expect.objectContaining({ check: 'provenance', code: 'EPROVENANCE' })]),
    );
  });

  it("a lock entry whose pinned workflow or repository id was edited fails verify (EIDENTITY): update compares with them", async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const original = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
    for (const [field, value] of [['workflow', '.github/workflows/pr-preview.yml'], ['repositoryId', '555'], ['ownerId', '666']] as const) {
      const lock = JSON.parse(original);
      lock.skills.weather.provenance[field] = value;
      writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
      const v = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
      expect(v.code, field).toBe(1);
      expect(v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([expect.objectContaining({ check: 'provenance', code: 'EIDENTITY', detail: expect.stringContaining(`they differ in ${field}`) })]);
    }
  });

  it('a lock entry whose recorded log index or predicate type was edited fails verify (EIDENTITY): the lock records what the stored bundle proves', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const genuine = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
    expect((await runCli(['verify', '--cwd', ws], { env: env() })).code).toBe(0);
    for (const [field, value] of [['logIndex', 1], ['predicateType', 'https://slsa.dev/provenance/v0.2']] as const) {
      const lock = JSON.parse(genuine);
      expect(lock.skills.weather.provenance[field]).not.toEqual(value);
      lock.skills.weather.provenance[field] = value;
      writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
      const v = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
      expect(v.code, field).toBe(1);
      expect(v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([expect.objectContaining({ check: 'provenance', code: 'EIDENTITY', detail: expect.stringContaining(`they differ in ${field}`) })]);
    }
  });

  it('a lock that records provenance whose stored bundle is gone, or is valid JSON of the wrong shape, fails verify and install --frozen (never a silent pass), warm verdict cache or not', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    // Warm: the verdict cache now holds this bundle's verdict.
    expect((await runCli(['verify', '--cwd', ws], { env: env() })).code).toBe(0);
    const dirA = join(ws, '.clawhub', 'attestations');
    const [name] = readdirSync(dirA);
    const file = join(dirA, name as string);
    const genuine = readFileSync(file);
    const verifyFails = async (code: string, detail: string): Promise<void> => {
      // On this thread, and re-checked on a worker thread (SKILLPIN_WORKERS=1): the same answer.
      for (const workers of ['0', '1']) {
        const v = await runCli(['verify', '--cwd', ws, '--json'], { env: { ...env(), SKILLPIN_WORKERS: workers } });
        expect(v.code, detail).toBe(1);
        // The hint names the fix in the workspace, not the registry's (nothing was fetched).
        const hint = expect.stringMatching(code === 'EPROVENANCE' ? /Restore \.clawhub\/attestations/ : /Restore both from version control/);
        expect(v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok), `${detail}, workers ${workers}`).toEqual([expect.objectContaining({ check: 'provenance', code, detail: expect.stringContaining(detail), hint })]);
      }
    };
    for (const [doc, code, detail] of [
      [{}, 'EPROVENANCE', 'no "attestations" array'],
      [{ attestations: {} }, 'EPROVENANCE', 'no "attestations" array'],
      [{ attestations: [{ predicateType: 'https://slsa.dev/provenance/v1' }] }, 'EPROVENANCE', 'lacks a predicateType or a bundle'],
      // A document that holds no SLSA provenance proves no identity: the lock's record stands unproven.
      [{ attestations: [] }, 'EIDENTITY', 'names no identity'],
      [[], 'EPROVENANCE', 'no "attestations" array'],
    ] as const) {
      writeFileSync(file, JSON.stringify(doc));
      await verifyFails(code, detail);
    }
    writeFileSync(file, genuine);
    expect((await runCli(['verify', '--cwd', ws], { env: env() })).code).toBe(0);
    rmSync(file);
    await verifyFails('EPROVENANCE', 'stored bundle is missing');
    await expectFrozenInstallRefused(ws, 'EPROVENANCE');
  });

  it('an advertised attestations document that is JSON null (or another non-document) is refused (EPROVENANCE), never read as "no provenance"', async () => {
    for (const body of ['null', '"none"', '42']) {
      const ws = makeWorkspace();
      const hostile = await startRegistry({ replaceTarball: { '-/npm/v1/attestations/weather@1.4.0': Buffer.from(body) } });
      try {
        const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', hostile.url, '--cwd', ws, '--json'], { env: env() });
        expect(r.code, body).toBe(1);
        expect(r.json.error.code, body).toBe('EPROVENANCE');
        expect(existsSync(join(ws, '.clawhub', 'lock.json')), body).toBe(false);
        expect(existsSync(join(ws, 'skills', 'weather')), body).toBe(false);
      } finally {
        await hostile.close();
      }
    }
  });

  it('an attestations endpoint that stalls, or streams past the document cap, fails the add (EPROVENANCE) within the deadline, nothing written', async () => {
    const path = '/-/npm/v1/attestations/weather@1.4.0';
    const stall = (req: { url?: string }): boolean => req.url === path; // never answered
    const endless = (req: { url?: string }, res: { writeHead: (n: number, h: Record<string, string>) => { write: (b: Buffer) => boolean }; write: (b: Buffer) => boolean; on: (e: string, f: () => void) => void }): boolean => {
      if (req.url !== path) return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1 << 20, 0x20);
      let open = true;
      res.on('close', () => (open = false));
      const pump = (): void => {
        while (open && res.write(chunk));
        if (open) res.on('drain', pump);
      };
      pump();
      return true;
    };
    for (const [what, fault] of [['stalls', stall], ['streams without end', endless]] as const) {
      const ws = makeWorkspace();
      const hostile = await startRegistry({ fault: fault as never });
      try {
        const started = Date.now();
        const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', hostile.url, '--cwd', ws, '--json'], { env: { ...env(), SKILL_TIMEOUT_MS: '1500' } });
        expect(r.code, what).toBe(1);
        expect(r.json.error.code, what).toBe('EPROVENANCE');
        expect(r.json.error.message, what).toContain('advertises provenance');
        expect(Date.now() - started, what).toBeLessThan(20_000);
        expect(existsSync(join(ws, '.clawhub', 'lock.json')), what).toBe(false);
        expect(existsSync(join(ws, 'skills', 'weather')), what).toBe(false);
      } finally {
        await hostile.close();
      }
    }
  });

  it('stores a bundle only for provenance it verified: nothing under trust.provenance "off"', async () => {
    const ws = makeWorkspace({ trust: { provenance: 'off' } });
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    expect(lockOf(ws).skills.weather.provenance).toBeUndefined();
    expect(existsSync(join(ws, '.clawhub', 'attestations'))).toBe(false);
  });

  it('refuses a version without provenance under trust.provenance "require" (EPROVENANCE, exit 1)', async () => {
    const ws = makeWorkspace({ trust: { provenance: 'require' } });
    const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('EPROVENANCE');
    expect(existsSync(join(ws, 'skills', 'notes'))).toBe(false);
  });

  it('a workspace moved to trust.provenance "require" checks its folders in place again: one without provenance is EPROVENANCE', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const ok = await runCli(['install', '--frozen', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(ok.json).toMatchObject({ installed: [], checked: [] });
    // The add's check ran under "warn", which lets a version without provenance through.
    const config = join(ws, '.clawhub', 'config.json');
    const settings = JSON.parse(readFileSync(config, 'utf8'));
    writeFileSync(config, JSON.stringify({ ...settings, trust: { ...settings.trust, provenance: 'require' } }));
    const before = snapshotTree(ws);
    const r = await runCli(['install', '--frozen', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stdout).toBe(1);
    expect(r.json.error).toMatchObject({ code: 'EPROVENANCE', skill: 'notes' });
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('refuses an identity outside trust.identities (EIDENTITY), accepts one inside', async () => {
    const outside = makeWorkspace({ trust: { identities: [{ issuer: 'https://token.actions.githubusercontent.com', repository: 'acme/weather-*' }] } });
    const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', outside, '--json'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('EIDENTITY');
    const inside = makeWorkspace({ trust: { identities: [{ issuer: 'https://token.actions.githubusercontent.com', repository: 'acme/*' }] } });
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', inside], { env: env() })).code).toBe(0);
  });

  it('refuses registry signatures by a key it does not trust (EPROVENANCE)', async () => {
    const ws = tempDir();
    const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('EPROVENANCE');
  });
});

describe('trust roots a workspace brings', () => {
  it('verify names every trust file the workspace adds to the built-in roots, with its sha256, so a change to them shows in CI', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const rootFile = join(FIXTURE_TRUST, 'trusted-root.json');
    const sha = createHash('sha256').update(readFileSync(rootFile)).digest('hex');
    const v = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(v.code, v.stderr).toBe(0);
    const trust = v.json.checks.find((c: { check: string }) => c.check === 'trust');
    expect(trust).toMatchObject({ ok: true });
    expect(trust.detail).toContain(rootFile);
    expect(trust.detail).toContain(sha);
    expect(trust.detail).toContain('registry-keys.json');
    const human = await runCli(['verify', '--cwd', ws], { env: env() });
    expect(human.stdout).toContain(sha);
    // Nothing beyond the built-in roots: said so.
    const cfg = JSON.parse(readFileSync(join(ws, '.clawhub', 'config.json'), 'utf8'));
    cfg.trust = {};
    writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify(cfg));
    const plain = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(plain.json.checks.find((c: { check: string }) => c.check === 'trust')).toMatchObject({ ok: true, detail: expect.stringContaining('built-in') });
    // Provenance switched off (a change to the config can do it): the trust line says so, where CI keeps it.
    cfg.trust = { provenance: 'off' };
    writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify(cfg));
    const off = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(off.json.checks.find((c: { check: string }) => c.check === 'trust')).toMatchObject({ ok: true, detail: expect.stringContaining('provenance is not checked: trust.provenance is "off"') });
  });

  it("a workspace trusting a copy of skillpin's TEST-ONLY root (the example config copied, or a pull request) is ECONFIG, not forged provenance", async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    mkdirSync(join(ws, '.clawhub', 'trust'));
    copyFileSync(join(FIXTURE_TRUST, 'trusted-root.json'), join(ws, '.clawhub', 'trust', 'root.json'));
    const cfg = JSON.parse(readFileSync(join(ws, '.clawhub', 'config.json'), 'utf8'));
    cfg.trust.trustedRoots = ['.clawhub/trust/root.json'];
    writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify(cfg));
    const outside = { ...env(), SKILLPIN_TEST_ONLY_TRUST: '' };
    const v = await runCli(['verify', '--cwd', ws, '--json'], { env: outside });
    expect(v.code).toBe(1);
    expect(v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([
      expect.objectContaining({ check: 'provenance', code: 'ECONFIG', detail: expect.stringContaining('TEST-ONLY') }),
    ]);
    rmSync(join(ws, 'skills'), { recursive: true });
    const i = await runCli(['install', '--frozen', '--cwd', ws, '--json'], { env: outside });
    expect(i.code).not.toBe(0);
    expect(i.json.error.code).toBe('ECONFIG');
    expect(existsSync(join(ws, 'skills', 'weather'))).toBe(false);
  });
});

describe('pinned identity on a new version', () => {
  it('blocks a changed signer repository (EIDENTITY) unless --accept-identity-change, and records the acceptance', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'radar@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const before = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
    const r = await runCli(['add', 'radar@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('EIDENTITY');
    // `skill review` of it, which says what the add would meet: the same refusal, not "verified", exit 0.
    const rv = await runCli(['review', 'radar@1.1.0', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(rv.code, rv.stdout).toBe(1);
    expect(rv.json).toMatchObject({ ok: false, error: { code: 'EIDENTITY' }, review: { name: 'radar', version: '1.1.0' } });
    const text = await runCli(['review', 'radar@1.1.0', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('radar-fork/radar');
    expect(text.stderr).toContain('error EIDENTITY');
    // Where radar is not locked, there is nothing to continue: the review passes.
    expect((await runCli(['review', 'radar@1.1.0', '--registry', fx.reg.url, '--cwd', makeWorkspace()], { env: env() })).code).toBe(0);
    expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).toBe(before);
    const ok = await runCli(['add', 'radar@1.1.0', '--yes', '--accept-identity-change', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    const entry = lockOf(ws).skills.radar;
    expect(entry.provenance.repository).toBe('radar-fork/radar');
    expect(entry.acceptedChanges[0]).toMatchObject({ kind: 'identity-change' });
  });

  it("blocks a version whose registry signatures were stripped, when the locked one had them (EDOWNGRADE) unless --accept-downgrade", async () => {
    // notes has no provenance: npm's registry signature is all that ties its bytes to the registry.
    // A mirror that strips it can serve any bytes for a new version; the pin must notice.
    const ws = makeWorkspace();
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const stripping = await startSignatureStrippingMirror();
    try {
      const r = await runCli(['add', 'notes@1.1.0', '--yes', '--registry', stripping.url, '--cwd', ws, '--json'], { env: env() });
      expect(r.code).toBe(1);
      expect(r.json.error.code).toBe('EDOWNGRADE');
      expect(r.json.error.message).toContain('registry signature');
      expect(lockOf(ws).skills.notes.version).toBe('1.0.0');
      const ok = await runCli(['add', 'notes@1.1.0', '--yes', '--accept-downgrade', '--registry', stripping.url, '--cwd', ws], { env: env() });
      expect(ok.code, ok.stderr).toBe(0);
      expect(lockOf(ws).skills.notes.acceptedChanges[0]).toMatchObject({ kind: 'downgrade' });
    } finally {
      await stripping.close();
    }
    // Signed again from the real registry: quiet.
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
  });

  it('a registry signature lost on update is said in the review and in its summary, also when --accept-downgrade lets it through', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const stripping = await startSignatureStrippingMirror();
    try {
      const lost = '    CHANGED:  registry signature LOST: the locked version was signed by the registry, this one is not   <-- NEW\n';
      const refused = await runCli(['update', 'notes', '--to', '1.1.0', '--yes', '--registry', stripping.url, '--cwd', ws], { env: env() });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain(lost);
      const ok = await runCli(['update', 'notes', '--to', '1.1.0', '--yes', '--accept-downgrade', '--json', '--registry', stripping.url, '--cwd', ws], { env: env() });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toContain(lost);
      expect(ok.stderr.slice(ok.stderr.indexOf('End of diffs.'))).toContain('  provenance:   CHANGED: registry signature LOST\n');
      expect(ok.json.results[0].review.registrySignature).toEqual({ before: true, after: false });
    } finally {
      await stripping.close();
    }
  });

  it("a mirror that empties dist.signatures (an empty list, an object, null) or moves the locked version's signature onto the new one: EDOWNGRADE or EPROVENANCE, nothing written", async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const before = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
    type Dist = { signatures?: unknown };
    const cases: Array<[string, (versions: Record<string, { dist: Dist }>) => void, string]> = [
      ['an empty list', (v) => (v['1.1.0']!.dist.signatures = []), 'EDOWNGRADE'],
      ['an object', (v) => (v['1.1.0']!.dist.signatures = {}), 'EDOWNGRADE'],
      ['null', (v) => (v['1.1.0']!.dist.signatures = null), 'EDOWNGRADE'],
      ['a list holding null', (v) => (v['1.1.0']!.dist.signatures = [null]), 'EPROVENANCE'],
      ["the locked version's signature", (v) => (v['1.1.0']!.dist.signatures = v['1.0.0']!.dist.signatures), 'EPROVENANCE'],
    ];
    for (const [what, edit, code] of cases) {
      const mirror = await startRegistry({ editPackument: (doc) => edit(doc.versions as Record<string, { dist: Dist }>) });
      try {
        const r = await runCli(['add', 'notes@1.1.0', '--yes', '--registry', mirror.url, '--cwd', ws, '--json'], { env: env() });
        expect(r.code, what).toBe(1);
        expect(r.json.error.code, what).toBe(code);
        expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8'), what).toBe(before);
      } finally {
        await mirror.close();
      }
    }
  });

  it('registrySigned deleted from the lock: the registry still signing the locked version keeps an unsigned new one EDOWNGRADE', async () => {
    // The attack: a pull request deletes `registrySigned`, and a version the registry serves
    // unsigned (published straight to a proxy in front of npm, say) is then proposed. The
    // registry itself still serves the locked version's signature, so the deletion must not help.
    const ws = makeWorkspace();
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const lock = lockOf(ws);
    expect(lock.skills.notes.registrySigned).toBe(true);
    delete lock.skills.notes.registrySigned;
    writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
    const before = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
    const unsignedNew = await startRegistry({
      editPackument: (doc) => {
        delete doc.versions['1.1.0']?.dist.signatures;
      },
    });
    try {
      const r = await runCli(['update', 'notes', '--to', '1.1.0', '--yes', '--registry', unsignedNew.url, '--cwd', ws, '--json'], { env: env() });
      expect(r.code).toBe(1);
      expect(r.json.error.code).toBe('EDOWNGRADE');
      expect(r.json.error.message).toContain('serves the locked notes@1.0.0 with its registry signature');
      expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).toBe(before);
      // Nor by `add` of the new version, which pins it anew from a registry other than the lock's
      // (a lock edit can make the registry differ): the registry asked is asked about the locked version too.
      const added = await runCli(['add', 'notes@1.1.0', '--yes', '--registry', unsignedNew.url, '--cwd', ws, '--json'], { env: env() });
      expect(added.code).toBe(1);
      expect(added.json.error.code).toBe('EDOWNGRADE');
      expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).toBe(before);
      const ok = await runCli(['update', 'notes', '--to', '1.1.0', '--yes', '--accept-downgrade', '--registry', unsignedNew.url, '--cwd', ws], { env: env() });
      expect(ok.code, ok.stderr).toBe(0);
      expect(lockOf(ws).skills.notes.acceptedChanges[0]).toMatchObject({ kind: 'downgrade' });
    } finally {
      await unsignedNew.close();
    }
  });

  it('compares a new version with the identity the stored bundle proves, not with lock fields an edit deleted', async () => {
    // The next release is built from a repository of the same name with other ids (deleted and
    // re-created by someone else). The lock's ids were deleted by hand first; the stored bundle still has them.
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const lock = lockOf(ws);
    expect(lock.skills.weather.provenance).toMatchObject({ repositoryId: '123456789', ownerId: '987654321' });
    delete lock.skills.weather.provenance.repositoryId;
    delete lock.skills.weather.provenance.ownerId;
    delete lock.skills.weather.provenance.workflow;
    writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
    const squatted = await attestWeather141({ repositoryId: '555', ownerId: '666' });
    const hostile = await startRegistry({ replaceTarball: { '-/npm/v1/attestations/weather@1.4.1': Buffer.from(JSON.stringify(squatted)) } });
    try {
      const r = await runCli(['add', 'weather@1.4.1', '--yes', '--registry', hostile.url, '--cwd', ws, '--json'], { env: env() });
      expect(r.code).toBe(1);
      expect(r.json.error.code).toBe('EIDENTITY');
      expect(lockOf(ws).skills.weather.version).toBe('1.4.0');
    } finally {
      await hostile.close();
    }
  });

  it("a release built from a pull request's ref is refused on update (EIDENTITY) unless accepted, and the review shows the ref's move", async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    expect(lockOf(ws).skills.weather.provenance.ref).toBe('refs/tags/v1.4.0');
    const fromPullRequest = await attestWeather141({ ref: 'refs/pull/7/merge' });
    const hostile = await startRegistry({ replaceTarball: { '-/npm/v1/attestations/weather@1.4.1': Buffer.from(JSON.stringify(fromPullRequest)) } });
    try {
      const before = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
      const r = await runCli(['update', 'weather', '--to', '1.4.1', '--yes', '--registry', hostile.url, '--cwd', ws, '--json'], { env: env() });
      expect(r.code).toBe(1);
      expect(r.json.error).toMatchObject({ code: 'EIDENTITY', check: 'provenance-ref' });
      expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).toBe(before);
      const ok = await runCli(['update', 'weather', '--to', '1.4.1', '--yes', '--accept-identity-change', '--registry', hostile.url, '--cwd', ws], { env: env() });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('CHANGED:  source ref tag refs/tags/v1.4.0 -> PULL REQUEST ref refs/pull/7/merge');
      expect(ok.stdout).toMatch(/provenance:\s+built by acme\/weather@2{40} .*from PULL REQUEST ref refs\/pull\/7\/merge/);
      expect(lockOf(ws).skills.weather.acceptedChanges[0]).toMatchObject({ kind: 'identity-change', to: { ref: 'refs/pull/7/merge' } });
    } finally {
      await hostile.close();
    }
    // The lock's ref edited back to a tag: verify finds the stored bundle disagreeing.
    const lock = lockOf(ws);
    lock.skills.weather.provenance.ref = 'refs/tags/v1.4.1';
    writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
    const v = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(v.code).toBe(1);
    expect(v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([expect.objectContaining({ check: 'provenance', code: 'EIDENTITY' })]);
  });

  it("a release whose job ran another repository's reusable workflow (the SAN moved, the started workflow and ids did not) is refused on update (EIDENTITY) unless accepted", async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const evil = 'https://github.com/evil/actions/.github/workflows/publish.yml';
    const moved = await attestWeather141({ signer: `${evil}@refs/heads/main` });
    const hostile = await startRegistry({ replaceTarball: { '-/npm/v1/attestations/weather@1.4.1': Buffer.from(JSON.stringify(moved)) } });
    try {
      const before = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
      const r = await runCli(['update', 'weather', '--to', '1.4.1', '--yes', '--registry', hostile.url, '--cwd', ws, '--json'], { env: env() });
      expect(r.code).toBe(1);
      expect(r.json.error).toMatchObject({ code: 'EIDENTITY', check: 'provenance-identity', to: { signer: evil } });
      expect(r.json.error.message).toContain(`signed by ${evil}`);
      expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).toBe(before);
      expect(existsSync(join(ws, '.clawhub', 'attestations'))).toBe(true);
      const ok = await runCli(['update', 'weather', '--to', '1.4.1', '--yes', '--accept-identity-change', '--registry', hostile.url, '--cwd', ws], { env: env() });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain(`CHANGED:  signed by https://github.com/acme/weather/.github/workflows/release.yml -> ${evil}`);
      expect(lockOf(ws).skills.weather.provenance).toMatchObject({ identity: `${evil}@refs/heads/main`, workflow: '.github/workflows/release.yml' });
      expect(lockOf(ws).skills.weather.acceptedChanges[0]).toMatchObject({ kind: 'identity-change', to: { signer: evil } });
    } finally {
      await hostile.close();
    }
  });

  it('a release built on a self-hosted runner after one on a hosted runner is refused on update (EIDENTITY); the lock pins the runner and verify holds it to the stored bundle', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    expect(lockOf(ws).skills.weather.provenance.runnerEnvironment).toBe('github-hosted');
    const selfHosted = await attestWeather141({ runnerEnvironment: 'self-hosted' });
    const hostile = await startRegistry({ replaceTarball: { '-/npm/v1/attestations/weather@1.4.1': Buffer.from(JSON.stringify(selfHosted)) } });
    try {
      const before = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
      const r = await runCli(['update', 'weather', '--to', '1.4.1', '--yes', '--registry', hostile.url, '--cwd', ws, '--json'], { env: env() });
      expect(r.code).toBe(1);
      expect(r.json.error).toMatchObject({ code: 'EIDENTITY', check: 'provenance-identity', from: { runnerEnvironment: 'github-hosted' }, to: { runnerEnvironment: 'self-hosted' } });
      expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).toBe(before);
      const ok = await runCli(['update', 'weather', '--to', '1.4.1', '--yes', '--accept-identity-change', '--registry', hostile.url, '--cwd', ws], { env: env() });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('CHANGED:  runner github-hosted -> self-hosted');
      expect(ok.stdout).toContain('built on a self-hosted runner');
    } finally {
      await hostile.close();
    }
    // The lock's runner edited back to a hosted one: verify finds the stored bundle disagreeing.
    const lock = lockOf(ws);
    expect(lock.skills.weather.provenance.runnerEnvironment).toBe('self-hosted');
    lock.skills.weather.provenance.runnerEnvironment = 'github-hosted';
    writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
    const v = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(v.code).toBe(1);
    expect(v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([expect.objectContaining({ check: 'provenance', code: 'EIDENTITY' })]);
  });

  it("a release started by pull_request_target (on the base branch's ref) is refused on update (EIDENTITY, provenance-ref) unless accepted, and the review names the event", async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    expect(lockOf(ws).skills.weather.provenance.trigger).toBe('push');
    const pwn = await attestWeather141({ ref: 'refs/heads/main', trigger: 'pull_request_target' });
    const hostile = await startRegistry({ replaceTarball: { '-/npm/v1/attestations/weather@1.4.1': Buffer.from(JSON.stringify(pwn)) } });
    try {
      const before = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
      const r = await runCli(['update', 'weather', '--to', '1.4.1', '--yes', '--registry', hostile.url, '--cwd', ws, '--json'], { env: env() });
      expect(r.code).toBe(1);
      expect(r.json.error).toMatchObject({ code: 'EIDENTITY', check: 'provenance-ref', to: { trigger: 'pull_request_target' } });
      expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).toBe(before);
      const ok = await runCli(['update', 'weather', '--to', '1.4.1', '--yes', '--accept-identity-change', '--registry', hostile.url, '--cwd', ws], { env: env() });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('CHANGED:  trigger push -> pull_request_target');
    } finally {
      await hostile.close();
    }
    // The lock's trigger edited back: verify finds the stored bundle disagreeing.
    const lock = lockOf(ws);
    lock.skills.weather.provenance.trigger = 'push';
    writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify(lock, null, 2));
    const v = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(v.code).toBe(1);
    expect(v.json.skills[0].checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([expect.objectContaining({ check: 'provenance', code: 'EIDENTITY', detail: expect.stringContaining('they differ in trigger') })]);
  });

  it('blocks a version that lost provenance (EDOWNGRADE) unless --accept-downgrade', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'gifgrep@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const r = await runCli(['add', 'gifgrep@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('EDOWNGRADE');
    expect(lockOf(ws).skills.gifgrep.version).toBe('1.0.0');
    const ok = await runCli(['add', 'gifgrep@1.1.0', '--yes', '--accept-downgrade', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(lockOf(ws).skills.gifgrep.provenance).toBeNull();
    expect(lockOf(ws).skills.gifgrep.acceptedChanges[0]).toMatchObject({ kind: 'downgrade' });
  });
});
