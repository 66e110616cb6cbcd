// Check 6: when `policy.file` names an openclaw.json, it must still enforce the tool policy derived
// from the locked skills' installed SKILL.md files, read only when their bytes are the pinned ones
// (the same derivation `skill policy` writes). The capabilities the lock records beside them must
// agree: they are what the review showed, and `skill list` and `update` read them.

import { SkillpinError } from '../errors.js';
import { FIRST_TOOL_READING, OPENCLAW_CATALOG_VERSION, checkPolicy, derivePolicy, type PolicySkill } from '../policy/index.js';
import { capabilityRecordDrift, installedNeeds, policyCheckOptions } from '../policy/installed.js';
import type { Workspace } from '../workspace/index.js';
import { fail, pass, shownPath, type CheckResult } from './types.js';

export async function checkToolPolicy(ws: Workspace): Promise<CheckResult[]> {
  const file = ws.config.policy.file;
  if (!file) return [];
  const shown = shownPath(ws.config.workspace, file);
  const lockFile = shownPath(ws.config.workspace, ws.config.lockPath);
  const hint = `Run \`skill policy --write ${file}\` to apply the derived policy, or fix each key listed.`;
  const skills: PolicySkill[] = [];
  const out: CheckResult[] = [];
  let unknown = false;
  for (const n of await installedNeeds(ws)) {
    if ('error' in n) {
      // Its needs are unknown, so no allowlist can be checked against them.
      out.push(fail('policy', n.error.code, `${n.error.message}; the policy cannot be derived`, { file: shown, ...(n.error.hint ? { hint: n.error.hint } : {}) }));
      unknown = true;
      continue;
    }
    const { name, entry, capabilities } = n;
    skills.push({ name, capabilities });
    const recorded = entry.capabilities;
    const drift = recorded ? capabilityRecordDrift(recorded, capabilities) : [`tools ${capabilities.tools.map((t) => `+${t}`).join(' ')}`];
    // A record an older skillpin wrote from these same pinned bytes, read with its own catalog
    // (`cron` then a tool, `LS` then read): no edit, and the policy follows the SKILL.md either way.
    // Only a record that is exactly that reading passes; any other difference is still an edit.
    if (recorded && drift.length > 0 && capabilityRecordDrift(recorded, n.readAs(FIRST_TOOL_READING)).length === 0) {
      out.push(pass('policy', `lock entry ${name} records its capabilities as skillpin's first tool catalog read its pinned SKILL.md; OpenClaw ${OPENCLAW_CATALOG_VERSION} names them otherwise (${drift.join('; ')}), and the policy follows the SKILL.md`, {
        file: lockFile,
        hint: `To record them as this skillpin reads them, review and pin it again with \`skill add ${name}@${String(entry.version)}\`.`,
        facts: { skill: name, drift, recordedBy: 'first tool catalog' },
      }));
      continue;
    }
    if (drift.length > 0) {
      const what = recorded ? 'records capabilities other than its pinned SKILL.md declares' : 'records no capabilities beside its pinned SKILL.md';
      out.push(fail('policy', 'ETAMPERED', `lock entry ${name} ${what} (${drift.join('; ')})`, {
        file: lockFile,
        hint: `The lock was edited, or written by a skillpin that read the manifest otherwise. The policy follows the SKILL.md. Restore the lock from version control, or review and record them again with \`skill add ${name}@${String(entry.version)}\`.`,
        facts: { skill: name, drift },
      }));
    }
  }
  // A skill whose needs are unknown would make every tool it needs look unneeded.
  if (unknown) return out;
  try {
    const derived = derivePolicy(skills, ws.config.policy);
    const findings = await checkPolicy(file, derived, policyCheckOptions(ws));
    for (const f of findings) out.push(fail('policy', 'EPOLICY', `${f.path}: ${f.message}`, { file: shown, hint, facts: { rule: f.rule, path: f.path } }));
    if (out.every((r) => r.ok)) out.push(pass('policy', `${shown} enforces the derived tool policy (${derived.allow.join(', ')})`, { file: shown }));
  } catch (err) {
    if (!(err instanceof SkillpinError)) throw err;
    out.push(fail('policy', err.code, err.message, { file: shown, ...(err.hint ? { hint: err.hint } : {}) }));
  }
  return out;
}
