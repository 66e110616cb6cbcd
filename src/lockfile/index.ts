// `.clawhub/lock.json` (DESIGN §3.4): read and validate at the boundary, write atomically with
// sorted keys, and keep every field skillpin does not own (the clawhub CLI's, OpenClaw's).

import ssri from 'ssri';
import { jsonSyntaxText, SkillpinError } from '../errors.js';
import { readRegularText, stableJson, writeFileAtomic } from '../fsutil/index.js';
import { foldKey } from '../sandbox/paths.js';
import { isExactVersion } from '../spec/index.js';
import { testPoint } from '../testhooks.js';
import { hasUnprintable, oneLine, withoutCredentials } from '../ui/index.js';

export interface LockedProvenance {
  predicateType: string;
  issuer: string;
  identity: string;
  repository: string;
  commit: string;
  workflow?: string;
  ref?: string;
  repositoryId?: string;
  ownerId?: string;
  runnerEnvironment?: string;
  trigger?: string;
  logIndex: number;
  [key: string]: unknown;
}

export interface LockedCapabilities {
  tools: string[];
  bins: string[];
  env: string[];
  install?: string[];
  always?: boolean;
  [key: string]: unknown;
}

export interface LockEntry {
  version?: string | null;
  installedAt?: number;
  registry?: string;
  resolved?: string;
  integrity?: string;
  files?: Record<string, string>;
  provenance?: LockedProvenance | null;
  /** The registry signed this version (npm `dist.signatures`, verified): losing it on update is a downgrade. */
  registrySigned?: boolean;
  capabilities?: LockedCapabilities;
  /** Absent for npm-registry entries; `file` or `clawhub` otherwise. */
  source?: string;
  ownerHandle?: string;
  /** Rules a person accepted with `--accept-risk`, with the time they did. */
  acceptedRisks?: Array<{ rule: string; at: string }>;
  /** Provenance changes a person accepted on update. */
  acceptedChanges?: Array<{ kind: string; at: string; from?: unknown; to?: unknown }>;
  [key: string]: unknown;
}

export interface Lockfile {
  version: 1;
  skills: Record<string, LockEntry>;
  [key: string]: unknown;
}

export interface LoadedLock {
  lock: Lockfile;
  /** False when no lock file existed yet. */
  exists: boolean;
  path: string;
  /**
   * The file's text as this run last read or wrote it (null: there was none): what saveLock
   * compares the file with, to find a change another tool (the clawhub CLI, OpenClaw) made since.
   */
  text?: string | null;
}

