// A private npm registry: SKILL_REGISTRY_TOKEN is sent as a bearer token only under the registry
// SKILL_REGISTRY names, never to a URL that only the workspace (config, lock) or a redirect names,
// never written and never printed.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpFetch } from '../src/source/net.js';
import { NpmSource, registryCredential } from '../src/source/npm.js';
import { isLoopbackHost } from '../src/source/net.js';
import { DEFAULT_LIMITS } from '../src/source/types.js';
import { makeWorkspace, runCli, snapshotTree, startRegistry, startWire, tempDir, type Registry } from './helpers.js';

const TOKEN = 'npm_test_private_registry_token_0815';
const seen: Array<{ url: string; authorization: string | undefined }> = [];
/** Paths answered with a redirect to `location`, once each. */
const redirects = new Map<string, string>();

/** The private registry: every request without the token is 401. */
function privateFault(req: IncomingMessage, res: ServerResponse): boolean {
  seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
  const to = redirects.get(req.url ?? '');
  if (to !== undefined && req.headers.authorization === `Bearer ${TOKEN}`) {
    redirects.delete(req.url ?? '');
    res.writeHead(302, { location: to }).end();
    return true;
  }
  if (req.headers.authorization === `Bearer ${TOKEN}`) return false;
  res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"authentication required"}');
  return true;
}

let priv: Registry;
/** Another server (an attacker's, or a CDN): answers everything, records what it was sent. */
let other: Registry;
const otherSeen: Array<{ url: string; authorization: string | undefined }> = [];

beforeAll(async () => {
  priv = await startRegistry({ fault: privateFault });
  other = await startRegistry({
    fault: (req) => {
      otherSeen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      return false;
    },
  });
});
afterAll(async () => {
  await priv.close();
  await other.close();
});

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ SKILL_REGISTRY: '', SKILL_REGISTRY_TOKEN: '', SKILL_CACHE: tempDir('skillpin-cache-'), ...extra });

/** Every file under `dir` as text (the lock, stored attestations, caches): the token must be in none. */
function allText(dir: string): string {
  let out = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    out += st.isDirectory() ? allText(p) : readFileSync(p).toString('latin1');
  }
  return out;
}

/** A source for https://registry.example/ holding the token for it, over an injected fetch. */
function exampleSource(fetchImpl: HttpFetch): NpmSource {
  return new NpmSource({
    registry: 'https://registry.example/',
    cache: tempDir('skillpin-cache-'),
    limits: DEFAULT_LIMITS,
    timeoutMs: 5000,
    retries: 2,
    credential: { token: TOKEN, scope: 'https://registry.example/' },
    fetchImpl,
  });
}

