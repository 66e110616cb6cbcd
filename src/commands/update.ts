// `skill update <name...> | --all [--to X] [--yes] [--full]`: fetch the locked version (by its
// pinned integrity, from cache when present) and the candidate, show what changes, ask, then
// install the candidate through the same checks as `add` and rewrite only that lock entry.

import { basename, join } from 'node:path';
import semver from 'semver';
import { SkillpinError, exitCodeFor } from '../errors.js';
import { fileIntegrity } from '../integrity/index.js';
import { readFolderAsEntries } from '../sandbox/index.js';
import type { ArchiveEntry } from '../source/types.js';
import { installedFolderOf, isPinned, lockedSourceOf, type LockEntry } from '../lockfile/index.js';
import { capabilitiesOf, manifestOf, openclawIdentity, summarizeInstall, type InstallSpec, type Manifest } from '../manifest/index.js';
import { analyse, enforceDecision, type Candidate } from '../pipeline/index.js';
import { changelogSection, cutChangelog, findChangelog } from '../review/changelog.js';
import { DEFAULT_DIFF_LINES, diffFiles, type FileMap } from '../review/diff.js';
import { capabilityDelta, installSpecChanges, lineIn, newFindings, renderUpdateReview, versionJump, type CapabilitySet, type LockedStatus, type UpdateReviewModel } from '../review/update.js';
import { scanSkill } from '../scan/index.js';
import { fetchLocked, fetchVersionOf, listVersions, type FetchedSkill } from '../source/index.js';
import { isExactVersion, lockedNameWithVersion } from '../spec/index.js';
import { closestName, confirmOrRefuse, type UI } from '../ui/index.js';
import { unpinnedError } from '../verify/lock.js';
import type { Workspace } from '../workspace/index.js';
import { withWorkspace, type CommonOptions } from './common.js';
import { applyCandidate } from './apply.js';
import { provenanceFor } from './provenance.js';
import { refuseIdentityClash } from './add.js';
import type { InstalledIdentity } from '../policy/installed.js';

export interface UpdateOptions extends CommonOptions {
  /** Locked skill names; empty with `all`. */
  names: string[];
  all?: boolean;
  /** Exact target version (one name only). Required with `yes`. */
  to?: string;
  /** Apply without the prompt; only with an exact `to`. */
  yes?: boolean;
  /** Every line of every diff (else 200 lines per file). */
  full?: boolean;
  acceptRisk?: string[];
  acceptIdentityChange?: boolean;
  acceptDowngrade?: boolean;
  /**
   * When the registry serves other bytes for the locked version: `refuse` (update: EINTEGRITY, the
   * registry is suspect) or `compare-with-record` (add, where the person named the new version: the
   * review warns and compares with the lock's record, as for a vanished version).
   */
  lockedBytesChanged?: 'refuse' | 'compare-with-record';
  ui: UI;
}

export interface UpdateOutcome {
  name: string;
  from: string;
  to: string;
  status: 'updated' | 'current' | 'skipped';
  /** Why a skill was skipped (`--all` only: unpinned or non-registry entries). */
  note?: string;
  review?: UpdateReviewModel;
  entry?: LockEntry;
}

export interface UpdateResult {
  results: UpdateOutcome[];
}

/** The version `update` proposes: the `latest` dist-tag when it is published, else the highest release. */
export function newestVersion(versions: string[], distTags: Record<string, string>): string | null {
  const latest = distTags.latest;
  if (latest && versions.includes(latest)) return latest;
  return semver.maxSatisfying(versions, '*') ?? versions[0] ?? null;
}

function fileMap(entries: ArchiveEntry[]): FileMap {
  const m: FileMap = new Map();
  for (const e of entries) if (e.type === 'file') m.set(e.path, { data: e.data ?? Buffer.alloc(0), mode: e.mode });
  return m;
}

