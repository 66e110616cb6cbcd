// One HTTP client for every request skillpin makes: packuments, attestations documents, ClawHub's
// API and zips go through make-fetch-happen, the client npm itself uses and that tarball downloads
// already reach through npm-registry-fetch. Its agent (@npmcli/agent) honours HTTPS_PROXY,
// HTTP_PROXY, PROXY and NO_PROXY (any case) as npm does, and keeps connections alive. Node 20's
// global fetch ignores those variables: behind a mandatory proxy `skill add` reached the tarballs
// but not the packument that names them.
//
// Answers come back as web `Response`s, so callers read them one way whatever the client (tests
// inject a fetch of their own). Retries, deadlines and size caps stay with the callers.

import { SkillpinError, messageOf } from '../errors.js';
import { lazyRequire } from '../lazy.js';

/** What callers pass: a subset of RequestInit that both clients understand the same way. */
export interface HttpInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  redirect?: 'follow' | 'manual';
  signal?: AbortSignal;
}

/** The shape of a fetch: the global one is one, and so is `httpFetch`. */
export type HttpFetch = (url: string, init: HttpInit) => Promise<Response>;

/** The part of a minipass-fetch body read here: an async-iterable stream that can be destroyed. */
interface MinipassBody extends AsyncIterable<Buffer | string> {
  destroy?: (err?: Error) => void;
}

interface MfhResponse {
  status: number;
  statusText: string;
  headers: Iterable<[string, string]>;
  body: MinipassBody | null;
}

type MakeFetchHappen = (url: string, opts: Record<string, unknown>) => Promise<MfhResponse>;

/** Loaded with the first request, like npm-registry-fetch: commands that send none never pay for it. */
const makeFetchHappen = lazyRequire<MakeFetchHappen>('make-fetch-happen');

/** Statuses whose Response may not carry a body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * GET or POST `url` through make-fetch-happen: the environment's proxy settings apply, no cache,
 * no retries (each caller retries under its own deadline), redirects as asked.
 */
export async function httpFetch(url: string, init: HttpInit): Promise<Response> {
  const res = await makeFetchHappen()(url, {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    ...(init.body !== undefined ? { body: init.body } : {}),
    redirect: init.redirect ?? 'follow',
    signal: init.signal,
    retry: false,
  });
  const body = NULL_BODY.has(res.status) || res.body === null ? null : webStream(res.body);
  return new Response(body, { status: res.status, statusText: res.statusText, headers: [...res.headers] });
}

/**
 * A web stream over a minipass body, pulled one chunk at a time (no buffering ahead of the
 * reader, so a size cap stops the download where it is). Cancelling it destroys the body, which
 * closes the connection.
 */
function webStream(body: MinipassBody): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? Buffer.from(value) : value);
      },
      cancel() {
        body.destroy?.();
      },
    },
    { highWaterMark: 0 },
  );
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
