// HTTP client for the ClawHub API: timeouts, bounded retries, size caps, and error mapping to
// EREGISTRY / ENOTFOUND. The bearer token is sent only to the registry's origin and never appears
// in an error (every text that leaves this module passes through `redact`).

import { SkillpinError } from '../../errors.js';
import { readBodyCapped } from '../body.js';
import { HANDLE_RE, SLUG_RE } from './spec.js';
import { fetchFollowing, httpFetch, inClear, isProxySettingError, plainHttpServer, RedirectRefused, proxyHint, proxySettingError, tlsTrustHint, type HttpFetch, type HttpResponse } from '../net.js';

export const MiB = 1024 * 1024;
export const JSON_MAX_BYTES = 16 * MiB;
export const ZIP_MAX_BYTES = 256 * MiB;

export interface ClawhubHttpOptions {
  baseUrl: string;
  /** Bearer token (CLAWHUB_TOKEN); optional for reads. */
  token?: string;
  /**
   * Set when CLAWHUB_TOKEN is set but belongs to another registry (the origin named here) and so
   * is not sent to this one: 401, 403 and 429 then say why instead of asking for a token.
   */
  tokenWithheldFor?: string;
  /** Whole-request timeout (headers and body), default 30 s. */
  timeoutMs?: number;
  /** Retries on 408, 5xx and network errors (not on 429), default 2, at most 2. */
  retries?: number;
  /** First retry delay, default 1000 ms; later ones grow ×3. */
  retryBaseDelayMs?: number;
  /** Cap for any retry delay, including a server's Retry-After, default 10 000 ms. */
  retryMaxDelayMs?: number;
  /** Replaceable for tests; defaults to `httpFetch` (npm's agent: proxy settings honoured). */
  fetchImpl?: HttpFetch;
  /** For messages: which skill the request is about. */
  userAgent?: string;
}

export interface RequestOptions {
  /** Skill named in errors. */
  skill?: string;
  /** When set, a 404 becomes ENOTFOUND with this message. */
  notFound?: string;
  /** Body size cap; JSON defaults to 16 MiB. */
  maxBytes?: number;
  /** What a body over maxBytes is called in the error (default: this request's answer). */
  tooLarge?: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  accept?: string;
}

const MAX_REDIRECTS = 5;
const RETRY_STATUSES = new Set([408, 500, 502, 503, 504]);

export class ClawhubHttp {
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #tokenWithheldFor: string | undefined;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #baseDelay: number;
  readonly #maxDelay: number;
  readonly #fetch: HttpFetch;
  readonly #userAgent: string;

  constructor(opts: ClawhubHttpOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.#token = opts.token && opts.token.length > 0 ? opts.token : undefined;
    this.#tokenWithheldFor = this.#token ? undefined : opts.tokenWithheldFor;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#retries = Math.min(Math.max(opts.retries ?? 2, 0), 2);
    this.#baseDelay = opts.retryBaseDelayMs ?? 1000;
    this.#maxDelay = opts.retryMaxDelayMs ?? 10_000;
    this.#fetch = opts.fetchImpl ?? httpFetch;
    this.#userAgent = opts.userAgent ?? 'skillpin';
  }

