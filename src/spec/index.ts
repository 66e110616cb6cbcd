// Parsing what a person types after `skill add`, and the one decision that matters most:
// is this spec an exact pin, or only a question to answer at the prompt (DESIGN §3.3)?

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type npaType from 'npm-package-arg';
// The two functions, not the whole of semver (its ranges and comparators cost ~15 ms to load, on
// every command: the lock checks pins with isExactVersion).
import semverClean from 'semver/functions/clean.js';
import semverValid from 'semver/functions/valid.js';
import { SkillpinError } from '../errors.js';
import { lazyRequire } from '../lazy.js';
import { parseClawhubSpec } from '../source/clawhub/spec.js';
import { withoutCredentials } from '../ui/index.js';

// npm-package-arg (and hosted-git-info under it) is loaded on the first spec parsed, not at start:
// `verify` and `install --frozen` reach this module through the lock and never parse a spec.
const loadNpa = lazyRequire<typeof npaType>('npm-package-arg');
const npa = (input: string): npaType.Result => loadNpa()(input);

export type SkillSpec =
  | { kind: 'registry'; raw: string; name: string; range: string; pinned: boolean }
  | { kind: 'file'; raw: string; path: string; pinned: true }
  | { kind: 'folder'; raw: string; path: string; pinned: false }
  | { kind: 'clawhub'; raw: string; ref: string; slug: string; ownerHandle?: string; version?: string; pinned: boolean };


function looksLikePath(raw: string): boolean {
  return raw.startsWith('./') || raw.startsWith('../') || raw.startsWith('/') || raw === '.' || raw === '..' || raw.startsWith('file:');
}

/**
 * `weather@1.5.0` (or `@acme/x@1.0.0`) given where a command takes locked names (update, remove):
 * the locked name and what was written after it, or null when the argument is not such a spec.
 */
export function lockedNameWithVersion(arg: string, isLocked: (name: string) => boolean): { name: string; version: string } | null {
  const at = arg.lastIndexOf('@');
  if (at <= 0) return null;
  const name = arg.slice(0, at);
  return isLocked(name) ? { name, version: arg.slice(at + 1) } : null;
}

/** True when `v` is an exact semver version (not a range, tag or wildcard). */
export function isExactVersion(v: string | undefined): v is string {
  return typeof v === 'string' && semverValid(v) !== null && semverClean(v) === v;
}

/**
 * True when `name` is a name npm accepts for a package (npm-package-arg's rules: URL-safe, no
 * leading dot or underscore, not `node_modules`, a scope only as `@scope/`). A registry already
 * holds its names to them; a local tarball's package.json is held to them here.
 */
export function isPackageName(name: string): boolean {
  try {
    const parsed = npa(name);
    // A bare name parses as the range `*`; anything after the name makes it another spec.
    return parsed.type === 'range' && parsed.rawSpec === '*' && parsed.name === name;
  } catch {
    return false;
  }
}

/**
 * `add` of a path that names no tarball: a folder (which has no bytes to pin), a file of another
 * kind, or nothing at all (ENOTFOUND, as for a missing ./x.tgz), said as what it is.
 */
function folderNotTarball(input: string, path = input): SkillpinError {
  let st: ReturnType<typeof statSync> | null;
  try {
    st = statSync(resolve(path), { throwIfNoEntry: false });
  } catch {
    // A name no file can have (a NUL, too long): not a tarball either way.
    st = null;
  }
  if (st === undefined) {
    return new SkillpinError('ENOTFOUND', `${input} does not exist`, { path: resolve(path), hint: 'Pass the path of a package tarball (./skill-1.2.3.tgz), or a registry spec such as name@1.2.3.' });
  }
  if (st === null || !st.isDirectory()) {
    return new SkillpinError('EUSAGE', `${input} is not a package tarball (a .tgz or .tar.gz file)`, { hint: 'Pack the skill with `npm pack` and add the .tgz it writes, or install from a registry spec such as name@1.2.3.' });
  }
  return new SkillpinError('EUSAGE', `${input} is a folder, not a package tarball`, {
    hint: `Run \`skill review ${input}\` to vet it. To install it, pack it (\`npm pack\` in the folder, which needs a package.json with its name and version) and add the .tgz it writes, so the bytes can be pinned.`,
  });
}

/**
 * Parse a spec. `folderAllowed` lets `skill review ./dir` accept a folder; `add` refuses folders
 * because a folder has no bytes to pin.
 */