function invalid(path: string, why: string, cause?: unknown, hint?: string): never {
  throw new SkillpinError(
    'ELOCKFILE',
    `${path} is not a valid lock file: ${why}`,
    {
      file: path,
      hint: hint ?? 'The lock was left untouched. Restore it from version control (git checkout -- .clawhub/lock.json), or fix what the message names.',
    },
    { cause },
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validate a parsed lock document; throws ELOCKFILE naming the first bad field. */
export function validateLock(doc: unknown, path = 'lock.json'): Lockfile {
  if (!isObject(doc)) invalid(path, 'the top level must be a JSON object');
  if (doc.version !== 1) invalid(path, `"version" must be 1, found ${JSON.stringify(doc.version)}`);
  if (!isObject(doc.skills)) invalid(path, '"skills" must be an object');
  for (const [name, entry] of Object.entries(doc.skills)) {
    const where = `skills[${JSON.stringify(name)}]`;
    if (!isObject(entry)) invalid(path, `${where} must be an object`);
    if (name.length === 0) invalid(path, 'a skill key is empty');
    // No source names a skill with a control, format or line-break character, and every command
    // prints the key: with a newline in it `skill list` showed a row of the key's own text (a
    // pinned, installed skill with provenance) and exited 0.
    if (hasUnprintable(name)) invalid(path, `the skill key ${JSON.stringify(oneLine(name))} holds a control, format or line-break character, which no skill name has`, undefined, 'The lock was left untouched. The entry was written by hand: restore the lock from version control (git checkout -- .clawhub/lock.json), or delete that entry from it.');
    if (entry.version !== undefined && entry.version !== null && typeof entry.version !== 'string') invalid(path, `${where}.version must be a string`);
    if (entry.installedAt !== undefined && typeof entry.installedAt !== 'number') invalid(path, `${where}.installedAt must be a number`);
    for (const key of ['registry', 'resolved', 'integrity', 'source', 'ownerHandle'] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') invalid(path, `${where}.${key} must be a string`);
    }
    if (entry.files !== undefined) {
      if (!isObject(entry.files) || !Object.values(entry.files).every((v) => typeof v === 'string')) {
        invalid(path, `${where}.files must map file paths to sha512 integrity strings`);
      }
    }
    // A registry entry's URLs are fetched from (a local tarball's entry records its path there).
    if (lockedSourceOf(entry as LockEntry) !== 'file') {
      for (const key of ['registry', 'resolved'] as const) {
        if (entry[key] === undefined) continue;
        const url = entry[key] as string;
        const problem = urlProblem(url);
        if (problem === 'not-http') invalid(path, `${where}.${key} must be an http(s) URL, found ${JSON.stringify(withoutCredentials(url))}`);
        if (problem === 'credentials') {
          invalid(path, `${where}.${key} is a URL with credentials (${JSON.stringify(withoutCredentials(url))}): a password in a file that is committed`, undefined, `Take the user name and password out of that URL in ${path} (skillpin sends a registry token from SKILL_REGISTRY_TOKEN instead), and change the password if the lock was ever committed or shared. An older skillpin wrote the registry as given with --registry.`);
        }
      }
    }
    if (entry.provenance !== undefined && entry.provenance !== null) {
      const p = entry.provenance;
      if (!isObject(p) || typeof p.issuer !== 'string' || typeof p.repository !== 'string') {
        invalid(path, `${where}.provenance must be null or an object with issuer and repository`);
      }
      for (const key of PROVENANCE_STRINGS) {
        if (p[key] !== undefined && typeof p[key] !== 'string') invalid(path, `${where}.provenance.${key} must be a string`);
      }
      if (p.logIndex !== undefined && typeof p.logIndex !== 'number') invalid(path, `${where}.provenance.logIndex must be a number`);
    }
    if (entry.capabilities !== undefined) {
      const c = entry.capabilities;
      if (!isObject(c)) invalid(path, `${where}.capabilities must be an object`);
      for (const key of CAPABILITY_LISTS) {
        if (c[key] !== undefined && !isStringList(c[key])) invalid(path, `${where}.capabilities.${key} must be a list of strings`);
      }
      for (const key of ['always', 'hiddenFromModel'] as const) {
        if (c[key] !== undefined && typeof c[key] !== 'boolean') invalid(path, `${where}.capabilities.${key} must be true or false`);
      }
      if (c.commandTool !== undefined && typeof c.commandTool !== 'string') invalid(path, `${where}.capabilities.commandTool must be a string`);
    }
    if (entry.registrySigned !== undefined && typeof entry.registrySigned !== 'boolean') invalid(path, `${where}.registrySigned must be true or false`);
    if (entry.acceptedRisks !== undefined) {
      if (!Array.isArray(entry.acceptedRisks) || !entry.acceptedRisks.every((a) => isObject(a) && typeof a.rule === 'string' && (a.at === undefined || typeof a.at === 'string'))) {
        invalid(path, `${where}.acceptedRisks must be a list of {"rule": "...", "at": "..."}`);
      }
    }
    if (entry.acceptedChanges !== undefined) {
      if (!Array.isArray(entry.acceptedChanges) || !entry.acceptedChanges.every((a) => isObject(a) && typeof a.kind === 'string')) {
        invalid(path, `${where}.acceptedChanges must be a list of {"kind": "...", ...}`);
      }
    }
  }
  return doc as Lockfile;
}

/** The provenance fields skillpin records as text (logIndex is a number). */
const PROVENANCE_STRINGS = ['predicateType', 'issuer', 'identity', 'repository', 'commit', 'workflow', 'ref', 'repositoryId', 'ownerId', 'runnerEnvironment', 'trigger'] as const;

/** The capability fields skillpin records as lists of names. */
const CAPABILITY_LISTS = ['tools', 'bins', 'env', 'install', 'config', 'os', 'unknownTools'] as const;

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** What is wrong with `v` as a lock entry's URL (one parse: verify reads every entry's two). */
function urlProblem(v: string): 'not-http' | 'credentials' | null {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'not-http';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'not-http';
  return u.username !== '' || u.password !== '' ? 'credentials' : null;
}

/** Parse lock text. Never returns an empty lock for unreadable content. */
export function parseLock(text: string, path = 'lock.json'): Lockfile {
  // Refused, not stripped as the config's is: the clawhub CLI and OpenClaw read this file with
  // JSON.parse too, which refuses it, so a lock that passed here would be one they cannot read.
  if (text.charCodeAt(0) === 0xfeff) invalid(path, 'it starts with a UTF-8 byte order mark (U+FEFF), which JSON does not allow: save it as UTF-8 without a BOM');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // Two branches that each added or updated a skill: git leaves both sides in the file.
    const marker = text.split('\n').findIndex((line) => /^(<<<<<<<|=======|>>>>>>>)( |\r?$)/.test(line));
    if (marker >= 0) {
      invalid(path, `it holds a git merge-conflict marker (line ${marker + 1})`, err,
        'Resolve the conflict by hand, keeping each skill either side added and, for a skill both sides changed, the whole entry of the version you mean (an entry mixed from two versions fails its hash checks); then run `skill install` and `skill verify`, which check every entry against its tarball. The lock was left untouched.');
    }
    invalid(path, `it does not parse as JSON (${jsonSyntaxText(err)})`, err);
  }
  const lock = validateLock(doc, path);
  // Skill names are looked up as keys, often names a person typed: without a prototype,
  // `skills.constructor` is a locked skill only when the lock has one of that name. (Here, where
  // the document is made, not in validateLock, which also checks locks that callers hold.)
  lock.skills = Object.assign(Object.create(null) as Record<string, LockEntry>, lock.skills);
  return lock;
}

