// `skill cache`: where the download cache is, what it holds, and removing what is no longer needed.
// Only skillpin's own parts are touched: tarballs (cacache's `content-v2` layout, with the `index-v5`
// and `tmp` that cacache wrote beside it when skillpin still fetched through pacote), unpacked trees (`trees-v1`) and verdicts
// (`verdicts-v1`). The cache folder itself and anything else in it are left alone, links are
// removed as links and never followed, and nothing in the cache is needed for correctness: what is
// gone is downloaded or checked again.

import { lstatSync, readdirSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { assertCacheUsable, defaultCacheDir } from '../config/index.js';
import { deadTempOwner } from '../fsutil/index.js';
import { SkillpinError } from '../errors.js';
import { sha512Digests } from '../integrity/index.js';
import type { LockEntry } from '../lockfile/index.js';
import { CONTENT_DIR, tarballCachePaths } from '../source/npm.js';
import { TREES_DIR, treeCachePath } from '../source/tree-cache.js';
import { VERDICTS_DIR } from '../verdicts/index.js';
import { readWorkspace, type CommonOptions } from './common.js';
import { bytesShown, counted } from '../ui/index.js';

export type CachePartName = 'tarballs' | 'trees' | 'verdicts';

/** Each part: the folders it owns under the cache, the first of them holding its entries. */
const PARTS: Record<CachePartName, string[]> = {
  // index-v5 and tmp: what pacote's cacache wrote beside the content (caches from before it was dropped).
  tarballs: [CONTENT_DIR, 'index-v5', 'tmp'],
  trees: [TREES_DIR],
  verdicts: [VERDICTS_DIR],
};

export interface CachePart {
  name: CachePartName;
  /** The part's main folder. */
  path: string;
  files: number;
  bytes: number;
}

export interface CacheInfo {
  cache: string;
  parts: CachePart[];
}

/**
 * Files and their sizes under `dir`, never following links: a link, also in `dir`'s own place,
 * counts as one file of its own size (it is what clean would remove).
 */
function tally(dir: string): { files: number; bytes: number } {
  const out = { files: 0, bytes: 0 };
  let names;
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return { files: 1, bytes: st.size };
    names = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const d of names) {
    const p = join(dir, d.name);
    if (d.isDirectory()) {
      const sub = tally(p);
      out.files += sub.files;
      out.bytes += sub.bytes;
    } else {
      try {
        out.bytes += lstatSync(p).size;
        out.files++;
      } catch {
        // removed meanwhile
      }
    }
  }
  return out;
}

function cacheDir(o: { env?: NodeJS.ProcessEnv }): string {
  return defaultCacheDir(o.env ?? process.env);
}

/** `skill cache info`: the cache folder and what each part holds. */
export function cacheInfo(o: { env?: NodeJS.ProcessEnv } = {}): CacheInfo {
  const cache = cacheDir(o);
  const parts = (Object.keys(PARTS) as CachePartName[]).map((name) => {
    const folders = PARTS[name];
    const sum = folders.map((f) => tally(join(cache, f))).reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }));
    return { name, path: join(cache, folders[0] as string), ...sum };
  });
  return { cache, parts };
}

export interface CacheCleanResult {
  cache: string;
  dryRun: boolean;
  /** What was (or, with dryRun, would be) removed, per part. */
  removed: CachePart[];
}

/** `skill cache clean`: remove the named parts (all three by default) of the cache. */
export function cacheClean(o: { env?: NodeJS.ProcessEnv; parts?: CachePartName[]; dryRun?: boolean } = {}): CacheCleanResult {
  const info = cacheInfo(o);
  const names = o.parts && o.parts.length > 0 ? o.parts : (Object.keys(PARTS) as CachePartName[]);
  const removed = info.parts.filter((p) => names.includes(p.name));
  if (!o.dryRun) {
    for (const p of removed) {
      // rm removes a link in a part's place as a link; it never follows one.
      for (const folder of PARTS[p.name]) rmSync(join(info.cache, folder), { recursive: true, force: true });
    }
  }
  return { cache: info.cache, dryRun: Boolean(o.dryRun), removed };
}

export interface CachePruneResult {
  cache: string;
  dryRun: boolean;
  /** Tarballs and trees kept: the ones whose sha512 the lock pins. */
  kept: { tarballs: number; trees: number };
  /** `temps`: temporary files a killed run left among the verdicts (prune keeps the verdicts themselves). */
  removed: { tarballs: number; trees: number; temps: number; bytes: number };
}

/** A cache writer's temporary name (CacheWriter: `<name>.<pid>[-<tag>].<8 hex>.<n>.tmp`): its pid and machine tag. */
const CACHE_TEMP = /\.(\d+)(?:-([0-9a-f]{8}))?\.[0-9a-f]{8}\.\d+\.tmp$/;

/**
 * Temporary files under `root` whose writer is gone: a run killed between writing a verdict and
 * its rename left one, which no later run removed (`clean --verdicts` removed them with every
 * verdict). A live run's are left alone.
 */
function sweepDeadTemps(root: string, dryRun: boolean): { removed: number; bytes: number } {
  return removeFilesUnder(root, dryRun, false, (name, isFile) => {
    const m = CACHE_TEMP.exec(name);
    return isFile && m !== null && deadTempOwner(m[1] as string, m[2]);
  });
}

/**
 * Remove every file under `root` that is not in `keep` (the paths the cache's owners give for what
 * the lock pins), whatever it is (another digest, a temporary name, a link, a misplaced file), and
 * the folders that leaves empty.
 */
