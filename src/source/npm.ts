// npm-protocol registries: packument, exact version, tarball by pinned integrity, and the
// attestations document when the registry advertises one (DESIGN §3.6). Every request goes through
// one client (./net.ts: Node's http with npm's agent and the environment's proxy settings) under
// one deadline, size cap and retry policy (`download`). Tarballs land in a download cache in
// cacache's content layout, read and written here by digest.
//
// Tarballs used to come through pacote's `tarball.stream` with its cache, then npm-registry-fetch.
// For an exact URL and a pinned integrity pacote adds nothing but that cache, whose writes
// (cacache.put: content, index bucket, several folders and hashes, each a thread-pool round trip)
// cost 3 to 5 ms of CPU per tarball, and npm-registry-fetch adds auth lookups and an integrity
// stream that hashes on this thread what the unpack checks anyway: 0.3-0.5 s of CPU per 1,000
// tarballs. The cache is written here (`rememberTarball`), only with bytes the unpack has checked.

import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import semverRcompare from 'semver/functions/rcompare.js';
import semverValid from 'semver/functions/valid.js';
import ssri from 'ssri';
import { normaliseRegistry } from '../config/index.js';
import { SkillpinError, messageOf } from '../errors.js';
import { withoutCredentials } from '../ui/index.js';
import { CacheWriter } from '../fsutil/cache-writer.js';
import { READ_NOFOLLOW, readExactly } from '../fsutil/index.js';
import { lazyRequire } from '../lazy.js';
import type { Unpacked } from '../sandbox/packed.js';
import type { Unpacker } from '../sandbox/unpack.js';
import type { CachedTree } from './tree-cache.js';
import { readBodyCapped } from './body.js';
import { clearTextHop, discardBody, inClear, fetchFollowing, httpFetch, isLoopbackHost, isProxySettingError, plainHttpServer, proxyHint, proxySettingError, RedirectRefused, tlsTrustHint, type HttpFetch } from './net.js';
import { isExactVersion } from '../spec/index.js';
import { testPoint } from '../testhooks.js';
import { MAX_DOCUMENT_BYTES, type FetchedSkill, type ResolvedSkill, type SandboxLimits } from './types.js';

export interface NpmSourceOptions {
  registry: string;
  cache: string;
  limits: SandboxLimits;
  /** The most one registry operation (packument, tarball, attestations) may take, retries included. */
  timeoutMs: number;
  /** Extra attempts after a connection error or a 5xx/429 answer (bounded by `timeoutMs`). */
  retries: number;
  /** Largest packument or attestations document accepted (default 16 MiB). */
  maxDocumentBytes?: number;
  /** Skip the network when the tarball is in the cache (frozen installs of pinned bytes). */
  preferOffline?: boolean;
  /** A bearer token (SKILL_REGISTRY_TOKEN) and the registry URL it is sent under (registryCredential). */
  credential?: RegistryCredential;
  /** Replaceable for tests; defaults to `httpFetch`. */
  fetchImpl?: HttpFetch;
}

/**
 * `SKILL_REGISTRY_TOKEN` and where it may go: URLs under the registry `SKILL_REGISTRY` names
 * (`scope`, with its path), never one that only the workspace's config or lock names, which a
 * teammate's unreviewed change can edit. `scope` is null when SKILL_REGISTRY is unset: then the
 * token goes nowhere, and a registry that asks for one is told why.
 */
export interface RegistryCredential {
  token: string;
  scope: string | null;
}

/**
 * The credential the environment holds, if any (see RegistryCredential). A token whose registry is
 * plain http on another host would cross the network in clear on every request: ECONFIG, before
 * any request is sent (http stays fine for a registry on this machine).
 */
export function registryCredential(env: NodeJS.ProcessEnv): RegistryCredential | undefined {
  const token = env.SKILL_REGISTRY_TOKEN?.trim();
  if (!token) return undefined;
  const scope = env.SKILL_REGISTRY?.trim() ? normaliseRegistry(env.SKILL_REGISTRY.trim(), 'SKILL_REGISTRY') : null;
  const hop = scope === null ? null : clearTextHop(new URL(scope));
  if (scope !== null && hop !== null) throw tokenInClearError('SKILL_REGISTRY_TOKEN', 'SKILL_REGISTRY', scope, hop);
  return { token, scope };
}

