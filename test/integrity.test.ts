// verifyArchiveIntegrity: the gate every archive passes before a byte of it is read.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SkillpinError } from '../src/errors.js';
import { diffFileMaps, verifyArchiveIntegrity } from '../src/integrity/index.js';

const data = Buffer.from('the bytes of an archive');
const other = Buffer.from('the bytes of another archive');
const sri = (alg: string, b: Buffer) => `${alg}-${createHash(alg).update(b).digest('base64')}`;

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SkillpinError ? err.code : `not a SkillpinError: ${String(err)}`;
  }
  return undefined;
}

describe('verifyArchiveIntegrity', () => {
  it('accepts bytes matching any sha512 the integrity lists, and answers their sha512', () => {
    const right = sri('sha512', data);
    expect(verifyArchiveIntegrity(data, right, 's')).toBe(right);
    expect(verifyArchiveIntegrity(data, `${sri('sha512', other)} ${right}`, 's')).toBe(right);
    expect(verifyArchiveIntegrity(data, `${sri('sha1', other)} ${right}`, 's')).toBe(right);
  });

  it('refuses bytes that match no sha512, an integrity without one, and one that matches only by another algorithm', () => {
    expect(code(() => verifyArchiveIntegrity(data, sri('sha512', other), 's'))).toBe('EINTEGRITY');
    expect(code(() => verifyArchiveIntegrity(data, `${sri('sha512', other)} ${sri('sha1', data)}`, 's'))).toBe('EINTEGRITY');
    expect(code(() => verifyArchiveIntegrity(data, sri('sha1', data), 's'))).toBe('EINTEGRITY');
    expect(code(() => verifyArchiveIntegrity(data, '', 's'))).toBe('EINTEGRITY');
    // A digest that differs in one character.
    const right = sri('sha512', data);
    const flipped = `${right.slice(0, 10)}${right[10] === 'A' ? 'B' : 'A'}${right.slice(11)}`;
    expect(code(() => verifyArchiveIntegrity(data, flipped, 's'))).toBe('EINTEGRITY');
  });
});

describe('diffFileMaps', () => {
  it('compares own keys only: files named constructor or __proto__ are added, removed or changed like any other', () => {
    const before = JSON.parse('{"a":"sha512-a","__proto__":"sha512-p"}') as Record<string, string>;
    const after = JSON.parse('{"a":"sha512-A","constructor":"sha512-c"}') as Record<string, string>;
    expect(diffFileMaps(before, after)).toEqual({ added: ['constructor'], removed: ['__proto__'], changed: ['a'] });
  });
});
