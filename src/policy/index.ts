// Tool policy (DESIGN §3.8): derive the least-privilege OpenClaw tool allowlist from installed
// skills, emit it as an openclaw.json fragment, merge-write it, and check a config for drift.

export { derivePolicy, policyFragment, renderPolicy } from './derive.js';
export type { PolicySkill, DerivedPolicy } from './derive.js';
export { writePolicy, checkPolicy, checkPolicyConfig, assertPolicy } from './config.js';
export type { PolicyCheckOptions, PolicyFinding } from './config.js';
export { mapToolName } from './mapping.js';
export type { ToolMapping } from './mapping.js';
export {
  OPENCLAW_CATALOG_VERSION,
  CURRENT_TOOL_READING,
  FIRST_TOOL_READING,
  CORE_TOOLS,
  TOOL_GROUPS,
  TOOL_ALIASES,
  OPENCLAW_NAME_ALIASES,
  NONEXISTENT_KEYS,
  isCoreTool,
  isToolGroup,
  normalizeConfiguredToolName,
} from './catalog.js';
export type { ToolReading } from './catalog.js';
