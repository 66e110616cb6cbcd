// Shared test helpers: the loopback fixture registry, temp workspaces, and the real CLI as a
// subprocess (the way a person or CI runs it).

import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll } from 'vitest';
import { startRegistry as startRegistryJs } from '../registry-fixtures/server.js';
import type { VerifyReport } from '../src/verify/index.js';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'skill.js');
export const FIXTURE_BUILD = join(ROOT, 'registry-fixtures', 'build');

export interface Registry {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export interface RegistryOptions {
  hide?: string[];
  distTags?: Record<string, Record<string, string>>;
  /** Edits each packument before it is served (a lying registry: strip dist.signatures, say). */
  editPackument?: (doc: { name: string; versions: Record<string, { dist: Record<string, unknown> }> }) => void;
  replaceTarball?: Record<string, Buffer>;
  fault?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean;
  dir?: string;
  tls?: { key: Buffer | string; cert: Buffer | string };
  /** A fixed loopback port (a registry restarted where the lock says it was). */
  port?: number;
}

export function startRegistry(opts: RegistryOptions = {}): Promise<Registry> {
  return startRegistryJs(opts) as Promise<Registry>;
}

export const FIXTURE_TRUST = join(ROOT, 'registry-fixtures', 'trust');

/** Listen on a free loopback port; resolves with the port. */
export function listenLoopback(server: import('node:net').Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as import('node:net').AddressInfo).port)));
}

/**
 * The network past this machine, as the tests see it: every request for a host that is not
 * loopback goes through this HTTP proxy (nothing is resolved or sent anywhere else), which records
 * what it was sent and answers 502.
 */
export async function startWire(): Promise<{ env: NodeJS.ProcessEnv; seen: Array<{ url: string; authorization: string | undefined }>; close(): Promise<void> }> {
  const seen: Array<{ url: string; authorization: string | undefined }> = [];
  const server = createHttpServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(502).end('not reachable from the tests');
  });
  const url = `http://127.0.0.1:${await listenLoopback(server)}`;
  const noProxy = '127.0.0.1,localhost';
  return {
    env: { HTTP_PROXY: url, http_proxy: url, HTTPS_PROXY: url, https_proxy: url, PROXY: '', proxy: '', NO_PROXY: noProxy, no_proxy: noProxy, SKILL_TIMEOUT_MS: '3000' },
    seen,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A loopback port nothing listens on (bound, then closed): a request that reaches it is refused. */
export async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await listenLoopback(s);
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * A workspace whose config trusts the fixture registry's TEST-ONLY Sigstore root and registry key
 * (absolute paths), so provenance and registry signatures of fixture skills verify.
 */
export function makeWorkspace(config: Record<string, unknown> = {}, dir?: string): string {
  const ws = dir ?? tempDir('skillpin-ws-');
  mkdirSync(join(ws, '.clawhub'), { recursive: true });
  writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify(withFixtureTrust(config), null, 2));
  return ws;
}

/** A config object that also trusts the fixture registry's TEST-ONLY root and registry key. */
export function withFixtureTrust(config: Record<string, unknown> = {}): Record<string, unknown> {
  const trust = {
    trustedRoots: [join(FIXTURE_TRUST, 'trusted-root.json')],
    registryKeys: [join(FIXTURE_TRUST, 'registry-keys.json')],
    ...((config.trust as Record<string, unknown>) ?? {}),
  };
  return { ...config, trust };
}

