// openclaw.json I/O for the policy: merge-write (atomic, 0600, .bak) and the drift check.
// OpenClaw reads the file as JSON5, so comments and trailing commas are accepted on input.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type JSON5 from 'json5';
import { SkillpinError } from '../errors.js';
import { closestName, counted } from '../ui/index.js';
import { isDeadTempOf, isPathInside, realPathAheadSync, writeFileAtomic } from '../fsutil/index.js';
import { lazyRequire } from '../lazy.js';
import {
  NONEXISTENT_KEYS,
  OPENCLAW_CATALOG_VERSION,
  PLUGIN_POLICY_NAMES,
  TOOL_ALIASES,
  IMPLIED_BY_ALLOW,
  IMPLIED_BY_DENY,
  TOOL_GROUPS,
  globMatches,
  isCoreTool,
  isToolGroup,
  normalizeConfiguredToolName,
} from './catalog.js';
import type { DerivedPolicy } from './derive.js';

/** JSON5 loads when an openclaw.json is read: install and verify reach this module but read none. */
const loadJson5 = lazyRequire<typeof JSON5>('json5');

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface PolicyFinding {
  /** Always 'EPOLICY': every finding is a policy failure (exit 1). */
  code: string;
  /** Which rule: tool-unneeded, tool-missing, tool-unknown, config-invalid, key-nonexistent, key-legacy, agent-duplicate, allowlist-missing, sandbox-network, sandbox-elevated, sandbox-exec-host, … */
  rule: string;
  /** Config path the finding is about, e.g. `tools.allow[2]`. */
  path: string;
  message: string;
}

