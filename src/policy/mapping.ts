// Mapping one tool name as a skill or guide writes it to a canonical OpenClaw tool id.
// Pure: the tables live in catalog.ts.

import { CURRENT_TOOL_READING, type ToolReading } from './catalog.js';

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
export function mapToolName(raw: string, reading: ToolReading = CURRENT_TOOL_READING): ToolMapping {
  const name = raw.trim();
  const base = name.replace(/\(.*\)\s*$/s, '').trim();
  const key = base.toLowerCase();
  const alias = Object.hasOwn(reading.aliases, key) ? reading.aliases[key] : undefined;
  if (alias) {
    const out: ToolMapping = { name, id: alias.id };
    if (alias.note) out.note = alias.note;
    return out;
  }
  if (reading.coreIds.has(key)) return { name, id: key };
  const openclawAlias = Object.hasOwn(reading.openclawAliases, key) ? reading.openclawAliases[key] : undefined;
  if (openclawAlias !== undefined) return { name, id: openclawAlias, note: `OpenClaw reads ${key} as ${openclawAlias}` };
  if (key.startsWith('mcp__')) return { name, id: null, note: 'MCP tools are not OpenClaw core tools' };
  return { name, id: null };
}
