// Issue 8's speed changes keep their behaviour: the launcher's --version, read-only commands that
// load no heavy parser at start-up, folderMatches with synchronous hashing, and the progress
// counter only on a terminal.

import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderMatches } from '../src/sandbox/index.js';
import { FIXTURE_BUILD, ROOT, makeWorkspace, runCli, startRegistry, tempDir, useFixtureRegistry } from './helpers.js';

const { fx } = useFixtureRegistry();

describe('start-up', () => {
  it('answers --version and -V from package.json without loading the CLI', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  /** Packages a compiled module reaches through static imports and re-exports (dynamic import() excluded). */
  function staticPackages(entry: string): Map<string, string> {
    return staticGraph(entry).packages;
  }

  /** The files and packages a compiled module reaches through static imports and re-exports. */
  function staticGraph(entry: string): { files: Set<string>; packages: Map<string, string> } {
    const seen = new Set([entry]);
    const queue = [entry];
    const packages = new Map<string, string>();
    while (queue.length > 0) {
      const file = queue.shift() as string;
      for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
        const spec = m[1] as string;
        if (spec.startsWith('.')) {
          const next = resolve(dirname(file), spec);
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        } else if (!spec.startsWith('node:') && !packages.has(spec)) packages.set(spec, file);
      }
    }
    return { files: seen, packages };
  }

  // Each of these costs 15-50 ms to load (semver's whole index; its single functions are light); a
  // read-only command pays for none until it needs it, and install (whose warm run takes its
  // manifests from the verdict cache and reads no zip) neither.
  const HEAVY = ['semver', 'tar', 'yaml', 'json5', 'yauzl', 'make-fetch-happen', '@npmcli/agent', '@sigstore/verify', '@inquirer/confirm'];
  it('skill install and verify load the scanner (its rules and engine) only when a scan runs on the main thread', () => {
    // A module each command does reach statically, so an empty walk cannot pass.
    const reached = { install: join('scan', 'cached.js'), verify: join('verify', 'files.js') };
    for (const [command, module] of Object.entries(reached)) {
      const { files } = staticGraph(join(ROOT, 'dist', 'commands', `${command}.js`));
      expect(files.has(join(ROOT, 'dist', module)), `${command} reaches ${module}`).toBe(true);
      expect([...files].filter((f) => /[\\/]scan[\\/](?:engine|rules|index)\.js$/.test(f)), command).toEqual([]);
    }
  });

  for (const command of ['verify', 'list', 'install']) {
    it(`skill ${command} loads no semver index, tar, YAML, JSON5, zip reader, registry client or Sigstore verifier at start-up`, () => {
      const reached = staticPackages(join(ROOT, 'dist', 'commands', `${command}.js`));
      expect(reached.size).toBeGreaterThan(0);
      expect(HEAVY.filter((p) => reached.has(p)).map((p) => `${p} via ${reached.get(p)}`)).toEqual([]);
    });
  }
});

describe('install --frozen with synchronous folder hashing and progress', () => {
  it('installs, reports unchanged on a re-run, and reinstalls a tampered file or a file swapped for a link', async () => {
    const ws = makeWorkspace();
    const env = { SKILL_CACHE: fx.cache };
    const add = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env });
    expect(add.code, add.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8'));
    const files = lock.skills.weather.files as Record<string, string>;
    const dir = join(ws, 'skills', 'weather');
    expect(await folderMatches(dir, files)).toBe(true);

    const again = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.unchanged.map((s: { name: string }) => s.name)).toEqual(['weather']);
    // stderr is not a terminal here: no counter.
    expect(again.stderr).not.toContain('install: 1/1');

    writeFileSync(join(dir, 'SKILL.md'), `${readFileSync(join(dir, 'SKILL.md'), 'utf8')}\n<!-- changed -->\n`);
    expect(await folderMatches(dir, files)).toBe(false);
    const fixed = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.json.installed.map((s: { name: string }) => s.name)).toEqual(['weather']);
    expect(await folderMatches(dir, files)).toBe(true);

    // A link in place of a locked file never matches, even when it points at identical bytes.
    const copy = join(tempDir(), 'CHANGELOG.md');
    writeFileSync(copy, readFileSync(join(dir, 'CHANGELOG.md')));
    rmSync(join(dir, 'CHANGELOG.md'));
    symlinkSync(copy, join(dir, 'CHANGELOG.md'));
    expect(await folderMatches(dir, files)).toBe(false);
  });
});

