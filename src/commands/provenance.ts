// Provenance as the commands see it: verify a fetched version against the workspace's trust
// (loaded once per process), compare it with the locked identity, store the verified bundle for
// offline re-checks, and re-verify a locked version from that stored bundle.

import { existsSync } from 'node:fs';
import { SkillpinError } from '../errors.js';
import type { LockEntry, LockedProvenance } from '../lockfile/index.js';
import {
  HINT_TAMPER,
  attestationsPath,
  checkProvenanceChange,
  readStoredAttestations,
  loadTrust,
  provenanceSummary,
  storeAttestations,
  verifyProvenance,
  verifyStoredProvenance,
  type ProvenanceRecord,
  type ProvenanceResult,
  type TrustConfig,
  type TrustContext,
} from '../provenance/index.js';
import type { CheckPool } from '../parallel/index.js';
import type { ProvenanceView } from '../review/index.js';
import { openVerdictStore, type VerdictStore } from '../verdicts/index.js';
import type { FetchedSkill } from '../source/types.js';
import type { Workspace } from '../workspace/index.js';

const trustCache = new WeakMap<VerdictStore, Map<string, Promise<TrustContext>>>();

/** The workspace's trust settings as loadTrust and the check workers take them. */
export function trustConfigOf(ws: Workspace): TrustConfig {
  const t = ws.config.trust;
  return { provenance: t.provenance, identities: t.identities, trustedRoots: t.trustedRoots, registryKeys: t.registryKeys };
}

/**
 * The workspace's trust material, loaded once per process (not once per skill), with the verdict
 * cache that remembers which stored bundles it already accepted.
 */
export function trustFor(ws: Workspace): Promise<TrustContext> {
  const verdicts = openVerdictStore(ws.config.verdicts);
  let byConfig = trustCache.get(verdicts);
  if (!byConfig) trustCache.set(verdicts, (byConfig = new Map()));
  const key = JSON.stringify(ws.config.trust);
  let p = byConfig.get(key);
  if (!p) {
    p = loadTrust(trustConfigOf(ws), { verdicts });
    byConfig.set(key, p);
  }
  return p;
}

export interface ProvenanceOutcome {
  view: ProvenanceView;
  /** What to write as the lock's `provenance` (undefined: not checked, leave as it was). */
  record?: LockEntry['provenance'];
  /** Whether the registry's signature over the version verified (npm sources). */
  registrySigned?: boolean;
  /** Changes a person accepted with --accept-identity-change / --accept-downgrade. */
  accepted: Array<{ kind: string; from: unknown; to: unknown }>;
  /**
   * An identity change or lost provenance that was not accepted: raised by enforceDecision after
   * the review was shown, so the person sees both identities before the refusal.
   */
  block?: SkillpinError;
}

export interface ProvenanceAccept {
  identityChange?: boolean;
  downgrade?: boolean;
}

/** What the registry serves now about the locked version being replaced (update). */
export interface LockedAsServed {
  /**
   * The registry serves the locked version with `dist.signatures`: it signs this package, so a
   * new version without them is a downgrade even when the lock's `registrySigned` was deleted.
   */
  lockedSignedNow?: boolean;
}

/**
 * Whether any of `registries` serves `name@version` with `dist.signatures` now: what an `add` of
 * another version of a locked npm skill passes as LockedAsServed, as `update` does from its plan.
 * The registry asked for the new version is the one that counts (the lock's `registry` is the
 * lock's to say, and an edit can change it); the locked one is asked too when it differs. A
 * registry that does not answer counts for nothing here: the lock's own record still applies.
 */
export async function servedSigned(ws: Workspace, name: string, version: string, registries: Array<string | undefined>): Promise<boolean> {
  const { npmSource } = await import('../source/index.js');
  for (const registry of new Set(registries.filter((r): r is string => typeof r === 'string' && r.length > 0))) {
    try {
      const { signatures } = await npmSource(ws, registry).versions(name);
      if (Object.hasOwn(signatures, version)) return true;
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
    }
  }
  return false;
}

function toView(r: ProvenanceResult): ProvenanceView {
  return { status: r.status, summary: r.summary, warnings: r.warnings };
}

/**
 * The fields in which a locked record differs from a re-verified one (none: the same identity).
 * Fields a lock may predate (the ids, the workflow, the ref, the runner) count only when recorded.
 */
