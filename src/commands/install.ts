// `skill install [--frozen]`: make the sandbox hold exactly what the lock pins, fetched by
// integrity (from cache when present), checked file by file against the lock.

import { join } from 'node:path';
import { SkillpinError } from '../errors.js';
import { assertCacheUsable } from '../config/index.js';
import { fsyncDir, readRegularText } from '../fsutil/index.js';
import { diffFileMaps, fileIntegrity } from '../integrity/index.js';
import { onInterrupt } from '../interrupt/index.js';
import { knownManifest, manifestSlot, openclawIdentity, rememberManifest, type KnownManifest } from '../manifest/index.js';
import { folderClashes, folderClashText, isPinned, lockedSourceOf, saveLock, serializeLock, skillFolderName, type LockEntry } from '../lockfile/index.js';
import { analyse, enforceDecision, installCandidate, rememberInstalled } from '../pipeline/index.js';
import { knownChecked } from '../pipeline/checked.js';
import { poolFor, worthAWorker, type CheckPool } from '../parallel/index.js';
import { installedIdentity, type InstalledIdentity } from '../policy/installed.js';
import { folderMatches, prepareSandboxRoot, type EntryWriter } from '../sandbox/index.js';
import { fetchLocked } from '../source/index.js';
import type { Unpacker } from '../sandbox/unpack.js';
import { TreeCache } from '../source/tree-cache.js';
import { formatClawhubSpec } from '../source/clawhub/index.js';
import type { UI } from '../ui/index.js';
import { openVerdictStore, verdictReport, type VerdictReport, type VerdictStore } from '../verdicts/index.js';
import { unpinnedError } from '../verify/lock.js';
import type { Workspace } from '../workspace/index.js';
import { withWorkspace, type CommonOptions } from './common.js';
import { recheckLockedProvenance, trustConfigOf } from './provenance.js';

export interface InstallOptions extends CommonOptions {
  frozen?: boolean;
  ui: UI;
  concurrency?: number;
}

export interface InstallResult {
  installed: Array<{ name: string; version: string }>;
  unchanged: Array<{ name: string; version: string }>;
  /**
   * Of `unchanged`, the folders that held exactly the pinned files but that this machine had never
   * checked against the archive the lock pins: fetched by integrity, compared and scanned this run
   * (a sandbox kept in version control, a first run after an upgrade of skillpin's scanner).
   */
  checked: Array<{ name: string; version: string }>;
  lockWritten: boolean;
  /** Scan and provenance verdicts answered from the verdict cache in this run. */
  verdictCache: VerdictReport;
  /** Worker threads that unpacked tarballs and ran scans and Sigstore checks (0: all on the main thread). */
  workers: number;
}

/** True when the installed folder already holds exactly the locked files with normalised modes. */
export { folderMatches };

/** Run `fn` over items with at most `limit` in flight; the first failure stops new work. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed: unknown = null;
  async function worker(): Promise<void> {
    while (failed === null && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (err) {
        failed ??= err;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== null) throw failed;
  return results;
}

/** From this many tasks in the hands of every worker, a tarball is unpacked on this thread instead. */
const UNPACK_HERE_BACKLOG = 1;

/** Unpack on a worker, or here when every worker is busy (same checks, same result). */
function lockedUnpacker(pool: CheckPool, known: KnownManifest | null): Unpacker {
  return async (archive, integrity, limits, skill, pack) => {
    if (pool.backlog() < UNPACK_HERE_BACKLOG) return pool.unpack(archive, integrity, limits, skill, known, pack ?? null);
    // node-tar loads on the first tarball read here, not with this module.
    return (await import('../sandbox/unpack.js')).unpackArchive(archive, integrity, limits, skill, pack);
  };
}

