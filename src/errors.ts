// One error type for the whole library: a stable code, the facts, and the fix (`hint`).
// The CLI maps codes to exit statuses (DESIGN §3.5); callers branch on `code`, never on text.

export type ErrorCode =
  | 'EUNPINNED'
  | 'EINTEGRITY'
  | 'EPROVENANCE'
  | 'EIDENTITY'
  | 'EDOWNGRADE'
  | 'ESANDBOX'
  | 'ETAMPERED'
  | 'ELOCKFILE'
  | 'ECONFIG'
  | 'EMANIFEST'
  | 'ERISK'
  | 'EREVIEW'
  | 'EREGISTRY'
  | 'ENOTFOUND'
  | 'EUSAGE'
  | 'EBUSY'
  | 'EINTERRUPTED'
  | 'EPOLICY'
  | 'EFS';

/** Exit statuses of DESIGN §3.5: 1 security check, 2 bad input, 3 review declined/needed. */
const EXIT_BY_CODE: Record<ErrorCode, number> = {
  EINTEGRITY: 1,
  EPROVENANCE: 1,
  EIDENTITY: 1,
  EDOWNGRADE: 1,
  ESANDBOX: 1,
  ETAMPERED: 1,
  ERISK: 1,
  EPOLICY: 1,
  EUNPINNED: 2,
  ELOCKFILE: 2,
  ECONFIG: 2,
  EMANIFEST: 2,
  EREGISTRY: 2,
  ENOTFOUND: 2,
  EUSAGE: 2,
  EBUSY: 2,
  EFS: 2,
  EREVIEW: 3,
  EINTERRUPTED: 130,
};

export interface ErrorFacts {
  /** The skill the error is about, when there is one. */
  skill?: string;
  /** What the person should do next. Printed under the message. */
  hint?: string;
  /** Any further facts (expected/found digests, paths, rule ids). Serialised in `--json`. */
  [key: string]: unknown;
}

export class SkillpinError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly skill: string | undefined;
  readonly facts: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, facts: ErrorFacts = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SkillpinError';
    this.code = code;
    const { hint, skill, ...rest } = facts;
    this.hint = hint;
    this.skill = skill;
    this.facts = rest;
  }

  get exitCode(): number {
    return exitCodeFor(this.code);
  }

  /**
   * The `--json` error document: code, message, skill, hint and the facts, as plain JSON only.
   * A raw Error (an errno object, a library's exception) is never serialised: its fields are not
   * documented, may carry stacks or host details, and change with Node; put the fact it holds
   * (`errno: 'ENOENT'`) in the facts instead, and the error itself in `options.cause`.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.skill !== undefined) out.skill = this.skill;
    if (this.hint !== undefined) out.hint = this.hint;
    for (const [k, v] of Object.entries(this.facts)) {
      const p = plainFact(v);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
}

/**
 * A fact as plain JSON (strings, finite numbers, booleans, null, arrays and plain objects of them),
 * or undefined to leave it out: Error objects anywhere in it, functions, symbols and bigints are
 * dropped; a value with its own toJSON (a Date) is taken as that.
 */
export function plainFact(v: unknown, depth = 0): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'object' || v instanceof Error || depth > 32) return undefined;
  if (Array.isArray(v)) return v.map((x) => plainFact(x, depth + 1)).filter((x) => x !== undefined);
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return plainFact(toJSON.call(v), depth + 1);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const p = plainFact(x, depth + 1);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

export function exitCodeFor(code: ErrorCode): number {
  return EXIT_BY_CODE[code];
}

export function isSkillpinError(err: unknown): err is SkillpinError {
  return err instanceof SkillpinError;
}

/** Narrow an unknown thrown value to a message without losing a SkillpinError's code. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * JSON.parse's complaint about a local file, without the file's text: for a character it did not
 * expect, V8 quotes up to twenty characters round it (`Unexpected token 'S', "SECRET_TOK"... is not
 * valid JSON`). A committed lock, config or trust file that is a link to /proc/self/environ or to a
 * key file printed the start of the secret in a CI log. Every other message names a position only.
 */
export function jsonSyntaxText(err: unknown): string {
  const message = messageOf(err);
  return /^Unexpected token\b/.test(message) ? 'a character JSON does not allow there (its text not shown)' : message;
}

const FS_HINTS: Record<string, string> = {
  EACCES: 'skillpin needs to read and write the workspace\'s .clawhub folder and the sandbox: check the owner and permissions of that path.',
  EPERM: 'skillpin needs to read and write the workspace\'s .clawhub folder and the sandbox: check the owner, permissions and attributes of that path.',
  EROFS: 'That path is on a read-only file system: run skillpin where the workspace and the sandbox can be written.',
  ENOSPC: 'The device is full: free some space (`skill cache prune` frees cached tarballs), then retry.',
  EDQUOT: 'A disk quota is exhausted: free some space (`skill cache prune` frees cached tarballs), then retry.',
  EMFILE: 'Too many files are open: raise the limit (`ulimit -n`), or lower --concurrency.',
  ENFILE: 'The system ran out of file handles: retry when fewer programs are running.',
  ENOTDIR: 'A part of that path is a file where a folder should be: check --cwd and the "sandbox" and cache settings.',
  EISDIR: 'That path is a folder where a file should be: move it aside, then retry.',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EADDRINUSE', 'EADDRNOTAVAIL']);
const FS_SYSCALLS = new Set(['open', 'close', 'read', 'write', 'fstat', 'fsync', 'fdatasync', 'ftruncate', 'futime', 'fchmod']);

/**
 * A file-system error of Node (`EACCES`, `ENOSPC`, ...) that reached the top, as an `EFS` error
 * naming the operation, the path and the fix; null for anything else. Such an error is the
 * machine's, not a bug of skillpin's, so it gets a stable code and exit 2 like other bad input.
 */
export function fileSystemError(err: unknown): SkillpinError | null {
  if (!(err instanceof Error)) return null;
  const e = err as NodeJS.ErrnoException & { info?: { code?: unknown } };
  // Node's SystemError for some calls (rm of a folder: ERR_FS_EISDIR) keeps the errno's code in `info`.
  const code = typeof e.code === 'string' && e.code.startsWith('ERR_FS_') && typeof e.info?.code === 'string' ? e.info.code : e.code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code) || typeof e.syscall !== 'string') return null;
  // A socket's failure (connect, getaddrinfo, a reset read) or a program that would not start is
  // not the file system's: only a call on a path, or a file-system call, is.
  if (NETWORK_CODES.has(code) || e.syscall.startsWith('spawn') || (typeof e.path !== 'string' && !FS_SYSCALLS.has(e.syscall))) return null;
  const where = typeof e.path === 'string' ? ` ${e.path}` : '';
  return new SkillpinError('EFS', `${e.syscall}${where} failed: ${code}`, {
    hint: FS_HINTS[code] ?? 'The file system refused an operation skillpin needed: check the path, then retry.',
    errno: code,
    syscall: e.syscall,
    ...(typeof e.path === 'string' ? { path: e.path } : {}),
  }, { cause: err });
}
