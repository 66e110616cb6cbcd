#!/usr/bin/env node
// The `skill` command: a thin launcher for the compiled CLI (built by `npm run build` / `prepare`).
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
