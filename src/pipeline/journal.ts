// The install/remove journal: an intent record in `.clawhub/.skillpin-journal/<folder>.json`,
// written atomically before the sandbox is touched and removed once the lock agrees with it. A run
// killed anywhere in between is finished (or undone) by the next mutating run, so the lock never
// points at bytes that are not fully installed and no half-swapped folder survives.
//
// Settling a journal writes the lock entry it records (or the one before it) and moves the folders
// it names, so a journal is acted on only when this machine wrote it: each carries an HMAC-SHA256
// under the verdict cache's secret (SKILLPIN_CACHE_KEY, or the per-user key file). One that came
// with a checkout, or was written to match a staging folder committed beside it, changed the lock
// and installed what it named in the run that settled it, with no diff of lock.json to review first.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { lstat, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { SkillpinError } from '../errors.js';
import { entryKind, fsyncDir, isAtomicTempOf, makeDirsSync, readRegularText, stableJson, writeFileAtomic } from '../fsutil/index.js';
import { installedFolderOf, saveLock, skillFolderName, type LockEntry } from '../lockfile/index.js';
import { cleanStaleStaging, folderMatches, isInternalName, removeSkillFolder, trashPath } from '../sandbox/index.js';
import type { Config } from '../config/index.js';
import { localSecret } from '../verdicts/index.js';
import type { Workspace } from '../workspace/index.js';

export const JOURNAL_DIR = '.skillpin-journal';

/** 2: signed (`mac`). A version 1 journal, from a skillpin that signed none, is not acted on. */
const VERSION = 2;

export interface JournalRecord {
  version: typeof VERSION;
  op: 'install' | 'remove';
  name: string;
  /** The skill folder (one segment) inside `sandbox`. */
  folder: string;
  /** Absolute sandbox root the operation ran against. */
  sandbox: string;
  /** Basename of the complete staging folder (install only). */
  staging?: string;
  /** Basename the previous folder is moved to before the swap. */
  trash: string;
  /** True when the operation writes the lock entry (add/update/remove), false for `install`. */
  writeLock: boolean;
  /** The entry the lock holds once the operation is done (install op). */
  entry?: LockEntry;
  /** The entry the lock held before (null: none). */
  previous: LockEntry | null;
  pid: number;
  at: string;
  /** HMAC-SHA256 (hex) of the record without it, under this user's secret; none when there was no secret. */
  mac?: string;
}

export interface Recovery {
  name: string;
  op: JournalRecord['op'];
  outcome: 'rolled-forward' | 'rolled-back';
  message: string;
}

/** A journal is named after its skill's folder name, one segment even for a clawhub CLI `@owner/<slug>` folder. */
function journalPath(clawhubDir: string, name: string): string {
  return join(clawhubDir, JOURNAL_DIR, `${skillFolderName(name)}.json`);
}

type JournalConfig = Pick<Config, 'clawhubDir' | 'verdicts'>;

function journalMac(secret: Buffer, text: string): string {
  return createHmac('sha256', secret).update(`skillpin-journal/${VERSION}\n${text}`).digest('hex');
}

/**
 * The journal's text as written: the record's stable JSON, signed when this user has a secret (the
 * MAC over that text goes in as a first key, so the record is serialised once: an install of 1,000
 * writes 1,000 journals). Without a secret (its key file unusable) it is unsigned, and a run killed
 * then leaves a journal the next run refuses to act on, naming why.
 */
export function journalText(config: JournalConfig, rec: object): string {
  const { mac: _old, ...body } = rec as { mac?: unknown };
  const text = stableJson(body);
  const key = localSecret(config.verdicts);
  return 'secret' in key ? `{"mac":"${journalMac(key.secret, text)}",${text.slice(1)}` : text;
}

export async function writeJournal(config: JournalConfig, rec: JournalRecord): Promise<void> {
  // makeDirsSync, not a recursive mkdir: Node's tries again without end where a folder on the way
  // answers ENOENT for a new child (a workspace under /proc), and the run spun, deaf to Ctrl-C.
  makeDirsSync(join(config.clawhubDir, JOURNAL_DIR), 0o755);
  await writeFileAtomic(journalPath(config.clawhubDir, rec.name), journalText(config, rec));
}

