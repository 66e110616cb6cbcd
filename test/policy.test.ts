import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSON5 from 'json5';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SkillpinError } from '../src/errors.js';
import { capabilityRecordDrift } from '../src/policy/installed.js';
import { agentsThatMayLoad } from '../src/policy/config.js';
import { capabilitiesOf, parseSkillManifest, type Capabilities } from '../src/manifest/index.js';
import {
  CORE_TOOLS,
  FIRST_TOOL_READING,
  TOOL_GROUPS,
  assertPolicy,
  checkPolicy,
  checkPolicyConfig,
  derivePolicy,
  mapToolName,
  policyFragment,
  renderPolicy,
  writePolicy,
  type PolicySkill,
} from '../src/policy/index.js';

const SHARED = path.resolve(import.meta.dirname, '../../shared');
const CORPUS = path.join(SHARED, 'corpus/clawhub-archive');

const caps = (tools: string[], extra: Partial<Capabilities> = {}): Capabilities => ({
  tools,
  bins: [],
  env: [],
  config: [],
  os: [],
  install: [],
  always: false,
  unknownTools: [],
  notes: [],
  ...extra,
});

const skills: PolicySkill[] = [
  { name: 'weather', capabilities: caps(['exec', 'read', 'web_fetch'], { bins: ['curl'] }) },
  { name: 'notes', capabilities: caps(['edit', 'read', 'write'], { unknownTools: ['AskUserQuestion'] }) },
];

