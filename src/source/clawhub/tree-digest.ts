// OpenClaw's `fileTreeSha256` and `skillFile` fingerprints (openclaw@2026.9.6,
// dist/skill-tree-digest-*.mjs), computed over an installed folder or over in-memory entries.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SkillpinError } from '../../errors.js';
import type { ArchiveEntry } from '../types.js';
import { SKILL_FILE_NAMES } from '../../manifest/names.js';

/** Only these top-level names are left out; nested ones and every other dotfile are included. */
const EXCLUDED_TOP_LEVEL = new Set(['.clawhub', '.clawdhub']);

type Row = { path: string; type: 'directory' } | { path: string; type: 'file'; sha256: string };

/** OpenClaw sorts names by raw UTF-16 code units (`<`), not localeCompare or code points. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function finalDigest(rows: Row[]): string {
  // Key order matters: path, type, then sha256, exactly as OpenClaw builds its objects.
  return `sha256:${sha256Hex(Buffer.from(JSON.stringify(rows), 'utf8'))}`;
}

/**
 * `fileTreeSha256` of an installed skill folder, as OpenClaw computes it: depth-first, each folder's
 * entries sorted by UTF-16 code units, a folder row followed by its children. Symlinks, special
 * files and hard-linked files are refused (ETAMPERED), as OpenClaw refuses them.
 */
export async function digestClawHubSkillTree(dir: string): Promise<string> {
  return finalDigest(await walkSkillTree(dir, true));
}

/**
 * The refusals of digestClawHubSkillTree (symlinks, special files, hard links: ETAMPERED) without
 * reading a byte: a check that compares sizes first then need not hash a file of any size.
 */
export async function checkPlainSkillTree(dir: string): Promise<void> {
  await walkSkillTree(dir, false);
}

async function walkSkillTree(dir: string, hash: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const walk = async (rel: string): Promise<void> => {
    const names = (await readdir(rel ? join(dir, rel) : dir)).sort(byCodeUnits);
    for (const name of names) {
      if (!rel && EXCLUDED_TOP_LEVEL.has(name)) continue;
      const path = rel ? `${rel}/${name}` : name;
      const abs = join(dir, path);
      const st = await lstat(abs);
      if (st.isSymbolicLink() || (!st.isDirectory() && !st.isFile())) {
        throw new SkillpinError('ETAMPERED', `skill folder contains an unsupported entry ${JSON.stringify(path)} (symlink or special file)`, {
          path,
          hint: 'An installed skill holds only regular files and folders; reinstall it from its pin.',
        });
      }
      if (st.isDirectory()) {
        rows.push({ path, type: 'directory' });
        await walk(path);
        continue;
      }
      if (st.nlink > 1) {
        throw new SkillpinError('ETAMPERED', `skill folder contains a hard-linked file ${JSON.stringify(path)}`, {
          path,
          hint: 'An installed skill holds only regular files and folders; reinstall it from its pin.',
        });
      }
      rows.push({ path, type: 'file', sha256: hash ? await hashFirstBytes(abs, st.size) : '' });
    }
  };
  await walk('');
  return rows;
}

/** Hash the first `size` bytes (the size `lstat` saw), as OpenClaw does. */
async function hashFirstBytes(abs: string, size: number): Promise<string> {
  const h = createHash('sha256');
  if (size > 0) {
    for await (const chunk of createReadStream(abs, { start: 0, end: size - 1 })) h.update(chunk as Buffer);
  }
  return h.digest('hex');
}

/** The same digest over entries about to be written (parents implied by file paths included). */
export function digestEntries(entries: ArchiveEntry[]): string {
  const children = new Map<string, Map<string, ArchiveEntry | null>>();
  const childrenOf = (dir: string): Map<string, ArchiveEntry | null> => {
    let m = children.get(dir);
    if (!m) {
      m = new Map();
      children.set(dir, m);
    }
    return m;
  };
  for (const e of entries) {
    const segs = e.path.split('/');
    for (let i = 0; i < segs.length; i++) {
      const parent = segs.slice(0, i).join('/');
      const name = segs[i] as string;
      const m = childrenOf(parent);
      if (i === segs.length - 1) m.set(name, e);
      else if (!m.has(name)) m.set(name, null);
    }
  }
  const rows: Row[] = [];
  const walk = (dir: string): void => {
    const m = children.get(dir);
    if (!m) return;
    for (const name of [...m.keys()].sort(byCodeUnits)) {
      if (!dir && EXCLUDED_TOP_LEVEL.has(name)) continue;
      const path = dir ? `${dir}/${name}` : name;
      const e = m.get(name);
      if (e === null || e === undefined || e.type === 'directory') {
        rows.push({ path, type: 'directory' });
        walk(path);
      } else {
        rows.push({ path, type: 'file', sha256: sha256Hex(e.data ?? Buffer.alloc(0)) });
      }
    }
  };
  walk('');
  return finalDigest(rows);
}

export interface SkillFileFingerprint {
  path: string;
  sha256: string;
}

/** OpenClaw's `skillFile`: the first of SKILL.md, skill.md, skills.md, SKILL.MD present. */
export function skillFileOf(entries: ArchiveEntry[]): SkillFileFingerprint | undefined {
  for (const name of SKILL_FILE_NAMES) {
    const e = entries.find((x) => x.path === name && x.type === 'file');
    if (e) return { path: name, sha256: sha256Hex(e.data ?? Buffer.alloc(0)) };
  }
  return undefined;
}

/** `skillFile` of an installed folder: the first candidate that can be read. */
export async function skillFileOfDir(dir: string): Promise<SkillFileFingerprint | undefined> {
  for (const name of SKILL_FILE_NAMES) {
    try {
      return { path: name, sha256: sha256Hex(await readFile(join(dir, name))) };
    } catch {
      continue;
    }
  }
  return undefined;
}
