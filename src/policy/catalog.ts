// The OpenClaw tool catalog skillpin emits and checks against: canonical tool ids, groups, the
// names skills and guides write instead of them, and the config keys that do not exist.
//
// Source version: OpenClaw 2026.9.6, read in its published package (dist/tool-catalog-*.mjs,
// dist/tool-policy-shared-*.mjs; re-check on every OpenClaw release, `npm run parity:openclaw`
// compares this table with the installed one):
// - Tool ids and groups: CORE_TOOL_DEFINITIONS (a group is `group:<sectionId>`, `group:openclaw` is
//   every tool marked includeInOpenClawGroup: all but the fs ones, exec, process and canvas).
//   Normalisation (normalizeToolPolicyName): lowercase, aliases `bash`→exec, `apply-patch`→apply_patch
//   and `cron`→automations (the scheduler's id since 2026.9; `image` became view_image and
//   switch_model is gone). Entries are glob patterns (`*` anywhere), and an allowlist that names
//   `write` also allows apply_patch (tool-policy-match: writeAllowsApplyPatch). Plugin tools (slack,
//   discord, lobster, llm-task, ...) are not core ids: a config that allows them must say so through
//   `extraAllow`.
// - Config shape: `tools.allow` / `tools.deny` / `tools.profile` (docs/tools/index.md, "Disabling
//   tools"; matching is case-insensitive, `*` wildcards). Sandbox keys
//   `agents.defaults.sandbox.{mode,workspaceAccess,docker.{network,readOnlyRoot,binds}}`
//   (src/config/types.agents.ts, types.sandbox.ts). Per-agent overrides: OpenClaw 2026.8.1 renamed the
//   agent roster `agents.list[]` (array of `{id,...}`, src/config/zod-schema.agents.ts, a strict
//   object with only `defaults` and `list`) to the map `agents.entries.<id>`; 2026.9 source reports
//   fix-it keys `agents.entries.*.sandbox.mode` and `agents.entries.*.tools.sandbox.tools.allow`
//   (src/agents/sandbox explain report), and the 2026.9 docs configure `agents.entries.*.skills`.
//   2026.9.6 still loads a legacy `agents.list`, moving it to `agents.entries` (validateConfigObject),
//   and rejects `agents.defaults.tools`; skillpin writes `agents.entries` and flags `agents.list`.

export const OPENCLAW_CATALOG_VERSION = '2026.9.x';

export interface CoreTool {
  id: string;
  /** Section of tool-catalog.ts; the tool is in `group:<section>`. */
  section: string;
  /** In `group:openclaw` (tool-catalog.ts includeInOpenClawGroup). */
  inOpenClawGroup: boolean;
  description: string;
}

const t = (id: string, section: string, inOpenClawGroup: boolean, description: string): CoreTool => ({
  id,
  section,
  inOpenClawGroup,
  description,
});

/**
 * Core tool ids of OpenClaw 2026.9.6, in the order of its CORE_TOOL_DEFINITIONS
 * (dist/tool-catalog-*.mjs): a `group:<section>` allows every tool of its section, so a tool missing
 * here is one a group grants behind skillpin's back (`group:nodes` is also computer and mobile_ui).
 */
