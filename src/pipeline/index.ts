// The one path every install takes: fetch (integrity-checked) -> manifest -> scan -> provenance ->
// review model; then, once decided, stage -> swap -> lock entry. Used by add, install and update.

import { SkillpinError } from '../errors.js';
import { skillFolderName, type LockEntry } from '../lockfile/index.js';
import { capabilitiesOf, parseSkillManifest, type Capabilities, type Manifest } from '../manifest/index.js';
import type { ProvenanceView, ReviewModel } from '../review/index.js';
import { commitStaged, discardStaged, stageEntries } from '../sandbox/index.js';
import { decide, scanSkill, type ScanResult } from '../scan/index.js';
import type { ArchiveEntry, FetchedSkill } from '../source/types.js';
import type { Workspace } from '../workspace/index.js';

export interface Candidate {
  fetched: FetchedSkill;
  manifest: Manifest;
  capabilities: Capabilities;
  scan: ScanResult;
  provenance: ProvenanceView;
  /** The lock's `provenance` value to write (undefined: not checked, leave the field out). */
  provenanceRecord?: LockEntry['provenance'];
  /** Provenance changes the person accepted (identity change, downgrade), for the lock entry. */
  acceptedChanges: Array<{ kind: string; from: unknown; to: unknown }>;
  /** An unaccepted identity change or provenance loss (EIDENTITY/EDOWNGRADE), raised after the review. */
  provenanceBlock?: SkillpinError;
  review: ReviewModel;
}

export const SKILL_FILE_NAMES = ['SKILL.md', 'skill.md', 'skills.md', 'SKILL.MD'];

/** Find and parse the skill's SKILL.md among archive entries; EMANIFEST when there is none. */
export function manifestOf(entries: ArchiveEntry[], skill: string): Manifest {
  for (const name of SKILL_FILE_NAMES) {
    const entry = entries.find((e) => e.type === 'file' && e.path === name);
    if (entry?.data) {
      try {
        return parseSkillManifest(entry.data.toString('utf8'), name);
      } catch (err) {
        if (err instanceof SkillpinError) {
          throw new SkillpinError('EMANIFEST', `${skill}: ${err.message}`, { skill, hint: err.hint ?? 'Fix the SKILL.md frontmatter and republish.' });
        }
        throw err;
      }
    }
  }
  throw new SkillpinError('EMANIFEST', `${skill}: the package has no SKILL.md at its root`, {
    skill,
    hint: 'A skill is a folder with a SKILL.md; this package is not one.',
  });
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
  provenance: (fetched: FetchedSkill) => Promise<{ view: ProvenanceView; record?: LockEntry['provenance']; accepted?: Array<{ kind: string; from: unknown; to: unknown }>; block?: SkillpinError }>;
}

/** Everything the review shows, computed from fetched bytes. Pure apart from provenance. */
export async function analyse(fetched: FetchedSkill, opts: AnalyseOptions): Promise<Candidate> {
  const r = fetched.resolved;
  const manifest = manifestOf(fetched.entries, r.name);
  const capabilities = capabilitiesOf(manifest);
  const files = fetched.entries.filter((e) => e.type === 'file');
  const scan = scanSkill(
    files.map((e) => ({ path: e.path, data: e.data ?? Buffer.alloc(0) })),
    { name: r.name, knownNames: opts.knownNames.filter((n) => n !== r.name) },
  );
  const prov = await opts.provenance(fetched);
  const moderation = r.moderation ?? null;
  let decision = decide(scan.findings, opts.acceptedRisks);
  if (moderation?.blocked && decision !== 'block') decision = 'block';
  else if (moderation?.suspicious && decision === 'allow') decision = 'warn';
  const review: ReviewModel = {
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
    skill: { name: manifest.name ?? null, description: manifest.description ?? null },
    capabilities,
    install: capabilities.install,
    files: files.map((e) => ({ path: e.path, size: e.data?.length ?? 0, mode: modeString(e.mode) })),
    totalBytes: files.reduce((n, e) => n + (e.data?.length ?? 0), 0),
    provenance: prov.view,
    moderation,
    findings: scan.findings,
    decision,
    acceptedRisks: opts.acceptedRisks,
  };
  const candidate: Candidate = { fetched, manifest, capabilities, scan, provenance: prov.view, review, acceptedChanges: prov.accepted ?? [] };
  if (prov.record !== undefined) candidate.provenanceRecord = prov.record;
  if (prov.block) candidate.provenanceBlock = prov.block;
  return candidate;
}

/** Refuse a blocked candidate unless every blocking rule was accepted by name. */
export function enforceDecision(c: Candidate, accepted: string[]): void {
  const r = c.review;
  if (c.provenanceBlock) throw c.provenanceBlock;
  if (r.moderation?.blocked) {
    throw new SkillpinError('ERISK', `${r.name}@${r.version} is blocked by the registry's moderation (${r.moderation.status})`, {
      skill: r.name,
      hint: 'The registry marked this version as malware. Do not install it.',
    });
  }
  const blocking = [...new Set(c.scan.findings.filter((f) => f.severity === 'block').map((f) => f.rule))];
  const unaccepted = blocking.filter((rule) => !accepted.includes(rule));
  if (unaccepted.length > 0) {
    throw new SkillpinError('ERISK', `${r.name}@${r.version} is blocked by risk findings: ${unaccepted.join(', ')}`, {
      skill: r.name,
      rules: unaccepted,
      hint: `Read the findings in the review. Only if you are sure they are false alarms, re-run with --accept-risk ${unaccepted.join(',')}.`,
    });
  }
  const stray = accepted.filter((rule) => !blocking.includes(rule));
  if (stray.length > 0) {
    throw new SkillpinError('EUSAGE', `--accept-risk names rules that do not block ${r.name}@${r.version}: ${stray.join(', ')}`, {
      skill: r.name,
      hint: blocking.length ? `The blocking rules are: ${blocking.join(', ')}.` : 'Nothing blocks this skill; drop --accept-risk.',
    });
  }
}

/** The lock entry for a candidate, keeping every field of `previous` that skillpin does not own. */
export function lockEntryFor(c: Candidate, files: Record<string, string>, previous: LockEntry | undefined, extras: Partial<LockEntry> = {}): LockEntry {
  const r = c.fetched.resolved;
  const owned = new Set(['version', 'installedAt', 'registry', 'resolved', 'integrity', 'files', 'provenance', 'capabilities', 'source', 'ownerHandle', 'acceptedRisks', 'acceptedChanges']);
  const kept: LockEntry = {};
  for (const [k, v] of Object.entries(previous ?? {})) if (!owned.has(k)) kept[k] = v;
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
    },
    ...extras,
  };
  if (r.source !== 'npm') entry.source = r.source;
  if (r.ownerHandle) entry.ownerHandle = r.ownerHandle;
  if (c.provenanceRecord !== undefined) entry.provenance = c.provenanceRecord;
  return entry;
}

/**
 * Write a candidate into the sandbox: staging, then the atomic swap. The caller writes the lock
 * after this returns, so the lock never points at bytes that are not fully installed.
 */
export async function installCandidate(ws: Workspace, c: Candidate, hooks: { beforeSwap?: () => void } = {}): Promise<Record<string, string>> {
  const folder = skillFolderName(c.fetched.resolved.name);
  const staged = await stageEntries(ws.sandbox, c.fetched.entries);
  try {
    hooks.beforeSwap?.();
    await commitStaged(ws.sandbox, staged, folder);
  } catch (err) {
    await discardStaged(staged);
    throw err;
  }
  return staged.files;
}
