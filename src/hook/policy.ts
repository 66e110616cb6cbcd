// `skill hook openclaw-install-policy`: review the folder OpenClaw staged with the same manifest
// parser and risk rules as `skill review`, check it against the workspace's pin, and answer
// allow / warn / block. Problems with the request or the workspace are errors: the command answers
// them with a block naming the error (commands/hook.ts answerOrBlock), never with allow.

import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SkillpinError } from '../errors.js';
import { sha512Integrity } from '../integrity/index.js';
import { analyse } from '../pipeline/index.js';
import { openclawIdentity, type Capabilities, type Manifest } from '../manifest/index.js';
import { identityClash } from '../policy/installed.js';
import { assertOutsideClawhub, readFolderAsEntries } from '../sandbox/index.js';
import { refuseGitDirShape, refuseGitEntry } from '../sandbox/paths.js';
import type { Finding } from '../scan/index.js';
import type { ArchiveEntry, FetchedSkill } from '../source/types.js';
import { openWorkspace } from '../workspace/index.js';
import { warnFindings } from './capabilities.js';
import { comparePin, githubVersionExemption, pinnedEntryFor, type PinMismatch, type PinnedEntry, type SandboxLocation } from './pin.js';
import { declaresRecipe, recipeSummary } from './recipe.js';
import {
  MAX_NOTICE_CHARS,
  budgetFindings,
  clipText,
  toOpenclawFinding,
  type Decision,
  type InstallPolicyAnswer,
  type InstallPolicyRequest,
  type OpenclawFinding,
} from './protocol.js';

export interface EvaluateOptions {
  /** The workspace whose `.clawhub/` (lock, config) applies; absolute. */
  workspace: string;
  env?: NodeJS.ProcessEnv;
  /** `--sandbox` of a run by hand; OpenClaw's runs get SKILL_SANDBOX from the fragment, if anything. */
  sandbox?: string;
}

/** Source kinds of OpenClaw's dependency installer (install.ts installSkill): the skill is reviewed where it is installed. */
const IN_PLACE_SOURCES = new Set(['workspace', 'managed', 'bundled']);

/** Characters OpenClaw's notice spends on its header, target, reason and guidance (measured on 2026.9.6, rounded up). */
const NOTICE_OVERHEAD = 700;
const MAX_REASON_IN_NOTICE = 600;


async function assertFolder(path: string, what: string, hint: string): Promise<void> {
  const st = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    throw new SkillpinError('ENOTFOUND', `${what} ${path} does not exist (${err.code ?? err.message})`, { path, hint });
  });
  if (st.isSymbolicLink() || !st.isDirectory()) {
    throw new SkillpinError('ENOTFOUND', `${what} ${path} is not a folder${st.isSymbolicLink() ? ' (it is a symlink)' : ''}`, { path, hint });
  }
}

function blockAnswer(reason: string, findings: OpenclawFinding[]): InstallPolicyAnswer {
  return { protocolVersion: 1, decision: 'block', reason, findings: budgetFindings(findings, MAX_NOTICE_CHARS - NOTICE_OVERHEAD - reason.length) };
}

function pinFinding(m: PinMismatch): OpenclawFinding {
  return {
    ruleId: 'skillpin.pin-mismatch',
    severity: 'critical',
    message: clipText(`the lock pins ${m.key}@${m.pinnedVersion}; the staged skill has ${m.problems.join('; ')}`, 600),
    file: '.clawhub/lock.json',
  };
}

/**
 * The note for a GitHub-backed ClawHub install that matched its pin although its version label is
 * a commit, not the pinned version: which commit, and that only the label differs.
 */
function githubNote(pin: PinnedEntry, req: InstallPolicyRequest): OpenclawFinding | null {
  const gh = githubVersionExemption(pin, req);
  const pinnedVersion = String(pin.entry.version);
  if (!gh || req.origin.version === pinnedVersion) return null;
  const where = `${gh.repo}${gh.path ? `/${gh.path}` : ''}`;
  return {
    ruleId: 'skillpin.pin-github-commit',
    severity: 'info',
    message: clipText(
      `ClawHub serves ${pin.key} from GitHub ${where} at commit ${gh.commit}; its version label is that commit, not the pinned ${pinnedVersion}, ` +
        `and every file and the publisher @${String(req.origin.ownerHandle)} match the pin`,
      600,
    ),
    file: '.clawhub/lock.json',
  };
}

function countBy(findings: Finding[], severity: Finding['severity']): string[] {
  return [...new Set(findings.filter((f) => f.severity === severity).map((f) => f.rule))];
}

