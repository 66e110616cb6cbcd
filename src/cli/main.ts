// The `skill` command: commander wiring, prompts, human and `--json` output, exit codes.
// Each action builds an options object, calls one library function, and renders its result.

import { Command, CommanderError, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SkillpinError, fileSystemError, isSkillpinError } from '../errors.js';
import { VALUE_OPTIONS } from './heap.js';
import { installInterruptHandlers } from '../interrupt/index.js';
import { unwritableCaches } from '../fsutil/notices.js';
import { closestName, counted, oneLine, printable, withoutCredentials, type UI } from '../ui/index.js';

interface GlobalFlags {
  cwd: string;
  json?: boolean;
  registry?: string;
  sandbox?: string;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Set once the run's JSON document is on stdout: an interrupt after it must not add a second. */
let documentWritten = false;

function writeDocument(doc: unknown): void {
  documentWritten = true;
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

class Output {
  constructor(readonly json: boolean) {}
  /** Human text: stdout normally; stderr under --json so stdout stays one JSON document. */
  human(raw: string): void {
    const text = printable(raw);
    if (this.json) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  result(doc: Record<string, unknown>, raw?: string): void {
    if (this.json) writeDocument({ ok: true, ...doc });
    else if (raw) {
      const text = printable(raw);
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
  }
}

/**
 * This run's command line, as a person would type it again (`skill update weather --cwd /ws`),
 * with any URL's password hidden (`--registry=https://u:p@host/` is refused later, but a hint must
 * not be the place that prints it).
 */
function commandLine(): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const hide = (a: string) => (a.startsWith('--') && a.includes('=') ? `${a.slice(0, a.indexOf('=') + 1)}${withoutCredentials(a.slice(a.indexOf('=') + 1))}` : withoutCredentials(a));
  return ['skill', ...process.argv.slice(2).map((a) => quote(hide(a)))].join(' ');
}

/**
 * Drop what was typed before the prompt is shown: the terminal keeps keys typed while the review was
 * fetched and printed (a `y` and Enter pressed while waiting, a second answer meant for the prompt
 * before, a paste), and the prompt read them as its answer, approving a review nobody had seen.
 * Reads the terminal in raw mode until it has been quiet for a moment (at most a second), keeping
 * nothing. True when a Ctrl-C was among the keys dropped (raw mode sends it as a byte).
 */
async function discardTypeAhead(): Promise<boolean> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return false;
  const wasRaw = stdin.isRaw;
  let interrupted = false;
  const drop = (chunk: unknown) => {
    if ((Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))).includes(3)) interrupted = true;
  };
  stdin.setRawMode(true);
  for (let chunk = stdin.read() as unknown; chunk !== null; chunk = stdin.read() as unknown) drop(chunk);
  await new Promise<void>((resolve) => {
    const deadline = setTimeout(done, 1000);
    let quiet = setTimeout(done, 60);
    function onData(chunk: unknown): void {
      drop(chunk);
      clearTimeout(quiet);
      quiet = setTimeout(done, 60);
    }
    function done(): void {
      clearTimeout(deadline);
      clearTimeout(quiet);
      stdin.off('data', onData);
      stdin.pause();
      resolve();
    }
    stdin.on('data', onData);
    stdin.resume();
  });
  stdin.setRawMode(wasRaw);
  return interrupted;
}

/** Columns of the terminal that shows human text (stderr under --json), or undefined when none does. */
function humanColumns(json: boolean): number | undefined {
  const stream = json ? process.stderr : process.stdout;
  return stream.isTTY && stream.columns > 0 ? stream.columns : undefined;
}

function makeUI(out: Output): UI {
  const tty = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  // A review answered at a prompt is read on the prompt's terminal, also when stdout reaches it
  // through a pipe (`skill update x | tee log`): fitted to that terminal, or it wraps skillpin's
  // own lines itself and an author's padded file name starts a row.
  const columns = humanColumns(out.json) ?? (tty ? humanColumns(true) : undefined);
  const progressOn = Boolean(process.stderr.isTTY) && !out.json;
  let lastProgress = 0;
  return {
    info: (t) => out.human(t),
    warn: (t) => process.stderr.write(`warning: ${printable(t)}\n`),
    interactive: tty,
    ...(columns !== undefined ? { columns } : {}),
    prompter: tty
      ? {
          confirm: async (message) => {
            const { default: confirm } = await import('@inquirer/confirm');
            if (await discardTypeAhead()) {
              throw new SkillpinError('EINTERRUPTED', 'interrupted before the prompt; nothing was changed', { hint: `Run \`${commandLine()}\` again to read the review and answer the prompt (y goes ahead; N or Enter declines).` });
            }
            try {
              return await confirm({ message: printable(message), default: false }, { output: process.stderr });
            } catch (err) {
              if ((err as Error).name === 'ExitPromptError') {
                throw new SkillpinError('EINTERRUPTED', 'interrupted at the prompt; nothing was changed', { hint: `Run \`${commandLine()}\` again to read the review and answer the prompt (y goes ahead; N or Enter declines).` });
              }
              throw err;
            }
          },
        }
      : null,
    progress: (done, total, label) => {
      if (!progressOn) return;
      // A counter on the terminal, redrawn at most every 80 ms (and always at the end).
      const now = Date.now();
      if (done !== total && now - lastProgress < 80) return;
      lastProgress = now;
      process.stderr.write(`\r\x1b[2K${label}: ${done}/${total}${done === total ? '\n' : ''}`);
    },
  };
}

/** The waiting line on the terminal, if one is shown: notes written straight to stderr erase it first. */
let waiting: { clear(): void } | null = null;

/**
 * On a terminal (not under --json), one line on stderr saying what the command is waiting for,
 * erased before anything else is printed: a slow registry is then not a silent wait before the
 * review. Nothing is written when stderr is no terminal.
 */
function waitingLine(json: boolean, text: string): { clear(): void } {
  if (!process.stderr.isTTY || json) return { clear: () => {} };
  // One row at most: a line that wraps would be erased only on its last row (a long tarball path
  // on a narrow window left "fetching and checking ./a-lo" above the review).
  const chars = [...printable(text)];
  const width = process.stderr.columns;
  process.stderr.write(width > 1 && chars.length >= width ? `${chars.slice(0, width - 2).join('')}…` : chars.join(''));
  let shown = true;
  const line = {
    clear: () => {
      if (!shown) return;
      shown = false;
      if (waiting === line) waiting = null;
      process.stderr.write('\r\x1b[2K');
    },
  };
  waiting = line;
  return line;
}

