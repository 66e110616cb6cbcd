// Check 5 (--online): the registry still serves each locked version, its packument still promises
// the locked integrity, and the bytes it serves today still hash to it. Always asks the network
// (a cache answers by digest, which would only prove that the cache is unchanged), through the
// client every other request uses (src/source/npm.ts), so the token follows the same rules.

import ssri from 'ssri';
import { SkillpinError } from '../errors.js';
import { isExactVersion } from '../spec/index.js';
import type { LockEntry } from '../lockfile/index.js';
import { lockedSourceOf } from '../lockfile/index.js';
import { fetchLocked, npmSource, rebaseTarballUrl } from '../source/index.js';
import { registryError } from '../source/npm.js';
import type { Workspace } from '../workspace/index.js';
import { fail, pass, type CheckResult } from './types.js';

interface VersionDist {
  dist?: { integrity?: string; tarball?: string; attestations?: { url?: unknown } };
}

function sha512Of(integrity: string | undefined): string | null {
  if (!integrity) return null;
  return ssri.parse(integrity)?.sha512?.[0]?.digest ?? null;
}

export async function checkRegistry(name: string, entry: LockEntry, ws: Workspace, lockFile: string): Promise<CheckResult[]> {
  const version = entry.version ?? undefined;
  const source = lockedSourceOf(entry);
  if (source === 'file') return [pass('registry', `${name} is pinned to a local tarball; there is no registry to ask`, { file: lockFile })];
  // An unpinned entry already failed the lock check; there is no pin to compare the registry with.
  if (!isExactVersion(version) || !sha512Of(entry.integrity)) return [];
  const label = `${name}@${version}`;
  if (source === 'clawhub') {
    // Download the locked version again: the zip must still hash to the pinned integrity and every
    // file must still match ClawHub's published per-file list.
    try {
      const fetched = await fetchLocked(name, entry, ws);
      // Moderation can change after the pin: a version ClawHub now blocks as malware is what
      // `skill install --frozen` refuses (ERISK), so the check that asks ClawHub says so too.
      const m = fetched.resolved.moderation;
      if (m?.blocked) {
        return [
          fail('registry', 'ERISK', `${label}: ClawHub now blocks the pinned version as malware (moderation: ${m.status}${m.summary ? `, ${m.summary}` : ''}${m.reasonCodes?.length ? `; ${m.reasonCodes.join(', ')}` : ''})`, {
            file: lockFile,
            hint: `skill install --frozen refuses it on a fresh machine. Remove it from every machine that has it (skill remove ${name}) and review a version ClawHub does not block.`,
          }),
        ];
      }
      const note = m?.suspicious ? ` (ClawHub's moderation now calls it ${m.status}${m.summary ? `: ${m.summary}` : ''})` : '';
      return [pass('registry', `${label}: ClawHub still serves the pinned zip and its per-file hashes match${note}`, { file: lockFile })];
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
      return [fail('registry', err.code, err.message, { file: lockFile, ...(err.hint ? { hint: err.hint } : {}) })];
    }
  }
  if (!entry.resolved) {
    return [fail('registry', 'ELOCKFILE', `lock entry ${name} has no "resolved" tarball URL`, { file: lockFile, hint: `Re-pin it: skill add ${label}.` })];
  }
  const { registry, url } = rebaseTarballUrl(entry, ws);
  // The packument is asked for under the registry, the tarball at its own URL. Each request has
  // one deadline, retries included, as skillpin's other requests do.
  const timeoutMs = ws.config.network.timeoutMs;
  const stalled = (what: string): CheckResult =>
    fail('registry', 'EREGISTRY', `${label}: registry ${registry} did not deliver the ${what} within ${timeoutMs} ms`, {
      file: lockFile,
      hint: 'The registry is stalled or too slow. Retry later, or raise network.timeoutMs in .clawhub/config.json (or SKILL_TIMEOUT_MS).',
    });
  const want = entry.integrity as string;
  const out: CheckResult[] = [];

  let packument: { versions?: Record<string, VersionDist> };
  try {
    // Fetched as `skill add` fetches it, never from a cache: within the 16 MiB document cap and one
    // deadline (pacote buffers a packument of any size, an endless one until the deadline).
    packument = (await npmSource(ws, registry).packument(name)) as unknown as typeof packument;
  } catch (err) {
    const e = registryError(err, name, registry);
    return [fail('registry', e.code, e.message, { file: lockFile, ...(e.hint ? { hint: e.hint } : {}) })];
  }
  const published = packument.versions?.[version];
  if (!published) {
    out.push(
      fail('registry', 'ENOTFOUND', `${registry} no longer serves ${label} (unpublished or hidden)`, {
        file: lockFile,
        hint: '`skill install --frozen` will fail on a fresh machine. Keep a copy of the tarball (a mirror) or move to a version that is served.',
      }),
    );
  } else if (
    (entry.provenance === null || (entry.provenance === undefined && ws.config.trust.provenance !== 'off')) &&
    published.dist?.attestations?.url !== undefined
  ) {
    // Provenance is attached when a version is published, never later: a lock that records none
    // (null, or no provenance field, which turns off the identity pin on update just as well) for
    // a version the registry publishes with it was edited (or pinned from a mirror that strips
    // attestations, or under trust.provenance "off", which a re-pin from this registry puts right).
    out.push(
      fail('registry', 'EPROVENANCE', `${label}: ${registry} publishes provenance for this version, but the lock records none`, {
        file: lockFile,
        hint: `Restore the lock entry from version control, or re-pin with skill add ${label} --registry ${registry}, which verifies and records the provenance.`,
      }),
    );
  }
  if (published && sha512Of(published.dist?.integrity) !== sha512Of(want)) {
    out.push(
      fail('registry', 'EINTEGRITY', `${label}: the registry's packument now promises other bytes than the lock pins`, {
        file: lockFile,
        facts: { expected: want, found: published.dist?.integrity ?? null },
        hint: 'A published version must never change. Do not re-pin; report it to the registry and the publisher.',
      }),
    );
  }

  const tarballDeadline = AbortSignal.timeout(timeoutMs);
  try {
    const served = await npmSource(ws, registry).servedIntegrity(url, label);
    if (sha512Of(served) !== sha512Of(want)) {
      out.push(
        fail('registry', 'EINTEGRITY', `${label}: ${url} now serves other bytes than the lock pins`, {
          file: lockFile,
          facts: { expected: want, found: served, url },
          hint: 'A published version must never change. Do not re-pin; report it to the registry and the publisher.',
        }),
      );
    }
  } catch (err) {
    if (tarballDeadline.aborted) {
      out.push(stalled(`tarball ${url}`));
      return out;
    }
    const e = registryError(err, label, registry);
    out.push(fail('registry', e.code, `${e.message} (tarball ${url})`, { file: lockFile, ...(e.hint ? { hint: e.hint } : {}) }));
  }
  if (out.length === 0) out.push(pass('registry', `${registry} still serves ${label} with the locked sha512`, { file: lockFile }));
  return out;
}
