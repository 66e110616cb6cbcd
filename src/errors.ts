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
  | 'EPOLICY';

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

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.skill !== undefined) out.skill = this.skill;
    if (this.hint !== undefined) out.hint = this.hint;
    for (const [k, v] of Object.entries(this.facts)) out[k] = v;
    return out;
  }
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
