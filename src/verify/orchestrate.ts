// verifyWorkspace: run every check over every locked skill (bounded concurrency, one read buffer
// per worker) and collect every failure into one report instead of stopping at the first.

import { join, relative } from 'node:path';
import { SkillpinError } from '../errors.js';
import { isPinned, skillFolderName, type LockEntry } from '../lockfile/index.js';
import type { Workspace } from '../workspace/index.js';
import { JOURNAL_DIR, pendingJournals } from '../pipeline/journal.js';
import { READ_CHUNK, checkInstalledTree } from './files.js';
import { checkLockEntry } from './lock.js';
import { checkSandboxRoot, checkUnmanaged } from './sandbox.js';
import { fail, pass, type CheckResult, type SkillReport, type VerifyHooks, type VerifyOptions, type VerifyReport } from './types.js';

const DEFAULT_CONCURRENCY = 8;

/** Run `fn` over `items`, `limit` workers at once; each worker gets its own state (a read buffer). */
async function pool<T, S>(items: T[], limit: number, state: () => S, fn: (item: T, s: S) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    const s = state();
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item, s);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function provenanceWithoutChecker(name: string, entry: LockEntry, lockFile: string): CheckResult | null {
  if (entry.provenance === undefined) return null;
  if (entry.provenance === null) return pass('provenance', `${name} was published without provenance (recorded in the lock)`, { file: lockFile });
  // Recorded provenance that this build cannot re-verify must not read as verified.
  return fail('provenance', 'EPROVENANCE', `${name}: the lock records provenance, but verifyWorkspace was called without a provenance checker`, {
    file: lockFile,
    hint: 'Pass hooks.checkProvenance (the CLI always does); recorded provenance is never reported as verified unchecked.',
  });
}

/**
 * Check the workspace against its lock. Throws only for bad input (no lock: ELOCKFILE); every
 * check failure is a result in the report.
 */
