// `skill policy`: derive OpenClaw's tool allowlist and sandbox block from the installed skills'
// SKILL.md files, print it, merge it into openclaw.json, or check an existing config against it.

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkPolicy, derivePolicy, policyFragment, writePolicy, type DerivedPolicy, type PolicyFinding, type PolicySkill } from '../policy/index.js';
import { installedNeeds, policyCheckOptions } from '../policy/installed.js';
import { SkillpinError } from '../errors.js';
import type { Workspace } from '../workspace/index.js';
import { readWorkspaceAndSandbox, type CommonOptions } from './common.js';

export interface PolicyOptions extends CommonOptions {
  write?: string;
  check?: string;
  agent?: string;
}

export interface PolicyResult {
  policy: DerivedPolicy;
  fragment: Record<string, unknown>;
  /** `changed: false`: the file already held the merge, and nothing was written (its .bak kept). */
  written?: { path: string; backup: string | null; changed: boolean };
  checked?: { path: string; findings: PolicyFinding[] };
}

/**
 * Each locked skill's needs, from its installed SKILL.md (what the agent will load), read only when
 * its bytes are the pinned ones: a SKILL.md changed after the review is ETAMPERED, never a policy.
 */
export async function installedPolicySkills(ws: Workspace): Promise<PolicySkill[]> {
  return (await installedNeeds(ws)).map((n) => {
    if ('error' in n) throw n.error;
    return { name: n.name, capabilities: n.capabilities };
  });
}

export async function derivedPolicyFor(ws: Workspace, agent?: string): Promise<{ policy: DerivedPolicy; fragment: Record<string, unknown> }> {
  const p = ws.config.policy;
  const policy = derivePolicy(await installedPolicySkills(ws), p);
  const chosenAgent = agent ?? p.agent;
  const fragment = policyFragment(policy, { sandboxDir: ws.sandbox.root, mount: p.mount, ...(chosenAgent ? { agent: chosenAgent } : {}) });
  return { policy, fragment };
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : resolve(p);
}

export async function policy(opts: PolicyOptions): Promise<PolicyResult> {
  const ws = await readWorkspaceAndSandbox(opts);
  // No lock is no workspace (a missing --cwd), not one with no skills: the policy derived there
  // allows only `read` and binds a sandbox that is not there. Written, it would take every tool
  // from the agent; checked, a CI job pointed at the wrong folder could pass.
  if ((opts.write || opts.check) && !ws.lock.exists) {
    throw new SkillpinError('ELOCKFILE', `no lock file at ${ws.lock.path}: there are no pinned skills to derive the policy from`, {
      file: ws.lock.path,
      hint: `Run it in the workspace that holds .clawhub/lock.json (--cwd DIR); ${opts.write ? 'nothing was written' : 'nothing was checked'}.`,
    });
  }
  const { policy: derived, fragment } = await derivedPolicyFor(ws, opts.agent);
  const result: PolicyResult = { policy: derived, fragment };
  if (opts.write) {
    const path = expandHome(opts.write);
    const { backup, changed } = await writePolicy(path, fragment, undefined, { agentFrom: opts.agent !== undefined ? '--agent' : 'policy.agent in .clawhub/config.json' });
    result.written = { path, backup, changed };
  }
  if (opts.check) {
    const path = expandHome(opts.check);
    const findings = await checkPolicy(path, derived, policyCheckOptions(ws, opts.agent));
    result.checked = { path, findings };
  }
  return result;
}
