// Text normalisation for the scanner: every file is decoded and normalised once, into "views"
// (main text, HTML comments, decoded blobs) that keep a mapping back to the file's line numbers.

import { gunzipSync } from 'node:zlib';
import { classify } from './content.js';
import { decodeEntities, deobfuscate } from './shellword.js';

/** One piece of normalised text the rules run over, with the way back to the file's lines. */
export interface View {
  kind: 'text' | 'comment' | 'decoded';
  /** Normalised text: NFKC, no markdown emphasis or HTML tags, collapsed whitespace, same line count. */
  text: string;
  /** `text` lowercased, for cheap keyword prefilters. */
  lower: string;
  /** Offsets at which each line of `text` starts. */
  lineStarts: number[];
  /** File line of the view's first line. */
  baseLine: number;
  /** Decoded views map every line to the blob's line (the blob sat on one line of the file). */
  flatLines: boolean;
  /** Decoding depth (0 for text and comments). */
  depth: number;
  /** Evidence prefix saying where the text came from (`[base64]`, `[html comment]`). */
  label: string;
}

const MAX_DECODE_DEPTH = 2;
const MIN_BLOB = 32;

// One decoder for every file: decode() without `stream` starts afresh on each call, also after a
// call that threw on invalid UTF-8.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decode file bytes as text: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1. */
export function decodeText(data: Buffer): string {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) {
    const swapped = Buffer.from(data.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  try {
    const text = UTF8.decode(data);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return data.toString('latin1');
  }
}

// Invisible characters removed before matching, so that `cu\u200brl` reads as `curl`. They are
// reported separately from the raw text by the unicode rules.
// Escaped code points, not literal combining marks, so the class means exactly what it lists.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]|\udb40[\udc00-\udc7f]/g;
// Inline HTML tags vanish (they can split a word); block tags become a space.
const INLINE_TAGS = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'code', 'del', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'tt', 'u', 'var', 'wbr']);
const HTML_TAG = /<\/?([A-Za-z][A-Za-z0-9-]{0,30})(?:\s[^<>\n]{0,500})?\/?>/g;
// Emphasis markers touching a letter or digit on at least one side (`**IMP**ORTANT`, `c*ur*l`,
// `~~x~~`); a lone `*` between spaces, `/*` and `*.` (globs, comments) are left alone.
const EMPHASIS = /(?<=[\p{L}\p{N}`'"])(?:\*{1,3}|~~)(?![/.])|(?<![/\\])(?:\*{1,3}|~~)(?=[\p{L}\p{N}`'"])/gu;
// Only runs that change: two or more blanks, or one blank that is not a plain space. A lone space
// would be replaced by itself, and prose has one per word. Same output as replacing every run of
// [ \t\f\v\u00a0…]+ with ' ': a run of 2+ is matched whole from its first character by the first
// branch, a single exotic blank by the second, a single space by neither.
const OTHER_BLANK = String.raw`\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000`;
const SPACES = new RegExp(`[ ${OTHER_BLANK}]{2,}|[${OTHER_BLANK}]`, 'g');
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * Normalise text without changing its number of lines. `knownAscii`: the caller knows the text is
 * 7-bit (it was decoded from bytes that are), which spares looking; false only means "not known".
 */
export function normalise(raw: string, knownAscii = false): string {
  // HTML entities first: a character they spell (a zero-width space, a fullwidth letter) then
  // goes through the steps below like a written one.
  if (raw.includes('&')) {
    const decoded = decodeEntities(raw);
    if (decoded !== raw) {
      raw = decoded;
      knownAscii = false;
    }
  }
  const ascii = knownAscii || !NOT_ASCII.test(raw);
  // NFKC and the invisible characters concern non-ASCII code points only: on 7-bit text both are
  // the identity, and so is the line-ending step without a CR (U+2028/2029/0085 are not ASCII).
  let text = ascii ? raw : raw.normalize('NFKC');
  if (!ascii) text = text.replace(INVISIBLE, '');
  if (!ascii || text.includes('\r')) text = text.replace(/\r\n?|\u2028|\u2029|\u0085/g, '\n');
  if (text.includes('<')) text = text.replace(HTML_TAG, (_m, name: string) => (INLINE_TAGS.has(name.toLowerCase()) ? '' : ' '));
  text = stripEmphasis(text);
  // On 7-bit text the only blanks SPACES can match are a double space, tab, form feed, vertical tab.
  if (!ascii || text.includes('  ') || text.includes('\t') || text.includes('\f') || text.includes('\v')) text = text.replace(SPACES, ' ');
  // What a shell would run where quoting, escapes or variables hide it (shellword.ts).
  return deobfuscate(text);
}

const EMPHASIS_MARK = /[*~]/g;
const EMPHASIS_AT = new RegExp(EMPHASIS.source, 'uy');

/**
 * `text.replace(EMPHASIS, '')`, without trying the look-behinds at every position: every match
 * starts with `*` or `~`, so the same expression is tried (sticky, on the whole text, so the
 * look-arounds see the same neighbours) only where one of them stands, in the same left-to-right
 * order and resuming after each match as the global replace does.
 */
function stripEmphasis(text: string): string {
  // Most text has neither mark: two single-character searches answer that faster than the class.
  if (!text.includes('*') && !text.includes('~')) return text;
  EMPHASIS_MARK.lastIndex = 0;
  let m = EMPHASIS_MARK.exec(text);
  if (m === null) return text;
  let out = '';
  let kept = 0;
  while (m !== null) {
    EMPHASIS_AT.lastIndex = m.index;
    const hit = EMPHASIS_AT.exec(text);
    if (hit !== null) {
      out += text.slice(kept, hit.index);
      kept = hit.index + hit[0].length;
      EMPHASIS_MARK.lastIndex = kept;
    }
    m = EMPHASIS_MARK.exec(text);
  }
  return out + text.slice(kept);
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** Line index (0-based) of an offset, by binary search. */
export function lineIndexAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The file line of an offset in a view. */
export function fileLine(view: View, offset: number): number {
  return view.flatLines ? view.baseLine : view.baseLine + lineIndexAt(view.lineStarts, offset);
}

/** The text of the view's line holding `offset`. */
export function lineTextAt(view: View, offset: number): string {
  const idx = lineIndexAt(view.lineStarts, offset);
  const start = view.lineStarts[idx] as number;
  const next = view.lineStarts[idx + 1];
  return view.text.slice(start, next === undefined ? view.text.length : next - 1);
}

function makeView(kind: View['kind'], text: string, baseLine: number, flatLines: boolean, depth: number, label: string): View {
  return { kind, text, lower: text.toLowerCase(), lineStarts: lineStartsOf(text), baseLine, flatLines, depth, label };
}

/**
 * Split raw text into the main view (HTML comments blanked out, line count kept) and one view per
 * HTML comment, then add the decoded blobs found in any of them. `knownAscii`: the text is known
 * to be 7-bit (its parts are then too; decoded blobs are looked at afresh).
 */
export function buildViews(raw: string, knownAscii = false, unread: Unread[] = []): View[] {
  const unified = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  const views: View[] = [];
  let main = '';
  let pos = 0;
  let line = 1;
  for (;;) {
    const open = unified.indexOf('<!--', pos);
    if (open === -1) break;
    const close = unified.indexOf('-->', open + 4);
    const end = close === -1 ? unified.length : close + 3;
    const before = unified.slice(pos, open);
    main += before;
    line += countNewlines(before);
    const body = unified.slice(open + 4, close === -1 ? unified.length : close);
    views.push(makeView('comment', normalise(body, knownAscii), line, false, 0, '[html comment] '));
    const nl = countNewlines(unified.slice(open, end));
    main += '\n'.repeat(nl);
    line += nl;
    pos = end;
  }
  main += unified.slice(pos);
  views.unshift(makeView('text', normalise(main, knownAscii), 1, false, 0, ''));
  const decoded: View[] = [];
  const budget = { left: DECODE_BUDGET, unread };
  for (const v of views) addDecoded(v, decoded, budget);
  return views.concat(decoded);
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Characters of a base64 (standard or URL-safe) or hex blob. */
const BLOB_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') BLOB_CHAR[c.charCodeAt(0)] = 1;

/**
 * The matches of /[A-Za-z0-9+/_-]{32,}={0,2}/g as [offset, text]. The regular expression re-reads
 * a short run from each of its characters before failing (a third of the scan on prose). Its
 * matches are exactly the maximal runs of blob characters of at least MIN_BLOB, each with up to
 * two `=` after it (`=` is not a blob character, so it never joins runs). Such a run starting at
 * or after `i` and no later than j = i + MIN_BLOB - 1 covers j: so only j is read, and when it is
 * not a blob character no run can start in i..j and the search moves on past it.
 */
export function blobsIn(text: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const n = text.length;
  const isBlob = (at: number): boolean => {
    const c = text.charCodeAt(at);
    return c < 128 && BLOB_CHAR[c] === 1;
  };
  // Invariant: no run of 32+ starts before i that has not been reported, and i is not inside one.
  let i = 0;
  while (i + MIN_BLOB <= n) {
    const j = i + MIN_BLOB - 1;
    if (!isBlob(j)) {
      i = j + 1;
      continue;
    }
    let start = j;
    while (start > i && isBlob(start - 1)) start--;
    let end = j + 1;
    while (end < n && isBlob(end)) end++;
    if (end - start < MIN_BLOB) {
      i = end;
      continue;
    }
    if (text.charCodeAt(end) === 61) end++;
    if (text.charCodeAt(end) === 61) end++;
    out.push([start, text.slice(start, end)]);
    i = end;
  }
  return out;
}

const WHOLE_BLOB = /^[A-Za-z0-9+/_-]{32,}={0,2}\s*$/;
const HEX_ESCAPES = /(?:\\x[0-9a-fA-F]{2}){16,}/g;
// The same bytes as octal escapes (`printf '\143\165\162\154…' | sh`, C and Python strings), and
// in the form `echo -e` and printf's %b read (`\0143`, a 0 before the three digits): without it,
// `echo -e '\0143\0165…' | sh` was not read at all. (In a run each escape ends where the next `\`
// starts, so the optional 0 is never taken from a three-digit escape.)
const OCTAL_ESCAPES = /(?:\\0?[0-3][0-7]{2}){16,}/g;
const OCTAL_PAIR = /\\0?[0-3][0-7]{2}\\0?[0-3][0-7]{2}/;

/** An encoded blob the scan could not read, and why: the engine reports it (content.encoded-unread). */
export interface Unread {
  line: number;
  why: string;
}
/** Decoded text read per file, over all its blobs: past it, a blob is reported unread, not read. */
const DECODE_BUDGET = 16 * 1024 * 1024;
const GUNZIP_MAX = 4 * 1024 * 1024;

function addDecoded(view: View, out: View[], budget: { left: number; unread: Unread[] }): void {
  const atMax = view.depth >= MAX_DECODE_DEPTH;
  const seen = new Set<string>();
  const consider = (blob: string, bytes: Buffer | null, offset: number, how: string): void => {
    if (!bytes || seen.has(blob) || budget.left <= 0) return;
    seen.add(blob);
    const text = bytesToText(bytes, (why) => budget.unread.push({ line: fileLine(view, offset), why }));
    if (text === null) return;
    const line = fileLine(view, offset);
    // Encoded once more than the scan decodes: said, not read.
    if (atMax) {
      budget.unread.push({ line, why: `${how} blob encoded more than ${MAX_DECODE_DEPTH} times` });
      return;
    }
    budget.left -= text.length;
    if (budget.left <= 0) {
      budget.unread.push({ line, why: `decoded blobs over ${DECODE_BUDGET / 1024 / 1024} MiB in one file; the rest is not read` });
      return;
    }
    const child = makeView('decoded', normalise(text), line, true, view.depth + 1, `[${how}${view.depth > 0 ? ' x2' : ''}] `);
    out.push(child);
    addDecoded(child, out, budget);
  };
  for (const [index, blob] of blobsIn(view.text)) {
    if (/^[0-9a-fA-F]+$/.test(blob)) {
      if (blob.length % 2 === 0) consider(blob, Buffer.from(blob, 'hex'), index, 'hex');
      continue;
    }
    // Paths and identifiers (`/usr/lib/...`, `some_long_name`) match the class but are not base64.
    if (!/[0-9]/.test(blob) && !/[A-Z]/.test(blob)) continue;
    consider(blob, Buffer.from(blob.replace(/-/g, '+').replace(/_/g, '/'), 'base64'), index, 'base64');
  }
  // Every match holds `\x`; a text without one is not read again.
  if (view.text.includes('\\x')) for (const m of view.text.matchAll(HEX_ESCAPES)) {
    consider(m[0], Buffer.from(m[0].replace(/\\x/g, ''), 'hex'), m.index, 'hex');
  }
  if (OCTAL_PAIR.test(view.text)) for (const m of view.text.matchAll(OCTAL_ESCAPES)) {
    consider(m[0], Buffer.from(m[0].slice(1).split('\\').map((o) => parseInt(o, 8))), m.index, 'octal');
  }
}

/**
 * Whether a blob whose first four bytes are a Mach-O or universal/Java magic carries the header a
 * loader reads after it: a CPU type and a file type (Mach-O), a count of architectures or a class
 * file version (0xcafebabe). Hex placeholders and trace ids (`cafebabecafebabe…`, `feedface…`,
 * `cafebabedeadbeef`) start with those magics and hold no such header; blocked as encoded
 * programs, they made any skill that quotes one unreviewable. ELF and PE are taken on their own
 * checks (classify), as Linux loads an ELF whatever its identification bytes hold.
 */
function loaderWouldTake(b: Buffer): boolean {
  const magic = b.readUInt32BE(0);
  if (magic === 0xcafebabe) {
    const count = b.readUInt32BE(4);
    const major = b.readUInt16BE(6);
    return (count >= 1 && count <= 64) || (major >= 45 && major <= 100);
  }
  const big = magic === 0xfeedface || magic === 0xfeedfacf;
  if (!big && magic !== 0xcefaedfe && magic !== 0xcffaedfe) return true;
  if (b.length < 28) return false;
  const cpu = big ? b.readUInt32BE(4) : b.readUInt32LE(4);
  const fileType = big ? b.readUInt32BE(12) : b.readUInt32LE(12);
  // CPU_TYPE_* is a small number, with only the 64-bit ABI flags above it; MH_OBJECT .. MH_FILESET.
  return (cpu & 0xfc000000) === 0 && (cpu & 0x00ffffff) >= 1 && (cpu & 0x00ffffff) <= 255 && fileType >= 1 && fileType <= 12;
}

/**
 * Decoded bytes that read as text (UTF-8, UTF-16LE, or gzip of either), else null. A gzip stream
 * that inflates past GUNZIP_MAX is told to `unread` (a bomb, or a payload padded past the cap).
 */
function bytesToText(bytes: Buffer, unread: (why: string) => void): string | null {
  if (bytes.length < 12) return null;
  // A program encoded as text (`echo <base64> | base64 -d > x; chmod +x x`): its bytes are not
  // text, and would otherwise be dropped here unread, as a blob that decodes to noise is.
  const kind = classify(bytes);
  if (kind.kind === 'executable' && loaderWouldTake(bytes)) {
    unread(`blob decodes to a program (${kind.what}) the review cannot read`);
    return null;
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    let inflated: Buffer;
    try {
      inflated = gunzipSync(bytes, { maxOutputLength: GUNZIP_MAX });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') unread(`gzip blob inflating past ${GUNZIP_MAX / 1024 / 1024} MiB`);
      return null;
    }
    return bytesToText(inflated, unread);
  }
  let zeroesAtOdd = 0;
  for (let i = 1; i < bytes.length; i += 2) if (bytes[i] === 0) zeroesAtOdd++;
  const text = zeroesAtOdd > bytes.length / 2 - 2 ? bytes.toString('utf16le') : bytes.toString('utf8');
  let printable = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c === 9 || c === 10 || c === 13 || (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c !== 0xfffd)) printable++;
  }
  const total = [...text].length;
  if (total === 0 || printable / total < 0.95) return null;
  // Real text has spaces or punctuation; random identifiers decoded by accident rarely do. A
  // layer that is itself one whole blob (base64 of base64) is read too, so the next is decoded.
  if (!/[\s:/.;|'"(){}=-]/.test(text) && !WHOLE_BLOB.test(text)) return null;
  return text;
}
