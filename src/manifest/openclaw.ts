// Which metadata block OpenClaw itself acts on (its skill loader, 2026.9.6), so that the review never
// shows a person one block while OpenClaw gates, installs and loads by another. Written from how
// OpenClaw reads a SKILL.md, not from its code:
//
// - It reads only the top-level `metadata` key (keys are trimmed). A YAML mapping there is turned into JSON text; a
//   string is taken as it is (trimmed). That text is parsed as JSON, then as JSON5; anything else,
//   or a failed parse, means no metadata at all.
// - It also reads the frontmatter line by line: the last unindented `metadata:` line with a value
//   (outer quotes removed; an empty value takes the indented lines below). That reading counts when
//   YAML gives no `metadata` at all, and when `metadata` is an unquoted key whose line, after
//   `metadata:`, holds a colon (one-line flow/JSON style): then it replaces the YAML mapping. A
//   mapping continued on further lines is cut at the first line's end and no longer parses; a
//   `metadata:` line inside a string spanning lines is read as if it were the key.
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
  return (q === '"' || q === "'") && value.at(-1) === q ? value.slice(1, -1) : value;
}

/** A `key: value` line as OpenClaw's line-by-line reading takes it (unindented, word characters and `-`). */
const LINE_KEY = /^([\w-]+):\s*(.*)$/;

/**
 * The `metadata` value of OpenClaw's line-by-line reading of the frontmatter: the last unindented
 * `metadata:` line with a value (outer quotes removed), or, when that line is empty, the indented
 * lines after it. It reads lines, not YAML: a `metadata:` line inside a quoted string spanning
 * lines counts too. Undefined when there is none.
 */
function lineReading(lines: string[], key = 'metadata'): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const m = LINE_KEY.exec(lines[i] ?? '');
    if (!m) continue;
    let value = (m[2] ?? '').trim();
    if (value === '' && /^[ \t]/.test(lines[i + 1] ?? '')) {
      const taken: string[] = [];
      while (i + 1 < lines.length) {
        const next = lines[i + 1] ?? '';
        if (next !== '' && !/^[ \t]/.test(next)) break;
        taken.push(next);
        i++;
      }
      value = taken.join('\n').trim();
    } else value = stripOuterQuotes(value);
    if (m[1] === key && value !== '') found = value;
  }
  return found;
}

/** A top-level value as OpenClaw takes it: keys trimmed (`"metadata "` is metadata), the last of several that is not null; null for none. */
function topLevelValue(data: Record<string, unknown>, key: string): unknown {
  let value: unknown = null;
  for (const [k, v] of Object.entries(data)) if (k.trim() === key && v !== null && v !== undefined) value = v;
  return value;
}

/**
 * The text OpenClaw parses as the metadata, or null when it has none. `keyLines` holds, for each
 * top-level key, the text from the key to the end of its line.
 */
function metadataText(data: Record<string, unknown>, yamlLines: string[], keyLines: string[]): string | null {
  const value = topLevelValue(data, 'metadata');
  // With no YAML value, OpenClaw takes its line-by-line reading instead.
  if (value === null) return lineReading(yamlLines) ?? null;
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object') return null;
  // A mapping whose key line holds a further colon (one-line flow/JSON style) is taken from the
  // line-by-line reading, when it has one, not from the YAML.
  const inline = keyLines.some((l) => {
    const m = LINE_KEY.exec(l);
    return m?.[1] === 'metadata' && (m[2] ?? '').includes(':');
  });
  if (inline) {
    const text = lineReading(yamlLines);
    if (text !== undefined) return text;
  }
  return jsonText(value);
}

/**
 * A top-level text field (`name`, `description`) as OpenClaw reads it: keys trimmed, the last value
 * that is not null, strings trimmed, numbers and booleans as text, mappings and lists as JSON; with
 * no such value, its line-by-line reading (so `name:  # x` is the name "# x", and a `name:` line
 * inside a string spanning lines counts). Undefined when it reads none.
 */
export function openclawField(data: Record<string, unknown>, yamlLines: string[], key: string, keyLines: string[] = []): string | undefined {
  const value = topLevelValue(data, key);
  if (value === null) return lineReading(yamlLines, key);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A mapping or list whose key line holds a further colon is taken from the line-by-line reading.
  if (keyLines.some((l) => {
    const m = LINE_KEY.exec(l);
    return m?.[1] === key && (m[2] ?? '').includes(':');
  })) {
    const text = lineReading(yamlLines, key);
    if (text !== undefined) return text;
  }
  return jsonText(value) ?? undefined;
}

/** OpenClaw's reading of a boolean frontmatter value: true/1/yes/on, false/0/no/off (any case); otherwise the default. */
function openclawBool(text: string | undefined, dflt: boolean): boolean {
  const v = text?.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false;
  return dflt;
}

/** How OpenClaw lets a skill be invoked: top-level frontmatter keys, outside the metadata block. */
export interface OpenClawInvocation {
  /** `user-invocable` (default true): OpenClaw offers the skill as a slash command. */
  userInvocable: boolean;
  /** `disable-model-invocation` (default false): the skill is left out of the model's list of skills. */
  disableModelInvocation: boolean;
  /**
   * `command-dispatch: tool` with `command-tool` (or `command_dispatch` / `command_tool`): the
   * skill's slash command calls this tool itself, with the typed text as `{command}`, and the model
   * never sees the request. Absent when the skill asks for no such dispatch.
   */
  dispatchTool?: string;
}

/**
 * The invocation keys as OpenClaw reads them (its skill loader and its slash-command builder):
 * each value is the top-level text field OpenClaw takes (see openclawField); the dashed key wins
 * over the underscored one whenever it has a value, even an empty one.
 */
export function openclawInvocation(data: Record<string, unknown>, yamlLines: string[], keyLines: string[]): OpenClawInvocation {
  const field = (key: string) => openclawField(data, yamlLines, key, keyLines);
  const either = (dashed: string) => field(dashed) ?? field(dashed.replace(/-/g, '_'));
  const out: OpenClawInvocation = {
    userInvocable: openclawBool(field('user-invocable'), true),
    disableModelInvocation: openclawBool(field('disable-model-invocation'), false),
  };
  const tool = (either('command-tool') ?? '').trim();
  if ((either('command-dispatch') ?? '').trim().toLowerCase() === 'tool' && tool !== '') out.dispatchTool = tool;
  return out;
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
 * came from and each top-level key's line), or null when OpenClaw reads no metadata block from it.
 */
export function openclawBlock(data: Record<string, unknown>, yamlLines: string[], keyLines: string[]): OpenClawBlock | null {
  const text = metadataText(data, yamlLines, keyLines);
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
