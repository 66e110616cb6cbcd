// Check 1, per entry: an exact version, a sha512 integrity and per-file hashes. Entries the clawhub
// CLI or OpenClaw wrote (version and installedAt only) get a hint that says how to pin them.

import { pinProblems, type LockEntry } from '../lockfile/index.js';
import { isExactVersion } from '../spec/index.js';
import { fail, pass, type CheckResult } from './types.js';

/** True for an entry shaped like the clawhub CLI's or OpenClaw's: no skillpin pin fields at all. */
export function isForeignEntry(entry: LockEntry): boolean {
  return entry.integrity === undefined && entry.files === undefined && entry.resolved === undefined && entry.registry === undefined;
}

function pinSpec(name: string, entry: LockEntry): string {
  // A range or tag is no pin to advise: `skill add name@^1` would only ask again.
  const version = isExactVersion(typeof entry.version === 'string' ? entry.version : undefined) ? (entry.version as string) : '<exact version>';
  const clawhub = entry.source === 'clawhub' || typeof entry.ownerHandle === 'string' || typeof entry.sourceKind === 'string';
  if (clawhub) {
    const owner = typeof entry.ownerHandle === 'string' ? `@${entry.ownerHandle}/` : '';
    const slug = name.startsWith('@') ? name : `${owner}${name}`;
    return `clawhub:${slug}@${version}`;
  }
  return `${name}@${version}`;
}

export function checkLockEntry(name: string, entry: LockEntry, lockFile: string): CheckResult {
  const problems = pinProblems(entry);
  if (problems.length === 0) return pass('lock', `pinned to ${entry.version as string} by sha512`, { file: lockFile });
  const spec = pinSpec(name, entry);
  const what: string[] = [];
  if (problems.includes('version')) what.push(`version ${JSON.stringify(entry.version ?? null)} is not an exact version`);
  if (problems.includes('integrity')) what.push(entry.integrity ? `integrity ${JSON.stringify(entry.integrity)} holds no sha512` : 'no integrity');
  if (problems.includes('files')) what.push('no per-file hashes');
  const hint = isForeignEntry(entry)
    ? `This entry was written by the clawhub CLI or OpenClaw: it names a version but pins no bytes. Pin it with \`skill add ${spec}\` (it reviews that exact version and records its sha512 and file hashes), then commit .clawhub/lock.json.`
    : `Pin it with \`skill add ${spec}\`, which records the exact version, its sha512 and file hashes; do not edit pins by hand.`;
  return fail('lock', 'EUNPINNED', `lock entry ${name} is not pinned: ${what.join('; ')}`, { file: lockFile, hint, facts: { problems } });
}
