// The ClawHub source: resolve a spec through the HTTP API (skill, exact version, per-file list,
// moderation), fetch and unpack the zip under the sandbox rules, and check it file by file.

import { createHash } from 'node:crypto';
import semverRcompare from 'semver/functions/rcompare.js';
import semverValid from 'semver/functions/valid.js';
import ssri from 'ssri';
import { SkillpinError } from '../../errors.js';
import { DEFAULT_LIMITS, type FetchedSkill, type ModerationInfo, type ResolvedSkill, type SandboxLimits } from '../types.js';
import { ClawhubHttp, JSON_MAX_BYTES, MiB, ZIP_MAX_BYTES, type ClawhubHttpOptions } from './http.js';
import { formatClawhubSpec, HANDLE_RE, parseClawhubSpec, SLUG_RE, type ClawhubSpec } from './spec.js';
import { digestEntries, skillFileOf } from './tree-digest.js';
import { parseFileList, verifyPerFileList, type ClawhubFileInfo } from './verify-files.js';
import { readSkillZip } from './zip.js';

export interface ClawhubSourceOptions extends ClawhubHttpOptions {
  /** Sandbox limits for the zip (entry count, per-file and total size). */
  limits?: SandboxLimits;
  /** Cap on the downloaded zip; default min(256 MiB, what the limits can need). */
  maxZipBytes?: number;
  /** Largest per-entry compression ratio (for entries over 1 MiB), default 200. */
  maxCompressionRatio?: number;
}

export interface ClawhubVersionInfo {
  version: string;
  /** ISO time, when the registry gives one. */
  createdAt?: string;
  changelog: string;
}

export interface ClawhubSecurityVerdict {
  ok: boolean;
  decision?: string;
  status?: string;
  overview?: string;
  securityAuditUrl?: string;
  reasons: string[];
}

/** What `ResolvedSkill.extra` holds for a ClawHub skill. */
export interface ClawhubExtra {
  /** Endpoint 6 `version.files`, validated; absent when unusable (then `filesProblem` says why). */
  files?: ClawhubFileInfo[];
  filesProblem?: string;
  changelog?: string;
  license?: string;
  displayName?: string;
  latestVersion?: string;
  /** Whether the spec named an exact version. */
  pinned: boolean;
  /** OpenClaw's spec form, `clawhub:@owner/slug@version`. */
  spec: string;
}

