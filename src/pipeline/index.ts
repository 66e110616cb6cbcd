// The one path every install takes: fetch (integrity-checked) -> manifest -> scan -> provenance ->
// review model; then, once decided, stage -> swap -> lock entry. Used by add, install and update.

import { lstatSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SkillpinError } from '../errors.js';
import { critical } from '../interrupt/index.js';
import { installedFolderOf, saveLock, skillFolderName, type LockEntry } from '../lockfile/index.js';
import { capabilitiesOf, manifestOf, refuseNoDescription, type Capabilities, type KnownManifest, type Manifest } from '../manifest/index.js';
import type { InvalidManifestReview, ProvenanceView, ReviewModel } from '../review/index.js';
import { commitStaged, discardStaged, moveSkillFolderAside, ownerFolderOf, removeSkillFolder, stageEntries, trashPath, type EntryWriter } from '../sandbox/index.js';
import { scanSkillCached, type ScanRunner } from '../scan/cached.js';
import { blockingRules, decide } from '../scan/decide.js';
import type { ScanResult } from '../scan/index.js';
import type { FetchedSkill, ModerationInfo } from '../source/types.js';
import { testPoint } from '../testhooks.js';
import { openVerdictStore, type VerdictStore } from '../verdicts/index.js';
import type { Workspace } from '../workspace/index.js';
import { rememberChecked } from './checked.js';
import { removeJournal, rollBackInstall, writeJournal, type JournalRecord } from './journal.js';

export { journalText, pendingJournals, recoverPending, sweepStale, JOURNAL_DIR, type JournalRecord, type Recovery } from './journal.js';

export interface Candidate {
  fetched: FetchedSkill;
  manifest: Manifest;
  capabilities: Capabilities;
  scan: ScanResult;
  provenance: ProvenanceView;
  /** The lock's `provenance` value to write (undefined: not checked, leave the field out). */
  provenanceRecord?: LockEntry['provenance'];
  /** Whether the registry's signature over this version verified (npm sources; undefined otherwise). */
  registrySigned?: boolean;
  /** Provenance changes the person accepted (identity change, downgrade), for the lock entry. */
  acceptedChanges: Array<{ kind: string; from: unknown; to: unknown }>;
  /** An unaccepted identity change or provenance loss (EIDENTITY/EDOWNGRADE), raised after the review. */
  provenanceBlock?: SkillpinError;
  review: ReviewModel;
}


