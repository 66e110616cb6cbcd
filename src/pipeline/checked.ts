// The verdict that a lock entry's files were checked on this machine: the archive its integrity
// pins unpacked to exactly these files (paths and sha512s) under this build's archive and manifest
// rules and the workspace's trust policy and limits, and this build's scanner found no blocking
// rule in them but those listed. `skill install` leaves a folder that holds exactly the pinned
// files in place only with it. Without it, a skill
// folder and a lock entry written to match each other (a sandbox kept in version control, and a
// change to both) would pass as installed: nothing would fetch the integrity the entry pins,
// compare its files or scan them.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/index.js';
import { sha512Digests } from '../integrity/index.js';
import { lockedSourceOf, type LockEntry } from '../lockfile/index.js';
import { parserFingerprint } from '../manifest/cached.js';
import { filesDigest, scannerFingerprint } from '../scan/cached.js';
import { unpackerFingerprint } from '../source/tree-cache.js';
import { verdictKey, type VerdictStore } from '../verdicts/index.js';

/** Kept with the verdicts about what an archive unpacks to (the tree cache's). */
const KIND = 'tree';

/**
 * What the entry says the archive is besides its bytes, and what a fetch checks: the version (an npm
 * tarball's package.json must name it, a ClawHub zip is fetched by it), the source and a ClawHub
 * owner. Without them a check of 1.0.0's bytes passed an entry relabelled 1.0.1 (or another owner's)
 * that pinned those bytes and files, which a fetch refuses (EINTEGRITY).
 */
function labelOf(entry: LockEntry): string[] {
  return [lockedSourceOf(entry), String(entry.version ?? ''), typeof entry.ownerHandle === 'string' ? entry.ownerHandle.toLowerCase() : ''];
}

/**
 * The checks a fetch runs besides the scan, as this build has them: the archive and entry rules
 * (src/sandbox) and the manifest's parser and rules (src/manifest). A skillpin that tightens any of
 * them checks the folders in place again, as a new scanner does.
 */
function checksFingerprint(): string[] {
  return [scannerFingerprint(), unpackerFingerprint(), parserFingerprint()];
}

/** The settings a fetch was checked under: what the check takes from the workspace's config. */
export type CheckedSettings = Pick<Config, 'trust' | 'limits'>;

const policies = new WeakMap<CheckedSettings, string>();

/**
 * The trust policy (provenance mode, identities, roots and registry keys, the files by their
 * contents) and the archive limits
 * the check ran under: a workspace that tightens them (`trust.provenance: "require"`, a smaller
 * `limits.maxFiles`) checks its folders in place again, as a new scanner makes it.
 */
function policyOf(settings: CheckedSettings): string {
  let p = policies.get(settings);
  if (p === undefined) {
    const { provenance, identities, trustedRoots, registryKeys } = settings.trust;
    const ids = identities.map((i) => `${i.issuer}\n${i.repository}`).sort();
    // The files by what they hold, not only where: a key revoked by editing the file in place
    // tightens the policy as much as naming another file does. Read once a run.
    p = JSON.stringify([provenance, ids, [...trustedRoots].sort().map(withDigest), [...registryKeys].sort().map(withDigest), settings.limits]);
    policies.set(settings, p);
  }
  return p;
}

function withDigest(file: string): string {
  try {
    return `${file}\n${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
  } catch {
    return `${file}\nunreadable`;
  }
}

function checkedKey(settings: CheckedSettings, name: string, entry: LockEntry, sha512Hex: string, files: Record<string, string>): string {
  return verdictKey(['checked', ...checksFingerprint(), policyOf(settings), name, ...labelOf(entry), sha512Hex, filesDigest(Object.entries(files))]);
}

/**
 * Remember that `name`'s archive of `integrity` (the digest the unpack checked), fetched as `entry`
 * names it (version, source, owner), held exactly `files` and that its scan's blocking rules were
 * `blocking`. Call only once all were checked.
 */
export function rememberChecked(store: VerdictStore, settings: CheckedSettings, name: string, entry: LockEntry, integrity: string, files: Record<string, string>, blocking: string[]): void {
  const hex = sha512Digests(integrity)[0];
  if (!store.enabled || hex === undefined) return;
  store.put(KIND, checkedKey(settings, name, entry, hex, files), { blocking: [...new Set(blocking)].sort() });
}

/**
 * True when this machine checked the archive the entry pins, found exactly the entry's files in it,
 * and every rule that blocked them is one the entry accepted.
 */
export function knownChecked(store: VerdictStore, settings: CheckedSettings, name: string, entry: LockEntry): boolean {
  if (!store.enabled || typeof entry.integrity !== 'string' || !entry.files) return false;
  const accepted = new Set((entry.acceptedRisks ?? []).map((a) => a.rule));
  for (const hex of sha512Digests(entry.integrity)) {
    const v = store.get(KIND, checkedKey(settings, name, entry, hex, entry.files)) as { blocking?: unknown } | undefined;
    if (Array.isArray(v?.blocking) && v.blocking.every((rule) => typeof rule === 'string' && accepted.has(rule))) return true;
  }
  return false;
}
