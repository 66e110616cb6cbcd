// Adoption of skills the clawhub CLI or OpenClaw installed: compare an installed folder with what
// ClawHub publishes for its version, and read the origin files both tools leave in the folder.

import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { readRegularFileSync } from '../../fsutil/index.js';
import { join } from 'node:path';
import { isMetadataEntry, METADATA_DIRS } from '../../sandbox/paths.js';
import type { ArchiveEntry } from '../types.js';
import type { ClawhubFileInfo } from './verify-files.js';

export interface AdoptComparison {
  /** True when every published file is installed with the same bytes and nothing else is there. */
  matches: boolean;
  /** Installed files whose bytes differ (or that are not regular files: symlinks, devices). */
  differ: string[];
  /** Published files that are not installed. */
  missing: string[];
  /** Installed files that ClawHub does not publish for this version. */
  extra: string[];
}


/**
 * Compare every installed file byte-for-byte with the published version: with the zip's bytes when
 * `entries` are given, otherwise with the per-file sha256 list. Lists are sorted by path.
 */
export async function compareInstalledSkill(
  dir: string,
  published: { files: ClawhubFileInfo[]; entries?: ArchiveEntry[] },
): Promise<AdoptComparison> {
  const want = new Map<string, { sha256: string; size?: number; data?: Buffer }>();
  // Install metadata a list may name (.clawhub/ at the top): never installed by skillpin, overwritten
  // by the installing tool's own origin.json, and skipped by the walk below, so never "missing".
  for (const f of published.files) if (!isMetadataEntry(f.path)) want.set(f.path, { sha256: f.sha256.toLowerCase(), ...(f.size !== undefined ? { size: f.size } : {}) });
  for (const e of published.entries ?? []) {
    if (e.type !== 'file') continue;
    const prev = want.get(e.path);
    const data = e.data ?? Buffer.alloc(0);
    want.set(e.path, { sha256: prev?.sha256 ?? createHash('sha256').update(data).digest('hex'), size: data.length, data });
  }
  const differ: string[] = [];
  const extra: string[] = [];
  const seen = new Set<string>();
  /** Walks `rel`; returns how many entries that are not folders lie below it. */
  const walk = async (rel: string): Promise<number> => {
    let held = 0;
    for (const name of await readdir(rel ? join(dir, rel) : dir)) {
      // Folders that only hold install metadata (origin.json); like OpenClaw, only at the top level.
      if (!rel && METADATA_DIRS.includes(name)) continue;
      const path = rel ? `${rel}/${name}` : name;
      const st = await lstat(join(dir, path));
      if (st.isDirectory()) {
        const below = await walk(path);
        // An empty folder is nothing ClawHub publishes, and `skill verify` would fail it for good
        // (the lock pins files): it is extra, named with its slash.
        if (below === 0) extra.push(`${path}/`);
        held += below;
        continue;
      }
      held++;
      seen.add(path);
      const expected = want.get(path);
      if (!expected) {
        extra.push(path);
        continue;
      }
      // Another size differs without a byte read: an installed file of gigabytes is not read whole.
      if (!st.isFile() || (expected.size !== undefined && st.size !== expected.size)) {
        differ.push(path);
        continue;
      }
      const bytes = await readFile(join(dir, path));
      const same = expected.data
        ? bytes.equals(expected.data)
        : createHash('sha256').update(bytes).digest('hex') === expected.sha256;
      if (!same) differ.push(path);
    }
    return held;
  };
  await walk('');
  const missing = [...want.keys()].filter((p) => !seen.has(p));
  const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  differ.sort(byPath);
  extra.sort(byPath);
  missing.sort(byPath);
  return { matches: differ.length === 0 && missing.length === 0 && extra.length === 0, differ, missing, extra };
}

/** What `<skill>/.clawhub/origin.json` says (clawhub CLI or OpenClaw; `.clawdhub` as fallback). */
export interface InstalledOrigin {
  /** Which tool wrote it, guessed from its fields: OpenClaw records artifact/fileTreeSha256. */
  writer: 'openclaw' | 'clawhub';
  registry: string;
  slug: string;
  ownerHandle?: string;
  installedVersion: string;
  installedAt?: number;
  fileTreeSha256?: string;
  skillFile?: { path: string; sha256: string };
  artifact?: { kind: string; sha256: string; integrity: string };
  /** Every field as read, so nothing is lost when it is carried over. */
  raw: Record<string, unknown>;
}

/** Largest origin file read: both tools write well under 4 KiB. */
export const ORIGIN_MAX_BYTES = 1024 * 1024;

/** An origin file that is there but cannot be read as one: what is there instead, and where. */
export interface OriginProblem {
  /** Skill-relative path, `.clawhub/origin.json`. */
  file: string;
  problem: string;
}

/**
 * Read the origin file of an installed skill. Returns undefined when there is none or it does not
 * hold OpenClaw's required fields (registry, slug, installedVersion as non-empty strings).
 * Unreadable origins (a link, a FIFO, a huge file) are read as none; readInstalledOriginChecked says why.
 */
export async function readInstalledOrigin(skillDir: string): Promise<InstalledOrigin | undefined> {
  const r = await readInstalledOriginChecked(skillDir);
  return r && !('problem' in r) ? r : undefined;
}

/**
 * As readInstalledOrigin, but an origin file or folder that is not a plain file in a plain folder
 * is a problem, never followed or waited on: the skill folder is the agent's to write, so a link
 * there could copy any JSON file of this machine into the lock, and a FIFO would hang the run.
 */
export async function readInstalledOriginChecked(skillDir: string): Promise<InstalledOrigin | OriginProblem | undefined> {
  for (const folder of ['.clawhub', '.clawdhub']) {
    const file = `${folder}/origin.json`;
    const st = await lstat(join(skillDir, folder)).catch(() => null);
    if (st === null) continue;
    if (!st.isDirectory()) {
      if (st.isSymbolicLink()) return { file: folder, problem: 'a symbolic link' };
      continue;
    }
    const read = readRegularFileSync(join(skillDir, folder, 'origin.json'), ORIGIN_MAX_BYTES);
    if ('missing' in read) continue;
    if ('problem' in read) return { file, problem: read.problem };
    const text = read.toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    const r = raw as Record<string, unknown>;
    const s = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
    const registry = s(r.registry);
    const slug = s(r.slug);
    const installedVersion = s(r.installedVersion);
    if (!registry || !slug || !installedVersion) return undefined;
    const out: InstalledOrigin = {
      writer: r.artifact !== undefined || r.fileTreeSha256 !== undefined ? 'openclaw' : 'clawhub',
      registry: registry.replace(/\/+$/, ''),
      slug,
      installedVersion,
      raw: r,
    };
    const owner = s(r.ownerHandle);
    if (owner) out.ownerHandle = owner;
    if (typeof r.installedAt === 'number') out.installedAt = r.installedAt;
    const tree = s(r.fileTreeSha256);
    if (tree) out.fileTreeSha256 = tree;
    const sf = r.skillFile as Record<string, unknown> | undefined;
    if (sf && typeof sf === 'object' && s(sf.path) && s(sf.sha256)) out.skillFile = { path: sf.path as string, sha256: sf.sha256 as string };
    const art = r.artifact as Record<string, unknown> | undefined;
    if (art && typeof art === 'object' && s(art.kind) && s(art.sha256) && s(art.integrity)) {
      out.artifact = { kind: art.kind as string, sha256: art.sha256 as string, integrity: art.integrity as string };
    }
    return out;
  }
  return undefined;
}
