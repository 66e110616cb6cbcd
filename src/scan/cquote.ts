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
