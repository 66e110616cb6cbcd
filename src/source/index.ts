// Picks the source for a spec or a lock entry and returns integrity-checked archive entries.
// Everything downstream sees only FetchedSkill.

import { SkillpinError } from '../errors.js';
import type { LockEntry } from '../lockfile/index.js';
import { isExactVersion, pinnedSpecFor, type SkillSpec } from '../spec/index.js';
import type { Workspace } from '../workspace/index.js';
import { fetchLocalTarball } from './file.js';
import { NpmSource } from './npm.js';
import type { FetchedSkill, ResolvedSkill } from './types.js';

export type { FetchedSkill, ResolvedSkill, ArchiveEntry, SandboxLimits, ModerationInfo } from './types.js';
export { NpmSource } from './npm.js';

const npmSources = new Map<string, NpmSource>();

/** One NpmSource per registry and process, so the HTTP agent and cache handle are reused. */
export function npmSource(ws: Workspace, registry = ws.config.registry, preferOffline = false): NpmSource {
  const key = `${registry}\0${preferOffline}`;
  let s = npmSources.get(key);
  if (!s) {
    s = new NpmSource({
      registry,
      cache: ws.config.cache,
      limits: ws.config.limits,
      timeoutMs: ws.config.network.timeoutMs,
      retries: ws.config.network.retries,
      preferOffline,
    });
    npmSources.set(key, s);
  }
  return s;
}

export interface SpecFetch {
  fetched: FetchedSkill;
  pinned: boolean;
  pinnedSpec: string;
}

/** Resolve a spec to one exact version and fetch it (integrity-checked). */
export async function fetchSpec(spec: SkillSpec, ws: Workspace): Promise<SpecFetch> {
  switch (spec.kind) {
    case 'registry': {
      const source = npmSource(ws);
      const resolved = await source.resolve(spec.name, spec.range);
      const fetched = await source.fetch(resolved);
      return { fetched, pinned: spec.pinned, pinnedSpec: pinnedSpecFor(spec, resolved.version) };
    }
    case 'file': {
      const fetched = await fetchLocalTarball(spec.path, ws.config.limits);
      return { fetched, pinned: true, pinnedSpec: spec.raw };
    }
    case 'clawhub':
      throw new SkillpinError('EUSAGE', `ClawHub specs (${spec.raw}) are not supported by this build of skillpin`, {
        hint: 'Use an npm-protocol registry spec such as name@1.2.3.',
      });
    case 'folder':
      throw new SkillpinError('EUSAGE', `${spec.raw} is a folder; only \`skill review\` reads folders`);
  }
}

/** Re-fetch exactly what a lock entry pins (by its integrity; from cache when present). */
export async function fetchLocked(name: string, entry: LockEntry, ws: Workspace, opts: { preferOffline?: boolean } = {}): Promise<FetchedSkill> {
  const version = entry.version ?? undefined;
  if (!isExactVersion(version) || !entry.integrity) {
    throw new SkillpinError('EUNPINNED', `lock entry ${name} is not pinned`, { skill: name });
  }
  const source = entry.source ?? 'npm';
  if (source === 'file') {
    const fetched = await fetchLocalTarball(entry.resolved ?? entry.registry ?? '', ws.config.limits, entry.integrity);
    if (fetched.resolved.name !== name || fetched.resolved.version !== version) {
      throw new SkillpinError('EINTEGRITY', `${name}: the pinned file holds ${fetched.resolved.name}@${fetched.resolved.version}`, { skill: name });
    }
    return fetched;
  }
  if (source === 'npm') {
    if (!entry.resolved) throw new SkillpinError('ELOCKFILE', `lock entry ${name} has no "resolved" tarball URL`, { skill: name, hint: `Re-pin it: skill add ${name}@${version}.` });
    const { registry, url } = rebaseTarballUrl(entry, ws);
    const resolved: ResolvedSkill = { source: 'npm', name, version, registry, resolved: url, integrity: entry.integrity };
    const src = npmSource(ws, registry, opts.preferOffline ?? false);
    // Provenance of a locked version is re-checked from the stored bundle, so no packument is needed.
    return src.fetch(resolved, entry.integrity);
  }
  throw new SkillpinError('ELOCKFILE', `lock entry ${name} has unknown source ${JSON.stringify(source)}`, { skill: name });
}

/**
 * A lock made against one registry can be installed from a mirror: when the workspace names a
 * registry explicitly, a tarball URL under the locked registry is moved under the configured one.
 * The integrity still pins the bytes, so the mirror cannot change what is installed.
 */
export function rebaseTarballUrl(entry: LockEntry, ws: Workspace): { registry: string; url: string } {
  const locked = entry.registry ?? ws.config.registry;
  const url = entry.resolved ?? '';
  if (ws.config.registryExplicit && locked !== ws.config.registry && url.startsWith(locked)) {
    return { registry: ws.config.registry, url: ws.config.registry + url.slice(locked.length) };
  }
  return { registry: locked, url };
}
