// A small skill folder that exercises every rule of OpenClaw's fileTreeSha256: code-unit ordering,
// folder rows before children, top-level .clawhub excluded, nested .clawhub/dotfiles/node_modules kept.
// test/clawhub-tree-digest.test.ts writes it and compares with a digest computed by OpenClaw's code.

import { mkdir, writeFile, chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** @type {Array<{ path: string, data?: string | Buffer, dir?: boolean, mode?: number }>} */
export const TREE_FIXTURE = [
  { path: 'SKILL.md', data: '---\nname: digest-fixture\ndescription: fixture for the tree digest\n---\n# Digest fixture\n' },
  { path: 'B.txt', data: 'upper-case B sorts before lower-case a\n' },
  { path: 'a-b.txt', data: 'a-b sorts after folder a by name, before a/ by full path\n' },
  { path: 'a/x.txt', data: 'inside a\n' },
  { path: 'a/nested/.clawhub/origin.json', data: '{"nested":"kept"}\n' },
  { path: '.clawhub/origin.json', data: '{"top":"excluded"}\n' },
  { path: '.clawdhub/lock.json', data: '{"top":"excluded too"}\n' },
  { path: '.hidden', data: 'dotfiles count\n' },
  { path: 'node_modules/dep/index.js', data: 'export default 1;\n' },
  { path: 'empty.txt', data: '' },
  { path: 'emptydir', dir: true },
  { path: '\uFF5E-fullwidth-tilde.txt', data: 'U+FF5E\n' },
  { path: '\u{1F600}-emoji.txt', data: 'U+1F600 (surrogates D83D DE00 sort before U+FF5E)\n' },
  { path: '\u00E9-nfc.txt', data: 'precomposed e-acute\n' },
  { path: 'e\u0301-nfd.txt', data: 'decomposed e-acute\n' },
  { path: 'scripts/run.sh', data: '#!/bin/sh\necho hi\n', mode: 0o755 },
  { path: 'bin.dat', data: Buffer.from(Array.from({ length: 256 }, (_, i) => i)) },
];

/**
 * Write the fixture under `root`.
 * @param {string} root
 */
export async function writeTreeFixture(root) {
  for (const e of TREE_FIXTURE) {
    const abs = join(root, e.path);
    if (e.dir) {
      await mkdir(abs, { recursive: true });
      continue;
    }
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, e.data ?? '');
    if (e.mode) await chmod(abs, e.mode);
  }
}