export function parseSpec(raw: string, opts: { folderAllowed?: boolean } = {}): SkillSpec {
  const input = raw.trim();
  if (input.length === 0) throw new SkillpinError('EUSAGE', 'empty skill spec', { hint: 'Pass a spec such as weather@1.4.0.' });
  if (input.startsWith('clawhub:')) return parseClawhubRef(input);
  // A tarball URL (npm-package-arg's `remote`), before the path test below: it ends in .tgz too.
  if (/^https?:\/\//i.test(input)) {
    throw new SkillpinError('EUNPINNED', `${withoutCredentials(input)} is a tarball URL without a pinned integrity`, {
      hint: 'Install from a registry by exact version (name@1.2.3), or download the tarball and add ./file.tgz.',
    });
  }

  if (looksLikePath(input) || /\.(tgz|tar\.gz)$/i.test(input)) {
    const path = input.startsWith('file:') ? input.slice('file:'.length) : input;
    if (/\.(tgz|tar\.gz)$/i.test(path)) return { kind: 'file', raw: input, path, pinned: true };
    if (opts.folderAllowed) return { kind: 'folder', raw: input, path, pinned: false };
    throw folderNotTarball(input, path);
  }

  let parsed: npaType.Result;
  try {
    parsed = npa(input);
  } catch (err) {
    throw new SkillpinError('EUSAGE', `invalid skill spec ${JSON.stringify(input)}: ${(err as Error).message}`, {
      hint: 'Use name@1.2.3 (an exact version) or ./file.tgz.',
    });
  }
  // A relative path without ./ (`my-skill/`, `skills/weather/1.4.0`): npm reads it as a folder,
  // and so does `skill review`; `add` refuses it as it refuses ./folder.
  if (parsed.type === 'directory') {
    if (opts.folderAllowed) return { kind: 'folder', raw: input, path: input, pinned: false };
    throw folderNotTarball(input);
  }
  if (parsed.type === 'git' && !/^[a-z][a-z0-9+.-]*:/i.test(input)) {
    // `owner/repo`, which npm takes for a GitHub repository: skillpin installs no git specs.
    throw new SkillpinError('EUSAGE', `unsupported skill spec ${JSON.stringify(input)}: npm reads it as a GitHub repository, and skillpin installs no git specs`, {
      hint: `Use name@1.2.3, @scope/name@1.2.3, clawhub:@owner/slug@1.2.3 or ./file.tgz; for a folder, write ./${input}.`,
    });
  }
  if (parsed.type === 'git' || parsed.type === 'alias' || !parsed.name) {
    throw new SkillpinError('EUSAGE', `unsupported skill spec ${JSON.stringify(input)} (${parsed.type})`, {
      hint: 'Use name@1.2.3, clawhub:@owner/slug@1.2.3 or ./file.tgz.',
    });
  }
  const range = parsed.rawSpec === '' || parsed.rawSpec === '*' ? 'latest' : parsed.rawSpec;
  return { kind: 'registry', raw: input, name: parsed.name, range, pinned: isExactVersion(range) };
}

/**
 * OpenClaw's ClawHub reference form: `clawhub:@owner/slug[@version]` or `clawhub:slug[@version]`.
 * The ClawHub source owns the rules (handles, slugs, exact versions only); this only reshapes.
 */
export function parseClawhubRef(input: string): SkillSpec & { kind: 'clawhub' } {
  const parsed = parseClawhubSpec(input);
  const out: SkillSpec & { kind: 'clawhub' } = {
    kind: 'clawhub',
    raw: input,
    ref: input.slice('clawhub:'.length),
    slug: parsed.slug,
    pinned: parsed.pinned,
  };
  if (parsed.ownerHandle !== undefined) out.ownerHandle = parsed.ownerHandle;
  if (parsed.version !== undefined) out.version = parsed.version;
  return out;
}

/** The exact spec a person would type to pin what an unpinned spec resolved to. */
export function pinnedSpecFor(spec: SkillSpec, version: string, ownerHandle?: string): string {
  if (spec.kind === 'clawhub') {
    const owner = spec.ownerHandle ?? ownerHandle;
    return `clawhub:${owner ? `@${owner}/` : ''}${spec.slug}@${version}`;
  }
  if (spec.kind === 'registry') return `${spec.name}@${version}`;
  return spec.raw;
}
