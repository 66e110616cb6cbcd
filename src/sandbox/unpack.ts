// Check an archive's integrity and read its entries, on this thread or on a worker thread; the
// worker packs the result for the way back (packed.ts holds the receiving half).

import { fileIntegrity, verifyArchiveIntegrity } from '../integrity/index.js';
import type { Manifest } from '../manifest/parse.js';
import type { ArchiveEntry, SandboxLimits } from '../source/types.js';
import { decodePack } from './pack.js';
import { packBytes, type PackedUnpacked, type Unpacked } from './packed.js';
import { readTarballBacked } from './tar.js';

/**
 * Check `archive` against `expected`, then read it; ESANDBOX / EINTEGRITY as readTarball and
 * verifyArchiveIntegrity throw. With `pack` (the sha256 hex its verdict recorded), `archive` is a
 * pack from the tree cache instead of a tarball, checked as decodePack says.
 */
export type Unpacker = (archive: Buffer, expected: string, limits: SandboxLimits, skill: string, pack?: string) => Promise<Unpacked>;

/** Unpack on this thread. The integrity is checked before a byte is read. */
export function unpackArchive(archive: Buffer, expected: string, limits: SandboxLimits, skill: string, pack?: string): Unpacked & { backing?: ArrayBuffer } {
  if (pack !== undefined) return decodePack(archive, pack, expected, limits, skill);
  const integrity = verifyArchiveIntegrity(archive, expected, skill);
  const { entries, backing, dropped } = readTarballBacked(archive, limits, skill);
  return { integrity, entries, ...(backing ? { backing } : {}), ...(dropped.length ? { dropped } : {}) };
}

/**
 * Hash each file once and put every file's bytes in one transferable ArrayBuffer: the gunzipped
 * archive they are views into, when it is theirs alone (`backing`: moved as it is, tar headers
 * included), else a copy. The copy was ~0.15 s of a worker's CPU per 1,000 skills, with the copy
 * per file it replaced.
 */
export function packUnpacked(u: Unpacked & { backing?: ArrayBuffer }, manifest: Manifest | null): PackedUnpacked {
  const backing = u.backing;
  const digest = (e: ArchiveEntry) => (e.data ? fileIntegrity(e.data) : '');
  if (backing && u.entries.every((e) => !e.data || e.data.buffer === backing)) {
    const entries = u.entries.map((e) => ({ path: e.path, type: e.type, mode: e.mode, offset: e.data?.byteOffset ?? 0, length: e.data?.length ?? 0, digest: digest(e) }));
    return { integrity: u.integrity, manifest, buffer: backing, entries, dropped: u.dropped ?? [] };
  }
  const { buffer, spans } = packBytes(u.entries.map((e) => e.data));
  const entries = u.entries.map((e, i) => ({ path: e.path, type: e.type, mode: e.mode, ...(spans[i] as { offset: number; length: number }), digest: digest(e) }));
  return { integrity: u.integrity, manifest, buffer, entries, dropped: u.dropped ?? [] };
}
