// Mapping one tool name as a skill or guide writes it to a canonical OpenClaw tool id.
// Pure: the tables live in catalog.ts.

import { OPENCLAW_NAME_ALIASES, TOOL_ALIASES, coreTool } from './catalog.js';

export interface ToolMapping {
  /** The name as written. */
  name: string;
  /** Canonical OpenClaw id, or null when the name maps to nothing. */
  id: string | null;
  /** Why the name was translated (aliases), or why it maps to nothing. */
  note?: string;
}

/**
 * Map a tool name to an OpenClaw id. Arguments such as `Bash(git:*)` are reduced to the tool
 * (`Bash`); matching is case-insensitive, as OpenClaw's own is. Skill-side aliases (Agent Skills
 * names, the guide's legacy names) win over ids, so `Bash` means exec.
 */
export function mapToolName(raw: string): ToolMapping {
  const name = raw.trim();
  const base = name.replace(/\(.*\)\s*$/s, '').trim();
  const key = base.toLowerCase();
  const alias = Object.hasOwn(TOOL_ALIASES, key) ? TOOL_ALIASES[key] : undefined;
  if (alias) {
    const out: ToolMapping = { name, id: alias.id };
    if (alias.note) out.note = alias.note;
    return out;
  }
  const core = coreTool(key);
  if (core) return { name, id: core.id };
  const openclawAlias = Object.hasOwn(OPENCLAW_NAME_ALIASES, key) ? OPENCLAW_NAME_ALIASES[key] : undefined;
  if (openclawAlias !== undefined) return { name, id: openclawAlias, note: `OpenClaw reads ${key} as ${openclawAlias}` };
  if (key.startsWith('mcp__')) return { name, id: null, note: 'MCP tools are not OpenClaw core tools' };
  return { name, id: null };
}
