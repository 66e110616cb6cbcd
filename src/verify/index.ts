// `skill verify`'s library: every check of the lock, the sandbox and the pins, collected into one
// report (issue 5). One function per check; verifyWorkspace runs them; renderers present them.
// checkRegistry (./online.js) and checkToolPolicy (./policy.js) are imported on demand.

export { verifyWorkspace, verifyExitCode } from './orchestrate.js';
export { checkLockEntry, isForeignEntry } from './lock.js';
export { checkInstalledTree, READ_CHUNK } from './files.js';
export type { TreeCheck } from './files.js';
export { checkSandboxRoot, checkUnmanaged } from './sandbox.js';
export { renderVerify, toSarif } from './render.js';
export type { SarifOptions } from './render.js';
export { pass, fail } from './types.js';
export type { CheckName, CheckResult, SkillReport, VerifyReport, VerifyOptions, VerifyHooks } from './types.js';
