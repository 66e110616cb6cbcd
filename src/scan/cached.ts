// The scan through the verdict cache: the same files under the same scanner give the same
// findings, so a warm `install --frozen` takes them from the cache instead of scanning again.
// The key covers the bytes and paths of every file, the name and known names (typosquat check),
// and a fingerprint of the scanner's own code, so a changed rule is a new key, never a stale hit.

import { hash as digestOf } from 'node:crypto';
import { fileIntegrity } from '../integrity/index.js';
import { SKILL_FILE_NAMES } from '../manifest/names.js';
import { sourceFingerprint, verdictKey, type VerdictStore } from '../verdicts/index.js';
import type { ScanOptions, ScanResult, SkillFile } from './index.js';

/** sha256 over the scanner's source files (this folder, this build): rules, engine, name lists. */
export function scannerFingerprint(): string {
  return sourceFingerprint(import.meta.url);
}

/**
 * sha256 over every file's path and sha512 SRI, in path order: the files a lock entry's `files`
 * map names, or an archive's (contentDigest).
 */
export function filesDigest(files: Array<[path: string, integrity: string]>): string {
  // One sha256 over the joined text (the same digest as hashing each part in turn), not a Hash
  // object fed 20 times.
  const parts: string[] = [];
  for (const [path, integrity] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) parts.push(`${path}\0${integrity}\0`);
  return digestOf('sha256', parts.join(''), 'hex');
}

/** filesDigest of the files' bytes (the sha512s are shared with install). */
function contentDigest(files: SkillFile[]): string {
  return filesDigest(files.map((f) => [f.path, fileIntegrity(f.data)]));
}

function isScanResult(v: unknown): v is ScanResult {
  const r = v as ScanResult | null;
  return r !== null && typeof r === 'object' && Array.isArray(r.findings) && (r.decision === 'allow' || r.decision === 'warn' || r.decision === 'block');
}

/** A scanner that runs elsewhere (a worker thread); the default runs here. */
export type ScanRunner = (files: SkillFile[], opts: ScanOptions) => Promise<ScanResult>;

/**
 * The scanner loads on the first scan run here: a run whose scans a worker does or the cache
 * answers never loads it.
 */
const scanHere: ScanRunner = async (files, opts) => (await import('./index.js')).scanSkill(files, opts);

/**
 * scanSkill, answered from `store` when these exact files were scanned by this exact scanner. On a
 * miss `run` scans (here, or on a worker); the cache is read and written on the calling thread
 * only, so its secret never leaves it.
 */
export async function scanSkillCached(files: SkillFile[], opts: ScanOptions, store: VerdictStore | undefined, run: ScanRunner = scanHere): Promise<ScanResult> {
  if (!store?.enabled) return run(files, opts);
  // The manifest names are the one input from outside this folder (the manifest rules read them).
  const key = verdictKey(['scan', scannerFingerprint(), SKILL_FILE_NAMES.join('\0'), opts.name ?? null, [...(opts.knownNames ?? [])].sort(), contentDigest(files)]);
  const cached = store.get('scan', key);
  if (isScanResult(cached)) return cached;
  const result = await run(files, opts);
  store.put('scan', key, result);
  return result;
}
