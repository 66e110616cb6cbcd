// OpenClaw's install-policy hook (DESIGN §3.6a): the protocol, the decision and the config fragment.
// The only way into src/hook.

export {
  parseInstallPolicyRequest,
  githubOrigin,
  duplicateKey,
  serializeAnswer,
  toOpenclawFinding,
  budgetFindings,
  warnNoticeLength,
  OPENCLAW_WARN_GUIDANCE,
  clipText,
  MAX_FINDINGS,
  MAX_NOTICE_CHARS,
  MAX_REQUEST_BYTES,
  MAX_TEXT_CHARS,
  type Decision,
  type GithubOrigin,
  type InstallPolicyAnswer,
  type InstallPolicyOrigin,
  type InstallPolicyRequest,
  type OpenclawFinding,
} from './protocol.js';
export { capabilityFindings, warnFindings, type CapabilityDetail } from './capabilities.js';
export { evaluateInstallPolicy, resolveHookWorkspace, type EvaluateOptions } from './policy.js';
export { comparePin, pinnedEntryFor, type PinMismatch, type PinnedEntry, type SandboxLocation } from './pin.js';
export { declaresRecipe, recipeSummary } from './recipe.js';
export {
  installPolicyFragment,
  hookPaths,
  checkCommandPath,
  checkHookPaths,
  renderPathProblems,
  openclawConfigPath,
  HOOK_SUBCOMMAND,
  HOOK_TIMEOUT_MS,
  type HookPaths,
  type PathProblem,
} from './config.js';
