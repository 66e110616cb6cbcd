// What a checkout may hold where skillpin keeps a workspace's state (`.clawhub/`, its lock and its
// config). A pull request controls every path of the checkout, and CI runs `skill verify` and
// `skill install --frozen` on it: a committed link named `.clawhub` (or `lock.json`, or
// `config.json`) that leads out of the workspace made every run read its pins and settings from
// there, and `add`, `update`, `remove` and `adopt` write the lock, the journals, the attestations
// store and the mutex file there (the home folder, /tmp, another project). So each is checked by
// lstat before anything of the workspace is read:
//   - `.clawhub`: missing, a folder, or a link whose real path is a folder inside the workspace;
//   - `.clawhub/lock.json`, `.clawhub/config.json`: missing, or anything but a link that leads
//     out of the workspace or to nothing (a FIFO, a folder: their readers refuse, without hanging).
// A link that stays inside the workspace (a monorepo that keeps `.clawhub` in a subfolder) is
// followed as before: what it leads to is part of the same checkout, reviewed with it. One into
// the sandbox, which the agent writes, is refused once the sandbox is known (assertOutsideClawhub).

import { lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { SkillpinError, type ErrorCode } from '../errors.js';
import { entryKind, isPathInside } from '../fsutil/index.js';

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    // ENOTDIR, EACCES: the reader that follows names it.
    return null;
  }
}

/**
 * Throws `code` unless the link at `path` leads, once every link is resolved, to something inside
 * the workspace `ws`; returns that real path.
 */
function linkInside(ws: string, path: string, code: ErrorCode, what: string): string {
  let target = '?';
  try {
    target = readlinkSync(path);
  } catch {
    // Shown as "?": the refusal below still names the link.
  }
  const hint = `Nothing was changed. skillpin keeps ${what} only inside the workspace: replace the link by the real ${what === '.clawhub' ? 'folder' : 'file'} (rm ${path} removes the link, not what it leads to), or run skillpin with --cwd in the workspace it belongs to.`;
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    const why = errno === 'ELOOP' ? 'a loop of links' : errno === 'ENOENT' || errno === 'ENOTDIR' ? 'a link that leads to nothing' : `a link that cannot be followed (${errno ?? 'error'})`;
    throw new SkillpinError(code, `${path} is ${why} (to ${target}), not ${what}`, { file: path, link: target, hint });
  }
  let wsReal: string;
  try {
    wsReal = realpathSync(ws);
  } catch {
    wsReal = ws;
  }
  if (!isPathInside(real, wsReal) || real === wsReal) {
    // The workspace itself (`.clawhub -> .`) would put the lock beside the sandbox, in the folder the agent's tools see.
    const where = real === wsReal ? `which is the workspace ${ws} itself` : `which leads out of the workspace ${ws} (to ${real})`;
    throw new SkillpinError(code, `${path} is a link to ${target}, ${where}: skillpin does not read or write ${what} there`, {
      file: path,
      link: target,
      hint,
    });
  }
  return real;
}

/** Refuse a `.clawhub`, lock or config that a checkout made a link out of the workspace (see the top). */
export function assertWorkspaceEntries(ws: string): void {
  const clawhub = join(ws, '.clawhub');
  const st = lstatOrNull(clawhub);
  if (st === null) return;
  if (st.isSymbolicLink()) {
    const real = linkInside(ws, clawhub, 'ELOCKFILE', '.clawhub');
    const to = lstatOrNull(real);
    if (to !== null && !to.isDirectory()) {
      throw new SkillpinError('ELOCKFILE', `${clawhub} is a link to ${entryKind(to)}, not to the folder that holds the lock`, { file: clawhub, hint: `Nothing was changed. Remove the link (rm ${clawhub}) and run the command again.` });
    }
  } else if (!st.isDirectory()) {
    throw new SkillpinError('ELOCKFILE', `${clawhub} is ${entryKind(st)}, not the folder that holds the lock and the config`, {
      file: clawhub,
      hint: `Nothing was changed. Move it aside (mv ${clawhub} ${clawhub}.orig): skillpin, the clawhub CLI and OpenClaw keep the lock in the folder .clawhub.`,
    });
  }
  const entries: Array<[string, ErrorCode]> = [
    ['lock.json', 'ELOCKFILE'],
    ['config.json', 'ECONFIG'],
  ];
  for (const [name, code] of entries) {
    const file = join(clawhub, name);
    if (lstatOrNull(file)?.isSymbolicLink() === true) linkInside(ws, file, code, `.clawhub/${name}`);
  }
}
