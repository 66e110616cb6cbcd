// Path rules of DESIGN §3.7 for every archive entry name, shared by the tar and zip readers.
// A name is refused, never repaired: no silent skipping of a hostile entry.

import { SkillpinError } from '../errors.js';

/**
 * Check one archive entry name (already stripped of the archive prefix) and return it normalised
 * (trailing slash removed). Throws ESANDBOX for absolute paths, `..`, backslashes, NUL, empty or
 * `.` segments, drive letters and control characters.
 */
export function checkEntryPath(raw: string, skill?: string): string {
  const refuse = (why: string): never => {
    throw new SkillpinError('ESANDBOX', `archive entry ${JSON.stringify(raw)} refused: ${why}`, {
      skill,
      entry: raw,
      hint: 'The archive is malformed or hostile; nothing was written. Do not install it.',
    });
  };
  if (raw.length === 0) refuse('empty name');
  if (raw.includes('\0')) refuse('NUL byte in name');
  if (raw.includes('\\')) refuse('backslash in name');
  if (/[\x00-\x1f\x7f]/.test(raw)) refuse('control character in name');
  if (raw.startsWith('/')) refuse('absolute path');
  if (/^[a-zA-Z]:/.test(raw)) refuse('drive-letter path');
  const trimmed = raw.endsWith('/') ? raw.slice(0, -1) : raw;
  const segments = trimmed.split('/');
  for (const seg of segments) {
    if (seg === '..') refuse('parent-folder segment "..".');
    if (seg === '' || seg === '.') refuse('empty or "." path segment');
  }
  if (trimmed.length > 1024) refuse('path longer than 1024 characters');
  return trimmed;
}

/** Key used to detect names that collide on case-insensitive or normalising file systems. */
export function foldKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
