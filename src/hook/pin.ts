// The pin check of the install-policy hook: when the workspace's lock pins the skill OpenClaw is
// installing, the staged folder must hold exactly the pinned bytes (same version, same files; for a
// GitHub-backed ClawHub install, whose version label is the commit, same publisher and same files).

import { diffFileMaps } from '../integrity/index.js';
import { folderKey, isPinned, lockedSourceOf, skillFolderName, type LockEntry, type Lockfile } from '../lockfile/index.js';
import { foldKey } from '../sandbox/paths.js';
import { githubOrigin, type GithubOrigin, type InstallPolicyRequest } from './protocol.js';

export interface PinnedEntry {
  key: string;
  entry: LockEntry;
  /**
   * Set when the pin was found by where the staged folder is: the request names a folder inside the
   * sandbox (an installed skill, e.g. OpenClaw's dependency installer). The path inside the pinned
   * folder that the request names, '' for the whole folder.
   */
  sub?: string;
}

/** Where a request's folder sits in the sandbox: the skill folder, and the path inside it ('' for the folder itself). */
export interface SandboxLocation {
  folder: string;
  sub: string;
}

export interface PinMismatch {
  key: string;
  pinnedVersion: string;
  /** What differs, one short phrase each, in a fixed order. */
  problems: string[];
}

/**
 * The lock entry that pins the skill of this request, if any. OpenClaw keys its own entries by the
 * bare slug and installs into `skills/<slug>`, so the key is the target name (or the ClawHub slug).
 * Entries without integrity and per-file hashes (written by OpenClaw or the clawhub CLI) pin nothing.
 */
export function pinnedEntryFor(lock: Lockfile, req: InstallPolicyRequest, location: SandboxLocation | null = null): PinnedEntry | null {
  // A folder of the sandbox is held to the pin of that folder, whatever name the request gives it:
  // OpenClaw names an installed skill by its SKILL.md name, which need not be its lock key
  // (`@acme/weather` lives in `acme+weather` and may call itself `weather`).
  if (location) {
    const byFolder = Object.entries(lock.skills).filter(([key, entry]) => isPinned(entry) && folderKey(key) === foldKey(location.folder));
    // folderKey was not null, so skillFolderName does not throw for these keys.
    const hit = byFolder.find(([key]) => skillFolderName(key) === location.folder) ?? byFolder[0];
    if (hit) return { key: hit[0], entry: hit[1], sub: location.sub };
  }
  const keys = [req.targetName];
  if (req.origin.slug && !keys.includes(req.origin.slug)) keys.push(req.origin.slug);
  for (const key of keys) {
    const entry = Object.hasOwn(lock.skills, key) ? lock.skills[key] : undefined;
    if (entry && isPinned(entry)) return { key, entry };
  }
  // ClawHub slugs are case-insensitive, and so are the sandbox's folders on some file systems:
  // `Weather` (or `acme+x`, the folder of `@acme/x`) must not slip past a pin as a skill the lock
  // does not know and be installed over its folder. Folded as archive names are (foldKey).
  const folded = keys.map(folderKey).filter((k) => k !== null);
  for (const [key, entry] of Object.entries(lock.skills)) {
    const k = folderKey(key);
    if (k !== null && folded.includes(k) && isPinned(entry)) return { key, entry };
  }
  return null;
}

/**
 * The GitHub source of a request whose version label may differ from the pin: a GitHub-backed
 * ClawHub install (githubOrigin: the label is the commit, never a release version) of a ClawHub pin
 * that records its publisher, naming that same publisher. Null otherwise. What such a request is
 * then held to is what the pin guarantees anyway, the publisher and every file's sha512; a label
 * that looks like a commit buys nothing without the pinned bytes.
 */
export function githubVersionExemption(pin: PinnedEntry, req: InstallPolicyRequest): GithubOrigin | null {
  const gh = githubOrigin(req);
  if (!gh) return null;
  const owner = pin.entry.ownerHandle;
  const asked = req.origin.ownerHandle;
  if (lockedSourceOf(pin.entry) !== 'clawhub' || !owner || !asked || owner.toLowerCase() !== asked.toLowerCase()) return null;
  return gh;
}

/** Why the request's version label is not the pin's: for a GitHub-backed install, also why the commit is not held to the pin instead. */
function versionProblem(pin: PinnedEntry, req: InstallPolicyRequest, pinnedVersion: string): string {
  const gh = githubOrigin(req);
  if (!gh) return `version ${String(req.origin.version)} instead of the pinned ${pinnedVersion}`;
  const head = `GitHub commit ${gh.commit} instead of the pinned ${pinnedVersion}`;
  const owner = pin.entry.ownerHandle;
  if (lockedSourceOf(pin.entry) !== 'clawhub' || !owner) return `${head}, and the pin records no ClawHub publisher to hold a commit to`;
  if (!req.origin.ownerHandle) return `${head}, and no publisher named (install it as @${owner}/${req.origin.slug ?? pin.key} to have the commit checked against the pinned publisher and files)`;
  return head; // another publisher: said on its own
}

/** Compare the staged files (path → sha512 SRI) with a pin; null when they are the pinned bytes. */
export function comparePin(pin: PinnedEntry, req: InstallPolicyRequest, staged: Record<string, string>): PinMismatch | null {
  const problems: string[] = [];
  const pinnedVersion = String(pin.entry.version);
  const owner = pin.entry.ownerHandle;
  if (owner && req.origin.ownerHandle && owner.toLowerCase() !== req.origin.ownerHandle.toLowerCase()) {
    problems.push(`publisher @${req.origin.ownerHandle} instead of the pinned @${owner}`);
  }
  if (req.origin.version && req.origin.version !== pinnedVersion && !githubVersionExemption(pin, req)) {
    problems.push(versionProblem(pin, req, pinnedVersion));
  }
  const files = pin.entry.files ?? {};
  // A request for a path inside a pinned folder is held to the pinned files under that path.
  const prefix = pin.sub ? `${pin.sub}/` : '';
  const pinned = prefix ? Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith(prefix)).map(([p, h]) => [p.slice(prefix.length), h])) : files;
  const diff = diffFileMaps(pinned, staged);
  const list = (xs: string[]) => (xs.length > 5 ? `${xs.slice(0, 5).join(', ')} and ${xs.length - 5} more` : xs.join(', '));
  if (diff.changed.length) problems.push(`changed file(s): ${list(diff.changed)}`);
  if (diff.added.length) problems.push(`file(s) not in the pin: ${list(diff.added)}`);
  if (diff.removed.length) problems.push(`pinned file(s) missing: ${list(diff.removed)}`);
  return problems.length ? { key: pin.key, pinnedVersion, problems } : null;
}
