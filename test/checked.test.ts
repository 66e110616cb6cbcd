// The checked verdict (src/pipeline/checked.ts): `skill install` leaves a folder in place only with
// it, so each thing the check depended on must be part of its key. One case per input: the verdict
// stored for the base is found for the base and for nothing that differs in that one input.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/config/index.js';
import type { LockEntry } from '../src/lockfile/index.js';
import { knownChecked, rememberChecked, type CheckedSettings } from '../src/pipeline/checked.js';
import { DEFAULT_LIMITS } from '../src/source/types.js';
import { openVerdictStore } from '../src/verdicts/index.js';
import { tempDir } from './helpers.js';

// The three builds' fingerprints, as a test can change them: a skillpin whose scanner, archive rules
// or manifest parser changed.
const fp = vi.hoisted(() => ({ scanner: 's1', unpacker: 'u1', parser: 'p1' }));
vi.mock('../src/scan/cached.js', async (original) => ({ ...(await original<object>()), scannerFingerprint: () => fp.scanner }));
vi.mock('../src/source/tree-cache.js', async (original) => ({ ...(await original<object>()), unpackerFingerprint: () => fp.unpacker }));
vi.mock('../src/manifest/cached.js', async (original) => ({ ...(await original<object>()), parserFingerprint: () => fp.parser }));

const sri = (s: string) => `sha512-${createHash('sha512').update(s).digest('base64')}`;

const ENTRY: LockEntry = {
  version: '1.0.0',
  installedAt: 1,
  registry: 'https://registry.example/',
  integrity: sri('tarball'),
  files: { 'SKILL.md': sri('skill'), 'scripts/run.sh': sri('run') },
};

function settings(over: { trust?: Partial<Config['trust']>; limits?: Partial<Config['limits']> } = {}): CheckedSettings {
  return {
    trust: { provenance: 'warn', identities: [{ issuer: 'https://token.actions.githubusercontent.com', repository: 'acme/*' }], trustedRoots: ['/etc/root.json'], registryKeys: ['/etc/keys.json'], ...over.trust },
    limits: { ...DEFAULT_LIMITS, ...over.limits },
  };
}

let stores = 0;
function store() {
  const dir = tempDir('skillpin-checked-');
  return openVerdictStore({ dir: join(dir, 'verdicts-v1'), keyFile: join(dir, `k${++stores}.key`), secret: Buffer.from('c'.repeat(40)) });
}

describe('the checked verdict is found only for what was checked', () => {
  const cases: Array<{ what: string; name?: string; entry?: LockEntry; settings?: CheckedSettings; build?: Partial<typeof fp> }> = [
    { what: 'another skill name', name: 'other' },
    { what: 'another version', entry: { ...ENTRY, version: '1.0.1' } },
    { what: 'another source', entry: { ...ENTRY, source: 'clawhub' } },
    { what: 'another ClawHub owner', entry: { ...ENTRY, source: 'clawhub', ownerHandle: 'mallory' } },
    { what: 'another tarball integrity', entry: { ...ENTRY, integrity: sri('other tarball') } },
    { what: 'another file hash', entry: { ...ENTRY, files: { ...ENTRY.files, 'scripts/run.sh': sri('changed') } } },
    { what: 'one more file', entry: { ...ENTRY, files: { ...ENTRY.files, 'extra.md': sri('x') } } },
    { what: 'a file renamed', entry: { ...ENTRY, files: { 'SKILL.md': sri('skill'), 'scripts/go.sh': sri('run') } } },
    { what: 'trust.provenance "require"', settings: settings({ trust: { provenance: 'require' } }) },
    { what: 'other trust.identities', settings: settings({ trust: { identities: [{ issuer: 'https://token.actions.githubusercontent.com', repository: 'acme/weather' }] } }) },
    { what: 'other trusted roots', settings: settings({ trust: { trustedRoots: ['/etc/other-root.json'] } }) },
    { what: 'other registry keys', settings: settings({ trust: { registryKeys: [] } }) },
    { what: 'smaller limits', settings: settings({ limits: { maxFiles: 10 } }) },
    { what: "another build's scanner", build: { scanner: 's2' } },
    { what: "another build's archive rules", build: { unpacker: 'u2' } },
    { what: "another build's manifest parser", build: { parser: 'p2' } },
  ];

  for (const c of cases) {
    it(c.what, () => {
      Object.assign(fp, { scanner: 's1', unpacker: 'u1', parser: 'p1' });
      const s = store();
      rememberChecked(s, settings(), 'weather', ENTRY, ENTRY.integrity as string, ENTRY.files as Record<string, string>, []);
      // The control: the same check, asked again (a fresh settings object, the same values).
      expect(knownChecked(s, settings(), 'weather', ENTRY)).toBe(true);
      Object.assign(fp, c.build ?? {});
      expect(knownChecked(s, c.settings ?? settings(), c.name ?? 'weather', c.entry ?? ENTRY)).toBe(false);
    });
  }

  it('registry keys or trusted roots edited in place (a key revoked, the same path)', () => {
    Object.assign(fp, { scanner: 's1', unpacker: 'u1', parser: 'p1' });
    const dir = tempDir('skillpin-trust-');
    const keys = join(dir, 'keys.json');
    const root = join(dir, 'root.json');
    writeFileSync(keys, '{"keys":[{"keyid":"a"},{"keyid":"b"}]}');
    writeFileSync(root, '{"certificateAuthorities":[1]}');
    const at = () => settings({ trust: { trustedRoots: [root], registryKeys: [keys] } });
    const s = store();
    rememberChecked(s, at(), 'weather', ENTRY, ENTRY.integrity as string, ENTRY.files as Record<string, string>, []);
    expect(knownChecked(s, at(), 'weather', ENTRY)).toBe(true);
    writeFileSync(keys, '{"keys":[{"keyid":"a"}]}');
    expect(knownChecked(s, at(), 'weather', ENTRY)).toBe(false);
    writeFileSync(keys, '{"keys":[{"keyid":"a"},{"keyid":"b"}]}');
    writeFileSync(root, '{"certificateAuthorities":[2]}');
    expect(knownChecked(s, at(), 'weather', ENTRY)).toBe(false);
  });

  it('a rule that blocked is accepted only by an entry that names it', () => {
    Object.assign(fp, { scanner: 's1', unpacker: 'u1', parser: 'p1' });
    const s = store();
    rememberChecked(s, settings(), 'weather', ENTRY, ENTRY.integrity as string, ENTRY.files as Record<string, string>, ['download.pipe-shell']);
    expect(knownChecked(s, settings(), 'weather', ENTRY)).toBe(false);
    const accepting: LockEntry = { ...ENTRY, acceptedRisks: [{ rule: 'download.pipe-shell', at: '2026-11-29T00:00:00.000Z' }] };
    expect(knownChecked(s, settings(), 'weather', accepting)).toBe(true);
  });
});