export function emptyLock(): Lockfile {
  return { version: 1, skills: Object.create(null) as Record<string, LockEntry> };
}

/** Read the lock: a missing file is an empty lock; anything unreadable is ELOCKFILE. */
export async function readLock(path: string): Promise<LoadedLock> {
  let text: string;
  try {
    text = await readRegularText(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { lock: emptyLock(), exists: false, path, text: null };
    if (code === 'ENOTREG') invalid(path, `it is ${(err as Error).message}`, err);
    invalid(path, `it cannot be read (${(err as Error).message})`, err);
  }
  return { lock: parseLock(text, path), exists: true, path, text };
}

export function serializeLock(lock: Lockfile): string {
  return stableJson(lock);
}

/** Write the lock atomically (temp + rename), keys sorted, two-space JSON, trailing newline. */
export async function writeLock(path: string, lock: Lockfile): Promise<void> {
  validateLock(lock, path);
  await writeFileAtomic(path, serializeLock(lock), undefined, { beforeRename: () => testPoint('mid-lock-write') });
}

/**
 * Write this run's changes to the lock it read (`loaded`), keeping any change another tool made to
 * the file since. The clawhub CLI and OpenClaw write `.clawhub/lock.json` without skillpin's mutex:
 * one that pinned or removed a skill while this run waited at a review prompt or downloaded lost
 * that change when this run wrote the lock it had read at its start. So the file is read again
 * first: when it changed, every skill (and top-level field) that only the other tool changed is
 * taken from it, every one that only this run changed from this run, and one both changed
 * differently is ELOCKFILE naming it, the file left as the other tool wrote it. (A write in the
 * moments between this read and the rename is still lost: the other tools take no lock.)
 */
export async function saveLock(loaded: LoadedLock): Promise<void> {
  const { path } = loaded;
  if (loaded.text !== undefined) {
    let onDisk: string | null;
    try {
      onDisk = await readRegularText(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') invalid(path, code === 'ENOTREG' ? `it is ${(err as Error).message}` : `it cannot be read (${(err as Error).message})`, err);
      onDisk = null;
    }
    if (onDisk !== loaded.text) mergeLockChanges(loaded, onDisk);
  }
  await writeLock(path, loaded.lock);
  loaded.exists = true;
  loaded.text = serializeLock(loaded.lock);
}

/** Fold the other tool's changes (`onDisk`, against `loaded.text`) into `loaded.lock`, in place. */
function mergeLockChanges(loaded: LoadedLock, onDisk: string | null): void {
  const { path } = loaded;
  if (onDisk === null) {
    throw new SkillpinError('ELOCKFILE', `${path} was deleted while this run was working: skillpin does not write a lock another tool took away`, {
      file: path,
      hint: 'The sandbox was left as it was before this run. If the lock was deleted on purpose, run `skill install` to make the sandbox match; otherwise restore it (git checkout -- .clawhub/lock.json) and run the command again.',
    });
  }
  const base = loaded.text === null || loaded.text === undefined ? emptyLock() : parseLock(loaded.text, path);
  const theirs = parseLock(onDisk, path);
  const ours = loaded.lock;
  const same = (a: unknown, b: unknown) => stableJson(a ?? null) === stableJson(b ?? null);
  const conflicts: string[] = [];
  const merge = (b: Record<string, unknown>, o: Record<string, unknown>, t: Record<string, unknown>, skip?: string) => {
    const taken: Array<() => void> = [];
    for (const key of new Set([...Object.keys(b), ...Object.keys(o), ...Object.keys(t)])) {
      if (key === skip) continue;
      const bv = Object.hasOwn(b, key) ? b[key] : undefined;
      const ov = Object.hasOwn(o, key) ? o[key] : undefined;
      const tv = Object.hasOwn(t, key) ? t[key] : undefined;
      if (same(ov, bv)) {
        if (!same(tv, bv)) taken.push(() => (tv === undefined ? delete o[key] : Object.defineProperty(o, key, { value: tv, enumerable: true, writable: true, configurable: true })));
      } else if (!same(tv, bv) && !same(tv, ov)) {
        conflicts.push(key);
      }
    }
    return taken;
  };
  const taken = merge(base, ours, theirs, 'skills');
  // A top-level field both changed is no skill: named apart in the error's facts.
  const fields = conflicts.splice(0);
  taken.push(...merge(base.skills, ours.skills, theirs.skills));
  if (conflicts.length > 0 || fields.length > 0) {
    const named = [...fields.map((f) => `the field ${JSON.stringify(f)}`), ...conflicts.map((c) => JSON.stringify(c))];
    throw new SkillpinError('ELOCKFILE', `${path} was changed by another tool while this run was working, and both changed ${named.join(', ')}: skillpin does not overwrite that change`, {
      file: path,
      skills: conflicts,
      ...(fields.length > 0 ? { fields } : {}),
      hint: 'The lock was left as the other tool wrote it, and the sandbox as it was before this run. Check what the other tool (the clawhub CLI, OpenClaw) did, then run the command again.',
    });
  }
  for (const take of taken) take();
  loaded.text = onDisk;
}

export type PinProblem = 'version' | 'integrity' | 'files';

/** Why an entry is not an exact pin (empty when it is one). */
export function pinProblems(entry: LockEntry): PinProblem[] {
  const problems: PinProblem[] = [];
  if (!isExactVersion(entry.version ?? undefined)) problems.push('version');
  const sri = typeof entry.integrity === 'string' ? ssri.parse(entry.integrity) : null;
  // A sha512 digest is 64 bytes: `sha512-Bw==` parses, but pins nothing (it was counted as a pin,
  // and install --frozen then failed on the download cache's answer instead of on the lock).
  if (!sri || !sri.sha512 || sri.sha512.length === 0 || !sri.sha512.every((h) => Buffer.from(h.digest, 'base64').length === 64)) problems.push('integrity');
  if (!isObject(entry.files) || Object.keys(entry.files).length === 0) problems.push('files');
  return problems;
}

export function isPinned(entry: LockEntry): boolean {
  return pinProblems(entry).length === 0;
}

/**
 * Lock names whose sandbox folders are one folder on a case-insensitive or normalising file system
 * (`DEMO` and `demo`), or one string (`@acme/x` and a local tarball named `acme+x`): each pair as
 * [the first name in sorted order, the other]. Names that make no folder are skipped.
 */
export function folderClashes(names: string[]): Array<[string, string]> {
  const owners = new Map<string, string>();
  const out: Array<[string, string]> = [];
  for (const name of [...names].sort()) {
    const key = folderKey(name);
    if (key === null) continue;
    const owner = owners.get(key);
    if (owner === undefined) owners.set(key, name);
    else out.push([owner, name]);
  }
  return out;
}

/**
 * A skill's sandbox folder folded as archive names are (foldKey): equal for two names that share a
 * folder on some file system. Null for a name no folder can be made of.
 */
export function folderKey(name: string): string | null {
  try {
    return foldKey(skillFolderName(name));
  } catch {
    return null;
  }
}

/** "a and b both map to …": the clash folderClashes found, in words. */
export function folderClashText(a: string, b: string): string {
  const fa = skillFolderName(a);
  const fb = skillFolderName(b);
  return `${a} and ${b} both map to the sandbox folder ${fa}${fa === fb ? '' : ` (${fb} is the same folder where case or Unicode form is folded)`}`;
}

/**
 * Which source a lock entry came from. skillpin records `source` for every non-npm entry and an
 * integrity for every npm one, so an entry with neither was written by the clawhub CLI or OpenClaw
 * (their locks hold only ClawHub skills).
 */
export function lockedSourceOf(entry: LockEntry): string {
  if (typeof entry.source === 'string' && entry.source.length > 0) return entry.source;
  return typeof entry.integrity === 'string' && entry.integrity.length > 0 ? 'npm' : 'clawhub';
}

/**
 * True for the clawhub CLI's owner-qualified entry: key `@owner/slug`, a ClawHub entry, installed
 * by that CLI into `<sandbox>/@owner/<slug>` (skillpin keys ClawHub entries by the bare slug).
 */
export function isOwnerQualifiedKey(name: string, entry: LockEntry): boolean {
  return name.startsWith('@') && lockedSourceOf(entry) === 'clawhub';
}

/**
 * The sandbox folder a lock entry's skill is installed in, relative to the sandbox root:
 * `skillFolderName`, except `@owner/<slug>` for the clawhub CLI's owner-qualified entries. Throws
 * EUSAGE for a name that cannot be a folder.
 */
export function installedFolderOf(name: string, entry: LockEntry): string {
  if (!isOwnerQualifiedKey(name, entry)) return skillFolderName(name);
  const parts = name.split('/');
  // Two plain segments: `@x/..` or `@x/y/z` must not reach outside `@x`.
  if (parts.length !== 2 || (parts[0] as string).length < 2 || /[\\\0]/.test(parts[0] as string)) {
    throw new SkillpinError('EUSAGE', `skill name ${JSON.stringify(name)} cannot be a sandbox folder`, { skill: name });
  }
  skillFolderName(parts[1] as string);
  return name;
}

/** The sandbox folder for a skill: one path segment, collision-free for scoped names. */
export function skillFolderName(name: string): string {
  // `+` is not allowed in npm package names or ClawHub slugs, so `@scope/x` -> `scope+x` cannot
  // collide with any unscoped name.
  const folder = name.startsWith('@') ? name.slice(1).replace('/', '+') : name;
  if (folder.length === 0 || folder === '.' || folder === '..' || /[/\\\0]/.test(folder) || folder.startsWith('.')) {
    throw new SkillpinError('EUSAGE', `skill name ${JSON.stringify(name)} cannot be a sandbox folder`, { skill: name });
  }
  return folder;
}
