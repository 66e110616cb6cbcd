// Runs the rule table over every file of a skill: bytes first (binaries, archives), then the raw
// text (hidden Unicode, padding), then the normalised views (text, HTML comments, decoded blobs).

import { isAscii } from 'node:buffer';
import { classify, extensionOf, TEXT_EXTENSIONS, textBehindHeader, UNANALYSABLE_EXTENSIONS } from './content.js';
import { CODE_FLOW_WORDS, codeFlows, type CodeFlow, collectDownloads, commentLines, DOWNLOAD_WORDS, findRuns, flowText, followCopies, RunIndex, type Download, type FlowText, type Run } from './flow.js';
import { CODE_MODULE, moduleFlows, type ModuleView } from './flow-functions.js';
import { ALL_RULES, CATALOGUE_NAME, DATA_FILE, DESCRIBABLE, DESCRIPTIVE_PROSE, DOC_FILE, SAMPLE_PATH, ENGINE_RULES, PATTERN_DEFINITION, TEXT_RULES, type RuleInfo, type Severity, type TextRule } from './rules.js';
import { maskQuotedOperators, type Unquoted } from './cquote.js';
import { buildViews, decodeText, fileLine, lineIndexAt, lineStartsOf, lineTextAt, type Unread, type View } from './text.js';

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  message: string;
  evidence: string;
}

const MAX_EVIDENCE = 120;
/** Findings kept per rule and file; the scan itself always reads everything. */
const MAX_PER_RULE_FILE = 25;
const BLANK_RUN = 200;
const SPACE_RUN = 300;

const ENGINE = new Map(ENGINE_RULES.map((r) => [r.id, r]));
const ALL = new Map(ALL_RULES.map((r) => [r.id, r]));
const COMPILED = TEXT_RULES.map((rule) => ({
  rule,
  re: new RegExp(rule.re.source, rule.re.flags.includes('g') ? rule.re.flags : rule.re.flags + 'g'),
  near: rule.near ? new RegExp(rule.near.re.source, rule.near.re.flags.includes('g') ? rule.near.re.flags : rule.near.re.flags + 'g') : undefined,
}));

// Keyword prefilter. Each rule runs its regular expression on a view only when one of its `any`
// keywords occurs in the view's lowercased text. Testing ~200 keywords with includes() over every
// view was about 40% of the scan. Now each view's character trigrams are stamped once into a
// shared table (one pass over the text), a keyword with a trigram the view lacks cannot occur and
// is skipped, and every other keyword is still confirmed with includes(). The result is exactly
// the includes() answer: a shared key can only let a keyword through to that confirmation.
// The key of a trigram is its three characters' low 7 bits side by side (21 bits), rolled along
// the text with a shift: exact for ASCII, a collision at worst for other characters. A keyword of
// two characters has no trigram: the same pass stamps each pair (the key's low 14 bits) into a
// small table, and such a keyword goes to includes() only when its pair is there (the 22
// two-character keywords, `$(`, `&&`, `7z`, `密码`..., were each looked for in every view's whole
// text: a quarter of the prefilter's time on the bench's skills). One-character keywords still go
// to includes() directly.
// The data-flow pass's words join them: it reads a view only when one of them is there.
export const KEYWORDS = [...new Set([...TEXT_RULES.flatMap((r) => [...r.any, ...(r.also ?? []).flat()]), ...DOWNLOAD_WORDS, ...CODE_FLOW_WORDS])];
const KEYWORD_ID = new Map(KEYWORDS.map((k, i) => [k, i]));
// A rule runs on a view only when each of its keyword groups (`any`, then each of `also`) has a
// keyword in the view.
const RULE_GROUPS = TEXT_RULES.map((r) => [r.any, ...(r.also ?? [])].map((group) => group.map((k) => KEYWORD_ID.get(k) as number)));
const TRIGRAM_MASK = (1 << 21) - 1;
const trigramStamp = new Uint32Array(1 << 21);
const BIGRAM_MASK = (1 << 14) - 1;
const bigramStamp = new Uint32Array(1 << 14);
let stampGeneration = 0;

/** A two-character keyword's pair key (as the text's, low 7 bits each); -1 for every other keyword. */
const KEYWORD_BIGRAM = KEYWORDS.map((k) => (k.length === 2 ? ((k.charCodeAt(0) & 127) << 7) | (k.charCodeAt(1) & 127) : -1));

const KEYWORD_TRIGRAMS = KEYWORDS.map((k) => {
  const keys: number[] = [];
  for (let i = 0; i + 2 < k.length; i++) keys.push(((k.charCodeAt(i) & 127) << 14) | ((k.charCodeAt(i + 1) & 127) << 7) | (k.charCodeAt(i + 2) & 127));
  return keys;
});