export const CORE_TOOLS: readonly CoreTool[] = [
  t('ls', 'fs', false, 'List directory entries'),
  t('read', 'fs', false, 'Read file contents'),
  t('write', 'fs', false, 'Create or overwrite files'),
  t('edit', 'fs', false, 'Make precise edits'),
  t('apply_patch', 'fs', false, 'Patch files'),
  t('exec', 'runtime', false, 'Run shell commands'),
  t('process', 'runtime', false, 'Manage background processes'),
  t('code_execution', 'runtime', true, 'Run sandboxed remote analysis'),
  t('secrets', 'runtime', true, 'Request and manage write-only credentials'),
  t('web_search', 'web', true, 'Search the web'),
  t('web_fetch', 'web', true, 'Fetch web content'),
  t('x_search', 'web', true, 'Search X posts'),
  t('memory_search', 'memory', true, 'Semantic search'),
  t('memory_get', 'memory', true, 'Read memory files'),
  t('sessions', 'sessions', true, 'Session settings: label, pin, archive, groups'),
  t('sessions_list', 'sessions', true, 'List sessions'),
  t('sessions_history', 'sessions', true, 'Session history'),
  t('sessions_search', 'sessions', true, 'Search sessions'),
  t('conversations_list', 'sessions', true, 'List exact external conversation addresses'),
  t('conversations_send', 'sessions', true, 'Send to an exact external conversation'),
  t('conversations_turn', 'sessions', true, 'Send and wait for a correlated external reply'),
  t('sessions_send', 'sessions', true, 'Send to session'),
  t('sessions_spawn', 'sessions', true, 'Spawn sub-agent'),
  t('github_identity_status', 'sessions', true, 'Inspect the effective GitHub identity and credential health'),
  t('github_publish', 'sessions', true, 'Publish the session worktree as a draft GitHub pull request'),
  t('agents_wait', 'sessions', true, 'Wait for agents'),
  t('sessions_yield', 'sessions', true, 'End turn to receive sub-agent results'),
  t('subagents', 'sessions', true, 'Background work: subagents, media gen, automation runs'),
  t('session_status', 'sessions', true, 'Session status'),
  t('suggest_task', 'sessions', true, 'Suggest a task'),
  t('dismiss_task', 'sessions', true, 'Dismiss a task'),
  t('browser', 'ui', true, 'Control web browser'),
  t('screen', 'ui', true, 'Drive operator web UI'),
  t('theme', 'ui', true, 'List, select, and create appearance themes'),
  t('dashboard', 'ui', true, 'Read and arrange the session dashboard'),
  t('terminal', 'ui', true, 'Use shared operator terminals'),
  t('portal', 'ui', true, 'Expose local web apps through the gateway'),
  t('canvas', 'ui', false, 'Control node Canvas surfaces'),
  t('show_widget', 'ui', true, 'Show an interactive widget'),
  t('message', 'messaging', true, 'Send messages'),
  t('heartbeat_respond', 'automation', true, 'Accept heartbeat outcomes'),
  t('automations', 'automation', true, 'Schedule tasks (cron)'),
  t('gateway', 'automation', true, 'Update OpenClaw; read Gateway config/schema'),
  t('plugins', 'automation', true, 'Manage and reload plugins'),
  t('openclaw', 'automation', true, 'Delegate OpenClaw setup and repair'),
  t('nodes', 'nodes', true, 'Nodes and devices'),
  t('computer', 'nodes', true, 'Control the Gateway desktop or a paired computer'),
  t('mobile_ui', 'nodes', true, 'Observe and control a paired Android app'),
  t('agents_list', 'agents', true, 'List agents'),
  t('get_goal', 'agents', true, 'Get current thread goal'),
  t('create_goal', 'agents', true, 'Create a thread goal'),
  t('update_goal', 'agents', true, 'Complete or block a thread goal'),
  t('progress_card', 'agents', true, 'Maintain the session progress card'),
  t('ask_user', 'agents', true, 'Ask the user'),
  t('skill_workshop', 'agents', true, 'Skill workshop'),
  t('view_image', 'media', true, 'Image understanding'),
  t('image_generate', 'media', true, 'Image generation'),
  t('music_generate', 'media', true, 'Music generation'),
  t('video_generate', 'media', true, 'Video generation'),
  t('tts', 'media', true, 'Text-to-speech conversion'),
  t('pdf', 'media', true, 'PDF reading and extraction'),
];

const CORE_BY_ID = new Map(CORE_TOOLS.map((tool) => [tool.id, tool]));

function buildGroups(): Record<string, string[]> {
  const groups: Record<string, string[]> = {
    'group:openclaw': CORE_TOOLS.filter((x) => x.inOpenClawGroup).map((x) => x.id),
  };
  for (const tool of CORE_TOOLS) (groups[`group:${tool.section}`] ??= []).push(tool.id);
  return groups;
}

/** `group:*` shorthands and the tool ids each expands to. */
export const TOOL_GROUPS: Readonly<Record<string, readonly string[]>> = buildGroups();

/** Names OpenClaw itself normalises to a core id (tool-policy-shared.ts TOOL_NAME_ALIASES). */
export const OPENCLAW_NAME_ALIASES: Readonly<Record<string, string>> = {
  bash: 'exec',
  'apply-patch': 'apply_patch',
  cron: 'automations',
  // tool-policy.ts SHIPPED_CORE_POLICY_RENAMES: read so in allow and deny lists.
  update_plan: 'progress_card',
};

