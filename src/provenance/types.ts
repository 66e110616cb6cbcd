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
  /**
   * The forge's immutable ids of the source repository and of its owner (Fulcio's Source
   * Repository Identifier and Source Repository Owner Identifier, GitHub's numeric ids): a
   * repository deleted and re-created under the same `owner/name` by someone else has new ones.
   */
  repositoryId?: string;
  ownerId?: string;
  /**
   * Where the build ran (Fulcio's Runner Environment): `github-hosted`, or `self-hosted`, a machine
   * its owner controls, whose word alone says the bytes came from the commit named.
   */
  runnerEnvironment?: string;
  /**
   * The event that started the build (Fulcio's Build Trigger, GitHub's event_name): `push`,
   * `release`, ... or a pull request's (`pull_request_target` runs on the base branch's ref).
   */
  trigger?: string;
  logIndex: number;
}