const temps: string[] = [];
export function tempDir(prefix = 'skillpin-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
export function cleanupTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface CliResult {
  code: number;
  /** The signal that ended the process, if one did (e.g. SIGKILL from a test crash point). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Run the real `skill` CLI. A fresh cache per test file keeps runs independent. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, SKILL_REGISTRY: '', CI: process.env.CI ?? '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let json: unknown = undefined;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? (signal ? 128 : -1), signal, stdout, stderr, json });
    });
    // A child that exits before its input is written (a refusal in the first milliseconds, on a
    // busy machine) closes the pipe: EPIPE here is no failure of the test, which reads the exit
    // and the output; unhandled, it failed the whole run.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** A map of every path under `dir` to its type and content hash: for "nothing changed" checks. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(p);
      if (st.isDirectory()) {
        out[r] = `dir ${(st.mode & 0o7777).toString(8)}`;
        walk(p, r);
      } else if (st.isFile()) {
        out[r] = `file ${(st.mode & 0o7777).toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
      } else out[r] = st.isSymbolicLink() ? 'symlink' : 'other';
    }
  };
  walk(dir, '');
  return out;
}

// ---- hand-made tar archives for hostile fixtures (tests only; production code parses with node-tar)

export interface RawTarEntry {
  name: string;
  type?: '0' | '1' | '2' | '3' | '4' | '5' | '6' | 'S' | 'Z' | 'x';
  data?: Buffer | string;
  mode?: number;
  linkname?: string;
  /** Declared size, when it should differ from the data. */
  size?: number;
}

/** A pax extended header (type x) giving the next entry these fields (`path` for a name over 255 bytes). */
export function paxHeader(fields: Record<string, string>): RawTarEntry {
  let body = '';
  for (const [key, value] of Object.entries(fields)) {
    // Each record is "<length> key=value\n", its length counting its own digits.
    const rest = ` ${key}=${value}\n`;
    let length = Buffer.byteLength(rest);
    while (String(length).length + Buffer.byteLength(rest) !== length) length = String(length).length + Buffer.byteLength(rest);
    body += `${length}${rest}`;
  }
  return { name: 'package/PaxHeader', type: 'x', data: body };
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** A ustar archive with exactly the given headers (no sanitising), gzipped. */
export function makeTarball(entries: RawTarEntry[], opts: { gzip?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = e.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const header = Buffer.alloc(512);
    let name = e.name;
    let prefix = '';
    if (Buffer.byteLength(name) > 100) {
      const cut = name.lastIndexOf('/', 155);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    header.write(name, 0, 100, 'utf8');
    header.write(octal(e.mode ?? (e.type === '5' ? 0o755 : 0o644), 8), 100, 'ascii');
    header.write(octal(0, 8), 108, 'ascii');
    header.write(octal(0, 8), 116, 'ascii');
    header.write(octal(e.size ?? data.length, 12), 124, 'ascii');
    header.write(octal(499162500, 12), 136, 'ascii');
    header.write('        ', 148, 'ascii');
    header.write(e.type ?? '0', 156, 'ascii');
    if (e.linkname) header.write(e.linkname, 157, 100, 'utf8');
    header.write('ustar\0', 257, 'ascii');
    header.write('00', 263, 'ascii');
    if (prefix) header.write(prefix, 345, 155, 'utf8');
    let sum = 0;
    for (const b of header) sum += b;
    header.write(octal(sum, 7), 148, 'ascii');
    blocks.push(header);
    if (data.length) {
      blocks.push(data);
      const pad = (512 - (data.length % 512)) % 512;
      if (pad) blocks.push(Buffer.alloc(pad));
    }
  }
  blocks.push(Buffer.alloc(1024));
  const tar = Buffer.concat(blocks);
  return opts.gzip === false ? tar : gzipSync(tar);
}

export const SKILL_MD = `---\nname: hostile\ndescription: test fixture\nallowed-tools: Read\n---\n# Hostile\n`;

/** The regular part of a package: package.json + SKILL.md under package/. */
export function basePackage(name = 'hostile', version = '1.0.0'): RawTarEntry[] {
  return [
    { name: 'package/package.json', data: JSON.stringify({ name, version }) },
    { name: 'package/SKILL.md', data: SKILL_MD },
  ];
}

/**
 * A package's versions written into a static registry folder (served by startRegistry({ dir })):
 * a tarball per version and the packument, `latest` the last version given.
 */
export function publishVersions(dir: string, name: string, versions: Record<string, RawTarEntry[]>): void {
  mkdirSync(join(dir, name, '-'), { recursive: true });
  const out: Record<string, unknown> = {};
  for (const [version, entries] of Object.entries(versions)) {
    const tgz = makeTarball(entries);
    writeFileSync(join(dir, name, '-', `${name}-${version}.tgz`), tgz);
    const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
    out[version] = { name, version, dist: { tarball: `{{REGISTRY}}${name}/-/${name}-${version}.tgz`, integrity } };
  }
  const latest = Object.keys(versions).at(-1) as string;
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ name, 'dist-tags': { latest }, versions: out, time: {} }));
}

