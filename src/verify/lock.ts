// Check 1, per entry: an exact version, a sha512 integrity and per-file hashes. Entries the clawhub
// CLI or OpenClaw wrote (a version and installedAt, no bytes pinned) get a hint that says how to pin
// them; install and update give the same hint through `unpinnedError`.

import { SkillpinError } from '../errors.js';
import { isOwnerQualifiedKey, lockedSourceOf, pinProblems, type LockEntry } from '../lockfile/index.js';
import { checkEntryPath, foldKey, isMetadataEntry } from '../sandbox/paths.js';
import { formatClawhubSpec } from '../source/clawhub/spec.js';
import { isExactVersion } from '../spec/index.js';
import { fail, pass, type CheckResult } from './types.js';

/** True for an entry shaped like the clawhub CLI's or OpenClaw's: skillpin pins neither bytes nor files in it. */
export function isForeignEntry(entry: LockEntry): boolean {
  return entry.integrity === undefined && entry.files === undefined;
}

/** The spec that pins this entry's version again with `skill add`, from the source it came from. */
function pinSpec(name: string, entry: LockEntry): string {
  // A range or tag is no pin to advise: `skill add name@^1` would only ask again.
  const version = isExactVersion(typeof entry.version === 'string' ? entry.version : undefined) ? (entry.version as string) : '<exact version>';
  const source = lockedSourceOf(entry);
  if (source === 'clawhub') {
    // A clawhub CLI `@owner/slug` key already names its owner.
    const owner = !name.startsWith('@') && typeof entry.ownerHandle === 'string' && entry.ownerHandle ? entry.ownerHandle : undefined;
    return formatClawhubSpec({ ownerHandle: owner, slug: name, version });
  }
  if (source === 'file' && typeof entry.resolved === 'string' && entry.resolved) return entry.resolved;
  return `${name}@${version}`;
}

/** How to pin an entry that is not pinned. */
export function unpinnedHint(name: string, entry: LockEntry): string {
  const spec = pinSpec(name, entry);
  if (!isForeignEntry(entry)) return `Pin it again with \`skill add ${spec}\`, which records the exact version, its sha512 and file hashes; do not edit pins by hand.`;
  if (isOwnerQualifiedKey(name, entry)) {
    // `skill add` refuses a slug beside an owner-qualified key, so adopt, or remove and add.
    return (
      `The clawhub CLI wrote this entry: it names a version but pins no bytes. Run \`skill adopt\`: if every installed file matches what ClawHub publishes, ` +
      `it pins the entry and re-keys it as ${name.slice(name.indexOf('/') + 1)}. Otherwise remove it (\`skill remove ${name}\`) and reinstall it reviewed with \`skill add ${spec}\`.`
    );
  }
  // `skill add` will not replace a ClawHub entry whose owner is not recorded (refuseOwnerClash):
  // the entry goes first.
  const ownerUnknown = lockedSourceOf(entry) === 'clawhub' && !(typeof entry.ownerHandle === 'string' && entry.ownerHandle);
  return (
    `The clawhub CLI or OpenClaw wrote this entry: it names a version but pins no bytes. Run \`skill adopt\` to pin what is installed if every file matches ` +
    `what ClawHub publishes, or ${ownerUnknown ? `remove it (\`skill remove ${name}\`) and reinstall it reviewed with` : 'reinstall it reviewed with'} \`skill add ${spec}\`.`
  );
}

/** An EUNPINNED error for one entry, with the fix. */
export function unpinnedError(name: string, entry: LockEntry): SkillpinError {
  const problems = pinProblems(entry);
  return new SkillpinError('EUNPINNED', `lock entry ${name} is not pinned: missing or inexact ${problems.join(', ')}`, {
    skill: name,
    problems,
    hint: unpinnedHint(name, entry),
  });
}

export function checkLockEntry(name: string, entry: LockEntry, lockFile: string): CheckResult {
  const problems = pinProblems(entry);
  if (problems.length === 0) return pass('lock', `pinned to ${entry.version as string} by sha512`, { file: lockFile });
  const what: string[] = [];
  if (problems.includes('version')) what.push(`version ${JSON.stringify(entry.version ?? null)} is not an exact version`);
  if (problems.includes('integrity')) what.push(entry.integrity ? `integrity ${JSON.stringify(entry.integrity)} holds no whole sha512 digest (64 bytes)` : 'no integrity');
  if (problems.includes('files')) what.push('no per-file hashes');
  return fail('lock', 'EUNPINNED', `lock entry ${name} is not pinned: ${what.join('; ')}`, { file: lockFile, hint: `${unpinnedHint(name, entry)} Then commit .clawhub/lock.json.`, facts: { problems } });
}

