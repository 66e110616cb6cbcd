// Picks the source for a spec or a lock entry and returns integrity-checked archive entries.
// Everything downstream sees only FetchedSkill.

import { relative, resolve, sep } from 'node:path';
import semverRcompare from 'semver/functions/rcompare.js';
import semverValid from 'semver/functions/valid.js';
import { SkillpinError } from '../errors.js';
import { assertCacheUsable } from '../config/index.js';
import { isPathInside } from '../fsutil/index.js';
import { lockedSourceOf, type LockEntry } from '../lockfile/index.js';
import { isExactVersion, pinnedSpecFor, type SkillSpec } from '../spec/index.js';
import type { Workspace } from '../workspace/index.js';
import { clawhubBaseUrlSetting, createClawhubSource, formatClawhubSpec, parseClawhubSpec, resolveClawhubBaseUrl, type ClawhubSource } from './clawhub/index.js';
import { fetchLocalTarball } from './file.js';
import { clearTextHop } from './net.js';
import { NpmSource, registryCredential, tokenInClearError } from './npm.js';
import type { FetchedSkill, ResolvedSkill } from './types.js';
import type { Unpacker } from '../sandbox/unpack.js';
import type { CachedTree } from './tree-cache.js';

export type { FetchedSkill, ResolvedSkill, ArchiveEntry, SandboxLimits, ModerationInfo } from './types.js';
export { NpmSource } from './npm.js';

const npmSources = new Map<string, NpmSource>();

/** One NpmSource per registry and process, so the HTTP agent and cache handle are reused. */
export function npmSource(ws: Workspace, registry = ws.config.registry, preferOffline = false): NpmSource {
  const key = `${registry}\0${preferOffline}`;
  let s = npmSources.get(key);
  if (!s) {
    assertCacheUsable(ws.config.cache, process.env);
    s = new NpmSource({
      registry,
      cache: ws.config.cache,
      limits: ws.config.limits,
      timeoutMs: ws.config.network.timeoutMs,
      retries: ws.config.network.retries,
      preferOffline,
      credential: registryCredential(process.env),
    });
    npmSources.set(key, s);
  }
  return s;
}

const clawhubSources = new Map<string, ClawhubSource>();

/** Where the environment comes from: the caller's options, else this process (CLI entry). */
export interface SourceContext {
  env?: NodeJS.ProcessEnv;
}

/** The ClawHub base URL of a workspace (DESIGN §3.2): sources.clawhub.url, then the environment. */
export function clawhubBaseUrl(ws: Workspace, ctx: SourceContext = {}): string {
  return resolveClawhubBaseUrl(ws.config.clawhubUrl, ctx.env ?? process.env);
}

/** True when the workspace names a ClawHub URL itself (config or environment), not the default. */
function clawhubUrlExplicit(ws: Workspace, env: NodeJS.ProcessEnv): boolean {
  return [ws.config.clawhubUrl, env.CLAWHUB_REGISTRY, env.OPENCLAW_CLAWHUB_URL, env.CLAWHUB_URL].some((v) => v !== undefined && v.trim() !== '');
}

/**
 * Where `CLAWHUB_TOKEN` may be sent: the origin of the ClawHub the environment names
 * (`CLAWHUB_REGISTRY`, `OPENCLAW_CLAWHUB_URL`, `CLAWHUB_URL`), else clawhub.ai. The token's scope
 * comes from where the token comes from: a URL in the workspace's config or lock (which a
 * teammate's unreviewed change can edit) never receives it.
 */
export function clawhubTokenOrigin(env: NodeJS.ProcessEnv): string {
  return new URL(resolveClawhubBaseUrl(undefined, env)).origin;
}

/**
 * Refuse `CLAWHUB_TOKEN` when the ClawHub it is scoped to (clawhubTokenOrigin) is reached in clear
 * across the network (clearTextHop: plain http to another host, or to this machine through a
 * plain-http proxy elsewhere): every request there would carry it (ECONFIG, before any is sent).
 * Plain http on this machine (a local ClawHub, the tests' stand-in) keeps it.
 */
export function checkClawhubTokenTransport(env: NodeJS.ProcessEnv): void {
  if (!env.CLAWHUB_TOKEN) return;
  const { url, from } = clawhubBaseUrlSetting(undefined, env);
  const hop = clearTextHop(new URL(url));
  if (hop !== null) throw tokenInClearError('CLAWHUB_TOKEN', from, url, hop);
}

/**
 * Refuse either registry token where it would cross the network in clear (ECONFIG): for a command
 * that asks registries, before its first request, whichever registry that turns out to be.
 */
export function checkTokenTransport(env: NodeJS.ProcessEnv): void {
  checkClawhubTokenTransport(env);
  registryCredential(env);
}

/**
 * One ClawHub source per base URL and process. The token comes from `CLAWHUB_TOKEN` only; it is
 * sent only to its own registry's origin (clawhubTokenOrigin) and never written or printed (the
 * HTTP client redacts it).
 */
