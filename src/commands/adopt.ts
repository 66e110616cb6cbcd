// `skill adopt`: pin what the clawhub CLI or OpenClaw installed, but only where every installed file
// is byte for byte what ClawHub publishes for the recorded version. Nothing else is touched.

import { constants } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, rename, rm, rmdir, type FileHandle } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { SkillpinError, isSkillpinError, type ErrorCode } from '../errors.js';
import { sha512Integrity } from '../integrity/index.js';
import { installedFolderOf, lockedSourceOf, pinProblems, saveLock, type LockEntry } from '../lockfile/index.js';
import { analyse, enforceDecision, lockEntryFor } from '../pipeline/index.js';
import { isPathInside, makeDirsSync, READ_NOFOLLOW } from '../fsutil/index.js';
import { isInternalName, ownerFolderOf } from '../sandbox/index.js';
import { METADATA_DIRS } from '../sandbox/paths.js';
import {
  compareInstalledSkill,
  checkPlainSkillTree,
  formatClawhubSpec,
  HANDLE_RE,
  readInstalledOrigin,
  readInstalledOriginChecked,
  SLUG_RE,
  type AdoptComparison,
  type ClawhubExtra,
} from '../source/clawhub/index.js';
import { clawhubRegistryFor, fetchClawhubVersion } from '../source/index.js';
import { isExactVersion } from '../spec/index.js';
import type { Workspace } from '../workspace/index.js';
import { counted, oneLine } from '../ui/index.js';
import { critical } from '../interrupt/index.js';
import { testPoint } from '../testhooks.js';
import { withWorkspace, type CommonOptions } from './common.js';
import { provenanceFor } from './provenance.js';

export interface AdoptOptions extends CommonOptions {
  /** Called as each lock entry is settled (progress: an entry to adopt asks ClawHub and downloads its zip). */
  onSkill?: (done: number, total: number) => void;
}

export interface AdoptedSkill {
  /** The lock key after adoption (always the bare slug). */
  name: string;
  /** The key it had before, when the clawhub CLI keyed it `@owner/slug`. */
  rekeyedFrom?: string;
  version: string;
  ownerHandle: string | null;
  registry: string;
  integrity: string;
  /** Sandbox-relative folder it was moved from (`@owner/slug`), when it had to move. */
  movedFrom?: string;
  /** The origin metadata folders removed from the skill folder (`.clawhub`, `.clawdhub`). */
  originRemoved: string[];
  /** The review's decision for these bytes: `warn` when the registry or the scan raised something. */
  decision: 'allow' | 'warn';
  /** What the person should know about a `warn`: the registry's verdict, the scan's warnings. */
  warnings: string[];
}

export interface RefusedSkill {
  name: string;
  version: string | null;
  code: ErrorCode;
  message: string;
  /** Installed files whose bytes differ from the published ones. */
  differ?: string[];
  /** Published files that are not installed. */
  missing?: string[];
  /** Installed files that are not published for this version. */
  extra?: string[];
}

export interface UntrackedSkill {
  /** Sandbox-relative folder. */
  folder: string;
  /** What its origin file says, if it has one (it is inside the sandbox, so it is not trusted). */
  origin: { writer: string; slug: string; ownerHandle: string | null; installedVersion: string; registry: string } | null;
}

export interface AdoptResult {
  adopted: AdoptedSkill[];
  refused: RefusedSkill[];
  untracked: UntrackedSkill[];
  /** Entries already pinned by skillpin (left as they are). */
  alreadyPinned: string[];
}

interface Plan {
  key: string;
  entry: LockEntry;
  slug: string;
  ownerHandle: string | undefined;
  version: string;
  /** Sandbox-relative folder as the installing tool laid it out. */
  folder: string;
}

class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly diff?: { differ: string[]; missing: string[]; extra: string[] },
  ) {
    super(message);
  }
}

const ORIGIN_MAX_CHARS = 16 * 1024;

