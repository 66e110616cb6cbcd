// One HTTP client for every request skillpin makes: packuments, tarballs, attestations documents,
// ClawHub's API and zips go through make-fetch-happen, the client under npm itself. Its agent
// (@npmcli/agent) honours HTTPS_PROXY, HTTP_PROXY, PROXY and NO_PROXY (any case) as npm does, and
// keeps connections alive. Node 20's global fetch, which documents used before, ignores those
// variables: behind a mandatory proxy `skill add` reached the tarballs but not the packument that
// names them. Redirects are followed by hand (fetchFollowing), so a token goes only where it belongs.
//
// Callers read answers through `HttpResponse`, the part a minipass-fetch Response and a web
// Response share, so tests may inject a fetch of their own. Retries, deadlines and size caps
// stay with the callers.

import { SkillpinError, messageOf } from '../errors.js';
import { lazyRequire } from '../lazy.js';

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

/** Loaded with the first request: commands that send none never pay for it. */
const makeFetchHappen = lazyRequire<(url: string, opts: Record<string, unknown>) => Promise<HttpResponse>>('make-fetch-happen');

/**
 * GET or POST `url` through make-fetch-happen: the environment's proxy settings apply, no cache,
 * no retries (each caller retries under its own deadline), and a redirect is an answer like any
 * other (fetchFollowing decides which to follow and with what credential). Its Response is
 * read as it is: wrapping it in a web Response cost 0.35 ms of CPU per request (1,000
 * attestations documents in a cold install), more than the client itself adds over Node's fetch.
 */
export async function httpFetch(url: string, init: HttpInit): Promise<HttpResponse> {
  // Destroying a minipass body does not always reach the socket (a gunzipped body is another
  // stream); aborting the request does.
  const stop = new AbortController();
  const res = await makeFetchHappen()(url, {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    ...(init.body !== undefined ? { body: init.body } : {}),
    redirect: 'manual',
    signal: init.signal ? AbortSignal.any([init.signal, stop.signal]) : stop.signal,
    retry: false,
  });
  const body = res.body as (HttpBody & { on?: (event: 'error', listener: () => void) => void }) | null;
  const discard = () => {
    // The abort emits an error on the body; with no reader left, nobody else would listen.
    body?.on?.('error', ignore);
    stop.abort();
  };
  return { status: res.status, headers: res.headers, body, discard };
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

/** `value` with any credentials of a URL replaced by `***` (a proxy URL may carry a password). */
function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (!url.username && !url.password) return value;
    url.username = url.username ? '***' : '';
    url.password = url.password ? '***' : '';
    return url.href;
  } catch {
    return value;
  }
}

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
