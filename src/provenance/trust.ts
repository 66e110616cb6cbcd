// Trust material for provenance: Sigstore trusted roots (public-good + configured files) and the
// registry keys used for npm `dist.signatures` and npm's publish attestations. Built once per run.
//
// Origin of the default trust: the `@sigstore/tuf` package ships `seeds.json`, the TUF repository
// snapshot of https://tuf-repo-cdn.sigstore.dev it starts from. Its `targets` hold, base64-encoded,
// `trusted_root.json` (the Sigstore public-good TrustedRoot: Fulcio CAs, Rekor and CT log keys) and
// `registry.npmjs.org%2Fkeys.json` (npm's registry signing keys). We read both from the installed
// package, so nothing is fetched at run time and a dependency update is what rotates them.

import { X509Certificate as NodeX509Certificate, createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ASN1Obj, X509Certificate } from '@sigstore/core';
import type { TrustMaterial, Verifier } from '@sigstore/verify';
import { jsonSyntaxText, SkillpinError, messageOf } from '../errors.js';
import { readRegularText } from '../fsutil/index.js';
import { lazyRequire, packageVersion } from '../lazy.js';
import type { VerdictStore } from '../verdicts/index.js';
import { validateRepositoryPattern } from './identity.js';
import { testOnlyTrustAllowed } from '../testhooks.js';


export type ProvenancePolicy = 'off' | 'warn' | 'require';

export interface TrustConfig {
  provenance?: ProvenancePolicy;
  identities?: Array<{ issuer: string; repository: string }>;
  /** Sigstore TrustedRoot JSON files, absolute paths. */
  trustedRoots?: string[];
  /** npm `/-/npm/v1/keys`-shaped files, absolute paths. */
  registryKeys?: string[];
}

export interface RegistryKey {
  keyid: string;
  publicKey: KeyObject;
  /** Where the key came from (a file path, or the built-in npm seed). */
  origin: string;
  /** Keys usable for `dist.signatures`. */
  signatures: boolean;
  /** Keys usable for npm's publish attestations (publicKey-hinted bundles). */
  attestations: boolean;
  validFor: { start: Date; end: Date };
}

/** Loaded trust material. Treat as opaque: build it with loadTrust and pass it back in. */
export interface TrustContext {
  readonly policy: ProvenancePolicy;
  readonly identities: ReadonlyArray<{ issuer: string; repository: string }>;
  /** Where each piece of trust came from, for messages. */
  readonly origins: readonly string[];
  readonly verifier: Verifier;
  /**
   * A verifier over the certificate authorities that can have issued `leaf`: a CA none of whose
   * certificates could be the leaf's issuer (every one has a subject key id, none the leaf's
   * authority key id) is left out, as @sigstore/verify would reject it after re-encoding its whole
   * chain. The same bundles verify; a bundle from an unknown CA still gets the full verifier and its
   * error. Without a leaf (a key-signed bundle), the full verifier.
   */
  verifierFor(leaf: X509Certificate | undefined): Verifier;
  readonly registryKeys: ReadonlyMap<string, readonly RegistryKey[]>;
  /**
   * sha256 over every trust document loaded and the verifier's versions and options: two contexts
   * with the same fingerprint accept exactly the same bundles. Keys the verdict cache.
   */
  readonly fingerprint: string;
  /** Where verified bundles are remembered across runs, when the caller provides one. */
  readonly verdicts?: VerdictStore;
}

type CertAuthority = TrustMaterial['certificateAuthorities'][number];
type TLogAuthority = TrustMaterial['tlogs'][number];

const BEGINNING_OF_TIME = new Date(0);
const END_OF_TIME = new Date(8640000000000000);
const SEEDS_ORIGIN = '@sigstore/tuf seeds.json (Sigstore public-good TUF snapshot)';

class BadTrustFile extends Error {}

function fail(msg: string): never {
  throw new BadTrustFile(msg);
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function arr(v: unknown, what: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(`${what} must be an array`);
  return v;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') fail(`${what} must be a non-empty string`);
  return v;
}

function b64(v: unknown, what: string): Buffer<ArrayBuffer> {
  const s = str(v, what);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) fail(`${what} is not base64`);
  return Buffer.from(s, 'base64');
}

function date(v: unknown, what: string, dflt: Date): Date {
  if (v === undefined || v === null) return dflt;
  const d = new Date(str(v, what));
  if (Number.isNaN(d.getTime())) fail(`${what} is not a date`);
  return d;
}

function validFor(v: unknown, what: string): { start: Date; end: Date } {
  if (v === undefined || v === null) return { start: BEGINNING_OF_TIME, end: END_OF_TIME };
  const o = obj(v, what);
  return { start: date(o.start, `${what}.start`, BEGINNING_OF_TIME), end: date(o.end, `${what}.end`, END_OF_TIME) };
}