/** What every skill of one install run shares. */
interface InstallRun {
  ui: UI;
  env: NodeJS.ProcessEnv;
  pool: CheckPool | null;
  /** Checks the sandbox root once, before the first write. */
  rootReady: () => Promise<void>;
  /** The run's verdict store, reading this workspace's batches. */
  verdicts: VerdictStore;
  /** Unpacked registry tarballs (null when the verdict cache, which vouches for them, is off). */
  trees: TreeCache | null;
  /**
   * The pool that writes staging folders from the tree cache: the run's pool from
   * STAGE_POOL_THRESHOLD skills on (or with SKILLPIN_WORKERS set), else none.
   */
  stagePool: CheckPool | null;
  /** Who OpenClaw takes each skill of the lock for, claimed before its folder is written. */
  identities: IdentityClaims;
}

/**
 * Who OpenClaw takes each locked skill for (its name and config entry), so that no two entries of
 * one lock are taken for one skill. OpenClaw keeps one skill per name and gives the env and apiKey
 * under `skills.entries.<entry>` to every skill that names that entry: `skill add` and `skill
 * update` refuse a newcomer that would take over an installed skill so, and a lock edited by hand
 * (or two branches' locks merged) must not bring one in unreviewed. A skill claims its identity
 * before its folder is written, and the folders already in place claim theirs first, so the second
 * of a pair is refused before it lands.
 */
export class IdentityClaims {
  private readonly byName = new Map<string, string>();
  private readonly byEntry = new Map<string, string>();

  constructor(private readonly lockPath: string) {}

  claim(key: string, mine: InstalledIdentity): void {
    const sameName = this.byName.get(mine.name);
    const other = sameName ?? this.byEntry.get(mine.configEntry);
    if (other !== undefined && other !== key) {
      const [a, b] = [other, key].sort();
      const why = sameName !== undefined
        ? `both load in OpenClaw under the name ${JSON.stringify(mine.name)}, and OpenClaw keeps one skill per name`
        : `are both given the env and apiKey OpenClaw has configured under skills.entries[${JSON.stringify(mine.configEntry)}]`;
      throw new SkillpinError('ELOCKFILE', `lock entries ${a} and ${b} ${why}`, {
        skills: [a, b],
        ...(sameName !== undefined ? { loadsAs: mine.name } : { configEntry: mine.configEntry }),
        file: this.lockPath,
        hint: `skill add and skill update refuse a skill OpenClaw would take for one already installed, so this lock was edited by hand, merged from two branches or written by an older skillpin, which did not compare them. Remove the entry that is not meant to be there (skill remove ${b}, or ${a}), or restore the lock from version control.`,
      });
    }
    this.byName.set(mine.name, key);
    this.byEntry.set(mine.configEntry, key);
  }
}

/**
 * From this many skills, a worker writes the staging folders of a warm install. This thread
 * reads, checks and writes a skill from the tree cache in well under a millisecond, and the worker
 * takes ~0.14 s to start on Node 20 (and about as long to stop at exit when it has not finished
 * starting): a warm install of 30 skills was 38 ms faster (se 13, 15 pairs) with no worker to start.
 */
const STAGE_POOL_THRESHOLD = 300;

/**
 * Who writes a staging folder of entries from the tree cache: a worker that has loaded its writer,
 * moved the pack's own memory (CheckPool.stage), or, with no writer given, this thread. Until the
 * worker has started and loaded its writer, this thread writes: a worker still booting held the
 * first folders handed to it, and this thread then waited (a warm install of 30 skills, whose
 * writes take it a few milliseconds, waited ~0.1 s; CheckPool.ready).
 */
export function treeCacheWriter(pool: Pick<CheckPool, 'isReady' | 'stage'> | null, fromTreeCache: boolean, pack: Buffer | null): { write?: EntryWriter } {
  if (!pool || !fromTreeCache || !pool.isReady('stage')) return {};
  return { write: (dir, entries) => pool.stage(dir, entries, pack) };
}

/**
 * Fetch `name` by the integrity its entry pins, check the archive against the entry's files, scan
 * it and re-check its provenance, then write its folder; or, `inPlace` (its folder already holds
 * exactly the pinned files), leave the folder as it is once the checks pass.
 */
