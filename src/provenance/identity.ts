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

function who(r: ProvenanceRecord): string {
  return `${r.repository} (issuer ${r.issuer}${r.workflow ? `, workflow ${r.workflow}` : ''}${r.repositoryId ? `, repository id ${r.repositoryId}` : ''}${r.ownerId ? `, owner id ${r.ownerId}` : ''})`;
}

/**
 * A field of the identity that the locked record pins and the new one does not repeat: an id the
 * CA wrote before and omits now counts as changed, a field the locked record predates does not.
 */
function pinnedFieldChanged(locked: string | undefined, next: string | undefined): boolean {
  return locked !== undefined && locked !== next;
}

/** The identity facts shown for a change: repository and issuer, and each other pinned field that changed. */
function identityFacts(r: ProvenanceRecord, changed: ReadonlyArray<'workflow' | 'repositoryId' | 'ownerId'>): Record<string, unknown> {
  const out: Record<string, unknown> = { repository: r.repository, issuer: r.issuer };
  for (const k of changed) out[k] = r[k] ?? null;
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
): { accepted: Array<{ kind: 'identity-change' | 'downgrade'; from: unknown; to: unknown }> } {
  const accepted: Array<{ kind: 'identity-change' | 'downgrade'; from: unknown; to: unknown }> = [];
  if (!locked) return { accepted };
  if (next === null) {
    if (!accept.downgrade) {
      throw new SkillpinError(
        'EDOWNGRADE',
        `${skill}: the locked version was built by ${who(locked)} with verified provenance, but the new version has no provenance.`,
        { skill, hint: 'Ask the publisher why provenance is gone; to install anyway, re-run with --accept-downgrade.', check: 'provenance-downgrade', from: locked, to: null },
      );
    }
    accepted.push({ kind: 'downgrade', from: { repository: locked.repository, issuer: locked.issuer }, to: null });
    return { accepted };
  }
  const repoChanged = !sameRepository(locked.repository, next.repository);
  const issuerChanged = locked.issuer !== next.issuer;
  // The repository's name alone does not pin who builds: a repository deleted and re-created under
  // the same name (new ids), or a release made by another workflow of the same repository (one a
  // contributor added, a pull-request workflow), is another builder as much as another repository.
  const changed = (['workflow', 'repositoryId', 'ownerId'] as const).filter((k) => pinnedFieldChanged(locked[k], next[k]));
  if (repoChanged || issuerChanged || changed.length > 0) {
    const from = identityFacts(locked, changed);
    const to = identityFacts(next, changed);
    if (!accept.identityChange) {
      throw new SkillpinError(
        'EIDENTITY',
        `${skill}: the new version was built by ${who(next)}, but the locked version was built by ${who(locked)}.`,
        { skill, hint: 'Check that the project really moved; to accept the new builder, re-run with --accept-identity-change.', check: 'provenance-identity', from, to },
      );
    }
    accepted.push({ kind: 'identity-change', from, to });
  }
  return { accepted };
}