/** The same UI, erasing the waiting line before its first word. */
function clearingFirst(ui: UI, line: { clear(): void }): UI {
  const prompter = ui.prompter;
  return {
    ...ui,
    info: (t) => (line.clear(), ui.info(t)),
    warn: (t) => (line.clear(), ui.warn(t)),
    progress: (done, total, label) => (line.clear(), ui.progress(done, total, label)),
    prompter: prompter ? { confirm: (m) => (line.clear(), prompter.confirm(m)) } : null,
  };
}

function globals(cmd: Command): GlobalFlags {
  return cmd.optsWithGlobals() as GlobalFlags;
}

interface CommonFlags {
  cwd: string;
  lockWaitMs?: number;
  registry?: string;
  sandbox?: string;
  onWait: (h: string) => void;
  onRecover: (m: string) => void;
}

function common(g: GlobalFlags): CommonFlags {
  const o: CommonFlags = {
    cwd: g.cwd,
    onWait: (holder) => (waiting?.clear(), process.stderr.write(`waiting for another skillpin run on this workspace (${holder})...\n`)),
    onRecover: (message) => (waiting?.clear(), process.stderr.write(`${printable(message)}\n`)),
  };
  // How long to wait for another run on the same workspace before EBUSY (default 30 s).
  const waitSetting = process.env.SKILL_LOCK_WAIT_MS;
  if (waitSetting !== undefined && waitSetting !== '') {
    const wait = Number(waitSetting);
    if (!Number.isFinite(wait) || wait < 0) {
      throw new SkillpinError('EUSAGE', `SKILL_LOCK_WAIT_MS must be a number of milliseconds from 0, got ${JSON.stringify(waitSetting)}`, { hint: 'Set SKILL_LOCK_WAIT_MS to a whole number of milliseconds (e.g. SKILL_LOCK_WAIT_MS=60000 to wait up to a minute, 0 not to wait), or unset it for the default (30000: up to 30 s).' });
    }
    o.lockWaitMs = wait;
  }
  // An empty value is passed on, to be refused: dropped, it would quietly mean the default.
  if (g.registry !== undefined) o.registry = g.registry;
  if (g.sandbox !== undefined) o.sandbox = g.sandbox;
  return o;
}

/** The examples block of a command's --help: command, then what it does, aligned. */
function examples(...rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([c]) => c.length));
  return `\nExamples:\n${rows.map(([c, what]) => `  ${c.padEnd(width)}  ${what}`).join('\n')}`;
}

/**
 * A leading `~` as the home folder, as `skill policy --write` reads it: the shell expands it only at
 * the start of a word, so `--cwd=~/.openclaw/workspace` reached skillpin as a relative folder named `~`.
 */
function homePath(value: string): string {
  return value === '~' || value.startsWith('~/') ? join(homedir(), value.slice(1)) : value;
}

function csv(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/**
 * `skill add weather 1.4.0` (pip's and apt's habit) or `skill add a@1.0.0 b@1.0.0` (npm's): add and
 * review take one spec, and commander's "too many arguments" did not say which one was meant.
 */
async function oneSpecOnly(command: 'add' | 'review', args: string[]): Promise<void> {
  if (args.length <= 1) return;
  const [name, version] = args as [string, string];
  const semver = (await import('semver')).default;
  // A name without a version of its own: `weather`, `@acme/x`, `clawhub:@acme/weather` (whose @s are the scope's and the owner's).
  const unversioned = /^(?:clawhub:)?@?[^@]+$/.test(name);
  const joined = args.length === 2 && unversioned && semver.validRange(version) !== null ? `${name}@${version}` : null;
  throw new SkillpinError('EUSAGE', `skill ${command} takes one spec, not ${args.length}${joined ? ` (did you mean ${joined}?)` : ''}`, {
    hint: joined ? `The version goes after an @: skill ${command} ${joined}` : `One command per skill: ${args.map((a) => `skill ${command} ${a}`).join('; ')}.`,
  });
}

export function buildProgram(): Command {
  const program = new Command();
  // Set before the subcommands are added so they inherit it: errors come back to main(), which
  // maps them to exit 2 (EUSAGE) instead of commander's own process.exit(1).
  program.exitOverride();
  // Commander's own error line is not printed: main() prints it as every other error is printed
  // (`error EUSAGE: …` and a hint, or the JSON error document).
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => undefined });
  // Each command's --help also lists the options every command takes (--cwd, --json, …).
  program.configureHelp({ showGlobalOptions: true });
  program
    .name('skill')
    .description('Reviewed, hash-pinned, provenance-checked installs of OpenClaw skills into a confined sandbox.')
    .version(VERSION, '-v, --version')
    .option('-C, --cwd <dir>', 'workspace folder (holds .clawhub/lock.json)', homePath, process.cwd())
    .option('--json', 'print one JSON document on stdout')
    .option('--registry <url>', 'npm-protocol registry (overrides SKILL_REGISTRY and .clawhub/config.json)')
    .option('--sandbox <dir>', 'sandbox folder, relative to the workspace, or outside it: it then belongs to this workspace (.skillpin-workspace) (overrides SKILL_SANDBOX and "sandbox" in .clawhub/config.json; default: skills)', homePath)
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 a security check failed, 2 bad input (or a file-system call refused: EFS),
3 review declined or needed, 70 a bug in skillpin (EINTERNAL), 130/143 interrupted.

