// `npm run demo`: the main job end to end against the bundled fixture registry, on loopback only.
// Builds the fixture registry, serves it on 127.0.0.1, then in a temporary workspace: reviews and
// installs a skill, shows the lock and the sandbox, refuses a ClawHavoc-style skill, and runs the
// CI gate (install --frozen + verify). Nothing outside the temporary folder is written.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRegistry } from '../registry-fixtures/build.js';
import { startRegistry } from '../registry-fixtures/server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'skill.js');
const trust = join(root, 'registry-fixtures', 'trust');

// Bold only on a terminal that wants colour: piped to a file or a CI log, or under NO_COLOR, the
// escape codes were written as they are.
const bold = process.stdout.isTTY && !process.env.NO_COLOR ? (t) => `\x1b[1m${t}\x1b[0m` : (t) => t;

function banner(text) {
  process.stdout.write(`\n${bold(`== ${text}`)}\n`);
}

// The registry runs in this process, so the CLI must run asynchronously beside it.
function skill(args, env) {
  process.stdout.write(`$ skill ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    child.on('close', (code) => {
      process.stdout.write(`(exit ${code})\n`);
      resolve(code);
    });
  });
}

function tree(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...tree(p, base));
    else out.push(`  ${(st.mode & 0o777).toString(8)}  ${relative(base, p)}`);
  }
  return out;
}

await buildRegistry();
const reg = await startRegistry();
const tmp = mkdtempSync(join(tmpdir(), 'skillpin-demo-'));
const ws = join(tmp, 'workspace');
mkdirSync(join(ws, '.clawhub'), { recursive: true });
writeFileSync(
  join(ws, '.clawhub', 'config.json'),
  JSON.stringify({ registry: reg.url, trust: { provenance: 'warn', trustedRoots: [join(trust, 'trusted-root.json')], registryKeys: [join(trust, 'registry-keys.json')] } }, null, 2),
);
// A key of the demo's own for the verdict cache: the per-user key would be made in ~/.config/skillpin.
const env = { SKILL_CACHE: join(tmp, 'cache'), SKILLPIN_CACHE_KEY: randomBytes(32).toString('hex') };
let failures = 0;
const expectCode = (got, want, what) => {
  if (got !== want) {
    failures += 1;
    process.stdout.write(`!! ${what}: expected exit ${want}, got ${got}\n`);
  }
};
try {
  process.stdout.write(`fixture registry on ${reg.url}; workspace ${ws}\n`);
  banner('1. Review and install an exact version (the review is what a person reads before "Install weather@1.4.0? (y/N)")');
  expectCode(await skill(['add', 'weather@1.4.0', '--yes', '--cwd', ws], env), 0, 'add weather@1.4.0');

  banner('2. An unpinned spec is never pinned by a script');
  expectCode(await skill(['add', 'weather', '--yes', '--cwd', ws], env), 2, 'add weather --yes');

  banner('3. A ClawHavoc-style skill (base64 piped to a shell in its "Prerequisites") is blocked');
  expectCode(await skill(['add', 'solana-wallet-tracker@1.0.0', '--yes', '--cwd', ws], env), 1, 'add solana-wallet-tracker');

  banner('4. The lock: exact version, tarball integrity, per-file hashes, signer identity, capabilities');
  process.stdout.write(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8'));

  banner('5. The sandbox: regular files only, modes normalised');
  process.stdout.write(`${tree(join(ws, 'skills')).join('\n')}\n`);

  banner('6. The CI gate on a fresh machine: install exactly the lock, then verify');
  rmSync(join(ws, 'skills'), { recursive: true, force: true });
  expectCode(await skill(['install', '--frozen', '--cwd', ws], env), 0, 'install --frozen');
  const help = spawnSync(process.execPath, [bin, 'verify', '--help'], { encoding: 'utf8' });
  if (help.status === 0) expectCode(await skill(['verify', '--cwd', ws], env), 0, 'verify');

  banner('7. The OpenClaw tool allowlist these skills need');
  expectCode(await skill(['policy', '--cwd', ws], env), 0, 'policy');
} finally {
  await reg.close();
  rmSync(tmp, { recursive: true, force: true });
}
process.stdout.write(failures ? `\ndemo: ${failures} step(s) did not behave as expected\n` : '\ndemo: every step behaved as expected\n');
process.exit(failures ? 1 : 0);