async function isDir(path: string): Promise<boolean> {
  const st = await lstat(path).catch(() => null);
  return st !== null && st.isDirectory();
}

/** Read what a foreign entry claims: slug, owner, exact version and the folder it was installed to. */
function planFor(key: string, entry: LockEntry): Plan {
  let slug = key;
  let owner = typeof entry.ownerHandle === 'string' && entry.ownerHandle.length > 0 ? entry.ownerHandle.toLowerCase() : undefined;
  if (key.startsWith('@')) {
    // The clawhub CLI's owner-qualified key: `@owner/slug`, installed to skills/@owner/<slug>.
    const slash = key.indexOf('/');
    const keyOwner = slash > 1 ? key.slice(1, slash).toLowerCase() : '';
    slug = slash > 1 ? key.slice(slash + 1) : '';
    if (!HANDLE_RE.test(keyOwner)) throw new Refusal('ELOCKFILE', `lock key ${JSON.stringify(key)} does not name a valid ClawHub owner`);
    if (owner !== undefined && owner !== keyOwner) {
      throw new Refusal('ELOCKFILE', `lock key ${key} names owner @${keyOwner} but its ownerHandle is ${owner}`);
    }
    owner = keyOwner;
  }
  if (!SLUG_RE.test(slug) || slug !== slug.toLowerCase()) throw new Refusal('ELOCKFILE', `lock key ${JSON.stringify(key)} is not a ClawHub slug`);
  if (owner !== undefined && !HANDLE_RE.test(owner)) throw new Refusal('ELOCKFILE', `ownerHandle ${JSON.stringify(owner)} of ${key} is not valid`);
  const version = entry.version ?? undefined;
  if (!isExactVersion(version)) {
    throw new Refusal('EUNPINNED', `${key} records no exact version (${JSON.stringify(entry.version ?? null)}), so there is nothing published to compare it with`);
  }
  return { key, entry, slug, ownerHandle: owner, version, folder: installedFolderOf(key, entry) };
}

/**
 * The one folder the installed files sit in, when they are exactly the published files one level
 * down: the wrapping folder of a zip the clawhub CLI extracted as it is. Null otherwise.
 */
async function keptWrapper(dir: string, cmp: AdoptComparison, published: Parameters<typeof compareInstalledSkill>[1]): Promise<string | null> {
  if (cmp.differ.length > 0 || cmp.extra.length === 0) return null;
  const top = (cmp.extra[0] as string).split('/')[0] as string;
  if (!cmp.extra.every((p) => p.startsWith(`${top}/`))) return null;
  return (await compareInstalledSkill(join(dir, top), published)).matches ? top : null;
}

/**
 * Check one entry against what its registry publishes. Returns the new lock entry; throws a
 * Refusal (nothing changed) when the folder does not match byte for byte or the version is blocked.
 */