function publicKeyFrom(raw: Buffer, keyDetails: string | undefined, what: string): KeyObject {
  const type = keyDetails?.startsWith('PKCS1_') ? 'pkcs1' : 'spki';
  try {
    return createPublicKey({ key: raw, format: 'der', type });
  } catch (err) {
    fail(`${what} is not a usable public key (${messageOf(err)})`);
  }
}

function tlogAuthority(v: unknown, what: string): TLogAuthority {
  const o = obj(v, what);
  const pk = obj(o.publicKey, `${what}.publicKey`);
  const keyDetails = typeof pk.keyDetails === 'string' ? pk.keyDetails : undefined;
  const checkpointKeyId = o.checkpointKeyId === undefined ? undefined : obj(o.checkpointKeyId, `${what}.checkpointKeyId`);
  const logId = checkpointKeyId ?? obj(o.logId, `${what}.logId`);
  return {
    baseURL: typeof o.baseUrl === 'string' ? o.baseUrl : '',
    logID: b64(logId.keyId, `${what}.logId.keyId`),
    publicKey: publicKeyFrom(b64(pk.rawBytes, `${what}.publicKey.rawBytes`), keyDetails, `${what}.publicKey`),
    validFor: validFor(pk.validFor, `${what}.publicKey.validFor`),
  };
}

/**
 * A certificate authority as the trust document gives it: each certificate's DER, checked to be a
 * certificate when the document is loaded (node's own parser, so a bad file is ECONFIG at once),
 * and parsed into @sigstore/core's objects only when a bundle has to be verified (materialise).
 * A run whose every bundle the verdict cache answers never loads @sigstore/core at all.
 */
interface PendingAuthority {
  der: Buffer[];
  /** A certificate of skillpin's own TEST-ONLY root is in the chain (see testOnlyRootAllowed). */
  testOnly: boolean;
  validFor: { start: Date; end: Date };
  /** Where it came from, for the error should @sigstore/core refuse what node accepted. */
  what: string;
}

function certAuthority(v: unknown, what: string): PendingAuthority {
  const o = obj(v, what);
  const chain = arr(obj(o.certChain, `${what}.certChain`).certificates, `${what}.certChain.certificates`);
  if (chain.length === 0) fail(`${what}.certChain.certificates is empty`);
  let testOnly = false;
  return {
    der: chain.map((c, i) => {
      const raw = b64(obj(c, `${what}.certChain.certificates[${i}]`).rawBytes, `${what}.certChain.certificates[${i}].rawBytes`);
      let cert: NodeX509Certificate;
      try {
        cert = new NodeX509Certificate(raw);
      } catch (err) {
        fail(`${what}.certChain.certificates[${i}] is not a DER certificate (${messageOf(err)})`);
      }
      if (TEST_ONLY_SUBJECT.test(cert.subject) || TEST_ONLY_SUBJECT.test(cert.issuer)) testOnly = true;
      return raw;
    }),
    get testOnly() {
      return testOnly;
    },
    validFor: validFor(o.validFor, `${what}.validFor`),
    what,
  };
}

/** @sigstore/core's certificate authority for a pending one: parsed, frozen, memoised (below). */
function materialise(ca: PendingAuthority, origin: string): CertAuthority {
  const { X509Certificate: Certificate } = coreLib();
  return {
    certChain: ca.der.map((raw, i) => {
      let cert: X509Certificate;
      try {
        cert = Certificate.parse(Buffer.from(raw));
      } catch (err) {
        throw configError(origin, 'trusted root', new BadTrustFile(`${ca.what}.certChain.certificates[${i}] is not a certificate @sigstore/core can read (${messageOf(err)})`));
      }
      return trustedCertificate(cert);
    }),
    validFor: ca.validFor,
  };
}

// @sigstore/core 3 re-encodes a certificate's whole ASN.1 tree on every `equals`, `publicKey` and
// signature check (ASN1Obj.toDER, a fresh 1 KiB buffer per node), and @sigstore/verify calls them
// a dozen times per bundle: comparing the leaf with every trusted certificate, building paths,
// checking the trusted chain's own signatures again. That was most of the Sigstore time of a cold
// install (docs/performance.md). The trees below are frozen, so each node's encoding cannot change
// after it is first computed, and answering later calls from that one encoding returns what the
// library would have computed again. The same holds for a trusted certificate's signature check
// against itself or another trusted certificate: immutable bytes in, a deterministic crypto.verify
// out. A certificate from a bundle gets the encoding memo, and its check against a trusted issuer
// uses that issuer's key object, made once from its frozen key bytes instead of once per bundle.