export function clawhubSource(ws: Workspace, baseUrl = clawhubBaseUrl(ws), ctx: SourceContext = {}): ClawhubSource {
  const env = ctx.env ?? process.env;
  checkClawhubTokenTransport(env);
  const set = env.CLAWHUB_TOKEN && env.CLAWHUB_TOKEN.length > 0 ? env.CLAWHUB_TOKEN : undefined;
  const tokenOrigin = set ? clawhubTokenOrigin(env) : undefined;
  const token = set && new URL(baseUrl).origin === tokenOrigin ? set : undefined;
  const key = `${baseUrl.replace(/\/+$/, '')}\0${token ?? ''}`;
  let s = clawhubSources.get(key);
  if (!s) {
    s = createClawhubSource({
      baseUrl,
      ...(token ? { token } : tokenOrigin ? { tokenWithheldFor: tokenOrigin } : {}),
      limits: ws.config.limits,
      timeoutMs: ws.config.network.timeoutMs,
      retries: ws.config.network.retries,
    });
    clawhubSources.set(key, s);
  }
  return s;
}

export interface SpecFetch {
  fetched: FetchedSkill;
  pinned: boolean;
  pinnedSpec: string;
}

/** Resolve a spec to one exact version and fetch it (integrity-checked). */
export async function fetchSpec(spec: SkillSpec, ws: Workspace, ctx: SourceContext = {}): Promise<SpecFetch> {
  switch (spec.kind) {
    case 'registry': {
      const source = npmSource(ws);
      const resolved = await source.resolve(spec.name, spec.range);
      const fetched = await source.fetch(resolved);
      return { fetched, pinned: spec.pinned, pinnedSpec: pinnedSpecFor(spec, resolved.version) };
    }
    case 'file': {
      const fetched = await fetchLocalTarball(spec.path, ws.config.limits);
      // A tarball inside the workspace is recorded by its path from there (vendor/x.tgz), so the
      // lock holds the same on every clone; one outside keeps its absolute path.
      const abs = fetched.resolved.resolved;
      if (abs !== ws.config.workspace && isPathInside(abs, ws.config.workspace)) {
        const shown = relative(ws.config.workspace, abs).split(sep).join('/');
        fetched.resolved = { ...fetched.resolved, registry: shown, resolved: shown };
      }
      return { fetched, pinned: true, pinnedSpec: spec.raw };
    }
    case 'clawhub': {
      const source = clawhubSource(ws, clawhubBaseUrl(ws, ctx), ctx);
      const resolved = await source.resolve(parseClawhubSpec(spec.raw));
      const fetched = await source.fetch(resolved);
      return { fetched, pinned: spec.pinned, pinnedSpec: pinnedSpecFor(spec, resolved.version, resolved.ownerHandle) };
    }
    case 'folder':
      throw new SkillpinError('EUSAGE', `${spec.raw} is a folder; only \`skill review\` reads folders`);
  }
}

