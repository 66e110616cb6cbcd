// Path rules of DESIGN §3.7 for every archive entry name, shared by the tar and zip readers.
// A name is refused, never repaired: no silent skipping of a hostile entry.

import { SkillpinError } from '../errors.js';

function refused(raw: string, why: string, skill: string | undefined): SkillpinError {
  return new SkillpinError('ESANDBOX', `archive entry ${JSON.stringify(raw)} refused: ${why}`, {
    skill,
    entry: raw,
    hint: 'The archive is malformed or hostile; nothing was written. Do not install it.',
  });
}

// C0 and C1 controls, DEL, and the bidi controls that make a name display as another.
const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const DRIVE = /^[a-zA-Z]:/;
/** The longest file or folder name, in bytes of UTF-8, that the file systems skills land on hold. */
const NAME_MAX = 255;

/**
 * Check one archive entry name (already stripped of the archive prefix) and return it normalised
 * (trailing slash removed). Throws ESANDBOX for absolute paths, `..`, backslashes, NUL, empty or
 * `.` segments, drive letters, control and bidi characters, and a segment longer than a file system
 * holds. Runs for every entry two or three times an install (unpack, file map, write): the segments
 * are read in place, not split into an array.
 */
export function checkEntryPath(raw: string, skill?: string): string {
  if (raw.length === 0) throw refused(raw, 'empty name', skill);
  if (raw.includes('\0')) throw refused(raw, 'NUL byte in name', skill);
  if (raw.includes('\\')) throw refused(raw, 'backslash in name', skill);
  if (CONTROL.test(raw)) throw refused(raw, 'control character in name', skill);
  if (raw.charCodeAt(0) === 0x2f) throw refused(raw, 'absolute path', skill);
  if (DRIVE.test(raw)) throw refused(raw, 'drive-letter path', skill);
  const trimmed = raw.endsWith('/') ? raw.slice(0, -1) : raw;
  // The longest segment, in UTF-16 units: one of at most 85 is at most 255 bytes of UTF-8.
  let longest = 0;
  // Each segment in order, as trimmed.split('/') would give them.
  for (let start = 0; ; ) {
    const slash = trimmed.indexOf('/', start);
    const end = slash === -1 ? trimmed.length : slash;
    const length = end - start;
    if (length > longest) longest = length;
    if (length === 0 || (length === 1 && trimmed.charCodeAt(start) === 0x2e)) throw refused(raw, 'empty or "." path segment', skill);
    if (length === 2 && trimmed.charCodeAt(start) === 0x2e && trimmed.charCodeAt(start + 1) === 0x2e) throw refused(raw, 'parent-folder segment "..".', skill);
    if (slash === -1) break;
    start = slash + 1;
  }
  if (trimmed.length > 1024) throw refused(raw, 'path longer than 1024 characters', skill);
  // A segment no file system holds (ext4, XFS, btrfs and APFS stop at 255 bytes) passed the review
  // and failed only where it was written, after the person said yes, as EFS ENAMETOOLONG "retry".
  if (longest > 85 && trimmed.split('/').some((segment) => Buffer.byteLength(segment) > NAME_MAX)) throw refused(raw, `a file or folder name longer than ${NAME_MAX} bytes`, skill);
  return trimmed;
}

/**
 * Key used to detect names that collide on case-insensitive or normalising file systems. Upper then
 * lower case folds what lower case alone keeps apart: `ſ` and `s`, `ς` and `σ`, `ß` and `ss`,
 * `ı` and `i`. It may join names a given file system keeps apart; that refuses a rare name, never
 * lets two files become one.
 */
