// The project's own CI gate on its example workspace (the repository's .clawhub/): serve the fixture
// registry on loopback, then `skill install --frozen` and `skill verify`, exactly as a user's CI would.
// Exits non-zero when either fails.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRegistry } from '../registry-fixtures/build.js';
import { startRegistry } from '../registry-fixtures/server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'skill.js');

function run(args, env) {
  process.stdout.write(`$ skill ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

await buildRegistry();
const reg = await startRegistry();
const cache = mkdtempSync(join(tmpdir(), 'skillpin-gate-cache-'));
let failed = 0;
try {
  const env = { SKILL_CACHE: cache };
  // A fresh machine: an empty sandbox and an empty cache; the lock says what to install.
  rmSync(join(root, 'sandbox'), { recursive: true, force: true });
  if ((await run(['install', '--frozen', '--cwd', root, '--registry', reg.url], env)) !== 0) failed += 1;
  if ((await run(['verify', '--cwd', root], env)) !== 0) failed += 1;
} finally {
  await reg.close();
  rmSync(cache, { recursive: true, force: true });
}
process.stdout.write(`self-gate: ${failed === 0 ? 'passed' : `${failed} step(s) failed`}\n`);
process.exit(failed === 0 ? 0 : 1);