Environment:
  SKILL_REGISTRY, SKILL_TIMEOUT_MS  registry URL and network timeout (flags win)
  SKILL_REGISTRY_TOKEN              bearer token for a private registry, sent only under the
                                    registry SKILL_REGISTRY names (https, or http on this machine)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY proxy for every request, read as npm reads them
  CLAWHUB_TOKEN, CLAWHUB_REGISTRY   ClawHub token, sent only to the ClawHub the environment names
                                    (https, or http on this machine)
  SKILL_SANDBOX                     absolute sandbox folder, which may lie outside the workspace
                                    (--sandbox wins; the config's "sandbox" must lie inside it)
  SKILL_CACHE                       download and verdict cache (default $XDG_CACHE_HOME/skillpin,
                                    else ~/.cache/skillpin)
  SKILL_LOCK_WAIT_MS                how long to wait for another run on the workspace (default 30000)
  SKILL_DEBUG=1                     print the stack of an internal error (EINTERNAL)
  SKILLPIN_CACHE_KEY                secret (>= 32 bytes) that signs verdict-cache entries; in CI, a
                                    secret, so a restored cache cannot vouch for bytes it never saw
  SKILLPIN_VERDICT_CACHE=off        re-run every scan and provenance check
  SKILLPIN_WORKERS=N                worker threads for unpacking, scans, Sigstore checks, writes and
                                    verify's hashing (default: cores - 1, at most 4; from 16 skills,
                                    300 for the hashing and a warm install's writes; 0: none)

Examples:
  skill add weather@1.4.0                 review, confirm, install and pin one exact version
  skill add weather                       review the newest version; answering yes pins it
  skill install --frozen && skill verify  the CI gate: exactly what the lock says, or fail
  skill review ./my-skill --json          vet a folder before publishing it`,
    );

  program
    .command('add')
    .description('review a skill, ask, then install it into the sandbox and pin it in the lock')
    .argument('<spec>', 'name@1.2.3, ./skill-1.2.3.tgz, or (at a terminal) a range or tag to review')
    .option('-y, --yes', 'install without the prompt (only for an exact version)')
    .option('--accept-risk <rules>', 'accept these blocking rule ids after reading them (comma-separated)', csv)
    .option('--accept-identity-change', 'accept a signer repository/issuer that differs from the locked one')
    .option('--accept-downgrade', 'accept a version that lost the provenance or the registry signature the locked one had')
    .addHelpText('after', `\nAn unpinned spec (name, name@^1, latest) is only resolved for review: with --yes or without a terminal it is refused (EUNPINNED) and the exact version to pin is named.\nExit: 0 installed; 1 refused by a check (ERISK, EPROVENANCE, EINTEGRITY, ESANDBOX, …); 2 bad input; 3 declined or no terminal to ask (EREVIEW).\n${examples(
      ['skill add weather@1.4.0', 'review, ask, install and pin one exact version'],
      ['skill add weather', 'at a terminal: review the latest version, then pin it if you answer yes'],
      ['skill add weather@1.4.0 --yes', 'no prompt (only an exact version; a blocking finding still refuses)'],
      ['skill add clawhub:@steipete/gifgrep@1.2.3', 'from ClawHub (docs/clawhub.md)'],
      ['skill add ./weather-1.4.0.tgz', 'a local tarball, pinned by its own sha512'],
      ['skill add x@1.0.0 --accept-risk content.binary', 'after reading the finding: accept exactly that blocking rule'],
    )}`)
    .allowExcessArguments()
    .action(async (spec: string, flags: { yes?: boolean; acceptRisk?: string[]; acceptIdentityChange?: boolean; acceptDowngrade?: boolean }, cmd: Command) => {
      await oneSpecOnly('add', cmd.args);
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { add } = await import('../commands/add.js');
      const line = waitingLine(out.json, `fetching and checking ${spec}...`);
      const lockPath = (await import('../config/index.js')).lockPathIn(resolve(g.cwd));
      const firstPin = !existsSync(lockPath);
      const r = await add({ ...common(g), spec, yes: Boolean(flags.yes), acceptRisk: flags.acceptRisk ?? [], acceptIdentityChange: Boolean(flags.acceptIdentityChange), acceptDowngrade: Boolean(flags.acceptDowngrade), ui: clearingFirst(makeUI(out), line) }).finally(() => line.clear());
      const was = r.replaced === null ? '' : r.replaced === r.review.version ? ' (the version it was pinned at already)' : ` (was ${r.replaced})`;
      // The first pin makes this folder a workspace: say where, as a missing --cwd would otherwise pass unnoticed.
      const where = firstPin && existsSync(lockPath) ? `a new lock, ${lockPath}: ${resolve(g.cwd)} is now a skillpin workspace (--cwd DIR names another)` : '.clawhub/lock.json';
      out.result({ review: r.review, entry: r.entry, replaced: r.replaced, ...(r.update ? { update: r.update } : {}) }, `pinned ${r.review.name}@${r.review.version}${was} in ${where}`);
    });

  program
    .command('install')
    .description('install exactly what the lock pins into the sandbox (fetched by integrity)')
    .option('--frozen', 'never write the lock; fail on any unpinned entry (for CI)')
    .addHelpText('after', `\nA folder that already holds exactly the files its entry pins is left as it is once this machine has checked it against the archive the entry pins; until then (a sandbox kept in git, a fresh runner, a new scanner) it is fetched by integrity, compared and scanned first ("checked" in --json). Without --frozen, a lock not in skillpin's sorted form is written back in it, with the same pins ("lock normalised"; lockWritten in --json).\nExit: 0 the sandbox holds what the lock pins; 1 a check refused a skill (EINTEGRITY, ETAMPERED, ERISK, …); 2 bad input (no lock, or two entries OpenClaw would take for one skill: ELOCKFILE; an unpinned entry: EUNPINNED).\n${examples(
      ['skill install --frozen', 'CI: exactly what the lock pins, fetched by integrity (cache first)'],
      ['skill install --frozen && skill verify', 'the whole CI gate'],
    )}`)
    .action(async (flags: { frozen?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { install } = await import('../commands/install.js');
      const ui = makeUI(out);
      if (!g.json) ui.info = () => {};
      const r = await install({ ...common(g), frozen: Boolean(flags.frozen), ui });
      const cached = r.verdictCache.hits > 0 ? ` (${counted(r.verdictCache.hits, 'scan, provenance, manifest or unpacked-tarball verdict')} from the verdict cache)` : '';
      // Which skills were (re)installed: after a tampered sandbox, that is what a person wants to know.
      const shown = r.installed.slice(0, 10).map((x) => `${x.name}@${x.version}`);
      const more = r.installed.length > shown.length ? `, and ${r.installed.length - shown.length} more` : '';
      const which = shown.length ? ` (${shown.join(', ')}${more})` : '';
      // Without the verdict cache nothing remembers a check: every run checks every folder in place again.
      const when = r.verdictCache.enabled ? 'for the first time here' : `again: the verdict cache is off (${r.verdictCache.reason ?? 'no secret'}), so every install checks them`;
      const checkedNow = r.checked.length ? ` (${r.checked.length} of them checked against ${r.checked.length === 1 ? 'its archive' : 'their archives'} ${when})` : '';
      out.result({ ...r }, `installed ${r.installed.length}${which}, unchanged ${r.unchanged.length}${checkedNow}${r.lockWritten ? ', lock normalised' : ''}${cached}`);
    });

  program
    .command('list')
    .alias('ls')
    .description('list the locked skills, their pins and whether they are installed')
    .addHelpText('after', `\nExit: 0 listed (also when there is no lock: it says so); 1 the sandbox root is a link or reaches into .clawhub (ESANDBOX); 2 bad input (an unreadable lock or config: ELOCKFILE, ECONFIG).\n${examples(['skill list', 'a table: name, version, source, pinned, installed, provenance, tools'], ['skill list --json', 'the same for a program'])}`)
    .action(async (_flags: unknown, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { list, renderList } = await import('../commands/list.js');
      const r = await list(common(g));
      out.result({ ...r }, renderList(r, existsSync(r.lock)));
    });

  const cache = program
    .command('cache')
    .description('show the download cache, or remove what the lock no longer needs')
    .addHelpText(
      'after',
      `
