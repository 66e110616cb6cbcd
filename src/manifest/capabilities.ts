// What a skill needs from the agent, derived from its manifest: OpenClaw tool ids, bins, env and
// install specs. Pure: the review and the policy generator both read this.

import { CURRENT_TOOL_READING, mapToolName, type ToolReading } from '../policy/index.js';
import { OPENCLAW_BUNDLED_SKILLS } from './bundled.js';
import { INSTALL_KINDS, type InstallSpec, type Manifest } from './parse.js';

export interface Capabilities {
  /** Canonical OpenClaw ids, sorted, always including 'read'. */
  tools: string[];
  bins: string[];
  env: string[];
  /** OpenClaw config paths the skill requires to be set (`requires.config`, e.g. `browser.enabled`). */
  config: string[];
  /** Operating systems the skill is limited to (`os`); empty: any. */
  os: string[];
  /** One-line summaries like 'brew:ffmpeg'. */
  install: string[];
  always: boolean;
  /** Names from allowed-tools that map to no OpenClaw tool (reported, never emitted). */
  unknownTools: string[];
  /**
   * The metadata block shown (`openclaw`, `moltbot`, ...) when OpenClaw itself reads none: its
   * declarations are shown, but OpenClaw does not check or install them. Absent otherwise.
   */
  unreadByOpenClaw?: string;
  /** What the SKILL.md declares in a shape OpenClaw skips (Manifest.ignored), as sentences. Absent when nothing. */
  ignoredByOpenClaw?: string[];
  /**
   * The OpenClaw config entry whose env and apiKey the skill is given (`skills.entries.<key>`), when
   * its metadata names one with `skillKey` other than its own name. Absent otherwise.
   */
  configKey?: string;
  /**
   * The tool the skill's slash command calls directly (`command-dispatch: tool` with
   * `command-tool`): what a person types after the command goes to that tool as its `command`, and
   * the model never sees it. Absent when the skill asks for no dispatch, or has no slash command.
   */
  commandTool?: string;
  /** `disable-model-invocation`: OpenClaw leaves the skill out of the model's list of skills. */
  hiddenFromModel?: true;
  /** `user-invocable: false`: OpenClaw offers no slash command for the skill. */
  noSlashCommand?: true;
  /** Every field of each install spec that decides what runs or where files land (same order as `install`). */
  installSpecs?: InstallDetail[];
  /**
   * The skill bundled with OpenClaw that this one replaces for the agent: the name it loads under
   * (its SKILL.md `name`, else its folder's) is one OpenClaw ships a skill under. Absent otherwise.
   */
  replacesBundled?: string;
  notes: string[];
}

/** An install spec as OpenClaw's dependency installer takes it. */
export interface InstallDetail {
  /** The one-line summary, as in `install`. */
  summary: string;
  kind: string;
  /** The id OpenClaw asks for this recipe by, when the spec names one. */
  id?: string;
  /** The text OpenClaw shows a person for this recipe, in place of what it runs. */
  label?: string;
  /** Only on these operating systems. */
  os?: string[];
  /**
   * brew, node, go, uv: the command OpenClaw runs (node: with npm, or the manager configured in
   * skills.install.nodeManager), and what it installs first when that tool is missing.
   */
  runs?: string;
  /** Bins it says it provides (a claim: nothing checks it). */
  bins?: string[];
  /** download: the URL as OpenClaw fetches it (WHATWG form). */
  url?: string;
  /** download: the SHA-256 OpenClaw checks the download against; null when the spec gives none. */
  sha256?: string | null;
  /** download: the archive type named, overriding the one the file name suggests. */
  archive?: string;
  /** download: whether it is unpacked; absent: unpacked when the name or `archive` says it is an archive. */
  extract?: boolean;
  /** download: leading path parts dropped from every archive entry. */
  stripComponents?: number;
  /** download: where it lands, relative to OpenClaw's tools folder for the skill (`<state dir>/tools/<skill key>`). */
  targetDir?: string;
  /** Why OpenClaw would not run this spec as written, when it would not. */
  notRun?: string;
}

const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** Where an install spec installs from, per kind; the first present field names it. */
const INSTALL_TARGET_FIELDS: Record<string, string[]> = {
  brew: ['formula', 'cask', 'package'],
  node: ['package', 'module'],
  go: ['module', 'package'],
  uv: ['package', 'module'],
  download: ['url'],
};

export function summarizeInstall(spec: InstallSpec): string {
  const fields = INSTALL_TARGET_FIELDS[spec.kind] ?? ['formula', 'package', 'module', 'url'];
  for (const f of fields) {
    const v = spec[f];
    if (typeof v === 'string' && v.trim() !== '') return `${spec.kind}:${v.trim()}`;
  }
  return `${spec.kind}:${spec.id ?? spec.label ?? '?'}`;
}

