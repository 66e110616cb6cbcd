// One HTTP client for every request skillpin makes: packuments, tarballs, attestations documents,
// ClawHub's API and zips go through Node's http/https with npm's own agent (@npmcli/agent, the one
// under make-fetch-happen and so under npm itself). It honours HTTPS_PROXY, HTTP_PROXY, PROXY and
// NO_PROXY (any case) as npm does, and keeps connections alive. Node 20's global fetch, which
// documents used before, ignores those variables: behind a mandatory proxy `skill add` reached the
// tarballs but not the packument that names them. Redirects are followed by hand (fetchFollowing),
// so a token goes only where it belongs.
//
// make-fetch-happen itself, used here before, added nothing these requests use (its cache,
// retries and redirects were all off) and cost ~0.8 ms of CPU a request over this client: 0.8 s of
// the main thread's ~7 s in a cold install of 1,000 skills (docs/performance.md), and ~70 ms more
// to load.
//
// Callers read answers through `HttpResponse`, the part this client's answer and a web Response
// share, so tests may inject a fetch of their own. Retries, deadlines and size caps stay with the
// callers.

import type { Agent, ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { SkillpinError, messageOf } from '../errors.js';
import { lazyRequire } from '../lazy.js';
import { withoutCredentials } from '../ui/index.js';

/** What callers pass: a subset of RequestInit that both clients understand the same way. */
export interface HttpInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** A response body: chunks to iterate once; `destroy` (minipass) or `cancel` (web) stops it. */
export interface HttpBody extends AsyncIterable<Uint8Array> {
  destroy?: () => void;
  cancel?: () => Promise<void>;
}

/** An answer as callers read it: `httpFetch` gives one, and a web Response is one too. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: HttpBody | null;
  /** Abort the request, closing its connection (httpFetch's answers; see discardBody). */
  readonly discard?: () => void;
}

/** A fetch that returns a redirect as an answer, never following it (httpFetch, or a test's fake). */
export type HttpFetch = (url: string, init: HttpInit) => Promise<HttpResponse>;

// Loaded with the first request: commands that send none never pay for them.
const agentLib = lazyRequire<{ getAgent: (url: string, opts: Record<string, unknown>) => Agent & { protocol: string } }>('@npmcli/agent');
const httpLib = lazyRequire<typeof import('node:http')>('node:http');
const httpsLib = lazyRequire<typeof import('node:https')>('node:https');

/**
 * The agent of each origin this process asked for. Its choice depends on the URL's protocol and
 * host only (NO_PROXY matches hosts; the proxy variables are read once, when @npmcli/agent loads),
 * so it is looked up once per origin: getAgent normalises its options and builds a cache key
 * from them on every call (15-35 µs a request here).
 */
const agents = new Map<string, Agent>();

/**
 * npm's agent for `url`: it picks the proxy (or none, under NO_PROXY) and pools connections per
 * origin. Each agent it hands out serves one protocol (its cache key includes it), but the
 * agent-base class under it works out that protocol by capturing and searching a stack trace every
 * time Node's request reads `agent.protocol`, three times a request (~0.13 ms); it is set here,
 * through agent-base's own setter, to the protocol it would have found. `url` is http: or https:
 * (httpFetch refuses any other first: an ftp: URL would get the agent of http: URLs).
 */
function agentFor(url: URL): Agent {
  const known = agents.get(url.origin);
  if (known !== undefined) return known;
  const agent = agentLib().getAgent(url.href, {});
  agent.protocol = url.protocol;
  agents.set(url.origin, agent);
  return agent;
}

