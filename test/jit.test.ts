// The `skill` process sets V8's tiering for a short run (src/cli/jit.ts) on the V8 it was measured
// on, before the CLI loads, and never a flag the node command line already sets.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JIT_FLAGS, jitFlagsFor } from '../src/cli/jit.js';
import { BIN, tempDir } from './helpers.js';

describe('V8 tiering for the CLI', () => {
  it('applies to the measured V8 only, and leaves a flag the command line sets to the command line', () => {
    expect(jitFlagsFor('11.3.244.8-node.30', [])).toEqual([...JIT_FLAGS]);
    expect(jitFlagsFor('12.4.254.21-node.33', [])).toEqual([]);
    expect(jitFlagsFor('110.0.0', [])).toEqual([]);
    expect(jitFlagsFor('11.3.244.8-node.30', ['--interrupt-budget=1000', '--stack-size=2000'])).toEqual(JIT_FLAGS.filter((f) => !f.startsWith('--interrupt-budget=')));
    // V8 reads `_` and `-` in a name alike.
    expect(jitFlagsFor('11.3.244.8-node.30', ['--max_inlined_bytecode_size_cumulative=920'])).toEqual(JIT_FLAGS.filter((f) => !f.startsWith('--max-inlined-bytecode-size-cumulative=')));
  });

  // The launcher, as a person runs it: which flags reach V8, and that V8 knows each of them (an
  // unknown flag is not fatal: V8 prints "Error: unrecognized flag" on stderr and goes on).
  function launch(args: string[], nodeArgs: string[] = []): { set: string[]; code: number | null; stdout: string; stderr: string } {
    const dir = tempDir();
    const record = join(dir, 'record.mjs');
    // Records every flag set at run time through node:v8 (the module the CLI calls), then sets it.
    writeFileSync(
      record,
      `import v8 from 'node:v8';\nconst set = v8.setFlagsFromString;\nv8.setFlagsFromString = (f) => { process.stderr.write('SET ' + f + '\\n'); set(f); };\n`,
    );
    const r = spawnSync(process.execPath, [...nodeArgs, '--import', record, BIN, ...args], { encoding: 'utf8', env: { ...process.env, SKILL_REGISTRY: '' } });
    const lines = r.stderr.split('\n');
    return { set: lines.filter((l) => l.startsWith('SET ')).map((l) => l.slice(4)), code: r.status, stdout: r.stdout, stderr: lines.filter((l) => !l.startsWith('SET ')).join('\n') };
  }

  it('the skill command sets them before its code runs, and V8 accepts each', () => {
    const r = launch(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: skill');
    expect(r.set).toEqual(process.versions.v8.startsWith('11.') ? [...JIT_FLAGS] : []);
    expect(r.stderr.trim()).toBe('');
  });

  it('leaves a flag given on the node command line as given', () => {
    const r = launch(['--help'], ['--interrupt-budget=150000']);
    expect(r.code).toBe(0);
    expect(r.set).toEqual(process.versions.v8.startsWith('11.') ? JIT_FLAGS.filter((f) => !f.startsWith('--interrupt-budget=')) : []);
    expect(r.stderr.trim()).toBe('');
  });
});