/** Re-fetch exactly what a lock entry pins (by its integrity; from cache when present). */
export async function fetchLocked(name: string, entry: LockEntry, ws: Workspace, opts: { preferOffline?: boolean; unpack?: Unpacker; tree?: CachedTree | null } & SourceContext = {}): Promise<FetchedSkill> {
  const version = entry.version ?? undefined;
  if (!isExactVersion(version) || !entry.integrity) {
    throw new SkillpinError('EUNPINNED', `lock entry ${name} is not pinned`, { skill: name });
  }
  const source = lockedSourceOf(entry);
  if (source === 'file') {
    // A relative path is the workspace's (see fetchSpec); an absolute one is kept as it is.
    const fetched = await fetchLocalTarball(resolve(ws.config.workspace, entry.resolved ?? entry.registry ?? ''), ws.config.limits, entry.integrity, name);
    if (fetched.resolved.name !== name || fetched.resolved.version !== version) {
      throw new SkillpinError('EINTEGRITY', `${name}: the pinned file holds ${fetched.resolved.name}@${fetched.resolved.version}`, {
        skill: name,
        hint: `The lock entry ${name}@${version} names a tarball of another skill or version; nothing was installed. Restore the lock from version control, or pin the tarball again with \`skill add <path>\`.`,
      });
    }
    return fetched;
  }
  if (source === 'npm') {
    if (!entry.resolved) throw new SkillpinError('ELOCKFILE', `lock entry ${name} has no "resolved" tarball URL`, { skill: name, hint: `Re-pin it: skill add ${name}@${version}.` });
    const { registry, url } = rebaseTarballUrl(entry, ws);
    const resolved: ResolvedSkill = { source: 'npm', name, version, registry, resolved: url, integrity: entry.integrity };
    const src = npmSource(ws, registry, opts.preferOffline ?? false);
    // Provenance of a locked version is re-checked from the stored bundle, so no packument is needed.
    // A registry tarball's entries may come from the tree cache (`opts.tree`, looked up by the caller).
    return src.fetch(resolved, entry.integrity, opts.unpack, opts.tree ?? null);
  }
  if (source === 'clawhub') {
    return fetchClawhubVersion(name, entry, version, ws, { ...opts, integrity: entry.integrity });
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

/**
 * The ClawHub registry a lock entry is fetched from: the one it records (the clawhub CLI records
 * none, then the workspace's). As for npm, a workspace that names a ClawHub URL itself can move a
 * pinned fetch to a mirror: the integrity still pins the bytes.
 */
export function clawhubRegistryFor(entry: LockEntry, ws: Workspace, ctx: SourceContext = {}, opts: { allowMirror?: boolean } = {}): string {
  const env = ctx.env ?? process.env;
  const configured = clawhubBaseUrl(ws, ctx);
  if (!entry.registry) return configured;
  const locked = entry.registry.replace(/\/+$/, '');
  if (opts.allowMirror && clawhubUrlExplicit(ws, env) && locked !== configured) return configured;
  return resolveClawhubBaseUrl(locked, {});
}

/**
 * Fetch the recorded version of a ClawHub lock entry (`name` is the bare slug; the owner comes from
 * `ownerHandle`). With `integrity`, the zip must have exactly those bytes (EINTEGRITY otherwise).
 * Without it (adoption) the zip is still checked file by file against ClawHub's published list.
 */
export async function fetchClawhubVersion(
  name: string,
  entry: LockEntry,
  version: string,
  ws: Workspace,
  opts: SourceContext & { integrity?: string; registry?: string } = {},
): Promise<FetchedSkill> {
  const ownerHandle = typeof entry.ownerHandle === 'string' && entry.ownerHandle.length > 0 ? entry.ownerHandle : undefined;
  const spec = parseClawhubSpec(formatClawhubSpec({ ownerHandle, slug: name, version }));
  const registry = opts.registry ?? clawhubRegistryFor(entry, ws, opts, { allowMirror: opts.integrity !== undefined });
  const source = clawhubSource(ws, registry, opts);
  const resolved = await source.resolve(spec);
  if (opts.integrity) resolved.integrity = opts.integrity;
  const fetched = await source.fetch(resolved);
  if (fetched.resolved.name !== name || fetched.resolved.version !== version) {
    throw new SkillpinError('EINTEGRITY', `${name}: ClawHub served ${fetched.resolved.name}@${fetched.resolved.version} for the pinned ${name}@${version}`, { skill: name });
  }
  return fetched;
}

export interface VersionList {
  /** Exact versions, newest first. */
  versions: string[];
  /** ISO publish time per version, where the registry gives one. */
  time: Record<string, string>;
  /** npm dist-tags (`latest` decides what an update proposes); empty for ClawHub. */
  distTags: Record<string, string>;
  /** The registry asked. */
  registry: string;
  /**
   * npm: the versions the registry serves with a non-empty `dist.signatures` (whether they verify
   * is not checked here); empty for ClawHub, which signs nothing.
   */
  signed: Set<string>;
}

/** The published versions of a locked skill, from the source its entry names (npm or ClawHub). */
export async function listVersions(name: string, entry: LockEntry, ws: Workspace, ctx: SourceContext = {}): Promise<VersionList> {
  const source = lockedSourceOf(entry);
  if (source === 'npm') {
    const registry = entry.registry && !ws.config.registryExplicit ? entry.registry : ws.config.registry;
    const { versions, time, distTags, signatures } = await npmSource(ws, registry).versions(name);
    const out: Record<string, string> = {};
    for (const v of versions) if (time[v]) out[v] = time[v] as string;
    return { versions, time: out, distTags, registry, signed: new Set(Object.keys(signatures)) };
  }
  if (source === 'clawhub') {
    const ownerHandle = typeof entry.ownerHandle === 'string' && entry.ownerHandle.length > 0 ? entry.ownerHandle : undefined;
    const registry = clawhubRegistryFor(entry, ws, ctx, { allowMirror: true });
    const source = clawhubSource(ws, registry, ctx);
    const items = await source.versions(name, ownerHandle);
    const valid = items.filter((i) => semverValid(i.version) === i.version);
    valid.sort((a, b) => semverRcompare(a.version, b.version));
    const time: Record<string, string> = {};
    for (const i of valid) if (i.createdAt) time[i.version] = i.createdAt;
    // ClawHub's latest version is the one its publisher designates (what `skill add` and OpenClaw
    // install for a bare slug), not always the highest: it plays npm's `latest` tag here.
    // No designated latest: the highest version listed is proposed.
    const latest = await source.latestVersion(name, ownerHandle);
    return { versions: valid.map((i) => i.version), time, distTags: latest === null ? {} : { latest }, registry, signed: new Set() };
  }
  throw new SkillpinError('EUSAGE', `${name} comes from ${source}; it has no registry to list versions from`, { skill: name });
}

/** Fetch another exact version of a locked skill from the source it was locked from (for update). */
export async function fetchVersionOf(name: string, entry: LockEntry, version: string, ws: Workspace, ctx: SourceContext = {}): Promise<FetchedSkill> {
  if (lockedSourceOf(entry) === 'clawhub') return fetchClawhubVersion(name, entry, version, ws, ctx);
  const { registry } = rebaseTarballUrl(entry, ws);
  const src = npmSource(ws, registry);
  return src.fetch(await src.resolve(name, version));
}
