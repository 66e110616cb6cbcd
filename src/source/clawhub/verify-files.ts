// The check no ClawHub client makes today: every file of the zip must match the per-file sha256
// list ClawHub publishes for that version, and the list must match the archive exactly.

import { createHash } from 'node:crypto';
import { SkillpinError } from '../../errors.js';
import type { ArchiveEntry } from '../types.js';
import { isMetadataEntry } from '../../sandbox/paths.js';

/** One row of endpoint 6's `version.files`. */
export interface ClawhubFileInfo {
  path: string;
  sha256: string;
  size?: number;
  contentType?: string;
}

/** Validate the shape of a published per-file list; returns a reason when it is unusable. */
export function parseFileList(value: unknown): { files: ClawhubFileInfo[] } | { problem: string } {
  if (!Array.isArray(value)) return { problem: 'ClawHub published no per-file list for this version' };
  const files: ClawhubFileInfo[] = [];
  const seen = new Set<string>();
  for (const row of value as unknown[]) {
    if (!row || typeof row !== 'object') return { problem: 'the per-file list holds a row that is not an object' };
    const r = row as Record<string, unknown>;
    if (typeof r.path !== 'string' || r.path.length === 0) return { problem: 'the per-file list holds a row without a path' };
    if (typeof r.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(r.sha256)) {
      return { problem: `the per-file list has no valid sha256 for ${JSON.stringify(r.path)}` };
    }
    if (seen.has(r.path)) return { problem: `the per-file list names ${JSON.stringify(r.path)} twice` };
    seen.add(r.path);
    const info: ClawhubFileInfo = { path: r.path, sha256: r.sha256.toLowerCase() };
    if (typeof r.size === 'number' && Number.isFinite(r.size)) info.size = r.size;
    if (typeof r.contentType === 'string') info.contentType = r.contentType;
    files.push(info);
  }
  if (files.length === 0) return { problem: 'the per-file list is empty' };
  return { files };
}

/**
 * Compare the extracted files with the published list: same set of paths, same sha256 (and size
 * when published). Throws EINTEGRITY naming the first file that disagrees.
 */
export function verifyPerFileList(entries: ArchiveEntry[], files: ClawhubFileInfo[], skill?: string): void {
  const fail = (file: string, why: string, facts: Record<string, unknown> = {}): never => {
    throw new SkillpinError('EINTEGRITY', `ClawHub per-file check failed for ${JSON.stringify(file)}: ${why}`, {
      skill,
      file,
      ...facts,
      hint: 'The zip ClawHub served does not match the file list it publishes for this version; do not install it, and report it to the publisher or ClawHub.',
    });
  };
  const listed = new Map(files.map((f) => [f.path, f]));
  const present = new Set<string>();
  for (const e of entries) {
    if (e.type !== 'file') continue;
    present.add(e.path);
    const want = listed.get(e.path);
    if (!want) return fail(e.path, 'the zip holds this file but the published list does not name it');
    const data = e.data ?? Buffer.alloc(0);
    const found = createHash('sha256').update(data).digest('hex');
    if (found !== want.sha256) fail(e.path, `sha256 ${found} differs from the published ${want.sha256}`, { expected: want.sha256, found });
    if (want.size !== undefined && want.size !== data.length) {
      fail(e.path, `size ${data.length} differs from the published ${want.size}`, { expected: want.size, found: data.length });
    }
  }
  // Install metadata the zip's reader dropped (never installed) is neither here nor needed.
  for (const f of files) if (!present.has(f.path) && !isMetadataEntry(f.path)) fail(f.path, 'the published list names this file but the zip does not hold it');
}
