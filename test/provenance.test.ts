import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ssri from 'ssri';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkillpinError } from '../src/errors.js';
import {
  checkProvenanceChange,
  loadTrust,
  parseStoredAttestations,
  readStoredAttestations,
  repositoryMatches,
  storeAttestations,
  verifyProvenance,
  type ProvenanceInput,
  type ProvenanceRecord,
  type TrustConfig,
  type TrustContext,
} from '../src/provenance/index.js';
import { freezeCertificate, p256Shortcut } from '../src/provenance/trust.js';
import { attestFixture, createTestTrustRoot, loadTestTrustRoot, signRegistry } from '../registry-fixtures/sigstore.js';
import { FIXTURE_TRUST } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(here, 'fixtures', 'provenance');
const GITHUB = 'https://token.actions.githubusercontent.com';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

type Root = Awaited<ReturnType<typeof createTestTrustRoot>>;
let dir: string;
let root: Root;
let trust: TrustContext;

function tarball(): { bytes: Buffer; integrity: string; hex: string } {
  const bytes = randomBytes(2048);
  return { bytes, integrity: ssri.fromData(bytes, { algorithms: ['sha512'] }).toString(), hex: createHash('sha512').update(bytes).digest('hex') };
}

function attest(name: string, version: string, hex: string, extra: Record<string, unknown> = {}): unknown {
  return attestFixture(root, {
    name,
    version,
    sha512Hex: hex,
    repository: 'acme/weather',
    workflow: '.github/workflows/release.yml',
    ref: `refs/tags/v${version}`,
    commit: COMMIT,
    ...extra,
  });
}

/** The stored document for a tarball, parsed; null when none was stored. */
async function loadStoredAttestations(workspace: string, integrity: string): Promise<unknown | null> {
  const stored = readStoredAttestations(workspace, integrity);
  return stored === null ? null : parseStoredAttestations(stored);
}

function trustWith(cfg: Partial<TrustConfig>): Promise<TrustContext> {
  return loadTrust({ trustedRoots: [root.trustedRootPath], registryKeys: [root.registryKeysPath], ...cfg });
}

function refusal(fn: () => unknown): SkillpinError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SkillpinError);
    return err as SkillpinError;
  }
  throw new Error('expected a refusal, got success');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'skillpin-prov-'));
  root = await createTestTrustRoot(path.join(dir, 'root'));
  trust = await trustWith({});
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fixture-signed provenance', () => {
  it('accepts a valid bundle and extracts the identity', () => {
    const t = tarball();
    const input: ProvenanceInput = {
      name: 'weather',
      version: '1.4.0',
      integrity: t.integrity,
      attestations: attest('weather', '1.4.0', t.hex),
      signatures: [signRegistry(root, 'weather', '1.4.0', t.integrity)],
    };
    const res = verifyProvenance(input, trust);
    expect(res.status).toBe('verified');
    expect(res.registrySignature).toBe('verified');
    expect(res.record).toEqual({
      predicateType: 'https://slsa.dev/provenance/v1',
      issuer: GITHUB,
      identity: 'https://github.com/acme/weather/.github/workflows/release.yml@refs/tags/v1.4.0',
      repository: 'acme/weather',
      commit: COMMIT,
      workflow: '.github/workflows/release.yml',
      ref: 'refs/tags/v1.4.0',
      repositoryId: '123456789',
      ownerId: '987654321',
      runnerEnvironment: 'github-hosted',
      trigger: 'push',
      logIndex: res.record!.logIndex,
    });
    expect(res.record!.logIndex).toBeGreaterThanOrEqual(1000);
    expect(res.summary).toBe(`built by acme/weather@${COMMIT} via .github/workflows/release.yml, logged at index ${res.record!.logIndex}, from tag refs/tags/v1.4.0`);
    expect(res.warnings).toEqual([]);
  });

  it('accepts a scoped package name in npm purl form', () => {
    const t = tarball();
    const res = verifyProvenance({ name: '@acme/weather', version: '2.0.0', integrity: t.integrity, attestations: attest('@acme/weather', '2.0.0', t.hex) }, trust);
    expect(res.status).toBe('verified');
    expect(res.registrySignature).toBe('absent');
  });

  it('a reloaded trust root signs what the first one trusts', async () => {
    const again = await loadTestTrustRoot(path.join(dir, 'root'));
    const t = tarball();
    const doc = attestFixture(again, { name: 'weather', version: '1.4.1', sha512Hex: t.hex, repository: 'acme/weather', workflow: '.github/workflows/release.yml', ref: 'refs/tags/v1.4.1', commit: COMMIT });
    expect(verifyProvenance({ name: 'weather', version: '1.4.1', integrity: t.integrity, attestations: doc }, trust).status).toBe('verified');
  });

  it('refuses a tampered tarball with an untouched bundle', () => {
    const t = tarball();
    const other = tarball();
    const err = refusal(() => verifyProvenance({ name: 'weather', version: '1.4.0', integrity: other.integrity, attestations: attest('weather', '1.4.0', t.hex) }, trust));
    expect(err.code).toBe('EPROVENANCE');
    expect(err.facts.check).toBe('provenance digest');
    expect(err.facts.expected).toBe(other.hex);
    expect(err.facts.found).toBe(t.hex);
  });

  it('refuses a bundle for another package', () => {
    const t = tarball();
    const err = refusal(() => verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, { tamper: { wrongSubjectName: true } }) }, trust));
    expect(err.code).toBe('EPROVENANCE');
    expect(err.facts.check).toBe('provenance subject');
    expect(err.facts.found).toBe('pkg:npm/weather-other@1.4.0');
  });

  it('refuses a bundle for another version', () => {
    const t = tarball();
    const err = refusal(() => verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.3.9', t.hex) }, trust));
    expect(err.code).toBe('EPROVENANCE');
    expect(err.facts.check).toBe('provenance subject');
    expect(err.facts.expected).toBe('pkg:npm/weather@1.4.0');
  });

  it('refuses an integrity that names two sha512 digests: the bytes may be the one the bundle does not name', () => {
    // A lock entry edited to "sha512-<other bytes> sha512-<genuine>" installs the other bytes (they
    // match one digest) and, before, borrowed the genuine bundle's identity (it matched the other).
    const genuine = tarball();
    const other = tarball();
    const both = `${other.integrity} ${genuine.integrity}`;
    const err = refusal(() => verifyProvenance({ name: 'weather', version: '1.4.0', integrity: both, attestations: attest('weather', '1.4.0', genuine.hex) }, trust));
    expect(err.code).toBe('EPROVENANCE');
    expect(err.facts.check).toBe('provenance digest');
  });

  it('refuses a statement whose digest does not match', () => {
    const t = tarball();
    const err = refusal(() => verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, { tamper: { wrongDigest: true } }) }, trust));
    expect(err.code).toBe('EPROVENANCE');
    expect(err.facts.check).toBe('provenance digest');
  });

  const hostile: Array<[string, Record<string, boolean>, string]> = [
    ['a signature by a key outside the trust root', { untrustedCA: true }, 'CERTIFICATE_ERROR'],
    // Runs after valid bundles have warmed the trusted certificates' memoised checks (trust.ts).
    ['a leaf naming the trusted intermediate and its key id, signed by another key', { impostorCA: true }, 'CERTIFICATE_ERROR'],
    ['a certificate outside its validity window at the logged time', { expiredCert: true }, 'CERTIFICATE_ERROR'],
    ['a log entry signed by an unknown log key', { unknownLogKey: true }, 'TLOG_INCLUSION_PROMISE_ERROR'],
  ];
  for (const [what, tamper, code] of hostile) {
    it(`refuses ${what}`, () => {
      const t = tarball();
      const err = refusal(() => verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, { tamper }) }, trust));
      expect(err.code).toBe('EPROVENANCE');
      expect(err.facts.check).toBe('provenance signature');
      expect(err.facts.sigstoreCode).toBe(code);
    });
  }

  it('refuses fixture provenance when the test root is not configured (never default trust)', async () => {
    const t = tarball();
    const plain = await loadTrust({});
    const err = refusal(() => verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex) }, plain));
    expect(err.code).toBe('EPROVENANCE');
    expect(err.facts.sigstoreCode).toBe('CERTIFICATE_ERROR');
  });

  it('refuses a bundle whose signature was swapped for another one', () => {
    const t = tarball();
    const good = attest('weather', '1.4.0', t.hex) as { attestations: Array<{ bundle: { dsseEnvelope: { signatures: Array<{ sig: string }> } } }> };
    const other = attest('weather', '1.4.0', t.hex) as typeof good;
    good.attestations[0]!.bundle.dsseEnvelope.signatures[0]!.sig = other.attestations[0]!.bundle.dsseEnvelope.signatures[0]!.sig;
    const err = refusal(() => verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: good }, trust));
    expect(err.code).toBe('EPROVENANCE');
  });
});