const coreModule = lazyRequire<typeof import('@sigstore/core')>('@sigstore/core');
let keyImportChecked = false;
/** @sigstore/core, with its createPublicKey taking the P-256 shortcut below from its first use. */
function coreLib(): typeof import('@sigstore/core') {
  const core = coreModule();
  if (!keyImportChecked) {
    keyImportChecked = true;
    useP256Shortcut(core.crypto as unknown as CoreCrypto);
  }
  return core;
}

/** The DER of a P-256 SubjectPublicKeyInfo up to its point: id-ecPublicKey, prime256v1, a BIT STRING with no unused bits. */
const P256_SPKI_HEAD = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

type CreatePublicKey = (key: string | Buffer, type?: 'spki' | 'pkcs1') => KeyObject;
interface CoreCrypto {
  createPublicKey: CreatePublicKey;
}

/**
 * @sigstore/core's createPublicKey, except for a P-256 key in the one DER form Fulcio and the
 * transparency logs use (the header above, then an uncompressed point: 91 bytes), which is
 * imported from its two coordinates as a JWK. The verifier makes a key object from every bundle's
 * leaf certificate. In a bare loop OpenSSL 3's DER decoder takes 140-290 µs a key here and the
 * JWK import 90-170 µs; in a profiled cold install of 1,000 the worker spent 0.53-0.59 s in the
 * one and 0.23 s in the other (cold code, two busy threads). The key is the same point on the
 * same curve, and the JWK import refuses a point off the curve as the DER import does (the test
 * compares both imports on many keys, on an invalid point and on every other key type, which goes
 * to the library's function unchanged).
 */
export function p256Shortcut(original: CreatePublicKey): CreatePublicKey {
  return function createP256PublicKey(key, type = 'spki') {
    if (type === 'spki' && Buffer.isBuffer(key) && key.length === 91 && key[26] === 0x04 && P256_SPKI_HEAD.equals(key.subarray(0, 26))) {
      return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: key.toString('base64url', 27, 59), y: key.toString('base64url', 59, 91) }, format: 'jwk' });
    }
    return original(key, type);
  };
}

/**
 * Install p256Shortcut as @sigstore/core's crypto.createPublicKey, which @sigstore/verify calls
 * through the module's exports. Should a version of the library not allow that (a read-only
 * export), its own function stays: slower, the same answers.
 */
function useP256Shortcut(crypto: CoreCrypto): void {
  try {
    crypto.createPublicKey = p256Shortcut(crypto.createPublicKey.bind(crypto));
  } catch {
    // Left as it is.
  }
}

const verifyLib = lazyRequire<typeof import('@sigstore/verify')>('@sigstore/verify');
const lengthLib = lazyRequire<{ encodeLength: (len: number) => Buffer }>('@sigstore/core/dist/asn1/length.js');

type EncodeLength = (len: number) => Buffer;
let encodeLengthFn: EncodeLength | null | undefined;
/**
 * The library's own DER length encoder (the formula of ASN1Obj.toDER is rebuilt from it below).
 * It is an internal module, not part of the package's API: null when a version keeps it elsewhere,
 * and the memo is then built with the library's toDER per node (slower, the same bytes).
 */
function libraryEncodeLength(): EncodeLength | null {
  if (encodeLengthFn === undefined) {
    try {
      encodeLengthFn = lengthLib().encodeLength;
    } catch {
      encodeLengthFn = null;
    }
  }
  return encodeLengthFn;
}

const trustedCerts = new WeakSet<X509Certificate>();

/**
 * Freeze a tree and memoise the DER of the nodes the verifier encodes. The encoding is
 * ASN1Obj.toDER's own: the tag's byte, the library's encodeLength of the value, then the value,
 * which is the children's encodings one after another, or the node's bytes when it has none. So
 * the encoding of the whole tree holds every node's encoding in place (a node's header, then its
 * children's encodings in order), and it is written once, in two passes (the sizes, then the
 * bytes into one buffer), each memo a view of its part. A buffer per node, joined at every level,
 * was most of the freezing's time.
 *
 * The verifier encodes a certificate (equals, clone), its tbsCertificate (signature checks) and
 * its public key, and the SCT check encodes a copy of the tbsCertificate whose children and
 * extensions are these nodes: the memo goes on the nodes at most two levels down and on
 * `extensions` (the certificate's, as X509Certificate.extensions lists them); defining it on
 * every node (~130 a certificate) cost more than the rest of the freezing. Every node is frozen,
 * so a node without a memo encodes with the library's toDER to the same bytes (the test compares
 * every node of real certificates and of synthetic trees with the library's result).
 */
