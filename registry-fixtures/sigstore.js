// TEST-ONLY Sigstore trust root and provenance signer for the fixture registry and the tests.
//
// It plays every Sigstore role with keys it generates itself:
//   - a Fulcio-style CA (root + intermediate) issuing short-lived leaf certificates that carry the
//     GitHub-workflow OIDC extensions (OIDs 1.3.6.1.4.1.57264.1.*) and an embedded SCT;
//   - a CT log key producing that SCT (RFC 6962 precertificate signature);
//   - a Rekor-style log key producing signed entry timestamps (inclusion promise) over canonical
//     `dsse` 0.0.1 entries, and signed checkpoints with an RFC 6962 inclusion proof;
//   - an npm-style registry key signing `<name>@<version>:<integrity>`.
// The trusted root it writes is a Sigstore `TrustedRoot` JSON. Nothing here is ever part of
// skillpin's default trust: a workspace trusts it only through `trust.trustedRoots` /
// `trust.registryKeys`. The private keys sit next to it in plain PEM, marked TEST-ONLY.
//
// Certificates are assembled with node-forge's ASN.1 encoder (forge cannot sign with ECDSA) and
// signed with node:crypto (ECDSA P-256, SHA-256).

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';
import { dsse as sigstoreDsse, json as sigstoreJson } from '@sigstore/core';

const asn1 = forge.asn1;
const { Class, Type } = asn1;

export const TEST_ONLY_MARKER = 'skillpin TEST-ONLY trust root: never trust outside tests';
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const KEYS_FILE = 'test-only-keys.json';
const TRUSTED_ROOT_FILE = 'trusted-root.json';
const REGISTRY_KEYS_FILE = 'registry-keys.json';
const REKOR_URL = 'https://rekor.test-only.skillpin.invalid';
const CT_URL = 'https://ctfe.test-only.skillpin.invalid';
const FULCIO_URL = 'https://fulcio.test-only.skillpin.invalid';
const CA_NOT_BEFORE = new Date('2020-01-01T00:00:00Z');
const CA_NOT_AFTER = new Date('2099-12-31T23:59:59Z');

const OID = {
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  sct: '1.3.6.1.4.1.11129.2.4.2',
};
const FULCIO = (n) => `1.3.6.1.4.1.57264.1.${n}`;

// ---------------------------------------------------------------------------------------------
// Small ASN.1 helpers (node-forge encodes; every byte string is a Node Buffer at the edges)

const bin = (buf) => Buffer.from(buf).toString('binary');
const der = (obj) => Buffer.from(asn1.toDer(obj).getBytes(), 'binary');
const fromDer = (buf) => asn1.fromDer(forge.util.createBuffer(bin(buf)));
const seq = (items) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
const set = (items) => asn1.create(Class.UNIVERSAL, Type.SET, true, items);
const oid = (id) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(id).getBytes());
const octets = (buf) => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, bin(buf));
const utf8 = (s) => asn1.create(Class.UNIVERSAL, Type.UTF8, false, forge.util.encodeUtf8(s));
const bool = (v) => asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, v ? '\xff' : '\x00');
const bits = (buf) => asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, '\x00' + bin(buf));
const int = (n) => asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const intBytes = (buf) => asn1.create(Class.UNIVERSAL, Type.INTEGER, false, bin(buf));
const explicit = (tag, inner) => asn1.create(Class.CONTEXT_SPECIFIC, tag, true, [inner]);
const time = (d) =>
  d.getUTCFullYear() < 2050
    ? asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, asn1.dateToUtcTime(d))
    : asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(d));

function name(fields) {
  return seq(
    fields.map(([id, value]) => set([seq([oid(id), utf8(value)])])),
  );
}

function extension(id, critical, valueDer) {
  const parts = [oid(id)];
  if (critical) parts.push(bool(true));
  parts.push(octets(valueDer));
  return seq(parts);
}

function serial() {
  const b = randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x01;
  return intBytes(b);
}

function spkiDer(publicKey) {
  return publicKey.export({ type: 'spki', format: 'der' });
}

function keyId(publicKey) {
  return createHash('sha1').update(spkiDer(publicKey)).digest();
}

function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