describe('what the signed statement says (signed by a trusted CA for the right identity, so only these checks stand)', () => {
  type Statement = { _type: string; predicateType: string; subject: Array<{ name: string; digest: Record<string, string> }> };
  const signed = (t: ReturnType<typeof tarball>, statement: (st: Statement) => unknown, extra: Record<string, unknown> = {}) =>
    verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, { statement, ...extra }) }, trust);
  it('accepts several subjects when the one for this package names its digest, and the digest in upper-case hex', () => {
    const t = tarball();
    const other = { name: 'pkg:npm/other@9.9.9', digest: { sha512: 'ab'.repeat(64) } };
    expect(signed(t, (st) => ({ ...st, subject: [other, ...st.subject] })).status).toBe('verified');
    expect(signed(t, (st) => ({ ...st, subject: [{ ...st.subject[0]!, digest: { sha512: t.hex.toUpperCase() } }] })).status).toBe('verified');
  });
  it('refuses a statement whose subject for this package names no sha512, a padded one, another one beside it, or only another package or version', () => {
    const t = tarball();
    const sha256 = createHash('sha256').update(t.bytes).digest('hex');
    const cases: Array<[string, (st: Statement) => unknown, string]> = [
      ['sha256 only', (st) => ({ ...st, subject: [{ name: st.subject[0]!.name, digest: { sha256 } }] }), 'provenance digest'],
      ['whitespace around the hex', (st) => ({ ...st, subject: [{ name: st.subject[0]!.name, digest: { sha512: ` ${t.hex}\n` } }] }), 'provenance digest'],
      ['a second subject of the same name with other bytes', (st) => ({ ...st, subject: [st.subject[0], { name: st.subject[0]!.name, digest: { sha512: 'cd'.repeat(64) } }] }), 'provenance digest'],
      ['only another package', (st) => ({ ...st, subject: [{ name: 'pkg:npm/weather-evil@1.4.0', digest: { sha512: t.hex } }] }), 'provenance subject'],
      ['the name without the version', (st) => ({ ...st, subject: [{ name: 'pkg:npm/weather', digest: { sha512: t.hex } }] }), 'provenance subject'],
      ['a name in another case', (st) => ({ ...st, subject: [{ name: 'pkg:npm/Weather@1.4.0', digest: { sha512: t.hex } }] }), 'provenance subject'],
      ['no subject', (st) => ({ ...st, subject: [] }), 'provenance'],
      ['another predicate type than declared', (st) => ({ ...st, predicateType: 'https://slsa.dev/provenance/v0.2' }), 'provenance'],
      ['not an in-toto statement', (st) => ({ ...st, _type: 'https://example.com/Statement' }), 'provenance'],
    ];
    for (const [what, statement, check] of cases) {
      const err = refusal(() => signed(t, statement));
      expect(err.code, what).toBe('EPROVENANCE');
      expect(err.facts.check, what).toBe(check);
    }
    const err = refusal(() => signed(t, (st) => st, { payloadType: 'application/json' }));
    expect(err.message).toContain('payload type');
  });
});

describe('transparency-log entries and bundle forms', () => {
  type Doc = { attestations: Array<{ predicateType: string; bundle: { mediaType: string; verificationMaterial: { tlogEntries: Array<Record<string, unknown>> }; dsseEnvelope: { signatures: Array<{ sig: string }> } } }> };
  const fresh = (hex: string, extra: Record<string, unknown> = {}): Doc => attest('weather', '1.4.0', hex, extra) as Doc;
  const input = (t: ReturnType<typeof tarball>, doc: unknown): ProvenanceInput => ({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: doc });
  it('refuses an entry without its inclusion proof, without its signed promise, with another time, body, log id or checkpoint, or beside an entry of another bundle', () => {
    const t = tarball();
    const mutations: Array<[string, (d: Doc) => void]> = [
      ['no inclusion proof', (d) => delete d.attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!.inclusionProof],
      ['no signed entry timestamp', (d) => delete d.attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!.inclusionPromise],
      ['an integrated time a day later', (d) => {
        const e = d.attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!;
        e.integratedTime = String(Number(e.integratedTime) + 86400);
      }],
      ['the body of another bundle', (d) => {
        d.attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!.canonicalizedBody = fresh(t.hex).attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!.canonicalizedBody;
      }],
      ['the whole entry of another bundle', (d) => {
        d.attestations[0]!.bundle.verificationMaterial.tlogEntries[0] = fresh(t.hex).attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!;
      }],
      ['a second entry, of another bundle', (d) => {
        d.attestations[0]!.bundle.verificationMaterial.tlogEntries.push(fresh(t.hex).attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!);
      }],
      ['an unknown log id', (d) => {
        d.attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!.logId = { keyId: randomBytes(32).toString('base64') };
      }],
      ['the checkpoint of another tree', (d) => {
        const other = fresh(t.hex).attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!.inclusionProof as Record<string, unknown>;
        (d.attestations[0]!.bundle.verificationMaterial.tlogEntries[0]!.inclusionProof as Record<string, unknown>).checkpoint = other.checkpoint;
      }],
      ['no entry at all', (d) => (d.attestations[0]!.bundle.verificationMaterial.tlogEntries = [])],
    ];
    for (const [what, mutate] of mutations) {
      const doc = fresh(t.hex);
      mutate(doc);
      const err = refusal(() => verifyProvenance(input(t, doc), trust));
      expect(err.code, what).toBe('EPROVENANCE');
    }
  });
  it('refuses an entry the trusted log signed for a time outside the certificate validity (before it or after it)', () => {
    const t = tarball();
    const now = Math.floor(Date.now() / 1000);
    for (const integratedTime of [now + 3600, now - 3600]) {
      const err = refusal(() => verifyProvenance(input(t, fresh(t.hex, { integratedTime })), trust));
      expect(err.code).toBe('EPROVENANCE');
      expect(err.facts.check).toBe('provenance signature');
    }
  });
  it('reads the v0.1, v0.2 and v0.3 bundle media types alike, and refuses one that is no Sigstore bundle', () => {
    const t = tarball();
    for (const mediaType of ['application/vnd.dev.sigstore.bundle+json;version=0.1', 'application/vnd.dev.sigstore.bundle+json;version=0.2', 'application/vnd.dev.sigstore.bundle.v0.3+json']) {
      const doc = fresh(t.hex);
      doc.attestations[0]!.bundle.mediaType = mediaType;
      expect(verifyProvenance(input(t, doc), trust).status, mediaType).toBe('verified');
    }
    const doc = fresh(t.hex);
    doc.attestations[0]!.bundle.mediaType = 'application/vnd.in-toto+json';
    expect(refusal(() => verifyProvenance(input(t, doc), trust)).code).toBe('EPROVENANCE');
  });
  it('refuses a DSSE envelope with a second signature, even a copy of the first', () => {
    const t = tarball();
    const doc = fresh(t.hex);
    const sigs = doc.attestations[0]!.bundle.dsseEnvelope.signatures;
    sigs.push({ ...sigs[0]! });
    expect(refusal(() => verifyProvenance(input(t, doc), trust)).code).toBe('EPROVENANCE');
  });
});

describe('identity policy', () => {
  it('refuses an identity outside trust.identities, including near-miss names', async () => {
    const t = tarball();
    const doc = attest('weather', '1.4.0', t.hex);
    const input = { name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: doc };
    for (const repository of ['acme/weather-evil', 'acme/weathe', 'acme-evil/*', 'acm/*', 'other/weather']) {
      const ctx = await trustWith({ identities: [{ issuer: GITHUB, repository }] });
      const err = refusal(() => verifyProvenance(input, ctx));
      expect(err.code, repository).toBe('EIDENTITY');
      expect(err.facts.repository).toBe('acme/weather');
    }
    const wrongIssuer = await trustWith({ identities: [{ issuer: 'https://gitlab.com', repository: 'acme/weather' }] });
    expect(refusal(() => verifyProvenance(input, wrongIssuer)).code).toBe('EIDENTITY');
    for (const repository of ['acme/weather', 'acme/*', 'ACME/Weather', 'acme/weath*']) {
      const ctx = await trustWith({ identities: [{ issuer: GITHUB, repository }] });
      expect(verifyProvenance(input, ctx).status, repository).toBe('verified');
    }
  });

  it('matches repositories exactly or by anchored globs', () => {
    expect(repositoryMatches('acme/*', 'acme/x')).toBe(true);
    expect(repositoryMatches('acme/*', 'acme-evil/x')).toBe(false);
    expect(repositoryMatches('acme/*', 'acme/x/y')).toBe(false);
    expect(repositoryMatches('acme/*', 'acme/')).toBe(false);
    expect(repositoryMatches('acme/weather', 'acme/weather-evil')).toBe(false);
    expect(repositoryMatches('acme/weather', 'evil/acme/weather')).toBe(false);
    expect(repositoryMatches('acme/weather', 'acme/weather')).toBe(true);
    expect(repositoryMatches('acme/w.ather', 'acme/wxather')).toBe(false);
    expect(repositoryMatches('acme/weather-*', 'acme/weather-cli')).toBe(true);
    expect(repositoryMatches('*/weather', 'acme/weather')).toBe(false);
  });

  it('rejects unusable identity patterns as ECONFIG', async () => {
    for (const repository of ['*/x', 'acme', 'acme/[a-z]', 'acme/../x']) {
      await expect(trustWith({ identities: [{ issuer: GITHUB, repository }] })).rejects.toMatchObject({ code: 'ECONFIG' });
    }
  });
});

