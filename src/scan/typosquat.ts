// Typosquatting: does a skill name imitate a name already in the lock or a popular slug?
// npm's rule (names equal once punctuation is stripped) plus edit distance 1, transpositions,
// visual confusables and the random-suffix clones (`auto-updater-x7k2q`) seen on ClawHub.

/**
 * Popular skill slugs that clones imitate. Source: the skills bundled with OpenClaw (its `skills/`
 * folder, 2026.1) and the most installed ClawHub skills named in the ClawHavoc reports (Koi
 * Security, Feb 2026). Lower-case ClawHub slugs.
 */
export const POPULAR_SLUGS: readonly string[] = [
  '1password', 'apple-notes', 'apple-reminders', 'auto-updater', 'bear-notes', 'bird', 'blogwatcher', 'bluebubbles',
  'camsnap', 'canvas', 'clawdbot', 'clawdhub', 'clawhub', 'coding-agent', 'discord', 'eightctl', 'ethereum-gas-tracker', 'food-order', 'gemini',
  'gifgrep', 'github', 'gog', 'google-workspace', 'goplaces', 'himalaya', 'imsg', 'local-places', 'mcporter', 'model-usage',
  'moltbook', 'moltbot', 'nano-banana-pro', 'nano-pdf', 'notion', 'obsidian', 'openai-image-gen', 'openai-whisper', 'openai-whisper-api',
  'openclaw', 'openhue', 'oracle', 'ordercli', 'peekaboo', 'phantom', 'polymarket', 'sag', 'session-logs', 'skill-creator',
  'slack', 'solana', 'songsee', 'sonoscli', 'spotify-player', 'summarize', 'things-mac', 'tmux', 'trello', 'video-frames',
  'voice-call', 'wacli', 'wallet-tracker', 'weather', 'x-trends', 'yahoo-finance', 'youtube-summarize', 'youtube-transcript',
];

// Characters that render alike; each maps to the letter it imitates.
const CONFUSABLES: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '5': 's', '7': 't', '8': 'b', '9': 'g', '4': 'a', i: 'l', '|': 'l' };

/** npm's comparison form: lower case, punctuation stripped. */
export function squash(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Squashed and with look-alike characters (and `rn`/`vv` digraphs) folded. */
export function skeleton(name: string): string {
  return squash(name)
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/./gu, (c) => CONFUSABLES[c] ?? c)
    .replace(/(.)\1+/g, '$1');
}

/** Damerau (optimal string alignment) distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push(new Array<number>(b.length + 1).fill(0));
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 0; i <= a.length; i++) (rows[i] as number[])[0] = i;
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return at(a.length, b.length);
}

export interface SquatMatch {
  target: string;
  how: string;
}

// Squashed and skeleton forms of the names compared against, computed once per name: every
// scanned skill is compared with the same popular slugs and lock names. Bounded, for long runs.
const TARGET_FORMS = new Map<string, { tsq: string; tsk: string }>();

function targetForms(target: string): { tsq: string; tsk: string } {
  let forms = TARGET_FORMS.get(target);
  if (!forms) {
    if (TARGET_FORMS.size >= 4096) TARGET_FORMS.clear();
    forms = { tsq: squash(target), tsk: skeleton(target) };
    TARGET_FORMS.set(target, forms);
  }
  return forms;
}

// The targets lower-cased, once each and in order, per list: a command that installs thousands of
// names (`pip install a b c …` over a megabyte) compared each with the same list sorted again.
const SORTED_TARGETS = new WeakMap<readonly string[], readonly string[]>();

function sortedTargets(targets: readonly string[]): readonly string[] {
  let sorted = SORTED_TARGETS.get(targets);
  if (!sorted) {
    sorted = [...new Set(targets.map((t) => t.toLowerCase()))].sort();
    SORTED_TARGETS.set(targets, sorted);
  }
  return sorted;
}

/** The first name among `targets` that `name` imitates without being it, or null. */
export function findSquat(name: string, targets: readonly string[]): SquatMatch | null {
  const lower = name.toLowerCase();
  const sq = squash(name);
  const sk = skeleton(name);
  // Clone with a random suffix: `<popular>-x7k2q` (letters and at least one digit).
  const suffix = /^(.+)-([a-z0-9]{4,6})$/.exec(lower);
  for (const target of sortedTargets(targets)) {
    if (target === lower) continue;
    const { tsq, tsk } = targetForms(target);
    if (tsq.length < 3) continue;
    if (sq === tsq) return { target, how: 'same name once punctuation is removed' };
    if (sk === tsk) return { target, how: 'visually confusable characters' };
    if (tsq.length >= 5 && editDistance(sq, tsq, 1) <= 1) return { target, how: 'one character added, removed, changed or swapped' };
    if (suffix && suffix[1] === target && /[0-9]/.test(suffix[2] as string) && /[a-z]/.test(suffix[2] as string)) {
      return { target, how: 'the name plus a random suffix' };
    }
  }
  return null;
}

/**
 * Packages that fake prerequisites imitate: widely installed PyPI and npm names of the kind skills
 * tell the reader to install (HTTP, scraping, env files, AI SDKs, bots, wallets, automation).
 */
