// Least-privilege tool policy from installed skills' capabilities, the OpenClaw config fragment
// that enforces it, and its human rendering ("why each tool is there"). Pure functions.

import { SkillpinError } from '../errors.js';
import { oneLine } from '../ui/index.js';
import type { Capabilities } from '../manifest/index.js';
import { AGENT_ID } from './ids.js';
import { IMPLIED_BY_ALLOW, OPENCLAW_CATALOG_VERSION, PLUGIN_POLICY_NAMES, TOOL_ALIASES, TOOL_GROUPS, globMatches, isCoreTool, isToolGroup, normalizeConfiguredToolName } from './catalog.js';

export interface PolicySkill {
  name: string;
  capabilities: Capabilities;
}

export interface DerivedPolicy {
  /** Canonical ids (and configured extras), sorted; always includes 'read'. */
  allow: string[];
  deny: string[];
  /** Tool → skills that need it, sorted. */
  byTool: Record<string, string[]>;
  /** Names skills wrote that map to no OpenClaw tool: reported, never emitted. */
  unmapped: Array<{ skill: string; name: string }>;
  notes: string[];
}

/** A configured extra: a core id, a group, or a plugin tool name (kept, with a note). */
function checkConfiguredName(name: string, where: string, notes: string[]): string {
  const n = normalizeConfiguredToolName(name);
  if (n === '' || /[\s,]/.test(n)) {
    throw new SkillpinError('ECONFIG', `${where} entry ${JSON.stringify(name)} is not a tool name`, {
      hint: 'List OpenClaw tool ids such as "web_fetch" or groups such as "group:web".',
    });
  }
  const alias = TOOL_ALIASES[n.toLowerCase()];
  if (!isCoreTool(n) && !isToolGroup(n) && alias?.id !== undefined) {
    // A name skillpin knows to mean a core tool (the guide's `run_command`, Agent Skills' `Bash`):
    // emitted as written it would never match in OpenClaw, and a deny of it would deny nothing.
    throw new SkillpinError('ECONFIG', `${where} entry ${JSON.stringify(name)} is not an OpenClaw ${OPENCLAW_CATALOG_VERSION} tool id; it means "${alias.id}"`, {
      hint: `Write "${alias.id}" in ${where}: OpenClaw accepts unknown names and they never match.`,
    });
  }
  if (Object.hasOwn(PLUGIN_POLICY_NAMES, n)) {
    notes.push(`${where}: "${n}" is ${PLUGIN_POLICY_NAMES[n]} to OpenClaw ${OPENCLAW_CATALOG_VERSION}`);
  } else if (!isCoreTool(n) && !isToolGroup(n) && n !== '*') {
    notes.push(`${where}: "${n}" is not an OpenClaw ${OPENCLAW_CATALOG_VERSION} core tool; kept as a plugin tool name`);
  }
  if (where === 'extraAllow' && n !== '*' && n.includes('*')) {
    // OpenClaw matches the entry as a glob (`e*` is edit and exec): emitted as a "plugin tool name",
    // it granted core tools the policy did not name, exec among them without elevated mode turned off.
    const matched = globMatches(n);
    throw new SkillpinError('ECONFIG', `${where} entry ${JSON.stringify(name)} is a pattern: OpenClaw allows every tool it matches (${matched.length > 0 ? matched.join(', ') : 'no core tool; any plugin tool'})`, {
      hint: 'Name each extra tool the agent needs; skillpin emits a least-privilege allowlist.',
    });
  }
  if (n === '*') {
    throw new SkillpinError('ECONFIG', `${where} entry "*" would allow every tool`, {
      hint: 'Name the extra tools the agent needs; skillpin emits a least-privilege allowlist.',
    });
  }
  return n;
}

