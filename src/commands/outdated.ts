// `skill outdated [--json]`: for each locked skill, the locked version, the newest version in the
// same major and the newest overall, read from the registry's packument. Changes nothing.

import semver from 'semver';
import { SkillpinError } from '../errors.js';
import { isPinned, lockedSourceOf, type LockEntry } from '../lockfile/index.js';
import { versionJump, type VersionJump } from '../review/update.js';
import { listVersions } from '../source/index.js';
import { oneLine } from '../ui/index.js';
import type { Workspace } from '../workspace/index.js';
import { readWorkspace, type CommonOptions } from './common.js';
import { noSkillsText } from './list.js';
import { heldBy, newestVersion } from './update.js';

export interface OutdatedRow {
  name: string;
  locked: string | null;
  /** Newest release in the locked major (null when none or not applicable). */
  newestInMajor: string | null;
  /** What `skill update <name>` proposes: the `latest` tag, else the highest release. */
  newest: string | null;
  /**
   * `current`, `outdated` (`newest` is above `locked`), `unlisted` (the registry no longer lists the locked version),
   * `missing` (the registry does not know the skill), `unpinned`, or `not-registry` (a local tarball).
   */
  status: 'current' | 'outdated' | 'unlisted' | 'missing' | 'unpinned' | 'not-registry';
  jump: VersionJump | null;
  lockedPublishedAt: string | null;
  newestPublishedAt: string | null;
  /**
   * Why `skill update` leaves the entry where it is, when the clawhub CLI holds it (`pinned: true`,
   * `pinReason`): the note `update --all` skips it with; null when nothing holds it.
   */
  held: string | null;
}

export interface OutdatedResult {
  skills: OutdatedRow[];
}

async function rowFor(ws: Workspace, name: string, entry: LockEntry): Promise<OutdatedRow> {
  const locked = entry.version ?? null;
  const row: OutdatedRow = { name, locked, newestInMajor: null, newest: null, status: 'current', jump: null, lockedPublishedAt: null, newestPublishedAt: null, held: heldBy(entry) };
  if (!isPinned(entry) || !locked) return { ...row, status: 'unpinned' };
  if (lockedSourceOf(entry) === 'file') return { ...row, status: 'not-registry' };
  let info;
  try {
    info = await listVersions(name, entry, ws);
  } catch (err) {
    if (err instanceof SkillpinError && err.code === 'ENOTFOUND') return { ...row, status: 'missing' };
    throw err;
  }
  const newest = newestVersion(info.versions, info.distTags);
  row.newest = newest;
  row.newestInMajor = semver.maxSatisfying(info.versions, `${semver.major(locked)}.x`);
  row.lockedPublishedAt = info.time[locked] ?? null;
  row.newestPublishedAt = newest ? (info.time[newest] ?? null) : null;
  row.jump = newest ? versionJump(locked, newest) : null;
  // Outdated means `skill update <name>` has a version to propose. A higher release that is not
  // the registry's latest (ClawHub's designated version, npm's tag) still shows under `same major`.
  if (!info.versions.includes(locked)) row.status = 'unlisted';
  else if (newest && semver.gt(newest, locked)) row.status = 'outdated';
  return row;
}

export interface OutdatedOptions extends CommonOptions {
  /** Called as each skill's registry answer arrives (progress: one request per skill). */
  onSkill?: (done: number, total: number) => void;
}

export async function outdated(o: OutdatedOptions): Promise<OutdatedResult> {
  const ws = await readWorkspace(o);
  const entries = Object.entries(ws.lock.lock.skills).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let done = 0;
  const skills = await Promise.all(
    entries.map(async ([name, entry]) => {
      const row = await rowFor(ws, name, entry);
      o.onSkill?.(++done, entries.length);
      return row;
    }),
  );
  return { skills };
}

export function renderOutdated(r: OutdatedResult, lock?: { path: string; exists: boolean }): string {
  if (r.skills.length === 0) return noSkillsText(lock?.path ?? '.clawhub/lock.json', lock?.exists ?? true);
  // Headers as `skill list` writes its own.
  const head = ['name', 'locked', 'same major', 'newest', 'status'];
  const rows = r.skills.map((s) => {
    const status =
      s.status === 'outdated' && s.jump
        ? `outdated (${s.jump})`
        : s.status === 'unlisted'
          ? 'locked version no longer listed'
          : s.status === 'missing'
            ? 'not on its registry'
            : s.status === 'not-registry'
              ? 'a local tarball: no registry to ask'
              : s.status;
    // A held entry is not what `skill update` moves: said where the status says what it would.
    // Each cell on one line: the locked version and the hold's reason are the lock's text, which a
    // newline or an escape would turn into a row of its own.
    return [s.name, s.locked ?? '-', s.newestInMajor ?? '-', s.newest ?? '-', s.held ? `${status}; ${s.held}, so skill update leaves it` : status].map(oneLine);
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return `${[fmt(head), ...rows.map(fmt)].join('\n')}\n`;
}
