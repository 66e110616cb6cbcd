// `skill remove <name>`: drop the pin and the installed folder.

import { SkillpinError } from '../errors.js';
import { skillFolderName, writeLock } from '../lockfile/index.js';
import { removeSkillFolder } from '../sandbox/index.js';
import { withWorkspace, type CommonOptions } from './common.js';

export interface RemoveOptions extends CommonOptions {
  names: string[];
}

export async function remove(opts: RemoveOptions): Promise<{ removed: Array<{ name: string; version: string | null; folderRemoved: boolean }> }> {
  return withWorkspace(opts, async (ws) => {
    const removed: Array<{ name: string; version: string | null; folderRemoved: boolean }> = [];
    const unknown = opts.names.filter((n) => !(n in ws.lock.lock.skills));
    if (unknown.length) {
      throw new SkillpinError('ENOTFOUND', `not in the lock: ${unknown.join(', ')}`, {
        skills: unknown,
        hint: 'skill list shows the locked skills.',
      });
    }
    for (const name of opts.names) {
      const entry = ws.lock.lock.skills[name];
      delete ws.lock.lock.skills[name];
      // The lock goes first: a crash then leaves an unmanaged folder (reported by verify), never a
      // pin that points at a missing folder.
      await writeLock(ws.config.lockPath, ws.lock.lock);
      const folderRemoved = await removeSkillFolder(ws.sandbox, skillFolderName(name));
      removed.push({ name, version: entry?.version ?? null, folderRemoved });
    }
    return { removed };
  });
}
