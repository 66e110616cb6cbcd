// What a skill needs from the agent, derived from its manifest: OpenClaw tool ids, bins, env and
// install specs. Pure: the review and the policy generator both read this.

import { mapToolName } from '../policy/index.js';
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
  /**
   * The OpenClaw config entry whose env and apiKey the skill is given (`skills.entries.<key>`), when
   * its metadata names one with `skillKey` other than its own name. Absent otherwise.
   */
  configKey?: string;
  notes: string[];
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

export function capabilitiesOf(m: Manifest): Capabilities {
  const tools = new Set<string>(['read']);
  const unknown: string[] = [];
  const notes: string[] = [];
  for (const raw of m.allowedTools) {
    const mapped = mapToolName(raw);
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
  // Only where OpenClaw reads the block: then the skill gets that entry's env and apiKey.
  const configKey = m.skillKey !== undefined && m.openclawBlock !== null && m.skillKey !== m.name?.trim() ? { configKey: m.skillKey } : {};
  if (configKey.configKey !== undefined) {
    notes.push(`skillKey: OpenClaw gives this skill the env and apiKey configured under skills.entries[${JSON.stringify(configKey.configKey)}]`);
  }
  return {
    ...unread,
    ...configKey,
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
