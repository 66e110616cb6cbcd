// `skill remove <name>`: drop the pin and the installed folder.

import { SkillpinError } from '../errors.js';
import { removeInstalled } from '../pipeline/index.js';
import { withWorkspace, type CommonOptions } from './common.js';

export interface RemoveOptions extends CommonOptions {
  names: string[];
}

export async function remove(opts: RemoveOptions): Promise<{ removed: Array<{ name: string; version: string | null; folderRemoved: boolean }> }> {
  return withWorkspace(opts, async (ws, recovered) => {
    const removed: Array<{ name: string; version: string | null; folderRemoved: boolean }> = [];
    // A removal a killed run had started counts as done: re-running the same command succeeds.
    const finished = new Map(recovered.filter((r) => r.op === 'remove').map((r) => [r.name, r]));
    const unknown = opts.names.filter((n) => !(n in ws.lock.lock.skills) && !finished.has(n));
    if (unknown.length) {
      throw new SkillpinError('ENOTFOUND', `not in the lock: ${unknown.join(', ')}`, {
        skills: unknown,
        hint: 'skill list shows the locked skills.',
      });
    }
    for (const name of opts.names) {
      const entry = ws.lock.lock.skills[name];
      if (!entry) {
        removed.push({ name, version: null, folderRemoved: true });
        continue;
      }
      // Journal, then the lock, then the folder (see removeInstalled): a kill at any point is
      // completed by the next run, and the lock never names a folder that is half deleted.
      const folderRemoved = await removeInstalled(ws, name);
      removed.push({ name, version: entry.version ?? null, folderRemoved });
    }
    return { removed };
  }, { needsLock: 'there is nothing to remove' });
}