export async function verifyWorkspace(ws: Workspace, opts: VerifyOptions = {}, hooks: VerifyHooks = {}): Promise<VerifyReport> {
  const cfg = ws.config;
  if (!ws.lock.exists) {
    throw new SkillpinError('ELOCKFILE', `no lock file at ${ws.lock.path}: there is nothing to verify against`, {
      file: ws.lock.path,
      hint: 'Run verify in the workspace that holds .clawhub/lock.json (--cwd DIR), or pin skills first with `skill add name@version`.',
    });
  }
  const lockFile = relative(cfg.workspace, cfg.lockPath);
  const shownRoot = relative(cfg.workspace, ws.sandbox.root) || '.';
  const skills = ws.lock.lock.skills;
  const names = Object.keys(skills).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const workspaceChecks: CheckResult[] = [];
  const rootCheck = await checkSandboxRoot(ws.sandbox, shownRoot);
  workspaceChecks.push(rootCheck);
  // A journal left by a killed add/update/install/remove: the next mutating run finishes or rolls
  // it back; until then the gate says which skill and how to complete it.
  for (const j of await pendingJournals(cfg.clawhubDir)) {
    workspaceChecks.push(
      fail('installed', 'ETAMPERED', `${j.name}: an interrupted skill ${j.op === 'remove' ? 'remove' : j.writeLock ? 'add/update' : 'install'} (pid ${j.pid}, ${j.at}) has not been completed`, {
        file: `${relative(cfg.workspace, cfg.clawhubDir)}/${JOURNAL_DIR}`,
        hint: 'Run the same command again (or `skill install`): it completes or rolls back the interrupted change before doing anything else.',
      }),
    );
  }

  // Folder names first, so two entries that claim one folder are both reported.
  const folders = new Map<string, string>();
  const reports = new Map<string, SkillReport>();
  for (const name of names) {
    const entry = skills[name] as LockEntry;
    const report: SkillReport = { name, version: typeof entry.version === 'string' ? entry.version : null, folder: null, checks: [checkLockEntry(name, entry, lockFile)] };
    reports.set(name, report);
    try {
      const folder = skillFolderName(name);
      const owner = folders.get(folder);
      if (owner !== undefined) {
        report.checks.push(fail('lock', 'ELOCKFILE', `lock entries ${owner} and ${name} both map to the sandbox folder ${folder}`, { file: lockFile, hint: 'Remove one of the two entries.' }));
      } else {
        folders.set(folder, name);
        report.folder = shownRoot === '.' ? folder : `${shownRoot}/${folder}`;
      }
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
      report.checks.push(fail('lock', 'ELOCKFILE', err.message, { file: lockFile, hint: 'Remove the entry; no skill can be installed under that name.' }));
    }
  }

  let files = 0;
  let bytes = 0;
  let done = 0;
  await pool(names, opts.concurrency ?? DEFAULT_CONCURRENCY, () => Buffer.allocUnsafe(READ_CHUNK), async (name, buf) => {
    const entry = skills[name] as LockEntry;
    const report = reports.get(name) as SkillReport;
    if (report.folder !== null && rootCheck.ok) {
      const expected = entry.files !== null && typeof entry.files === 'object' && Object.keys(entry.files).length > 0 ? entry.files : null;
      const tree = await checkInstalledTree(join(ws.sandbox.root, skillFolderName(name)), report.folder, expected, buf);
      report.checks.push(...tree.checks);
      files += tree.files;
      bytes += tree.bytes;
    }
    if (isPinned(entry) && hooks.checkRisk && Array.isArray(entry.acceptedRisks) && entry.acceptedRisks.length > 0 && report.folder !== null && rootCheck.ok) {
      report.checks.push(await hooks.checkRisk(name, entry, join(ws.sandbox.root, skillFolderName(name))));
    }
    if (isPinned(entry)) {
      const prov = hooks.checkProvenance ? await hooks.checkProvenance(name, entry) : provenanceWithoutChecker(name, entry, lockFile);
      if (prov) report.checks.push(prov);
    }
    if (opts.online) {
      // pacote loads only for --online: the offline gate starts faster without it.
      const { checkRegistry } = await import('./online.js');
      report.checks.push(...(await checkRegistry(name, entry, ws, lockFile)));
    }
    opts.onSkill?.(++done, names.length);
  });

  if (rootCheck.ok) workspaceChecks.push(...(await checkUnmanaged(ws.sandbox.root, shownRoot, new Set(folders.keys()), opts.allowUnmanaged ?? false)));
  if (hooks.checkPolicy) workspaceChecks.push(...(await hooks.checkPolicy()));

  const skillReports = names.map((n) => reports.get(n) as SkillReport);
  const failedChecks = [...skillReports.flatMap((s) => s.checks), ...workspaceChecks].filter((c) => !c.ok).length;
  const failedSkills = skillReports.filter((s) => s.checks.some((c) => !c.ok)).length;
  return {
    ok: failedChecks === 0,
    skills: skillReports,
    checks: workspaceChecks,
    summary: { skills: names.length, failedSkills, failedChecks, files, bytes, online: Boolean(opts.online) },
  };
}

/**
 * Exit status of a report (DESIGN §3.5): 0 when every check passed; 1 when any failure is a
 * security finding (tampering, integrity, provenance, policy, sandbox); 2 when every failure is an
 * input problem (unpinned entries, an unreachable registry, a missing policy file).
 */
export function verifyExitCode(report: VerifyReport): number {
  const failed = [...report.skills.flatMap((s) => s.checks), ...report.checks].filter((c) => !c.ok);
  if (failed.length === 0) return 0;
  // Every failed check fails the gate with 1 (an unpinned entry included: the gate cannot vouch
  // for it); only a registry that could not be reached under --online is an input problem (2).
  return failed.every((c) => c.code === 'EREGISTRY') ? 2 : 1;
}
