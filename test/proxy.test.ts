// Every request skillpin sends goes through the proxy the environment names (HTTPS_PROXY,
// HTTP_PROXY, NO_PROXY), as npm's do: packuments, tarballs, attestations documents and ClawHub's
// API alike. The registries here answer only through a loopback forward proxy: their configured
// address is a closed port the proxy alone maps to the real server, so a request that skipped the
// proxy fails with ECONNREFUSED instead of passing unnoticed.

import { createServer, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClawhubServer } from '../registry-fixtures/clawhub-server.js';
import { closedPort, listenLoopback, makeWorkspace, runCli, snapshotTree, startRegistry, type Registry } from './helpers.js';

interface Proxy {
  url: string;
  /** Absolute request URLs as the proxy received them, in order. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A plain-HTTP forward proxy on loopback: requests for `host:port` keys of `routes` go to the port
 * named there, any other loopback port as asked. With `refuse`, it answers 502 to everything.
 */
async function startProxy(routes: Record<string, number>, refuse = false): Promise<Proxy> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('not a proxy request');
      return;
    }
    if (refuse || target.hostname !== '127.0.0.1') {
      res.writeHead(502).end('proxy refuses');
      return;
    }
    const port = routes[target.host] ?? Number(target.port);
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: target.pathname + target.search, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end('upstream failed'));
    req.pipe(upstream);
  });
  const port = await listenLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The environment of a CLI run behind `proxy` (every spelling npm's agent reads). */
const behind = (proxy: string | null, noProxy = ''): NodeJS.ProcessEnv => ({
  HTTPS_PROXY: proxy ?? '', https_proxy: proxy ?? '', HTTP_PROXY: proxy ?? '', http_proxy: proxy ?? '', PROXY: '', proxy: '',
  NO_PROXY: noProxy, no_proxy: noProxy,
  CLAWHUB_TOKEN: '', CLAWHUB_REGISTRY: '', OPENCLAW_CLAWHUB_URL: '', CLAWHUB_URL: '',
});

let reg: Registry;
let hidden: number;
let proxy: Proxy;

beforeAll(async () => {
  reg = await startRegistry();
  hidden = await closedPort();
  proxy = await startProxy({ [`127.0.0.1:${hidden}`]: Number(new URL(reg.url).port) });
});
afterAll(async () => {
  await proxy.close();
  await reg.close();
});

describe('an npm registry reachable only through a proxy', () => {
  it('skill add reads the packument, the tarball and the attestations document through HTTP(S)_PROXY', async () => {
    const ws = makeWorkspace();
    const registry = `http://127.0.0.1:${hidden}/`;
    const before = proxy.seen.length;
    const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', registry, '--cwd', ws, '--json'], { env: { ...behind(proxy.url), SKILL_CACHE: makeWorkspace() } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.review.provenance).toBeTruthy();
    const seen = proxy.seen.slice(before);
    expect(seen).toContain(`GET ${registry}weather`);
    expect(seen.some((s) => s.endsWith('/weather/-/weather-1.4.0.tgz'))).toBe(true);
    expect(seen.some((s) => /attestations/.test(s))).toBe(true);
  });

  it('without the proxy the same registry address is unreachable (what the test above relies on)', async () => {
    const ws = makeWorkspace();
    const before = snapshotTree(ws);
    const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', `http://127.0.0.1:${hidden}/`, '--cwd', ws, '--json'], { env: { ...behind(null), SKILL_CACHE: makeWorkspace(), SKILL_TIMEOUT_MS: '5000' } });
    expect(r.code).not.toBe(0);
    expect(r.json.error.code).toBe('EREGISTRY');
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('NO_PROXY sends a matching host past the proxy', async () => {
    const ws = makeWorkspace();
    const before = proxy.seen.length;
    const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws, '--json'], { env: { ...behind(proxy.url, '127.0.0.1'), SKILL_CACHE: makeWorkspace() } });
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.seen.slice(before)).toEqual([]);
  });

  it('a proxy that refuses every request is EREGISTRY naming the registry and the proxy (not its password); nothing is written', async () => {
    const refusing = await startProxy({}, true);
    try {
      const ws = makeWorkspace();
      const before = snapshotTree(ws);
      const withPassword = refusing.url.replace('http://', 'http://agent:s3cret-pw@');
      const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws, '--json'], { env: { ...behind(withPassword), SKILL_CACHE: makeWorkspace(), SKILL_TIMEOUT_MS: '5000' } });
      expect(r.code).not.toBe(0);
      expect(r.json.error.code).toBe('EREGISTRY');
      expect(r.json.error.message).toContain(reg.url);
      expect(r.json.error.hint).toContain(`HTTPS_PROXY=${refusing.url.replace('http://', 'http://***:***@')}`);
      expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
      expect(refusing.seen).toContain(`GET ${reg.url}weather`);
      expect(snapshotTree(ws)).toEqual(before);
    } finally {
      await refusing.close();
    }
  });

  it('a proxy URL of an unknown protocol is ECONFIG at once, not a registry failure retried', async () => {
    const ws = makeWorkspace();
    const before = snapshotTree(ws);
    const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', reg.url, '--cwd', ws, '--json'], { env: { ...behind('gopher://127.0.0.1:1'), SKILL_CACHE: makeWorkspace() } });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('ECONFIG');
    expect(r.json.error.hint).toContain('HTTPS_PROXY=gopher://127.0.0.1:1');
    expect(snapshotTree(ws)).toEqual(before);
  });
});

describe('ClawHub reachable only through a proxy', () => {
  it('skill add clawhub: resolves and downloads through HTTP(S)_PROXY', async () => {
    const hub = (await startClawhubServer()) as { url: string; close(): Promise<void> };
    const hubHidden = await closedPort();
    const hubProxy = await startProxy({ [`127.0.0.1:${hubHidden}`]: Number(new URL(hub.url).port) });
    try {
      const hubUrl = `http://127.0.0.1:${hubHidden}`;
      const ws = makeWorkspace({ sources: { clawhub: { url: hubUrl } } });
      const r = await runCli(['add', 'clawhub:@toolsmith/gifgrep@1.2.3', '--yes', '--cwd', ws, '--json'], { env: { ...behind(hubProxy.url), SKILL_CACHE: makeWorkspace() } });
      expect(r.code, r.stderr).toBe(0);
      expect(hubProxy.seen.length).toBeGreaterThan(0);
      expect(hubProxy.seen.every((s) => s.startsWith(`GET ${hubUrl}/`))).toBe(true);
    } finally {
      await hubProxy.close();
      await hub.close();
    }
  });
});