  /** Remove the token (and any bearer credential) from a text before it is shown anywhere. */
  redact(text: string): string {
    let out = text;
    if (this.#token) out = out.split(this.#token).join('***');
    return out.replace(/(Bearer\s+)[^\s"']+/gi, '$1***');
  }

  /** URL for an API path with query parameters (undefined values dropped). */
  url(path: string, query: Record<string, string | undefined> = {}): string {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    return url.toString();
  }

  async json(url: string, opts: RequestOptions = {}): Promise<unknown> {
    return (await this.jsonSized(url, opts)).body;
  }

  /** As json, with the size of the body read (for caps over several requests). */
  async jsonSized(url: string, opts: RequestOptions = {}): Promise<{ body: unknown; size: number }> {
    const { bytes } = await this.request(url, { accept: 'application/json', ...opts, maxBytes: opts.maxBytes ?? JSON_MAX_BYTES });
    try {
      return { body: JSON.parse(bytes.toString('utf8')) as unknown, size: bytes.length };
    } catch {
      throw this.#error(`ClawHub ${describe(url)} returned a body that is not JSON`, opts, url);
    }
  }

  async bytes(url: string, opts: RequestOptions = {}): Promise<Buffer> {
    const { bytes } = await this.request(url, { accept: 'application/zip, application/octet-stream', ...opts, maxBytes: opts.maxBytes ?? ZIP_MAX_BYTES });
    return bytes;
  }

  /**
   * One logical request: retries around `#once`; only retryable failures are repeated. One
   * deadline (timeoutMs) covers every attempt and the pauses between them, as for npm registries:
   * a stalled ClawHub is answered within network.timeoutMs, not (1 + retries) times it.
   */
  async request(url: string, opts: RequestOptions): Promise<{ status: number; bytes: Buffer }> {
    const deadline = AbortSignal.timeout(this.#timeoutMs);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#once(url, opts, deadline);
      if (outcome.kind === 'ok') return { status: outcome.status, bytes: outcome.bytes };
      if (outcome.kind === 'fatal' || attempt >= this.#retries || deadline.aborted) throw outcome.error;
      await sleep(this.#delay(attempt, outcome.retryAfterMs));
      if (deadline.aborted) throw outcome.error;
    }
  }

  #delay(attempt: number, retryAfterMs: number | undefined): number {
    const planned = retryAfterMs ?? this.#baseDelay * 3 ** attempt;
    return Math.max(0, Math.min(planned, this.#maxDelay));
  }

  async #once(
    startUrl: string,
    opts: RequestOptions,
    signal: AbortSignal,
  ): Promise<
    | { kind: 'ok'; status: number; bytes: Buffer }
    | { kind: 'retry'; error: SkillpinError; retryAfterMs?: number }
    | { kind: 'fatal'; error: SkillpinError }
  > {
    const registryOrigin = new URL(this.baseUrl).origin;
    const bearer = this.#token ? `Bearer ${this.#token}` : undefined;
    try {
      const headers: Record<string, string> = { accept: opts.accept ?? '*/*', 'user-agent': this.#userAgent };
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] = 'application/json';
      }
      // The token goes to the registry's own origin only, never to a redirect target elsewhere.
      const { res } = await fetchFollowing(this.#fetch, startUrl, { method: opts.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}), signal }, (u) => (u.origin === registryOrigin ? bearer : undefined), MAX_REDIRECTS);
      if (res.status >= 200 && res.status < 300) {
        const bytes = await readBodyCapped(res, opts.maxBytes ?? JSON_MAX_BYTES, () =>
          this.#error(opts.tooLarge ?? `ClawHub ${describe(startUrl)} sent more than ${opts.maxBytes ?? JSON_MAX_BYTES} bytes; refused`, opts, startUrl),
        );
        return { kind: 'ok', status: res.status, bytes };
      }
      const text = await readBodyCapped(res, 64 * 1024, null).then(
        (b) => b.toString('utf8'),
        () => '',
      );
      return this.#statusOutcome(res, text, startUrl, opts);
    } catch (err) {
      if (err instanceof SkillpinError) return { kind: 'fatal', error: err };
      if (err instanceof RedirectRefused) {
        return { kind: 'fatal', error: this.#error(`ClawHub ${describe(startUrl)} ${err.message}`, opts, startUrl) };
      }
      if (isProxySettingError(err)) return { kind: 'fatal', error: proxySettingError(err) };
      const tls = tlsTrustHint(err);
      if (tls !== null) return { kind: 'fatal', error: this.#error(`could not reach ClawHub for ${describe(startUrl)}: ${networkReason(err)}`, opts, startUrl, { hint: tls }) };
      const plain = plainHttpServer(err, startUrl, 'sources.clawhub.url or CLAWHUB_REGISTRY');
      if (plain !== null) return { kind: 'fatal', error: this.#error(`could not reach ClawHub for ${describe(startUrl)}: ${plain.reason}`, opts, startUrl, { hint: plain.hint }) };
      const timedOut = signal.aborted;
      const reason = timedOut ? `no answer within ${this.#timeoutMs} ms` : networkReason(err);
      const hint = timedOut
        ? `ClawHub (${this.baseUrl}) is stalled or too slow. Retry later, or raise network.timeoutMs in .clawhub/config.json (or SKILL_TIMEOUT_MS).${proxyHint()}`
        : `Check the network and the ClawHub URL (${this.baseUrl}); set sources.clawhub.url or CLAWHUB_REGISTRY to use another registry.${proxyHint()}`;
      return { kind: 'retry', error: this.#error(`could not reach ClawHub for ${describe(startUrl)}: ${reason}`, opts, startUrl, { hint }) };
    }
  }

  #statusOutcome(
    res: HttpResponse,
    text: string,
    url: string,
    opts: RequestOptions,
  ): { kind: 'retry'; error: SkillpinError; retryAfterMs?: number } | { kind: 'fatal'; error: SkillpinError } {
    const status = res.status;
    const excerpt = this.redact(text.replace(/\s+/g, ' ').trim().slice(0, 400));
    const suffix = excerpt ? `: ${excerpt}` : '';
    if (status === 404 && opts.notFound) {
      return {
        kind: 'fatal',
        error: new SkillpinError('ENOTFOUND', this.redact(opts.notFound), {
          skill: opts.skill,
          url: this.redact(url),
          status,
          hint: 'Check the slug, the owner handle and the version. `skill add clawhub:@owner/slug` without a version names the latest one in its review, and installs nothing unless you confirm that exact version.',
        }),
      };
    }
    const ambiguous = ambiguousSlug(text);
    if (ambiguous) {
      // A bare slug two owners publish (one given up and taken, a copycat): ClawHub will not choose,
      // and neither does skillpin; the registry is fine, the spec must name the owner.
      const refs = ambiguous.map((m) => this.redact(m)).slice(0, 8);
      return {
        kind: 'fatal',
        error: new SkillpinError('EUSAGE', `ClawHub has more than one skill by that slug (${status}): ${refs.length ? refs.join(', ') : 'it names none of them'}${ambiguous.length > 8 ? ` and ${ambiguous.length - 8} more` : ''}`, {
          skill: opts.skill,
          url: this.redact(url),
          status,
          matches: refs,
          hint: `Name the owner you mean, after checking who publishes it: clawhub:${refs[0] ?? '@owner/slug'}@<version>. A lock entry that records no owner cannot be told apart: skill remove it, then skill add the owner-qualified spec.`,
        }),
      };
    }
    if (status === 429) {
      const reset = rateLimitReset(res.headers, Date.now());
      const when = reset ? `resets in ${reset.inSeconds} s (at ${reset.at})` : 'reset time not given';
      return {
        kind: 'fatal',
        error: this.#error(`ClawHub rate limit reached for ${describe(url)} (429); ${when}`, opts, url, {
          status,
          resetAt: reset?.at,
          hint: this.#token
            ? `Wait until ${reset?.at ?? 'the limit resets'} and try again.`
            : `Wait until ${reset?.at ?? 'the limit resets'} and try again, or ${this.#tokenAdvice()} for higher rate limits.`,
        }),
      };
    }
    const friendly =
      status === 401 || status === 403
        ? this.#token
          ? 'the token in CLAWHUB_TOKEN was refused'
          : `the registry wants a token; ${this.#tokenAdvice()}`
        : undefined;
    const error = this.#error(`ClawHub ${describe(url)} failed (${status})${friendly ? ` (${friendly})` : ''}${suffix}`, opts, url, { status });
    if (RETRY_STATUSES.has(status)) {
      const retryAfterMs = retryAfter(res.headers, Date.now());
      return retryAfterMs === undefined ? { kind: 'retry', error } : { kind: 'retry', error, retryAfterMs };
    }
    return { kind: 'fatal', error };
  }

  /** How to get a token sent to this registry. */
  #tokenAdvice(): string {
    // Naming CLAWHUB_REGISTRY for a ClawHub reached in clear would lead to the next refusal.
    if (inClear(this.baseUrl)) return `reach ${this.baseUrl} over https (CLAWHUB_REGISTRY=${this.baseUrl.replace(/^http:/, 'https:')}) with CLAWHUB_TOKEN set: a token is never sent over plain http across the network`;
    return this.#tokenWithheldFor
      ? `CLAWHUB_TOKEN is sent only to ${this.#tokenWithheldFor}, the ClawHub the environment names; set CLAWHUB_REGISTRY=${this.baseUrl} to send it here`
      : 'set CLAWHUB_TOKEN';
  }

  #error(message: string, opts: RequestOptions, url: string, facts: Record<string, unknown> = {}): SkillpinError {
    return new SkillpinError('EREGISTRY', this.redact(message), {
      skill: opts.skill,
      url: this.redact(url),
      hint: `The ClawHub registry at ${this.baseUrl} did not give a usable answer; try again later or check sources.clawhub.url / CLAWHUB_REGISTRY.`,
      ...facts,
    });
  }
}

/**
 * The owner-qualified refs of ClawHub's `AMBIGUOUS_SKILL_SLUG` answer (`{code, message, matches:
 * [{ownerHandle, slug, ref, url}]}`, status 409), each checked against the handle and slug rules;
 * null for any other body.
 */
function ambiguousSlug(text: string): string[] | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || (body as { code?: unknown }).code !== 'AMBIGUOUS_SKILL_SLUG') return null;
  const matches = (body as { matches?: unknown }).matches;
  const refs: string[] = [];
  for (const m of Array.isArray(matches) ? (matches as unknown[]) : []) {
    if (typeof m !== 'object' || m === null) continue;
    const { ownerHandle, slug } = m as { ownerHandle?: unknown; slug?: unknown };
    if (typeof ownerHandle !== 'string' || typeof slug !== 'string') continue;
    const owner = ownerHandle.toLowerCase();
    if (HANDLE_RE.test(owner) && SLUG_RE.test(slug)) refs.push(`@${owner}/${slug.toLowerCase()}`);
  }
  return [...new Set(refs)].sort();
}

/** `GET /api/v1/skills/x` style label for messages (no query: it may name owner handles only). */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/** A network failure in words, with its system code (on the error, or on its cause for the global fetch). */
function networkReason(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const own = (err as { code?: unknown }).code;
    const code = typeof own === 'string' ? own : cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
    return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}

/** Retry-After as a delay in ms (seconds or an HTTP date). */
export function retryAfter(headers: HttpResponse['headers'], now: number): number | undefined {
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * When a 429 resets, from `X-RateLimit-Reset` (epoch seconds), `RateLimit-Reset` (delay seconds)
 * or `Retry-After`, in that order.
 */
export function rateLimitReset(headers: HttpResponse['headers'], now: number): { at: string; inSeconds: number } | undefined {
  let atMs: number | undefined;
  const epoch = Number(headers.get('x-ratelimit-reset') ?? NaN);
  if (Number.isFinite(epoch) && epoch > 0) atMs = epoch * 1000;
  if (atMs === undefined) {
    const delay = Number(headers.get('ratelimit-reset') ?? NaN);
    if (Number.isFinite(delay) && delay >= 0) atMs = now + delay * 1000;
  }
  if (atMs === undefined) {
    const ra = retryAfter(headers, now);
    if (ra !== undefined) atMs = now + ra;
  }
  if (atMs === undefined) return undefined;
  return { at: new Date(atMs).toISOString(), inSeconds: Math.max(0, Math.ceil((atMs - now) / 1000)) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
