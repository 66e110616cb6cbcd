// npm-protocol registries through pacote: packument, exact version, tarball by pinned integrity,
// and the attestations document when the registry advertises one (DESIGN §3.6).

import pacote from 'pacote';
import semver from 'semver';
import { SkillpinError } from '../errors.js';
import { verifyArchiveIntegrity } from '../integrity/index.js';
import { readTarball } from '../sandbox/tar.js';
import { isExactVersion } from '../spec/index.js';
import type { FetchedSkill, ResolvedSkill, SandboxLimits } from './types.js';

export interface NpmSourceOptions {
  registry: string;
  cache: string;
  limits: SandboxLimits;
  timeoutMs: number;
  retries: number;
  /** Skip the network when the tarball is in the cache (frozen installs of pinned bytes). */
  preferOffline?: boolean;
}

interface Packument {
  name?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, VersionManifest>;
  time?: Record<string, string>;
}

interface VersionManifest {
  name?: string;
  version?: string;
  _npmUser?: { name?: string; email?: string };
  maintainers?: Array<{ name?: string }>;
  dist?: {
    tarball?: string;
    integrity?: string;
    shasum?: string;
    attestations?: { url?: string; provenance?: { predicateType?: string } };
    signatures?: Array<{ keyid: string; sig: string }>;
  };
}

function pacoteOptions(o: NpmSourceOptions): Record<string, unknown> {
  return {
    registry: o.registry,
    cache: o.cache,
    fullMetadata: true,
    timeout: o.timeoutMs,
    fetchRetries: o.retries,
    fetchRetryMintimeout: 200,
    fetchRetryMaxtimeout: 2000,
    preferOffline: o.preferOffline ?? false,
    // Never run lifecycle scripts or read the user's npmrc auth for other hosts.
    ignoreScripts: true,
  };
}

/** Map pacote/npm-registry-fetch failures to our codes without losing the facts. */
export function registryError(err: unknown, what: string, registry: string): SkillpinError {
  if (err instanceof SkillpinError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'EINTEGRITY') {
    return new SkillpinError('EINTEGRITY', `${what}: downloaded bytes do not match the expected integrity`, {
      skill: what,
      hint: 'The registry served other bytes than it (or the lock) promised. Nothing was installed.',
    }, { cause: err });
  }
  if (e.code === 'E404' || e.statusCode === 404) {
    return new SkillpinError('ENOTFOUND', `${what} was not found on ${registry}`, {
      skill: what,
      hint: 'Check the name and version (skill outdated lists what the registry has), or the --registry URL.',
    }, { cause: err });
  }
  return new SkillpinError('EREGISTRY', `${what}: registry ${registry} failed: ${e.message ?? String(err)}`, {
    skill: what,
    status: e.statusCode,
    hint: 'Check that the registry is reachable (--registry, SKILL_REGISTRY or "registry" in .clawhub/config.json) and try again.',
  }, { cause: err });
}

export class NpmSource {
  constructor(private readonly opts: NpmSourceOptions) {}

  async packument(name: string): Promise<Packument> {
    try {
      return (await pacote.packument(name, pacoteOptions(this.opts) as pacote.Options)) as unknown as Packument;
    } catch (err) {
      throw registryError(err, name, this.opts.registry);
    }
  }

  /** All published versions, newest first (for `outdated` and unpinned resolution). */
  async versions(name: string): Promise<{ versions: string[]; distTags: Record<string, string>; time: Record<string, string> }> {
    const p = await this.packument(name);
    const versions = Object.keys(p.versions ?? {}).filter((v) => semver.valid(v)).sort(semver.rcompare);
    return { versions, distTags: p['dist-tags'] ?? {}, time: p.time ?? {} };
  }