/**
 * The text's UTF-16 code units, each cut to its low byte (latin1), in a buffer reused from view to
 * view: the low 7 bits the keys take are the same, and reading bytes costs half of charCodeAt. It
 * grows to the longest text up to 1 MiB; a longer one gets a buffer of its own, so a large decoded
 * blob does not stay in memory for the rest of the run.
 */
let units = Buffer.allocUnsafe(64 * 1024);
const UNITS_KEPT = 1024 * 1024;

/** Which keywords occur in `text` (indexed like KEYWORDS). Exported for the tests. */
export function keywordsIn(text: string): Uint8Array {
  if (++stampGeneration === 0xffffffff) {
    trigramStamp.fill(0);
    bigramStamp.fill(0);
    stampGeneration = 1;
  }
  const gen = stampGeneration;
  const n = text.length;
  if (n >= 2) {
    if (units.length < n && n <= UNITS_KEPT) units = Buffer.allocUnsafe(n);
    const b = units.length >= n ? units : Buffer.allocUnsafe(n);
    b.write(text, 0, n, 'latin1');
    let key = (((b[0] as number) & 127) << 7) | ((b[1] as number) & 127);
    bigramStamp[key] = gen;
    for (let i = 2; i < n; i++) {
      key = ((key << 7) | ((b[i] as number) & 127)) & TRIGRAM_MASK;
      trigramStamp[key] = gen;
      bigramStamp[key & BIGRAM_MASK] = gen;
    }
  }
  const present = new Uint8Array(KEYWORDS.length);
  for (let k = 0; k < KEYWORDS.length; k++) {
    const pair = KEYWORD_BIGRAM[k] as number;
    if (pair >= 0 && bigramStamp[pair] !== gen) continue;
    const tri = KEYWORD_TRIGRAMS[k] as number[];
    let possible = true;
    for (const key of tri) {
      if (trigramStamp[key] !== gen) {
        possible = false;
        break;
      }
    }
    if (possible && text.includes(KEYWORDS[k] as string)) present[k] = 1;
  }
  return present;
}

/** A finding of a rule in ENGINE_RULES: its severity and message, `extra` after the message. */
export function engineFinding(id: string, file: string, line: number, evidence: string, extra = ''): Finding {
  const info = ENGINE.get(id) as RuleInfo;
  return { rule: id, severity: info.severity, file, line, message: info.message + extra, evidence: clip(evidence) };
}

function clip(s: string): string {
  const flat = s.replace(/[\x00-\x1f\x7f]+/g, ' ');
  return flat.length <= MAX_EVIDENCE ? flat : flat.slice(0, MAX_EVIDENCE - 1) + '…';
}

/** Show a secret's shape without the secret: first 4 and last 2 characters. */
export function maskSecret(s: string): string {
  if (s.length <= 8) return '*'.repeat(s.length);
  return s.slice(0, 4) + '*'.repeat(Math.min(s.length - 6, 20)) + s.slice(-2);
}

/**
 * Scan one file; pushes findings. `securityTool`: the skill presents itself as a security tool
 * (see isSecurityTool), so its prose and detection code may quote what they catch. `ran`: the
 * skill runs this file as a program, so nothing in it is a description. `texts`: where to keep
 * the file's normalised text (main view and HTML comments).
 */
