// `skill remove <name>`: drop the pin and the installed folder.

import { SkillpinError } from '../errors.js';
import { critical } from '../interrupt/index.js';
import { installedFolderOf, saveLock, type LockEntry } from '../lockfile/index.js';
import { removeInstalled } from '../pipeline/index.js';
import { lockedNameWithVersion } from '../spec/index.js';
import { closestName } from '../ui/index.js';
import { withWorkspace, type CommonOptions } from './common.js';

export interface RemoveOptions extends CommonOptions {
  names: string[];
}

export async function remove(opts: RemoveOptions): Promise<{ removed: Array<{ name: string; version: string | null; folderRemoved: boolean }> }> {
  return withWorkspace(opts, async (ws, recovered) => {
    const removed: Array<{ name: string; version: string | null; folderRemoved: boolean }> = [];
    // A removal a killed run had started counts as done: re-running the same command succeeds.
    const finished = new Map(recovered.filter((r) => r.op === 'remove').map((r) => [r.name, r]));
    // Own keys only: `constructor` is not a locked skill because Object.prototype has one.
    const locked = (n: string) => Object.hasOwn(ws.lock.lock.skills, n);
    const unknown = opts.names.filter((n) => !locked(n) && !finished.has(n));
    // `skill remove weather@1.4.0`: a pin is removed by its name alone.
    const specs = unknown.filter((n) => lockedNameWithVersion(n, locked) !== null);
    if (specs.length) {
      throw new SkillpinError('EUSAGE', `skill remove takes the names of locked skills, not ${specs.join(', ')}; nothing was removed`, {
        skills: specs,
        hint: `skill remove ${opts.names.map((n) => lockedNameWithVersion(n, locked)?.name ?? n).join(' ')}`,
      });
    }
    if (unknown.length) {
      const lockedNames = Object.keys(ws.lock.lock.skills);
      const meant = unknown.map((n) => [n, closestName(n, lockedNames)] as const).filter((x): x is readonly [string, string] => x[1] !== null);
      throw new SkillpinError('ENOTFOUND', `not in the lock: ${unknown.join(', ')}${meant.length ? ` (did you mean ${meant.map(([, m]) => m).join(', ')}?)` : ''}; nothing was removed`, {
        skills: unknown,
        hint: 'skill list shows the locked skills.',
      });
    }
    // One command, one change: a Ctrl-C is held until every name is removed (each is a few
    // renames and a lock write), as the names were all checked before the first went. Stopped
    // after the first of two, the same command run again was ENOTFOUND for it and removed nothing.
    await critical(async () => {
      // Each name once: a repeated name is not a second removal.
      for (const name of new Set(opts.names)) {
        const entry = locked(name) ? ws.lock.lock.skills[name] : undefined;
        if (!entry) {
          removed.push({ name, version: null, folderRemoved: true });
          continue;
        }
        if (!hasFolderName(name, entry)) {
          // An entry no skill can be installed under (verify reports it, ELOCKFILE): it names no
          // folder, so only the pin goes, in one atomic write of the lock.
          delete ws.lock.lock.skills[name];
          await saveLock(ws.lock);
          removed.push({ name, version: entry.version ?? null, folderRemoved: false });
          continue;
        }
        // Journal, then the lock, then the folder (see removeInstalled): a kill at any point is
        // completed by the next run, and the lock never names a folder that is half deleted.
        const folderRemoved = await removeInstalled(ws, name);
        removed.push({ name, version: entry.version ?? null, folderRemoved });
      }
    });
    return { removed };
  }, { needsLock: 'there is nothing to remove' });
}

function hasFolderName(name: string, entry: LockEntry): boolean {
  try {
    installedFolderOf(name, entry);
    return true;
  } catch {
    return false;
  }
}