function identityDifferences(a: LockedProvenance, b: ProvenanceRecord): string[] {
  const recorded = (v: unknown): boolean => v !== undefined;
  const checks: Array<[string, boolean]> = [
    ['issuer', a.issuer === b.issuer],
    ['identity', a.identity === b.identity],
    ['repository', a.repository.toLowerCase() === b.repository.toLowerCase()],
    ['commit', a.commit === b.commit],
    // Recorded facts, shown in every review ("logged at index N"): the lock says what the bundle proves.
    ['predicateType', !recorded(a.predicateType) || a.predicateType === b.predicateType],
    ['logIndex', !recorded(a.logIndex) || a.logIndex === b.logIndex],
    // What an update compares with (identity.ts): an edit here would let another workflow or a
    // re-created repository through. Locks written before the ids were recorded lack them.
    ['workflow', a.workflow === undefined || a.workflow === b.workflow],
    // The ref's kind is compared on update (a pull request's is refused): an edit must not hide it.
    ['ref', a.ref === undefined || a.ref === b.ref],
    ['repositoryId', a.repositoryId === undefined || a.repositoryId === b.repositoryId],
    ['ownerId', a.ownerId === undefined || a.ownerId === b.ownerId],
    // Pinned on update like the ids: an edit must not hide a move to a self-hosted runner.
    ['runnerEnvironment', a.runnerEnvironment === undefined || a.runnerEnvironment === b.runnerEnvironment],
    // A pull request's event is refused on update as its ref is.
    ['trigger', a.trigger === undefined || a.trigger === b.trigger],
  ];
  return checks.filter(([, same]) => !same).map(([field]) => field);
}

/**
 * Verify what a source fetched. `previous` is the lock entry being replaced (if any): a changed
 * identity or a lost provenance is refused unless accepted by name.
 */
export async function provenanceFor(ws: Workspace, fetched: FetchedSkill, previous: LockEntry | undefined, accept: ProvenanceAccept = {}, served: LockedAsServed = {}): Promise<ProvenanceOutcome> {
  const trust = await trustFor(ws);
  const r = fetched.resolved;
  if (r.source !== 'npm') {
    // Local tarballs and ClawHub archives carry no Sigstore provenance.
    const why = r.source === 'file' ? 'a local tarball carries no registry provenance' : `${r.source} publishes no Sigstore provenance`;
    if (trust.policy === 'require') {
      throw new SkillpinError('EPROVENANCE', `${r.name}@${r.version}: provenance is required (trust.provenance is "require") but ${why}`, {
        skill: r.name,
        hint: 'Install it from a registry that publishes provenance, or relax trust.provenance to "warn".',
      });
    }
    const view: ProvenanceView = trust.policy === 'off'
      ? { status: 'skipped', summary: 'provenance not checked: trust.provenance is "off"', warnings: [] }
      : { status: 'absent', summary: `no provenance: ${why}`, warnings: [] };
    const outcome: ProvenanceOutcome = { view, accepted: [] };
    if (trust.policy !== 'off') {
      outcome.record = null;
      compareWithLocked(outcome, previous?.provenance, null, accept, r.name);
    }
    return outcome;
  }
  const input = {
    name: r.name,
    version: r.version,
    integrity: fetched.integrity,
    attestations: fetched.attestations ?? null,
    ...(r.signatures ? { signatures: r.signatures } : {}),
    ...(r.publishedAt ? { publishedAt: r.publishedAt } : {}),
  };
  const result = verifyProvenance(input, trust);
  const outcome: ProvenanceOutcome = { view: toView(result), accepted: [], registrySigned: result.registrySignature === 'verified' };
  // Registry signatures are checked under every policy, so their loss is too.
  compareSignatures(outcome, previous, accept, `${r.name}@${r.version}`, r.name, served.lockedSignedNow === true);
  if (result.status === 'skipped') return outcome;
  outcome.record = result.record as LockedProvenance | null;
  compareWithLocked(outcome, await provenIdentity(ws, trust, r.name, previous), result.record, accept, r.name);
  return outcome;
}

/**
 * The locked version's identity as its stored bundle proves it, laid over the lock's record: a
 * pinned field deleted or edited in the lock (the workflow, the repository's ids, which older
 * locks lack and so may go missing unnoticed) must not pre-approve a new version. The lock's
 * record when there is no bundle of those bytes or it does not verify (`verify` reports that).
 */