function textMap(m: FileMap): Map<string, Buffer> {
  return new Map([...m].map(([k, v]) => [k, v.data]));
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A capability set from a manifest's capabilities or a lock record (which may predate config, os and unknownTools). */
function capsOf(
  c: { tools: string[]; bins: string[]; env: string[]; install?: string[]; always?: boolean; config?: unknown; os?: unknown; unknownTools?: unknown; commandTool?: unknown; hiddenFromModel?: unknown; replacesBundled?: unknown; unreadByOpenClaw?: unknown },
  identity?: InstalledIdentity,
  manifest?: Manifest,
): CapabilitySet {
  // The entry only from a SKILL.md (identity given): the lock's record keeps neither key nor name.
  const configEntry = identity?.configEntry;
  // Which block OpenClaw acts on, likewise only from a SKILL.md.
  const blocks = manifest
    ? { ...(manifest.openclawBlock !== null ? { actedOnBlock: manifest.openclawBlock } : {}), ...(typeof c.unreadByOpenClaw === 'string' ? { unreadBlock: manifest.metadataPath ?? c.unreadByOpenClaw } : {}) }
    : {};
  return {
    ...blocks,
    ...(configEntry !== undefined ? { configEntry } : {}),
    ...(typeof c.replacesBundled === 'string' ? { replacesBundled: c.replacesBundled } : {}),
    ...(typeof c.commandTool === 'string' ? { commandTool: c.commandTool } : {}),
    ...(c.hiddenFromModel === true ? { hiddenFromModel: true } : {}),
    tools: [...c.tools],
    bins: [...c.bins],
    env: [...c.env],
    install: [...(c.install ?? [])],
    always: Boolean(c.always),
    config: strings(c.config),
    os: strings(c.os),
    unknownTools: strings(c.unknownTools),
  };
}

interface Plan {
  name: string;
  entry: LockEntry;
  from: string;
  target: string;
  listed: boolean;
  time: Record<string, string>;
  /** The versions the registry lists (the changelog's entries are held to them). */
  versions: string[];
  registry: string;
  /** The registry serves the locked version with `dist.signatures` now (npm). */
  lockedSignedNow: boolean;
}

function checkArgs(o: UpdateOptions): void {
  // The hints show the person's own command corrected, never a made-up skill or version.
  const names = o.names.join(' ');
  if (o.all && o.names.length) throw new SkillpinError('EUSAGE', 'pass skill names or --all, not both', { hint: `skill update ${names}, or skill update --all.` });
  if (!o.all && o.names.length === 0) throw new SkillpinError('EUSAGE', 'name the skills to update, or pass --all', { hint: 'skill update <name...> reviews those skills, skill update --all every one with a newer version; skill outdated lists them.' });
  if (o.to !== undefined) {
    if (o.all || o.names.length !== 1) {
      const each = o.names.length > 1 ? o.names.map((n) => `skill update ${n} --to <version>`).join('; ') : 'skill update <name> --to <version>';
      throw new SkillpinError('EUSAGE', '--to applies to exactly one skill', { hint: `One command per skill: ${each} (skill outdated lists the versions).` });
    }
    if (!isExactVersion(o.to)) {
      throw new SkillpinError('EUSAGE', `--to ${o.to} is not an exact version`, { hint: `Pass an exact version (major.minor.patch): skill outdated lists the newest ones of ${names}.` });
    }
  }
}

async function planFor(ws: Workspace, name: string, to: string | undefined): Promise<Plan> {
  const entry = ws.lock.lock.skills[name] as LockEntry;
  const from = entry.version as string;
  const { versions, distTags, time, registry, signed } = await listVersions(name, entry, ws);
  let target: string;
  if (to !== undefined) {
    if (!versions.includes(to)) {
      throw new SkillpinError('ENOTFOUND', `${name}@${to} is not published on ${registry}`, {
        skill: name,
        hint: `Published versions: ${versions.slice(0, 8).join(', ') || 'none'}.`,
      });
    }
    target = to;
  } else {
    const newest = newestVersion(versions, distTags);
    if (!newest) throw new SkillpinError('ENOTFOUND', `${name} has no published versions on ${registry}`, { skill: name, hint: 'Check --registry (or SKILL_REGISTRY, or "registry" in .clawhub/config.json): a mirror may not carry this skill.' });
    // Only a newer version is proposed: a `latest` tag behind the lock (a registry that moved it
    // back, or a locked prerelease) leaves the skill current, as `skill outdated` says. An older
    // version is reviewed only when asked for with --to, and the review calls it a downgrade.
    target = semver.valid(from) && semver.lte(newest, from) ? from : newest;
  }
  return { name, entry, from, target, listed: versions.includes(from), time, versions, registry, lockedSignedNow: signed.has(from) };
}

/** The locked version's bytes, by its pinned integrity; vanished versions are reported, never skipped. */
/**
 * The locked version's files as installed, when every file the lock pins is in the skill's folder
 * with its pinned sha512 (files OpenClaw or the agent added beside them are left out); null when the
 * lock pins no files, the folder is missing or unreadable, or a pinned file is missing or other.
 */
async function installedPinnedFiles(ws: Workspace, p: Plan): Promise<ArchiveEntry[] | null> {
  const pins = p.entry.files;
  if (!pins || typeof pins !== 'object' || Object.keys(pins).length === 0) return null;
  let entries: ArchiveEntry[];
  try {
    entries = await readFolderAsEntries(join(ws.sandbox.root, installedFolderOf(p.name, p.entry)), ws.config.limits, p.name);
  } catch (err) {
    if (err instanceof SkillpinError || typeof (err as NodeJS.ErrnoException).code === 'string') return null;
    throw err;
  }
  const kept = entries.filter((e) => e.type === 'file' && Object.hasOwn(pins, e.path));
  if (kept.length !== Object.keys(pins).length) return null;
  return kept.every((e) => fileIntegrity(e.data ?? Buffer.alloc(0)) === pins[e.path]) ? kept : null;
}

async function fetchLockedForReview(ws: Workspace, p: Plan, lockedBytesChanged: UpdateOptions['lockedBytesChanged'] = 'refuse'): Promise<{ fetched: FetchedSkill | null; installed?: ArchiveEntry[]; status: LockedStatus; note: string | null }> {
  try {
    const fetched = await fetchLocked(p.name, p.entry, ws, { preferOffline: true });
    if (p.listed) return { fetched, status: 'ok', note: null };
    return {
      fetched,
      status: 'unlisted',
      note: `${p.name}@${p.from} is no longer listed by ${p.registry}; its pinned bytes were still obtained (cache or tarball URL) and match the lock`,
    };
  } catch (err) {
    // The publisher (or the registry) can take the locked version down, or serve other bytes for it,
    // so that a machine without it in its cache sees no diff at all. The installed folder holds it,
    // file by file as the lock pins it: the comparison is made with that when every pinned file is
    // there with its pinned sha512.
    const gone = err instanceof SkillpinError && (err.code === 'ENOTFOUND' || (err.code === 'EINTEGRITY' && lockedBytesChanged === 'compare-with-record'));
    const installed = gone ? await installedPinnedFiles(ws, p) : null;
    if (installed) {
      const why = (err as SkillpinError).code === 'ENOTFOUND' ? `is no longer served by ${p.registry} and is not in the cache` : `is served by ${p.registry} with other bytes than the lock pins (EINTEGRITY), so treat that registry as suspect`;
      return {
        fetched: null,
        installed,
        status: 'installed',
        note: `${p.name}@${p.from} (locked) ${why}: compared with the installed folder, whose ${installed.length} files have the sha512s the lock pins`,
      };
    }
    if (err instanceof SkillpinError && err.code === 'EINTEGRITY' && lockedBytesChanged === 'compare-with-record') {
      return {
        fetched: null,
        status: 'unavailable',
        note: `${p.name}@${p.from} (locked): the registry now serves other bytes for it than the lock pins (EINTEGRITY), so treat ${p.registry} as suspect; files and findings are not compared with those bytes, and capabilities are compared with the lock's record`,
      };
    }
    if (err instanceof SkillpinError && err.code === 'EINTEGRITY') {
      throw new SkillpinError('EINTEGRITY', `${p.name}@${p.from} (locked): the bytes the registry serves for the locked version no longer match the lock's integrity`, {
        skill: p.name,
        locked: p.entry.integrity,
        hint: 'A published version changed under its pin: treat the registry as suspect. Nothing was changed. To move on anyway, review and pin a version explicitly with skill add.',
      }, { cause: err });
    }
    if (err instanceof SkillpinError && err.code === 'ENOTFOUND') {
      return {
        fetched: null,
        status: 'unavailable',
        note: `${p.name}@${p.from} (locked) is no longer served by ${p.registry} and is not in the cache: files and findings cannot be compared; capabilities are compared with the lock's record`,
      };
    }
    throw err;
  }
}

async function buildReview(ws: Workspace, o: UpdateOptions, p: Plan): Promise<{ candidate: Candidate; review: UpdateReviewModel }> {
  const locked = await fetchLockedForReview(ws, p, o.lockedBytesChanged);
  const fetched = await fetchVersionOf(p.name, p.entry, p.target, ws);
  const accepted = o.acceptRisk ?? [];
  const knownNames = Object.keys(ws.lock.lock.skills);
  const pinnedSpec = lockedSourceOf(p.entry) === 'clawhub' ? `clawhub:@${String(p.entry.ownerHandle)}/${p.name}@${p.target}` : `${p.name}@${p.target}`;
  const candidate = await analyse(fetched, {
    spec: pinnedSpec,
    pinnedSpec,
    pinned: true,
    knownNames,
    acceptedRisks: accepted,
    provenance: (f) => provenanceFor(ws, f, p.entry, { identityChange: Boolean(o.acceptIdentityChange), downgrade: Boolean(o.acceptDowngrade) }, { lockedSignedNow: p.lockedSignedNow }),
  });
  const after = fileMap(fetched.entries);
  const lockedEntries = locked.fetched?.entries ?? locked.installed ?? null;
  const before = lockedEntries ? fileMap(lockedEntries) : null;
  const warnings: string[] = [];

  let beforeCaps: CapabilitySet;
  let beforeFrom: 'manifest' | 'lock' = 'manifest';
  let beforeFindings: ReturnType<typeof scanSkill>['findings'] = [];
  let beforeSpecs: InstallSpec[] | null = null;
  let beforeIdentity: InstalledIdentity | null = null;
  // The folder's name, OpenClaw's name for a skill whose SKILL.md gives none (`@owner/slug` keys: slug).
  const folder = basename(installedFolderOf(p.name, p.entry));
  const fromRecord = (): CapabilitySet => {
    beforeFrom = 'lock';
    if (p.entry.capabilities) return capsOf(p.entry.capabilities);
    warnings.push('the lock records no capabilities for the locked version: every capability is shown as added');
    return { tools: [], bins: [], env: [], install: [], always: false };
  };
  if (lockedEntries && before) {
    // The locked version's SKILL.md was read when it was pinned; a stricter parser since (a
    // manifest that reads two ways to OpenClaw) must not keep the person from moving off it.
    let beforeManifest: ReturnType<typeof manifestOf> | null = null;
    try {
      beforeManifest = manifestOf(lockedEntries, p.name);
    } catch (err) {
      if (!(err instanceof SkillpinError) || err.code !== 'EMANIFEST') throw err;
      warnings.push(`the locked ${p.from}'s SKILL.md is refused by this skillpin (${err.message}): capabilities are compared with the lock's record`);
    }
    if (beforeManifest) {
      beforeIdentity = openclawIdentity(beforeManifest, folder);
      beforeCaps = capsOf(capabilitiesOf(beforeManifest, folder), beforeIdentity, beforeManifest);
      beforeSpecs = beforeManifest.install;
    } else beforeCaps = fromRecord();
    beforeFindings = scanSkill([...before].map(([path, f]) => ({ path, data: f.data })), { name: p.name, knownNames: knownNames.filter((n) => n !== p.name) }).findings;
  } else beforeCaps = fromRecord();
  if (locked.note) warnings.push(locked.note);

  const clBefore = before ? findChangelog(textMap(before)) : null;
  const clAfter = findChangelog(textMap(after));
  let changelog = changelogSection(clBefore?.text ?? null, clAfter?.text ?? null, p.from, p.target, clAfter?.path ?? clBefore?.path ?? 'CHANGELOG.md', p.versions);
  const notes = fetched.resolved.extra?.changelog;
  if (changelog.kind === 'none' && lockedSourceOf(p.entry) === 'clawhub' && typeof notes === 'string' && notes.trim() !== '') {
    // No changelog file in the skill, but ClawHub publishes release notes with each version:
    // those of the version under review (ClawHub gives no notes for the versions in between).
    changelog = {
      kind: 'entries',
      file: `ClawHub's release notes of ${p.target}`,
      entries: [{ version: p.target, date: null, heading: p.target, body: notes.trim() }],
      warnings: [],
    };
  }
  if (!before && changelog.kind === 'diff') changelog.warnings.push(`the locked ${p.from} is unavailable: the diff is against nothing`);
  if (!o.full) changelog = cutChangelog(changelog, DEFAULT_DIFF_LINES);

  // A new version that takes the name another installed skill loads under would replace it (and
  // share its config entry): refused as at add. Its own old name was never a clash to refuse here.
  const afterIdentity = openclawIdentity(candidate.manifest, folder);
  if (beforeIdentity?.name !== afterIdentity.name || beforeIdentity.configEntry !== afterIdentity.configEntry) refuseIdentityClash(ws, p.name, afterIdentity, 'update');

  const review: UpdateReviewModel = {
    name: p.name,
    from: { version: p.from, integrity: p.entry.integrity as string, publishedAt: p.time[p.from] ?? null, status: locked.status, note: locked.note },
    to: { version: p.target, integrity: fetched.integrity, publishedAt: fetched.resolved.publishedAt ?? p.time[p.target] ?? null, publisher: fetched.resolved.publisher ?? null },
    jump: versionJump(p.from, p.target),
    pinnedSpec,
    changelog,
    files: before ? diffFiles(before, after, { full: Boolean(o.full), labels: [p.from, p.target] }) : null,
    capabilities: capabilityDelta(beforeCaps, capsOf(candidate.capabilities, afterIdentity, candidate.manifest), beforeFrom),
    newFindings: newFindings(beforeFindings, candidate.scan.findings, before ? { before: (x) => lineIn(before, x.file, x.line), after: (x) => lineIn(after, x.file, x.line) } : undefined),
    candidate: candidate.review,
    warnings,
  };
  if (beforeSpecs) {
    // Same summary (`brew:jq`), other fields changed: the summary alone would hide it.
    const withSummary = (specs: InstallSpec[]) => specs.map((spec) => ({ summary: summarizeInstall(spec), spec }));
    const changed = installSpecChanges(withSummary(beforeSpecs), withSummary(candidate.manifest.install));
    if (changed.length) review.capabilities.installChanged = changed;
  }
  // The registry's signature, judged as the downgrade check judges it (provenanceFor): the lock's
  // record or the registry signing the locked version now, against the candidate as served.
  const signedBefore = p.entry.registrySigned === true || p.lockedSignedNow;
  const signedAfter = candidate.registrySigned === true;
  if (signedBefore !== signedAfter && (candidate.registrySigned !== undefined || signedBefore)) review.registrySignature = { before: signedBefore, after: signedAfter };
  if (p.entry.provenance !== undefined || candidate.provenanceRecord !== undefined) {
    review.provenance = { before: p.entry.provenance, after: candidate.provenanceRecord };
  }
  return { candidate, review };
}


export async function update(o: UpdateOptions): Promise<UpdateResult> {
  checkArgs(o);
  return withWorkspace(o, (ws) => updateIn(ws, o), { needsLock: 'there is nothing to update', storesAttestations: true });
}

/**
 * The clawhub CLI's hold on an entry (`clawhub pin <slug> --reason …` writes `pinned: true` and
 * `pinReason`): a version someone chose to keep. skillpin keeps the fields, and does not move the
 * entry past them either, or the lock would say "pinned: audited by ops" over a version nobody audited.
 */
export function heldBy(entry: LockEntry): string | null {
  if (entry.pinned !== true) return null;
  const reason = typeof entry.pinReason === 'string' && entry.pinReason.trim() ? ` (${JSON.stringify(entry.pinReason.trim())})` : '';
  return `the clawhub CLI's pin holds it${reason}`;
}

/** update, in a workspace whose mutex the caller holds (`skill add` of a locked skill's other version). */
export async function updateIn(ws: Workspace, o: UpdateOptions): Promise<UpdateResult> {
  checkArgs(o);
  const accepted = o.acceptRisk ?? [];
  const skills = ws.lock.lock.skills;
  const results: UpdateOutcome[] = [];
  const names = o.all ? Object.keys(skills).sort() : [...new Set(o.names)];
  const plans: Plan[] = [];
  // `skill update weather 1.5.0`: a version where a name goes (the hint said `skill add 1.5.0@<version>`),
  // refused before any registry is asked about the names before it.
  const version = names.find((n) => !Object.hasOwn(skills, n) && isExactVersion(n));
  if (version !== undefined) {
    const others = names.filter((n) => n !== version);
    throw new SkillpinError('EUSAGE', `skill update takes the names of locked skills, not the version ${version}`, {
      hint: `Pass the version with --to: skill update ${others.length === 1 ? others[0] : '<name>'} --to ${version}`,
    });
  }
  for (const name of names) {
    const entry = skills[name];
    if (!entry) {
      // `skill update weather@1.5.0`: the version goes in --to (as `skill add weather@1.5.0@<version>` it made no sense).
      const spec = lockedNameWithVersion(name, (n) => Object.hasOwn(skills, n));
      if (spec) {
        throw new SkillpinError('EUSAGE', `skill update takes the names of locked skills, not ${name}`, {
          skill: spec.name,
          hint: isExactVersion(spec.version) ? `Pass the version with --to: skill update ${spec.name} --to ${spec.version}` : `skill update ${spec.name} reviews its newest version; --to <exact version> picks another.`,
        });
      }
      const meant = closestName(name, Object.keys(skills));
      throw new SkillpinError('ENOTFOUND', `${name} is not in the lock${meant ? ` (did you mean ${meant}?)` : ''}`, {
        skill: name,
        hint: meant ? `skill update ${meant}; skill list shows the locked skills.` : `skill list shows the locked skills; to pin a new one, review it with skill add ${name.lastIndexOf('@') > 0 ? name : `${name}@<version>`}.`,
      });
    }
    const problem = !isPinned(entry) ? 'it is not pinned' : lockedSourceOf(entry) === 'file' ? 'it was installed from a local tarball' : heldBy(entry);
    if (problem) {
      if (!o.all) {
        if (!isPinned(entry)) throw unpinnedError(name, entry);
        if (entry.pinned === true) {
          // The clawhub CLI's `clawhub pin`: its update skips the entry and its install refuses it.
          throw new SkillpinError('EUSAGE', `${name} is held at ${entry.version ?? '?'}: ${problem}`, {
            skill: name,
            hint: `Release the hold first (clawhub unpin ${name}, or remove "pinned" and "pinReason" from its entry in .clawhub/lock.json), then skill update ${name}.`,
          });
        }
        throw new SkillpinError('EUSAGE', `${name} cannot be updated from a registry: ${problem}`, { skill: name, hint: `Replace it with skill add <new tarball or spec>.` });
      }
      results.push({ name, from: entry.version ?? '', to: entry.version ?? '', status: 'skipped', note: problem });
      continue;
    }
    const plan = await planFor(ws, name, o.to);
    if (plan.target === plan.from) results.push({ name, from: plan.from, to: plan.target, status: 'current' });
    else plans.push(plan);
  }
  if (o.yes && o.to === undefined && plans.length > 0) {
    const cmds = plans.map((p) => `skill update ${p.name} --to ${p.target} --review --yes`);
    throw new SkillpinError('EUNPINNED', `--yes without --to would let an unattended run choose the version: ${plans.map((p) => `${p.name}@${p.target}`).join(', ')}`, {
      skill: plans[0]?.name,
      pinnedSpecs: plans.map((p) => `${p.name}@${p.target}`),
      hint: `Review and pass the exact version: ${cmds.join('; ')}`,
    });
  }
  const declined: string[] = [];
  // With several skills, one that is refused (blocked, a changed signer, no terminal to ask) does
  // not stop the others from being reviewed: each refusal is printed, and all are reported at the end.
  const refused: Array<{ name: string; version: string; error: SkillpinError }> = [];
  const unusedAccepts = new Set(accepted);
  for (const [i, p] of plans.entries()) {
    try {
      const { candidate, review } = await buildReview(ws, o, p);
      o.ui.info(renderUpdateReview(review, { columns: o.ui.columns }));
      for (const f of candidate.scan.findings) if (f.severity === 'block') unusedAccepts.delete(f.rule);
      enforceDecision(candidate, accepted, { strays: plans.length === 1 });
      if (!o.yes) {
        const ok = await confirmOrRefuse(
          o.ui,
          `Update ${p.name} ${p.from} -> ${p.target}${candidate.review.decision === 'warn' ? ' despite the warnings above' : ''}?`,
          `updating ${p.name} ${p.from} -> ${p.target}`,
          `Run it in a terminal to answer the prompt, or pass the exact version: skill update ${p.name} --to ${p.target} --review --yes.`,
        );
        if (!ok) {
          declined.push(`${p.name}@${p.target}`);
          // One skill: the EREVIEW error at the end says it; several: each is said as it happens.
          if (plans.length > 1) o.ui.info(`declined: ${p.name} stays at ${p.from}\n`);
          results.push({ name: p.name, from: p.from, to: p.from, status: 'skipped', note: `declined ${p.target}`, review });
          continue;
        }
      }
      const entry = await applyCandidate(ws, p.name, p.entry, candidate);
      results.push({ name: p.name, from: p.from, to: p.target, status: 'updated', review, entry });
    } catch (err) {
      // Stopped at a later prompt, the run has changed something: say what, not "nothing was changed".
      const done = results.filter((r) => r.status === 'updated').map((r) => `${r.name}@${r.to}`);
      if (err instanceof SkillpinError && err.code === 'EINTERRUPTED' && done.length > 0) {
        const left = plans.slice(i).map((x) => x.name);
        throw new SkillpinError('EINTERRUPTED', `interrupted at the review of ${p.name}; updated before it: ${done.join(', ')} (pinned and installed); ${left.join(', ')} ${left.length === 1 ? 'was' : 'were'} left as ${left.length === 1 ? 'it was' : 'they were'}`, {
          updated: done,
          left,
          hint: `Run \`skill update ${left.join(' ')}\` to review what is left.`,
        }, { cause: err });
      }
      if (plans.length === 1 || !(err instanceof SkillpinError) || err.code === 'EINTERRUPTED') throw err;
      refused.push({ name: p.name, version: p.target, error: err });
      o.ui.warn(`${p.name} stays at ${p.from}: ${err.code}: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}`);
    }
  }
  if (plans.length > 1) for (const rule of unusedAccepts) o.ui.warn(`--accept-risk ${rule} blocked none of the versions reviewed`);
  const updated = results.filter((r) => r.status === 'updated').map((r) => `${r.name}@${r.to}`);
  if (refused.length) {
    // The most serious refusal sets the code and the exit status: a security check (1) before bad
    // input (2) before a review that needed a terminal (3).
    const worst = [...refused].sort((a, b) => exitCodeFor(a.error.code) - exitCodeFor(b.error.code))[0] as (typeof refused)[number];
    throw new SkillpinError(worst.error.code, `${refused.length} of ${plans.length} updates refused: ${refused.map((r) => `${r.name}@${r.version} (${r.error.code})`).join(', ')}${updated.length ? `; updated ${updated.join(', ')}` : ''}${declined.length ? `; declined ${declined.join(', ')}` : ''}`, {
      refused: refused.map((r) => ({ name: r.name, version: r.version, code: r.error.code, message: r.error.message, ...(r.error.hint ? { hint: r.error.hint } : {}) })),
      updated,
      declined,
      hint: `Each refusal is printed above with its reason and fix.${updated.length ? ' The updated skills are pinned and installed.' : ' Nothing was changed.'}`,
    });
  }
  if (declined.length) {
    throw new SkillpinError('EREVIEW', `review declined: ${declined.join(', ')} ${declined.length === 1 ? 'was' : 'were'} not installed${updated.length ? `; updated ${updated.join(', ')}` : ''}`, {
      skill: declined.length === 1 ? declined[0]?.slice(0, declined[0].lastIndexOf('@')) : undefined,
      declined,
      updated,
      hint: updated.length ? 'The declined skills were left as they were.' : 'Nothing was changed.',
    });
  }
  return { results };
}