The cache ($SKILL_CACHE, else $XDG_CACHE_HOME/skillpin or ~/.cache/skillpin) holds tarballs,
unpacked trees and signed verdicts. Nothing in it is needed for correctness: what is removed is
downloaded or checked again. Only those three parts are ever removed; the folder itself and
anything else in it stay.
Exit: 0 done; 2 bad input (prune: a cache inside the sandbox, ECONFIG; no lock, ELOCKFILE).

Examples:
  skill cache                      where the cache is and what each part holds
  skill cache prune --dry-run      what prune would remove
  skill cache prune                keep only the tarballs and trees this workspace's lock pins
  skill cache clean --trees        remove the unpacked trees only`,
    );

  cache
    .command('info', { isDefault: true })
    .description('where the cache is and what each part holds')
    .addHelpText('after', `\nIt reads no workspace: the cache is shared by every workspace of this user.\nExit: 0 shown.\n${examples(['skill cache info', 'the folder, then files and bytes per part (tarballs, trees, verdicts)'], ['skill cache info --json', 'the same for a program'])}`)
    // As the default, info receives `skill cache <anything else>`: name that word, not info's arity.
    .allowExcessArguments()
    .action(async (_flags: unknown, cmd: Command) => {
      if (cmd.args.length > 0) {
        // As commander answers a mistyped top-level command: with the one most likely meant.
        const word = String(cmd.args[0]);
        const meant = closestName(word, ['info', 'prune', 'clean']);
        throw new SkillpinError('EUSAGE', `unknown cache command ${JSON.stringify(word)}${meant ? ` (did you mean ${meant}?)` : ''}`, { hint: 'The cache commands are info (the default), prune and clean: see skill cache --help.' });
      }
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { cacheInfo, renderCacheInfo } = await import('../commands/cache.js');
      const r = cacheInfo();
      out.result({ ...r }, renderCacheInfo(r));
    });

  cache
    .command('prune')
    .description("remove the tarballs and unpacked trees the workspace's lock does not pin (verdicts stay)")
    .option('--dry-run', 'say what would be removed, remove nothing')
    .addHelpText('after', `\nAnother workspace that shares the cache downloads again what it needs.\nExit: 0 pruned (or listed, with --dry-run); 2 no lock in the workspace (ELOCKFILE: nothing would be kept), a cache inside the sandbox (ECONFIG) or a file-system call refused (EFS).\n${examples(['skill cache prune --dry-run', 'what would be removed, removing nothing'], ['skill cache prune', "keep only the tarballs and trees this workspace's lock pins"], ['skill cache prune -C ~/.openclaw/workspace', "the same for another workspace's lock"])}`)
    .action(async (flags: { dryRun?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { cachePrune, renderCachePrune } = await import('../commands/cache.js');
      const r = await cachePrune({ ...common(g), dryRun: Boolean(flags.dryRun) });
      out.result({ ...r }, renderCachePrune(r));
    });

  cache
    .command('clean')
    .description('remove parts of the cache: all of them, or those named')
    .option('--tarballs', 'downloaded tarballs (and the cacache index older versions kept beside them)')
    .option('--trees', 'unpacked trees')
    .option('--verdicts', 'signed scan, provenance, manifest and unpacked-tree verdicts')
    .option('--dry-run', 'say what would be removed, remove nothing')
    .addHelpText('after', `\nWith no part named, all three are removed. It reads no workspace.\nExit: 0 removed (or listed, with --dry-run); 2 a file-system call refused (EFS).\n${examples(['skill cache clean', 'remove tarballs, trees and verdicts'], ['skill cache clean --verdicts', 're-run every scan and Sigstore check next time'], ['skill cache clean --tarballs --dry-run', 'what removing the tarballs would free'])}`)
    .action(async (flags: { tarballs?: boolean; trees?: boolean; verdicts?: boolean; dryRun?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { cacheClean, renderCacheClean } = await import('../commands/cache.js');
      const parts = (['tarballs', 'trees', 'verdicts'] as const).filter((p) => flags[p]);
      const r = cacheClean({ parts: [...parts], dryRun: Boolean(flags.dryRun) });
      out.result({ ...r }, renderCacheClean(r));
    });

  program
    .command('remove')
    .alias('rm')
    .description('remove skills from the sandbox and the lock')
    .argument('<names...>', 'locked skill names')
    .addHelpText('after', `\nExit: 0 removed; 1 the sandbox root is a link or reaches into .clawhub (ESANDBOX); 2 a name the lock does not pin (ENOTFOUND: nothing is removed) or no lock (ELOCKFILE).\n${examples(['skill remove weather', 'its folder from the sandbox and its entry from the lock, in one transaction'], ['skill rm weather notes', 'several at once'])}`)
    .action(async (names: string[], _flags: unknown, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { remove } = await import('../commands/remove.js');
      const r = await remove({ ...common(g), names });
      out.result({ ...r }, r.removed.map((x) => oneLine(`removed ${x.name}${x.version ? `@${x.version}` : ''}`)).join('\n'));
    });

  program
    .command('review')
    .description('show the review of a spec, a .tgz or a local folder without installing anything')
    .argument('<spec>', 'name@1.2.3, a range or tag, ./skill.tgz or ./folder')
    .addHelpText('after', `\nA folder is read as a package is: SKILL.md at its root, or in the one folder it holds and nothing else (a skill unpacked into a folder of its own); the review's source names the folder read.\nExit: 0 allow or warn; 1 a blocking finding or the registry's moderation blocks it (ERISK), or, for a skill the lock pins, its signer or registry signature breaks from the locked version's (EIDENTITY, EDOWNGRADE), as \`skill add\` would meet them (the review printed first; --json: ok false, the error beside the review); 2 bad input.\n${examples(
      ['skill review weather@1.4.0', "what `skill add` would show, installing nothing"],
      ['skill review ./my-skill --json', 'vet a folder before publishing it (CI)'],
    )}`)
    .allowExcessArguments()
    .action(async (spec: string, _flags: unknown, cmd: Command) => {
      await oneSpecOnly('review', cmd.args);
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { review } = await import('../commands/review.js');
      const { renderReview } = await import('../review/index.js');
      const { invalidManifestReviewOf } = await import('../pipeline/index.js');
      const line = waitingLine(out.json, `fetching and checking ${spec}...`);
      const { review: r, refusal } = await review({ ...common(g), spec }).catch((err: unknown) => {
        line.clear();
        // An invalid SKILL.md: what was found, then the EMANIFEST error (its --json carries it as error.review).
        const found = invalidManifestReviewOf(err);
        if (found && !g.json) out.human(renderReview(found, { prompted: false, columns: humanColumns(false) }));
        throw err;
      });
      line.clear();
      const columns = humanColumns(out.json);
      if (refusal) {
        // A blocked review is a failed check (exit 1) with its code, as `skill add` would meet it:
        // under --json one document that holds both the review and the error.
        if (g.json) writeDocument({ ok: false, review: r, findings: r.findings, decision: r.decision, error: refusal.toJSON() });
        else out.human(renderReview(r, { prompted: false, columns }));
        throw refusal;
      }
      out.result({ review: r, findings: r.findings, decision: r.decision }, renderReview(r, { prompted: false, columns }));
    });

  program
    .command('policy')
    .description("derive OpenClaw's tool allowlist and sandbox config from the installed skills")
    .addOption(new Option('--write <openclaw.json>', 'merge the derived policy into this OpenClaw config (mode 0600, .bak kept; its folder must exist)').conflicts('check'))
    .option('--check <openclaw.json>', 'exit 1 with one finding per problem when this config drifts from the policy')
    .option('--agent <id>', 'write or check that agent\'s block (agents.entries.<id>) instead of the defaults; the config must have the agent (without a roster, only main)')
    .addHelpText('after', `\nOnly canonical OpenClaw tool ids are emitted (tools.allow); names that map to no OpenClaw tool are reported, never emitted. The needs come from each installed SKILL.md, read only when its bytes are the pinned ones (ETAMPERED otherwise).\nExit: 0 done (or --check found no drift); 1 drift (EPOLICY) or a changed SKILL.md (ETAMPERED); 2 bad input (--write or --check where there is no lock: ELOCKFILE; an openclaw.json --write cannot merge into so that OpenClaw enforces the policy, such as one with an $include on the policy's keys, an alsoAllow beside the allowlist, or an Infinity or NaN the JSON written cannot hold: ECONFIG, nothing written).\n${examples(
      ['skill policy', 'the derived allowlist, which skill needs each tool, and the config fragment'],
      ['skill policy --write ~/.openclaw/openclaw.json', 'merge it in (other keys kept; the previous file, comments and all, kept as .bak)'],
      ['skill policy --check ~/.openclaw/openclaw.json', 'CI: exit 1 naming each key that drifted'],
    )}`)
    .action(async (flags: { write?: string; check?: string; agent?: string }, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { policy } = await import('../commands/policy.js');
      const { renderPolicy, assertPolicy } = await import('../policy/index.js');
      const r = await policy({ ...common(g), ...(flags.write ? { write: flags.write } : {}), ...(flags.check ? { check: flags.check } : {}), ...(flags.agent ? { agent: flags.agent } : {}) });
      if (r.checked && r.checked.findings.length > 0) {
        if (!g.json) out.human(renderPolicy(r.policy));
        assertPolicy(r.checked.findings, r.checked.path, flags.agent);
      }
      const lines = [renderPolicy(r.policy)];
      // As list says it: in a folder with no lock (a missing --cwd) this is no workspace's policy.
      const lock = (await import('../config/index.js')).lockPathIn(resolve(g.cwd));
      if (!existsSync(lock)) lines.unshift((await import('../commands/list.js')).noSkillsText(lock, false).trimEnd());
      if (r.written) lines.push(r.written.changed ? `wrote ${r.written.path}${r.written.backup ? ` (previous file kept as ${r.written.backup})` : ''}` : `${r.written.path} already holds the derived policy: nothing written`);
      else if (r.checked) lines.push(`${r.checked.path} matches the derived policy`);
      else lines.push(`OpenClaw config fragment:\n${JSON.stringify(r.fragment, null, 2)}`);
      out.result({ ...r }, lines.join('\n'));
    });

  // ---- skill outdated / skill update (issue 4)
  program
    .command('outdated')
    .description('show, for each locked skill, the newest version in the same major and the newest overall')
    .addHelpText('after', `\nExit: 0 listed, whether or not anything is outdated (it changes nothing); 2 bad input, or a registry that cannot be reached (EREGISTRY).\n${examples(['skill outdated', 'changes nothing; then `skill update <name>` reviews one'], ['skill outdated --json', 'the same for a program: locked, newestInMajor, newest and the jump per skill'])}`)
    .action(async (_flags: unknown, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { outdated, renderOutdated } = await import('../commands/outdated.js');
      // A registry request per skill: on a terminal, a counter while they are answered.
      const ui = makeUI(out);
      const r = await outdated({ ...common(g), onSkill: (done, total) => ui.progress(done, total, 'outdated') });
      const lock = (await import('../config/index.js')).lockPathIn(resolve(g.cwd));
      out.result({ ...r }, renderOutdated(r, { path: lock, exists: existsSync(lock) }));
    });

  program
    .command('update')
    .description('review what changes between the locked version and a newer one, ask, then update the skill and its pin')
    .argument('[names...]', 'locked skill names')
    .option('--all', 'review every locked skill that has a newer version (one review and one prompt each)')
    .option('--to <version>', 'the exact version to update to (one skill); required with --yes')
    .option('--review', 'show the update review before the prompt (always on; there is no --no-review)')
    .option('-y, --yes', 'apply without the prompt (only with an exact --to)')
    .option('--full', 'show every line of every diff, whole (default: the first 200 lines per file, each cut to 1000 characters)')
    .option('--accept-risk <rules>', 'accept these blocking rule ids after reading them (comma-separated)', csv)
    .option('--accept-identity-change', 'accept a signer repository/issuer that differs from the locked one (after reading the review)')
    .option('--accept-downgrade', 'accept a version that lost the provenance or the registry signature the locked one had')
    .addHelpText('after', `\nWithout --to the newest version is reviewed at a terminal. --yes without --to is refused (EUNPINNED) and the exact version to pass is named; without a terminal and without --yes the run exits 3 (EREVIEW). With several skills, each is reviewed in turn and a refused one does not stop the others; the worst refusal sets the exit.\nExit: 0 updated, or already the newest; 1 a check refused the new version (ERISK, EIDENTITY, EDOWNGRADE, EINTEGRITY, …); 2 bad input (a name the lock does not pin: ENOTFOUND; --yes without --to: EUNPINNED); 3 declined or no terminal to ask (EREVIEW).\n${examples(
      ['skill update weather', 'at a terminal: changelog, file diff, capability and provenance change, then ask'],
      ['skill update weather --to 1.5.0 --yes', 'unattended, to one exact version (the review is still printed)'],
      ['skill update --all', 'one review and one prompt per skill with a newer version'],
    )}`)
    .action(async (names: string[], flags: { all?: boolean; to?: string; yes?: boolean; full?: boolean; acceptRisk?: string[]; acceptIdentityChange?: boolean; acceptDowngrade?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { update } = await import('../commands/update.js');
      const opts: import('../commands/update.js').UpdateOptions = {
        ...common(g),
        names,
        all: Boolean(flags.all),
        yes: Boolean(flags.yes),
        full: Boolean(flags.full),
        acceptRisk: flags.acceptRisk ?? [],
        acceptIdentityChange: Boolean(flags.acceptIdentityChange),
        acceptDowngrade: Boolean(flags.acceptDowngrade),
        ui: makeUI(out),
      };
      if (flags.to !== undefined) opts.to = flags.to;
      const line = flags.all || names.length > 0 ? waitingLine(out.json, `fetching and checking ${flags.all ? 'every locked skill' : names.join(', ')}...`) : { clear: () => {} };
      opts.ui = clearingFirst(opts.ui, line);
      const r = await update(opts).finally(() => line.clear());
      const text = r.results
        .map((x) => (x.status === 'updated' ? `updated ${x.name} ${x.from} -> ${x.to} in .clawhub/lock.json` : x.status === 'current' ? `${x.name}@${x.from} is up to date` : `skipped ${x.name}: ${x.note ?? ''}`))
        .join('\n');
      out.result({ results: r.results }, text || 'nothing to update');
    });
  // ---- end skill outdated / skill update
  // ---- skill verify (issue 5): the CI gate; the checks live in src/verify ----
  program
    .command('verify')
    .description('check the lock, the sandbox and the pins; report every failure (the CI gate)')
    .option('--online', 'also ask the registry whether it still serves each locked version with the same bytes')
    .option('--allow-unmanaged', 'accept folders in the sandbox that the lock does not know (they are still listed)')
    .addOption(new Option('--format <format>', 'output: human, json, or sarif (SARIF 2.1.0 for code-scanning UIs)').choices(['human', 'json', 'sarif']).default('human'))
    .option('--concurrency <n>', 'skills checked at once (default 8)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 256) throw new SkillpinError('EUSAGE', `--concurrency must be an integer from 1 to 256, got ${v}`, { hint: 'Leave it out for the default (8 skills at once).' });
      return n;
    })
    .addHelpText('after', `\nExit: 0 every check passed; 1 a check failed (tampering, other bytes, provenance, policy drift, accepted-risk drift, or an unpinned entry); 2 bad input (an unparsable lock or config, no lock) or, under --online, only an unreachable registry.\n${examples(
      ['skill install --frozen && skill verify', 'the CI gate (docs/ci.md): exactly what the lock pins, or fail'],
      ['skill verify --format sarif > skillpin.sarif', 'every failure as SARIF 2.1.0, for a code-scanning upload'],
      ['skill verify --json', 'the report as one JSON document (checks, failures, hints)'],
      ['skill verify --online', 'also ask the registry whether it still serves the pinned bytes'],
    )}`)
    .action(async (flags: { online?: boolean; allowUnmanaged?: boolean; format: 'human' | 'json' | 'sarif'; concurrency?: number }, cmd: Command) => {
      const g = globals(cmd);
      if (g.json && flags.format === 'sarif') throw new SkillpinError('EUSAGE', '--json and --format sarif ask for two outputs; pick one', { hint: 'skill verify --format sarif for SARIF, or skill verify --json for the JSON report.' });
      // `--format human` typed beside --json (not the default): the JSON report silently won.
      if (g.json && flags.format === 'human' && cmd.getOptionValueSource('format') === 'cli') throw new SkillpinError('EUSAGE', '--json and --format human ask for two outputs; pick one', { hint: 'skill verify for the text report, or skill verify --json for the JSON report.' });
      const format = g.json ? 'json' : flags.format;
      const ui = makeUI(new Output(format !== 'human'));
      const { verify } = await import('../commands/verify.js');
      const { renderVerify, toSarif, verifyExitCode } = await import('../verify/index.js');
      let report;
      try {
        report = await verify({
          ...common(g),
          online: Boolean(flags.online),
          allowUnmanaged: Boolean(flags.allowUnmanaged),
          ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
          onSkill: (done, total) => ui.progress(done, total, 'verify'),
        });
      } catch (err) {
        // main() prints an error as JSON for --json and --format json; SARIF still owes stdout a document.
        if (isSkillpinError(err) && format === 'sarif') writeDocument(toSarif(null, { version: VERSION }, { code: err.code, message: err.message }));
        throw err;
      }
      if (format === 'json') writeDocument(report);
      else if (format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(report, { version: VERSION }), null, 2)}\n`);
      else {
        process.stdout.write(printable(renderVerify(report)));
        const hits = report.verdictCache?.hits ?? 0;
        if (hits > 0) process.stdout.write(`${counted(hits, 'provenance or scan verdict')} came from the verdict cache (SKILLPIN_VERDICT_CACHE=off re-checks everything)\n`);
      }
      process.exitCode = verifyExitCode(report);
    });
  // ---- end skill verify ----

  program
    .command('adopt')
    .description('pin the skills the clawhub CLI or OpenClaw installed, where every file matches what ClawHub publishes')
    .addHelpText('after', `\nWhat it writes: each matching entry's pins in .clawhub/lock.json, and the file modes normalised (file bytes are not touched); a clawhub CLI entry keyed @owner/slug is re-keyed to slug and its folder moved from <sandbox>/@owner/<slug> to <sandbox>/<slug>, where skillpin installs it.\nEntries that do not match byte for byte are reported (differ / missing / extra) and left unchanged (exit 1, ETAMPERED). Sandbox folders with no lock entry are listed as untracked.\nExit: 0 adopted, or nothing to adopt; 1 an entry's files differ from what ClawHub publishes (ETAMPERED); 2 bad input, an entry whose version ClawHub does not publish (EUNPINNED) or a registry that cannot be reached (EREGISTRY).\n${examples(
      ['skill adopt', 'pin what `clawhub install` or OpenClaw put in the sandbox (docs/clawhub.md)'],
      ['skill adopt --json && skill verify', 'the same for a program, then the gate on the adopted pins'],
    )}`)
    .action(async (_flags: unknown, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { adopt, adoptFailure, renderAdopt } = await import('../commands/adopt.js');
      // A ClawHub request and a download per entry to adopt: on a terminal, a counter.
      const ui = makeUI(out);
      const r = await adopt({ ...common(g), onSkill: (done, total) => ui.progress(done, total, 'adopt') });
      const failure = adoptFailure(r);
      if (failure) {
        if (!g.json) process.stdout.write(printable(renderAdopt(r)));
        throw failure;
      }
      const lock = (await import('../config/index.js')).lockPathIn(resolve(g.cwd));
      out.result({ ...r }, renderAdopt(r, { path: lock, exists: existsSync(lock) }));
    });

  // --- skill hook (OpenClaw's install-policy hook, DESIGN §3.6a) ---
  const hook = program
    .command('hook')
    .description('answer another tool\'s hook with skillpin\'s review and pins')
    .addHelpText('after', `\nExit: 0 answered (a block included) or config printed/written; 2 bad input (ECONFIG: a path OpenClaw would refuse). \`skill hook openclaw-install-policy --help\` has the details.\n${examples(
      ['skill hook openclaw-install-policy --print-config', 'the security.installPolicy fragment OpenClaw needs to ask skillpin (docs/openclaw.md)'],
      ['skill hook openclaw-install-policy --write', 'merge it into ~/.openclaw/openclaw.json'],
    )}`);
  hook
    .command('openclaw-install-policy')
    .description('answer OpenClaw\'s security.installPolicy request (JSON on stdin, decision on stdout), or print/write its config')
    // One of the two: with both, --write used to win silently, and nothing was printed.
    .addOption(new Option('--print-config', 'print the security.installPolicy fragment for openclaw.json').conflicts('write'))
    .option('--write', 'merge the fragment into openclaw.json, keeping every other key (.bak kept; its folder must exist)')
    .option('--config <file>', 'openclaw.json to write (default: OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR/openclaw.json, ~/.openclaw/openclaw.json)')
    .option('--node <path>', 'node binary OpenClaw should run the hook with (default: this one)')
    .addHelpText(
      'after',
      `
OpenClaw runs the hook in the folder of its command with no environment but the fragment's, and
checks every path-like argument as a script file; so the workspace reaches the hook as
SKILL_WORKSPACE in exec.env (or --cwd when you run it by hand). It exits 0 with one answer
on stdout, errors included: what it cannot decide is a block whose reason names the error (and
stderr), as OpenClaw shows an answer's reason but only the exit code of a failed command.
Exit: answering, 0 (non-zero only when interrupted, and then OpenClaw fails closed); with
--print-config or --write, 0 done or 2 when OpenClaw would refuse a path or the config's folder
does not exist (ECONFIG), or a --cwd or --node that is not there (ENOTFOUND).
${examples(
  ['skill hook openclaw-install-policy --print-config', 'show the fragment for this workspace'],
  ['skill hook openclaw-install-policy --write', 'merge it into ~/.openclaw/openclaw.json'],
)}`,
    )
    // A word after the options is named below, not left to commander's "too many arguments".
    .allowExcessArguments()
    .action(async (flags: { printConfig?: boolean; write?: boolean; config?: string; node?: string }, cmd: Command) => {
      if (cmd.args.length > 0) {
        // `skill policy --write FILE` takes the file; here --write writes the file --config names.
        const file = String(cmd.args[0]);
        throw new SkillpinError('EUSAGE', `openclaw-install-policy takes no arguments, got ${cmd.args.map((a) => JSON.stringify(String(a))).join(' ')}`, {
          hint: flags.write || flags.printConfig ? `--config names the openclaw.json to write: skill hook openclaw-install-policy --write --config ${file}` : 'It reads OpenClaw\'s request on stdin; --print-config and --write set OpenClaw up (skill hook openclaw-install-policy --help).',
        });
      }
      const g = globals(cmd);
      const mod = await import('../commands/hook.js');
      if (flags.printConfig || flags.write) {
        const sandbox = await mod.sandboxForHook(g.cwd, g.sandbox);
        const base = { workspace: g.cwd, ...(flags.node ? { node: flags.node } : {}), ...(sandbox !== undefined ? { sandbox } : {}) };
        if (flags.write) {
          const r = await mod.writeHookConfig({ ...base, ...(flags.config ? { configPath: homePath(flags.config) } : {}) });
          const out = new Output(Boolean(g.json));
          out.result({ configPath: r.configPath, backup: r.backup, changed: r.changed, fragment: r.fragment }, `${r.changed ? `wrote security.installPolicy into ${r.configPath}${r.backup ? ` (previous file kept as ${r.backup})` : ''}` : `${r.configPath} already holds security.installPolicy: nothing written`}\nOpenClaw now asks skillpin before it installs a skill; workspace ${r.paths.workspace}`);
          return;
        }
        const r = mod.hookConfig(base);
        // --json: one document, the fragment inside it, or the error alone when OpenClaw would
        // refuse the paths. Without it, the bare fragment to paste into openclaw.json.
        if (g.json) {
          if (r.problems.length) throw mod.pathProblemsError(r.problems);
          new Output(true).result({ fragment: r.fragment, paths: r.paths });
          return;
        }
        process.stdout.write(`${JSON.stringify(r.fragment, null, 2)}\n`);
        if (r.problems.length) throw mod.pathProblemsError(r.problems);
        return;
      }
      const source = cmd.getOptionValueSourceWithGlobals('cwd');
      const sandboxFlag = cmd.getOptionValueSourceWithGlobals('sandbox') === 'cli' ? g.sandbox : undefined;
      // Exit 0 with one answer on stdout, always: what it could not decide is a `block` naming the
      // error (OpenClaw ignores stdout after a non-zero exit, and would show only the exit code).
      // The error also goes to stderr, for a person running the hook by hand.
      const { stdout, failure } = await mod.answerOrBlock({ requestText: () => mod.readRequestText(process.stdin), ...(source === 'cli' ? { cwdFlag: g.cwd } : {}), ...(sandboxFlag !== undefined ? { sandboxFlag } : {}) });
      if (failure) {
        process.stderr.write(`error ${failure.code}: ${printable(failure.message)}\n`);
        if (failure.hint) process.stderr.write(`  hint: ${printable(failure.hint)}\n`);
        if (process.env.SKILL_DEBUG && failure.stack) process.stderr.write(`${failure.stack}\n`);
      }
      process.stdout.write(stdout);
    });

  return program;
}