async function provenIdentity(ws: Workspace, trust: TrustContext, name: string, previous: LockEntry | undefined): Promise<LockEntry['provenance']> {
  const locked = previous?.provenance;
  if (!locked || typeof previous?.integrity !== 'string' || typeof previous.version !== 'string') return locked;
  try {
    const stored = readStoredAttestations(ws.config.workspace, previous.integrity);
    if (stored === null) return locked;
    const proven = await verifyStoredProvenance({ name, version: previous.version, integrity: previous.integrity }, stored, trust);
    return proven.record ? { ...locked, ...proven.record } : locked;
  } catch (err) {
    if (err instanceof SkillpinError) return locked;
    throw err;
  }
}

/**
 * A version the registry no longer signs, when the locked one was signed: without provenance the
 * signature is all that ties the bytes to the registry's key, and stripping it is the one thing a
 * mirror or an on-path attacker without that key can do. EDOWNGRADE, kept for after the review.
 * The locked version counts as signed when the lock says so (`registrySigned`) or when the registry
 * serves it with `dist.signatures` now (`signedNow`): the lock field is only a record, and deleting
 * it in an unreviewed change must not switch the check off while the registry still signs.
 */
function compareSignatures(outcome: ProvenanceOutcome, previous: LockEntry | undefined, accept: ProvenanceAccept, spec: string, name: string, signedNow: boolean): void {
  if (!previous || outcome.registrySigned) return;
  const recorded = previous.registrySigned === true;
  if (!recorded && !signedNow) return;
  if (accept.downgrade) {
    outcome.accepted.push({ kind: 'downgrade', from: { registrySigned: true }, to: { registrySigned: false } });
    return;
  }
  const locked = `${name}@${String(previous.version)}`;
  const why = recorded ? 'the locked version carries the registry signature' : `the registry serves the locked ${locked} with its registry signature (dist.signatures), though the lock entry does not record it (registrySigned: deleted, or a lock older than that field)`;
  const err = new SkillpinError('EDOWNGRADE', `${name}: ${why}, but ${spec} as served has none (dist.signatures is missing).`, {
    skill: name,
    hint: recorded
      ? 'A registry that signs every version stopped signing this one, or a mirror stripped it: fetch it from the registry itself (--registry); to install anyway, re-run with --accept-downgrade.'
      : `A registry that signs ${locked} serves this version unsigned: it did not come through the registry's signing path (a version published straight to a proxy in front of it, say), or a mirror stripped it. Fetch it from the registry itself (--registry); to install anyway, re-run with --accept-downgrade.`,
    check: 'registry-signature-downgrade',
    from: { registrySigned: true, ...(recorded ? {} : { recordedInLock: false }) },
    to: { registrySigned: false },
  });
  outcome.block ??= err;
  outcome.view.warnings.push(err.message);
}

/** Compare with the locked identity; an unaccepted change is kept for after the review. */
function compareWithLocked(outcome: ProvenanceOutcome, locked: LockEntry['provenance'], next: ProvenanceRecord | null, accept: ProvenanceAccept, name: string): void {
  try {
    const { accepted, warnings } = checkProvenanceChange(locked as ProvenanceRecord | null | undefined, next, accept, name);
    outcome.accepted.push(...accepted);
    outcome.view.warnings.push(...warnings);
  } catch (err) {
    if (!(err instanceof SkillpinError)) throw err;
    outcome.block ??= err;
    outcome.view.warnings.push(err.message);
  }
}

/** Keep the verified attestations beside the lock so verify and install re-check them offline. */
export async function recordProvenance(ws: Workspace, fetched: FetchedSkill): Promise<void> {
  if (fetched.attestations) await storeAttestations(ws.config.workspace, fetched.integrity, fetched.attestations);
}

/** Whether .clawhub/attestations holds a bundle for these bytes (none can for an integrity without sha512). */
function holdsStoredBundle(ws: Workspace, integrity: string): boolean {
  try {
    return integrity !== '' && existsSync(attestationsPath(ws.config.workspace, integrity));
  } catch (err) {
    if (err instanceof SkillpinError && err.code === 'EINTEGRITY') return false;
    throw err;
  }
}

/**
 * Re-verify a locked version offline: the stored bundle must verify against today's trust and name
 * the locked identity. A locked record whose stored bundle is gone is a failure, not a pass.
 */