export function scanFile(path: string, data: Buffer, out: Finding[], securityTool = false, downloads?: Download[], decoded?: FlowText[], ran = false, texts?: Map<string, string>, modules?: ModuleView[]): void {
  const ext = extensionOf(path);
  const kind = classify(data);
  switch (kind.kind) {
    case 'executable':
      out.push(engineFinding('content.binary', path, 1, `${kind.what} (${data.length} bytes)`));
      return;
    case 'bytecode':
      out.push(engineFinding('content.bytecode', path, 1, `${kind.what} (${data.length} bytes)`));
      return;
    case 'archive':
      out.push(engineFinding('content.archive', path, 1, `${kind.what} (${data.length} bytes)`));
      return;
    case 'media':
      if (!kind.exts.includes(ext)) {
        out.push(engineFinding('content.mismatch', path, 1, `${kind.what} named .${ext || '(none)'}`));
        return;
      }
      out.push(engineFinding('content.media', path, 1, kind.what));
      // A header on text (a polyglot a shell runs): read the text too.
      if (!textBehindHeader(data)) return;
      break;
    case 'unknown-binary':
      if (TEXT_EXTENSIONS.has(ext)) out.push(engineFinding('content.mismatch', path, 1, `binary bytes named .${ext}`));
      else out.push(engineFinding('content.unknown-binary', path, 1, `${data.length} bytes, extension .${ext || '(none)'}`));
      return;
    case 'text':
      if (UNANALYSABLE_EXTENSIONS.has(ext)) out.push(engineFinding('content.mismatch', path, 1, `text bytes named .${ext}`));
      break;
  }
  // 7-bit bytes (one vectorised pass) read the same in every encoding decodeText tries, and
  // normalising their text can skip looking for non-ASCII characters.
  const ascii = isAscii(data);
  const text = ascii ? data.toString('latin1') : decodeText(data);
  const raw = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const first = out.length;
  scanRaw(path, raw, out, securityTool, ran);
  const unread: Unread[] = [];
  const views = buildViews(raw, ascii, unread);
  // Blobs the decoder could not read: said, never skipped in silence.
  for (const u of unread.slice(0, MAX_PER_RULE_FILE)) out.push(engineFinding('content.encoded-unread', path, u.line, u.why));
  // The normalised text and comments, for scanSkill to see which files this one runs.
  if (texts) texts.set(path, views.filter((v) => v.kind !== 'decoded').map((v) => v.text).join('\n'));
  const present = scanViews(path, views, out, securityTool, ran);
  if (downloads) collectDownloads(path, views, (v, word) => (present[v] as Uint8Array)[KEYWORD_ID.get(word) as number] === 1, downloads);
  for (let v = 0; v < views.length; v++) codeFlowFindings(path, views[v] as View, present[v] as Uint8Array, out, securityTool, ran);
  // A code file's text, for values that cross from one file of the skill to another (moduleFindings).
  if (modules && CODE_MODULE.test(path) && views[0]?.kind === 'text') {
    const p = present[0] as Uint8Array;
    const has = (word: string) => p[KEYWORD_ID.get(word) as number] === 1;
    if (CODE_FLOW_WORDS.some(has)) modules.push({ path, view: views[0], has });
  }
  // Decoded blobs, where the data-flow pass also looks for runs (and copies) of downloads.
  if (decoded) for (const v of views) if (v.kind === 'decoded') decoded.push({ path, raw: '', text: v.text, line: v.baseLine });
  if (DOC_FILE.test(path) && raw.includes('<!--')) raiseHidden(raw, out, first);
}

/** Values followed through a view's code (flow.ts's codeFlows) as findings. */
function codeFlowFindings(path: string, view: View, present: Uint8Array, out: Finding[], securityTool: boolean, ran: boolean): void {
  const flows = codeFlows(path, view, (word) => present[KEYWORD_ID.get(word) as number] === 1);
  for (const flow of flows) codeFlowFinding(path, view, flow, out, securityTool, ran);
}

/** Values imported from another file of the skill (flow-functions.ts) that reach a code runner or a request, as findings. */
export function moduleFindings(modules: ModuleView[], securityTool: boolean, ran: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  for (const m of moduleFlows(modules)) codeFlowFinding(m.path, m.view, m.flow, out, securityTool, ran.has(m.path));
  return out;
}

function codeFlowFinding(path: string, view: View, flow: CodeFlow & { origin?: string }, out: Finding[], securityTool: boolean, ran: boolean): void {
  {
    const idx = lineIndexAt(view.lineStarts, flow.offset);
    const line = fileLine(view, flow.offset);
    const source = flow.origin !== undefined ? ` (the value from ${flow.origin})` : view.flatLines ? '' : ` (the value from line ${view.baseLine + flow.sourceLine})`;
    const f = engineFinding(flow.rule, path, line, view.label + lineTextAt(view, flow.offset).trim(), source);
    const [v, at] = view.kind === 'decoded' ? [null, line - 1] : [view, idx];
    if (DESCRIBABLE.has(flow.rule) && isDescribed(path, v ? viewLine(v) : () => undefined, at, securityTool, ran)) downgrade(f);
    out.push(f);
  }
}

// Warnings that become blocks inside an HTML comment of a document: a rendered page (the
// registry's, a reviewer's viewer) does not show the comment, the agent reads it. A download to
// run, instructions fetched at run time, or a request to keep something from the user, hidden
// from the person and addressed to the agent, is the injection itself, not an ambiguous sentence.
const HIDDEN_NOTE = ' (inside an HTML comment: a rendered page hides it from the person, the agent reads it)';
const DECODED_NOTE = ' (inside a base64 or hex blob: encoded, the download or its run is hidden from the person)';
const RAISED_WHEN_HIDDEN = new Set(['download.pipe-shell', 'download.raw-ip', 'lure.remote-script', 'lure.binary-download', 'lure.fake-installer', 'remote.instructions', 'prompt.injection', 'prompt.concealment']);