describe('missing provenance', () => {
  it('is EPROVENANCE under require, a warning under warn, skipped under off', async () => {
    const t = tarball();
    const input = { name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: null };
    const err = refusal(() => verifyProvenance(input, trustRequire));
    expect(err.code).toBe('EPROVENANCE');
    expect(err.facts.check).toBe('provenance-required');
    expect(err.exitCode).toBe(1);
    const warned = verifyProvenance(input, trust);
    expect(warned.status).toBe('absent');
    expect(warned.record).toBeNull();
    expect(warned.summary).toBe('no provenance: weather@1.4.0 was published without a provenance attestation');
    expect(warned.warnings).toHaveLength(1);
    const off = verifyProvenance({ ...input, attestations: attest('weather', '1.4.0', tarball().hex) }, await trustWith({ provenance: 'off' }));
    expect(off.status).toBe('skipped');
    expect(off.record).toBeNull();
  });
});

let trustRequire: TrustContext;
beforeAll(async () => {
  trustRequire = await trustWith({ provenance: 'require' });
});

describe('pinned identity on update', () => {
  const locked: ProvenanceRecord = {
    predicateType: 'https://slsa.dev/provenance/v1',
    issuer: GITHUB,
    identity: 'https://github.com/acme/weather/.github/workflows/release.yml@refs/tags/v1.4.0',
    repository: 'acme/weather',
    commit: COMMIT,
    workflow: '.github/workflows/release.yml',
    logIndex: 7,
  };
  it('keeps a same-identity update and a first install quiet', () => {
    expect(checkProvenanceChange(locked, { ...locked, commit: 'f'.repeat(40), logIndex: 9 }, {}, 'weather').accepted).toEqual([]);
    expect(checkProvenanceChange(undefined, null, {}, 'weather').accepted).toEqual([]);
    expect(checkProvenanceChange(null, locked, {}, 'weather').accepted).toEqual([]);
    expect(checkProvenanceChange(null, null, {}, 'weather').accepted).toEqual([]);
  });
  it('refuses an identity change unless accepted', () => {
    for (const next of [{ ...locked, repository: 'evil/weather' }, { ...locked, issuer: 'https://gitlab.com' }]) {
      const err = refusal(() => checkProvenanceChange(locked, next, {}, 'weather'));
      expect(err.code).toBe('EIDENTITY');
      expect(err.skill).toBe('weather');
      const ok = checkProvenanceChange(locked, next, { identityChange: true }, 'weather');
      expect(ok.accepted).toEqual([{ kind: 'identity-change', from: { repository: 'acme/weather', issuer: GITHUB }, to: { repository: next.repository, issuer: next.issuer } }]);
    }
    expect(refusal(() => checkProvenanceChange(locked, { ...locked, repository: 'evil/weather' }, { downgrade: true }, 'weather')).code).toBe('EIDENTITY');
  });
  it('refuses lost provenance unless accepted', () => {
    const err = refusal(() => checkProvenanceChange(locked, null, { identityChange: true }, 'weather'));
    expect(err.code).toBe('EDOWNGRADE');
    expect(checkProvenanceChange(locked, null, { downgrade: true }, 'weather').accepted).toEqual([{ kind: 'downgrade', from: { repository: 'acme/weather', issuer: GITHUB }, to: null }]);
  });
});

describe('pinned identity: what the CA wrote beyond the repository name', () => {
  const verified = (extra: Record<string, unknown>): ProvenanceRecord => {
    const t = tarball();
    const res = verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, extra) }, trust);
    expect(res.status).toBe('verified');
    return res.record as ProvenanceRecord;
  };
  it('a repository deleted and re-created under the same name by someone else (new repository and owner ids) is an identity change', () => {
    const locked = verified({});
    expect(locked).toMatchObject({ repositoryId: '123456789', ownerId: '987654321' });
    // Same owner/name string, same workflow: only GitHub's immutable ids tell the squatter apart.
    for (const extra of [{ repositoryId: '555' }, { ownerId: '666' }, { repositoryId: '555', ownerId: '666' }]) {
      const next = verified(extra);
      expect(next.repository).toBe(locked.repository);
      const err = refusal(() => checkProvenanceChange(locked, next, {}, 'weather'));
      expect(err.code).toBe('EIDENTITY');
      expect(checkProvenanceChange(locked, next, { identityChange: true }, 'weather').accepted).toHaveLength(1);
    }
    // The same repository, next release: quiet.
    expect(checkProvenanceChange(locked, verified({ commit: 'f'.repeat(40) }), {}, 'weather').accepted).toEqual([]);
  });
  it("the source ref: a tag's next tag is quiet, a pull request's ref is refused (EIDENTITY) unless accepted, a tag to a branch is shown", () => {
    const locked = verified({ ref: 'refs/tags/v1.4.0' });
    expect(locked.ref).toBe('refs/tags/v1.4.0');
    expect(checkProvenanceChange(locked, verified({ ref: 'refs/tags/v1.5.0', commit: 'f'.repeat(40) }), {}, 'weather')).toEqual({ accepted: [], warnings: [] });
    // Sigstore certificates carry the ref the workflow ran on; a pull_request run has refs/pull/<n>/merge.
    for (const ref of ['refs/pull/7/merge', 'refs/merge-requests/3/head']) {
      const next = verified({ ref });
      const err = refusal(() => checkProvenanceChange(locked, next, {}, 'weather'));
      expect(err.code).toBe('EIDENTITY');
      expect(err.facts.check).toBe('provenance-ref');
      expect(err.message).toContain(`PULL REQUEST ref ${ref}`);
      expect(checkProvenanceChange(locked, next, { identityChange: true }, 'weather').accepted).toEqual([
        { kind: 'identity-change', from: { repository: 'acme/weather', issuer: GITHUB, ref: 'refs/tags/v1.4.0' }, to: { repository: 'acme/weather', issuer: GITHUB, ref } },
      ]);
    }
    const branch = checkProvenanceChange(locked, verified({ ref: 'refs/heads/main' }), {}, 'weather');
    expect(branch.accepted).toEqual([]);
    expect(branch.warnings).toEqual(['weather: the new version was built from branch refs/heads/main, the locked version from tag refs/tags/v1.4.0.']);
    // From a branch to a tag is the usual way round; a locked pull request's ref to another: as before.
    expect(checkProvenanceChange(verified({ ref: 'refs/heads/main' }), locked, {}, 'weather').warnings).toEqual([]);
    expect(checkProvenanceChange(verified({ ref: 'refs/pull/6/merge' }), verified({ ref: 'refs/pull/7/merge' }), {}, 'weather').accepted).toEqual([]);
    // Built from a pull request at all: the review says so.
    const t = tarball();
    const res = verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, { ref: 'refs/pull/7/merge' }) }, trust);
    expect(res.summary).toContain('from PULL REQUEST ref refs/pull/7/merge');
    expect(res.warnings.join('\n')).toContain('built from a pull request (refs/pull/7/merge)');
  });

  it('a release built from another branch than the locked one is shown (a branch nobody merged to the default one), not refused', () => {
    const locked = verified({ ref: 'refs/heads/main' });
    expect(checkProvenanceChange(locked, verified({ ref: 'refs/heads/main', commit: 'f'.repeat(40) }), {}, 'weather')).toEqual({ accepted: [], warnings: [] });
    const other = checkProvenanceChange(locked, verified({ ref: 'refs/heads/fix-typo' }), {}, 'weather');
    expect(other.accepted).toEqual([]);
    expect(other.warnings).toEqual(['weather: the new version was built from branch refs/heads/fix-typo, the locked version from branch refs/heads/main.']);
    // Tags move with every release: one tag to the next is quiet.
    expect(checkProvenanceChange(verified({ ref: 'refs/tags/v1.4.0' }), verified({ ref: 'refs/tags/v1.5.0' }), {}, 'weather').warnings).toEqual([]);
  });

  it('a release built by another workflow of the same repository is an identity change', () => {
    const locked = verified({});
    const next = verified({ workflow: '.github/workflows/pr-preview.yml' });
    expect(next.workflow).toBe('.github/workflows/pr-preview.yml');
    const err = refusal(() => checkProvenanceChange(locked, next, {}, 'weather'));
    expect(err.code).toBe('EIDENTITY');
    expect(err.message).toContain('pr-preview.yml');
    expect(checkProvenanceChange(locked, next, { identityChange: true }, 'weather').accepted).toEqual([
      expect.objectContaining({ kind: 'identity-change', from: expect.objectContaining({ workflow: '.github/workflows/release.yml' }), to: expect.objectContaining({ workflow: '.github/workflows/pr-preview.yml' }) }),
    ]);
  });
});

