// `skill hook openclaw-install-policy`: answer OpenClaw's install-policy request (stdin → stdout),
// or print / merge-write the `security.installPolicy` fragment that makes OpenClaw call it.

import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import { SkillpinError, fileSystemError, isSkillpinError } from '../errors.js';
import { isPathInside } from '../fsutil/index.js';
import {
  checkHookPaths,
  clipText,
  evaluateInstallPolicy,
  hookPaths,
  installPolicyFragment,
  MAX_REQUEST_BYTES,
  openclawConfigPath,
  parseInstallPolicyRequest,
  renderPathProblems,
  resolveHookWorkspace,
  serializeAnswer,
  type InstallPolicyAnswer,
  type HookPaths,
  type PathProblem,
} from '../hook/index.js';
import { writePolicy } from '../policy/index.js';

/** A reason OpenClaw shows in full (it cuts at 1000 characters). */
const MAX_REASON_CHARS = 900;

/** Read all of a stream, refusing more than OpenClaw ever sends. */
export async function readRequestText(stream: NodeJS.ReadableStream, max = MAX_REQUEST_BYTES): Promise<string> {
  // OpenClaw always pipes its request in. A terminal there is a person who ran the hook by hand,
  // who would otherwise wait on a silent prompt for JSON they never meant to type.
  if ((stream as NodeJS.ReadableStream & { isTTY?: boolean }).isTTY) {
    throw new SkillpinError('EUSAGE', 'install-policy request refused: stdin is a terminal, and this command answers the JSON request OpenClaw pipes in', {
      hint: 'To have OpenClaw call skillpin, run `skill hook openclaw-install-policy --print-config` (then `--write`); to try an answer by hand, pipe a request in (docs/openclaw.md).',
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > max) throw new SkillpinError('EUSAGE', `install-policy request refused: stdin is longer than ${max} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface HookAnswerOptions {
  /** `--cwd` when it was given on the command line (not commander's default). */
  cwdFlag?: string;
  /** `--sandbox` when it was given (a person running the hook by hand); flag > SKILL_SANDBOX > config. */
  sandboxFlag?: string;
  env?: NodeJS.ProcessEnv;
  requestText: string;
}

/** The exact stdout for one request. Throws on anything it cannot decide (see answerOrBlock). */
export async function answerInstallPolicy(opts: HookAnswerOptions): Promise<string> {
  const env = opts.env ?? process.env;
  const req = parseInstallPolicyRequest(opts.requestText);
  const workspace = await resolveHookWorkspace(opts.cwdFlag, env);
  const answer = await evaluateInstallPolicy(req, { workspace, env, ...(opts.sandboxFlag !== undefined ? { sandbox: opts.sandboxFlag } : {}) });
  return serializeAnswer(answer);
}

/** Why the hook could not decide: the error's stable code (EINTERNAL for a bug), message and fix. */
export interface HookFailure {
  code: string;
  message: string;
  hint?: string;
  stack?: string;
}

function describeFailure(thrown: unknown): HookFailure {
  const err = fileSystemError(thrown) ?? thrown;
  if (isSkillpinError(err)) return { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  return {
    code: 'EINTERNAL',
    message: err instanceof Error ? err.message : String(err),
    hint: 'This is a bug in skillpin. Run the hook by hand with SKILL_DEBUG=1 for the stack, and report it.',
    ...(err instanceof Error && err.stack ? { stack: err.stack } : {}),
  };
}

/**
 * The `block` answer for a request the hook could not decide. OpenClaw reads stdout only after an
 * exit 0: a non-zero exit fails closed too, but all a person then sees is "install policy failed
 * closed: policy command exited with code 2". A `block` with the error as its reason is shown
 * ("blocked by install policy: …"), so the person learns what to fix. Never anything but block.
 */
export function cannotDecideAnswer(f: HookFailure): InstallPolicyAnswer {
  return {
    protocolVersion: 1,
    decision: 'block',
    reason: clipText(`skillpin could not check this install, so it blocks it (${f.code}): ${f.message}`, MAX_REASON_CHARS),
    findings: [
      {
        ruleId: 'skillpin.cannot-decide',
        severity: 'critical',
        message: clipText(f.hint ? `fix: ${f.hint}` : 'run the hook by hand to see the error: skill hook openclaw-install-policy < request.json', 600),
      },
    ],
  };
}

/**
 * What the hook prints for one stdin, whatever happens: the decision, or a `block` naming why it
 * could not decide (and that failure, for stderr). Never throws, never answers allow on an error.
 */
export async function answerOrBlock(
  opts: Omit<HookAnswerOptions, 'requestText'> & { requestText: string | (() => Promise<string>) },
): Promise<{ stdout: string; failure: HookFailure | null }> {
  try {
    const requestText = typeof opts.requestText === 'string' ? opts.requestText : await opts.requestText();
    return { stdout: await answerInstallPolicy({ ...opts, requestText }), failure: null };
  } catch (thrown) {
    const failure = describeFailure(thrown);
    return { stdout: serializeAnswer(cannotDecideAnswer(failure)), failure };
  }
}

export interface HookConfigOptions {
  workspace: string;
  node?: string;
  script?: string;
  /** The sandbox root the person named (--sandbox or SKILL_SANDBOX), absolute; see sandboxForHook. */
  sandbox?: string;
}

export interface HookConfigResult {
  paths: HookPaths;
  fragment: ReturnType<typeof installPolicyFragment>;
  problems: PathProblem[];
}

export function hookConfig(opts: HookConfigOptions): HookConfigResult {
  const paths: HookPaths = hookPaths(opts.workspace, { ...(opts.node ? { node: opts.node } : {}), ...(opts.script ? { script: opts.script } : {}) });
  if (opts.sandbox !== undefined) paths.sandbox = opts.sandbox;
  return { paths, fragment: installPolicyFragment(paths), problems: checkHookPaths(paths) };
}

export function pathProblemsError(problems: PathProblem[]): SkillpinError {
  return new SkillpinError('ECONFIG', `OpenClaw would refuse the install-policy command (and then fail every install closed):\n${renderPathProblems(problems)}`, {
    problems,
    hint: 'Fix the paths above (or pass --node / install skillpin where only you or root can write), then run this again.',
  });
}

/**
 * The sandbox the fragment must carry: the one `--sandbox` or `SKILL_SANDBOX` names for this run
 * (absolute), which the hook, run by OpenClaw with no environment but the fragment's, would not
 * see. Without it the hook holds a skill in that sandbox to no pin of its folder (the dependency
 * installer's request names an installed skill by its SKILL.md name, not its lock key) and
 * checks the config's sandbox for overlaps instead. A sandbox the committed config names (or the
 * default) is left to the hook to read there. A workspace that is not there is hookPaths' to say.
 */
export async function sandboxForHook(workspace: string, sandboxFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const ws = resolve(workspace);
  if (!(await stat(ws).then((s) => s.isDirectory(), () => false))) return undefined;
  const config = await loadConfig(ws, sandboxFlag !== undefined ? { sandbox: sandboxFlag } : {}, env);
  return config.sandboxFrom === 'flag' || config.sandboxFrom === 'SKILL_SANDBOX' ? config.sandbox : undefined;
}

/** Merge the fragment into openclaw.json (atomic, 0600, previous file kept as .bak). Refuses paths OpenClaw would refuse. */
export async function writeHookConfig(opts: HookConfigOptions & { configPath?: string; env?: NodeJS.ProcessEnv }): Promise<HookConfigResult & { configPath: string; backup: string | null; changed: boolean }> {
  const r = hookConfig(opts);
  if (r.problems.length) throw pathProblemsError(r.problems);
  const configPath = opts.configPath ?? openclawConfigPath(opts.env ?? process.env);
  // A missing folder is refused (ECONFIG), as `skill policy --write` refuses it: see writePolicy.
  const { backup, changed } = await writePolicy(configPath, r.fragment, (merged) => {
    dropStaleSandbox(merged, r.paths.sandbox);
    checkKeptExecKeys(merged, r.paths.node, configPath);
  });
  return { ...r, configPath, backup, changed };
}

/**
 * The merge keeps exec.env keys the fragment does not write (a SKILLPIN_CACHE_KEY, a proxy), but
 * SKILL_SANDBOX is skillpin's own: written for a sandbox the person named, and removed when this
 * run names none, or the hook would keep checking a sandbox the deployment no longer uses.
 */
function dropStaleSandbox(merged: Record<string, unknown>, sandbox: string | undefined): void {
  if (sandbox !== undefined) return;
  const security = merged.security as { installPolicy?: { exec?: { env?: unknown } } } | undefined;
  const env = security?.installPolicy?.exec?.env;
  if (typeof env === 'object' && env !== null && !Array.isArray(env)) delete (env as Record<string, unknown>).SKILL_SANDBOX;
}

/**
 * The merge keeps the exec keys skillpin does not write. OpenClaw runs the command only from inside
 * one of `trustedDirs` when that is set: a list kept from an earlier config that leaves this node
 * out would fail every install closed, so the write is refused and the fix named.
 */
function checkKeptExecKeys(merged: Record<string, unknown>, command: string, configPath: string): void {
  const security = merged.security as { installPolicy?: { exec?: { trustedDirs?: unknown } } } | undefined;
  const trusted = security?.installPolicy?.exec?.trustedDirs;
  if (trusted === undefined) return;
  const dirs = Array.isArray(trusted) ? trusted.filter((d): d is string => typeof d === 'string') : [];
  const inside = dirs.some((d) => isPathInside(command, resolve(d)));
  if (!inside) {
    throw new SkillpinError('ECONFIG', `${configPath} keeps security.installPolicy.exec.trustedDirs ${JSON.stringify(trusted)}, which does not hold the hook's command ${command}: OpenClaw would refuse it and fail every install closed`, {
      path: configPath,
      trustedDirs: trusted,
      command,
      hint: `Add ${dirname(command)} to trustedDirs, or remove trustedDirs, in ${configPath}; then run this again.`,
    });
  }
}
