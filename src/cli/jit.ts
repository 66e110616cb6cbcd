// V8's tiering, set for a run of seconds. By default V8 optimises a function with TurboFan soon
// after it gets hot and inlines generously into it, which pays off in a process that runs for
// minutes. A cold install of 1,000 skills runs ~6 s on two busy threads, and V8's background
// compiler threads used 1.9-2.7 s of CPU beside them (of 10-12 s in all). With twice the budget
// before a function is optimised and a quarter of the bytecode inlined into one optimised
// function, they used 0.87-0.95 s; the code runs somewhat longer unoptimised, and in all a cold
// install of 1,000 was faster in 22 of 27 interleaved pairs, -0.53 s wall and -0.94 s CPU on
// average (docs/performance-log.md, fifteenth session).
//
// Only for the `skill` process (bin/skill.js): a library caller's process keeps its own settings.
// Only on the V8 these were measured on (Node 20's, 11.x): another V8 tiers differently (Node 22's
// adds Maglev), and one that no longer knows a flag would print an error for it.

import v8 from 'node:v8';
import { flagName } from './heap.js';

/** The flags, each `--name=value`. */
export const JIT_FLAGS: readonly string[] = ['--interrupt-budget=264000', '--max-inlined-bytecode-size-cumulative=230'];

/** V8 major versions the flags were measured on. */
const MEASURED_V8 = new Set(['11']);

/**
 * The flags to set for this V8 (`process.versions.v8`), leaving out any the command line already
 * sets (`node --interrupt-budget=... bin/skill.js`: a person's choice wins).
 */
export function jitFlagsFor(v8Version: string, execArgv: readonly string[]): string[] {
  if (!MEASURED_V8.has(v8Version.split('.')[0] ?? '')) return [];
  const given = new Set(execArgv.filter((a) => a.startsWith('--')).map(flagName));
  return JIT_FLAGS.filter((f) => !given.has(flagName(f)));
}

/** Set the flags before the CLI's code loads; returns what was set. */
export function tuneJit(v8Version: string = process.versions.v8, execArgv: readonly string[] = process.execArgv): string[] {
  const flags = jitFlagsFor(v8Version, execArgv);
  for (const flag of flags) v8.setFlagsFromString(flag);
  return flags;
}