async function readConfig(configPath: string): Promise<{ config: Obj; raw: Buffer | null }> {
  let raw: Buffer;
  try {
    const st = await fs.lstat(configPath);
    if (st.isSymbolicLink() || !st.isFile()) {
      throw new SkillpinError('ECONFIG', `${configPath} is not a regular file`, {
        path: configPath,
        hint: 'Point at the real openclaw.json, not a symlink.',
      });
    }
    raw = await fs.readFile(configPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { config: {}, raw: null };
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = loadJson5().parse(raw.toString('utf8'));
  } catch (err) {
    throw new SkillpinError('ECONFIG', `${configPath} is not valid JSON5: ${(err as Error).message}`, {
      path: configPath,
      hint: 'Fix the file (openclaw config validate) before skillpin writes to it.',
    });
  }
  // The parser nests without limit; the walks below recurse. A file nested deeper than any OpenClaw
  // config (the deepest real keys are under ten levels) is refused here, before a walk overflows the
  // stack and the run ends as an internal error.
  const MAX_DEPTH = 100;
  const stack: Array<[unknown, number]> = [[parsed, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_DEPTH) {
      throw new SkillpinError('ECONFIG', `${configPath} nests objects or lists more than ${MAX_DEPTH} levels deep, which no OpenClaw config does`, {
        path: configPath,
        hint: 'Check the file (openclaw config validate); nothing was read from it.',
      });
    }
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  if (!isObj(parsed)) {
    throw new SkillpinError('ECONFIG', `${configPath} must hold a JSON object`, { path: configPath, hint: 'An OpenClaw config is one JSON5 object ({ ... }): fix the file, or pass the path of openclaw.json.' });
  }
  return { config: parsed, raw };
}

/** Merge `src` into `dst`: objects merge key by key, anything else (arrays included) replaces. */
function deepMerge(dst: Obj, src: Obj): Obj {
  const out: Obj = { ...dst };
  for (const [k, v] of Object.entries(src)) {
    const cur = out[k];
    out[k] = isObj(cur) && isObj(v) ? deepMerge(cur, v) : v;
  }
  return out;
}

/** OpenClaw's canonical agent id (normalizeAgentIdStrict in 2026.9.6): lowercased, other characters "-"; null when nothing is left. */
function canonicalAgentId(value: string): string | null {
  const trimmed = value.trim();
  const lower = trimmed.toLowerCase();
  if (/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(trimmed)) return lower;
  const id = lower.replace(/[^a-z0-9_-]+/g, '-').replace(/^-+/, '').replace(/-+$/, '').slice(0, 64);
  return id || null;
}

/**
 * The agents an openclaw.json configures, as OpenClaw 2026.9.6 lists them (listAgentIds): the keys
 * of agents.entries when it is there, else the ids of the legacy agents.list, else the one implicit
 * agent "main". Each with the key its block is written under.
 */
export function configuredAgents(config: Obj): Array<{ id: string; key: string }> {
  const agents = isObj(config.agents) ? config.agents : {};
  const out: Array<{ id: string; key: string }> = [];
  const seen = new Set<string>();
  const push = (raw: unknown, key: string) => {
    const id = typeof raw === 'string' ? canonicalAgentId(raw) : null;
    if (id === null || seen.has(id)) return;
    seen.add(id);
    out.push({ id, key });
  };
  if (agents.entries !== undefined) {
    if (isObj(agents.entries)) for (const [key, v] of Object.entries(agents.entries)) if (isObj(v)) push(key, key);
    return out;
  }
  if (agents.list !== undefined) {
    if (Array.isArray(agents.list)) for (const v of agents.list) if (isObj(v) && typeof v.id === 'string') push(v.id, v.id);
    return out;
  }
  return [{ id: 'main', key: 'main' }];
}

/**
 * The key of the configured agent `agent` names (OpenClaw matches ids case-insensitively), or an
 * error naming the agents the config has. An unknown id is never written: agents.entries.<id> would
 * add an agent to OpenClaw's roster (and, in a config without one, take the implicit "main"'s place),
 * and a check of it would judge a block no agent uses. `from` is where the id came from: a flag
 * (EUSAGE) or the workspace config (ECONFIG).
 */
export function configuredAgentKey(config: Obj, agent: string, configPath: string, from = '--agent'): string {
  const agents = configuredAgents(config);
  const wanted = canonicalAgentId(agent);
  const hit = agents.find((a) => a.id === wanted);
  if (hit) return hit.key;
  const ids = agents.map((a) => a.id);
  const meant = closestName(agent, ids);
  const flag = from.startsWith('--');
  const message = ids.length === 0
    ? `${from} names agent "${agent}", but ${configPath} configures no agent (agents.entries is empty)`
    : `${from} names agent "${agent}", which ${configPath} does not configure${meant ? ` (did you mean ${meant}?)` : ''}; its ${ids.length === 1 ? 'agent is' : 'agents are'} ${ids.join(', ')}`;
  const use = meant ?? ids[0];
  const fix = flag
    ? `${use ? `Pass --agent ${use}` : 'Pass a configured agent'}, or leave --agent out for agents.defaults.`
    : `Set policy.agent in .clawhub/config.json to ${use ? `one of ${ids.join(', ')}` : 'a configured agent'}, or remove it for agents.defaults.`;
  throw new SkillpinError(flag ? 'EUSAGE' : 'ECONFIG', message, {
    agent,
    agents: ids,
    path: configPath,
    hint: `${fix} skillpin never adds an agent to OpenClaw's roster: create it with OpenClaw first (openclaw agents add).`,
  });
}

/**
 * Throws ECONFIG unless `file` still holds `raw` (null: no file): OpenClaw (or an editor) wrote it
 * since skillpin read it, and a merge of the old text would undo that change.
 */
async function refuseChangedSince(file: string, raw: Buffer | null): Promise<void> {
  let now: Buffer | null;
  try {
    now = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    now = null;
  }
  if (now === null ? raw === null : raw !== null && now.equals(raw)) return;
  throw new SkillpinError('ECONFIG', `${file} was changed by another program while skillpin merged the policy into it: nothing was written, so that change is kept`, {
    path: file,
    hint: 'Run the same `skill policy --write` again: it merges into the file as it is now.',
  });
}

/** Temp files a killed skillpin left beside openclaw.json and its .bak (its process gone), removed. */
async function sweepDeadTemps(configPath: string): Promise<void> {
  const dir = path.dirname(configPath);
  const base = path.basename(configPath);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const n of names) if (isDeadTempOf(n, base) || isDeadTempOf(n, `${base}.bak`)) await fs.rm(path.join(dir, n), { force: true });
}

/**
 * Merge a policy fragment into openclaw.json, keeping every other key. The file is written
 * atomically with mode 0600 and the previous content is kept as `<file>.bak` (also 0600). Comments
 * of the old file survive only in the .bak: the new file is plain JSON, which JSON5 readers accept.
 * A merge that changes nothing writes nothing (`changed: false`), so the .bak keeps the file it replaced.
 */
export async function writePolicy(configPath: string, fragment: Record<string, unknown>, check?: (merged: Record<string, unknown>) => void, opts: { agentFrom?: string } = {}): Promise<{ backup: string | null; changed: boolean }> {
  const dir = path.dirname(path.resolve(configPath));
  let dirStat;
  try {
    dirStat = await fs.stat(dir);
  } catch (err) {
    // Never created here: a missing folder is most often a mistyped path, and a policy written
    // where OpenClaw does not read it would look enforced while nothing enforces it.
    const errno = (err as NodeJS.ErrnoException).code;
    throw new SkillpinError('ECONFIG', `folder ${dir} of the OpenClaw config does not exist`, {
      path: dir,
      ...(typeof errno === 'string' ? { errno } : {}),
      hint: `Check the path: OpenClaw reads OPENCLAW_CONFIG_PATH, else $OPENCLAW_STATE_DIR/openclaw.json, else ~/.openclaw/openclaw.json (\`openclaw onboard\` creates it). skillpin does not create the folder; if the path is right, create it with \`mkdir -m 700 ${dir}\` and run this again.`,
    });
  }
  if ((dirStat.mode & 0o022) !== 0) {
    throw new SkillpinError('ECONFIG', `folder ${dir} is group- or world-writable (mode ${(dirStat.mode & 0o777).toString(8)}); another user could swap openclaw.json`, {
      path: dir,
      hint: `chmod 700 ${dir}`,
    });
  }
  const { config, raw } = await readConfig(configPath);
  const agents = config.agents;
  const fragAgents = fragment.agents;
  if (isObj(agents) && Array.isArray(agents.list) && isObj(fragAgents) && fragAgents.entries !== undefined) {
    throw new SkillpinError('ECONFIG', `${configPath} still uses agents.list, which OpenClaw ${OPENCLAW_CATALOG_VERSION} replaced by agents.entries`, {
      path: configPath,
      hint: 'Run `openclaw doctor --fix` to migrate the agent roster, then run skillpin again.',
    });
  }
  // A per-agent block goes to an agent the config has, under the key it has it (`Work` for work).
  if (isObj(fragAgents) && isObj(fragAgents.entries)) {
    const entries: Obj = {};
    for (const [id, block] of Object.entries(fragAgents.entries)) entries[configuredAgentKey(config, id, configPath, opts.agentFrom)] = block;
    fragment = { ...fragment, agents: { ...fragAgents, entries } };
  }
  // An `$include` on the way to a key the fragment writes (the top level, `tools`, `agents`, ...):
  // OpenClaw merges the included file under it and concatenates arrays (includes.ts deepMerge,
  // arrays: "concat"), so an included `tools.allow: ["exec"]` would be added to the allowlist
  // written here. Nothing is written: the policy must be where OpenClaw reads it whole.
  const includeOnPath = (frag: Obj, cur: unknown, at: string[]): string | null => {
    if (isObj(cur) && Object.hasOwn(cur, '$include')) return [...at, '$include'].join('.');
    if (!isObj(cur)) return null;
    for (const [k, v] of Object.entries(frag)) {
      if (!isObj(v)) continue;
      const hit = includeOnPath(v, cur[k], [...at, k]);
      if (hit !== null) return hit;
    }
    return null;
  };
  const include = includeOnPath(fragment, config, []);
  if (include !== null) {
    throw new SkillpinError('ECONFIG', `${configPath} has ${include}: OpenClaw merges the included file into the keys skillpin writes there and adds its lists to them, so the written policy would not be the one enforced; nothing was written`, {
      path: configPath,
      hint: `Move the settings under ${include.replace(/\.?\$include$/, '') || 'the top level'} out of the included file into this one (or the include out of the policy's way), then run this again.`,
    });
  }
  const merged = deepMerge(config, fragment);
  // JSON5 reads Infinity and NaN (a plugin's or skill's own config may hold one, and OpenClaw keeps
  // it there), but the JSON written here cannot: JSON.stringify makes them null, a change to a key
  // skillpin does not own. Nothing is written.
  const nonFinite = nonFinitePath(merged);
  if (nonFinite !== null) {
    throw new SkillpinError('ECONFIG', `${configPath} holds ${nonFinite.value} at ${nonFinite.at}, which the JSON skillpin writes cannot hold (it would become null); nothing was written`, {
      path: configPath,
      hint: `Write a finite number at ${nonFinite.at} (or merge the fragment \`skill policy\` prints by hand), then run this again.`,
    });
  }
  // OpenClaw 2026.9.6 rejects `allow` beside a non-empty `alsoAllow` in one scope (zod-schema
  // agent-runtime: "cannot set both allow and alsoAllow"), and its runtime would allow the union.
  // The alsoAllow is the person's, so it is not dropped here: nothing is written, and they choose.
  const written: string[][] = [];
  if (isObj(fragment.tools) && fragment.tools.allow !== undefined) written.push(['tools']);
  const fragEntries = get(fragment, ['agents', 'entries']);
  if (isObj(fragEntries)) for (const [key, block] of Object.entries(fragEntries)) if (get(block, ['tools', 'allow']) !== undefined) written.push(['agents', 'entries', key, 'tools']);
  for (const keys of written) {
    const also = get(merged, [...keys, 'alsoAllow']);
    if (Array.isArray(also) && also.length > 0) {
      const at = keys.join('.');
      throw new SkillpinError('ECONFIG', `${configPath} sets ${at}.alsoAllow (${also.map((x) => JSON.stringify(x)).join(', ')}): beside the ${at}.allow skillpin writes, OpenClaw ${OPENCLAW_CATALOG_VERSION} would reject the file; nothing was written`, {
        path: configPath,
        hint: `Remove ${at}.alsoAllow from the file; a tool the agent needs beyond the skills goes into policy.extraAllow in .clawhub/config.json.`,
      });
    }
  }
  // The caller's last word on the merged file (keys the fragment kept from the old one), before
  // anything is written.
  check?.(merged);
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  // The file already holds exactly this (a second run, a deploy script's every run): nothing is
  // written. Rewritten, its .bak became the copy skillpin wrote, and the file it first replaced,
  // the only one with the person's comments, was gone. Still written when its mode is wider than 0600.
  if (raw !== null && raw.equals(Buffer.from(text)) && ((await fs.lstat(configPath)).mode & 0o077) === 0) return { backup: null, changed: false };
  if (raw !== null) {
    // A file without its owner's write bit is one the person froze (against the agent, or another
    // tool): the rename of an atomic write would replace it all the same, and widen it to 0600.
    // (One that already holds the merge was left above, unwritten.)
    const mode = (await fs.lstat(configPath)).mode & 0o777;
    if ((mode & 0o200) === 0) {
      throw new SkillpinError('ECONFIG', `${configPath} is read-only (mode ${mode.toString(8)}): skillpin does not write over it; nothing was written`, {
        path: configPath,
        hint: `If the policy should go in, make it writable (chmod 600 ${configPath}) and run this again; \`skill policy\` prints the fragment to merge by hand.`,
      });
    }
  }
  // What a killed run left here is not left for good (this folder is OpenClaw's, and nothing else
  // of skillpin's runs in it).
  await sweepDeadTemps(configPath);
  const backup = raw !== null ? `${configPath}.bak` : null;
  // writeFileAtomic: a Ctrl-C removes the temp file, a full disk names the file. The new file is
  // written whole first; only then are the .bak and the file replaced, each by a rename, so a
  // write that fails (a full disk at either) leaves both as they were (the .bak was replaced
  // before the file was written, and a failed write lost the .bak's older content). Just before
  // each rename the file must still hold what was merged.
  await writeFileAtomic(configPath, text, 0o600, {
    beforeRename: async () => {
      await refuseChangedSince(configPath, raw);
      if (backup !== null && raw !== null) await writeFileAtomic(backup, raw, 0o600, { beforeRename: () => refuseChangedSince(configPath, raw) });
    },
  });
  return { backup, changed: true };
}

/**
 * Each value under `root` with its path as OpenClaw's messages write it (`a.b[0]`), parents first
 * and in the file's order; `visit` returning false skips that value's children.
 */
function walkPaths(root: unknown, visit: (value: unknown, at: string, key: string | null) => boolean | void): void {
  const stack: Array<[unknown, string, string | null]> = [[root, '', null]];
  while (stack.length > 0) {
    const [v, at, key] = stack.pop() as [unknown, string, string | null];
    if (visit(v, at, key) === false || typeof v !== 'object' || v === null) continue;
    const children: Array<[unknown, string, string | null]> = Array.isArray(v)
      ? v.map((x, i) => [x, `${at}[${i}]`, null])
      : Object.entries(v).map(([k, x]) => [x, at === '' ? k : `${at}.${k}`, k]);
    stack.push(...children.reverse());
  }
}

/** The first number JSON cannot hold (Infinity, -Infinity, NaN) in a parsed config, with its path. */
function nonFinitePath(root: unknown): { at: string; value: string } | null {
  let hit: { at: string; value: string } | null = null;
  walkPaths(root, (v, at) => {
    if (hit !== null) return false;
    if (typeof v === 'number' && !Number.isFinite(v)) hit = { at: at || '(top level)', value: String(v) };
  });
  return hit;
}

function get(obj: unknown, keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Every leaf path (dot-joined) of a config; an empty object counts as a leaf. */
function leafPaths(obj: Obj, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (isObj(v) && Object.keys(v).length > 0) out.push(...leafPaths(v, p));
    else out.push(p);
  }
  return out;
}

/**
 * The most specific non-existent key at or above a path. Keys starting `docker.` match under any
 * parent (agents.defaults.sandbox.docker.networkMode); the others only from the top.
 */
function nonexistentKeyFor(leaf: string): { path: string; instead: string } | undefined {
  let best: { path: string; instead: string } | undefined;
  for (const k of NONEXISTENT_KEYS) {
    const anywhere = k.path.startsWith('docker.');
    const matches = anywhere
      ? leaf === k.path || leaf.endsWith(`.${k.path}`) || leaf.includes(`.${k.path}.`) || leaf.startsWith(`${k.path}.`)
      : leaf === k.path || leaf.startsWith(`${k.path}.`);
    if (matches && (!best || k.path.length > best.path.length)) best = k;
  }
  return best;
}

/** A pattern OpenClaw matches as a glob (glob-pattern.ts: `*` is any run of characters), not `*` alone. */
const isGlob = (n: string) => n !== '*' && n.includes('*');

/** The tools a deny-list entry denies, as OpenClaw expands it (groups, globs, canvas's family). */
function expand(entry: string): string[] {
  const n = normalizeConfiguredToolName(entry);
  const base = isGlob(n) ? globMatches(n) : isToolGroup(n) ? [...(TOOL_GROUPS[n] ?? [])] : [n];
  return [...new Set(base.flatMap((t) => [t, ...(IMPLIED_BY_DENY[t] ?? [])]))];
}

/** The tools an allowlist entry grants: what it expands to, and what OpenClaw allows beside those (write: apply_patch). */
function grants(entry: string): string[] {
  const n = normalizeConfiguredToolName(entry);
  const base = isGlob(n) ? globMatches(n) : isToolGroup(n) ? [...(TOOL_GROUPS[n] ?? [])] : [n];
  return [...new Set(base.flatMap((t) => [t, ...(IMPLIED_BY_ALLOW[t] ?? [])]))];
}

function suggestion(name: string): string {
  const alias = TOOL_ALIASES[name.trim().toLowerCase()];
  return alias ? ` (did you mean "${alias.id}"?)` : '';
}

export interface PolicyCheckOptions {
  agent?: string;
  /** Where `agent` came from, for the error when the config has no such agent: a flag (default `--agent`) or a setting. */
  agentFrom?: string;
  extraAllow?: string[];
  /** The sandbox folder on the host and where it is mounted: the binds are checked against them. */
  sandboxDir?: string;
  mount?: string;
  /**
   * With `agent`: the other configured agents (their keys) that load the sandbox's skills too, each
   * held to run them no wider than the policy. Unset, every other configured agent is
   * (checkPolicy narrows it with agentsThatMayLoad).
   */
  alsoAgents?: string[];
  /** The skillpin workspace and the user's home folder, for agentsThatMayLoad. */
  workspace?: string;
  home?: string;
  /** OPENCLAW_STATE_DIR where it is set: OpenClaw's managed skills are then `<it>/skills`, for every agent. */
  stateDir?: string;
}

/**
 * Compare an openclaw.json with the derived policy. Returns one finding per problem (empty when the
 * config enforces exactly the policy): tools allowed that no skill needs, tools a skill needs that
 * are not allowed, a tool policy.deny denies that is allowed, unknown tool ids, the deployment
 * guide's non-existent keys, the pre-2026.8 `agents.list`, and any drift of the sandbox block (mode,
 * workspace access, network, read-only root, and, given the sandbox folder and mount, its binds).
 */
export async function checkPolicy(
  configPath: string,
  p: DerivedPolicy,
  opts: PolicyCheckOptions = {},
): Promise<PolicyFinding[]> {
  const { config, raw } = await readConfig(configPath);
  if (raw === null) {
    throw new SkillpinError('ECONFIG', `${configPath} does not exist`, {
      path: configPath,
      hint: 'Write the policy first (skill policy --write) or pass the path of openclaw.json.',
    });
  }
  const agent = opts.agent === undefined ? undefined : configuredAgentKey(config, opts.agent, configPath, opts.agentFrom);
  if (agent === undefined) return checkPolicyConfig(config, p, opts);
  const alsoAgents = opts.alsoAgents ?? agentsThatMayLoad(config, agent, configPath, opts);
  return checkPolicyConfig(config, p, { ...opts, agent, alsoAgents });
}

/**
 * Whether OpenClaw substitutes an environment variable into this string when it loads the config
 * (env-substitution.ts: `${NAME}` with NAME in [A-Z_][A-Z0-9_]*, `$${NAME}` is a literal). The value
 * it acts on is then not the one skillpin reads.
 */
export function hasEnvReference(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    if (value[i] !== '$') continue;
    const escaped = value[i + 1] === '$' && value[i + 2] === '{';
    const start = escaped ? i + 3 : value[i + 1] === '{' ? i + 2 : -1;
    if (start < 0) continue;
    const end = value.indexOf('}', start);
    if (end < 0 || !/^[A-Z_][A-Z0-9_]*$/.test(value.slice(start, end))) continue;
    if (!escaped) return true;
    i = end;
  }
  return false;
}

