// The `skill` command: commander wiring, prompts, human and `--json` output, exit codes.
// Each action builds an options object, calls one library function, and renders its result.

import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { SkillpinError, exitCodeFor, isSkillpinError } from '../errors.js';
import type { UI } from '../ui/index.js';

interface GlobalFlags {
  cwd: string;
  json?: boolean;
  registry?: string;
  sandbox?: string;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

class Output {
  constructor(readonly json: boolean) {}
  /** Human text: stdout normally; stderr under --json so stdout stays one JSON document. */
  human(text: string): void {
    if (this.json) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  result(doc: Record<string, unknown>, text?: string): void {
    if (this.json) process.stdout.write(`${JSON.stringify({ ok: true, ...doc }, null, 2)}\n`);
    else if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

function makeUI(out: Output): UI {
  const tty = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const progressOn = Boolean(process.stderr.isTTY) && !out.json;
  return {
    info: (t) => out.human(t),
    warn: (t) => process.stderr.write(`warning: ${t}\n`),
    interactive: tty,
    prompter: tty
      ? {
          confirm: async (message) => {
            const { default: confirm } = await import('@inquirer/confirm');
            try {
              return await confirm({ message, default: false }, { output: process.stderr });
            } catch (err) {
              if ((err as Error).name === 'ExitPromptError') {
                throw new SkillpinError('EINTERRUPTED', 'interrupted at the prompt; nothing was changed');
              }
              throw err;
            }
          },
        }
      : null,
    progress: (done, total, label) => {
      if (!progressOn) return;
      process.stderr.write(`\r${label}: ${done}/${total}${done === total ? '\n' : ''}`);
    },
  };
}

function globals(cmd: Command): GlobalFlags {
  return cmd.optsWithGlobals() as GlobalFlags;
}

function common(g: GlobalFlags): { cwd: string; registry?: string; sandbox?: string; onWait: (h: string) => void } {
  const o: { cwd: string; registry?: string; sandbox?: string; onWait: (h: string) => void } = {
    cwd: g.cwd,
    onWait: (holder) => process.stderr.write(`waiting for another skillpin run on this workspace (${holder})...\n`),
  };
  if (g.registry) o.registry = g.registry;
  if (g.sandbox) o.sandbox = g.sandbox;
  return o;
}

function csv(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function buildProgram(): Command {
  const program = new Command();
  // Set before the subcommands are added so they inherit it: errors come back to main(), which
  // maps them to exit 2 (EUSAGE) instead of commander's own process.exit(1).
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .name('skill')
    .description('Reviewed, hash-pinned, provenance-checked installs of OpenClaw skills into a confined sandbox.')
    .version(VERSION, '-v, --version')
    .option('-C, --cwd <dir>', 'workspace folder (holds .clawhub/lock.json)', process.cwd())
    .option('--json', 'print one JSON document on stdout')
    .option('--registry <url>', 'npm-protocol registry (overrides SKILL_REGISTRY and .clawhub/config.json)')
    .option('--sandbox <dir>', 'sandbox folder, relative to the workspace (default: skills)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 a security check failed, 2 bad input, 3 review declined or needed.

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
    .option('--accept-downgrade', 'accept a version without provenance where the locked one had it')
    .addHelpText('after', '\nAn unpinned spec (name, name@^1, latest) is only resolved for review: with --yes or without a terminal it is refused (EUNPINNED) and the exact version to pin is named.')
    .action(async (spec: string, flags: { yes?: boolean; acceptRisk?: string[]; acceptIdentityChange?: boolean; acceptDowngrade?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { add } = await import('../commands/add.js');
      const r = await add({ ...common(g), spec, yes: Boolean(flags.yes), acceptRisk: flags.acceptRisk ?? [], acceptIdentityChange: Boolean(flags.acceptIdentityChange), acceptDowngrade: Boolean(flags.acceptDowngrade), ui: makeUI(out) });
      out.result({ review: r.review, entry: r.entry, replaced: r.replaced }, `pinned ${r.review.name}@${r.review.version}${r.replaced ? ` (was ${r.replaced})` : ''} in .clawhub/lock.json`);
    });

  program
    .command('install')
    .description('install exactly what the lock pins into the sandbox (fetched by integrity)')
    .option('--frozen', 'never write the lock; fail on any unpinned entry (for CI)')
    .action(async (flags: { frozen?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { install } = await import('../commands/install.js');
      const ui = makeUI(out);
      if (!g.json) ui.info = () => {};
      const r = await install({ ...common(g), frozen: Boolean(flags.frozen), ui });
      out.result({ ...r }, `installed ${r.installed.length}, unchanged ${r.unchanged.length}${r.lockWritten ? ', lock normalised' : ''}`);
    });

  program
    .command('list')
    .alias('ls')
    .description('list the locked skills, their pins and whether they are installed')
    .action(async (_flags: unknown, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { list, renderList } = await import('../commands/list.js');
      const r = await list(common(g));
      out.result({ ...r }, renderList(r));
    });

  program
    .command('remove')
    .alias('rm')
    .description('remove skills from the sandbox and the lock')
    .argument('<names...>', 'locked skill names')
    .action(async (names: string[], _flags: unknown, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { remove } = await import('../commands/remove.js');
      const r = await remove({ ...common(g), names });
      out.result({ ...r }, r.removed.map((x) => `removed ${x.name}${x.version ? `@${x.version}` : ''}`).join('\n'));
    });

  program
    .command('review')
    .description('show the review of a spec, a .tgz or a local folder without installing anything')
    .argument('<spec>', 'name@1.2.3, a range or tag, ./skill.tgz or ./folder')
    .action(async (spec: string, _flags: unknown, cmd: Command) => {
      const g = globals(cmd);
      const out = new Output(Boolean(g.json));
      const { review } = await import('../commands/review.js');
      const { renderReview } = await import('../review/index.js');
      const r = await review({ ...common(g), spec });
      out.result({ review: r, findings: r.findings, decision: r.decision }, renderReview(r));
      if (r.decision === 'block') process.exitCode = 1;
    });

  // --- skill hook (OpenClaw's install-policy hook, DESIGN §3.6a) ---
  const hook = program.command('hook').description('answer another tool\'s hook with skillpin\'s review and pins');
  hook
    .command('openclaw-install-policy')
    .description('answer OpenClaw\'s security.installPolicy request (JSON on stdin, decision on stdout), or print/write its config')
    .option('--print-config', 'print the security.installPolicy fragment for openclaw.json')
    .option('--write', 'merge the fragment into openclaw.json, keeping every other key (.bak kept)')
    .option('--config <file>', 'openclaw.json to write (default: OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR/openclaw.json, ~/.openclaw/openclaw.json)')
    .option('--node <path>', 'node binary OpenClaw should run the hook with (default: this one)')
    .addHelpText(
      'after',
      `
OpenClaw runs the hook in the folder of its command with no environment but the fragment's, and
checks every path-like argument as a script file; so the workspace reaches the hook as
SKILL_WORKSPACE in exec.env (or --cwd when you run it by hand).

  skill hook openclaw-install-policy --print-config     show the fragment for this workspace
  skill hook openclaw-install-policy --write            merge it into ~/.openclaw/openclaw.json`,
    )
    .action(async (flags: { printConfig?: boolean; write?: boolean; config?: string; node?: string }, cmd: Command) => {
      const g = globals(cmd);
      const mod = await import('../commands/hook.js');
      if (flags.printConfig || flags.write) {
        const base = { workspace: g.cwd, ...(flags.node ? { node: flags.node } : {}) };
        if (flags.write) {
          const r = await mod.writeHookConfig({ ...base, ...(flags.config ? { configPath: flags.config } : {}) });
          const out = new Output(Boolean(g.json));
          out.result({ configPath: r.configPath, backup: r.backup, fragment: r.fragment }, `wrote security.installPolicy into ${r.configPath}${r.backup ? ` (previous file kept as ${r.backup})` : ''}\nOpenClaw now asks skillpin before it installs a skill; workspace ${r.paths.workspace}`);
          return;
        }
        const r = mod.hookConfig(base);
        process.stdout.write(`${JSON.stringify(r.fragment, null, 2)}\n`);
        if (r.problems.length) throw mod.pathProblemsError(r.problems);
        return;
      }
      const source = cmd.getOptionValueSourceWithGlobals('cwd');
      const text = await mod.readRequestText(process.stdin);
      const answer = await mod.answerInstallPolicy({ requestText: text, ...(source === 'cli' ? { cwdFlag: g.cwd } : {}) });
      process.stdout.write(answer);
    });

  return program;
}

function printError(err: unknown, json: boolean): number {
  if (isSkillpinError(err)) {
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`);
    process.stderr.write(`error ${err.code}: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'EINTERNAL', message } }, null, 2)}\n`);
  process.stderr.write(`error: ${message}\n`);
  if (process.env.SKILL_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 70;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  const onSignal = (sig: NodeJS.Signals) => {
    process.stderr.write(`\ninterrupted by ${sig}; nothing half-done is kept (staging is removed on the next run)\n`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'EUSAGE', message: err.message } }, null, 2)}\n`);
      return exitCodeFor('EUSAGE');
    }
    return printError(err, json);
  }
}

