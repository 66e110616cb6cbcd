// The last step shared by add and update: one journaled transaction stages the files, stores the
// provenance bundle, swaps the folder in and rewrites only its lock entry, so the lock never pins
// bytes that are not installed and a crash is repaired by the next run.

import type { LockEntry } from '../lockfile/index.js';
import { installCandidate, lockEntryFor, type Candidate } from '../pipeline/index.js';
import type { Workspace } from '../workspace/index.js';
import { recordProvenance } from './provenance.js';
import { blockingRules } from '../scan/decide.js';

export async function applyCandidate(ws: Workspace, name: string, previous: LockEntry | undefined, candidate: Candidate): Promise<LockEntry> {
  const now = new Date().toISOString();
  const extras: Partial<LockEntry> = {};
  const blocking = blockingRules(candidate.scan.findings);
  if (blocking.length) extras.acceptedRisks = blocking.map((rule) => ({ rule, at: now }));
  if (candidate.acceptedChanges.length) extras.acceptedChanges = candidate.acceptedChanges.map((c) => ({ ...c, at: now }));
  let entry: LockEntry = {};
  await installCandidate(ws, candidate, {
    // Evidence before the pin: the bundle is stored once the files are staged (an interrupted
    // extraction stores nothing) and before the swap and lock write that make it the pin's proof.
    // Only a verified record's bundle: the store is what tells verify that a lock entry without
    // provenance beside it was edited, so it must never hold one skillpin did not verify (policy "off").
    beforeSwap: () => (candidate.provenanceRecord ? recordProvenance(ws, candidate.fetched) : Promise.resolve()),
    entry: (files) => (entry = lockEntryFor(candidate, files, previous, extras)),
  });
  if (ws.lock.lock.skills[name] !== entry) throw new Error(`internal: the lock entry of ${name} was not written`);
  return entry;
}
