// Crash consistency, systematically: each command is SIGKILLed right after each of its file-system
// mutations in turn (test/fixtures/kill-after-mutation.mjs counts them on the main thread), not only
// at the points src/testhooks.ts names. After each kill the lock parses; the next run completes,
// leaves every pin matching its folder, and leaves no staging, trash, journal, mutex or temp file in
// the workspace, in `.clawhub/attestations`, in the user's config folder or beside openclaw.json.
// (Temp files in the download cache are not checked: `skill cache prune` removes them.)
// CI runs every mutation of remove and policy --write and every third of update;
// SKILLPIN_CRASH_ALL=1 every one of each.

import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLock, skillFolderName } from '../src/lockfile/index.js';
import { folderMatches } from '../src/sandbox/index.js';
import { makeWorkspace, runCli, tempDir, useFixtureRegistry, type CliResult } from './helpers.js';

const { fx } = useFixtureRegistry();
const PRELOAD = join(import.meta.dirname, 'fixtures', 'kill-after-mutation.mjs');
const ALL = process.env.SKILLPIN_CRASH_ALL === '1';
const ORIGINAL_CONFIG = '// set up by hand\n{ gateway: { port: 18789 } }\n';

/** `<root>/ws` the workspace, `<root>/cache`, `<root>/config` (XDG_CONFIG_HOME), `<root>/oc` (OpenClaw's folder). */
function cli(args: string[], root: string, extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const oc = args[0] === 'policy' ? ['--write', join(root, 'oc', 'openclaw.json')] : [];
  return runCli([...args, ...oc, '--cwd', join(root, 'ws'), '--registry', fx.reg.url], {
    env: { SKILL_CACHE: join(root, 'cache'), XDG_CONFIG_HOME: join(root, 'config'), SKILLPIN_CACHE_KEY: '', ...extra },
  });
}

async function template(specs: string[]): Promise<string> {
  const root = tempDir('skillpin-kill-tpl-');
  makeWorkspace({}, join(root, 'ws'));
  mkdirSync(join(root, 'oc'), { mode: 0o700 });
  chmodSync(join(root, 'oc'), 0o700);
  writeFileSync(join(root, 'oc', 'openclaw.json'), ORIGINAL_CONFIG, { mode: 0o600 });
  for (const spec of specs) {
    const r = await cli(['add', spec, '--yes'], root);
    expect(r.code, r.stderr).toBe(0);
  }
  return root;
}

function copyOf(tpl: string): string {
  const root = tempDir('skillpin-kill-');
  cpSync(tpl, root, { recursive: true });
  return root;
}

/** Files a finished run must not leave, anywhere but the download cache. */
function leftovers(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    if (!existsSync(dir)) return;
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const r = `${rel}/${d.name}`;
      if (/^\.skillpin-(staging|old)-|\.tmp$|^\.skillpin\.lock$/.test(d.name) || r.includes('/.skillpin-journal/')) out.push(r);
      if (d.isDirectory()) walk(join(dir, d.name), r);
    }
  };
  for (const part of ['ws', 'config', 'oc']) walk(join(root, part), part);
  return out;
}

/** Lock entries whose folder does not hold exactly their files (what verify's pin check fails). */
async function mismatched(ws: string): Promise<string[]> {
  const lockPath = join(ws, '.clawhub', 'lock.json');
  const lock = parseLock(readFileSync(lockPath, 'utf8'), lockPath);
  const bad: string[] = [];
  for (const [name, entry] of Object.entries(lock.skills)) {
    if (!(await folderMatches(join(ws, 'skills', skillFolderName(name)), entry.files ?? {}))) bad.push(name);
  }
  return bad;
}

interface Case {
  name: string;
  setup: string[];
  command: string[];
  /** The command that completes what a kill left (the same one, unless its work can be done). */
  rerun: string[];
  /** Every how many mutations one is cut after, in CI. */
  stride: number;
  /** What the finished state must hold, besides consistency. */
  check: (root: string) => void;
}

const lockedVersion = (root: string, name: string) => (JSON.parse(readFileSync(join(root, 'ws', '.clawhub', 'lock.json'), 'utf8')) as { skills: Record<string, { version?: string }> }).skills[name]?.version ?? null;

const CASES: Case[] = [
  {
    name: 'update weather 1.4.0 -> 1.5.0',
    setup: ['notes@1.0.0', 'weather@1.4.0'],
    command: ['update', 'weather', '--to', '1.5.0', '--yes'],
    rerun: ['update', 'weather', '--to', '1.5.0', '--yes'],
    stride: 3,
    check: (root) => expect(lockedVersion(root, 'weather')).toBe('1.5.0'),
  },
  {
    // Cut short after its journal, the removal is completed; before it, nothing was removed.
    name: 'remove weather',
    setup: ['notes@1.0.0', 'weather@1.4.0'],
    command: ['remove', 'weather'],
    rerun: ['install'],
    stride: 1,
    check: (root) => expect(lockedVersion(root, 'notes')).toBe('1.0.0'),
  },
  {
    name: 'policy --write',
    setup: ['weather@1.4.0'],
    command: ['policy'],
    rerun: ['policy'],
    stride: 1,
    check: (root) => {
      // The .bak holds the file the first write replaced, however often the write was cut short.
      expect(readFileSync(join(root, 'oc', 'openclaw.json.bak'), 'utf8')).toBe(ORIGINAL_CONFIG);
      expect(readFileSync(join(root, 'oc', 'openclaw.json'), 'utf8')).toContain('"port": 18789');
    },
  },
];

describe('SIGKILL after each file-system mutation, in turn', () => {
  for (const c of CASES) {
    it(`${c.name}: every cut is repaired by the next run, and leaves nothing behind`, async () => {
      const tpl = await template(c.setup);
      // How many mutations an uninterrupted run makes.
      const counting = copyOf(tpl);
      const log = join(counting, 'mutations.log');
      const full = await cli(c.command, counting, { NODE_OPTIONS: `--import ${PRELOAD}`, MUTATION_LOG: log });
      expect(full.code, full.stderr).toBe(0);
      const total = readFileSync(log, 'utf8').trim().split('\n').length;
      expect(total).toBeGreaterThan(5);
      const cuts = Array.from({ length: total }, (_, i) => i + 1).filter((k) => ALL || k % c.stride === 0 || k === total);
      let killed = 0;
      for (const k of cuts) {
        const root = copyOf(tpl);
        const cut = await cli(c.command, root, { NODE_OPTIONS: `--import ${PRELOAD}`, KILL_AFTER_MUTATION: String(k) });
        // The count can end a little earlier (a cache hit the counting run filled): then it finishes.
        if (cut.signal !== 'SIGKILL') {
          expect(cut.code, `${c.name} after mutation ${k}: ${cut.stderr}`).toBe(0);
          continue;
        }
        killed++;
        const lockPath = join(root, 'ws', '.clawhub', 'lock.json');
        expect(() => parseLock(readFileSync(lockPath, 'utf8'), lockPath), `${c.name} after mutation ${k}: the lock`).not.toThrow();
        const again = await cli(c.rerun, root);
        expect(again.code, `${c.name} after mutation ${k}, rerun: ${again.stderr}`).toBe(0);
        expect(await mismatched(join(root, 'ws')), `${c.name} after mutation ${k}: pins not matching folders`).toEqual([]);
        expect(leftovers(root), `${c.name} after mutation ${k}: left behind`).toEqual([]);
        c.check(root);
        rmSync(root, { recursive: true, force: true });
      }
      expect(killed).toBeGreaterThan(cuts.length / 2);
    }, 600_000);
  }
});
