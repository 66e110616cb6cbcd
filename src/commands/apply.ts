// The last step shared by add and update: swap the reviewed candidate into the sandbox, store its
// provenance bundle, then rewrite only its lock entry (after the swap, so the lock never pins bytes
// that are not installed).

import { writeLock, type LockEntry } from '../lockfile/index.js';
import { installCandidate, lockEntryFor, type Candidate } from '../pipeline/index.js';
import type { Workspace } from '../workspace/index.js';
import { recordProvenance } from './provenance.js';

export async function applyCandidate(ws: Workspace, name: string, previous: LockEntry | undefined, candidate: Candidate): Promise<LockEntry> {
  const files = await installCandidate(ws, candidate);
  const now = new Date().toISOString();
  const extras: Partial<LockEntry> = {};
  const blocking = [...new Set(candidate.scan.findings.filter((f) => f.severity === 'block').map((f) => f.rule))];
  if (blocking.length) extras.acceptedRisks = blocking.map((rule) => ({ rule, at: now }));
  if (candidate.acceptedChanges.length) extras.acceptedChanges = candidate.acceptedChanges.map((c) => ({ ...c, at: now }));
  const entry = lockEntryFor(candidate, files, previous, extras);
  await recordProvenance(ws, candidate.fetched);
  ws.lock.lock.skills[name] = entry;
  await writeLock(ws.config.lockPath, ws.lock.lock);
  return entry;
}