export function derivePolicy(skills: PolicySkill[], opts: { extraAllow?: string[]; deny?: string[] } = {}): DerivedPolicy {
  const notes: string[] = [];
  const byTool = new Map<string, Set<string>>();
  const unmapped: Array<{ skill: string; name: string }> = [];
  const seen = new Set<string>();
  for (const skill of [...skills].sort((a, b) => a.name.localeCompare(b.name))) {
    if (seen.has(skill.name)) {
      throw new SkillpinError('EUSAGE', `skill "${skill.name}" is listed twice in the policy input`, { skill: skill.name });
    }
    seen.add(skill.name);
    for (const tool of skill.capabilities.tools) {
      if (!isCoreTool(tool)) {
        // capabilitiesOf only emits catalog ids; anything else is a caller bug, not a policy.
        throw new SkillpinError('EPOLICY', `skill "${skill.name}" lists "${tool}", which is not an OpenClaw tool id`, {
          skill: skill.name,
        });
      }
      let set = byTool.get(tool);
      if (!set) byTool.set(tool, (set = new Set()));
      set.add(skill.name);
    }
    for (const name of skill.capabilities.unknownTools) unmapped.push({ skill: skill.name, name });
    for (const note of skill.capabilities.notes) notes.push(`${skill.name}: ${note}`);
  }
  const allow = new Set<string>(['read', ...byTool.keys()]);
  const extras = new Set((opts.extraAllow ?? []).map((extra) => checkConfiguredName(extra, 'extraAllow', notes)));
  for (const extra of extras) allow.add(extra);
  const deny = [...new Set((opts.deny ?? []).map((d) => checkConfiguredName(d, 'deny', notes)))].sort();
  for (const d of deny) {
    const needers = byTool.get(d);
    if (needers) notes.push(`deny "${d}" wins over the allowlist: ${[...needers].sort().join(', ')} will not get it`);
    else if (extras.has(d)) notes.push(`policy.extraAllow and policy.deny both name "${d}": deny wins in OpenClaw, so the agent will not get it (remove it from one of them)`);
  }
  // What OpenClaw allows beside a listed tool: shown, so the allowlist is read as OpenClaw reads it.
  for (const t of allow) {
    for (const implied of IMPLIED_BY_ALLOW[t] ?? []) {
      if (!allow.has(implied) && !deny.includes(implied)) notes.push(`OpenClaw also allows ${implied} wherever ${t} is allowed; add "${implied}" to policy.deny if no skill should have it`);
    }
  }
  for (const u of unmapped) notes.push(`${u.skill}: allowed-tools name "${u.name}" maps to no OpenClaw tool; not emitted`);
  return {
    allow: [...allow].sort(),
    deny,
    byTool: Object.fromEntries([...byTool.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()])),
    unmapped,
    notes,
  };
}

export function policyFragment(
  p: DerivedPolicy,
  opts: { sandboxDir: string; mount: string; agent?: string },
): Record<string, unknown> {
  for (const [label, value] of [['sandbox folder', opts.sandboxDir], ['mount point', opts.mount]] as const) {
    if (!value.startsWith('/') || value.includes(':') || /[\0\n\r,]/.test(value)) {
      throw new SkillpinError('EUSAGE', `${label} ${JSON.stringify(value)} cannot be a Docker bind: it must be an absolute path without ":" or ","`, {
        hint: 'Pass an absolute host folder and an absolute container path.',
      });
    }
  }
  const tools: Record<string, unknown> = { allow: [...p.allow] };
  if (p.deny.length > 0) tools.deny = [...p.deny];
  // Exec allowed: its escape from the sandbox (elevated mode) turned off, where the policy is
  // written (an agent's own gate can only turn it off, so it holds beside a global true).
  // A group the config's extraAllow names (`group:runtime`) allows exec as surely as its id does.
  // And exec's own target pinned to the sandbox (`tools.exec.host`: gateway or node would run every
  // call outside it; auto falls back to the gateway where no sandbox runs), so a merge over a
  // config that set one is one the check passes.
  if (p.allow.some((t) => t === 'exec' || (isToolGroup(t) && (TOOL_GROUPS[t] ?? []).includes('exec')))) {
    tools.elevated = { enabled: false };
    tools.exec = { host: 'sandbox' };
  }
  const sandbox = {
    mode: 'all',
    workspaceAccess: 'ro',
    docker: { network: 'none', readOnlyRoot: true, binds: [`${opts.sandboxDir}:${opts.mount}:ro`] },
  };
  if (opts.agent === undefined) return { tools, agents: { defaults: { sandbox } } };
  if (!AGENT_ID.test(opts.agent)) {
    throw new SkillpinError('EUSAGE', `agent id ${JSON.stringify(opts.agent)} is not an OpenClaw agent id`, {
      hint: 'Use the id under agents.entries in openclaw.json (lowercase letters, digits, - and _).',
    });
  }
  return { agents: { entries: { [opts.agent]: { tools, sandbox } } } };
}

/** Human text: each allowed tool and why it is there. */
export function renderPolicy(p: DerivedPolicy): string {
  const lines: string[] = [`tools.allow (OpenClaw ${OPENCLAW_CATALOG_VERSION} ids): ${p.allow.join(', ')}`];
  const width = Math.max(...p.allow.map((x) => x.length), 4);
  for (const tool of p.allow) {
    const skills = p.byTool[tool];
    let why: string;
    if (tool === 'read') why = 'always (every skill: the agent reads SKILL.md with it)';
    else if (skills?.length) why = `needed by ${skills.join(', ')}`;
    else why = 'configured extra';
    lines.push(`  ${tool.padEnd(width)}  ${why}`);
  }
  if (p.deny.length > 0) lines.push(`tools.deny: ${p.deny.join(', ')}`);
  if (p.unmapped.length > 0) {
    lines.push('not emitted (no OpenClaw tool of that name):');
    // The names and notes are a SKILL.md's text: each on its line, so none can add a line that
    // reads as an allowed tool.
    for (const u of p.unmapped) lines.push(`  ${u.skill}: ${oneLine(u.name)}`);
  }
  if (p.notes.length > 0) {
    lines.push('notes:');
    for (const n of p.notes) lines.push(`  ${oneLine(n)}`);
  }
  return lines.join('\n');
}