async function checkOne(ws: Workspace, plan: Plan, env: NodeJS.ProcessEnv): Promise<{ entry: LockEntry; entries: Array<{ path: string; mode: number; type: string }>; decision: 'allow' | 'warn'; warnings: string[] }> {
  const dir = join(ws.sandbox.root, plan.folder);
  await ownerFolderOf(ws.sandbox, plan.folder);
  const here = await lstat(dir).catch(() => null);
  if (here !== null && !here.isDirectory()) {
    // There, but not a folder: a link (to a folder outside the sandbox, say) is never followed.
    throw new Refusal('ESANDBOX', `${plan.key}: ${plan.folder} in the sandbox is ${here.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}; adopt compares and pins only a real skill folder. Replace it with the folder itself, or reinstall it reviewed: skill add ${formatClawhubSpec({ ownerHandle: plan.ownerHandle, slug: plan.slug, version: plan.version })}`);
  }
  if (!(await isDir(dir))) {
    // The clawhub CLI installs into <workdir>/skills unless it is given --dir.
    const cliDefault = join(ws.config.workspace, 'skills');
    const elsewhere = cliDefault !== ws.sandbox.root && (await isDir(join(cliDefault, plan.folder)));
    const sandbox = isPathInside(ws.sandbox.root, ws.config.workspace) ? relative(ws.config.workspace, ws.sandbox.root) : ws.sandbox.root;
    throw new Refusal(
      'ENOTFOUND',
      `${plan.key} is not installed at ${plan.folder} in the sandbox${
        elsewhere
          ? `; it is in skills/${plan.folder}, where the clawhub CLI installs unless given --dir. Move it to ${sandbox}/${plan.folder} and run skill adopt again; in this workspace, run the clawhub CLI with --dir ${sandbox}`
          : ''
      }`,
    );
  }
  // Symlinks, hard links and special files are refused outright (OpenClaw's own tree walk rule).
  await checkPlainSkillTree(dir);
  // The origin file is in the sandbox (the agent's to write): read without following a link or
  // waiting on a FIFO, kept in the lock as a record, and used only to refuse, never to choose.
  const origin = await readInstalledOriginChecked(dir);
  if (origin && 'problem' in origin) {
    throw new Refusal('ESANDBOX', `${plan.key}: ${plan.folder}/${origin.file} is ${origin.problem}, not the origin file the clawhub CLI or OpenClaw writes; remove it and run skill adopt again`);
  }
  if (origin !== undefined && origin.slug.toLowerCase() !== plan.slug) {
    throw new Refusal('EIDENTITY', `${plan.key}@${plan.version}: its ${plan.folder}/.clawhub/origin.json names the ClawHub skill ${JSON.stringify(origin.slug)}, not ${plan.slug} (renamed, or another skill); not pinned`);
  }
  // The registry comes from the lock (outside the sandbox), never from the origin file the agent can write.
  const registry = clawhubRegistryFor(plan.entry, ws, { env });
  // OpenClaw writes the same registry into both files (it calls a skill "linked" only then): a lock
  // entry that names another one was changed since, and the bytes it would fetch are not the ones
  // installed. The clawhub CLI's lock records none, so there is nothing to compare.
  const lockedRegistry = typeof plan.entry.registry === 'string' ? plan.entry.registry.replace(/\/+$/, '') : undefined;
  if (origin && lockedRegistry !== undefined && origin.registry !== lockedRegistry) {
    throw new Refusal(
      'ELOCKFILE',
      `${plan.key}: the lock names the registry ${lockedRegistry}, but ${plan.folder}/.clawhub/origin.json records ${origin.registry}, where it was installed from; one of them was changed since. Restore the lock entry from version control, or skill remove ${plan.key} and review it again with skill add`,
    );
  }
  const fetched = await fetchClawhubVersion(plan.slug, { ownerHandle: plan.ownerHandle }, plan.version, ws, { env, registry });
  // The installing tool recorded who published what it installed. When ClawHub now serves the slug
  // from someone else (a slug given up and taken, an owner transfer), matching bytes do not make
  // the new owner the one whose updates this pin should follow.
  const servedOwner = fetched.resolved.ownerHandle?.toLowerCase();
  const originOwner = origin?.ownerHandle?.toLowerCase();
  if (originOwner !== undefined && originOwner !== servedOwner) {
    throw new Refusal(
      'EIDENTITY',
      `${plan.key}@${plan.version} was installed from @${originOwner} (its ${plan.folder}/.clawhub/origin.json says so), but ClawHub serves it from ${servedOwner ? `@${servedOwner}` : 'no owner'}${plan.ownerHandle === undefined ? ' for the bare slug' : ''}; not pinned to either. Choose the owner you trust after reviewing it: skill remove ${plan.key}, then skill add clawhub:@<owner>/${plan.slug}@${plan.version}`,
    );
  }
  const extra = (fetched.resolved.extra ?? {}) as unknown as ClawhubExtra;
  const published = { files: extra.files ?? [], entries: fetched.entries };
  const cmp = await compareInstalledSkill(dir, published);
  const spec = formatClawhubSpec({ ownerHandle: plan.ownerHandle, slug: plan.slug, version: plan.version });
  const wrapper = cmp.matches ? null : await keptWrapper(dir, cmp, published);
  if (wrapper !== null) {
    // Not tampered: the published files, one folder down, which OpenClaw would load from there.
    throw new Refusal(
      'ENOTFOUND',
      `${plan.key}@${plan.version} is installed inside ${plan.folder}/${wrapper}/, the wrapping folder of ClawHub's zip (the clawhub CLI extracts the zip as it is; skillpin installs what is inside). ` +
        `Reinstall it reviewed: ${plan.key !== plan.slug ? `skill remove ${plan.key}, then ` : ''}skill add ${spec}`,
    );
  }
  if (!cmp.matches) {
    const parts = [
      cmp.differ.length ? `${cmp.differ.length} differ` : '',
      cmp.missing.length ? `${cmp.missing.length} missing` : '',
      cmp.extra.length ? `${cmp.extra.length} extra` : '',
    ].filter(Boolean);
    throw new Refusal('ETAMPERED', `${plan.key}@${plan.version}: the installed files are not what ClawHub publishes (${parts.join(', ')})`, cmp);
  }
  // The same analysis as an install: a version the registry blocks, or that skillpin's own scan
  // blocks, is not pinned silently; `skill add` shows it for review instead.
  const candidate = await analyse(fetched, {
    spec,
    pinnedSpec: spec,
    pinned: true,
    knownNames: [],
    acceptedRisks: [],
    provenance: (f) => provenanceFor(ws, f, undefined),
  });
  enforceDecision(candidate, []);
  // fromEntries, not assignment: a file named `__proto__` must be a key like any other.
  const files: Record<string, string> = Object.fromEntries(fetched.entries.filter((e) => e.type === 'file' && e.data).map((e) => [e.path, sha512Integrity(e.data as Buffer)]));
  const installedAt = typeof plan.entry.installedAt === 'number' ? plan.entry.installedAt : Date.now();
  const extras: Partial<LockEntry> = { installedAt };
  // The origin file is removed from the folder below; what it said is kept in the lock, so no field
  // either tool wrote is lost. It came from the sandbox, so it is a record, never an input.
  if (origin) {
    const text = JSON.stringify(origin.raw);
    extras.adoptedOrigin = text.length <= ORIGIN_MAX_CHARS ? origin.raw : { omitted: `origin.json was over ${ORIGIN_MAX_CHARS} characters` };
  }
  const entry = lockEntryFor(candidate, files, plan.entry, extras);
  // Pinned without a prompt, so what a review would have shown under `warn` is said here.
  const review = candidate.review;
  const warnings: string[] = [];
  const m = review.moderation;
  if (m && m.status !== 'clean') warnings.push(`ClawHub's moderation: ${m.status}${m.summary ? ` (${m.summary})` : ''}`);
  const warned = review.findings.filter((f) => f.severity === 'warn');
  if (warned.length) warnings.push(`${counted(warned.length, 'scan warning')}: ${[...new Set(warned.map((f) => f.rule))].join(', ')} (skill review ${dir} shows them)`);
  return { entry, entries: fetched.entries, decision: review.decision === 'warn' ? 'warn' : 'allow', warnings };
}

