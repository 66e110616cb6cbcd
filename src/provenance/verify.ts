// Provenance verification of one exact version: the registry's signatures over the integrity, then
// every Sigstore bundle of npm's attestations document through @sigstore/verify (certificate chain,
// SCTs, transparency-log inclusion, signature), then what @sigstore/verify does not check: the
// in-toto statement's subject and digest, the predicate type, the signer's identity and the
// trust.identities allow-list. Synchronous: all material is in memory.

import { createVerify, hash as digestOf } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import type { X509Certificate } from '@sigstore/core';
import { SkillpinError, messageOf } from '../errors.js';
import { sha512Digests } from '../integrity/index.js';
import { lazyRequire } from '../lazy.js';
import { sourceFingerprint, verdictKey } from '../verdicts/index.js';
import { describeRef, findAllowedIdentity, pullRequestTrigger, refKind, selfHosted, signerWorkflow } from './identity.js';
import { parseStoredAttestations, type StoredAttestations } from './store.js';
import { freezeCertificate, type TrustContext } from './trust.js';
import type { ProvenanceRecord } from './types.js';

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';
export const NPM_PUBLISH_V01 = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';
const SLSA_TYPES = new Set([SLSA_PROVENANCE_V1, SLSA_PROVENANCE_V02]);
const STATEMENT_TYPES = new Set(['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1']);
const IN_TOTO_PAYLOAD = 'application/vnd.in-toto+json';

const FULCIO_OID = (n: number): string => `1.3.6.1.4.1.57264.1.${n}`;

// The Sigstore libraries load on the first bundle the verdict cache does not answer.
const bundleLib = lazyRequire<typeof import('@sigstore/bundle')>('@sigstore/bundle');
const verifyLib = lazyRequire<typeof import('@sigstore/verify')>('@sigstore/verify');
const sigstore = {
  bundleFromJSON: (json: unknown): Bundle => bundleLib().bundleFromJSON(json),
  toSignedEntity: (bundle: Bundle) => verifyLib().toSignedEntity(bundle),
};

export interface ProvenanceInput {
  name: string;
  version: string;
  /** ssri of the tarball; its sha512 is what the statement must name. */
  integrity: string;
  /** The parsed attestations document, or null when the registry advertises none. */
  attestations: unknown | null;
  /** npm `dist.signatures`. */
  signatures?: Array<{ keyid: string; sig: string }>;
  /** When the registry says the version was published (packument `time`): a key must have been valid then. */
  publishedAt?: string;
}

export interface ProvenanceResult {
  record: ProvenanceRecord | null;
  status: 'verified' | 'absent' | 'skipped';
  /** The review line: what was verified, or why nothing was. */
  summary: string;
  warnings: string[];
  registrySignature: 'verified' | 'absent';
}

function spec(input: ProvenanceInput): string {
  return `${input.name}@${input.version}`;
}

function refuse(input: ProvenanceInput, check: string, why: string, hint: string, facts: Record<string, unknown> = {}, cause?: unknown): SkillpinError {
  return new SkillpinError('EPROVENANCE', `${spec(input)}: ${check} failed: ${why}.`, { skill: input.name, hint, check, ...facts }, cause === undefined ? undefined : { cause });
}

/** The hint for bytes and a signed statement that disagree, as a registry serves them. */
export const HINT_TAMPER = 'Do not install this version: what the registry served does not match what was signed. Report it to the publisher and the registry.';

// --------------------------------------------------------------------------------------------
// Registry signatures (npm audit-signatures model)

/**
 * `loggedAt`: the latest transparency-log time (ms) of this version's verified bundles, when it has
 * any. The registry signs at publish, after the build's provenance was logged, so a key must have
 * been valid then too: a packument `time` earlier than the log's (backdated into a retired key's
 * validity) cannot be when the registry signed.
 */
