// The file part of an update review: which files were added, removed or changed between two
// versions, with sizes, `+N -M` line counts and unified diffs of text files. Pure: bytes in.

import { structuredPatch } from 'diff';
import { extensionOf, TEXT_EXTENSIONS } from '../scan/content.js';

export type FileMap = Map<string, { data: Buffer; mode: number }>;

export interface FileChange {
  path: string;
  /** Size in bytes before / after (null where the file does not exist on that side). */
  sizeBefore: number | null;
  sizeAfter: number | null;
  /** File modes as octal strings, when they differ or the file exists on one side only. */
  modeBefore: string | null;
  modeAfter: string | null;
  binary: boolean;
  /**
   * Shown as text although not clean UTF-8 (NUL or invalid bytes): a script with one stray byte
   * still runs, so its diff is shown, invalid bytes as `<0xNN>` (textOf) and NULs escaped by the terminal UI.
   */
  lossy?: true;
  /**
   * Binary in the locked version, text in the candidate (an image replaced by a script): its new text
   * is the diff, from nothing, since there are no old lines to compare it with.
   */
  wasBinary?: true;
  /** The bytes changed but no line differs as the text is shown (only possible for a lossy file). */
  bytesOnly?: true;
  /** Lines added / removed (0 for binary files). */
  added: number;
  removed: number;
  /** Unified diff (text files), possibly cut; null for binary files. */
  diff: string | null;
  /** Lines of the unified diff left out (0 when shown in full). */
  cutLines: number;
  /** Lines of the diff shown cut to MAX_DIFF_LINE characters (absent when none was). */
  clippedLines?: number;
  /**
   * A binary file's text (binaryText): the lines of it the other side does not hold, at most
   * MAX_BINARY_TEXT_LINES; absent when there are none. `stringsCut`: lines of it left out.
   */
  strings?: string[];
  stringsCut?: number;
}

export interface FileDelta {
  added: FileChange[];
  removed: FileChange[];
  changed: FileChange[];
  unchanged: number;
}

export interface DiffOptions {
  /** Show every line of every diff (`--full`). */
  full?: boolean;
  /** Lines of each diff shown without `full` (default 200). */
  maxLines?: number;
  /** Labels for the two sides in diff headers, e.g. the versions. */
  labels?: [string, string];
  /** The largest edit distance to look for in one file (default: editBudget of its size). */
  maxEdits?: number;
}

export const DEFAULT_DIFF_LINES = 200;

/**
 * Characters of one diff line shown without `full`: a minified file of megabytes is one line, tens
 * of thousands of terminal rows that push the rest of the review out of the scrollback.
 */
export const MAX_DIFF_LINE = 1000;

/** Lines of a binary file's text shown, and the characters of each. */
export const MAX_BINARY_TEXT_LINES = 20;
const MAX_BINARY_TEXT_LINE = 200;
/** The shortest run of text in a binary file that counts (random bytes seldom make one). */
const MIN_BINARY_TEXT_RUN = 16;

/**
 * The text a binary file holds, as `strings` finds it: each run of at least MIN_BINARY_TEXT_RUN
 * printable ASCII characters, tabs and line breaks, cut into its lines (trimmed, empty ones
 * dropped). A shell runs an image's bytes line by line, so a script appended to a real PNG (`sh
 * assets/logo.png`) runs though the review calls the file binary: its lines are shown.
 */
export function binaryText(data: Buffer): string[] {
  const out: string[] = [];
  let start = -1;
  const flush = (end: number) => {
    if (start >= 0 && end - start >= MIN_BINARY_TEXT_RUN) {
      for (const line of data.subarray(start, end).toString('latin1').split(/[\r\n]+/)) {
        const t = line.trim();
        if (t !== '') out.push(t);
      }
    }
    start = -1;
  };
  for (let i = 0; i < data.length; i++) {
    const b = data[i] as number;
    const text = b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f);
    if (text && start < 0) start = i;
    else if (!text) flush(i);
  }
  flush(data.length);
  return out;
}

/** The lines of `after`'s text that `before`'s does not hold, cut to the review's budget. */
function newBinaryText(before: Buffer | null, after: Buffer): Pick<FileChange, 'strings' | 'stringsCut'> {
  const old = new Set(before ? binaryText(before) : []);
  const lines = binaryText(after).filter((l) => !old.has(l));
  if (lines.length === 0) return {};
  const shown = lines.slice(0, MAX_BINARY_TEXT_LINES).map((l) => (l.length > MAX_BINARY_TEXT_LINE ? l.slice(0, MAX_BINARY_TEXT_LINE) : l));
  return { strings: shown, ...(lines.length > shown.length ? { stringsCut: lines.length - shown.length } : {}) };
}

