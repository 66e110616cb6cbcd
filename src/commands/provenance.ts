// How commands obtain the provenance view of a fetched skill. Until Sigstore verification is wired
// in, the review says plainly that provenance was not checked and the lock records nothing.

import type { LockEntry } from '../lockfile/index.js';
import type { ProvenanceView } from '../review/index.js';
import type { FetchedSkill } from '../source/types.js';
import type { Workspace } from '../workspace/index.js';

export async function provenanceFor(
  _ws: Workspace,
  _fetched: FetchedSkill,
  _previous: LockEntry | undefined,
): Promise<{ view: ProvenanceView; record?: LockEntry['provenance'] }> {
  return { view: { status: 'not checked', summary: 'not checked (this build does not verify provenance)', warnings: [] } };
}

export async function recordProvenance(_ws: Workspace, _fetched: FetchedSkill): Promise<void> {}

/** The provenance view of a locked version being re-installed (re-checked from the stored bundle). */
export async function lockedProvenanceFor(
  ws: Workspace,
  _name: string,
  entry: LockEntry,
  fetched: FetchedSkill,
): Promise<{ view: ProvenanceView; record?: LockEntry['provenance'] }> {
  return provenanceFor(ws, fetched, entry);
}
