// Loading `.clawhub/config.json` (DESIGN §3.2): validated at the boundary, unknown keys refused,
// relative paths resolved against the workspace, then flags and environment laid over it.

import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { jsonSyntaxText, SkillpinError } from '../errors.js';
import { closestName, withoutCredentials } from '../ui/index.js';
import { isPathInside, readRegularText } from '../fsutil/index.js';
import { AGENT_ID } from '../policy/ids.js';
import { assertWorkspaceEntries } from './entries.js';
import { DEFAULT_LIMITS, type SandboxLimits } from '../source/types.js';
import { verdictSettings, type VerdictSettings } from '../verdicts/index.js';

export type ProvenanceMode = 'off' | 'warn' | 'require';

export interface TrustSettings {
  provenance: ProvenanceMode;
  identities: Array<{ issuer: string; repository: string }>;
  /** Absolute paths. */
  trustedRoots: string[];
  /** Absolute paths. */
  registryKeys: string[];
}

export interface PolicySettings {
  /** Absolute path of an openclaw.json that `skill verify` checks, when set. */
  file?: string;
  agent?: string;
  /** Where the sandbox is mounted inside the agent's container. */
  mount: string;
  extraAllow: string[];
  deny: string[];
}

export interface Config {
  workspace: string;
  clawhubDir: string;
  lockPath: string;
  registry: string;
  /** True when the registry came from a flag, the environment or the config file (not the default). */
  registryExplicit: boolean;
  /** Absolute sandbox root. */
  sandbox: string;
  /**
   * Where the root came from: `--sandbox` and `SKILL_SANDBOX` are the person's (any folder); the
   * committed config's `sandbox`, or the default, must lie inside the workspace (ESANDBOX).
   */
  sandboxFrom: 'flag' | 'SKILL_SANDBOX' | 'config' | 'default';
  trust: TrustSettings;
  clawhubUrl: string | undefined;
  limits: SandboxLimits;
  policy: PolicySettings;
  network: { timeoutMs: number; retries: number };
  /** The download cache (cacache's content layout): never inside the sandbox (ECONFIG). */
  cache: string;
  /** The verdict cache beside it (SKILLPIN_CACHE_KEY, SKILLPIN_VERDICT_CACHE). */
  verdicts: VerdictSettings;
}

export interface ConfigOverrides {
  registry?: string;
  sandbox?: string;
}

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** How far limits.* may raise the defaults (10 MiB per file, 50 MiB, 2,000 files). */
const LIMIT_CEILING = 10;
const TOP_KEYS = new Set(['registry', 'sandbox', 'trust', 'sources', 'limits', 'policy', 'network', '$schema']);
const TRUST_KEYS = new Set(['provenance', 'identities', 'trustedRoots', 'registryKeys']);
const LIMIT_KEYS = new Set(['maxFileBytes', 'maxTotalBytes', 'maxFiles']);
const POLICY_KEYS = new Set(['file', 'agent', 'mount', 'extraAllow', 'deny']);
const NETWORK_KEYS = new Set(['timeoutMs', 'retries']);

/**
 * The longest deadline a Node timer keeps (2^31 - 1 ms, about 24.8 days): a longer one fires after
 * 1 ms, and a fraction is refused by AbortSignal.timeout, so every request would fail at once.
 */
const MAX_TIMER_MS = 2_147_483_647;

function isTimerMs(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_TIMER_MS;
}

function fail(path: string, message: string): never {
  throw new SkillpinError('ECONFIG', `${path}: ${message}`, {
    file: path,
    hint: 'Fix the config file; the README section "Workspace and config" lists every key.',
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(file: string, where: string, obj: Record<string, unknown>, allowed: Set<string>): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) {
      const meant = closestName(key, [...allowed]);
      fail(file, `unknown key ${where}${key}${meant ? ` (did you mean ${where}${meant}?)` : ''} (allowed: ${[...allowed].filter((k) => k !== '$schema').join(', ')})`);
    }
  }
}

function stringList(file: string, where: string, v: unknown): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail(file, `${where} must be a list of strings`);
  return v as string[];
}