function verifyRegistrySignatures(input: ProvenanceInput, trust: TrustContext, loggedAt?: number): 'verified' | 'absent' {
  const sigs = input.signatures ?? [];
  if (sigs.length === 0) return 'absent';
  const message = Buffer.from(`${input.name}@${input.version}:${input.integrity}`, 'utf8');
  // npm's rule (npm audit signatures): a key vouches only for versions published while it was
  // valid; it retires with `expires` (TUF's validFor), after which a leak of it must not sign new
  // versions. Without a publish time, the key must be valid now.
  // A publish time in the future is no time the registry can have signed at: it is read as now,
  // so a packument cannot date a version into the validity of a key announced ahead of its use.
  const now = Date.now();
  const stated = input.publishedAt === undefined ? NaN : Date.parse(input.publishedAt);
  let at = new Date(Number.isNaN(stated) ? now : Math.min(stated, now));
  let when = Number.isNaN(stated) ? 'this time (no publish time given)' : stated > now ? `this time (its publish time ${new Date(stated).toISOString()} is in the future)` : `its publish time ${at.toISOString()}`;
  if (loggedAt !== undefined && loggedAt > at.getTime()) {
    when = `the time its provenance was entered in the transparency log, ${new Date(loggedAt).toISOString()} (the registry's publish time ${Number.isNaN(stated) ? 'is missing' : `${at.toISOString()} is earlier, so it is not when the registry signed`})`;
    at = new Date(loggedAt);
  }
  for (const s of sigs) {
    if (!s || typeof s.keyid !== 'string' || typeof s.sig !== 'string') {
      throw refuse(input, 'registry signature', 'a dist.signatures entry is malformed', HINT_TAMPER);
    }
    const keys = (trust.registryKeys.get(s.keyid) ?? []).filter((k) => k.signatures);
    if (keys.length === 0) {
      throw refuse(input, 'registry signature', `it is signed by key ${s.keyid}, which is not a trusted registry key`, 'If this is your private registry, add its /-/npm/v1/keys document to trust.registryKeys in .clawhub/config.json; otherwise do not install.', { keyid: s.keyid });
    }
    const valid = keys.filter((k) => k.validFor.start <= at && at <= k.validFor.end);
    if (valid.length === 0) {
      const ends = keys.map((k) => k.validFor.end.toISOString()).join(', ');
      throw refuse(input, 'registry signature', `it is signed by key ${s.keyid}, which was not valid at ${when} (it expired ${ends}, or was not yet in use)`, HINT_TAMPER, { keyid: s.keyid });
    }
    const sig = Buffer.from(s.sig, 'base64');
    const ok = valid.some((k) => {
      try {
        return createVerify('sha256').update(message).verify(k.publicKey, sig);
      } catch {
        return false;
      }
    });
    if (!ok) {
      throw refuse(input, 'registry signature', `the signature by ${s.keyid} over "${input.name}@${input.version}:${input.integrity}" does not verify`, HINT_TAMPER, { keyid: s.keyid });
    }
  }
  return 'verified';
}

// --------------------------------------------------------------------------------------------
// Attestations document

interface Attestation {
  predicateType: string;
  bundle: unknown;
}

function readDocument(input: ProvenanceInput): Attestation[] {
  const doc = input.attestations;
  const list = doc !== null && typeof doc === 'object' ? (doc as { attestations?: unknown }).attestations : undefined;
  if (!Array.isArray(list)) throw refuse(input, 'provenance', 'the attestations document has no "attestations" array', HINT_TAMPER);
  return list.map((a, i) => {
    const o = a as { predicateType?: unknown; bundle?: unknown } | null;
    if (!o || typeof o !== 'object' || typeof o.predicateType !== 'string' || !o.bundle || typeof o.bundle !== 'object') {
      throw refuse(input, 'provenance', `attestation ${i} lacks a predicateType or a bundle`, HINT_TAMPER);
    }
    return { predicateType: o.predicateType, bundle: o.bundle };
  });
}

interface Statement {
  _type: string;
  predicateType: string;
  subject: Array<{ name?: unknown; digest?: Record<string, unknown> }>;
  predicate?: unknown;
}

function npmPurls(name: string, version: string): string[] {
  const forms = [`pkg:npm/${name}@${version}`];
  if (name.startsWith('@')) forms.unshift(`pkg:npm/%40${name.slice(1)}@${version}`);
  return forms;
}

