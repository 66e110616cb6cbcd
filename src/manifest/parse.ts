// SKILL.md manifest: the frontmatter fields skillpin relies on, validated at the boundary.
// The OpenClaw metadata block may be YAML or one-line JSON, under openclaw/clawdbot/moltbot/clawdis.

import type JSON5 from 'json5';
import { lazyRequire } from '../lazy.js';
import { manifestError, readFrontmatter } from './frontmatter.js';
import { openclawBlock, openclawField, openclawInvocation, sameBlock, type OpenClawInvocation } from './openclaw.js';

/** JSON5 loads on the first metadata block that is not plain JSON (rare), like YAML in frontmatter.ts. */
const loadJson5 = lazyRequire<typeof JSON5>('json5');

export interface InstallSpec {
  id?: string;
  kind: string;
  label?: string;
  bins?: string[];
  /** The platforms the spec is for, read as OpenClaw reads every list of names. */
  os?: string[];
  [k: string]: unknown;
}

/** Names the OpenClaw metadata block has carried, newest first (Clawdis → Clawdbot → Moltbot → OpenClaw). */
export const METADATA_KEYS = ['openclaw', 'clawdbot', 'moltbot', 'clawdis'] as const;
export type MetadataKey = (typeof METADATA_KEYS)[number];

export interface Manifest {
  name?: string;
  description?: string;
  version?: string;
  /** Raw names as written, after splitting. */
  allowedTools: string[];
  metadataKey: MetadataKey | null;
  /**
   * Where OpenClaw itself reads the block (`metadata.openclaw` or `metadata.clawdbot`), or null when
   * it reads none (a top-level, `moltbot` or `clawdis` block is shown but OpenClaw acts on nothing).
   */
  openclawBlock: string | null;
  /** Where the block read here is written (`metadata.moltbot`, or `openclaw` at the top level); absent when there is none. */
  metadataPath?: string;
  requires: { bins: string[]; anyBins: string[]; env: string[]; config: string[] };
  /** Operating systems the skill is limited to (`os` of the metadata block); empty: any. */
  os: string[];
  install: InstallSpec[];
  always: boolean;
  primaryEnv?: string;
  /**
   * `skillKey` of the metadata block: OpenClaw gives the skill the config entry
   * `skills.entries.<skillKey>` (its env and apiKey) instead of the one under the skill's name.
   */
  skillKey?: string;
  homepage?: string;
  emoji?: string;
  /**
   * How OpenClaw lets the skill be invoked (`user-invocable`, `disable-model-invocation`,
   * `command-dispatch: tool` with `command-tool`): top-level keys, outside the metadata block.
   */
  invocation: OpenClawInvocation;
  frontmatter: Record<string, unknown>;
  /** Repairs the tolerant frontmatter pass applied (empty for clean files). */
  repairs: string[];
  /**
   * What the metadata block says that OpenClaw skips, as sentences: a list of names written as
   * something else (OpenClaw reads no names from it), an install spec with no kind (it runs none),
   * a primaryEnv that is no string (it passes no apiKey). Read as OpenClaw reads them, and shown.
   */
  ignored: string[];
}

/** Install kinds OpenClaw knows; others are kept (and shown) but flagged by capabilitiesOf. */
export const INSTALL_KINDS = ['brew', 'node', 'go', 'uv', 'download'] as const;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Line of the first frontmatter line that starts (after indentation) with `key:`. */
function lineOfKey(lines: string[], key: string, openLine: number): number {
  const re = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}["']?\\s*:`);
  let k = lines.findIndex((l) => re.test(l));
  // Keys inside one-line JSON metadata sit mid-line: name the line that holds them.
  if (k < 0) k = lines.findIndex((l) => l.includes(`"${key}"`));
  return k >= 0 ? openLine + 1 + k : openLine;
}

/**
 * Split a tool list written as one string: separators are commas and whitespace outside
 * parentheses, so `Bash(git commit:*) Read, Write` is three names.
 */
export function splitToolList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')' && depth > 0) depth--;
    if (depth === 0 && (ch === ',' || /\s/.test(ch))) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * Parse a SKILL.md text into a Manifest. Throws EMANIFEST naming the file and line when there is no
 * frontmatter, the YAML is invalid, or a field skillpin relies on has the wrong shape.
 */