/** Raise the findings from `first` on that sit inside an HTML comment (an unclosed one runs to the end). */
function raiseHidden(raw: string, out: Finding[], first: number): void {
  const spans = commentLines(raw);
  for (const f of out.slice(first)) {
    if (f.severity !== 'warn' || !RAISED_WHEN_HIDDEN.has(f.rule)) continue;
    if (!spans.some(([a, b]) => f.line >= a && f.line <= b)) continue;
    f.severity = 'block';
    f.message += HIDDEN_NOTE;
  }
}

/**
 * Downloads to a named file (collected by scanFile) linked to the commands that run that file,
 * in a later line of the same file or in another file of the skill. From a raw IP or plain HTTP
 * it is download.raw-ip-exec; a temporary or dot-named file run as a program is
 * download.temp-exec (both block); any other is download.fetch-run (warn, as `curl | sh` is),
 * raised to block when the download or the run sits in an HTML comment of a document or in a
 * decoded blob (`decoded`: the blobs' texts, where runs and copies are looked for too). Copies
 * (`mv`/`cp`/`install`/`ln` of a downloaded file) are downloads of their own, reported at the
 * download they copy.
 */
export function flowFindings(files: Array<{ path: string; data: Buffer }>, downloads: Download[], securityTool: boolean, decoded: FlowText[] = [], ran: ReadonlySet<string> = new Set()): Finding[] {
  if (downloads.length === 0) return [];
  const texts = new Map<string, FlowText>();
  for (const f of files) {
    const t = flowText(f.path, f.data);
    if (t) texts.set(f.path, t);
  }
  const read = [...texts.values(), ...decoded];
  // Copies of a download (`mv x /usr/local/bin/y`) are downloads of their own.
  const copies: Download[] = [];
  for (const t of read) copies.push(...followCopies(t, downloads));
  const all = downloads.concat(copies);
  const names = new Set(all.filter((d) => d.name !== '').map((d) => d.name.toLowerCase()));
  const bareNames = new Set(all.filter((d) => d.inPath).map((d) => d.name));
  const runs: Run[] = [];
  for (const t of read) runs.push(...findRuns(t, names, bareNames));
  const index = new RunIndex(runs, new Set(files.map((f) => f.path)));
  const out: Finding[] = [];
  const counts = new Map<string, number>();
  // One download of a target per file is enough: a run after a later one is after the first too.
  const seen = new Set<string>();
  for (const d of all) {
    const key = `${d.file}\0${d.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const run = (d.name === '' ? undefined : index.runOf(d)) ?? d.run;
    if (!run) continue;
    const id = d.source === 'raw' ? 'download.raw-ip-exec' : d.temp && run.direct ? 'download.temp-exec' : 'download.fetch-run';
    const at = d.copyOf ?? d;
    const countKey = `${id}\0${at.file}`;
    const n = counts.get(countKey) ?? 0;
    if (n >= MAX_PER_RULE_FILE) continue;
    counts.set(countKey, n + 1);
    const info = ALL.get(id) as RuleInfo;
    const how = run.direct ? 'run as a program' : 'run by an interpreter';
    const copied = d.copyOf ? `copied to ${d.target} at ${d.file}:${d.line} (${d.copyOf.how}), ` : '';
    const f: Finding = { rule: id, severity: info.severity, file: at.file, line: at.line, message: `${info.message} (${copied}${how} at ${run.file}:${run.line}: ${clip(run.evidence).slice(0, 80)})`, evidence: clip(d.command) };
    if (f.severity === 'warn' && (d.hidden || run.hidden)) {
      f.severity = 'block';
      f.message += HIDDEN_NOTE;
    } else if (f.severity === 'warn' && (d.decoded || run.decoded)) {
      f.severity = 'block';
      f.message += DECODED_NOTE;
    }
    const text = texts.get(at.file);
    if (f.severity === 'block' && DESCRIBABLE.has(id) && text && isDescribed(at.file, textLine(text.text), at.line - 1, securityTool, ran.has(at.file))) downgrade(f);
    out.push(f);
  }
  return out;
}

function textLine(text: string): (idx: number) => string | undefined {
  const starts = lineStartsOf(text);
  return (idx) => (idx < 0 || idx >= starts.length ? undefined : text.slice(starts[idx], (starts[idx + 1] ?? text.length + 1) - 1));
}

/** Hidden Unicode and padding, which normalisation would erase. */
function scanRaw(path: string, raw: string, out: Finding[], securityTool: boolean, ran: boolean): void {
  let starts: number[] | null = null;
  const lineOf = (offset: number) => {
    starts ??= lineStartsOf(raw);
    return lineIndexAt(starts, offset) + 1;
  };
  const around = (offset: number) => {
    const s = raw.slice(Math.max(0, offset - 30), offset + 30);
    return s.replace(/[^\x20-\x7e]/gu, (c) => `<U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}>`);
  };
  // A run of variation selectors (U+FE00-FE0F) carries bytes, not a glyph's style: an emoji takes one.
  if (/[\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]|\udb40|[\ufe00-\ufe0f]{3}/.test(raw)) {
    // Emoji flag sequences (U+1F3F4 then tags then CANCEL TAG) are legitimate uses of tag characters.
    const noFlags = raw.replace(/\ud83c\udff4(?:\udb40[\udc20-\udc7e])+\udb40\udc7f/g, (m) => ' '.repeat(m.length));
    const hidden = /\udb40[\udc00-\udc7f]|[\u202d\u202e]|(?:\udb40[\udd00-\uddef]){2}|[\ufe00-\ufe0f]{3,}/g;
    const bidi = /[\u202a-\u202c\u2066-\u2069]/g;
    const zw = /[A-Za-z0-9][\u200b-\u200d\u2060\ufeff]+[A-Za-z0-9]/g;
    for (const [re, id] of [[hidden, 'unicode.hidden'], [bidi, 'unicode.bidi'], [zw, 'unicode.zero-width']] as const) {
      let n = 0;
      for (const m of noFlags.matchAll(re)) {
        const f = engineFinding(id, path, lineOf(m.index), around(m.index));
        if (f.severity === 'block' && DESCRIBABLE.has(id)) {
          starts ??= lineStartsOf(raw);
          const rawLine = (i: number) => (i < 0 || i >= (starts as number[]).length ? undefined : raw.slice((starts as number[])[i], ((starts as number[])[i + 1] ?? raw.length + 1) - 1));
          if (isDescribed(path, rawLine, f.line - 1, securityTool, ran)) downgrade(f);
        }
        out.push(f);
        if (++n >= MAX_PER_RULE_FILE) break;
      }
    }
  }
  if (!mayHavePadding(raw)) return;
  // Padding: one pass over the characters, no regular expression (100k blank lines stay linear).
  let blankStart = -1;
  let blankCount = 0;
  let lineNo = 1;
  let lineHasText = false;
  let spaceRun = 0;
  let spaceFindings = 0;
  for (let i = 0; i <= raw.length; i++) {
    const c = i < raw.length ? raw.charCodeAt(i) : 10;
    if (c === 10) {
      if (!lineHasText) {
        if (blankCount === 0) blankStart = lineNo;
        blankCount++;
      }
      lineNo++;
      lineHasText = false;
      spaceRun = 0;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 0xa0 || c === 0x3000) {
      spaceRun++;
      continue;
    }
    if (!lineHasText) {
      if (blankCount >= BLANK_RUN) out.push(engineFinding('padding.blank-lines', path, blankStart, `${blankCount} consecutive blank lines from line ${blankStart}`));
      blankCount = 0;
    }
    if (spaceRun >= SPACE_RUN && lineHasText && spaceFindings < MAX_PER_RULE_FILE && !closesTableRow(raw, i)) {
      out.push(engineFinding('padding.whitespace', path, lineNo, `${spaceRun} spaces, then: ${raw.slice(i, i + 60)}`));
      spaceFindings++;
    }
    spaceRun = 0;
    lineHasText = true;
  }
  if (blankCount >= BLANK_RUN) out.push(engineFinding('padding.blank-lines', path, blankStart, `${blankCount} consecutive blank lines from line ${blankStart} to the end`));
}

/**
 * Does the line end at `i` with a table cell's closing `|`? A formatter pads every cell of a
 * Markdown table to its column's widest, so a long last column pads the short ones with hundreds
 * of spaces before the row's closing pipe: nothing follows them to hide.
 */
function closesTableRow(raw: string, i: number): boolean {
  if (raw.charCodeAt(i) !== 124) return false;
  for (let j = i + 1; j < raw.length; j++) {
    const c = raw.charCodeAt(j);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Characters of blank lines and space runs as the padding pass counts them, and the newline. */
function isPaddingChar(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0 || c === 0x3000;
}

/**
 * Whether `raw` has a run of at least PADDING_RUN padding characters (blanks and newlines). Both
 * padding findings need one: BLANK_RUN blank lines hold BLANK_RUN - 1 newlines with only blanks
 * between them, and SPACE_RUN blanks in a row are such a run. A run starting at or after `i` and
 * no later than j = i + PADDING_RUN - 1 covers j, so only j is read when it is not a padding character.
 */
const PADDING_RUN = Math.min(BLANK_RUN - 1, SPACE_RUN);
export function mayHavePadding(raw: string): boolean {
  const n = raw.length;
  let i = 0;
  while (i + PADDING_RUN <= n) {
    const j = i + PADDING_RUN - 1;
    if (!isPaddingChar(raw.charCodeAt(j))) {
      i = j + 1;
      continue;
    }
    let start = j;
    while (start > i && isPaddingChar(raw.charCodeAt(start - 1))) start--;
    let end = j + 1;
    while (end < n && isPaddingChar(raw.charCodeAt(end))) end++;
    if (end - start >= PADDING_RUN) return true;
    i = end;
  }
  return false;
}

/** Run the text rules over a file's views; returns which keywords each view holds. */
function scanViews(path: string, views: View[], out: Finding[], securityTool: boolean, ran: boolean): Uint8Array[] {
  const isDoc = DOC_FILE.test(path);
  const main = views[0] as View;
  const present = views.map((v) => keywordsIn(v.lower));
  const readable = new Uint8Array(views.length);
  // Each view with its quoted operators masked, for the rules that read it too (made once, when one asks).
  const unquoted: Array<Unquoted | undefined> = [];
  for (let ruleIndex = 0; ruleIndex < COMPILED.length; ruleIndex++) {
    const { rule, re, near } = COMPILED[ruleIndex] as (typeof COMPILED)[number];
    if (rule.files && !rule.files.test(path)) continue;
    // Views the rule reads and whose text holds one of its keywords; without one, it cannot match
    // (and the file-wide `near` pattern, which only vetoes matches, need not be looked for).
    // Plain loops: this runs for every rule of every file, and a map of closures per rule was a
    // quarter of the scan.
    if (!markReadable(readable, views, present, rule, RULE_GROUPS[ruleIndex] as number[][])) continue;
    const span = rule.near ? (isDoc && rule.near.docsLines !== undefined ? rule.near.docsLines : rule.near.lines) : undefined;
    const fileNear = near && span === 'file' ? views.some((v) => matchesAnywhere(near, v)) : undefined;
    if (fileNear === false) continue;
    let count = 0;
    for (let viewIndex = 0; viewIndex < views.length; viewIndex++) {
      if (readable[viewIndex] === 0) continue;
      const view = views[viewIndex] as View;
      const limit = rule.frontmatter ? frontmatterEnd(view.text) : view.text.length;
      let nearLines: Array<[number, string]> | null = null;
      // The view as written, then (for a rule that asks) with its quoted operators masked, when
      // that differs: what the second finds beside the first is merged by line in scanSkill.
      // The masked text is read from its first changed line: before it, it is the text as written.
      const texts: Array<[string, number]> = [[view.text, 0]];
      const masked = rule.unquote ? (unquoted[viewIndex] ??= maskQuotedOperators(view.text, view.lower, UNQUOTE_LINE_WORDS)) : undefined;
      if (masked && masked.text !== view.text) texts.push([masked.text, masked.from]);
      for (const [text, from] of texts) {
        re.lastIndex = from;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          if (m[0].length === 0) re.lastIndex++;
          if (m.index >= limit) break;
          let matched = m[0];
          if (rule.completes) {
            const end = rule.completes(text, m);
            if (end === -1) {
              // Another match may start inside this one (`-o  -O /tmp/.x`: the second option).
              re.lastIndex = m.index + 1;
              continue;
            }
            matched = text.slice(m.index, end);
          }
          if (rule.exclude && (typeof rule.exclude === 'function' ? rule.exclude(matched) : rule.exclude.test(matched))) continue;
          if (rule.allow && rule.allow(text, m.index, matched.length)) continue;
          // As written, a quoted `|` read as the pipe (`curl URL -d '{"q": "a | sh"}' | jq .`) is
          // no pipe, unless the command itself sits in that quote (`sh -c "curl URL | sh"`).
          if (masked && texts.length > 1 && text === view.text && readsQuotedPipe(view.text, masked, m.index, matched.length)) continue;
          if (near && typeof span === 'number') {
            nearLines ??= nearMatchesOf(near, view);
            const here = lineIndexAt(view.lineStarts, m.index);
            const unless = rule.near?.unless;
            const at = m.index;
            if (!nearLines.some(([l, t]) => Math.abs(l - here) <= span && !(unless && unless(t, view.text, at)))) continue;
          }
          const line = fileLine(view, m.index);
          const finding: Finding = { rule: rule.id, severity: rule.severity, file: path, line, message: rule.message, evidence: evidenceOf(view, m.index, matched, rule) };
          if (finding.severity === 'block' && DESCRIBABLE.has(rule.id)) {
            const [v, idx] = view.kind === 'decoded' ? [main, line - 1] : [view, lineIndexAt(view.lineStarts, m.index)];
            if (isDescribed(path, viewLine(v), idx, securityTool, ran)) downgrade(finding);
          }
          out.push(finding);
          if (++count >= MAX_PER_RULE_FILE) break;
        }
        if (count >= MAX_PER_RULE_FILE) break;
      }
      if (count >= MAX_PER_RULE_FILE) break;
    }
  }
  return present;
}

/**
 * Whether the match at `at` (of `length`) in `text` takes a `|` that `masked` masks (inside quotes)
 * for a pipe, where every shell that may read the line takes that `|` for text: the match is a
 * curl or wget starting a command, outside quotes. Fails closed (the pipe stays a pipe):
 * - when the download is a word of another command (`eval curl URL '| sh'`, `ssh host curl URL
 *   '| sh'`, `sh -c curl\ URL' | sh'`, `sudo`, `xargs`, a line continued from the one above):
 *   eval, ssh and sh -c join their words and read them as code again, where the quote is gone;
 * - when the line holds an escape before a quote (`\"`, `\'`, `^"`) or `<#`, or the download a backtick: bash,
 *   PowerShell (whose `curl` is Invoke-WebRequest, whose escape is the backtick, which keeps `\`
 *   as text and has `<# … #>` comments) and cmd.exe end those quotes at different places;
 * - when cmd.exe, which takes no `'` for a quote, reads the `|` outside its double quotes.
 */
function readsQuotedPipe(text: string, masked: Unquoted, at: number, length: number): boolean {
  if (masked.quoted === undefined || masked.quoted[at] === 1) return false;
  let pipe = false;
  for (let i = at; i < at + length && !pipe; i++) if (masked.text.charCodeAt(i) === 1 && text.charCodeAt(i) === 124) pipe = true;
  if (!pipe || !/^(?:curl|wget)\b/i.test(text.slice(at, at + 5))) return false;
  // The line, read at most 2,000 characters either side (a longer one keeps its pipe: linear time).
  const before = text.slice(Math.max(0, at - 2000), at).lastIndexOf('\n');
  if (before === -1 && at > 2000) return false;
  const start = before === -1 ? 0 : Math.max(0, at - 2000) + before + 1;
  const after = text.slice(at, at + length + 2000).indexOf('\n');
  if (after === -1 && at + length + 2000 < text.length) return false;
  const end = after === -1 ? text.length : at + after;
  // A backtick before the download opens a markdown code span or a substitution the download
  // starts; inside the download's own text it is PowerShell's escape or a substitution.
  if (/[\\^]["']|<#/.test(text.slice(start, end)) || text.slice(at, at + length).includes('\x60')) return false;
  // cmd.exe: a `|` after an even number of `"` on the line is a pipe.
  let doubles = 0;
  for (let i = start; i < at + length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) doubles++;
    else if (c === 124 && masked.text.charCodeAt(i) === 1 && doubles % 2 === 0) return false;
  }
  return startsCommand(text, masked.text, start, at);
}

// Words after which the next word still starts a command: shell keywords, and `NAME=value`.
const COMMAND_PREFIX = /^(?:then|do|else|elif|if|while|until|time|!|\{|[A-Za-z_]\w*=[^\s"'$\x60\\]*)$/;

/** Whether `at` starts a command of the shell reading the line that begins at `lineStart`. */
function startsCommand(text: string, masked: string, lineStart: number, at: number): boolean {
  let i = at;
  for (;;) {
    while (i > lineStart && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    if (i === lineStart) {
      // A line continued from the one above (`eval \` then `curl …`) is that line's command.
      // (Blanks read back at most 200: past them, taken for a continuation.)
      let j = lineStart - 1;
      while (j > 0 && j > lineStart - 201 && (text[j - 1] === ' ' || text[j - 1] === '\t' || text[j - 1] === '\r')) j--;
      return !(j > 0 && (text[j - 1] === '\\' || j === lineStart - 201));
    }
    // An operator the shell reads (not masked: outside quotes) ends the command before.
    const c = masked[i - 1] as string;
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === '{' || c === '\x60') return true;
    let w = i;
    while (w > lineStart && !/\s/.test(text[w - 1] as string)) w--;
    if (!COMMAND_PREFIX.test(text.slice(w, i))) return false;
    i = w;
  }
}

/** The words on a line that the rules reading masked quotes (`unquote`) need: each match names a fetcher. */
const UNQUOTE_LINE_WORDS = ['curl', 'wget', 'http', 'iwr', 'irm', 'invoke-'];

/** Set readable[v] for each view the rule reads whose keywords satisfy every group; true when any does. */
function markReadable(readable: Uint8Array, views: View[], present: Uint8Array[], rule: TextRule, groups: number[][]): boolean {
  let some = false;
  for (let v = 0; v < views.length; v++) {
    const ok = (!rule.views || rule.views.includes((views[v] as View).kind)) && groupsMet(present[v] as Uint8Array, groups);
    readable[v] = ok ? 1 : 0;
    some ||= ok;
  }
  return some;
}

function groupsMet(present: Uint8Array, groups: number[][]): boolean {
  for (const ids of groups) {
    let met = false;
    for (const id of ids) {
      if (present[id] === 1) {
        met = true;
        break;
      }
    }
    if (!met) return false;
  }
  return true;
}

function matchesAnywhere(re: RegExp, view: View): boolean {
  re.lastIndex = 0;
  const hit = re.test(view.text);
  re.lastIndex = 0;
  return hit;
}

/** The matches of `re` in the view: line index and text. */
function nearMatchesOf(re: RegExp, view: View): Array<[number, string]> {
  const found: Array<[number, string]> = [];
  re.lastIndex = 0;
  for (let m = re.exec(view.text); m !== null; m = re.exec(view.text)) {
    if (m[0].length === 0) re.lastIndex++;
    found.push([lineIndexAt(view.lineStarts, m.index), m[0]]);
  }
  return found;
}

function evidenceOf(view: View, offset: number, matched: string, rule: TextRule): string {
  if (rule.mask) return clip(view.label + maskSecret(matched.split('\n')[0] as string));
  const idx = lineIndexAt(view.lineStarts, offset);
  const lineStart = view.lineStarts[idx] as number;
  const next = view.lineStarts[idx + 1];
  const line = view.text.slice(lineStart, next === undefined ? view.text.length : next - 1);
  const col = offset - lineStart;
  const room = MAX_EVIDENCE - view.label.length - 2;
  const from = Math.max(0, Math.min(col - 20, line.length - room));
  let s = line.slice(from, from + room).trim();
  if (from > 0) s = '…' + s;
  if (from + room < line.length) s += '…';
  return clip(view.label + s);
}

function viewLine(view: View): (idx: number) => string | undefined {
  return (idx) => {
    if (idx < 0 || idx >= view.lineStarts.length) return undefined;
    const start = view.lineStarts[idx] as number;
    const next = view.lineStarts[idx + 1];
    return view.text.slice(start, next === undefined ? view.text.length : next - 1);
  };
}

/**
 * Is the line at `idx` a description rather than an instruction? Documents and data files named
 * as attack catalogues are, in any skill. The rest only in a skill that presents itself as a
 * security tool (elsewhere a nearby "never", "detect" or "payload" is a cheap way to turn a block
 * into a warning): its test fixtures; prose whose line, two lines before, or nearest heading above
 * speak about detection or danger (in SKILL.md, which the agent follows, only the line itself);
 * data with such a field nearby; code whose line or the one before defines a detection pattern.
 */
function isDescribed(path: string, lineAt: (idx: number) => string | undefined, idx: number, securityTool: boolean, ran: boolean): boolean {
  // A file the skill tells to run (`bash docs/payloads.txt`) is a program, whatever its name says.
  if (ran) return false;
  const isDoc = DOC_FILE.test(path);
  if ((isDoc || DATA_FILE.test(path)) && CATALOGUE_NAME.test(path)) return true;
  if (!securityTool) return false;
  if (SAMPLE_PATH.test(path)) return true;
  if (DATA_FILE.test(path)) {
    for (let i = idx - 8; i <= idx + 2; i++) if (DESCRIPTIVE_PROSE.test(lineAt(i) ?? '')) return true;
    return false;
  }
  if (!isDoc) return [idx, idx - 1].some((i) => PATTERN_DEFINITION.test(lineAt(i) ?? ''));
  // SKILL.md is what the agent follows: there only the line itself can mark a quotation.
  if (/(?:^|\/)skill\.md$/i.test(path)) return DESCRIPTIVE_PROSE.test(lineAt(idx) ?? '');
  if ([idx, idx - 1, idx - 2].some((i) => DESCRIPTIVE_PROSE.test(lineAt(i) ?? ''))) return true;
  for (let i = idx - 1; i >= 0 && i >= idx - 40; i--) {
    const l = lineAt(i) ?? '';
    if (/^\s*#{1,6}\s/.test(l)) return DESCRIPTIVE_PROSE.test(l);
  }
  return false;
}

function downgrade(f: Finding): void {
  f.severity = 'warn';
  f.message += ' (quoted as an example or detection pattern, so reported as a warning)';
}

/** Offset of the closing `---` of a leading YAML frontmatter, or 0 when there is none. */
function frontmatterEnd(text: string): number {
  if (!text.startsWith('---')) return 0;
  const close = text.indexOf('\n---', 3);
  return close === -1 ? 0 : close;
}