/** Folders in the sandbox that no lock entry accounts for (`@owner/slug` folders looked into). */
async function untrackedFolders(ws: Workspace, tracked: Set<string>): Promise<UntrackedSkill[]> {
  const out: UntrackedSkill[] = [];
  const root = ws.sandbox.root;
  const names = await readdir(root).catch(() => [] as string[]);
  const candidates: string[] = [];
  for (const name of names.sort()) {
    if (isInternalName(name) || !(await isDir(join(root, name)))) continue;
    if (name.startsWith('@')) {
      for (const child of (await readdir(join(root, name))).sort()) if (await isDir(join(root, name, child))) candidates.push(`${name}/${child}`);
    } else candidates.push(name);
  }
  for (const folder of candidates) {
    if (tracked.has(folder)) continue;
    const origin = await readInstalledOrigin(join(root, folder));
    out.push({
      folder,
      origin: origin
        ? { writer: origin.writer, slug: origin.slug, ownerHandle: origin.ownerHandle ?? null, installedVersion: origin.installedVersion, registry: origin.registry }
        : null,
    });
  }
  return out;
}

/** The sandbox folder a lock key is installed in; a key that names none is kept as written (it matches no folder). */
function trackedFolder(key: string, entry: LockEntry): string {
  try {
    return installedFolderOf(key, entry);
  } catch {
    return key;
  }
}