/** Throws unless `doc` carries this user's MAC over the rest of it. */
function authenticate(file: string, doc: Record<string, unknown>, config: JournalConfig): void {
  const key = localSecret(config.verdicts);
  const { mac, ...body } = doc;
  const hint = `Nothing was changed. A journal is never part of a checkout: if this one came with one, or from another machine, delete it and run \`skill install\`, which makes the sandbox hold what the lock pins. If skillpin was interrupted here as another user, or with another SKILLPIN_CACHE_KEY, run the command again as that user or with that key.`;
  if (!('secret' in key)) {
    throw new SkillpinError('ELOCKFILE', `${file} cannot be checked: skillpin completes an interrupted change only from a journal signed on this machine, and it has no key to check the signature with (${key.reason})`, {
      file,
      hint: `Nothing was changed. Fix the key (or set SKILLPIN_CACHE_KEY) and run the command again; or delete the journal and run \`skill install\`, which makes the sandbox hold what the lock pins.`,
    });
  }
  // The writer's text is the record's stable JSON: the same serialisation of what was read.
  const expected = Buffer.from(journalMac(key.secret, stableJson(body)), 'hex');
  const given = typeof mac === 'string' && /^[0-9a-f]{64}$/.test(mac) ? Buffer.from(mac, 'hex') : null;
  if (given === null || !timingSafeEqual(given, expected)) {
    const why = doc.version === 1 ? 'it was written by an older skillpin, which did not sign its journals' : mac === undefined ? 'it is not signed' : 'its signature is not this user\'s on this machine';
    throw new SkillpinError('ELOCKFILE', `${file} was not written by skillpin for this workspace on this machine (${why}): skillpin completes an interrupted change only from a journal it signed here`, { file, hint });
  }
}

