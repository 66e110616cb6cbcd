// Human and SARIF 2.1.0 renderings of a verify report. Pure: report in, text or document out.

import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { counted, oneLine } from '../ui/index.js';
import type { CheckName, CheckResult, VerifyReport } from './types.js';

/**
 * Failures, each on a line, grouped by their fix: the failures that share a hint, then that hint
 * once under them (ten tampered files share one fix), in the order the failures came.
 */
function failureLines(failed: CheckResult[], indent: string): string[] {
  const groups = new Map<string, CheckResult[]>();
  for (const c of failed) {
    const key = c.hint ?? '';
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const lines: string[] = [];
  for (const [hint, group] of groups) {
    // On its line, as its hint: both name sandbox folders and files, whose names are anyone's text.
    for (const c of group) lines.push(`${indent}✗ ${c.check} ${c.code ?? ''}: ${oneLine(`${c.detail}${c.file && !c.detail.includes(c.file) ? ` [${c.file}]` : ''}`)}`);
    if (hint) lines.push(`${indent}  hint: ${oneLine(hint)}`);
  }
  return lines;
}

export function renderVerify(report: VerifyReport): string {
  const lines: string[] = [];
  for (const s of report.skills) {
    const failed = s.checks.filter((c) => !c.ok);
    // On its line: an unpinned entry's version is any string the lock holds.
    const label = oneLine(`${s.name}@${s.version ?? '?'}`);
    if (failed.length === 0) {
      // A check that passed without running (facts.checked false) is named apart, not as a pass.
      const ran = [...new Set(s.checks.filter((c) => c.facts?.checked !== false).map((c) => c.check))];
      const skipped = [...new Set(s.checks.filter((c) => c.facts?.checked === false).map((c) => c.check))].filter((c) => !ran.includes(c));
      lines.push(`✓ ${label}  ${ran.join(', ')}${skipped.length > 0 ? `  (${skipped.join(', ')} not checked)` : ''}`);
    } else {
      lines.push(`✗ ${label}  ${failed.length} failed`);
      lines.push(...failureLines(failed, '    '));
    }
  }
  // A workspace check that passed without running (facts.checked false) is marked "-", not "✓".
  for (const c of report.checks) if (c.ok) lines.push(`${c.facts?.checked === false ? '-' : '✓'} ${c.check}  ${oneLine(c.detail)}`);
  lines.push(...failureLines(report.checks.filter((c) => !c.ok), ''));
  const { skills, failedSkills, failedChecks, files, bytes, online } = report.summary;
  const what = `${counted(skills, 'skill')}, ${counted(files, 'file')}, ${(bytes / 1024).toFixed(0)} KiB hashed${online ? ', registry asked' : ''}`;
  const workspaceFailed = report.checks.some((c) => !c.ok);
  const where = [...(failedSkills > 0 || !workspaceFailed ? [counted(failedSkills, 'skill')] : []), ...(workspaceFailed ? ['the workspace'] : [])].join(' and ');
  lines.push(report.ok ? `verify: ok (${what})` : `verify: FAILED, ${counted(failedChecks, 'check')} in ${where} (${what})`);
  return `${lines.join('\n')}\n`;
}

const RULES: Record<CheckName, string> = {
  lock: 'Every lock entry is an exact pin: exact version, sha512 integrity and per-file hashes.',
  installed: 'Every locked skill is installed in the sandbox as a real folder.',
  files: 'Installed files equal the lock: sha512 per file, none missing or extra, no links, normalised modes.',
  provenance: 'The stored provenance bundle still verifies and matches the locked integrity and identity.',
  registry: 'The registry still serves the locked version with the locked integrity.',
  policy: "The configured openclaw.json still enforces the tool policy derived from the locked skills.",
  sandbox: 'The sandbox root is a real folder outside .clawhub.',
  trust: 'Names the trust files (trusted roots, registry keys) the workspace adds to the built-in ones, with their sha256.',
  unmanaged: "The sandbox holds no folder that the lock does not know, and OpenClaw's other skill folders in the workspace hold nothing.",
  risk: 'A skill pinned with --accept-risk still has exactly the accepted blocking findings.',
};

export interface SarifOptions {
  version: string;
  /** The tool's home page, when there is one to name. */
  informationUri?: string;
}

/**
 * A result's file as SARIF wants it: a URI reference, its segments percent-encoded (a space is
 * `%20`), relative to the workspace (%SRCROOT%); a file outside it (shownPath made it absolute) as
 * a `file:` URI of its own, never `../` out of the source root, which code-scanning tools drop.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * SARIF 2.1.0 with one result per failed check. Locations are workspace-relative, so a job that runs
 * verify at the repository root gets annotations on the lock and the skill files.
 */
export function toSarif(report: VerifyReport | null, opts: SarifOptions, error?: { code: string; message: string }): Record<string, unknown> {
  const ruleIds = Object.keys(RULES) as CheckName[];
  const results: Record<string, unknown>[] = [];
  // Code-scanning tools merge results that share a fingerprint: a check's facts name what in the
  // file failed (a config key), and results alike in every part are told apart by their order.
  const seen = new Map<string, number>();
  const fingerprint = (c: CheckResult, skill: string | null, uri: string): string => {
    const where = typeof c.facts?.path === 'string' ? `#${c.facts.path}` : '';
    const base = `${c.check}/${c.code ?? ''}/${skill ?? ''}/${uri}${where}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}/${n}`;
  };
  const add = (c: CheckResult, skill: string | null, version: string | null) => {
    if (c.ok) return;
    const file = c.file ?? '.clawhub/lock.json';
    const location = artifactLocation(file);
    const uri = location.uri;
    results.push({
      ruleId: `skillpin/${c.check}`,
      ruleIndex: ruleIds.indexOf(c.check),
      level: 'error',
      message: { text: `${skill ? `${skill}@${version ?? '?'}: ` : ''}${c.detail}${c.hint ? `\nHint: ${c.hint}` : ''}` },
      locations: [{ physicalLocation: { artifactLocation: location } }],
      partialFingerprints: { skillpinCheck: fingerprint(c, skill, uri) },
      properties: { code: c.code, check: c.check, ...(skill ? { skill, version } : {}), ...(c.facts ? { facts: c.facts } : {}) },
    });
  };
  if (report) {
    for (const s of report.skills) for (const c of s.checks) add(c, s.name, s.version);
    for (const c of report.checks) add(c, null, null);
  }
  const invocation: Record<string, unknown> = { executionSuccessful: error === undefined };
  // Checks that passed without running (a setting switched them off) are no results, but a reader
  // of the SARIF alone must see that they did not run: one notification each.
  const unchecked: Record<string, unknown>[] = [];
  const notRun = (c: CheckResult, skill: string | null) => {
    if (c.ok && c.facts?.checked === false) {
      unchecked.push({ level: 'warning', message: { text: `${skill ? `${skill}: ` : ''}${c.detail}` }, associatedRule: { id: `skillpin/${c.check}`, index: ruleIds.indexOf(c.check) } });
    }
  };
  if (report) {
    for (const s of report.skills) for (const c of s.checks) notRun(c, s.name);
    for (const c of report.checks) notRun(c, null);
  }
  if (unchecked.length > 0) invocation.toolConfigurationNotifications = unchecked;
  if (error) invocation.toolExecutionNotifications = [{ level: 'error', message: { text: `${error.code}: ${error.message}` } }];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'skillpin',
            version: opts.version,
            ...(opts.informationUri ? { informationUri: opts.informationUri } : {}),
            rules: ruleIds.map((id) => ({
              id: `skillpin/${id}`,
              name: id,
              shortDescription: { text: RULES[id] },
              defaultConfiguration: { level: 'error' },
            })),
          },
        },
        invocations: [invocation],
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'the workspace folder (holds .clawhub/)' } } },
        results,
      },
    ],
  };
}