export async function adopt(opts: AdoptOptions): Promise<AdoptResult> {
  const env = opts.env ?? process.env;
  return withWorkspace(opts, async (ws) => {
    const skills = ws.lock.lock.skills;
    const result: AdoptResult = { adopted: [], refused: [], untracked: [], alreadyPinned: [] };
    const tracked = new Set(Object.entries(skills).map(([k, e]) => trackedFolder(k, e)));
    result.untracked = await untrackedFolders(ws, tracked);

    const keys = Object.keys(skills).sort();
    for (const [i, key] of keys.entries()) {
      // The entries before this one are settled (the loop's `continue`s pass no end of its body).
      if (i > 0) opts.onSkill?.(i, keys.length);
      // Each adoption's lock write takes in what the clawhub CLI or OpenClaw changed meanwhile
      // (saveLock): an entry one of them removed is no longer there to adopt (it was read as
      // undefined, a TypeError that ended the run).
      if (!Object.hasOwn(skills, key)) continue;
      const entry = skills[key] as LockEntry;
      if (!pinProblems(entry).includes('integrity')) {
        result.alreadyPinned.push(key);
        await finishInterruptedAdoption(ws, key, entry, opts);
        continue;
      }
      const refuse = (code: ErrorCode, message: string, diff?: Refusal['diff']): void => {
        result.refused.push({ name: key, version: typeof entry.version === 'string' ? entry.version : null, code, message, ...(diff ?? {}) });
      };
      if (lockedSourceOf(entry) !== 'clawhub') {
        refuse('EUNPINNED', `${key} comes from ${lockedSourceOf(entry)} and has no integrity; adopt only pins ClawHub installs. Re-pin it with skill add.`);
        continue;
      }
      try {
        const plan = planFor(key, entry);
        // One slug per workspace: an owner-qualified key cannot take a bare key another entry holds.
        if (plan.key !== plan.slug && (plan.slug in skills || result.adopted.some((a) => a.name === plan.slug))) {
          const other = skills[plan.slug];
          throw new Refusal('EUSAGE', `${key} cannot be re-keyed as ${plan.slug}: the lock already holds ${plan.slug}${other && typeof other.ownerHandle === 'string' ? ` from @${other.ownerHandle}` : ''}. Two owners' skills with one slug cannot share a workspace.`);
        }
        if (plan.folder !== plan.slug && (await lstat(join(ws.sandbox.root, plan.slug)).catch(() => null)) !== null) {
          if ((await lstat(join(ws.sandbox.root, plan.folder)).catch(() => null)) !== null) {
            throw new Refusal('EUSAGE', `${key} cannot move to ${plan.slug}/ in the sandbox: that folder already exists`);
          }
          // The folder is where adoption moves it and no longer where the key says: a run killed
          // between the move and the lock write. It is checked there, as it would have been in its
          // old place (only the bytes ClawHub publishes for this owner's version are pinned).
          plan.folder = plan.slug;
        }
        const { entry: pinned, entries, decision, warnings } = await checkOne(ws, plan, env);
        // A commit section: a Ctrl-C from the folder's move to the origin file's removal is held
        // until the adoption is whole. (It stopped the run between the move and the lock write:
        // the sandbox changed, the lock not, where exit 130 promises the state before or after.)
        const { adopted, removed } = await critical(async () => {
          const adopted = await commitAdoption(ws, plan, entries);
          // The slug's entry is the key's own, or none (a bare slug another entry held is refused above).
          const slugEntry = skills[plan.slug];
          if (plan.key !== plan.slug) delete skills[plan.key];
          skills[plan.slug] = pinned;
          // The lock is written after each adoption, so a later failure cannot lose an earlier pin.
          try {
            await saveLock(ws.lock);
            await testPoint('after-lock-before-cleanup');
          } catch (err) {
            // Not written (a full disk): the folder goes back where the lock and the tool that
            // installed it find it, with its modes, and the entries are as they were.
            delete skills[plan.slug];
            if (slugEntry !== undefined) skills[plan.slug] = slugEntry;
            skills[plan.key] = entry;
            await adopted.undo();
            throw err;
          }
          return { adopted, removed: await removeOriginMetadata(join(ws.sandbox.root, plan.slug)) };
        });
        const a: AdoptedSkill = {
          name: plan.slug,
          version: plan.version,
          ownerHandle: plan.ownerHandle ?? (typeof pinned.ownerHandle === 'string' ? pinned.ownerHandle : null),
          registry: String(pinned.registry),
          integrity: String(pinned.integrity),
          originRemoved: removed,
          decision,
          warnings,
        };
        if (plan.key !== plan.slug) a.rekeyedFrom = plan.key;
        if (adopted.movedFrom) a.movedFrom = adopted.movedFrom;
        result.adopted.push(a);
      } catch (err) {
        if (err instanceof Refusal) refuse(err.code, err.message, err.diff);
        else if (isSkillpinError(err)) refuse(err.code, err.message);
        else throw err;
      }
    }
    if (keys.length > 0) opts.onSkill?.(keys.length, keys.length);
    return result;
  });
}