/**
 * The refusal of a token (`variable`) scoped to a registry (`url`, from `setting`) that a request
 * reaches in plain http across the network (`hop`, clearTextHop): anyone on the path would read
 * it. Nothing has been sent when it is thrown.
 */
export function tokenInClearError(variable: string, setting: string, url: string, hop: string): SkillpinError {
  if (hop.startsWith('the proxy ')) {
    const host = new URL(url).hostname;
    return new SkillpinError('ECONFIG', `${variable} is set and ${setting} names ${url}, on this machine, but requests to it go through ${hop} in plain http: the token would cross the network in clear`, {
      variable,
      url,
      hint: `Reach this machine's registry directly: add ${host} to NO_PROXY (and no_proxy). Or unset ${variable} if it needs no token. Nothing was sent.`,
    });
  }
  const https = url.replace(/^http:/, 'https:');
  return new SkillpinError('ECONFIG', `${variable} is set and ${setting} names ${url}, a plain http:// registry on another host: the token would cross the network in clear`, {
    variable,
    url,
    hint: `Reach that registry over https (${setting}=${https}), or unset ${variable} if it needs no token. Plain http gets a token only on this machine (localhost, 127.0.0.0/8, ::1). Nothing was sent.`,
  });
}

/**
 * The authorization header `c` gives a request to `url`: the token when `url` lies under its
 * scope (the whole URL, scheme included, is compared), none otherwise.
 */
export function registryAuthorization(c: RegistryCredential | undefined, url: string): string | undefined {
  return c && c.scope !== null && url.startsWith(c.scope) ? `Bearer ${c.token}` : undefined;
}

/** Redirects followed per request: a registry needs one or two (fetch and npm stop at 20). */
const MAX_REDIRECTS = 10;

interface Packument {
  name?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, VersionManifest>;
  time?: Record<string, string>;
}

interface VersionManifest {
  name?: string;
  version?: string;
  _npmUser?: { name?: string; email?: string };
  maintainers?: Array<{ name?: string }>;
  dist?: {
    tarball?: string;
    integrity?: string;
    shasum?: string;
    attestations?: { url?: string; provenance?: { predicateType?: string } };
    signatures?: Array<{ keyid: string; sig: string }>;
  };
}


/** Ranges are for add and update; install's exact pins never load all of semver (its index). */
const semver = lazyRequire<typeof import('semver')>('semver');

/**
 * Where cacache keeps the content of an integrity: its own function. The download cache keeps
 * cacache's content layout (`content-v2/sha512/..`), so caches written by earlier versions (through
 * pacote) are read as they are.
 */
const contentPathOf = lazyRequire<(cache: string, integrity: string) => string>('cacache/lib/content/path.js');
const contentPath = (cache: string, integrity: string): string => contentPathOf()(cache, integrity);

/** The download cache's folder for tarballs under the cache (cacache's content layout). */
export const CONTENT_DIR = 'content-v2';

/** Where the download cache keeps a tarball pinned by `integrity`: one path per sha512 in it. */
export function tarballCachePaths(cache: string, integrity: string): string[] {
  return (ssri.parse(integrity)?.sha512 ?? []).map((hash) => contentPath(cache, hash.toString()));
}

/**
 * Remove a cache entry that is not a regular file. Only regular files are ever written there; a
 * link or FIFO in a restored cache would be read through (a link to /dev/zero never ends) or
 * waited on forever.
 */
function dropNonFile(file: string, cache: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new SkillpinError('ECONFIG', `the download cache holds ${file}, which is not a regular file and cannot be removed (${code ?? messageOf(err)})`, {
      hint: `Remove it, or the whole download cache ${cache}: what it held is downloaded again.`,
    });
  }
}

/**
 * The regular file where cacache keeps the content of `hash` (one sha512 of an integrity), open,
 * with its size; null when there is none. Anything else found there is removed (dropNonFile).
 */
function openCached(cache: string, file: string): { fd: number; size: number } | null {
  let fd: number;
  try {
    fd = openSync(file, READ_NOFOLLOW);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') dropNonFile(file, cache);
    return null;
  }
  let st;
  try {
    st = fstatSync(fd);
  } catch {
    closeSync(fd);
    return null;
  }
  if (!st.isFile()) {
    closeSync(fd);
    dropNonFile(file, cache);
    return null;
  }
  return { fd, size: st.size };
}