describe('SKILL_REGISTRY_TOKEN', () => {
  it('add, install --frozen and verify --online reach a private registry with the token, which is never written or printed', async () => {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const e = env({ SKILL_REGISTRY: priv.url, SKILL_REGISTRY_TOKEN: TOKEN, SKILL_CACHE: cache });
    const before = seen.length;
    const add = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: e });
    expect(add.code, add.stderr).toBe(0);
    const mine = seen.slice(before);
    expect(mine.some((q) => q.url.endsWith('.tgz'))).toBe(true);
    expect(mine.some((q) => q.url.includes('attestations'))).toBe(true);
    expect(mine.every((q) => q.authorization === `Bearer ${TOKEN}`)).toBe(true);

    rmSync(join(ws, 'skills'), { recursive: true, force: true });
    const install = await runCli(['install', '--frozen', '--cwd', ws, '--json'], { env: { ...e, SKILL_CACHE: tempDir('skillpin-cache-') } });
    expect(install.code, install.stderr).toBe(0);
    const online = await runCli(['verify', '--online', '--cwd', ws, '--json'], { env: e });
    expect(online.code, online.stdout + online.stderr).toBe(0);

    for (const r of [add, install, online]) expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(allText(join(ws, '.clawhub'))).not.toContain(TOKEN);
    expect(allText(cache)).not.toContain(TOKEN);
  });

  it('is sent only under the registry SKILL_REGISTRY names: a registry from --registry or the config gets none, and the 401 says why', async () => {
    for (const how of ['flag', 'config'] as const) {
      const ws = how === 'config' ? makeWorkspace({ registry: priv.url }) : makeWorkspace();
      const snapshot = snapshotTree(ws);
      const before = seen.length;
      const args = ['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json', ...(how === 'flag' ? ['--registry', priv.url] : [])];
      const r = await runCli(args, { env: env({ SKILL_REGISTRY_TOKEN: TOKEN }) });
      expect(r.code, how).toBe(2);
      expect(r.json.error.code).toBe('EREGISTRY');
      expect(r.json.error.message).toContain('answered 401');
      expect(r.json.error.hint).toContain(`SKILL_REGISTRY=${priv.url}`);
      expect(seen.slice(before).every((q) => q.authorization === undefined)).toBe(true);
      expect(snapshotTree(ws)).toEqual(snapshot);
    }
  });

  it('a lock entry edited to fetch from another server does not take the token there', async () => {
    const ws = makeWorkspace();
    const e = env({ SKILL_REGISTRY: priv.url, SKILL_REGISTRY_TOKEN: TOKEN });
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: e })).code).toBe(0);
    const lockFile = join(ws, '.clawhub', 'lock.json');
    const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    // Same bytes at the other server, so only the token could tell the two apart.
    lock.skills.weather.resolved = `${other.url}weather/-/weather-1.4.0.tgz`;
    writeFileSync(lockFile, JSON.stringify(lock, null, 2));
    rmSync(join(ws, 'skills'), { recursive: true, force: true });
    const before = otherSeen.length;
    const r = await runCli(['install', '--frozen', '--cwd', ws, '--json'], { env: { ...e, SKILL_CACHE: tempDir('skillpin-cache-') } });
    expect(r.code, r.stderr).toBe(0);
    const there = otherSeen.slice(before);
    expect(there.length).toBeGreaterThan(0);
    expect(there.every((q) => q.authorization === undefined)).toBe(true);
  });

  it('follows a redirect with the token under the registry and without it anywhere else', async () => {
    const ws = makeWorkspace();
    redirects.set('/weather/-/weather-1.4.0.tgz', `${priv.url}-/moved/../../weather/-/weather-1.4.0.tgz?hop=1`);
    const beforeOther = otherSeen.length;
    const e = env({ SKILL_REGISTRY: priv.url, SKILL_REGISTRY_TOKEN: TOKEN });
    const r = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: e });
    expect(r.code, r.stderr).toBe(0);
    expect(seen.some((q) => q.url.endsWith('?hop=1') && q.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // A tarball moved to another host (a CDN, or someone else's server): the token stays behind.
    redirects.set('/notes/-/notes-1.0.0.tgz', `${other.url}notes/-/notes-1.0.0.tgz`);
    const r2 = await runCli(['add', 'notes@1.0.0', '--yes', '--cwd', ws, '--json'], { env: e });
    expect(r2.code, r2.stderr).toBe(0);
    const there = otherSeen.slice(beforeOther);
    expect(there.map((q) => q.url)).toEqual(['/notes/-/notes-1.0.0.tgz']);
    expect(there[0]?.authorization).toBeUndefined();
  });

  it('verify --online fetches the tarball with the token only under SKILL_REGISTRY, scheme included (library, injected fetch)', async () => {
    const asked: Array<[string, string | undefined]> = [];
    const fetchImpl = async (url: string, init: { headers?: Record<string, string> }) => {
      asked.push([url, init.headers?.authorization]);
      return new Response('bytes', { status: 200 });
    };
    const src = exampleSource(fetchImpl);
    const sha512 = `sha512-${createHash('sha512').update('bytes').digest('base64')}`;
    // Under the registry; an edited lock entry's tarball URL on the same host over plain http, or on another host.
    for (const [url, authorization] of [
      ['https://registry.example/weather/-/weather-1.4.0.tgz', `Bearer ${TOKEN}`],
      ['http://registry.example/weather/-/weather-1.4.0.tgz', undefined],
      ['https://cdn.example/weather-1.4.0.tgz', undefined],
    ] as const) {
      expect(await src.servedIntegrity(url, 'weather@1.4.0')).toBe(sha512);
      expect(asked.at(-1)).toEqual([url, authorization]);
    }
  });

  it('a 401 from a host the request was redirected to says the token stayed behind (library, injected fetch)', async () => {
    const asked: Array<[string, string | undefined]> = [];
    const fetchImpl = async (url: string, init: { headers?: Record<string, string> }) => {
      asked.push([url, init.headers?.authorization]);
      return url.startsWith('https://registry.example/') ? new Response(null, { status: 302, headers: { location: 'https://cdn.example/weather' } }) : new Response('no', { status: 401 });
    };
    const src = exampleSource(fetchImpl);
    const err = (await src.packument('weather').catch((e: unknown) => e)) as { code?: string; message: string; hint?: string };
    expect(err.code).toBe('EREGISTRY');
    expect(err.message).toContain('answered 401');
    expect(err.message).not.toContain('refused');
    expect(err.hint).toMatch(/redirected away from https:\/\/registry\.example\//);
    expect(asked).toEqual([
      ['https://registry.example/weather', `Bearer ${TOKEN}`],
      ['https://cdn.example/weather', undefined],
    ]);
  });

  it('refuses a redirect from https to plain http, to a non-http URL, and past ten (library, injected fetch)', async () => {
    for (const [location, why, asks] of [
      ['http://registry.example/weather', /https to plain http/, 1],
      ['file:///etc/passwd', /non-http URL/, 1],
      ['https://registry.example/weather', /redirected too many times/, 11],
    ] as const) {
      const asked: Array<[string, string | undefined]> = [];
      const fetchImpl = async (url: string, init: { headers?: Record<string, string> }) => {
        asked.push([url, init.headers?.authorization]);
        return new Response(null, { status: 302, headers: { location } });
      };
      const src = exampleSource(fetchImpl);
      const err = await src.packument('weather').then(
        () => null,
        (e: unknown) => e as { code?: string; message: string },
      );
      expect(err?.code).toBe('EREGISTRY');
      expect(err?.message).toMatch(why);
      expect(err?.message).not.toContain(TOKEN);
      // Never retried once refused; with the token each time, since every URL was under the registry.
      expect(asked).toEqual(Array.from({ length: asks }, () => ['https://registry.example/weather', `Bearer ${TOKEN}`]));
    }
  });
});