function freezeTree(root: ASN1Obj, encodeLength: EncodeLength | null, extensions: ReadonlySet<ASN1Obj>): void {
  if (encodeLength === null) {
    freezeTreeByLibrary(root);
    return;
  }
  // Pass 1: each node's length bytes; the whole encoding's size.
  const lengthOf = new Map<ASN1Obj, Buffer>();
  const measure = (node: ASN1Obj): number => {
    let length = 0;
    if (node.subs.length > 0) for (const sub of node.subs) length += measure(sub);
    else length = node.value.length;
    const lengthBytes = encodeLength(length);
    lengthOf.set(node, lengthBytes);
    return 1 + lengthBytes.length + length;
  };
  const out = Buffer.allocUnsafe(measure(root));
  // Pass 2: a node's header, then its children's encodings or its value; then its memo and freeze.
  let offset = 0;
  const write = (node: ASN1Obj, depth: number): void => {
    const start = offset;
    out[offset++] = node.tag.toDER();
    offset += (lengthOf.get(node) as Buffer).copy(out, offset);
    if (node.subs.length === 0) offset += node.value.copy(out, offset);
    else for (const sub of node.subs) write(sub, depth + 1);
    if (depth <= 2 || extensions.has(node)) {
      const der = out.subarray(start, offset);
      // A copy per call: a caller that wrote into the result must not change the next one.
      Object.defineProperty(node, 'toDER', { value: (): Buffer => Buffer.from(der) });
    }
    Object.freeze(node.subs);
    Object.freeze(node);
  };
  write(root, 0);
}

/** freezeTree without the library's length encoder: each node's memo is its own toDER, children first. */
function freezeTreeByLibrary(node: ASN1Obj): void {
  for (const sub of node.subs) freezeTreeByLibrary(sub);
  // The children already answer from their memo.
  const der = Buffer.from(node.toDER());
  Object.defineProperty(node, 'toDER', { value: (): Buffer => Buffer.from(der) });
  Object.freeze(node.subs);
  Object.freeze(node);
}

function freezeTreeOnce(cert: X509Certificate, encodeLength: EncodeLength | null): void {
  if (!Object.isFrozen(cert.root)) freezeTree(cert.root, encodeLength, new Set(cert.extensions));
}

/**
 * X509Certificate's private findExtension (under `extension`, `extSubjectAltName`, `isCA` and the
 * other extension getters) over a frozen tree, answered from one pass over the extension list. The
 * library walks the list and parses each extension's OID again on every lookup, a dozen lookups
 * per bundle between the verifier and identityOf. Same answers: the first extension with that
 * OID, found by scanning the list in order, and the scan goes no further than the library's would
 * before answering, so an extension whose OID does not parse throws at the lookup where the
 * library's would.
 */
function memoiseExtensionLookup(cert: X509Certificate): void {
  const list = cert.extensions;
  const seen = new Map<string, ASN1Obj>();
  let scanned = 0;
  Object.defineProperty(cert, 'findExtension', {
    value: (oid: string): ASN1Obj | undefined => {
      const known = seen.get(oid);
      if (known !== undefined) return known;
      while (scanned < list.length) {
        const ext = list[scanned] as ASN1Obj;
        const id = (ext.subs[0] as ASN1Obj).toOID();
        scanned++;
        if (!seen.has(id)) seen.set(id, ext);
        if (id === oid) return ext;
      }
      return undefined;
    },
  });
}

/**
 * Freeze a bundle's certificate: its ASN.1 tree with each node's DER memoised (see above), and its
 * signature check against a trusted certificate made with that certificate's one key object. Any
 * other check (no issuer, an issuer from the bundle) is the library's. Idempotent. A later attempt
 * to change the tree throws (the libraries run in strict mode), so a verifier that began to mutate
 * certificates would fail closed, never read a stale encoding. `encodeLength`: the library's DER
 * length encoder, or null as when a version of the library keeps it elsewhere (freezeTreeByLibrary).
 */
export function freezeCertificate(cert: X509Certificate, encodeLength: EncodeLength | null = libraryEncodeLength()): X509Certificate {
  if (Object.isFrozen(cert)) return cert;
  freezeTreeOnce(cert, encodeLength);
  const verify = cert.verify.bind(cert);
  Object.defineProperty(cert, 'verify', {
    // X509Certificate.verify, with the trusted issuer's key object made once.
    value: (issuer?: X509Certificate): boolean =>
      issuer !== undefined && trustedCerts.has(issuer) ? coreLib().crypto.verify(cert.tbsCertificate.toDER(), keyOf(issuer), cert.signatureValue, cert.signatureAlgorithm) : verify(issuer),
  });
  Object.defineProperty(cert, 'clone', { value: (): X509Certificate => cloneForEdit(cert) });
  memoiseExtensionLookup(cert);
  Object.freeze(cert);
  return cert;
}

