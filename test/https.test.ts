// Registries over TLS, as real ones are: the loopback fixture registry served with a TEST-ONLY
// certificate (registry-fixtures/tls), trusted through NODE_EXTRA_CA_CERTS, reached directly and
// through an HTTP CONNECT proxy; an untrusted certificate and a redirect down to plain http fail
// with a clear error and write nothing.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, closedPort, listenLoopback, makeWorkspace, runCli, snapshotTree, startRegistry, tempDir, type Registry } from './helpers.js';

const TLS = join(ROOT, 'registry-fixtures', 'tls');
const CA = join(TLS, 'ca.pem');
/** Tarball paths answered with a redirect to plain http (the test that refuses it sets one). */
const downgrade = new Map<string, string>();

let reg: Registry;
beforeAll(async () => {
  reg = await startRegistry({
    tls: { key: readFileSync(join(TLS, 'key.pem')), cert: readFileSync(join(TLS, 'cert.pem')) },
    fault: (req, res) => {
      const to = downgrade.get(req.url ?? '');
      if (to === undefined) return false;
      res.writeHead(302, { location: to }).end();
      return true;
    },
  });
});
afterAll(async () => {
  await reg.close();
});

/** An HTTP CONNECT proxy on loopback; `routes` maps a requested host:port to the port it tunnels to. */
async function startConnectProxy(routes: Record<string, number>): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(routes[req.url ?? ''] ?? Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listenLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const NO_PROXY_ENV = { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '' };
const trusted = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...NO_PROXY_ENV, NODE_EXTRA_CA_CERTS: CA, SKILL_CACHE: tempDir('skillpin-cache-'), ...extra });

describe('an https registry', () => {
  it('add and install --frozen with the registry CA in NODE_EXTRA_CA_CERTS; the lock pins https URLs', async () => {
    expect(reg.url.startsWith('https://127.0.0.1:')).toBe(true);
    const ws = makeWorkspace();
    const add = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws, '--json'], { env: trusted() });
    expect(add.code, add.stderr).toBe(0);
    expect(add.json.review.provenance).toBeTruthy();
    const lock = JSON.parse(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8'));
    expect(lock.skills.weather.resolved).toBe(`${reg.url}weather/-/weather-1.4.0.tgz`);
    const install = await runCli(['install', '--frozen', '--registry', reg.url, '--cwd', ws, '--json'], { env: trusted({ SKILL_CACHE: tempDir('skillpin-cache-') }) });
    expect(install.code, install.stderr).toBe(0);
  });

  it('an untrusted certificate is EREGISTRY that names NODE_EXTRA_CA_CERTS, and nothing is written', async () => {
    const ws = makeWorkspace();
    const before = snapshotTree(ws);
    const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws, '--json'], { env: trusted({ NODE_EXTRA_CA_CERTS: '' }) });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('EREGISTRY');
    expect(r.json.error.message).toMatch(/certificate|UNABLE_TO_VERIFY|SELF_SIGNED/i);
    expect(r.json.error.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('is reached through an HTTP CONNECT proxy named by HTTPS_PROXY', async () => {
    // The configured port is closed; only the proxy knows where the registry is.
    const hidden = await closedPort();
    const proxy = await startConnectProxy({ [`127.0.0.1:${hidden}`]: Number(new URL(reg.url).port) });
    try {
      const ws = makeWorkspace();
      const registry = `https://127.0.0.1:${hidden}/`;
      const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', registry, '--cwd', ws, '--json'], { env: trusted({ HTTPS_PROXY: proxy.url, https_proxy: proxy.url }) });
      expect(r.code, r.stderr).toBe(0);
      expect(proxy.seen).toContain(`CONNECT 127.0.0.1:${hidden}`);
    } finally {
      await proxy.close();
    }
  });

  it('verify --online refuses a redirect of the tarball from https down to plain http: SKILL_REGISTRY_TOKEN never reaches the http hop', async () => {
    const TOKEN = 'npm_https_registry_token_0451';
    const seen: Array<{ url: string; authorization: string | undefined }> = [];
    const plain = createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(404).end();
    });
    const port = await listenLoopback(plain);
    try {
      const e = trusted({ SKILL_REGISTRY: reg.url, SKILL_REGISTRY_TOKEN: TOKEN });
      const ws = makeWorkspace();
      expect((await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: e })).code).toBe(0);
      // The same host name over plain http (a registry that moves a tarball to its http port):
      // pacote, which fetched it before, kept the authorization header for a redirect to the same host.
      downgrade.set('/weather/-/weather-1.4.0.tgz', `http://127.0.0.1:${port}/weather/-/weather-1.4.0.tgz`);
      const r = await runCli(['verify', '--online', '--cwd', ws, '--json'], { env: e });
      // A registry that cannot be asked is exit 2, as for any registry check that could not run.
      expect(r.code, r.stdout).toBe(2);
      const check = r.json.skills[0].checks.find((c: { check: string }) => c.check === 'registry');
      expect(check).toMatchObject({ ok: false, code: 'EREGISTRY' });
      expect(check.detail).toContain(`redirected from https to plain http (http://127.0.0.1:${port}); refused`);
      expect(seen).toEqual([]);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    } finally {
      downgrade.clear();
      await new Promise((resolve) => { plain.closeAllConnections(); plain.close(() => resolve(undefined)); });
    }
  });

  it('a redirect from https down to plain http is refused; nothing is written', async () => {
    downgrade.set('/weather/-/weather-1.4.0.tgz', 'http://127.0.0.1:9/weather/-/weather-1.4.0.tgz');
    try {
      const ws = makeWorkspace();
      const before = snapshotTree(ws);
      const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws, '--json'], { env: trusted() });
      expect(r.code).toBe(2);
      expect(r.json.error.code).toBe('EREGISTRY');
      expect(r.json.error.message).toContain('redirected from https to plain http (http://127.0.0.1:9); refused');
      expect(snapshotTree(ws)).toEqual(before);
    } finally {
      downgrade.clear();
    }
  });
});