/**
 * Decide one request. Deterministic for the same request, folder and workspace: OpenClaw re-runs
 * the hook after a person approves a warning and compares the answers' fingerprints.
 */
export async function evaluateInstallPolicy(req: InstallPolicyRequest, opts: EvaluateOptions): Promise<InstallPolicyAnswer> {
  if (req.targetType !== 'skill') {
    throw new SkillpinError('EUSAGE', `skillpin reviews skills only; OpenClaw asked about a ${req.targetType} (${req.targetName})`, {
      hint: 'Set security.installPolicy.targets to ["skill"] (skill hook openclaw-install-policy --write does).',
    });
  }
  await assertFolder(req.sourcePath, 'sourcePath', 'OpenClaw stages the skill in a folder and names it in sourcePath; this request names none.');
  await assertFolder(opts.workspace, 'workspace', 'Set SKILL_WORKSPACE in security.installPolicy.exec.env to the workspace that holds .clawhub/lock.json.');
  // openWorkspace reads config and lock; an unreadable lock or config is an error, not an allow (a
  // FIFO in their place is ECONFIG / ELOCKFILE at once: readRegularText).
  const ws = await openWorkspace(opts.workspace, opts.sandbox !== undefined ? { sandbox: opts.sandbox } : {}, opts.env ?? process.env);
  // Pins are worth something only where the agent cannot write them: neither skillpin's sandbox nor
  // the folder OpenClaw installs into (<workspace>/skills) may reach into .clawhub, links resolved.
  await assertOutsideClawhub(ws.sandbox);
  await assertOutsideClawhub({ root: join(opts.workspace, 'skills'), clawhubDir: ws.sandbox.clawhubDir, ...(ws.sandbox.trustFiles ? { trustFiles: ws.sandbox.trustFiles } : {}) });
  const name = req.targetName;
  const where = `${ws.config.lockPath}`;

  let entries: ArchiveEntry[];
  try {
    entries = await readFolderAsEntries(req.sourcePath, ws.config.limits, name);
    // The archive rule skillpin's own installs apply (tar, zip, the writer): OpenClaw copies a
    // ClawHub zip, an upload or a local folder whole (only its git installs leave `.git` out, and
    // only by that exact name), so a `.git`, `.GIT` or bare-repository shape staged here would
    // become a repository in the skills folder whose config git runs commands from. A dependency
    // install (source kind workspace, managed or bundled) copies nothing: the folder is already
    // where it is (a skill the person cloned with git, say), and its pin, if any, holds no `.git`.
    if (!IN_PLACE_SOURCES.has(String(req.source?.kind))) {
      for (const e of entries) refuseGitEntry(e.path, name);
      refuseGitDirShape(entries, name);
    }
  } catch (err) {
    if (err instanceof SkillpinError && err.code === 'ESANDBOX') {
      return blockAnswer(`skillpin refused ${name}: ${err.message}`, [{ ruleId: 'skillpin.sandbox', severity: 'critical', message: clipText(err.message, 600) }]);
    }
    throw err;
  }
  // `openclaw doctor --deep` probes the hook with an empty folder: nothing to install, nothing to block.
  if (req.origin.type === 'doctor' && entries.length === 0) {
    return { protocolVersion: 1, decision: 'allow', findings: [{ ruleId: 'skillpin.probe', severity: 'info', message: `skillpin answered the probe for workspace ${opts.workspace}` }] };
  }

  // fromEntries, not assignment: a file named `__proto__` must be a key like any other.
  const staged: Record<string, string> = Object.fromEntries(entries.filter((e) => e.type === 'file').map((e) => [e.path, sha512Integrity(e.data ?? Buffer.alloc(0))]));
  const pin = pinnedEntryFor(ws.lock.lock, req, await sandboxLocation(req.sourcePath, ws.sandbox.root));
  const mismatch = pin ? comparePin(pin, req, staged) : null;

  const version = req.origin.version ?? (pin && !mismatch ? String(pin.entry.version) : '0.0.0');
  const digest = sha512Integrity(Buffer.concat(entries.filter((e) => e.data).map((e) => Buffer.concat([Buffer.from(`${e.path}\0`), e.data as Buffer]))));
  const fetched: FetchedSkill = {
    resolved: { source: 'file', name, version, registry: req.origin.registry ?? req.sourcePath, resolved: req.sourcePath },
    integrity: digest,
    archive: Buffer.alloc(0),
    entries,
    attestations: null,
  };
  // Risks a person accepted with `skill add --accept-risk` count only for the exact pinned bytes.
  const accepted = pin && !mismatch ? (pin.entry.acceptedRisks ?? []).map((a) => a.rule) : [];

  let reviewDecision: Decision;
  let findings: Finding[];
  let manifest: Manifest;
  let capabilities: Capabilities;
  try {
    const c = await analyse(fetched, {
      spec: req.request?.requestedSpecifier ?? name,
      pinnedSpec: name,
      pinned: Boolean(pin && !mismatch),
      knownNames: Object.keys(ws.lock.lock.skills),
      acceptedRisks: accepted,
      provenance: () => Promise.resolve({ view: { status: 'not checked' as const, summary: 'not checked by the install-policy hook', warnings: [] } }),
    });
    reviewDecision = c.review.decision;
    findings = c.review.findings;
    manifest = c.manifest;
    capabilities = c.capabilities;
  } catch (err) {
    if (err instanceof SkillpinError && err.code === 'EMANIFEST') {
      const f: OpenclawFinding[] = [{ ruleId: 'skillpin.manifest', severity: 'critical', message: clipText(err.message, 600), file: 'SKILL.md' }];
      if (mismatch) f.unshift(pinFinding(mismatch));
      return blockAnswer(`skillpin cannot review ${name}: ${err.message}`, f);
    }
    // An invalid SKILL.md whose files the scan blocks (analyse's manifestOrRiskError): the rules,
    // not "cannot review".
    if (err instanceof SkillpinError && err.code === 'ERISK') {
      const rules = Array.isArray(err.facts.rules) ? (err.facts.rules as string[]) : [];
      const f: OpenclawFinding[] = rules.map((rule) => ({ ruleId: rule, severity: 'critical', message: clipText(err.message, 600) }));
      if (mismatch) f.unshift(pinFinding(mismatch));
      return blockAnswer(clipText(err.message, MAX_REASON_IN_NOTICE), f);
    }
    throw err;
  }

  const note = pin && !mismatch ? githubNote(pin, req) : null;
  const mapped = [...(note ? [note] : []), ...findings.map(toOpenclawFinding)];
  const blocking = countBy(findings, 'block').filter((r) => !accepted.includes(r));
  const warning = [...countBy(findings, 'warn'), ...countBy(findings, 'block').filter((r) => accepted.includes(r))];

  if (mismatch) {
    const fix =
      pin?.sub !== undefined
        ? `The installed folder is not what the lock pins: run \`skill verify\`, and \`skill install --frozen\` to put the pinned bytes back.`
        : `Change a pinned skill with \`skill update --review ${mismatch.key}\`, not through OpenClaw.`;
    const reason = clipText(
      `${name} is pinned in ${where} at ${mismatch.pinnedVersion} and the staged files are not the pinned bytes (${mismatch.problems.join('; ')}). ${fix}` +
        (blocking.length ? ` The review also blocks it: ${blocking.join(', ')}.` : ''),
      MAX_REASON_IN_NOTICE,
    );
    return blockAnswer(reason, [pinFinding(mismatch), ...mapped]);
  }
  // A dependency install runs the recipe OpenClaw read before it asked: it must be in the file reviewed.
  // Only specs of the block OpenClaw acts on count: one under metadata.moltbot was shown at review
  // as a block OpenClaw ignores, and OpenClaw ran it only because the file it read said otherwise.
  const recipe = req.skill?.installSpec;
  if (recipe && (manifest.openclawBlock === null || !manifest.install.some((spec) => declaresRecipe(spec, recipe)))) {
    const what = recipeSummary(recipe);
    const reason = clipText(
      `OpenClaw is about to run the install recipe "${what}" for ${name}, which is not in the SKILL.md skillpin reviewed in ${req.sourcePath}: ` +
        'the skill changed after OpenClaw read it. Run `skill verify`, then retry the install.',
      MAX_REASON_IN_NOTICE,
    );
    return blockAnswer(reason, [
      { ruleId: 'skillpin.install-recipe', severity: 'critical', message: clipText(`install recipe ${what} is not declared by the reviewed SKILL.md`, 600), file: 'SKILL.md' },
      ...mapped,
    ]);
  }
  // A skill the lock does not pin under this name that OpenClaw would load under the name of a
  // pinned one, or give its config entry: it would replace that skill or get its secrets, as `skill
  // add` refuses (the pinned folder is what OpenClaw loads otherwise, so the pin would not help).
  // OpenClaw's git and folder installs write the slug they install under into the skill's
  // .openclaw/source-origin.json, which names its config entry when SKILL.md names none. (A staged
  // record of another slug was refused with the manifest: manifestOf.)
  const mine = openclawIdentity(manifest, name, req.origin.type === 'git' || req.origin.type === 'path' ? name : undefined);
  const clash = pin ? null : identityClash(ws, name, mine);
  if (clash) {
    const { other, sameName } = clash;
    const what = sameName
      ? `loads in OpenClaw under the name ${JSON.stringify(mine.name)}, as the pinned ${other} does: OpenClaw keeps one of them`
      : `would get the env and apiKey configured under skills.entries[${JSON.stringify(mine.configEntry)}], as the pinned ${other} does`;
    const reason = clipText(`${name} ${what}. Remove ${other} with \`skill remove ${other}\` first if ${name} is meant to replace it.`, MAX_REASON_IN_NOTICE);
    return blockAnswer(reason, [{ ruleId: 'skillpin.identity-clash', severity: 'critical', message: clipText(`${name} ${what}`, 600), file: 'SKILL.md' }, ...mapped]);
  }
  if (reviewDecision === 'block') {
    const reason = clipText(`skillpin's review blocks ${name}: ${blocking.join(', ')}. Read the findings; run \`skill review\` on the skill for the full review.`, MAX_REASON_IN_NOTICE);
    return blockAnswer(reason, mapped);
  }
  if (reviewDecision === 'warn') {
    const reason = clipText(`skillpin's review warns about ${name}: ${warning.join(', ')}. Install only if these are expected.`, MAX_REASON_IN_NOTICE);
    // The person who decides in OpenClaw sees this notice, not skillpin's review: it carries what
    // the skill will be able to do too, shortened before any finding gives way.
    return { protocolVersion: 1, decision: 'warn', reason, findings: warnFindings(name, reason, mapped, capabilities) };
  }
  // No lock in the workspace: the review ran, but no pin could be checked. Said, not silent: a
  // SKILL_WORKSPACE pointing at the wrong folder would otherwise look like a workspace of pins.
  const noLock: OpenclawFinding[] = ws.lock.exists
    ? []
    : [{ ruleId: 'skillpin.no-lock', severity: 'info', message: clipText(`no lock at ${where}: the review ran, no pin was checked. If this workspace has pins, point SKILL_WORKSPACE at the folder that holds .clawhub/lock.json.`, 600) }];
  const info = budgetFindings([...noLock, ...mapped], MAX_NOTICE_CHARS - NOTICE_OVERHEAD);
  const answer: InstallPolicyAnswer = { protocolVersion: 1, decision: 'allow' };
  if (pin) answer.reason = `${name} matches its pin ${pin.key}@${String(pin.entry.version)} in ${where}${note ? ` (GitHub commit ${String(req.origin.commit)})` : ''}`;
  if (info.length) answer.findings = info;
  return answer;
}