/** Every content file of a download cache (cacache's content-v2 tree). */
function cachedContent(cache: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  if (existsSync(join(cache, 'content-v2'))) walk(join(cache, 'content-v2'));
  return out;
}

describe('a locked install reads the download cache by integrity', () => {
  // With the verdict cache on, the tree cache (test/tree-cache.test.ts) answers a locked install
  // before any tarball is read; these are about reading the tarball, so it is off here.
  it('uses an intact cached tarball offline, and re-downloads one whose cached bytes were damaged', async () => {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const env = { SKILL_CACHE: cache, SKILLPIN_VERDICT_CACHE: 'off' };
    expect((await runCli(['add', 'notes@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env })).code).toBe(0);
    const lock = readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8');
    // Point the lock at a registry that is not there: only the cache can serve the tarball now.
    const offline = lock.split(fx.reg.url).join('http://127.0.0.1:9/');
    writeFileSync(join(ws, '.clawhub', 'lock.json'), offline);
    rmSync(join(ws, 'skills'), { recursive: true });
    const fromCache = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env });
    expect(fromCache.code, fromCache.stderr).toBe(0);
    expect(fromCache.json.installed.map((s: { name: string }) => s.name)).toEqual(['notes']);

    // Damage every cached content file: the check against the pin refuses them, and with no
    // registry the install fails (EREGISTRY) instead of installing other bytes.
    const contents = cachedContent(cache);
    expect(contents.length).toBeGreaterThan(0);
    for (const f of contents) writeFileSync(f, Buffer.concat([readFileSync(f), Buffer.from('x')]));
    rmSync(join(ws, 'skills'), { recursive: true });
    const broken = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env });
    expect(broken.code).not.toBe(0);
    expect(['EREGISTRY', 'EINTEGRITY']).toContain(broken.json.error.code);
    expect(() => statSync(join(ws, 'skills', 'notes'))).toThrow();

    // With the registry back, the damaged entry is downloaded again and installs.
    writeFileSync(join(ws, '.clawhub', 'lock.json'), lock);
    const refetched = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env });
    expect(refetched.code, refetched.stderr).toBe(0);
    expect(await folderMatches(join(ws, 'skills', 'notes'), JSON.parse(lock).skills.notes.files)).toBe(true);
  });

  it('removes a cache entry that is a link or a FIFO instead of reading it (a restored cache may hold either)', async () => {
    const { spawnSync } = await import('node:child_process');
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const env = { SKILL_CACHE: cache, SKILLPIN_VERDICT_CACHE: 'off' };
    expect((await runCli(['add', 'notes@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env })).code).toBe(0);
    const lockPath = join(ws, '.clawhub', 'lock.json');
    writeFileSync(lockPath, readFileSync(lockPath, 'utf8').split(fx.reg.url).join('http://127.0.0.1:9/'));
    const tarballs = cachedContent(cache);
    const offline = async () => {
      rmSync(join(ws, 'skills'), { recursive: true, force: true });
      return runCli(['install', '--frozen', '--json', '--cwd', ws], { env, timeoutMs: 20_000 });
    };
    expect((await offline()).code).toBe(0);
    // A link in its place (here to the right bytes; it could lead to /dev/zero) is not read
    // through but removed, so offline there is nothing to install.
    for (const f of tarballs) {
      const copy = join(tempDir(), 'copy.tgz');
      writeFileSync(copy, readFileSync(f));
      rmSync(f);
      symlinkSync(copy, f);
    }
    const linked = await offline();
    expect(linked.json.error.code).toBe('EREGISTRY');
    for (const f of tarballs) expect(() => lstatSync(f)).toThrow();
    // A FIFO: removed at once, not waited on (a reader would wait for a writer forever).
    for (const f of tarballs) expect(spawnSync('mkfifo', [f]).status).toBe(0);
    const fifo = await offline();
    expect(fifo.json.error.code).toBe('EREGISTRY');
    for (const f of tarballs) expect(() => lstatSync(f)).toThrow();
    expect(() => statSync(join(ws, 'skills', 'notes'))).toThrow();
    // add downloads, and its cache write replaces the FIFO with the checked bytes.
    for (const f of tarballs) expect(spawnSync('mkfifo', [f]).status).toBe(0);
    const added = await runCli(['add', 'notes@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', makeWorkspace()], { env, timeoutMs: 20_000 });
    expect(added.code, added.stderr).toBe(0);
    for (const f of tarballs) expect(lstatSync(f).isFile()).toBe(true);
    // A folder there cannot be unlinked: a configuration error that names it, nothing installed.
    for (const f of tarballs) {
      rmSync(f);
      mkdirSync(join(f, 'inner'), { recursive: true });
    }
    const folder = await offline();
    expect(folder.code).toBe(2);
    expect(folder.json.error).toMatchObject({ code: 'ECONFIG', message: expect.stringContaining(tarballs[0] as string) });
    expect(() => statSync(join(ws, 'skills', 'notes'))).toThrow();
  });
});

describe('the download cache is written with checked bytes only, through real folders', () => {
  /** The cache's content file for an integrity (cacache's layout: content-v2/sha512/xx/yy/rest). */
  const contentFile = (cache: string, integrity: string): string => {
    const hex = Buffer.from(integrity.slice('sha512-'.length), 'base64').toString('hex');
    return join(cache, 'content-v2', 'sha512', hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
  };

  it('install --frozen fills an empty cache, and an offline install reads what it wrote', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'notes@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: { SKILL_CACHE: tempDir() } })).code).toBe(0);
    const lockPath = join(ws, '.clawhub', 'lock.json');
    const lock = readFileSync(lockPath, 'utf8');
    const integrity = (JSON.parse(lock) as { skills: { notes: { integrity: string } } }).skills.notes.integrity;
    const cache = tempDir('skillpin-cache-');
    rmSync(join(ws, 'skills'), { recursive: true });
    const online = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: { SKILL_CACHE: cache } });
    expect(online.code, online.stderr).toBe(0);
    expect(cachedContent(cache)).toEqual([contentFile(cache, integrity)]);
    expect(readFileSync(contentFile(cache, integrity)).equals(readFileSync(join(FIXTURE_BUILD, 'notes', '-', 'notes-1.1.0.tgz')))).toBe(true);
    // No temporary file is left beside it.
    expect(readdirSync(dirname(contentFile(cache, integrity)))).toHaveLength(1);
    writeFileSync(lockPath, lock.split(fx.reg.url).join('http://127.0.0.1:9/'));
    rmSync(join(ws, 'skills'), { recursive: true });
    const offline = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: { SKILL_CACHE: cache } });
    expect(offline.code, offline.stderr).toBe(0);
  });

  it('keeps no bytes that failed the pin', async () => {
    const other = readFileSync(join(FIXTURE_BUILD, 'notes', '-', 'notes-1.1.0.tgz'));
    const bad = await startRegistry({ replaceTarball: { 'notes/-/notes-1.0.0.tgz': other } });
    try {
      const cache = tempDir('skillpin-cache-');
      const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', bad.url, '--cwd', makeWorkspace(), '--json'], { env: { SKILL_CACHE: cache } });
      expect(r.json.error.code).toBe('EINTEGRITY');
      expect(cachedContent(cache)).toEqual([]);
    } finally {
      await bad.close();
    }
  });

  it('writes nothing through a link planted in place of a cache folder, and still installs', async () => {
    const cache = tempDir('skillpin-cache-');
    const outside = tempDir('skillpin-outside-');
    mkdirSync(join(cache, 'content-v2'));
    symlinkSync(outside, join(cache, 'content-v2', 'sha512'));
    const ws = makeWorkspace();
    const r = await runCli(['add', 'notes@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: { SKILL_CACHE: cache } });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(outside)).toEqual([]);
    expect(lstatSync(join(cache, 'content-v2', 'sha512')).isSymbolicLink()).toBe(true);
  });
});