/** A header's value as the Fetch API's Headers.get gives it: repeated fields joined with ", ". */
function headerOf(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The body as sent, decoded when the server compressed it (Accept-Encoding below). An answer that
 * has no body (204, 304) is not decoded whatever its headers say: an empty gzip stream is an error.
 */
function decoded(res: IncomingMessage): HttpBody & NodeJS.ReadableStream {
  if (res.statusCode === 204 || res.statusCode === 304) return res;
  const encoding = (headerOf(res.headers, 'content-encoding') ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : null;
  if (decoder === null) return res;
  // A failure on either side ends the other: a reader of the decoder sees the error.
  res.on('error', (err) => decoder.destroy(err));
  decoder.on('close', () => res.destroy());
  return res.pipe(decoder);
}

/**
 * GET or POST `url` with npm's agent (above): the environment's proxy settings apply, no cache,
 * no retries (each caller retries under its own deadline), and a redirect is an answer like any
 * other (fetchFollowing decides which to follow and with what credential). A body the server
 * compressed (gzip, deflate or br, as npm's client accepts) is decoded; `content-length` stays the
 * length sent, as with fetch.
 */
export async function httpFetch(url: string, init: HttpInit): Promise<HttpResponse> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new TypeError(`only http and https URLs can be fetched, not ${target.protocol} (${target.origin})`);
  const agent = agentFor(target);
  const options: RequestOptions = {
    method: init.method ?? 'GET',
    headers: { 'accept-encoding': 'gzip, deflate, br', ...init.headers },
    agent,
    ...(init.signal ? { signal: init.signal } : {}),
  };
  let req: ClientRequest | undefined;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    try {
      req = (target.protocol === 'https:' ? httpsLib() : httpLib()).request(target, options, resolve);
    } catch (err) {
      // An option Node refuses (a header with a line break): nothing was sent.
      reject(err);
      return;
    }
    req.on('error', reject);
    req.end(init.body);
  });
  const body = decoded(res);
  const discard = () => {
    // Destroying the request ends it and its connection, which the agent then does not reuse
    // (what aborting its signal does; a controller and AbortSignal.any per request cost ~25 µs);
    // the body's error then has no reader left, so nobody else would listen.
    body.on('error', ignore);
    res.on('error', ignore);
    req?.destroy();
  };
  return { status: res.statusCode ?? 0, headers: { get: (name) => headerOf(res.headers, name) }, body, discard };
}

/** Why a redirect was not followed (see fetchFollowing); callers word it for their registry. */
export class RedirectRefused extends Error {
  constructor(
    readonly reason: 'too-many' | 'not-http' | 'downgrade',
    readonly target: string,
  ) {
    super(reason === 'too-many' ? 'redirected too many times' : reason === 'not-http' ? 'redirected to a non-http URL' : `redirected from https to plain http (${new URL(target).origin}); refused`);
    this.name = 'RedirectRefused';
  }
}

/**
 * Request `url` and follow up to `maxRedirects` redirects by hand, so a credential goes only where
 * it belongs: `authorize(url)` gives the `authorization` header for each hop (none when it returns
 * undefined), so a redirect to another host carries no token. A redirect to anything but
 * http(s), from https to plain http, or past the limit is refused (RedirectRefused). Returns the
 * final answer, which is not a redirect, and whether it was asked with a credential.
 */
export async function fetchFollowing(
  fetchImpl: HttpFetch,
  url: string,
  init: HttpInit,
  authorize: (url: URL) => string | undefined,
  maxRedirects: number,
): Promise<{ res: HttpResponse; authorized: boolean }> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const credential = authorize(current);
    const headers = credential === undefined ? init.headers : { ...init.headers, authorization: credential };
    const res = await fetchImpl(current.href, { ...init, ...(headers ? { headers } : {}) });
    const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
    if (!location) return { res, authorized: credential !== undefined };
    await discardBody(res);
    const next = new URL(location, current);
    if (hop >= maxRedirects) throw new RedirectRefused('too-many', next.href);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new RedirectRefused('not-http', next.href);
    if (current.protocol === 'https:' && next.protocol === 'http:') throw new RedirectRefused('downgrade', next.href);
    current = next;
  }
}

const ignore = (): void => undefined;

/** Stop reading `res`'s body and close its connection (an unwanted or over-long body). */
export async function discardBody(res: HttpResponse): Promise<void> {
  if (res.discard) return res.discard();
  const body = res.body;
  if (body === null) return;
  if (typeof body.destroy === 'function') body.destroy();
  else await body.cancel?.().catch(() => undefined);
}

const PROXY_VARIABLE = /^(https?_proxy|proxy|no_proxy)$/i;

/**
 * The proxy variables set in this environment, for messages about a request that failed
 * (`HTTPS_PROXY=http://proxy:3128, NO_PROXY=.corp`; credentials hidden), or null when none is.
 */
export function proxySettings(): string | null {
  const set = Object.entries(process.env)
    .filter(([key, value]) => value && PROXY_VARIABLE.test(key))
    .map(([key, value]) => `${key}=${withoutCredentials(value as string)}`)
    .sort();
  return set.length > 0 ? set.join(', ') : null;
}