function newKeyPair() {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** TBSCertificate as a forge ASN.1 object. */
function tbs({ issuerName, subjectName, notBefore, notAfter, publicKey, extensions }) {
  return seq([
    explicit(0, int(2)),
    serial(),
    seq([oid(OID.ecdsaWithSHA256)]),
    issuerName,
    seq([time(notBefore), time(notAfter)]),
    subjectName,
    fromDer(spkiDer(publicKey)),
    explicit(3, seq(extensions)),
  ]);
}

function signTbs(tbsObj, signerKey) {
  const tbsDer = der(tbsObj);
  const signature = sign('sha256', tbsDer, signerKey);
  return der(seq([fromDer(tbsDer), seq([oid(OID.ecdsaWithSHA256)]), bits(signature)]));
}

function caCert({ subject, issuer, publicKey, issuerKey, issuerPublicKey, pathLen }) {
  const bc = [bool(true)];
  if (pathLen !== undefined) bc.push(int(pathLen));
  return signTbs(
    tbs({
      issuerName: name(issuer),
      subjectName: name(subject),
      notBefore: CA_NOT_BEFORE,
      notAfter: CA_NOT_AFTER,
      publicKey,
      extensions: [
        extension(OID.keyUsage, true, der(asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, '\x01\x06'))),
        extension(OID.basicConstraints, true, der(seq(bc))),
        extension(OID.subjectKeyId, false, der(octets(keyId(publicKey)))),
        extension(OID.authorityKeyId, false, der(seq([asn1.create(Class.CONTEXT_SPECIFIC, 0, false, bin(keyId(issuerPublicKey)))]))),
      ],
    }),
    issuerKey,
  );
}

/** A CA (root + intermediate), Fulcio's shape. */
function newCA(label) {
  const root = newKeyPair();
  const inter = newKeyPair();
  const rootName = [[OID.organizationName, 'skillpin TEST-ONLY'], [OID.commonName, `${label} root`]];
  const interName = [[OID.organizationName, 'skillpin TEST-ONLY'], [OID.commonName, `${label} intermediate`]];
  const rootCert = caCert({ subject: rootName, issuer: rootName, publicKey: root.publicKey, issuerKey: root.privateKey, issuerPublicKey: root.publicKey, pathLen: 1 });
  const interCert = caCert({ subject: interName, issuer: rootName, publicKey: inter.publicKey, issuerKey: root.privateKey, issuerPublicKey: root.publicKey, pathLen: 0 });
  return { rootKey: root.privateKey, rootCert, interKey: inter.privateKey, interPublicKey: inter.publicKey, interCert, interName };
}

// ---------------------------------------------------------------------------------------------
// Trust root creation / loading

function pem(key) {
  return key.export({ type: 'pkcs8', format: 'pem' });
}

function logIdOf(publicKey) {
  return sha256(spkiDer(publicKey));
}

function npmKeyId(publicKey) {
  return 'SHA256:' + sha256(spkiDer(publicKey)).toString('base64').replace(/=+$/, '');
}

function trustedRootJson(h) {
  const start = CA_NOT_BEFORE.toISOString();
  const pub = (k) => ({ rawBytes: spkiDer(k).toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } });
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{ baseUrl: REKOR_URL, hashAlgorithm: 'SHA2_256', publicKey: pub(h.rekor.publicKey), logId: { keyId: h.rekor.logId.toString('base64') } }],
    certificateAuthorities: [
      {
        subject: { organization: 'skillpin TEST-ONLY', commonName: 'skillpin-test-only-fulcio root' },
        uri: FULCIO_URL,
        certChain: { certificates: [{ rawBytes: h.ca.interCert.toString('base64') }, { rawBytes: h.ca.rootCert.toString('base64') }] },
        validFor: { start },
      },
    ],
    ctlogs: [{ baseUrl: CT_URL, hashAlgorithm: 'SHA2_256', publicKey: pub(h.ct.publicKey), logId: { keyId: h.ct.logId.toString('base64') } }],
    timestampAuthorities: [],
  };
}

function registryKeysJson(h) {
  return {
    keys: [
      {
        keyid: h.registry.keyid,
        keytype: 'ecdsa-sha2-nistp256',
        scheme: 'ecdsa-sha2-nistp256',
        key: spkiDer(h.registry.publicKey).toString('base64'),
        expires: null,
      },
    ],
  };
}

