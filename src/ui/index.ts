// How library commands talk to a person without knowing about terminals: a sink for human text,
// a confirm prompt that refuses (EREVIEW) when nobody is there to answer, and a progress counter.

import { SkillpinError } from '../errors.js';
import { editDistance } from '../scan/typosquat.js';

export interface Prompter {
  confirm(question: string): Promise<boolean>;
}

export interface UI {
  /** Human text for the person (stdout normally, stderr under --json). */
  info(text: string): void;
  /** Diagnostics and warnings (stderr). */
  warn(text: string): void;
  /** True when a person can answer prompts. */
  interactive: boolean;
  prompter: Prompter | null;
  /** Progress of long work; a no-op when not a TTY or under --json. */
  progress(done: number, total: number, label: string): void;
  /**
   * Columns of the terminal that shows `info` text; absent when it is no terminal (a log, a pipe, a
   * file), and reviews are fitted to DEFAULT_COLUMNS.
   */
  columns?: number;
}

export function silentUI(): UI {
  return { info: () => {}, warn: () => {}, interactive: false, prompter: null, progress: () => {} };
}

/** Ask a yes/no question; without a terminal it is EREVIEW (exit 3), never a silent yes. */
export async function confirmOrRefuse(ui: UI, question: string, what: string, hint: string): Promise<boolean> {
  if (!ui.interactive || !ui.prompter) {
    throw new SkillpinError('EREVIEW', `${what} needs a review and there is no terminal to ask`, { hint });
  }
  return ui.prompter.confirm(question);
}

// C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-character CSI), the bidi
// embeddings, overrides and isolates, and the bidi marks (ALM, LRM, RLM) that the sandbox refuses in
// file names for the same reason: they make text display as other text. Also the line and paragraph
// separators (U+2028, U+2029: JavaScript ends a line, and so a `//` comment, at each, where a
// terminal shows none, so code after one in a diff reads as part of the comment), and the characters
// that display as nothing at all (zero-width space, word joiner and invisible operators, the
// deprecated format controls, BOM, soft hyphen, interlinear annotation marks, Unicode tags): two
// lines of a diff, or two file names, that differ only in them would look the same. The joiners
// (ZWNJ, ZWJ) shape emoji and scripts such as Persian and are kept there; next to an ASCII character
// they join nothing and are shown.
const UNPRINTABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|(?<=^|[\x00-\x7f])[\u200c\u200d]|[\u200c\u200d](?=$|[\x00-\x7f])/g;

/** `value` with any credentials of a URL in it replaced by `***` (a proxy or registry URL may carry a password). */
export function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (!url.username && !url.password) return value;
    url.username = url.username ? '***' : '';
    url.password = url.password ? '***' : '';
    return url.href;
  } catch {
    return value;
  }
}

/**
 * Text for a terminal with every control character shown as `<U+001B>`. The review prints what a
 * skill's author wrote (descriptions, file lines in a diff, a registry's moderation summary): raw
 * escape sequences there could move the cursor, erase the real findings above the prompt and
 * print a fake "decision: allow", and a carriage return could overwrite a line.
 */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  UNPRINTABLE.lastIndex = 0;
  return text.replace(UNPRINTABLE, (c) => `<U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/**
 * printable, with tab and newline shown as well: for one field of a line (a table cell, a skill
 * name in a sentence) that a lock, a skill or a registry fills. A newline there starts a line of
 * the attacker's own that reads as the command's (`skill list` showing a pinned, installed skill
 * that is not), and a tab shifts the columns after it.
 */
export function oneLine(text: string): string {
  const shown = printable(text);
  return /[\t\n]/.test(shown) ? shown.replace(/[\t\n]/g, (c) => (c === '\t' ? '<U+0009>' : '<U+000A>')) : shown;
}

/** True when `text` holds a character that oneLine (and so printable, or a line break) shows escaped. */
export function hasUnprintable(text: string): boolean {
  return oneLine(text) !== text;
}

/** `1 file`, `2 files`: a count with its noun in the right number. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Bytes in the unit that shows them (B, KiB, MiB, GiB), as `du -h` would. */
export function bytesShown(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i] as string}`;
}

/**
 * The name a mistyped one most likely meant (`weathr` → `weather`, `regsitry` → `registry`), or null: within two
 * edits (one for names of up to four characters) and not an edit of half the name or more.
 */