export function foldKey(path: string): string {
  return path.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

/** Top-level folders where the clawhub CLI and OpenClaw keep a skill's install metadata (`origin.json`). */
export const METADATA_DIRS: readonly string[] = ['.clawhub', '.clawdhub'];
const FOLDED_METADATA_DIRS = new Set(METADATA_DIRS.map((d) => foldKey(d)));

/**
 * True for an archive entry under a top-level install-metadata folder (`.clawhub/`, `.clawdhub/`,
 * in any letter case: on a case-insensitive file system `.ClawHub/origin.json` is the file OpenClaw
 * reads). A registry archive's such entries are dropped, never installed, and the review lists them
 * (see refuseMetadataEntry for why they are never a skill's content).
 */
export function isMetadataEntry(path: string): boolean {
  // Called for every entry of every archive: most names do not start with a dot, and no folding
  // makes a dot of another character.
  if (path.charCodeAt(0) !== 46) return false;
  const slash = path.indexOf('/');
  return FOLDED_METADATA_DIRS.has(foldKey(slash < 0 ? path : path.slice(0, slash)));
}

/** A package's install metadata is dropped from this many entries on: past it, the archive is refused. */
export function refuseManyDropped(count: number, maxFiles: number, skill: string): void {
  if (count <= maxFiles) return;
  throw new SkillpinError('ESANDBOX', `${skill}: more than ${maxFiles} entries under .clawhub/ or .clawdhub/ (limit maxFiles)`, {
    skill,
    hint: 'Nothing was written. Install metadata is a file or two; this archive is not a skill package.',
  });
}

/**
 * Refuse an archive entry under a top-level install-metadata folder (a tree-cache pack, which is
 * written without them, never holds one). OpenClaw and the clawhub CLI
 * read `<skill>/.clawhub/origin.json` to decide where a skill was installed from and whether
 * `openclaw skills update` may replace it from ClawHub: a package's own copy could claim an origin
 * for a skill skillpin pinned from elsewhere. (OpenClaw's tree digest leaves these folders out and
 * its git and folder installs delete them: they are never the skill's content.)
 */
export function refuseMetadataEntry(path: string, skill: string | undefined): void {
  // Called for every entry of every archive: most names do not start with a dot, and no folding
  // makes a dot of another character.
  if (path.charCodeAt(0) !== 46) return;
  const slash = path.indexOf('/');
  const first = slash < 0 ? path : path.slice(0, slash);
  // In any letter case: on a case-insensitive file system `.ClawHub/origin.json` is the file OpenClaw reads.
  if (!FOLDED_METADATA_DIRS.has(foldKey(first))) return;
  throw new SkillpinError('ESANDBOX', `${skill === undefined ? '' : `${skill}: `}archive entry ${JSON.stringify(path)} refused: ${first}/ is where the clawhub CLI and OpenClaw keep a skill's install metadata (origin.json), and a package's own copy could claim another origin for the installed skill`, {
    skill,
    entry: path,
    hint: 'Nothing was written. A publisher who packs an installed copy of a skill ships these folders by mistake: ask them to publish again without .clawhub/ and .clawdhub/.',
  });
}

/** Characters file systems drop from names (HFS+ ignores them; git guards them as core.protectHFS does). */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * True for a name segment that a file system or git reads as `.git`: in any letter case, with
 * ignorable characters (`.g\u200cit`, HFS+) or trailing dots and spaces (`.git.`, NTFS) removed.
 */
function isGitSegment(segment: string): boolean {
  if (segment.length < 4) return false;
  const bare = segment.replace(IGNORABLE, '').replace(/[. ]+$/, '');
  return bare.length === 4 && foldKey(bare) === '.git';
}

/**
 * Refuse an archive entry that would make a skill folder, or a folder in it, a git repository:
 * a `.git` file or folder at any depth. git finds it from any folder below (a shell prompt, an
 * editor, the agent running `git status` there) and runs what its config names (`core.fsmonitor`,
 * `core.pager`, hooks) outside any agent sandbox. No published skill needs one (`npm pack` and
 * ClawHub leave `.git` out).
 */
export function refuseGitEntry(path: string, skill?: string): void {
  if (!path.includes('.')) return;
  for (const segment of path.split('/')) if (isGitSegment(segment)) throw refused(path, `a ${JSON.stringify(segment)} segment: a skill folder must not hold a git repository, whose config git runs commands from`, skill);
}

/**
 * Refuse a set of entries in which some folder (the skill's own included) has the shape git takes
 * for a bare repository: a `HEAD` file beside `objects/` and `refs/` folders, or beside a
 * `commondir` file (which points git at them elsewhere). git discovers one
 * from any folder below it, as it does `.git`, and reads its `config`.
 */
export function refuseGitDirShape(entries: ReadonlyArray<{ path: string; type: string }>, skill?: string): void {
  const heads: string[] = [];
  // Folders holding a `commondir` file: git reads objects/ and refs/ from the folder it names (a
  // linked worktree's), so `x/HEAD` with `x/commondir` saying `..` is a repository whose config
  // is the skill folder's.
  const commondirs = new Set<string>();
  for (const e of entries) {
    if (e.type !== 'file') continue;
    const m = /(?:^|\/)(head|commondir)$/i.exec(e.path);
    if (m === null) continue;
    const dir = e.path.slice(0, Math.max(0, e.path.length - (m[1] as string).length - 1));
    if ((m[1] as string).length === 4) heads.push(dir);
    else commondirs.add(foldKey(dir));
  }
  if (heads.length === 0) return;
  for (const dir of heads) {
    if (commondirs.has(foldKey(dir))) {
      throw refused(dir ? `${dir}/HEAD` : 'HEAD', `${dir ? `the folder ${JSON.stringify(dir)}` : 'the skill folder'} would be a git repository (HEAD beside a commondir file naming where its objects/ and refs/ are), whose config git runs commands from`, skill);
    }
  }
  // Every folder an entry implies, folded: objects/ and refs/ need only hold something.
  const folders = new Set<string>();
  for (const e of entries) {
    for (let s = e.path.indexOf('/'); s >= 0; s = e.path.indexOf('/', s + 1)) folders.add(foldKey(e.path.slice(0, s)));
    if (e.type === 'directory') folders.add(foldKey(e.path));
  }
  for (const dir of heads) {
    const prefix = dir ? `${foldKey(dir)}/` : '';
    if (folders.has(`${prefix}objects`) && folders.has(`${prefix}refs`)) {
      throw refused(dir ? `${dir}/HEAD` : 'HEAD', `${dir ? `the folder ${JSON.stringify(dir)}` : 'the skill folder'} would be a bare git repository (HEAD beside objects/ and refs/), whose config git runs commands from`, skill);
    }
  }
}
