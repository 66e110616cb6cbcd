// V8's young generation for the commands that work through every locked skill, on V8 13 and later
// (Node 24). V8 13 raised the Scavenger's largest semi-space from 8 to 32 MB
// (`--scavenger-max-new-space-capacity-mb`), and Node's builds, which have no pointer compression,
// double it: the new space (two semi-spaces) may grow to 128 MB, against 32 MB on Node 20 and 22.
// In a cold install of 1,000 skills it grew to 64 MB with 3-12 MB of it live, and the process
// peaked at 220-258 MiB, over issue 8's 200 MB. With `--max-semi-space-size=8` (new space 16 MB)
// it peaked at 177-198 MiB, and was 0.22-0.29 s faster in three series of interleaved pairs
// (docs/performance-log.md, seventeenth session). Node 20 and 22 (V8 11 and 12) keep their 16 MB
// semi-space: they peak at 160-172 MiB, and 8 MB was slower on Node 20.
//
// V8 sizes the young generation once, when the heap is set up. A worker's resource limits do not
// reach the main thread's, and `v8.setFlagsFromString` can only stop its growth at run time (a
// growth factor of 1 once the new space reached 16 MB: 167-187 MiB, but 0.26 s slower than the
// flag, 10 pairs). So the flag has to be on the node command line: `skill` replaces its own
// process image with the same command plus the flag (`process.execve`, Node 22.15+ and 23.11+,
// not on Windows). It is the same process to the shell, to a service manager and to a person
// pressing Ctrl-C: same PID, same stdin, stdout and stderr, its own exit code. It happens before
// any of the CLI loads, so nothing is lost in the swap, and only for the bulk commands (`install`,
// `update`, `adopt`): the second start of Node (+0.05 s on Node 24) is not worth it for one skill
// or for `verify` (110 MiB).

import { accessSync, constants } from 'node:fs';

/** The flags the bulk commands relaunch with on V8 13+, each `--name=value`. */
export const HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

/** The first V8 major whose default young generation is the larger one. */
const FIRST_V8 = 13;

/** Commands that go through every locked skill (or many). */
const BULK_COMMANDS = new Set(['install', 'update', 'adopt']);

/** The CLI's global options that take a value in the next argument (src/cli/main.ts). */
export const VALUE_OPTIONS = new Set(['-C', '--cwd', '--registry', '--sandbox']);

/**
 * Flags by which a person sizes the young generation: when any is given, on the command line or in
 * NODE_OPTIONS, theirs wins and `skill` does not relaunch (which is also what stops it relaunching
 * twice: the relaunched command line carries `--max-semi-space-size`).
 */
const YOUNG_GENERATION_FLAGS = new Set([
  'max-semi-space-size',
  'min-semi-space-size',
  'semi-space-growth-factor',
  'scavenger-max-new-space-capacity-mb',
  'minor-ms-max-new-space-capacity-mb',
]);

export interface LaunchFacts {
  /** `process.versions.v8` */
  v8Version: string;
  /** Whether `process.execve` can be called here (it exists and this is not Windows). */
  canExecve: boolean;
  /** `process.execArgv`: the node command line's own flags. */
  execArgv: readonly string[];
  /** `process.env.NODE_OPTIONS` */
  nodeOptions: string | undefined;
  /** The CLI's arguments, `process.argv.slice(2)`. */
  args: readonly string[];
}

/** A flag's name as V8 and Node read it: no leading dashes, no value, `_` read as `-`. */
export function flagName(flag: string): string {
  return (flag.replace(/^--?/, '').split('=')[0] ?? '').replace(/_/g, '-');
}

/** The subcommand: the first argument that is neither an option nor a global option's value. */
export function commandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return args[i + 1];
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** The flags to relaunch with, or none when this process should go on as it is. */
export function heapFlagsFor(facts: LaunchFacts): string[] {
  if (!facts.canExecve) return [];
  const major = Number(facts.v8Version.split('.')[0]);
  if (!Number.isInteger(major) || major < FIRST_V8) return [];
  if (!BULK_COMMANDS.has(commandOf(facts.args) ?? '')) return [];
  const given = [...facts.execArgv, ...(facts.nodeOptions ?? '').split(/\s+/)].filter((a) => a.startsWith('-')).map(flagName);
  // A debugger attached to this process would lose it in the swap, and `--inspect-brk` would stop
  // twice: under the inspector, the process stays as it is. Under Node's permission model execve
  // is refused (ERR_ACCESS_DENIED) unless child processes are allowed: no point in asking.
  const stays = (name: string) => YOUNG_GENERATION_FLAGS.has(name) || name.startsWith('inspect') || name === 'permission' || name === 'experimental-permission';
  if (given.some(stays)) return [];
  return [...HEAP_FLAGS];
}

type Execve = (file: string, args: string[], env?: NodeJS.ProcessEnv) => never;

/**
 * Relaunch this `skill` command with HEAP_FLAGS when heapFlagsFor says so; returns only when it
 * does not. Call it first thing in the launcher, before the CLI loads and before anything is
 * written or read on stdio.
 */
export function relaunchForHeap(): void {
  const execve = (process as unknown as { execve?: Execve }).execve;
  const script = process.argv[1];
  const flags = heapFlagsFor({
    v8Version: process.versions.v8,
    canExecve: typeof execve === 'function' && process.platform !== 'win32',
    execArgv: process.execArgv,
    nodeOptions: process.env.NODE_OPTIONS,
    args: process.argv.slice(2),
  });
  if (flags.length === 0 || execve === undefined || script === undefined) return;
  // Node aborts the process (SIGABRT, no exception) when the execve call itself fails: relaunch only
  // with a node binary this process can run. The flags save memory; they are not worth a crash.
  try {
    accessSync(process.execPath, constants.X_OK);
    accessSync(script, constants.R_OK);
  } catch {
    return;
  }
  try {
    execve.call(process, process.execPath, [process.execPath, ...process.execArgv, ...flags, script, ...process.argv.slice(2)]);
  } catch {
    // Refused before the call (a permission, a NUL byte in the environment): go on as is.
  }
}