export function closestName(name: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const wanted = name.toLowerCase();
  for (const candidate of known) {
    const max = Math.min(2, Math.max(name.length, candidate.length) <= 4 ? 1 : 2);
    const d = editDistance(wanted, candidate.toLowerCase(), max);
    if (d <= max && d * 2 < Math.max(name.length, 2) && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Columns a review is fitted to when no terminal shows it (a CI log, a pipe, a file). */
export const DEFAULT_COLUMNS = 80;
/** The narrowest a review is fitted to: a gutter and some text must fit on a row. */
const MIN_COLUMNS = 24;

/**
 * Text a skill's author wrote (a changelog line, a line of a diff, a finding's evidence), quoted in a
 * review behind a gutter (`| `) at `indent`. fitLines puts the gutter on every row the line takes.
 */
export interface Quoted {
  quote: string;
  indent: string;
}

export type ReviewLine = string | Quoted;

export function quoted(indent: string, quote: string): Quoted {
  return { indent, quote };
}

/**
 * Columns `text` takes on a terminal, counted so that it is never more than shown: one for each
 * printable ASCII character, two for any other (wide CJK, emoji, and the "ambiguous" characters that
 * CJK terminals draw two columns wide). Controls are already shown as `<U+…>` by printable.
 */
function columnsOf(ch: string): number {
  const c = ch.codePointAt(0) as number;
  return c >= 0x20 && c < 0x7f ? 1 : 2;
}

/** Tabs as spaces to the next stop of 8 (a tab's width depends on the column it starts at). */
function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  let col = 0;
  for (const ch of text) {
    if (ch === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col += columnsOf(ch);
    }
  }
  return out;
}

/** `text` cut into rows of at most `width` columns (at least one row; one character per row at worst). */
function rowsOf(text: string, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  let used = 0;
  for (const ch of text) {
    const w = columnsOf(ch);
    if (used + w > width && row !== '') {
      rows.push(row);
      row = '';
      used = 0;
    }
    row += ch;
    used += w;
  }
  rows.push(row);
  return rows;
}

/**
 * A review's lines fitted to `columns`, so the terminal never wraps one itself. A row the terminal
 * wraps starts at column 0 with whatever text follows, and a publisher who pads a changelog or diff
 * line to the width of a terminal can print there a line that reads as skillpin's own
 * ("capabilities: unchanged", "decision: allow"). Here skillpin wraps: a quoted line carries its
 * gutter on every row (`| ` on the first, `|…` on each one that continues it), and a line of
 * skillpin's own that runs long (an author's file name or description in it) goes on in rows that
 * start with `… `, so no text of an author's ever begins a row. In quoted lines controls are shown
 * as printable shows them and tabs as spaces first, since both change what a row holds; in
 * skillpin's own, a tab or line break (from an author's name in it) as oneLine shows them.
 *
 * With no `columns` (no terminal shows the text: a log, a pipe, a file) quoted lines are fitted to
 * DEFAULT_COLUMNS and skillpin's own lines are left whole, for whatever reads them later.
 */
export function fitLines(lines: ReviewLine[], columns?: number): string[] {
  const width = Math.max(MIN_COLUMNS, Math.floor(columns ?? DEFAULT_COLUMNS) || DEFAULT_COLUMNS);
  const out: string[] = [];
  for (const line of lines) {
    if (typeof line === 'string') {
      // One line of skillpin's own is one line: a line break or tab in it came with an author's name
      // (a bin, an env name, a description, a file) and is shown, never started (oneLine).
      const text = oneLine(line);
      const rows = columns === undefined ? [text] : rowsOf(text, width);
      if (rows.length === 1) {
        out.push(text);
        continue;
      }
      const indent = /^ */.exec(text)?.[0].slice(0, Math.floor(width / 2)) ?? '';
      // `…` counted as two columns, as columnsOf counts it.
      const lead = `${indent}  … `;
      out.push(rows[0] as string, ...rowsOf(text.slice((rows[0] as string).length), width - indent.length - 5).map((r) => `${lead}${r}`));
      continue;
    }
    const indent = line.indent.slice(0, Math.floor(width / 2));
    for (const part of line.quote.split('\n')) {
      const text = expandTabs(printable(part));
      if (text === '') {
        out.push(`${indent}|`);
        continue;
      }
      // The gutter takes three columns at most (`|…`, the ellipsis counted as two).
      rowsOf(text, width - indent.length - 3).forEach((r, i) => out.push(`${indent}${i === 0 ? '| ' : '|…'}${r}`));
    }
  }
  return out;
}
