// `skill verify`: the CI gate. Opens the workspace read-only, runs every check, returns the report;
// the CLI renders it and maps it to an exit status. Provenance (check 4) is a hook for its module.

import { SkillpinError } from '../errors.js';
import { onInterrupt } from '../interrupt/index.js';
import type { LockEntry } from '../lockfile/index.js';
import { join } from 'node:path';
import { pass, verifyWorkspace, type CheckResult, type VerifyHooks, type VerifyReport } from '../verify/index.js';
import { shownPath } from '../verify/types.js';
import type { Workspace } from '../workspace/index.js';
import { readWorkspace, type CommonOptions } from './common.js';
import { poolFor, worthAWorker, type CheckPool } from '../parallel/index.js';
import { openVerdictStore, verdictReport } from '../verdicts/index.js';
import { recheckLockedProvenance } from './provenance.js';
import { blockingRules } from '../scan/decide.js';

/** Check 4: re-verify the stored bundle offline against today's trust and the locked identity. */
export async function provenanceCheck(ws: Workspace, name: string, entry: LockEntry, pool: CheckPool | null = null): Promise<CheckResult> {
  const file = '.clawhub/lock.json';
  try {
    const outcome = await recheckLockedProvenance(ws, name, entry, pool);
    // Passed without verifying anything: trust.provenance "off", or an entry pinned without a
    // provenance check. (A recorded null is checked: no stored bundle holds these bytes.)
    const checked = outcome.view.status === 'verified' || entry.provenance === null;
    return { check: 'provenance', ok: true, code: null, detail: `${name}: ${outcome.view.summary}`, file, ...(checked ? {} : { facts: { checked: false } }) };
  } catch (err) {
    if (!(err instanceof SkillpinError)) throw err;
    const out: CheckResult = { check: 'provenance', ok: false, code: err.code, detail: err.message, file, facts: err.facts };
    if (err.hint) out.hint = err.hint;
    return out;
  }
}

export interface VerifyCommandOptions extends CommonOptions {
  online?: boolean;
  allowUnmanaged?: boolean;
  concurrency?: number;
  onSkill?: (done: number, total: number) => void;
  /** Check 4: re-verify a pinned entry's stored provenance bundle. */
  checkProvenance?: VerifyHooks['checkProvenance'];
}

/**
 * An entry pinned with --accept-risk: re-scan its installed files. Identical bytes give identical
 * findings under the same rules, so a blocking rule outside the accepted set means newer rules now
 * block these bytes: the gate fails until a person reviews them again.
 */
export async function riskCheck(ws: Workspace, name: string, entry: LockEntry, dir: string): Promise<CheckResult> {
  const [{ readFolderAsEntries }, { scanSkillCached }] = await Promise.all([import('../sandbox/index.js'), import('../scan/index.js')]);
  const accepted = (entry.acceptedRisks ?? []).map((a) => a.rule);
  let entries;
  try {
    entries = await readFolderAsEntries(dir, ws.config.limits, name);
  } catch (err) {
    if (!(err instanceof SkillpinError)) throw err;
    // The files check already reports what is wrong with the folder.
    return { check: 'risk', ok: false, code: err.code, detail: `${name}: cannot re-scan: ${err.message}` };
  }
  const files = entries.filter((e) => e.type === 'file').map((e) => ({ path: e.path, data: e.data ?? Buffer.alloc(0) }));
  const blocking = blockingRules((await scanSkillCached(files, { name }, openVerdictStore(ws.config.verdicts))).findings).sort();
  const unaccepted = blocking.filter((r) => !accepted.includes(r));
  if (unaccepted.length > 0) {
    return {
      check: 'risk',
      ok: false,
      code: 'ERISK',
      detail: `${name}: blocking rules ${unaccepted.join(', ')} fire on the installed files but were not accepted (accepted: ${accepted.join(', ') || 'none'})`,
      hint: `Review the findings (skill review ${dir}) and re-pin with skill add ${name}@${String(entry.version)} --accept-risk ${blocking.join(',')} if they are acceptable.`,
    };
  }
  return { check: 'risk', ok: true, code: null, detail: `${name}: blocking findings are exactly the accepted ones (${accepted.join(', ')})` };
}