/**
 * Tools OpenClaw 2026.9.6 allows beside another one named in an allowlist: `write` also allows
 * apply_patch (tool-policy-match.ts writeAllowsApplyPatch; a deny of write does not take it back),
 * and `canvas` also allows and denies show_widget (tool-policy.ts SHIPPED_PLUGIN_POLICY_FAMILY_CORE_TOOLS).
 */
/**
 * Policy names OpenClaw 2026.9.6 reads beside the core ids and groups: `group:plugins` is every
 * plugin tool (tool-policy.ts expandPluginGroups), `bundle-mcp` every bundled MCP server's tools
 * (the coding and messaging profiles allow it). Not tool ids, and not names that never match.
 */
export const PLUGIN_POLICY_NAMES: Readonly<Record<string, string>> = {
  'group:plugins': 'every plugin tool',
  'bundle-mcp': "every bundled MCP server's tools",
};

export const IMPLIED_BY_ALLOW: Readonly<Record<string, readonly string[]>> = { write: ['apply_patch'], canvas: ['show_widget'] };
export const IMPLIED_BY_DENY: Readonly<Record<string, readonly string[]>> = { canvas: ['show_widget'] };

/** Profiles of `tools.profile` (tool-catalog.ts CORE_TOOL_PROFILES); `full` is every tool. */
export const TOOL_PROFILES: readonly string[] = ['minimal', 'coding', 'messaging', 'full'];

export interface ToolAlias {
  /** Canonical OpenClaw id. */
  id: string;
  /** Why the name is not canonical; shown to the person. */
  note?: string;
}

/**
 * Names that skills and guides write, lowercased, and the OpenClaw id each means. Agent Skills /
 * Claude Code names (`allowed-tools`) first, then the deployment guide's legacy names.
 */
export const TOOL_ALIASES: Readonly<Record<string, ToolAlias>> = {
  bash: { id: 'exec', note: 'Agent Skills name "Bash" is OpenClaw\'s exec' },
  read: { id: 'read' },
  write: { id: 'write' },
  edit: { id: 'edit' },
  multiedit: { id: 'edit', note: 'Agent Skills name "MultiEdit" is OpenClaw\'s edit' },
  notebookedit: { id: 'edit', note: 'Agent Skills name "NotebookEdit" is OpenClaw\'s edit' },
  glob: { id: 'read', note: 'OpenClaw has no glob tool; listing files falls under read' },
  grep: { id: 'read', note: 'OpenClaw has no grep tool; searching files falls under read' },
  ls: { id: 'ls' },
  webfetch: { id: 'web_fetch', note: 'Agent Skills name "WebFetch" is OpenClaw\'s web_fetch' },
  websearch: { id: 'web_search', note: 'Agent Skills name "WebSearch" is OpenClaw\'s web_search' },
  image: { id: 'view_image', note: 'OpenClaw 2026.9 calls its image-understanding tool view_image (no tool is called image)' },
  task: { id: 'sessions_spawn', note: 'Agent Skills name "Task" (sub-agent) is OpenClaw\'s sessions_spawn' },
  read_file: { id: 'read', note: 'legacy name read_file is OpenClaw\'s read (no tool is called read_file)' },
  write_file: { id: 'write', note: 'legacy name write_file is OpenClaw\'s write (no tool is called write_file)' },
  run_command: { id: 'exec', note: 'legacy name run_command is OpenClaw\'s exec (no tool is called run_command)' },
  search_web: { id: 'web_search', note: 'legacy name search_web is OpenClaw\'s web_search (no tool is called search_web)' },
};

/**
 * How a skillpin reads a SKILL.md's tool names: its core ids, the skill-side aliases, and the
 * names OpenClaw itself normalises. The lock records the capabilities one of these readings gave.
 */
export interface ToolReading {
  coreIds: ReadonlySet<string>;
  aliases: Readonly<Record<string, ToolAlias>>;
  openclawAliases: Readonly<Record<string, string>>;
}

