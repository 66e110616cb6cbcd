// skill adopt sets install modes in a folder the agent can write while adopt runs: a folder on the
// way swapped for a link between adopt's check of it and the open of an entry in it must not have
// the entry's mode set on a file outside the sandbox. The swap is made inside `open`, where the race
// lands (Linux: the opened descriptor's path is checked through /proc).

import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const swap: { at: string | null; run: () => void } = { at: null, run: () => undefined };
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (path: Parameters<typeof real.open>[0], ...rest: unknown[]) => {
    if (swap.at !== null && String(path).endsWith(swap.at)) {
      swap.at = null;
      swap.run();
    }
    return (real.open as (...a: unknown[]) => ReturnType<typeof real.open>)(path, ...rest);
  }) as typeof real.open;
  return { ...real, default: { ...real, open }, open };
});

const { normaliseAdoptedModes } = await import('../src/commands/adopt.js');

const dirs: string[] = [];
afterEach(async () => {
  swap.at = null;
  for (const d of dirs.splice(0)) await fsp.rm(d, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('adopt sets no mode through a folder swapped for a link after adopt checked it', () => {
  it('a folder on the way swapped for a link between its check and the open of a file in it: ETAMPERED, the file outside keeps its mode', async () => {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'skillpin-adopt-race-'));
    const outside = await fsp.mkdtemp(join(tmpdir(), 'skillpin-adopt-race-outside-'));
    dirs.push(dir, outside);
    mkdirSync(join(dir, 'keys'));
    await fsp.writeFile(join(dir, 'keys', 'a.txt'), 'a\n', { mode: 0o644 });
    await fsp.writeFile(join(dir, 'keys', 'id_ed25519'), 'published\n', { mode: 0o600 });
    await fsp.chmod(join(dir, 'keys', 'id_ed25519'), 0o600);
    const key = join(outside, 'id_ed25519');
    await fsp.writeFile(key, 'PRIVATE KEY\n', { mode: 0o600 });
    await fsp.chmod(key, 0o600);
    // keys/ is checked (a real folder) for keys/a.txt; then, before keys/id_ed25519 is opened, the
    // agent moves it aside and puts a link to the folder outside in its place.
    swap.at = join('keys', 'id_ed25519');
    swap.run = () => {
      renameSync(join(dir, 'keys'), join(dir, 'keys.real'));
      symlinkSync(outside, join(dir, 'keys'));
    };
    const entries = [
      { path: 'keys', type: 'directory', mode: 0o755 },
      { path: 'keys/a.txt', type: 'file', mode: 0o644 },
      { path: 'keys/id_ed25519', type: 'file', mode: 0o644 },
    ];
    await expect(normaliseAdoptedModes(dir, entries, 'weather')).rejects.toMatchObject({ code: 'ETAMPERED' });
    expect(swap.at).toBeNull();
    expect((await fsp.stat(key)).mode & 0o777).toBe(0o600);
  });
});
