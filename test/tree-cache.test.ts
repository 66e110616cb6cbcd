// The tree cache (src/source/tree-cache.ts, src/sandbox/pack.ts): a warm install reads a pinned
// tarball's entries from a pack it wrote earlier, but only a pack whose sha512 an authentic verdict
// vouches for, read from the tarball the lock pins, whose entries pass the sandbox rules again. A
// pack that fails any of this costs the tarball read, never a wrong file in the sandbox.

import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SkillpinError } from '../src/errors.js';
import { fileIntegrity } from '../src/integrity/index.js';
import { decodePack, encodePack, packDigest } from '../src/sandbox/pack.js';
import { unpackArchive } from '../src/sandbox/unpack.js';
import { DEFAULT_LIMITS, type ArchiveEntry } from '../src/source/types.js';
import { treeCacheWriter } from '../src/commands/install.js';
import { basePackage, makeTarball, makeWorkspace, runCli, snapshotTree, tempDir, useFixtureRegistry } from './helpers.js';

type PoolModule = typeof import('../src/parallel/index.js');
const { CheckPool } = (await import(join(import.meta.dirname, '..', 'dist', 'parallel', 'index.js'))) as PoolModule;

const SECRET = 's'.repeat(40);
const sri = (b: Buffer) => `sha512-${createHash('sha512').update(b).digest('base64')}`;
const plain = (entries: Array<{ path: string; type: string; mode: number; data?: Buffer }>) => entries.map((e) => ({ ...e, data: e.data?.toString('base64') }));

function sample() {
  const tgz = makeTarball([
    ...basePackage('packed'),
    { name: 'package/scripts/run.sh', data: '#!/bin/sh\necho hi\n', mode: 0o755 },
    { name: 'package/docs/empty.md', data: '' },
    { name: 'package/docs/big.md', data: Buffer.alloc(50_000, 'x') },
  ]);
  const unpacked = unpackArchive(tgz, sri(tgz), DEFAULT_LIMITS, 'packed');
  const pack = encodePack(unpacked.integrity, unpacked.entries, fileIntegrity);
  return { tgz, unpacked, pack };
}

function code(run: () => unknown): { code: string; message: string } | 'ok' {
  try {
    run();
    return 'ok';
  } catch (err) {
    const e = err as SkillpinError;
    return { code: e.code, message: e.message };
  }
}

/** A pack whose header is rewritten by `edit`, re-encoded with its true sha512 (as only the key holder could vouch for). */
function withHeader(pack: Buffer, edit: (h: { integrity: string; entries: unknown[][] }) => void): Buffer {
  const size = pack.readUInt32LE(4);
  const header = JSON.parse(pack.toString('utf8', 8, 8 + size));
  edit(header);
  const text = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.from(pack.subarray(0, 8));
  prefix.writeUInt32LE(text.length, 4);
  return Buffer.concat([prefix, text, pack.subarray(8 + size)]);
}

