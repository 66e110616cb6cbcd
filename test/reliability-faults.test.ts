// Issue 9.4: registry faults. Against the loopback registry made to misbehave, every command fails
// with EREGISTRY or EINTEGRITY within network.timeoutMs (plus start-up), makes at most
// 1 + network.retries attempts at the faulty resource, and changes nothing in the workspace.

import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_BUILD, runCli, withFixtureTrust, snapshotTree, startRegistry, tempDir, type Registry } from './helpers.js';

let reg: Registry;
let cache: string;
const templates: Record<'add' | 'install', string> = { add: '', install: '' };
const TIMEOUT_MS = 2000;
let faultsInjected = 0;

beforeAll(async () => {
  reg = await startRegistry();
  cache = tempDir('skillpin-fault-cache-');
  // add: a workspace holding notes; install: the same plus weather pinned but its folder gone.
  for (const kind of ['add', 'install'] as const) {
    const ws = tempDir();
    mkdirSync(join(ws, '.clawhub'));
    writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify(withFixtureTrust({ network: { timeoutMs: TIMEOUT_MS, retries: 1 }, limits: { maxTotalBytes: 1048576 } })));
    const specs = kind === 'add' ? ['notes@1.0.0'] : ['notes@1.0.0', 'weather@1.4.0'];
    for (const spec of specs) {
      const r = await runCli(['add', spec, '--yes', '--registry', reg.url, '--cwd', ws], { env: { SKILL_CACHE: cache } });
      expect(r.code, r.stderr).toBe(0);
    }
    if (kind === 'install') rmSync(join(ws, 'skills', 'weather'), { recursive: true });
    templates[kind] = ws;
  }
});
afterAll(async () => {
  await reg.close();
  // Printed for docs/reliability.md.
  console.log(`registry faults: ${faultsInjected} faulty responses served`);
});

function leftovers(ws: string): string[] {
  const sandbox = join(ws, 'skills');
  const inSandbox = existsSync(sandbox) ? readdirSync(sandbox).filter((n) => n.startsWith('.skillpin-')) : [];
  const inClawhub = readdirSync(join(ws, '.clawhub')).filter((n) => n.endsWith('.tmp') || n === '.skillpin.lock');
  return [...inSandbox, ...inClawhub];
}

type Fault = (req: IncomingMessage, res: ServerResponse) => boolean;
const TGZ = readFileSync(join(FIXTURE_BUILD, 'weather', '-', 'weather-1.4.0.tgz'));
const isTarball = (req: IncomingMessage) => Boolean(req.url?.endsWith('weather-1.4.0.tgz'));
const isPackument = (req: IncomingMessage) => req.url === '/weather';

function raw(req: IncomingMessage, head: string, body: Buffer, end: 'end' | 'destroy' | 'hang'): void {
  const sock = req.socket;
  sock.write(`HTTP/1.1 ${head}\r\nconnection: close\r\n\r\n`);
  sock.write(body);
  if (end === 'end') sock.end();
  else if (end === 'destroy') sock.destroy();
}

function endless(res: ServerResponse, type: string): void {
  res.writeHead(200, { 'content-type': type });
  const chunk = Buffer.alloc(65536, 0x20);
  let open = true;
  res.on('close', () => (open = false));
  const pump = () => {
    while (open && res.write(chunk));
    if (open) res.once('drain', pump);
  };
  pump();
}

