// Errors that reach the CLI's top: Node's file-system errors get the stable code EFS (exit 2) with
// the operation, the path and a fix; anything else stays EINTERNAL (exit 70), a bug to report.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkillpinError, exitCodeFor, fileSystemError } from '../src/errors.js';
import { makeWorkspace, runCli, snapshotTree } from './helpers.js';

const sysErr = (code: string, syscall: string, path?: string) => Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, ...(path ? { path } : {}) });

describe('fileSystemError', () => {
  it('names the call, the path and a fix for the usual causes', () => {
    const cases: Array<[string, RegExp]> = [
      ['EACCES', /owner and permissions/],
      ['EPERM', /owner, permissions and attributes/],
      ['EROFS', /read-only file system/],
      ['ENOSPC', /device is full.*skill cache prune/],
      ['EMFILE', /ulimit -n/],
      ['ENOTDIR', /file where a folder should be/],
    ];
    for (const [code, hint] of cases) {
      const e = fileSystemError(sysErr(code, 'open', '/ws/.clawhub/.skillpin.lock')) as SkillpinError;
      expect(e.code).toBe('EFS');
      expect(e.message).toBe(`open /ws/.clawhub/.skillpin.lock failed: ${code}`);
      expect(e.hint).toMatch(hint);
      expect(e.toJSON()).toMatchObject({ errno: code, syscall: 'open', path: '/ws/.clawhub/.skillpin.lock' });
    }
    expect(fileSystemError(sysErr('EXDEV', 'rename', '/ws/skills/x'))?.hint).toContain('check the path');
    // A call without a path that is not a file-system call is not taken for one.
    expect(fileSystemError(sysErr('EXDEV', 'rename'))).toBeNull();
    expect(exitCodeFor('EFS')).toBe(2);
  });

  it('leaves alone what is not a system call failing: plain errors, codes without a call, our own errors', () => {
    expect(fileSystemError(new Error('boom'))).toBeNull();
    expect(fileSystemError(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBeNull();
    expect(fileSystemError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBeNull();
    expect(fileSystemError(sysErr('ECONNREFUSED', 'connect'))).toBeNull();
    expect(fileSystemError(sysErr('ECONNRESET', 'read'))).toBeNull();
    expect(fileSystemError(sysErr('ENOTFOUND', 'getaddrinfo'))).toBeNull();
    expect(fileSystemError(sysErr('ENOENT', 'spawn git', 'git'))).toBeNull();
    expect(fileSystemError(sysErr('EBADF', 'fstat'))?.code).toBe('EFS');
    expect(fileSystemError('EACCES')).toBeNull();
    expect(fileSystemError(new SkillpinError('ETAMPERED', 'x'))).toBeNull();
  });
});

describe('through the CLI', () => {
  it('a sandbox path running through a file: EFS, exit 2, the path named, nothing written', async () => {
    const ws = makeWorkspace({ sandbox: 'file.txt/skills' });
    writeFileSync(join(ws, 'file.txt'), 'x');
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
    const before = snapshotTree(ws);
    const r = await runCli(['install', '--frozen', '--cwd', ws, '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'EFS', errno: 'ENOTDIR', path: join(ws, 'file.txt', 'skills') });
    expect(r.stderr).toContain('hint: A part of that path is a file');
    expect(snapshotTree(ws)).toEqual(before);
  });
});

describe('SkillpinError.toJSON', () => {
  it('carries only plain JSON: an Error among the facts (at any depth) is left out, never serialised raw', () => {
    const errno = sysErr('ENOENT', 'stat', '/x');
    const e = new SkillpinError('ECONFIG', 'folder /x does not exist', { path: '/x', cause: errno, nested: { inner: errno, keep: 1 }, list: ['a', errno], when: new Date(0), hint: 'h' }, { cause: errno });
    const doc = JSON.parse(JSON.stringify(e.toJSON()));
    expect(doc).toEqual({ code: 'ECONFIG', message: 'folder /x does not exist', hint: 'h', path: '/x', nested: { keep: 1 }, list: ['a'], when: '1970-01-01T00:00:00.000Z' });
    expect(e.cause).toBe(errno);
  });
});
