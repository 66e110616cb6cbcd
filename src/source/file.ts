// A local tarball (`./weather-1.4.0.tgz`): pinned by the integrity of its own bytes (DESIGN §3.3).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SkillpinError } from '../errors.js';
import { sha512Integrity } from '../integrity/index.js';
import { isExactVersion, isPackageName } from '../spec/index.js';
import type { FetchedSkill, SandboxLimits } from './types.js';

export async function fetchLocalTarball(path: string, limits: SandboxLimits, expectedIntegrity?: string): Promise<FetchedSkill> {
  const abs = resolve(path);
  let archive: Buffer;
  try {
    archive = await readFile(abs);
  } catch (err) {
    throw new SkillpinError('ENOTFOUND', `cannot read ${path}: ${(err as Error).message}`, { hint: 'Check the path to the .tgz file.' });
  }
  const integrity = sha512Integrity(archive);
  if (expectedIntegrity && expectedIntegrity !== integrity) {
    throw new SkillpinError('EINTEGRITY', `${path}: integrity ${integrity} differs from the pinned ${expectedIntegrity}`, {
      expected: expectedIntegrity,
      found: integrity,
      hint: 'The file changed since it was pinned; nothing was installed.',
    });
  }
  // node-tar (~35 ms to load) only when a local tarball is read: list and verify never need it.
  const { readTarballBacked } = await import('../sandbox/tar.js');
  const { entries, dropped } = readTarballBacked(archive, limits, path);
  const pj = entries.find((e) => e.path === 'package.json');
  let name: unknown;
  let version: unknown;
  try {
    ({ name, version } = JSON.parse(pj?.data?.toString('utf8') ?? 'null') ?? {});
  } catch {
    // handled below
  }
  if (typeof name !== 'string' || !isExactVersion(typeof version === 'string' ? version : undefined)) {
    throw new SkillpinError('EMANIFEST', `${path}: package/package.json must name the skill and an exact version`, {
      hint: 'Build the tarball with `npm pack` from a folder whose package.json has "name" and "version".',
    });
  }
  if (!isPackageName(name)) {
    // The name becomes the lock key and the sandbox folder: `acme+x` would be the folder of
    // `@acme/x`, and control or bidi characters would name a folder that displays as another.
    throw new SkillpinError('EMANIFEST', `${path}: package.json names ${JSON.stringify(name)}, which is not a valid npm package name`, {
      hint: 'Name the skill as npm would accept it (lower-case letters, digits, "-", "." and "_", optionally @scope/), then pack it again.',
    });
  }
  return {
    resolved: { source: 'file', name, version: version as string, registry: abs, resolved: abs, integrity },
    integrity,
    archive,
    entries,
    attestations: null,
    ...(dropped.length ? { dropped } : {}),
  };
}