function finishHandle(dir, parts) {
  const h = {
    dir,
    trustedRootPath: path.join(dir, TRUSTED_ROOT_FILE),
    registryKeysPath: path.join(dir, REGISTRY_KEYS_FILE),
    ...parts,
    nextLogIndex: 1000 + Math.floor(Math.random() * 1_000_000),
    rogue: undefined,
  };
  h.trustedRoot = trustedRootJson(h);
  h.registryKeysJson = registryKeysJson(h);
  return h;
}

async function writeAtomic(file, text, mode) {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode });
  await rename(tmp, file);
}

/**
 * Generate a fresh TEST-ONLY trust root and write it to `outDir`:
 * `trusted-root.json` (Sigstore TrustedRoot), `registry-keys.json` (npm `/-/npm/v1/keys` shape)
 * and `test-only-keys.json` (the private keys, PEM).
 * @param {string} outDir
 */
export async function createTestTrustRoot(outDir) {
  const dir = path.resolve(outDir);
  await mkdir(dir, { recursive: true });
  const ca = newCA('skillpin-test-only-fulcio');
  const rekor = newKeyPair();
  const ct = newKeyPair();
  const registry = newKeyPair();
  const h = finishHandle(dir, {
    ca,
    rekor: { privateKey: rekor.privateKey, publicKey: rekor.publicKey, logId: logIdOf(rekor.publicKey) },
    ct: { privateKey: ct.privateKey, publicKey: ct.publicKey, logId: logIdOf(ct.publicKey) },
    registry: { privateKey: registry.privateKey, publicKey: registry.publicKey, keyid: npmKeyId(registry.publicKey) },
  });
  const secrets = {
    warning: TEST_ONLY_MARKER,
    ca: { rootKey: pem(ca.rootKey), rootCert: ca.rootCert.toString('base64'), interKey: pem(ca.interKey), interCert: ca.interCert.toString('base64') },
    rekorKey: pem(rekor.privateKey),
    ctKey: pem(ct.privateKey),
    registryKey: pem(registry.privateKey),
  };
  await writeAtomic(path.join(dir, KEYS_FILE), JSON.stringify(secrets, null, 2) + '\n', 0o600);
  await writeAtomic(h.trustedRootPath, JSON.stringify(h.trustedRoot, null, 2) + '\n', 0o644);
  await writeAtomic(h.registryKeysPath, JSON.stringify(h.registryKeysJson, null, 2) + '\n', 0o644);
  await writeAtomic(path.join(dir, 'README-TEST-ONLY.txt'), `${TEST_ONLY_MARKER}.\nGenerated by registry-fixtures/sigstore.js; the private keys are in ${KEYS_FILE}.\n`, 0o644);
  return h;
}

/**
 * Load a trust root written by createTestTrustRoot.
 * @param {string} outDir
 */
export async function loadTestTrustRoot(outDir) {
  const dir = path.resolve(outDir);
  const s = JSON.parse(await readFile(path.join(dir, KEYS_FILE), 'utf8'));
  if (s.warning !== TEST_ONLY_MARKER) throw new Error(`${dir}/${KEYS_FILE} is not a skillpin test-only trust root`);
  const key = (p) => createPrivateKey(p);
  const ca = {
    rootKey: key(s.ca.rootKey),
    rootCert: Buffer.from(s.ca.rootCert, 'base64'),
    interKey: key(s.ca.interKey),
    interCert: Buffer.from(s.ca.interCert, 'base64'),
  };
  ca.interPublicKey = createPublicKey(ca.interKey);
  ca.interName = [[OID.organizationName, 'skillpin TEST-ONLY'], [OID.commonName, 'skillpin-test-only-fulcio intermediate']];
  const pair = (p) => ({ privateKey: key(p), publicKey: createPublicKey(key(p)) });
  const rekor = pair(s.rekorKey);
  const ct = pair(s.ctKey);
  const registry = pair(s.registryKey);
  return finishHandle(dir, {
    ca,
    rekor: { ...rekor, logId: logIdOf(rekor.publicKey) },
    ct: { ...ct, logId: logIdOf(ct.publicKey) },
    registry: { ...registry, keyid: npmKeyId(registry.publicKey) },
  });
}

