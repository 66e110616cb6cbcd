#!/usr/bin/env node
// The `skill` command: a thin launcher for the compiled CLI (built by `npm run build` / `prepare`).
// `skill --version` is answered here, before the CLI and commander are loaded (start-up budget).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv);
}