/** Each line of `text` past MAX_DIFF_LINE characters cut there (never inside a surrogate pair), and how many were. */
function clipLongLines(text: string): { text: string; clipped: number } {
  let clipped = 0;
  const lines = text.split('\n').map((l) => {
    if (l.length <= MAX_DIFF_LINE) return l;
    clipped++;
    const end = /[\ud800-\udbff]/.test(l.charAt(MAX_DIFF_LINE - 1)) ? MAX_DIFF_LINE - 1 : MAX_DIFF_LINE;
    return l.slice(0, end);
  });
  return clipped ? { text: lines.join('\n'), clipped } : { text, clipped: 0 };
}

/** Binary when it holds a NUL byte or is not valid UTF-8 (what git and diff treat as binary, roughly). */
export function isBinary(data: Buffer): boolean {
  if (data.subarray(0, 8000).includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return false;
  } catch {
    return true;
  }
}

/**
 * Whether the review shows a file as a text diff. Clean UTF-8 is text; so is a file that is mostly
 * text, one named or marked as a script (extension, `#!`, executable mode), whatever stray NUL or
 * invalid bytes it holds: node, sh and bash run such files, so calling them binary and showing no
 * diff would let a publisher hide a script change behind one stray byte.
 */
export function showsAsText(path: string, data: Buffer, mode: number): boolean {
  if (!isBinary(data)) return true;
  // A name that promises text (the scanner's list: scripts, docs, config) is read as text.
  if (TEXT_EXTENSIONS.has(extensionOf(path)) || (mode & 0o111) !== 0 || data.subarray(0, 2).toString('latin1') === '#!') return true;
  const text = data.toString('utf8');
  let printable = 0;
  let total = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    total++;
    if (c === 9 || c === 10 || c === 13 || (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c !== 0xfffd)) printable++;
  }
  return total > 0 && printable / total >= 0.95;
}

/**
 * A file's text for the diff: clean UTF-8 as it is; otherwise each byte that is not part of a valid
 * UTF-8 sequence is written `<0xFF>`, so two files that differ in such bytes differ in their diff
 * too (U+FFFD for every one would make them look the same).
 */