/** Where a download's `targetDir` lands inside the tools folder, or why OpenClaw refuses it. */
function targetPlace(raw: string): { targetDir: string } | { notRun: string } {
  const t = raw.trim();
  if (t === '') return { targetDir: '.' };
  if (t.startsWith('~') || t.startsWith('/') || t.startsWith('\\') || /^[A-Za-z]:/.test(t)) {
    return { notRun: `targetDir ${JSON.stringify(t)} is an absolute path: OpenClaw runs it only if it lies inside its tools folder for the skill, and refuses it otherwise` };
  }
  const parts: string[] = [];
  for (const p of t.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return { notRun: `targetDir ${JSON.stringify(t)} leaves OpenClaw's tools folder for the skill: OpenClaw refuses to run it` };
      parts.pop();
    } else parts.push(p);
  }
  return { targetDir: parts.length ? parts.join('/') : '.' };
}

/** An install spec with every field OpenClaw's installer acts on (its parse of the spec, then its runner). */
export function installDetail(spec: InstallSpec): InstallDetail {
  const out: InstallDetail = { summary: summarizeInstall(spec), kind: spec.kind };
  if (typeof spec.id === 'string' && spec.id.trim() !== '') out.id = spec.id.trim();
  if (typeof spec.label === 'string' && spec.label.trim() !== '') out.label = spec.label;
  if (spec.os?.length) out.os = spec.os;
  if (spec.bins?.length) out.bins = spec.bins;
  const target = out.summary.slice(spec.kind.length + 1);
  const runs: Record<string, string> = {
    brew: `brew install ${target}`,
    node: `npm install -g --ignore-scripts ${target} (or pnpm, yarn or bun, as skills.install.nodeManager says)`,
    go: `go install ${target}, installing Go first when it is missing (brew install go, or sudo -n apt-get install golang-go)`,
    uv: `uv tool install ${target}, installing uv first with brew when it is missing`,
  };
  const named = (INSTALL_TARGET_FIELDS[spec.kind] ?? []).some((f) => typeof spec[f] === 'string' && spec[f].trim() !== '');
  if (named && Object.hasOwn(runs, spec.kind)) out.runs = runs[spec.kind];
  if (spec.kind !== 'download') return out;
  const url = typeof spec.url === 'string' ? spec.url.trim() : '';
  try {
    if (url === '' || /\s/.test(url)) throw new Error('no url');
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    out.url = u.toString();
  } catch {
    out.notRun = 'it has no http(s) URL OpenClaw accepts';
  }
  if (spec.sha256 === undefined) out.sha256 = null;
  else if (typeof spec.sha256 === 'string' && /^[a-f0-9]{64}$/.test(spec.sha256.trim().toLowerCase())) out.sha256 = spec.sha256.trim().toLowerCase();
  else out.notRun ??= 'its sha256 is not 64 hex digits, so OpenClaw drops the spec';
  if (typeof spec.archive === 'string') out.archive = spec.archive;
  if (typeof spec.extract === 'boolean') out.extract = spec.extract;
  if (typeof spec.stripComponents === 'number') out.stripComponents = spec.stripComponents;
  const place = targetPlace(typeof spec.targetDir === 'string' ? spec.targetDir : '');
  if ('targetDir' in place) out.targetDir = place.targetDir;
  else out.notRun ??= place.notRun;
  return out;
}

/**
 * Who OpenClaw takes a skill for: the name it loads it under (SKILL.md's `name`, trimmed, else the
 * folder's; it keeps one skill per name) and the `skills.entries` key whose env and apiKey it gives
 * it (a `skillKey` in the block it reads, else the `slug` of the folder's
 * `.openclaw/source-origin.json` (recordedSlug: ./entries.ts sourceOriginSlug), else that name). `manifest` null: SKILL.md
 * unreadable.
 */
export function openclawIdentity(m: Manifest | null, folder: string, recordedSlug?: string): { name: string; configEntry: string } {
  const name = m?.name?.trim() || folder;
  return { name, configEntry: m?.skillKey !== undefined && m.openclawBlock !== null ? m.skillKey : (recordedSlug ?? name) };
}

/**
 * What the skill asks of OpenClaw. `folder` is the folder it is installed in (the lock's name for
 * it): OpenClaw loads a skill whose SKILL.md gives no name under its folder's name.
 */
