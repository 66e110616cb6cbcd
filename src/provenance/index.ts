// Provenance: trust roots, @sigstore/verify, subject-digest check, identity policy, registry
// signatures and the offline attestation store. The only way into src/provenance.

export type { ProvenanceRecord } from './types.js';
export type { TrustConfig, TrustContext, ProvenancePolicy } from './trust.js';
export type { ProvenanceInput, ProvenanceResult } from './verify.js';
export { loadTrust } from './trust.js';
export { verifyProvenance, provenanceSummary, describeRecord, SLSA_PROVENANCE_V1, SLSA_PROVENANCE_V02, NPM_PUBLISH_V01 } from './verify.js';
export { checkProvenanceChange, repositoryMatches } from './identity.js';
export { storeAttestations, loadStoredAttestations, attestationsPath } from './store.js';
