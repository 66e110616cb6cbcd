// `skill policy`: derive OpenClaw's tool allowlist and sandbox block from the installed skills'
// SKILL.md files, print it, merge it into openclaw.json, or check an existing config against it.

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SkillpinError } from '../errors.js';
import { skillFolderName } from '../lockfile/index.js';
import { capabilitiesOf, parseSkillManifest } from '../manifest/index.js';
import { SKILL_FILE_NAMES } from '../manifest/names.js';
import { checkPolicy, derivePolicy, policyFragment, writePolicy, type DerivedPolicy, type PolicyFinding, type PolicySkill } from '../policy/index.js';
import type { Workspace } from '../workspace/index.js';
import { readWorkspace, type CommonOptions } from './common.js';

export interface PolicyOptions extends CommonOptions {
  write?: string;
  check?: string;
  agent?: string;
}

export interface PolicyResult {
  policy: DerivedPolicy;
  fragment: Record<string, unknown>;
  written?: { path: string; backup: string | null };
  checked?: { path: string; findings: PolicyFinding[] };
}

/** Read each locked skill's installed SKILL.md (what the agent will actually load). */
export async function installedPolicySkills(ws: Workspace): Promise<PolicySkill[]> {
  const out: PolicySkill[] = [];
  for (const name of Object.keys(ws.lock.lock.skills).sort()) {
    const dir = join(ws.sandbox.root, skillFolderName(name));
    let text: string | null = null;
    let file = 'SKILL.md';
    for (const candidate of SKILL_FILE_NAMES) {
      try {
        text = await readFile(join(dir, candidate), 'utf8');
        file = candidate;
        break;
      } catch {
        // try the next spelling
      }
    }
    if (text === null) {
      throw new SkillpinError('ENOTFOUND', `${name} is locked but not installed in ${ws.sandbox.root}`, {
        skill: name,
        hint: 'Run `skill install` first; the policy is derived from the installed SKILL.md files.',
      });
    }
    out.push({ name, capabilities: capabilitiesOf(parseSkillManifest(text, `${name}/${file}`)) });
  }
  return out;
}

export async function derivedPolicyFor(ws: Workspace, agent?: string): Promise<{ policy: DerivedPolicy; fragment: Record<string, unknown> }> {
  const p = ws.config.policy;
  const policy = derivePolicy(await installedPolicySkills(ws), { extraAllow: p.extraAllow, deny: p.deny });
  const chosenAgent = agent ?? p.agent;
  const fragment = policyFragment(policy, { sandboxDir: ws.sandbox.root, mount: p.mount, ...(chosenAgent ? { agent: chosenAgent } : {}) });
  return { policy, fragment };
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : resolve(p);
}

export async function policy(opts: PolicyOptions): Promise<PolicyResult> {
  const ws = await readWorkspace(opts);
  const { policy: derived, fragment } = await derivedPolicyFor(ws, opts.agent);
  const result: PolicyResult = { policy: derived, fragment };
  if (opts.write) {
    const path = expandHome(opts.write);
    const { backup } = await writePolicy(path, fragment);
    result.written = { path, backup };
  }
  if (opts.check) {
    const path = expandHome(opts.check);
    const agent = opts.agent ?? ws.config.policy.agent;
    const findings = await checkPolicy(path, derived, { extraAllow: ws.config.policy.extraAllow, sandboxDir: ws.sandbox.root, mount: ws.config.policy.mount, ...(agent ? { agent } : {}) });
    result.checked = { path, findings };
  }
  return result;
}