// The entry fields the clawhub CLI's lock schema types (clawhub 0.23, LockfileSchema). Fields it
// does not name pass; a lock with one entry that fails is read by that CLI as empty, and its next
// install or update writes that empty lock back with one entry: every other pin is gone.
const CLAWHUB_CLI_STRINGS = ['ownerHandle', 'sourceRef', 'sourceRepository', 'sourcePath', 'sourceUrl', 'canonicalRef', 'trustLabel', 'pinReason'] as const;

/** Why the clawhub CLI cannot read this entry (empty when it can). */
export function clawhubCliProblems(entry: LockEntry): string[] {
  const out: string[] = [];
  if (entry.version !== null && typeof entry.version !== 'string') out.push('no version (a string or null)');
  if (typeof entry.installedAt !== 'number') out.push('no installedAt (a number)');
  for (const key of CLAWHUB_CLI_STRINGS) if (entry[key] !== undefined && typeof entry[key] !== 'string') out.push(`${key} is not a string`);
  if (entry.sourceKind !== undefined && entry.sourceKind !== 'skills-sh') out.push('sourceKind is not "skills-sh"');
  if (entry.clawhubScan !== undefined && entry.clawhubScan !== 'unscanned' && entry.clawhubScan !== 'scanned') out.push('clawhubScan is not "unscanned" or "scanned"');
  if (entry.pinned !== undefined && typeof entry.pinned !== 'boolean') out.push('pinned is not true or false');
  return out;
}

/** A failed check when the clawhub CLI would read the whole lock as empty because of this entry. */
export function checkSharedFormat(name: string, entry: LockEntry, lockFile: string): CheckResult | null {
  const problems = clawhubCliProblems(entry);
  if (problems.length === 0) return null;
  return fail('lock', 'ELOCKFILE', `lock entry ${name} does not have the shared lock format: ${problems.join('; ')}. The clawhub CLI reads such a lock as empty, and its next install or update overwrites every pin`, {
    file: lockFile,
    hint: `Give the entry what the clawhub CLI and OpenClaw expect of every entry (version, and installedAt in milliseconds since 1970), or remove it with \`skill remove '${name}'\`.`,
    facts: { problems },
  });
}

/** Names whose fold key is the name itself: nothing to normalise, no letter to fold. */
const FOLDED_ALREADY = /^[a-z0-9._/-]*$/;

/** A name quoted with every character outside printable ASCII as \uXXXX: `café` in NFC and in NFD read alike otherwise. */
const quoted = (p: string): string => JSON.stringify(p).replace(/[^\x20-\x7e]/gu, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);

/**
 * A failed check when an entry's `files` name a path that no install writes: one the archive
 * rules refuse (a control or bidi character, `..`, a backslash...), install metadata
 * (`.clawhub/origin.json`, which OpenClaw reads to decide where a skill updates from; installs
 * drop it), or two names that are one file where case or Unicode form is folded. The files check
 * compares the folder with these names, so a hand edit that pins such a file beside the file
 * itself passed it. String work on each locked name, no file-system access.
 */
export function checkLockedPaths(name: string, entry: LockEntry, lockFile: string): CheckResult | null {
  const files = entry.files;
  if (files === null || typeof files !== 'object') return null;
  const problems: string[] = [];
  const folded = new Map<string, string>();
  for (const p of Object.keys(files)) {
    try {
      checkEntryPath(p, name);
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
      const why = err.message.slice(err.message.indexOf(' refused: ') + ' refused: '.length);
      problems.push(`${quoted(p)}, a path no install writes (${why.replace(/\.$/, '')})`);
      continue;
    }
    if (isMetadataEntry(p)) problems.push(`${quoted(p)}, install metadata that installs drop (OpenClaw reads it to decide where the skill updates from)`);
    const key = FOLDED_ALREADY.test(p) ? p : foldKey(p);
    const other = folded.get(key);
    if (other === undefined) folded.set(key, p);
    else problems.push(`${quoted(other)} and ${quoted(p)}, which are one file where case or Unicode form is folded (install refuses such a pair)`);
  }
  if (problems.length === 0) return null;
  const shown = problems.length > 5 ? [...problems.slice(0, 5), `${problems.length - 5} more`] : problems;
  return fail('lock', 'ETAMPERED', `lock entry ${name} pins ${shown.join('; ')}: no skill package installs such files, so nobody reviewed them`, {
    file: lockFile,
    hint: `The lock entry was edited by hand, and the skill folder with it. Restore both from version control, or re-pin with \`skill add ${pinSpec(name, entry)}\` and review what it installs.`,
    facts: { problems },
  });
}
