// `skill list`: what the lock pins and whether each skill is installed.

import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { installedFolderOf, lockedSourceOf, pinProblems, type LockEntry } from '../lockfile/index.js';
import { ownerFolderOf } from '../sandbox/index.js';
import { counted, oneLine } from '../ui/index.js';
import { readWorkspaceAndSandbox, type CommonOptions } from './common.js';

export interface ListedSkill {
  name: string;
  version: string | null;
  source: string;
  /** ClawHub publisher, for ClawHub entries. */
  ownerHandle: string | null;
  pinned: boolean;
  problems: string[];
  installed: boolean;
  provenance: string | null;
  tools: string[];
}

export async function list(opts: CommonOptions): Promise<{ skills: ListedSkill[]; sandbox: string; lock: string }> {
  const ws = await readWorkspaceAndSandbox(opts);
  const out: ListedSkill[] = [];
  for (const [name, entry] of Object.entries(ws.lock.lock.skills).sort(([a], [b]) => a.localeCompare(b))) {
    const e = entry as LockEntry;
    let installed = false;
    try {
      // A real folder, reached through real folders: a file or a link in its place, or a link in
      // place of the clawhub CLI's @owner folder (ownerFolderOf refuses one: the skill would be
      // read from outside the sandbox), is not an installed skill (verify fails each).
      const folder = installedFolderOf(name, e);
      await ownerFolderOf(ws.sandbox, folder);
      installed = (await lstat(join(ws.sandbox.root, folder))).isDirectory();
    } catch {
      installed = false;
    }
    const problems = pinProblems(e);
    out.push({
      name,
      version: e.version ?? null,
      source: lockedSourceOf(e),
      ownerHandle: typeof e.ownerHandle === 'string' ? e.ownerHandle : null,
      pinned: problems.length === 0,
      problems,
      installed,
      provenance: e.provenance ? `${e.provenance.repository}@${String(e.provenance.commit).slice(0, 12)}` : e.provenance === null ? 'none' : null,
      tools: e.capabilities?.tools ?? [],
    });
  }
  return { skills: out, sandbox: ws.sandbox.root, lock: ws.config.lockPath };
}

/**
 * What list and outdated print for no skills. Without a lock file at all, say where none was found:
 * "No skills in the lock" in the wrong folder (a missing --cwd) reads as an empty workspace.
 */
export function noSkillsText(lockPath: string, lockExists: boolean): string {
  if (lockExists) return 'No skills in the lock.\n';
  return `No lock at ${lockPath}: no skill is pinned in this workspace.\n  skill add name@1.2.3 pins a first one; --cwd DIR (-C DIR) reads another workspace.\n`;
}

export function renderList(r: { skills: ListedSkill[]; lock: string }, lockExists = true): string {
  if (r.skills.length === 0) return noSkillsText(r.lock, lockExists);
  const rows = [['name', 'version', 'source', 'pinned', 'installed', 'provenance', 'tools']];
  for (const s of r.skills) {
    // Every cell on its line: the lock, a teammate's change, fills them (an unpinned entry's
    // version, its ownerHandle, its provenance record and tools are any strings).
    const cells = [s.name, s.version ?? '-', s.ownerHandle ? `${s.source}:@${s.ownerHandle}` : s.source, s.pinned ? 'yes' : `no (${s.problems.join(', ')})`, s.installed ? 'yes' : 'MISSING', s.provenance ?? 'not checked', s.tools.join(', ')];
    rows.push(cells.map(oneLine));
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  // What to do about a MISSING folder or an unpinned entry, as verify would say it.
  const notes: string[] = [];
  const missing = r.skills.filter((s) => !s.installed && s.pinned).length;
  const unpinned = r.skills.filter((s) => !s.pinned).length;
  if (missing) notes.push(`${counted(missing, 'pinned skill is', 'pinned skills are')} not installed: skill install --frozen puts back what the lock pins.`);
  if (unpinned) notes.push(`${counted(unpinned, 'entry is', 'entries are')} not pinned: skill adopt pins ClawHub installs whose files match; skill verify says why each fails.`);
  return `${rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n')}\n${notes.map((n) => `${n}\n`).join('')}`;
}
