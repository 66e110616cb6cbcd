// `skill cache`: info, prune (keep what the lock pins) and clean (named parts only, links removed
// as links), through the real CLI against the loopback fixture registry.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha512Digests } from '../src/integrity/index.js';
import { makeWorkspace, runCli, snapshotTree, tempDir, useFixtureRegistry } from './helpers.js';

const { fx } = useFixtureRegistry();

/** A workspace with weather and notes pinned and installed, with tarballs and trees in `cache`. */
async function populated(): Promise<{ ws: string; cache: string; env: NodeJS.ProcessEnv }> {
  const ws = makeWorkspace();
  const cache = tempDir('skillpin-cache-');
  const env = { SKILL_CACHE: cache };
  for (const spec of ['weather@1.4.0', 'notes@1.0.0']) {
    const r = await runCli(['add', spec, '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
  }
  // Trees are written by a locked install that installs (not by add, nor by a run with nothing to do).
  rmSync(join(ws, 'skills'), { recursive: true, force: true });
  const r = await runCli(['install', '--frozen', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env });
  expect(r.code, r.stderr).toBe(0);
  return { ws, cache, env };
}

const integrityOf = (ws: string, name: string): string => JSON.parse(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).skills[name].integrity;
const treePath = (cache: string, hex: string): string => join(cache, 'trees-v1', hex.slice(0, 2), hex.slice(2));
const tarballPath = (cache: string, hex: string): string => join(cache, 'content-v2', 'sha512', hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));

describe('skill cache', () => {
  it('info names the folder and counts each part', async () => {
    const { ws, env, cache } = await populated();
    const r = await runCli(['cache', '--cwd', ws, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.cache).toBe(cache);
    const parts = Object.fromEntries(r.json.parts.map((p: { name: string; files: number; bytes: number }) => [p.name, p]));
    expect(parts.tarballs.files).toBe(2);
    expect(parts.trees.files).toBe(2);
    expect(parts.verdicts.files).toBeGreaterThan(0);
    expect(parts.tarballs.bytes).toBeGreaterThan(0);
    const human = await runCli(['cache', 'info', '--cwd', ws], { env });
    expect(human.stdout).toContain(`cache ${cache}`);
    expect(human.stdout).toMatch(/tarballs\s+2 files/);
  });

  it('prune keeps exactly what the lock pins (dry run first), and the kept entries still install with no registry', async () => {
    const { ws, env, cache } = await populated();
    const notes = sha512Digests(integrityOf(ws, 'notes'))[0] as string;
    const weather = sha512Digests(integrityOf(ws, 'weather'))[0] as string;
    // A stale temporary name the pruner must not mistake for an entry.
    writeFileSync(join(tarballPath(cache, weather), '..', 'leftover.tmp'), 'x');
    expect((await runCli(['remove', 'notes', '--cwd', ws, '--json'], { env })).code).toBe(0);

    const before = snapshotTree(cache);
    const dry = await runCli(['cache', 'prune', '--dry-run', '--cwd', ws, '--json'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json).toMatchObject({ dryRun: true, kept: { tarballs: 1, trees: 1 }, removed: { tarballs: 2, trees: 1 } });
    expect(snapshotTree(cache)).toEqual(before);

    const r = await runCli(['cache', 'prune', '--cwd', ws, '--json'], { env });
    expect(r.json).toMatchObject({ dryRun: false, kept: { tarballs: 1, trees: 1 }, removed: { tarballs: 2, trees: 1 } });
    expect(existsSync(tarballPath(cache, notes))).toBe(false);
    expect(existsSync(treePath(cache, notes))).toBe(false);
    expect(existsSync(tarballPath(cache, weather))).toBe(true);
    expect(existsSync(treePath(cache, weather))).toBe(true);
    expect(readdirSync(join(cache, 'content-v2', 'sha512'))).toEqual([weather.slice(0, 2)]);

    // What was kept is enough: reinstall into an empty sandbox with the registry unreachable.
    rmSync(join(ws, 'skills'), { recursive: true, force: true });
    const again = await runCli(['install', '--frozen', '--registry', 'http://127.0.0.1:9/', '--cwd', ws, '--json'], { env: { ...env, SKILL_TIMEOUT_MS: '3000' } });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(ws, 'skills', 'weather', 'SKILL.md'), 'utf8')).toContain('name: weather');
  });

  it('prune does not walk a link planted in place of a cache folder: ECONFIG, nothing removed there', async () => {
    const { ws, env, cache } = await populated();
    const outside = tempDir('skillpin-outside-');
    mkdirSync(join(outside, 'ab'));
    writeFileSync(join(outside, 'ab', 'precious'), 'data');
    rmSync(join(cache, 'trees-v1'), { recursive: true, force: true });
    symlinkSync(outside, join(cache, 'trees-v1'));
    const info = await runCli(['cache', '--cwd', ws, '--json'], { env });
    expect(info.json.parts.find((p: { name: string }) => p.name === 'trees').files).toBe(1);
    const r = await runCli(['cache', 'prune', '--cwd', ws, '--json'], { env });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('ECONFIG');
    expect(r.json.error.message).toContain('is a link');
    expect(readFileSync(join(outside, 'ab', 'precious'), 'utf8')).toBe('data');
  });

  it('a cache path that is a file (or below one) is ECONFIG from every command, not a cache that silently keeps nothing', async () => {
    const { ws } = await populated();
    const file = join(tempDir(), 'cache-file');
    writeFileSync(file, 'not a folder');
    const before = snapshotTree(ws);
    for (const cache of [file, join(file, 'skillpin')]) {
      for (const args of [['cache'], ['cache', 'prune'], ['install', '--frozen'], ['add', 'translator@1.0.0', '--yes', '--registry', fx.reg.url]]) {
        const r = await runCli([...args, '--cwd', ws, '--json'], { env: { SKILL_CACHE: cache } });
        expect(r.code, `${args[0]}: ${r.stdout}`).toBe(2);
        expect(r.json.error).toMatchObject({ code: 'ECONFIG', message: expect.stringContaining(`the cache ${cache} (SKILL_CACHE)`) });
      }
      // Commands that never read the cache are not held to it (a runner's HOME they cannot enter,
      // say): before, each of them failed ECONFIG on a folder it does not use.
      for (const args of [['list'], ['verify']]) {
        const r = await runCli([...args, '--cwd', ws, '--json'], { env: { SKILL_CACHE: cache } });
        expect(r.code, `${args[0]}: ${r.stdout}`).toBe(0);
      }
    }
    expect(snapshotTree(ws)).toEqual(before);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('prune outside a workspace (no lock) is ELOCKFILE (as install --frozen, remove and update say it) and removes nothing', async () => {
    const { env, cache } = await populated();
    const before = snapshotTree(cache);
    const r = await runCli(['cache', 'prune', '--cwd', tempDir('skillpin-not-a-ws-'), '--json'], { env });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('ELOCKFILE');
    expect(r.json.error.hint).toContain('--cwd');
    expect(snapshotTree(cache)).toEqual(before);
  });

  it('clean removes the named parts only; a part that is a link is removed as a link; other files stay', async () => {
    const { ws, env, cache } = await populated();
    writeFileSync(join(cache, 'not-ours.txt'), 'keep me');
    const r = await runCli(['cache', 'clean', '--trees', '--cwd', ws, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.removed.map((p: { name: string }) => p.name)).toEqual(['trees']);
    expect(existsSync(join(cache, 'trees-v1'))).toBe(false);
    expect(existsSync(join(cache, 'content-v2'))).toBe(true);

    // trees-v1 replaced by a link to a folder outside the cache: the link goes, the folder stays.
    const outside = tempDir('skillpin-outside-');
    mkdirSync(join(outside, 'ab'));
    writeFileSync(join(outside, 'ab', 'precious'), 'data');
    symlinkSync(outside, join(cache, 'trees-v1'));
    const all = await runCli(['cache', 'clean', '--cwd', ws, '--json'], { env });
    expect(all.code, all.stderr).toBe(0);
    expect(all.json.removed.map((p: { name: string }) => p.name)).toEqual(['tarballs', 'trees', 'verdicts']);
    expect(readdirSync(cache)).toEqual(['not-ours.txt']);
    expect(readFileSync(join(outside, 'ab', 'precious'), 'utf8')).toBe('data');
  });
});