async function installOne(ws: Workspace, name: string, entry: LockEntry, run: InstallRun, inPlace = false): Promise<void> {
  const { ui, env, pool, stagePool, rootReady, verdicts } = run;
  // The parse of this SKILL.md when a run before parsed exactly the bytes the lock pins.
  const slot = verdicts.enabled ? manifestSlot(entry.files ?? {}) : null;
  const known = slot ? knownManifest(verdicts, slot) : null;
  // A registry tarball unpacked by an earlier run: its checked entries from the tree cache. A pack
  // is read on this thread (a sha256 and the entry rules, ~0.4 ms) and a worker writes the files.
  // (A warm install of 1,000 with packs read on the worker too: 2.33 against 2.10 s, 7 interleaved
  // runs; the worker was then the busy thread.)
  const tree = run.trees && lockedSourceOf(entry) === 'npm' ? run.trees.lookup(entry.integrity as string) : null;
  // Staging folders to write: the worker loads its writer now (see the write below).
  if (stagePool && tree) void stagePool.ready('stage');
  // A tarball is unpacked here once every worker has a task in hand, else on a worker. On two
  // cores a cold run's worker (Sigstore checks, scans, unpacking) was the busy thread while this
  // one idled ~2.8 s of ~10; unpacking here also spares sending the archive to the worker and its
  // files back, as this thread writes them. Cold install of 1,000, interleaved on a kept workspace:
  // 9.10 -> 7.91 s (7 runs); 8.62 -> 7.56 s from one task in hand, 8.02 from two (5 runs).
  const unpack = pool && !tree ? lockedUnpacker(pool, known) : undefined;
  // A tarball to unpack means scans and Sigstore checks to come: the worker loads their code now,
  // while this thread fetches. N = 100 cold, interleaved: 1.54 -> 1.46 s (20 runs); without it this
  // thread sat idle ~0.3 s of a profiled run waiting for the worker's first answers.
  if (pool && !tree) pool.preload(trustConfigOf(ws)).catch(() => {});
  const fetched = await fetchLocked(name, entry, ws, { preferOffline: true, env, tree, ...(unpack ? { unpack } : {}) });
  const accepted = (entry.acceptedRisks ?? []).map((a) => a.rule);
  const label = entry.source === 'clawhub' ? formatClawhubSpec({ ownerHandle: entry.ownerHandle, slug: name, version: String(entry.version) }) : `${name}@${entry.version}`;
  const candidate = await analyse(fetched, {
    spec: label,
    pinnedSpec: label,
    pinned: true,
    knownNames: [],
    acceptedRisks: accepted,
    verdicts,
    knownManifest: known,
    locked: true,
    ...(pool ? { scanner: (files, o) => pool.scan(files, o) } : {}),
    provenance: () => recheckLockedProvenance(ws, name, entry, pool),
  });
  // The lock's per-file hashes must describe the pinned tarball: an edited lock is caught here.
  // fromEntries (and diffFileMaps' own keys): a file named `__proto__` is a file like any other here.
  const fromArchive: Record<string, string> = Object.fromEntries(fetched.entries.filter((e) => e.type === 'file' && e.data).map((e) => [e.path, fileIntegrity(e.data as Buffer)]));
  const diff = diffFileMaps(entry.files ?? {}, fromArchive);
  const mismatch = [...diff.changed, ...diff.added, ...diff.removed];
  if (mismatch.length) {
    throw new SkillpinError('ETAMPERED', `${name}@${entry.version}: the lock's file hashes do not match the pinned tarball (${mismatch.slice(0, 5).join(', ')})`, {
      skill: name,
      files: mismatch,
      hint: `The lock entry was edited by hand or by another tool. Restore it from version control, or re-pin with skill add ${name}@${entry.version}.`,
    });
  }
  // The archive's manifest file has the bytes the lock pins: its parse is theirs.
  if (slot !== null && known === null) rememberManifest(verdicts, slot, candidate.manifest);
  // Before anything of it is written: no other skill of the lock may be taken for this one.
  run.identities.claim(name, openclawIdentity(candidate.manifest, skillFolderName(name)));
  try {
    enforceDecision(candidate, accepted);
  } catch (err) {
    if (err instanceof SkillpinError && err.code === 'EUSAGE') {
      // A rule accepted earlier no longer fires (rules improved): that is not a reason to fail.
    } else throw err;
  }
  if (inPlace) {
    // The folder holds exactly these files, now known to be the pinned archive's, scanned and
    // passed: nothing to write.
    rememberInstalled(ws, candidate, entry, fromArchive);
    ui.info(`checked ${name}@${entry.version} against its archive`);
    return;
  }
  await rootReady();
  // Entries from the tree cache: a worker writes the staging folder's files. Then this thread is
  // the busy one (the worker neither unpacks nor, with the verdicts cached, scans or verifies),
  // and the writes were a third of its work. Entries from a tarball are written here: the worker
  // unpacking, scanning and verifying is the busy one then (cold install of 1,000: 10.25 -> 10.57 s
  // with the worker writing them too).
  // The pack's own memory goes to the worker with no copy (nothing here reads the entries' bytes
  // after staging; their sha512s are taken before). A pack read here, copied and dropped per skill
  // left up to 53 MB of dead buffers waiting for a collection on Node 22 and 24, whose V8 collects
  // external memory later than Node 20's: a warm install of 1,000 on Node 22 peaked at 143-187
  // MiB against 136-157 with the move (10 interleaved pairs; Node 20 136 -> 128 MiB), at the same
  // speed.
  await installCandidate(ws, candidate, { deferFsync: true, rootChecked: true, ...treeCacheWriter(stagePool, fetched.fromTreeCache === true, tree?.pack ?? null) });
  // A skill from the tree cache is read, checked and written without waiting on any I/O callback,
  // so the worker's answer that it is ready would wait for the whole run: take it between skills.
  if (stagePool && fetched.fromTreeCache && !stagePool.isReady('stage')) await new Promise<void>((resolve) => setImmediate(resolve));
  // Installed from a registry tarball that matched its pin and the lock's file hashes: kept unpacked for the next run.
  if (run.trees && !fetched.fromTreeCache && fetched.resolved.source === 'npm') run.trees.remember(fetched.integrity, fetched.entries);
  ui.info(`installed ${name}@${entry.version}`);
}