describe('pinned identity: the workflow that signed (the SAN), beside the one that was started', () => {
  const verified = (extra: Record<string, unknown>): ProvenanceRecord => {
    const t = tarball();
    const res = verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, extra) }, trust);
    expect(res.status).toBe('verified');
    return res.record as ProvenanceRecord;
  };
  it("a release whose signing job moved to another repository's reusable workflow is an identity change, though repository, workflow and ids are the same", () => {
    const locked = verified({});
    // The caller (Build Config URI) is still acme/weather's release.yml; the job that built and
    // signed ran a workflow of another repository (GitHub writes job_workflow_ref as the SAN).
    const next = verified({ ref: 'refs/tags/v1.4.1', commit: 'f'.repeat(40), signer: 'https://github.com/evil/actions/.github/workflows/publish.yml@refs/heads/main' });
    expect(next).toMatchObject({ repository: locked.repository, workflow: locked.workflow, repositoryId: locked.repositoryId, ownerId: locked.ownerId });
    expect(next.identity).toBe('https://github.com/evil/actions/.github/workflows/publish.yml@refs/heads/main');
    // A first add's review says so too: the started workflow alone would hide it.
    const t = tarball();
    const first = verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, { signer: next.identity }) }, trust);
    expect(first.summary).toContain('via .github/workflows/release.yml (signed by https://github.com/evil/actions/.github/workflows/publish.yml)');
    expect(verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex) }, trust).summary).not.toContain('signed by');
    const err = refusal(() => checkProvenanceChange(locked, next, {}, 'weather'));
    expect(err.code).toBe('EIDENTITY');
    expect(err.facts.check).toBe('provenance-identity');
    expect(err.message).toContain('signed by https://github.com/evil/actions/.github/workflows/publish.yml');
    expect(err.facts.from).toMatchObject({ signer: 'https://github.com/acme/weather/.github/workflows/release.yml' });
    expect(err.facts.to).toMatchObject({ signer: 'https://github.com/evil/actions/.github/workflows/publish.yml' });
    expect(checkProvenanceChange(locked, next, { identityChange: true }, 'weather').accepted).toEqual([
      expect.objectContaining({ kind: 'identity-change', to: expect.objectContaining({ signer: 'https://github.com/evil/actions/.github/workflows/publish.yml' }) }),
    ]);
  });
  it('the same signing workflow at its next ref (a new tag, a new pinned sha of the reusable workflow) is quiet', () => {
    const reusable = 'https://github.com/acme/ci/.github/workflows/npm-publish.yml';
    const locked = verified({ signer: `${reusable}@refs/tags/v1` });
    expect(checkProvenanceChange(locked, verified({ ref: 'refs/tags/v1.4.1', signer: `${reusable}@refs/tags/v2` }), {}, 'weather')).toEqual({ accepted: [], warnings: [] });
    expect(checkProvenanceChange(locked, verified({ signer: `${reusable}@${'a'.repeat(40)}` }), {}, 'weather')).toEqual({ accepted: [], warnings: [] });
    // The plain case: the SAN is the repository's own workflow at the release's tag, which moves.
    expect(checkProvenanceChange(verified({}), verified({ ref: 'refs/tags/v1.5.0' }), {}, 'weather')).toEqual({ accepted: [], warnings: [] });
    // The repository's owner/name in another case is the same repository, as everywhere else.
    expect(checkProvenanceChange(verified({}), verified({ signer: 'https://github.com/ACME/Weather/.github/workflows/release.yml@refs/tags/v1.4.0' }), {}, 'weather').accepted).toEqual([]);
    // A workflow file's name is case-sensitive in git: another file.
    expect(refusal(() => checkProvenanceChange(verified({}), verified({ signer: 'https://github.com/acme/weather/.github/workflows/Release.yml@refs/tags/v1.4.0' }), {}, 'weather')).code).toBe('EIDENTITY');
  });
});

describe('pinned identity: the event that started the build', () => {
  const verified = (extra: Record<string, unknown>) => {
    const t = tarball();
    const res = verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, extra) }, trust);
    expect(res.status).toBe('verified');
    return res;
  };
  it("a release started by a pull request's event on the base branch (pull_request_target: its ref is the branch's, not the pull request's) is refused like a pull request's ref, unless accepted", () => {
    const locked = verified({}).record as ProvenanceRecord;
    expect(locked.trigger).toBe('push');
    const res = verified({ ref: 'refs/heads/main', commit: 'f'.repeat(40), trigger: 'pull_request_target' });
    const next = res.record as ProvenanceRecord;
    expect(next).toMatchObject({ trigger: 'pull_request_target', ref: 'refs/heads/main', workflow: locked.workflow, repository: locked.repository });
    expect(res.summary).toContain('started by a pull_request_target event');
    expect(res.warnings.join('\n')).toContain('started by a pull_request_target event');
    const err = refusal(() => checkProvenanceChange(locked, next, {}, 'weather'));
    expect(err.code).toBe('EIDENTITY');
    expect(err.facts).toMatchObject({ check: 'provenance-ref', from: { trigger: 'push' }, to: { trigger: 'pull_request_target' } });
    expect(err.message).toContain('pull_request_target');
    expect(checkProvenanceChange(locked, next, { identityChange: true }, 'weather').accepted).toHaveLength(1);
    // Another ordinary event (a release, a manual run) is no pull request: quiet, as before.
    for (const trigger of ['release', 'workflow_dispatch']) {
      expect(checkProvenanceChange(locked, verified({ ref: 'refs/tags/v1.4.1', trigger }).record as ProvenanceRecord, {}, 'weather').accepted).toEqual([]);
    }
    // Locked from such an event already: the next one is no change.
    expect(checkProvenanceChange(next, verified({ ref: 'refs/heads/main', trigger: 'pull_request_target' }).record as ProvenanceRecord, {}, 'weather').accepted).toEqual([]);
  });
});

describe('pinned identity: the runner the build ran on', () => {
  const verified = (extra: Record<string, unknown>) => {
    const t = tarball();
    const res = verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, extra) }, trust);
    expect(res.status).toBe('verified');
    return res;
  };
  it('records the runner environment; a build on a self-hosted runner is said in the review', () => {
    const hosted = verified({});
    expect(hosted.record).toMatchObject({ runnerEnvironment: 'github-hosted' });
    expect(hosted.summary).not.toContain('self-hosted');
    expect(hosted.warnings).toEqual([]);
    const own = verified({ runnerEnvironment: 'self-hosted' });
    expect(own.record).toMatchObject({ runnerEnvironment: 'self-hosted' });
    expect(own.summary).toContain('on a self-hosted runner');
    expect(own.warnings.join('\n')).toContain('built on a self-hosted runner');
  });
  it('a release built on a self-hosted runner after one on a hosted runner is an identity change (EIDENTITY) unless accepted', () => {
    const locked = verified({}).record as ProvenanceRecord;
    const next = verified({ ref: 'refs/tags/v1.4.1', commit: 'f'.repeat(40), runnerEnvironment: 'self-hosted' }).record as ProvenanceRecord;
    expect(next).toMatchObject({ repository: locked.repository, workflow: locked.workflow, identity: expect.stringContaining('release.yml@refs/tags/v1.4.1') });
    const err = refusal(() => checkProvenanceChange(locked, next, {}, 'weather'));
    expect(err.code).toBe('EIDENTITY');
    expect(err.facts).toMatchObject({ check: 'provenance-identity', from: { runnerEnvironment: 'github-hosted' }, to: { runnerEnvironment: 'self-hosted' } });
    expect(err.message).toContain('runner self-hosted');
    expect(checkProvenanceChange(locked, next, { identityChange: true }, 'weather').accepted).toHaveLength(1);
    // The same hosted runner for the next release: quiet. A locked record older than the field: nothing to compare.
    expect(checkProvenanceChange(locked, verified({ ref: 'refs/tags/v1.4.1' }).record as ProvenanceRecord, {}, 'weather')).toEqual({ accepted: [], warnings: [] });
    const { runnerEnvironment: _, ...older } = locked;
    expect(checkProvenanceChange(older, next, {}, 'weather').accepted).toEqual([]);
  });
});