function pruneFolder(root: string, keep: Set<string>, dryRun: boolean): { kept: number; removed: number; bytes: number } {
  let kept = 0;
  const out = removeFilesUnder(root, dryRun, true, (_name, isFile, path) => {
    if (isFile && keep.has(path)) {
      kept++;
      return false;
    }
    return true;
  });
  return { kept, ...out };
}

/**
 * Remove each entry under `root` that is no folder and that `pick` chooses, counting it and its
 * bytes; with `pruneEmpty`, the folders that leaves empty go too. Only real folders are walked
 * (a link is an entry, removed or kept, never followed), the root included.
 */
function removeFilesUnder(root: string, dryRun: boolean, pruneEmpty: boolean, pick: (name: string, isFile: boolean, path: string) => boolean): { removed: number; bytes: number } {
  const out = { removed: 0, bytes: 0 };
  const walk = (dir: string): void => {
    let names;
    try {
      if (!lstatSync(dir).isDirectory()) return;
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) {
      const p = join(dir, d.name);
      if (d.isDirectory()) {
        walk(p);
        if (pruneEmpty && !dryRun) {
          try {
            rmdirSync(p);
          } catch {
            // not empty: something in it is kept
          }
        }
        continue;
      }
      if (!pick(d.name, d.isFile(), p)) continue;
      try {
        const size = lstatSync(p).size;
        if (!dryRun) unlinkSync(p);
        out.removed++;
        out.bytes += size;
      } catch {
        // removed meanwhile
      }
    }
  };
  walk(root);
  return out;
}

/**
 * Each of `folders`, one below the other under `cache`, is a real folder or absent; anything else
 * (a link, a file) is ECONFIG before anything is removed.
 */
function checkRealFolders(cache: string, folders: string[]): void {
  let path = cache;
  for (const name of folders) {
    path = join(path, name);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return;
    }
    if (!st.isDirectory()) {
      throw new SkillpinError('ECONFIG', `the download cache holds ${path}, which is ${st.isSymbolicLink() ? 'a link' : 'not a folder'}; prune walks real folders only`, {
        hint: `Remove it (skill cache clean removes links as links), then run prune again.`,
      });
    }
  }
}

/**
 * `skill cache prune`: remove the tarballs and unpacked trees the workspace's lock does not pin.
 * Verdicts stay (their keys are MACs that name no tarball; `clean --verdicts` removes them).
 * Another workspace sharing the cache downloads what it needs again.
 */
export async function cachePrune(o: CommonOptions & { dryRun?: boolean }): Promise<CachePruneResult> {
  const ws = await readWorkspace(o);
  // No lock here is a wrong folder far more often than a wish to empty a shared cache.
  if (!ws.lock.exists) {
    throw new SkillpinError('ELOCKFILE', `there is no lock at ${ws.config.lockPath}: prune keeps what a workspace's lock pins, and here nothing would be kept`, {
      hint: 'Run it in the workspace (--cwd DIR), or use `skill cache clean` to empty the cache.',
    });
  }
  const cache = ws.config.cache;
  assertCacheUsable(cache, o.env ?? process.env);
  const keep = new Set<string>();
  for (const entry of Object.values(ws.lock.lock.skills) as LockEntry[]) {
    if (typeof entry.integrity !== 'string') continue;
    for (const file of tarballCachePaths(cache, entry.integrity)) keep.add(file);
    for (const hex of sha512Digests(entry.integrity)) keep.add(treeCachePath(cache, hex));
  }
  // Walked only through real folders: a link planted in place of one would have prune delete
  // files wherever it points.
  for (const folders of [[CONTENT_DIR, 'sha512'], [TREES_DIR]]) checkRealFolders(cache, folders);
  const dryRun = Boolean(o.dryRun);
  const tarballs = pruneFolder(join(cache, CONTENT_DIR, 'sha512'), keep, dryRun);
  const trees = pruneFolder(join(cache, TREES_DIR), keep, dryRun);
  const temps = sweepDeadTemps(join(cache, VERDICTS_DIR), dryRun);
  return {
    cache,
    dryRun,
    kept: { tarballs: tarballs.kept, trees: trees.kept },
    removed: { tarballs: tarballs.removed, trees: trees.removed, temps: temps.removed, bytes: tarballs.bytes + trees.bytes + temps.bytes },
  };
}

export function renderCacheInfo(r: CacheInfo): string {
  const lines = [`cache ${r.cache}`];
  for (const p of r.parts) lines.push(`  ${p.name.padEnd(9)} ${String(p.files).padStart(7)} ${p.files === 1 ? 'file ' : 'files'}  ${bytesShown(p.bytes).padStart(10)}`);
  return `${lines.join('\n')}\n`;
}

export function renderCacheClean(r: CacheCleanResult): string {
  const files = r.removed.reduce((a, p) => a + p.files, 0);
  const bytes = r.removed.reduce((a, p) => a + p.bytes, 0);
  return `${r.dryRun ? 'would remove' : 'removed'} ${r.removed.map((p) => p.name).join(', ')} from ${r.cache}: ${counted(files, 'file')}, ${bytesShown(bytes)}\n`;
}

export function renderCachePrune(r: CachePruneResult): string {
  const temps = r.removed.temps > 0 ? `, and ${counted(r.removed.temps, 'temporary file')} a killed run left among the verdicts` : '';
  return `${r.dryRun ? 'would remove' : 'removed'} ${counted(r.removed.tarballs, 'tarball')} and ${counted(r.removed.trees, 'unpacked tree')} the lock does not pin${temps} (${bytesShown(r.removed.bytes)}); kept ${counted(r.kept.tarballs, 'tarball')} and ${counted(r.kept.trees, 'tree')}\n`;
}