function printError(thrown: unknown, json: boolean): number {
  const err = fileSystemError(thrown) ?? thrown;
  if (isSkillpinError(err)) {
    // A command that already wrote its document (a blocked review) owes stdout no second one.
    if (json && !documentWritten) writeDocument({ ok: false, error: err.toJSON() });
    process.stderr.write(`error ${err.code}: ${printable(err.message)}\n`);
    if (err.hint) process.stderr.write(`  hint: ${printable(err.hint)}\n`);
    return err.exitCode;
  }
  // Anything else is a bug of skillpin's: exit 70 (EX_SOFTWARE), and how to report it.
  const message = err instanceof Error ? err.message : String(err);
  const hint = 'This is a bug in skillpin. Run the command again with SKILL_DEBUG=1 for the stack, and report it.';
  if (json && !documentWritten) writeDocument({ ok: false, error: { code: 'EINTERNAL', message, hint } });
  process.stderr.write(`error EINTERNAL: ${printable(message)}\n  hint: ${hint}\n`);
  if (process.env.SKILL_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 70;
}

/** The command (and subcommand) names in `args`, as commander would dispatch them: ['cache', 'prune']. */
function commandPath(program: Command, args: string[]): string[] {
  const path: string[] = [];
  let cmd = program;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') break;
    if (VALUE_OPTIONS.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) break;
    path.push(sub.name());
    cmd = sub;
  }
  return path;
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await runMain(argv);
  } finally {
    noteUnwritableCaches();
  }
}

