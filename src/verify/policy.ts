// Check 6: when `policy.file` names an openclaw.json, it must still enforce the tool policy derived
// from the locked skills' reviewed capabilities (the same derivation `skill policy` writes).

import { relative } from 'node:path';
import { SkillpinError } from '../errors.js';
import type { Lockfile } from '../lockfile/index.js';
import { checkPolicy, derivePolicy, type PolicyCheckOptions, type PolicySkill } from '../policy/index.js';
import type { Workspace } from '../workspace/index.js';
import { fail, pass, type CheckResult } from './types.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export async function checkToolPolicy(ws: Workspace, lock: Lockfile): Promise<CheckResult[]> {
  const file = ws.config.policy.file;
  if (!file) return [];
  const shown = relative(ws.config.workspace, file) || file;
  const hint = 'Run `skill policy --write` to apply the derived policy, or fix each key listed.';
  const skills: PolicySkill[] = [];
  const out: CheckResult[] = [];
  for (const [name, entry] of Object.entries(lock.skills).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const caps = entry.capabilities;
    if (!caps || !Array.isArray(caps.tools)) {
      out.push(fail('policy', 'EPOLICY', `lock entry ${name} records no capabilities, so its tool needs are unknown`, { file: shown, hint: `Re-pin it with \`skill add ${name}@<exact version>\` so its reviewed capabilities are recorded.` }));
      continue;
    }
    skills.push({
      name,
      capabilities: { tools: strings(caps.tools), bins: strings(caps.bins), env: strings(caps.env), install: strings(caps.install), always: caps.always === true, unknownTools: [], notes: [] },
    });
  }
  try {
    const derived = derivePolicy(skills, { extraAllow: ws.config.policy.extraAllow, deny: ws.config.policy.deny });
    const opts: PolicyCheckOptions = { extraAllow: ws.config.policy.extraAllow, sandboxDir: ws.sandbox.root, mount: ws.config.policy.mount };
    if (ws.config.policy.agent !== undefined) opts.agent = ws.config.policy.agent;
    const findings = await checkPolicy(file, derived, opts);
    for (const f of findings) out.push(fail('policy', 'EPOLICY', `${f.path}: ${f.message}`, { file: shown, hint, facts: { rule: f.rule, path: f.path } }));
    if (out.length === 0) out.push(pass('policy', `${shown} enforces the derived tool policy (${derived.allow.join(', ')})`, { file: shown }));
  } catch (err) {
    if (!(err instanceof SkillpinError)) throw err;
    out.push(fail('policy', err.code, err.message, { file: shown, ...(err.hint ? { hint: err.hint } : {}) }));
  }
  return out;
}