/** Keys the root does not trust, for hostile variants (made once per handle). */
function rogue(root) {
  if (!root.rogue) {
    const rekor = newKeyPair();
    root.rogue = { ca: newCA('rogue-unlisted-ca'), rekor: { privateKey: rekor.privateKey, publicKey: rekor.publicKey } };
  }
  return root.rogue;
}

// ---------------------------------------------------------------------------------------------
// Leaf certificates with an embedded SCT

function u16(n) {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
function u24(n) {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}
function u64(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

function githubExtensions({ issuer, san, buildConfig = san, repository, ref, commit, workflow, repositoryId = '123456789', ownerId = '987654321', runnerEnvironment = 'github-hosted', trigger = 'push' }) {
  const raw = (n, s) => extension(FULCIO(n), false, Buffer.from(s, 'utf8'));
  const v2 = (n, s) => extension(FULCIO(n), false, der(utf8(s)));
  const repoUrl = `https://github.com/${repository}`;
  return [
    raw(1, issuer),
    raw(2, trigger),
    raw(3, commit),
    raw(4, path.basename(workflow).replace(/\.ya?ml$/, '')),
    raw(5, repository),
    raw(6, ref),
    v2(8, issuer),
    v2(9, san),
    v2(10, commit),
    v2(11, runnerEnvironment),
    v2(12, repoUrl),
    v2(13, commit),
    v2(14, ref),
    v2(15, repositoryId),
    v2(16, `https://github.com/${repository.split('/')[0]}`),
    v2(17, ownerId),
    v2(18, buildConfig),
    v2(19, commit),
    v2(20, trigger),
    v2(21, `${repoUrl}/actions/runs/1/attempts/1`),
  ];
}

function leafCert(root, ca, publicKey, identity, { notBefore, notAfter }) {
  const extensions = [
    extension(OID.keyUsage, true, der(asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, '\x07\x80'))),
    extension(OID.extKeyUsage, false, der(seq([oid(OID.codeSigning)]))),
    extension(OID.subjectKeyId, false, der(octets(keyId(publicKey)))),
    extension(OID.authorityKeyId, false, der(seq([asn1.create(Class.CONTEXT_SPECIFIC, 0, false, bin(keyId(ca.interPublicKey)))]))),
    extension(OID.subjectAltName, true, der(seq([asn1.create(Class.CONTEXT_SPECIFIC, 6, false, identity.san)]))),
    ...githubExtensions(identity),
  ];
  const fields = { issuerName: name(ca.interName), subjectName: seq([]), notBefore, notAfter, publicKey, extensions };
  // Precertificate TBS (no SCT extension) -> SCT from the CT log key; then the final certificate.
  const pre = tbs(fields);
  const preDer = der(pre);
  const timestamp = u64(notBefore.getTime() + 1000);
  const signed = Buffer.concat([
    Buffer.from([0, 0]), // v1, certificate_timestamp
    timestamp,
    u16(1), // precert_entry
    sha256(spkiDer(ca.interPublicKey)),
    u24(preDer.length),
    preDer,
    u16(0), // no extensions
  ]);
  const sctSig = sign('sha256', signed, root.ct.privateKey);
  const sct = Buffer.concat([Buffer.from([0]), root.ct.logId, timestamp, u16(0), Buffer.from([4, 3]), u16(sctSig.length), sctSig]);
  const list = Buffer.concat([u16(sct.length + 2), u16(sct.length), sct]);
  // Re-use the same TBS (same serial) with the SCT extension appended.
  const tbsSeq = pre.value;
  const extSeq = tbsSeq[tbsSeq.length - 1].value[0];
  extSeq.value.push(extension(OID.sct, false, der(octets(list))));
  return signTbs(pre, ca.interKey);
}

// ---------------------------------------------------------------------------------------------
// Rekor-style entries

function merkleLeaf(body) {
  return sha256(Buffer.from([0]), body);
}
function merkleNode(l, r) {
  return sha256(Buffer.from([1]), l, r);
}
function bitLength(n) {
  return n === 0n ? 0 : n.toString(2).length;
}

/** An RFC 6962 inclusion proof for `body` at `index` in a tree of `size` (siblings random). */
function inclusionProof(body, index, size) {
  const inner = bitLength(BigInt(index) ^ BigInt(size - 1));
  const border = (BigInt(index) >> BigInt(inner)).toString(2).split('1').length - 1;
  const hashes = Array.from({ length: inner + border }, () => randomBytes(32));
  let h = merkleLeaf(body);
  hashes.slice(0, inner).forEach((s, i) => {
    h = (BigInt(index) >> BigInt(i)) & 1n ? merkleNode(s, h) : merkleNode(h, s);
  });
  for (const s of hashes.slice(inner)) h = merkleNode(s, h);
  return { hashes, rootHash: h };
}

function tlogEntry(root, logKey, envelope, certPem, integratedTime) {
  const logIndex = root.nextLogIndex++;
  const payload = Buffer.from(envelope.payload, 'base64');
  const body = {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(Buffer.from(JSON.stringify(envelope))).toString('hex') },
      payloadHash: { algorithm: 'sha256', value: sha256(payload).toString('hex') },
      signatures: [{ signature: envelope.signatures[0].sig, verifier: Buffer.from(certPem).toString('base64') }],
    },
  };
  const canonicalizedBody = Buffer.from(sigstoreJson.canonicalize(body), 'utf8');
  const setPayload = {
    body: canonicalizedBody.toString('base64'),
    integratedTime,
    logIndex,
    logID: root.rekor.logId.toString('hex'),
  };
  const set = sign('sha256', Buffer.from(sigstoreJson.canonicalize(setPayload), 'utf8'), logKey);
  const treeSize = logIndex + 1 + Math.floor(Math.random() * 50);
  const proof = inclusionProof(canonicalizedBody, logIndex, treeSize);
  const origin = 'rekor.test-only.skillpin.invalid - 1';
  const note = `${origin}\n${treeSize}\n${proof.rootHash.toString('base64')}\n`;
  const noteSig = sign('sha256', Buffer.from(note, 'utf8'), logKey);
  const checkpoint = `${note}\n\u2014 rekor.test-only.skillpin.invalid ${Buffer.concat([root.rekor.logId.subarray(0, 4), noteSig]).toString('base64')}\n`;
  return {
    logIndex: String(logIndex),
    logId: { keyId: root.rekor.logId.toString('base64') },
    kindVersion: { kind: 'dsse', version: '0.0.1' },
    integratedTime: String(integratedTime),
    inclusionPromise: { signedEntryTimestamp: set.toString('base64') },
    inclusionProof: {
      logIndex: String(logIndex),
      rootHash: proof.rootHash.toString('base64'),
      treeSize: String(treeSize),
      hashes: proof.hashes.map((x) => x.toString('base64')),
      checkpoint: { envelope: checkpoint },
    },
    canonicalizedBody: canonicalizedBody.toString('base64'),
  };
}