/**
 * A pinned tarball straight from the download cache: read from where cacache keeps the content
 * of its sha512, with synchronous calls (four per tarball, where cacache's reader made a
 * thread-pool round trip of each and hashed the bytes on this thread).
 * The bytes are not trusted here: the unpack checks them against the integrity before reading
 * one, and fetch() downloads the tarball again when cached bytes fail that check. Null when the
 * cache has no such regular file. Larger than `cap`: refused like an oversized download.
 */
function fromCache(cache: string, integrity: string, cap: number, label: string): Buffer | null {
  for (const file of tarballCachePaths(cache, integrity)) {
    const found = openCached(cache, file);
    if (found === null) continue;
    const { fd, size } = found;
    try {
      if (size > cap) throw tooLarge(`tarball of ${label}`, cap);
      // Shorter than fstat said (null): the file changed while it was read; download instead.
      const data = readExactly(fd, size);
      if (data !== null) return data;
    } catch (err) {
      if (err instanceof SkillpinError) throw err;
    } finally {
      closeSync(fd);
    }
  }
  return null;
}

const cacheWriters = new Map<string, CacheWriter>();

/**
 * Keep a downloaded tarball in the download cache, under the sha512 its bytes were checked
 * against (`integrity`: the unpack's one `sha512-` digest of them). Best-effort, like the verdict store: a cache
 * that cannot be written costs a download next time, never correctness. Only through real folders
 * of the cache, through a temporary name and a rename (CacheWriter), which also replaces a link or
 * FIFO planted where the entry goes.
 */
function rememberTarball(cache: string, integrity: string, data: Buffer): void {
  let writer = cacheWriters.get(cache);
  if (!writer) {
    // The cache folder itself is the user's choice (it may be a link); what lies in it is checked.
    writer = new CacheWriter(join(cache, CONTENT_DIR), { file: 0o644, folder: 0o755, redo: 'downloads again' });
    cacheWriters.set(cache, writer);
  }
  writer.write(contentPath(cache, integrity), data);
}

/** Map a request's failure (ours, the HTTP client's or pacote's) to our codes without losing the facts. */
export function registryError(err: unknown, what: string, registry: string): SkillpinError {
  if (err instanceof SkillpinError) return err;
  if (isProxySettingError(err)) return proxySettingError(err);
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'EINTEGRITY') {
    return new SkillpinError('EINTEGRITY', `${what}: downloaded bytes do not match the expected integrity`, {
      skill: what,
      hint: 'The registry served other bytes than it (or the lock) promised. Nothing was installed.',
    }, { cause: err });
  }
  if (e.code === 'E404' || e.statusCode === 404) {
    // The two slips a registry cannot correct: capitals (npm's names are lower-case) and ClawHub's
    // `@owner/slug` written without its `clawhub:` prefix.
    // Only for a packument (`what` a bare name): a tarball's 404 names `name@version`.
    const lower = what.toLowerCase();
    const bare = what.lastIndexOf('@') <= 0;
    const slip = !bare ? '' : lower !== what ? `npm package names are lower-case: did you mean ${lower}? ` : what.startsWith('@') ? `If ${what} is on ClawHub, a ClawHub skill is written clawhub:${what}@<version>. ` : '';
    return new SkillpinError('ENOTFOUND', `${what} was not found on ${registry}`, {
      skill: what,
      // The packument's 404 is the name's: no version of it would be found (the sentence that sent
      // people to `skill add name` for the latest version named a command that fails the same way).
      hint: bare
        ? `${slip}Check the name and the --registry URL: that registry has no package of that name, in any version.`
        : 'Check the name and version, or the --registry URL: the registry lists this version but does not serve its tarball. Nothing was installed.',
    }, { cause: err });
  }
  return new SkillpinError('EREGISTRY', `${what}: registry ${registry} failed: ${e.message ?? String(err)}`, {
    skill: what,
    status: e.statusCode,
    hint: `Check that the registry is reachable (--registry, SKILL_REGISTRY or "registry" in .clawhub/config.json) and try again.${proxyHint()}`,
  }, { cause: err });
}

