// Reading an npm-pack tarball into checked in-memory entries. node-tar parses; every entry passes
// the rules of DESIGN §3.7 or the whole archive is refused. Nothing here touches the disk.

import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { SkillpinError } from '../errors.js';
import type { ArchiveEntry, SandboxLimits } from '../source/types.js';
import { EntryCollector } from './entries.js';
import { checkEntryPath, isMetadataEntry, refuseGitDirShape, refuseGitEntry, refuseManyDropped } from './paths.js';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

/** Gunzip with a hard output cap so a gzip bomb costs at most the cap, then parse with node-tar. */
export function readTarball(archive: Buffer, limits: SandboxLimits, skill: string): ArchiveEntry[] {
  return readTarballBacked(archive, limits, skill).entries;
}

/**
 * readTarball, also naming the memory its files' bytes live in. A file's bytes are a view into the
 * gunzipped archive (node-tar hands out body chunks as views of what it was given, and it is
 * given the whole archive at once), not a copy per file. `backing` is that archive's ArrayBuffer
 * when it owns it alone, so a worker can move it to another thread whole; null when the gunzipped
 * bytes sit in Node's shared Buffer pool (a small archive), which must never be moved.
 */
export function readTarballBacked(archive: Buffer, limits: SandboxLimits, skill: string): { entries: ArchiveEntry[]; backing: ArrayBuffer | null; dropped: string[] } {
  // Headers and padding cost up to 1.5 KiB per entry on top of the file bytes.
  const cap = limits.maxTotalBytes + (limits.maxFiles + 16) * 1536;
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(archive, { maxOutputLength: cap });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (err instanceof RangeError || code === 'ERR_BUFFER_TOO_LARGE') {
      throw new SkillpinError('ESANDBOX', `${skill}: the tarball decompresses to more than ${cap} bytes (limit maxTotalBytes=${limits.maxTotalBytes})`, {
        skill,
        hint: 'This looks like a decompression bomb; nothing was written. Raise limits.maxTotalBytes only for a skill you trust.',
      });
    }
    throw new SkillpinError('ESANDBOX', `${skill}: the tarball is not valid gzip (${(err as Error).message})`, {
      skill,
      hint: 'The download is corrupt or not a package tarball; nothing was written.',
    });
  }

  const collector = new EntryCollector(limits, skill);
  // Install metadata at the package's top (.clawhub/, .clawdhub/): not installed, listed in the review.
  const dropped: string[] = [];
  let failure: unknown;
  const parser = new Parser({ strict: true });
  parser.on('entry', (entry: ReadEntry) => {
    if (failure) {
      entry.resume();
      return;
    }
    try {
      const path = stripTopFolder(entry.path, skill);
      if (path === null) {
        if (entry.type !== 'Directory') refuseRootEntry(entry.path, skill);
        entry.resume();
        return;
      }
      refuseGitEntry(path, skill);
      if (isMetadataEntry(path)) {
        // Its name passes the same rules as any other (the review shows it).
        const checked = checkEntryPath(path, skill);
        if (entry.type !== 'Directory') dropped.push(checked);
        refuseManyDropped(dropped.length, limits.maxFiles, skill);
        entry.resume();
        return;
      }
      if (entry.type === 'Directory') {
        collector.addDirectory(path);
        entry.resume();
        return;
      }
      if (!FILE_TYPES.has(entry.type)) {
        throw new SkillpinError('ESANDBOX', `${skill}: archive entry ${JSON.stringify(entry.path)} is a ${describeType(entry.type)}; only regular files and folders are installed`, {
          skill,
          entry: entry.path,
          entryType: entry.type,
          hint: 'Links and special files can point outside the sandbox; the archive was refused and nothing was written.',
        });
      }
      const size = entry.size ?? 0;
      collector.reserveFile(path, size);
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        try {
          // One chunk (the whole archive was written at once): its view, not a copy.
          const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          collector.addFile(path, data, entry.mode ?? 0o644);
        } catch (err) {
          failure ??= err;
        }
      });
    } catch (err) {
      failure = err;
      entry.resume();
    }
  });
  // An entry node-tar skips (a type it does not know, such as a GNU sparse or volume entry, or an
  // extended header over its size cap): GNU tar may still extract it as a file, so what other tools
  // show would differ from what is reviewed. Refused, never silently dropped.
  parser.on('ignoredEntry', (entry: ReadEntry) => {
    failure ??= new SkillpinError('ESANDBOX', `${skill}: archive entry ${JSON.stringify(entry.path)} is a ${describeType(String(entry.type))} that cannot be read as a file or folder`, {
      skill,
      entry: entry.path,
      entryType: entry.type,
      hint: 'Other tools may extract it differently from what skillpin would review; the archive was refused and nothing was written.',
    });
  });
  parser.on('error', (err: Error) => {
    failure ??= err;
  });
  parser.on('warn', (code: string, message: string) => {
    // strict mode turns most warnings into errors; the rest still mean a malformed archive.
    failure ??= new SkillpinError('ESANDBOX', `${skill}: malformed tarball (${code}: ${message})`, { skill });
  });
  parser.end(tarBytes);
  if (failure) {
    if (failure instanceof SkillpinError) throw failure;
    throw new SkillpinError('ESANDBOX', `${skill}: the tarball cannot be read (${(failure as Error).message})`, {
      skill,
      hint: 'The download is corrupt or hostile; nothing was written.',
    });
  }
  const backing = tarBytes.byteOffset === 0 && tarBytes.buffer.byteLength === tarBytes.byteLength ? (tarBytes.buffer as ArrayBuffer) : null;
  const entries = collector.finish();
  refuseGitDirShape(entries, skill);
  return { entries, backing, dropped: dropped.sort() };
}

function describeType(type: string): string {
  switch (type) {
    case 'SymbolicLink':
      return 'symbolic link';
    case 'Link':
      return 'hard link';
    case 'CharacterDevice':
      return 'character device';
    case 'BlockDevice':
      return 'block device';
    case 'FIFO':
      return 'FIFO';
    default:
      return `${type} entry`;
  }
}

function refuseRootEntry(raw: string, skill: string): never {
  throw new SkillpinError('ESANDBOX', `${skill}: archive entry ${JSON.stringify(raw)} is not inside the package folder`, {
    skill,
    entry: raw,
    hint: 'A package tarball holds everything under one top folder (package/); nothing was written.',
  });
}

/**
 * npm tarballs hold everything under one top folder (`package/`); strip it as npm does.
 * Returns null for the top folder itself.
 */
function stripTopFolder(raw: string, skill: string): string | null {
  // Refuse hostile names before stripping, so `/etc/x` or `../x` is never "repaired".
  if (raw.startsWith('/') || raw.includes('\\') || raw.includes('\0')) {
    throw new SkillpinError('ESANDBOX', `${skill}: archive entry ${JSON.stringify(raw)} refused: absolute path, backslash or NUL`, {
      skill,
      entry: raw,
      hint: 'The archive is hostile; nothing was written.',
    });
  }
  const trimmed = raw.endsWith('/') ? raw.slice(0, -1) : raw;
  const slash = trimmed.indexOf('/');
  if (slash < 0) {
    if (trimmed === '..' || trimmed === '.' || trimmed === '') refuseRootEntry(raw, skill);
    return null;
  }
  const top = trimmed.slice(0, slash);
  if (top === '..' || top === '.' || top === '') refuseRootEntry(raw, skill);
  return trimmed.slice(slash + 1);
}
