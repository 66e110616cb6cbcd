// The tree cache: a pinned tarball's checked entries, kept unpacked (one pack file per tarball,
// src/sandbox/pack.ts) beside the download cache, so a warm `install --frozen` skips gunzip, tar
// parsing and a sha512 per file. Each of those is a pure function of the tarball's bytes, which the
// lock pins by sha512: a pack written from a tarball that matched its pin is the same answer.
//
// Like the verdict store it is a cache of conclusions, and guarded the same way: the cache folder
// may be restored from storage others wrote, so a pack is used only when its whole sha256 equals
// the one recorded in a verdict (HMAC'd under the verdict cache's secret, keyed by the tarball's
// sha512 and the unpacking code's fingerprint) when the pack was written. Without the verdict
// cache (no secret, SKILLPIN_VERDICT_CACHE=off) there is no tree cache either. A pack is written
// only after the tarball matched its pin and the lock's file hashes matched the archive; one that
// is missing, unreadable or fails its check costs the tarball read it replaced, never correctness.

import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CacheWriter } from '../fsutil/cache-writer.js';
import { readRegularFileSync } from '../fsutil/index.js';
import { fileIntegrity, sha512Digests } from '../integrity/index.js';
import { encodePack, packDigest } from '../sandbox/pack.js';
import type { ArchiveEntry, SandboxLimits } from './types.js';
import { sourceFingerprint, verdictKey, type VerdictStore } from '../verdicts/index.js';

/** A pack read from the cache, with the sha256 its verdict recorded (checked where it is decoded). */
export interface CachedTree {
  pack: Buffer;
  digest: string;
}

const HEX_SHA512 = /^[0-9a-f]{128}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The unpacking code whose output a pack holds: the sandbox folder (tar reader, entry rules, pack format). Once per process. */
let fingerprint: string | null = null;
export function unpackerFingerprint(): string {
  fingerprint ??= sourceFingerprint(new URL(`../sandbox/pack${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href);
  return fingerprint;
}

/**
 * The whole of a regular file no larger than `cap`, or null (missing, not a regular file, too
 * large, changed while read), in memory of its own: a worker may be handed it (CheckPool.stage).
 */
function readRegular(file: string, cap: number): Buffer | null {
  try {
    const read = readRegularFileSync(file, cap, { own: true });
    return Buffer.isBuffer(read) ? read : null;
  } catch {
    return null;
  }
}

/** The tree cache's folder under the cache. */
export const TREES_DIR = 'trees-v1';

/**
 * Where the pack of the tarball whose sha512 is `hex` lives: one level of 256 folders, as the
 * verdict store (fewer folders to make than cacache's two).
 */
export function treeCachePath(cache: string, hex: string): string {
  return join(cache, TREES_DIR, hex.slice(0, 2), hex.slice(2));
}

export class TreeCache {
  private readonly writer: CacheWriter;
  private readonly cap: number;
  /**
   * One buffer every pack of the run is encoded into (a pack is written before the next is made):
   * a fresh 60-75 KB buffer per skill raised a cold install's peak RSS by ~10 MiB.
   */
  private scratch = Buffer.alloc(0);

  /** Packs live under `<cache>/trees-v1`; `verdicts` holds their sha256s (and must be enabled to use any). */
  constructor(
    private readonly cache: string,
    private readonly verdicts: VerdictStore,
    limits: SandboxLimits,
  ) {
    this.writer = new CacheWriter(join(cache, TREES_DIR), { file: 0o644, folder: 0o755, redo: 'unpacks again' });
    // A pack holds the files' bytes and a header of at most ~1.5 KiB per entry.
    this.cap = limits.maxTotalBytes + (limits.maxFiles + 16) * 1536;
  }

  private file(hex: string): string {
    return treeCachePath(this.cache, hex);
  }

  private key(hex: string): string {
    return verdictKey(['tree', unpackerFingerprint(), hex]);
  }

  /** The pack of a tarball the lock pins by `integrity`, when a verdict vouches for one; null otherwise. */
  lookup(integrity: string): CachedTree | null {
    if (!this.verdicts.enabled) return null;
    for (const hex of sha512Digests(integrity)) {
      const verdict = this.verdicts.get('tree', this.key(hex)) as { sha256?: unknown } | undefined;
      if (typeof verdict?.sha256 !== 'string' || !HEX_SHA256.test(verdict.sha256)) continue;
      const pack = readRegular(this.file(hex), this.cap);
      if (pack !== null) return { pack, digest: verdict.sha256 };
    }
    return null;
  }

  /**
   * Keep the entries unpacked from the tarball whose sha512 SRI is `integrity` (the unpack's own
   * digest of the bytes it checked). Call only once the lock's file hashes matched them.
   */
  remember(integrity: string, entries: ArchiveEntry[]): void {
    const hex = sha512Digests(integrity)[0];
    if (!this.verdicts.enabled || hex === undefined || !HEX_SHA512.test(hex)) return;
    const pack = encodePack(integrity, entries, fileIntegrity, (size) => {
      if (this.scratch.length < size) this.scratch = Buffer.allocUnsafe(Math.max(size, 2 * this.scratch.length));
      return this.scratch.subarray(0, size);
    });
    if (this.writer.write(this.file(hex), pack)) this.verdicts.put('tree', this.key(hex), { sha256: packDigest(pack) });
  }
}
