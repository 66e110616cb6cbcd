// OpenClaw's install-policy protocol (reference §C): the request it writes on stdin, the answer it
// reads from stdout, and its limits. Parsing is strict: anything unexpected is an error, never allow.

import { isAbsolute } from 'node:path';
import { SkillpinError } from '../errors.js';
import { counted } from '../ui/index.js';
import type { Finding } from '../scan/index.js';

/** OpenClaw caps the request at this many bytes; a longer stdin is not from OpenClaw. */
export const MAX_REQUEST_BYTES = 262_144;
/** OpenClaw keeps at most this many findings; a `warn` with more fails closed. */
export const MAX_FINDINGS = 100;
/** OpenClaw cuts reason and finding text to this many characters. */
export const MAX_TEXT_CHARS = 1000;
/** OpenClaw fails a `warn` closed when its rendered notice is longer than this. */
export const MAX_NOTICE_CHARS = 4000;

export type Decision = 'allow' | 'warn' | 'block';

export interface InstallPolicyOrigin {
  type?: string;
  registry?: string;
  slug?: string;
  ownerHandle?: string;
  version?: string;
  /** GitHub-backed ClawHub installs (installKind "github"): the repository `owner/name`. */
  repo?: string;
  /** GitHub-backed ClawHub installs: the skill's folder inside the repository. */
  path?: string;
  /** GitHub-backed ClawHub installs: the full commit (40 lower-case hex digits; also sent as version). */
  commit?: string;
  /** GitHub-backed ClawHub installs: the skills.sh reference asked for, if any. */
  reference?: string;
  /** GitHub-backed ClawHub installs: ClawHub's trust label, e.g. "not-scanned-by-clawhub". */
  trustState?: string;
  [key: string]: unknown;
}

/** The GitHub source of a GitHub-backed ClawHub install, as the request names it. */
export interface GithubOrigin {
  repo: string;
  path: string;
  commit: string;
}