export async function removeJournal(clawhubDir: string, rec: JournalRecord): Promise<void> {
  await rm(journalPath(clawhubDir, rec.name), { force: true });
  await fsyncDir(join(clawhubDir, JOURNAL_DIR));
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function badJournal(file: string, why: string): never {
  throw new SkillpinError('ELOCKFILE', `${file} is not a valid skillpin journal: ${why}`, {
    file,
    hint: 'skillpin writes this file atomically, so it was edited by something else. Inspect it, delete it, then run `skill install` to restore the sandbox from the lock.',
  });
}

/** `a` (absolute) and `b` are one existing folder once every link is resolved. */
function sameFolder(a: string, b: string): boolean {
  if (!isAbsolute(a)) return false;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * Read and check one journal; names are confined to the sandbox root it records, which must be this
 * run's sandbox root (`sandbox`, one prepareSandboxRoot checked).
 */
function parseJournal(file: string, text: string, sandbox: string, config: JournalConfig): JournalRecord {
  let doc: Partial<JournalRecord>;
  try {
    doc = JSON.parse(text) as Partial<JournalRecord>;
  } catch {
    badJournal(file, 'it does not parse as JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) badJournal(file, 'it is not a JSON object');
  // Before anything it says is read: an unsigned journal names nothing this run acts on.
  authenticate(file, doc as Record<string, unknown>, config);
  if (doc.version !== VERSION) badJournal(file, 'unknown version');
  if (doc.op !== 'install' && doc.op !== 'remove') badJournal(file, 'unknown op');
  if (typeof doc.name !== 'string' || typeof doc.sandbox !== 'string' || typeof doc.trash !== 'string') badJournal(file, 'missing name, sandbox or trash');
  // Recovery renames and deletes `<sandbox>/<folder>`: a journal naming another root (one planted
  // in .clawhub by an unreviewed change, naming the home folder) would delete a folder there.
  if (doc.sandbox !== sandbox) {
    // The same folder under another spelling of its path (a run given --cwd through a link to the
    // workspace, /tmp for /private/tmp) is this sandbox: the change is completed through this
    // run's root, the one just checked, never through the spelling the file gives.
    if (sameFolder(doc.sandbox, sandbox)) doc.sandbox = sandbox;
  }
  if (doc.sandbox !== sandbox) {
    throw new SkillpinError('ESANDBOX', `${file} names the sandbox ${JSON.stringify(doc.sandbox)}, not this workspace's sandbox ${sandbox}: skillpin completes an interrupted change only in the sandbox it was made in`, {
      file,
      path: doc.sandbox,
      hint: `Nothing was changed. If the sandbox setting (--sandbox, or "sandbox" in .clawhub/config.json) changed since that run was killed, run the command with --sandbox ${JSON.stringify(doc.sandbox)} to complete it; if it did not, the file was not written by skillpin: delete it.`,
    });
  }
  let folder: string;
  let named: string;
  try {
    // A removal records the entry it removes, which says where that skill was installed.
    folder = doc.op === 'remove' && typeof doc.previous === 'object' && doc.previous !== null ? installedFolderOf(doc.name, doc.previous) : skillFolderName(doc.name);
    named = basename(journalPath('', doc.name));
  } catch {
    badJournal(file, 'the skill name is not a folder name');
  }
  if (doc.folder !== folder || basename(file) !== named) badJournal(file, 'the folder does not match the skill name');
  const internal = (n: unknown) => typeof n === 'string' && isInternalName(n) && !/[/\\]/.test(n) && n === basename(n);
  if (!internal(doc.trash)) badJournal(file, 'the trash name is not a skillpin trash folder');
  if (doc.op === 'install') {
    if (!internal(doc.staging)) badJournal(file, 'the staging name is not a skillpin staging folder');
    if (typeof doc.entry !== 'object' || doc.entry === null || typeof doc.entry.files !== 'object' || doc.entry.files === null) badJournal(file, 'no entry with files');
  }
  return doc as JournalRecord;
}

/**
 * Pending journals of a workspace whose sandbox root is `sandbox` (for `verify`, which reports them
 * without repairing). Every one is read and checked before any is acted on.
 */
export async function pendingJournals(config: JournalConfig, sandbox: string): Promise<JournalRecord[]> {
  const dir = join(config.clawhubDir, JOURNAL_DIR);
  // skillpin makes it a real folder: a link there (committed, leading out of the workspace) named
  // files elsewhere as journals, and the refusal's hint had the person delete one of them.
  const st = await lstat(dir).catch(() => null);
  if (st?.isSymbolicLink() === true) {
    throw new SkillpinError('ELOCKFILE', `${dir} is a link, not the folder skillpin keeps its journals in: what it leads to is no journal of this workspace`, {
      file: dir,
      hint: `Nothing was changed. A journal folder is never part of a checkout: remove the link (rm ${dir}, which leaves what it leads to as it is), then run the command again.`,
    });
  }
  // A file or a FIFO there holds no journal, and every journal write would fail on it: refused
  // here, before the review and the download, not by a bare EEXIST of mkdir after the attestations
  // were stored (and, for verify, not read as "no journal" while an add could never write one).
  if (st !== null && !st.isDirectory()) {
    throw new SkillpinError('ELOCKFILE', `${dir} is ${entryKind(st)}, not the folder skillpin keeps its journals in`, {
      file: dir,
      hint: `Nothing was changed. A journal folder is never part of a checkout: remove it (rm ${dir}), then run the command again.`,
    });
  }
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const out: JournalRecord[] = [];
  for (const n of names) {
    if (!n.endsWith('.json')) continue;
    const file = join(dir, n);
    let text: string;
    try {
      // Not readFile: a FIFO put there would hang the read, and `skill verify` with it.
      text = await readRegularText(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTREG') badJournal(file, `it is ${(err as Error).message}`);
      throw err;
    }
    out.push(parseJournal(file, text, sandbox, config));
  }
  return out;
}

function same(a: LockEntry | null | undefined, b: LockEntry | null | undefined): boolean {
  return stableJson(a ?? null) === stableJson(b ?? null);
}

/** Put `value` (or nothing) in the lock for `name`, writing only when it changes. */
async function setLockEntry(ws: Workspace, name: string, value: LockEntry | null): Promise<void> {
  const skills = ws.lock.lock.skills;
  if (same(skills[name], value)) return;
  if (value === null) delete skills[name];
  else skills[name] = value;
  await saveLock(ws.lock);
}

/**
 * Undo an install op: the previous folder comes back from the trash, the new one goes, and the lock
 * entry is restored if the op had already written it.
 */
export async function rollBackInstall(ws: Workspace, rec: JournalRecord): Promise<void> {
  const target = join(rec.sandbox, rec.folder);
  const staging = join(rec.sandbox, rec.staging as string);
  const trash = join(rec.sandbox, rec.trash);
  const stagingLeft = await exists(staging);
  // With the staging folder gone, whatever sits at the target is the new version.
  if (!stagingLeft && (await exists(target))) {
    const aside = trashPath({ root: rec.sandbox, clawhubDir: ws.config.clawhubDir });
    await rename(target, aside);
    await rm(aside, { recursive: true, force: true });
  }
  if (await exists(trash)) await rename(trash, target);
  await rm(staging, { recursive: true, force: true });
  await fsyncDir(rec.sandbox);
  if (rec.writeLock && same(ws.lock.lock.skills[rec.name], rec.entry)) await setLockEntry(ws, rec.name, rec.previous);
}

/**
 * Where an install op's new bytes are whole: in place ('target'), still in the staging folder
 * (killed before or between the swap renames), or nowhere (null: the op is rolled back).
 */
async function completeCopy(rec: JournalRecord): Promise<'target' | 'staging' | null> {
  const files = rec.entry?.files ?? {};
  if (await folderMatches(join(rec.sandbox, rec.folder), files)) return 'target';
  return (await folderMatches(join(rec.sandbox, rec.staging as string), files)) ? 'staging' : null;
}

async function recoverInstall(ws: Workspace, rec: JournalRecord): Promise<Recovery> {
  const target = join(rec.sandbox, rec.folder);
  const staging = join(rec.sandbox, rec.staging as string);
  const trash = join(rec.sandbox, rec.trash);
  const skills = ws.lock.lock.skills;
  const current = Object.hasOwn(skills, rec.name) ? skills[rec.name] : undefined;
  if (rec.writeLock && !same(current, rec.previous) && !same(current, rec.entry)) {
    // Another tool (the clawhub CLI, OpenClaw) pinned the skill since: the entry, and the folder in
    // place, are its own. Only what this op left aside goes (the roll-back moved that tool's folder
    // away and deleted it, and put the old version back under the other tool's entry).
    await rm(staging, { recursive: true, force: true });
    await rm(trash, { recursive: true, force: true });
    return { name: rec.name, op: rec.op, outcome: 'rolled-back', message: `recovered an interrupted install of ${rec.name}@${rec.entry?.version ?? '?'}: another tool had pinned ${rec.name} since, so its folder and entry were kept` };
  }
  const copy = await completeCopy(rec);
  const forward = copy !== null;
  if (copy === 'staging') {
    // Killed before (or between) the swap renames: finish the swap.
    if (await exists(target)) {
      if (await exists(trash)) await rm(target, { recursive: true, force: true });
      else await rename(target, trash);
    }
    await rename(staging, target);
    await fsyncDir(rec.sandbox);
  }
  const label = `${rec.name}@${rec.entry?.version ?? '?'}`;
  if (!forward) {
    await rollBackInstall(ws, rec);
    return { name: rec.name, op: rec.op, outcome: 'rolled-back', message: `recovered an interrupted install of ${label}: its bytes were incomplete, the previous state was restored` };
  }
  if (rec.writeLock) await setLockEntry(ws, rec.name, rec.entry as LockEntry);
  await rm(trash, { recursive: true, force: true });
  await rm(staging, { recursive: true, force: true });
  return { name: rec.name, op: rec.op, outcome: 'rolled-forward', message: `recovered an interrupted install of ${label}: the verified folder was in place, the install was completed` };
}

async function recoverRemove(ws: Workspace, rec: JournalRecord): Promise<Recovery> {
  const skills = ws.lock.lock.skills;
  if (Object.hasOwn(skills, rec.name) && rec.previous !== null && !same(skills[rec.name], rec.previous)) {
    // Another tool (the clawhub CLI, OpenClaw) pinned the skill again since: the folder in place and
    // the entry are its own, so only the folder this removal moved aside goes. (It was moved onto
    // that trash name, which failed ENOTEMPTY for every later run, or deleted when the trash was gone.)
    await rm(join(rec.sandbox, rec.trash), { recursive: true, force: true });
    return { name: rec.name, op: rec.op, outcome: 'rolled-forward', message: `recovered an interrupted removal of ${rec.name}: another tool had pinned it again since, so its folder and entry were kept` };
  }
  if (Object.hasOwn(skills, rec.name)) await setLockEntry(ws, rec.name, null);
  await removeSkillFolder({ root: rec.sandbox, clawhubDir: ws.config.clawhubDir }, rec.folder, join(rec.sandbox, rec.trash));
  return { name: rec.name, op: rec.op, outcome: 'rolled-forward', message: `recovered an interrupted removal of ${rec.name}: the removal was completed` };
}

/**
 * Whether settling this journal (recoverInstall or recoverRemove, as they would decide now) writes
 * the lock: a removal of an entry still locked, an install whose entry the lock does not hold yet
 * (rolled forward), or one whose entry the lock holds but whose bytes are gone (rolled back to the
 * previous entry). `install --frozen`, which never writes the lock, refuses to settle those.
 */
export async function settlingWritesLock(ws: Workspace, rec: JournalRecord): Promise<boolean> {
  const skills = ws.lock.lock.skills;
  const current = Object.hasOwn(skills, rec.name) ? skills[rec.name] : undefined;
  if (rec.op === 'remove') return current !== undefined && (rec.previous === null || same(current, rec.previous));
  if (!rec.writeLock) return false;
  // Pinned by another tool since: recoverInstall keeps its entry.
  if (!same(current, rec.previous) && !same(current, rec.entry)) return false;
  const forward = (await completeCopy(rec)) !== null;
  return forward ? !same(current, rec.entry) : same(current, rec.entry) && !same(rec.entry, rec.previous);
}

/**
 * Finish or undo every operation a killed run left in the journal. Runs under the workspace mutex
 * at the start of every mutating command, before the stale-staging sweep (which would otherwise
 * delete the staging folder a journal still needs).
 */
export async function recoverPending(ws: Workspace, pending?: JournalRecord[]): Promise<Recovery[]> {
  const out: Recovery[] = [];
  // `pending`: the journals the caller has just read (pendingJournals), not read a second time.
  for (const rec of pending ?? (await pendingJournals(ws.config, ws.sandbox.root))) {
    out.push(rec.op === 'install' ? await recoverInstall(ws, rec) : await recoverRemove(ws, rec));
    await removeJournal(ws.config.clawhubDir, rec);
  }
  return out;
}

/** Remove what killed runs leave behind once journals are settled: staging, trash, temp files. */
export async function sweepStale(ws: Workspace): Promise<string[]> {
  const removed = await cleanStaleStaging(ws.sandbox);
  const sweepTemps = async (dir: string, target: (n: string) => boolean, followLink = false) => {
    // Only a real folder: `.clawhub/attestations` or the journal folder committed as a link to a
    // folder outside the workspace (/tmp, the runner's temp folder) had every `*.tmp` there removed
    // by `install --frozen`, the CI gate. What a link leads to is not this workspace's to sweep.
    // `.clawhub` itself (followLink) may be a link that loadConfig let through (config/entries.ts:
    // to a folder inside the workspace), and the lock is written there: its temp files are swept
    // there (a run killed mid lock write left one for good).
    if ((await (followLink ? stat(dir) : lstat(dir)).catch(() => null))?.isDirectory() !== true) return;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const n of names) {
      if (target(n)) {
        await rm(join(dir, n), { force: true });
        removed.push(n);
      }
    }
  };
  await sweepTemps(ws.config.clawhubDir, (n) => isAtomicTempOf(n, basename(ws.config.lockPath)), true);
  await sweepTemps(join(ws.config.clawhubDir, JOURNAL_DIR), (n) => n.endsWith('.tmp'));
  // The attestations store's temp files: only mutating runs (under this mutex) write it, and every
  // document there is `<sha512 hex>.json`.
  await sweepTemps(join(ws.config.clawhubDir, 'attestations'), (n) => n.endsWith('.tmp'));
  return removed;
}

