// Shapes shared by the provenance modules and the lockfile's `provenance` object (DESIGN §3.4).

export interface ProvenanceRecord {
  predicateType: string;
  issuer: string;
  /** The certificate's identity (SAN): for GitHub, the workflow URI with its ref. */
  identity: string;
  /** Source repository, `owner/name` (path on the forge for non-GitHub issuers). */
  repository: string;
  commit: string;
  /** Workflow file path in the repository, e.g. `.github/workflows/release.yml`. */
  workflow: string;
  ref?: string;
  logIndex: number;
}