describe('registry signatures', () => {
  it('refuses a bad signature and an unknown keyid', () => {
    const t = tarball();
    const good = signRegistry(root, 'weather', '1.4.0', t.integrity);
    const forOther = signRegistry(root, 'weather', '1.4.1', t.integrity);
    const base = { name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: null };
    expect(verifyProvenance({ ...base, signatures: [good] }, trust).registrySignature).toBe('verified');
    const bad = refusal(() => verifyProvenance({ ...base, signatures: [{ keyid: good.keyid, sig: forOther.sig }] }, trust));
    expect(bad.code).toBe('EPROVENANCE');
    expect(bad.facts.check).toBe('registry signature');
    const unknown = refusal(() => verifyProvenance({ ...base, signatures: [{ keyid: 'SHA256:unknownkey', sig: good.sig }] }, trust));
    expect(unknown.code).toBe('EPROVENANCE');
    expect(unknown.facts.keyid).toBe('SHA256:unknownkey');
  });

  it('verifies the real npm registry signature with the built-in npm key', async () => {
    const real = JSON.parse(await readFile(path.join(FIX, 'registry-signatures.json'), 'utf8')) as {
      signed: Array<{ name: string; version: string; integrity: string; signatures: Array<{ keyid: string; sig: string }> }>;
    };
    const s = real.signed[0]!;
    const plain = await loadTrust({});
    // Signed by npm's key that TUF says expired on 2025-01-29: good for a version published before.
    const before = '2023-06-01T00:00:00.000Z';
    expect(verifyProvenance({ name: s.name, version: s.version, integrity: s.integrity, attestations: null, signatures: s.signatures, publishedAt: before }, plain).registrySignature).toBe('verified');
    const err = refusal(() => verifyProvenance({ name: s.name, version: '1.0.1', integrity: s.integrity, attestations: null, signatures: s.signatures, publishedAt: before }, plain));
    expect(err.code).toBe('EPROVENANCE');
  });

  it("refuses a key file that gives npm's key id (or any trusted key's) to another key, which could then sign as npm", async () => {
    const npmKeyId = 'SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U';
    const keys = JSON.parse(await readFile(root.registryKeysPath, 'utf8')) as { keys: Array<Record<string, unknown>> };
    keys.keys[0]!.keyid = npmKeyId;
    const spoof = path.join(dir, 'spoofed-registry-keys.json');
    await writeFile(spoof, JSON.stringify(keys));
    const t = tarball();
    const sig = { keyid: npmKeyId, sig: signRegistry(root, 'weather', '1.4.0', t.integrity).sig };
    const loaded = await loadTrust({ registryKeys: [spoof] }).catch((e: unknown) => e as SkillpinError);
    if (!(loaded instanceof SkillpinError)) {
      // What the spoof bought before: a signature "by npm's key" made with the workspace's.
      expect(verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: null, signatures: [sig] }, loaded).registrySignature).not.toBe('verified');
    }
    expect(loaded).toMatchObject({ code: 'ECONFIG', facts: { file: spoof } });
  });

  it("refuses a signature by a registry key that had expired when the version was published (npm's rule), or now when no time is known", async () => {
    const real = JSON.parse(await readFile(path.join(FIX, 'registry-signatures.json'), 'utf8')) as {
      signed: Array<{ name: string; version: string; integrity: string; signatures: Array<{ keyid: string; sig: string }> }>;
    };
    const s = real.signed[0]!;
    const plain = await loadTrust({});
    // A retired key (leaked later, say) must not vouch for a version published after it retired.
    for (const publishedAt of ['2025-06-01T00:00:00.000Z', undefined]) {
      const err = refusal(() => verifyProvenance({ name: s.name, version: s.version, integrity: s.integrity, attestations: null, signatures: s.signatures, ...(publishedAt ? { publishedAt } : {}) }, plain));
      expect(err.code).toBe('EPROVENANCE');
      expect(err.facts.check).toBe('registry signature');
      expect(err.message).toContain('expired');
    }
    // The same for a key file's `expires` (npm's /-/npm/v1/keys shape).
    const t = tarball();
    const keys = JSON.parse(await readFile(root.registryKeysPath, 'utf8')) as { keys: Array<Record<string, unknown>> };
    keys.keys[0]!.expires = '2026-01-01T00:00:00.000Z';
    const expiring = path.join(dir, 'expiring-registry-keys.json');
    await writeFile(expiring, JSON.stringify(keys));
    const withExpiring = await loadTrust({ trustedRoots: [root.trustedRootPath], registryKeys: [expiring] });
    const sig = signRegistry(root, 'weather', '1.4.0', t.integrity);
    const base = { name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: null, signatures: [sig] };
    expect(verifyProvenance({ ...base, publishedAt: '2025-12-31T00:00:00.000Z' }, withExpiring).registrySignature).toBe('verified');
    expect(refusal(() => verifyProvenance({ ...base, publishedAt: '2026-01-02T00:00:00.000Z' }, withExpiring)).facts.check).toBe('registry signature');
    // A publish time in the future buys nothing: a key that retired is not valid then either.
    expect(refusal(() => verifyProvenance({ ...base, publishedAt: '2099-01-01T00:00:00.000Z' }, withExpiring)).facts.check).toBe('registry signature');
  });

  it("a packument time outside a key's validity buys nothing: before it began is refused, and a time in the future is read as now", async () => {
    // A key whose validity starts later (announced ahead of a rotation, as TUF does): a packument
    // that dates a version into that future must not let the key sign today.
    const t = tarball();
    const sig = signRegistry(root, 'weather', '1.4.0', t.integrity);
    const begins = new Date(Date.now() + 30 * 86_400_000);
    const [key] = trust.registryKeys.get(sig.keyid) ?? [];
    const announced: TrustContext = { ...trust, registryKeys: new Map([[sig.keyid, [{ ...key!, validFor: { start: begins, end: new Date(8.64e15) } }]]]) };
    const base = { name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: null, signatures: [sig] };
    for (const publishedAt of [new Date(begins.getTime() + 86_400_000).toISOString(), '2020-01-01T00:00:00.000Z', undefined]) {
      const err = refusal(() => verifyProvenance({ ...base, ...(publishedAt ? { publishedAt } : {}) }, announced));
      expect(err.facts.check).toBe('registry signature');
      expect(err.message).toContain('not yet in use');
    }
  });

  it('a packument time backdated into a retired key\'s validity is refused when the provenance was logged after the key retired', async () => {
    // The attack: a retired registry key leaks; a mirror serves a version signed with it and
    // backdates `time[version]` to when the key was valid. The transparency log's time of the
    // version's provenance (checked by @sigstore/verify) is later than the key's end: the registry
    // signs at publish, after the build was logged, so that key cannot have signed it.
    const t = tarball();
    const keys = JSON.parse(await readFile(root.registryKeysPath, 'utf8')) as { keys: Array<Record<string, unknown>> };
    const retiredAt = new Date(Date.now() - 30 * 86_400_000);
    keys.keys[0]!.expires = retiredAt.toISOString();
    const retiring = path.join(dir, 'retired-registry-keys.json');
    await writeFile(retiring, JSON.stringify(keys));
    const withRetired = await loadTrust({ trustedRoots: [root.trustedRootPath], registryKeys: [retiring] });
    const backdated = new Date(retiredAt.getTime() - 86_400_000).toISOString();
    const input = { name: 'weather', version: '1.4.0', integrity: t.integrity, signatures: [signRegistry(root, 'weather', '1.4.0', t.integrity)], publishedAt: backdated };
    // Without provenance there is no trusted time: the packument's is all there is (npm's rule too).
    expect(verifyProvenance({ ...input, attestations: null }, withRetired).registrySignature).toBe('verified');
    const err = refusal(() => verifyProvenance({ ...input, attestations: attest('weather', '1.4.0', t.hex) }, withRetired));
    expect(err.code).toBe('EPROVENANCE');
    expect(err.facts.check).toBe('registry signature');
    expect(err.message).toContain('transparency log');
    // Logged while the key was valid: verified as before.
    keys.keys[0]!.expires = new Date(Date.now() + 86_400_000).toISOString();
    const valid = path.join(dir, 'valid-registry-keys.json');
    await writeFile(valid, JSON.stringify(keys));
    const withValid = await loadTrust({ trustedRoots: [root.trustedRootPath], registryKeys: [valid] });
    expect(verifyProvenance({ ...input, attestations: attest('weather', '1.4.0', t.hex) }, withValid).registrySignature).toBe('verified');
  });
});

describe('choosing the certificate authorities a leaf can chain to', () => {
  it('offers only the CA whose key issued the leaf, and every CA to a leaf no CA issued', async () => {
    const { bundleFromJSON } = await import('@sigstore/bundle');
    const { toSignedEntity } = await import('@sigstore/verify');
    const leafOf = (doc: unknown) => {
      const entity = toSignedEntity(bundleFromJSON((doc as { attestations: Array<{ bundle: unknown }> }).attestations[0]!.bundle));
      return entity.key.$case === 'certificate' ? entity.key.certificate : undefined;
    };
    const t = tarball();
    const leaf = leafOf(attest('weather', '1.4.0', t.hex));
    expect(leaf).toBeDefined();
    // The trust holds the public-good CAs and the fixture CA: the fixture leaf gets a narrower verifier.
    const narrowed = trust.verifierFor(leaf);
    expect(narrowed).not.toBe(trust.verifier);
    expect(trust.verifierFor(leaf)).toBe(narrowed);
    // A leaf of another (unconfigured) root matches no CA: the full verifier, and its refusal.
    const stranger = await createTestTrustRoot(path.join(dir, 'stranger'));
    const foreignDoc = attestFixture(stranger, { name: 'weather', version: '1.4.0', sha512Hex: t.hex, repository: 'acme/weather', workflow: '.github/workflows/release.yml', ref: 'refs/tags/v1.4.0', commit: COMMIT });
    expect(trust.verifierFor(leafOf(foreignDoc))).toBe(trust.verifier);
    expect(refusal(() => verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: foreignDoc }, trust)).facts.sigstoreCode).toBe('CERTIFICATE_ERROR');
    // A real public-good leaf is narrowed to the public-good CA and still verifies.
    const doc = JSON.parse(await readFile(path.join(FIX, 'tuf-js-1.0.0.attestations.json'), 'utf8')) as unknown;
    const tgz = await readFile(path.join(FIX, 'tuf-js-1.0.0.tgz'));
    const real = verifyProvenance({ name: 'tuf-js', version: '1.0.0', integrity: ssri.fromData(tgz, { algorithms: ['sha512'] }).toString(), attestations: doc }, trust);
    expect(real.status).toBe('verified');
    expect(trust.verifierFor(leafOf(doc))).not.toBe(narrowed);
  });
});