export async function recheckLockedProvenance(ws: Workspace, name: string, entry: LockEntry, pool: CheckPool | null = null): Promise<ProvenanceOutcome> {
  const trust = await trustFor(ws);
  const version = String(entry.version);
  if (trust.policy === 'off') return { view: { status: 'skipped', summary: provenanceSummary(name, version, 'skipped', null), warnings: [] }, accepted: [] };
  const integrity = entry.integrity ?? '';
  if ((entry.provenance === null || entry.provenance === undefined) && holdsStoredBundle(ws, integrity)) {
    // skillpin stores a bundle only for bytes whose provenance it verified and recorded: a null, or
    // no provenance field at all, beside one is an edit that would quietly switch off the downgrade
    // and identity checks (an update compares with nothing).
    throw new SkillpinError('EPROVENANCE', `${name}@${version}: the lock records no provenance, but .clawhub/attestations holds the verified bundle of these bytes: the lock entry was edited`, {
      skill: name,
      check: 'provenance-dropped',
      file: attestationsPath(ws.config.workspace, integrity),
      hint:
        entry.provenance === undefined
          ? `Restore the lock entry from version control. An entry pinned while trust.provenance was "off" by an older skillpin (which stored the bundle without checking it) has no provenance field either: re-pin it with \`skill add ${name}@${version}\`, which verifies and records it.`
          : 'Restore the lock entry from version control. To drop a publisher\'s provenance on purpose, re-pin with skill add, which shows the change for review.',
    });
  }
  if (entry.provenance === undefined || entry.provenance === null) {
    if (trust.policy === 'require') {
      throw new SkillpinError('EPROVENANCE', `${name}@${version}: provenance is required (trust.provenance is "require") but the lock records ${entry.provenance === null ? 'none for this version' : 'no provenance check'}`, {
        skill: name,
        check: 'provenance-required',
        hint: 'Pick a version published with provenance (skill update --review), or relax trust.provenance to "warn".',
      });
    }
    return {
      view: { status: 'absent', summary: entry.provenance === null ? provenanceSummary(name, version, 'absent', null) : 'provenance was not checked when this entry was pinned', warnings: [] },
      accepted: [],
    };
  }
  const stored = readStoredAttestations(ws.config.workspace, integrity);
  if (stored === null) {
    throw new SkillpinError('EPROVENANCE', `${name}@${version}: the lock records provenance (${entry.provenance.repository}) but its stored bundle is missing from .clawhub/attestations`, {
      skill: name,
      check: 'provenance-stored',
      hint: `Restore .clawhub/attestations from version control, or re-pin with skill add ${name}@${version} (which fetches and stores it again).`,
    });
  }
  let result: ProvenanceResult;
  try {
    result = await verifyStoredProvenance({ name, version, integrity }, stored, trust, pool ? (locked, doc) => pool.provenance(locked, doc, trustConfigOf(ws), trust.fingerprint) : undefined);
  } catch (err) {
    // What a registry's document failing a check means (do not install, report it to the registry)
    // is not what a stored one failing means: nothing was fetched, the file beside the lock no
    // longer proves the entry, and the fix is in the workspace.
    const restore = `Restore .clawhub/attestations and the lock from version control, or re-pin with skill add ${name}@${version} (which fetches, verifies and stores it again).`;
    if (err instanceof SkillpinError && err.code === 'EPROVENANCE' && (err.hint === HINT_TAMPER || err.facts.check === 'provenance signature')) {
      throw new SkillpinError('EPROVENANCE', err.message, {
        ...err.facts,
        skill: name,
        file: stored.file,
        hint:
          err.hint === HINT_TAMPER
            ? `The stored bundle no longer proves this lock entry: it or the lock was edited. ${restore}`
            : `The stored bundle no longer verifies against this workspace's trust. If trust.trustedRoots or trust.registryKeys changed, restore them; otherwise the bundle was edited: ${restore}`,
      });
    }
    throw err;
  }
  const differs = result.record ? identityDifferences(entry.provenance, result.record) : [];
  if (!result.record || differs.length > 0) {
    const fields = differs.length > 0 ? ` (they differ in ${differs.join(', ')})` : '';
    throw new SkillpinError('EIDENTITY', `${name}@${version}: the stored provenance names ${result.record ? `${result.record.repository}@${result.record.commit}` : 'no identity'}, the lock pins ${entry.provenance.repository}@${entry.provenance.commit}${fields}`, {
      skill: name,
      check: 'provenance-identity',
      ...(differs.length > 0 ? { fields: differs } : {}),
      hint: 'The lock or .clawhub/attestations was edited. Restore both from version control.',
    });
  }
  return { view: toView(result), record: result.record as LockedProvenance, accepted: [] };
}
