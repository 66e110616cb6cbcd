// ClawHub spec parsing (`clawhub:@owner/slug@1.2.3`, OpenClaw's own form) and base-URL selection.
// Pure functions: the caller passes the environment in; nothing here reads process.env itself.

// The one function needed, not the whole of semver (every command parses specs at start-up).
import semverValid from 'semver/functions/valid.js';
import { SkillpinError } from '../../errors.js';

/** OpenClaw's owner-handle rule (lowercased before the check). */
export const HANDLE_RE = /^[a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?$/;
/** OpenClaw's bare-slug rule. */
export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export const DEFAULT_CLAWHUB_URL = 'https://clawhub.ai';

export interface ClawhubSpec {
  ownerHandle?: string;
  slug: string;
  /** Exact version when pinned; absent for an unpinned spec. */
  version?: string;
  pinned: boolean;
}

/**
 * Parse `clawhub:@owner/slug[@version]` or `clawhub:slug[@version]`. Only an exact semver version
 * pins; `owner/slug` without `@` is refused as OpenClaw refuses it. A spec without the `clawhub:`
 * prefix is accepted too, so callers may strip it first.
 */
export function parseClawhubSpec(spec: string): ClawhubSpec {
  const usage = (why: string): never => {
    throw new SkillpinError('EUSAGE', `invalid ClawHub spec ${JSON.stringify(spec)}: ${why}`, {
      spec,
      hint: 'Write clawhub:@owner/slug@1.2.3 (or clawhub:slug@1.2.3); an exact version pins it.',
    });
  };
  let rest = spec.trim();
  if (rest.startsWith('clawhub:')) rest = rest.slice('clawhub:'.length);
  if (rest.length === 0) usage('empty');
  let ownerHandle: string | undefined;
  if (rest.startsWith('@')) {
    const slash = rest.indexOf('/');
    if (slash < 0) usage('"@owner" must be followed by "/slug"');
    ownerHandle = rest.slice(1, slash).toLowerCase();
    if (!HANDLE_RE.test(ownerHandle)) usage(`owner handle ${JSON.stringify(ownerHandle)} is not valid`);
    rest = rest.slice(slash + 1);
  } else if (rest.includes('/')) {
    usage('an owner must be written "@owner/slug" (with "@")');
  }
  const at = rest.indexOf('@');
  const slugPart = at < 0 ? rest : rest.slice(0, at);
  const versionPart = at < 0 ? undefined : rest.slice(at + 1);
  if (!SLUG_RE.test(slugPart)) usage(`slug ${JSON.stringify(slugPart)} is not valid`);
  const slug = slugPart.toLowerCase();
  if (versionPart === undefined || versionPart === 'latest') {
    return ownerHandle === undefined ? { slug, pinned: false } : { ownerHandle, slug, pinned: false };
  }
  if (versionPart.length === 0) usage('empty version after "@"');
  // Only an exact version pins; ranges and tags are not accepted (ClawHub install never sends a tag).
  const exact = semverValid(versionPart);
  if (exact === null || exact !== versionPart) {
    usage(`version ${JSON.stringify(versionPart)} is not an exact semver version (ranges and tags are not supported)`);
  }
  const out: ClawhubSpec = { slug, version: versionPart, pinned: true };
  if (ownerHandle !== undefined) out.ownerHandle = ownerHandle;
  return out;
}

/** Format a spec back in OpenClaw's form: `clawhub:@owner/slug@version`. */
export function formatClawhubSpec(spec: { ownerHandle?: string; slug: string; version?: string }): string {
  const owner = spec.ownerHandle ? `@${spec.ownerHandle}/` : '';
  const version = spec.version ? `@${spec.version}` : '';
  return `clawhub:${owner}${spec.slug}${version}`;
}

/**
 * The ClawHub base URL (DESIGN §3.2): `sources.clawhub.url`, then `CLAWHUB_REGISTRY`, then
 * `OPENCLAW_CLAWHUB_URL` / `CLAWHUB_URL`, then https://clawhub.ai. Trailing slashes are removed;
 * anything but an http(s) URL without credentials is refused.
 */
export function resolveClawhubBaseUrl(cfgUrl: string | undefined, env: NodeJS.ProcessEnv): string {
  return clawhubBaseUrlSetting(cfgUrl, env).url;
}

/** resolveClawhubBaseUrl, with the setting the URL came from (`default` for https://clawhub.ai). */
export function clawhubBaseUrlSetting(cfgUrl: string | undefined, env: NodeJS.ProcessEnv): { url: string; from: string } {
  const candidates: Array<[string, string | undefined]> = [
    ['sources.clawhub.url', cfgUrl],
    ['CLAWHUB_REGISTRY', env.CLAWHUB_REGISTRY],
    ['OPENCLAW_CLAWHUB_URL', env.OPENCLAW_CLAWHUB_URL],
    ['CLAWHUB_URL', env.CLAWHUB_URL],
  ];
  for (const [from, value] of candidates) {
    if (value === undefined || value.trim() === '') continue;
    return { url: normaliseBaseUrl(value.trim(), from), from };
  }
  return { url: DEFAULT_CLAWHUB_URL, from: 'default' };
}

function normaliseBaseUrl(value: string, from: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SkillpinError('ECONFIG', `ClawHub URL from ${from} is not a URL: ${JSON.stringify(value)}`, {
      hint: `Set ${from} to an http(s) URL such as https://clawhub.ai.`,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SkillpinError('ECONFIG', `ClawHub URL from ${from} must be http(s): ${JSON.stringify(value)}`, {
      hint: `Set ${from} to an http(s) URL such as https://clawhub.ai.`,
    });
  }
  if (url.username || url.password) {
    throw new SkillpinError('ECONFIG', `ClawHub URL from ${from} must not carry credentials`, {
      hint: 'Put the token in CLAWHUB_TOKEN instead; it is never written to a file.',
    });
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}