/** Every certificate's DER in a Sigstore document (trusted root, bundle, attestations document). */
function certificatesIn(doc: unknown): Array<Buffer<ArrayBuffer>> {
  const ders: Array<Buffer<ArrayBuffer>> = [];
  const collect = (v: unknown, underCert: boolean): void => {
    if (Array.isArray(v)) v.forEach((x) => collect(x, underCert));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'rawBytes' && underCert && typeof x === 'string') ders.push(Buffer.from(x, 'base64'));
        else collect(x, underCert || /certificate/i.test(k));
      }
    }
  };
  collect(doc, false);
  return ders;
}

/** The fixture root's certificates and the real tuf-js bundles' (public-good leaves). */
async function knownCertificates(): Promise<Array<Buffer<ArrayBuffer>>> {
  return [
    ...certificatesIn(JSON.parse(await readFile(root.trustedRootPath, 'utf8'))),
    ...certificatesIn(JSON.parse(await readFile(path.join(FIX, 'tuf-js-1.0.0.attestations.json'), 'utf8'))),
  ];
}

describe('frozen certificate encodings (the verifier re-encodes certificates on every comparison)', () => {
  it('answers toDER from the first encoding, copies each answer, and refuses changes to the tree', async () => {
    const { X509Certificate } = await import('@sigstore/core');
    const raw = Buffer.from((JSON.parse(await readFile(root.trustedRootPath, 'utf8')) as { certificateAuthorities: Array<{ certChain: { certificates: Array<{ rawBytes: string }> } }> }).certificateAuthorities[0]!.certChain.certificates[0]!.rawBytes, 'base64');
    const cert = X509Certificate.parse(raw);
    const before = cert.root.toDER();
    expect(freezeCertificate(cert)).toBe(cert);
    expect(freezeCertificate(cert)).toBe(cert);
    const first = cert.root.toDER();
    expect(first.equals(before)).toBe(true);
    expect(first.equals(raw)).toBe(true);
    first.fill(0);
    expect(cert.root.toDER().equals(raw)).toBe(true);
    expect(cert.tbsCertificate.toDER().equals(X509Certificate.parse(raw).tbsCertificate.toDER())).toBe(true);
    expect(() => cert.extensions.splice(0, 1)).toThrow(TypeError);
    expect(() => (cert.root.subs as unknown[]).push(cert.root)).toThrow(TypeError);
    // The SCT check removes an extension from a clone: a clone is a fresh, unfrozen tree.
    const clone = cert.clone();
    expect(clone.root.toDER().equals(raw)).toBe(true);
    expect(() => clone.extensions.splice(0, 1)).not.toThrow();
    expect(clone.root.toDER().equals(raw)).toBe(false);
  });

  it("memoises exactly the library's own encoding of every node: real certificates and synthetic trees", async () => {
    const { ASN1Obj, X509Certificate } = await import('@sigstore/core');
    // Every certificate of the fixture root and of the real tuf-js bundles (public-good leaves).
    const ders = await knownCertificates();
    expect(ders.length).toBeGreaterThanOrEqual(4);
    // DER lengths the encoder writes differently (short form, one, two and three length bytes), an
    // OCTET STRING the parser reads as constructed, and lengths written longer than DER allows
    // (BER), which the library re-encodes in the short form: the memo must follow it, not the input.
    const tlv = (tag: number, body: Buffer): Buffer<ArrayBuffer> => {
      const n = body.length;
      const len = n < 128 ? [n] : n < 256 ? [0x81, n] : n < 65536 ? [0x82, n >> 8, n & 255] : [0x83, n >> 16, (n >> 8) & 255, n & 255];
      return Buffer.concat([Buffer.from([tag, ...len]), body]);
    };
    const sizes = [0, 1, 127, 128, 255, 256, 65535, 65536];
    const nested = tlv(0x30, Buffer.concat([...sizes.map((n) => tlv(0x04, randomBytes(n))), tlv(0x04, tlv(0x30, tlv(0x02, Buffer.from([1])))), tlv(0xa3, tlv(0x30, tlv(0x04, Buffer.alloc(300, 7))))]));
    const ber = Buffer.from([0x30, 0x81, 0x06, 0x02, 0x81, 0x01, 0x05, 0x05, 0x00]);
    const walk = (a: InstanceType<typeof ASN1Obj>, b: InstanceType<typeof ASN1Obj>, seen: { n: number }): void => {
      seen.n++;
      expect(b.toDER().equals(a.toDER())).toBe(true);
      expect(b.subs.length).toBe(a.subs.length);
      a.subs.forEach((sub, i) => walk(sub, b.subs[i]!, seen));
    };
    // The two ways of freezing: one encoding of the whole tree through the library's length
    // encoder, and each node's own toDER where a version of the library keeps the encoder
    // elsewhere (null). Only the second memoises nodes deeper than two levels, such as a real
    // certificate's first leaf: root, tbsCertificate, [0] version, INTEGER (three levels down).
    const deepest = (node: InstanceType<typeof ASN1Obj>, depth = 0): [InstanceType<typeof ASN1Obj>, number] => (node.subs.length === 0 ? [node, depth] : deepest(node.subs[0]!, depth + 1));
    for (const encodeLength of [undefined, null]) {
      let nodes = 0;
      for (const der of [...ders, nested, ber]) {
        const library = ASN1Obj.parseBuffer(der);
        const frozen = freezeCertificate(new X509Certificate(ASN1Obj.parseBuffer(der)), encodeLength);
        const seen = { n: 0 };
        walk(library, frozen.root, seen);
        nodes += seen.n;
        const [leaf, depth] = deepest(frozen.root);
        expect(Object.isFrozen(leaf)).toBe(true);
        if (ders.includes(der)) {
          expect(depth).toBeGreaterThan(2);
          expect(Object.hasOwn(leaf, 'toDER'), String(encodeLength)).toBe(encodeLength === null);
        }
      }
      expect(nodes).toBeGreaterThan(300);
      expect(freezeCertificate(new X509Certificate(ASN1Obj.parseBuffer(ber)), encodeLength).root.toDER()).toEqual(Buffer.from([0x30, 0x05, 0x02, 0x01, 0x05, 0x05, 0x00]));
    }
  });

  it("clones for the SCT check as the library does: each extension removed encodes the same, the original untouched", async () => {
    const { X509Certificate } = await import('@sigstore/core');
    const ders = [...(await knownCertificates()), ...certificatesIn(attest('weather', '1.4.0', tarball().hex))];
    let removals = 0;
    for (const der of ders) {
      const frozen = freezeCertificate(X509Certificate.parse(der));
      const count = X509Certificate.parse(der).extensions.length;
      for (let i = 0; i < count; i++) {
        const theirs = X509Certificate.parse(der).clone();
        const ours = frozen.clone();
        expect(ours.root.toDER().equals(theirs.root.toDER())).toBe(true);
        theirs.extensions.splice(i, 1);
        ours.extensions.splice(i, 1);
        expect(ours.tbsCertificate.toDER().equals(theirs.tbsCertificate.toDER())).toBe(true);
        expect(ours.root.toDER().equals(theirs.root.toDER())).toBe(true);
        expect(ours.root.toDER().equals(der)).toBe(false);
        removals++;
        // The copy shares the untouched nodes, frozen: changing one of them throws.
        expect(() => (ours.tbsCertificate.subs.at(-2)!.subs as unknown[]).pop()).toThrow(TypeError);
        expect(() => (ours.extensions[0]!.subs as unknown[]).pop()).toThrow(TypeError);
      }
      expect(frozen.root.toDER().equals(der)).toBe(true);
      expect(frozen.extensions.length).toBe(count);
    }
    expect(removals).toBeGreaterThan(20);
  });

  it('clones a certificate whose bytes are not its encoding as the library does (its raw values are not what a re-parse reads)', async () => {
    const { X509Certificate } = await import('@sigstore/core');
    type Node = { tag: { toDER(): number; number: number }; value: Buffer; subs: Node[] };
    const len = (n: number, long: boolean): Buffer => (n < 128 && !long ? Buffer.from([n]) : n < 256 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]));
    // Re-encode a parsed tree, giving `target` (an OCTET STRING's nested node) a non-minimal length:
    // the parser reads it back as the same tree, but the OCTET STRING's raw value is one byte longer
    // than its child's encoding.
    const encode = (node: Node, target: Node): Buffer<ArrayBuffer> => {
      const body = node.subs.length ? Buffer.concat(node.subs.map((sub) => encode(sub, target))) : node.value;
      return Buffer.concat([Buffer.from([node.tag.toDER()]), len(body.length, node === target), body]);
    };
    const values = (node: Node): string[] => [node.value.toString('hex'), ...node.subs.flatMap(values)];
    let checked = 0;
    for (const der of certificatesIn(attest('weather', '1.4.0', tarball().hex))) {
      const parsed = X509Certificate.parse(der);
      const octets = parsed.extensions.map((e) => (e as unknown as Node).subs.at(-1) as Node).find((o) => o.tag.number === 4 && o.subs.length > 0);
      if (!octets) continue;
      const odd = encode(parsed.root as unknown as Node, octets.subs[0] as Node);
      expect(odd.equals(der)).toBe(false);
      const theirs = X509Certificate.parse(odd).clone();
      const ours = freezeCertificate(X509Certificate.parse(odd)).clone();
      expect(values(ours.root as unknown as Node)).toEqual(values(theirs.root as unknown as Node));
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('finds extensions as the library does: the first of an OID, and a throw where its scan would throw', async () => {
    const { ASN1Obj, X509Certificate } = await import('@sigstore/core');
    const ders = [...(await knownCertificates()), ...certificatesIn(attest('weather', '1.4.0', tarball().hex))];
    // A real leaf with two more extensions: a second one of its first extension's OID (another
    // value) and, last, one whose OID is an INTEGER: the library's scan throws on reaching it.
    const grown = X509Certificate.parse(ders.at(-1)!);
    const list = grown.extensions as Array<InstanceType<typeof ASN1Obj>>;
    const firstOid = list[0]!.subs[0]!.toOID();
    const tlv = (tag: number, body: Uint8Array): Buffer<ArrayBuffer> => Buffer.concat([Buffer.from([tag, body.length]), body]);
    const oidBytes = list[0]!.subs[0]!.toDER().subarray(2);
    list.splice(1, 0, ASN1Obj.parseBuffer(tlv(0x30, Buffer.concat([tlv(0x06, oidBytes), tlv(0x04, Buffer.from('second'))]))));
    list.push(ASN1Obj.parseBuffer(tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x04, Buffer.from('x'))]))));
    const grownDer = Buffer.from(grown.root.toDER());
    // What a read returns, or that it throws and with which message.
    const outcome = (read: () => unknown): unknown => {
      try {
        return read();
      } catch (err) {
        return `throws ${(err as Error).message}`;
      }
    };
    const answer = (cert: InstanceType<typeof X509Certificate>, oid: string): unknown =>
      outcome(() => {
        const ext = cert.extension(oid);
        return ext === undefined ? 'none' : `${ext.oid} ${String(ext.critical)} ${ext.value.toString('hex')}`;
      });
    let lookups = 0;
    let throws = 0;
    for (const der of [...ders, grownDer]) {
      const oids = [...new Set([...X509Certificate.parse(der).extensions.flatMap((e) => (e.subs[0]!.tag.isOID() ? [e.subs[0]!.toOID()] : []))]), '1.2.3.4', '2.5.29.17', '2.5.29.19'];
      // Each order of lookups gets a fresh pair: the memo's answers must not depend on what was asked before.
      for (const order of [oids, [...oids].reverse()]) {
        const frozen = freezeCertificate(X509Certificate.parse(der));
        const library = X509Certificate.parse(der);
        for (const oid of [...order, ...order]) {
          const want = answer(library, oid);
          expect(answer(frozen, oid)).toBe(want);
          lookups++;
          if (String(want).startsWith('throws')) throws++;
        }
        expect(outcome(() => frozen.subjectAltName)).toBe(outcome(() => library.subjectAltName));
        expect(outcome(() => frozen.isCA)).toBe(outcome(() => library.isCA));
      }
    }
    expect(lookups).toBeGreaterThan(100);
    expect(throws).toBeGreaterThan(0);
    // The first of two extensions with one OID, as the library's find returns.
    const first = X509Certificate.parse(grownDer).extension(firstOid)!;
    expect(first.value.toString('utf8')).not.toBe('second');
    expect(answer(freezeCertificate(X509Certificate.parse(grownDer)), firstOid)).toBe(`${firstOid} ${String(first.critical)} ${first.value.toString('hex')}`);
  });

  it("checks a bundle certificate against a trusted issuer with that issuer's key, and only that key", async () => {
    const { X509Certificate } = await import('@sigstore/core');
    const t = tarball();
    const doc = attest('weather', '1.4.0', t.hex) as { attestations: Array<{ bundle: unknown }> };
    // The first certificate of a bundle is its leaf.
    const leafDer = (d: unknown): Buffer<ArrayBuffer> => certificatesIn(d)[0]!;
    const good = leafDer(doc);
    const impostor = leafDer(attest('weather', '1.4.0', t.hex, { tamper: { impostorCA: true } }));
    // The verifier that chains this leaf holds the trusted certificates (frozen, key-memoised).
    const trustedChain = (trust.verifierFor(freezeCertificate(X509Certificate.parse(good))) as unknown as { trustMaterial: { certificateAuthorities: Array<{ certChain: InstanceType<typeof X509Certificate>[] }> } }).trustMaterial.certificateAuthorities.flatMap((ca) => ca.certChain);
    expect(trustedChain.length).toBeGreaterThan(0);
    for (let round = 0; round < 2; round++) {
      for (const issuer of trustedChain) {
        // Each answer is the library's own on an untouched copy, before and after the key is cached.
        expect(freezeCertificate(X509Certificate.parse(good)).verify(issuer)).toBe(X509Certificate.parse(good).verify(X509Certificate.parse(Buffer.from(issuer.root.toDER()))));
        expect(freezeCertificate(X509Certificate.parse(impostor)).verify(issuer)).toBe(false);
      }
    }
    expect(trustedChain.some((issuer) => freezeCertificate(X509Certificate.parse(good)).verify(issuer))).toBe(true);
    // An issuer that is not a trusted certificate goes to the library as it is (here: the leaf itself).
    const leaf = freezeCertificate(X509Certificate.parse(good));
    expect(leaf.verify(X509Certificate.parse(good))).toBe(X509Certificate.parse(good).verify(X509Certificate.parse(good)));
    expect(Object.isFrozen(leaf)).toBe(true);
  });

  it('verifies and refuses the same bundles in a warmed trust as in a fresh one', async () => {
    const t = tarball();
    const good = (): ProvenanceInput => ({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex) });
    const bad = (): ProvenanceInput => ({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex, { tamper: { impostorCA: true } }) });
    const fresh = await trustWith({});
    expect(refusal(() => verifyProvenance(bad(), fresh)).facts.sigstoreCode).toBe('CERTIFICATE_ERROR');
    for (let i = 0; i < 3; i++) {
      expect(verifyProvenance(good(), fresh).status).toBe('verified');
      expect(refusal(() => verifyProvenance(bad(), fresh)).facts.sigstoreCode).toBe('CERTIFICATE_ERROR');
    }
  });
});