/** The reading of this catalog (OpenClaw 2026.9.6). */
export const CURRENT_TOOL_READING: ToolReading = {
  coreIds: new Set(CORE_TOOLS.map((x) => x.id)),
  aliases: TOOL_ALIASES,
  openclawAliases: OPENCLAW_NAME_ALIASES,
};

/**
 * The reading of skillpin's first catalog (commit bc7edfd, before it was OpenClaw 2026.9.6's own):
 * `cron`, `image` and `switch_model` were tool ids, `LS` meant read, and the ids 2026.9.6 added
 * (ls, secrets, computer, terminal, ...) and `update_plan` named no tool. A lock written then
 * records what this reading gave; verify tells such a record from an edited one by reading the same
 * pinned SKILL.md this way (src/verify/policy.ts). Never used to derive a policy.
 */
export const FIRST_TOOL_READING: ToolReading = {
  coreIds: new Set([
    'read', 'write', 'edit', 'apply_patch', 'exec', 'process', 'code_execution', 'web_search', 'web_fetch', 'x_search',
    'memory_search', 'memory_get', 'sessions_list', 'sessions_history', 'sessions_send', 'sessions_spawn', 'sessions_yield',
    'subagents', 'session_status', 'switch_model', 'browser', 'canvas', 'message', 'cron', 'gateway', 'nodes', 'agents_list',
    'image', 'image_generate', 'music_generate', 'video_generate', 'tts',
  ]),
  // Written out, not derived from TOOL_ALIASES: a later alias must not change what this reading was.
  aliases: Object.fromEntries(
    ([
      ['bash', 'exec'], ['read', 'read'], ['write', 'write'], ['edit', 'edit'], ['multiedit', 'edit'], ['notebookedit', 'edit'],
      ['glob', 'read'], ['grep', 'read'], ['ls', 'read'], ['webfetch', 'web_fetch'], ['websearch', 'web_search'], ['task', 'sessions_spawn'],
      ['read_file', 'read'], ['write_file', 'write'], ['run_command', 'exec'], ['search_web', 'web_search'],
    ] as const).map(([name, id]) => [name, { id }]),
  ),
  openclawAliases: { bash: 'exec', 'apply-patch': 'apply_patch' },
};

/** The deployment guide's keys that OpenClaw does not have, and the real key for each. */
export const NONEXISTENT_KEYS: ReadonlyArray<{ path: string; instead: string }> = [
  { path: 'tools.policy', instead: 'tools.allow / tools.deny (and tools.profile)' },
  { path: 'tools.policy.mode', instead: 'tools.allow: an allowlist is on whenever tools.allow is set' },
  { path: 'tools.policy.allowedTools', instead: 'tools.allow with canonical ids (read, write, exec, web_search)' },
  { path: 'sandbox', instead: 'agents.defaults.sandbox' },
  { path: 'sandbox.enabled', instead: 'agents.defaults.sandbox.mode ("all")' },
  { path: 'sandbox.driver', instead: 'agents.defaults.sandbox.backend' },
  { path: 'sandbox.docker.networkMode', instead: 'agents.defaults.sandbox.docker.network ("none")' },
  { path: 'sandbox.docker.readOnlyRootFilesystem', instead: 'agents.defaults.sandbox.docker.readOnlyRoot' },
  { path: 'docker.networkMode', instead: 'docker.network' },
  { path: 'docker.readOnlyRootFilesystem', instead: 'docker.readOnlyRoot' },
];

/** OpenClaw's own normalisation of a configured tool name (trim, lowercase, its aliases). */
export function normalizeConfiguredToolName(name: string): string {
  const lower = name.trim().toLowerCase();
  return OPENCLAW_NAME_ALIASES[lower] ?? lower;
}

/** The core tools an allow/deny entry with `*` matches, as OpenClaw compiles it (glob-pattern.ts: `*` is any run of characters, anchored). */
export function globMatches(pattern: string): string[] {
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return CORE_TOOLS.map((t) => t.id).filter((id) => re.test(id));
}

export function isCoreTool(id: string): boolean {
  return CORE_BY_ID.has(id.toLowerCase());
}

export function isToolGroup(name: string): boolean {
  return Object.hasOwn(TOOL_GROUPS, name.toLowerCase());
}

export function coreTool(id: string): CoreTool | undefined {
  return CORE_BY_ID.get(id.toLowerCase());
}
