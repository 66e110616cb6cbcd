// Reads a ClawHub skill zip fully in memory and turns it into checked ArchiveEntry[] (DESIGN §3.7).
// Every rule refuses the whole archive with ESANDBOX naming the entry; nothing is skipped or repaired.

import { crc32 } from 'node:zlib';
import type yauzl from 'yauzl';
import { SkillpinError } from '../../errors.js';
import { lazyRequire } from '../../lazy.js';
import { SKILL_FILE_NAMES } from '../../manifest/names.js';
import { foldersOf } from '../../sandbox/modes.js';
import { checkEntryPath, foldKey, isMetadataEntry, refuseGitDirShape, refuseGitEntry, refuseManyDropped } from '../../sandbox/paths.js';
import type { ArchiveEntry, SandboxLimits } from '../types.js';

/** yauzl loads on the first zip read: commands that read none (every npm install) skip it. */
const loadYauzl = lazyRequire<typeof yauzl>('yauzl');

export interface ReadZipOptions {
  limits: SandboxLimits;
  /** Skill named in errors. */
  skill?: string;
  /** Largest uncompressed/compressed ratio accepted for an entry over `ratioMinBytes` (default 200). */
  maxRatio?: number;
  /** Entries smaller than this are not ratio-checked (default 1 MiB). */
  ratioMinBytes?: number;
}