export interface FixtureRegistry {
  /** The loopback fixture registry (tests may close it and start another). */
  reg: Registry;
  /** A download cache of the test file's own. */
  cache: string;
}

/**
 * Serve the fixture registry on 127.0.0.1 for one test file, with its own download cache; closed
 * after the file (its temp folders go with test/setup.ts). Returns the handle and the CLI environment.
 */
export function useFixtureRegistry(): { fx: FixtureRegistry; env: () => NodeJS.ProcessEnv } {
  const fx = {} as FixtureRegistry;
  beforeAll(async () => {
    fx.reg = await startRegistry();
    fx.cache = tempDir('skillpin-cache-');
  });
  afterAll(async () => {
    await fx.reg?.close();
  });
  return { fx, env: () => ({ SKILL_CACHE: fx.cache }) };
}

/**
 * A loopback registry and a workspace with `specs` added through the CLI, made once for the test
 * file (its fields are set in beforeAll); `workspace()` is a fresh copy of it (modes and links kept)
 * for one test to break.
 */
export function useInstalledWorkspace(specs: string[]): { fx: { reg: Registry; cache: string; clean: string }; env: () => NodeJS.ProcessEnv; workspace: () => string } {
  const fx = {} as { reg: Registry; cache: string; clean: string };
  const env = () => ({ SKILL_CACHE: fx.cache });
  beforeAll(async () => {
    fx.reg = await startRegistry();
    fx.cache = tempDir('skillpin-cache-');
    fx.clean = makeWorkspace();
    for (const spec of specs) {
      const r = await runCli(['add', spec, '--yes', '--registry', fx.reg.url, '--cwd', fx.clean], { env: env() });
      if (r.code !== 0) throw new Error(`fixture add ${spec} failed: ${r.stderr}`);
    }
  });
  afterAll(async () => {
    await fx.reg?.close();
  });
  const workspace = () => {
    const ws = tempDir();
    cpSync(fx.clean, ws, { recursive: true, verbatimSymlinks: true });
    return ws;
  };
  return { fx, env, workspace };
}

/** Each failed check of a verify report, as (skill, check, code, file): null skill for a workspace check. */
export function verifyFailures(report: VerifyReport): Array<{ skill: string | null; check: string; code: string | null; file?: string }> {
  const out: Array<{ skill: string | null; check: string; code: string | null; file?: string }> = [];
  for (const s of report.skills) for (const c of s.checks) if (!c.ok) out.push({ skill: s.name, check: c.check, code: c.code, ...(c.file ? { file: c.file } : {}) });
  for (const c of report.checks) if (!c.ok) out.push({ skill: null, check: c.check, code: c.code, ...(c.file ? { file: c.file } : {}) });
  return out;
}

/** Tarballs that break DESIGN §3.7, each refused with ESANDBOX whose message matches `message`. */
export interface HostileTarball {
  name: string;
  entries: () => RawTarEntry[];
  archive?: () => Buffer;
  config?: Record<string, unknown>;
  message: RegExp;
}