/**
 * A copy of a frozen certificate whose extension list can be edited: the one edit the verifier
 * makes (the SCT check removes the SCT extension from a clone and encodes the rest). The library's
 * clone encodes and parses the whole tree, and the check then encodes all of it again. This copy
 * is new, unfrozen nodes from the root down to the extension list, which encode with the library's
 * own toDER from whatever they then hold; every other node is the frozen original, whose encoding
 * is already known and which refuses any change (TypeError), so an edit elsewhere fails closed
 * instead of going unseen. The copy is the tree the library's clone would parse only when the
 * certificate's bytes are its encoding: a node whose raw value is not its children's encoding (a
 * non-minimal length inside an OCTET STRING that the parser read as nested DER) re-encodes to other
 * bytes, which parse to another tree. Such a certificate gets the library's clone; the test compares
 * the two copies' encodings after each removal, and a non-canonical SCT list with the library's.
 */
function cloneForEdit(cert: X509Certificate): X509Certificate {
  const { ASN1Obj: Node, X509Certificate: Certificate } = coreLib();
  const copy = (node: ASN1Obj, subs: ASN1Obj[]): ASN1Obj => new Node(node.tag, node.value, subs);
  const root = cert.root;
  const tbs = root.subs[0];
  const at = tbs ? tbs.subs.findIndex((sub) => sub.tag.isContextSpecific(0x03)) : -1;
  const wrapper = tbs?.subs[at];
  const list = wrapper?.subs[0];
  // The children's encodings are memoised (frozen tree): comparing them with the raw value costs one copy.
  const canonical = Buffer.concat(root.subs.map((sub) => sub.toDER())).equals(root.value);
  if (!tbs || !wrapper || !list || !canonical) return Certificate.parse(Buffer.from(root.toDER()));
  const editable = copy(wrapper, [copy(list, [...list.subs]), ...wrapper.subs.slice(1)]);
  return new Certificate(copy(root, [copy(tbs, tbs.subs.map((sub, i) => (i === at ? editable : sub))), ...root.subs.slice(1)]));
}

const trustedKeys = new WeakMap<X509Certificate, KeyObject>();

/** A trusted certificate's public key, made by the library's createPublicKey from its frozen DER once. */
function keyOf(issuer: X509Certificate): KeyObject {
  let key = trustedKeys.get(issuer);
  if (key === undefined) trustedKeys.set(issuer, (key = coreLib().crypto.createPublicKey(issuer.publicKey)));
  return key;
}

/** A certificate of a trusted root: frozen, and its signature checks among trusted certificates memoised. */
function trustedCertificate(cert: X509Certificate): X509Certificate {
  freezeTreeOnce(cert, libraryEncodeLength());
  const verify = cert.verify.bind(cert);
  const results = new Map<X509Certificate | undefined, boolean>();
  Object.defineProperty(cert, 'verify', {
    value: (issuer?: X509Certificate): boolean => {
      if (issuer !== undefined && !trustedCerts.has(issuer)) return verify(issuer);
      let ok = results.get(issuer);
      if (ok === undefined) results.set(issuer, (ok = verify(issuer)));
      return ok;
    },
  });
  memoiseExtensionLookup(cert);
  Object.freeze(cert);
  trustedCerts.add(cert);
  return cert;
}

interface ParsedRoot {
  certificateAuthorities: PendingAuthority[];
  timestampAuthorities: PendingAuthority[];
  tlogs: TLogAuthority[];
  ctlogs: TLogAuthority[];
}

/** Parse a Sigstore TrustedRoot JSON document into @sigstore/verify's trust shapes. */
export function parseTrustedRoot(doc: unknown): ParsedRoot {
  const o = obj(doc, 'the trusted root');
  const mediaType = str(o.mediaType, 'mediaType');
  if (!mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) fail(`mediaType "${mediaType}" is not a Sigstore TrustedRoot`);
  const root: ParsedRoot = {
    certificateAuthorities: arr(o.certificateAuthorities, 'certificateAuthorities').map((c, i) => certAuthority(c, `certificateAuthorities[${i}]`)),
    timestampAuthorities: arr(o.timestampAuthorities, 'timestampAuthorities').map((c, i) => certAuthority(c, `timestampAuthorities[${i}]`)),
    tlogs: arr(o.tlogs, 'tlogs').map((t, i) => tlogAuthority(t, `tlogs[${i}]`)),
    ctlogs: arr(o.ctlogs, 'ctlogs').map((t, i) => tlogAuthority(t, `ctlogs[${i}]`)),
  };
  if (root.certificateAuthorities.length === 0 && root.tlogs.length === 0) fail('it lists neither certificate authorities nor transparency logs');
  return root;
}

