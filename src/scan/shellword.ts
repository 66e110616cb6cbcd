// Shell-level de-obfuscation, the last step of normalise(): the text a shell (or PowerShell, or a
// Python/JavaScript string) would act on, where the written text hides it. `c""url`, `cu''rl`,
// `c\url`, `$'\x63url'`, `"$(printf 'cu%s' rl)"`, `a=cu; b=rl; $a$b`, `${IFS}` for a space, a
// command continued over lines with `\`, `|&`, HTML entities, PowerShell's `I`EX`, and string
// literals joined with `+` all run as the plain command. Rewriting them here lets every rule read
// the plain form, rather than each rule learning each spelling.
//
// Bounded and cheap: each step looks for its trigger with one search over the text and touches
// only the lines that hold one; a word is rewritten only when its plain form reveals something
// the rules look for (one of their keywords, or a base64/hex blob) that its written form hides,
// so quoting in ordinary code and prose (`print("a\nb")`, `C:\Users`, `don't`) is left as written.
// Every step keeps the number of lines.

import { unescapeC } from './cquote.js';
import { TEXT_RULES } from './rules.js';

// The rules' keywords (what their prefilters look for), with the shell and decoder names beside
// them: a word whose plain form holds one its written form does not is worth rewriting.
const REVEAL_WORDS = [
  ...new Set(
    [
      ...TEXT_RULES.flatMap((r) => [...r.any, ...(r.also ?? []).flat()]),
      ...['sh', 'bash', 'zsh', 'dash', 'ksh', 'python', 'perl', 'ruby', 'node', 'php', 'eval', 'exec', 'source', 'chmod', 'base64', 'base32', 'xxd', 'openssl', 'gunzip', 'zcat', '/tmp/', '.ssh', 'http'],
    ]
      .map((k) => k.toLowerCase())
      .filter((k) => /[a-z0-9]/.test(k) && k.trim().length >= 2),
  ),
];
const BY_PREFIX = new Map<string, string[]>();
for (const k of REVEAL_WORDS) {
  const key = k.slice(0, 2);
  BY_PREFIX.set(key, [...(BY_PREFIX.get(key) ?? []), k]);
}
const BLOB_RUN = /[A-Za-z0-9+/_-]{32,}/;
const REVEAL_HEAD = 4096;

/** Whether `plain` holds a keyword or a blob that `written` does not. */
export function reveals(plain: string, written: string): boolean {
  if (plain === written) return false;
  // Keywords are short words of a command: the head of a long word (a blob, a data line) is
  // enough, and keeps the cost of a hostile file's long words linear.
  const p = plain.slice(0, REVEAL_HEAD).toLowerCase();
  let w: string | null = null;
  // Each position of the plain word is looked up by its first two characters.
  for (let i = 0; i + 1 < p.length; i++) {
    const ks = BY_PREFIX.get(p.slice(i, i + 2));
    if (ks === undefined) continue;
    for (const k of ks) {
      if (!p.startsWith(k, i)) continue;
      w ??= written.slice(0, REVEAL_HEAD * 2).toLowerCase();
      if (!w.includes(k)) return true;
    }
  }
  return BLOB_RUN.test(plain) && !BLOB_RUN.test(written);
}

/** Replace the lines of `text` at the given starts with `fix(line)`; the line count never changes. */
function rewriteLines(text: string, starts: number[], fix: (line: string) => string): string {
  let out = '';
  let kept = 0;
  for (const start of starts) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(start, end);
    const fixed = fix(line).replace(/\n/g, ' ');
    out += text.slice(kept, start) + fixed;
    kept = end;
  }
  return kept === 0 && out === '' ? text : out + text.slice(kept);
}

/** The starts of the lines holding the given offsets (ascending or not), one forward pass over the text. */
function lineStartsAt(text: string, offsets: number[]): number[] {
  offsets.sort((a, b) => a - b);
  const starts: number[] = [];
  let start = 0;
  let next = text.indexOf('\n');
  for (const at of offsets) {
    while (next !== -1 && next < at) {
      start = next + 1;
      next = text.indexOf('\n', start);
    }
    if (starts[starts.length - 1] !== start) starts.push(start);
  }
  return starts;
}