describe('a pack', () => {
  it('gives back the entries it was written from, with their sha512s remembered', () => {
    const { tgz, unpacked, pack } = sample();
    const back = decodePack(Buffer.from(pack), packDigest(pack), sri(tgz), DEFAULT_LIMITS, 'packed');
    expect(back.integrity).toBe(unpacked.integrity);
    expect(plain(back.entries)).toEqual(plain(unpacked.entries));
    for (const e of back.entries) if (e.data) expect(fileIntegrity(e.data)).toBe(sri(e.data));
  });

  it('is refused when one byte differs from what its verdict recorded, wherever the byte is', () => {
    const { tgz, pack } = sample();
    const want = packDigest(pack);
    for (const at of [0, 5, 40, pack.length - 30_000, pack.length - 1]) {
      const bad = Buffer.from(pack);
      bad[at] = (bad[at] as number) ^ 1;
      expect(code(() => decodePack(bad, want, sri(tgz), DEFAULT_LIMITS, 'packed')), `byte ${at}`).toMatchObject({ code: 'EINTEGRITY', message: /does not match the sha256/ });
    }
  });

  it('is refused for another tarball than the lock pins, even with a true sha512', () => {
    const { pack } = sample();
    const other = sri(makeTarball(basePackage('other')));
    expect(code(() => decodePack(pack, packDigest(pack), other, DEFAULT_LIMITS, 'packed'))).toMatchObject({ code: 'EINTEGRITY', message: /another tarball/ });
  });

  it('passes the sandbox rules again: a hostile name, a lowered limit or a bad offset is refused, even with a true sha512', () => {
    const { tgz, pack } = sample();
    const cases: Array<[string, Buffer, typeof DEFAULT_LIMITS, RegExp, string]> = [
      ['a ../ name', withHeader(pack, (h) => ((h.entries.find((e) => e[1] === 'f') as unknown[])[0] = '../escape.txt')), DEFAULT_LIMITS, /\.\./, 'ESANDBOX'],
      ['a file over the per-file limit set since', pack, { ...DEFAULT_LIMITS, maxFileBytes: 40_000 }, /maxFileBytes/, 'ESANDBOX'],
      ['an offset past its bytes', withHeader(pack, (h) => ((h.entries.find((e) => e[1] === 'f') as unknown[])[3] = 10_000_000)), DEFAULT_LIMITS, /outside its bytes/, 'EINTEGRITY'],
      ['a malformed entry', withHeader(pack, (h) => ((h.entries[0] as unknown[])[2] = 'rwx')), DEFAULT_LIMITS, /malformed/, 'EINTEGRITY'],
    ];
    for (const [what, p, limits, message, c] of cases) {
      expect(code(() => decodePack(p, packDigest(p), sri(tgz), limits, 'packed')), what).toMatchObject({ code: c, message });
    }
  });

  it('is read on a worker thread exactly as here', async () => {
    const { tgz, unpacked, pack } = sample();
    const pool = new CheckPool(1);
    try {
      const there = await pool.unpack(pack, sri(tgz), DEFAULT_LIMITS, 'packed', null, packDigest(pack));
      expect(plain(there.entries)).toEqual(plain(unpacked.entries));
      for (const e of there.entries) if (e.data) expect(fileIntegrity(e.data)).toBe(sri(e.data));
      const bad = Buffer.from(pack);
      bad[100] = (bad[100] as number) ^ 1;
      await expect(pool.unpack(bad, sri(tgz), DEFAULT_LIMITS, 'packed', null, packDigest(pack))).rejects.toMatchObject({ code: 'EINTEGRITY' });
    } finally {
      await pool.close();
    }
  });
});

/** Every pack file under a download cache. */
function packs(cache: string): string[] {
  const root = join(cache, 'trees-v1');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => !d.isDirectory())
    .map((d) => join(d.parentPath, d.name));
}