/** A string OpenClaw fills in from the environment when it loads the file: its value is not the one read here. */
const fromEnvironment = (v: unknown): boolean => typeof v === 'string' && hasEnvReference(v);

/** An OpenClaw path setting as OpenClaw reads it (`~` is the home folder); null when it is relative or filled in from the environment. */
function userPath(value: unknown, home: string | undefined): string | null {
  // OpenClaw substitutes `${NAME}` when it loads the file: the folder is not the one written.
  if (typeof value !== 'string' || value.trim() === '' || hasEnvReference(value)) return null;
  const v = value.trim();
  const expanded = v === '~' || v.startsWith('~/') ? (home === undefined ? null : path.join(home, v.slice(1))) : v;
  return expanded !== null && path.isAbsolute(expanded) ? realPathAheadSync(expanded) : null;
}

/**
 * The configured agents other than `named` that may load the sandbox's skills, and so must run
 * them no wider than the policy. One is left out only when the config proves it loads them nowhere:
 * it sets its own absolute `workspace` (OpenClaw loads `<workspace>/skills` and
 * `<workspace>/.agents/skills` for it) that is not this workspace, and no run `cwd` (its own, else
 * `agents.defaults.cwd`) that is; the sandbox lies in this workspace's own such folder, in neither
 * of that agent's, and in none of the roots every agent loads (`~/.agents/skills`, the managed
 * `skills` beside openclaw.json, in `~/.openclaw` or in `$OPENCLAW_STATE_DIR`,
 * `skills.load.extraDirs`), nor where a linked skill folder may point
 * (`skills.load.allowSymlinkTargets`); and no bind of its own or of the defaults mounts it. Anything
 * short of that (no workspace of its own, a relative one, no sandbox or workspace known) keeps it held.
 */