describe('P-256 keys imported from their coordinates (the key of every bundle\'s leaf)', () => {
  const fromDer = (der: Buffer): KeyObject => createPublicKey({ key: der, format: 'der', type: 'spki' });
  const spki = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' });
  const outcome = (run: () => KeyObject): string => {
    try {
      return JSON.stringify(run().export({ format: 'jwk' }));
    } catch {
      return 'refused';
    }
  };

  it('gives the key the DER import gives, refuses the point it refuses, and hands every other key to the library', () => {
    const delegated: unknown[] = [];
    const fast = p256Shortcut((key, type) => {
      delegated.push(key);
      return typeof key === 'string' ? createPublicKey(key) : createPublicKey({ key, format: 'der', type: type ?? 'spki' });
    });
    for (let i = 0; i < 40; i++) {
      const der = spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
      expect(der.length).toBe(91);
      const key = fast(der);
      expect(key.equals(fromDer(der))).toBe(true);
      expect(key.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    }
    // A point that is not on the curve, in the same form: both imports refuse it.
    const good = spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
    const offCurve = Buffer.concat([good.subarray(0, 27), randomBytes(64)]);
    expect(outcome(() => fromDer(offCurve))).toBe('refused');
    expect(outcome(() => fast(offCurve))).toBe('refused');
    expect(delegated).toHaveLength(0);
    // Everything else is the library's: other curves and key types, a PEM string, another type.
    const others: Array<string | Buffer> = [
      spki(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey),
      spki(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey),
      spki(generateKeyPairSync('ed25519').publicKey),
      spki(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey),
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }),
      Buffer.concat([good.subarray(0, 26), Buffer.from([0x05]), good.subarray(27)]),
    ];
    for (const key of others) expect(outcome(() => fast(key))).toBe(outcome(() => (typeof key === 'string' ? createPublicKey(key) : fromDer(key))));
    expect(delegated).toEqual(others);
  });

  it("is what @sigstore/core's createPublicKey is once a bundle has been verified", async () => {
    const t = tarball();
    expect(verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: attest('weather', '1.4.0', t.hex) }, trust).status).toBe('verified');
    const { crypto } = await import('@sigstore/core');
    expect(crypto.createPublicKey.name).toBe('createP256PublicKey');
  });
});