/**
 * A download or tree cache that could not be written is no error (the caches are optional: the run
 * went on without them), but it is said, once per cache, on stderr: every run downloads and
 * unpacks again, and nothing else would say why.
 */
function noteUnwritableCaches(): void {
  for (const { root, reason, redo } of unwritableCaches()) {
    process.stderr.write(`note: the cache ${printable(root)} could not be written (${printable(reason)}): this run went on without it, and the next one ${redo}. Point SKILL_CACHE at a folder skillpin can write.\n`);
  }
}

async function runMain(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Also `verify --format json`: a usage error owes that stdout a JSON document too.
  const json = argv.includes('--json') || argv.includes('--format=json') || argv.some((a, i) => a === '--format' && argv[i + 1] === 'json');
  // Under --json an interrupted run still owes stdout its one document (the hook answers in its
  // own protocol, and OpenClaw fails closed on a hook that exits non-zero).
  const jsonOnInterrupt = json && commandPath(program, argv.slice(2))[0] !== 'hook';
  installInterruptHandlers(
    (code) => {
      if (jsonOnInterrupt && !documentWritten) {
        const sig = code === 130 ? 'SIGINT' : 'SIGTERM';
        writeDocument({ ok: false, error: { code: 'EINTERRUPTED', message: `interrupted by ${sig}`, hint: 'Staging was removed and a step that had begun committing was finished; nothing is left half done. Run the command again (skill verify shows where the workspace stands).' } });
      }
      process.exit(code);
    },
    (text) => process.stderr.write(text),
  );
  // `skill help nosuch`: commander would print the whole help and end with "no command given".
  // The value of a global option is no command word: `skill help list -C /ws` asks for list's help.
  const words = argv.slice(2).filter((a, i, args) => !a.startsWith('-') && !(i > 0 && VALUE_OPTIONS.has(args[i - 1] as string)));
  if (words[0] === 'help' && words[1] !== undefined && !program.commands.some((c) => c.name() === words[1] || c.aliases().includes(words[1] as string))) {
    return printError(new SkillpinError('EUSAGE', `unknown command '${words[1]}'`, { hint: 'Run `skill --help` for the commands, or `skill <command> --help` for the options and examples of one.' }), json);
  }
  // `skill help cache prune`: commander's help command takes one word and would show cache's help;
  // ask the subcommand itself, as `skill cache prune --help` does.
  if (words[0] === 'help' && words.length > 2) {
    // A subcommand the command does not have (`skill help cache nosuch`) is named, as an unknown command is.
    const parent = program.commands.find((c) => c.name() === words[1] || c.aliases().includes(words[1] as string));
    if (parent && !parent.commands.some((c) => c.name() === words[2] || c.aliases().includes(words[2] as string))) {
      const what = parent.commands.length ? `unknown ${parent.name()} command '${words[2]}'` : `${parent.name()} has no commands of its own ('${words[2]}')`;
      return printError(new SkillpinError('EUSAGE', what, { hint: `Run \`skill ${parent.name()} --help\` for what it takes.` }), json);
    }
    const at = argv.indexOf('help', 2);
    argv = [...argv.slice(0, at), ...argv.slice(at + 1), '--help'];
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // `skill verify --format sarif > x.sarif` with a usage error (a bad --concurrency, an unknown
    // option): the upload step still gets a SARIF document that names the error.
    const sarif = !json && commandPath(program, argv.slice(2))[0] === 'verify' && (argv.includes('--format=sarif') || argv.some((a, i) => a === '--format' && argv[i + 1] === 'sarif'));
    if (sarif && !documentWritten && !(err instanceof CommanderError && (err.code === 'commander.helpDisplayed' || err.exitCode === 0))) {
      const { toSarif } = await import('../verify/index.js');
      const usage = err instanceof CommanderError ? { code: 'EUSAGE', message: err.message.replace(/^error: /, '') } : isSkillpinError(err) ? { code: err.code, message: err.message } : { code: 'EINTERNAL', message: String(err instanceof Error ? err.message : err) };
      writeDocument(toSarif(null, { version: VERSION }, usage));
    }
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      // No command: commander printed the help to stderr; its own message is only '(outputHelp)'.
      let message = err.code === 'commander.help' ? 'no command given' : err.message.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)');
      // `skill version` is the option `--version` (how the README tells skillpin from procps's
      // skill), not the command `verify` that commander's spelling match offers.
      const word = /^unknown command '([^']*)'/.exec(message)?.[1];
      if (err.code === 'commander.unknownCommand' && word && program.options.some((o) => o.long === `--${word}`)) message = `unknown command '${word}' (did you mean --${word}?)`;
      const path = commandPath(program, argv.slice(2));
      // Inside a command (a missing argument, a wrong option), point at that command's own help.
      const within = err.code === 'commander.unknownCommand' || err.code === 'commander.help' ? 'its commands' : 'its arguments, options and examples';
      const hint = path.length > 0
        ? `Run \`skill ${path.join(' ')} --help\` for ${within}.`
        : 'Run `skill --help` for the commands, or `skill <command> --help` for the options and examples of one.';
      return printError(new SkillpinError('EUSAGE', message, { hint }), json);
    }
    return printError(err, json);
  }
}