/** Parse `{keys:[{keyid,key,...}]}` (npm's /-/npm/v1/keys) into registry keys. */
export function parseRegistryKeys(doc: unknown, origin: string): RegistryKey[] {
  const keys = arr(obj(doc, 'the registry keys file').keys, 'keys');
  if (keys.length === 0) fail('"keys" is empty');
  return keys.map((k, i) => {
    const o = obj(k, `keys[${i}]`);
    const keyid = str(o.keyid, `keys[${i}].keyid`);
    for (const field of ['keytype', 'scheme'] as const) {
      if (o[field] !== undefined && o[field] !== 'ecdsa-sha2-nistp256') fail(`keys[${i}].${field} "${String(o[field])}" is not supported (only ecdsa-sha2-nistp256)`);
    }
    const end = o.expires === undefined || o.expires === null ? END_OF_TIME : date(o.expires, `keys[${i}].expires`, END_OF_TIME);
    return {
      keyid,
      publicKey: publicKeyFrom(b64(o.key, `keys[${i}].key`), undefined, `keys[${i}].key`),
      origin,
      signatures: true,
      attestations: true,
      validFor: { start: BEGINNING_OF_TIME, end },
    };
  });
}

/** npm's keys as TUF ships them: `{keys:[{keyId,keyUsage,publicKey:{rawBytes,keyDetails,validFor}}]}`. */
function parseSeedNpmKeys(doc: unknown): RegistryKey[] {
  return arr(obj(doc, 'npm keys').keys, 'keys').map((k, i) => {
    const o = obj(k, `keys[${i}]`);
    const pk = obj(o.publicKey, `keys[${i}].publicKey`);
    const usage = str(o.keyUsage, `keys[${i}].keyUsage`);
    return {
      keyid: str(o.keyId, `keys[${i}].keyId`),
      publicKey: publicKeyFrom(b64(pk.rawBytes, `keys[${i}].publicKey.rawBytes`), undefined, `keys[${i}].publicKey`),
      origin: SEEDS_ORIGIN,
      signatures: usage === 'npm:signatures',
      attestations: usage === 'npm:attestations',
      validFor: validFor(pk.validFor, `keys[${i}].publicKey.validFor`),
    };
  });
}

interface Seeds {
  trustedRoot: unknown;
  npmKeys: unknown;
}

let seedsCache: Seeds | undefined;

async function loadSeeds(): Promise<Seeds> {
  if (seedsCache) return seedsCache;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@sigstore/tuf/seeds.json');
  const seeds = obj(JSON.parse(await readFile(file, 'utf8')), 'seeds.json');
  const repo = obj(seeds['https://tuf-repo-cdn.sigstore.dev'], 'seeds.json public-good repository');
  const targets = obj(repo.targets, 'seeds.json targets');
  const decode = (k: string): unknown => JSON.parse(b64(targets[k], `seeds.json targets["${k}"]`).toString('utf8'));
  seedsCache = { trustedRoot: decode('trusted_root.json'), npmKeys: decode('registry.npmjs.org%2Fkeys.json') };
  return seedsCache;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    // Opened without blocking and checked to be a regular file, as the lock and config are: a FIFO
    // or a device named here (an unreviewed config change) would be read without end.
    text = await readRegularText(file);
  } catch (err) {
    throw new SkillpinError('ECONFIG', `Cannot read ${what} ${file}: ${messageOf(err)}.`, {
      hint: `Fix or remove the path in .clawhub/config.json (${what === 'trusted root' ? 'trust.trustedRoots' : 'trust.registryKeys'}).`,
      file,
    });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SkillpinError('ECONFIG', `${what} ${file} is not valid JSON: ${jsonSyntaxText(err)}.`, { hint: 'Replace it with the file the registry operator published.', file });
  }
}

function configError(file: string, what: string, err: unknown): SkillpinError {
  if (err instanceof SkillpinError) return err;
  const hint =
    what === 'trusted root'
      ? 'trust.trustedRoots entries must be Sigstore TrustedRoot JSON files (as `cosign trusted-root create` or a private Sigstore deployment publish them).'
      : 'trust.registryKeys entries must have the shape of npm\'s /-/npm/v1/keys: {"keys":[{"keyid","key",...}]}.';
  return new SkillpinError('ECONFIG', `${what} ${file} is invalid: ${messageOf(err)}.`, { hint, file }, { cause: err });
}