/** Where `sourcePath` sits inside the sandbox root, links resolved; null when it is not inside it. */
async function sandboxLocation(sourcePath: string, sandboxRoot: string): Promise<SandboxLocation | null> {
  const [source, root] = await Promise.all([realpath(sourcePath).catch(() => null), realpath(sandboxRoot).catch(() => null)]);
  if (source === null || root === null) return null;
  const rel = relative(root, source);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  const [folder = '', ...rest] = rel.split(sep);
  return { folder, sub: rest.join('/') };
}

/** The workspace for the hook: `--cwd` when given, else SKILL_WORKSPACE; never the process cwd (OpenClaw runs the hook in the command's folder). */
export async function resolveHookWorkspace(cwdFlag: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  const chosen = cwdFlag ? resolve(cwdFlag) : env.SKILL_WORKSPACE;
  if (!chosen) {
    throw new SkillpinError('EUSAGE', 'no workspace for the install-policy hook: SKILL_WORKSPACE is not set and no --cwd was given', {
      hint: 'OpenClaw passes no environment of its own; put SKILL_WORKSPACE in security.installPolicy.exec.env (skill hook openclaw-install-policy --print-config writes it).',
    });
  }
  if (!chosen.startsWith('/')) {
    throw new SkillpinError('EUSAGE', `the hook's workspace must be an absolute path, found ${JSON.stringify(chosen)}`, {
      hint: 'OpenClaw runs the hook in the folder of its command, so a relative workspace would point somewhere else.',
    });
  }
  const st = await stat(chosen).catch(() => null);
  if (!st?.isDirectory()) throw new SkillpinError('ENOTFOUND', `the hook's workspace ${chosen} is not a folder`, { path: chosen, hint: 'Point SKILL_WORKSPACE at the workspace that holds .clawhub/lock.json.' });
  return chosen;
}
