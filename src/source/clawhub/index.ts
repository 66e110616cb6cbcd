// ClawHub source: spec parsing, base URL, HTTP client, zip reading under the sandbox rules,
// per-file verification, OpenClaw's tree digest and adoption of existing installs.

export { parseClawhubSpec, formatClawhubSpec, resolveClawhubBaseUrl, clawhubBaseUrlSetting, DEFAULT_CLAWHUB_URL, HANDLE_RE, SLUG_RE, type ClawhubSpec } from './spec.js';
export { ClawhubHttp, rateLimitReset, JSON_MAX_BYTES, ZIP_MAX_BYTES, type ClawhubHttpOptions, type RequestOptions } from './http.js';
export {
  createClawhubSource,
  mapModeration,
  type ClawhubSource,
  type ClawhubSourceOptions,
  type ClawhubVersionInfo,
  type ClawhubSecurityVerdict,
  type ClawhubExtra,
} from './source.js';
export { readSkillZip, type ReadZipOptions, type ReadZipResult } from './zip.js';
export { parseFileList, verifyPerFileList, type ClawhubFileInfo } from './verify-files.js';
export { checkPlainSkillTree, digestClawHubSkillTree, digestEntries, skillFileOf, skillFileOfDir, type SkillFileFingerprint } from './tree-digest.js';
export { compareInstalledSkill, readInstalledOrigin, readInstalledOriginChecked, type AdoptComparison, type InstalledOrigin, type OriginProblem } from './adopt.js';