export class NpmSource {
  constructor(private readonly opts: NpmSourceOptions) {}

  /**
   * The packument, fetched directly (not through pacote, which buffers any size): bounded in bytes
   * (`maxDocumentBytes`), in time (`timeoutMs`, retries included) and in attempts (`retries`).
   */
  async packument(name: string): Promise<Packument> {
    const url = new URL(name.startsWith('@') ? name.replace('/', '%2f') : name, this.opts.registry).href;
    const body = await this.fetchDocument(url, name, 'packument');
    let doc: unknown;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw registryError(new Error(`the packument is not valid JSON (${(err as Error).message})`), name, this.opts.registry);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw registryError(new Error('the packument is not a JSON object'), name, this.opts.registry);
    }
    return doc as Packument;
  }

  /** GET a JSON document (packument, attestations) with a deadline, a size cap and bounded retries. */
  private fetchDocument(url: string, what: string, kind: string): Promise<Buffer> {
    return this.download(url, what, kind, this.opts.maxDocumentBytes ?? MAX_DOCUMENT_BYTES, 'application/json');
  }

  /**
   * GET `url`'s bytes: bounded in time (`timeoutMs` from this call, retries included), in size
   * (`max`: a declared or streamed body past it aborts the request at once) and in attempts (a
   * connection error, 5xx or 429 is retried `retries` times with a growing pause). 404 is
   * ENOTFOUND; anything else EREGISTRY.
   */
  private async download(url: string, what: string, kind: string, max: number, accept: string): Promise<Buffer> {
    const deadline = AbortSignal.timeout(this.opts.timeoutMs);
    let last: unknown = null;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0) await pause(Math.min(200 * 2 ** (attempt - 1), 2000), deadline);
      try {
        const { res, authorized } = await fetchFollowing(this.opts.fetchImpl ?? httpFetch, url, { signal: deadline, headers: { accept, 'user-agent': 'skillpin' } }, this.authorize, MAX_REDIRECTS);
        if (res.status === 404) {
          await discardBody(res);
          throw registryError({ statusCode: 404 }, what, this.opts.registry);
        }
        if (res.status >= 500 || res.status === 429) {
          await discardBody(res);
          last = Object.assign(new Error(`HTTP ${res.status} for the ${kind}`), { statusCode: res.status });
          continue;
        }
        if (res.status === 401 || res.status === 403) {
          await discardBody(res);
          throw this.authError(res.status, authorized, what, kind);
        }
        if (res.status < 200 || res.status >= 300) {
          await discardBody(res);
          throw registryError(Object.assign(new Error(`HTTP ${res.status} for the ${kind}`), { statusCode: res.status }), what, this.opts.registry);
        }
        return await readBodyCapped(res, max, () => tooLarge(`${kind} of ${what}`, max));
      } catch (err) {
        if (err instanceof SkillpinError) throw err;
        if (err instanceof RedirectRefused) throw registryError(new Error(`the ${kind} request was ${err.message} (${err.target})`), what, this.opts.registry);
        if (isProxySettingError(err)) throw proxySettingError(err);
        const tls = tlsTrustHint(err);
        if (tls !== null) throw new SkillpinError('EREGISTRY', `${what}: registry ${this.opts.registry} failed: ${messageOf(err)}`, { skill: what, hint: tls }, { cause: err });
        const plain = plainHttpServer(err, url);
        if (plain !== null) throw new SkillpinError('EREGISTRY', `${what}: registry ${this.opts.registry} failed: ${plain.reason}`, { skill: what, hint: plain.hint }, { cause: err });
        if (deadline.aborted) break;
        last = err;
      }
    }
    if (deadline.aborted) throw timeoutError(what, kind, this.opts);
    const msg = `${(last as Error)?.message ?? 'unknown error'} (after ${this.opts.retries + 1} attempts)`;
    throw registryError(Object.assign(new Error(msg), { statusCode: (last as { statusCode?: number })?.statusCode }), what, this.opts.registry);
  }

  private readonly authorize = (url: URL): string | undefined => registryAuthorization(this.opts.credential, url.href);

  /** 401 or 403 to a request asked with the token (`sent`) or without: say whether it was refused, withheld (and why) or never set. */
  private authError(status: number, sent: boolean, what: string, kind: string): SkillpinError {
    const c = this.opts.credential;
    // Naming SKILL_REGISTRY for a registry reached in clear would lead to the next refusal (registryCredential).
    const https = !sent && inClear(this.opts.registry) ? this.opts.registry.replace(/^http:/, 'https:') : null;
    const hint = sent
      ? 'The registry refused the token in SKILL_REGISTRY_TOKEN: check that it is valid and may read this package.'
      : https !== null
        ? `The registry wants credentials, and skillpin never sends a token over plain http across the network: reach it over https (SKILL_REGISTRY=${https}) with SKILL_REGISTRY_TOKEN set to a read token.`
      : !c
        ? `The registry wants credentials: set SKILL_REGISTRY_TOKEN to a read token and SKILL_REGISTRY=${this.opts.registry}.`
        : registryAuthorization(c, this.opts.registry) !== undefined
          ? `The request was redirected away from ${c.scope}, and SKILL_REGISTRY_TOKEN is never sent elsewhere: the host that answered wants credentials of its own.`
          : `SKILL_REGISTRY_TOKEN is sent only under the registry SKILL_REGISTRY names (${c.scope ?? 'unset'}), so a URL from the workspace's config or lock never receives it: set SKILL_REGISTRY=${this.opts.registry} to send it here.`;
    return new SkillpinError('EREGISTRY', `${what}: registry ${this.opts.registry} answered ${status} for the ${kind}${sent ? ' (the token was refused)' : ''}`, {
      skill: what,
      status,
      hint,
    });
  }

  /**
   * All published versions, newest first (for `outdated` and unpinned resolution), with each one's
   * `dist.signatures` as served (an update asks whether the registry still signs the locked version).
   */
  async versions(name: string): Promise<{ versions: string[]; distTags: Record<string, string>; time: Record<string, string>; signatures: Record<string, unknown[]> }> {
    const p = await this.packument(name);
    const versions = Object.keys(p.versions ?? {}).filter((v) => semverValid(v)).sort(semverRcompare);
    const signatures: Record<string, unknown[]> = {};
    for (const v of versions) {
      const sigs = p.versions?.[v]?.dist?.signatures;
      if (Array.isArray(sigs) && sigs.length > 0) signatures[v] = sigs;
    }
    return { versions, distTags: p['dist-tags'] ?? {}, time: p.time ?? {}, signatures };
  }

  /** Pick the exact version a range or tag means, then describe it. */
  async resolve(name: string, range: string): Promise<ResolvedSkill> {
    const p = await this.packument(name);
    const versions = p.versions ?? {};
    let version: string | null;
    if (isExactVersion(range)) version = range in versions ? range : null;
    else if (p['dist-tags']?.[range]) version = p['dist-tags'][range] ?? null;
    else if (semver().validRange(range)) version = semver().maxSatisfying(Object.keys(versions), range);
    else version = null;
    if (!version || !versions[version]) {
      throw new SkillpinError('ENOTFOUND', `${name}@${range} is not published on ${this.opts.registry}`, {
        skill: name,
        hint: `Published versions: ${Object.keys(versions).slice(-8).join(', ') || 'none'}.`,
      });
    }
    return describeVersion(name, version, versions[version], p, this.opts.registry);
  }

  /**
   * Download the tarball, check its integrity before reading a byte, then read its entries; with
   * `unpack` (a worker thread) that check and read happen there.
   */
  async fetch(resolved: ResolvedSkill, expectedIntegrity?: string, unpack?: Unpacker, tree?: CachedTree | null): Promise<FetchedSkill> {
    const integrity = expectedIntegrity ?? resolved.integrity;
    const label = `${resolved.name}@${resolved.version}`;
    if (!integrity) {
      throw new SkillpinError('EINTEGRITY', `${label}: the registry publishes no integrity for this version`, {
        skill: resolved.name,
        hint: 'Without a published sha512 nothing can be pinned; ask the publisher to republish.',
      });
    }
    const cap = this.tarballCap();
    // node-tar loads on the first tarball read, not with this module (list and outdated never read one).
    // `pack`: the bytes are a pack from the tree cache with that recorded sha256, not a tarball.
    const unpackHere = async (bytes: Buffer, pack?: string) =>
      unpack ? unpack(bytes, integrity, this.opts.limits, resolved.name, pack) : (await import('../sandbox/unpack.js')).unpackArchive(bytes, integrity, this.opts.limits, resolved.name, pack);
    let unpacked: Unpacked | null = null;
    // A locked install may be handed the tarball's entries from the tree cache (src/source/tree-cache.ts).
    if (tree) {
      try {
        unpacked = await unpackHere(tree.pack, tree.digest);
      } catch (err) {
        // A pack that fails its check is a damaged cache entry: read the tarball instead.
        if (!(err instanceof SkillpinError && err.code === 'EINTEGRITY')) throw err;
      }
    }
    // Locked installs (preferOffline) read a cached tarball by its integrity; add and update download.
    let archive: Buffer | null = null;
    if (unpacked === null && this.opts.preferOffline) archive = fromCache(this.opts.cache, integrity, cap, label);
    if (archive !== null) {
      try {
        unpacked = await unpackHere(archive);
      } catch (err) {
        // Cached bytes that fail the pinned integrity are a damaged cache entry: download instead.
        if (!(err instanceof SkillpinError && err.code === 'EINTEGRITY')) throw err;
        archive = null;
      }
    }
    const downloaded = archive === null && unpacked === null;
    // The bytes are checked against the pin by the unpack, before one entry is read.
    // The deadline starts with the download (a timer per cached tarball cost a warm run of 1,000 ~20 ms).
    if (downloaded) archive = await this.download(resolved.resolved, label, 'tarball', cap, 'application/octet-stream');
    await testPoint('after-download');
    const { integrity: actual, entries, manifest, dropped } = unpacked ?? (await unpackHere(archive as Buffer));
    // Cached only once the unpack has checked the bytes against the pin.
    if (downloaded && archive !== null) rememberTarball(this.opts.cache, actual, archive);
    checkPackageJson(entries, resolved);
    let attestations: unknown | null = null;
    if (resolved.attestationsUrl) attestations = await this.fetchAttestations(resolved.attestationsUrl, label, resolved.attestationsFallback);
    // No archive: the entries came from the tree cache, whose pack was read from a tarball with this sha512.
    return { resolved, integrity: actual, ...(archive !== null ? { archive } : { fromTreeCache: true }), entries, attestations, ...(manifest ? { manifest } : {}), ...(dropped ? { dropped } : {}) };
  }

  /** The compressed archive cannot sensibly be larger than what it may unpack to. */
  private tarballCap(): number {
    return this.opts.limits.maxTotalBytes + (this.opts.limits.maxFiles + 16) * 1536;
  }

  /**
   * The sha512 of the bytes `url` serves now (`verify --online`), never from the download cache,
   * and fetched as every tarball is: the token only under its registry, redirects followed by hand
   * and never down to plain http, one deadline, the tarball cap. pacote, used here before, follows
   * a redirect to the same host name with the authorization header, https to http included, so a
   * registry that moved a tarball to its http port received SKILL_REGISTRY_TOKEN in clear.
   */
  async servedIntegrity(url: string, label: string): Promise<string> {
    const bytes = await this.download(url, label, 'tarball', this.tarballCap(), 'application/octet-stream');
    return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  }

  async fetchAttestations(url: string, label: string, fallback?: string): Promise<unknown> {
    try {
      let body: Buffer;
      try {
        body = await this.fetchDocument(url, label, 'attestations document');
      } catch (err) {
        if (fallback === undefined) throw err;
        // A mirror of npm that serves no attestations: npm's own registry, where the packument says they are.
        try {
          body = await this.fetchDocument(fallback, label, 'attestations document');
        } catch (again) {
          throw new Error(`${(err as Error).message}; and at ${fallback}: ${(again as Error).message}`);
        }
      }
      const doc = JSON.parse(body.toString('utf8')) as unknown;
      // null is what the caller reads as "none advertised": a registry that advertises a document
      // and serves `null` (or a string, a number) must not turn advertised provenance into none.
      if (doc === null || typeof doc !== 'object') throw new Error(`the document is ${doc === null ? 'null' : `a ${typeof doc}`}, not an attestations object`);
      return doc;
    } catch (err) {
      throw new SkillpinError('EPROVENANCE', `${label}: the registry advertises provenance at ${url} but it cannot be fetched (${(err as Error).message})`, {
        hint: 'Provenance that is advertised but unavailable is treated as a failure, not as "none". Retry, or check the registry.',
      });
    }
  }
}

