// DESIGN §3.7 through the real CLI: every hostile tarball is refused with ESANDBOX (exit 1),
// nothing is written outside the sandbox, nothing lands in the sandbox, and the lock is unchanged.

import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { basePackage, cleanupTemps, makeTarball, makeWorkspace, runCli, snapshotTree, tempDir, type RawTarEntry } from './helpers.js';

afterAll(() => cleanupTemps());

interface Case {
  name: string;
  entries: () => RawTarEntry[];
  archive?: () => Buffer;
  config?: Record<string, unknown>;
  message: RegExp;
}

const cases: Case[] = [
  { name: 'a ../ path (tar-slip)', entries: () => [...basePackage(), { name: 'package/../../escape.txt', data: 'x' }], message: /\.\./ },
  { name: 'an absolute path', entries: () => [...basePackage(), { name: '/tmp/skillpin-abs-escape.txt', data: 'x' }], message: /absolute/ },
  { name: 'a symlink pointing out of the sandbox', entries: () => [...basePackage(), { name: 'package/out', type: '2', linkname: '../../../../etc/passwd' }], message: /symbolic link/ },
  { name: 'a symlink pointing inside the package', entries: () => [...basePackage(), { name: 'package/in', type: '2', linkname: 'SKILL.md' }], message: /symbolic link/ },
  { name: 'a hard link', entries: () => [...basePackage(), { name: 'package/hard', type: '1', linkname: 'package/SKILL.md' }], message: /hard link/ },
  { name: 'a character device', entries: () => [...basePackage(), { name: 'package/dev', type: '3' }], message: /character device/ },
  { name: 'a FIFO', entries: () => [...basePackage(), { name: 'package/fifo', type: '6' }], message: /FIFO/ },
  { name: 'names that collide when case-folded', entries: () => [...basePackage(), { name: 'package/README.md', data: 'a' }, { name: 'package/readme.MD', data: 'b' }], message: /collide/ },
  { name: 'a backslash in a name', entries: () => [...basePackage(), { name: 'package/..\\..\\evil', data: 'x' }], message: /backslash/ },
  {
    name: 'too many files',
    entries: () => [...basePackage(), ...Array.from({ length: 10 }, (_, i) => ({ name: `package/f${i}.txt`, data: 'x' }))],
    config: { limits: { maxFiles: 8 } },
    message: /maxFiles/,
  },
  { name: 'a file over the size limit', entries: () => [...basePackage(), { name: 'package/big.bin', data: Buffer.alloc(5000) }], config: { limits: { maxFileBytes: 4096 } }, message: /maxFileBytes/ },
  {
    name: 'a gzip bomb',
    entries: () => [],
    archive: () => {
      // 64 MiB of zeros compresses to ~64 KiB: decompression stops at the configured total.
      const tar = makeTarball([...basePackage(), { name: 'package/zeros.bin', data: Buffer.alloc(64 * 1024 * 1024) }], { gzip: false });
      return gzipSync(tar, { level: 9 });
    },
    config: { limits: { maxTotalBytes: 1024 * 1024 } },
    message: /decompress|maxTotalBytes|bomb/,
  },
  { name: 'a file declared larger than its data (truncated)', entries: () => [...basePackage(), { name: 'package/short.txt', data: 'abc', size: 100000 }], message: /./ },
];

describe('hostile tarballs are refused by skill add', () => {
  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const outer = tempDir('skillpin-outer-');
      const ws = join(outer, 'ws');
      mkdirSync(ws);
      const wsConfig = makeWorkspace(c.config ?? {});
      // move the config into our workspace under `outer`, so "outside the sandbox" is observable
      mkdirSync(join(ws, '.clawhub'));
      writeFileSync(join(ws, '.clawhub', 'config.json'), readFileSync(join(wsConfig, '.clawhub', 'config.json')));
      const lockText = '{\n  "skills": {\n    "keep": {\n      "version": "1.0.0",\n      "installedAt": 1\n    }\n  },\n  "version": 1\n}\n';
      writeFileSync(join(ws, '.clawhub', 'lock.json'), lockText);
      const tgz = join(outer, 'evil-1.0.0.tgz');
      writeFileSync(tgz, c.archive ? c.archive() : makeTarball(c.entries()));
      const before = snapshotTree(outer);
      const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
      expect(r.json?.error?.code, r.stderr).toBe('ESANDBOX');
      expect(r.code).toBe(1);
      expect(r.json.error.message).toMatch(c.message);
      const after = snapshotTree(outer);
      // Only the (empty) sandbox root may have appeared; nothing else changed anywhere.
      const added = Object.keys(after).filter((k) => !(k in before));
      expect(added.filter((k) => k !== 'ws/skills')).toEqual([]);
      for (const k of Object.keys(before)) expect(after[k], k).toBe(before[k]);
      expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).toBe(lockText);
    });
  }

  it('refuses a sandbox root that is a symbolic link', async () => {
    const ws = makeWorkspace({ sandbox: 'skills' });
    const real = tempDir();
    symlinkSync(real, join(ws, 'skills'));
    const tgz = join(tempDir(), 'ok-1.0.0.tgz');
    writeFileSync(tgz, makeTarball(basePackage('ok')));
    const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
    expect(r.json.error.code).toBe('ESANDBOX');
    expect(snapshotTree(real)).toEqual({});
  });

  it('refuses a sandbox inside the workspace .clawhub folder', async () => {
    const ws = makeWorkspace({ sandbox: '.clawhub/skills' });
    const tgz = join(tempDir(), 'ok-1.0.0.tgz');
    writeFileSync(tgz, makeTarball(basePackage('ok')));
    const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
    expect(r.json.error.code).toBe('ESANDBOX');
  });

  it('installs a well-formed hand-made tarball with normalised modes (the control case)', async () => {
    const ws = makeWorkspace();
    const tgz = join(tempDir(), 'ok-1.0.0.tgz');
    writeFileSync(tgz, makeTarball([...basePackage('ok'), { name: 'package/run.sh', data: '#!/bin/sh\n', mode: 0o4777 }, { name: 'package/docs/a.md', data: 'a', mode: 0o666 }]));
    const r = await runCli(['add', tgz, '--yes', '--cwd', ws]);
    expect(r.code, r.stderr).toBe(0);
    const tree = snapshotTree(join(ws, 'skills'));
    expect(tree['ok/run.sh']).toMatch(/^file 755 /);
    expect(tree['ok/docs/a.md']).toMatch(/^file 644 /);
    expect(tree['ok/docs']).toBe('dir 755');
  });
});
