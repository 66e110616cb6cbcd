// Minified JavaScript laid out one statement a line, for the value-flow pass (flow.ts), which reads
// code a statement at a time and tells a function's body by its indentation: `function a(){return
// fetch(u).then(r=>r.text())}a().then(eval)` on one line, or a body whose `return` sits at column
// 0, reads as the same code written out. A line break goes after `{` and `;` and around `}` (not
// inside parentheses or brackets of the same block, strings, templates, comments or regular
// expressions); a line inside braces is indented. Each new line is one run of the old text, so an
// offset maps back by its line. Linear in the text; only views that look minified are laid out.

/** Text laid out, and for each of its lines the offset in the old text where it starts and how far it is indented. */
export interface Reflowed {
  text: string;
  lineStarts: number[];
  /** Offset in the old text of each line's first character (after its indentation). */
  origin: number[];
  indent: number[];
}

// A named function defined after another statement on its line, a function or arrow bound to a name
// there, a body that returns on the line of its brace and is followed by more code, or a `return`
// at column 0: what minified code, and nothing indented by hand, looks like. (Bounded repeats: no
// pattern can scan a long line once for each of its characters.)
const MINIFIED = /[;{}][ \t]*(?:async[ \t]+)?function\b[ \t]*\*?[ \t]*[A-Za-z_$][\w$]*[ \t]*\(|[;{}][ \t]*(?:var|let|const)[ \t]+[A-Za-z_$][\w$]*[ \t]*=[ \t]*(?:async[ \t]+)?(?:function\b|\([^()\n]{0,100}\)[ \t]*=>|[A-Za-z_$][\w$]*[ \t]*=>)|\)[ \t]*\{[ \t]*return\b[^\n{}]{0,400}\}[ \t]*[;,]?[ \t]*[A-Za-z_$(!]|^return\b/m;

/** Whether a JavaScript view looks minified (see MINIFIED). */
export function looksMinified(text: string): boolean {
  return MINIFIED.test(text);
}

// The characters after which a `/` starts a regular expression, not a division.
const BEFORE_REGEX = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));

/** `text` laid out one statement a line (see the file's head). */
export function reflow(text: string): Reflowed {
  const parts: string[] = [];
  const lineStarts: number[] = [0];
  const origin: number[] = [];
  const indent: number[] = [];
  let length = 0;
  // Brace depth, and for each open brace the depth of parentheses and brackets inside it.
  let braces = 0;
  const parens: number[] = [0];
  // Template literals open at each brace level that a `${` entered.
  const templates: number[] = [];
  let runStart = -1;
  let lineOpen = false;
  let prev = '';
  const flush = (end: number) => {
    if (runStart !== -1 && end > runStart) {
      parts.push(text.slice(runStart, end));
      length += end - runStart;
    }
    runStart = -1;
  };
  // Start a line at `at` (an offset of the old text), indented by the depth `depth`.
  // Where the open line's text starts in the old text.
  let lineBegin = -1;
  const startLine = (at: number, depth: number) => {
    lineBegin = at;
    const pad = depth > 0 ? '  ' : '';
    parts.push(pad);
    length += pad.length;
    origin.push(at);
    indent.push(pad.length);
    runStart = at;
    lineOpen = true;
  };
  // The last line break was put in, not the old text's own.
  let inserted = false;
  const breakLine = (end: number) => {
    flush(end);
    if (!lineOpen) return;
    inserted = true;
    parts.push('\n');
    length += 1;
    lineStarts.push(length);
    lineOpen = false;
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i] as string;
    if (!lineOpen) {
      if (c === ' ' || c === '\t') continue;
      if (c === '\n') {
        // The end of a line already broken after its `{`, `;` or `}`.
        if (inserted) {
          inserted = false;
          continue;
        }
        // A blank line stays one.
        startLine(i, 0);
        breakLine(i);
        inserted = false;
        continue;
      }
      startLine(i, c === '}' ? braces - 1 : braces);
    }
    if (c === '\n') {
      breakLine(i);
      inserted = false;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = Math.min(j, n - 1);
      if (text[i] === '\n') i--;
      prev = c;
      continue;
    }
    if (c === '`' || (c === '}' && templates.length > 0 && templates[templates.length - 1] === braces)) {
      // A template's text, from its backtick (or the `}` that ends an `${…}`), to its end or next `${`.
      if (c === '}') templates.pop();
      let j = i + 1;
      while (j < n && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
      if (j < n && text[j] === '$') {
        templates.push(braces);
        j++;
      }
      // Lines inside the template are the old text's lines, as they are.
      // Read within [i, j) only: indexOf would look to the end of a one-line file for every template.
      for (let k = i + 1; k < j && k < n; k++) {
        if (text.charCodeAt(k) !== 10) continue;
        breakLine(k);
        startLine(k + 1, 0);
      }
      i = Math.min(j, n - 1);
      prev = '`';
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? n : end) - 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      const leads = lineBegin === i;
      for (let k = i; k < stop; k++) {
        if (text.charCodeAt(k) !== 10) continue;
        breakLine(k);
        startLine(k + 1, braces);
      }
      i = stop - 1;
      // A comment that opens a line ends it: the statement after it starts its own (`/*!x*/function f(){`).
      if (leads && stop < n && text[stop] !== '\n') breakLine(stop);
      continue;
    }
    if (c === '/' && (prev === '' || BEFORE_REGEX.has(prev) || /\breturn\s*$/.test(text.slice(Math.max(0, i - 8), i)))) {
      let j = i + 1;
      let inClass = false;
      while (j < n && text[j] !== '\n' && (inClass || text[j] !== '/')) {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        j++;
      }
      if (j < n && text[j] === '/') {
        i = j;
        prev = 'a';
        continue;
      }
    }
    if (c !== ' ' && c !== '\t') prev = c;
    const level = parens.length - 1;
    if (c === '(' || c === '[') parens[level] = (parens[level] as number) + 1;
    else if (c === ')' || c === ']') parens[level] = Math.max(0, (parens[level] as number) - 1);
    else if (c === '{') {
      const open = parens[level] === 0;
      braces++;
      parens.push(0);
      if (open) breakLine(i + 1);
    } else if (c === '}') {
      if (parens.length > 1) parens.pop();
      const closes = parens[parens.length - 1] === 0;
      braces = Math.max(0, braces - 1);
      if (closes) {
        // On a line of its own, and the code after it on another (not `})`, `},`, `};`, `}.x`, `} else`).
        if (i > (runStart === -1 ? i : runStart)) {
          breakLine(i);
          startLine(i, braces);
        }
        const rest = /^[ \t]*(?:[)\],;.]|(?:else|catch|finally|while)\b)/.test(text.slice(i + 1, i + 12));
        if (!rest) breakLine(i + 1);
      }
    } else if (c === ';' && parens[level] === 0) breakLine(i + 1);
  }
  flush(n);
  return { text: parts.join(''), lineStarts, origin, indent };
}

/** The offset in the old text of `offset` in the laid-out one. */
export function originOf(r: Reflowed, line: number, offset: number): number {
  const col = offset - (r.lineStarts[line] as number) - (r.indent[line] as number);
  return (r.origin[line] as number) + Math.max(0, col);
}