function timeoutError(what: string, kind: string, o: NpmSourceOptions): SkillpinError {
  return new SkillpinError('EREGISTRY', `${what}: registry ${o.registry} did not deliver the ${kind} within ${o.timeoutMs} ms`, {
    skill: what,
    timeoutMs: o.timeoutMs,
    hint: `The registry is stalled or too slow. Retry later, or raise network.timeoutMs in .clawhub/config.json (or SKILL_TIMEOUT_MS).${proxyHint()}`,
  });
}

function tooLarge(what: string, max: number): SkillpinError {
  return new SkillpinError('EREGISTRY', `${what}: the registry sent more than ${max} bytes`, {
    limit: max,
    hint: 'A document or archive this large is not a skill; the registry is broken or hostile. Nothing was installed.',
  });
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

function describeVersion(name: string, version: string, m: VersionManifest | undefined, p: Packument, registry: string): ResolvedSkill {
  const dist = m?.dist ?? {};
  if (!dist.tarball) {
    throw new SkillpinError('EREGISTRY', `${name}@${version}: the packument has no dist.tarball`, { skill: name, hint: 'The registry names no archive for this version: it is broken or not an npm registry (check --registry). Nothing was installed.' });
  }
  const out: ResolvedSkill = {
    source: 'npm',
    name,
    version,
    registry,
    resolved: tarballUnderRegistry(`${name}@${version}`, dist.tarball, registry),
  };
  if (dist.integrity) out.integrity = dist.integrity;
  const publisher = m?._npmUser?.name ?? m?.maintainers?.map((x) => x.name).filter(Boolean).join(', ');
  if (publisher) out.publisher = publisher;
  const time = p.time?.[version];
  if (time) out.publishedAt = time;
  if (dist.attestations?.url) {
    out.attestationsUrl = attestationsOnRegistry(dist.attestations.url, registry);
    const npm = npmAttestationsUrl(dist.attestations.url);
    if (npm !== null && npm !== out.attestationsUrl) out.attestationsFallback = npm;
  }
  if (Array.isArray(dist.signatures)) out.signatures = dist.signatures;
  return out;
}

/** npm's own registry: its tarball URLs in a mirror's packuments are moved to the mirror (npm's replace-registry-host). */
const NPM_REGISTRY_HOST = 'registry.npmjs.org';

/**
 * The tarball URL a packument gives, held to the registry that served it. A tarball on another host
 * would be recorded as the lock's `resolved`, so every later `install --frozen` would go there
 * (past a configured mirror, which moves only URLs under the locked registry): the registry the
 * workspace names decides where bytes come from, not a packument. As npm does by default
 * (`replace-registry-host=npmjs`), a URL on registry.npmjs.org in a mirror's packument is moved
 * under the mirror. Redirects the registry answers with are followed (registries hand tarballs to
 * a CDN) and never recorded; the integrity pins the bytes either way.
 */
function tarballUnderRegistry(label: string, tarball: string, registry: string): string {
  // Never a password the URL carries, in the message or --json.
  const shown = withoutCredentials(tarball);
  const refuse = (why: string): never => {
    throw new SkillpinError('EREGISTRY', `${label}: the packument's dist.tarball ${JSON.stringify(shown)} ${why}`, {
      skill: label.slice(0, label.lastIndexOf('@')),
      check: 'tarball-host',
      tarball: shown,
      registry,
      hint: `A registry serves its own tarballs: a dist.tarball elsewhere would be pinned in the lock and fetched from there by every install. Use the registry that hosts the tarballs (--registry, SKILL_REGISTRY or "registry" in .clawhub/config.json), or ask whoever runs ${registry} to serve them itself. Nothing was installed.`,
    });
  };
  let url: URL;
  try {
    url = new URL(tarball, registry);
  } catch {
    return refuse('is not a URL');
  }
  // It would be the lock's `resolved`: a committed file, which validateLock then refuses to read.
  // The registry's own URL carries none (normaliseRegistry), and origin comparison ignores them.
  if (url.username !== '' || url.password !== '') refuse('carries credentials, which would be written into .clawhub/lock.json');
  const reg = new URL(registry);
  if (url.origin === reg.origin) return url.href;
  if (url.protocol === 'https:' && url.hostname === NPM_REGISTRY_HOST && url.port === '' && reg.hostname !== NPM_REGISTRY_HOST) return underRegistry(url, registry);
  // This machine under another of its names (a registry asked as localhost that writes 127.0.0.1).
  if (url.protocol === reg.protocol && url.port === reg.port && isLoopbackHost(url.hostname) && isLoopbackHost(reg.hostname)) return url.href.replace(url.origin, reg.origin);
  const differs = [url.protocol !== reg.protocol ? `scheme (${url.protocol.slice(0, -1)})` : null, url.hostname !== reg.hostname ? `host (${url.hostname})` : null, url.port !== reg.port ? `port (${url.port || 'default'})` : null].filter((x) => x !== null);
  return refuse(`is not on the registry (${reg.origin}): its ${differs.join(' and ')} ${differs.length === 1 ? 'differs' : 'differ'}`);
}

/** A URL's path and query moved under the registry's URL (its path prefix kept: a mirror under `/npm/`). */
function underRegistry(url: URL, registry: string): string {
  return new URL(url.pathname.replace(/^\/+/, '') + url.search, registry).href;
}

/**
 * Where the attestations a packument advertises are fetched from: always the registry that served
 * it, as pacote does ("always fetch attestations from the current registry host"), so a packument
 * cannot send the client to a host of its choosing (a request that reveals who installs what, or a
 * stall past the registry the workspace trusts). A mirror that copies npm's packuments unchanged
 * advertises registry.npmjs.org; the same path on the mirror is where it serves them (and npm's
 * registry is asked after a mirror that serves none: npmAttestationsUrl). The document
 * itself proves nothing until its bundles verify against the tarball. A URL that does not parse is
 * kept as it is, and its fetch fails as "advertised but unavailable" (EPROVENANCE).
 */
function attestationsOnRegistry(advertised: string, registry: string): string {
  let url: URL;
  try {
    url = new URL(advertised, registry);
  } catch {
    return advertised;
  }
  return url.origin === new URL(registry).origin ? url.href : underRegistry(url, registry);
}

/**
 * The advertised URL when it is npm's own attestations endpoint (https://registry.npmjs.org, at
 * `/-/npm/v1/attestations/`), else null. A mirror that copies npm's packuments but serves no
 * attestations (Verdaccio has no such endpoint) answers 404 at the mirror's copy of that path;
 * npm's registry is then asked, the one host a packument can name for it. Any other host named is
 * never asked.
 */
function npmAttestationsUrl(advertised: string): string | null {
  let url: URL;
  try {
    url = new URL(advertised);
  } catch {
    return null;
  }
  return url.protocol === 'https:' && url.hostname === NPM_REGISTRY_HOST && url.port === '' && url.pathname.startsWith('/-/npm/v1/attestations/') ? url.href : null;
}

/**
 * A registry that serves the right bytes for the wrong package is caught by its own package.json.
 * A tarball without a readable one is not an npm package, so it is refused rather than unchecked.
 */
function checkPackageJson(entries: FetchedSkill['entries'], resolved: ResolvedSkill): void {
  const label = `${resolved.name}@${resolved.version}`;
  const pj = entries.find((e) => e.path === 'package.json');
  let doc: { name?: unknown; version?: unknown } | null = null;
  try {
    doc = pj?.data ? (JSON.parse(pj.data.toString('utf8')) as { name?: unknown; version?: unknown }) : null;
  } catch {
    doc = null;
  }
  if (doc === null || typeof doc !== 'object') {
    throw new SkillpinError('EMANIFEST', `${label}: the tarball has no readable package/package.json`, {
      skill: resolved.name,
      hint: 'An npm-protocol skill is an `npm pack` tarball; without package.json its name and version cannot be checked. Nothing was installed.',
    });
  }
  if (doc.name !== resolved.name || doc.version !== resolved.version) {
    throw new SkillpinError('EINTEGRITY', `${resolved.name}@${resolved.version}: the tarball's package.json says ${String(doc.name)}@${String(doc.version)}`, {
      skill: resolved.name,
      hint: 'The registry served a tarball of another package or version; nothing was installed.',
    });
  }
}