// --- HTML entities ---------------------------------------------------------------------------------
// A rendered page shows `cu&#114;l` as `curl`, and a model reading the raw text reads it so too.
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8}));/g;
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', vert: '|', verbar: '|', semi: ';', colon: ':', num: '#', dollar: '$',
  lpar: '(', rpar: ')', grave: '`', bsol: '\\', sol: '/', excl: '!', period: '.', comma: ',', lowbar: '_', hyphen: '-', dash: '-', equals: '=', tilde: '~', ast: '*',
};

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? m;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return m;
    // A line break stays a blank: the line count is kept.
    if (cp === 10 || cp === 13 || cp === 0x85 || cp === 0x2028 || cp === 0x2029) return ' ';
    return String.fromCodePoint(cp);
  });
}

// --- the shell's view of a line ---------------------------------------------------------------------

/** Literal values of shell variables (and aliases) assigned once in the text. */
type Vars = Map<string, string>;

const SEPARATOR = new Set([' ', '\t', '|', ';', '&', '<', '>', '(', ')', '`', '\n']);
const MAX_DEPTH = 3;

/** End (exclusive) of the `$(…)` opening at `open` (the index of `(`), or -1. Quotes inside are skipped. */
function closeParen(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') i++;
    else if (ch === "'") {
      const q = line.indexOf("'", i + 1);
      if (q === -1) return -1;
      i = q;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

interface Word {
  end: number;
  value: string;
  /** Parts the word is made of (unquoted runs, quoted strings, escapes, expansions). */
  parts: number;
  /** Something only a shell resolves: ANSI-C quoting, a printf/echo substitution, a variable. */
  resolved: boolean;
  /** False when the word holds something not resolved (a command substitution, an unknown variable). */
  literal: boolean;
}

/** The shell word starting at `i` (not a separator): its plain value and how it was written. */
function readWord(line: string, i: number, vars: Vars, depth: number): Word | null {
  let value = '';
  let parts = 0;
  let resolved = false;
  let literal = true;
  let kind = '';
  const part = (k: string) => {
    if (k !== kind || k !== 'bare') parts++;
    kind = k;
  };
  while (i < line.length && !SEPARATOR.has(line[i] as string)) {
    const ch = line[i] as string;
    if (ch === '\\') {
      if (i + 1 >= line.length) return null;
      part('escape');
      value += line[i + 1];
      i += 2;
    } else if (ch === "'") {
      const q = line.indexOf("'", i + 1);
      if (q === -1) return null;
      part('single');
      value += line.slice(i + 1, q);
      i = q + 1;
    } else if (ch === '$' && line[i + 1] === "'") {
      let q = i + 2;
      while (q < line.length && line[q] !== "'") q += line[q] === '\\' ? 2 : 1;
      if (q >= line.length) return null;
      part('ansi');
      value += unescapeC(line.slice(i + 2, q));
      resolved = true;
      i = q + 1;
    } else if (ch === '"') {
      part('double');
      const inner = readDouble(line, i + 1, vars, depth);
      if (inner === null) return null;
      value += inner.value;
      resolved ||= inner.resolved;
      literal &&= inner.literal;
      i = inner.end;
    } else if (ch === '$') {
      const x = expansion(line, i, vars, depth);
      part('expansion');
      value += x.value;
      resolved ||= x.resolved;
      literal &&= x.literal;
      i = x.end;
    } else {
      part('bare');
      value += ch;
      i++;
    }
  }
  return { end: i, value, parts, resolved, literal };
}

/** A double-quoted string from `i` (after its `"`): escapes and expansions resolved. */
function readDouble(line: string, i: number, vars: Vars, depth: number): { end: number; value: string; resolved: boolean; literal: boolean } | null {
  let value = '';
  let resolved = false;
  let literal = true;
  while (i < line.length && line[i] !== '"') {
    const ch = line[i] as string;
    if (ch === '\\' && i + 1 < line.length) {
      const n = line[i + 1] as string;
      value += '$`"\\'.includes(n) ? n : ch + n;
      i += 2;
    } else if (ch === '$') {
      const x = expansion(line, i, vars, depth);
      value += x.value;
      resolved ||= x.resolved;
      literal &&= x.literal;
      i = x.end;
    } else {
      value += ch;
      i++;
    }
  }
  return i < line.length ? { end: i + 1, value, resolved, literal } : null;
}

/** `$NAME`, `${NAME}` or `$(…)` at `i`. */
function expansion(line: string, i: number, vars: Vars, depth: number): { end: number; value: string; resolved: boolean; literal: boolean } {
  if (line[i + 1] === '(' && line[i + 2] !== '(') {
    const end = closeParen(line, i + 1);
    if (end === -1) return { end: line.length, value: line.slice(i), resolved: false, literal: false };
    const inner = line.slice(i + 2, end - 1);
    const printed = depth < MAX_DEPTH ? printedBy(inner, vars, depth + 1) : null;
    if (printed !== null) return { end, value: printed, resolved: true, literal: true };
    const plain = depth < MAX_DEPTH ? shellLine(inner, vars, depth + 1) : inner;
    return { end, value: `$(${plain})`, resolved: plain !== inner, literal: false };
  }
  const m = /^\$(?:\{([A-Za-z_]\w{0,63})\}|([A-Za-z_]\w{0,63}))/.exec(line.slice(i, i + 70));
  if (!m) return { end: i + 1, value: '$', resolved: false, literal: true };
  const name = (m[1] ?? m[2]) as string;
  const known = vars.get(name);
  if (known === undefined) return { end: i + m[0].length, value: m[0], resolved: false, literal: false };
  return { end: i + m[0].length, value: known, resolved: true, literal: true };
}

/** What `printf FORMAT ARGS` or `echo ARGS` prints, when every word of it is literal; else null. */
function printedBy(command: string, vars: Vars, depth: number): string | null {
  const m = /^\s*(printf|echo)\s+/.exec(command);
  if (!m || /[|;&<>`]/.test(command)) return null;
  const words: string[] = [];
  let i = m[0].length;
  while (i < command.length) {
    if (command[i] === ' ' || command[i] === '\t') {
      i++;
      continue;
    }
    const w = readWord(command, i, vars, depth);
    // Null, not literal, or a separator where a word was due (`echo (x)`): not a plain print.
    if (w === null || !w.literal || w.end === i) return null;
    words.push(w.value);
    i = w.end;
  }
  if (m[1] === 'echo') {
    let escapes = false;
    while (/^-[neE]+$/.test(words[0] ?? '')) escapes ||= (words.shift() as string).includes('e');
    const s = words.join(' ');
    return escapes ? unescapeC(s) : s;
  }
  const format = words.shift();
  if (format === undefined) return null;
  let arg = 0;
  const out = unescapeC(format).replace(/%([%sbcdq])/g, (_x, f: string) => {
    if (f === '%') return '%';
    const a = words[arg++] ?? '';
    return f === 'b' ? unescapeC(a) : f === 'c' ? a.slice(0, 1) : a;
  });
  return out.replace(/\n+$/, '');
}

/** The line with every word whose plain form reveals what its written form hides rewritten to it. */
function shellLine(line: string, vars: Vars, depth = 0): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (SEPARATOR.has(ch)) {
      out += ch;
      i++;
      continue;
    }
    const w = readWord(line, i, vars, depth);
    if (w === null) return out + line.slice(i);
    const written = line.slice(i, w.end);
    if ((w.parts >= 2 || w.resolved) && reveals(w.value, written)) out += w.value;
    else out += depth < MAX_DEPTH ? quotedCommand(written, vars, depth) : written;
    i = w.end;
  }
  return out;
}

/**
 * A string written whole in quotes that a program hands to a shell (`os.system("c''url …")`,
 * `execSync('…')`, `sh -c '…'`): its text read as a command line, the quotes kept around it.
 */
function quotedCommand(written: string, vars: Vars, depth: number): string {
  const q = written[0];
  if ((q !== '"' && q !== "'") || written.length < 3 || written[written.length - 1] !== q) return written;
  const inner = written.slice(1, -1);
  // The string's own quote cannot stand in it unescaped; a string with escapes is left alone.
  if (inner.includes(q) || inner.includes('\\')) return written;
  const plain = shellLine(inner, vars, depth + 1);
  return plain !== inner && reveals(plain, inner) ? q + plain + q : written;
}

// A word with quoting inside it: an empty or closed quote touching a word character, ANSI-C
// quoting, a backslash inside a bare word, or a printf/echo substitution. Quotes around a whole
// word, and backslashes inside quoted strings (`"a\nb"`), are not triggers.
// Every branch starts by consuming the quote, backslash or `$` itself (what precedes it is read by
// a lookbehind after it), so the search skips from one such character to the next: ten times
// faster than branches that start with a lookbehind or a class of word characters.
const SHELL_TRIGGER = new RegExp(
  [
    String.raw`(?:""|'')(?<=[\w./-]..)(?=[\w./-])`,
    String.raw`(["'])[\w./-]+\1[A-Za-z0-9_]`,
    String.raw`(["'])(?<=[A-Za-z0-9_]{2}.)[\w./-]+\2`,
    String.raw`\$'`,
    String.raw`\\[A-Za-z0-9./](?<=(?:^|[\s|;&(\x60])[\w./~:@%+=,-]*[A-Za-z0-9]\\.)`,
    String.raw`\\[A-Za-z](?<=(?:^|[\s|;&(\x60])\\.)`,
    String.raw`\$\(\s*(?:printf|echo)\s`,
  ].join('|'),
  'gm',
);

// A variable given a literal value (`a=cu`, `export H='203.0.113.7'`), or an alias (`alias get=curl`).
// Found from its `=` (a lookbehind reads the name): five times faster than from every line start,
// and one search for both (a separate one for `alias` cost as much as all the rest).
const ASSIGNMENT = /=(?<=(?:^|[;&])[ \t]*(?:(export|local|readonly|declare|alias)[ \t]+)?([A-Za-z_][\w-]{0,63})=)/gm;
// The literal value after the `=`; any other (`x=$(…)`, `x="$y/z"`) makes the variable unknown.
const LITERAL_VALUE = /(?:'([^'\n]{0,200})'|"([^"\n$`\\]{0,200})"|([\w./:@%+,=-]{0,200}))(?=[ \t;]|$)/my;
const MAX_VARS = 256;

const USE = /\$\{?([A-Za-z_]\w{0,63})/g;

/**
 * The variables the text assigns one literal value and uses (`$name`, `${name}`), with the offsets
 * of those uses, and the aliases it defines.
 */
function definitionsIn(text: string): { vars: Vars; uses: number[]; aliases: Vars } {
  const vars: Vars = new Map();
  const aliases: Vars = new Map();
  const uses: number[] = [];
  if (!text.includes('=')) return { vars, uses, aliases };
  const dropped = new Set<string>();
  for (const m of text.matchAll(ASSIGNMENT)) {
    const name = m[2] as string;
    LITERAL_VALUE.lastIndex = m.index + 1;
    const v = LITERAL_VALUE.exec(text);
    const value = v === null ? null : ((v[1] ?? v[2] ?? v[3]) as string);
    if (m[1] === 'alias') {
      if (value !== null && value !== '' && aliases.size < MAX_VARS) aliases.set(name, value);
      continue;
    }
    if (dropped.has(name)) continue;
    // Given a value only run time knows somewhere: not a constant.
    if (value === null) {
      vars.delete(name);
      dropped.add(name);
      continue;
    }
    // Assigned twice with different values: which one a use sees is not known here.
    if (vars.has(name) && vars.get(name) !== value) {
      vars.delete(name);
      dropped.add(name);
      continue;
    }
    if (vars.size < MAX_VARS) vars.set(name, value);
  }
  if (vars.size > 0 && text.includes('$')) for (const m of text.matchAll(USE)) if (vars.has(m[1] as string)) uses.push(m.index);
  return { vars, uses, aliases };
}

/** Aliases used at a command's start (line start, after `|`, `;`, `&`, `(`), replaced by their value when that reveals something. */
function expandAliases(text: string, aliases: Vars): string {
  if (aliases.size === 0) return text;
  const names = [...aliases.keys()].map((n) => n.replace(/[-]/g, '\\-')).join('|');
  const AT = new RegExp(String.raw`(^|[|;&(\x60]|\$\()([ \t]*)(${names})(?=[ \t]|$)`, 'gm');
  return text.replace(AT, (m, before: string, blank: string, name: string) => {
    const value = aliases.get(name) as string;
    return reveals(value, name) ? before + blank + value : m;
  });
}

// --- PowerShell and code ------------------------------------------------------------------------------
// PowerShell's escape character inside a word (`I`EX`, `Downlo`adString`) is ignored before a letter.
const PS_TICK = /(?<![\w`-])[A-Za-z][\w-]*`[\w`-]*/g;
const PS_TICK_HINT = /`(?<=[A-Za-z]`)(?=[A-Za-z])/;
// String literals joined with `+` (Python, JavaScript): `'~/.' + 'ssh/id_rsa'`.
const CONCAT = /(["'])([^"'\\\n]{0,200})\1\s*\+\s*(["'])([^"'\\\n]{0,200})\3/g;
const CONCAT_HINT = /\+(?<=["']\s*\+)\s*["']/;
const MAX_CONCAT_ROUNDS = 4;

function joinConcatenations(text: string): string {
  for (let round = 0; round < MAX_CONCAT_ROUNDS; round++) {
    let changed = false;
    const next = text.replace(CONCAT, (m, q: string, a: string, _q2: string, b: string) => {
      const joined = a + b;
      if (!reveals(joined, `${a} ${b}`)) return m;
      changed = true;
      return q + joined + q;
    });
    if (!changed) return text;
    text = next;
  }
  return text;
}

/**
 * The text as a shell (or PowerShell, or the string a program builds) would act on it, where that
 * reveals what the rules look for. Keeps the number of lines; `text` has `\n` line ends only.
 */
export function deobfuscate(text: string): string {
  // `cmd \` + newline continues the command: joined into its first line, blank lines after it.
  if (text.includes('\\\n')) text = joinContinuations(text);
  // `|&` pipes stderr too: for the rules, a pipe.
  if (text.includes('|&')) text = text.replace(/(?<!\|)\|&/g, '| ');
  // An unquoted `$IFS` is a blank to the shell.
  if (text.includes('IFS')) text = text.replace(/\$\{IFS\}|\$IFS\b/g, ' ');
  if (text.includes('`') && PS_TICK_HINT.test(text)) {
    text = text.replace(PS_TICK, (m) => {
      if (!/[A-Za-z]`[A-Za-z]/.test(m)) return m;
      const plain = m.replace(/`/g, '');
      return reveals(plain, m) ? plain : m;
    });
  }
  if (text.includes('+') && CONCAT_HINT.test(text)) text = joinConcatenations(text);
  const { vars, uses, aliases } = definitionsIn(text);
  const offsets: number[] = uses;
  // The match's last character: its first may be the line break before the word.
  // Text without a quote, a backslash or a `$` has no trigger (most prose): not searched.
  if (text.includes("'") || text.includes('"') || text.includes('\\') || text.includes('$')) {
    for (const m of text.matchAll(SHELL_TRIGGER)) offsets.push(m.index + m[0].length - 1);
  }
  if (offsets.length > 0) text = rewriteLines(text, lineStartsAt(text, offsets), (line) => shellLine(line, vars));
  return expandAliases(text, aliases);
}

/** Join each line ending in an unescaped `\` to the next; the joined lines' count follows as blank lines. */
function joinContinuations(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  // The pieces of the logical line being joined (each line read once: linear in the text).
  let pieces: string[] = [];
  for (const line of lines) {
    const piece = pieces.length === 0 ? line : line.replace(/^[ \t]+/, ' ');
    let slashes = 0;
    for (let k = piece.length - 1; k >= 0 && piece.charCodeAt(k) === 92; k--) slashes++;
    if (slashes % 2 === 1) {
      pieces.push(piece.slice(0, -1));
      continue;
    }
    pieces.push(piece);
    out.push(pieces.join(''));
    for (let k = 1; k < pieces.length; k++) out.push('');
    pieces = [];
  }
  if (pieces.length > 0) {
    out.push(pieces.join(''));
    for (let k = 1; k < pieces.length; k++) out.push('');
  }
  return out.join('\n');
}
