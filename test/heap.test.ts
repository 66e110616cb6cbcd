// On V8 13+ the bulk commands relaunch themselves with a smaller young generation (src/cli/heap.ts):
// which commands, on which V8, and never over a person's own young-generation flag or a debugger.
// The real relaunch on Node 24 is checked by the OpenClaw end-to-end suite (scripts/e2e.js); here
// the launcher runs on this machine's node with V8 13 and process.execve stood in for by a preload.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAP_FLAGS, commandOf, heapFlagsFor, type LaunchFacts } from '../src/cli/heap.js';
import { buildProgram } from '../src/cli/main.js';
import { BIN, tempDir } from './helpers.js';

const V8_13 = '13.6.233.17-node.53';
const facts = (over: Partial<LaunchFacts>): LaunchFacts => ({ v8Version: V8_13, canExecve: true, execArgv: [], nodeOptions: undefined, args: ['install', '--frozen'], ...over });

describe('the young generation on V8 13+', () => {
  it('finds the subcommand past the global options and their values', () => {
    expect(commandOf(['install', '--frozen'])).toBe('install');
    expect(commandOf(['--json', '-C', 'install', 'verify'])).toBe('verify');
    expect(commandOf(['--cwd', '/ws', '--registry', 'http://127.0.0.1:1/', '--sandbox', 'skills', 'update', '--all'])).toBe('update');
    expect(commandOf(['--cwd=/ws', 'adopt'])).toBe('adopt');
    expect(commandOf(['--', 'install'])).toBe('install');
    expect(commandOf(['--help'])).toBeUndefined();
    expect(commandOf([])).toBeUndefined();
  });

  it("knows every global option of the CLI that takes a value (heap.ts keeps its own list: the launcher loads no commander)", () => {
    const valued = buildProgram().options.filter((o) => o.required || o.optional).flatMap((o) => [o.short, o.long].filter((f): f is string => f !== undefined));
    expect(valued.length).toBeGreaterThan(0);
    for (const flag of valued) expect({ flag, command: commandOf([flag, 'install', 'verify']) }).toEqual({ flag, command: 'verify' });
  });

  it('relaunches install, update and adopt on V8 13 and later where execve exists', () => {
    for (const command of ['install', 'update', 'adopt']) expect(heapFlagsFor(facts({ args: ['--json', command] }))).toEqual([...HEAP_FLAGS]);
    expect(heapFlagsFor(facts({ v8Version: '14.1.0' }))).toEqual([...HEAP_FLAGS]);
    for (const command of ['verify', 'add', 'list', 'policy', 'hook', 'cache']) expect(heapFlagsFor(facts({ args: [command] }))).toEqual([]);
    expect(heapFlagsFor(facts({ args: ['--help'] }))).toEqual([]);
    // V8 11 and 12 (Node 20 and 22) keep a 16 MB semi-space; no execve (Windows, Node before 22.15).
    expect(heapFlagsFor(facts({ v8Version: '12.4.254.21-node.57' }))).toEqual([]);
    expect(heapFlagsFor(facts({ v8Version: '11.3.244.8-node.30' }))).toEqual([]);
    expect(heapFlagsFor(facts({ v8Version: 'unknown' }))).toEqual([]);
    expect(heapFlagsFor(facts({ canExecve: false }))).toEqual([]);
  });

  it("leaves a person's own young-generation flag, and a debugger, as they are", () => {
    expect(heapFlagsFor(facts({ execArgv: ['--max-semi-space-size=32'] }))).toEqual([]);
    expect(heapFlagsFor(facts({ execArgv: ['--max_semi_space_size=4'] }))).toEqual([]);
    expect(heapFlagsFor(facts({ nodeOptions: '--trace-warnings  --min-semi-space-size=2' }))).toEqual([]);
    expect(heapFlagsFor(facts({ execArgv: ['--semi-space-growth-factor=1'] }))).toEqual([]);
    expect(heapFlagsFor(facts({ execArgv: ['--inspect-brk=9229'] }))).toEqual([]);
    expect(heapFlagsFor(facts({ nodeOptions: '--inspect' }))).toEqual([]);
    // Node's permission model refuses execve unless child processes are allowed.
    expect(heapFlagsFor(facts({ execArgv: ['--permission', '--allow-fs-read=*'] }))).toEqual([]);
    expect(heapFlagsFor(facts({ nodeOptions: '--experimental-permission' }))).toEqual([]);
    // The relaunched command line carries the flag: it never relaunches twice.
    expect(heapFlagsFor(facts({ execArgv: ['--import', '/x.mjs', ...HEAP_FLAGS] }))).toEqual([]);
    // Other flags do not count.
    expect(heapFlagsFor(facts({ execArgv: ['--max-old-space-size=4096'], nodeOptions: '--enable-source-maps' }))).toEqual([...HEAP_FLAGS]);
  });

  /** A lock that pins nothing: install --frozen then runs, and installs nothing. */
  const writeEmptyLock = (ws: string): void => {
    mkdirSync(join(ws, '.clawhub'));
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
  };

  // The launcher as a person runs it, with process.versions.v8 set to 13's and process.execve
  // recording its call and ending the process (a real execve never returns).
  function launch(args: string[], env: Record<string, string> = {}, refuse = false): { execve: { file: string; args: string[] } | null; code: number | null; stdout: string; stderr: string } {
    const dir = tempDir();
    const stand = join(dir, 'v8-13.mjs');
    writeFileSync(
      stand,
      [
        `Object.defineProperty(process.versions, 'v8', { value: '${V8_13}' });`,
        refuse
          ? `process.execve = () => { process.stderr.write('REFUSED\\n'); throw Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED' }); };`
          : `process.execve = (file, args) => { process.stderr.write('EXECVE ' + JSON.stringify({ file, args }) + '\\n'); process.exit(0); };`,
        '',
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, ['--import', stand, BIN, ...args], { encoding: 'utf8', env: { ...process.env, SKILL_REGISTRY: '', ...env } });
    const line = r.stderr.split('\n').find((l) => l.startsWith('EXECVE '));
    return { execve: line ? JSON.parse(line.slice(7)) : null, code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('skill install replaces its process with the same node, flags, script and arguments, plus the heap flag', () => {
    const ws = tempDir();
    const r = launch(['install', '--frozen', '--cwd', ws]);
    expect(r.execve).not.toBeNull();
    expect(r.execve?.file).toBe(process.execPath);
    expect(r.execve?.args).toEqual([process.execPath, '--import', expect.stringMatching(/v8-13\.mjs$/), ...HEAP_FLAGS, BIN, 'install', '--frozen', '--cwd', ws]);
  });

  it('skill verify, and install under a NODE_OPTIONS that sizes the young generation, run in place', () => {
    const ws = tempDir();
    let r = launch(['verify', '--cwd', ws, '--json']);
    expect(r.execve).toBeNull();
    // The verify itself ran: an empty folder has no lock to verify against.
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'ELOCKFILE' } });
    writeEmptyLock(ws);
    r = launch(['install', '--frozen', '--cwd', ws, '--json'], { NODE_OPTIONS: '--max-semi-space-size=16' });
    expect(r.execve).toBeNull();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, installed: [] });
  });

  it('an execve that Node refuses with an exception leaves the command running as it is', () => {
    const ws = tempDir();
    writeEmptyLock(ws);
    const r = launch(['install', '--frozen', '--cwd', ws, '--json'], {}, true);
    expect(r.stderr).toContain('REFUSED');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, installed: [] });
  });
});
