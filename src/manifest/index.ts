// SKILL.md frontmatter parsing and validation, and capability extraction (DESIGN §3.8).
// The only way into the manifest module.

export { parseSkillManifest, splitToolList, METADATA_KEYS, INSTALL_KINDS } from './parse.js';
export type { Manifest, InstallSpec, MetadataKey } from './parse.js';
export { capabilitiesOf, installDetail, openclawIdentity, summarizeInstall } from './capabilities.js';
export type { Capabilities, InstallDetail } from './capabilities.js';
export { manifestOf, refuseNoDescription, type KnownManifest } from './entries.js';
export { knownManifest, manifestSlot, rememberManifest, type ManifestSlot } from './cached.js';
export { SKILL_FILE_NAMES } from './names.js';
