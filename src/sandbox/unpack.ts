// Check an archive's integrity and read its entries, on this thread or on a worker thread; the
// worker packs the result for the way back (packed.ts holds the receiving half).

import { fileIntegrity, verifyArchiveIntegrity } from '../integrity/index.js';
import type { Manifest } from '../manifest/parse.js';
import type { SandboxLimits } from '../source/types.js';
import { packBytes, type PackedUnpacked, type Unpacked } from './packed.js';
import { readTarball } from './tar.js';

/** Check `archive` against `expected`, then read it; ESANDBOX / EINTEGRITY as readTarball and verifyArchiveIntegrity throw. */
export type Unpacker = (archive: Buffer, expected: string, limits: SandboxLimits, skill: string) => Promise<Unpacked>;

/** Unpack on this thread. The integrity is checked before a byte is read. */
export function unpackArchive(archive: Buffer, expected: string, limits: SandboxLimits, skill: string): Unpacked {
  const integrity = verifyArchiveIntegrity(archive, expected, skill);
  return { integrity, entries: readTarball(archive, limits, skill) };
}

/** Copy every file's bytes into one ArrayBuffer (transferable) and hash each file once. */
export function packUnpacked(u: Unpacked, manifest: Manifest | null): PackedUnpacked {
  const { buffer, spans } = packBytes(u.entries.map((e) => e.data));
  const entries = u.entries.map((e, i) => ({ path: e.path, type: e.type, mode: e.mode, ...(spans[i] as { offset: number; length: number }), digest: e.data ? fileIntegrity(e.data) : '' }));
  return { integrity: u.integrity, manifest, buffer, entries };
}
