// Code loaded from a URL by the runtime itself, with no fetch in sight: Deno's (and browsers')
// `import x from "https://host/mod.ts"`, `await import("https://…")`, and `deno run URL` /
// `deno install URL` / `bun run URL`. What runs is whatever the host serves when the skill runs, not
// what was reviewed, with the permissions of the script that imports it (Deno's permissions belong
// to the process: `--allow-all` on the command line or in the shebang is every module's).
//
// A version pinned on a registry whose versions cannot be replaced (deno.land/std@x.y.z,
// deno.land/x/name@x.y.z, jsr.io, npm's CDNs at an exact version, GitHub at a commit) is a
// dependency like a locked package: quiet. Anything else (an unpinned registry path, any other
// host) is `exec.remote-module` (warn, as `curl | sh` from a vendor not on the allow-list is); a raw
// public IP or plain HTTP is `exec.raw-ip-module` (block, as `download.raw-ip-exec` is). The local
// machine and private networks are the user's own servers: quiet.

import { downloadSource, LOCAL_URL } from './rules.js';

/** Lower-case words that gate the search (the engine's keyword pass looks for them in every view). */
export const REMOTE_MODULE_WORDS = ['deno ', 'bun run', "from 'http", 'from "http', "import('http", 'import("http', 'import(`http', "import 'http", 'import "http'];

export interface RemoteModule {
  rule: 'exec.remote-module' | 'exec.raw-ip-module';
  /** Offset in the view's text of the import or the command. */
  offset: number;
  url: string;
  /** The file (its shebang) or the command grants every permission. */
  allowAll: boolean;
}

// `import … from "URL"`, `export … from "URL"`, `import "URL"` (a statement at a line's start).
const STATIC_IMPORT = /^[ \t]*(?:import|export)\s+(?:[^'"`\n;]{0,300}?\s*from\s*)?["'](https?:\/\/[^"'\s]{1,500})["']/gm;
const DYNAMIC_IMPORT = /(?<![\w$.])import\s*\(\s*["'`](https?:\/\/[^"'`\s]{1,500})["'`]/g;
// A runner given a URL as its program: `deno run [options] URL`, `deno install … URL`, `deno
// compile … URL`, `bun run URL` (not a URL among the program's own arguments: `bun run buy.ts --url URL`).
// Options are skipped, with the value of those that take one as the next word.
const RUN_URL = /\b(?:deno\s+(?:run|install|compile)|bun\s+run)(?:\s+(?:(?:-c|--config|--import-map|--lock|--cert|--location|--seed|-n|--name|--root|-o|--output|--target|--env-file)\s+(?!-)[^\s;&|`]{1,300}|-[^\s;&|`]{1,300})){0,20}\s+["']?(https?:\/\/[^\s"'`<>)]{1,500})/g;
const JS_FILE = /\.(?:[cm]?[jt]sx?)$/i;
// Every permission: `--allow-all`, `-A` (alone or among short options).
const ALLOW_ALL = /(?:^|\s)(?:--allow-all\b|-[a-zA-Z]*A[a-zA-Z]*(?=\s|$))/;
// Registries whose versions are immutable, at an exact version (or a commit).
const VERSION = String.raw`v?\d+\.\d+\.\d+(?:[-+][\w.]+)?`;
const PINNED = new RegExp(
  String.raw`^https://(?:deno\.land/(?:std@|x/[\w-]+@)${VERSION}/|jsr\.io/@[\w-]+/[\w-]+/${VERSION}/|esm\.sh/(?:v\d+/)?(?:@[\w.-]+/)?[\w.-]+@${VERSION}(?:[/?]|$)|(?:cdn\.jsdelivr\.net/npm|unpkg\.com|cdn\.skypack\.dev)/(?:@[\w.-]+/)?[\w.-]+@${VERSION}(?:/|$)|cdn\.jsdelivr\.net/gh/[\w.-]+/[\w.-]+@[0-9a-f]{40}/|raw\.githubusercontent\.com/[\w.-]+/[\w.-]+/[0-9a-f]{40}/)`,
  'i',
);
const MAX_FOUND = 25;

/** The rule for a module loaded from `url`, or undefined where it is pinned or local. */
function ruleOf(url: string): RemoteModule['rule'] | undefined {
  if (PINNED.test(url) || LOCAL_URL.test(url)) return undefined;
  return downloadSource(url) === 'raw' ? 'exec.raw-ip-module' : 'exec.remote-module';
}

/**
 * Modules loaded from a URL in a view's text: imports in a JavaScript or TypeScript file, and
 * commands that run a URL in any file. `skip(offset)`: an import another pass already reports.
 */
export function remoteModules(path: string, text: string, has: (word: string) => boolean, skip: (offset: number) => boolean): RemoteModule[] {
  if (!REMOTE_MODULE_WORDS.some(has)) return [];
  const out: RemoteModule[] = [];
  const firstLineEnd = text.indexOf('\n');
  const shebang = text.startsWith('#!') ? text.slice(0, firstLineEnd === -1 ? text.length : firstLineEnd) : '';
  const fileAllowAll = /\bdeno\b/.test(shebang) && ALLOW_ALL.test(shebang);
  const push = (re: RegExp, commands: boolean) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null && out.length < MAX_FOUND; m = re.exec(text)) {
      const url = m[1] as string;
      const rule = ruleOf(url);
      if (rule === undefined || skip(m.index)) continue;
      out.push({ rule, offset: m.index, url, allowAll: commands ? ALLOW_ALL.test(m[0]) : fileAllowAll });
    }
  };
  if (JS_FILE.test(path)) {
    push(STATIC_IMPORT, false);
    push(DYNAMIC_IMPORT, false);
  }
  if (has('deno ') || has('bun run')) push(RUN_URL, true);
  return out;
}
