// An unpacked archive as it crosses a thread boundary: every file's bytes in one transferable
// ArrayBuffer (no copy per file on the way back), each file's sha512, which the receiving thread
// records so it never hashes those bytes again, and the parsed SKILL.md, so it need not parse it
// either. This half is what the receiving thread loads; no tar or YAML parser comes with it.

import { rememberFileIntegrity } from '../integrity/index.js';
import type { Manifest } from '../manifest/parse.js';
import type { ArchiveEntry } from '../source/types.js';

export interface Unpacked {
  /** ssri sha512 of the archive as checked against the expected integrity. */
  integrity: string;
  entries: ArchiveEntry[];
  /** The parsed SKILL.md (worker path only; absent when there is none or it does not parse: the pipeline then reports why). */
  manifest?: Manifest;
  /** Files under the package's top-level .clawhub/ or .clawdhub/, not installed (readTarballBacked). */
  dropped?: string[];
}

/** Entries without their bytes, for postMessage: each file's bytes are `length` bytes at `offset` of `buffer`. */
export interface PackedUnpacked {
  integrity: string;
  manifest: Manifest | null;
  buffer: ArrayBuffer;
  entries: Array<{ path: string; type: ArchiveEntry['type']; mode: number; offset: number; length: number; digest: string }>;
  dropped: string[];
}

/**
 * Copy byte ranges into one new ArrayBuffer, which postMessage can move (transfer) rather than
 * clone; `spans[i]` says where `parts[i]` landed (length 0 for an absent part).
 */
export function packBytes(parts: ReadonlyArray<Uint8Array | undefined>): { buffer: ArrayBuffer; spans: Array<{ offset: number; length: number }> } {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + (p?.length ?? 0), 0));
  let offset = 0;
  const spans = parts.map((p) => {
    const length = p?.length ?? 0;
    if (p) bytes.set(p, offset);
    const span = { offset, length };
    offset += length;
    return span;
  });
  return { buffer: bytes.buffer, spans };
}

/** Buffers that view the one ArrayBuffer, with their hashes recorded. */
export function unpackPacked(p: PackedUnpacked): Unpacked {
  const entries = p.entries.map((e): ArchiveEntry => {
    if (e.type !== 'file') return { path: e.path, type: e.type, mode: e.mode };
    const data = Buffer.from(p.buffer, e.offset, e.length);
    rememberFileIntegrity(data, e.digest);
    return { path: e.path, type: e.type, mode: e.mode, data };
  });
  return { integrity: p.integrity, entries, ...(p.manifest ? { manifest: p.manifest } : {}), ...(p.dropped.length ? { dropped: p.dropped } : {}) };
}
