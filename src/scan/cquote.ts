// bash's ANSI-C quoting, read as the shell reads it: shared by the word reader (shellword.ts) and
// the rules that read a command's words themselves (rules.ts), which shellword.ts imports.

/** ANSI-C quoting's escapes (`$'…'`), and printf's and `echo -e`'s. */
export function unescapeC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    const c = e[0] as string;
    if (c === 'x' || c === 'u' || c === 'U') {
      const cp = parseInt(e.slice(1), 16);
      return cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '';
    }
    if (/[0-7]/.test(c)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return ({ n: '\n', t: '\t', r: '\r', a: '', b: '', e: '', E: '', f: '', v: '', '\\': '\\', "'": "'", '"': '"', '?': '?' } as Record<string, string>)[c] ?? `\\${e}`;
  });
}

// The characters that end a command or a substitution, masked where the shell reads them as text.
const OPERATOR = new Set(['|', ')', ';', '&']);
const MASK = '\x01';
// An operator inside a substitution that is a download's argument (`curl -A "$(uname | tr a b)" URL`):
// it ends nothing for the download either, but it is not quoted (readsQuotedPipe reads only MASK).
const MASK_ARG = '\x02';
// The fetchers whose arguments a substitution may sit in.
const FETCHER = /^(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)(?![\w-])/i;

/**
 * `text` with each `|`, `)`, `;` and `&` that sits inside shell quotes ('…', $'…', "…") replaced by
 * a control character, so that rules written as "up to the pipe" or "up to the closing
 * parenthesis" (`curl … | sh`, `$(curl …)`) read `curl "https://x.example/a|b" | sh` and
 * `"$(curl 'https://x.example/i.sh?a=)')"` as the shell does. Same length and lines as `text`.
 * A command substitution (`$(…)`, backticks) inside double quotes is code again, with quotes of
 * its own. Read line by line: a quote still open at the line break (an apostrophe in prose)
 * quotes nothing, and that line is left as written. With `words` (lower case) and `lower` (the
 * text lowercased), only the lines that hold one of the words are read (speed: the rules that
 * ask name a fetcher on the line).
 */
export function maskQuotedOperators(text: string, lower?: string, words?: string[]): Unquoted {
  const lines: Array<[number, number]> = [];
  if (lower !== undefined && words !== undefined) {
    const seen = new Set<number>();
    for (const w of words) {
      for (let at = lower.indexOf(w); at !== -1; at = lower.indexOf(w, at + 1)) {
        const start = lower.lastIndexOf('\n', at) + 1;
        let end = lower.indexOf('\n', at);
        if (end === -1) end = lower.length;
        if (!seen.has(start)) {
          seen.add(start);
          lines.push([start, end]);
        }
        at = end;
      }
    }
    lines.sort((a, b) => a[0] - b[0]);
  } else {
    for (let start = 0; start <= text.length; ) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      lines.push([start, end]);
      start = end + 1;
    }
  }
  let out = '';
  let kept = 0;
  let from = text.length;
  let quoted: Uint8Array | undefined;
  const marks = () => (quoted ??= new Uint8Array(text.length));
  for (const [start, end] of lines) {
    const masks = quotedOperatorsOf(text, start, end, marks);
    if (masks.length > 0 && from === text.length) from = start;
    for (const m of masks) {
      const at = m < 0 ? -m - 1 : m;
      out += text.slice(kept, at) + (m < 0 ? MASK_ARG : MASK);
      kept = at + 1;
    }
  }
  return { text: kept === 0 ? text : out + text.slice(kept), from, quoted };
}

type Context = 'single' | 'ansi' | 'double' | 'code' | 'tick';

/** maskQuotedOperators's answer. */
export interface Unquoted {
  text: string;
  /** Where the first changed line starts (the text's length when none changed). */
  from: number;
  /** 1 at each offset inside quotes, on the lines read (absent when no line had a quote). */
  quoted?: Uint8Array;
}

/**
 * Offsets of the quoted operators of the line [start, end), and (as -offset-1) of the operators
 * inside a substitution that is a download's argument; none when a quote is left open.
 */