/** Where a workspace's lock is: `.clawhub/lock.json` in it, shared with the clawhub CLI and OpenClaw. */
export function lockPathIn(workspace: string): string {
  return join(workspace, '.clawhub', 'lock.json');
}

/**
 * The clawhub CLI's lock under its old folder name, `.clawdhub/lock.json`: that CLI still reads it
 * when `.clawhub/lock.json` is not there, and writes only the new one. OpenClaw reads only the new.
 */
export function legacyLockPathIn(workspace: string): string {
  return join(workspace, '.clawdhub', 'lock.json');
}

/** `dir` is a workspace: it holds `.clawhub/lock.json`, or the clawhub CLI's legacy lock. */
export function holdsLock(dir: string): boolean {
  return existsSync(lockPathIn(dir)) || existsSync(legacyLockPathIn(dir));
}

/** The nearest folder that holds a lock (holdsLock), `dir` itself included, walking up; or null. */
export function nearestWorkspace(dir: string): string | null {
  for (let at = dir; ; at = dirname(at)) {
    if (holdsLock(at)) return at;
    if (dirname(at) === at) return null;
  }
}

export function normaliseRegistry(url: string, origin: string): string {
  // A flag is usage; the config file and the environment are configuration.
  const code = origin.startsWith('--') ? 'EUSAGE' : 'ECONFIG';
  // The fix names the setting the bad value came from: a flag, a variable, or the config file.
  const example = 'a full http(s) URL such as https://registry.npmjs.org/';
  const hint = origin.startsWith('--')
    ? `Pass ${origin} ${example}.`
    : /^[A-Z][A-Z0-9_]*$/.test(origin)
      ? `Set ${origin} to ${example}, or unset it (then --registry, "registry" in .clawhub/config.json or the default applies).`
      : `Set "registry" in ${origin} to ${example}.`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SkillpinError(code, `${origin}: registry ${JSON.stringify(url)} is not a URL`, { hint });
  }
  // The value as given, but never a password it carries.
  const shown = withoutCredentials(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new SkillpinError(code, `${origin}: registry must be http(s), got ${JSON.stringify(shown)} (${parsed.protocol})`, { hint });
  }
  // Each skill's registry is recorded in .clawhub/lock.json, a committed file, and named in
  // messages and --json: a password in the URL would be written there.
  if (shown !== url) {
    throw new SkillpinError(code, `${origin}: registry ${JSON.stringify(shown)} carries credentials, which skillpin would write into .clawhub/lock.json (each skill records its registry) and show in its messages`, {
      hint: 'Take the user name and password out of the URL and give skillpin a read token instead: SKILL_REGISTRY_TOKEN=<token>, sent only to the registry SKILL_REGISTRY names. If the password was ever in a lock that was committed, change it.',
    });
  }
  return parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
}

/** The cache folder: SKILL_CACHE, else under XDG_CACHE_HOME or ~/.cache. Read, not checked (assertCacheUsable). */
export function cacheDirOf(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(env.HOME ?? env.USERPROFILE ?? '/tmp', '.cache');
  return env.SKILL_CACHE ? resolve(env.SKILL_CACHE) : join(base, 'skillpin');
}

/**
 * A cache that exists as anything but a folder (or below a file, or that cannot be read) is
 * ECONFIG: every write to it would fail, each on its own path, and the caches are written as a
 * favour (a failed write only costs time), so nothing would say why every run downloads, scans and
 * verifies again. Asked where a command uses the cache (a download, install's trees, skill cache),
 * not at every config load: list, verify, policy and the OpenClaw hook never read it, and a
 * runner's HOME it cannot enter must not fail them.
 */
export function assertCacheUsable(cache: string, env: NodeJS.ProcessEnv): void {
  let problem: string | undefined;
  try {
    if (!statSync(cache).isDirectory()) problem = 'is not a folder';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') problem = 'lies below a file';
    else if (code !== 'ENOENT') problem = `cannot be read (${code ?? 'error'})`;
  }
  if (problem !== undefined) {
    const from = env.SKILL_CACHE ? 'SKILL_CACHE' : env.XDG_CACHE_HOME ? 'XDG_CACHE_HOME' : 'the default cache';
    throw new SkillpinError('ECONFIG', `the cache ${cache} (${from}) ${problem}: nothing could be cached there`, {
      hint: 'Point SKILL_CACHE at a folder of its own (or one that does not exist yet: skillpin makes it), or move what is in the way.',
    });
  }
}