export interface ReadZipResult {
  entries: ArchiveEntry[];
  /** The wrapping folder that was removed, if the skill sat inside one. */
  strippedPrefix?: string;
  /** Files under the skill's top-level .clawhub/ or .clawdhub/ (install metadata), not installed. */
  dropped: string[];
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const HOST_UNIX = 3;
const HOST_OSX = 19;

interface RawEntry {
  path: string;
  type: 'file' | 'directory';
  mode: number;
  data?: Buffer;
}

export async function readSkillZip(archive: Buffer, opts: ReadZipOptions): Promise<ReadZipResult> {
  const { limits, skill } = opts;
  const maxRatio = opts.maxRatio ?? 200;
  const ratioMinBytes = opts.ratioMinBytes ?? 1024 * 1024;
  const refuse = (entry: string, why: string): never => {
    throw new SkillpinError('ESANDBOX', `zip entry ${JSON.stringify(entry)} refused: ${why}`, {
      skill,
      entry,
      hint: 'The archive is malformed or hostile; nothing was written. Do not install it.',
    });
  };
  const refuseArchive = (why: string): never => {
    throw new SkillpinError('ESANDBOX', `zip archive refused: ${why}`, {
      skill,
      hint: 'The archive is malformed or hostile; nothing was written. Do not install it.',
    });
  };

  let zip: yauzl.ZipFile;
  try {
    zip = await loadYauzl().fromBufferPromise(archive, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, strictFileNames: true });
  } catch (err) {
    return refuseArchive(`not a readable zip (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    if (zip.entryCount > limits.maxFiles) refuseArchive(`${zip.entryCount} entries, more than the limit of ${limits.maxFiles}`);

    const raw: RawEntry[] = [];
    const seen = new Set<string>();
    let declaredTotal = 0;
    for (;;) {
      let entry: yauzl.Entry | undefined;
      try {
        entry = await nextEntry(zip);
      } catch (err) {
        refuseArchive(`unreadable central directory (${err instanceof Error ? err.message : String(err)})`);
      }
      if (entry === undefined) break;
      // Strict names: backslashes stay backslashes so checkEntryPath refuses them.
      const name = loadYauzl().getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      if ((entry.generalPurposeBitFlag & 0x1) !== 0 || (entry.generalPurposeBitFlag & 0x40) !== 0) refuse(name, 'encrypted entry');
      const path = checkEntryPath(name, skill);
      refuseGitEntry(path, skill);
      const nameSaysDir = name.endsWith('/');
      const host = entry.versionMadeBy >>> 8;
      const unixMode = host === HOST_UNIX || host === HOST_OSX ? (entry.externalFileAttributes >>> 16) & 0xffff : 0;
      const fmt = unixMode & S_IFMT;
      if (fmt === S_IFLNK) refuse(name, 'symbolic link');
      if (fmt !== 0 && fmt !== S_IFREG && fmt !== S_IFDIR) refuse(name, `not a regular file or folder (file type 0o${fmt.toString(8)})`);
      const attrSaysDir = fmt === S_IFDIR || (host !== HOST_UNIX && host !== HOST_OSX && (entry.externalFileAttributes & 0x10) !== 0);
      if (nameSaysDir !== attrSaysDir && (fmt !== 0 || attrSaysDir)) {
        refuse(name, nameSaysDir ? 'folder name on an entry whose attributes say file' : 'folder attributes on an entry without a trailing "/"');
      }
      if (seen.has(path)) refuse(name, 'duplicate entry name');
      seen.add(path);
      await checkLocalHeader(zip, entry, name, refuse);

      if (nameSaysDir) {
        if (entry.uncompressedSize !== 0 || entry.compressedSize !== 0) refuse(name, 'folder entry carries data');
        raw.push({ path, type: 'directory', mode: 0o755 });
        continue;
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) refuse(name, `unsupported compression method ${entry.compressionMethod}`);
      // Sizes are checked here, not by yauzl, so that a mismatch names its entry.
      if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) {
        refuse(name, `stored entry declares ${entry.uncompressedSize} bytes but occupies ${entry.compressedSize}`);
      }
      if (entry.uncompressedSize > limits.maxFileBytes) {
        refuse(name, `declares ${entry.uncompressedSize} bytes, more than the per-file limit of ${limits.maxFileBytes}`);
      }
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxTotalBytes) refuse(name, `archive unpacks to more than the total limit of ${limits.maxTotalBytes} bytes`);
      if (entry.uncompressedSize >= ratioMinBytes && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > maxRatio) {
        refuse(name, `compression ratio ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1 exceeds ${maxRatio}:1 (zip bomb)`);
      }
      const data = await readData(zip, entry, name, refuse);
      if (data.length !== entry.uncompressedSize) refuse(name, `declared size ${entry.uncompressedSize} but holds ${data.length} bytes`);
      if ((crc32(data) >>> 0) !== (entry.crc32 >>> 0)) refuse(name, 'CRC-32 does not match its data');
      const mode = (unixMode & 0o111) !== 0 ? 0o755 : 0o644;
      raw.push({ path, type: 'file', mode, data });
    }
    return finish(raw, limits, skill, refuse);
  } finally {
    zip.close();
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry): void => {
      cleanup();
      resolve(e);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(undefined);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** General-purpose flag bits a reader decides by: encrypted, strong encryption, UTF-8 names. */
const NAME_AND_CRYPTO_FLAGS = 0x1 | 0x40 | 0x800;
const ZIP64_SIZE = 0xffffffff;

/**
 * The entry's local header must say what its central directory record says. Readers disagree on
 * which one to believe (yauzl and fflate, so skillpin and the clawhub CLI, take the central name;
 * JSZip, so OpenClaw, the local one), so an archive whose two records differ installs different
 * files depending on the tool: refused, as are two central records sharing one local header.
 */
async function checkLocalHeader(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string, refuse: (e: string, why: string) => never): Promise<void> {
  let local: yauzl.LocalFileHeader;
  try {
    local = await zip.readLocalFileHeaderPromise(entry, { minimal: false });
  } catch (err) {
    return refuse(name, `unreadable local header (${err instanceof Error ? err.message : String(err)})`);
  }
  const disagree = (what: string): never => refuse(name, `its local header and the central directory disagree on the ${what}`);
  if (!Buffer.from(local.fileName).equals(Buffer.from(entry.fileNameRaw))) {
    disagree(`name (local ${JSON.stringify(Buffer.from(local.fileName).toString('latin1'))})`);
  }
  if ((local.generalPurposeBitFlag & 0x1) !== 0 || (local.generalPurposeBitFlag & 0x40) !== 0) refuse(name, 'encrypted entry');
  if ((local.generalPurposeBitFlag & NAME_AND_CRYPTO_FLAGS) !== (entry.generalPurposeBitFlag & NAME_AND_CRYPTO_FLAGS)) disagree('flags');
  if (local.compressionMethod !== entry.compressionMethod) disagree('compression method');
  // Without a data descriptor the local header carries the CRC and sizes itself (zip64 keeps them elsewhere).
  if ((local.generalPurposeBitFlag & 0x8) === 0) {
    if ((local.crc32 >>> 0) !== (entry.crc32 >>> 0)) disagree('CRC-32');
    if (local.compressedSize !== ZIP64_SIZE && local.compressedSize !== entry.compressedSize) disagree('compressed size');
    if (local.uncompressedSize !== ZIP64_SIZE && local.uncompressedSize !== entry.uncompressedSize) disagree('size');
  }
}

async function readData(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string, refuse: (e: string, why: string) => never): Promise<Buffer> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (err) {
    return refuse(name, `cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      // Stop inflating at the declared size: a lying header cannot make the copy grow past the limits.
      if (total > entry.uncompressedSize) refuse(name, `holds more bytes than its declared size ${entry.uncompressedSize}`);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof SkillpinError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    return refuse(name, /bytes/.test(msg) ? `declared size ${entry.uncompressedSize} does not match its data (${msg})` : `corrupt data (${msg})`);
  }
  return Buffer.concat(chunks, total);
}

/** Implicit folders, file/folder and case-fold collisions, the wrapping folder, the final counts. */
function finish(raw: RawEntry[], limits: SandboxLimits, skill: string | undefined, refuse: (e: string, why: string) => never): ReadZipResult {
  const byPath = new Map<string, RawEntry>();
  for (const e of raw) byPath.set(e.path, e);
  // Folders count on their own against limits.maxFiles (a few KB of names could make a million).
  let folders = raw.filter((e) => e.type === 'directory').length;
  if (folders > limits.maxFiles) refuse('.', `${folders} folders, more than the limit of ${limits.maxFiles}`);
  // Folders whose parents are all known: the walk up from an entry stops at the first of them.
  const complete = new Set<string>();
  for (const e of raw) {
    for (let slash = e.path.lastIndexOf('/'); slash > 0; slash = e.path.lastIndexOf('/', slash - 1)) {
      const parent = e.path.slice(0, slash);
      if (complete.has(parent)) break;
      const existing = byPath.get(parent);
      if (existing?.type === 'file') refuse(e.path, `its parent ${JSON.stringify(parent)} is a file in the same archive`);
      if (!existing) {
        if (++folders > limits.maxFiles) refuse(e.path, `more than ${limits.maxFiles} folders, the limit`);
        byPath.set(parent, { path: parent, type: 'directory', mode: 0o755 });
      }
      complete.add(parent);
    }
  }
  const all = [...byPath.values()];
  const folded = new Map<string, string>();
  for (const e of all) {
    const key = foldKey(e.path);
    const other = folded.get(key);
    if (other !== undefined) refuse(e.path, `collides with ${JSON.stringify(other)} when case-folded`);
    folded.set(key, e.path);
  }

  const isSkillFileAt = (prefix: string): boolean => SKILL_FILE_NAMES.some((n) => byPath.get(prefix + n)?.type === 'file');
  let prefix = '';
  if (!isSkillFileAt('')) {
    const top = new Set(all.map((e) => e.path.split('/')[0] as string));
    const only = top.size === 1 ? ([...top][0] as string) : undefined;
    if (only === undefined || byPath.get(only)?.type !== 'directory' || !isSkillFileAt(`${only}/`)) {
      throw new SkillpinError('EMANIFEST', 'the zip has no SKILL.md at its root or inside one wrapping folder', {
        skill,
        hint: 'A ClawHub skill archive must hold SKILL.md directly or in a single top-level folder; this one cannot be installed.',
      });
    }
    prefix = `${only}/`;
  }
  const entries: ArchiveEntry[] = [];
  // Install metadata at the skill's top (.clawhub/, .clawdhub/): not installed, listed in the review.
  const dropped: string[] = [];
  for (const e of all) {
    if (prefix && e.path === prefix.slice(0, -1)) continue;
    const path = e.path.slice(prefix.length);
    if (isMetadataEntry(path)) {
      if (e.type !== 'directory') dropped.push(path);
      refuseManyDropped(dropped.length, limits.maxFiles, skill ?? 'the zip');
      continue;
    }
    const out: ArchiveEntry = { path, type: e.type, mode: e.mode };
    if (e.data) out.data = e.data;
    entries.push(out);
  }
  const fileCount = entries.filter((e) => e.type === 'file').length;
  if (fileCount > limits.maxFiles) refuse(prefix || '.', `${fileCount} files, more than the limit of ${limits.maxFiles}`);
  // Only folders that hold a file are kept, as for a tarball (EntryCollector.finish): the lock pins
  // files, and an empty folder installed would be one verify can never account for.
  const holding = foldersOf(entries.filter((e) => e.type === 'file').map((e) => e.path));
  const kept = entries.filter((e) => e.type === 'file' || holding.has(e.path));
  kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  refuseGitDirShape(kept, skill);
  return { entries: kept, dropped: dropped.sort(), ...(prefix ? { strippedPrefix: prefix.slice(0, -1) } : {}) };
}