// skillpin's fixture registry signs with a TEST-ONLY Sigstore root (registry-fixtures/sigstore.js)
// whose private keys are committed next to it: whoever reads the repository can sign a bundle for
// any package and any identity that this root accepts. Its certificates say so in their subject.
const TEST_ONLY_SUBJECT = /^O=skillpin TEST-ONLY$/m;
const OWN_TEST_ROOT = fileURLToPath(new URL('../../registry-fixtures/trust/trusted-root.json', import.meta.url));

function realPath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Whether a configured TEST-ONLY root may be used: only with SKILLPIN_TEST_ONLY_TRUST=1 (skillpin's
 * own tests set it), or when the file is skillpin's own fixture root in the checkout that runs
 * (its demo and self-gate; an installed package carries no registry-fixtures). A workspace, which an
 * unreviewed change can edit, can never bring it in by itself: a copy of it, or the example config
 * pointing at one, is ECONFIG instead of provenance anyone can forge.
 */
function testOnlyRootAllowed(file: string): boolean {
  if (testOnlyTrustAllowed()) return true;
  const own = realPath(OWN_TEST_ROOT);
  return own !== undefined && realPath(file) === own;
}

const POLICIES: readonly ProvenancePolicy[] = ['off', 'warn', 'require'];

const VERIFIER_OPTIONS = { tlogThreshold: 1, ctlogThreshold: 1 };

/** The verifying libraries' versions: a new version may judge a bundle differently. */
function verifierVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['@sigstore/verify', '@sigstore/core', '@sigstore/bundle']) out[name] = packageVersion(name);
  return out;
}

/**
 * Build the trust context once per run: the public-good Sigstore root and npm's registry keys
 * (from @sigstore/tuf's embedded seeds), plus the configured trusted roots and registry keys.
 * Throws ECONFIG naming the bad file or setting.
 */