export const HOSTILE_TARBALLS: HostileTarball[] = [
  { name: 'a ../ path (tar-slip)', entries: () => [...basePackage(), { name: 'package/../../escape.txt', data: 'x' }], message: /\.\./ },
  { name: 'an absolute path', entries: () => [...basePackage(), { name: '/tmp/skillpin-abs-escape.txt', data: 'x' }], message: /absolute/ },
  { name: 'a symlink pointing out of the sandbox', entries: () => [...basePackage(), { name: 'package/out', type: '2', linkname: '../../../../etc/passwd' }], message: /symbolic link/ },
  { name: 'a symlink pointing inside the package', entries: () => [...basePackage(), { name: 'package/in', type: '2', linkname: 'SKILL.md' }], message: /symbolic link/ },
  { name: 'a hard link', entries: () => [...basePackage(), { name: 'package/hard', type: '1', linkname: 'package/SKILL.md' }], message: /hard link/ },
  { name: 'a character device', entries: () => [...basePackage(), { name: 'package/dev', type: '3' }], message: /character device/ },
  { name: 'a FIFO', entries: () => [...basePackage(), { name: 'package/fifo', type: '6' }], message: /FIFO/ },
  { name: 'names that collide when case-folded', entries: () => [...basePackage(), { name: 'package/README.md', data: 'a' }, { name: 'package/readme.MD', data: 'b' }], message: /collide/ },
  { name: 'a backslash in a name', entries: () => [...basePackage(), { name: 'package/..\\..\\evil', data: 'x' }], message: /backslash/ },
  {
    name: 'too many files',
    entries: () => [...basePackage(), ...Array.from({ length: 10 }, (_, i) => ({ name: `package/f${i}.txt`, data: 'x' }))],
    config: { limits: { maxFiles: 8 } },
    message: /maxFiles/,
  },
  { name: 'a file over the size limit', entries: () => [...basePackage(), { name: 'package/big.bin', data: Buffer.alloc(5000) }], config: { limits: { maxFileBytes: 4096 } }, message: /maxFileBytes/ },
  {
    name: 'a gzip bomb',
    entries: () => [],
    archive: () => {
      // 64 MiB of zeros compresses to ~64 KiB: decompression stops at the configured total.
      const tar = makeTarball([...basePackage(), { name: 'package/zeros.bin', data: Buffer.alloc(64 * 1024 * 1024) }], { gzip: false });
      return gzipSync(tar, { level: 9 });
    },
    config: { limits: { maxTotalBytes: 1024 * 1024 } },
    message: /decompress|maxTotalBytes|bomb/,
  },
  { name: 'a file declared larger than its data (truncated)', entries: () => [...basePackage(), { name: 'package/short.txt', data: 'abc', size: 100000 }], message: /./ },
  {
    // A few KB of names could otherwise make a million nested folders.
    name: 'more folders holding files than limits.maxFiles',
    entries: () => [...basePackage(), ...[1, 2, 3].map((i) => ({ name: `package/a${i}/b/c/d/x.txt`, data: 'x' }))],
    config: { limits: { maxFiles: 10 } },
    message: /more than 10 folders/,
  },
  {
    name: 'more empty folders than limits.maxFiles',
    entries: () => [...basePackage(), ...Array.from({ length: 11 }, (_, i) => ({ name: `package/e${i}/`, type: '5' as const }))],
    config: { limits: { maxFiles: 10 } },
    message: /more than 10 folders/,
  },
  // node-tar skips entry types it does not know (GNU tar extracts some as files): refused, not dropped.
  { name: 'an entry of a type tar readers disagree on (GNU sparse)', entries: () => [...basePackage(), { name: 'package/sparse.sh', type: 'S', data: 'echo hi\n' }], message: /cannot be read as a file or folder/ },
  { name: 'an entry of an unknown type', entries: () => [...basePackage(), { name: 'package/hidden.sh', type: 'Z', data: 'echo hi\n' }], message: /cannot be read as a file or folder/ },
  { name: 'names that collide only under full case folding (ſ and s)', entries: () => [...basePackage(), { name: 'package/\u017fKILL.md', data: 'x' }], message: /collide/ },
  { name: 'a bidi control in a name', entries: () => [...basePackage(), { name: 'package/notes\u202etxt.sh', data: 'x' }], message: /control/ },
  { name: 'a C1 control in a name', entries: () => [...basePackage(), { name: 'package/a\u0085b', data: 'x' }], message: /control/ },
  // No file system holds it: it passed the review and failed only when written, as EFS ENAMETOOLONG.
  { name: 'a file name longer than a file system holds (a pax path)', entries: () => [...basePackage(), paxHeader({ path: `package/docs/${'a'.repeat(256)}.md` }), { name: 'package/docs/short.md', data: 'x' }], message: /docs\/a+\.md.*longer than 255 bytes/ },
];

/**
 * A review as skillpin wrote it before fitting it to a width (ui fitLines): each row that continues
 * a quoted line (`|…`) or a line of skillpin's own (`  … `) joined back onto the row before it.
 */
export function joinRows(text: string): string {
  return text.replace(/\n *\|…/g, '').replace(/\n * {2}… /g, '');
}
