// checkInstalledTree (verify checks 2 and 3) at the sizes where its reading changes path: empty,
// one read, exactly one read buffer, one byte over (two reads), and above the synchronous-read
// limit (asynchronous chunks). Each size must pass with its own bytes and fail on one changed byte.
// Then the same check on a worker thread (the CheckPool of dist/, as the CLI runs it), several
// folders at once: each answer must be this thread's.

import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { READ_CHUNK, SYNC_READ_MAX, checkInstalledTree } from '../src/verify/files.js';
import { tempDir } from './helpers.js';

type PoolModule = typeof import('../src/parallel/index.js');
const { CheckPool } = (await import(join(import.meta.dirname, '..', 'dist', 'parallel', 'index.js'))) as PoolModule;
const pool = new CheckPool(1);
afterAll(async () => {
  await pool.close();
});

const SIZES = [0, 1, 3000, READ_CHUNK - 1, READ_CHUNK, READ_CHUNK + 1, 2 * READ_CHUNK, SYNC_READ_MAX + 12345];
const sri = (b: Buffer) => `sha512-${createHash('sha512').update(b).digest('base64')}`;
/**
 * Bytes that differ from one position to the next and from one file size to another, so a chunk
 * read at the wrong offset or from another file changes the hash.
 */
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8) + n * 7) & 0xff));

function tree(sizes: number[]): { dir: string; files: Record<string, string> } {
  const dir = join(tempDir(), 'skill');
  mkdirSync(join(dir, 'data'), { recursive: true, mode: 0o755 });
  const files: Record<string, string> = {};
  for (const n of sizes) {
    const data = bytes(n);
    writeFileSync(join(dir, 'data', `f${n}`), data, { mode: 0o644 });
    files[`data/f${n}`] = sri(data);
  }
  return { dir, files };
}

describe('checkInstalledTree reads every file size whole', () => {
  it('passes each size with its own bytes, counting every byte once', async () => {
    const { dir, files } = tree(SIZES);
    const out = await checkInstalledTree(dir, 'skills/skill', files, Buffer.allocUnsafe(READ_CHUNK));
    expect(out.checks.filter((c) => !c.ok)).toEqual([]);
    expect(out.files).toBe(SIZES.length);
    expect(out.bytes).toBe(SIZES.reduce((a, b) => a + b, 0));
  });

  it.each(SIZES.filter((n) => n > 0))('finds one changed byte in a file of %i bytes (first, middle or last)', async (n) => {
    for (const at of [0, n >> 1, n - 1]) {
      const { dir, files } = tree([n]);
      const data = bytes(n);
      data[at] = (data[at] as number) ^ 1;
      writeFileSync(join(dir, 'data', `f${n}`), data);
      const out = await checkInstalledTree(dir, 'skills/skill', files, Buffer.allocUnsafe(READ_CHUNK));
      const failed = out.checks.filter((c) => !c.ok);
      expect(failed.map((c) => [c.code, c.file, c.facts?.found])).toEqual([['ETAMPERED', `skills/skill/data/f${n}`, sri(data)]]);
    }
  });
});

describe('checkInstalledTree on a worker thread', () => {
  it('answers as this thread does for folders checked at once, whole or tampered', async () => {
    // Two files above the synchronous-read limit per folder: their chunks are read asynchronously,
    // so the worker's tasks interleave, and a read buffer shared between them would mix their bytes.
    const folders = Array.from({ length: 6 }, (_, i) => {
      const t = tree([0, 3000 + i, READ_CHUNK + i, SYNC_READ_MAX + 1000 + i, SYNC_READ_MAX + 2000 + i]);
      if (i === 1) writeFileSync(join(t.dir, 'data', `f${3000 + i}`), 'changed');
      if (i === 2) rmSync(join(t.dir, 'data', `f${READ_CHUNK + i}`));
      if (i === 3) symlinkSync('/etc/passwd', join(t.dir, 'data', 'passwd'));
      return t;
    });
    const here = await Promise.all(folders.map((t) => checkInstalledTree(t.dir, 'skills/skill', t.files, Buffer.allocUnsafe(READ_CHUNK))));
    const there = await Promise.all(folders.map((t) => pool.tree(t.dir, 'skills/skill', t.files)));
    expect(there).toEqual(here);
    expect(here.map((h) => h.checks.filter((c) => !c.ok).length)).toEqual([0, 1, 1, 1, 0, 0]);
  });
});
