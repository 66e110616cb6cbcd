// The review a person reads before anything is installed: one model (also the `--json` shape) and
// one renderer. Nothing here decides; it shows what the pipeline found.

import type { Capabilities, InstallDetail, Manifest } from '../manifest/index.js';
import type { Finding } from '../scan/index.js';
import type { ModerationInfo } from '../source/types.js';
import { fitLines, quoted, type ReviewLine } from '../ui/index.js';

export interface ReviewFile {
  path: string;
  size: number;
  mode: string;
}

export interface ProvenanceView {
  status: 'verified' | 'absent' | 'skipped' | 'not checked';
  summary: string;
  warnings: string[];
}

export interface ReviewModel {
  name: string;
  version: string;
  /** What the person typed. */
  spec: string;
  /** The exact spec that pins this version. */
  pinnedSpec: string;
  /** False when the spec was a range/tag: only a person at a terminal can pin it. */
  pinned: boolean;
  source: string;
  registry: string;
  resolved: string;
  integrity: string;
  publisher: string | null;
  publishedAt: string | null;
  skill: { name: string | null; description: string | null };
  capabilities: Capabilities;
  install: string[];
  files: ReviewFile[];
  totalBytes: number;
  provenance: ProvenanceView;
  moderation: ModerationInfo | null;
  findings: Finding[];
  decision: 'allow' | 'warn' | 'block';
  /** Rules the person accepted with --accept-risk (block findings shown but not blocking). */
  acceptedRisks: string[];
  /**
   * Files of the package under its top-level .clawhub/ or .clawdhub/ (install metadata the clawhub
   * CLI and OpenClaw keep there for themselves), not installed. Absent when there are none.
   */
  dropped?: string[];
}

/**
 * The review of a package whose SKILL.md is invalid (EMANIFEST) and whose files nothing blocks:
 * what was found, for a person vetting it. Nothing is installed from it, so the decision is
 * `refused`; it carries no capabilities, since only a valid SKILL.md declares them.
 */
export interface InvalidManifestReview extends Omit<ReviewModel, 'skill' | 'capabilities' | 'install' | 'decision'> {
  skill: null;
  capabilities: null;
  install: null;
  decision: 'refused';
  /** What the findings and the registry's verdict alone would decide. */
  scanDecision: ReviewModel['decision'];
  manifestError: { code: 'EMANIFEST'; message: string; hint: string | null };
}

export function reviewSkillMeta(manifest: Manifest): { name: string | null; description: string | null } {
  return { name: manifest.name ?? null, description: manifest.description ?? null };
}

function list(items: string[]): string {
  return items.length ? items.join(', ') : 'none';
}

/**
 * One line per install spec with every field that decides what OpenClaw's installer runs and where
 * the files land (the `install:` line names only what each spec installs).
 */
