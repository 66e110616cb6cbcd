// Hashes and comparisons: ssri for archives, sha512 SRI per file, streamed from disk for verify.

import { createHash, hash as digestOf } from 'node:crypto';
import { closeSync, constants, createReadStream, fstatSync, openSync, readFileSync } from 'node:fs';
import ssri from 'ssri';
import { SkillpinError } from '../errors.js';

/**
 * ssri sha512 string of some bytes, in one call: a Hash object per ~3 KB skill file cost more than
 * the hashing itself (as verify found for files read from disk).
 */
export function sha512Integrity(data: Buffer): string {
  return `sha512-${digestOf('sha512', data, 'base64')}`;
}

const fileDigests = new WeakMap<Buffer, string>();

/**
 * sha512Integrity of an archive entry's bytes, computed once per Buffer: install compares it with
 * the lock, staging records it and the scan keys its cached verdict by it. The bytes of an entry are
 * never written to after the archive is read, so the memo cannot go stale. (A warm install moves a
 * pack's memory to the worker that stages it, CheckPool.stage, after this was taken for every file:
 * the Buffers are then empty, never rewritten.)
 */
export function fileIntegrity(data: Buffer): string {
  let digest = fileDigests.get(data);
  if (digest === undefined) {
    digest = sha512Integrity(data);
    fileDigests.set(data, digest);
  }
  return digest;
}

/**
 * Record the digest another thread of this process computed for `data` (a worker that unpacked the
 * archive hashed each file as it packed it), so fileIntegrity does not hash those bytes again.
 */
export function rememberFileIntegrity(data: Buffer, digest: string): void {
  fileDigests.set(data, digest);
}

/** Hex digests of every sha512 an SRI string names (the form in-toto subjects use); empty when none. */
export function sha512Digests(integrity: string): string[] {
  const parsed = ssri.parse(integrity);
  return (parsed?.sha512 ?? []).map((h) => Buffer.from(h.digest, 'base64').toString('hex'));
}

/**
 * Check archive bytes against an expected SRI before a byte is extracted. The expected string must
 * hold a sha512 (sha1-only integrities are refused: they do not pin anything today).
 */
export function verifyArchiveIntegrity(data: Buffer, expected: string, skill: string): string {
  const parsed = ssri.parse(expected);
  if (!parsed?.sha512 || parsed.sha512.length === 0) {
    throw new SkillpinError('EINTEGRITY', `${skill}: the registry gives no sha512 integrity (${expected || 'none'})`, {
      skill,
      hint: 'Only sha512 integrities pin bytes; ask the publisher to republish with a current npm.',
    });
  }
  // One sha512 of the bytes, compared with each sha512 the integrity lists (what ssri.checkData
  // with sha512 picked does, without hashing the archive a second time).
  const actual = sha512Integrity(data);
  const digest = actual.slice('sha512-'.length);
  if (!parsed.sha512.some((h) => h.digest === digest)) {
    throw new SkillpinError('EINTEGRITY', `${skill}: tarball integrity mismatch: expected ${parsed.sha512[0]?.toString()}, got ${actual}`, {
      skill,
      expected: parsed.sha512[0]?.toString(),
      found: actual,
      hint: 'The bytes differ from what the registry (or the lock) promised. Nothing was installed. Do not override this; report it to the registry.',
    });
  }
  return actual;
}

/**
 * sha512 of a small regular file with synchronous calls and no stream (each createReadStream
 * allocates its own 256 KiB buffer: for thousands of 3 KB skill files that is most of the cost).
 * O_NOFOLLOW: a link swapped in is refused, not followed. Returns null when it is not a regular file.
 */
export function hashSmallFileSync(path: string): { integrity: string; size: number } | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!fstatSync(fd).isFile()) return null;
    const data = readFileSync(fd);
    return { integrity: sha512Integrity(data), size: data.length };
  } finally {
    closeSync(fd);
  }
}

/** Stream a file through sha512; returns the SRI string and the byte count. */
export function hashFile(path: string): Promise<{ integrity: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    let size = 0;
    const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
    stream.on('data', (chunk) => {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve({ integrity: `sha512-${hash.digest('base64')}`, size }));
  });
}

export interface FileMapDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Compare two `{path: integrity}` maps. */
export function diffFileMaps(before: Record<string, string>, after: Record<string, string>): FileMapDiff {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  // Own keys only: a file named `constructor` or `__proto__` is not found on Object.prototype.
  for (const [p, h] of Object.entries(after)) {
    if (!Object.hasOwn(before, p)) added.push(p);
    else if (before[p] !== h) changed.push(p);
  }
  for (const p of Object.keys(before)) if (!Object.hasOwn(after, p)) removed.push(p);
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}