function checkStatement(input: ProvenanceInput, bundle: Bundle, declaredType: string, digests: string[]): Statement {
  if (bundle.content.$case !== 'dsseEnvelope') throw refuse(input, 'provenance', 'the bundle holds a bare signature, not a DSSE in-toto statement', HINT_TAMPER);
  const env = bundle.content.dsseEnvelope;
  if (env.payloadType !== IN_TOTO_PAYLOAD) throw refuse(input, 'provenance', `the DSSE payload type is "${env.payloadType}", not ${IN_TOTO_PAYLOAD}`, HINT_TAMPER);
  let st: Statement;
  try {
    st = JSON.parse(Buffer.from(env.payload).toString('utf8')) as Statement;
  } catch (err) {
    throw refuse(input, 'provenance', 'the signed statement is not JSON', HINT_TAMPER, {}, err);
  }
  if (!st || typeof st !== 'object' || !STATEMENT_TYPES.has(st._type)) throw refuse(input, 'provenance', 'the signed payload is not an in-toto statement', HINT_TAMPER);
  if (st.predicateType !== declaredType) {
    throw refuse(input, 'provenance', `the signed statement's predicate type "${String(st.predicateType)}" differs from the declared "${declaredType}"`, HINT_TAMPER);
  }
  if (!Array.isArray(st.subject) || st.subject.length === 0) throw refuse(input, 'provenance', 'the signed statement names no subject', HINT_TAMPER);
  const purls = npmPurls(input.name, input.version);
  const ours = st.subject.filter((s) => typeof s?.name === 'string' && purls.includes(s.name));
  if (ours.length === 0) {
    const named = st.subject.map((s) => String(s?.name)).join(', ');
    throw refuse(input, 'provenance subject', `the signed statement is for ${named}, not ${purls[0]}`, HINT_TAMPER, { expected: purls[0], found: named });
  }
  for (const s of ours) {
    const d = s.digest?.sha512;
    if (typeof d !== 'string' || !digests.includes(d.toLowerCase())) {
      throw refuse(input, 'provenance digest', `the signed statement's sha512 ${String(d)} is not the tarball's ${digests[0]}`, HINT_TAMPER, { expected: digests[0], found: d });
    }
  }
  return st;
}

function verifyBundle(input: ProvenanceInput, trust: TrustContext, att: Attestation): { bundle: Bundle; cert: X509Certificate | undefined } {
  let bundle: Bundle;
  try {
    bundle = sigstore.bundleFromJSON(att.bundle);
  } catch (err) {
    throw refuse(input, 'provenance', `the ${att.predicateType} bundle is malformed (${messageOf(err)})`, HINT_TAMPER, {}, err);
  }
  let leaf: X509Certificate | undefined;
  try {
    const entity = sigstore.toSignedEntity(bundle);
    leaf = entity.key.$case === 'certificate' ? freezeCertificate(entity.key.certificate) : undefined;
    trust.verifierFor(leaf).verify(entity);
  } catch (err) {
    // A trusted root @sigstore/core cannot read (ECONFIG) is about the configuration, not the bundle.
    if (err instanceof SkillpinError) throw err;
    const code = (err as { code?: string }).code;
    const cause = (err as { cause?: unknown }).cause;
    const detail = cause ? `${messageOf(err)}: ${messageOf(cause)}` : messageOf(err);
    const hint =
      code === 'PUBLIC_KEY_ERROR'
        ? 'The attestation is signed by a registry key skillpin does not trust; add the registry\'s /-/npm/v1/keys document to trust.registryKeys, or do not install.'
        : 'The signature does not chain to a trusted Sigstore root or log. For a private Sigstore deployment add its TrustedRoot to trust.trustedRoots; otherwise do not install.';
    throw refuse(input, 'provenance signature', `the ${att.predicateType} bundle does not verify (${code ?? 'error'}: ${detail})`, hint, { sigstoreCode: code }, err);
  }
  return { bundle, cert: leaf };
}

/**
 * The latest time a verified bundle's transparency-log entries were integrated, in ms; only entries
 * with a signed entry timestamp (the log's promise signs `integratedTime`) count.
 */
function loggedTime(bundle: Bundle): number | undefined {
  let latest: number | undefined;
  for (const e of bundle.verificationMaterial.tlogEntries) {
    if (!e.inclusionPromise) continue;
    const t = Number(e.integratedTime) * 1000;
    if (Number.isSafeInteger(t) && t > 0 && (latest === undefined || t > latest)) latest = t;
  }
  return latest;
}

// --------------------------------------------------------------------------------------------
// Identity from the Fulcio certificate

