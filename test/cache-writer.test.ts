// CacheWriter: whole-file writes into a cache folder that may have been restored from elsewhere
// (the verdict store's entries and the download cache's tarballs both go through it).

import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheWriter } from '../src/fsutil/cache-writer.js';
import { tempDir } from './helpers.js';

const MODES = { file: 0o644, folder: 0o755, redo: 'downloads again' };

/** Every name under `dir`, recursively (links listed, not followed). */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      out.push(p);
      if (e.isDirectory()) walk(join(d, e.name), p);
    }
  };
  walk(dir, '');
  return out.sort();
}

describe('CacheWriter', () => {
  it('writes strings and bytes whole, creating folders, and leaves no temporary file', () => {
    const root = tempDir('skillpin-cw-');
    const w = new CacheWriter(root, MODES);
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    expect(w.write(join(root, 'a', 'b', 'one.json'), '{"x":"é"}')).toBe(true);
    expect(w.write(join(root, 'a', 'b', 'two.bin'), bytes)).toBe(true);
    expect(w.write(join(root, 'a', 'b', 'two.bin'), bytes.subarray(0, 10))).toBe(true);
    expect(readFileSync(join(root, 'a', 'b', 'one.json'), 'utf8')).toBe('{"x":"é"}');
    expect(readFileSync(join(root, 'a', 'b', 'two.bin')).equals(bytes.subarray(0, 10))).toBe(true);
    expect(tree(root)).toEqual(['a', 'a/b', 'a/b/one.json', 'a/b/two.bin']);
  });

  it('replaces a link or a FIFO at the name instead of writing through it', () => {
    const root = tempDir('skillpin-cw-');
    const outside = tempDir('skillpin-cw-outside-');
    writeFileSync(join(outside, 'victim'), 'untouched');
    mkdirSync(join(root, 'd'));
    symlinkSync(join(outside, 'victim'), join(root, 'd', 'linked'));
    expect(spawnSync('mkfifo', [join(root, 'd', 'fifo')]).status).toBe(0);
    const w = new CacheWriter(root, MODES);
    expect(w.write(join(root, 'd', 'linked'), 'new')).toBe(true);
    expect(w.write(join(root, 'd', 'fifo'), 'new')).toBe(true);
    expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('untouched');
    for (const f of ['linked', 'fifo']) {
      expect(lstatSync(join(root, 'd', f)).isFile()).toBe(true);
      expect(readFileSync(join(root, 'd', f), 'utf8')).toBe('new');
    }
  });

  it('writes nothing through a link in place of a folder, at any depth up to the root, nor outside the root', () => {
    const root = tempDir('skillpin-cw-');
    const outside = tempDir('skillpin-cw-outside-');
    mkdirSync(join(root, 'content'));
    symlinkSync(outside, join(root, 'content', 'ab'));
    const w = new CacheWriter(root, MODES);
    expect(w.write(join(root, 'content', 'ab', 'cd', 'entry'), 'x')).toBe(false);
    expect(w.write(join(root, 'content', 'ab', 'entry'), 'x')).toBe(false);
    expect(w.write(join(outside, 'entry'), 'x')).toBe(false);
    expect(w.write(join(root, '..', 'escaped'), 'x')).toBe(false);
    // A root that is itself a link is not written through either.
    const linkedRoot = join(tempDir('skillpin-cw-'), 'cache');
    symlinkSync(outside, linkedRoot);
    expect(new CacheWriter(linkedRoot, MODES).write(join(linkedRoot, 'entry'), 'x')).toBe(false);
    expect(readdirSync(outside)).toEqual([]);
    // A real folder beside the link is fine.
    expect(w.write(join(root, 'content', 'ef', 'entry'), 'x')).toBe(true);
  });

  it('creates and checks a folder again when it was removed or replaced by a link after the first write', () => {
    const root = tempDir('skillpin-cw-');
    const outside = tempDir('skillpin-cw-outside-');
    const w = new CacheWriter(root, MODES);
    expect(w.write(join(root, 'x', 'y', 'one'), '1')).toBe(true);
    rmSync(join(root, 'x'), { recursive: true });
    expect(w.write(join(root, 'x', 'y', 'two'), '2')).toBe(true);
    expect(tree(root)).toEqual(['x', 'x/y', 'x/y/two']);
    // Replaced by a link: the write into the remembered folder fails (it goes through the link
    // only if the link's target has the folder; here it does not), and the re-check refuses it.
    rmSync(join(root, 'x'), { recursive: true });
    symlinkSync(outside, join(root, 'x'));
    expect(w.write(join(root, 'x', 'y', 'three'), '3')).toBe(false);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('answers false and leaves no temporary file when the rename cannot happen', () => {
    const root = tempDir('skillpin-cw-');
    mkdirSync(join(root, 'd', 'taken', 'inner'), { recursive: true });
    const w = new CacheWriter(root, MODES);
    expect(w.write(join(root, 'd', 'taken'), 'x')).toBe(false);
    expect(tree(root)).toEqual(['d', 'd/taken', 'd/taken/inner']);
    expect(statSync(join(root, 'd', 'taken')).isDirectory()).toBe(true);
  });
});