export function textOf(data: Buffer): string {
  const fast = data.toString('utf8');
  if (!fast.includes('\ufffd')) return fast;
  let out = '';
  let i = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (i < data.length) {
    const b = data[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len > 0 && i + len <= data.length) {
      try {
        out += decoder.decode(data.subarray(i, i + len));
        i += len;
        continue;
      } catch {
        // not a valid sequence: the lead byte is shown escaped below
      }
    }
    out += `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;
    i++;
  }
  return out;
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

type Hunk = { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] };

/** Line comparisons the smallest diff of one file may cost before the review shows a whole-file diff. */
export const DIFF_WORK = 20_000_000;

/**
 * The largest edit distance worth looking for between two texts. Finding the smallest diff costs
 * about (lines of both) x (edit distance): two 10 MiB files with nothing in common would hold the
 * review for hours. A budget of work, not of time, so the same two versions always give the same
 * review on any machine; files of a few thousand lines never reach it.
 */
function editBudget(before: string, after: string): number {
  return Math.max(100, Math.floor(DIFF_WORK / (lineCount(before) + lineCount(after) + 1)));
}

/**
 * The hunks from `before` to `after`, 3 lines of context. Past `maxEdits` (editBudget) the diff is
 * every old line removed and every new line added: as correct, longer.
 */
function hunksOf(before: string, after: string, maxEdits = editBudget(before, after)): Hunk[] {
  const p = structuredPatch('a', 'b', before, after, '', '', { context: 3, maxEditLength: maxEdits });
  if (p) return p.hunks;
  const gone = structuredPatch('a', 'b', before, '', '', '', { context: 0 }).hunks[0];
  const come = structuredPatch('a', 'b', '', after, '', '', { context: 0 }).hunks[0];
  return [
    {
      oldStart: before === '' ? 0 : 1,
      oldLines: gone?.oldLines ?? 0,
      newStart: after === '' ? 0 : 1,
      newLines: come?.newLines ?? 0,
      lines: [...(gone?.lines ?? []), ...(come?.lines ?? [])],
    },
  ];
}

/** A unified diff of two texts with `--- a/<file>` / `+++ b/<file>` headers, 3 lines of context. */
export function unifiedDiff(file: string, before: string, after: string, labelBefore = '', labelAfter = '', maxEdits?: number): string {
  if (before === after) return '';
  return formatHunks(`a/${file}`, `b/${file}`, labelBefore, labelAfter, hunksOf(before, after, maxEdits));
}

function formatHunks(
  oldName: string,
  newName: string,
  labelBefore: string,
  labelAfter: string,
  hunks: Hunk[],
): string {
  if (hunks.length === 0) return '';
  const out = [`--- ${oldName}${labelBefore ? `\t${labelBefore}` : ''}`, `+++ ${newName}${labelAfter ? `\t${labelAfter}` : ''}`];
  for (const h of hunks) {
    // Unified diff convention: an empty range starts one line earlier.
    const os = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const ns = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    out.push(`@@ -${os},${h.oldLines} +${ns},${h.newLines} @@`, ...h.lines);
  }
  return `${out.join('\n')}\n`;
}

/** Cut a diff to `max` lines, saying how many were left out. */
export function cutDiff(diff: string, max: number): { text: string; cutLines: number } {
  const lines = diff.endsWith('\n') ? diff.slice(0, -1).split('\n') : diff.split('\n');
  if (lines.length <= max) return { text: diff, cutLines: 0 };
  return { text: `${lines.slice(0, max).join('\n')}\n`, cutLines: lines.length - max };
}

function textChange(path: string, before: Buffer | null, after: Buffer | null, opts: DiffOptions): Pick<FileChange, 'added' | 'removed' | 'diff' | 'cutLines' | 'clippedLines'> {
  const a = before ? textOf(before) : '';
  const b = after ? textOf(after) : '';
  const [la, lb] = opts.labels ?? ['', ''];
  const hunks = a === b ? [] : hunksOf(a, b, opts.maxEdits);
  let added = 0;
  let removed = 0;
  for (const h of hunks) {
    for (const l of h.lines) {
      if (l.startsWith('+')) added++;
      else if (l.startsWith('-')) removed++;
    }
  }
  if (before === null) added = lineCount(b);
  if (after === null) removed = lineCount(a);
  const full = formatHunks(before === null ? '/dev/null' : `a/${path}`, after === null ? '/dev/null' : `b/${path}`, la, lb, hunks);
  if (opts.full) return { added, removed, diff: full, cutLines: 0 };
  const cut = cutDiff(full, opts.maxLines ?? DEFAULT_DIFF_LINES);
  const { text, clipped } = clipLongLines(cut.text);
  return { added, removed, diff: text, cutLines: cut.cutLines, ...(clipped ? { clippedLines: clipped } : {}) };
}

/**
 * Compare two file sets. Added and removed text files carry their whole content as a diff (cut like
 * any other), so a new script is read in the review, not only named.
 */
export function diffFiles(before: FileMap, after: FileMap, opts: DiffOptions = {}): FileDelta {
  const delta: FileDelta = { added: [], removed: [], changed: [], unchanged: 0 };
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const path of paths) {
    const a = before.get(path) ?? null;
    const b = after.get(path) ?? null;
    if (a && b && a.data.equals(b.data) && a.mode === b.mode) {
      delta.unchanged++;
      continue;
    }
    const aText = a ? showsAsText(path, a.data, a.mode) : true;
    const bText = b ? showsAsText(path, b.data, b.mode) : true;
    // A file that was binary and is text now is read in full: "binary file changed, not shown" hid
    // an image replaced by a script that SKILL.md then tells the agent to run.
    const wasBinary = a !== null && b !== null && !aText && bText;
    const binary = !wasBinary && (!aText || !bText);
    const lossy = !binary && ((a && !wasBinary ? isBinary(a.data) : false) || (b ? isBinary(b.data) : false));
    const change: FileChange = {
      path,
      sizeBefore: a ? a.data.length : null,
      sizeAfter: b ? b.data.length : null,
      modeBefore: a && (!b || a.mode !== b.mode) ? octal(a.mode) : null,
      modeAfter: b && (!a || a.mode !== b.mode) ? octal(b.mode) : null,
      binary,
      added: 0,
      removed: 0,
      diff: null,
      cutLines: 0,
    };
    if (lossy) change.lossy = true;
    if (wasBinary) change.wasBinary = true;
    if (!binary) Object.assign(change, textChange(path, wasBinary ? null : (a?.data ?? null), b?.data ?? null, opts));
    else if (b) Object.assign(change, newBinaryText(a?.data ?? null, b.data));
    if (!binary && !wasBinary && a && b && !a.data.equals(b.data) && !change.diff) change.bytesOnly = true;
    if (!a) delta.added.push(change);
    else if (!b) delta.removed.push(change);
    else delta.changed.push(change);
  }
  return delta;
}