/** A hint's second sentence when a request failed with proxy settings in effect; '' without any. */
export function proxyHint(): string {
  const settings = proxySettings();
  return settings ? ` Requests go through the proxy settings in the environment (${settings}): check them too.` : '';
}

/** OpenSSL's and Node's codes for a certificate this process does not trust or that does not fit. */
const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * For a request that failed on the server's TLS certificate: what to do about it (a retry never
 * helps); null for any other failure.
 */
export function tlsTrustHint(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !TLS_TRUST_CODES.has(code)) return null;
  return `The server's TLS certificate is not trusted here (${code}). If a proxy or a private CA signs it, give Node that CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; never switch verification off.${proxyHint()}`;
}

/**
 * For an https:// request whose server answered the TLS handshake in plain HTTP (OpenSSL's "wrong
 * version number": an https:// URL for an http-only server, such as a local registry): the reason
 * and the fix; null for any other failure. A retry never helps, so callers fail at once.
 */
export function plainHttpServer(err: unknown, url: string, setting = '--registry, SKILL_REGISTRY or "registry" in .clawhub/config.json'): { reason: string; hint: string } | null {
  const e = err as { code?: unknown; reason?: unknown; message?: unknown } | null;
  const wrongVersion = e?.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || (e?.code === 'EPROTO' && typeof e.message === 'string' && /wrong version number/i.test(e.message));
  if (!wrongVersion) return null;
  let origin = url;
  let plain = url;
  let loopback = false;
  try {
    const u = new URL(url);
    origin = `${u.protocol}//${u.host}`;
    plain = `http://${u.host}/`;
    loopback = isLoopbackHost(u.hostname);
  } catch {
    // not a URL: name it as given
  }
  const reason = `${origin} does not speak TLS (it answered the https:// request in plain HTTP)`;
  const hint = loopback
    ? `A loopback or development registry that serves plain HTTP is reached with http://: use ${plain} (${setting}).`
    : `Check the URL and port: this server answers in plain HTTP. A remote registry should be reached over https:// (its TLS port); use ${plain} (${setting}) only for a registry you serve yourself on a trusted network.${proxyHint()}`;
  return { reason, hint };
}

/**
 * A host name of this machine as URL parsing writes it: `localhost`, 127.0.0.0/8 (any IPv4 form
 * of it, which the parser writes dotted) or `[::1]`. Anything else, `localhost.example` or
 * `127.0.0.1.nip.io` included, is another host.
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Where a request to `url` would cross the network unencrypted, or null when it would not: plain
 * http to a host that is not this machine (`url`'s origin), or plain http to this machine through a
 * proxy elsewhere that is not reached over https (the proxy, shown without its password), which
 * reads the request as sent. A bearer token never goes there (its variable is refused first).
 */
export function clearTextHop(url: URL): string | null {
  if (url.protocol !== 'http:') return null;
  if (!isLoopbackHost(url.hostname)) return url.origin;
  let proxy: URL | undefined;
  try {
    proxy = (agentFor(url) as { proxy?: { url?: URL } }).proxy?.url;
  } catch (err) {
    if (isProxySettingError(err)) throw proxySettingError(err);
    throw err;
  }
  return proxy !== undefined && proxy.protocol !== 'https:' && !isLoopbackHost(proxy.hostname) ? `the proxy ${withoutCredentials(proxy.href)}` : null;
}

/** True when requests to `url` cross the network in clear (clearTextHop), where no token goes. */
export function inClear(url: string): boolean {
  try {
    return clearTextHop(new URL(url)) !== null;
  } catch {
    return false;
  }
}

/** A proxy URL the HTTP agent cannot use (an unknown protocol): a setting to fix, not a retry. */
export function isProxySettingError(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'EINVALIDPROXY';
}

/** The error for a proxy setting the HTTP agent refused (see isProxySettingError). */
export function proxySettingError(err: unknown): SkillpinError {
  return new SkillpinError('ECONFIG', `the proxy setting cannot be used: ${messageOf(err)}`, {
    hint: `Fix or unset the proxy variables (${proxySettings() ?? 'none set'}); an http://, https:// or socks:// URL is expected.`,
  }, { cause: err });
}