describe('SKILL_REGISTRY_TOKEN never crosses the network in clear', () => {
  it('a token for a plain-http registry on another host is ECONFIG naming the URL and https, before any request; every command that asks a registry refuses it; nothing is written', async () => {
    const wire = await startWire();
    try {
      const ws = makeWorkspace();
      // Pinned from the loopback registry over plain http, which keeps the token (the tests' own case).
      expect((await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: env({ SKILL_REGISTRY: priv.url, SKILL_REGISTRY_TOKEN: TOKEN }) })).code).toBe(0);
      const snapshot = snapshotTree(ws);
      const e = env({ ...wire.env, SKILL_REGISTRY: 'http://npm.corp.example/', SKILL_REGISTRY_TOKEN: TOKEN });
      for (const args of [['add', 'notes@1.0.0', '--yes'], ['install'], ['install', '--frozen'], ['outdated'], ['verify', '--online'], ['update', 'weather', '--to', '1.5.0', '--yes']]) {
        const r = await runCli([...args, '--cwd', ws, '--json'], { env: e });
        expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
        expect(r.json.error).toMatchObject({
          code: 'ECONFIG',
          message: 'SKILL_REGISTRY_TOKEN is set and SKILL_REGISTRY names http://npm.corp.example/, a plain http:// registry on another host: the token would cross the network in clear',
          hint: expect.stringContaining('SKILL_REGISTRY=https://npm.corp.example/'),
        });
        expect(r.stdout + r.stderr).not.toContain(TOKEN);
      }
      expect(snapshotTree(ws)).toEqual(snapshot);
      // With the sandbox to fill, too: the refusal comes before the sandbox root is made.
      rmSync(join(ws, 'skills'), { recursive: true, force: true });
      const r = await runCli(['install', '--frozen', '--cwd', ws, '--json'], { env: e });
      expect(r.json?.error?.code, r.stderr).toBe('ECONFIG');
      expect(existsSync(join(ws, 'skills'))).toBe(false);
      expect(wire.seen).toEqual([]);
    } finally {
      await wire.close();
    }
  });

  it('a registry on this machine reached through a proxy elsewhere over plain http is ECONFIG naming NO_PROXY; with NO_PROXY it gets the token directly', async () => {
    const wire = await startWire();
    try {
      // 0.0.0.0 is not a loopback name, yet connecting to it reaches this machine: the recording
      // proxy stands for one on the network without anything leaving.
      const far = String(wire.env.HTTP_PROXY).replace('127.0.0.1', '0.0.0.0');
      const proxied = { HTTP_PROXY: far, http_proxy: far, HTTPS_PROXY: '', https_proxy: '', PROXY: '', proxy: '', NO_PROXY: '', no_proxy: '' };
      const ws = makeWorkspace();
      const before = snapshotTree(ws);
      const e = env({ ...proxied, SKILL_REGISTRY: priv.url, SKILL_REGISTRY_TOKEN: TOKEN, SKILL_TIMEOUT_MS: '3000' });
      const r = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: e });
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.json.error).toMatchObject({
        code: 'ECONFIG',
        message: `SKILL_REGISTRY_TOKEN is set and SKILL_REGISTRY names ${priv.url}, on this machine, but requests to it go through the proxy ${far}/ in plain http: the token would cross the network in clear`,
        hint: expect.stringContaining('add 127.0.0.1 to NO_PROXY'),
      });
      expect(wire.seen).toEqual([]);
      expect(snapshotTree(ws)).toEqual(before);
      const direct = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: { ...e, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' } });
      expect(direct.code, direct.stderr).toBe(0);
      expect(wire.seen).toEqual([]);
    } finally {
      await wire.close();
    }
  });

  it('a registry reached in clear that wants credentials says to reach it over https, not to name it in SKILL_REGISTRY (which would be refused next)', async () => {
    // 0.0.0.0 reaches this machine without being one of its loopback names.
    const far = priv.url.replace('127.0.0.1', '0.0.0.0');
    for (const extra of [{}, { SKILL_REGISTRY_TOKEN: TOKEN }]) {
      const ws = makeWorkspace();
      const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', far, '--cwd', ws, '--json'], { env: env(extra) });
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.json.error.code).toBe('EREGISTRY');
      expect(r.json.error.message).toContain('answered 401');
      expect(r.json.error.hint).toContain(`reach it over https (SKILL_REGISTRY=${far.replace('http:', 'https:')})`);
      expect(r.json.error.hint).not.toContain(`SKILL_REGISTRY=${far}`);
    }
  });

  it('plain http keeps the token only on this machine: localhost, 127.0.0.0/8 and ::1, not names that only look like them (library)', () => {
    for (const ok of ['http://localhost:4873/', 'http://127.0.0.1:4873/', 'http://127.8.9.10/', 'http://[::1]:4873/', 'http://2130706433/', 'https://npm.corp.example/', 'https://10.0.0.5/']) {
      expect(registryCredential({ SKILL_REGISTRY: ok, SKILL_REGISTRY_TOKEN: TOKEN })?.token, ok).toBe(TOKEN);
    }
    for (const bad of ['http://npm.corp.example/', 'http://localhost.example/', 'http://127.0.0.1.nip.io/', 'http://128.0.0.1/', 'http://[::2]/', 'http://0.0.0.0/', 'http://10.0.0.5:4873/npm/']) {
      expect(() => registryCredential({ SKILL_REGISTRY: bad, SKILL_REGISTRY_TOKEN: TOKEN }), bad).toThrow(expect.objectContaining({ code: 'ECONFIG' }));
    }
    // No token, no refusal: an http registry that needs none is the person's call.
    expect(registryCredential({ SKILL_REGISTRY: 'http://npm.corp.example/', SKILL_REGISTRY_TOKEN: '' })).toBeUndefined();
    for (const [host, loopback] of [['localhost', true], ['[::1]', true], ['127.255.0.1', true], ['localhost.', false], ['127.0.0.1.example', false], ['[::ffff:7f00:1]', false]] as const) {
      expect(isLoopbackHost(host), host).toBe(loopback);
    }
  });
});

