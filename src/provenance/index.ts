// Provenance: trust roots, @sigstore/verify, subject-digest check, identity policy, registry
// signatures and the offline attestation store. The only way into src/provenance.
//
// verifyProvenance is synchronous. Registry signatures (dist.signatures) are checked under every
// trust.provenance setting, "off" included: an unknown keyid or a bad signature is EPROVENANCE.
// A bundle that is present but fails any check is EPROVENANCE under "warn" too; only a version
// without provenance is a warning under "warn". Call checkProvenanceChange only when the new
// version's status is 'verified' or 'absent' (not 'skipped').

export type { ProvenanceRecord } from './types.js';
export type { TrustConfig, TrustContext, ProvenancePolicy } from './trust.js';
export type { LockedVersion, ProvenanceInput, ProvenanceResult } from './verify.js';
export type { StoredAttestations } from './store.js';
export { loadTrust } from './trust.js';
export { HINT_TAMPER, prepareVerification, verifyProvenance, verifyStoredDocument, verifyStoredProvenance, provenanceSummary, describeRecord, SLSA_PROVENANCE_V1, SLSA_PROVENANCE_V02, NPM_PUBLISH_V01 } from './verify.js';
export { checkProvenanceChange, describeRef, refKind, repositoryMatches, signerWorkflow } from './identity.js';
export { assertAttestationsStore, storeAttestations, readStoredAttestations, parseStoredAttestations, attestationsPath } from './store.js';
