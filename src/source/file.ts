// A local tarball (`./weather-1.4.0.tgz`): pinned by the integrity of its own bytes (DESIGN §3.3).

import { resolve } from 'node:path';
import { SkillpinError } from '../errors.js';
import { readRegularFileSync } from '../fsutil/index.js';
import { sha512Integrity } from '../integrity/index.js';
import { isExactVersion, isPackageName } from '../spec/index.js';
import type { FetchedSkill, SandboxLimits } from './types.js';

/**
 * `lockedName`: the skill whose lock entry names `path` (a locked fetch: install, update), so that the
 * error is about the lock, not about a path the person typed.
 */
export async function fetchLocalTarball(path: string, limits: SandboxLimits, expectedIntegrity?: string, lockedName?: string): Promise<FetchedSkill> {
  const abs = resolve(path);
  // Opened without blocking and checked on the descriptor, with the cap a download has: a FIFO at
  // that path hung the run past SIGTERM, and /dev/zero was read until memory ran out. A lock entry
  // names the path, so a committed lock could do that to a CI job.
  const cap = limits.maxTotalBytes + (limits.maxFiles + 16) * 1536;
  const read = readRegularFileSync(abs, cap, { follow: true });
  // A path from the lock is the lock's problem, not a path the person typed.
  const said = (what: string) => (lockedName ? `the lock pins ${lockedName} to the local tarball ${path}, which ${what}` : `${path} ${what}`);
  const facts = { ...(lockedName ? { skill: lockedName } : {}), path: abs };
  if ('missing' in read) {
    throw new SkillpinError('ENOTFOUND', said('does not exist'), {
      ...facts,
      hint: lockedName ? `Put the tarball back at ${abs} (it must have the sha512 the lock pins), or pin ${lockedName} again with \`skill add\`.` : 'Check the path to the .tgz file.',
    });
  }
  if ('problem' in read) {
    throw new SkillpinError(lockedName ? 'ELOCKFILE' : 'EUSAGE', said(`is ${read.problem}, not a package tarball`), {
      ...facts,
      hint: lockedName ? `Restore the lock from version control, or pin ${lockedName} again with \`skill add\`.` : 'Pass a package tarball (`npm pack` writes one).',
    });
  }
  const archive = read;
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