describe('the tree cache through install --frozen', () => {
  const { fx } = useFixtureRegistry();

  async function setup() {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const env = { SKILL_CACHE: cache, SKILLPIN_CACHE_KEY: SECRET };
    expect((await runCli(['add', 'weather@1.5.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env })).code).toBe(0);
    const tree = snapshotTree(join(ws, 'skills'));
    const install = async (e: NodeJS.ProcessEnv = env) => {
      rmSync(join(ws, 'skills'), { recursive: true, force: true });
      const r = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: e });
      expect(r.code, r.stderr).toBe(0);
      expect(snapshotTree(join(ws, 'skills'))).toEqual(tree);
      return r.json.verdictCache;
    };
    return { ws, cache, env, install };
  }

  it('writes a pack on the first locked install and reads it on the next, installing the same files', async () => {
    const { ws, cache, env, install } = await setup();
    expect(packs(cache)).toHaveLength(0);
    // Scan, provenance, manifest and tree verdicts: stored by the first run, all answered on the
    // second; and the verdict that the folder was checked against its archive (pipeline/checked.ts).
    expect(await install()).toMatchObject({ hits: 0, stored: 5 });
    expect(packs(cache)).toHaveLength(1);
    expect(await install()).toMatchObject({ hits: 4, misses: 0, stored: 0, rejected: 0 });
    // The same with a worker thread (which writes the files).
    expect(await install({ ...env, SKILLPIN_WORKERS: '1' })).toMatchObject({ hits: 4, stored: 0 });
    // The pack alone is enough: no cached tarball, no registry.
    rmSync(join(cache, 'content-v2'), { recursive: true });
    const lockPath = join(ws, '.clawhub', 'lock.json');
    writeFileSync(lockPath, readFileSync(lockPath, 'utf8').split(fx.reg.url).join('http://127.0.0.1:9/'));
    expect(await install()).toMatchObject({ hits: 4, stored: 0 });
  });

  it('reads the tarball instead of a pack that was changed, replaced by another valid pack, or by a link', async () => {
    const { cache, env, install } = await setup();
    await install();
    const [file] = packs(cache) as [string];
    const good = readFileSync(file);

    // One byte of a file's content changed (the header still parses): not installed; the tarball
    // is read and the pack written again.
    const bad = Buffer.from(good);
    bad[bad.length - 2] = (bad[bad.length - 2] as number) ^ 1;
    writeFileSync(file, bad);
    // The tree verdict is authentic (a hit); the pack it vouches for is written again, under the
    // same verdict (nothing new stored).
    expect(await install()).toMatchObject({ hits: 4, stored: 0 });
    expect(readFileSync(file)).toEqual(good);

    // Another skill's authentic pack put in its place: its sha512 is not the one vouched for.
    const other = makeWorkspace();
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', other], { env })).code).toBe(0);
    rmSync(join(other, 'skills'), { recursive: true });
    expect((await runCli(['install', '--frozen', '--json', '--cwd', other], { env })).code).toBe(0);
    const otherPack = packs(cache).find((f) => f !== file) as string;
    writeFileSync(file, readFileSync(otherPack));
    await install();
    expect(readFileSync(file)).toEqual(good);

    // A link planted in its place is not read through, and is replaced.
    rmSync(file);
    symlinkSync(otherPack, file);
    await install();
    expect(lstatSync(file).isFile()).toBe(true);
    expect(readFileSync(file)).toEqual(good);
  });

  it("still holds the lock's file hashes to the entries, whether they come from a pack or the tarball", async () => {
    const { ws, env, install } = await setup();
    await install();
    const lockPath = join(ws, '.clawhub', 'lock.json');
    const lock = readFileSync(lockPath, 'utf8');
    const edits: Array<[string, (files: Record<string, string>) => void]> = [
      ['SKILL.md', (f) => (f['SKILL.md'] = `sha512-${'A'.repeat(86)}==`)],
      ['extra.md', (f) => (f['extra.md'] = `sha512-${'B'.repeat(86)}==`)],
      ['package.json', (f) => delete f['package.json']],
    ];
    for (const cacheOn of [true, false]) {
      for (const [file, edit] of edits) {
        const doc = JSON.parse(lock);
        edit(doc.skills.weather.files);
        writeFileSync(lockPath, JSON.stringify(doc, null, 2));
        rmSync(join(ws, 'skills'), { recursive: true, force: true });
        const r = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: cacheOn ? env : { ...env, SKILLPIN_VERDICT_CACHE: 'off' } });
        expect(r.code, `${file}, verdict cache ${cacheOn}`).not.toBe(0);
        expect(r.json.error, file).toMatchObject({ code: 'ETAMPERED', files: [file] });
        expect(existsSync(join(ws, 'skills', 'weather')), file).toBe(false);
      }
    }
    writeFileSync(lockPath, lock);
  });

  it('is not used or written without the verdict cache, nor under another secret', async () => {
    const { cache, env, install } = await setup();
    await install({ ...env, SKILLPIN_VERDICT_CACHE: 'off' });
    expect(packs(cache)).toHaveLength(0);
    await install();
    const [file] = packs(cache) as [string];
    const before = readFileSync(file);
    // Under another secret the tree verdict is not believed: the tarball is read (and the pack rewritten).
    expect(await install({ ...env, SKILLPIN_CACHE_KEY: 'o'.repeat(40) })).toMatchObject({ hits: 0, stored: 5 });
    expect(readFileSync(file)).toEqual(before);
  });
});

describe('who writes a staging folder from the tree cache (install)', () => {
  it('a worker that has loaded its writer, handed the pack to move; else this thread', async () => {
    const calls: Array<[string, number, Buffer | null]> = [];
    const pool = (ready: boolean) => ({
      isReady: (what: string) => ready && what === 'stage',
      stage: async (dir: string, entries: ArchiveEntry[], giveUp: Buffer | null = null) => {
        calls.push([dir, entries.length, giveUp]);
      },
    });
    const pack = Buffer.from('a pack');
    expect(treeCacheWriter(null, true, pack)).toEqual({});
    expect(treeCacheWriter(pool(false), true, pack)).toEqual({});
    expect(treeCacheWriter(pool(true), false, null)).toEqual({});
    const { write } = treeCacheWriter(pool(true), true, pack);
    await write?.('/staging/x', [{ path: 'SKILL.md', type: 'file', mode: 0o644, data: pack.subarray(0, 1) }]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe('/staging/x');
    expect(calls[0]?.[1]).toBe(1);
    expect(calls[0]?.[2]).toBe(pack);
  });
});