export function parseSkillManifest(text: string, file = 'SKILL.md'): Manifest {
  const fm = readFrontmatter(text, file);
  const data = fm.data;
  const at = (key: string) => lineOfKey(fm.yamlLines, key, fm.openLine);
  const fail = (key: string, reason: string): never => {
    throw manifestError(file, at(key), reason);
  };

  const str = (key: string, v: unknown): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return fail(key, `"${key}" must be a string`);
  };

  /** A list of names: a YAML list of strings, or one string split on commas/whitespace. */
  const names = (key: string, v: unknown): string[] => {
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return splitToolList(v);
    if (Array.isArray(v)) {
      const out: string[] = [];
      for (const item of v) {
        if (typeof item === 'string') out.push(...splitToolList(item));
        else if (typeof item === 'number') out.push(String(item));
        else fail(key, `"${key}" must list names (strings); found ${JSON.stringify(item)}`);
      }
      return out;
    }
    return fail(key, `"${key}" must be a list of names or one string`);
  };

  const ignored: string[] = [];
  /**
   * A list of names in the metadata block, read as OpenClaw reads it: one string is split on commas
   * only, and each item of a list is one name (trimmed; empty ones dropped). `"curl jq"` is the
   * single bin "curl jq" OpenClaw looks for, so the review must not show it as two. A mapping, a
   * number or a boolean is no list to OpenClaw: it reads no names from it (`env: {KEY: "optional"}`
   * is written in the wild), so neither does the review, which says so (`where` names the field).
   */
  const openclawNames = (key: string, v: unknown, where = key): string[] => {
    if (v === undefined || v === null) return [];
    if (typeof v === 'number' || typeof v === 'boolean' || isObj(v)) {
      const keys = isObj(v) ? Object.keys(v) : [];
      const shown = keys.length > 8 ? [...keys.slice(0, 6), `and ${keys.length - 6} more`] : keys;
      const named = keys.length ? ` (it names ${shown.join(', ')})` : '';
      ignored.push(`${where} is ${isObj(v) ? 'a mapping' : JSON.stringify(v)}, not a list: OpenClaw reads no names from it${named}`);
      return [];
    }
    if (typeof v === 'string') return v.split(',').map((n) => n.trim()).filter((n) => n !== '');
    if (Array.isArray(v)) {
      const out: string[] = [];
      for (const item of v) {
        if (typeof item === 'string' || typeof item === 'number') {
          const n = String(item).trim();
          if (n !== '') out.push(n);
        } else fail(key, `"${key}" must list names (strings); found ${JSON.stringify(item)}`);
      }
      return out;
    }
    return fail(key, `"${key}" must be a list of names or one string`);
  };

  /** A metadata value written as one-line JSON inside YAML arrives as a string: read it as JSON. */
  const jsonish = (key: string, v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const s = v.trim();
    if (!s.startsWith('{')) return v;
    try {
      return JSON.parse(s);
    } catch {
      try {
        return loadJson5().parse(s);
      } catch (err) {
        return fail(key, `"${key}" looks like JSON but does not parse: ${(err as Error).message}`);
      }
    }
  };

  const metadata = jsonish('metadata', data.metadata);
  let block: Obj | null = null;
  let metadataKey: MetadataKey | null = null;
  let blockPath = '';
  const sources: Array<[Obj, string]> = [];
  if (isObj(metadata)) sources.push([metadata, 'metadata.']);
  sources.push([data, '']);
  outer: for (const [src, prefix] of sources) {
    for (const key of METADATA_KEYS) {
      if (src[key] === undefined || src[key] === null) continue;
      const value = jsonish(key, src[key]);
      if (!isObj(value)) fail(key, `"${prefix}${key}" must be a mapping (YAML or JSON object)`);
      block = value as Obj;
      metadataKey = key;
      blockPath = `${prefix}${key}`;
      break outer;
    }
  }

  // The review must show the block OpenClaw acts on. Where OpenClaw reads one, the block read here
  // must be that one with the same values; otherwise the file reads two ways and is refused.
  const oc = openclawBlock(data, fm.yamlLines, fm.keyLines);
  if (oc !== null && (blockPath !== oc.path || !sameBlock(block, oc.value))) {
    const why =
      blockPath !== oc.path
        ? `OpenClaw acts on "${oc.path}", the review would show ${blockPath ? `"${blockPath}"` : 'no block'}`
        : `OpenClaw acts on "${oc.path}" as the text of the metadata line, which gives other values than the YAML the review would show`;
    throw manifestError(file, at('metadata'), `the metadata reads two ways: ${why}`, {
      hint: 'Write one metadata block, as a mapping under metadata.openclaw (YAML, or JSON on the metadata line itself), so that the review shows what OpenClaw acts on; ask the publisher to fix it.',
    });
  }

  const requiresRaw = block ? jsonish('requires', block.requires) : undefined;
  // `requires: []` (an empty list) is written in the wild for "requires nothing".
  const emptyList = Array.isArray(requiresRaw) && requiresRaw.length === 0;
  if (requiresRaw !== undefined && requiresRaw !== null && !emptyList && !isObj(requiresRaw)) {
    fail('requires', `"${blockPath}.requires" must be a mapping`);
  }
  const requires = (isObj(requiresRaw) ? requiresRaw : {}) as Obj;
  const req = {
    bins: openclawNames('bins', requires.bins, `${blockPath}.requires.bins`),
    anyBins: openclawNames('anyBins', requires.anyBins, `${blockPath}.requires.anyBins`),
    env: openclawNames('env', requires.env, `${blockPath}.requires.env`),
    config: openclawNames('config', requires.config, `${blockPath}.requires.config`),
  };

  const install: InstallSpec[] = [];
  const installRaw = block ? block.install : undefined;
  if (installRaw !== undefined && installRaw !== null) {
    const list = Array.isArray(installRaw) ? installRaw : [installRaw];
    for (const item of list) {
      if (!isObj(item)) fail('install', `"${blockPath}.install" must list objects like {kind: "brew", formula: "..."}`);
      const spec = item as Obj;
      // As OpenClaw reads it: `kind`, else `type`, trimmed and lower-cased (`Brew` is a brew spec it runs).
      const kindRaw = typeof spec.kind === 'string' ? spec.kind : typeof spec.type === 'string' ? spec.type : '';
      const kind = kindRaw.trim().toLowerCase();
      if (kind === '') {
        // OpenClaw drops a spec it cannot give a kind: nothing of it is run or offered.
        const keys = Object.keys(spec);
        ignored.push(`an install spec in ${blockPath}.install has no "kind" (brew, node, go, uv or download): OpenClaw skips it and installs nothing for it${keys.length ? ` (its keys: ${keys.slice(0, 6).join(', ')})` : ''}`);
        continue;
      }
      // OpenClaw installs the formula, or the cask when it takes the formula for no Homebrew name
      // (`-x`, `../x`, `a b`): a spec naming both reads two ways, whichever the review would show.
      const formula = typeof spec.formula === 'string' ? spec.formula.trim() : '';
      const cask = typeof spec.cask === 'string' ? spec.cask.trim() : '';
      if (kind === 'brew' && formula !== '' && cask !== '' && formula !== cask) {
        throw manifestError(file, at('install'), `a brew install spec in "${blockPath}.install" names both formula "${formula}" and cask "${cask}": OpenClaw may install either`, {
          hint: 'Write one brew install spec per package, each with either "formula" or "cask"; ask the publisher to fix it.',
        });
      }
      const out: InstallSpec = { ...spec, kind };
      if (spec.bins !== undefined) out.bins = openclawNames('bins', spec.bins, `the bins of a ${kind} install spec in ${blockPath}.install`);
      if (spec.os !== undefined) out.os = openclawNames('os', spec.os, `the os of a ${kind} install spec in ${blockPath}.install`);
      if (spec.id !== undefined) out.id = str('id', spec.id);
      if (spec.label !== undefined) out.label = str('label', spec.label);
      install.push(out);
    }
  }

  const allowedRaw = data['allowed-tools'];
  const manifest: Manifest = {
    allowedTools: names('allowed-tools', allowedRaw),
    metadataKey,
    openclawBlock: oc?.path ?? null,
    requires: req,
    os: block ? openclawNames('os', block.os, `${blockPath}.os`) : [],
    install,
    always: block?.always === true || data.always === true,
    invocation: openclawInvocation(data, fm.yamlLines, fm.keyLines),
    frontmatter: data,
    repairs: fm.repairs,
    ignored,
  };
  if (blockPath !== '') manifest.metadataPath = blockPath;
  // The name and description OpenClaw loads the skill under (the name picks the config entry whose
  // env and apiKey it gets): where its reading differs from the YAML's, beyond spaces at the ends,
  // the review shows OpenClaw's.
  const asOpenClaw = (key: string, own: string | undefined): string | undefined => {
    const oc = openclawField(data, fm.yamlLines, key);
    return oc !== undefined && (own === undefined || own.trim() !== oc) ? oc : own;
  };
  const name = asOpenClaw('name', str('name', data.name));
  if (name !== undefined) manifest.name = name;
  const description = asOpenClaw('description', str('description', data.description));
  if (description !== undefined) manifest.description = description;
  const version = str('version', data.version);
  if (version !== undefined) manifest.version = version;
  // A list or mapping is no env name: OpenClaw reads only a string, so passes no apiKey through it.
  const primaryRaw = block?.primaryEnv ?? data.primaryEnv;
  if (Array.isArray(primaryRaw) || isObj(primaryRaw)) {
    const where = block?.primaryEnv !== undefined && block.primaryEnv !== null ? `${blockPath}.primaryEnv` : 'primaryEnv';
    ignored.push(`${where} is ${Array.isArray(primaryRaw) ? 'a list' : 'a mapping'}, not one name: OpenClaw ignores it, so no configured apiKey reaches the skill through it`);
  } else {
    const primaryEnv = str('primaryEnv', primaryRaw);
    if (primaryEnv !== undefined) manifest.primaryEnv = primaryEnv;
  }
  // As OpenClaw reads it: any non-empty string, whitespace kept; other values are ignored by it.
  if (typeof block?.skillKey === 'string' && block.skillKey !== '') manifest.skillKey = block.skillKey;
  const homepage = str('homepage', block?.homepage ?? data.homepage);
  if (homepage !== undefined) manifest.homepage = homepage;
  const emoji = str('emoji', block?.emoji ?? data.emoji);
  if (emoji !== undefined) manifest.emoji = emoji;
  return manifest;
}
