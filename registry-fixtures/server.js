// @ts-check
// A static npm registry on 127.0.0.1 and a random port, serving a tree built by build.js and
// rewriting tarball URLs to its own address. Tests can hide versions, swap bytes, or inject faults.

import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { DEFAULT_OUT, PLACEHOLDER, packumentFile } from './build.js';

/**
 * @typedef {object} RegistryOptions
 * @property {string} [dir] built tree (default registry-fixtures/build)
 * @property {string[]} [hide] versions to leave out of packuments, as "name@version"
 * @property {Record<string, Record<string, string>>} [distTags] dist-tags laid over a package's own (e.g. { weather: { latest: "1.4.1" } })
 * @property {(doc: any) => void} [editPackument] edits each packument before it is served (a lying registry)
 * @property {Record<string, Buffer>} [replaceTarball] serve these bytes for a tarball path (e.g. "weather/-/weather-1.4.0.tgz")
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean} [fault] return true when it answered the request itself
 * @property {number} [port]
 * @property {{ key: Buffer | string, cert: Buffer | string }} [tls] serve https with this key and certificate (registry-fixtures/tls)
 */

/** @param {RegistryOptions} [opts] */
export async function startRegistry(opts = {}) {
  const dir = opts.dir ?? DEFAULT_OUT;
  if (!existsSync(join(dir, 'index.json'))) throw new Error(`no built registry in ${dir}: run node registry-fixtures/build.js`);
  /** @type {Set<string>} */
  const hide = new Set(opts.hide ?? []);
  let base = '';
  const requests = /** @type {string[]} */ ([]);
  /** @type {import('node:http').RequestListener} */
  const handler = (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (opts.fault && opts.fault(req, res)) return;
    const url = new URL(req.url ?? '/', base);
    const path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path.startsWith('-/') || path.includes('/-/')) {
      const safe = normalize(path);
      if (safe.startsWith('..')) {
        res.writeHead(400).end();
        return;
      }
      const replaced = opts.replaceTarball?.[safe];
      const file = join(dir, safe);
      if (!replaced && !existsSync(file)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      const body = replaced ?? readFileSync(file);
      const type = safe.endsWith('.tgz') ? 'application/octet-stream' : 'application/json';
      res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body);
      return;
    }
    const file = join(dir, `${packumentFile(path)}.json`);
    if (path.length === 0 || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    // Tarball URLs under the address the client asked for (the Host header), as a registry behind
    // a proxy or a name of its own serves them; skillpin refuses a dist.tarball on another host.
    const host = req.headers.host;
    const self = host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `${opts.tls ? 'https' : 'http'}://${host}/` : base;
    const doc = JSON.parse(readFileSync(file, 'utf8').split(PLACEHOLDER).join(self));
    for (const key of hide) {
      const at = key.lastIndexOf('@');
      if (key.slice(0, at) === doc.name) {
        delete doc.versions[key.slice(at + 1)];
        delete doc.time[key.slice(at + 1)];
      }
    }
    const tags = opts.distTags?.[doc.name];
    if (tags) doc['dist-tags'] = { ...doc['dist-tags'], ...tags };
    // A lying registry or mirror: edit the packument it serves (e.g. strip dist.signatures).
    if (opts.editPackument) opts.editPackument(doc);
    const body = Buffer.from(JSON.stringify(doc));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'cache-control': 'no-cache' }).end(body);
  };
  const server = opts.tls ? createTlsServer(opts.tls, handler) : createServer(handler);
  await new Promise((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve(undefined)));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  base = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${addr.port}/`;
  return {
    url: base,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve(undefined)); }),
  };
}
