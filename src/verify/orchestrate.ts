// verifyWorkspace: run every check over every locked skill (bounded concurrency, one read buffer
// per lane, folders hashed on two threads when the caller offers a second) and collect every
// failure into one report instead of stopping at the first.

import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SkillpinError } from '../errors.js';
import { folderClashText, installedFolderOf, type LockEntry } from '../lockfile/index.js';
import { foldKey } from '../sandbox/paths.js';
import type { Workspace } from '../workspace/index.js';
import { JOURNAL_DIR, pendingJournals } from '../pipeline/journal.js';
import { READ_CHUNK, checkInstalledTree, type TreeCheck } from './files.js';
import { checkLockEntry, checkLockedPaths, checkSharedFormat } from './lock.js';
import { checkOpenClawRoots, checkSandboxRoot, checkUnmanaged } from './sandbox.js';
import { fail, pass, shownPath, type CheckResult, type SkillReport, type VerifyHooks, type VerifyOptions, type VerifyReport } from './types.js';

const DEFAULT_CONCURRENCY = 8;

/**
 * The trust files the workspace's config adds to the built-in Sigstore root and npm keys. They sit
 * where an unreviewed change can edit them, and a root there makes any bundle its owner signs
 * verify: the report names each with its sha256, so a change to them is in the output CI keeps,
 * not only in a config diff. Whether they load is the provenance check's to say (ECONFIG there).
 */
function trustFilesCheck(ws: Workspace): CheckResult {
  const cfg = ws.config;
  const files = [
    ...cfg.trust.trustedRoots.map((f) => ({ f, what: 'trusted root' })),
    ...cfg.trust.registryKeys.map((f) => ({ f, what: 'registry keys' })),
  ];
  const file = shownPath(cfg.workspace, join(cfg.clawhubDir, 'config.json'));
  // A config switched to "off" (an unreviewed change can do it) turns every skill's provenance line
  // into "not checked": said here too, where CI keeps the policy that was in force.
  if (cfg.trust.provenance === 'off') return pass('trust', `provenance is not checked: trust.provenance is "off" in ${file}, so no stored Sigstore bundle or signer identity the lock records is verified`, { file, facts: { checked: false } });
  if (files.length === 0) return pass('trust', 'provenance and registry signatures are checked against the built-in Sigstore public-good root and npm keys only', { file });
  const named = files.map(({ f, what }) => {
    let sha: string;
    try {
      sha = createHash('sha256').update(readFileSync(f)).digest('hex');
    } catch {
      sha = 'unreadable';
    }
    return `${shownPath(cfg.workspace, f)} (${what}, sha256 ${sha})`;
  });
  return pass('trust', `beyond the built-in roots, this workspace trusts ${named.join(', ')}`, { file });
}

/**
 * Run `fn` over `items` in lanes that take the next item as they finish: `local` lanes with their
 * own state (a read buffer), and `elsewhere` lanes whose `fn` hands the heavy part to another
 * thread, from when `ready` resolves. So whichever thread is free takes the next skill, and the
 * split follows the machine. Hashing is synchronous (see files.ts), so a local lane hands the
 * event loop back after each item: otherwise the other thread's answers (its readiness among
 * them) would wait until every item had been taken here.
 */
async function pool<T, S>(items: T[], local: number, elsewhere: number, state: () => S, fn: (item: T, s: S | null) => Promise<void>, ready: () => Promise<void> = () => Promise.resolve()): Promise<void> {
  let next = 0;
  // An elsewhere lane starts when the other thread is ready, and not at all when it cannot start
  // or when every item was taken before it could.
  let allTaken = (): void => undefined;
  const taken = new Promise<void>((resolve) => (allTaken = resolve));
  const lane = async (s: S | null) => {
    if (s === null && !(await Promise.race([ready().then(() => true, () => false), taken.then(() => false)]))) return;
    while (next < items.length) {
      const item = items[next++] as T;
      if (next === items.length) allTaken();
      await fn(item, s);
      if (s !== null && elsewhere > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(local, items.length)) }, () => lane(state()));
  for (let i = 0; i < Math.min(elsewhere, items.length); i++) lanes.push(lane(null));
  await Promise.all(lanes);
}

/**
 * A failed installed check when a folder above `folder` (relative to the sandbox root) is not a
 * real folder; null when each is one, or is missing (the folder's own check says so then).
 */