function modeString(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

export interface AnalyseOptions {
  spec: string;
  pinnedSpec: string;
  pinned: boolean;
  knownNames: string[];
  acceptedRisks: string[];
  /** Remember scan results across runs (install --frozen); absent: always scan. */
  verdicts?: VerdictStore;
  /** Run the scan elsewhere (a worker thread); absent: on this thread. */
  scanner?: ScanRunner;
  /** A parse of the SKILL.md remembered for exactly its bytes (manifestOf); absent: parse it. */
  knownManifest?: KnownManifest | null;
  /**
   * An EMANIFEST refusal carries the review of what was found (files, findings, provenance) as its
   * `review` fact, for a person vetting the package (`skill review`, `skill add`).
   */
  reviewInvalidManifest?: boolean;
  /** The package is already pinned by the lock (install): not held to the rules for a new pin (refuseNoDescription). */
  locked?: boolean;
  provenance: (fetched: FetchedSkill) => Promise<{ view: ProvenanceView; record?: LockEntry['provenance']; registrySigned?: boolean; accepted?: Array<{ kind: string; from: unknown; to: unknown }>; block?: SkillpinError }>;
}

/**
 * A skill whose SKILL.md cannot be read is still scanned: what its files do outranks how its
 * frontmatter is written. Blocking findings make it ERISK (exit 1) naming them, with the manifest's
 * problem beside them; EMANIFEST alone would tell the person to ask the publisher for a fix (one
 * ClawHavoc skill of the archive reached the user that way). Otherwise the EMANIFEST stands, with
 * the scan it had, for the review of an invalid manifest.
 */
async function manifestOrRiskError(err: unknown, scanFiles: Array<{ path: string; data: Buffer }>, scanOpts: { name: string; knownNames: string[] }, opts: AnalyseOptions): Promise<{ error: unknown; scan?: ScanResult }> {
  if (!(err instanceof SkillpinError) || err.code !== 'EMANIFEST') return { error: err };
  const scan = await scanSkillCached(scanFiles, scanOpts, opts.verdicts, opts.scanner);
  const blocking = blockingRules(scan.findings);
  if (blocking.length === 0) return { error: err, scan };
  const where = scan.findings.filter((f) => f.severity === 'block').map((f) => `${f.rule} (${f.file}:${f.line})`);
  return {
    error: new SkillpinError('ERISK', `${scanOpts.name} is blocked by risk findings: ${blocking.join(', ')}; its SKILL.md is also invalid (${err.message})`, {
      skill: scanOpts.name,
      rules: blocking,
      findings: [...new Set(where)].slice(0, 10),
      hint: 'Its files do what malicious skills do. Do not install it, and do not ask the publisher for a fixed SKILL.md.',
    }),
  };
}

/** How the moderation verdict moves the scan's decision: blocked blocks, suspicious warns. */
function decisionOf(findings: ScanResult['findings'], accepted: string[], moderation: ModerationInfo | null): ReviewModel['decision'] {
  let decision = decide(findings, accepted);
  if (moderation?.blocked && decision !== 'block') decision = 'block';
  else if (moderation?.suspicious && decision === 'allow') decision = 'warn';
  return decision;
}

/** The review's facts that come from the fetched bytes and the source alone, not from the SKILL.md. */
function reviewBase(fetched: FetchedSkill, opts: AnalyseOptions): Omit<ReviewModel, 'skill' | 'capabilities' | 'install' | 'provenance' | 'findings' | 'decision'> {
  const r = fetched.resolved;
  const files = fetched.entries.filter((e) => e.type === 'file');
  return {
    name: r.name,
    version: r.version,
    spec: opts.spec,
    pinnedSpec: opts.pinnedSpec,
    pinned: opts.pinned,
    source: r.source,
    registry: r.registry,
    resolved: r.resolved,
    integrity: fetched.integrity,
    publisher: r.publisher ?? null,
    publishedAt: r.publishedAt ?? null,
    files: files.map((e) => ({ path: e.path, size: e.data?.length ?? 0, mode: modeString(e.mode) })),
    totalBytes: files.reduce((n, e) => n + (e.data?.length ?? 0), 0),
    moderation: r.moderation ?? null,
    acceptedRisks: opts.acceptedRisks,
    ...(fetched.dropped?.length ? { dropped: fetched.dropped } : {}),
  };
}

/**
 * The review of a package whose SKILL.md is invalid and whose files nothing blocks: source,
 * provenance, moderation, files and findings, with no capabilities (only a valid SKILL.md declares
 * them). A provenance check that fails is shown, not raised: the EMANIFEST refusal stands.
 */
async function invalidManifestReview(err: SkillpinError, fetched: FetchedSkill, scan: ScanResult, opts: AnalyseOptions): Promise<InvalidManifestReview> {
  let provenance: ProvenanceView;
  try {
    const prov = await opts.provenance(fetched);
    provenance = prov.block ? { ...prov.view, warnings: [...prov.view.warnings, `${prov.block.code}: ${prov.block.message}`] } : prov.view;
  } catch (perr) {
    if (perr instanceof SkillpinError && perr.code === 'EINTERRUPTED') throw perr;
    const what = perr instanceof SkillpinError ? `${perr.code}: ${perr.message}` : perr instanceof Error ? perr.message : String(perr);
    provenance = { status: 'not checked', summary: `check failed: ${what}`, warnings: [] };
  }
  const base = reviewBase(fetched, opts);
  return {
    ...base,
    skill: null,
    capabilities: null,
    install: null,
    provenance,
    findings: scan.findings,
    decision: 'refused',
    scanDecision: decisionOf(scan.findings, opts.acceptedRisks, base.moderation),
    manifestError: { code: 'EMANIFEST', message: err.message, hint: err.hint ?? null },
  };
}

/**
 * The EMANIFEST refusal, with the review of what was found (as `review` beside code, message and
 * hint in `--json`) when the caller asked for it (AnalyseOptions.reviewInvalidManifest).
 */
export function invalidManifestReviewOf(err: unknown): InvalidManifestReview | null {
  if (!(err instanceof SkillpinError) || err.code !== 'EMANIFEST') return null;
  const review = err.facts.review;
  return typeof review === 'object' && review !== null && (review as { decision?: unknown }).decision === 'refused' ? (review as InvalidManifestReview) : null;
}

/** Everything the review shows, computed from fetched bytes. Pure apart from provenance. */
export async function analyse(fetched: FetchedSkill, opts: AnalyseOptions): Promise<Candidate> {
  const r = fetched.resolved;
  const files = fetched.entries.filter((e) => e.type === 'file');
  const scanFiles = files.map((e) => ({ path: e.path, data: e.data ?? Buffer.alloc(0) }));
  const scanOpts = { name: r.name, knownNames: opts.knownNames.filter((n) => n !== r.name) };
  let manifest: Manifest;
  try {
    // A worker that unpacked the archive may have parsed the SKILL.md already (same code, same bytes).
    manifest = fetched.manifest ?? manifestOf(fetched.entries, r.name, opts.knownManifest ?? null);
    if (!opts.locked) refuseNoDescription(manifest, fetched.entries, r.name);
  } catch (err) {
    const { error, scan } = await manifestOrRiskError(err, scanFiles, scanOpts, opts);
    if (opts.reviewInvalidManifest && scan && error instanceof SkillpinError && error.code === 'EMANIFEST') {
      const review = await invalidManifestReview(error, fetched, scan, opts);
      throw new SkillpinError(error.code, error.message, { ...error.facts, skill: error.skill, hint: error.hint, review }, { cause: error });
    }
    throw error;
  }
  // The folder it is installed in: OpenClaw's name for a skill whose SKILL.md gives none.
  let folder = r.name;
  try {
    folder = skillFolderName(r.name);
  } catch {
    // A name no folder can have (a review of a local folder): it is shown as it is.
  }
  const capabilities = capabilitiesOf(manifest, folder);
  // With a worker for the scan, the scan and the provenance check run at the same time.
  const [scan, prov] = await Promise.all([scanSkillCached(scanFiles, scanOpts, opts.verdicts, opts.scanner), opts.provenance(fetched)]);
  const base = reviewBase(fetched, opts);
  const review: ReviewModel = {
    ...base,
    skill: { name: manifest.name ?? null, description: manifest.description ?? null },
    capabilities,
    install: capabilities.install,
    provenance: prov.view,
    findings: scan.findings,
    decision: decisionOf(scan.findings, opts.acceptedRisks, base.moderation),
  };
  const candidate: Candidate = { fetched, manifest, capabilities, scan, provenance: prov.view, review, acceptedChanges: prov.accepted ?? [] };
  if (prov.record !== undefined) candidate.provenanceRecord = prov.record;
  if (prov.registrySigned !== undefined) candidate.registrySigned = prov.registrySigned;
  if (prov.block) candidate.provenanceBlock = prov.block;
  return candidate;
}

/** Refuse a blocked candidate unless every blocking rule was accepted by name. */
export function enforceDecision(c: Candidate, accepted: string[], opts: { strays?: boolean } = {}): void {
  const r = c.review;
  if (c.provenanceBlock) throw c.provenanceBlock;
  if (r.moderation?.blocked) {
    throw new SkillpinError('ERISK', `${r.name}@${r.version} is blocked by the registry's moderation (${r.moderation.status})`, {
      skill: r.name,
      hint: 'The registry marked this version as malware. Do not install it.',
    });
  }
  const blocking = blockingRules(c.scan.findings);
  const unaccepted = blocking.filter((rule) => !accepted.includes(rule));
  if (unaccepted.length > 0) {
    throw new SkillpinError('ERISK', `${r.name}@${r.version} is blocked by risk findings: ${unaccepted.join(', ')}`, {
      skill: r.name,
      rules: unaccepted,
      hint: `Read the findings in the review. Only if you are sure they are false alarms, re-run with --accept-risk ${unaccepted.join(',')}.`,
    });
  }
  // One skill: an accepted rule that does not block it is a mistake worth stopping for. Several
  // (update --all) share the list, so the caller reports the rules that blocked none of them.
  const stray = opts.strays === false ? [] : accepted.filter((rule) => !blocking.includes(rule));
  if (stray.length > 0) {
    throw new SkillpinError('EUSAGE', `--accept-risk names rules that do not block ${r.name}@${r.version}: ${stray.join(', ')}`, {
      skill: r.name,
      hint: blocking.length ? `The blocking rules are: ${blocking.join(', ')}.` : 'Nothing blocks this skill; drop --accept-risk.',
    });
  }
}

/** The sha256 of an entry's `artifact` (OpenClaw's, and skillpin's ClawHub pins), lower case. */
function artifactSha256(artifact: unknown): string | undefined {
  const sha = typeof artifact === 'object' && artifact !== null ? (artifact as { sha256?: unknown }).sha256 : undefined;
  return typeof sha === 'string' && sha !== '' ? sha.toLowerCase() : undefined;
}

/** Whether `fetched` is the archive `previous` recorded: its integrity, else the artifact's sha256. */
function sameArtifact(previous: LockEntry, fetched: FetchedSkill): boolean {
  if (previous.integrity !== undefined) return previous.integrity === fetched.integrity;
  const before = artifactSha256(previous.artifact);
  return before !== undefined && before === artifactSha256(fetched.lockExtras?.artifact);
}

/** The lock entry for a candidate, keeping every field of `previous` that skillpin does not own. */
export function lockEntryFor(c: Candidate, files: Record<string, string>, previous: LockEntry | undefined, extras: Partial<LockEntry> = {}): LockEntry {
  const r = c.fetched.resolved;
  const owned = new Set(['version', 'installedAt', 'registry', 'resolved', 'integrity', 'files', 'provenance', 'registrySigned', 'capabilities', 'source', 'ownerHandle', 'acceptedRisks', 'acceptedChanges']);
  const kept: LockEntry = {};
  for (const [k, v] of Object.entries(previous ?? {})) if (!owned.has(k)) kept[k] = v;
  // OpenClaw's `verification` is its record of ClawHub's /verify answer for the bytes it installed
  // (OpenClaw writes it afresh, or not at all, with each install). Kept beside other bytes it would
  // vouch for a version nobody asked ClawHub about: it stays only beside the same bytes, by the
  // integrity skillpin pinned or, in an entry OpenClaw wrote (no integrity), by the sha256 of the
  // zip it recorded as `artifact` (the same version from a mirror, or republished, is other bytes).
  if (previous !== undefined && (previous.version !== r.version || !sameArtifact(previous, c.fetched))) delete kept.verification;
  const entry: LockEntry = {
    ...kept,
    ...(c.fetched.lockExtras ?? {}),
    version: r.version,
    installedAt: Date.now(),
    registry: r.registry,
    resolved: r.resolved,
    integrity: c.fetched.integrity,
    files,
    capabilities: {
      tools: c.capabilities.tools,
      bins: c.capabilities.bins,
      env: c.capabilities.env,
      install: c.capabilities.install,
      always: c.capabilities.always,
      // Recorded when declared, so an update compared with this record (the locked bytes gone) sees them.
      ...(c.capabilities.config.length ? { config: c.capabilities.config } : {}),
      ...(c.capabilities.os.length ? { os: c.capabilities.os } : {}),
      ...(c.capabilities.unknownTools.length ? { unknownTools: c.capabilities.unknownTools } : {}),
      ...(c.capabilities.commandTool !== undefined ? { commandTool: c.capabilities.commandTool } : {}),
      ...(c.capabilities.hiddenFromModel ? { hiddenFromModel: true } : {}),
    },
    ...extras,
  };
  if (r.source !== 'npm') entry.source = r.source;
  if (r.ownerHandle) entry.ownerHandle = r.ownerHandle;
  if (c.provenanceRecord !== undefined) entry.provenance = c.provenanceRecord;
  if (c.registrySigned !== undefined) entry.registrySigned = c.registrySigned;
  return entry;
}

export interface InstallCandidateOptions {
  /** Runs after staging, before anything in place changes; a throw discards the staging. */
  beforeSwap?: () => void | Promise<void>;
  /**
   * The lock entry to commit with the swap (add, update), built from the staged files' hashes. The
   * lock is then written inside the transaction. Without it (install) the lock is left alone.
   */
  entry?: (files: Record<string, string>) => LockEntry;
  /**
   * The caller fsyncs the sandbox root once after all its installs (install --frozen), instead of
   * once per skill; only taken on the journal-free path below.
   */
  deferFsync?: boolean;
  /** The caller has run prepareSandboxRoot in this run (install checks the root once, not per skill). */
  rootChecked?: boolean;
  /** Writes the staging folder's contents elsewhere (install --frozen: a worker thread); default here. */
  write?: EntryWriter;
}

function exists(path: string): boolean {
  // throwIfNoEntry: a missing folder (the common case) costs no exception; other errors still throw.
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/**
 * Write a candidate into the sandbox as one transaction: stage every file, write the journal (the
 * intent, holding the new lock entry), swap the folder in by rename, write the lock, drop the
 * journal. A SIGKILL anywhere is repaired by the next mutating run (`recoverPending`), Ctrl-C is
 * held for the few milliseconds of the commit, and an error rolls back to the previous state. The
 * lock therefore never points at bytes that are not fully installed.
 */
export async function installCandidate(ws: Workspace, c: Candidate, opts: InstallCandidateOptions = {}): Promise<Record<string, string>> {
  const name = c.fetched.resolved.name;
  const folder = skillFolderName(name);
  const staged = await stageEntries(ws.sandbox, c.fetched.entries, { rootChecked: opts.rootChecked ?? false, ...(opts.write ? { write: opts.write } : {}) });
  try {
    await opts.beforeSwap?.();
  } catch (err) {
    await discardStaged(staged);
    throw err;
  }
  if (!opts.entry && !exists(join(ws.sandbox.root, folder))) {
    // A first install of a folder, with the lock left alone (install, not add or update): there is
    // no earlier state to restore, so no journal. The swap is one rename: a kill before it leaves a
    // staging folder that the next run's stale sweep removes, a kill after it a complete folder.
    await critical(async () => {
      try {
        await commitStaged(ws.sandbox, staged, folder, { fsync: !opts.deferFsync });
      } catch (err) {
        await discardStaged(staged);
        throw err;
      }
    });
    rememberInstalled(ws, c, ws.lock.lock.skills[name], staged.files);
    return staged.files;
  }
  const previous = ws.lock.lock.skills[name] ?? null;
  const entry = opts.entry ? opts.entry(staged.files) : { ...(previous ?? {}), files: staged.files };
  const trash = trashPath(ws.sandbox);
  const rec: JournalRecord = {
    version: 2,
    op: 'install',
    name,
    folder,
    sandbox: ws.sandbox.root,
    staging: basename(staged.dir),
    trash: basename(trash),
    writeLock: Boolean(opts.entry),
    entry,
    previous,
    pid: process.pid,
    at: new Date().toISOString(),
  };
  await critical(async () => {
    try {
      await writeJournal(ws.config, rec);
    } catch (err) {
      await discardStaged(staged);
      throw err;
    }
    try {
      await testPoint('after-journal');
      await commitStaged(ws.sandbox, staged, folder, { trash, keepTrash: true });
      await testPoint('after-swap-before-lock');
      if (rec.writeLock) {
        ws.lock.lock.skills[name] = entry;
        await saveLock(ws.lock);
      }
      await testPoint('after-lock-before-cleanup');
    } catch (err) {
      // Back to the state before: previous folder from the trash, previous lock entry.
      if (rec.writeLock) {
        if (previous) ws.lock.lock.skills[name] = previous;
        else delete ws.lock.lock.skills[name];
      }
      await rollBackInstall(ws, rec);
      await removeJournal(ws.config.clawhubDir, rec);
      throw err;
    }
    await rm(trash, { recursive: true, force: true });
    await removeJournal(ws.config.clawhubDir, rec);
  });
  rememberInstalled(ws, c, entry, staged.files);
  return staged.files;
}

/**
 * The candidate's files are in place, checked against its archive and scanned: say so, for the lock
 * entry that pins them (./checked.ts). None to name (a caller that keeps no entry): nothing said.
 * Also install's, for a folder it found in place and checked without writing it.
 */
export function rememberInstalled(ws: Workspace, c: Candidate, entry: LockEntry | undefined, files: Record<string, string>): void {
  if (entry === undefined) return;
  rememberChecked(openVerdictStore(ws.config.verdicts), ws.config, c.fetched.resolved.name, entry, c.fetched.integrity, files, blockingRules(c.scan.findings));
}

/**
 * Remove a skill as one transaction: journal, lock without the entry, folder moved aside and
 * deleted, journal dropped. A killed run is completed by the next mutating run.
 */
export async function removeInstalled(ws: Workspace, name: string): Promise<boolean> {
  const previous = ws.lock.lock.skills[name] ?? null;
  const folder = previous ? installedFolderOf(name, previous) : skillFolderName(name);
  // Refused before anything changes: a link in place of the clawhub CLI's owner folder.
  await ownerFolderOf(ws.sandbox, folder);
  const trash = trashPath(ws.sandbox);
  const rec: JournalRecord = {
    version: 2,
    op: 'remove',
    name,
    folder,
    sandbox: ws.sandbox.root,
    trash: basename(trash),
    writeLock: true,
    previous,
    pid: process.pid,
    at: new Date().toISOString(),
  };
  return critical(async () => {
    await writeJournal(ws.config, rec);
    let moved = false;
    try {
      await testPoint('after-journal');
      // The folder is moved aside before the lock changes: a sandbox that cannot be written (a
      // read-only mount, a folder that cannot be renamed) fails here with nothing changed. (It
      // failed after the lock write: the lock no longer pinned a skill whose folder was in place,
      // and the error did not say the lock had changed.)
      moved = await moveSkillFolderAside(ws.sandbox, folder, trash);
      delete ws.lock.lock.skills[name];
      await saveLock(ws.lock);
    } catch (err) {
      // The lock was not replaced: the folder goes back and the intent is dropped. (Should the
      // folder not go back, the journal stays and the next run completes the removal.)
      if (previous) ws.lock.lock.skills[name] = previous;
      if (moved) await rename(trash, join(ws.sandbox.root, folder));
      await removeJournal(ws.config.clawhubDir, rec);
      throw err;
    }
    // From here the removal is committed; a failure below is completed by the next run.
    await testPoint('after-lock-before-cleanup');
    await removeSkillFolder(ws.sandbox, folder, trash);
    await removeJournal(ws.config.clawhubDir, rec);
    return moved;
  });
}

/** Where a skill's folder lives in the sandbox. */
export function installedFolder(ws: Workspace, name: string): string {
  return join(ws.sandbox.root, skillFolderName(name));
}
