// `skill verify`: the CI gate. Opens the workspace read-only, runs every check, returns the report;
// the CLI renders it and maps it to an exit status. Provenance (check 4) is a hook for its module.

import { verifyWorkspace, type VerifyHooks, type VerifyReport } from '../verify/index.js';
import { readWorkspace, type CommonOptions } from './common.js';

export interface VerifyCommandOptions extends CommonOptions {
  online?: boolean;
  allowUnmanaged?: boolean;
  concurrency?: number;
  onSkill?: (done: number, total: number) => void;
  /** Check 4: re-verify a pinned entry's stored provenance bundle. */
  checkProvenance?: VerifyHooks['checkProvenance'];
}

export async function verify(opts: VerifyCommandOptions): Promise<VerifyReport> {
  // A bad config or a lock that does not parse throws here (ECONFIG/ELOCKFILE, exit 2).
  const ws = await readWorkspace(opts);
  const hooks: VerifyHooks = {};
  if (ws.config.policy.file) {
    // The policy module loads only when a policy file is configured.
    const { checkToolPolicy } = await import('../verify/policy.js');
    hooks.checkPolicy = () => checkToolPolicy(ws, ws.lock.lock);
  }
  if (opts.checkProvenance) hooks.checkProvenance = opts.checkProvenance;
  return verifyWorkspace(
    ws,
    {
      online: opts.online ?? false,
      allowUnmanaged: opts.allowUnmanaged ?? false,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      ...(opts.onSkill ? { onSkill: opts.onSkill } : {}),
    },
    hooks,
  );
}
