// Which metadata block OpenClaw itself acts on (its skill loader, 2026.9.6), so that the review never
// shows a person one block while OpenClaw gates, installs and loads by another. Written from how
// OpenClaw reads a SKILL.md, not from its code:
//
// - It reads only the top-level `metadata` key (keys are trimmed). A YAML mapping there is turned into JSON text; a
//   string is taken as it is (trimmed). That text is parsed as JSON, then as JSON5; anything else,
//   or a failed parse, means no metadata at all.
// - One exception: when `metadata` is an unquoted key at the start of a line and the rest of that
//   line, after `metadata:`, holds a colon (one-line flow/JSON style), OpenClaw takes the text of
//   that line (outer quotes removed) instead of the YAML value. A mapping continued on further lines
//   is then cut at the first line's end and no longer parses.
// - In the parsed object it takes the first of `openclaw`, `clawdbot` whose value is a non-null
//   object (an array counts). It reads no top-level `openclaw:` key and no `moltbot` / `clawdis`.

import { isDeepStrictEqual } from 'node:util';
import type JSON5 from 'json5';
import { lazyRequire } from '../lazy.js';

const loadJson5 = lazyRequire<typeof JSON5>('json5');

/** The metadata keys OpenClaw reads, in its order of preference. */
export const OPENCLAW_READS = ['openclaw', 'clawdbot'] as const;

export interface OpenClawBlock {
  /** `metadata.openclaw` or `metadata.clawdbot`. */
  path: string;
  /** The block as OpenClaw parses it (JSON values). */
  value: unknown;
}

function stripOuterQuotes(value: string): string {
  const q = value.at(0);
  return (q === '"' || q === "'") && value.length > 1 && value.at(-1) === q ? value.slice(1, -1) : value;
}

/** The text OpenClaw parses as the metadata, or null when it has none. */
function metadataText(data: Record<string, unknown>, yamlLines: string[]): string | null {
  // OpenClaw trims top-level keys ("metadata " is metadata); of several, the last that is not null counts.
  let value: unknown = null;
  for (const [key, v] of Object.entries(data)) if (key.trim() === 'metadata' && v !== null && v !== undefined) value = v;
  if (value === null) return null;
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object') return null;
  const line = yamlLines.find((l) => /^metadata:/.test(l));
  const rest = line === undefined ? undefined : /^metadata:\s*(.*)$/.exec(line)?.[1];
  if (rest !== undefined && rest.includes(':')) return stripOuterQuotes(rest.trim()) || null;
  return jsonText(value);
}

/** JSON text of a YAML value, or null for one JSON cannot write (a cycle built from aliases). */
function jsonText(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

/**
 * The block OpenClaw acts on for a frontmatter already read into `data` (with the YAML lines it
 * came from), or null when OpenClaw reads no metadata block from it.
 */
export function openclawBlock(data: Record<string, unknown>, yamlLines: string[]): OpenClawBlock | null {
  const text = metadataText(data, yamlLines);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    try {
      parsed = loadJson5().parse(text);
    } catch {
      return null;
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  for (const key of OPENCLAW_READS) {
    const candidate = (parsed as Record<string, unknown>)[key];
    if (typeof candidate === 'object' && candidate !== null) return { path: `metadata.${key}`, value: candidate };
  }
  return null;
}

/** Whether two blocks hold the same JSON values (YAML-only values such as .inf compare as JSON writes them). */
export function sameBlock(a: unknown, b: unknown): boolean {
  const ta = jsonText(a);
  const tb = jsonText(b);
  return ta !== null && tb !== null && isDeepStrictEqual(JSON.parse(ta), JSON.parse(tb));
}