export function agentsThatMayLoad(config: Obj, named: string, configPath: string, opts: Pick<PolicyCheckOptions, 'sandboxDir' | 'workspace' | 'home' | 'stateDir'>): string[] {
  const others = configuredAgents(config).map((a) => a.key).filter((k) => k !== named);
  if (opts.sandboxDir === undefined || opts.workspace === undefined) return others;
  const sandbox = realPathAheadSync(opts.sandboxDir);
  const workspace = realPathAheadSync(opts.workspace);
  const within = (dir: string) => isPathInside(sandbox, dir);
  const roots = (ws: string) => [path.join(ws, 'skills'), path.join(ws, '.agents', 'skills')].map((p) => realPathAheadSync(p));
  if (!roots(workspace).some(within)) return others;
  const shared = [path.join(path.dirname(path.resolve(configPath)), 'skills')];
  if (opts.home !== undefined) shared.push(path.join(opts.home, '.agents', 'skills'), path.join(opts.home, '.openclaw', 'skills'));
  // The managed folder where OPENCLAW_STATE_DIR moves it (and openclaw.json lives elsewhere).
  if (opts.stateDir !== undefined && opts.stateDir.trim() !== '') {
    const at = userPath(opts.stateDir, opts.home);
    if (at === null) return others;
    shared.push(path.join(at, 'skills'));
  }
  const extra = get(config, ['skills', 'load', 'extraDirs']);
  if (extra !== undefined && !Array.isArray(extra)) return others;
  for (const dir of (extra as unknown[] | undefined) ?? []) {
    const at = userPath(dir, opts.home);
    if (at === null) return others;
    shared.push(at);
  }
  if (shared.map((p) => realPathAheadSync(p)).some(within)) return others;
  // A skill folder linked from another agent's root into the sandbox loads where its target is
  // trusted (skills.load.allowSymlinkTargets): one that overlaps the sandbox proves nothing.
  const targets = get(config, ['skills', 'load', 'allowSymlinkTargets']);
  if (targets !== undefined && !Array.isArray(targets)) return others;
  for (const t of (targets as unknown[] | undefined) ?? []) {
    const at = userPath(t, opts.home);
    if (at === null || isPathInside(sandbox, at) || isPathInside(at, sandbox)) return others;
  }
  // A bind whose host side is a folder holding the sandbox, or inside it (a named volume is neither).
  const mounts = (binds: unknown) => (Array.isArray(binds) ? binds : []).some((b) => {
    if (typeof b !== 'string' || hasEnvReference(b)) return true;
    const host = b.split(':')[0] ?? '';
    const at = host.startsWith('~') ? userPath(host, opts.home) : path.isAbsolute(host) ? realPathAheadSync(host) : null;
    if (at === null) return host.startsWith('~');
    return isPathInside(sandbox, at) || isPathInside(at, sandbox);
  });
  const defaultBinds = get(config, ['agents', 'defaults', 'sandbox', 'docker', 'binds']);
  if (mounts(defaultBinds)) return others;
  return others.filter((key) => {
    const own = userPath(get(config, ['agents', 'entries', key, 'workspace']), opts.home);
    if (own === null || own === workspace || roots(own).some(within)) return true;
    // A run cwd (the agent's own, else the defaults') is the execution workspace, whose skills
    // OpenClaw loads beside the agent's own (resolveAgentRunCwd): one in this workspace loads the sandbox.
    const cwd = get(config, ['agents', 'entries', key, 'cwd']) ?? get(config, ['agents', 'defaults', 'cwd']);
    if (cwd !== undefined) {
      const at = userPath(cwd, opts.home);
      if (at === null || at === workspace || roots(at).some(within)) return true;
    }
    return mounts(get(config, ['agents', 'entries', key, 'sandbox', 'docker', 'binds']));
  });
}

/**
 * checkPolicy on a config already in memory. Without `agent`, the defaults are checked and each
 * agent's own keys where they widen them (agentOverrideFindings); with it, that agent's block in
 * full and each of `alsoAgents` (default: every other configured agent) as it runs, no wider.
 */
export function checkPolicyConfig(config: Obj, p: DerivedPolicy, opts: PolicyCheckOptions = {}): PolicyFinding[] {
  const findings = checkEffective(config, p, opts);
  if (opts.agent === undefined) findings.push(...agentOverrideFindings(config, p, opts, findings));
  else findings.push(...otherAgentFindings(config, p, opts, findings));
  return findings;
}