const POPULAR_PACKAGES: Record<'pypi' | 'npm', readonly string[]> = {
  pypi: [
    'requests', 'numpy', 'pandas', 'beautifulsoup4', 'python-dotenv', 'colorama', 'urllib3', 'flask', 'django', 'pillow', 'openai', 'anthropic',
    'selenium', 'boto3', 'pyyaml', 'matplotlib', 'scipy', 'httpx', 'aiohttp', 'fastapi', 'uvicorn', 'pydantic', 'yfinance', 'tweepy', 'playwright',
    'cryptography', 'pycryptodome', 'setuptools', 'jinja2', 'websockets', 'python-telegram-bot', 'discord.py', 'telethon', 'solana', 'openpyxl',
    'pytesseract', 'opencv-python', 'youtube-transcript-api', 'yt-dlp', 'google-api-python-client', 'psutil', 'paramiko', 'pyautogui', 'pynput',
    'keyring', 'certifi', 'chardet', 'simplejson', 'feedparser', 'markdown', 'tiktoken', 'langchain', 'transformers',
  ],
  npm: [
    'axios', 'express', 'lodash', 'dotenv', 'chalk', 'commander', 'node-fetch', 'puppeteer', 'playwright', 'typescript', 'react', 'openai',
    'moment', 'dayjs', 'yargs', 'inquirer', 'cheerio', 'jsdom', 'prettier', 'eslint', 'nodemon', 'socket.io', 'mongoose', 'discord.js',
    'telegraf', 'ethers', 'clawhub', 'openclaw', 'mcporter', 'vercel', 'wrangler', 'esbuild', 'node-telegram-bot-api', 'twitter-api-v2',
  ],
};
/** The popular names as an install command's names are compared (PyPI's `._-` runs read as one `-`). */
const POPULAR_NORMALISED: Record<'pypi' | 'npm', ReadonlySet<string>> = {
  pypi: new Set(POPULAR_PACKAGES.pypi.map((p) => p.replace(/[._-]+/g, '-'))),
  npm: new Set(POPULAR_PACKAGES.npm),
};
/** Real packages one edit away from a popular one (`clawdhub`, `clawdbot`: the earlier names of ClawHub's CLI and OpenClaw). */
const REAL_NEIGHBOURS = new Set(['pypi:scapy', 'pypi:boto', 'pypi:openapi', 'pypi:solara', 'pypi:jinja', 'pypi:markdown2', 'npm:preact', 'npm:tslint', 'npm:telegram', 'npm:openapi', 'npm:clawdhub', 'npm:clawdbot']);
// Options whose value is not a package: requirement and constraint files, indexes, targets, registries.
const VALUE_OPTIONS = new Set(['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--python', '-e', '--editable', '--registry', '-w', '--workspace', '--tag', '--cache']);

/**
 * The first package that an install command (`pip install …`, `npm i …`) names and that imitates a
 * popular package of its registry without being it, with the name imitated; null if none.
 */
export function squattedPackage(command: string): { name: string; target: string } | null {
  const words = command.trim().split(/\s+/);
  const tool = (words[0] ?? '').toLowerCase();
  const registry = /^(?:npm|pnpm|yarn|bun|npx|bunx)$/.test(tool) ? 'npm' : 'pypi';
  // A one-shot runner (`npx`, `bunx`, `uvx`, `pnpm dlx`, `yarn dlx`, `pipx run`) runs one package:
  // its first name; the words after it are that package's own arguments.
  const runner = /^(?:npx|bunx|uvx)$/.test(tool) || /^(?:pnpm|yarn|pipx)$/.test(tool) && /^(?:dlx|run)$/i.test(words[1] ?? '');
  const start = /^(?:npx|bunx|uvx)$/.test(tool) ? 0 : words.findIndex((w) => /^(?:install|i|add)$/i.test(w) || runner && /^(?:dlx|run)$/i.test(w));
  for (let k = start + 1; k > 0 && k < words.length; k++) {
    const word = (words[k] as string).replace(/^["']|["']$/g, '');
    if (word.startsWith('#')) break;
    if (VALUE_OPTIONS.has(word)) {
      k++;
      continue;
    }
    if (word.startsWith('-') || word.startsWith('@')) continue;
    // A name, then an extra (`[socks]`), a version (`==2.0`, `@1.2`) or nothing; paths, URLs and files are not names.
    const m = /^([a-z0-9][a-z0-9._-]*)(?:\[[\w,.-]*\])?(?:[<>=!~^@].*)?$/i.exec(word);
    if (!m) continue;
    let name = (m[1] as string).toLowerCase();
    if (/\.(?:whl|tar\.gz|tgz|zip)$/.test(name)) continue;
    if (registry === 'pypi') name = name.replace(/[._-]+/g, '-');
    const popular = POPULAR_PACKAGES[registry];
    if (POPULAR_NORMALISED[registry].has(name) || REAL_NEIGHBOURS.has(`${registry}:${name}`)) continue;
    const squat = findSquat(name, popular);
    if (squat) return { name, target: squat.target };
    if (runner) break;
  }
  return null;
}