describe('mapToolName (the mapping table)', () => {
  it.each([
    ['Bash', 'exec'],
    ['Bash(git:*)', 'exec'],
    ['Bash(git commit:*)', 'exec'],
    ['Read', 'read'],
    ['Write', 'write'],
    ['Edit', 'edit'],
    ['MultiEdit', 'edit'],
    ['Glob', 'read'],
    ['Grep', 'read'],
    ['WebFetch', 'web_fetch'],
    ['WebFetch(domain:example.com)', 'web_fetch'],
    ['WebSearch', 'web_search'],
    ['read_file', 'read'],
    ['write_file', 'write'],
    ['run_command', 'exec'],
    ['search_web', 'web_search'],
    ['exec', 'exec'],
    ['web_fetch', 'web_fetch'],
    ['browser', 'browser'],
    ['EXEC', 'exec'],
    ['apply-patch', 'apply_patch'],
  ])('%s → %s', (name, id) => {
    expect(mapToolName(name).id).toBe(id);
  });

  it('notes every translated name, and maps unknown names to nothing', () => {
    expect(mapToolName('run_command').note).toMatch(/legacy name run_command is OpenClaw's exec/);
    expect(mapToolName('Bash').note).toMatch(/exec/);
    expect(mapToolName('exec').note).toBeUndefined();
    for (const n of ['AskUserQuestion', 'TodoWrite', 'mcp__github__x', 'read_files', 'shell', 'group:fs']) {
      expect(mapToolName(n).id).toBeNull();
    }
  });

  it('keeps groups consistent with the ids', () => {
    const ids = new Set(CORE_TOOLS.map((t) => t.id));
    for (const members of Object.values(TOOL_GROUPS)) for (const m of members) expect(ids.has(m)).toBe(true);
    expect(TOOL_GROUPS['group:fs']).toEqual(['ls', 'read', 'write', 'edit', 'apply_patch']);
    expect(TOOL_GROUPS['group:runtime']).toContain('exec');
    expect(TOOL_GROUPS['group:web']).toEqual(['web_search', 'web_fetch', 'x_search']);
  });

  it("holds OpenClaw 2026.9.6's catalog (dist/tool-catalog): what each group grants, the scheduler's and image tool's ids", () => {
    // A group grants every tool of its section: each one skillpin did not know was granted by the
    // group while --check judged the group by the members it knew (group:nodes passed for a skill
    // that needs nodes, and OpenClaw also allowed computer: control of the desktop).
    expect(TOOL_GROUPS['group:nodes']).toEqual(['nodes', 'computer', 'mobile_ui']);
    expect(TOOL_GROUPS['group:runtime']).toEqual(['exec', 'process', 'code_execution', 'secrets']);
    expect(TOOL_GROUPS['group:ui']).toEqual(['browser', 'screen', 'theme', 'dashboard', 'terminal', 'portal', 'canvas', 'show_widget']);
    expect(TOOL_GROUPS['group:automation']).toEqual(['heartbeat_respond', 'automations', 'gateway', 'plugins', 'openclaw']);
    expect(TOOL_GROUPS['group:openclaw']).toHaveLength(53);
    expect(TOOL_GROUPS['group:openclaw']).not.toContain('canvas');
    // cron is OpenClaw's alias of automations; image and switch_model are not 2026.9.6 tools.
    expect(mapToolName('cron')).toMatchObject({ id: 'automations' });
    expect(mapToolName('image')).toMatchObject({ id: 'view_image' });
    expect(mapToolName('LS').id).toBe('ls');
    expect(mapToolName('switch_model').id).toBeNull();
  });

  it('reads an allowlist as OpenClaw does: write also allows apply_patch, canvas show_widget, update_plan is progress_card', () => {
    // A skill that needs only edit: a config that allows write grants apply_patch too
    // (tool-policy-match writeAllowsApplyPatch), and policy.deny of apply_patch must be in tools.deny.
    const p = derivePolicy([{ name: 'ed', capabilities: caps(['edit']) }], { deny: ['apply_patch'] });
    const rules = (allow: string[], deny: string[] = ['apply_patch']) => checkPolicyConfig({ tools: { allow, deny } }, p).filter((f) => f.rule.startsWith('tool-')).map((f) => `${f.rule} ${f.path}`);
    expect(rules(['read', 'edit'])).toEqual([]);
    expect(rules(['read', 'edit'], [])).toEqual([]);
    expect(rules(['read', 'edit', 'write'], [])).toEqual(['tool-unneeded tools.allow[2]', 'tool-not-denied tools.deny']);
    // canvas's family: show_widget is allowed with it, and no "unneeded" when a skill needs canvas.
    const c = derivePolicy([{ name: 'draw', capabilities: caps(['canvas']) }], { deny: ['show_widget'] });
    expect(checkPolicyConfig({ tools: { allow: ['read', 'canvas'] } }, c).filter((f) => f.rule.startsWith('tool-')).map((f) => f.rule)).toEqual(['tool-not-denied']);
    expect(c.notes).toEqual([]);
    // The renamed id is no unknown name.
    expect(mapToolName('update_plan').id).toBe('progress_card');
    // --write's output says what OpenClaw allows beside the list.
    expect(derivePolicy([{ name: 'w', capabilities: caps(['write']) }]).notes).toContain('OpenClaw also allows apply_patch wherever write is allowed; add "apply_patch" to policy.deny if no skill should have it');
    expect(derivePolicy([{ name: 'w', capabilities: caps(['write']) }], { deny: ['apply_patch'] }).notes.join('\n')).not.toContain('also allows');
  });

  it('an allowlist of plugin tools only is one OpenClaw 2026.9.6 keeps (no core tool left), not one it drops', () => {
    const [first] = checkPolicyConfig({ tools: { allow: ['slack'] } }, derivePolicy([]), { extraAllow: ['slack'] });
    expect(first?.rule).toBe('allowlist-missing');
    expect(first?.message).toContain('keeps it, so the agent gets none of the core tools the skills need');
    expect(first?.message).not.toContain('allows every tool');
  });

  it('group:plugins and bundle-mcp are OpenClaw policy names: a deny of them is no drift, an allow of them grants every plugin tool', () => {
    const p = derivePolicy([{ name: 'fetcher', capabilities: caps(['web_fetch']) }]);
    const base = { allow: ['read', 'web_fetch'], elevated: { enabled: false } };
    const tool = (tools: Record<string, unknown>) => checkPolicyConfig({ tools }, p).filter((f) => f.rule.startsWith('tool-'));
    // Denying every plugin tool narrows the agent; it was "not a tool id, never matches" (drift).
    expect(tool({ ...base, deny: ['group:plugins', 'bundle-mcp'] })).toEqual([]);
    expect(tool({ ...base, allow: [...base.allow, 'group:plugins'] }).map((f) => f.message)).toEqual(['tools.allow "group:plugins" allows every plugin tool, which no installed skill needs']);
    expect(derivePolicy([], { extraAllow: ['group:plugins'] }).notes).toEqual(['extraAllow: "group:plugins" is every plugin tool to OpenClaw 2026.9.x']);
  });

  it('--check judges a group by every tool OpenClaw grants through it', async () => {
    const p = derivePolicy([{ name: 'devices', capabilities: caps(['nodes']) }]);
    const findings = checkPolicyConfig({ tools: { allow: ['read', 'group:nodes'], elevated: { enabled: false } } }, p).filter((f) => f.rule.startsWith('tool-'));
    expect(findings.map((f) => f.message)).toEqual(['tools.allow "group:nodes" allows computer, mobile_ui, which no installed skill needs']);
    // The scheduler under its new id, and under the alias OpenClaw still reads.
    const sched = derivePolicy([{ name: 'sched', capabilities: caps(['automations']) }]);
    for (const name of ['automations', 'cron', 'CRON']) {
      expect(checkPolicyConfig({ tools: { allow: ['read', name] } }, sched).filter((f) => f.rule.startsWith('tool-'))).toEqual([]);
    }
  });
});

describe('derivePolicy', () => {
  it('unions the tools, lists who needs each, and reports unmapped names without emitting them', () => {
    const p = derivePolicy(skills, { extraAllow: ['message'], deny: ['browser'] });
    expect(p.allow).toEqual(['edit', 'exec', 'message', 'read', 'web_fetch', 'write']);
    expect(p.deny).toEqual(['browser']);
    expect(p.byTool).toEqual({ edit: ['notes'], exec: ['weather'], read: ['notes', 'weather'], web_fetch: ['weather'], write: ['notes'] });
    expect(p.unmapped).toEqual([{ skill: 'notes', name: 'AskUserQuestion' }]);
    const text = renderPolicy(p);
    expect(text).toContain('exec       needed by weather');
    expect(text).toContain('read       always');
    expect(text).toContain('message    configured extra');
    expect(text).toContain('notes: AskUserQuestion');
  });

  it('says when policy.extraAllow and policy.deny name the same tool (deny wins in OpenClaw)', () => {
    const p = derivePolicy(skills, { extraAllow: ['message', 'Browser'], deny: ['browser'] });
    expect(p.deny).toEqual(['browser']);
    expect(p.notes).toContain('policy.extraAllow and policy.deny both name "browser": deny wins in OpenClaw, so the agent will not get it (remove it from one of them)');
    expect(derivePolicy(skills, { extraAllow: ['message'], deny: ['browser'] }).notes.join('\n')).not.toContain('both name');
  });

  it('always allows read, even with no skills', () => {
    expect(derivePolicy([]).allow).toEqual(['read']);
  });

  it('derives from a real manifest end to end', () => {
    const m = parseSkillManifest('---\nname: gif\nallowed-tools: Read WebSearch\nmetadata: {"moltbot":{"requires":{"anyBins":["ffmpeg"]}}}\n---\n');
    const p = derivePolicy([{ name: 'gif', capabilities: capabilitiesOf(m) }]);
    expect(p.allow).toEqual(['exec', 'read', 'web_search']);
    expect(p.notes).toContain('gif: exec: requires one of ffmpeg');
  });

  it('refuses a "*" extra and a capability that is not an OpenClaw id', () => {
    expect(() => derivePolicy(skills, { extraAllow: ['*'] })).toThrow(SkillpinError);
    expect(() => derivePolicy([{ name: 'x', capabilities: caps(['read_file']) }])).toThrow(/not an OpenClaw tool id/);
  });

  it('refuses configured extras and denies that name a core tool by another name, instead of emitting them', () => {
    expect(() => derivePolicy(skills, { extraAllow: ['run_command'] })).toThrow(/extraAllow entry "run_command" is not an OpenClaw .* tool id; it means "exec"/);
    expect(() => derivePolicy(skills, { deny: ['read_file'] })).toThrow(/it means "read"/);
    // A plugin's own tool name is still kept, with a note.
    expect(derivePolicy(skills, { extraAllow: ['my_plugin_tool'] }).allow).toContain('my_plugin_tool');
  });
});

describe('policyFragment', () => {
  const p = derivePolicy(skills);
  it('emits tools.allow and the sandbox block under agents.defaults', () => {
    expect(policyFragment(p, { sandboxDir: '/home/a/ws/skills', mount: '/skills' })).toEqual({
      // exec allowed: its escape from the sandbox (elevated mode) off
      tools: { allow: ['edit', 'exec', 'read', 'web_fetch', 'write'], elevated: { enabled: false }, exec: { host: 'sandbox' } },
      agents: {
        defaults: {
          sandbox: {
            mode: 'all',
            workspaceAccess: 'ro',
            docker: { network: 'none', readOnlyRoot: true, binds: ['/home/a/ws/skills:/skills:ro'] },
          },
        },
      },
    });
  });

  it('emits the same under agents.entries.<id> with an agent', () => {
    const f = policyFragment(derivePolicy(skills, { deny: ['browser'] }), { sandboxDir: '/s', mount: '/m', agent: 'work' });
    expect(Object.keys(f)).toEqual(['agents']);
    expect((f as { agents: { entries: Record<string, { tools: unknown }> } }).agents.entries.work?.tools).toEqual({
      allow: ['edit', 'exec', 'read', 'web_fetch', 'write'],
      deny: ['browser'],
      elevated: { enabled: false },
      exec: { host: 'sandbox' },
    });
    // Without exec, elevated mode changes nothing and is not written.
    const noExec = policyFragment(derivePolicy([]), { sandboxDir: '/s', mount: '/m' }) as { tools: Record<string, unknown> };
    expect(noExec.tools).toEqual({ allow: ['read'] });
  });

  it('refuses bind paths Docker would misread and agent ids OpenClaw would not', () => {
    expect(() => policyFragment(p, { sandboxDir: 'skills', mount: '/m' })).toThrow(/absolute path/);
    expect(() => policyFragment(p, { sandboxDir: '/a:b', mount: '/m' })).toThrow(/absolute path/);
    expect(() => policyFragment(p, { sandboxDir: '/s', mount: '/m', agent: 'Work Bot' })).toThrow(/agent id/);
  });
});

describe('writePolicy and checkPolicy on files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'skillpin-policy-'));
    await chmod(dir, 0o700);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const existing = `// my OpenClaw config
{
  gateway: { port: 18789, auth: { token: "secret" } }, // keep me
  tools: { allow: ["group:fs", "browser"], web: { search: { enabled: true } } },
  agents: { defaults: { model: { primary: "openai/gpt-5" }, sandbox: { scope: "agent", docker: { image: "x:1" } } } },
  channels: { telegram: { enabled: true, }, },
}
`;

  it('merges into a JSON5 config with comments, keeping other keys, mode 0600 and a .bak', async () => {
    const file = path.join(dir, 'openclaw.json');
    await writeFile(file, existing, { mode: 0o644 });
    const p = derivePolicy(skills);
    const { backup } = await writePolicy(file, policyFragment(p, { sandboxDir: '/ws/skills', mount: '/skills' }));
    expect(backup).toBe(`${file}.bak`);
    expect(await readFile(backup as string, 'utf8')).toBe(existing);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(backup as string)).mode & 0o777).toBe(0o600);
    const merged = JSON5.parse(await readFile(file, 'utf8'));
    expect(merged).toEqual({
      gateway: { port: 18789, auth: { token: 'secret' } },
      tools: { allow: ['edit', 'exec', 'read', 'web_fetch', 'write'], web: { search: { enabled: true } }, elevated: { enabled: false }, exec: { host: 'sandbox' } },
      agents: {
        defaults: {
          model: { primary: 'openai/gpt-5' },
          sandbox: {
            scope: 'agent',
            mode: 'all',
            workspaceAccess: 'ro',
            docker: { image: 'x:1', network: 'none', readOnlyRoot: true, binds: ['/ws/skills:/skills:ro'] },
          },
        },
      },
      channels: { telegram: { enabled: true } },
    });
    expect(readdirSync(dir).sort()).toEqual(['openclaw.json', 'openclaw.json.bak']);
    // The written config passes the check; the old one does not.
    expect(await checkPolicy(file, p)).toEqual([]);
    const old = await checkPolicy(backup as string, p);
    expect(old.map((f) => [f.rule, f.path])).toEqual([
      ['tool-unneeded', 'tools.allow[0]'],
      ['tool-unneeded', 'tools.allow[1]'],
      ['tool-missing', 'tools.allow'],
      ['tool-missing', 'tools.allow'],
      ['sandbox-mode', 'agents.defaults.sandbox.mode'],
      ['sandbox-access', 'agents.defaults.sandbox.workspaceAccess'],
      ['sandbox-network', 'agents.defaults.sandbox.docker.network'],
      ['sandbox-root', 'agents.defaults.sandbox.docker.readOnlyRoot'],
    ]);
    expect(old[0]?.message).toBe('tools.allow "group:fs" allows ls, which no installed skill needs');
    expect(old[2]?.message).toBe('tools.allow lacks "exec", needed by weather');
  });

  it('creates a new config 0600 with no backup, and writes per agent under agents.entries', async () => {
    const file = path.join(dir, 'openclaw.json');
    const p = derivePolicy(skills);
    // A new config has OpenClaw's one implicit agent, "main".
    expect(await writePolicy(file, policyFragment(p, { sandboxDir: '/s', mount: '/m', agent: 'main' }))).toEqual({ backup: null, changed: true });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).agents.entries)).toEqual(['main']);
    await writeFile(file, JSON.stringify({ agents: { entries: { work: { name: 'Work' } } } }));
    expect(await writePolicy(file, policyFragment(p, { sandboxDir: '/s', mount: '/m', agent: 'work' }))).toEqual({ backup: `${file}.bak`, changed: true });
    const cfg = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(cfg.agents.entries)).toEqual(['work']);
    expect(cfg.agents.entries.work.name).toBe('Work');
    // Per-agent check: what --write put under the agent passes (its sandbox block stands in for
    // the defaults', key by key), binds included.
    expect(await checkPolicy(file, p, { agent: 'work', sandboxDir: '/s', mount: '/m' })).toEqual([]);
  });

  it('refuses a group- or world-writable folder, a symlinked config, and agents.list', async () => {
    const file = path.join(dir, 'openclaw.json');
    await chmod(dir, 0o777);
    await expect(writePolicy(file, { tools: { allow: ['read'] } })).rejects.toMatchObject({ code: 'ECONFIG' });
    await chmod(dir, 0o700);
    await writeFile(file, '{ agents: { list: [{ id: "work" }] } }');
    await expect(writePolicy(file, { agents: { entries: { work: {} } } })).rejects.toThrow(/agents\.list/);
    expect(readdirSync(dir)).toEqual(['openclaw.json']);
    await expect(writePolicy(path.join(dir, 'missing', 'openclaw.json'), {})).rejects.toMatchObject({ code: 'ECONFIG' });
  });

  it('a written config that drifts in its sandbox block or lets a denied tool through fails the check', async () => {
    const file = path.join(dir, 'openclaw.json');
    const p = derivePolicy(skills, { deny: ['browser'] });
    await writePolicy(file, policyFragment(p, { sandboxDir: '/ws/skills', mount: '/skills' }));
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    expect(await checkPolicy(file, p, opts)).toEqual([]);
    const cfg = JSON.parse(await readFile(file, 'utf8'));
    cfg.agents.defaults.sandbox = { mode: 'off', workspaceAccess: 'rw', docker: { network: 'none', readOnlyRoot: false, binds: ['/ws/skills:/skills:rw', '/:/host:rw', '/data:/data:rw'] } };
    cfg.tools = { allow: [...cfg.tools.allow, 'browser'] };
    await writeFile(file, JSON.stringify(cfg));
    const findings = await checkPolicy(file, p, opts);
    expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual([
      'tool-unneeded tools.allow[5]',
      'tool-not-denied tools.deny',
      'sandbox-elevated tools.elevated.enabled',
      'sandbox-mode agents.defaults.sandbox.mode',
      'sandbox-access agents.defaults.sandbox.workspaceAccess',
      'sandbox-root agents.defaults.sandbox.docker.readOnlyRoot',
      'sandbox-binds agents.defaults.sandbox.docker.binds',
      'sandbox-binds agents.defaults.sandbox.docker.binds[0]',
      'sandbox-binds agents.defaults.sandbox.docker.binds[1]',
    ]);
    expect(findings.at(-1)?.message).toContain('"/:/host:rw" mounts the skills folder writable');
  });

  /** openclaw.json as `policy --write` writes it for `skills`, and a check of any config written there ("rule path" per finding). */
  async function writtenPolicy() {
    const file = path.join(dir, 'openclaw.json');
    const p = derivePolicy(skills);
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    await writePolicy(file, policyFragment(p, opts));
    const cfg = JSON.parse(await readFile(file, 'utf8'));
    const check = async (c: unknown, agent?: string) => {
      await writeFile(file, JSON.stringify(c));
      return (await checkPolicy(file, p, { ...opts, ...(agent ? { agent } : {}) })).map((f) => `${f.rule} ${f.path}`);
    };
    return { file, p, opts, cfg, check };
  }

  it('an $include anywhere is drift, in a list item too: OpenClaw resolves it there (a writable bind of the skills folder, an allowAgents entry)', async () => {
    const { cfg, check } = await writtenPolicy();
    const docker = cfg.agents.defaults.sandbox.docker;
    // OpenClaw 2026.9.6 loads this and mounts "/ws/skills:/skills-rw:rw" from b.json5 (resolveConfigIncludes, validateConfigObject).
    const viaBinds = { ...cfg, agents: { defaults: { sandbox: { ...cfg.agents.defaults.sandbox, docker: { ...docker, binds: [...docker.binds, { $include: './b.json5' }] } } } } };
    expect(await check(viaBinds)).toEqual(['config-include agents.defaults.sandbox.docker.binds[1].$include']);
    const nested = { ...cfg, agents: { ...cfg.agents, defaults: { ...cfg.agents.defaults, subagents: { allowAgents: [{ $include: './a.json5' }] } } } };
    expect(await check(nested)).toEqual(['config-include agents.defaults.subagents.allowAgents[0].$include']);
    // Keyed includes are still found as before.
    expect(await check({ ...cfg, channels: { $include: './c.json5' } })).toEqual(['config-include channels.$include']);
  });

  it("elevated mode on beside an allowed exec is drift: exec's escape from the sandbox, which a skill's instructions can ask for", async () => {
    const { file, p, opts, cfg, check } = await writtenPolicy();
    expect(await check(cfg)).toEqual([]);
    const on = { ...cfg, tools: { ...cfg.tools, elevated: { enabled: true, allowFrom: { telegram: ['id:1'] } } } };
    expect(await check(on)).toEqual(['sandbox-elevated tools.elevated.enabled']);
    const [finding] = await checkPolicy(file, p, opts);
    expect(finding?.message).toContain('runs outside the sandbox');
    // Each agent that does not turn its own gate off is held (the defaults' finding, reported once).
    const agents = { ...on, agents: { ...on.agents, entries: { work: { tools: { elevated: { enabled: false } } }, main: {} } } };
    expect(await check(agents, 'work')).toEqual(['sandbox-elevated tools.elevated.enabled']);
    const [other] = await checkPolicy(file, p, { ...opts, agent: 'work' });
    expect(other?.message).toContain('agent main may load these skills too');
    agents.agents.entries.main = { tools: { elevated: { enabled: false } } };
    expect(await check(agents, 'work')).toEqual([]);
    // The agent's own gate cannot turn it on over a global false; no exec, nothing to escape with.
    expect(await check({ ...cfg, agents: { ...cfg.agents, entries: { main: { tools: { elevated: { enabled: true } } } } } })).toEqual([]);
    const noExec = derivePolicy([]);
    await writeFile(file, JSON.stringify({ ...on, tools: { allow: ['read'], elevated: { enabled: true } } }));
    expect((await checkPolicy(file, noExec, opts)).map((f) => f.rule)).toEqual([]);
    // No allowlist (every tool): exec is allowed, so elevated is judged too.
    await writeFile(file, JSON.stringify({ ...on, tools: { elevated: { enabled: true } } }));
    expect((await checkPolicy(file, p, opts)).map((f) => f.rule)).toEqual(['allowlist-missing', 'sandbox-elevated']);
    // exec allowed through a group the config's extraAllow names: --write turns elevated off too,
    // so the check of what it wrote passes (before, it wrote nothing and the check failed forever).
    // Unset is on to OpenClaw (tools.elevated.enabled !== false; its own security audit reads it so).
    const { elevated: _gate, ...unset } = cfg.tools;
    expect(await check({ ...cfg, tools: { ...unset, elevated: { allowFrom: { telegram: ['id:1'] } } } })).toEqual(['sandbox-elevated tools.elevated.enabled']);
    expect(await check({ ...cfg, tools: unset })).toEqual(['sandbox-elevated tools.elevated.enabled']);
    expect(await check({ ...cfg, tools: unset, agents: { ...cfg.agents, entries: { work: { tools: { elevated: { enabled: false } } } } } }, 'work')).toEqual([]);
    const grouped = derivePolicy([], { extraAllow: ['group:runtime'] });
    await writeFile(file, JSON.stringify({ tools: { elevated: { enabled: true, allowFrom: { telegram: ['id:1'] } } } }));
    await writePolicy(file, policyFragment(grouped, opts));
    expect((await checkPolicy(file, grouped, opts)).map((f) => `${f.rule} ${f.path}`)).toEqual([]);
  });

  it('tools.exec.host gateway or node beside an allowed exec is drift: every exec call runs there, sandbox or not', async () => {
    const { file, p, opts, cfg, check } = await writtenPolicy();
    const host = (h: string) => ({ ...cfg, tools: { ...cfg.tools, exec: { host: h } } });
    expect(await check(host('gateway'))).toEqual(['sandbox-exec-host tools.exec.host']);
    expect(await check(host('node'))).toEqual(['sandbox-exec-host tools.exec.host']);
    expect(await check(host('auto'))).toEqual([]);
    expect(await check(host('sandbox'))).toEqual([]);
    // The agent's own host wins over the global one, either way.
    const own = (global: string, mine: string) => ({ ...host(global), agents: { ...cfg.agents, entries: { work: { tools: { exec: { host: mine } } } } } });
    expect(await check(own('gateway', 'sandbox'), 'work')).toEqual([]);
    expect(await check(own('sandbox', 'node'), 'work')).toEqual(['sandbox-exec-host agents.entries.work.tools.exec.host']);
    // --write over a config that sent exec to the gateway pins it to the sandbox: its own output passes.
    await writeFile(file, JSON.stringify(host('gateway')));
    await writePolicy(file, policyFragment(p, opts));
    expect(JSON.parse(await readFile(file, 'utf8')).tools.exec).toEqual({ host: 'sandbox' });
    expect(await checkPolicy(file, p, opts)).toEqual([]);
    // Without exec there is nothing to run there.
    await writeFile(file, JSON.stringify({ ...host('gateway'), tools: { allow: ['read'], exec: { host: 'gateway' } } }));
    expect((await checkPolicy(file, derivePolicy([]), opts)).map((f) => f.rule)).toEqual([]);
  });

  it('tools.alsoAllow beside tools.allow is drift: OpenClaw 2026.9.6 rejects the pair and its runtime allows the union', async () => {
    const { cfg, check } = await writtenPolicy();
    // No skill needs browser; an alsoAllow beside the derived allow grants it (pickSandboxToolPolicy).
    // Before, the check read tools.allow alone and said the file was in line.
    expect(await check({ ...cfg, tools: { ...cfg.tools, alsoAllow: ['browser'] } })).toEqual([
      'config-invalid tools.alsoAllow',
      'tool-unneeded tools.alsoAllow[0]',
    ]);
    // The same in an agent's own block.
    const own = { ...cfg, agents: { ...cfg.agents, entries: { work: { tools: { allow: ['read'], alsoAllow: ['gateway'] } } } } };
    expect(await check(own, 'work')).toEqual(expect.arrayContaining(['config-invalid agents.entries.work.tools.alsoAllow', 'tool-unneeded agents.entries.work.tools.alsoAllow[0]']));
    expect(await check(own)).toEqual(expect.arrayContaining(['config-invalid agents.entries.work.tools.alsoAllow', 'tool-unneeded agents.entries.work.tools.alsoAllow[0]']));
    // An empty tools.allow restricts nothing in OpenClaw (an empty allowlist allows every tool).
    expect(await check({ ...cfg, tools: { ...cfg.tools, allow: [] } })).toEqual(['allowlist-missing tools.allow']);
    // An empty alsoAllow is no widening and valid.
    expect(await check({ ...cfg, tools: { ...cfg.tools, alsoAllow: [] } })).toEqual([]);
  });

  it('--write refuses a config whose tools.alsoAllow would sit beside the written tools.allow, and writes nothing', async () => {
    const file = path.join(dir, 'openclaw.json');
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    const before = '{ tools: { profile: "coding", alsoAllow: ["browser"] } }\n';
    await writeFile(file, before);
    await expect(writePolicy(file, policyFragment(derivePolicy(skills), opts))).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('tools.alsoAllow') });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(existsSync(`${file}.bak`)).toBe(false);
    // Per agent too.
    const agentCfg = '{ agents: { entries: { work: { tools: { alsoAllow: ["browser"] } } } } }\n';
    await writeFile(file, agentCfg);
    await expect(writePolicy(file, policyFragment(derivePolicy(skills), { ...opts, agent: 'work' }))).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('agents.entries.work.tools.alsoAllow') });
    expect(await readFile(file, 'utf8')).toBe(agentCfg);
  });

  it('an entry with * is a glob to OpenClaw: judged by the core tools it matches, exec among them, and refused in policy.extraAllow', async () => {
    const { cfg, check } = await writtenPolicy();
    // `e*` is edit and exec to OpenClaw (glob-pattern.ts); it was "not a tool id, never matches",
    // and exec allowed through it was not seen, so elevated mode beside it passed.
    const p = derivePolicy([{ name: 'fetcher', capabilities: caps(['read', 'web_fetch']) }]);
    const globbed = { ...cfg, tools: { allow: ['read', 'web_fetch', 'e*'], elevated: { enabled: true } } };
    const findings = checkPolicyConfig(globbed, p);
    expect(findings.filter((f) => f.rule.startsWith('tool-') || f.rule === 'sandbox-elevated').map((f) => `${f.rule} ${f.path}`)).toEqual([
      'tool-unneeded tools.allow[2]',
      'sandbox-elevated tools.elevated.enabled',
    ]);
    expect(findings.find((f) => f.rule === 'tool-unneeded')?.message).toBe('tools.allow "e*" allows edit, exec, which no installed skill needs');
    // A pattern that matches no core tool allows the plugin tools it matches.
    expect(checkPolicyConfig({ ...cfg, tools: { ...cfg.tools, allow: [...cfg.tools.allow, 'slack_*'] } }, derivePolicy(skills)).map((f) => `${f.rule} ${f.path}`)).toEqual([`tool-unneeded tools.allow[${cfg.tools.allow.length}]`]);
    // A pattern in a deny list denies what it matches.
    expect(await check({ ...cfg, tools: { ...cfg.tools, deny: ['exe*'] } })).toEqual(['tool-missing tools.deny']);
    // Written into the allowlist as "a plugin tool name", e* granted exec with elevated mode left on.
    expect(() => derivePolicy([], { extraAllow: ['e*'] })).toThrow(/"e\*" is a pattern: OpenClaw allows every tool it matches \(edit, exec\)/);
    expect(() => derivePolicy([], { extraAllow: ['slack_*'] })).toThrow(/no core tool; any plugin tool/);
  });

  it('a writable bind whose host path OpenClaw takes from the environment is drift: skillpin cannot tell it is not the skills folder', async () => {
    const { cfg, check } = await writtenPolicy();
    const withBind = (bind: string) => ({ ...cfg, agents: { ...cfg.agents, defaults: { ...cfg.agents.defaults, sandbox: { ...cfg.agents.defaults.sandbox, docker: { ...cfg.agents.defaults.sandbox.docker, binds: [...cfg.agents.defaults.sandbox.docker.binds, bind] } } } } });
    // SKILLS=/ws/skills in the gateway's environment makes this the skills folder, writable.
    expect(await check(withBind('${SKILLS}:/work:rw'))).toEqual(['sandbox-binds agents.defaults.sandbox.docker.binds[1]']);
    expect(await check(withBind('/ws/${SUB}:/work'))).toEqual(['sandbox-binds agents.defaults.sandbox.docker.binds[1]']);
    // Read-only, escaped ($${X} is the literal ${X}) or a lowercase name (never substituted): as written.
    expect(await check(withBind('${SKILLS}:/work:ro'))).toEqual([]);
    expect(await check(withBind('/srv/$${SKILLS}:/work:rw'))).toEqual([]);
    expect(await check(withBind('/srv/${skills}:/work:rw'))).toEqual([]);
  });

  it('--write refuses a config with an $include on the way to a key it writes: OpenClaw would add the included lists to the allowlist', async () => {
    const file = path.join(dir, 'openclaw.json');
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    await writeFile(path.join(dir, 'base.json5'), '{ tools: { allow: ["exec", "browser"] } }');
    for (const [before, at] of [
      ['{ "$include": "./base.json5", gateway: { port: 1 } }\n', '$include'],
      ['{ tools: { "$include": "./tools.json5" } }\n', 'tools.$include'],
      ['{ agents: { defaults: { "$include": "./defaults.json5" } } }\n', 'agents.defaults.$include'],
    ] as const) {
      await writeFile(file, before);
      await expect(writePolicy(file, policyFragment(derivePolicy(skills), opts))).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining(`has ${at}:`) });
      expect(await readFile(file, 'utf8')).toBe(before);
      expect(existsSync(`${file}.bak`)).toBe(false);
    }
    // An include nowhere near the policy's keys is the person's and stays.
    await writeFile(file, '{ channels: { "$include": "./channels.json5" } }\n');
    await writePolicy(file, policyFragment(derivePolicy(skills), opts));
    expect(JSON.parse(await readFile(file, 'utf8')).channels).toEqual({ $include: './channels.json5' });
  });

  it('a legacy agents.list is drift, named as OpenClaw 2026.9.6 reads it: loaded as agents.entries, its agents\' own keys applied', async () => {
    const { cfg, check } = await writtenPolicy();
    // OpenClaw 2026.9.6 accepts this file and runs agent work with every tool (validateConfigObject
    // moves agents.list to agents.entries); the finding said OpenClaw rejected it.
    const legacy = { ...cfg, agents: { ...cfg.agents, list: [{ id: 'work', tools: { allow: ['*'] } }] } };
    expect(await check(legacy)).toEqual(['key-legacy agents.list']);
    const [finding] = checkPolicyConfig(legacy, derivePolicy(skills), { sandboxDir: '/ws/skills', mount: '/skills' });
    expect(finding?.message).toContain('still loads it as agents.entries');
    expect(finding?.message).not.toContain('rejected');
  });

  it('--write leaves a read-only openclaw.json as it is: ECONFIG, nothing written (the atomic rename replaced it and made it 0600)', async () => {
    const file = path.join(dir, 'openclaw.json');
    const fragment = policyFragment(derivePolicy(skills), { sandboxDir: '/ws/skills', mount: '/skills' });
    const before = '{ gateway: { port: 1 } }\n';
    await writeFile(file, before);
    await chmod(file, 0o400);
    await expect(writePolicy(file, fragment)).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('is read-only (mode 400)') });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await stat(file)).mode & 0o777).toBe(0o400);
    expect(existsSync(`${file}.bak`)).toBe(false);
    // One that already holds the merge is in line, read-only or not.
    await chmod(file, 0o600);
    await writePolicy(file, fragment);
    await chmod(file, 0o400);
    expect(await writePolicy(file, fragment)).toEqual({ backup: null, changed: false });
  });

  it('--write refuses a JSON5 file holding Infinity or NaN (a skill\'s own config): the JSON it writes would make them null', async () => {
    const file = path.join(dir, 'openclaw.json');
    const fragment = policyFragment(derivePolicy(skills), { sandboxDir: '/ws/skills', mount: '/skills' });
    // OpenClaw 2026.9.6 loads this (validateConfigObject keeps both values under skills.entries.*.config).
    const before = '// mine\n{ skills: { entries: { weather: { config: { retries: Infinity, steps: [1, NaN] } } } } }\n';
    await writeFile(file, before);
    await expect(writePolicy(file, fragment)).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('holds Infinity at skills.entries.weather.config.retries') });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(existsSync(`${file}.bak`)).toBe(false);
    await writeFile(file, before.replace('Infinity', '3'));
    await expect(writePolicy(file, fragment)).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('holds NaN at skills.entries.weather.config.steps[1]') });
    // A JSON5 file with comments and finite numbers (hex among them) is written, values kept.
    await writeFile(file, before.replace('Infinity', '0x10').replace('NaN', '-2'));
    await writePolicy(file, fragment);
    expect(JSON.parse(await readFile(file, 'utf8')).skills).toEqual({ entries: { weather: { config: { retries: 16, steps: [1, -2] } } } });
  });

  it('a sandbox backend other than docker or podman is drift: the docker keys skillpin checks say nothing there', async () => {
    const { cfg, check } = await writtenPolicy();
    const withBackend = (b: unknown, agent?: unknown) => ({ ...cfg, agents: { ...cfg.agents, defaults: { ...cfg.agents.defaults, sandbox: { ...cfg.agents.defaults.sandbox, backend: b } }, ...(agent ? { entries: { work: { sandbox: { backend: agent } } } } : {}) } });
    // SSH: network set by the remote host, no mounts; every docker key as written passed.
    expect(await check(withBackend('ssh'))).toEqual(['sandbox-backend agents.defaults.sandbox.backend']);
    expect(await check(withBackend('openshell'))).toEqual(['sandbox-backend agents.defaults.sandbox.backend']);
    expect(await check(withBackend('docker'))).toEqual([]);
    expect(await check(withBackend(' podman '))).toEqual([]);
    // An agent's own backend wins over the defaults'.
    expect(await check(withBackend('docker', 'crabbox'), 'work')).toEqual(['sandbox-backend agents.entries.work.sandbox.backend']);
    expect(await check(withBackend('docker', 'crabbox'))).toEqual(['sandbox-backend agents.entries.work.sandbox.backend']);
  });

  it("an agent's sandbox as OpenClaw 2026.9.6 builds it: the defaults' binds mounted beside its own, its docker block ignored under scope shared", async () => {
    const file = path.join(dir, 'openclaw.json');
    const p = derivePolicy(skills);
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    await writeFile(file, '{ agents: { entries: { work: {} } } }');
    await writePolicy(file, policyFragment(p, { ...opts, agent: 'work' }));
    const cfg = JSON.parse(await readFile(file, 'utf8'));
    const check = async (c: unknown) => {
      await writeFile(file, JSON.stringify(c));
      return (await checkPolicy(file, p, { ...opts, agent: 'work' })).map((f) => `${f.rule} ${f.path}`);
    };
    expect(await check(cfg)).toEqual([]);
    // A writable bind of the skills folder in the defaults is mounted for work too (concatenated).
    const rw = { ...cfg, agents: { ...cfg.agents, defaults: { sandbox: { docker: { binds: ['/ws/skills:/rw:rw'] } } } } };
    expect(await check(rw)).toEqual(['sandbox-binds agents.defaults.sandbox.docker.binds[0]']);
    // Scope shared: work's own docker block (network none, its binds) is not read; the defaults' is.
    const shared = { ...cfg, agents: { ...cfg.agents, defaults: { sandbox: { scope: 'shared', docker: { network: 'bridge', readOnlyRoot: true } } } } };
    expect(await check(shared)).toEqual(['sandbox-network agents.defaults.sandbox.docker.network', 'sandbox-binds agents.defaults.sandbox.docker.binds']);
  });

  it("sandbox.browser.allowHostControl beside an allowed browser is drift: the session drives the host's browser", async () => {
    const file = path.join(dir, 'openclaw.json');
    const p = derivePolicy([{ name: 'shop', capabilities: caps(['browser']) }]);
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    await writeFile(file, '{}');
    await writePolicy(file, policyFragment(p, opts));
    const cfg = JSON.parse(await readFile(file, 'utf8'));
    const rules = (c: Record<string, unknown>, q = p) => checkPolicyConfig(c, q, opts).map((f) => `${f.rule} ${f.path}`);
    expect(rules(cfg)).toEqual([]);
    const host = { ...cfg, agents: { ...cfg.agents, defaults: { sandbox: { ...cfg.agents.defaults.sandbox, browser: { allowHostControl: true } } } } };
    expect(rules(host)).toEqual(['sandbox-browser-host agents.defaults.sandbox.browser.allowHostControl']);
    // An agent's own false wins; without the browser tool there is nothing to drive it with.
    expect(rules({ ...host, agents: { ...host.agents, entries: { main: { sandbox: { browser: { allowHostControl: false } } } } } }).filter((r) => r.startsWith('sandbox-browser-host'))).toEqual(['sandbox-browser-host agents.defaults.sandbox.browser.allowHostControl']);
    expect(checkPolicyConfig({ ...host, agents: { ...host.agents, entries: { main: { sandbox: { browser: { allowHostControl: false } } } } } }, p, { ...opts, agent: 'main' }).map((f) => f.rule)).toEqual([]);
    expect(rules({ ...host, tools: { allow: ['read'] } }, derivePolicy([]))).toEqual([]);
  });

  it('with --agent and sessions_spawn allowed, each agent its subagents.allowAgents may start is held to the policy', () => {
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    const spawner = derivePolicy([{ name: 'delegate', capabilities: caps(['sessions_spawn']) }]);
    const sandbox = { mode: 'all', workspaceAccess: 'ro', docker: { network: 'none', readOnlyRoot: true, binds: ['/ws/skills:/skills:ro'] } };
    // ops loads none of these skills (alsoAgents: []), but runs with every tool and no sandbox.
    const cfg = (allowAgents: unknown, where: 'own' | 'defaults' = 'own') => ({
      tools: { allow: spawner.allow },
      agents: {
        defaults: { sandbox, ...(where === 'defaults' ? { subagents: { allowAgents } } : {}) },
        entries: { main: where === 'own' ? { subagents: { allowAgents } } : {}, ops: { tools: { allow: ['*'] }, sandbox: { mode: 'off' } } },
      },
    });
    const held = (c: Record<string, unknown>, p = spawner) => checkPolicyConfig(c, p, { ...opts, agent: 'main', alsoAgents: [] }).map((f) => f.path);
    // ops allows every tool, exec among them, with elevated mode unset (on) and no sandbox.
    expect(held(cfg(['ops']))).toEqual(['agents.entries.ops.tools.allow[0]', 'tools.elevated.enabled', 'agents.entries.ops.sandbox.mode']);
    expect(checkPolicyConfig(cfg(['ops']), spawner, { ...opts, agent: 'main', alsoAgents: [] })[0]?.message).toContain('agent main may start ops (sessions_spawn; subagents.allowAgents of main)');
    expect(held(cfg(['*'], 'defaults'))).toEqual(['agents.entries.ops.tools.allow[0]', 'tools.elevated.enabled', 'agents.entries.ops.sandbox.mode']);
    expect(held(cfg(['OPS']))).toHaveLength(3);
    // Unset is the agent itself only; without sessions_spawn in the policy there is no spawn.
    expect(held(cfg(undefined))).toEqual([]);
    expect(held({ ...cfg(['ops']), tools: { allow: ['read'] } }, derivePolicy([]))).toEqual([]);
  });

  it('spawn chains are followed to their end: an agent a spawn target may start in turn is held too, and a cycle ends the walk', () => {
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    const spawner = derivePolicy([{ name: 'delegate', capabilities: caps(['sessions_spawn']) }]);
    const sandbox = { mode: 'all', workspaceAccess: 'ro', docker: { network: 'none', readOnlyRoot: true, binds: ['/ws/skills:/skills:ro'] } };
    // main may start helper (in line), helper may start ops (no sandbox): OpenClaw runs helper's
    // sub-agent session as helper, which spawns by its own allowAgents (maxSpawnDepth 5 by default).
    const cfg = (defaults: Record<string, unknown> = {}) => ({
      tools: { allow: spawner.allow, elevated: { enabled: false } },
      agents: {
        defaults: { sandbox, ...defaults },
        entries: {
          main: { subagents: { allowAgents: ['helper'] } },
          helper: { subagents: { allowAgents: ['ops', 'main'] } },
          ops: { subagents: { allowAgents: ['helper'] }, sandbox: { mode: 'off' } },
        },
      },
    });
    const held = (c: Record<string, unknown>) => checkPolicyConfig(c, spawner, { ...opts, agent: 'main', alsoAgents: [] });
    const found = held(cfg());
    expect(found.map((f) => f.path)).toEqual(['agents.entries.ops.sandbox.mode']);
    expect(found[0]?.message).toContain('agent helper may start ops');
    // A chain one spawn long at most (maxSpawnDepth 1): helper's session is a leaf, ops is not reached.
    expect(held(cfg({ subagents: { maxSpawnDepth: 1 } }))).toEqual([]);
    expect(held(cfg({ subagents: { maxSpawnDepth: 2 } })).map((f) => f.path)).toEqual(['agents.entries.ops.sandbox.mode']);
  });

  it('with sessions_send allowed and cross-agent visibility on, every agent the session may send to is held to the policy', () => {
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    const sender = derivePolicy([{ name: 'relay', capabilities: caps(['sessions_send']) }]);
    const sandbox = { mode: 'all', workspaceAccess: 'ro', docker: { network: 'none', readOnlyRoot: true, binds: ['/ws/skills:/skills:ro'] } };
    const cfg = (visibility: unknown, tools: Record<string, unknown> = {}) => ({
      tools: { allow: sender.allow, elevated: { enabled: false }, ...tools },
      agents: {
        defaults: { sandbox: { ...sandbox, ...(visibility === undefined ? {} : { sessionToolsVisibility: visibility }) } },
        entries: { main: {}, ops: { sandbox: { mode: 'off' } } },
      },
    });
    const held = (c: Record<string, unknown>) => checkPolicyConfig(c, sender, { ...opts, agent: 'main', alsoAgents: [] }).map((f) => f.path);
    // OpenClaw clamps a sandboxed session to its own tree unless sessionToolsVisibility is "all".
    expect(held(cfg(undefined))).toEqual([]);
    expect(held(cfg('spawned'))).toEqual([]);
    expect(held(cfg('all'))).toEqual(['agents.entries.ops.sandbox.mode']);
    expect(checkPolicyConfig(cfg('all'), sender, { ...opts, agent: 'main', alsoAgents: [] })[0]?.message).toContain('agent main may send ops work to do');
    // Closed by tools.sessions.visibility, tools.agentToAgent.enabled false, or an allow naming neither pair.
    expect(held(cfg('all', { sessions: { visibility: 'tree' } }))).toEqual([]);
    expect(held(cfg('all', { agentToAgent: { enabled: false } }))).toEqual([]);
    expect(held(cfg('all', { agentToAgent: { allow: ['main', 'research'] } }))).toEqual([]);
    expect(held(cfg('all', { agentToAgent: { allow: ['main', 'o*'] } }))).toEqual(['agents.entries.ops.sandbox.mode']);
    // Without sessions_send in the policy, no send.
    expect(checkPolicyConfig({ ...cfg('all'), tools: { allow: ['read'], elevated: { enabled: false } } }, derivePolicy([]), { ...opts, agent: 'main', alsoAgents: [] })).toEqual([]);
  });

  it('values OpenClaw fills in from the environment are read as the widest they may be: sandbox scope, allowAgents, session visibility, agentToAgent.allow', () => {
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    const sandbox = { mode: 'all', workspaceAccess: 'ro', docker: { network: 'none', readOnlyRoot: true, binds: ['/ws/skills:/skills:ro'] } };
    // scope "${SCOPE}" may be "shared": then OpenClaw runs work with the defaults' docker block (bridge).
    const scoped = {
      tools: { allow: ['read'] },
      agents: { defaults: { sandbox: { ...sandbox, docker: { ...sandbox.docker, network: 'bridge' } } }, entries: { work: { sandbox: { scope: '${SCOPE}', docker: sandbox.docker } } } },
    };
    expect(checkPolicyConfig(scoped, derivePolicy([]), { ...opts, agent: 'work', alsoAgents: [] }).map((f) => `${f.rule} ${f.path}`)).toEqual(['sandbox-scope agents.entries.work.sandbox.scope']);
    // Written out, the same agent's own block is judged (and passes).
    expect(checkPolicyConfig({ ...scoped, agents: { ...scoped.agents, entries: { work: { sandbox: { scope: 'agent', docker: sandbox.docker } } } } }, derivePolicy([]), { ...opts, agent: 'work', alsoAgents: [] })).toEqual([]);
    // allowAgents ["${TEAM}"] may name ops; a send-open config from the environment may reach it.
    const spawner = derivePolicy([{ name: 'delegate', capabilities: caps(['sessions_spawn', 'sessions_send']) }]);
    const cfg = (defaults: Record<string, unknown>, tools: Record<string, unknown> = {}) => ({
      tools: { allow: spawner.allow, elevated: { enabled: false }, ...tools },
      agents: { defaults: { ...defaults, sandbox: { ...sandbox, ...((defaults.sandbox as object) ?? {}) } }, entries: { main: {}, ops: { sandbox: { mode: 'off' } } } },
    });
    const held = (c: Record<string, unknown>) => checkPolicyConfig(c, spawner, { ...opts, agent: 'main', alsoAgents: [] }).map((f) => f.path);
    expect(held(cfg({}))).toEqual([]);
    expect(held(cfg({ subagents: { allowAgents: ['${TEAM}'] } }))).toEqual(['agents.entries.ops.sandbox.mode']);
    expect(held(cfg({ sandbox: { sessionToolsVisibility: '${VIS}' } }))).toEqual(['agents.entries.ops.sandbox.mode']);
    expect(held(cfg({ sandbox: { sessionToolsVisibility: 'all' } }, { sessions: { visibility: '${VIS}' } }))).toEqual(['agents.entries.ops.sandbox.mode']);
    expect(held(cfg({ sandbox: { sessionToolsVisibility: 'all' } }, { agentToAgent: { allow: ['main', '${PEER}'] } }))).toEqual(['agents.entries.ops.sandbox.mode']);
    expect(held(cfg({ sandbox: { sessionToolsVisibility: 'all' } }, { agentToAgent: { allow: ['main', 'research'] } }))).toEqual([]);
  });

  it('an openclaw.json nested deeper than any OpenClaw config is ECONFIG for --check and --write, not a stack overflow (EINTERNAL)', async () => {
    const file = path.join(dir, 'openclaw.json');
    const depth = 100_000;
    const deep = `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;
    await writeFile(file, deep);
    await expect(checkPolicy(file, derivePolicy([]))).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('more than 100 levels deep') });
    await expect(writePolicy(file, policyFragment(derivePolicy([]), { sandboxDir: '/ws/skills', mount: '/skills' }))).rejects.toMatchObject({ code: 'ECONFIG' });
    expect(await readFile(file, 'utf8')).toBe(deep);
  });

  it("an agent's own tools.deny adds to the global one (OpenClaw applies both), it does not replace it", () => {
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    const p = derivePolicy([{ name: 'fetcher', capabilities: caps(['web_fetch']) }], { deny: ['browser'] });
    const sandbox = { mode: 'all', workspaceAccess: 'ro', docker: { network: 'none', readOnlyRoot: true, binds: ['/ws/skills:/skills:ro'] } };
    const cfg = { tools: { allow: ['read', 'web_fetch', 'browser'], deny: ['browser'] }, agents: { defaults: { sandbox }, entries: { work: { tools: { deny: ['gateway'] } } } } };
    // browser is denied globally for work too; it was "not denied" because work's own list was read alone.
    expect(checkPolicyConfig(cfg, p, { ...opts, agent: 'work', alsoAgents: [] }).map((f) => `${f.rule} ${f.path}`)).toEqual(['tool-unneeded tools.allow[2]']);
    // And a needed tool the global list denies is missing for work, whatever work's own list says.
    const denied = { ...cfg, tools: { allow: ['read', 'web_fetch'], deny: ['web_fetch', 'browser'] } };
    expect(checkPolicyConfig(denied, p, { ...opts, agent: 'work', alsoAgents: [] }).map((f) => f.rule)).toContain('tool-missing');
  });

  it('a group in policy.extraAllow or policy.deny is judged by its members: what --write wrote passes the check', async () => {
    const file = path.join(dir, 'openclaw.json');
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    const grouped = derivePolicy([], { extraAllow: ['group:web'], deny: ['group:media'] });
    await writeFile(file, '{}');
    await writePolicy(file, policyFragment(grouped, opts));
    // Before, each member of group:web was "unneeded", group:web itself "lacking", group:media "not denied".
    expect((await checkPolicy(file, grouped, opts)).map((f) => `${f.rule} ${f.path}`)).toEqual([]);
    // A member missing from the allowlist is still a lack, and a member allowed beside the deny a drift.
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), tools: { allow: ['read', 'web_fetch'], deny: ['group:media'] } }));
    expect((await checkPolicy(file, grouped, opts)).map((f) => `${f.rule} ${f.path}`)).toEqual(['tool-missing tools.allow']);
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), tools: { allow: ['read', 'group:web', 'view_image'] } }));
    expect((await checkPolicy(file, grouped, opts)).map((f) => `${f.rule} ${f.path}`)).toContain('tool-not-denied tools.deny');
  });

  it('throws EPOLICY with the findings when asked to assert', async () => {
    const file = path.join(dir, 'openclaw.json');
    await writeFile(file, '{ tools: { allow: ["read", "read_file"] } }');
    const findings = await checkPolicy(file, derivePolicy([]));
    expect(findings.map((f) => f.rule)).toEqual(['tool-unknown', 'sandbox-mode', 'sandbox-access', 'sandbox-network', 'sandbox-root']);
    expect(findings[0]?.message).toBe('"read_file" is not an OpenClaw 2026.9.x tool id (did you mean "read"?); OpenClaw accepts it and it never matches');
    try {
      assertPolicy(findings, file);
      throw new Error('expected EPOLICY');
    } catch (err) {
      expect(err).toBeInstanceOf(SkillpinError);
      expect((err as SkillpinError).code).toBe('EPOLICY');
      expect((err as SkillpinError).exitCode).toBe(1);
    }
    await expect(checkPolicy(path.join(dir, 'nope.json'), derivePolicy([]))).rejects.toMatchObject({ code: 'ECONFIG' });
  });
});

/** Build an openclaw.json from `openclaw config set <path> <value>` lines, as the CLI would. */
function configFromSetLines(text: string): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const re = /^openclaw config set (\S+) (.+)$/;
  for (const line of text.split('\n')) {
    const m = re.exec(line.trim());
    if (!m) continue;
    const keys = (m[1] as string).split('.');
    let raw = (m[2] as string).trim();
    if ((raw.startsWith("'") && raw.endsWith("'")) || (raw.startsWith('"') && raw.endsWith('"'))) raw = raw.slice(1, -1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    let cur = config;
    for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
    cur[keys.at(-1) as string] = value;
  }
  return config;
}

describe('agentsThatMayLoad: which other agents a policy for one agent also holds', () => {
  // Paths that need not exist: compared as given (links are resolved where they do).
  const home = '/home/me';
  const ws = '/home/me/ws';
  const opts = { sandboxDir: '/home/me/ws/skills', workspace: ws, home };
  const cfg = '/home/me/.openclaw/openclaw.json';
  const roster = (entries: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ ...extra, agents: { entries: { main: {}, ...entries } } });

  it('leaves out only an agent whose own absolute workspace is elsewhere, sharing no root and mounting nothing of the sandbox', () => {
    const c = roster({ away: { workspace: '/srv/other' }, tilde: { workspace: '~/other' }, same: { workspace: ws }, parentWs: { workspace: '/home/me/ws/skills/..' }, relative: { workspace: 'other' }, none: {}, binds: { workspace: '/srv/b', sandbox: { docker: { binds: ['/home/me/ws:/ws:ro'] } } }, volume: { workspace: '/srv/v', sandbox: { docker: { binds: ['cache:/root/.cache'] } } } });
    expect(agentsThatMayLoad(c, 'main', cfg, opts).sort()).toEqual(['binds', 'none', 'parentWs', 'relative', 'same'].sort());
    // Without the sandbox or workspace to compare, every other agent is held.
    expect(agentsThatMayLoad(c, 'main', cfg, { home }).sort()).toEqual(Object.keys(c.agents.entries).filter((k) => k !== 'main').sort());
  });

  it('holds every other agent when the sandbox is a root all agents load, or the defaults mount it', () => {
    const away = { away: { workspace: '/srv/other' } };
    expect(agentsThatMayLoad(roster(away), 'main', cfg, opts)).toEqual([]);
    for (const [why, c, o] of [
      ['in skills.load.extraDirs', roster(away, { skills: { load: { extraDirs: ['~/ws/skills'] } } }), opts],
      ['extraDirs holding a relative path', roster(away, { skills: { load: { extraDirs: ['shared'] } } }), opts],
      ['a linked skill folder may point into it', roster(away, { skills: { load: { allowSymlinkTargets: ['/home/me/ws/skills/notes'] } } }), opts],
      ['a linked skill folder may point anywhere under home', roster(away, { skills: { load: { allowSymlinkTargets: ['~'] } } }), opts],
      ['the managed folder beside openclaw.json', roster(away), { ...opts, sandboxDir: '/home/me/.openclaw/skills', workspace: '/home/me/.openclaw' }],
      ['~/.agents/skills', roster(away), { ...opts, sandboxDir: '/home/me/.agents/skills', workspace: home }],
      ['the managed folder OPENCLAW_STATE_DIR moves, openclaw.json elsewhere', roster(away), { ...opts, sandboxDir: '/var/openclaw/skills', workspace: '/var/openclaw', stateDir: '/var/openclaw' }],
      ['a relative OPENCLAW_STATE_DIR', roster(away), { ...opts, stateDir: 'state' }],
      ['a sandbox outside the workspace', roster(away), { ...opts, sandboxDir: '/opt/skills' }],
      ['mounted by the defaults', { agents: { defaults: { sandbox: { docker: { binds: ['/home/me/ws/skills:/skills:ro'] } } }, entries: { main: {}, ...away } } }, opts],
      // OpenClaw substitutes ${WS} when it loads the file: it may be this workspace.
      ['mounted through an environment variable', { agents: { defaults: { sandbox: { docker: { binds: ['${WS}/skills:/skills:rw'] } } }, entries: { main: {}, ...away } } }, opts],
    ] as const) {
      expect(agentsThatMayLoad(c as Record<string, unknown>, 'main', cfg, o), why).toEqual(['away']);
    }
  });

  it('holds an agent whose workspace, cwd or a shared skills root OpenClaw fills in from the environment: ${WS} may be this workspace', () => {
    const away = { away: { workspace: '/srv/other' } };
    // Absolute as written, but OpenClaw substitutes ${...} at load: "/home/${ME}/ws" may be this workspace.
    expect(agentsThatMayLoad(roster({ envWs: { workspace: '/home/${ME}/ws' } }), 'main', cfg, opts)).toEqual(['envWs']);
    expect(agentsThatMayLoad(roster({ envCwd: { workspace: '/srv/e', cwd: '/home/${ME}/ws' } }), 'main', cfg, opts)).toEqual(['envCwd']);
    expect(agentsThatMayLoad(roster(away, { skills: { load: { extraDirs: ['/home/${ME}/ws/skills'] } } }), 'main', cfg, opts)).toEqual(['away']);
    expect(agentsThatMayLoad(roster(away, { skills: { load: { allowSymlinkTargets: ['/home/${ME}'] } } }), 'main', cfg, opts)).toEqual(['away']);
    // Written out, elsewhere: left out.
    expect(agentsThatMayLoad(roster({ envWs: { workspace: '/srv/me/ws' } }), 'main', cfg, opts)).toEqual([]);
  });

  it("holds an agent whose run cwd (its own, else agents.defaults.cwd) is this workspace: OpenClaw loads the execution workspace's skills too", () => {
    const c = roster({ away: { workspace: '/srv/other', cwd: '~/ws' }, rel: { workspace: '/srv/r', cwd: 'ws' }, elsewhere: { workspace: '/srv/e', cwd: '/srv/e/src' } });
    expect(agentsThatMayLoad(c, 'main', cfg, opts).sort()).toEqual(['away', 'rel']);
    const byDefault = { agents: { defaults: { cwd: ws }, entries: { main: {}, away: { workspace: '/srv/other' }, own: { workspace: '/srv/own', cwd: '/srv/own' } } } };
    expect(agentsThatMayLoad(byDefault, 'main', cfg, opts)).toEqual(['away']);
  });
});

describe('checkPolicy on the deployment guide', () => {
  const seeds = existsSync(path.join(SHARED, 'seeds')) ? readdirSync(path.join(SHARED, 'seeds')).filter((f) => /^000_.*\.txt$/.test(f)) : [];
  if (seeds.length === 0 && process.env.CI === 'true') throw new Error('deployment guide seed missing');

  it.skipIf(seeds.length === 0)('reports every problem of the guide\'s config', async () => {
    const guide = readFileSync(path.join(SHARED, 'seeds', seeds[0] as string), 'utf8');
    const config = configFromSetLines(guide);
    expect(config).toMatchObject({
      tools: { policy: { mode: 'allowlist', allowedTools: ['read_file', 'write_file', 'run_command', 'search_web'] } },
      sandbox: { enabled: true, driver: 'docker', docker: { networkMode: 'none', readOnlyRootFilesystem: true } },
    });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'skillpin-guide-'));
    try {
      const file = path.join(dir, 'openclaw.json');
      await writeFile(file, JSON.stringify(config), { mode: 0o600 });
      // Installed skills need exec + web_fetch (+ read): the guide allows write, lacks web_fetch.
      const p = derivePolicy([{ name: 'weather', capabilities: caps(['exec', 'read', 'web_fetch']) }]);
      const findings = await checkPolicy(file, p);
      const got = findings.map((f) => `${f.rule} ${f.path}`);
      console.log(findings.map((f) => `  ${f.path}: ${f.message}`).join('\n'));
      expect(got).toEqual([
        'key-nonexistent tools.policy.mode',
        'key-nonexistent tools.policy.allowedTools',
        'key-nonexistent sandbox.enabled',
        'key-nonexistent sandbox.driver',
        'key-nonexistent sandbox.docker.networkMode',
        'key-nonexistent sandbox.docker.readOnlyRootFilesystem',
        'tool-unknown tools.policy.allowedTools[0]',
        'tool-unknown tools.policy.allowedTools[1]',
        'tool-unknown tools.policy.allowedTools[2]',
        'tool-unknown tools.policy.allowedTools[3]',
        'allowlist-missing tools.allow',
        'tool-unneeded tools.policy.allowedTools[1]',
        'tool-unneeded tools.policy.allowedTools[3]',
        'tool-missing tools.policy.allowedTools',
        'sandbox-elevated tools.elevated.enabled',
        'sandbox-mode agents.defaults.sandbox.mode',
        'sandbox-access agents.defaults.sandbox.workspaceAccess',
        'sandbox-network agents.defaults.sandbox.docker.network',
        'sandbox-root agents.defaults.sandbox.docker.readOnlyRoot',
      ]);
      expect(findings.every((f) => f.code === 'EPOLICY')).toBe(true);
      expect(findings.find((f) => f.path === 'sandbox.docker.networkMode')?.message).toMatch(/agents\.defaults\.sandbox\.docker\.network/);
      expect(findings.find((f) => f.path === 'tools.policy.allowedTools[2]')?.message).toMatch(/"run_command".*did you mean "exec"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('derivation over the ClawHub archive corpus', () => {
  const present = existsSync(CORPUS);
  if (!present && process.env.CI === 'true') throw new Error(`corpus missing at ${CORPUS}`);

  it.skipIf(!present)('derives capabilities for every parsed skill and a policy for all of them', () => {
    const all: PolicySkill[] = [];
    let declare = 0;
    let exec = 0;
    const walk = (d: string, depth: number) => {
      for (const n of readdirSync(d)) {
        const p = path.join(d, n);
        if (statSync(p).isDirectory()) {
          if (depth < 6) walk(p, depth + 1);
          continue;
        }
        if (n !== 'SKILL.md') continue;
        let m;
        try {
          m = parseSkillManifest(readFileSync(p, 'utf8'), path.relative(CORPUS, p));
        } catch (err) {
          if ((err as SkillpinError).code === 'EMANIFEST') continue;
          throw err;
        }
        const c = capabilitiesOf(m);
        if (m.allowedTools.length > 0) declare++;
        if (c.tools.includes('exec')) exec++;
        for (const t of c.tools) expect(CORE_TOOLS.some((x) => x.id === t)).toBe(true);
        all.push({ name: path.relative(CORPUS, path.dirname(p)), capabilities: c });
      }
    };
    walk(CORPUS, 0);
    const policy = derivePolicy(all);
    const unmapped = new Map<string, number>();
    for (const u of policy.unmapped) unmapped.set(u.name, (unmapped.get(u.name) ?? 0) + 1);
    console.log(`corpus: ${all.length} skills parsed; ${declare} declare allowed-tools; ${exec} need exec`);
    console.log(`union allow: ${policy.allow.join(', ')}`);
    console.log(`unmappable names (${unmapped.size}): ${[...unmapped.entries()].sort((a, b) => b[1] - a[1]).map(([n, k]) => `${n}×${k}`).join(', ')}`);
    expect(all.length).toBeGreaterThan(1500);
    expect(policy.allow).toContain('read');
    expect(policy.allow).toContain('exec');
    expect(exec).toBeGreaterThan(100);
  });
});

describe('capabilityRecordDrift: config, os and unknownTools', () => {
  const derived: Capabilities = { tools: ['exec', 'read'], bins: ['curl'], env: [], config: ['browser.enabled'], os: ['darwin', 'linux'], install: [], always: false, unknownTools: ['Frobnicate'], notes: [] };
  const base = { tools: ['exec', 'read'], bins: ['curl'], env: [], install: [], always: false };

  it('skips them when the lock does not record them (locks written before they were recorded)', () => {
    expect(capabilityRecordDrift(base, derived)).toEqual([]);
  });

  it("FIRST_TOOL_READING reads names as skillpin's first catalog did (the records older locks hold)", () => {
    const first = (n: string) => mapToolName(n, FIRST_TOOL_READING).id;
    expect(['LS', 'cron', 'image', 'switch_model', 'computer', 'update_plan', 'apply-patch', 'Bash(git:*)', 'view_image', 'automations'].map(first)).toEqual([
      'read', 'cron', 'image', 'switch_model', null, null, 'apply_patch', 'exec', null, null,
    ]);
    expect(['LS', 'cron', 'image', 'switch_model', 'computer', 'update_plan'].map((n) => mapToolName(n).id)).toEqual(['ls', 'automations', 'view_image', null, 'computer', 'progress_card']);
  });

  it('holds them to the pinned SKILL.md when the lock records them', () => {
    expect(capabilityRecordDrift({ ...base, config: ['browser.enabled'], os: ['linux', 'darwin'], unknownTools: ['Frobnicate'] }, derived)).toEqual([]);
    expect(capabilityRecordDrift({ ...base, config: [], os: ['linux'], unknownTools: ['Frobnicate', 'Other'] }, derived)).toEqual([
      'config +browser.enabled',
      'os +darwin',
      'unknownTools -Other',
    ]);
    expect(capabilityRecordDrift({ ...base, os: 'linux' }, derived)).toEqual(['os is not a list of strings']);
    // Recorded for a skill that declares none: a hand edit too.
    expect(capabilityRecordDrift({ ...base, os: ['win32'] }, { ...derived, os: [] })).toEqual(['os -win32']);
  });
});