/** The findings of one agent's effective config (`opts.agent`), or of the defaults without one. */
function checkEffective(config: Obj, p: DerivedPolicy, opts: PolicyCheckOptions): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const add = (rule: string, at: string, message: string) => findings.push({ code: 'EPOLICY', rule, path: at, message });

  // Keys the deployment guide invents: one finding per leaf under such a key, naming the real key.
  for (const leaf of leafPaths(config)) {
    const hit = nonexistentKeyFor(leaf);
    if (hit) add('key-nonexistent', leaf, `${leaf} is not an OpenClaw ${OPENCLAW_CATALOG_VERSION} key, so it has no effect (use ${hit.instead})`);
  }
  // OpenClaw reads the files an `$include` names into the config around it; skillpin does not,
  // so an include could set any key judged below (agents.entries.main.tools.allow: ["*"]) unseen.
  // Inside lists too: OpenClaw resolves an include in a list item (includes.ts IncludeProcessor maps
  // arrays), so `binds: ["...", { "$include": "b.json5" }]` mounts whatever b.json5 holds.
  const includes: string[] = [];
  walkPaths(config, (_v, at, key) => {
    if (key !== '$include') return true;
    includes.push(at);
    return false;
  });
  for (const at of includes) {
    add('config-include', at, `${at} reads other files into the config, which skillpin does not follow: it cannot tell what OpenClaw enforces; write the included settings into this file`);
  }
  const agents = config.agents;
  // Two keys of agents.entries that OpenClaw takes for one agent (`Main` and `main`): which block
  // it applies is not skillpin's to tell, and only the first was judged (listAgentIds keeps one),
  // so `main: { tools: { allow: ["*"] } }` after `Main` passed.
  if (isObj(agents) && isObj(agents.entries)) {
    const byId = new Map<string, string>();
    for (const [key, block] of Object.entries(agents.entries)) {
      const id = isObj(block) ? canonicalAgentId(key) : null;
      if (id === null) continue;
      const first = byId.get(id);
      if (first === undefined) byId.set(id, key);
      else add('agent-duplicate', `agents.entries.${key}`, `agents.entries.${key} and agents.entries.${first} are one agent to OpenClaw (id "${id}"), so which block it applies cannot be told; keep one of them`);
    }
  }
  if (isObj(agents) && agents.list !== undefined) {
    // OpenClaw 2026.9.6 still loads it, moving each agent to agents.entries (validateConfigObject),
    // so its agents' own tools and sandbox keys apply; skillpin judges agents.entries only.
    add('key-legacy', 'agents.list', `agents.list was renamed agents.entries in OpenClaw 2026.8.1; OpenClaw ${OPENCLAW_CATALOG_VERSION} still loads it as agents.entries, with each agent's own tools and sandbox keys, which skillpin does not judge there; run openclaw doctor --fix`);
  }

  const extras = new Set((opts.extraAllow ?? []).map(normalizeConfiguredToolName));
  // A glob is no id: it is judged below by the tools it matches.
  const known = (n: string) => n === '*' || isGlob(n) || isCoreTool(n) || isToolGroup(n) || Object.hasOwn(PLUGIN_POLICY_NAMES, n) || extras.has(n);
  const scope = opts.agent === undefined ? [] : ['agents', 'entries', opts.agent];
  const scopeName = opts.agent === undefined ? '' : `agents.entries.${opts.agent}.`;

  // Unknown ids, wherever tool lists sit.
  const lists: Array<[string, unknown]> = [
    ['tools.allow', get(config, ['tools', 'allow'])],
    ['tools.alsoAllow', get(config, ['tools', 'alsoAllow'])],
    ['tools.deny', get(config, ['tools', 'deny'])],
    ['tools.policy.allowedTools', get(config, ['tools', 'policy', 'allowedTools'])],
  ];
  if (opts.agent !== undefined) {
    lists.push([`${scopeName}tools.allow`, get(config, [...scope, 'tools', 'allow'])]);
    lists.push([`${scopeName}tools.alsoAllow`, get(config, [...scope, 'tools', 'alsoAllow'])]);
    lists.push([`${scopeName}tools.deny`, get(config, [...scope, 'tools', 'deny'])]);
  }
  for (const [at, list] of lists) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      add('tool-unknown', at, `${at} must be a list of tool ids`);
      continue;
    }
    list.forEach((entry, i) => {
      if (typeof entry !== 'string') return add('tool-unknown', `${at}[${i}]`, `${at}[${i}] is not a tool name`);
      const n = normalizeConfiguredToolName(entry);
      if (!known(n)) {
        add('tool-unknown', `${at}[${i}]`, `"${entry}" is not an OpenClaw ${OPENCLAW_CATALOG_VERSION} tool id${suggestion(entry)}; OpenClaw accepts it and it never matches`);
      }
    });
  }

  // The effective allowlist: the agent's own if set, else the global one. Without any, the guide's
  // tools.policy.allowedTools is judged for what it intends (mapped), after saying it does nothing.
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);
  // A scope's allowlist as OpenClaw 2026.9.6 builds it (pickSandboxToolPolicy): its `allow` and its
  // `alsoAllow` together. An empty or missing `allow` restricts nothing at that scope (an
  // `alsoAllow` alone adds to "*"), so the scope is left to the one above it. Each entry keeps the
  // path it was read from: an `alsoAllow: ["exec"]` beside the derived `allow` grants exec.
  const scopeAllow = (keys: string[], at: string): { entries: string[]; paths: string[] } | null => {
    const allow = strings(get(config, [...keys, 'allow']));
    if (allow === null || allow.length === 0) return null;
    const also = strings(get(config, [...keys, 'alsoAllow'])) ?? [];
    if (also.length > 0) {
      add('config-invalid', `${at}.alsoAllow`, `${at}.allow and ${at}.alsoAllow are both set: OpenClaw ${OPENCLAW_CATALOG_VERSION} rejects the file ("cannot set both allow and alsoAllow in the same scope"), and where it merges them every alsoAllow entry is allowed too; move what is needed into policy.extraAllow and remove ${at}.alsoAllow`);
    }
    return { entries: [...allow, ...also], paths: [...allow.map((_, i) => `${at}.allow[${i}]`), ...also.map((_, i) => `${at}.alsoAllow[${i}]`)] };
  };
  const agentScope = opts.agent === undefined ? null : scopeAllow([...scope, 'tools'], `${scopeName}tools`);
  const globalScope = scopeAllow(['tools'], 'tools');
  const chosen = agentScope ?? globalScope;
  const allowAt = agentScope ? `${scopeName}tools.allow` : 'tools.allow';
  let allowList = chosen?.entries ?? null;
  let entryPaths = chosen?.paths ?? [];
  let intended = false;
  // A group the policy allows (extraAllow's `group:web`) needs each of its members.
  const needed = new Set([...p.allow, ...extras, 'read'].flatMap(grants));
  if (allowList === null) {
    const legacy = strings(get(config, ['tools', 'policy', 'allowedTools']));
    const empty = Array.isArray(get(config, allowAt.split('.')));
    add('allowlist-missing', allowAt, `${empty ? `${allowAt} is empty` : `no ${allowAt}`}: OpenClaw allows every tool, including ones no installed skill needs; set ${allowAt} to ${JSON.stringify(p.allow)}`);
    if (legacy) {
      allowList = legacy.map((x) => TOOL_ALIASES[x.trim().toLowerCase()]?.id ?? x);
      entryPaths = legacy.map((_, i) => `tools.policy.allowedTools[${i}]`);
      intended = true;
    }
  } else if (allowList.length > 0 && !allowList.some((x) => expand(x).some((t) => isCoreTool(t)) || normalizeConfiguredToolName(x) === '*')) {
    // OpenClaw 2026.9.6 keeps such a list (tool-policy-pipeline: it warns and filters), so no core
    // tool is left; the skills' needs are reported as missing below.
    add('allowlist-missing', allowAt, `${allowAt} names no OpenClaw core tool: OpenClaw ${OPENCLAW_CATALOG_VERSION} keeps it, so the agent gets none of the core tools the skills need (read among them)`);
  }
  // Whether exec is allowed as OpenClaw resolves the lists: with no allowlist of its own (or the
  // guide's, which OpenClaw ignores) every tool is.
  let execAllowed = allowList === null || intended;
  let browserAllowed = allowList === null || intended;
  if (allowList !== null) {
    const via = intended ? ' (as the guide\'s tools.policy.allowedTools intends)' : '';
    const listAt = intended ? 'tools.policy.allowedTools' : allowAt;
    const allowed = new Set<string>();
    allowList.forEach((entry, i) => {
      const n = normalizeConfiguredToolName(entry);
      if (n === '*') {
        allowed.add('*');
        add('tool-unneeded', entryPaths[i] ?? listAt, `${(entryPaths[i] ?? listAt).replace(/\[\d+\]$/, '')} allows "*" (every tool)${via}; installed skills need only ${p.allow.join(', ')}`);
        return;
      }
      const members = grants(n);
      for (const m of members) allowed.add(m);
      if (!known(n)) return; // already reported as unknown
      if (isGlob(n) && members.length === 0) {
        add('tool-unneeded', entryPaths[i] ?? listAt, `${(entryPaths[i] ?? listAt).replace(/\[\d+\]$/, '')} allows the pattern "${n}"${via}, which matches no OpenClaw ${OPENCLAW_CATALOG_VERSION} core tool: every plugin tool it matches is allowed, and no installed skill needs it`);
        return;
      }
      const unneeded = members.filter((m) => !needed.has(m));
      if (unneeded.length === 0) return;
      const what = isToolGroup(n) || isGlob(n) ? `"${n}" allows ${unneeded.join(', ')}` : Object.hasOwn(PLUGIN_POLICY_NAMES, n) ? `"${n}" allows ${PLUGIN_POLICY_NAMES[n]}` : `allows "${n}"`;
      add('tool-unneeded', entryPaths[i] ?? listAt, `${(entryPaths[i] ?? listAt).replace(/\[\d+\]$/, '')} ${what}${via}, which no installed skill needs`);
    });
    const denyAt = opts.agent !== undefined && strings(get(config, [...scope, 'tools', 'deny'])) ? `${scopeName}tools.deny` : 'tools.deny';
    // Both deny lists apply: OpenClaw filters by the global policy and then by the agent's
    // (tool-policy-pipeline steps), so an agent's own tools.deny adds to tools.deny, never replaces it.
    const denyList = [...(strings(get(config, ['tools', 'deny'])) ?? []), ...(opts.agent === undefined ? [] : (strings(get(config, [...scope, 'tools', 'deny'])) ?? []))];
    const denied = new Set(denyList.flatMap(expand));
    for (const tool of p.allow) {
      const needers = p.byTool[tool]?.join(', ') || (tool === 'read' ? 'every skill (SKILL.md)' : 'the configured extras');
      const members = expand(tool);
      if (members.some((m) => denied.has(m)) || denied.has('*')) {
        add('tool-missing', denyAt, `${denyAt} denies "${tool}", needed by ${needers}${via}`);
      } else if (!allowed.has('*') && !members.every((m) => allowed.has(m))) {
        add('tool-missing', listAt, `${listAt} lacks "${tool}", needed by ${needers}${via}`);
      }
    }
    if (!intended) execAllowed = (allowed.has('*') || allowed.has('exec')) && !denied.has('exec') && !denied.has('*');
    if (!intended) browserAllowed = (allowed.has('*') || allowed.has('browser')) && !denied.has('browser') && !denied.has('*');
    // The workspace's policy.deny: a tool it denies must not be allowed without a deny to match.
    for (const tool of p.deny) {
      const members = expand(tool);
      if (!denied.has('*') && !members.every((m) => denied.has(m)) && (allowed.has('*') || members.some((m) => allowed.has(m)))) {
        add('tool-not-denied', denyAt, `${denyAt} does not deny "${tool}", which policy.deny in .clawhub/config.json denies, and ${listAt} allows it${via}`);
      }
    }
  }

  // Elevated mode: exec's escape from the sandbox. The exec tool takes `elevated: true` from the
  // model (and `/elevated on` from a sender), and then runs the command on the gateway's host for
  // any sender in tools.elevated.allowFrom: a skill's instructions can ask for it, and every
  // sandbox key below then holds nothing. Both gates must be on: tools.elevated.enabled, and the
  // agent's own, which can only turn it off; OpenClaw reads each as on unless it is false (an
  // unset one is on, as its own security audit says). Without exec it changes nothing (OpenClaw:
  // elevated does not override tool policy).
  const elevated = get(config, ['tools', 'elevated', 'enabled']);
  const ownElevated = opts.agent === undefined ? undefined : get(config, [...scope, 'tools', 'elevated', 'enabled']);
  if (execAllowed && elevated !== false && ownElevated !== false) {
    const off = opts.agent === undefined ? 'set it to false' : `set it, or ${scopeName}tools.elevated.enabled, to false`;
    const is = elevated === undefined ? 'unset (on, to OpenClaw)' : JSON.stringify(elevated);
    add('sandbox-elevated', 'tools.elevated.enabled', `tools.elevated.enabled is ${is} and exec is allowed: an exec call marked elevated (a skill's instructions can ask for one) runs outside the sandbox, on the gateway's host, for any sender in tools.elevated.allowFrom; ${off}`);
  }
  // The exec host: set to gateway or node (the agent's own, else tools.exec.host), every exec call
  // runs there, sandbox or not, with no elevated mode asked for (OpenClaw: "Set tools.exec.host=node
  // (or gateway) explicitly to run there"); auto and sandbox keep it in a live sandbox.
  const ownHost = opts.agent === undefined ? undefined : get(config, [...scope, 'tools', 'exec', 'host']);
  const hostAt = ownHost !== undefined ? `${scopeName}tools.exec.host` : 'tools.exec.host';
  const host = ownHost !== undefined ? ownHost : get(config, ['tools', 'exec', 'host']);
  if (execAllowed && host !== undefined && host !== 'auto' && host !== 'sandbox') {
    add('sandbox-exec-host', hostAt, `${hostAt} is ${JSON.stringify(host)} and exec is allowed: every exec call runs there, outside the sandbox; remove it or set it to "sandbox"`);
  }

  // Sandbox: every key the derived block sets, as OpenClaw resolves it: the agent's own value
  // when --agent names one that sets it, else the defaults'. A missing key is reported where
  // `skill policy --write` puts it (the agent's block with --agent).
  // OpenClaw 2026.9.6 (sandbox config.ts resolveSandboxDockerConfig): with scope "shared" (the
  // agent's own, else the defaults') an agent's own docker block is ignored, the defaults' used.
  const ownScope = opts.agent === undefined ? undefined : get(config, [...scope, 'sandbox', 'scope']);
  const scopeValue = ownScope ?? get(config, ['agents', 'defaults', 'sandbox', 'scope']);
  const sharedScope = opts.agent !== undefined && scopeValue === 'shared';
  if (opts.agent !== undefined && fromEnvironment(scopeValue)) {
    // OpenClaw fills it in at load (every string of the file): "shared" there drops the agent's
    // docker and browser blocks for the defaults', which skillpin cannot tell it judged.
    const at = ownScope !== undefined ? `${scopeName}sandbox.scope` : 'agents.defaults.sandbox.scope';
    add('sandbox-scope', at, `${at} is ${JSON.stringify(scopeValue)}, which OpenClaw reads from the environment: under "shared" it ignores agent ${opts.agent}'s own docker and browser blocks, so skillpin cannot tell which sandbox it judged; write the scope out`);
  }
  const sandboxKey = (keys: string[]): { v: unknown; at: string } => {
    const ignored = sharedScope && (keys[0] === 'docker' || keys[0] === 'browser');
    const own = opts.agent === undefined || ignored ? undefined : get(config, [...scope, 'sandbox', ...keys]);
    if (own !== undefined) return { v: own, at: `${scopeName}sandbox.${keys.join('.')}` };
    const v = get(config, ['agents', 'defaults', 'sandbox', ...keys]);
    return { v, at: v === undefined && opts.agent !== undefined && !ignored ? `${scopeName}sandbox.${keys.join('.')}` : `agents.defaults.sandbox.${keys.join('.')}` };
  };
  const shown = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));
  const mode = sandboxKey(['mode']);
  if (mode.v !== 'all') add('sandbox-mode', mode.at, `${mode.at} is ${shown(mode.v)}; set it to "all" so every session runs in the sandbox`);
  const access = sandboxKey(['workspaceAccess']);
  if (access.v !== 'ro' && access.v !== 'none') add('sandbox-access', access.at, `${access.at} is ${shown(access.v)}; set it to "ro" so the agent cannot write the workspace`);
  // The docker keys below hold only for the docker and podman backends (OpenClaw 2026.9.6:
  // backend is the agent's own, else the defaults', trimmed, else "docker"). Under ssh, openshell or
  // crabbox the remote side sets the network and nothing is mounted, so those keys say nothing.
  const backend = sandboxKey(['backend']);
  if (backend.v !== undefined && !(typeof backend.v === 'string' && ['docker', 'podman'].includes(backend.v.trim()))) {
    add('sandbox-backend', backend.at, `${backend.at} is ${shown(backend.v)}: the sandbox's network, read-only root and the skills mount are set by docker keys that only the docker and podman backends read, so skillpin cannot tell what the sandbox allows; remove it or set it to "docker"`);
  }
  // The sandboxed browser may drive the host's own browser (sandbox.browser.allowHostControl, the
  // agent's own else the defaults'; OpenClaw's default is false): outside the sandbox, as elevated
  // exec is, for a skill that is allowed the browser tool.
  const hostControl = sandboxKey(['browser', 'allowHostControl']);
  if (browserAllowed && hostControl.v === true) {
    add('sandbox-browser-host', hostControl.at, `${hostControl.at} is true and browser is allowed: a sandboxed session can drive the host's browser, outside the sandbox; remove it or set it to false`);
  }
  const net = sandboxKey(['docker', 'network']);
  if (net.v !== 'none') add('sandbox-network', net.at, `${net.at} is ${shown(net.v)}; set it to "none" so skills run without network`);
  const ro = sandboxKey(['docker', 'readOnlyRoot']);
  if (ro.v !== true) add('sandbox-root', ro.at, `${ro.at} is ${shown(ro.v)}; set it to true so the container's own files cannot be changed`);
  if (opts.sandboxDir !== undefined && opts.mount !== undefined) {
    // OpenClaw mounts the defaults' binds and then the agent's own (concatenated, not replaced),
    // so a writable one in the defaults reaches an agent with binds of its own.
    const binds = sandboxKey(['docker', 'binds']);
    const defaultList = strings(get(config, ['agents', 'defaults', 'sandbox', 'docker', 'binds'])) ?? [];
    const ownList = opts.agent === undefined || sharedScope ? [] : (strings(get(config, [...scope, 'sandbox', 'docker', 'binds'])) ?? []);
    const list = [...defaultList, ...ownList];
    const bindAt = (i: number) => (i < defaultList.length ? `agents.defaults.sandbox.docker.binds[${i}]` : `${scopeName}sandbox.docker.binds[${i - defaultList.length}]`);
    const wanted = `${opts.sandboxDir}:${opts.mount}:ro`;
    if (!list.includes(wanted)) add('sandbox-binds', binds.at, `${binds.at} lacks "${wanted}": the skills folder must be mounted read-only`);
    const sandboxDir = opts.sandboxDir;
    const overlaps = (a: string, b: string) => a === b || isPathInside(a, b) || isPathInside(b, a);
    // Docker follows links in a bind's host path: `/ws/skills-rw` linked to the skills folder (or
    // a link to the workspace above it) mounts it as surely as its own path does.
    let realSandbox: string | undefined;
    const reachesSandbox = (host: string) => overlaps(host, sandboxDir) || (path.isAbsolute(host) && overlaps(realPathAheadSync(host), (realSandbox ??= realPathAheadSync(sandboxDir))));
    list.forEach((bind, i) => {
      const [host = '', , options = ''] = bind.split(':');
      const writable = !options.split(',').includes('ro');
      if (writable && hasEnvReference(host)) {
        // OpenClaw puts the variable's value in when it loads the file: `${SKILLS}:/x:rw` is the
        // skills folder writable where SKILLS names it, and skillpin cannot see that.
        add('sandbox-binds', bindAt(i), `${bindAt(i)} "${bind}" is a writable mount whose host path OpenClaw reads from the environment: skillpin cannot tell whether it is the skills folder; write the path out, or mount it :ro`);
      } else if (writable && host !== '' && reachesSandbox(host)) {
        add('sandbox-binds', bindAt(i), `${bindAt(i)} "${bind}" mounts the skills folder writable: the agent could rewrite its own skills`);
      }
    });
  }
  return findings;
}