/**
 * From this many skills a worker hashes part of the folders (unless SKILLPIN_WORKERS sets it).
 * verify hashes about 2 skills a millisecond on its own thread, and its worker takes ~0.14 s to
 * start on Node 20 (and as long to stop at exit when it has not finished starting): against
 * SKILLPIN_WORKERS=0, 15 interleaved pairs each, 30 skills +29 ms (se 16), 300 skills 0 ms (se
 * 29), 600 skills -57 ms (se 30), 1,000 skills -103 ms (se 36), with 0.09-0.36 s more CPU.
 * Below it the pool's worker starts only for a Sigstore check the verdict cache does not answer
 * (~10 ms of CPU each, worth a thread of their own).
 */
const HASH_POOL_THRESHOLD = 300;

export async function verify(opts: VerifyCommandOptions): Promise<VerifyReport> {
  // A bad config or a lock that does not parse throws here (ECONFIG/ELOCKFILE, exit 2).
  const ws = await readWorkspace(opts);
  // A token that would cross the network in clear is a setting to fix (ECONFIG, exit 2), not a
  // registry check that failed for each skill.
  if (opts.online) (await import('../source/index.js')).checkTokenTransport(opts.env ?? process.env);
  const hooks: VerifyHooks = {};
  if (ws.config.policy.file) {
    // The policy module loads only when a policy file is configured.
    const { checkToolPolicy } = await import('../verify/policy.js');
    hooks.checkPolicy = () => checkToolPolicy(ws);
  } else {
    // Said, not left out: a change to .clawhub/config.json that drops policy.file removes the
    // check, and the report CI keeps shows that it did not run.
    const file = shownPath(ws.config.workspace, join(ws.config.clawhubDir, 'config.json'));
    hooks.checkPolicy = () =>
      Promise.resolve([
        pass('policy', `not checked: ${file} sets no policy.file, so no openclaw.json is held to the tool policy the locked skills need`, {
          file,
          facts: { checked: false },
          hint: 'Set policy.file to the openclaw.json OpenClaw runs with (skill policy --write writes the derived policy into it).',
        }),
      ]);
  }
  // With many skills, a worker hashes part of the installed folders while this thread hashes the
  // rest and re-checks provenance; Sigstore checks the verdict cache does not answer go to a
  // worker from POOL_THRESHOLD skills on (its first such check starts it).
  const env = opts.env ?? process.env;
  const count = Object.keys(ws.lock.lock.skills).length;
  const pool = poolFor(count, env);
  // The same pool, when it also hashes folders.
  const hashPool = worthAWorker(count, HASH_POOL_THRESHOLD, env) ? pool : null;
  hooks.checkProvenance = opts.checkProvenance ?? ((name, entry) => provenanceCheck(ws, name, entry, pool));
  if (hashPool) {
    hooks.checkTreeElsewhere = (dir, shownDir, expected) => hashPool.tree(dir, shownDir, expected);
    hooks.elsewhereReady = () => hashPool.ready('tree');
  }
  hooks.checkRisk = (name, entry, dir) => riskCheck(ws, name, entry, dir);
  // This workspace's verdicts of its last run, in one read (src/verdicts).
  const verdicts = openVerdictStore(ws.config.verdicts);
  verdicts.useBatches(ws.config.lockPath);
  let report: VerifyReport;
  // Verdicts checked afresh are written with the batches at the end, also when the run stops early.
  let complete = false;
  const forget = onInterrupt(() => verdicts.saveBatches({ complete: false }));
  // Its worker starts now and loads the folder check while this thread reads the trust material
  // and checks the lock entries (CheckPool.ready); the finally below closes it.
  if (hashPool) void hashPool.ready('tree');
  try {
    report = await verifyWorkspace(
      ws,
      {
        online: opts.online ?? false,
        allowUnmanaged: opts.allowUnmanaged ?? false,
        ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
        ...(opts.onSkill ? { onSkill: opts.onSkill } : {}),
      },
      hooks,
    );
    complete = true;
  } finally {
    await pool?.close();
    forget();
    verdicts.saveBatches({ complete });
  }
  report.workers = pool?.started ?? 0;
  report.verdictCache = verdictReport(verdicts);
  return report;
}