/**
 * Make the adopted folder what `skill install` would have written: at `<sandbox>/<slug>` (a clawhub
 * CLI `@owner/<slug>` folder is renamed there, else install would leave a second, unpinned copy that
 * OpenClaw still loads) and with normalised modes. File bytes are not touched. `undo` puts the
 * folder and the modes back, for a lock that could not be written.
 */
async function commitAdoption(ws: Workspace, plan: Plan, entries: Array<{ path: string; mode: number; type: string }>): Promise<{ movedFrom?: string; undo: () => Promise<void> }> {
  const root = ws.sandbox.root;
  let movedFrom: string | undefined;
  const dir = join(root, plan.slug);
  const modes: Array<[string, number]> = [];
  const undo = async (): Promise<void> => {
    // Through a descriptor opened without following a link, as the modes were changed.
    for (const [target, mode] of modes.reverse()) {
      const handle = await open(target, READ_NOFOLLOW).catch(() => null);
      if (handle === null) continue;
      try {
        if (!(await openedAt(handle, target))) continue;
        await handle.chmod(mode);
      } finally {
        await handle.close();
      }
    }
    if (movedFrom !== undefined) {
      makeDirsSync(join(root, movedFrom, '..'));
      await rename(dir, join(root, movedFrom));
    }
  };
  if (plan.folder !== plan.slug) {
    await rename(join(root, plan.folder), dir);
    movedFrom = plan.folder;
    await rmdir(join(root, plan.folder, '..')).catch(() => undefined);
  }
  try {
    await normaliseAdoptedModes(dir, entries, plan.key, modes);
  } catch (err) {
    await undo();
    throw err;
  }
  return movedFrom ? { movedFrom, undo } : { undo };
}

/**
 * Give the adopted folder's entries the modes `skill install` writes (folders 0755, files their
 * zip mode), changing only what differs; returns each changed path with its mode before, for an
 * undo. The folder is the agent's to write, and it was compared a while ago (the scan and the
 * provenance check ran since): a file or folder swapped for a link to something outside the
 * sandbox meanwhile must not have that outside file's mode changed (`chmod` follows links; a key
 * made 0644, a file made executable). So no link is followed: each folder on the way is checked to
 * be a real folder, and each entry is opened without following a link and changed through its
 * descriptor, after checking it is still a folder, or a regular file with one link. Anything else
 * is ETAMPERED, and nothing more is changed (`changed` then holds what was, for the undo).
 */