const FAULTS: Array<{ name: string; on: (req: IncomingMessage) => boolean; act: (req: IncomingMessage, res: ServerResponse) => void; codes: string[] }> = [
  { name: 'packument: 500 on every attempt', on: isPackument, act: (_q, res) => res.writeHead(500).end('boom'), codes: ['EREGISTRY'] },
  { name: 'packument: invalid JSON', on: isPackument, act: (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"weather",'), codes: ['EREGISTRY'] },
  { name: 'packument: 50 MB declared', on: isPackument, act: (_q, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 }); res.end(Buffer.alloc(50 * 1024 * 1024, 0x20)); }, codes: ['EREGISTRY'] },
  { name: 'packument: endless chunked body', on: isPackument, act: (_q, res) => endless(res, 'application/json'), codes: ['EREGISTRY'] },
  { name: 'packument: 30 s stall before any byte', on: isPackument, act: () => undefined, codes: ['EREGISTRY'] },
  { name: 'tarball: connection reset mid-body', on: isTarball, act: (req) => raw(req, `200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: ${TGZ.length}`, TGZ.subarray(0, TGZ.length >> 1), 'destroy'), codes: ['EREGISTRY', 'EINTEGRITY'] },
  { name: 'tarball: truncated body, clean close', on: isTarball, act: (req) => raw(req, `200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: ${TGZ.length}`, TGZ.subarray(0, TGZ.length - 100), 'end'), codes: ['EREGISTRY', 'EINTEGRITY'] },
  { name: 'tarball: content-length shorter than the body', on: isTarball, act: (req) => raw(req, `200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: ${TGZ.length - 64}`, TGZ, 'end'), codes: ['EREGISTRY', 'EINTEGRITY'] },
  { name: 'tarball: 500 on every attempt', on: isTarball, act: (_q, res) => res.writeHead(500).end('boom'), codes: ['EREGISTRY'] },
  { name: 'tarball: stall after half the body', on: isTarball, act: (req) => raw(req, `200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: ${TGZ.length}`, TGZ.subarray(0, TGZ.length >> 1), 'hang'), codes: ['EREGISTRY'] },
  { name: 'tarball: 30 s stall before any byte', on: isTarball, act: () => undefined, codes: ['EREGISTRY'] },
  { name: 'tarball: endless body', on: isTarball, act: (_q, res) => endless(res, 'application/octet-stream'), codes: ['EREGISTRY', 'EINTEGRITY'] },
];

async function faultCase(f: (typeof FAULTS)[number], command: 'add' | 'install'): Promise<void> {
  const ws = tempDir();
  cpSync(templates[command], ws, { recursive: true });
  let hits = 0;
  let firstHit = 0;
  const fault: Fault = (req, res) => {
    if (!f.on(req)) return false;
    if (hits === 0) firstHit = Date.now();
    hits++;
    faultsInjected++;
    f.act(req, res);
    return true;
  };
  const bad = await startRegistry({ fault });
  try {
    const before = snapshotTree(ws);
    const args = command === 'add' ? ['add', 'weather@1.4.0', '--yes'] : ['install'];
    // A fresh cache: nothing may be served from an earlier good download.
    const r = await runCli([...args, '--registry', bad.url, '--cwd', ws, '--json'], { env: { SKILL_CACHE: tempDir() }, timeoutMs: 20_000 });
    // Measured from the first faulty response to exit, so machine load at start-up does not count.
    const ms = Date.now() - firstHit;
    expect(r.signal, `${f.name}: the CLI hung`).toBeNull();
    expect(f.codes, `${f.name}: ${r.stderr}`).toContain(r.json?.error?.code);
    expect(r.code).toBe(r.json.error.code === 'EINTEGRITY' ? 1 : 2);
    // Within the configured deadline plus exit (the stalls last 30 s, so a missing deadline fails
    // this by far).
    expect(ms, f.name).toBeLessThan(TIMEOUT_MS + 3000);
    // Bounded retries: at most 1 + network.retries attempts at the faulty resource.
    expect(hits, f.name).toBeGreaterThanOrEqual(1);
    expect(hits, f.name).toBeLessThanOrEqual(2);
    expect(snapshotTree(ws), f.name).toEqual(before);
    expect(leftovers(ws)).toEqual([]);
  } finally {
    await bad.close();
  }
}

// Concurrent: each case mostly waits on its own fault server and deadline.
describe.concurrent('registry faults: EREGISTRY or EINTEGRITY within the timeout, bounded retries, nothing changed', () => {
  for (const f of FAULTS) {
    it(`skill add — ${f.name}`, () => faultCase(f, 'add'), 30_000);
  }
  for (const f of FAULTS.filter((x) => x.on === isTarball)) {
    it(`skill install — ${f.name}`, () => faultCase(f, 'install'), 30_000);
  }
});
