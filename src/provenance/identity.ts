// Identity policy: the trust.identities allow-list and the pinned identity between versions.
// Matching is exact or anchored (STYLE 14): `acme/*` matches `acme/x`, never `acme-evil/x`;
// `acme/weather` never matches `acme/weather-evil`. Fields are compared after parsing, never by
// searching one string inside another.

import { SkillpinError } from '../errors.js';
import type { ProvenanceRecord } from './types.js';

const PATTERN_CHARS = /^[A-Za-z0-9._*-]+(\/[A-Za-z0-9._*-]+)+$/;

/** Why a repository pattern is unusable, or undefined when it is fine. */
export function validateRepositoryPattern(pattern: string): string | undefined {
  if (!PATTERN_CHARS.test(pattern)) return 'must be owner/name segments of letters, digits, ".", "_", "-" and the wildcard "*"';
  if (pattern.split('/').some((seg) => seg === '.' || seg === '..')) return 'must not contain "." or ".." segments';
  if (pattern.split('/')[0] === '*') return 'must name its owner (a bare "*" owner would trust every repository)';
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whole-string match of a repository against a pattern. `*` stands for one or more characters
 * inside one path segment (never `/`). Repository names compare case-insensitively, as on GitHub
 * and GitLab, where names that differ only in case are the same repository.
 */
export function repositoryMatches(pattern: string, repository: string): boolean {
  if (validateRepositoryPattern(pattern)) return false;
  const source = pattern
    .toLowerCase()
    .split('*')
    .map(escapeRegExp)
    .join('[^/]+');
  return new RegExp(`^${source}$`).test(repository.toLowerCase());
}

export function sameRepository(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The allow-list entry that admits this identity, or undefined. Issuers compare exactly. */
export function findAllowedIdentity(
  identities: ReadonlyArray<{ issuer: string; repository: string }>,
  record: Pick<ProvenanceRecord, 'issuer' | 'repository'>,
): { issuer: string; repository: string } | undefined {
  return identities.find((id) => id.issuer === record.issuer && repositoryMatches(id.repository, record.repository));
}

/**
 * What kind of source ref a build ran on (Fulcio's Source Repository Ref, GitHub's `ref` claim):
 * a tag or branch of the repository, or a pull or merge request's ref (`refs/pull/<n>/merge`,
 * `refs/merge-requests/<n>/head`), code that may never have been merged.
 */
export type RefKind = 'tag' | 'branch' | 'pull-request' | 'other' | 'none';

export function refKind(ref: string | undefined): RefKind {
  if (ref === undefined || ref === '') return 'none';
  if (ref.startsWith('refs/tags/')) return 'tag';
  if (ref.startsWith('refs/heads/')) return 'branch';
  if (/^refs\/(pull|merge-requests)\//.test(ref)) return 'pull-request';
  return 'other';
}

/**
 * Events that start a run for a pull request (GitHub's pull_request and pull_request_target,
 * GitLab's merge request pipelines). pull_request_target runs on the base branch's ref with the
 * repository's own identity, so the ref alone does not show it; a workflow that checks out the
 * pull request's head then builds and signs code nobody merged.
 */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_request_event']);

export function pullRequestTrigger(trigger: string | undefined): boolean {
  return trigger !== undefined && PULL_REQUEST_EVENTS.has(trigger);
}

/** Whether a build ran for a pull request: its ref is one, or the event that started it was one. */
function forPullRequest(r: Pick<ProvenanceRecord, 'ref' | 'trigger'>): boolean {
  return refKind(r.ref) === 'pull-request' || pullRequestTrigger(r.trigger);
}

/** What a build ran from, for a person: its ref, and the pull request's event when the ref does not show it. */
function describeBuild(r: Pick<ProvenanceRecord, 'ref' | 'trigger'>): string {
  if (refKind(r.ref) !== 'pull-request' && pullRequestTrigger(r.trigger)) return `a ${String(r.trigger)} event on ${describeRef(r.ref)}`;
  return describeRef(r.ref);
}

/** The ref for a person: `tag refs/tags/v1.2.0`, `PULL REQUEST ref refs/pull/7/merge`, ... */
export function describeRef(ref: string | undefined): string {
  const kind = refKind(ref);
  if (kind === 'none') return 'no source ref';
  if (kind === 'pull-request') return `PULL REQUEST ref ${String(ref)}`;
  return kind === 'other' ? `ref ${String(ref)}` : `${kind} ${String(ref)}`;
}

/** A forge's own runners (GitHub's, GitLab's); any other runner environment is a machine someone else controls. */
const HOSTED_RUNNERS = new Set(['github-hosted', 'gitlab-hosted']);

/** Whether the record names a runner environment that is not the forge's own. */
export function selfHosted(r: Pick<ProvenanceRecord, 'runnerEnvironment'>): boolean {
  return r.runnerEnvironment !== undefined && !HOSTED_RUNNERS.has(r.runnerEnvironment);
}

/**
 * The workflow that signed, from the certificate's SAN without its `@ref`: GitHub writes the job's
 * own workflow there (job_workflow_ref), which for a job that calls a reusable workflow is that
 * workflow, in whatever repository it lives, while the record's `workflow` is the one the run was
 * started from (Build Config URI). The ref is cut (a new tag per release, a new pin of the reusable
 * workflow); the forge's origin and owner/name compare case-insensitively, as repositories do, and
 * the file's path exactly, as git names files. Undefined for a SAN that names no workflow file.
 */
export function signerWorkflow(identity: string | undefined): string | undefined {
  if (identity === undefined) return undefined;
  const m = /^(https:\/\/[^/@]+\/[^/@]+\/[^/@]+)(\/[^@]*?\.ya?ml)@/i.exec(identity);
  return m ? `${m[1]!.toLowerCase()}${m[2]!}` : undefined;
}

/** Whether the signing workflow differs: a SAN with a workflow file against one naming another, or none. */
function signerChanged(locked: ProvenanceRecord, next: ProvenanceRecord): boolean {
  if (locked.identity === undefined) return false;
  const [a, b] = [signerWorkflow(locked.identity), signerWorkflow(next.identity)];
  // Neither names a workflow file (another CI's SAN): the other pinned fields say who built it.
  if (a === undefined && b === undefined) return false;
  return a !== b;
}

function signerOf(r: ProvenanceRecord): string {
  return signerWorkflow(r.identity) ?? r.identity;
}

function who(r: ProvenanceRecord, signer = false): string {
  return `${r.repository} (issuer ${r.issuer}${r.workflow ? `, workflow ${r.workflow}` : ''}${signer ? `, signed by ${signerOf(r)}` : ''}${r.repositoryId ? `, repository id ${r.repositoryId}` : ''}${r.ownerId ? `, owner id ${r.ownerId}` : ''}${r.runnerEnvironment ? `, runner ${r.runnerEnvironment}` : ''})`;
}

/**
 * A field of the identity that the locked record pins and the new one does not repeat: an id the
 * CA wrote before and omits now counts as changed, a field the locked record predates does not.
 */
function pinnedFieldChanged(locked: string | undefined, next: string | undefined): boolean {
  return locked !== undefined && locked !== next;
}

/** The identity facts shown for a change: repository and issuer, and each other pinned field that changed. */
function identityFacts(r: ProvenanceRecord, changed: ReadonlyArray<'workflow' | 'repositoryId' | 'ownerId' | 'runnerEnvironment'>, signer: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { repository: r.repository, issuer: r.issuer };
  for (const k of changed) out[k] = r[k] ?? null;
  if (signer) out.signer = signerOf(r);
  return out;
}

/**
 * Compare the provenance locked for a skill with the one of the version about to replace it.
 * A changed repository or issuer is EIDENTITY and lost provenance is EDOWNGRADE, unless the caller
 * passes the matching acceptance (the CLI's --accept-identity-change / --accept-downgrade).
 * `locked === undefined` means there is no locked version (first install): nothing to compare.
 * Call it only when the new version was verified or found absent (not when provenance is "off").
 */
export function checkProvenanceChange(
  locked: ProvenanceRecord | null | undefined,
  next: ProvenanceRecord | null,
  accept: { identityChange?: boolean; downgrade?: boolean },
  skill: string,
): { accepted: Array<{ kind: 'identity-change' | 'downgrade'; from: unknown; to: unknown }>; warnings: string[] } {
  const accepted: Array<{ kind: 'identity-change' | 'downgrade'; from: unknown; to: unknown }> = [];
  const warnings: string[] = [];
  if (!locked) return { accepted, warnings };
  if (next === null) {
    if (!accept.downgrade) {
      throw new SkillpinError(
        'EDOWNGRADE',
        `${skill}: the locked version was built by ${who(locked)} with verified provenance, but the new version has no provenance.`,
        { skill, hint: 'Ask the publisher why provenance is gone; to install anyway, re-run with --accept-downgrade.', check: 'provenance-downgrade', from: locked, to: null },
      );
    }
    accepted.push({ kind: 'downgrade', from: { repository: locked.repository, issuer: locked.issuer }, to: null });
    return { accepted, warnings };
  }
  const repoChanged = !sameRepository(locked.repository, next.repository);
  const issuerChanged = locked.issuer !== next.issuer;
  // The repository's name alone does not pin who builds: a repository deleted and re-created under
  // the same name (new ids), or a release made by another workflow of the same repository (one a
  // contributor added, a pull-request workflow), is another builder as much as another repository.
  // The runner too: a build moved from the forge's runners to a self-hosted one (a machine whoever
  // registered it controls) is attested only by that machine, whatever commit it names.
  const changed = (['workflow', 'repositoryId', 'ownerId', 'runnerEnvironment'] as const).filter((k) => pinnedFieldChanged(locked[k], next[k]));
  // The workflow started (`workflow`) is not always the one that built and signed: a job that calls
  // a reusable workflow runs that workflow's steps, from its own repository, and the SAN names it.
  // Moving the release job to another repository's workflow (or to another file) is another builder.
  const signer = signerChanged(locked, next);
  // The ref changes with every release (a new tag), so it is not pinned; its kind is. A release
  // built from a pull request's ref runs code nobody may have merged, in a workflow the pull
  // request can change: a builder of its own, as another workflow is.
  // The event counts as the ref does: pull_request_target runs a pull request's workflow run on the
  // base branch's ref, where the ref's kind alone says "branch".
  const [lockedKind, nextKind] = [refKind(locked.ref), refKind(next.ref)];
  const toPullRequest = forPullRequest(next) && !forPullRequest(locked);
  const prFacts = (r: ProvenanceRecord): Record<string, unknown> => ({ ref: r.ref ?? null, ...(pullRequestTrigger(next.trigger) ? { trigger: r.trigger ?? null } : {}) });
  if (repoChanged || issuerChanged || changed.length > 0 || signer || toPullRequest) {
    const from = { ...identityFacts(locked, changed, signer), ...(toPullRequest ? prFacts(locked) : {}) };
    const to = { ...identityFacts(next, changed, signer), ...(toPullRequest ? prFacts(next) : {}) };
    if (!accept.identityChange) {
      const onlyRef = !repoChanged && !issuerChanged && changed.length === 0 && !signer;
      throw new SkillpinError(
        'EIDENTITY',
        onlyRef
          ? `${skill}: the new version was built for a pull request (${describeBuild(next)}), but the locked version was built from ${describeBuild(locked)}: a pull request's code may never have been merged.`
          : `${skill}: the new version was built by ${who(next, signer)}${toPullRequest ? ` for a pull request (${describeBuild(next)})` : ''}, but the locked version was built by ${who(locked, signer)}.`,
        {
          skill,
          hint: onlyRef
            ? `Ask the publisher why ${next.repository} released from a pull request; to accept it, re-run with --accept-identity-change.`
            : 'Check that the project really moved; to accept the new builder, re-run with --accept-identity-change.',
          check: onlyRef ? 'provenance-ref' : 'provenance-identity',
          from,
          to,
        },
      );
    }
    accepted.push({ kind: 'identity-change', from, to });
  }
  // Tag to branch (or to a ref that is neither): shown, not refused; projects that publish from
  // their default branch exist, and branch to tag is the usual way round.
  // Another branch than the locked version's is shown too: a branch nobody merged to the one the
  // project releases from (a contributor's, one a leaked token pushed) runs the same workflow.
  const otherBranch = lockedKind === 'branch' && nextKind === 'branch' && locked.ref !== next.ref;
  if (!toPullRequest && (otherBranch || ((lockedKind === 'tag' || lockedKind === 'branch') && nextKind !== lockedKind && !(lockedKind === 'branch' && nextKind === 'tag')))) {
    warnings.push(`${skill}: the new version was built from ${describeRef(next.ref)}, the locked version from ${describeRef(locked.ref)}.`);
  }
  return { accepted, warnings };
}