/** The cache folder, checked (assertCacheUsable). */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const cache = cacheDirOf(env);
  assertCacheUsable(cache, env);
  return cache;
}

/**
 * Load the workspace config. Precedence: flags, then environment (`SKILL_REGISTRY`), then the file,
 * then defaults. A missing file is fine; an unreadable or invalid one is ECONFIG.
 */
/** The sandbox folder, relative to the workspace, when neither --sandbox nor the config names one. */
export const DEFAULT_SANDBOX = 'skills';

export async function loadConfig(workspace: string, overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const ws = resolve(workspace);
  const clawhubDir = join(ws, '.clawhub');
  const file = join(clawhubDir, 'config.json');
  // Before anything of the workspace is read: a committed link out of it is refused (entries.ts).
  assertWorkspaceEntries(ws);
  let raw: Record<string, unknown> = {};
  let text: string | undefined;
  try {
    text = await readRegularText(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTREG') fail(file, `is ${(err as Error).message}`);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') fail(file, `cannot be read (${(err as Error).message})`);
    // No config is the common case; a workspace folder that is not there is a mistyped --cwd,
    // which must not become an empty workspace (nor be created by a command that writes).
    const st = statSync(ws, { throwIfNoEntry: false });
    if (!st?.isDirectory()) {
      throw new SkillpinError('EUSAGE', `workspace ${ws} ${st ? 'is not a folder' : 'does not exist'}`, {
        path: ws,
        hint: 'Pass the folder that holds (or will hold) .clawhub/ with --cwd DIR.',
      });
    }
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      // Editors on some systems write a UTF-8 BOM; JSON.parse refuses it.
      parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (err) {
      fail(file, `is not valid JSON (${jsonSyntaxText(err)})`);
    }
    if (!isObject(parsed)) fail(file, 'must hold a JSON object');
    raw = parsed;
  }
  checkKeys(file, '', raw, TOP_KEYS);
  const inWs = (p: string) => (isAbsolute(p) ? p : resolve(ws, p));

  // trust
  const trustRaw = raw.trust ?? {};
  if (!isObject(trustRaw)) fail(file, 'trust must be an object');
  checkKeys(file, 'trust.', trustRaw, TRUST_KEYS);
  const mode = trustRaw.provenance ?? 'warn';
  if (mode !== 'off' && mode !== 'warn' && mode !== 'require') fail(file, `trust.provenance must be "off", "warn" or "require", got ${JSON.stringify(mode)}`);
  const identitiesRaw = trustRaw.identities ?? [];
  if (!Array.isArray(identitiesRaw)) fail(file, 'trust.identities must be a list');
  const identities = identitiesRaw.map((id, i) => {
    if (!isObject(id) || typeof id.issuer !== 'string' || typeof id.repository !== 'string') {
      fail(file, `trust.identities[${i}] must be {"issuer": "...", "repository": "owner/name or owner/*"}`);
    }
    checkKeys(file, `trust.identities[${i}].`, id, new Set(['issuer', 'repository']));
    return { issuer: id.issuer as string, repository: id.repository as string };
  });
  const trust: TrustSettings = {
    provenance: mode,
    identities,
    trustedRoots: stringList(file, 'trust.trustedRoots', trustRaw.trustedRoots).map(inWs),
    registryKeys: stringList(file, 'trust.registryKeys', trustRaw.registryKeys).map(inWs),
  };

  // limits
  const limitsRaw = raw.limits ?? {};
  if (!isObject(limitsRaw)) fail(file, 'limits must be an object');
  checkKeys(file, 'limits.', limitsRaw, LIMIT_KEYS);
  const limits: SandboxLimits = { ...DEFAULT_LIMITS };
  for (const key of LIMIT_KEYS) {
    const v = limitsRaw[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) fail(file, `limits.${key} must be a positive integer`);
    // The config is committed: a change to it must not switch the bomb limits off (a skill is
    // read into memory to be scanned, and written to disk), only raise them within reason.
    const ceiling = LIMIT_CEILING * DEFAULT_LIMITS[key as keyof SandboxLimits];
    if (v > ceiling) fail(file, `limits.${key} is ${v}, above its ceiling of ${ceiling} (${LIMIT_CEILING} times the default): the limits stop decompression bombs, and no skill needs more`);
    limits[key as keyof SandboxLimits] = v;
  }

  // sources
  let clawhubUrl: string | undefined;
  if (raw.sources !== undefined) {
    if (!isObject(raw.sources)) fail(file, 'sources must be an object');
    checkKeys(file, 'sources.', raw.sources, new Set(['clawhub']));
    const ch = raw.sources.clawhub;
    if (ch !== undefined) {
      if (!isObject(ch)) fail(file, 'sources.clawhub must be an object');
      checkKeys(file, 'sources.clawhub.', ch, new Set(['url']));
      if (ch.url !== undefined && typeof ch.url !== 'string') fail(file, 'sources.clawhub.url must be a string');
      // An empty URL is a setting gone wrong, not "unset": the public ClawHub would be asked instead.
      if (typeof ch.url === 'string' && ch.url.trim() === '') fail(file, 'sources.clawhub.url is empty: give the ClawHub URL (https://…), or leave the key out for the default');
      clawhubUrl = ch.url as string | undefined;
    }
  }

  // policy
  const policyRaw = raw.policy ?? {};
  if (!isObject(policyRaw)) fail(file, 'policy must be an object');
  checkKeys(file, 'policy.', policyRaw, POLICY_KEYS);
  for (const k of ['file', 'agent', 'mount'] as const) {
    if (policyRaw[k] !== undefined && typeof policyRaw[k] !== 'string') fail(file, `policy.${k} must be a string`);
  }
  const policy: PolicySettings = {
    mount: (policyRaw.mount as string | undefined) ?? '/skills',
    extraAllow: stringList(file, 'policy.extraAllow', policyRaw.extraAllow),
    deny: stringList(file, 'policy.deny', policyRaw.deny),
  };
  // Checked here, not first when a policy is derived: verify with a bad value would check another
  // agent's allowlist, or fail later under another code.
  if (!policy.mount.startsWith('/') || /[:,\0\n\r]/.test(policy.mount)) fail(file, `policy.mount ${JSON.stringify(policy.mount)} must be an absolute container path without ":" or ","`);
  if (typeof policyRaw.file === 'string') policy.file = inWs(policyRaw.file);
  if (typeof policyRaw.agent === 'string') {
    if (!AGENT_ID.test(policyRaw.agent)) fail(file, `policy.agent ${JSON.stringify(policyRaw.agent)} is not an OpenClaw agent id (lowercase letters, digits, "-" and "_")`);
    policy.agent = policyRaw.agent;
  }

  // network
  const netRaw = raw.network ?? {};
  if (!isObject(netRaw)) fail(file, 'network must be an object');
  checkKeys(file, 'network.', netRaw, NETWORK_KEYS);
  const network = { timeoutMs: 30_000, retries: 2 };
  if (netRaw.timeoutMs !== undefined) {
    if (!isTimerMs(netRaw.timeoutMs)) fail(file, `network.timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${JSON.stringify(netRaw.timeoutMs)}`);
    network.timeoutMs = netRaw.timeoutMs;
  }
  if (netRaw.retries !== undefined) {
    if (typeof netRaw.retries !== 'number' || !Number.isInteger(netRaw.retries) || netRaw.retries < 0 || netRaw.retries > 5) fail(file, 'network.retries must be an integer from 0 to 5');
    network.retries = netRaw.retries;
  }
  if (env.SKILL_TIMEOUT_MS !== undefined && env.SKILL_TIMEOUT_MS !== '') {
    const ms = Number(env.SKILL_TIMEOUT_MS);
    // A typo here would otherwise leave the 30 s default in force without a word.
    if (!isTimerMs(ms)) {
      throw new SkillpinError('EUSAGE', `SKILL_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${JSON.stringify(env.SKILL_TIMEOUT_MS)}`, { hint: 'Set SKILL_TIMEOUT_MS to a whole number of milliseconds (e.g. SKILL_TIMEOUT_MS=60000), or unset it for network.timeoutMs in .clawhub/config.json or the default (30000).' });
    }
    network.timeoutMs = ms;
  }

  // The file's own values are checked even when a flag or the environment overrides them: the
  // config is broken either way, and the next run without the flag would meet it.
  let fileRegistry: string | undefined;
  if (raw.registry !== undefined) {
    if (typeof raw.registry !== 'string') fail(file, 'registry must be a string');
    fileRegistry = normaliseRegistry(raw.registry, file);
  }
  if (raw.sandbox !== undefined && (typeof raw.sandbox !== 'string' || raw.sandbox.length === 0)) fail(file, 'sandbox must be a non-empty path');
  // registry: flag > env > file > default
  let registry: string;
  if (overrides.registry !== undefined) registry = normaliseRegistry(overrides.registry, '--registry');
  else if (env.SKILL_REGISTRY) registry = normaliseRegistry(env.SKILL_REGISTRY, 'SKILL_REGISTRY');
  else registry = fileRegistry ?? DEFAULT_REGISTRY;

  // sandbox: flag > env > file > default. The environment's is a deployment's own (a Docker volume
  // set once for CI), so it must name one folder whatever the command's workspace: absolute.
  const envSandbox = env.SKILL_SANDBOX !== undefined && env.SKILL_SANDBOX !== '' ? env.SKILL_SANDBOX : undefined;
  if (overrides.sandbox === undefined && envSandbox !== undefined && !isAbsolute(envSandbox)) {
    throw new SkillpinError('ECONFIG', `SKILL_SANDBOX must be an absolute path, not ${JSON.stringify(envSandbox)}`, {
      hint: 'Set SKILL_SANDBOX to the absolute path of the sandbox folder (the one mounted into the agent\'s container), or unset it to use the config\'s "sandbox" (default: skills in the workspace).',
    });
  }
  const sandboxSetting = overrides.sandbox ?? envSandbox ?? (raw.sandbox as string | undefined) ?? DEFAULT_SANDBOX;
  const sandboxFrom: Config['sandboxFrom'] = overrides.sandbox !== undefined ? 'flag' : envSandbox !== undefined ? 'SKILL_SANDBOX' : raw.sandbox !== undefined ? 'config' : 'default';
  if (sandboxSetting.length === 0) throw new SkillpinError('EUSAGE', '--sandbox must be a non-empty path', { hint: 'Name the sandbox folder, e.g. --sandbox skills.' });
  const sandbox = inWs(sandboxSetting);
  const cache = cacheDirOf(env);
  // The sandbox holds only locked skills' folders: a cache there is an unmanaged folder verify
  // fails on, and the agent would read (through a writable mount, change) what is cached.
  if (cache === sandbox || isPathInside(cache, sandbox)) {
    // Each named by what set it: a sandbox of SKILL_SANDBOX=/ holds the default cache, and the fix
    // is then the sandbox, not a SKILL_CACHE nobody set.
    const cacheFrom = env.SKILL_CACHE ? 'SKILL_CACHE' : env.XDG_CACHE_HOME ? 'XDG_CACHE_HOME' : 'the default cache';
    const sandboxSet = { flag: '--sandbox', SKILL_SANDBOX: 'SKILL_SANDBOX', config: '"sandbox" in .clawhub/config.json', default: 'the default sandbox' }[sandboxFrom];
    throw new SkillpinError('ECONFIG', `the cache ${cache} (${cacheFrom}) lies inside the sandbox ${sandbox} (${sandboxSet})`, {
      hint: `Point SKILL_CACHE outside the sandbox folder (the default is ~/.cache/skillpin)${sandboxFrom === 'flag' || sandboxFrom === 'SKILL_SANDBOX' ? `, or name with ${sandboxSet} the skills folder itself, not a folder above it` : ''}.`,
    });
  }

  return {
    workspace: ws,
    clawhubDir,
    lockPath: lockPathIn(ws),
    registry,
    registryExplicit: Boolean(overrides.registry || env.SKILL_REGISTRY || raw.registry !== undefined),
    sandbox,
    sandboxFrom,
    trust,
    clawhubUrl,
    limits,
    policy,
    network,
    cache,
    verdicts: verdictSettings(cache, env),
  };
}