function linkedParent(root: string, shownRoot: string, name: string, folder: string): CheckResult | null {
  const parts = folder.split('/');
  for (let i = 1; i < parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    const abs = join(root, rel);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      return null;
    }
    if (st.isDirectory()) continue;
    const file = shownRoot === '.' ? rel : `${shownRoot}/${rel}`;
    let what = 'not a folder';
    if (st.isSymbolicLink()) {
      let target = '?';
      try {
        target = readlinkSync(abs);
      } catch {
        // vanished: the link itself is the finding
      }
      what = `a symbolic link to ${target}`;
    }
    return fail('installed', 'ETAMPERED', `${file} is ${what}: the folder of ${name} would be read through it, from outside the sandbox`, {
      file,
      hint: `Remove ${file}, then run \`skill install --frozen\`.`,
    });
  }
  return null;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
/** A promise whose rejection is held until it is awaited (two run at once; neither may go unhandled). */
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
const unsettle = async <T>(p: Promise<Settled<T>>): Promise<T> => {
  const r = await p;
  if (r.ok) return r.value;
  throw r.error;
};

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
  const lockFile = shownPath(cfg.workspace, cfg.lockPath);
  const shownRoot = shownPath(cfg.workspace, ws.sandbox.root);
  const skills = ws.lock.lock.skills;
  const names = Object.keys(skills).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const workspaceChecks: CheckResult[] = [];
  const rootCheck = await checkSandboxRoot(ws.sandbox, shownRoot);
  workspaceChecks.push(rootCheck);
  workspaceChecks.push(trustFilesCheck(ws));
  // A journal left by a killed add/update/install/remove: the next mutating run finishes or rolls
  // it back; until then the gate says which skill and how to complete it.
  for (const j of await pendingJournals(cfg, ws.sandbox.root)) {
    workspaceChecks.push(
      fail('installed', 'ETAMPERED', `${j.name}: an interrupted skill ${j.op === 'remove' ? 'remove' : j.writeLock ? 'add/update' : 'install'} (pid ${j.pid}, ${j.at}) has not been completed`, {
        file: `${shownPath(cfg.workspace, cfg.clawhubDir)}/${JOURNAL_DIR}`,
        hint: 'Run the same command again (or `skill install`): it completes or rolls back the interrupted change before doing anything else.',
      }),
    );
  }

  // Folder names first, so two entries that claim one folder are both reported.
  const folderOf = new Map<string, string>();
  const folded = new Map<string, string>();
  const reports = new Map<string, SkillReport>();
  const pinned = new Set<string>();
  for (const name of names) {
    const entry = skills[name] as LockEntry;
    const lockCheck = checkLockEntry(name, entry, lockFile);
    // Check 1 is isPinned: asked once here, not again for each check that depends on it.
    if (lockCheck.ok) pinned.add(name);
    const report: SkillReport = { name, version: typeof entry.version === 'string' ? entry.version : null, folder: null, checks: [lockCheck] };
    const shared = checkSharedFormat(name, entry, lockFile);
    if (shared) report.checks.push(shared);
    const paths = checkLockedPaths(name, entry, lockFile);
    if (paths) report.checks.push(paths);
    reports.set(name, report);
    try {
      const folder = installedFolderOf(name, entry);
      // Folded: on a case-insensitive or normalising file system `DEMO` and `demo` are one folder.
      const key = foldKey(folder);
      const owner = folded.get(key);
      if (owner !== undefined) {
        report.checks.push(fail('lock', 'ELOCKFILE', `lock entries ${folderClashText(owner, name)}`, { file: lockFile, hint: 'Remove one of the two entries.' }));
      } else {
        folded.set(key, name);
        folderOf.set(name, folder);
        report.folder = shownRoot === '.' ? folder : `${shownRoot}/${folder}`;
      }
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
      report.checks.push(fail('lock', 'ELOCKFILE', err.message, { file: lockFile, hint: `No skill can be installed under that name. Remove the entry with \`skill remove '${name}'\`, or restore the lock from version control.` }));
    }
  }

  // A folder inside another entry's (`@x/notes`, a clawhub CLI entry's, inside `@x`, the folder of
  // an entry `@@x`): the outer entry's files check would vouch for the inner skill's files.
  for (const [name, folder] of folderOf) {
    for (let slash = folder.indexOf('/'); slash > 0; slash = folder.indexOf('/', slash + 1)) {
      const outer = folded.get(foldKey(folder.slice(0, slash)));
      if (outer === undefined || outer === name) continue;
      (reports.get(name) as SkillReport).checks.push(
        fail('lock', 'ELOCKFILE', `lock entry ${name}: its sandbox folder ${folder} lies inside the sandbox folder ${folderOf.get(outer) ?? outer} of lock entry ${outer}, so one skill's folder holds the other`, {
          file: lockFile,
          hint: `No install makes such a pair. Remove one of the two entries (\`skill remove '${outer}'\`), or restore the lock from version control.`,
        }),
      );
    }
  }

  let files = 0;
  let bytes = 0;
  let done = 0;
  const elsewhere = hooks.checkTreeElsewhere;
  /** Checks 2 and 3 here (with this lane's buffer) or on the other thread; a thread that fails is not a verdict. */
  const checkTree = async (dir: string, shown: string, expected: Record<string, string> | null, buf: Buffer | null): Promise<TreeCheck> => {
    if (buf === null && elsewhere) {
      try {
        return await elsewhere(dir, shown, expected);
      } catch {
        // The worker died or could not start: hash the folder here instead.
      }
    }
    return checkInstalledTree(dir, shown, expected, buf ?? Buffer.allocUnsafe(READ_CHUNK));
  };
  // With another thread, one lane hashes here (hashing is synchronous, so more would only take
  // turns) and the rest keep the other thread supplied; this thread also re-checks provenance for
  // every skill, so the other one ends up with the larger share of the folders.
  const lanes = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const [here, there] = elsewhere && lanes > 1 ? [1, lanes - 1] : [lanes, 0];
  await pool(names, here, there, () => Buffer.allocUnsafe(READ_CHUNK), async (name, buf) => {
    const entry = skills[name] as LockEntry;
    const report = reports.get(name) as SkillReport;
    const folder = folderOf.get(name);
    const installedChecked = folder !== undefined && rootCheck.ok;
    // Only a name that maps to a folder is joined to the sandbox root.
    const dir = installedChecked ? join(ws.sandbox.root, folder) : '';
    // The folder's hashing starts first (on the other thread, for an elsewhere lane) and the
    // provenance re-check runs meanwhile; results keep their order in the report.
    const expected = entry.files !== null && typeof entry.files === 'object' && Object.keys(entry.files).length > 0 ? entry.files : null;
    // A clawhub CLI entry's folder (`@owner/<slug>`) lies below its owner folder: one that is a
    // link would have the skill read, and vouched for, from outside the sandbox.
    const through = installedChecked && folder.includes('/') ? linkedParent(ws.sandbox.root, shownRoot, name, folder) : null;
    if (through) report.checks.push(through);
    const tree = installedChecked && !through ? settle(checkTree(dir, report.folder as string, expected, buf)) : null;
    const prov = pinned.has(name) ? settle(hooks.checkProvenance ? hooks.checkProvenance(name, entry) : Promise.resolve(provenanceWithoutChecker(name, entry, lockFile))) : null;
    if (tree) {
      const t = await unsettle(tree);
      report.checks.push(...t.checks);
      files += t.files;
      bytes += t.bytes;
    }
    if (pinned.has(name) && hooks.checkRisk && Array.isArray(entry.acceptedRisks) && entry.acceptedRisks.length > 0 && installedChecked) {
      report.checks.push(await hooks.checkRisk(name, entry, dir));
    }
    if (prov) {
      const p = await unsettle(prov);
      if (p) report.checks.push(p);
    }
    if (opts.online) {
      // The registry client loads only for --online: the offline gate starts faster without it.
      const { checkRegistry } = await import('./online.js');
      report.checks.push(...(await checkRegistry(name, entry, ws, lockFile)));
    }
    opts.onSkill?.(++done, names.length);
  }, hooks.elsewhereReady);

  if (rootCheck.ok) workspaceChecks.push(...(await checkUnmanaged(ws.sandbox.root, shownRoot, new Set(folderOf.values()), opts.allowUnmanaged ?? false)));
  workspaceChecks.push(...(await checkOpenClawRoots(cfg.workspace, ws.sandbox.root, opts.allowUnmanaged ?? false)));
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