describe('real npm provenance (tuf-js@1.0.0, public-good root, offline)', () => {
  it('verifies both attestations against the real tarball', async () => {
    const doc = JSON.parse(await readFile(path.join(FIX, 'tuf-js-1.0.0.attestations.json'), 'utf8')) as unknown;
    const tgz = await readFile(path.join(FIX, 'tuf-js-1.0.0.tgz'));
    const integrity = ssri.fromData(tgz, { algorithms: ['sha512'] }).toString();
    expect(integrity).toBe('sha512-1dxsQwESDzACJjTdYHQ4wJ1f/of7jALWKfJEHSBWUQB/5UTJUx9SW6GHXp4mZ1KvdBRJCpGjssoPFGi4hvw8/A==');
    const plain = await loadTrust({ provenance: 'require', identities: [{ issuer: GITHUB, repository: 'theupdateframework/*' }] });
    const res = verifyProvenance({ name: 'tuf-js', version: '1.0.0', integrity, attestations: doc }, plain);
    expect(res.status).toBe('verified');
    expect(res.record).toEqual({
      predicateType: 'https://slsa.dev/provenance/v0.2',
      issuer: GITHUB,
      identity: 'https://github.com/theupdateframework/tuf-js/.github/workflows/publish.yml@refs/tags/v1.0.0',
      repository: 'theupdateframework/tuf-js',
      commit: '99624cc7ce39872e6bd08a0df59229a48562dbca',
      workflow: '.github/workflows/publish.yml',
      ref: 'refs/tags/v1.0.0',
      // The real certificate's v1 extension (GitHub Workflow Trigger), read where no v2 Build Trigger is.
      trigger: 'release',
      logIndex: 12987347,
    });
    expect(res.summary).toBe('built by theupdateframework/tuf-js@99624cc7ce39872e6bd08a0df59229a48562dbca via .github/workflows/publish.yml, logged at index 12987347, from tag refs/tags/v1.0.0');
    // The same real bundle refuses another tarball, and another package name.
    expect(refusal(() => verifyProvenance({ name: 'tuf-js', version: '1.0.0', integrity: tarball().integrity, attestations: doc }, plain)).code).toBe('EPROVENANCE');
    expect(refusal(() => verifyProvenance({ name: 'tuf-js-evil', version: '1.0.0', integrity, attestations: doc }, plain)).code).toBe('EPROVENANCE');
    const near = await loadTrust({ identities: [{ issuer: GITHUB, repository: 'theupdateframework/tuf' }] });
    expect(refusal(() => verifyProvenance({ name: 'tuf-js', version: '1.0.0', integrity, attestations: doc }, near)).code).toBe('EIDENTITY');
    // A keys file that names npm's attestation key id with another key: one id, two keys, and the
    // validity of either would vouch for the first. Refused when the trust is loaded (ECONFIG).
    const twice = path.join(dir, 'same-keyid-other-key.json');
    const fixtureKey = (JSON.parse(await readFile(path.join(FIXTURE_TRUST, 'registry-keys.json'), 'utf8')) as { keys: Array<Record<string, unknown>> }).keys[0]!;
    await writeFile(twice, JSON.stringify({ keys: [{ ...fixtureKey, keyid: 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA' }] }));
    await expect(loadTrust({ registryKeys: [twice] })).rejects.toMatchObject({ code: 'ECONFIG', facts: { file: twice } });
  });
});

describe('offline attestation store', () => {
  it('stores content-addressed outside the sandbox and re-verifies without the registry', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'skillpin-ws-'));
    try {
      const t = tarball();
      const doc = attest('weather', '1.4.0', t.hex);
      expect(await loadStoredAttestations(ws, t.integrity)).toBeNull();
      const file = await storeAttestations(ws, t.integrity, doc);
      expect(file).toBe(path.join(ws, '.clawhub', 'attestations', `${t.hex}.json`));
      const back = await loadStoredAttestations(ws, t.integrity);
      expect(back).toEqual(doc);
      expect(verifyProvenance({ name: 'weather', version: '1.4.0', integrity: t.integrity, attestations: back }, trust).status).toBe('verified');
      await writeFile(file, '{not json');
      await expect(loadStoredAttestations(ws, t.integrity)).rejects.toMatchObject({ code: 'EPROVENANCE' });
    } finally {
      await rm(ws, { recursive: true, force: true });
    }
  });

  it('refuses to write through a symlinked attestations folder', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'skillpin-ws-'));
    try {
      await mkdir(path.join(ws, '.clawhub'), { recursive: true });
      await mkdir(path.join(ws, 'elsewhere'));
      await symlink(path.join(ws, 'elsewhere'), path.join(ws, '.clawhub', 'attestations'));
      const t = tarball();
      // ELOCKFILE, as for the journal folder: it is the lock's store, not the sandbox.
      await expect(storeAttestations(ws, t.integrity, { attestations: [] })).rejects.toMatchObject({ code: 'ELOCKFILE' });
      expect(await readdir(path.join(ws, 'elsewhere'))).toEqual([]);
    } finally {
      await rm(ws, { recursive: true, force: true });
    }
  });
});

describe('loadTrust', () => {
  it("refuses skillpin's TEST-ONLY trust root (its private keys are public) outside the tests, wherever a workspace puts it", async () => {
    const saved = process.env.SKILLPIN_TEST_ONLY_TRUST;
    const copy = path.join(dir, 'copied-trusted-root.json');
    await writeFile(copy, await readFile(path.join(FIXTURE_TRUST, 'trusted-root.json')));
    try {
      delete process.env.SKILLPIN_TEST_ONLY_TRUST;
      // A root made by the fixture's script, and the repository's own copied into a workspace (as
      // the example config would be): anyone holding the published keys signs what they accept.
      for (const file of [root.trustedRootPath, copy]) {
        const err = await loadTrust({ trustedRoots: [file] }).catch((e: unknown) => e as SkillpinError);
        expect(err).toMatchObject({ code: 'ECONFIG', facts: { file } });
        expect((err as SkillpinError).message).toContain('TEST-ONLY');
      }
      // skillpin's own checkout (its demo and self-gate), which no installed package carries.
      expect((await loadTrust({ trustedRoots: [path.join(FIXTURE_TRUST, 'trusted-root.json')] })).origins).toContain(path.join(FIXTURE_TRUST, 'trusted-root.json'));
      process.env.SKILLPIN_TEST_ONLY_TRUST = '1';
      expect((await loadTrust({ trustedRoots: [copy] })).origins).toContain(copy);
    } finally {
      if (saved === undefined) delete process.env.SKILLPIN_TEST_ONLY_TRUST;
      else process.env.SKILLPIN_TEST_ONLY_TRUST = saved;
    }
  });

  it('names a bad trusted root or registry keys file in ECONFIG', async () => {
    const missing = path.join(dir, 'nope.json');
    await expect(loadTrust({ trustedRoots: [missing] })).rejects.toMatchObject({ code: 'ECONFIG', facts: { file: missing } });
    const notJson = path.join(dir, 'bad.json');
    await writeFile(notJson, 'nope');
    await expect(loadTrust({ trustedRoots: [notJson] })).rejects.toMatchObject({ code: 'ECONFIG', facts: { file: notJson } });
    const wrong = path.join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [{ publicKey: { rawBytes: 'AAAA' }, logId: { keyId: 'AAAA' } }] }));
    const err = await loadTrust({ trustedRoots: [wrong] }).catch((e: unknown) => e as SkillpinError);
    expect(err).toMatchObject({ code: 'ECONFIG' });
    expect((err as SkillpinError).message).toContain('tlogs[0].publicKey');
    await expect(loadTrust({ registryKeys: [root.trustedRootPath] })).rejects.toMatchObject({ code: 'ECONFIG', facts: { file: root.trustedRootPath } });
    await expect(loadTrust({ provenance: 'strict' as never })).rejects.toMatchObject({ code: 'ECONFIG' });
  });

  it('refuses a certificate that is not DER when the root is loaded, not at the first bundle', async () => {
    const doc = JSON.parse(await readFile(root.trustedRootPath, 'utf8'));
    doc.certificateAuthorities[0].certChain.certificates[0].rawBytes = Buffer.from('not a certificate').toString('base64');
    const bad = path.join(dir, 'bad-cert-root.json');
    await writeFile(bad, JSON.stringify(doc));
    const err = await loadTrust({ trustedRoots: [bad] }).catch((e: unknown) => e as SkillpinError);
    expect(err).toMatchObject({ code: 'ECONFIG', facts: { file: bad } });
    expect((err as SkillpinError).message).toContain('certificateAuthorities[0].certChain.certificates[0] is not a DER certificate');
  });

  it('loads @sigstore/core only for a bundle the verdict cache does not answer', () => {
    // A fresh process: this one has loaded it for other tests. The compiled module, as the CLI runs it.
    const trust = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'provenance', 'trust.js');
    const code = `import { createRequire } from 'node:module';
const { loadTrust } = await import(${JSON.stringify(trust)});
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('@sigstore/core/dist/'));
const t = await loadTrust({ trustedRoots: [${JSON.stringify(root.trustedRootPath)}] });
const before = loaded();
t.verifier;
console.log(JSON.stringify([before, loaded()]));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([false, true]);
  });
});