export async function loadTrust(cfg: TrustConfig, extras: { verdicts?: VerdictStore } = {}): Promise<TrustContext> {
  const policy = cfg.provenance ?? 'warn';
  if (!POLICIES.includes(policy)) {
    throw new SkillpinError('ECONFIG', `trust.provenance is "${String(policy)}"; it must be one of off, warn, require.`, { hint: 'Fix trust.provenance in .clawhub/config.json.' });
  }
  const identities = (cfg.identities ?? []).map((entry, i) => {
    if (!entry || typeof entry.issuer !== 'string' || typeof entry.repository !== 'string') {
      throw new SkillpinError('ECONFIG', `trust.identities[${i}] must be {"issuer": "<url>", "repository": "<owner>/<name or glob>"}.`, { hint: 'Fix trust.identities in .clawhub/config.json.' });
    }
    const problem = validateRepositoryPattern(entry.repository);
    if (problem) throw new SkillpinError('ECONFIG', `trust.identities[${i}].repository "${entry.repository}" ${problem}.`, { hint: 'Use owner/name, owner/* or an anchored glob such as acme/weather-*.' });
    if (!/^https:\/\/\S+$/.test(entry.issuer)) throw new SkillpinError('ECONFIG', `trust.identities[${i}].issuer "${entry.issuer}" is not an https URL.`, { hint: 'Use the OIDC issuer, e.g. https://token.actions.githubusercontent.com.' });
    return { issuer: entry.issuer, repository: entry.repository };
  });

  const seeds = await loadSeeds().catch((err: unknown) => {
    throw new SkillpinError('ECONFIG', `The built-in Sigstore public-good trust root could not be read from @sigstore/tuf: ${messageOf(err)}.`, { hint: 'Reinstall skillpin; its @sigstore/tuf dependency is damaged.' }, { cause: err });
  });
  const roots: Array<{ root: ParsedRoot; origin: string }> = [];
  const origins: string[] = [SEEDS_ORIGIN];
  const documents: unknown[] = [seeds.trustedRoot, seeds.npmKeys];
  try {
    roots.push({ root: parseTrustedRoot(seeds.trustedRoot), origin: '@sigstore/tuf/seeds.json' });
  } catch (err) {
    throw configError('@sigstore/tuf/seeds.json', 'trusted root', err);
  }
  for (const file of cfg.trustedRoots ?? []) {
    const doc = await readJson(file, 'trusted root');
    documents.push(['trustedRoot', doc]);
    let parsed: ParsedRoot;
    try {
      parsed = parseTrustedRoot(doc);
    } catch (err) {
      throw configError(file, 'trusted root', err);
    }
    if ([...parsed.certificateAuthorities, ...parsed.timestampAuthorities].some((ca) => ca.testOnly) && !testOnlyRootAllowed(file)) {
      throw new SkillpinError('ECONFIG', `trusted root ${file} is skillpin's TEST-ONLY Sigstore root: its private keys are published with skillpin's source, so anyone can sign provenance it accepts.`, {
        hint: 'Remove it from trust.trustedRoots in .clawhub/config.json (the public-good Sigstore root is built in).',
        file,
        check: 'trust-root',
      });
    }
    roots.push({ root: parsed, origin: file });
    origins.push(file);
  }

  const keys: RegistryKey[] = parseSeedNpmKeys(seeds.npmKeys);
  for (const file of cfg.registryKeys ?? []) {
    const doc = await readJson(file, 'registry keys');
    documents.push(['registryKeys', doc]);
    let parsedKeys: RegistryKey[];
    try {
      parsedKeys = parseRegistryKeys(doc, file);
    } catch (err) {
      throw configError(file, 'registry keys', err);
    }
    // One key id, one key: a file that gives a trusted key's id (npm's, say) to another key would
    // have its signatures shown, and accepted, as that key's.
    for (const k of parsedKeys) {
      const other = keys.find((known) => known.keyid === k.keyid && !known.publicKey.equals(k.publicKey));
      if (other) {
        throw new SkillpinError('ECONFIG', `registry keys ${file} give key id ${k.keyid} to another key than ${other.origin} does.`, {
          hint: 'A key id names one key. Remove the entry, or replace the file with the /-/npm/v1/keys document the registry operator published.',
          file,
          keyid: k.keyid,
        });
      }
      keys.push(k);
    }
    origins.push(file);
  }
  const registryKeys = new Map<string, RegistryKey[]>();
  for (const k of keys) registryKeys.set(k.keyid, [...(registryKeys.get(k.keyid) ?? []), k]);

  // The certificate authorities become @sigstore/core objects on the first bundle the verdict
  // cache does not answer; so does @sigstore/verify (about 50 ms of module loading): a warm verify
  // loads neither. What they are built from is fixed above, and the fingerprint covers it.
  let material: TrustMaterial | undefined;
  const materialOf = (): TrustMaterial =>
    (material ??= {
      certificateAuthorities: roots.flatMap(({ root, origin }) => root.certificateAuthorities.map((ca) => materialise(ca, origin))),
      timestampAuthorities: roots.flatMap(({ root, origin }) => root.timestampAuthorities.map((ca) => materialise(ca, origin))),
      tlogs: roots.flatMap(({ root }) => root.tlogs),
      ctlogs: roots.flatMap(({ root }) => root.ctlogs),
      // publicKey-hinted bundles (npm's publish attestation): only keys meant for attestations.
      publicKey: (hint: string) => {
        const candidates = (registryKeys.get(hint) ?? []).filter((k) => k.attestations);
        if (candidates.length === 0) throw new Error(`attestation key ${hint} is not a trusted registry key`);
        const key = candidates[0]!.publicKey;
        // One key id, one key: the validity below is any entry's, so each must be this key.
        if (candidates.some((k) => !k.publicKey.equals(key))) throw new Error(`attestation key ${hint} names different keys in the trusted registry keys`);
        return {
          publicKey: key,
          validFor: (d: Date) => candidates.some((k) => k.validFor.start <= d && d <= k.validFor.end),
        };
      },
    });
  const fingerprint = createHash('sha256').update(JSON.stringify({ documents, verifier: verifierVersions(), options: VERIFIER_OPTIONS })).digest('hex');
  let verifier: Verifier | undefined;
  const build = (cas: CertAuthority[]): Verifier => {
    const { Verifier: VerifierClass } = verifyLib();
    return new VerifierClass({ ...materialOf(), certificateAuthorities: cas }, VERIFIER_OPTIONS);
  };
  const subsets = new Map<string, Verifier>();
  const full = (): Verifier => (verifier ??= build(materialOf().certificateAuthorities));
  return {
    policy,
    identities,
    origins,
    registryKeys,
    fingerprint,
    ...(extras.verdicts ? { verdicts: extras.verdicts } : {}),
    get verifier(): Verifier {
      return full();
    },
    verifierFor(leaf: X509Certificate | undefined): Verifier {
      const aki = leaf?.extAuthorityKeyID?.keyIdentifier;
      if (!aki) return full();
      const cas = materialOf().certificateAuthorities;
      const keep = cas.flatMap((ca, i) => (ca.certChain.some((c) => {
        const ski = c.extSubjectKeyID?.keyIdentifier;
        return !ski || ski.equals(aki);
      }) ? [i] : []));
      if (keep.length === 0 || keep.length === cas.length) return full();
      const id = keep.join(',');
      let v = subsets.get(id);
      if (!v) {
        v = build(keep.map((i) => cas[i] as CertAuthority));
        subsets.set(id, v);
      }
      return v;
    },
  };
}