export interface ClawhubSource {
  readonly baseUrl: string;
  resolve(spec: string | ClawhubSpec): Promise<ResolvedSkill>;
  /** The version ClawHub designates as latest (what a bare slug installs), or null when it names none. */
  latestVersion(slug: string, owner?: string): Promise<string | null>;
  fetch(resolved: ResolvedSkill): Promise<FetchedSkill>;
  versions(slug: string, owner?: string): Promise<ClawhubVersionInfo[]>;
  /** Endpoint 10, OpenClaw's trust check, for one exact version; throws EREGISTRY when it cannot be had. */
  securityVerdict(slug: string, owner: string | undefined, version: string): Promise<ClawhubSecurityVerdict>;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const msToIso = (v: unknown): string | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? new Date(v).toISOString() : undefined;

export function createClawhubSource(opts: ClawhubSourceOptions): ClawhubSource {
  const http = new ClawhubHttp(opts);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  // A zip never needs to be much larger than what it may unpack to (stored entries plus headers).
  const maxZipBytes = opts.maxZipBytes ?? Math.min(ZIP_MAX_BYTES, limits.maxTotalBytes + limits.maxFiles * 4096 + MiB);
  const baseUrl = http.baseUrl;

  const invalid = (what: string, skill: string): never => {
    throw new SkillpinError('EREGISTRY', `ClawHub answered with an invalid ${what} for ${skill}`, {
      skill,
      registry: baseUrl,
      hint: 'The registry response does not have the documented shape; check sources.clawhub.url / CLAWHUB_REGISTRY.',
    });
  };

  /** Endpoint 3, the skill record, checked: the owner it is served for and its designated latest version. */
  async function skillRecord(spec: ClawhubSpec, label: string): Promise<{ skillBody: Json; skill: Json; ownerHandle: string | undefined; latest: string | undefined; designated: string | undefined }> {
    const skillBody = await http.json(
      http.url(`/api/v1/skills/${encodeURIComponent(spec.slug)}`, { ownerHandle: spec.ownerHandle }),
      { skill: label, notFound: `ClawHub has no skill ${label}` },
    );
    if (!isObj(skillBody) || !isObj(skillBody.skill)) return invalid('skill record', label);
    const skill = skillBody.skill;
    const servedSlug = str(skill.slug)?.toLowerCase();
    if (servedSlug !== spec.slug) {
      // ClawHub answers a renamed skill's old slug with the record under its new one. A pin names a
      // slug, so a rename is not followed silently: the skill is reviewed under its new name.
      if (servedSlug !== undefined && SLUG_RE.test(servedSlug)) {
        const now = formatClawhubSpec({ ownerHandle: spec.ownerHandle, slug: servedSlug });
        throw new SkillpinError('EREGISTRY', `ClawHub answers ${label} with the skill ${now}: it was renamed, or the slug now leads elsewhere`, {
          skill: label,
          servedSlug,
          hint: `skillpin does not follow a rename silently. Review the skill under its new name (skill add ${now}@<version>), then remove the old entry; skill verify keeps checking what is installed meanwhile.`,
        });
      }
      return invalid(`skill record (slug ${JSON.stringify(skill.slug)})`, label);
    }
    const served = isObj(skillBody.owner) ? str(skillBody.owner.handle)?.toLowerCase() : undefined;
    if (spec.ownerHandle && served && served !== spec.ownerHandle) {
      throw new SkillpinError('EREGISTRY', `ClawHub answered for owner @${served} when ${label} was asked for`, {
        skill: label,
        hint: 'The registry returned another publisher\'s skill; do not install it.',
      });
    }
    const ownerHandle = spec.ownerHandle ?? served;
    if (ownerHandle !== undefined && !HANDLE_RE.test(ownerHandle)) return invalid(`owner handle ${JSON.stringify(ownerHandle)}`, label);
    const latest = isObj(skillBody.latestVersion) ? str(skillBody.latestVersion.version) : undefined;
    const tagLatest = isObj(skill.tags) ? str(skill.tags.latest) : undefined;
    return { skillBody, skill, ownerHandle, latest, designated: latest ?? tagLatest };
  }

  /** The version ClawHub designates as latest, or null when it names none (one request). */
  async function latestVersion(slug: string, owner?: string): Promise<string | null> {
    const spec = parseClawhubSpec(owner ? `@${owner}/${slug}` : slug);
    const label = formatClawhubSpec(spec);
    const { designated } = await skillRecord(spec, label);
    if (designated === undefined) return null;
    if (semverValid(designated) !== designated) return invalid(`version ${JSON.stringify(designated)}`, label);
    return designated;
  }

  async function resolve(input: string | ClawhubSpec): Promise<ResolvedSkill> {
    const spec = typeof input === 'string' ? parseClawhubSpec(input) : input;
    const label = formatClawhubSpec(spec);
    const { skillBody, skill, ownerHandle, latest, designated } = await skillRecord(spec, label);
    const version = spec.version ?? designated;
    if (version === undefined) return noLatest(spec.slug, ownerHandle, label);
    if (semverValid(version) !== version) return invalid(`version ${JSON.stringify(version)}`, label);
    const exact = formatClawhubSpec({ ownerHandle, slug: spec.slug, version });

    // Endpoint 6: the exact version. A 404 is a wrong version; any other failure leaves the
    // verdict unavailable and the file list missing, so fetch fails closed.
    let versionRec: Json | undefined;
    let versionProblem: string | undefined;
    try {
      const body = await http.json(
        http.url(`/api/v1/skills/${encodeURIComponent(spec.slug)}/versions/${encodeURIComponent(version)}`, { ownerHandle }),
        { skill: exact, notFound: `ClawHub has no version ${version} of ${label}` },
      );
      if (!isObj(body) || !isObj(body.version)) versionProblem = 'the version record is not valid';
      else if (str(body.version.version) !== version) versionProblem = `the version record names ${JSON.stringify(body.version.version)}`;
      else versionRec = body.version;
    } catch (err) {
      if (err instanceof SkillpinError && err.code === 'ENOTFOUND') throw await withPublished(err, spec.slug, ownerHandle);
      versionProblem = err instanceof Error ? err.message : String(err);
    }

    const moderation = mapModeration(skillBody.moderation, versionRec?.security);
    const extra: ClawhubExtra = { pinned: spec.pinned, spec: exact };
    if (versionRec) {
      const parsed = parseFileList(versionRec.files);
      if ('files' in parsed) extra.files = parsed.files;
      else extra.filesProblem = parsed.problem;
      const changelog = str(versionRec.changelog);
      if (changelog) extra.changelog = changelog;
      const license = str(versionRec.license);
      if (license) extra.license = license;
    } else {
      extra.filesProblem = `the version record could not be fetched (${versionProblem ?? 'unknown'})`;
    }
    const displayName = str(skill.displayName);
    if (displayName) extra.displayName = displayName;
    if (latest) extra.latestVersion = latest;

    const resolved: ResolvedSkill = {
      source: 'clawhub',
      name: spec.slug,
      version,
      registry: baseUrl,
      resolved: http.url('/api/v1/download', { slug: spec.slug, ownerHandle, version }),
      moderation,
      extra: extra as unknown as Record<string, unknown>,
    };
    if (ownerHandle) {
      resolved.ownerHandle = ownerHandle;
      resolved.publisher = ownerHandle;
    }
    const publishedAt = msToIso(versionRec?.createdAt);
    if (publishedAt) resolved.publishedAt = publishedAt;
    return resolved;
  }

  /**
   * No version named and none designated latest (`tags` without `latest`, `latestVersion: null`):
   * like OpenClaw and the clawhub CLI, install nothing rather than guess. Say what is published, so
   * one can be pinned. Always ENOTFOUND: listVersions then falls back to the highest listed version.
   */
  /** A version ClawHub does not publish: the same error, naming the versions it does (as npm's does). */
  async function withPublished(err: SkillpinError, slug: string, ownerHandle: string | undefined): Promise<SkillpinError> {
    let published: string[];
    try {
      published = (await versions(slug, ownerHandle)).map((i) => i.version).filter((v) => semverValid(v) === v).sort(semverRcompare);
    } catch (listErr) {
      if (listErr instanceof SkillpinError) return err;
      throw listErr;
    }
    if (published.length === 0) return err;
    const example = formatClawhubSpec({ ownerHandle, slug, version: published[0] as string });
    return new SkillpinError('ENOTFOUND', err.message, {
      ...err.facts,
      ...(err.skill !== undefined ? { skill: err.skill } : {}),
      published,
      hint: `Published versions: ${published.slice(0, 8).join(', ')}${published.length > 8 ? ` and ${published.length - 8} more` : ''}. Pin one of them: skill add ${example}.`,
    }, { cause: err });
  }

  async function noLatest(slug: string, ownerHandle: string | undefined, label: string): Promise<never> {
    let published: string[] | undefined;
    try {
      published = (await versions(slug, ownerHandle)).map((i) => i.version).filter((v) => semverValid(v) === v).sort(semverRcompare);
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
    }
    if (published?.length === 0) {
      throw new SkillpinError('ENOTFOUND', `ClawHub has no published version of ${label}`, { skill: label, hint: 'Nothing to install yet.' });
    }
    const example = formatClawhubSpec({ ownerHandle, slug, version: published?.[0] ?? '<version>' });
    const listed = published ? `; it lists ${published.slice(0, 8).join(', ')}${published.length > 8 ? ` and ${published.length - 8} more` : ''}` : '';
    throw new SkillpinError('ENOTFOUND', `ClawHub names no latest version of ${label}${listed}`, {
      skill: label,
      ...(published ? { published } : {}),
      hint: `An unpinned ClawHub spec means the version ClawHub designates as latest (as in OpenClaw), and this skill has none. Review and pin an exact version: skill add ${example}.`,
    });
  }

  async function fetchSkill(resolved: ResolvedSkill): Promise<FetchedSkill> {
    if (resolved.source !== 'clawhub') {
      throw new SkillpinError('EUSAGE', `the ClawHub source cannot fetch a ${resolved.source} skill (${resolved.name})`, { skill: resolved.name });
    }
    const extra = (resolved.extra ?? {}) as Partial<ClawhubExtra>;
    const label = extra.spec ?? formatClawhubSpec({ ownerHandle: resolved.ownerHandle, slug: resolved.name, version: resolved.version });
    // Fail closed before downloading: without the published list the zip cannot be checked.
    const parsed = extra.files ? parseFileList(extra.files) : { problem: extra.filesProblem ?? 'ClawHub published no per-file list for this version' };
    if (!('files' in parsed)) {
      throw new SkillpinError('EINTEGRITY', `cannot verify ${label}: ${http.redact(parsed.problem)}`, {
        skill: label,
        hint: 'skillpin accepts a ClawHub zip only when every file matches the per-file sha256 list ClawHub publishes; try again later.',
      });
    }
    const archive = await http.bytes(resolved.resolved, { skill: label, notFound: `ClawHub has no download for ${label}`, maxBytes: maxZipBytes });
    if (resolved.integrity) {
      if (!ssri.checkData(archive, resolved.integrity)) {
        throw new SkillpinError('EINTEGRITY', `the zip of ${label} does not match the integrity ${resolved.integrity}`, {
          skill: label,
          expected: resolved.integrity,
          hint: 'The registry served other bytes than were pinned; do not install it.',
        });
      }
    }
    const integrity = ssri.fromData(archive, { algorithms: ['sha512'] }).toString();
    const { entries, dropped } = await readSkillZip(archive, { limits, skill: label, maxRatio: opts.maxCompressionRatio });
    verifyPerFileList(entries, parsed.files, label);
    const sha256 = createHash('sha256').update(archive).digest();
    const lockExtras: Record<string, unknown> = {
      source: 'clawhub',
      artifact: { kind: 'archive', sha256: sha256.toString('hex'), integrity: `sha256-${sha256.toString('base64')}` },
      fileTreeSha256: digestEntries(entries),
    };
    if (resolved.ownerHandle) lockExtras.ownerHandle = resolved.ownerHandle;
    const skillFile = skillFileOf(entries);
    if (skillFile) lockExtras.skillFile = skillFile;
    return { resolved, integrity, archive, entries, lockExtras, ...(dropped.length ? { dropped } : {}) };
  }

  async function versions(slug: string, owner?: string): Promise<ClawhubVersionInfo[]> {
    const spec = parseClawhubSpec(owner ? `@${owner}/${slug}` : slug);
    const label = formatClawhubSpec(spec);
    const out: ClawhubVersionInfo[] = [];
    let cursor: string | undefined;
    // The pages together are held to one document's cap: 50 pages of 16 MiB each (a list with a
    // next cursor every time) would have been 800 MiB of JSON held and parsed.
    let budget = JSON_MAX_BYTES;
    for (let page = 0; page < 50; page++) {
      const { body, size } = await http.jsonSized(
        http.url(`/api/v1/skills/${encodeURIComponent(spec.slug)}/versions`, { limit: '100', ownerHandle: spec.ownerHandle, cursor }),
        { skill: label, notFound: `ClawHub has no skill ${label}`, maxBytes: budget, tooLarge: `ClawHub's version list of ${label} is more than ${JSON_MAX_BYTES} bytes over its pages (${page + 1} read); refused` },
      );
      budget -= size;
      if (!isObj(body) || !Array.isArray(body.items)) return invalid('version list', label);
      for (const item of body.items as unknown[]) {
        if (!isObj(item) || typeof item.version !== 'string') return invalid('version list entry', label);
        const info: ClawhubVersionInfo = { version: item.version, changelog: typeof item.changelog === 'string' ? item.changelog : '' };
        const createdAt = msToIso(item.createdAt);
        if (createdAt) info.createdAt = createdAt;
        out.push(info);
      }
      cursor = str(body.nextCursor);
      if (!cursor) return out;
    }
    return invalid('version list (more than 50 pages)', label);
  }

  async function securityVerdict(slug: string, owner: string | undefined, version: string): Promise<ClawhubSecurityVerdict> {
    const label = formatClawhubSpec({ ownerHandle: owner, slug, version });
    const body = await http.json(http.url('/api/v1/skills/-/security-verdicts'), {
      skill: label,
      method: 'POST',
      body: { items: [owner ? { slug, ownerHandle: owner, version } : { slug, version }] },
    });
    if (!isObj(body) || !Array.isArray(body.items) || !isObj(body.items[0])) return invalid('security verdict', label);
    const item = body.items[0];
    // OpenClaw rejects a verdict for another skill, version or publisher, and one without its texts.
    if (str(item.slug) !== slug || str(item.version) !== version || (owner && str(item.publisherHandle)?.toLowerCase() !== owner)) {
      return invalid('security verdict (for another skill or version)', label);
    }
    const overview = str(item.overview);
    const securityAuditUrl = str(item.securityAuditUrl);
    if (!overview || !securityAuditUrl) return invalid('security verdict (no overview or audit URL)', label);
    const security = isObj(item.security) ? item.security : {};
    const out: ClawhubSecurityVerdict = {
      ok: item.ok === true,
      overview,
      securityAuditUrl,
      reasons: Array.isArray(item.reasons) ? item.reasons.filter((r): r is string => typeof r === 'string') : [],
    };
    const decision = str(item.decision);
    if (decision) out.decision = decision;
    const status = str(security.status);
    if (status) out.status = status;
    return out;
  }

  return { baseUrl, resolve, latestVersion, fetch: fetchSkill, versions, securityVerdict };
}

function isBlockingReason(code: string): boolean {
  const c = code.toLowerCase();
  return c.includes('malicious') || c.includes('malware') || c.endsWith('_blocked') || c.endsWith('.blocked');
}

/**
 * Combine endpoint 3's skill-level `moderation` with endpoint 6's version-level `security`.
 * Blocked wins over suspicious, which wins over pending/error. `clean` needs a clean version-level
 * status and no contrary moderation; anything else that says nothing is `unavailable`, never clean.
 */
export function mapModeration(moderation: unknown, security: unknown): ModerationInfo {
  const mod = isObj(moderation) ? moderation : undefined;
  const sec = isObj(security) ? security : undefined;
  const verdict = str(mod?.verdict)?.toLowerCase();
  const secStatus = str(sec?.status)?.toLowerCase();
  const reasonCodes = Array.isArray(mod?.reasonCodes) ? (mod.reasonCodes as unknown[]).filter((r): r is string => typeof r === 'string') : [];
  const summary = str(mod?.summary);
  const blocked =
    mod?.isMalwareBlocked === true || verdict === 'malicious' || secStatus === 'malicious' || reasonCodes.some(isBlockingReason);
  const suspicious = mod?.isSuspicious === true || verdict === 'suspicious' || secStatus === 'suspicious';
  let status: string;
  if (blocked) status = 'malicious';
  else if (suspicious) status = 'suspicious';
  else if (secStatus === 'pending' || secStatus === 'error') status = secStatus;
  else if (verdict === 'pending' || verdict === 'error') status = verdict;
  else if (secStatus === 'clean' && (verdict === undefined || verdict === 'clean')) status = 'clean';
  else status = 'unavailable';
  const out: ModerationInfo = { status, blocked, suspicious };
  if (verdict) out.verdict = verdict;
  if (secStatus) out.securityStatus = secStatus;
  if (summary) out.summary = summary;
  if (reasonCodes.length > 0) out.reasonCodes = reasonCodes;
  return out;
}