export interface InstallPolicyRequest {
  protocolVersion: 1;
  openclawVersion?: string;
  targetName: string;
  targetType: 'skill' | 'plugin';
  sourcePath: string;
  sourcePathKind?: string;
  source?: { kind?: string; authority?: string; [key: string]: unknown };
  origin: InstallPolicyOrigin;
  request?: { kind?: string; mode?: string; requestedSpecifier?: string; [key: string]: unknown };
  /** Skill requests: which installer; a dependency install also names the recipe OpenClaw will run. */
  skill?: { installId?: string; installSpec?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface OpenclawFinding {
  ruleId: string;
  severity: 'info' | 'warn' | 'critical';
  message: string;
  file?: string;
  line?: number;
  evidence?: string;
}

export interface InstallPolicyAnswer {
  protocolVersion: 1;
  decision: Decision;
  reason?: string;
  findings?: OpenclawFinding[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(why: string): never {
  throw new SkillpinError('EUSAGE', `install-policy request refused: ${why}`, {
    hint: 'This command reads the JSON request OpenClaw writes on stdin (security.installPolicy); run it from OpenClaw, or pipe such a request in.',
  });
}

/**
 * The first key that appears twice in one object of `text` (JSON), or null. JSON.parse keeps
 * the last of them silently; OpenClaw writes its request with JSON.stringify, which never repeats a
 * key, so a repeated one means the request is not OpenClaw's and two readers could disagree on it.
 * A loop with its own stack: the nesting depth of the text costs no call stack.
 */
export function duplicateKey(text: string): string | null {
  const objects: Array<Set<string> | null> = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      objects.push(new Set());
      keyNext = true;
    } else if (c === 0x5b) {
      objects.push(null);
      keyNext = false;
    } else if (c === 0x7d || c === 0x5d) {
      objects.pop();
      keyNext = false;
    } else if (c === 0x2c) {
      keyNext = objects.at(-1) instanceof Set;
    } else if (c === 0x22) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (j >= text.length) return null; // not JSON: JSON.parse has said so already
      if (keyNext) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const seen = objects.at(-1) as Set<string>;
        if (seen.has(key)) return key;
        seen.add(key);
        keyNext = false;
      }
      i = j;
    }
  }
  return null;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const COMMIT = /^[0-9a-f]{40}$/;
const GITHUB_FIELDS = ['repo', 'path', 'commit', 'reference', 'trustState'] as const;

/**
 * The fields OpenClaw 2026.9.6 adds to a ClawHub origin when ClawHub answers installKind "github"
 * (clawhub installGitHubResolution): strings, and a commit only as OpenClaw sends it, a full SHA-1
 * in lower case (it refuses any other ref and lower-cases it, assertInstallResolutionAllowed). A
 * commit without a repository, or a repository without a commit, is no request it writes.
 */
function checkGithubOriginFields(origin: Record<string, unknown>): void {
  for (const key of GITHUB_FIELDS) {
    const v = origin[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') bad(`origin.${key} must be a string`);
    if (CONTROL.test(v)) bad(`origin.${key} ${JSON.stringify(v)} holds a control character`);
  }
  if (origin.commit !== undefined && !COMMIT.test(origin.commit as string)) {
    bad(`origin.commit must be a full commit (40 lower-case hex digits), found ${JSON.stringify(origin.commit)}`);
  }
  if ((origin.commit === undefined) !== (origin.repo === undefined)) bad('origin.commit and origin.repo come together (a GitHub-backed ClawHub install names both)');
  if (origin.repo !== undefined && (origin.repo as string).trim() === '') bad('origin.repo must be a non-empty string');
}

/**
 * The GitHub source when the request is a GitHub-backed ClawHub install exactly as OpenClaw writes
 * it: origin type "clawhub", source kind "git", a full commit, and the version label equal to that
 * commit. Null otherwise; such a request's version is then compared with the pin like any other.
 * The parser has checked the fields' types and the commit's form.
 */
export function githubOrigin(req: InstallPolicyRequest): GithubOrigin | null {
  const o = req.origin;
  if (o.type !== 'clawhub' || req.source?.kind !== 'git') return null;
  if (typeof o.commit !== 'string' || !COMMIT.test(o.commit) || o.version !== o.commit) return null;
  if (typeof o.repo !== 'string' || o.repo.trim() === '') return null;
  return { repo: o.repo, path: typeof o.path === 'string' ? o.path : '', commit: o.commit };
}

/** Parse and validate OpenClaw's request. Throws EUSAGE naming the first bad field. */
export function parseInstallPolicyRequest(text: string): InstallPolicyRequest {
  if (Buffer.byteLength(text, 'utf8') > MAX_REQUEST_BYTES) bad(`the request is longer than ${MAX_REQUEST_BYTES} bytes`);
  if (text.trim() === '') bad('stdin is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    bad(`stdin is not JSON (${(err as Error).message})`);
  }
  if (!isObject(doc)) bad('the request must be a JSON object');
  const twice = duplicateKey(text);
  if (twice !== null) bad(`the key ${JSON.stringify(twice)} appears twice in one object`);
  if (doc.protocolVersion !== 1) bad(`protocolVersion must be 1, found ${JSON.stringify(doc.protocolVersion)}`);
  if (typeof doc.targetName !== 'string' || doc.targetName.trim() === '') bad('targetName must be a non-empty string');
  // OpenClaw names a skill by its slug or SKILL.md name; a control character in it is no name it sends.
  if (CONTROL.test(doc.targetName)) bad(`targetName ${JSON.stringify(doc.targetName)} holds a control character`);
  if (doc.targetType !== 'skill' && doc.targetType !== 'plugin') bad(`targetType must be "skill" or "plugin", found ${JSON.stringify(doc.targetType)}`);
  if (typeof doc.sourcePath !== 'string' || doc.sourcePath === '') bad('sourcePath must be a non-empty string');
  if (!isAbsolute(doc.sourcePath)) bad(`sourcePath must be absolute, found ${JSON.stringify(doc.sourcePath)}`);
  if (doc.sourcePathKind !== undefined && typeof doc.sourcePathKind !== 'string') bad('sourcePathKind must be a string');
  if (doc.origin !== undefined && !isObject(doc.origin)) bad('origin must be an object');
  const origin = (doc.origin ?? {}) as Record<string, unknown>;
  for (const key of ['type', 'registry', 'slug', 'ownerHandle', 'version'] as const) {
    if (origin[key] !== undefined && typeof origin[key] !== 'string') bad(`origin.${key} must be a string`);
  }
  if (origin.type === 'clawhub') checkGithubOriginFields(origin);
  if (doc.source !== undefined && !isObject(doc.source)) bad('source must be an object');
  if (doc.request !== undefined && !isObject(doc.request)) bad('request must be an object');
  for (const key of ['kind', 'mode', 'requestedSpecifier'] as const) {
    const v = (doc.request as Record<string, unknown> | undefined)?.[key];
    if (v !== undefined && typeof v !== 'string') bad(`request.${key} must be a string`);
  }
  if (doc.skill !== undefined && !isObject(doc.skill)) bad('skill must be an object');
  const skill = doc.skill as Record<string, unknown> | undefined;
  if (skill?.installId !== undefined && typeof skill.installId !== 'string') bad('skill.installId must be a string');
  if (skill?.installSpec !== undefined && !isObject(skill.installSpec)) bad('skill.installSpec must be an object');
  return { ...doc, origin } as InstallPolicyRequest;
}

/** Cut text to OpenClaw's limit the way it would, so what we send is what it shows. */
export function clipText(s: string, max = MAX_TEXT_CHARS): string {
  const flat = s.replace(/[\x00-\x08\x0b-\x1f\x7f]+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 3)}...`;
}

const SEVERITY: Record<Finding['severity'], OpenclawFinding['severity']> = { block: 'critical', warn: 'warn', info: 'info' };
const RANK: Record<OpenclawFinding['severity'], number> = { critical: 0, warn: 1, info: 2 };

/** One scanner finding in OpenClaw's shape. */
export function toOpenclawFinding(f: Finding): OpenclawFinding {
  const out: OpenclawFinding = {
    ruleId: clipText(f.rule),
    severity: SEVERITY[f.severity],
    message: clipText(f.message, 300),
  };
  if (f.file) out.file = clipText(f.file, 300);
  if (Number.isFinite(f.line)) out.line = Math.max(1, Math.floor(f.line));
  if (f.evidence && f.evidence.trim() !== '') out.evidence = clipText(f.evidence, 160);
  return out;
}

/**
 * The guidance OpenClaw 2026.9.6 adds under a `warn` notice when it measures it against
 * MAX_NOTICE_CHARS (install-security-scan INSTALL_POLICY_REVIEW_GUIDANCE), verbatim.
 */
export const OPENCLAW_WARN_GUIDANCE: readonly string[] = [
  'This invocation cannot approve install policy warnings.',
  'To continue:',
  '  • Run the matching direct `openclaw plugins ...` or `openclaw skills ...` command interactively.',
  '  • For reviewed direct CLI automation, add --acknowledge-install-policy-warning.',
  '  • If no equivalent direct command exists, change security.installPolicy to allow this reviewed request, then retry.',
  '  • --force does not approve install policy warnings.',
];

/**
 * How long text is once OpenClaw shows it (sanitizeTerminalText), at most: it writes tab, CR and
 * LF as two characters (`\t`, `\r`, `\n`) and drops other controls and ANSI sequences.
 */
function shownLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) n++;
  }
  return n;
}

/** The line OpenClaw prints for one finding (install-security-scan formatInstallPolicyFinding), and its newline. */
function renderedLength(f: OpenclawFinding): number {
  const location = f.file ? shownLength(f.file) + 3 + (f.line ? `:${f.line}`.length : 0) : 0; // " (file:line)"
  const evidence = f.evidence ? ' Evidence: '.length + shownLength(f.evidence) : 0;
  return '    • ['.length + f.severity.length + '] '.length + shownLength(f.ruleId) + ': '.length + shownLength(f.message) + location + evidence + 1;
}

/**
 * The length of the notice OpenClaw 2026.9.6 renders for a `warn` answer and fails closed above
 * MAX_NOTICE_CHARS (install-security-scan failOversizedInstallPolicyWarning): header, target,
 * reason, one line per finding, then its guidance. An upper bound: what OpenClaw strips is counted.
 */
export function warnNoticeLength(targetName: string, reason: string, findings: OpenclawFinding[]): number {
  const head = 'Install requires approval\n\n  Skill: '.length + shownLength(targetName) + '\n  Reason: '.length + shownLength(clipText(reason));
  const body = findings.length ? '\n  Findings:'.length + findings.reduce((n, f) => n + renderedLength(f), 0) : 0;
  const guidance = 1 + OPENCLAW_WARN_GUIDANCE.reduce((n, line) => n + 1 + line.length, 0); // "\n" + lines joined by "\n"
  return head + body + guidance;
}

/**
 * Order findings (critical first, then the scanner's stable order) and keep as many as fit both
 * OpenClaw's count limit (or `maxCount`, when other entries share it) and `budgetChars` of its
 * 4000-character notice. The rest are summed up in one `skillpin.more-findings` entry. Deterministic.
 */
export function budgetFindings(findings: OpenclawFinding[], budgetChars: number, maxCount = MAX_FINDINGS): OpenclawFinding[] {
  const ordered = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
  const kept: OpenclawFinding[] = [];
  let used = 0;
  const reserve = 160; // the summary line, if one is needed
  for (const [i, f] of ordered.entries()) {
    const len = renderedLength(f);
    const last = i === ordered.length - 1;
    if (kept.length >= maxCount - 1 || used + len > budgetChars - (last ? 0 : reserve)) {
      const rest = ordered.slice(i);
      const critical = rest.filter((x) => x.severity === 'critical').length;
      kept.push({
        ruleId: 'skillpin.more-findings',
        severity: critical > 0 ? 'critical' : rest.some((x) => x.severity === 'warn') ? 'warn' : 'info',
        message: `${counted(rest.length, 'more finding')} not shown (${critical} critical); run \`skill review\` on the skill for all of them`,
      });
      return kept;
    }
    kept.push(f);
    used += len;
  }
  return kept;
}

/** The answer as OpenClaw reads it: one JSON document, nothing else. */
export function serializeAnswer(a: InstallPolicyAnswer): string {
  const doc: InstallPolicyAnswer = { protocolVersion: 1, decision: a.decision };
  if (a.reason !== undefined) doc.reason = clipText(a.reason);
  if (a.findings && a.findings.length > 0) doc.findings = a.findings;
  return `${JSON.stringify(doc)}\n`;
}