  /** Pick the exact version a range or tag means, then describe it. */
  async resolve(name: string, range: string): Promise<ResolvedSkill> {
    const p = await this.packument(name);
    const versions = p.versions ?? {};
    let version: string | null;
    if (isExactVersion(range)) version = range in versions ? range : null;
    else if (p['dist-tags']?.[range]) version = p['dist-tags'][range] ?? null;
    else if (semver.validRange(range)) version = semver.maxSatisfying(Object.keys(versions), range);
    else version = null;
    if (!version || !versions[version]) {
      throw new SkillpinError('ENOTFOUND', `${name}@${range} is not published on ${this.opts.registry}`, {
        skill: name,
        hint: `Published versions: ${Object.keys(versions).slice(-8).join(', ') || 'none'}.`,
      });
    }
    return describeVersion(name, version, versions[version], p, this.opts.registry);
  }

  /** Download the tarball, check its integrity before reading a byte, then read its entries. */
  async fetch(resolved: ResolvedSkill, expectedIntegrity?: string): Promise<FetchedSkill> {
    const integrity = expectedIntegrity ?? resolved.integrity;
    const label = `${resolved.name}@${resolved.version}`;
    if (!integrity) {
      throw new SkillpinError('EINTEGRITY', `${label}: the registry publishes no integrity for this version`, {
        skill: resolved.name,
        hint: 'Without a published sha512 nothing can be pinned; ask the publisher to republish.',
      });
    }
    let archive: Buffer;
    try {
      archive = await pacote.tarball(resolved.resolved, { ...pacoteOptions(this.opts), integrity } as pacote.Options);
    } catch (err) {
      throw registryError(err, label, this.opts.registry);
    }
    const actual = verifyArchiveIntegrity(archive, integrity, resolved.name);
    const entries = readTarball(archive, this.opts.limits, resolved.name);
    checkPackageJson(entries, resolved);
    let attestations: unknown | null = null;
    if (resolved.attestationsUrl) attestations = await this.fetchAttestations(resolved.attestationsUrl, label);
    return { resolved, integrity: actual, archive, entries, attestations };
  }

  async fetchAttestations(url: string, label: string): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    try {
      const res = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const text = await res.text();
      if (text.length > 16 * 1024 * 1024) throw new Error('attestations document over 16 MiB');
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new SkillpinError('EPROVENANCE', `${label}: the registry advertises provenance at ${url} but it cannot be fetched (${(err as Error).message})`, {
        hint: 'Provenance that is advertised but unavailable is treated as a failure, not as "none". Retry, or check the registry.',
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

function describeVersion(name: string, version: string, m: VersionManifest | undefined, p: Packument, registry: string): ResolvedSkill {
  const dist = m?.dist ?? {};
  if (!dist.tarball) {
    throw new SkillpinError('EREGISTRY', `${name}@${version}: the packument has no dist.tarball`, { skill: name });
  }
  const out: ResolvedSkill = {
    source: 'npm',
    name,
    version,
    registry,
    resolved: dist.tarball,
  };
  if (dist.integrity) out.integrity = dist.integrity;
  const publisher = m?._npmUser?.name ?? m?.maintainers?.map((x) => x.name).filter(Boolean).join(', ');
  if (publisher) out.publisher = publisher;
  const time = p.time?.[version];
  if (time) out.publishedAt = time;
  if (dist.attestations?.url) out.attestationsUrl = dist.attestations.url;
  if (Array.isArray(dist.signatures)) out.signatures = dist.signatures;
  return out;
}

/** A registry that serves the right bytes for the wrong package is caught by its own package.json. */
function checkPackageJson(entries: FetchedSkill['entries'], resolved: ResolvedSkill): void {
  const pj = entries.find((e) => e.path === 'package.json');
  if (!pj?.data) return;
  let doc: { name?: unknown; version?: unknown };
  try {
    doc = JSON.parse(pj.data.toString('utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return;
  }
  if (doc.name !== resolved.name || doc.version !== resolved.version) {
    throw new SkillpinError('EINTEGRITY', `${resolved.name}@${resolved.version}: the tarball's package.json says ${String(doc.name)}@${String(doc.version)}`, {
      skill: resolved.name,
      hint: 'The registry served a tarball of another package or version; nothing was installed.',
    });
  }
}