function extText(cert: X509Certificate, n: number): string | undefined {
  const ext = cert.extension(FULCIO_OID(n));
  if (!ext) return undefined;
  if (n <= 6) return ext.value.toString('utf8'); // v1 extensions: raw bytes
  const inner = ext.valueObj.subs[0]; // v2 extensions: DER UTF8String inside the OCTET STRING
  return inner ? inner.value.toString('utf8') : undefined;
}

function repositoryFromUri(uri: string): string | undefined {
  try {
    const u = new URL(uri);
    const p = u.pathname.replace(/^\/+|\/+$/g, '');
    return p === '' ? undefined : p;
  } catch {
    return undefined;
  }
}

/** `https://github.com/<owner>/<repo>/<path>@<ref>` -> `<path>` (prefixed `owner/repo/` when another repo). */
function workflowFromUri(uri: string, repository: string): string {
  const m = /^https:\/\/[^/]+\/([^/]+\/[^/]+)\/([^@]+)@.+$/.exec(uri);
  if (!m) return uri;
  return m[1]!.toLowerCase() === repository.toLowerCase() ? m[2]! : `${m[1]}/${m[2]}`;
}

function identityOf(input: ProvenanceInput, cert: X509Certificate, predicateType: string, bundle: Bundle): ProvenanceRecord {
  const missing = (what: string): never => {
    throw refuse(input, 'provenance identity', `the signing certificate does not say ${what}`, 'skillpin can only attribute CI-built packages (GitHub Actions, GitLab CI); ask the publisher to publish with provenance from CI.');
  };
  const issuer = extText(cert, 8) ?? extText(cert, 1) ?? missing('which OIDC issuer vouched for it');
  const identity = cert.subjectAltName ?? missing('who signed (no subject alternative name)');
  const sourceUri = extText(cert, 12);
  const legacyRepo = extText(cert, 5);
  const repository = (sourceUri ? repositoryFromUri(sourceUri) : undefined) ?? legacyRepo ?? missing('which source repository was built');
  if (sourceUri && legacyRepo && legacyRepo.toLowerCase() !== repository.toLowerCase()) {
    throw refuse(input, 'provenance identity', `the certificate names two repositories (${repository} and ${legacyRepo})`, HINT_TAMPER);
  }
  const commit = extText(cert, 13) ?? extText(cert, 3) ?? missing('which commit was built');
  const ref = extText(cert, 14) ?? extText(cert, 6);
  const workflow = workflowFromUri(extText(cert, 18) ?? identity, repository);
  const logIndex = Number(bundle.verificationMaterial.tlogEntries[0]?.logIndex ?? NaN);
  if (!Number.isSafeInteger(logIndex)) missing('where it was logged');
  const record: ProvenanceRecord = { predicateType, issuer, identity, repository, commit, workflow, logIndex };
  if (ref !== undefined) record.ref = ref;
  const repositoryId = extText(cert, 15);
  const ownerId = extText(cert, 17);
  if (repositoryId !== undefined) record.repositoryId = repositoryId;
  if (ownerId !== undefined) record.ownerId = ownerId;
  const runner = extText(cert, 11);
  if (runner !== undefined) record.runnerEnvironment = runner;
  const trigger = extText(cert, 20) ?? extText(cert, 2);
  if (trigger !== undefined) record.trigger = trigger;
  return record;
}

// --------------------------------------------------------------------------------------------

/** The review line for a verified record. */
export function describeRecord(record: ProvenanceRecord): string {
  // A job that ran another workflow (a reusable one, perhaps of another repository) signed as it.
  const signer = signerWorkflow(record.identity);
  const elsewhere = signer !== undefined && !signer.toLowerCase().endsWith(`/${record.repository}/${record.workflow}`.toLowerCase());
  return `built by ${record.repository}@${record.commit} via ${record.workflow}${elsewhere ? ` (signed by ${signer})` : ''}${selfHosted(record) ? ` on a ${record.runnerEnvironment} runner` : ''}, logged at index ${record.logIndex}${record.ref !== undefined ? `, from ${describeRef(record.ref)}` : ''}${pullRequestTrigger(record.trigger) ? `, started by a ${String(record.trigger)} event` : ''}`;
}

