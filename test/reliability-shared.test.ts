// Reliability, round 3: files skillpin shares with other writers (the clawhub CLI and OpenClaw
// write .clawhub/lock.json without skillpin's mutex; OpenClaw owns openclaw.json) and files a
// killed run leaves beside them. A change another tool made while a run worked is kept, never
// overwritten; a write that fails names its file and leaves nothing half-written.

import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { add } from '../src/commands/add.js';
import { SkillpinError } from '../src/errors.js';
import type { UI } from '../src/ui/index.js';
import { makeWorkspace, runCli, snapshotTree, useFixtureRegistry } from './helpers.js';

const { fx, env } = useFixtureRegistry();

function cli(args: string[], ws: string, extra: NodeJS.ProcessEnv = {}) {
  return runCli([...args, '--cwd', ws, '--registry', fx.reg.url], { env: { ...env(), ...extra } });
}

async function workspace(specs: string[]): Promise<string> {
  const ws = makeWorkspace();
  for (const spec of specs) {
    const r = await cli(['add', spec, '--yes'], ws);
    expect(r.code, r.stderr).toBe(0);
  }
  return ws;
}

const lockFile = (ws: string) => join(ws, '.clawhub', 'lock.json');
const readLockJson = (ws: string) => JSON.parse(readFileSync(lockFile(ws), 'utf8')) as { skills: Record<string, Record<string, unknown>>; [k: string]: unknown };

/** A person at a terminal who, while the review is on screen, lets `meanwhile` run (another tool writing the lock), then says yes. */
function terminalThatWaits(meanwhile: () => void): UI {
  return { info: () => {}, warn: () => {}, interactive: true, progress: () => {}, prompter: { confirm: async () => (meanwhile(), true) } };
}

/** The clawhub CLI's own edit of the lock: its formatting, its fields. */
function clawhubWrites(ws: string, edit: (doc: ReturnType<typeof readLockJson>) => void): void {
  const doc = readLockJson(ws);
  edit(doc);
  writeFileSync(lockFile(ws), JSON.stringify(doc, null, 2));
}

function leftovers(ws: string): string[] {
  const out: string[] = [];
  const jdir = join(ws, '.clawhub', '.skillpin-journal');
  if (existsSync(jdir)) out.push(...readdirSync(jdir).map((n) => `journal/${n}`));
  out.push(...readdirSync(join(ws, '.clawhub')).filter((n) => n.endsWith('.tmp') || n === '.skillpin.lock'));
  if (existsSync(join(ws, 'skills'))) out.push(...readdirSync(join(ws, 'skills')).filter((n) => n.startsWith('.skillpin-')));
  return out;
}

describe('the lock written by the clawhub CLI while a run waits at its review prompt', () => {
  it('a skill the clawhub CLI pinned meanwhile is kept beside the one added (it was lost: the run wrote the lock it read at its start)', async () => {
    const ws = await workspace(['notes@1.0.0']);
    const theirs = { version: '2.0.0', installedAt: 1764000000000 };
    const r = await add({
      cwd: ws,
      registry: fx.reg.url,
      spec: 'weather@1.4.0',
      env: { ...process.env, ...env() },
      ui: terminalThatWaits(() => clawhubWrites(ws, (doc) => {
        doc.skills['gifgrep'] = theirs;
        doc.clawhubField = 'kept';
      })),
    });
    expect(r.entry.version).toBe('1.4.0');
    const lock = readLockJson(ws);
    expect(Object.keys(lock.skills).sort()).toEqual(['gifgrep', 'notes', 'weather']);
    expect(lock.skills.gifgrep).toEqual(theirs);
    expect(lock.clawhubField).toBe('kept');
    expect(lock.skills.weather?.version).toBe('1.4.0');
    expect(leftovers(ws)).toEqual([]);
  });

  it('a skill the clawhub CLI removed meanwhile stays removed', async () => {
    const ws = await workspace(['notes@1.0.0']);
    await add({
      cwd: ws,
      registry: fx.reg.url,
      spec: 'weather@1.4.0',
      env: { ...process.env, ...env() },
      ui: terminalThatWaits(() => clawhubWrites(ws, (doc) => {
        delete doc.skills.notes;
      })),
    });
    expect(Object.keys(readLockJson(ws).skills)).toEqual(['weather']);
  });

  it('the same skill changed by both: ELOCKFILE naming it, the lock as the clawhub CLI wrote it, the folder as before the run', async () => {
    const ws = await workspace(['notes@1.0.0', 'weather@1.4.0']);
    const folderBefore = snapshotTree(join(ws, 'skills', 'weather'));
    let written = '';
    const err = await add({
      cwd: ws,
      registry: fx.reg.url,
      spec: 'weather@1.5.0',
      env: { ...process.env, ...env() },
      ui: terminalThatWaits(() => {
        clawhubWrites(ws, (doc) => {
          doc.skills.weather = { version: '9.9.9', installedAt: 1764000000000 };
        });
        written = readFileSync(lockFile(ws), 'utf8');
      }),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SkillpinError);
    expect(err).toMatchObject({ code: 'ELOCKFILE', facts: { skills: ['weather'] } });
    expect((err as Error).message).toContain('changed by another tool');
    expect(readFileSync(lockFile(ws), 'utf8')).toBe(written);
    expect(snapshotTree(join(ws, 'skills', 'weather'))).toEqual(folderBefore);
    expect(leftovers(ws)).toEqual([]);
  });
});
