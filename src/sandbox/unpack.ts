// Check an archive's integrity and read its entries, on this thread or on a worker thread; the
// worker packs the result for the way back (packed.ts holds the receiving half).

import { fileIntegrity, verifyArchiveIntegrity } from '../integrity/index.js';
import type { Manifest } from '../manifest/parse.js';
import type { SandboxLimits } from '../source/types.js';
import type { PackedUnpacked, Unpacked } from './packed.js';
import { readTarball } from './tar.js';

export type { PackedUnpacked, Unpacked } from './packed.js';
export { unpackPacked } from './packed.js';

/** Check `archive` against `expected`, then read it; ESANDBOX / EINTEGRITY as readTarball and verifyArchiveIntegrity throw. */
export type Unpacker = (archive: Buffer, expected: string, limits: SandboxLimits, skill: string) => Promise<Unpacked>;

/** Unpack on this thread. The integrity is checked before a byte is read. */
export function unpackArchive(archive: Buffer, expected: string, limits: SandboxLimits, skill: string): Unpacked {
  const integrity = verifyArchiveIntegrity(archive, expected, skill);
  return { integrity, entries: readTarball(archive, limits, skill) };
}

/** Copy every file's bytes into one ArrayBuffer (transferable) and hash each file once. */
export function packUnpacked(u: Unpacked, manifest: Manifest | null): PackedUnpacked {
  let total = 0;
  for (const e of u.entries) total += e.data?.length ?? 0;
  const bytes = new Uint8Array(total);
  let offset = 0;
  const entries = u.entries.map((e) => {
    const data = e.data;
    const length = data?.length ?? 0;
    if (data) bytes.set(data, offset);
    const out = { path: e.path, type: e.type, mode: e.mode, offset, length, digest: data ? fileIntegrity(data) : '' };
    offset += length;
    return out;
  });
  return { integrity: u.integrity, manifest, buffer: bytes.buffer, entries };
}