/** The review line for a verification outcome (also for a lock entry's record). */
export function provenanceSummary(
  name: string,
  version: string,
  status: ProvenanceResult['status'],
  record: ProvenanceRecord | null,
): string {
  if (status === 'skipped') return 'provenance not checked: trust.provenance is "off"';
  if (status === 'absent' || !record) return `no provenance: ${name}@${version} was published without a provenance attestation`;
  return describeRecord(record);
}

function isResult(v: unknown): v is ProvenanceResult {
  const r = v as ProvenanceResult | null;
  return r !== null && typeof r === 'object' && r.status === 'verified' && r.record !== null && typeof r.record === 'object' && typeof r.summary === 'string' && Array.isArray(r.warnings);
}

/** A locked version: what its stored attestations document must be about. */
export interface LockedVersion {
  name: string;
  version: string;
  integrity: string;
}

/** verifyProvenance of a stored attestations document, parsed here (EPROVENANCE naming the file when it is not JSON). */
export function verifyStoredDocument(locked: LockedVersion, stored: StoredAttestations, trust: TrustContext): ProvenanceResult {
  return verifyProvenance({ ...locked, attestations: parseStoredAttestations(stored) }, trust);
}

/**
 * Re-verify a locked version from its stored attestations document (`install --frozen`, `verify`).
 * The verdict-cache key is taken over the document's bytes as stored, so a hit costs one read and
 * one hash: the document is decoded and parsed only when the check has to run, where it runs.
 * `run` does verifyStoredDocument elsewhere (a worker, which is handed the bytes: parsing them
 * there costs that thread what cloning the parsed document to it did, and this one nothing);
 * absent, here.
 */
export async function verifyStoredProvenance(
  locked: LockedVersion,
  stored: StoredAttestations,
  trust: TrustContext,
  run?: (locked: LockedVersion, stored: StoredAttestations) => Promise<ProvenanceResult>,
): Promise<ProvenanceResult> {
  const cache = trust.verdicts?.enabled && trust.policy !== 'off' ? trust.verdicts : undefined;
  const key = cache
    ? verdictKey(['provenance-stored', trust.fingerprint, sourceFingerprint(import.meta.url), trust.policy, trust.identities, locked.name, locked.version, locked.integrity, digestOf('sha256', stored.bytes, 'hex')])
    : '';
  const hit = cache?.get('provenance', key);
  if (isResult(hit)) return hit;
  const result = run ? await run(locked, stored) : verifyStoredDocument(locked, stored, trust);
  if (cache && result.status === 'verified') cache.put('provenance', key, result);
  return result;
}

/**
 * Load what the first bundle's check would load (the Sigstore libraries, the trusted roots as their
 * objects, the verifier), so a worker can do it before that bundle arrives. Checks nothing.
 */
export function prepareVerification(trust: TrustContext): void {
  bundleLib();
  void trust.verifier;
}

/**
 * Verify registry signatures and provenance of one version. Synchronous. Throws EPROVENANCE /
 * EIDENTITY. What a registry serves now (add, update, review) is always verified afresh; locked
 * versions are re-checked through verifyStoredProvenance, which the verdict cache answers.
 */