export function renderInstallSpecs(specs: InstallDetail[] | undefined, indent = '    '): string[] {
  const lines: string[] = [];
  for (const d of specs ?? []) {
    const parts: string[] = [];
    if (d.kind === 'download') {
      if (d.url !== undefined && `download:${d.url}` !== d.summary) parts.push(`fetches ${d.url}`);
      parts.push(d.sha256 ? `sha256 ${d.sha256}` : 'no sha256: the download is not checked');
      if (d.extract === false) parts.push('kept as downloaded (extract: false)');
      else if (d.archive !== undefined) parts.push(`unpacked as ${JSON.stringify(d.archive)}`);
      else parts.push(d.extract === true ? 'unpacked (extract: true)' : 'unpacked when its name ends in .tar.gz, .tgz, .tar.bz2, .tbz2 or .zip');
      if (d.stripComponents !== undefined) parts.push(`stripComponents ${d.stripComponents}`);
      if (d.targetDir !== undefined) parts.push(`into <OpenClaw state dir>/tools/<skill key>${d.targetDir === '.' ? '' : `/${d.targetDir}`}`);
    }
    if (d.runs !== undefined) parts.push(`runs ${d.runs}`);
    if (d.os) parts.push(`only on ${d.os.join(', ')}`);
    if (d.bins) parts.push(`says it provides ${d.bins.join(', ')}`);
    if (d.label !== undefined) parts.push(`shown in OpenClaw as ${JSON.stringify(d.label)}`);
    if (d.id !== undefined) parts.push(`id ${JSON.stringify(d.id)}`);
    if (d.notRun !== undefined) parts.push(`OpenClaw will not run it: ${d.notRun}`);
    if (parts.length) lines.push(`${indent}${d.summary}: ${parts.join('; ')}`);
  }
  return lines;
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function renderFindings(findings: Finding[], accepted: string[] = []): ReviewLine[] {
  if (findings.length === 0) return ['  findings:     none'];
  const order = { block: 0, warn: 1, info: 2 } as const;
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const lines: ReviewLine[] = [`  findings:     ${findings.length}`];
  for (const f of sorted) {
    const tag = f.severity === 'block' && accepted.includes(f.rule) ? 'BLOCK (accepted)' : f.severity.toUpperCase();
    lines.push(`    [${tag}] ${f.rule}: ${f.message} (${f.file}:${f.line})`);
    // The evidence is the file's text: quoted, so it cannot pass for a line of the review.
    if (f.evidence) lines.push(quoted('        ', f.evidence));
  }
  return lines;
}

export function renderModeration(m: ModerationInfo | null): string[] {
  if (!m) return [];
  const lines: string[] = [];
  const label = m.blocked ? ' (blocked as malware: installing is refused)' : m.suspicious ? ' (suspicious: the review is a warning)' : '';
  if (m.status === 'unavailable') {
    lines.push("  registry verdict: unavailable - the registry's verdict could not be fetched; skillpin's own scan decides");
  } else if (m.status === 'pending' || m.status === 'error') {
    lines.push(`  registry verdict: ${m.status} - the registry has not finished checking this version; skillpin's own scan decides`);
  } else {
    lines.push(`  registry verdict: ${m.status}${label}`);
  }
  if (m.verdict !== undefined || m.securityStatus !== undefined) {
    lines.push(`    moderation:   ${m.verdict ?? 'none given'}; version security: ${m.securityStatus ?? 'none given'}`);
  }
  if (m.reasonCodes?.length) lines.push(`    reasons:      ${m.reasonCodes.join(', ')}`);
  if (m.summary) lines.push(`    summary:      ${m.summary}`);
  return lines;
}

/**
 * The add review as text (what a person sees above `Install? [y/N]`). `prompted: false` for
 * `skill review`, which asks nothing and installs nothing.
 */
export function renderReview(r: ReviewModel | InvalidManifestReview, opts: { prompted?: boolean; columns?: number } = {}): string {
  const lines: ReviewLine[] = [];
  const prompted = opts.prompted ?? true;
  let why = '';
  // A local .tgz is pinned by its own bytes; a folder (skill review ./dir) has none to pin.
  if (r.decision === 'refused') why = '  (SKILL.md INVALID: nothing can be installed from it)';
  else if (r.source === 'file' && !r.pinned) {
    // `npm pack` needs a package.json: without one it fails (enoent), and the advice was a dead end.
    why = r.files.some((f) => f.path === 'package.json')
      ? '  (a local folder: nothing to pin; pack it with `npm pack` and add the .tgz to install it)'
      : `  (a local folder: nothing to pin; to install it, add a package.json ${JSON.stringify({ name: r.name, version: r.version })}, then \`npm pack\` it and add the .tgz)`;
  }
  else if (!r.pinned) why = `  (resolved from ${JSON.stringify(r.spec)}: ${prompted ? `answering yes pins ${r.pinnedSpec}` : `\`skill add ${r.pinnedSpec}\` would pin it`})`;
  lines.push(`Review: ${r.name}@${r.version}${why}`);
  lines.push(`  source:       ${r.source === 'npm' ? `npm registry ${r.registry}` : r.source === 'file' ? `local ${r.pinned ? 'file' : 'folder'} ${r.resolved}` : `${r.source} ${r.registry}`}`);
  lines.push(`  publisher:    ${r.publisher ?? 'unknown'}${r.publishedAt ? `, published ${r.publishedAt}` : ''}`);
  lines.push(`  integrity:    ${r.integrity}`);
  lines.push(`  provenance:   ${r.provenance.summary}`);
  for (const w of r.provenance.warnings) lines.push(`                warning: ${w}`);
  lines.push(...renderModeration(r.moderation));
  if (r.decision === 'refused') {
    lines.push(`  SKILL.md:     INVALID - ${r.manifestError.message}`);
    lines.push('  tools, bins, env, install: unknown (only a valid SKILL.md declares them)');
  } else {
    lines.push(`  skill:        ${r.skill.name ?? '(no name)'}${r.skill.description ? ` - ${r.skill.description}` : ''}`);
    lines.push(`  tools:        ${list(r.capabilities.tools)}${r.capabilities.unknownTools.length ? `  (unknown, never allowed: ${r.capabilities.unknownTools.join(', ')})` : ''}`);
    lines.push(`  bins:         ${list(r.capabilities.bins)}`);
    lines.push(`  env:          ${list(r.capabilities.env)}`);
    if (r.capabilities.config.length) lines.push(`  config:       ${list(r.capabilities.config)}  (OpenClaw config the skill requires set)`);
    if (r.capabilities.os.length) lines.push(`  os:           ${list(r.capabilities.os)}`);
    lines.push(`  install:      ${list(r.install)}`);
    lines.push(...renderInstallSpecs(r.capabilities.installSpecs));
    if (r.capabilities.always) lines.push('  always:       true (loaded into every agent session)');
    if (r.capabilities.commandTool !== undefined) {
      lines.push(`  command:      its slash command calls the tool ${JSON.stringify(r.capabilities.commandTool)} directly with the typed text (command-dispatch: tool): the model is bypassed`);
    }
    if (r.capabilities.hiddenFromModel) lines.push("  model:        hidden from the model's list of skills (disable-model-invocation): it runs when a person types its slash command");
    if (r.capabilities.noSlashCommand) lines.push('  slash command: none (user-invocable: false)');
    if (r.capabilities.configKey !== undefined) {
      lines.push(`  config key:   skills.entries[${JSON.stringify(r.capabilities.configKey)}]  (OpenClaw gives the skill the env and apiKey configured there)`);
    }
    if (r.capabilities.replacesBundled !== undefined) {
      lines.push(`  replaces:     OpenClaw's own ${JSON.stringify(r.capabilities.replacesBundled)} skill (same name; from the workspace's skills/ folder, the default sandbox, this one is what the agent loads)`);
    }
    if (r.capabilities.unreadByOpenClaw) {
      lines.push(`  note:         the "${r.capabilities.unreadByOpenClaw}" block is not one OpenClaw reads (only metadata.openclaw or metadata.clawdbot): it will not check these requirements or run these installs`);
    }
    for (const why of r.capabilities.ignoredByOpenClaw ?? []) lines.push(`  note:         ${why}`);
  }
  lines.push(`  files:        ${r.files.length} (${human(r.totalBytes)})`);
  for (const f of r.files) lines.push(`    ${f.mode}  ${String(f.size).padStart(8)}  ${f.path}`);
  lines.push(...renderDropped(r));
  lines.push(...renderFindings(r.findings, r.acceptedRisks));
  if (r.decision === 'refused') lines.push(`  decision:     refused (EMANIFEST: the SKILL.md is invalid; the findings alone: ${r.scanDecision})`);
  else lines.push(`  decision:     ${r.decision}`);
  return `${fitLines(lines, opts.columns).join('\n')}\n`;
}

/** The package's install metadata left out (ReviewModel.dropped), one line per file; none when there is none. */
export function renderDropped(r: Pick<ReviewModel, 'dropped'>): string[] {
  if (!r.dropped?.length) return [];
  return [
    `  not installed: ${r.dropped.length} file${r.dropped.length === 1 ? '' : 's'} of install metadata (the clawhub CLI and OpenClaw keep their own there; a package's copy could claim another origin)`,
    ...r.dropped.map((path) => `    ${path}`),
  ];
}

// ---- update review (skill update / outdated): changelog, file diff, capability delta
export { changelogSection, entriesBetween, findChangelog, parseChangelog, type ChangelogEntry, type ChangelogSection } from './changelog.js';
export { cutDiff, diffFiles, isBinary, unifiedDiff, DEFAULT_DIFF_LINES, type DiffOptions, type FileChange, type FileDelta, type FileMap } from './diff.js';
export {
  capabilityDelta,
  newFindings,
  renderUpdateReview,
  versionJump,
  type CapabilityDelta,
  type CapabilitySet,
  type ListDelta,
  type LockedStatus,
  type UpdateReviewModel,
  type VersionJump,
} from './update.js';
