// The unpacked-tree format of the tree cache (src/source/tree-cache.ts): a pinned tarball's checked
// entries as one file, so a warm install reads them back without gunzip, tar parsing or hashing
// each file. Nothing here is trusted for its own sake: a pack is read only when its whole sha256
// equals the one an authentic (MAC'd) verdict recorded when the pack was written, and its entries
// then pass the same name, type and limit rules (EntryCollector) as a tarball's.
//
// Layout: "SKP1", the header's length (u32 little-endian), the header (JSON), then the bytes every
// file's `offset` and `length` point into.

import { hash as digestOf } from 'node:crypto';
import { SkillpinError } from '../errors.js';
import { rememberFileIntegrity, sha512Digests } from '../integrity/index.js';
import type { ArchiveEntry, SandboxLimits } from '../source/types.js';
import { EntryCollector } from './entries.js';
import { refuseMetadataEntry } from './paths.js';
import type { Unpacked } from './packed.js';

const MAGIC = 'SKP1';
const PREFIX = 8;

/** [path, "f" | "d", mode, offset, length, sha512 SRI] per entry ("" for a folder's). */
type HeaderEntry = [string, 'f' | 'd', number, number, number, string];

interface Header {
  /** The sha512 SRI of the tarball these entries were read from. */
  integrity: string;
  entries: HeaderEntry[];
}

/**
 * A pack of `entries` (as unpacked from the tarball whose sha512 SRI is `integrity`), with each
 * file's sha512 SRI from `digest`. The bytes are copied into the pack (once, straight into the
 * buffer that is written), never written as the memory they are views into: that may hold other
 * bytes too (tar headers, or Node's shared Buffer pool). `alloc` gives the buffer of that size
 * (every byte of it is written).
 */
export function encodePack(integrity: string, entries: ArchiveEntry[], digest: (data: Buffer) => string, alloc: (size: number) => Buffer = Buffer.allocUnsafe): Buffer {
  let total = 0;
  const header: Header = {
    integrity,
    entries: entries.map((e): HeaderEntry => {
      if (e.type === 'directory') return [e.path, 'd', e.mode, 0, 0, ''];
      const data = e.data ?? Buffer.alloc(0);
      const at = total;
      total += data.length;
      return [e.path, 'f', e.mode, at, data.length, digest(data)];
    }),
  };
  const text = Buffer.from(JSON.stringify(header), 'utf8');
  const pack = alloc(PREFIX + text.length + total);
  pack.write(MAGIC, 0, 'latin1');
  pack.writeUInt32LE(text.length, 4);
  text.copy(pack, PREFIX);
  let offset = PREFIX + text.length;
  for (const e of entries) {
    if (e.type !== 'file' || !e.data) continue;
    pack.set(e.data, offset);
    offset += e.data.length;
  }
  return pack;
}

/**
 * sha256 of a pack's bytes, hex: what its verdict records. sha256, not sha512: with the CPU's SHA
 * extensions it is ~3x faster (65 against 214 ms per 1,000 packs of 75 KB here), and it is read
 * on every warm install of every skill.
 */
export function packDigest(pack: Uint8Array): string {
  return digestOf('sha256', pack, 'hex');
}

function refuse(skill: string, why: string): never {
  // EINTEGRITY: the caller treats it as a damaged cache entry and reads the tarball instead.
  throw new SkillpinError('EINTEGRITY', `${skill}: the cached unpacked tree ${why}`, {
    skill,
    hint: 'The tree cache entry is damaged or was not written by this user; the tarball is read instead.',
  });
}

function isHeaderEntry(v: unknown): v is HeaderEntry {
  return (
    Array.isArray(v) &&
    v.length === 6 &&
    typeof v[0] === 'string' &&
    (v[1] === 'f' || v[1] === 'd') &&
    Number.isInteger(v[2]) &&
    Number.isInteger(v[3]) &&
    Number.isInteger(v[4]) &&
    typeof v[5] === 'string'
  );
}

/**
 * The entries of `pack`, checked: its sha256 must be `want` (hex, from the verdict), it must have
 * been read from a tarball with one of the sha512s `expected` pins, and every entry passes the
 * sandbox rules under `limits` (which may have changed since the pack was written). File bytes are
 * views into `pack`; their sha512s (part of the checked bytes) are remembered, not computed.
 * Throws EINTEGRITY for a pack that fails any of this, ESANDBOX as the tarball reader would.
 */
export function decodePack(pack: Buffer, want: string, expected: string, limits: SandboxLimits, skill: string): Unpacked & { backing?: ArrayBuffer } {
  if (packDigest(pack) !== want) refuse(skill, 'does not match the sha256 its verdict recorded');
  if (pack.length < PREFIX || pack.toString('latin1', 0, 4) !== MAGIC) refuse(skill, 'is not a pack');
  const size = pack.readUInt32LE(4);
  if (PREFIX + size > pack.length) refuse(skill, 'is truncated');
  let header: Header;
  try {
    header = JSON.parse(pack.toString('utf8', PREFIX, PREFIX + size)) as Header;
  } catch {
    refuse(skill, 'has an unreadable header');
  }
  if (typeof header?.integrity !== 'string' || !Array.isArray(header.entries) || !header.entries.every(isHeaderEntry)) refuse(skill, 'has a malformed header');
  const read = sha512Digests(header.integrity)[0];
  if (read === undefined || !sha512Digests(expected).includes(read)) refuse(skill, 'was read from another tarball than the one the lock pins');
  const blobStart = PREFIX + size;
  const blobLength = pack.length - blobStart;
  const collector = new EntryCollector(limits, skill);
  for (const [path, type, mode, offset, length, sri] of header.entries) {
    // The tarball's own rule, so a pack written before it cannot bring install metadata back.
    refuseMetadataEntry(path, skill);
    if (type === 'd') {
      collector.addDirectory(path);
      continue;
    }
    if (offset < 0 || length < 0 || offset + length > blobLength) refuse(skill, `points outside its bytes for ${JSON.stringify(path)}`);
    const data = pack.subarray(blobStart + offset, blobStart + offset + length);
    rememberFileIntegrity(data, sri);
    collector.reserveFile(path, length);
    collector.addFile(path, data, mode);
  }
  const entries = collector.finish();
  const backing = pack.byteOffset === 0 && pack.buffer.byteLength === pack.byteLength ? (pack.buffer as ArrayBuffer) : undefined;
  return { integrity: header.integrity, entries, ...(backing ? { backing } : {}) };
}
