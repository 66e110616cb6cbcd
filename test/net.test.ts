// The HTTP client every request goes through (src/source/net.ts), against a loopback server: what
// callers read from an answer, bodies a server compressed, and a discarded answer. Proxies, TLS
// and redirects through the CLI are in proxy.test.ts, https.test.ts and registry-token.test.ts.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch, plainHttpServer, type HttpResponse } from '../src/source/net.js';
import { listenLoopback } from './helpers.js';

const DOC = Buffer.from(JSON.stringify({ name: 'weather', versions: { '1.0.0': { dist: { tarball: 'x'.repeat(5000) } } } }));

let base = '';
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    const path = req.url ?? '';
    if (path === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(DOC));
    else if (path === '/deflate') res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(DOC));
    else if (path === '/br') res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(DOC));
    else if (path === '/corrupt') res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('not gzip at all'));
    else if (path === '/empty') res.writeHead(204, { 'content-encoding': 'gzip' }).end();
    else if (path === '/headers') res.writeHead(201, [['x-one', 'a'], ['x-many', 'b'], ['x-many', 'c'], ['retry-after', '7']]).end('ok');
    else if (path === '/endless') {
      // Writes until the client goes away.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024)), 5);
      res.on('close', () => clearInterval(timer));
    } else res.writeHead(200).end(DOC);
  });
});

beforeAll(async () => {
  base = `http://127.0.0.1:${await listenLoopback(server)}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function text(res: HttpResponse): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of res.body ?? []) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

describe('httpFetch', () => {
  it('decodes a body the server compressed (gzip, deflate, br), as npm asks for them', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await httpFetch(`${base}/${encoding}`, {});
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect((await text(res)).equals(DOC)).toBe(true);
    }
    expect(seen.find((s) => s.url === '/gzip')?.headers['accept-encoding']).toBe('gzip, deflate, br');
    // An uncompressed answer is read as sent.
    expect((await text(await httpFetch(`${base}/plain`, {}))).equals(DOC)).toBe(true);
  });

  it('a body that does not decode is an error for its reader, not bytes', async () => {
    const res = await httpFetch(`${base}/corrupt`, {});
    await expect(text(res)).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
  });

  it('gives status and headers as fetch does (repeated fields joined, names in any case, absent is null)', async () => {
    const res = await httpFetch(`${base}/headers`, {});
    expect(res.status).toBe(201);
    expect(res.headers.get('X-One')).toBe('a');
    expect(res.headers.get('x-many')).toBe('b, c');
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-absent')).toBeNull();
    expect((await text(res)).toString()).toBe('ok');
  });

  it('sends the method, headers and body it is given', async () => {
    const res = await httpFetch(`${base}/post`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'skillpin-test' }, body: '{"q":1}' });
    await text(res);
    const req = seen.find((s) => s.url === '/post');
    expect(req).toMatchObject({ method: 'POST', body: '{"q":1}' });
    expect(req?.headers['user-agent']).toBe('skillpin-test');
    expect(req?.headers['content-type']).toBe('application/json');
  });

  it('a discarded answer closes its connection: an endless body stops, and the next request is answered', async () => {
    const res = await httpFetch(`${base}/endless`, {});
    const iterator = (res.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    res.discard?.();
    await expect((async () => {
      for (;;) if ((await iterator.next()).done) return 'ended';
    })()).rejects.toThrow(/aborted/);
    expect((await text(await httpFetch(`${base}/plain`, {}))).equals(DOC)).toBe(true);
  });

  it('an aborted signal stops the request before an answer', async () => {
    await expect(httpFetch(`${base}/plain`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a refused connection rejects with the system error code callers map', async () => {
    const closed = createServer();
    const port = await listenLoopback(closed);
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpFetch(`http://127.0.0.1:${port}/`, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('an answer without a body is not decoded, whatever its headers say', async () => {
    const res = await httpFetch(`${base}/empty`, {});
    expect(res.status).toBe(204);
    expect((await text(res)).length).toBe(0);
  });

  it('a URL of another protocol is refused before anything is sent, and http requests still work after it', async () => {
    const before = seen.length;
    await expect(httpFetch(`${base.replace('http:', 'ftp:')}/x`, {})).rejects.toThrow(/only http and https/);
    expect(seen.length).toBe(before);
    expect((await text(await httpFetch(`${base}/plain`, {}))).equals(DOC)).toBe(true);
  });
});

describe('plainHttpServer', () => {
  it('turns an https:// request answered in plain HTTP into a reason and the fix (http:// only for a loopback registry)', async () => {
    const https = base.replace(/^http:/, 'https:');
    const err = await httpFetch(`${https}/doc`, {}).then(() => null, (e: unknown) => e);
    const got = plainHttpServer(err, `${https}/doc`);
    const host = new URL(base).host;
    expect(got?.reason).toBe(`https://${host} does not speak TLS (it answered the https:// request in plain HTTP)`);
    expect(got?.hint).toContain(`use http://${host}/ (--registry, SKILL_REGISTRY or "registry" in .clawhub/config.json)`);
    const remote = plainHttpServer(Object.assign(new Error('x'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), 'https://registry.example:8080/weather');
    expect(remote?.hint).toMatch(/^Check the URL and port/);
    expect(remote?.hint).toContain('http://registry.example:8080/');
    expect(plainHttpServer(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'https://registry.example/')).toBeNull();
  });
});
