// readFolderAsEntries (the install-policy hook's read of OpenClaw's staged folder, `skill review
// ./dir`, verify's re-scan) against a folder that is hostile or changes while it is read: limits
// before bytes, no link followed, no FIFO opened for reading, hard links refused (DESIGN §3.7).

import { cpSync, linkSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readFolderAsEntries } from '../src/sandbox/index.js';
import { DEFAULT_LIMITS } from '../src/source/types.js';
import { ROOT, tempDir } from './helpers.js';

// lstatSync as the walk calls it, with a test's action run right after the call for one path:
// the window between the walk's look at a file and its read.
const race = vi.hoisted(() => ({ path: '', then: null as null | (() => void) }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const lstatSync = ((p: string, o?: unknown) => {
    const st = (fs.lstatSync as (p: string, o?: unknown) => unknown)(p, o);
    if (race.then && p === race.path) {
      const act = race.then;
      race.then = null;
      act();
    }
    return st;
  }) as typeof fs.lstatSync;
  return { ...fs, default: { ...fs, lstatSync }, lstatSync };
});

const WEATHER = join(ROOT, 'registry-fixtures', 'clawhub', 'acme', 'weather', '1.0.0');

function skill(): string {
  const dir = tempDir('skillpin-folder-read-');
  cpSync(WEATHER, dir, { recursive: true });
  return dir;
}

const read = (dir: string) => readFolderAsEntries(dir, DEFAULT_LIMITS, 'weather');

describe('a folder that changes between the walk and the read', () => {
  it('a file swapped for a symbolic link: refused, the link target is not read', async () => {
    const dir = skill();
    const secret = join(tempDir('skillpin-folder-secret-'), 'secret.txt');
    writeFileSync(secret, 'not part of the skill\n');
    const victim = join(dir, 'scripts', 'forecast.sh');
    race.path = victim;
    race.then = () => {
      rmSync(victim);
      symlinkSync(secret, victim);
    };
    await expect(read(dir)).rejects.toMatchObject({ code: 'ESANDBOX', message: expect.stringMatching(/scripts\/forecast\.sh became a symbolic link/) });
  });

  it('a file swapped for a FIFO: refused at once, not a read that blocks until OpenClaw kills the hook', async () => {
    const dir = skill();
    const victim = join(dir, 'SKILL.md');
    race.path = victim;
    race.then = () => {
      rmSync(victim);
      execFileSync('mkfifo', [victim]);
    };
    await expect(read(dir)).rejects.toMatchObject({ code: 'ESANDBOX', message: expect.stringMatching(/SKILL\.md was replaced/) });
  }, 5_000);

  it('a file that grows after the walk saw its size: refused', async () => {
    const dir = skill();
    const victim = join(dir, 'SKILL.md');
    race.path = victim;
    race.then = () => writeFileSync(victim, '\nmore\n', { flag: 'a' });
    await expect(read(dir)).rejects.toMatchObject({ code: 'ESANDBOX', message: expect.stringMatching(/SKILL\.md changed size/) });
  });
});

describe('a hostile folder', () => {
  it('a 3 GiB (sparse) file is refused by its size before a byte is read, with the limit named', async () => {
    const dir = skill();
    writeFileSync(join(dir, 'big.bin'), '');
    truncateSync(join(dir, 'big.bin'), 3 * 2 ** 30);
    await expect(read(dir)).rejects.toMatchObject({ code: 'ESANDBOX', message: expect.stringMatching(/big\.bin" is 3221225472 bytes, over limits\.maxFileBytes/) });
  });

  it('a hard link (to a file inside or outside the folder) is refused', async () => {
    const inside = skill();
    linkSync(join(inside, 'SKILL.md'), join(inside, 'copy.md'));
    await expect(read(inside)).rejects.toMatchObject({ code: 'ESANDBOX', message: expect.stringMatching(/is a hard link \(2 links\)/) });
    const outside = skill();
    const secret = join(tempDir('skillpin-folder-secret-'), 'id_ed25519');
    writeFileSync(secret, 'PRIVATE KEY\n');
    linkSync(secret, join(outside, 'notes.txt'));
    await expect(read(outside)).rejects.toMatchObject({ code: 'ESANDBOX', message: expect.stringMatching(/notes\.txt is a hard link/) });
  });

  it('stops at limits.maxFiles while walking, not after reading every entry', async () => {
    const dir = skill();
    mkdirSync(join(dir, 'many'));
    for (let i = 0; i < 60; i++) writeFileSync(join(dir, 'many', `f${i}`), 'x');
    await expect(readFolderAsEntries(dir, { ...DEFAULT_LIMITS, maxFiles: 10 }, 'weather')).rejects.toMatchObject({ code: 'ESANDBOX', message: expect.stringMatching(/more than 10 files/) });
  });

  it('reads a clean folder as before: sorted entries, the bytes of each file', async () => {
    const entries = await read(WEATHER);
    expect(entries.map((e) => `${e.type}:${e.path}`)).toEqual(['directory:scripts', 'file:SKILL.md', 'file:scripts/forecast.sh']);
    expect(entries.find((e) => e.path === 'SKILL.md')?.data?.toString('utf8')).toMatch(/^---\nname: weather/);
  });
});
