// Data flow between commands: a file that one command downloads (a shell or PowerShell command,
// or code writing an HTTP library's response) and a later one runs, in a later line or code
// block of the same file or in another file of the skill, decoded blobs included; a copy of it
// into PATH links it to its bare name. The text rules see one line (or a few); this links a
// download's target name to where that name is run.

import { isAscii } from 'node:buffer';
import { maskQuotedOperators } from './cquote.js';
import { classify } from './content.js';
import { looksMinified, originOf, reflow } from './reflow.js';
import { remoteModules, REMOTE_MODULE_WORDS, type RemoteModule } from './remote-module.js';
import { downloadSource, DOC_FILE, TEMP_PATH } from './rules.js';
import { decodeText, fileLine, lineIndexAt, lineStartsOf, normalise, type View } from './text.js';

/** A download whose target is a file named in the command. */
export interface Download {
  file: string;
  line: number;
  /** Column on that line, to order a run on the same line after it. */
  col: number;
  /** The target as written (quotes removed) and its last path part. */
  target: string;
  name: string;
  command: string;
  source: 'raw' | 'other';
  /** The target is a temporary or dot-named file (download.temp-exec's paths). */
  temp: boolean;
  /** Inside an HTML comment of a document. */
  hidden: boolean;
  /**
   * A run found beside a download from code whose target is a variable (`open(path, 'wb')` then
   * `subprocess.run([path])`): the variable links them where no name can. The download's `name`
   * is then the literal the variable was given, or empty when none is known.
   */
  run?: Run;
  /** The target sits in a folder on PATH: a bare command name runs it. */
  inPath?: boolean;
  /** Inside a decoded base64 or hex blob. */
  decoded?: boolean;
  /**
   * A copy made by `mv`/`cp`/`install`/`ln -s` of another download: this one's place is the copy
   * command's (runs after it are linked), the finding is reported at the download itself.
   */
  copyOf?: { file: string; line: number; how: string };
}

/** A command that runs a named file. */
export interface Run {
  file: string;
  line: number;
  col: number;
  /** The path as written (quotes removed). */
  path: string;
  name: string;
  /** Run as a program (`./x`, Start-Process), not handed to an interpreter (`bash x`, `python3 x`). */
  direct: boolean;
  /** A bare command name (looked up in PATH): it runs only a download installed there. */
  bare?: boolean;
  /** Inside a decoded base64 or hex blob. */
  decoded?: boolean;
  hidden: boolean;
  evidence: string;
}

