// Content-addressed store of verified attestations documents, outside the sandbox:
// `<workspace>/.clawhub/attestations/<hex sha512 of the tarball>.json`. `skill verify` and
// `install --frozen` re-run the same verification from it without the registry.

import { lstatSync } from 'node:fs';
import path from 'node:path';
import { jsonSyntaxText, SkillpinError } from '../errors.js';
import { entryKind, makeDirsSync, readRegularFileSync, writeFileAtomic } from '../fsutil/index.js';
import { sha512Digests } from '../integrity/index.js';
import { MAX_DOCUMENT_BYTES } from '../source/types.js';

function digestOf(integrity: string): string {
  const hex = sha512Digests(integrity)[0];
  if (!hex) {
    throw new SkillpinError('EINTEGRITY', `Integrity "${integrity}" has no sha512; attestations are stored by the tarball's sha512.`, { hint: 'Re-lock the skill so its integrity is sha512.' });
  }
  return hex;
}

export function attestationsPath(workspace: string, integrity: string): string {
  return path.join(workspace, '.clawhub', 'attestations', `${digestOf(integrity)}.json`);
}

/**
 * Throws ELOCKFILE unless `.clawhub/attestations` of `workspace` is missing or a real folder. The
 * store writes content-addressed files in it: through a committed link (to /tmp, to the home
 * folder) they landed where it led. Asked by add and update before the review (nothing fetched or
 * written for a store that cannot be written), and again here before each write. Reading follows
 * a link (verify, install --frozen): a stored document counts only once its signature and digest
 * verify, wherever it was read from.
 */
export function assertAttestationsStore(workspace: string): void {
  const dir = path.join(workspace, '.clawhub', 'attestations');
  let st;
  try {
    st = lstatSync(dir, { throwIfNoEntry: false });
  } catch {
    // Below a file: the write names it.
    return;
  }
  if (st === undefined || st.isDirectory()) return;
  const what = entryKind(st);
  throw new SkillpinError('ELOCKFILE', `${dir} is ${what}, not the folder skillpin stores verified attestations in: refusing to write them through it`, {
    file: dir,
    hint: `Nothing was changed. Make it a real folder: rm ${dir}${st.isSymbolicLink() ? ' (which removes the link, not what it leads to)' : ''}, then run the command again; \`skill install\` fetches the attestations it needs again.`,
  });
}

/** Write the attestations document atomically (temp file + rename); returns its path. */
export async function storeAttestations(workspace: string, integrity: string, doc: unknown): Promise<string> {
  const file = attestationsPath(workspace, integrity);
  const dir = path.dirname(file);
  // Checked before the folder is made (a recursive mkdir made a folder where a dangling link led),
  // made one folder at a time (a recursive mkdir spun without end under /proc), checked again.
  assertAttestationsStore(workspace);
  makeDirsSync(dir);
  assertAttestationsStore(workspace);
  // Whatever else stands at the document's name (a link, a FIFO) is replaced by the rename; a
  // folder cannot be, and failed as a bare EISDIR naming the temp file.
  if (lstatSync(file, { throwIfNoEntry: false })?.isDirectory() === true) {
    throw new SkillpinError('ELOCKFILE', `${file} is a folder, not a stored attestations document: refusing to store the attestations of this version`, {
      file,
      hint: `Nothing was changed. Remove it (rm -r ${file}), then run the command again.`,
    });
  }
  // writeFileAtomic: a Ctrl-C removes its temp file, a full disk's error names the file (it said
  // only "write failed: ENOSPC"), and the rename is made durable. A temp file a SIGKILL leaves in
  // .clawhub/attestations is swept by the next mutating run (sweepStale); before, one stayed there,
  // beside files that are committed.
  await writeFileAtomic(file, JSON.stringify(doc, null, 2) + '\n', 0o644);
  return file;
}

/** A stored attestations document as read: its path and bytes (decoded only when parsed). */
export interface StoredAttestations {
  file: string;
  bytes: Buffer;
}

/** The stored attestations document's bytes and path, or null when none was stored. */
export function readStoredAttestations(workspace: string, integrity: string): StoredAttestations | null {
  const file = attestationsPath(workspace, integrity);
  // Synchronous: ~10 KB, read once per locked skill by verify and install. Bytes, not text: a
  // verdict-cache hit needs only their hash, and decoding 1,000 documents to hash them again as
  // UTF-8 cost a third of verify's provenance re-checks. Checked on the descriptor, as the lock is:
  // the store sits in the repository's .clawhub, where a committed link to a FIFO or to /dev/zero
  // would hold this read (and the signal handlers with it) without end. A link to a regular file
  // is followed, as before.
  const read = readRegularFileSync(file, MAX_DOCUMENT_BYTES, { follow: true });
  if (Buffer.isBuffer(read)) return { file, bytes: read };
  if ('missing' in read) return null;
  throw new SkillpinError('EPROVENANCE', `The stored attestations ${file} are not a regular file of at most ${MAX_DOCUMENT_BYTES} bytes (the cap one is downloaded with; a real one is about 10 KB): ${read.problem}.`, {
    hint: `Delete ${file} and run \`skill install\` against the registry to fetch them again.`,
    file,
  });
}

/** Parse a stored attestations document; EPROVENANCE naming the file when it is not JSON. */
export function parseStoredAttestations(stored: StoredAttestations): unknown {
  try {
    return JSON.parse(stored.bytes.toString('utf8')) as unknown;
  } catch (err) {
    throw new SkillpinError('EPROVENANCE', `The stored attestations ${stored.file} are not valid JSON: ${jsonSyntaxText(err)}.`, {
      hint: `Delete ${stored.file} and run \`skill install\` against the registry to fetch them again.`,
      file: stored.file,
    });
  }
}