export async function install(opts: InstallOptions): Promise<InstallResult> {
  return withWorkspace(opts, async (ws) => {
    const skills = ws.lock.lock.skills;
    const names = Object.keys(skills).sort();
    // A name no folder can be made of first: no advice to pin it (`skill add <that name>`) can help.
    for (const name of names) {
      try {
        skillFolderName(name);
      } catch (err) {
        throw new SkillpinError('ELOCKFILE', `lock entry ${JSON.stringify(name)} cannot be installed: ${(err as Error).message}`, {
          skill: name,
          file: ws.config.lockPath,
          hint: `No skill can be installed under that name. Remove the entry with \`skill remove '${name}'\`, or restore the lock from version control.`,
        });
      }
    }
    // Two entries one folder: the second would be written over the first (verify reports it too).
    const clash = folderClashes(names)[0];
    if (clash) {
      throw new SkillpinError('ELOCKFILE', `lock entries ${folderClashText(clash[0], clash[1])}`, {
        skills: clash,
        file: ws.config.lockPath,
        hint: `One folder cannot hold both (file systems may fold case). Remove one with \`skill remove '${clash[1]}'\`, or restore the lock from version control.`,
      });
    }
    const unpinned = names.filter((n) => !isPinned(skills[n] as LockEntry));
    if (unpinned.length) {
      const first = unpinnedError(unpinned[0] as string, skills[unpinned[0] as string] as LockEntry);
      throw new SkillpinError('EUNPINNED', `${unpinned.length} lock ${unpinned.length === 1 ? 'entry is' : 'entries are'} not pinned: ${unpinned.join(', ')}`, {
        skills: unpinned,
        hint: first.hint ?? 'Pin every entry before installing.',
      });
    }
    const installed: InstallResult['installed'] = [];
    const unchanged: InstallResult['unchanged'] = [];
    const checked: InstallResult['checked'] = [];
    let done = 0;
    // Unpacking, scans and Sigstore checks go to worker threads when there are enough skills to pay
    // for them; the workers start on the first task (a warm run's first unpack).
    const env = opts.env ?? process.env;
    const pool = poolFor(names.length, env);
    let workers = 0;
    // The sandbox root is checked (a real folder, clear of .clawhub) once, before the first write.
    let rootChecked: Promise<void> | null = null;
    const rootReady = () => (rootChecked ??= prepareSandboxRoot(ws.sandbox).then(() => undefined));
    // This workspace's scan, provenance, manifest and tree verdicts of its last run, one read per kind (src/verdicts).
    const verdicts = openVerdictStore(ws.config.verdicts);
    verdicts.useBatches(ws.config.lockPath);
    assertCacheUsable(ws.config.cache, env);
    const trees = verdicts.enabled ? new TreeCache(ws.config.cache, verdicts, ws.config.limits) : null;
    const stagePool = worthAWorker(names.length, STAGE_POOL_THRESHOLD, env) ? pool : null;
    const identities = new IdentityClaims(ws.config.lockPath);
    const run: InstallRun = { ui: opts.ui, env, pool, stagePool, rootReady, verdicts, trees, identities };
    // The verdicts this run learns are written with its batches at the end, also when it fails or
    // is interrupted, so the next run need not check again what this one already did.
    let complete = false;
    const forget = onInterrupt(() => verdicts.saveBatches({ complete: false }));
    try {
      // The folders already holding what the lock pins first: they claim who OpenClaw takes them
      // for before any other skill is written beside them (IdentityClaims).
      const inPlace = await mapLimit(names, opts.concurrency ?? 8, (name) => folderMatches(join(ws.sandbox.root, skillFolderName(name)), (skills[name] as LockEntry).files ?? {}));
      const toInstall: string[] = [];
      // In place, but never checked here against the archive the lock pins: a folder and a lock
      // entry written to match each other would otherwise pass unscanned (./pipeline/checked.ts).
      const toCheck = new Set<string>();
      names.forEach((name, i) => {
        const entry = skills[name] as LockEntry;
        if (!inPlace[i]) {
          toInstall.push(name);
          return;
        }
        const identity = installedIdentity(ws, name, entry, verdicts, { pinnedInPlace: true });
        if (identity) identities.claim(name, identity);
        if (!knownChecked(verdicts, ws.config, name, entry)) {
          toCheck.add(name);
          return;
        }
        unchanged.push({ name, version: entry.version as string });
        opts.ui.progress(++done, names.length, 'install');
      });
      await mapLimit([...toCheck, ...toInstall], opts.concurrency ?? 8, async (name) => {
        const entry = skills[name] as LockEntry;
        const again = toCheck.has(name);
        await installOne(ws, name, entry, run, again);
        const item = { name, version: entry.version as string };
        if (again) {
          unchanged.push(item);
          checked.push(item);
        } else installed.push(item);
        opts.ui.progress(++done, names.length, 'install');
      });
      // Skills left in place asked only for their checked verdict and their SKILL.md's parse: their
      // scan and provenance entries in the batches stay (merged, not replaced).
      complete = unchanged.length === 0;
    } finally {
      workers = pool?.started ?? 0;
      await pool?.close();
      forget();
      verdicts.saveBatches({ complete });
    }
    // One fsync of the sandbox root makes every first-time folder rename above durable.
    if (installed.length > 0) await fsyncDir(ws.sandbox.root);
    let lockWritten = false;
    if (!opts.frozen && ws.lock.exists) {
      // A non-frozen install normalises the lock (sorted keys, stable form) when it is not already.
      const current = await readRegularText(ws.config.lockPath);
      if (current !== serializeLock(ws.lock.lock)) {
        await saveLock(ws.lock);
        lockWritten = true;
      }
    }
    for (const list of [installed, unchanged, checked]) list.sort((a, b) => a.name.localeCompare(b.name));
    return { installed, unchanged, checked, lockWritten, verdictCache: verdictReport(verdicts), workers };
  }, { needsLock: opts.frozen ? '--frozen installs exactly what a lock pins, and there is none here' : 'install installs what a lock pins, and there is none here (skill add pins a first skill)', frozen: Boolean(opts.frozen) });
}