export async function normaliseAdoptedModes(
  dir: string,
  entries: ReadonlyArray<{ path: string; mode: number; type: string }>,
  skill: string,
  changed: Array<[string, number]> = [],
): Promise<Array<[string, number]>> {
  const tampered = (path: string, what: string): Refusal =>
    new Refusal('ETAMPERED', `${skill}: ${path} ${what} since adopt compared the folder; nothing was pinned, and no link was followed`);
  const checkedFolders = new Set<string>();
  let realDir = dir;
  const realFolder = async (rel: string): Promise<boolean> => {
    if (checkedFolders.has(rel)) return true;
    const st = await lstat(rel ? join(dir, rel) : dir).catch(() => null);
    if (st === null) return false;
    if (st.isSymbolicLink() || !st.isDirectory()) throw tampered(rel || '.', st.isSymbolicLink() ? 'became a symbolic link' : 'is no longer a folder');
    if (rel === '') realDir = await realpath(dir);
    checkedFolders.add(rel);
    return true;
  };
  for (const e of entries) {
    const segments = e.path.split('/');
    let present = await realFolder('');
    for (let i = 1; present && i < segments.length; i++) present = await realFolder(segments.slice(0, i).join('/'));
    if (!present) continue; // an empty folder in the zip that was not installed: no file bytes at stake
    const target = join(dir, e.path);
    const directory = e.type === 'directory';
    let handle;
    try {
      handle = await open(target, READ_NOFOLLOW | (directory ? constants.O_DIRECTORY : 0));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      if (code === 'ELOOP' || code === 'ENOTDIR') throw tampered(e.path, code === 'ELOOP' ? 'became a symbolic link' : 'is no longer a folder');
      throw err;
    }
    try {
      // A folder on the way checked above may have been swapped for a link since (the checks are
      // not repeated per entry, and no check can be joined to the open): where the system says
      // which file a descriptor is (Linux), it must be this entry inside the folder checked.
      const expected = join(realDir, e.path);
      if (!(await openedAt(handle, expected))) throw tampered(e.path, 'is reached through a link on its way');
      const st = await handle.stat();
      if (directory ? !st.isDirectory() : !st.isFile() || st.nlink > 1) throw tampered(e.path, directory ? 'is no longer a folder' : st.isFile() ? `became a hard link (${st.nlink} links)` : 'is no longer a regular file');
      const want = directory ? 0o755 : e.mode;
      if ((st.mode & 0o7777) !== want) {
        await handle.chmod(want);
        changed.push([expected, st.mode & 0o7777]);
      }
    } finally {
      await handle.close();
    }
  }
  return changed;
}

/**
 * A run killed after it pinned `key`, before it removed the installing tool's origin metadata,
 * left that metadata in the folder: every later adopt found the entry pinned and left it, and
 * `skill verify` failed the folder for a file the lock does not pin. It is removed here (what the
 * killed run would have done; install drops it too), for a ClawHub entry in a one-segment folder
 * that is a real folder, never through a link.
 */
async function finishInterruptedAdoption(ws: Workspace, key: string, entry: LockEntry, opts: AdoptOptions): Promise<void> {
  if (lockedSourceOf(entry) !== 'clawhub' || key.includes('/')) return;
  let dir: string;
  try {
    dir = join(ws.sandbox.root, installedFolderOf(key, entry));
  } catch {
    return;
  }
  const st = await lstat(dir).catch(() => null);
  if (st === null || st.isSymbolicLink() || !st.isDirectory()) return;
  const removed = await removeOriginMetadata(dir);
  if (removed.length > 0) opts.onRecover?.(`completed an interrupted adoption of ${key}: removed ${removed.join(', ')} from its folder, as the lock already pinned it`);
}