export function verifyProvenance(input: ProvenanceInput, trust: TrustContext): ProvenanceResult {
  const warnings: string[] = [];
  // Checked once the bundles are (their log time bounds when the registry can have signed), or
  // at once when there are none or they are not looked at.
  let registrySignature: ProvenanceResult['registrySignature'] = 'absent';
  const checkSignatures = (loggedAt?: number): void => {
    registrySignature = verifyRegistrySignatures(input, trust, loggedAt);
  };
  const result = (status: ProvenanceResult['status'], record: ProvenanceRecord | null): ProvenanceResult => ({
    record,
    status,
    summary: provenanceSummary(input.name, input.version, status, record),
    warnings,
    registrySignature,
  });
  if (trust.policy === 'off') {
    checkSignatures();
    return result('skipped', null);
  }

  const absent = (why: string): ProvenanceResult => {
    if (trust.policy === 'require') {
      throw new SkillpinError('EPROVENANCE', `${spec(input)}: provenance is required (trust.provenance is "require") but ${why}.`, {
        skill: input.name,
        check: 'provenance-required',
        hint: 'Pick a version published with provenance, ask the publisher to publish from CI with --provenance, or relax trust.provenance to "warn".',
      });
    }
    warnings.push(`${spec(input)}: ${why}; nothing ties it to a source repository.`);
    if (trust.identities.length > 0) warnings.push(`${spec(input)}: trust.identities cannot be checked without provenance.`);
    return result('absent', null);
  };
  if (input.attestations === null || input.attestations === undefined) {
    checkSignatures();
    return absent('the registry publishes no provenance for it');
  }

  const digests = sha512Digests(input.integrity);
  if (digests.length === 0) {
    throw refuse(input, 'provenance digest', `the integrity "${input.integrity}" has no sha512 to compare with the signed statement`, 'Re-fetch the package; its integrity must be sha512.');
  }
  if (digests.length > 1) {
    // Bytes pass an integrity when they match any of its digests, and so did the statement: an
    // integrity naming two lets one tarball borrow the bundle signed for the other. A tarball has
    // one sha512 (skillpin records only that one), so the statement must name exactly it.
    throw refuse(input, 'provenance digest', `the integrity "${input.integrity}" names ${digests.length} sha512 digests, and a signed statement can vouch for only one tarball`, 'Restore the lock entry from version control, or re-pin with skill add, which records the one sha512 of the bytes it fetched.');
  }
  const atts = readDocument(input);
  const slsa = atts.filter((a) => SLSA_TYPES.has(a.predicateType));
  const publish = atts.filter((a) => a.predicateType === NPM_PUBLISH_V01);
  for (const a of atts) {
    if (!SLSA_TYPES.has(a.predicateType) && a.predicateType !== NPM_PUBLISH_V01) warnings.push(`${spec(input)}: ignored an attestation of unknown type ${a.predicateType}.`);
  }
  if (slsa.length > 1) throw refuse(input, 'provenance', `the document holds ${slsa.length} SLSA provenance attestations; exactly one is expected`, HINT_TAMPER);

  let loggedAt: number | undefined;
  const logged = (bundle: Bundle): void => {
    const t = loggedTime(bundle);
    if (t !== undefined && (loggedAt === undefined || t > loggedAt)) loggedAt = t;
  };
  // npm's publish attestation: signed by the registry key, no identity, but still bound to this tarball.
  for (const p of publish) {
    const { bundle } = verifyBundle(input, trust, p);
    checkStatement(input, bundle, p.predicateType, digests);
    logged(bundle);
  }
  const att = slsa[0];
  if (!att) {
    checkSignatures(loggedAt);
    return absent('its attestations hold no SLSA provenance');
  }

  const { bundle, cert } = verifyBundle(input, trust, att);
  if (!cert) throw refuse(input, 'provenance identity', 'the SLSA provenance is signed by a bare key, not a CI identity certificate', HINT_TAMPER);
  checkStatement(input, bundle, att.predicateType, digests);
  logged(bundle);
  checkSignatures(loggedAt);
  const record = identityOf(input, cert, att.predicateType, bundle);

  if (selfHosted(record)) {
    warnings.push(`${spec(input)}: it was built on a ${String(record.runnerEnvironment)} runner, a machine its owner controls, not the forge's: only that machine says the bytes came from ${record.repository}@${record.commit} (npm accepts provenance from hosted runners only).`);
  }
  if (refKind(record.ref) !== 'pull-request' && pullRequestTrigger(record.trigger)) {
    warnings.push(`${spec(input)}: it was started by a ${String(record.trigger)} event, a run for a pull request on ${describeRef(record.ref)} of ${record.repository}: such a run can build the pull request's code, which may never have been merged.`);
  }
  if (refKind(record.ref) === 'pull-request') {
    warnings.push(`${spec(input)}: it was built from a pull request (${String(record.ref)}), not from a branch or tag of ${record.repository}: that code may never have been merged.`);
  }
  if (trust.identities.length > 0 && !findAllowedIdentity(trust.identities, record)) {
    throw new SkillpinError(
      'EIDENTITY',
      `${spec(input)}: it was built by ${record.repository} (issuer ${record.issuer}), which trust.identities does not allow.`,
      {
        skill: input.name,
        check: 'provenance-identity',
        hint: 'If you trust this repository, add {"issuer", "repository"} for it to trust.identities in .clawhub/config.json; otherwise do not install.',
        issuer: record.issuer,
        repository: record.repository,
        identity: record.identity,
      },
    );
  }
  return result('verified', record);
}