// Where a download command starts: curl and wget (found with indexOf, see commandStarts; a
// command in upper case is not one), and PowerShell's cmdlets and the two library calls in any case.
// Also aria2c, tftp and scp from a host (a file fetched as curl -o fetches one), in lower case;
// and PHP's copy() whose source is a URL written out (PHP's URL wrappers fetch it; a copy of a
// local file, or Python's shutil.copy, is no download).
const OTHER_START = /\b(?:invoke-webrequest|iwr|invoke-restmethod|irm|start-bitstransfer)\b|(?:\.downloadfile(?:async)?|\burlretrieve|(?<![\w.$>:-])copy(?=\s*\(\s*["'](?:https?|ftp):\/\/))\s*\(|(?<![\w.-])(?:aria2c|tftp|scp)(?=[ \t])/gi;
// `irm ` with its blank: `irm` alone is in "confirm", and the search below is not cheap.
const OTHER_WORDS = ['invoke-webrequest', 'iwr', 'invoke-restmethod', 'irm ', 'start-bitstransfer', 'downloadfile', 'urlretrieve', 'aria2c', 'tftp', 'scp ', 'copy('];
// A file written from code (Python's open() for writing, pathlib's write_bytes, Node's fs writes)
// whose bytes come from an HTTP library's response fetched a few lines before: the download is
// the pair. Their words: a write's, and a fetch's (few, and most already the rules' keywords:
// each keyword costs every view a lookup).
const LIB_WRITE_WORDS = ['open(', 'write'];
// `request(` and `stream(`: requests.request, httpx.stream, undici.request, http(s).request; `got(`.
const LIB_FETCH_WORDS = ['fetch', 'urlopen', 'axios', '.get(', 'request(', 'stream(', 'got('];
// The markers of a command that writes a file (below); views are normalised, so a tab is a space.
const CURL_MARKERS = [' -', '>'];
const WGET_MARKERS = ['/'];
/**
 * Lower-case words the engine's keyword pass looks for in each view (collectDownloads asks which
 * are there): one of the download words must be, and a marker its command needs.
 */
/** A line whose quotes are read for masked operators names one of these (each command start's word). */
const FETCH_LINE_WORDS = ['curl', 'wget', ...OTHER_WORDS];
export const DOWNLOAD_WORDS = ['curl', 'wget', ...OTHER_WORDS, ...CURL_MARKERS, ...WGET_MARKERS, ...LIB_WRITE_WORDS, ...LIB_FETCH_WORDS];
// curl's and wget's short options that take a value (clustered or not), and long ones that do.
const CURL_VALUE_SHORT = new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz');
const WGET_VALUE_SHORT = new Set('aABDeiIlOoPQRtTUwX');
const CURL_VALUE_LONG = /^--(?:output|output-dir|url|header|data[\w-]*|form[\w-]*|json|user|user-agent|referer|cookie|cookie-jar|proxy|proxy-user|request|max-time|connect-timeout|retry|retry-delay|retry-max-time|write-out|upload-file|cacert|capath|cert|key|resolve|connect-to|limit-rate|proto|proto-redir|range|continue-at|dump-header|config|max-filesize|interface|oauth2-bearer|variable|unix-socket|netrc-file|stderr|trace|trace-ascii|aws-sigv4)$/;
const WGET_VALUE_LONG = /^--(?:output-document|output-file|append-output|directory-prefix|user-agent|header|post-data|post-file|body-data|body-file|method|tries|timeout|wait|input-file|load-cookies|save-cookies|user|password|http-user|http-password|referer|ca-certificate|certificate|private-key|execute|level|accept|reject|quota|base)$/;
// A name the flow can follow: a literal file name (a dot-named one too), not a variable, a
// placeholder or stdout.
const FOLLOWED_NAME = /^\.?\w[\w.+@-]{0,127}$/;
const MAX_COMMAND = 1000;

/**
 * Words of a shell command, quotes removed (a backslash keeps the next character). A redirect
 * starts a word of its own (`URL>out` is `URL`, `>out`), but for a descriptor's (`2>/dev/null`)
 * and the end of a placeholder (`<api_url>/chat`).
 */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote) {
      if (c === quote) quote = '';
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '>' && inWord && !/^(?:\d+|&)$/.test(word) && !word.endsWith('>') && !word.includes('<')) {
      words.push(word);
      word = c;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The last part of a URL's path, or undefined when it has none (`https://x/`, `https://x`). */
function urlBasename(url: string): string | undefined {
  const noScheme = url.replace(/^[a-z][\w+.-]*:\/\//i, '');
  const slash = noScheme.indexOf('/');
  if (slash === -1) return undefined;
  const path = noScheme.slice(slash).replace(/[?#].*$/, '');
  if (path.endsWith('/')) return undefined;
  return path.slice(path.lastIndexOf('/') + 1);
}

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * The file a curl or wget command writes: `-o NAME`, `--output NAME`, `-O` / `--remote-name` (the
 * URL's last part), wget's `-O NAME` and its default (the URL's last part, under `-P DIR`), or a
 * redirect of stdout (`> NAME`). Undefined when it writes to stdout only or the name is unknown.
 */
function curlOrWgetTarget(words: string[]): string | undefined {
  const wget = words[0] === 'wget';
  const valueShort = wget ? WGET_VALUE_SHORT : CURL_VALUE_SHORT;
  const valueLong = wget ? WGET_VALUE_LONG : CURL_VALUE_LONG;
  let output: string | undefined;
  let remoteName = false;
  let prefix = '';
  let url: string | undefined;
  let redirect: string | undefined;
  let named = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w.startsWith('>')) {
      if (w.startsWith('>>') || w.startsWith('>&')) continue;
      redirect = w.length > 1 ? w.slice(1) : words[++i];
      continue;
    }
    if (/^\d?&?>/.test(w)) continue;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const opt = eq === -1 ? w : w.slice(0, eq);
      const value = eq === -1 ? (valueLong.test(opt) ? words[++i] : undefined) : w.slice(eq + 1);
      if (opt === '--output' || opt === '--output-document') output = value;
      else if (opt === '--remote-name' || opt === '--remote-name-all') remoteName = true;
      else if (opt === '--directory-prefix') prefix = value ?? '';
      else if (opt === '--url') url ??= value;
      else if (opt === '--content-disposition' || opt === '--remote-header-name' || opt === '--recursive' || opt === '--input-file') named = true;
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let k = 1; k < w.length; k++) {
        const c = w[k] as string;
        if (!valueShort.has(c)) {
          if (!wget && c === 'O') remoteName = true;
          if (c === 'J' || (wget && c === 'r')) named = true;
          continue;
        }
        const value = k + 1 < w.length ? w.slice(k + 1) : words[++i];
        if (c === (wget ? 'O' : 'o')) output = value;
        else if (wget && c === 'P') prefix = value ?? '';
        else if (wget && c === 'i') named = true;
        break;
      }
      continue;
    }
    url ??= w;
  }
  // `-J` / `--content-disposition`: the server picks the name; `-r`, `-i`: many files.
  if (named) return undefined;
  if (output !== undefined) return output === '-' ? redirect : output;
  const fromUrl = url === undefined ? undefined : urlBasename(url);
  if (remoteName || wget) return fromUrl === undefined ? undefined : prefix ? `${prefix.replace(/\/+$/, '')}/${fromUrl}` : fromUrl;
  return redirect;
}

// PowerShell takes any unambiguous prefix of a parameter's name: `-OutF`, `-Dest`.
const PS_TARGET = /\s-(?:outf|dest)[a-z]*\s+["']?([^\s"';|)]+)/i;
// Start-BitsTransfer's Source and Destination are its first two positional parameters.
const BITS_POSITIONAL = /^start-bitstransfer\s+(?:-source\s+)?["']?[^\s"'-][^\s"']*["']?\s+["']?([^\s"';|)-][^\s"';|)]*)/i;
const CALL_TARGET = /^(?:\.downloadfile(?:async)?|urlretrieve|copy)\s*\(\s*(?:(["'])[^"'\n]+\1|[\w.$]+)\s*,\s*(["'])([^"'\n]+)\2/i;

// Options of scp that take a value (`-P 2222`, `-i key`, `-o Opt=x`).
const SCP_VALUE = new Set(['-P', '-i', '-o', '-F', '-J', '-c', '-l', '-S', '-D', '-X']);

/**
 * The file aria2c, tftp or scp writes, when the command names it: aria2c's `-o NAME` (or the URL's
 * last part) under `-d DIR`; tftp's `-l LOCAL` (or `-r REMOTE`'s last part); scp's last word when
 * an earlier one is remote (`host:path`) and it is not (a folder target takes the source's name).
 */
function otherFetcherTarget(tool: string, words: string[]): string | undefined {
  const value = (i: number, w: string, short: string, long: string): string | undefined =>
    w === short || w === long ? words[i + 1] : w.startsWith(`${long}=`) ? w.slice(long.length + 1) : w.startsWith(short) && short.length === 2 && w.length > 2 && !w.startsWith('--') ? w.slice(2) : undefined;
  if (tool === 'aria2c') {
    let dir: string | undefined;
    let out: string | undefined;
    let url: string | undefined;
    words.forEach((w, i) => {
      dir = value(i, w, '-d', '--dir') ?? dir;
      out = value(i, w, '-o', '--out') ?? out;
      if (/^https?:\/\//i.test(w)) url ??= w;
    });
    const name = out ?? (url === undefined ? undefined : urlBasename(url));
    return name === undefined ? undefined : dir ? `${dir.replace(/\/+$/, '')}/${name}` : name;
  }
  if (tool === 'tftp') {
    let local: string | undefined;
    let remote: string | undefined;
    words.forEach((w, i) => {
      local = value(i, w, '-l', '--local') ?? local;
      remote = value(i, w, '-r', '--remote') ?? remote;
    });
    return local ?? (remote === undefined ? undefined : basename(remote));
  }
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (SCP_VALUE.has(w)) i++;
    else if (!w.startsWith('-')) operands.push(w);
  }
  const target = operands.at(-1);
  const sources = operands.slice(0, -1);
  if (target === undefined || /^[^/]*:/.test(target) || !sources.some((w) => /^[^/\s]+:/.test(w))) return undefined;
  return target === '.' || target.endsWith('/') ? `${target === '.' ? '' : target}${basename((sources[0] as string).replace(/^[^/]*:/, ''))}` : target;
}

/** Where the command at `at` ends: its line (a trailing backslash continues it), or `&&`, `||`, `;`, `|`, a closing backtick or parenthesis. */
function commandEnd(text: string, at: number): number {
  const limit = Math.min(text.length, at + MAX_COMMAND);
  let end = at;
  while (end < limit) {
    const c = text.charCodeAt(end);
    if (c === 10) {
      if (text.charCodeAt(end - 1) !== 92) break;
    } else if (c === 59 || c === 124 || c === 96 || c === 41 || (c === 38 && text.charCodeAt(end + 1) === 38)) {
      break;
    }
    end++;
  }
  return end;
}

/**
 * The download command at `at` in `text`: where it ends, and its text and the file it writes when
 * that file is named.
 */
function downloadAt(text: string, at: number): { end: number; found?: { command: string; target: string } } {
  const first = text.charCodeAt(at);
  // `.DownloadFile(`, `urlretrieve(`, PHP's `copy(URL, …)`: a call whose target is a literal string.
  if (first === 46 || first === 117 || first === 85 || /^copy\s*\(/i.test(text.slice(at, at + 12))) {
    const call = CALL_TARGET.exec(text.slice(at, at + MAX_COMMAND));
    return call ? { end: at + call[0].length, found: { command: call[0], target: call[3] as string } } : { end: at + 1 };
  }
  const end = commandEnd(text, at);
  const command = text.slice(at, end).replace(/\\\n/g, ' ');
  const ps = PS_TARGET.exec(command) ?? BITS_POSITIONAL.exec(command);
  if (ps) return { end, found: { command, target: ps[1] as string } };
  const other = /^(aria2c|tftp|scp)\s/.exec(command);
  if (other) {
    const target = otherFetcherTarget(other[1] as string, shellWords(command).slice(1));
    return target === undefined ? { end } : { end, found: { command, target } };
  }
  if (!/^(?:curl|wget)\b/.test(command)) return { end };
  const target = curlOrWgetTarget(shellWords(command));
  return target === undefined ? { end } : { end, found: { command, target } };
}

/**
 * Positions in `lower` of `word` (a whole word) whose command may write a file: an option or a
 * redirect on its line (curl), a slash (wget's URL), the lines a trailing backslash joins counted.
 * Speed only (prose names curl far more often than it runs it): each marker's next position is
 * found once and kept until the search passes it, so the text is read a bounded number of times.
 */
function commandStarts(lower: string, word: string, markers: string[], out: number[]): void {
  if (markers.length === 0) return;
  const first = lower.indexOf(word);
  const next = markers.map((m) => lower.indexOf(m, first));
  let lineEnd = -1;
  for (let i = first; i !== -1; i = lower.indexOf(word, i + word.length)) {
    // No marker left after here: no later command writes a file.
    if (next.every((at) => at === -1)) return;
    if (isWordChar(lower.charCodeAt(i - 1)) || isWordChar(lower.charCodeAt(i + word.length))) continue;
    if (i > lineEnd) {
      lineEnd = lower.indexOf('\n', i);
      while (lineEnd !== -1 && lower.charCodeAt(lineEnd - 1) === 92) lineEnd = lower.indexOf('\n', lineEnd + 1);
      if (lineEnd === -1) lineEnd = lower.length;
    }
    let writes = false;
    for (let k = 0; k < markers.length; k++) {
      if ((next[k] as number) !== -1 && (next[k] as number) < i) next[k] = lower.indexOf(markers[k] as string, i);
      const at = next[k] as number;
      if (at !== -1 && at < lineEnd) writes = true;
    }
    if (writes) out.push(i);
  }
}

/**
 * Push the named downloads of a file's views: its text, HTML comments and decoded blobs (all of
 * a blob's lines are the line it sits on). `has(v, word)`: view v holds that word of
 * DOWNLOAD_WORDS (the engine's keyword pass knows).
 */
export function collectDownloads(path: string, views: View[], has: (view: number, word: string) => boolean, out: Download[]): void {
  for (let v = 0; v < views.length; v++) {
    const view = views[v] as View;
    const first = out.length;
    collectViewDownloads(path, view, (word) => has(v, word), out);
    if (view.kind !== 'decoded') continue;
    // A blob is one place: what it downloads is there before anything else on its line runs.
    for (let i = first; i < out.length; i++) {
      const d = out[i] as Download;
      d.decoded = true;
      d.col = -1;
    }
  }
}

function collectViewDownloads(path: string, view: View, has: (word: string) => boolean, out: Download[]): void {
  const { lower, text } = view;
  const starts: number[] = [];
  if (has('curl')) commandStarts(lower, 'curl', CURL_MARKERS.filter((m) => has(m)), starts);
  if (has('wget')) commandStarts(lower, 'wget', WGET_MARKERS.filter((m) => has(m)), starts);
  if (OTHER_WORDS.some((w) => has(w))) {
    OTHER_START.lastIndex = 0;
    for (let m = OTHER_START.exec(text); m !== null; m = OTHER_START.exec(text)) starts.push(m.index);
  }
  if (LIB_WRITE_WORDS.some((w) => has(w)) && LIB_FETCH_WORDS.some((w) => has(w))) collectLibraryDownloads(path, view, out);
  // A download word inside the command before it (an argument, a continued line) starts none.
  starts.sort((a, b) => a - b);
  // Each command read twice when a quote on its line holds a `|`, `)`, `;` or `&`: as written (a
  // quoted string a nested shell runs, `osascript -e '… "curl … -o /tmp/a; /tmp/a"'`, ends there)
  // and with those masked (`curl -H "X: a|b" URL -o x`: for the shell, the quote ends nothing).
  const masked = starts.length === 0 ? text : maskQuotedOperators(text, lower, FETCH_LINE_WORDS).text;
  const seen = new Set<string>();
  for (const commands of masked === text ? [text] : [text, masked]) {
    let covered = 0;
    for (const at of starts) {
      if (at < covered) continue;
      const { end, found } = downloadAt(commands, at);
      covered = end;
      if (!found) continue;
      const target = found.target.replace(/^["']|["']$/g, '');
      const name = basename(target);
      // `/dev/null`, `/dev/stdout`: nothing is kept.
      if (!FOLLOWED_NAME.test(name) || target.startsWith('/dev/')) continue;
      const source = downloadSource(found.command);
      if (source === 'installer') continue;
      const key = `${at}\0${target}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const idx = lineIndexAt(view.lineStarts, at);
      out.push({
        file: path,
        line: fileLine(view, at),
        col: at - (view.lineStarts[idx] as number),
        target,
        name,
        command: found.command,
        source,
        temp: TEMP_PATH.test(target),
        hidden: view.kind === 'comment' && DOC_FILE.test(path),
        inPath: inPathFolder(target),
      });
    }
  }
}

// The target of a write from code: a string literal, a variable, or a path joined from parts
// (`os.path.join(d, 'x')`, `path.join(dir, 'x')`), whose last literal names the file.
const STRING_LIT = String.raw`(?:"[^"\n]{1,300}"|'[^'\n]{1,300}')`;
const WRITE_TARGET = String.raw`(?<t>[fr]?${STRING_LIT}|(?:os\.path\.join|path\.(?:join|resolve)|Path)\s*\([^()\n]{0,200}\)|[A-Za-z_$][\w$]{0,60}(?:\.[A-Za-z_$][\w$]{0,60}){0,2}(?![\w$.(\[]))`;
// A write: Python's open() (for writing: checked after the match), pathlib's Path(x).write_bytes(),
// Node's writeFile/writeFileSync/createWriteStream (fs., fsp., promises. or bare).
// (A word boundary first, not a look-behind, lets the engine skip ahead by the first letters; the
// character before is checked after the match.)
const LIB_WRITE = new RegExp(String.raw`\b(?<kind>open|Path|(?:(?:fs|fsp|promises)\.)?(?:writeFileSync|writeFile|createWriteStream))\s*\(\s*${WRITE_TARGET}`, 'g');
const OPEN_FOR_WRITING = /^\s*,\s*(?:mode\s*=\s*)?["'][rbt+]*[wax]/;
const PATH_WRITE = /^\s*\)\s*\.write_(?:bytes|text)\s*\(/;
// An HTTP library call that fetches a response: requests, httpx, urllib, fetch, Node's http(s),
// axios, got, undici. Its first argument is the URL (or a variable holding it).
const LIB_FETCH = /\b(?:(?:requests|httpx)\.(?:get|request|stream)|undici\.request|(?:urllib\.request\.|urllib2\.)?urlopen|https?\.(?:get|request)|axios(?:\.get)?|(?<fn>fetch|got))\s*\(\s*(?:["']GET["']\s*,\s*)?(?<arg>[A-Za-z_$][\w$]{0,60}(?![\w$.(]))?/g;
// How many lines before a write the fetch of what it writes may sit.
const LIB_FETCH_LINES = 10;
const LIB_FETCH_AFTER = 2;
// Bounds on hostile text: writes read per view, and how far a variable's assignment and its run are looked for.
const MAX_LIB_WRITES = 500;
const VARIABLE_REACH = 8000;
const MAX_COPIES = 1000;
// Calls that run a file named as their first argument (or the first item of a list), or make it
// executable: subprocess, os.system/startfile/exec*/spawn*/chmod, child_process's exec/execFile/
// spawn/fork, fs.chmod; `system()` in Perl, Ruby and PHP. Python's bare exec() runs code, not a file.
const CODE_SINK = String.raw`(?:\b(?:subprocess\.(?:run|call|check_call|check_output|Popen)|os\.(?:system|startfile|popen|exec[lv]p?e?|spawn[lv]p?e?|chmod|posix_spawnp?)|(?:child_process|childProcess|cp)\.(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|fork)|fs\.(?:promises\.)?chmod(?:Sync)?)|(?<![\w$.])(?:Popen|execFile|execFileSync|execSync|spawn|spawnSync|chmodSync|system))\s*\(\s*(?:\[\s*)?`;
/** Sinks that only make a file executable: a run, but not as a program (download.temp-exec needs one). */
const CHMOD_SINK = /chmod/i;
// A mode with the owner's execute bit (0o755, 0755, '755', 493 = 0o755, S_IXUSR, S_IEXEC, | 0o111):
// a chmod to 0o600 (a token file) makes nothing runnable.
const EXEC_MODE = /\b0o?[0-7]?[1357][0-7]{2}\b|["'][0-7]?[1357][0-7]{2}["']|\bS_IX(?:USR|GRP|OTH)\b|\bS_IEXEC\b|\b(?:73|448|457|461|488|493|505|509|511)\b/;

/** For a chmod sink: whether the rest of its call (from `at`, up to the line's end) gives an executable mode. */
function execModeAt(text: string, at: number): boolean {
  const end = text.indexOf('\n', at);
  return EXEC_MODE.test(text.slice(at, Math.min(end === -1 ? text.length : end, at + 160)));
}

/**
 * The last string literal in `s` (quotes removed), or undefined.
 */
function lastLiteral(s: string): string | undefined {
  let last: string | undefined;
  for (const m of s.matchAll(/"([^"\n]{1,300})"|'([^'\n]{1,300})'/g)) last = m[1] ?? m[2];
  return last;
}

function escapeRe(s: string): string {
  return s.replace(/[$.]/g, '\\$&');
}

/** The right-hand side of the last assignment of `ident` in `text` before `at` (within 8000 characters), or undefined. */
function assignedBefore(text: string, at: number, ident: string): string | undefined {
  const from = Math.max(0, at - VARIABLE_REACH);
  const re = new RegExp(String.raw`(?:^|[\s;(,{])(?:const\s+|let\s+|var\s+)?${escapeRe(ident)}\s*(?::\s*[\w[\]., |]{1,40})?=(?![=>])[ \t]*([^\n]{1,300})`, 'g');
  let rhs: string | undefined;
  for (const m of text.slice(from, at).matchAll(re)) rhs = m[1];
  return rhs;
}

// A path built in the temporary folder (Python's tempfile, Node's os.tmpdir(), `/tmp`, %TEMP%).
const TEMP_CALL = /\b(?:gettempdir|mkdtemp|mkstemp|tmpdir)\s*\(|["'](?:\/var)?\/tmp\/|\/dev\/shm\/|\$env:te?mp|%te?mp%|\bTEMP\b|\bTMPDIR\b/;

/**
 * Downloads written from code: a write whose target is named (a literal, or a variable given one)
 * with an HTTP library's fetch on its line or within LIB_FETCH_LINES lines before it. A variable
 * target also keeps the first later call in the view that runs or chmods that variable.
 */
function collectLibraryDownloads(path: string, view: View, out: Download[]): void {
  const { text } = view;
  let fetchLines: Array<{ line: number; at: number; arg?: string }> | null = null;
  let writes = 0;
  LIB_WRITE.lastIndex = 0;
  for (let m = LIB_WRITE.exec(text); m !== null && writes < MAX_LIB_WRITES; m = LIB_WRITE.exec(text)) {
    const groups = m.groups as { kind: string; t: string };
    // `$open(`, and a method `x.open(` / `x.Path(` (zipfile's, webbrowser's), are no such write.
    const before = text.charCodeAt(m.index - 1);
    if (before === 36 || (before === 46 && (groups.kind === 'open' || groups.kind === 'Path'))) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 80);
    if (groups.kind === 'open' && !OPEN_FOR_WRITING.test(after)) continue;
    if (groups.kind === 'Path' && !PATH_WRITE.test(after)) continue;
    if (fetchLines === null) {
      fetchLines = [];
      LIB_FETCH.lastIndex = 0;
      for (let f = LIB_FETCH.exec(text); f !== null; f = LIB_FETCH.exec(text)) {
        // `fetch(` and `got(` as functions, not methods (`db.fetch(`).
        const before = text.charCodeAt(f.index - 1);
        if (f.groups?.fn !== undefined && (before === 46 || before === 36)) continue;
        fetchLines.push({ line: lineIndexAt(view.lineStarts, f.index), at: f.index, arg: f.groups?.arg });
      }
      if (fetchLines.length === 0) return;
    }
    writes++;
    const idx = lineIndexAt(view.lineStarts, m.index);
    // Before the write, or in the block it opens (`with open(p, 'wb') as f:` then `f.write(requests.get(u).content)`).
    const fetch = fetchLines.filter((f) => f.line <= idx + LIB_FETCH_AFTER && f.line >= idx - LIB_FETCH_LINES).sort((a, b) => Math.abs(a.line - idx) - Math.abs(b.line - idx))[0];
    if (!fetch) continue;
    // The target: a literal, the last literal of a joined path, or what a variable was given.
    const t = groups.t;
    let ident: string | undefined;
    let literal: string | undefined;
    let temp = false;
    if (/^[fr]?["']/.test(t)) literal = lastLiteral(t);
    else if (/\(/.test(t)) {
      literal = lastLiteral(t);
      temp = TEMP_CALL.test(t);
    } else {
      ident = t;
      const rhs = assignedBefore(text, m.index, t);
      if (rhs !== undefined) {
        literal = lastLiteral(rhs);
        temp = TEMP_CALL.test(rhs);
      }
    }
    if (literal !== undefined && literal.includes('{')) literal = undefined;
    const name = literal === undefined ? '' : basename(literal);
    if (name !== '' && !FOLLOWED_NAME.test(name)) continue;
    if (name === '' && ident === undefined) continue;
    // The command: the fetch's line to the write's, with the line that gave the URL's variable.
    const first = Math.min(fetch.line, idx);
    const last = Math.max(fetch.line, idx);
    const lineEnd = view.lineStarts[last + 1];
    let command = text.slice(view.lineStarts[first] as number, lineEnd === undefined ? text.length : lineEnd - 1);
    if (command.length > MAX_COMMAND) command = command.slice(0, MAX_COMMAND);
    if (fetch.arg !== undefined) {
      const url = assignedBefore(text, fetch.at, fetch.arg);
      if (url !== undefined) command = `${url}\n${command}`;
    }
    const source = downloadSource(command);
    if (source === 'installer') continue;
    const target = literal === undefined ? '' : temp && !TEMP_PATH.test(literal) ? `/tmp/${name}` : literal;
    const d: Download = {
      file: path,
      line: fileLine(view, m.index),
      // After the write's target: `open('bin/x', ...)` is no run of bin/x after the download.
      col: m.index + m[0].length - (view.lineStarts[idx] as number),
      target: target || `$${ident}`,
      name,
      command,
      source,
      temp: target !== '' && TEMP_PATH.test(target),
      hidden: view.kind === 'comment' && DOC_FILE.test(path),
      inPath: inPathFolder(target),
    };
    // A document, an image or a model opened (os.startfile) is not run.
    if (ident !== undefined && !(name !== '' && DATA_NAME.test(name))) {
      const run = variableRun(path, view, m.index + m[0].length, ident);
      if (run) d.run = run;
    }
    if (d.name !== '' || d.run) out.push(d);
  }
}

/** The first call after `from` in the view that runs the file the variable `ident` holds, else the first that chmods it. */
function variableRun(path: string, view: View, from: number, ident: string): Run | undefined {
  const re = new RegExp(String.raw`${CODE_SINK}${escapeRe(ident)}(?![\w$.(\[])`, 'g');
  const within = view.text.slice(0, from + VARIABLE_REACH);
  re.lastIndex = from;
  let m: RegExpExecArray | null = null;
  for (let r = re.exec(within); r !== null; r = re.exec(within)) {
    if (CHMOD_SINK.test(r[0]) && !execModeAt(within, r.index + r[0].length)) continue;
    m ??= r;
    if (!CHMOD_SINK.test(r[0])) {
      m = r;
      break;
    }
  }
  if (!m) return undefined;
  const idx = lineIndexAt(view.lineStarts, m.index);
  const lineStart = view.lineStarts[idx] as number;
  const next = view.lineStarts[idx + 1];
  return {
    file: path,
    line: fileLine(view, m.index),
    col: m.index + m[0].length - lineStart,
    path: ident,
    name: ident,
    direct: !CHMOD_SINK.test(m[0]),
    hidden: view.kind === 'comment' && DOC_FILE.test(path),
    evidence: view.text.slice(lineStart, next === undefined ? view.text.length : next - 1).trim(),
  };
}

// Folders on a usual PATH: the system's, Homebrew's and MacPorts', and a user's own
// (~/.local/bin, ~/bin, and the bin folders of cargo, go, npm, bun and deno).
const PATH_FOLDER = /^(?:\/usr(?:\/local)?\/s?bin|\/s?bin|\/opt\/homebrew\/bin|\/opt\/local\/bin|(?:~|\$HOME|\$\{HOME\}|\/root|\/home\/[^/\s]+|\/Users\/[^/\s]+)\/(?:\.local\/bin|bin|\.cargo\/bin|go\/bin|\.npm-global\/bin|\.bun\/bin|\.deno\/bin))$/;

/** Whether `path` names a file right inside a folder on PATH. */
function inPathFolder(path: string): boolean {
  const slash = path.lastIndexOf('/');
  return slash > 0 && PATH_FOLDER.test(path.slice(0, slash));
}

// `mv`, `cp`, `install` or `ln` where a command starts (after `sudo` and its options).
const COPY_START = /(?:^|[;&|({\x60]|\b(?:then|do)\b)[ \t]*(?:\$[ \t]+)?(?:sudo(?:[ \t]+-\S+)*[ \t]+)?(?<cmd>mv|cp|install|ln)(?=[ \t])/gm;
// Their short options that take a value (`-m 755`, `-t DIR`), and long ones.
const COPY_VALUE_SHORT = new Set('mogtS');
const COPY_VALUE_LONG = /^--(?:mode|owner|group|target-directory|suffix|backup|strip-program|context)$/;

/** A copy or move of files to a destination, as written. */
interface Copy {
  at: number;
  sources: string[];
  dest: string;
  /** The destination is a folder (`-t DIR`, a trailing slash, several sources). */
  intoFolder: boolean;
  command: string;
}

/** The copy command at `at` in `text` (`at` is where its command word starts), or undefined. */
function copyAt(text: string, at: number): Copy | undefined {
  const command = text.slice(at, commandEnd(text, at)).replace(/\\\n/g, ' ');
  const words = shellWords(command);
  const cmd = words[0];
  const positional: string[] = [];
  let folder: string | undefined;
  let options = true;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w.startsWith('>') || /^\d?&?>/.test(w)) break;
    if (options && w === '--') {
      options = false;
      continue;
    }
    if (options && w.startsWith('--')) {
      const eq = w.indexOf('=');
      const opt = eq === -1 ? w : w.slice(0, eq);
      const value = eq === -1 ? (COPY_VALUE_LONG.test(opt) ? words[++i] : undefined) : w.slice(eq + 1);
      if (opt === '--target-directory') folder = value;
      else if (opt === '--directory') return undefined;
      continue;
    }
    if (options && w.startsWith('-') && w.length > 1) {
      for (let k = 1; k < w.length; k++) {
        const c = w[k] as string;
        // `install -d` makes folders.
        if (c === 'd' && cmd === 'install') return undefined;
        if (!COPY_VALUE_SHORT.has(c)) continue;
        const value = k + 1 < w.length ? w.slice(k + 1) : words[++i];
        if (c === 't') folder = value;
        break;
      }
      continue;
    }
    positional.push(w);
  }
  if (folder !== undefined) return positional.length > 0 ? { at, sources: positional, dest: folder, intoFolder: true, command } : undefined;
  if (positional.length < 2) return undefined;
  const dest = positional.pop() as string;
  return { at, sources: positional, dest, intoFolder: positional.length > 1 || /[/\\]$/.test(dest) || PATH_FOLDER.test(dest), command };
}

/**
 * Copies of downloads: `mv`, `cp`, `install` or `ln` of a file whose name a download wrote, after
 * that download in the same file or in another file, to another path. Each is a download of its
 * own at the copy's place (so runs after the copy link to it), reported at the download.
 */
export function followCopies(file: FlowText, downloads: Download[]): Download[] {
  const shell = /\b(?:mv|cp|install|ln)[ \t]/.test(file.text);
  const code = CODE_COPY_WORD.test(file.text);
  if (!shell && !code) return [];
  const byName = new Map<string, Download[]>();
  for (const d of downloads) {
    if (d.name === '') continue;
    const key = d.name.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(d);
    else byName.set(key, [d]);
  }
  const out: Download[] = [];
  let starts: number[] | null = null;
  const copies: Copy[] = code ? codeCopies(file.text) : [];
  COPY_START.lastIndex = 0;
  for (let m = shell ? COPY_START.exec(file.text) : null; m !== null && copies.length < MAX_COPIES; m = COPY_START.exec(file.text)) {
    const cmd = (m.groups as { cmd: string }).cmd;
    const copy = copyAt(file.text, m.index + m[0].length - cmd.length);
    if (copy) copies.push(copy);
  }
  for (const copy of copies) {
    const at = copy.at;
    starts ??= lineStartsOf(file.text);
    const idx = lineIndexAt(starts, at);
    const line = file.line ?? idx + 1;
    // A blob is one place (see collectDownloads): its copies come first, its runs last.
    const col = file.line === undefined ? at - (starts[idx] as number) : -1;
    for (const src of copy.sources) {
      const srcName = basename(src.replace(/^["']|["']$/g, ''));
      // The first download of that name before the copy: its source decides, as one would for all.
      for (const d of byName.get(srcName.toLowerCase()) ?? []) {
        if (d.file === file.path && (d.line > line || (d.line === line && d.col > col))) continue;
        if (out.length >= MAX_COPIES) return out;
        const target = copy.intoFolder ? `${copy.dest.replace(/[/\\]+$/, '')}/${srcName}` : copy.dest;
        const name = basename(target);
        if (!FOLLOWED_NAME.test(name) || target === d.target) continue;
        out.push({
          ...d,
          file: file.path,
          line,
          col,
          target,
          name,
          temp: TEMP_PATH.test(target),
          inPath: inPathFolder(target),
          run: undefined,
          copyOf: { file: d.copyOf?.file ?? d.file, line: d.copyOf?.line ?? d.line, how: clipCommand(copy.command) },
        });
        break;
      }
    }
  }
  return out;
}

// A move or copy from code: Python's shutil and os, Node's fs.
const CODE_COPY_WORD = /\b(?:shutil\.(?:move|copy)|os\.(?:rename|replace)|(?:fs|fsp)\.(?:promises\.)?(?:rename|copyFile))/;
const CODE_COPY = /\b(?:shutil\.(?:move|copy2?|copyfile)|os\.(?:rename|replace)|(?:fs|fsp)\.(?:promises\.)?(?:rename|copyFile)(?:Sync)?)\s*\(/g;

/** Copies and moves made from code whose source and destination are literal paths, or variables given one. */
function codeCopies(text: string): Copy[] {
  const out: Copy[] = [];
  CODE_COPY.lastIndex = 0;
  for (let m = CODE_COPY.exec(text); m !== null && out.length < MAX_COPIES; m = CODE_COPY.exec(text)) {
    const args = callArgs(text, m.index + m[0].length);
    const first = firstArg(args);
    const source = codePath(text, m.index, first);
    const dest = codePath(text, m.index, firstArg(args.slice(first.length + 1)));
    if (source === undefined || dest === undefined) continue;
    out.push({ at: m.index, sources: [source], dest, intoFolder: /[/\\]$/.test(dest) || PATH_FOLDER.test(dest), command: text.slice(m.index, m.index + m[0].length + args.length + 1) });
  }
  return out;
}

/**
 * The path a code expression names: a literal, literals joined (`os.path.join`, `path.join`,
 * pathlib's `/`), from the home folder (`expanduser`, `os.homedir()`, `Path.home()`), or what a
 * variable was given (once). Undefined when it holds no literal.
 */
function codePath(text: string, at: number, expr: string): string | undefined {
  let e = expr.trim();
  if (/^[A-Za-z_$][\w$]*$/.test(e)) e = assignedBefore(text, at, e)?.trim() ?? '';
  const parts = [...e.matchAll(/"([^"\n]{1,300})"|'([^'\n]{1,300})'/g)].map((l) => (l[1] ?? l[2]) as string);
  if (parts.length === 0 || parts.some((p) => p.includes('{'))) return undefined;
  let path = parts.join('/').replace(/\/{2,}/g, '/');
  if (/\bexpanduser\b|\bhomedir\s*\(|\bPath\.home\s*\(/.test(e) && !/^[~/]/.test(path)) path = `~/${path}`;
  return path;
}

function clipCommand(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length <= 80 ? flat : flat.slice(0, 79) + '…';
}

/** A letter, digit or underscore (NaN, off either end of the text, is not). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

// The word run: a path or a name, not blanks, quotes or shell punctuation, and not a URL
// (`https://host/x` names the download, not a file on this machine).
const WORD = String.raw`(?![\w+.-]*:\/\/)(?<word>[^\s"'|;&()<>\x60,\]]+)`;
// Handed to an interpreter that runs the file: a shell, `source`, Python, Node, Deno, Bun, Perl,
// Ruby, PHP, osascript, Windows Script Host, PowerShell's `-File`; `. NAME` where a command starts;
// a subprocess argument list (`["bash", "x.sh"]`). The interpreter starts a word: the `sh` of
// `install.sh` is not one.
// Also a start-up hook set by the environment, which every later process of that kind loads:
// NODE_OPTIONS's `--require`/`--import`/`--loader`, PYTHONSTARTUP, BASH_ENV, LD_PRELOAD, DYLD_INSERT_LIBRARIES;
// and the system's own preload list, /etc/ld.so.preload, given the file's path (`echo PATH >> /etc/ld.so.preload`).
const BY_INTERPRETER = new RegExp(String.raw`(?:(?:(?:^|[\s;&|({\x60"'=])(?:(?:ba|z|da|k|fi)?sh|source|python[23]?(?:\.\d+)?|node(?:js)?|deno\s+run|bun(?:\s+run)?|perl|ruby|php|osascript|[cw]script(?:\.exe)?)|\b(?:pwsh|powershell)(?:\.exe)?\b[^\n|;&]{0,80}?\s-f(?:ile)?)(?:[ \t]+-[\w-]+(?:=\S*)?)*[ \t]+["']?|(?:^|[;&|({\x60]|\b(?:then|do)\b)[ \t]*\.[ \t]+["']?|\[\s*["'](?:(?:ba|z)?sh|python[23]?|node|perl|ruby|php|pwsh|powershell)["']\s*,\s*(?:["']-[\w-]+["']\s*,\s*)*["']|\b(?:spawn|spawnSync|execFile|execFileSync)\s*\(\s*["'](?:(?:ba|z)?sh|python[23]?|node|perl|ruby|php|pwsh|powershell)["']\s*,\s*\[\s*(?:["']-[\w-]+["']\s*,\s*)*["']|\b(?:NODE_OPTIONS\s*=\s*["']?(?:[^"'\n]{0,200}?\s)?(?:--require|-r|--import|--loader|--experimental-loader)(?:[ \t]+|=)|(?:PYTHONSTARTUP|BASH_ENV|LD_PRELOAD|DYLD_INSERT_LIBRARIES)\s*=\s*)["']?|\b(?:echo|printf)[ \t]+(?=["']?[^\s"'|;&()<>\x60]{1,300}["']?[ \t]*(?:>>?|\|[ \t]*(?:sudo[ \t]+)?tee(?:[ \t]+-a)?)[ \t]*\/etc\/ld\.so\.preload\b)["']?)${WORD}`, 'gim');
// A call that runs (or chmods) a file named by a literal: code runs it by any name, the way a
// shell runs a path (`subprocess.run(['./agent'])`, `execFileSync('agent')`, `os.chmod('agent', 0o755)`).
const BY_CODE = new RegExp(String.raw`${CODE_SINK}["']${WORD}`, 'g');
// Run as a program: a path (with a slash: a bare name is looked up in PATH) where a command starts
// (after `then`, `do`, `sudo`, `nohup`, `exec`, a line start, `;`, `&`, `|`, `(`, a backtick,
// variable assignments, a `$ ` prompt), or anything Windows' Start-Process, Invoke-Item, `start`
// or `cmd /c` start. The words come before the line start, so that `sudo ./x` at a line's start
// reads as sudo running ./x.
const AS_PROGRAM = new RegExp(String.raw`(?:(?<windows>\b(?:start-process(?:\s+-filepath)?|invoke-item|start(?:\s+"[^"\n]*")?|cmd(?:\.exe)?\s+\/c)\s+)|(?:\b(?:then|do|nohup|exec|setsid|time)\b|\bsudo(?:[ \t]+-\S+)*|^|[;&|({\x60])[ \t]*(?:\$[ \t]+)?(?:[A-Za-z_]\w*=[^\s;&|]*[ \t]+)*)["']?${WORD}`, 'gim');
const SCRIPT_WITH_TEMPLATES = /\.(?:[cm]?[jt]sx?)$/i;
// Names of documents, data, media and archives: a path to one where a command starts is a mention
// (`see \`docs/SKILL.md\``), not a program run. Handed to an interpreter, any name is run.
const DATA_NAME = /\.(?:md|mdx|markdown|txt|rst|json|jsonl|ya?ml|toml|csv|tsv|xml|html?|css|svg|png|jpe?g|gif|webp|ico|pdf|woff2?|ttf|otf|mp[34]|wav|ogg|webm|onnx|bin|gguf|safetensors|pt|zip|tar|t?gz|bz2|xz|7z|rar)$/i;

/** Lines (1-based, inclusive) covered by HTML comments; an unclosed one runs to the end. */
export function commentLines(raw: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let starts: number[] | null = null;
  for (const m of raw.matchAll(/<!--[\s\S]*?(?:-->|$(?![\s\S]))/g)) {
    starts ??= lineStartsOf(raw);
    spans.push([lineIndexAt(starts, m.index) + 1, lineIndexAt(starts, m.index + m[0].length - 1) + 1]);
  }
  return spans;
}

/** A text file of the skill, normalised as the scanner reads it (same lines as the file). */
export interface FlowText {
  path: string;
  raw: string;
  text: string;
  /** A decoded blob's text: every line of it is this line of the file. */
  line?: number;
}

export function flowText(path: string, data: Buffer): FlowText | undefined {
  if (classify(data).kind !== 'text') return undefined;
  const ascii = isAscii(data);
  const decoded = ascii ? data.toString('latin1') : decodeText(data);
  const raw = decoded.includes('\r') ? decoded.replace(/\r\n?/g, '\n') : decoded;
  return { path, raw, text: normalise(raw, ascii) };
}

/**
 * The commands in `file` that run one of `names` (lower case). Every command that runs a file is
 * matched, then kept by its name: the cost does not grow with the number of names.
 */
export function findRuns(file: FlowText, names: ReadonlySet<string>, bareNames: ReadonlySet<string> = new Set()): Run[] {
  const runs: Run[] = [];
  let starts: number[] | null = null;
  let hidden: Array<[number, number]> | null = null;
  let fences: Array<[number, number]> | null = null;
  const text = ownFolderPaths(file.text);
  for (const [re, how] of [[BY_INTERPRETER, 'interpreter'], [AS_PROGRAM, 'program'], [BY_CODE, 'code']] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const groups = m.groups as { word: string; windows?: string };
      const word = groups.word;
      const name = basename(word);
      if (!names.has(name.toLowerCase())) {
        // The word may itself start a command (`sudo`, `bash` after a fence's language): read on
        // from just before it, not after it.
        re.lastIndex = Math.max(m.index + 1, m.index + m[0].length - word.length - 1);
        continue;
      }
      // A chmod from code to an executable mode makes the file a program: a run, but not as one.
      const chmod = how === 'code' && CHMOD_SINK.test(m[0]);
      if (chmod && !execModeAt(text, m.index + m[0].length)) continue;
      const direct = how === 'program' || (how === 'code' && !chmod);
      // Where a command starts, a bare name is looked up in PATH: only a path runs the download,
      // or the bare name (same case) of one installed into a folder on PATH. In a document, such a
      // name runs only as code: inline (after a backtick) or in a fenced block.
      let bare = false;
      if (how === 'program' && groups.windows === undefined && !/[/\\]/.test(word)) {
        if (!bareNames.has(name)) continue;
        if (DOC_FILE.test(file.path) && !m[0].startsWith('`')) {
          starts ??= lineStartsOf(file.text);
          fences ??= fencedLines(file.text);
          const at = lineIndexAt(starts, m.index + m[0].length - 1) + 1;
          if (!fences.some(([a, b]) => at > a && at < b)) continue;
        }
        bare = true;
      }
      // In JavaScript a backtick opens a template string, not a command.
      if (how === 'program' && m[0].startsWith('`') && SCRIPT_WITH_TEMPLATES.test(file.path)) continue;
      // A document, an image or a model is opened, not run as a program.
      if (direct && DATA_NAME.test(word)) continue;
      starts ??= lineStartsOf(file.text);
      const nameAt = m.index + m[0].length;
      const idx = lineIndexAt(starts, nameAt - 1);
      const lineStart = starts[idx] as number;
      // A line that continues the one before (a trailing backslash) does not start a command.
      if (how === 'program' && idx > 0 && m.index <= lineStart && /\\[ \t]*$/.test(file.text.slice(starts[idx - 1], lineStart - 1))) continue;
      hidden ??= DOC_FILE.test(file.path) && file.raw.includes('<!--') ? commentLines(file.raw) : [];
      const line = file.line ?? idx + 1;
      runs.push({
        file: file.path,
        line,
        ...(file.line !== undefined ? { decoded: true } : {}),
        col: file.line === undefined ? nameAt - lineStart : Number.MAX_SAFE_INTEGER,
        // From the script's own folder: a path of the skill (a file it ships, or not).
        path: file.line === undefined && OWN_FOLDER_PATH.test(word) ? fromFolderOf(file.path, word.replace(OWN_FOLDER_PATH, '')) : word,
        name,
        direct,
        ...(bare ? { bare } : {}),
        hidden: hidden.some(([a, b]) => line >= a && line <= b),
        evidence: file.text.slice(lineStart, (starts[idx + 1] ?? file.text.length + 1) - 1).trim(),
      });
    }
  }
  return runs;
}

/** Lines (1-based) of the fences of Markdown code blocks, as [opening, closing] pairs; an unclosed one runs to the end. */
function fencedLines(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let open = 0;
  let line = 0;
  for (const l of text.split('\n')) {
    line++;
    if (!/^\s{0,3}(?:```|~~~)/.test(l)) continue;
    if (open === 0) open = line;
    else {
      spans.push([open, line]);
      open = 0;
    }
  }
  if (open !== 0) spans.push([open, line + 1]);
  return spans;
}

// The folder of the running script, as a command substitution: `$(dirname "$0")`,
// `$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)`, `$(realpath …)`.
const OWN_FOLDER = /\$\((?:\s*cd\s+(?:-P\s+)?"?\$\(\s*dirname\s+[^()\n]{1,60}\)"?\s*(?:&&|;)\s*pwd(?:\s+-P)?|\s*(?:dirname|realpath|readlink\s+-f)\s+[^()\n]{1,60})\s*\)/g;
// A quoted variable (or the placeholder above) that a path goes on from: `"$DIR"/tool.sh`.
const QUOTED_PREFIX = /(["'])(\$\{?\w+\}?)\1(?=\/)/g;

const OWN_FOLDER_MARK = '$__';
const OWN_FOLDER_PATH = /^\$__+\//;

/**
 * The text with paths built from the script's own folder made plain words, at the same offsets:
 * `"$(dirname "$0")/../tool.sh"` reads as `"$_____________/../tool.sh"`, `"$DIR"/x` as `_$DIR_/x`,
 * so the run's file name is found as in `./tool.sh`.
 */
function ownFolderPaths(text: string): string {
  let out = text;
  if (out.includes('$(')) out = out.replace(OWN_FOLDER, (m) => OWN_FOLDER_MARK + '_'.repeat(m.length - OWN_FOLDER_MARK.length));
  if (out.includes('"/') || out.includes("'/")) out = out.replace(QUOTED_PREFIX, (_m, _q: string, v: string) => `_${v}_`);
  return out;
}

/** `rest` (`../x`, `x`) from the folder of the skill's file `file`, as a path of the skill. */
function fromFolderOf(file: string, rest: string): string {
  const parts = file.split('/').slice(0, -1);
  for (const seg of rest.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '' && seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** `path` as written, with `\` as `/` and without leading `./`. */
function plainPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}

/** The shipped file (a path of the skill) that `path` as written names: equal to it, or ending in `/` and it. */
function shippedFileOf(path: string, shipped: ReadonlySet<string>): string | undefined {
  const p = plainPath(path);
  for (let at = 0; at !== -1; at = p.indexOf('/', at) + 1 || -1) {
    const tail = p.slice(at);
    if (shipped.has(tail)) return tail;
  }
  return undefined;
}

/** Runs of one name in one group, by file, each file's in text order. */
class RunsByFile {
  private readonly byFile = new Map<string, Run[]>();
  add(run: Run): void {
    const list = this.byFile.get(run.file);
    if (list) list.push(run);
    else this.byFile.set(run.file, [run]);
  }
  sort(): void {
    for (const list of this.byFile.values()) list.sort((a, b) => a.line - b.line || a.col - b.col);
  }
  /** The first run in `file` after line `line`, column `col`. */
  after(file: string, line: number, col: number): Run | undefined {
    const list = this.byFile.get(file);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const r = list[mid] as Run;
      if (r.line < line || (r.line === line && r.col <= col)) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  }
  private readonly direct = new Map<string, Run | undefined>();
  /** The first run in `file` as a program (found once per file: many downloads ask). */
  firstDirect(file: string): Run | undefined {
    if (!this.direct.has(file)) this.direct.set(file, this.byFile.get(file)?.find((r) => r.direct));
    return this.direct.get(file);
  }
  /** A run in a file other than `file`. */
  elsewhere(file: string): Run | undefined {
    for (const [f, list] of this.byFile) if (f !== file) return list[0];
    return undefined;
  }
}

/**
 * The runs of a skill by name (lower case): those whose path names no file of the skill, and those
 * that run a shipped file, by that file (they run the download only where it writes that path).
 */
export class RunIndex {
  private readonly names = new Map<string, { free: RunsByFile; bare: RunsByFile; shipped: Map<string, RunsByFile> }>();
  constructor(
    runs: Run[],
    private readonly shipped: ReadonlySet<string>,
  ) {
    for (const r of runs) {
      const key = r.name.toLowerCase();
      let entry = this.names.get(key);
      if (!entry) this.names.set(key, (entry = { free: new RunsByFile(), bare: new RunsByFile(), shipped: new Map() }));
      const own = r.bare ? undefined : shippedFileOf(r.path, shipped);
      if (r.bare) entry.bare.add(r);
      else if (own === undefined) entry.free.add(r);
      else {
        let group = entry.shipped.get(own);
        if (!group) entry.shipped.set(own, (group = new RunsByFile()));
        group.add(r);
      }
    }
    for (const e of this.names.values()) {
      e.free.sort();
      e.bare.sort();
      for (const g of e.shipped.values()) g.sort();
    }
  }

  /**
   * The run that executes `d`'s file, if any: the first run of its name after it in the same file,
   * else one in another file, else (in a document) one before it. A run whose path names a file the skill ships runs that file, not
   * the download, unless the download writes that same path.
   */
  runOf(d: Download): Run | undefined {
    const entry = this.names.get(d.name.toLowerCase());
    if (!entry) return undefined;
    const groups = [entry.free];
    // A bare command name runs a download installed into a folder on PATH.
    if (d.inPath) groups.push(entry.bare);
    const own = shippedFileOf(d.target, this.shipped);
    const same = own === undefined ? undefined : entry.shipped.get(own);
    if (same) groups.push(same);
    let best: Run | undefined;
    for (const g of groups) {
      const r = g.after(d.file, d.line, d.col);
      if (r && (!best || r.line < best.line || (r.line === best.line && r.col < best.col))) best = r;
    }
    if (best) return best;
    for (const g of groups) {
      const r = g.elsewhere(d.file);
      if (r) return r;
    }
    // A document is read whole before anything in it is run: a program the skill does not ship,
    // run by its path above the download (`./helper` under Usage, "download it with curl -o
    // helper" under Setup), can only be that download. Handed to an interpreter (`bash setup.sh`,
    // then "fetch a newer copy with curl -o setup.sh … and compare"), it may be the reader's own.
    if (DOC_FILE.test(d.file)) {
      for (const g of d.inPath ? [entry.free, entry.bare] : [entry.free]) {
        const r = g.firstDirect(d.file);
        if (r) return r;
      }
    }
    return undefined;
  }
}

// --- values in code ------------------------------------------------------------------------------
// A value followed through the variables of one file's code, statement by statement: a response
// fetched from the network that reaches a call running it as code (exec, eval, Function, vm,
// pickle, a shell), and the whole environment that reaches a request. The text rules see one
// expression (`exec(requests.get(u).text)`); this sees `r = requests.get(u)`, `code = r.text`,
// `exec(code)`, and the callbacks of Node's streams and promises (`r.on('data', (c) => d += c)`).

/** A flow found by codeFlows: its rule, where its sink is in the view, and the line of its source. */
export interface CodeFlow {
  rule: 'exec.remote-code-flow' | 'exec.scraped-code-flow' | 'exfil.env-flow' | RemoteModule['rule'];
  offset: number;
  /** The view's line index of the source (the fetch, or the read of the environment); negative: the seed's origin (see FlowSeeds). */
  sourceLine: number;
  /** Where the value comes from, said in place of its line (another file's, a module's URL). */
  origin?: string;
}

/**
 * Functions whose return value holds the followed value: their name (a qualified `mod.name` for a
 * module imported whole) -> [origin line, whole]. The origin line is the view's line index of the
 * source, or for a function of another file, -(index + 1) into `origins` (`utils.py line 4`).
 */
export interface FlowSeeds {
  remote: Map<string, [number, boolean]>;
  env: Map<string, [number, boolean]>;
  origins: string[];
}

// Words that gate the pass, lower case (the engine's keyword pass looks for them in every view):
// a fetch's and a code sink's, or the environment's and a request's.
// Words of one language's sources and runners: they gate only that language's files.
const PERL_WORDS = ['lwp::', 'http::tiny', '`curl', '`wget', 'eval $'];
const PY_WORDS = [".py'", '.py"'];
const JS_WORDS = ['import('];
export const REMOTE_WORDS = ['urlretrieve', 'net::http', 'uri.open', 'curl_exec', 'file_get_contents', 'getresponse', '.recv', 'session.', 'responsetext', 'requests.', "require('http", 'require("http', 'httpx.', 'urlopen', 'fetch', 'axios', 'got(', 'got.', 'undici', 'http.get', 'https.get', 'http.request', 'https.request', 'urllib3', 'aiohttp'];
export const CODE_RUN_WORDS = ['exec', 'eval(', '(eval', 'eval)', "'-c'", '"-c"', "'-e'", '"-e"', "'-command'", 'new function', 'runin', 'vm.script', 'compilefunction', 'pickle.load', 'marshal.load', 'dill.load', 'shell=true', 'os.system', 'os.popen', 'getoutput', '= eval', '=eval', 'constructor(', 'builtins'];
export const ENV_WORDS = ['os.environ', 'process.env'];
export const SEND_WORDS = ['sendall', 'sendto', 'sendmail', 'send_message', '.write(', '.send(', '.end(', "'curl'", '"curl"', 'requests.', 'httpx.', 'fetch', 'axios', 'got(', 'got.', 'undici', 'urllib.request', '.post(', '.put('];
// A module that imports another: it may pass on a value that module's function returns (a chain of modules).
export const MODULE_WORDS = ['import ', 'require('];
export const CODE_FLOW_WORDS = [...new Set([...REMOTE_WORDS, ...CODE_RUN_WORDS, ...ENV_WORDS, ...SEND_WORDS, ...PERL_WORDS, ...PY_WORDS, ...JS_WORDS, ...MODULE_WORDS, ...REMOTE_MODULE_WORDS])];
const LANG_WORDS: Record<Lang, string[]> = { perl: PERL_WORDS, py: PY_WORDS, js: JS_WORDS };

// A call that fetches a response: requests, httpx, urllib3, urllib's urlopen, Node's http(s),
// fetch, axios, got, undici, an aiohttp session, http.client's getresponse, a socket's recv, Ruby's
// Net::HTTP and URI.open, PHP's curl_exec and file_get_contents of a URL; XMLHttpRequest's responseText. `fetch(` and `got(` as functions, not methods (`db.fetch(`).
const REMOTE_SOURCE = /(?:\brequire\(\s*["']https?["']\s*\)\.(?:get|request)|\b(?:requests|httpx|urllib3)\.(?:get|post|request|stream)|\b(?:urllib\.request\.|urllib2\.)?urlopen|\bhttps?\.(?:get|request)|\baxios(?:\.(?:get|post|request))?|\bundici\.(?:request|fetch)|(?<![\w$.])(?:fetch|got(?:\.(?:get|post))?)|\b(?:session|sess)\.(?:get|post|request)|\.getresponse|\.recv(?:from)?|\bNet::HTTP\.get|\bURI\.open|\bcurl_exec)\s*\(|\.responseText\b|\bfile_get_contents\s*\(\s*(?:["']https?:|\$\w*(?:[uU]rl|URL|[uU]ri|URI|[eE]ndpoint|ENDPOINT|[lL]ink)\w*\b)/;
// The fetch itself as a shell sink's whole argument (`os.system(requests.get(u).text)`).
const REMOTE_SOURCE_FIRST = new RegExp(String.raw`^(?:await)?\(*(?:await)?(?:${REMOTE_SOURCE.source})`);
// The whole environment (not one variable of it: `os.environ['K']`, `.get(`, `process.env.K`,
// `'K' in os.environ`). The text views drop `**` as emphasis: `{**os.environ}` reads `{os.environ}`.
const ENV_WHOLE = /(?<!\bin\s)(?:\bos\.environ\b(?!\s*(?:\[|\.(?:get|setdefault|pop|keys|update|__contains__)\b))|\bprocess\.env\b(?!\s*(?:\.|\[|\?\.)))/;
// Calls that send a request, a socket's or a request stream's writes, and curl or nc run from
// code; the arguments are the payload (and the URL).
const SEND_CALL = /(?:\b(?:requests|httpx)\.(?:post|put|patch|request|get)|\burllib\.request\.(?:Request|urlopen)|(?<![\w$.])fetch|\baxios(?:\.(?:post|put|patch|request|get))?|(?<![\w$.])got(?:\.(?:post|put|patch))?|\bundici\.(?:request|fetch)|\b(?:session|client|sess)\.(?:post|put|patch)|\.(?:sendall|sendto|sendmail|send_message)|\b(?:req|request|client|conn|sock|socket|ws)\.(?:write|end|send))\s*\(|\b(?:subprocess\.(?:run|call|check_call|check_output|Popen)|Popen|spawn|spawnSync|execFile|execFileSync)\s*\(\s*\[?\s*["'](?:curl|wget|nc|ncat)["']/g;
// Calls that run their argument as code: any value fetched in it counts.
// Also reached through the builtins module (`builtins.exec(`, `getattr(builtins, 'exec')(`,
// `globals()['__builtins__'].exec(`, `vars(builtins)['eval'](`, `__import__('builtins').exec(`).
const CODE_RUN_PY = /(?<![\w$.])(?:exec|eval)\s*\(|\b(?:pickle|cPickle|dill|cloudpickle|marshal)\.loads?\s*\(|(?:\b(?:builtins|__builtins__)|\[\s*["']__builtins__["']\s*\]|\b__import__\s*\(\s*["']builtins["']\s*\))\s*\.\s*(?:exec|eval)\s*\(|\bgetattr\s*\(\s*(?:builtins|__builtins__|[^,()\n]{0,60}\[\s*["']__builtins__["']\s*\]|__import__\s*\(\s*["']builtins["']\s*\))\s*,\s*["'](?:exec|eval)["']\s*\)\s*\(|\b(?:vars\s*\(\s*(?:builtins|__builtins__)\s*\)|(?:builtins|__builtins__)\.__dict__)\s*\[\s*["'](?:exec|eval)["']\s*\]\s*\(/g;
// Also the global object's eval (`globalThis.eval(`), an indirect one (`(0, eval)(`), and the
// Function constructor reached through a function's prototype (`Function.prototype.constructor(`,
// `(() => {}).constructor(`, `Object.getPrototypeOf(async function () {}).constructor(`).
const CODE_RUN_JS = /(?<![\w$.])(?:eval|import)\s*\(|\b(?:globalThis|window|global)\.eval\s*\(|\(\s*0\s*,\s*eval\s*\)\s*\(|(?:\bFunction\.prototype|\))\.constructor\s*\(|(?<![\w$.])(?:new\s+)?Function\s*\(|\bvm\.(?:runInThisContext|runInNewContext|runInContext|compileFunction)\s*\(|\bnew\s+vm\.Script\s*\(/g;
// Calls that hand their argument to a shell (or an interpreter's `-c`/`-e`, in a list): only the
// fetched value itself counts (`os.system(cmd)`, not a command line built with a value in it:
// `os.system(f"open {url}")`).
const SHELL_RUN_PY = /\b(?:subprocess\.(?:run|call|check_call|check_output|Popen)|Popen)\s*\(\s*\[\s*["'](?:(?:ba|z|da)?sh|python[23]?|node|perl|ruby|pwsh|powershell)["']\s*,\s*["']-(?:c|e|command)["']\s*,|\bos\.(?:system|popen)\s*\(|\bsubprocess\.(?:getoutput|getstatusoutput)\s*\(|\bsubprocess\.(?:run|call|check_call|check_output|Popen)\s*\((?=[^\n]{0,300}?\bshell\s*=\s*True\b)/g;
const SHELL_RUN_JS = /(?:\b(?:child_process|childProcess|cp)\.|\brequire\(\s*["'](?:node:)?child_process["']\s*\)\.|(?<![\w$.]))(?:exec|execSync)\s*\(|(?<![\w$.])(?:spawn|spawnSync|execFile|execFileSync)\s*\(\s*["'](?:(?:ba|z)?sh|node|python[23]?|perl|ruby|pwsh|powershell)["']\s*,\s*\[\s*["']-(?:c|e|command)["']\s*,/g;
// A code runner or a shell given another name (`const e = eval`, `exec_ = exec`,
// `const run = require('child_process').execSync`, `const { execSync: run } = require('child_process')`,
// `run = os.system`, `ev = getattr(builtins, 'eval')`): calls of that name are the runner's.
const ALIAS_JS = /^[ \t]*(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*=\s*(?:(?<code>(?:(?:globalThis|window|global)\.)?eval|Function(?:\.prototype\.constructor)?|vm\.runIn(?:This|New)?Context)|(?<shell>(?:require\(\s*["'](?:node:)?child_process["']\s*\)|child_process|childProcess|cp)\.(?:exec|execSync)))\s*;?[ \t]*$/gm;
const ALIAS_JS_DESTRUCTURE = /\{([^{}\n]{1,300})\}\s*=\s*require\(\s*["'](?:node:)?child_process["']\s*\)/g;
const ALIAS_PY = /^[ \t]*([A-Za-z_]\w*)\s*=\s*(?:(?<code>exec|eval|(?:builtins|__builtins__)\.(?:exec|eval)|getattr\s*\(\s*(?:builtins|__builtins__)\s*,\s*["'](?:exec|eval)["']\s*\))|(?<shell>os\.(?:system|popen)|subprocess\.getoutput))[ \t]*$/gm;
const MAX_ALIASES = 16;

/** The sinks a view's aliases of code runners and shells add: [calls of code runners' aliases (any value in them), of shells' (the value whole)]. */
function aliasSinks(text: string, lang: Lang): Array<[RegExp, boolean]> {
  if (lang === 'perl') return [];
  const code: string[] = [];
  const shell: string[] = [];
  const re = lang === 'js' ? ALIAS_JS : ALIAS_PY;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && code.length + shell.length < MAX_ALIASES; m = re.exec(text)) (m.groups?.code !== undefined ? code : shell).push(m[1] as string);
  if (lang === 'js' && text.includes('child_process')) {
    ALIAS_JS_DESTRUCTURE.lastIndex = 0;
    for (let m = ALIAS_JS_DESTRUCTURE.exec(text); m !== null && code.length + shell.length < MAX_ALIASES; m = ALIAS_JS_DESTRUCTURE.exec(text)) {
      for (const part of (m[1] as string).split(',')) {
        const renamed = /^\s*(?:exec|execSync)\s*:\s*([A-Za-z_$][\w$]*)\s*$/.exec(part);
        if (renamed) shell.push(renamed[1] as string);
      }
    }
  }
  const call = (names: string[]) => new RegExp(String.raw`(?<![\w$.])(?:${names.map(escapeRe).join('|')})\s*\(`, 'g');
  const out: Array<[RegExp, boolean]> = [];
  if (code.length > 0) out.push([call(code), false]);
  if (shell.length > 0) out.push([call(shell), true]);
  return out;
}

// A promise chain handing its value straight to a code runner: `.then(eval)`.
const THEN_RUN = /\.then\s*\(\s*(?:eval|Function|vm\.runIn(?:This|New)?Context)\s*\)/;
// A promise made in place: its executor's first parameter resolves it (`new Promise((resolve, reject) =>`, `new Promise(function (ok) {`).
const PROMISE_EXECUTOR = /\bnew\s+Promise\s*\(\s*(?:async\s+)?(?:\(\s*([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)\s*=>|function\s*[\w$]*\s*\(\s*([A-Za-z_$][\w$]*))/;
const JS_FILE = /\.(?:[cm]?[jt]sx?)$/i;
const PERL_FILE = /\.(?:pl|pm|cgi)$/i;
// Perl's downloads: LWP::Simple's get, HTTP::Tiny, a user agent's get (where the file uses one),
// curl or wget in backticks or qx.
const PERL_SOURCE = String.raw`\bLWP::Simple::(?:get|getprint)\s*\(|\bHTTP::Tiny->new\b[^;\n]{0,80}?->(?:get|request|post)\s*\(|\x60[^\x60\n]*\b(?:curl|wget)\b[^\x60\n]*\x60|\bqx\s*[({[/|][^\n]*\b(?:curl|wget)\b`;
const PERL_AGENT_GET = String.raw`\$\w+->(?:get|request|post)\s*\(\s*["'$]`;
const PERL_BARE_GET = String.raw`(?<![\w$>:])get\s*\(`;
// Perl's string eval (`eval $code`, `eval($code)`), not a block eval (`eval { … }`).
const PERL_EVAL = /(?<![\w$>:])eval\b(?!\s*\{)\s*(\(?)/g;
// A dynamic import of a URL: the module is fetched and run.
const IMPORT_URL = /(?<![\w$.])import\s*\(\s*["'`]https?:\/\//g;
// A function's definition, by name: Python's def, Perl's sub, JavaScript's function, a const
// bound to a function or an arrow, an export's property, and (in JavaScript) a class's method.
const FN_DEF = /^\s*(?:(?:async\s+)?def\s+([A-Za-z_]\w*)|sub\s+([A-Za-z_]\w*)|(?:export\s+(?:default\s+)?)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(|(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:function\b|\([^()\n]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)|(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:function\b|\([^()\n]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>))/;
// A function exported as the module's default with no name of its own (`export default async () =>`,
// `module.exports = function () {`): followed under the name `default`.
const DEFAULT_DEF = /^\s*(?:export\s+default|module\.exports\s*=)\s*(?:async\s+)?(?:function\s*\*?\s*\(|\([^()\n]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)/;
const JS_METHOD = /^\s*(?:static\s+)?(?:async\s+)?(?!(?:if|for|while|switch|catch|function|return|with)\b)([A-Za-z_$][\w$]*)\s*\([^()\n]*\)\s*\{/;
const TOP_CLASS = /^(?:export\s+)?class\b/;
const RETURN = /^\s*return\b\s*/;
// A word every definition FN_DEF or JS_METHOD reads holds (a cheap test before them).
const DEF_WORD = /\bdef\s|\bsub\s|\bfunction\b|=>|\)\s*\{/;
// A call by name (`get_stage(`, `utils.fetch_code(`, `self.load(`): a function whose return is followed.
const CALLED = /(?<![\w$.])((?:[A-Za-z_$][\w$]*\.)?[A-Za-z_$][\w$]*)\s*\(/g;
// Python: a module file written (`open('m.py', 'w')`, `Path('m.py').write_text(`), downloaded
// (`urlretrieve(u, 'm.py')`), and imported or run (`import m`, `importlib.import_module('m')`, `runpy.run_path('m.py')`).
const PY_OPEN_WRITE = /\bopen\s*\(\s*(["'])([^"'\n]{1,200}?\.py)\1\s*,\s*["'][wa]/;
const PY_PATH_WRITE = /\bPath\s*\(\s*(["'])([^"'\n]{1,200}?\.py)\1\s*\)\s*\.write_(?:text|bytes)\s*\(/;
const PY_RETRIEVE = /\b(?:urlretrieve|wget\.download)\s*\([^,\n]{1,300},\s*(["'])([^"'\n]{1,200}?\.py)\1/;
const PY_RETRIEVE_WORD = /\b(?:urlretrieve|wget\.download)\s*\(/;
const PY_WRITER = /^\s*(?:with\s+)?(?:([A-Za-z_]\w*)\s*=\s*)?open\s*\(\s*(["'])([^"'\n]{1,200}?\.py)\2\s*,\s*["'][wa][^\n]*?(?:\bas\s+([A-Za-z_]\w*)\s*:)?\s*$/;
const PY_MODULE_RUN = /^\s*import\s+([\w.]+)|^\s*from\s+([\w.]+)\s+import\b|\bimportlib\.import_module\s*\(\s*["']([\w.]+)["']|\b__import__\s*\(\s*["']([\w.]+)["']|\brunpy\.run_(?:path|module)\s*\(\s*["']([^"'\n]+)["']|\bspec_from_file_location\s*\(\s*[^,\n]+,\s*["']([^"'\n]+)["']/;
/** The module a path or dotted name names: its last part without `.py`. */
const moduleKey = (s: string) => (s.split(/[/\\]/).pop() as string).replace(/\.py$/, '').split('.').pop() as string;
// An assignment at a statement's start: `x =`, `const x =`, `x: str =`, `x +=`, `a, b =`, `{ a } =`,
// and an object's own attribute (`self.code =`, `this.src =`), followed as one name.
const ASSIGN = /^\s*(?:(?:export\s+)?(?:const|let|var)\s+|(?:my|our|local)\s+)?(?<lhs>\((?=\s*[$@])[^()\n]{0,200}\)|(?:self|this)\.[A-Za-z_$][\w$]*(?![\w$.[(])|[A-Za-z_$][\w$]*(?:\s*,\s*[A-Za-z_$][\w$]*)*|\{[^{}\n]{0,200}\}|\[[^[\]\n]{0,200}\])\s*(?::\s*[\w[\]., |]{1,40})?\s*(?<op>\+=|=)(?![=>])/;
// Inside a JavaScript statement: `(d += c)`, `{ code = t }`, after `=>`.
const INNER_ASSIGN = /(?:[{(]|=>)\s*([A-Za-z_$][\w$]*)\s*(\+?=)(?![=>])/g;
// Parameters of callbacks: `(a, b) =>`, `a =>`, `function (a)`.
const CALLBACK_PARAMS = /(?:\(([^()\n]{0,120})\)|(?<![\w$.])([A-Za-z_$][\w$]*))\s*=>|\bfunction\s*[\w$]*\s*\(([^()\n]{0,120})\)/g;
const PY_DEF = /^\s*(?:async\s+)?def\s+\w+\s*\(([^()\n]{0,300})/;
const PY_WITH_AS = /\bas\s+([A-Za-z_]\w*)\s*:?\s*$/;
const PY_FOR = /^\s*(?:async\s+)?for\s+([\w\s,()]{1,80}?)\s+in\s+/;
const IDENT = /(?<![\w$.])(?:(?:self|this)\.)?[A-Za-z_$][\w$]*(?![\w$])/g;
// A right-hand side that builds a larger string around a value: an f-string, a template with
// `${}`, a concatenation, %-formatting, .format or .join, or one that starts with a literal.
const PART_OF = /\b[fF]["']|`[^`]*\$\{|[^+]\+(?![+=])|%\s*[\w(]|\.(?:format|join)\s*\(|^\s*["'`]/;
// A piece cut out of a value with a regular expression (`re.search(…).group(1)`, `re.finditer`,
// `.match(`): what a scraper does to a page. A loader runs the response it fetched, whole or
// decoded; eval of a fragment matched out of a page (a JS object literal made Python) runs whatever
// the page's owner puts there too, so it is told, as a warning, not refused as a loader.
const SCRAPED = /\bre\.(?:search|match|fullmatch|findall|finditer)\s*\(|\.group\s*\(|\.match(?:All)?\s*\(/;
/**
 * A followed name: the line it was last given at, the line of its source, whether it holds the
 * value whole, whether it was cut out of the value with a regular expression.
 */
type Taint = [number, number, boolean, boolean];
type IsTainted = (name: string, line: number) => Taint | undefined;

/** The first of `names` that holds a followed value at `line` (but those in `skip`), with its record. */
function firstTainted(names: Iterable<string>, line: number, isTainted: IsTainted, skip?: ReadonlySet<string>): [string, Taint] | undefined {
  for (const n of names) {
    if (skip?.has(n)) continue;
    const t = isTainted(n, line);
    if (t) return [n, t];
  }
  return undefined;
}
// A value fetched stays followed to the next definition at the top level (a function or class at
// column 0: a variable of another function, named the same, is not it), and at most this many
// lines after it was last given. The work per line is bounded either way (MAX_TAINTED names, each
// a map lookup); this only bounds how far a name reaches in a file of one long body.
const TAINT_LINES = 2000;
// Passes over a view while functions returning the value are found: a function is known from its
// return on, so one pass follows calls below the definition, and each pass more a call above it
// (`main()` at the top calling `stage()` defined below). Each pass is linear in the view.
const MAX_PASSES = 4;
// Functions followed per view and kind (a memory bound: each is a map entry; a file has fewer than its lines).
const MAX_FUNCTIONS = 100_000;
const MAX_TAINTED = 64;
const MAX_ARGS = 800;
const MAX_FLOWS = 25;

/** The text of the call's arguments from just after its `(` at `open`, to its closing parenthesis (bounded). */
function callArgs(text: string, open: number): string {
  let depth = 1;
  let quote = 0;
  const limit = Math.min(text.length, open + MAX_ARGS);
  for (let i = open; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) quote = c;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (--depth === 0) return text.slice(open, i);
    }
  }
  return text.slice(open, limit);
}

/** The first argument of an argument list (to its first comma at depth 0). */
function firstArg(args: string): string {
  let depth = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 0) return args.slice(0, i);
  }
  return args;
}

/** The right-hand side of an assignment from `at`: to the statement's end (`;` or a line break outside brackets), bounded. */
function rhsFrom(text: string, at: number): string {
  let depth = 0;
  const limit = Math.min(text.length, at + MAX_ARGS);
  for (let i = at; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
    else if ((c === 10 || c === 59) && depth === 0) return text.slice(at, i);
  }
  return text.slice(at, limit);
}

/** Quoted literals blanked (not f-strings or templates, whose `{x}` name variables), so a name inside a string is no reference. */
function withoutLiterals(s: string): string {
  return s.replace(/(?<![fF\w])(["'])(?:\\.|(?!\1)[^\\\n])*\1/g, (m) => ' '.repeat(m.length));
}

/**
 * The names `expr` refers to (not attributes `.x`, keyword arguments `x=`, or object keys `x:` in
 * JavaScript). `members`: a name whose member is read (`env.API_KEY`, `env['K']`) counts; the
 * environment's whole is not sent when one of its variables is.
 */
function namesIn(expr: string, js: boolean, members = true): string[] {
  const s = withoutLiterals(expr);
  const out: string[] = [];
  IDENT.lastIndex = 0;
  for (let m = IDENT.exec(s); m !== null; m = IDENT.exec(s)) {
    const after = s.slice(m.index + m[0].length, m.index + m[0].length + 3);
    if (/^\s*=(?!=)/.test(after)) continue;
    if (js && /^\s*:(?!:)/.test(after)) continue;
    if (!members && /^\s*(?:\[|\??\.\s*(?!(?:copy|items|values|entries)\b)[A-Za-z_$])/.test(s.slice(m.index + m[0].length, m.index + m[0].length + 12))) continue;
    out.push(m[0]);
  }
  return out;
}

/** Names bound by a parameter list or an assignment's left side (`a, b`, `{ a, b: c }`, `[a, b]`, `x=1`, `*args`). */
function boundNames(list: string): string[] {
  if (/^\s*(?:self|this)\.[A-Za-z_$][\w$]*\s*$/.test(list)) return [list.trim()];
  const out: string[] = [];
  for (const part of list.replace(/[{}[\]()]/g, ' ').split(',')) {
    const name = /([A-Za-z_$][\w$]*)\s*(?:=[^,]*)?$/.exec(part.replace(/:\s*[\w[\]. |]*$/, '').trim())?.[1] ?? /^\s*\*{0,2}([A-Za-z_$][\w$]*)/.exec(part)?.[1];
    if (name !== undefined) out.push(name);
  }
  return out;
}

type Lang = 'js' | 'py' | 'perl';
type Fns = Map<string, [number, boolean]>;

const langOf = (path: string, view: View): Lang => (JS_FILE.test(path) ? 'js' : PERL_FILE.test(path) || /^#![^\n]*\bperl\b/.test(view.text) ? 'perl' : 'py');

// An HTTP client object whose calls fetch: aiohttp's session, httpx's clients (async too),
// requests' session, urllib3's pool, an axios instance, got's extension. Bound by `with … as c`
// (`async with aiohttp.ClientSession() as s:`) or an assignment (`client = httpx.AsyncClient()`).
const CLIENT_NEW = /\b(?:aiohttp\.ClientSession|httpx\.(?:Async)?Client|requests\.[Ss]ession|urllib3\.PoolManager|axios\.create|got\.extend)\s*\(/g;
const CLIENT_AS = /\bas\s+([A-Za-z_]\w*)\s*:?\s*$/;
const CLIENT_ASSIGN = /^\s*(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?$/;

/** Names bound to an HTTP client in `text` (at most MAX_ALIASES). */
function clientNames(text: string): string[] {
  const out: string[] = [];
  CLIENT_NEW.lastIndex = 0;
  for (let m = CLIENT_NEW.exec(text); m !== null && out.length < MAX_ALIASES; m = CLIENT_NEW.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const end = text.indexOf('\n', m.index);
    const lineEnd = end === -1 ? text.length : end;
    const name = CLIENT_ASSIGN.exec(text.slice(lineStart, m.index))?.[1] ?? CLIENT_AS.exec(text.slice(m.index, Math.min(lineEnd, m.index + 300)))?.[1];
    if (name !== undefined && name !== 'session' && name !== 'sess' && !out.includes(name)) out.push(name);
  }
  return out;
}

/** The download a view's code reads in its language (Perl's get only where it uses LWP::Simple; a user agent's only where it has one). */
function sourceOf(lang: Lang, kind: 'remote' | 'env', text: string): RegExp {
  if (kind === 'env') return ENV_WHOLE;
  if (lang !== 'perl') {
    const clients = clientNames(text);
    return clients.length === 0 ? REMOTE_SOURCE : new RegExp(String.raw`${REMOTE_SOURCE.source}|(?<![\w$.])(?:${clients.map(escapeRe).join('|')})\.(?:get|post|put|request|stream|fetch)\s*\(`);
  }
  let re = PERL_SOURCE;
  if (/\b(?:LWP::UserAgent|HTTP::Tiny|Mojo::UserAgent)\b/.test(text)) re += '|' + PERL_AGENT_GET;
  if (/\bLWP::Simple\b/.test(text)) re += '|' + PERL_BARE_GET;
  return new RegExp(re);
}

/**
 * The code flows in one view: values fetched from the network that reach code runners, and the
 * whole environment that reaches a request. `has(word)`: the view holds that word of CODE_FLOW_WORDS.
 */
export function codeFlows(path: string, view: View, has: (word: string) => boolean): CodeFlow[] {
  const out: CodeFlow[] = [];
  const lang = langOf(path, view);
  const own = LANG_WORDS[lang].some(has);
  const remote = (REMOTE_WORDS.some(has) || (lang === 'perl' && own)) && (CODE_RUN_WORDS.some(has) || own);
  const env = ENV_WORDS.some(has) && SEND_WORDS.some(has);
  if (remote) followAll(view, lang, 'remote', out, undefined);
  if (env) followAll(view, lang, 'env', out, undefined);
  if (lang === 'js' && has('import(') && remote) {
    IMPORT_URL.lastIndex = 0;
    for (let m = IMPORT_URL.exec(view.text); m !== null && out.length < MAX_FLOWS; m = IMPORT_URL.exec(view.text)) out.push({ rule: 'exec.remote-code-flow', offset: m.index, sourceLine: lineIndexAt(view.lineStarts, m.index) });
  }
  // Modules the runtime loads from a URL (remote-module.ts), but a dynamic import reported above.
  const reported = new Set(out.map((f) => f.offset));
  for (const r of remoteModules(path, view.text, has, (offset) => reported.has(offset))) {
    out.push({ rule: r.rule, offset: r.offset, sourceLine: lineIndexAt(view.lineStarts, r.offset), origin: r.allowAll ? `${r.url}, run with every permission` : r.url });
  }
  return out;
}

/** The flows of a view whose value comes from the seeded functions of other files (and the view's own sources). */
export function seededFlows(path: string, view: View, seeds: FlowSeeds): CodeFlow[] {
  const out: CodeFlow[] = [];
  const lang = langOf(path, view);
  const remote = ownDefinitionsFirst(view.text, seeds.remote);
  const env = ownDefinitionsFirst(view.text, seeds.env);
  if (remote.size > 0) followAll(view, lang, 'remote', out, remote);
  if (env.size > 0) followAll(view, lang, 'env', out, env);
  return out;
}

/**
 * Seeds without the names the file defines itself at its top level: a module's own `def load()`
 * after `from net import *` (or `from net import load`) is the `load` its calls reach, not net's.
 */
function ownDefinitionsFirst(text: string, seeded: Fns): Fns {
  const plain = [...seeded.keys()].filter((n) => !n.includes('.'));
  if (plain.length === 0) return seeded;
  const names = `(${plain.map(escapeRe).join('|')})`;
  // A definition at the top level: not a binding of the import itself (`const load = require('./net')`).
  const re = new RegExp(String.raw`^(?:(?:async\s+)?def\s+${names}(?![\w$])|(?:export\s+)?(?:async\s+)?function\s*\*?\s*${names}(?![\w$])|(?:export\s+)?(?:const|let|var)\s+${names}\s*=\s*(?:async\s+)?(?:function\b|\([^()\n]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>))`, 'gm');
  const own = new Set<string>();
  for (const m of text.matchAll(re)) own.add((m[1] ?? m[2] ?? m[3]) as string);
  if (own.size === 0) return seeded;
  return new Map([...seeded].filter(([n]) => !own.has(n)));
}

/**
 * The functions of a view whose return holds a fetched value (`remote`) or the whole environment
 * (`env`), for the files that import them. Only where the view holds the words of that source.
 */
export function functionReturns(path: string, view: View, has: (word: string) => boolean, seeds?: FlowSeeds): { remote: Fns; env: Fns } {
  const lang = langOf(path, view);
  // Seeds: functions this file imports from others of the skill (a chain of modules).
  const seededRemote = seeds && ownDefinitionsFirst(view.text, seeds.remote);
  const seededEnv = seeds && ownDefinitionsFirst(view.text, seeds.env);
  const remote: Fns = (seededRemote?.size ?? 0) > 0 || REMOTE_WORDS.some(has) || LANG_WORDS[lang].some(has) ? followAll(view, lang, 'remote', [], seededRemote) : new Map();
  const env: Fns = (seededEnv?.size ?? 0) > 0 || ENV_WORDS.some(has) ? followAll(view, lang, 'env', [], seededEnv) : new Map();
  return { remote, env };
}

/** followValues, again while it finds more functions returning the value (at most MAX_PASSES); returns those functions. */
function followAll(view: View, lang: Lang, kind: 'remote' | 'env', out: CodeFlow[], seeded: Fns | undefined): Fns {
  // Minified JavaScript is followed laid out a statement a line, and what is found mapped back.
  if (lang === 'js' && looksMinified(view.text)) {
    const { r, laid } = laidOut(view);
    const line = (l: number) => (l < 0 ? l : lineIndexAt(view.lineStarts, r.origin[l] as number));
    const flows: CodeFlow[] = [];
    const fns = followLaidOut(laid, lang, kind, flows, seeded);
    for (const f of flows) out.push({ ...f, offset: originOf(r, lineIndexAt(r.lineStarts, f.offset), f.offset), sourceLine: line(f.sourceLine) });
    return new Map([...fns].map(([name, [l, whole]]) => [name, [line(l), whole]]));
  }
  return followLaidOut(view, lang, kind, out, seeded);
}

/**
 * A minified view laid out, kept for the next call: the remote and env passes, the function pass
 * and the seeded pass each ask for the same view, and one layout is enough.
 */
let lastLaid: { text: string; r: ReturnType<typeof reflow>; lower: string } | null = null;
function laidOut(view: View): { r: ReturnType<typeof reflow>; laid: View } {
  if (lastLaid?.text !== view.text) {
    const r = reflow(view.text);
    lastLaid = { text: view.text, r, lower: r.text.toLowerCase() };
  }
  const { r, lower } = lastLaid;
  return { r, laid: { ...view, text: r.text, lower, lineStarts: r.lineStarts } };
}

/** followAll's passes over a view as it is laid out. */
function followLaidOut(view: View, lang: Lang, kind: 'remote' | 'env', out: CodeFlow[], seeded: Fns | undefined): Fns {
  const fns: Fns = new Map(seeded ?? []);
  for (let pass = 1; ; pass++) {
    const flows: CodeFlow[] = [];
    // Functions found in this pass, by where they are defined: another pass only where one is called above it.
    const found: Array<[string, number]> = [];
    followValues(view, lang, kind, flows, fns, found);
    if (!found.some(([name, at]) => calledBefore(view.text, name, at)) || pass >= MAX_PASSES) {
      for (const f of flows) out.push(f);
      return fns;
    }
  }
}

/** Whether `text` calls `name` (`name(`, `x.name(`) before offset `at`. */
function calledBefore(text: string, name: string, at: number): boolean {
  const i = text.indexOf(`${name}(`);
  return i !== -1 && i < at;
}

/** The first call in `expr` of a function in `fns` (`self.`/`this.` dropped): its origin, whether whole, and where. */
function calledFn(expr: string, fns: Fns): [number, boolean, number] | undefined {
  if (fns.size === 0) return undefined;
  CALLED.lastIndex = 0;
  for (let m = CALLED.exec(expr); m !== null; m = CALLED.exec(expr)) {
    const name = (m[1] as string).replace(/^(?:self|this)\./, '');
    const t = fns.get(name);
    if (t) return [t[0], t[1], m.index];
  }
  return undefined;
}

/** A line starting with this character is inside a block, or blank (a space, a tab, a line break, or the text's end). */
const isIndentedOrBlank = (c: number) => c === 32 || c === 9 || c === 10 || Number.isNaN(c);

/** Follows values through a view; pushes flows to `out`; adds the functions whose return holds the value to `fns` (by name). */
function followValues(view: View, lang: Lang, kind: 'remote' | 'env', out: CodeFlow[], fns: Fns, found: Array<[string, number]>): void {
  const { text, lineStarts } = view;
  const js = lang === 'js';
  const source = sourceOf(lang, kind, text);
  const aliases = kind === 'remote' ? aliasSinks(text, lang) : [];
  let first = fns.size > 0 ? 0 : text.search(source);
  const retrieve = kind === 'remote' && lang === 'py' ? text.search(PY_RETRIEVE_WORD) : -1;
  if (retrieve !== -1 && (first === -1 || retrieve < first)) first = retrieve;
  if (first === -1) return;
  // Name -> [line it was last given at, line of its source, whether it holds the value whole,
  // whether a regular expression cut it out of the value].
  const tainted = new Map<string, Taint>();
  const isTainted = (name: string, line: number): Taint | undefined => {
    const t = tainted.get(name);
    if (t && line - t[0] > TAINT_LINES) {
      tainted.delete(name);
      return undefined;
    }
    return t;
  };
  // Names given inside a function (an indented line), dropped at the next top-level definition;
  // names given at the top level are the module's own and stay.
  const locals = new Set<string>();
  let top = true;
  const taint = (name: string, line: number, src: number, whole = true, scraped = false) => {
    if (tainted.size >= MAX_TAINTED && !tainted.has(name)) return;
    tainted.set(name, [line, src, whole, scraped]);
    if (top) locals.delete(name);
    else locals.add(name);
  };
  // Python modules written from the value (by name) and the files a download was written to by a handle.
  const written = new Map<string, number>();
  const writers = new Map<string, string>();
  const flowsBefore = out.length;
  // Modules written and imported only where a `.py` file is named.
  const modules = kind === 'remote' && lang === 'py' && text.includes('.py');
  let chain: number | undefined;
  let currentAt = 0;
  // The function whose body this is, by name (undefined at the top level).
  let current: string | undefined;
  // A promise's resolve function, by name -> the function that returns that promise, and where it is defined.
  const resolvers = new Map<string, [string, number]>();
  const giveReturn = (expr: string, idx: number, fn = current, fnAt = currentAt) => {
    if (fn === undefined || fns.has(fn) || fns.size >= MAX_FUNCTIONS) return;
    let given: [number, boolean] | undefined;
    if (source.test(expr)) given = [idx, !PART_OF.test(expr)];
    else {
      const t = firstTainted(namesIn(expr, js, kind === 'remote'), idx, isTainted)?.[1];
      if (t) given = [t[1], t[2] && !PART_OF.test(expr)];
      const c = given ? undefined : calledFn(expr, fns);
      if (c) given = [c[0], c[1] && !PART_OF.test(expr)];
    }
    if (!given) return;
    fns.set(fn, given);
    found.push([fn, fnAt]);
  };
  const lineAt = (idx: number) => text.slice(lineStarts[idx] as number, idx + 1 < lineStarts.length ? (lineStarts[idx + 1] as number) - 1 : text.length);
  const definition = (line: string): Array<string | undefined> | null => {
    if (!DEF_WORD.test(line)) return null;
    const d = FN_DEF.exec(line) ?? (js ? JS_METHOD.exec(line) : null);
    if (d || !js || !DEFAULT_DEF.test(line)) return d;
    return [line, undefined, undefined, undefined, undefined, undefined, 'default'];
  };
  // From the first source, in the function defined above it (the nearest definition, up to a
  // top-level statement, at most TAINT_LINES above); with functions to follow (called anywhere), from the top.
  const startIdx = fns.size > 0 ? 0 : lineIndexAt(lineStarts, first);
  for (let idx = startIdx - 1; idx >= 0 && startIdx - idx <= TAINT_LINES; idx--) {
    const line = lineAt(idx);
    const d = definition(line);
    if (d) {
      current = d.slice(1).find((n) => n !== undefined);
      currentAt = lineStarts[idx] as number;
      // A promise made above the source, in that function.
      if (js) {
        for (let k = idx + 1; k < startIdx && resolvers.size < MAX_ALIASES; k++) {
          const r = PROMISE_EXECUTOR.exec(lineAt(k))?.slice(1).find((n) => n !== undefined);
          if (r !== undefined) resolvers.set(r, [current as string, currentAt]);
        }
      }
      break;
    }
    if (!isIndentedOrBlank(line.charCodeAt(0))) break;
  }
  for (let idx = startIdx; idx < lineStarts.length; idx++) {
    const lineStart = lineStarts[idx] as number;
    const line = lineAt(idx);
    if (line.trim() === '') continue;
    const defined = definition(line);
    top = !/^\s/.test(line);
    if (top) {
      // A definition at the top level: the names given in the function before it are no longer values.
      if (defined || TOP_CLASS.test(line)) {
        for (const n of locals) tainted.delete(n);
        locals.clear();
        resolvers.clear();
        chain = undefined;
      }
      current = undefined;
    }
    if (defined) {
      current = defined.slice(1).find((n) => n !== undefined);
      currentAt = lineStart;
      // An arrow's expression body is its return (`const load = async () => (await fetch(u)).text()`).
      const arrow = /=>\s*(?!\{)(\S[^\n]*)$/.exec(line);
      if (arrow && (defined[4] ?? defined[5] ?? defined[6]) !== undefined) giveReturn(arrow[1] as string, idx);
    }
    // A Python function's parameters are fresh values; a one-line body (`def f(): return x`) is read.
    const def = PY_DEF.exec(line);
    if (def) {
      for (const n of boundNames(def[1] as string)) tainted.delete(n);
      chain = undefined;
      const body = /\)\s*(?:->[^:\n]{1,80})?:\s*return\b\s*(\S[^\n]*)$/.exec(line);
      if (body) giveReturn(body[1] as string, idx);
      continue;
    }
    let segStart = 0;
    while (segStart <= line.length) {
      let segEnd = line.indexOf(';', segStart);
      if (segEnd === -1) segEnd = line.length;
      const seg = line.slice(segStart, segEnd);
      const at = lineStart + segStart;
      if (seg.trim() !== '') {
        // Where this statement's value comes from: a source in it, or a followed name it refers to.
        const src = source.exec(seg);
        let from: number | undefined = src ? idx : undefined;
        let fromAt = src ? src.index : -1;
        let fromScraped = false;
        // Names a callback of this statement binds (`(body) => eval(body)`) are its own, not followed ones.
        const params = new Set<string>();
        if (js) {
          CALLBACK_PARAMS.lastIndex = 0;
          for (let m = CALLBACK_PARAMS.exec(seg); m !== null; m = CALLBACK_PARAMS.exec(seg)) for (const n of boundNames(m[1] ?? m[2] ?? m[3] ?? '')) params.add(n);
        }
        const held = from === undefined ? firstTainted(namesIn(seg, js, kind === 'remote'), idx, isTainted, params) : undefined;
        if (held) {
          const [n, t] = held;
          from = t[1];
          fromScraped = t[3];
          fromAt = Math.max(0, seg.search(new RegExp(String.raw`(?<![\w$.])${escapeRe(n)}(?![\w$])`)));
        }
        // A call of a function returning the value.
        if (from === undefined) {
          const c = calledFn(seg, fns);
          if (c) {
            from = c[0];
            fromAt = c[2];
          }
        }
        // A chain continued from the statement before (`fetch(u)` then `.then((r) => …)`).
        if (from === undefined && chain !== undefined && /^\s*\./.test(seg)) {
          from = chain;
          fromAt = 0;
        }
        // A JavaScript function's parameters are fresh values.
        if (from === undefined) for (const n of params) tainted.delete(n);
        if (from !== undefined) {
          // Callback parameters after the source or a followed name: they receive its value.
          const rest = seg.slice(fromAt);
          CALLBACK_PARAMS.lastIndex = 0;
          for (let m = CALLBACK_PARAMS.exec(rest); m !== null; m = CALLBACK_PARAMS.exec(rest)) for (const n of boundNames(m[1] ?? m[2] ?? m[3] ?? '')) taint(n, idx, from, true, fromScraped);
          if (js) {
            INNER_ASSIGN.lastIndex = 0;
            for (let m = INNER_ASSIGN.exec(rest); m !== null; m = INNER_ASSIGN.exec(rest)) {
              const rhs = rhsFrom(rest, m.index + m[0].length).split(/[),;]/)[0] as string;
              if (namesIn(rhs, js, kind === 'remote').some((n) => isTainted(n, idx))) taint(m[1] as string, idx, from, true, fromScraped);
            }
          } else if (lang === 'py') {
            const withAs = PY_WITH_AS.exec(seg);
            if (withAs && /^\s*(?:async\s+)?with\b/.test(seg)) taint(withAs[1] as string, idx, from, true, fromScraped);
            const loop = PY_FOR.exec(seg);
            if (loop) for (const n of boundNames(loop[1] as string)) taint(n, idx, from, true, fromScraped || SCRAPED.test(seg));
          }
        }
        // The value written to a Python module's file, which an import then runs.
        if (modules) followModules(seg, idx, from, written, writers, (offset, sourceLine) => out.push({ rule: 'exec.remote-code-flow', offset: at + offset, sourceLine }));
        if (out.length - flowsBefore >= MAX_FLOWS) return;
        if (from !== undefined && RETURN.test(seg)) giveReturn(seg.replace(RETURN, ''), idx);
        // A promise a function returns, resolved with the value (`return new Promise((resolve) => …
        // res.on('end', () => resolve(body)))`): the function returns the value.
        if (js && current !== undefined && resolvers.size < MAX_ALIASES && seg.includes('Promise')) {
          const executor = PROMISE_EXECUTOR.exec(seg);
          const r = executor?.slice(1).find((n) => n !== undefined);
          if (r !== undefined) resolvers.set(r, [current, currentAt]);
        }
        if (from !== undefined && resolvers.size > 0) {
          for (const [r, [f, fAt]] of resolvers) {
            if (fns.has(f) || !seg.includes(r)) continue;
            const call = new RegExp(String.raw`(?<![\w$.])${escapeRe(r)}\s*\(`).exec(seg);
            if (call) giveReturn(firstArg(callArgs(text, at + call.index + call[0].length)), idx, f, fAt);
          }
        }
        const flowed = checkSinks(view, lang, kind, source, seg, at, idx, isTainted, from, fns, aliases);
        for (const f of flowed) {
          if (out.length - flowsBefore >= MAX_FLOWS) return;
          const rule = kind === 'env' ? 'exfil.env-flow' : f.scraped ? 'exec.scraped-code-flow' : 'exec.remote-code-flow';
          out.push({ rule, offset: f.offset, sourceLine: f.sourceLine });
        }
        const assign = ASSIGN.exec(seg);
        if (assign) {
          const groups = assign.groups as { lhs: string; op: string };
          const rhs = rhsFrom(text, at + assign[0].length);
          let given = source.test(rhs) ? idx : undefined;
          let whole = given !== undefined;
          let scraped = false;
          const rhsNames = namesIn(rhs, js, kind === 'remote');
          const t = given === undefined ? firstTainted(rhsNames, idx, isTainted)?.[1] : undefined;
          if (t) [, given, whole, scraped] = t;
          if (given === undefined) {
            const c = calledFn(rhs, fns);
            if (c) {
              given = c[0];
              whole = c[1];
            }
          }
          // Built into a larger string (`f"git checkout {tag}"`, `'x' + v`): holds a part of the value.
          if (PART_OF.test(rhs)) whole = false;
          const names = boundNames(groups.lhs);
          // `const { KEY } = process.env` takes one variable, not the whole environment.
          const destructures = /^[{[]/.test(groups.lhs.trim()) && kind === 'env';
          if (SCRAPED.test(rhs)) scraped = true;
          if (given !== undefined && !destructures) for (const n of names) taint(n, idx, given, whole, scraped);
          else if (groups.op === '=' && !names.some((n) => rhsNames.includes(n) && isTainted(n, idx))) for (const n of names) tainted.delete(n);
        }
        // A statement that a `;` ends is no chain to continue.
        chain = segEnd < line.length ? undefined : from !== undefined ? from : /^\s*\./.test(seg) ? chain : undefined;
      }
      segStart = segEnd + 1;
    }
  }
}

/**
 * Python modules written from a followed value (`open('m.py', 'w').write(v)`, a handle opened on
 * `m.py` then written, `Path('m.py').write_text(v)`, `urlretrieve(u, 'm.py')`) and then imported or
 * run (`import m`, `importlib.import_module('m')`, `runpy.run_path('m.py')`): `flow` gets each run.
 */
function followModules(seg: string, idx: number, from: number | undefined, written: Map<string, number>, writers: Map<string, string>, flow: (offset: number, sourceLine: number) => void): void {
  const retrieved = PY_RETRIEVE.exec(seg);
  if (retrieved && written.size < MAX_TAINTED) written.set(moduleKey(retrieved[2] as string), idx);
  const opened = PY_WRITER.exec(seg);
  if (opened && writers.size < MAX_TAINTED) {
    const handle = opened[4] ?? opened[1];
    if (handle !== undefined) writers.set(handle, opened[3] as string);
  }
  if (from !== undefined && written.size < MAX_TAINTED) {
    const direct = PY_OPEN_WRITE.exec(seg) ?? PY_PATH_WRITE.exec(seg);
    if (direct && /\.write(?:_text|_bytes)?\s*\(/.test(seg)) written.set(moduleKey(direct[2] as string), from);
    const handle = /^\s*([A-Za-z_]\w*)\.write(?:lines)?\s*\(/.exec(seg)?.[1];
    const path = handle === undefined ? undefined : writers.get(handle);
    if (path !== undefined) written.set(moduleKey(path), from);
  }
  if (written.size === 0) return;
  const run = PY_MODULE_RUN.exec(seg);
  if (!run) return;
  const name = run.slice(1).find((n) => n !== undefined) as string;
  const src = written.get(moduleKey(name));
  if (src !== undefined) flow(run.index, src);
}

/** The sinks in a statement that a followed value reaches; `from`: the statement's own source line, if it has one. */
function checkSinks(view: View, lang: Lang, kind: 'remote' | 'env', source: RegExp, seg: string, at: number, idx: number, isTainted: IsTainted, from: number | undefined, fns: Fns, aliases: Array<[RegExp, boolean]>): Array<{ offset: number; sourceLine: number; scraped: boolean }> {
  const js = lang === 'js';
  const found: Array<{ offset: number; sourceLine: number; scraped: boolean }> = [];
  let scraped = false;
  const reaches = (expr: string): number | undefined => {
    scraped = SCRAPED.test(expr);
    // A source in a string (`execSync(\`node -e "https.get(…)"\`)`) is code that fetches, not fetched code.
    if (source.test(withoutLiterals(expr).replace(/`[^`]*`/g, ' '))) return idx;
    const t = firstTainted(namesIn(expr, js, kind === 'remote'), idx, isTainted)?.[1];
    if (t) {
      scraped ||= t[3];
      return t[1];
    }
    return calledFn(expr, fns)?.[0];
  };
  const sinks: Array<[RegExp, boolean]> = kind === 'env' ? [[SEND_CALL, false]] : js ? [[CODE_RUN_JS, false], [SHELL_RUN_JS, true], ...aliases] : lang === 'perl' ? [[PERL_EVAL, false]] : [[CODE_RUN_PY, false], [SHELL_RUN_PY, true], ...aliases];
  for (const [re, exact] of sinks) {
    re.lastIndex = 0;
    for (let m = re.exec(seg); m !== null; m = re.exec(seg)) {
      // Perl's eval takes its argument without parentheses too (`eval $code;`).
      const args = re === PERL_EVAL && m[1] === '' ? rhsFrom(view.text, at + m.index + m[0].length) : callArgs(view.text, at + m.index + m[0].length);
      // A dynamic import runs the response only as a data: or blob: URL built from it, or a URL
      // (or module) that is the value itself: not a module of the skill picked by a fetched setting.
      if (re === CODE_RUN_JS && m[0].startsWith('import') && !/^\s*(?:["'`](?:data|blob):|URL\.createObjectURL\s*\(|(?:await\s+)?[A-Za-z_$][\w$]*\s*$)/.test(firstArg(args))) continue;
      let src: number | undefined;
      if (exact) {
        const a = firstArg(args).replace(/\s+/g, '');
        const name = /^(?:await)?\(?([A-Za-z_$][\w$]*)(?:\.(?:text|content|data|body|stdout)|\.(?:strip|rstrip|lstrip|trim|decode|read|json|toString)\([^()]*\))*\)?$/.exec(a)?.[1];
        const t = name === undefined ? undefined : isTainted(name, idx);
        const called = /^(?:await)?\(?((?:[A-Za-z_$][\w$]*\.)?[A-Za-z_$][\w$]*)\(\)(?:\.(?:strip|rstrip|lstrip|trim|decode|read|toString)\([^()]*\))*\)?$/.exec(a)?.[1];
        const fnT = called === undefined ? undefined : fns.get(called.replace(/^(?:self|this)\./, ''));
        src = name !== undefined ? (t?.[2] ? t[1] : undefined) : fnT ? (fnT[1] ? fnT[0] : undefined) : REMOTE_SOURCE_FIRST.test(a) ? idx : undefined;
        scraped = t?.[3] ?? false;
      } else {
        src = reaches(args);
      }
      if (src !== undefined) found.push({ offset: at + m.index, sourceLine: src, scraped });
    }
  }
  if (kind === 'remote' && from !== undefined) {
    const then = THEN_RUN.exec(seg);
    if (then) found.push({ offset: at + then.index, sourceLine: from, scraped: false });
  }
  return found;
}