/**
 * Whether the open `handle` is the file at `path` (a path with no link in it): the path the system
 * records for the descriptor (/proc/self/fd on Linux) must be that one. Where the system says
 * nothing (no /proc), true: the checks before the open are all there is.
 */
async function openedAt(handle: FileHandle, path: string): Promise<boolean> {
  const at = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => null);
  return at === null || at === path;
}

/**
 * Remove the origin file the installing tool left in the skill folder. Without it OpenClaw treats the
 * skill as not linked, so its own updater cannot move it past skillpin's pin; and the folder then
 * holds exactly the pinned files, so `skill install --frozen` and `skill verify` pass.
 */
async function removeOriginMetadata(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of METADATA_DIRS) {
    const path = join(dir, name);
    if ((await lstat(path).catch(() => null)) === null) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** The error `skill adopt` ends with when some entries were not pinned (the report rides along). */
export function adoptFailure(r: AdoptResult): SkillpinError | null {
  if (r.refused.length === 0) return null;
  const tampered = r.refused.filter((x) => x.code === 'ETAMPERED');
  const code: ErrorCode = tampered.length ? 'ETAMPERED' : (r.refused[0] as RefusedSkill).code;
  const names = r.refused.map((x) => x.name).join(', ');
  return new SkillpinError(code, `not adopted: ${names}${tampered.length ? ` (${tampered.length} do not match what ClawHub publishes)` : ''}`, {
    adopted: r.adopted,
    refused: r.refused,
    untracked: r.untracked,
    alreadyPinned: r.alreadyPinned,
    hint: tampered.length
      ? `Their lock entries and folders were left unchanged. Reinstall them from a reviewed pin: skill remove ${tampered.map((x) => x.name).join(' ')}, then skill add clawhub:@owner/slug@<version>.`
      : 'Their lock entries and folders were left unchanged; see the reason for each.',
  });
}

export function renderAdopt(r: AdoptResult, lock?: { path: string; exists: boolean }): string {
  const lines: string[] = [];
  for (const a of r.adopted) {
    const how = [a.rekeyedFrom ? `re-keyed from ${a.rekeyedFrom}` : '', a.movedFrom ? `moved from ${a.movedFrom}/` : '', a.originRemoved.length ? `removed ${a.originRemoved.join(', ')}/origin` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`adopted ${formatClawhubSpec({ ownerHandle: a.ownerHandle ?? undefined, slug: a.name, version: a.version })}${how ? ` (${how})` : ''}`);
    for (const w of a.warnings) lines.push(`    warning: ${w}`);
  }
  // Each field on its line, as list prints its own: an entry's version, a sandbox folder's name, a
  // file's path and an origin file's words are anyone's text, and a line break in one printed a line
  // of its own (`adopted weather@1.4.0` under an untracked folder).
  for (const x of r.refused) {
    lines.push(`NOT adopted ${oneLine(`${x.name}${x.version ? `@${x.version}` : ''}`)} [${x.code}]: ${x.message}`);
    for (const p of x.differ ?? []) lines.push(`    differs: ${oneLine(p)}`);
    for (const p of x.missing ?? []) lines.push(`    missing: ${oneLine(p)}`);
    for (const p of x.extra ?? []) lines.push(`    extra:   ${oneLine(p)}`);
  }
  for (const u of r.untracked) {
    lines.push(oneLine(`untracked ${u.folder}/${u.origin ? ` (its origin file says ${u.origin.slug}@${u.origin.installedVersion} from ${u.origin.registry}; not trusted)` : ''}`));
  }
  if (lines.length === 0) {
    if (r.alreadyPinned.length) lines.push(`nothing to adopt: ${counted(r.alreadyPinned.length, 'entry', 'entries')} already pinned`);
    else if (lock && !lock.exists) lines.push(`nothing to adopt: no lock at ${lock.path} (the clawhub CLI and OpenClaw write it; --cwd DIR names another workspace)`);
    else lines.push('nothing to adopt: the lock is empty');
  }
  return `${lines.join('\n')}\n`;
}