function quotedOperatorsOf(text: string, start: number, end: number, quoted: () => Uint8Array): number[] {
  // Cheap exit: no quote or substitution on the line, or no operator.
  let quote = false;
  let op = false;
  for (let i = start; i < end && !(quote && op); i++) {
    const c = text[i] as string;
    if (c === '"' || c === "'" || c === '`' || (c === '(' && text[i - 1] === '$')) quote = true;
    else if (OPERATOR.has(c)) op = true;
  }
  if (!quote || !op) return [];
  const masks: number[] = [];
  const marks = quoted();
  const stack = walkLine(text, start, end, masks, marks);
  // A quote open at the line break: an apostrophe, not a quote.
  if (stack.some(isQuote)) {
    marks.fill(0, start, end);
    return [];
  }
  return masks;
}

const isQuote = (c: Context) => c === 'single' || c === 'ansi' || c === 'double';

/**
 * The quoting contexts open after reading [start, end); pushes the quoted operators' offsets to
 * `masks` (and, as -offset-1, those inside a substitution that is a download's argument: a
 * `$(…)`, `(…)` or backtick group opened after curl, wget or a PowerShell fetcher in the same
 * command, up to that command's own `|`, `;` or `&`) and marks in `quoted` each offset that sits
 * inside quotes (at any depth).
 */
function walkLine(text: string, start: number, end: number, masks: number[], quoted: Uint8Array): Context[] {
  const stack: Context[] = ['code'];
  // Per frame: whether it lies inside a download's argument; for code frames, whether their
  // current command is a download.
  const inArg: boolean[] = [false];
  const fetching: boolean[] = [false];
  const push = (c: Context) => {
    const i = stack.length - 1;
    stack.push(c);
    inArg.push((inArg[i] as boolean) || (fetching[i] as boolean));
    fetching.push(false);
  };
  const pop = () => {
    stack.pop();
    inArg.pop();
    fetching.pop();
  };
  let quotes = 0;
  for (let i = start; i < end; i++) {
    if (quotes > 0) quoted[i] = 1;
    const c = text[i] as string;
    const depth = stack.length - 1;
    const top = stack[depth] as Context;
    if (top === 'single') {
      if (c === "'") {
        pop();
        quotes--;
      } else if (OPERATOR.has(c)) masks.push(i);
    } else if (top === 'ansi') {
      if (c === '\\') {
        if (OPERATOR.has(text[i + 1] ?? '')) masks.push(i + 1);
        i++;
      } else if (c === "'") {
        pop();
        quotes--;
      } else if (OPERATOR.has(c)) masks.push(i);
    } else if (top === 'double') {
      if (c === '\\') {
        if (OPERATOR.has(text[i + 1] ?? '')) masks.push(i + 1);
        i++;
      } else if (c === '"') {
        pop();
        quotes--;
      } else if (c === '$' && text[i + 1] === '(') {
        push('code');
        i++;
      } else if (c === '`') push('tick');
      else if (OPERATOR.has(c)) masks.push(i);
    } else {
      // Code: the top level, a $(…) or (…) group, or a backtick substitution.
      // `$'…'` is ANSI-C quoting (its `\'` is no end), `$$` the shell's pid, `\$` a dollar sign: in
      // `\$'…'` and `$$'…'` the quote is a plain one, which the first `'` ends.
      const arg = inArg[depth] as boolean;
      if (c === '\\') i++;
      else if (c === '$' && text[i + 1] === '$') i++;
      else if (c === '$' && text[i + 1] === "'" && i + 1 < end) {
        push('ansi');
        quotes++;
        i++;
      } else if (c === "'") {
        push('single');
        quotes++;
      } else if (c === '"') {
        push('double');
        quotes++;
      } else if (c === '`') {
        if (top === 'tick') pop();
        else push('tick');
      } else if (c === '(') push('code');
      else if (c === ')' && depth > 0 && top === 'code') {
        if (arg) masks.push(-i - 1);
        pop();
      } else if (c === '|' || c === ';' || c === '&') {
        if (arg) masks.push(-i - 1);
        else fetching[depth] = false;
      } else if (!fetching[depth] && /[a-z]/i.test(c) && !/[\w-]/.test(text[i - 1] ?? '') && FETCHER.test(text.slice(i, i + 18))) fetching[depth] = true;
    }
  }
  return stack;
}
