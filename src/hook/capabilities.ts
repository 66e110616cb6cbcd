// What a skill will be able to do, for the person who decides a `warn` in OpenClaw: the capabilities
// `skill add`'s review shows (tools, bins, env, install specs, command dispatch, always, ...) as
// `info` findings, shortened before any finding is dropped so the notice stays within OpenClaw's
// limits (MAX_NOTICE_CHARS, MAX_FINDINGS, MAX_TEXT_CHARS). Deterministic: OpenClaw re-runs the hook
// after a person approves and blocks when the answer's fingerprint changed.

import type { Capabilities } from '../manifest/index.js';
import { renderInstallSpecs } from '../review/index.js';
import { MAX_FINDINGS, MAX_NOTICE_CHARS, budgetFindings, clipText, warnNoticeLength, type OpenclawFinding } from './protocol.js';

/** How much of the capabilities is spelt out: every field, lists cut short, or one line of counts. */
export type CapabilityDetail = 'full' | 'short' | 'digest';

/** Items a `short` list names before it says how many more there are. */
const SHORT_ITEMS = 8;
/** A capability message at `full` detail (an install spec with a long URL is the longest). */
const FULL_CHARS = 400;
const SHORT_CHARS = 200;
const DIGEST_CHARS = 300;

function shortList(items: string[], detail: CapabilityDetail): string {
  if (detail === 'full' || items.length <= SHORT_ITEMS) return items.join(', ');
  return `${items.slice(0, SHORT_ITEMS).join(', ')} and ${items.length - SHORT_ITEMS} more`;
}

function cap(id: string, message: string, max: number): OpenclawFinding {
  return { ruleId: `skillpin.capability.${id}`, severity: 'info', message: clipText(message, max) };
}

/**
 * The capabilities as OpenClaw findings, one per kind the skill declares (`tools` always: every
 * skill reads its SKILL.md). `digest` is a single `skillpin.capabilities` line of names and counts.
 */
export function capabilityFindings(c: Capabilities, detail: CapabilityDetail): OpenclawFinding[] {
  if (detail === 'digest') {
    const parts = [`tools ${c.tools.join(', ')}`];
    if (c.unknownTools.length) parts.push(`${c.unknownTools.length} tool name(s) OpenClaw does not know`);
    if (c.bins.length) parts.push(`bins ${c.bins.length}`);
    if (c.env.length) parts.push(`env ${c.env.length}`);
    if (c.config.length) parts.push(`config ${c.config.length}`);
    if (c.install.length) parts.push(`install specs ${c.install.length}`);
    if (c.always) parts.push('always loaded');
    if (c.commandTool !== undefined) parts.push(`slash command calls ${JSON.stringify(c.commandTool)} directly`);
    if (c.configKey !== undefined) parts.push(`config key ${JSON.stringify(c.configKey)}`);
    if (c.replacesBundled !== undefined) parts.push(`replaces OpenClaw's own ${JSON.stringify(c.replacesBundled)} skill`);
    const text = `it can use: ${parts.join('; ')}. \`skill review\` on the skill lists them all`;
    return [{ ruleId: 'skillpin.capabilities', severity: 'info', message: clipText(text, DIGEST_CHARS) }];
  }
  const max = detail === 'full' ? FULL_CHARS : SHORT_CHARS;
  const out: OpenclawFinding[] = [];
  const unknown = c.unknownTools.length ? `; names OpenClaw does not know (never allowed): ${shortList(c.unknownTools, detail)}` : '';
  out.push(cap('tools', `tools it asks for: ${shortList(c.tools, detail)}${unknown}`, max));
  if (c.bins.length) out.push(cap('bins', `programs it needs on PATH: ${shortList(c.bins, detail)}`, max));
  if (c.env.length) out.push(cap('env', `environment variables it needs: ${shortList(c.env, detail)}`, max));
  if (c.config.length) out.push(cap('config', `OpenClaw config it needs set: ${shortList(c.config, detail)}`, max));
  if (c.os.length) out.push(cap('os', `only on: ${c.os.join(', ')}`, max));
  if (c.install.length) {
    if (detail === 'full') {
      // One line per spec, with what decides what runs and where files land (as the review shows).
      c.install.forEach((summary, i) => {
        const spec = c.installSpecs?.[i];
        const detailed = spec ? renderInstallSpecs([spec], '')[0] : undefined;
        out.push(cap('install', `install spec ${detailed ?? summary}`, max));
      });
    } else {
      out.push(cap('install', `install specs: ${shortList(c.install, detail)}`, max));
    }
  }
  if (c.always) out.push(cap('always', 'always: true: loaded into every agent session', max));
  if (c.commandTool !== undefined) {
    out.push(cap('command', `its slash command calls the tool ${JSON.stringify(c.commandTool)} directly with the typed text (command-dispatch: tool): the model is bypassed`, max));
  }
  if (c.configKey !== undefined) {
    out.push(cap('config-key', `OpenClaw gives it the env and apiKey configured under skills.entries[${JSON.stringify(c.configKey)}]`, max));
  }
  if (c.replacesBundled !== undefined) {
    out.push(cap('replaces', `it takes the name of OpenClaw's own ${JSON.stringify(c.replacesBundled)} skill: installed in the workspace, it replaces that skill for the agent`, max));
  }
  if (detail === 'full') {
    if (c.hiddenFromModel) out.push(cap('model', "hidden from the model's list of skills (disable-model-invocation): it runs when a person types its slash command", max));
    if (c.noSlashCommand) out.push(cap('slash-command', 'no slash command (user-invocable: false)', max));
  }
  if (c.unreadByOpenClaw) {
    out.push(cap('note', `its "${c.unreadByOpenClaw}" block is not one OpenClaw reads: it will not check these requirements or run these installs`, max));
  }
  for (const why of c.ignoredByOpenClaw ?? []) out.push(cap('note', why, max));
  return out;
}

/**
 * The findings of a `warn` answer: the review's findings, then the capabilities, within OpenClaw's
 * limits. The capabilities are shortened first (full, then short lists, then one line of counts);
 * only with the one line do findings give way, summed up as `skillpin.more-findings`.
 */
export function warnFindings(targetName: string, reason: string, findings: OpenclawFinding[], capabilities: Capabilities): OpenclawFinding[] {
  const details: CapabilityDetail[] = ['full', 'short', 'digest'];
  let answer: OpenclawFinding[] = [];
  for (const detail of details) {
    const caps = capabilityFindings(capabilities, detail);
    // What the notice spends without the review's findings (with a header line for them).
    const base = warnNoticeLength(targetName, reason, caps);
    const kept = budgetFindings(findings, MAX_NOTICE_CHARS - base, MAX_FINDINGS - caps.length);
    answer = [...kept, ...caps];
    const allKept = !kept.some((f) => f.ruleId === 'skillpin.more-findings');
    if (allKept && warnNoticeLength(targetName, reason, answer) <= MAX_NOTICE_CHARS) return answer;
  }
  return answer;
}