/**
 * Narrower is not weaker: an agent that lacks a tool a skill needs, or does not mount the skills
 * folder, cannot use more than the policy allows. Only for agents held beside the one checked.
 */
function narrowsOnly(f: PolicyFinding): boolean {
  return f.rule === 'tool-missing' || (f.rule === 'sandbox-binds' && !/\[\d+\]$/.test(f.path));
}

/**
 * With `agent` named, the policy is derived for that agent, but every other agent that loads the
 * same skills (`alsoAgents`) runs them too: each one's config as OpenClaw resolves it (its own keys,
 * else the defaults and the global tools) must be no wider, so `agents.entries.other.tools.allow:
 * ["*"]`, or an agent left on a global `tools.allow: ["*"]` or without a sandbox, is drift.
 */
function otherAgentFindings(config: Obj, p: DerivedPolicy, opts: PolicyCheckOptions, already: PolicyFinding[]): PolicyFinding[] {
  const keys = opts.alsoAgents ?? configuredAgents(config).map((a) => a.key).filter((k) => k !== opts.agent);
  const reached = opts.agent === undefined ? new Map<string, string>() : reachableAgents(config, p, opts.agent);
  const seen = new Set(already.map((f) => `${f.path}\0${f.message}`));
  const out: PolicyFinding[] = [];
  for (const key of [...keys, ...[...reached.keys()].filter((k) => !keys.includes(k))]) {
    const why = keys.includes(key)
      ? `agent ${key} may load these skills too: only one whose own workspace is elsewhere is not held to them`
      : `agent ${key} runs what these skills ask too: ${reached.get(key) ?? ''}`;
    for (const f of checkEffective(config, p, { ...opts, agent: key })) {
      if (narrowsOnly(f) || seen.has(`${f.path}\0${f.message}`)) continue;
      seen.add(`${f.path}\0${f.message}`);
      out.push({ ...f, message: `${f.message} (${why})` });
    }
  }
  return out;
}

