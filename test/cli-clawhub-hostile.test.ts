// Every hostile zip of the stand-in ClawHub server through the real CLI: refused with its code,
// nothing written outside the sandbox, nothing written into the lock. (Own file: 21 subprocesses.)

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClawhubServer } from '../registry-fixtures/clawhub-server.js';
import { runCli, snapshotTree, tempDir } from './helpers.js';

interface FixtureServer {
  url: string;
  hostile: Array<{ slug: string; rule: string; expect: string }>;
  close(): Promise<void>;
}

let server: FixtureServer;
beforeAll(async () => {
  server = (await startClawhubServer()) as FixtureServer;
});
afterAll(async () => {
  await server.close();
});
const lockPath = (w: string): string => join(w, '.clawhub', 'lock.json');
const cli = (args: string[]) => runCli(args, { env: { CLAWHUB_TOKEN: '', CLAWHUB_REGISTRY: '', OPENCLAW_CLAWHUB_URL: '', CLAWHUB_URL: '' } });

describe('skill add clawhub: hostile zips', () => {
  it('refuses every hostile zip with its code (and drops install metadata); nothing is written outside the sandbox or into the lock', async () => {
    expect(server.hostile.length).toBe(21);
    const parent = tempDir('skillpin-hostile-');
    const queue = [...server.hostile];
    const failures: string[] = [];
    const worker = async (): Promise<void> => {
      for (let h = queue.shift(); h; h = queue.shift()) {
        const w = join(parent, h.slug);
        mkdirSync(join(w, '.clawhub'), { recursive: true });
        writeFileSync(join(w, '.clawhub', 'config.json'), JSON.stringify({ sources: { clawhub: { url: server.url } } }));
        const before = snapshotTree(w);
        const r = await cli(['add', `clawhub:@hostile/${h.slug}@1.0.0`, '--yes', '--cwd', w, '--json']);
        if (h.expect === 'dropped') {
          // Install metadata in the zip: installed without it, and the review says so.
          if (r.code !== 0 || JSON.stringify(r.json?.review?.dropped) !== '[".clawhub/origin.json"]') failures.push(`${h.slug}: exit ${r.code}, dropped ${JSON.stringify(r.json?.review?.dropped)}`);
          if (existsSync(join(w, 'skills', h.slug, '.clawhub'))) failures.push(`${h.slug}: installed its .clawhub/`);
          continue;
        }
        const code = r.json?.error?.code;
        if (code !== h.expect || r.code !== (h.expect === 'EMANIFEST' ? 2 : 1)) failures.push(`${h.slug}: exit ${r.code} ${code}, expected ${h.expect}`);
        const after = snapshotTree(w);
        // Only the sandbox root (created empty) and the workspace mutex may appear.
        const added = Object.keys(after).filter((p) => !(p in before) && p !== 'skills' && p !== '.clawhub/.skillpin.lock');
        if (added.length) failures.push(`${h.slug}: wrote ${added.join(', ')}`);
        if (existsSync(lockPath(w))) failures.push(`${h.slug}: wrote the lock`);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(failures).toEqual([]);
    expect(readdirSync(parent).sort()).toEqual(server.hostile.map((h) => h.slug).sort());
  }, 90_000);
});