export function capabilitiesOf(m: Manifest, folder?: string, reading: ToolReading = CURRENT_TOOL_READING): Capabilities {
  const tools = new Set<string>(['read']);
  const unknown: string[] = [];
  const notes: string[] = [];
  for (const raw of m.allowedTools) {
    const mapped = mapToolName(raw, reading);
    if (mapped.id === null) {
      unknown.push(mapped.name);
      continue;
    }
    tools.add(mapped.id);
    if (mapped.note) notes.push(`${mapped.name} → ${mapped.id}: ${mapped.note}`);
  }
  const bins = sortedUnique([...m.requires.bins, ...m.requires.anyBins, ...m.install.flatMap((s) => s.bins ?? [])]);
  const needsExecFrom: string[] = [];
  if (m.requires.bins.length > 0) needsExecFrom.push(`requires bins ${m.requires.bins.join(', ')}`);
  if (m.requires.anyBins.length > 0) needsExecFrom.push(`requires one of ${m.requires.anyBins.join(', ')}`);
  if (m.install.length > 0) needsExecFrom.push(`has install specs (${m.install.map(summarizeInstall).join(', ')})`);
  if (needsExecFrom.length > 0) {
    tools.add('exec');
    notes.push(`exec: ${needsExecFrom.join('; ')}`);
  }
  for (const spec of m.install) {
    if (!(INSTALL_KINDS as readonly string[]).includes(spec.kind)) {
      notes.push(`install kind "${spec.kind}" is not one OpenClaw runs (${INSTALL_KINDS.join(', ')})`);
    }
  }
  if (m.metadataKey !== null && m.openclawBlock === null) {
    notes.push(`OpenClaw reads only metadata.openclaw or metadata.clawdbot: the "${m.metadataKey}" block is shown, but OpenClaw does not check its requirements or run its install specs`);
  }
  const env = sortedUnique([...m.requires.env, ...(m.primaryEnv ? [m.primaryEnv] : [])]);
  const unread = m.metadataKey !== null && m.openclawBlock === null ? { unreadByOpenClaw: m.metadataKey } : {};
  const ignored = m.ignored.length ? { ignoredByOpenClaw: [...m.ignored] } : {};
  notes.push(...m.ignored);
  // Only where OpenClaw reads the block: then the skill gets that entry's env and apiKey.
  const configKey = m.skillKey !== undefined && m.openclawBlock !== null && m.skillKey !== m.name?.trim() ? { configKey: m.skillKey } : {};
  if (configKey.configKey !== undefined) {
    notes.push(`skillKey: OpenClaw gives this skill the env and apiKey configured under skills.entries[${JSON.stringify(configKey.configKey)}]`);
  }
  // The slash command's direct tool call: only where OpenClaw offers a slash command at all. It
  // finds the tool by its exact name; a core id is a tool the agent must be allowed, anything else
  // (a plugin's tool, a name in another case) is shown and never emitted.
  const invocation: Partial<Pick<Capabilities, 'commandTool' | 'hiddenFromModel' | 'noSlashCommand'>> = {};
  const inv = m.invocation;
  if (!inv.userInvocable) invocation.noSlashCommand = true;
  if (inv.disableModelInvocation) invocation.hiddenFromModel = true;
  if (inv.userInvocable && inv.dispatchTool !== undefined) {
    const tool = inv.dispatchTool;
    invocation.commandTool = tool;
    if (reading.coreIds.has(tool)) tools.add(tool);
    else unknown.push(tool);
    notes.push(`${tool}: the skill's slash command calls it directly with the typed text (command-dispatch: tool); the model is bypassed`);
  }
  if (inv.disableModelInvocation) notes.push('disable-model-invocation: the skill is not in the model\'s list of skills; it runs when a person types its slash command');
  const installSpecs = m.install.length ? { installSpecs: m.install.map((spec) => installDetail(spec)) } : {};
  const loadsAs = folder === undefined ? m.name?.trim() || undefined : openclawIdentity(m, folder).name;
  const replaces = loadsAs !== undefined && OPENCLAW_BUNDLED_SKILLS.has(loadsAs) ? { replacesBundled: loadsAs } : {};
  if (replaces.replacesBundled !== undefined) {
    notes.push(`name: OpenClaw ships a skill named ${JSON.stringify(replaces.replacesBundled)}: from the workspace's skills/ folder (the default sandbox) this one replaces it for the agent; from a skills.load.extraDirs folder the shipped one wins and this one does not load`);
  }
  return {
    ...replaces,
    ...unread,
    ...ignored,
    ...configKey,
    ...invocation,
    ...installSpecs,
    tools: [...tools].sort(),
    bins,
    env,
    config: sortedUnique(m.requires.config),
    os: sortedUnique(m.os),
    install: m.install.map(summarizeInstall),
    always: m.always,
    unknownTools: sortedUnique(unknown),
    notes,
  };
}