/** OpenClaw's subagents.maxSpawnDepth (agents.defaults; 1 to 5, default 5): how many spawns a chain may hold. */
function maxSpawnDepth(config: Obj): number {
  const v = get(config, ['agents', 'defaults', 'subagents', 'maxSpawnDepth']);
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5 ? v : 5;
}

/**
 * The configured agents a session of `agent` that is allowed sessions_spawn or sessions_send can
 * make act, each with how: the agents its own subagents.allowAgents lets it start (spawnTargets),
 * the agents it may send to across agents (sendTargets), and, from each of those, the same again
 * (OpenClaw 2026.9.6: a sub-agent's session is its target agent's, which spawns by its own
 * allowAgents until subagents.maxSpawnDepth, 5 unless set, and a session it sends to runs with its
 * own agent's tools and sandbox). A walk over agents seen once, so a cycle (ops ⇄ main) ends. Each
 * reached agent is assumed to keep sessions_spawn and sessions_send: its tools may be narrower,
 * which is safe to miss, not to assume.
 */
function reachableAgents(config: Obj, p: DerivedPolicy, agent: string): Map<string, string> {
  const spawns = p.allow.some((t) => expand(t).includes('sessions_spawn'));
  const sends = p.allow.some((t) => expand(t).includes('sessions_send'));
  const out = new Map<string, string>();
  if (!spawns && !sends) return out;
  const limit = maxSpawnDepth(config);
  // [agent, spawn depth of its session, the path that reached it]
  const queue: Array<[string, number, string]> = [[agent, 0, '']];
  const visited = new Set([agent]);
  while (queue.length > 0) {
    const [from, depth, via] = queue.shift() as [string, number, string];
    const next: Array<[string, number, string]> = [];
    if (spawns && depth < limit) {
      for (const k of spawnTargets(config, from)) next.push([k, depth + 1, `${via}agent ${from} may start ${k} (sessions_spawn; subagents.allowAgents of ${from})`]);
    }
    if (sends) {
      for (const k of sendTargets(config, from)) next.push([k, 0, `${via}agent ${from} may send ${k} work to do (sessions_send; tools.sessions.visibility and agents.defaults.sandbox.sessionToolsVisibility "all")`]);
    }
    for (const [k, d, how] of next) {
      if (visited.has(k)) continue;
      visited.add(k);
      out.set(k, how);
      queue.push([k, d, `${how}, then `]);
    }
  }
  return out;
}