// ---------------------------------------------------------------------------------------------
// Provenance

/** npm's purl form for a package name (`@scope/x` -> `%40scope/x`). */
export function npmPurl(name, version) {
  return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
}

function slsaStatement({ name, version, sha512Hex, repository, workflow, ref, commit }) {
  const repoUrl = `https://github.com/${repository}`;
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: npmPurl(name, version), digest: { sha512: sha512Hex } }],
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
        externalParameters: { workflow: { ref, repository: repoUrl, path: workflow } },
        internalParameters: { github: { event_name: 'push', repository_id: '123456789', repository_owner_id: '987654321' } },
        resolvedDependencies: [{ uri: `git+${repoUrl}@${ref}`, digest: { gitCommit: commit } }],
      },
      runDetails: {
        builder: { id: 'https://github.com/actions/runner/github-hosted' },
        metadata: { invocationId: `${repoUrl}/actions/runs/1/attempts/1` },
      },
    },
  };
}

/**
 * Sign SLSA v1 provenance for one fixture version; returns npm's attestations DOCUMENT.
 * `tamper` builds hostile variants: wrongSubjectName, wrongDigest, untrustedCA, impostorCA,
 * expiredCert, unknownLogKey (each `true`).
 * @param {any} root handle from createTestTrustRoot / loadTestTrustRoot
 * `signer`: the workflow URI that signed (the SAN and Build Signer URI), when a reusable workflow
 * did, not the repository's own `workflow` (which stays the Build Config URI).
 * @param {{name: string, version: string, sha512Hex: string, repository: string, workflow: string, ref: string, commit: string, issuer?: string, repositoryId?: string, ownerId?: string, signer?: string, runnerEnvironment?: string, trigger?: string, integratedTime?: number, statement?: (st: any) => any, payloadType?: string, tamper?: {wrongSubjectName?: boolean, wrongDigest?: boolean, untrustedCA?: boolean, impostorCA?: boolean, expiredCert?: boolean, unknownLogKey?: boolean}}} opts
 */
