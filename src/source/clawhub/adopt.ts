// Adoption of skills the clawhub CLI or OpenClaw installed: compare an installed folder with what
// ClawHub publishes for its version, and read the origin files both tools leave in the folder.

import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METADATA_DIRS } from '../../sandbox/paths.js';
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
  const want = new Map<string, { sha256: string; data?: Buffer }>();
  for (const f of published.files) want.set(f.path, { sha256: f.sha256.toLowerCase() });
  for (const e of published.entries ?? []) {
    if (e.type !== 'file') continue;
    const prev = want.get(e.path);
    const data = e.data ?? Buffer.alloc(0);
    want.set(e.path, { sha256: prev?.sha256 ?? createHash('sha256').update(data).digest('hex'), data });
  }
  const differ: string[] = [];
  const extra: string[] = [];
  const seen = new Set<string>();
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(rel ? join(dir, rel) : dir)) {
      // Folders that only hold install metadata (origin.json); like OpenClaw, only at the top level.
      if (!rel && METADATA_DIRS.includes(name)) continue;
      const path = rel ? `${rel}/${name}` : name;
      const st = await lstat(join(dir, path));
      if (st.isDirectory()) {
        await walk(path);
        continue;
      }
      seen.add(path);
      const expected = want.get(path);
      if (!expected) {
        extra.push(path);
        continue;
      }
      if (!st.isFile()) {
        differ.push(path);
        continue;
      }
      const bytes = await readFile(join(dir, path));
      const same = expected.data
        ? bytes.equals(expected.data)
        : createHash('sha256').update(bytes).digest('hex') === expected.sha256;
      if (!same) differ.push(path);
    }
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

/**
 * Read the origin file of an installed skill. Returns undefined when there is none or it does not
 * hold OpenClaw's required fields (registry, slug, installedVersion as non-empty strings).
 */
export async function readInstalledOrigin(skillDir: string): Promise<InstalledOrigin | undefined> {
  for (const folder of ['.clawhub', '.clawdhub']) {
    let text: string;
    try {
      text = await readFile(join(skillDir, folder, 'origin.json'), 'utf8');
    } catch {
      continue;
    }
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