describe('a registry URL with a user name or password in it', () => {
  const PASSWORD = 'hunter2-in-a-url';
  it('is refused from --registry, SKILL_REGISTRY and the config before anything is written: each skill records its registry in the lock', async () => {
    const url = `${priv.url.replace('http://', `http://alice:${PASSWORD}@`)}`;
    const cases: Array<{ what: string; args: string[]; env?: NodeJS.ProcessEnv; config?: Record<string, unknown>; code: string }> = [
      { what: '--registry', args: ['--registry', url], code: 'EUSAGE' },
      { what: '--registry=', args: [`--registry=${url}`], code: 'EUSAGE' },
      { what: 'SKILL_REGISTRY', args: [], env: { SKILL_REGISTRY: url }, code: 'ECONFIG' },
      { what: 'the config', args: [], config: { registry: url }, code: 'ECONFIG' },
    ];
    for (const c of cases) {
      const ws = makeWorkspace(c.config ?? {});
      const before = snapshotTree(ws);
      const r = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json', ...c.args], { env: env({ SKILL_CACHE: tempDir('skillpin-cache-'), ...c.env }) });
      expect(r.code, `${c.what}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.json.error.code, c.what).toBe(c.code);
      expect(r.json.error.message).toContain('carries credentials');
      expect(r.json.error.message).toContain('http://***:***@127.0.0.1');
      expect(r.json.error.hint).toContain('SKILL_REGISTRY_TOKEN');
      expect(r.stdout + r.stderr, c.what).not.toContain(PASSWORD);
      expect(snapshotTree(ws)).toEqual(before);
    }
  });

  it('in a lock an older skillpin wrote is ELOCKFILE naming the entry, without printing the password', async () => {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws], { env: env({ SKILL_REGISTRY: priv.url, SKILL_REGISTRY_TOKEN: TOKEN, SKILL_CACHE: cache }) })).code).toBe(0);
    const lockFile = join(ws, '.clawhub', 'lock.json');
    const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    lock.skills.weather.registry = lock.skills.weather.registry.replace('http://', `http://alice:${PASSWORD}@`);
    writeFileSync(lockFile, JSON.stringify(lock, null, 2));
    for (const args of [['install', '--frozen'], ['verify'], ['list']]) {
      const r = await runCli([...args, '--cwd', ws, '--json'], { env: env({ SKILL_CACHE: cache }) });
      expect(r.code, `${args[0]}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.json.error).toMatchObject({ code: 'ELOCKFILE' });
      expect(r.json.error.message).toContain('skills["weather"].registry is a URL with credentials (');
      expect(r.json.error.hint).toContain('change the password');
      expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    }
  });
});