export function attestFixture(root, opts) {
  const tamper = opts.tamper ?? {};
  const issuer = opts.issuer ?? GITHUB_ISSUER;
  if (!/^[0-9a-f]{128}$/.test(opts.sha512Hex)) throw new Error('attestFixture: sha512Hex must be 128 hex characters');
  if (!/^[0-9a-f]{40}$/.test(opts.commit)) throw new Error('attestFixture: commit must be 40 hex characters');
  const statement = slsaStatement({
    ...opts,
    name: tamper.wrongSubjectName ? `${opts.name}-other` : opts.name,
    sha512Hex: tamper.wrongDigest ? randomBytes(64).toString('hex') : opts.sha512Hex,
  });
  // `statement` (a function of the statement) and `payloadType`: what a hostile publisher signs instead.
  const payload = Buffer.from(JSON.stringify(opts.statement ? opts.statement(statement) : statement), 'utf8');
  const payloadType = opts.payloadType ?? 'application/vnd.in-toto+json';

  const now = Date.now();
  // `integratedTime` (seconds): the time the trusted log signs for the entry, when a test needs another.
  const integratedTime = opts.integratedTime ?? Math.floor(now / 1000);
  const validity = tamper.expiredCert
    ? { notBefore: new Date(now - 2 * 3600_000), notAfter: new Date(now - 2 * 3600_000 + 600_000) }
    : { notBefore: new Date(now - 60_000), notAfter: new Date(now + 540_000) };
  // impostorCA: the trusted intermediate's name and key id, but signed with a key the root never saw.
  const ca = tamper.untrustedCA ? rogue(root).ca : tamper.impostorCA ? { ...root.ca, interKey: rogue(root).ca.interKey } : root.ca;
  const leaf = newKeyPair();
  const buildConfig = `https://github.com/${opts.repository}/${opts.workflow}@${opts.ref}`;
  const san = opts.signer ?? buildConfig;
  const cert = leafCert(root, ca, leaf.publicKey, { issuer, san, buildConfig, repository: opts.repository, ref: opts.ref, commit: opts.commit, workflow: opts.workflow, repositoryId: opts.repositoryId, ownerId: opts.ownerId, runnerEnvironment: opts.runnerEnvironment, trigger: opts.trigger }, validity);
  const certPem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;

  const sig = sign('sha256', sigstoreDsse.preAuthEncoding(payloadType, payload), leaf.privateKey);
  const envelope = { payload: payload.toString('base64'), payloadType, signatures: [{ sig: sig.toString('base64'), keyid: '' }] };
  const logKey = tamper.unknownLogKey ? rogue(root).rekor.privateKey : root.rekor.privateKey;
  const entry = tlogEntry(root, logKey, envelope, certPem, integratedTime);

  const bundle = {
    mediaType: BUNDLE_MEDIA_TYPE,
    verificationMaterial: {
      certificate: { rawBytes: cert.toString('base64') },
      tlogEntries: [entry],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: envelope,
  };
  return { attestations: [{ predicateType: SLSA_PROVENANCE_V1, bundle }] };
}

/**
 * The test registry's signature over `<name>@<version>:<integrity>` (npm's `dist.signatures`).
 * @param {any} root
 * @param {string} name
 * @param {string} version
 * @param {string} integrity
 */
export function signRegistry(root, name, version, integrity) {
  const sig = sign('sha256', Buffer.from(`${name}@${version}:${integrity}`, 'utf8'), root.registry.privateKey);
  return { keyid: root.registry.keyid, sig: sig.toString('base64') };
}