/**
 * The configured agents `agent` may start a sub-agent under: OpenClaw 2026.9.6 runs it with the
 * target's own sandbox (docs gateway/config-agents: `subagents.allowAgents`, the agent's own, else
 * agents.defaults'; `["*"]` is every configured agent, unset only itself).
 */
function spawnTargets(config: Obj, agent: string): string[] {
  const own = get(config, ['agents', 'entries', agent, 'subagents', 'allowAgents']);
  const list = own !== undefined ? own : get(config, ['agents', 'defaults', 'subagents', 'allowAgents']);
  if (!Array.isArray(list)) return [];
  const agents = configuredAgents(config).filter((a) => a.key !== agent);
  // An entry from the environment (`${TEAM}`) may name any agent: held as "*" is.
  if (list.some((x) => typeof x === 'string' && (x.trim() === '*' || fromEnvironment(x)))) return agents.map((a) => a.key);
  const ids = new Set(list.flatMap((x) => (typeof x === 'string' ? [canonicalAgentId(x)] : [])));
  return agents.filter((a) => ids.has(a.id)).map((a) => a.key);
}

/**
 * The configured agents a sandboxed session of `agent` may send to with sessions_send, whose
 * sessions then run the message with their own agent's tools and sandbox. OpenClaw 2026.9.6
 * (session-visibility: createSessionVisibilityDecisionChecker, resolveEffectiveSessionToolsVisibility,
 * createAgentToAgentPolicy): a cross-agent send needs visibility "all", which a sandboxed session
 * has only when agents.defaults.sandbox.sessionToolsVisibility is "all" (default "spawned" clamps it
 * to "tree") and tools.sessions.visibility is "all" or unset; and tools.agentToAgent.enabled not
 * false, with both agents matching tools.agentToAgent.allow (empty: every agent). Patterns are
 * matched without case here, so an agent is held where OpenClaw might not reach it, never the reverse.
 */
function sendTargets(config: Obj, agent: string): string[] {
  // OpenClaw clamps only the value "spawned" (its default); any other, one from the environment
  // (`${VIS}`, filled in at load) among them, leaves the session its tools.sessions.visibility.
  const sandboxed = get(config, ['agents', 'defaults', 'sandbox', 'sessionToolsVisibility']);
  if (sandboxed === undefined || sandboxed === 'spawned') return [];
  const visibility = get(config, ['tools', 'sessions', 'visibility']);
  if (typeof visibility === 'string' && !fromEnvironment(visibility) && ['self', 'tree', 'agent'].includes(visibility.trim().toLowerCase())) return [];
  if (get(config, ['tools', 'agentToAgent', 'enabled']) === false) return [];
  const allow = get(config, ['tools', 'agentToAgent', 'allow']);
  const patterns = Array.isArray(allow) ? allow.filter((x): x is string => typeof x === 'string').map((x) => x.trim()) : [];
  const matches = (id: string) =>
    patterns.length === 0 ||
    patterns.some((pat) => fromEnvironment(pat) || (pat !== '' && new RegExp(`^${pat.toLowerCase().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(id)));
  const self = canonicalAgentId(agent);
  if (self === null || !matches(self)) return [];
  return configuredAgents(config).filter((a) => a.key !== agent && matches(a.id)).map((a) => a.key);
}

/**
 * Checked for agents.defaults and the global tools, a config still runs each agent under its own
 * block where it sets one: OpenClaw takes an agent's tools.allow, tools.deny and sandbox keys over
 * the defaults. The findings of each agent's own keys, so `agents.entries.main.tools.allow: ["*"]`
 * or `agents.entries.main.sandbox.mode: "off"` beside a correct default is drift. An agent's
 * allowlist without a tool a skill needs is left alone: it runs narrower, not weaker.
 */
function agentOverrideFindings(config: Obj, p: DerivedPolicy, opts: PolicyCheckOptions, already: PolicyFinding[]): PolicyFinding[] {
  const entries = get(config, ['agents', 'entries']);
  if (!isObj(entries)) return [];
  const seen = new Set(already.map((f) => `${f.path}\0${f.message}`));
  const out: PolicyFinding[] = [];
  for (const { key } of configuredAgents(config)) {
    const prefix = `agents.entries.${key}.`;
    for (const f of checkEffective(config, p, { ...opts, agent: key })) {
      if (!f.path.startsWith(prefix) || f.rule === 'tool-missing' || seen.has(`${f.path}\0${f.message}`)) continue;
      // A key the agent does not set is the defaults' (reported above), not an override.
      const own = f.path.slice(prefix.length).replace(/\[\d+\]$/, '').split('.');
      if (get(config, ['agents', 'entries', key, ...own]) === undefined) continue;
      seen.add(`${f.path}\0${f.message}`);
      out.push(f);
    }
  }
  return out;
}

/**
 * Throw EPOLICY (exit 1) when a check found problems; the findings travel in the error's facts.
 * `agent`: the --agent the check was run with, which the write that fixes it needs too.
 */
export function assertPolicy(findings: PolicyFinding[], configPath: string, agent?: string): void {
  if (findings.length === 0) return;
  const shell = (a: string) => (/^[\w@%+=:,./~-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  throw new SkillpinError('EPOLICY', `${configPath} drifts from the installed skills' tool policy: ${counted(findings.length, 'problem')}\n${findings.map((f) => `  ${f.path}: ${f.message}`).join('\n')}`, {
    path: configPath,
    findings,
    hint: `Run \`skill policy --write ${shell(configPath)}${agent !== undefined ? ` --agent ${shell(agent)}` : ''}\` to apply the derived policy, or fix each key listed.`,
  });
}
