#!/usr/bin/env node
// The `skill` command: a thin launcher for the compiled CLI (built by `npm run build` / `prepare`).
// `skill --version` is answered here, before the CLI and commander are loaded (start-up budget).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // On V8 13+ (Node 24), `install`, `update` and `adopt` relaunch themselves with a smaller young
  // generation (dist/cli/heap.js: same PID and stdio); this returns when the process goes on as is.
  (await import('../dist/cli/heap.js')).relaunchForHeap();
  // `skill verify --json | head`: a reader that goes away is not a crash. On stdout, exit as a
  // program killed by SIGPIPE would (128 + 13): results are printed after the workspace changed,
  // and a review is printed before anything changes. Progress and notes on stderr are not worth
  // interrupting an install for: they are dropped.
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(141);
    throw err;
  });
  process.stderr.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });
  // V8's tiering for a short run (dist/cli/jit.js), set before the CLI's code loads.
  (await import('../dist/cli/jit.js')).tuneJit();
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv);
}
