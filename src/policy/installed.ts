// What each locked skill needs, read from the SKILL.md installed in the sandbox: the file OpenClaw
// loads, and only when its bytes are the ones the lock pins (those a person reviewed). `skill
// policy` and verify's policy check both derive the allowlist from here, so neither grants a tool
// from a SKILL.md changed after the review, nor from capabilities written into the lock by hand.

import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { SkillpinError } from '../errors.js';
import { READ_NOFOLLOW, readExactly } from '../fsutil/index.js';
import { fileIntegrity } from '../integrity/index.js';
import { installedFolderOf, skillFolderName, type LockEntry, type LockedCapabilities } from '../lockfile/index.js';
import { capabilitiesOf, knownManifest, manifestSlot, parseSkillManifest, rememberManifest, type Capabilities, type Manifest } from '../manifest/index.js';
import { openVerdictStore, type VerdictStore } from '../verdicts/index.js';
import type { PolicyCheckOptions } from './config.js';
import type { Workspace } from '../workspace/index.js';

/**
 * The capabilities of `name`'s installed manifest. Throws ELOCKFILE when the lock pins no manifest
 * file, ENOTFOUND when it is not installed, ETAMPERED when its bytes are not the pinned ones, and
 * EMANIFEST when it does not parse.
 */
export async function installedCapabilities(ws: Workspace, name: string, entry: LockEntry, store?: VerdictStore): Promise<Capabilities> {
  return capabilitiesOf(installedManifest(ws, name, entry, store), skillFolderName(name));
}

/** The name OpenClaw loads a skill under: its SKILL.md `name`, trimmed, else its folder's. */
export function loadedName(manifest: Manifest | null, folder: string): string {
  return manifest?.name?.trim() || folder;
}

/**
 * The name each locked skill but `except` loads under in OpenClaw, from its installed SKILL.md (as
 * installedCapabilities reads it), or its folder's when that cannot be read (not installed, not
 * pinned, changed: OpenClaw would then load another file, or none, so the folder is the best guess).
 */
export function installedLoadedNames(ws: Workspace, except: string): Map<string, string> {
  const store = openVerdictStore(ws.config.verdicts);
  const out = new Map<string, string>();
  for (const [key, entry] of Object.entries(ws.lock.lock.skills)) {
    if (key === except) continue;
    let folder: string;
    try {
      folder = basename(installedFolderOf(key, entry));
    } catch {
      continue; // a key no folder can have: verify reports it
    }
    let manifest: Manifest | null = null;
    try {
      manifest = installedManifest(ws, key, entry, store, false);
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
    }
    out.set(key, loadedName(manifest, folder));
  }
  return out;
}

/**
 * The manifest installedCapabilities reads (the same checks and errors). A parse the store did not
 * hold is added to it unless `remember` is false (a look-up on the side of another command).
 */
export function installedManifest(ws: Workspace, name: string, entry: LockEntry, store?: VerdictStore, remember = true): Manifest {
  const slot = manifestSlot(entry.files ?? {});
  if (slot === null) {
    throw new SkillpinError('ELOCKFILE', `lock entry ${name} pins no SKILL.md among its files, so its needs are unknown`, {
      skill: name,
      hint: `Re-pin it with \`skill add ${name}@<exact version>\` so its files and capabilities are recorded.`,
    });
  }
  const path = join(ws.sandbox.root, skillFolderName(name), slot.file);
  const data = readPinnedCandidate(path, ws.config.limits.maxFileBytes);
  if (data === 'missing') {
    throw new SkillpinError('ENOTFOUND', `${name} is locked but its ${slot.file} is not installed in ${ws.sandbox.root}`, {
      skill: name,
      path,
      hint: 'Run `skill install --frozen` first: the policy is derived from the installed SKILL.md files.',
    });
  }
  if (data === 'other' || fileIntegrity(data) !== slot.integrity) {
    throw new SkillpinError('ETAMPERED', `${name}/${slot.file} in the sandbox is not the file the lock pins, so its needs were never reviewed`, {
      skill: name,
      path,
      hint: 'Run `skill verify` to see what changed, and `skill install --frozen` to restore the pinned files.',
    });
  }
  const known = store ? knownManifest(store, slot) : null;
  const manifest = known?.manifest ?? parseSkillManifest(data.toString('utf8'), `${name}/${slot.file}`);
  if (store && !known && remember) rememberManifest(store, slot, manifest);
  return manifest;
}

/**
 * The file's bytes; 'missing' when nothing is there, 'other' for what is no pinned file: a link
 * (not followed), a FIFO or device (not waited on), a folder, or more bytes than any file may have.
 */
function readPinnedCandidate(path: string, maxBytes: number): Buffer | 'missing' | 'other' {
  let fd: number;
  try {
    fd = openSync(path, READ_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    if (code === 'ELOOP' || code === 'EISDIR' || code === 'ENXIO') return 'other';
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return 'other';
    return readExactly(fd, st.size) ?? 'other';
  } finally {
    closeSync(fd);
  }
}

/** One locked skill's needs, or why they are unknown. */
export type InstalledNeeds = { name: string; entry: LockEntry; capabilities: Capabilities } | { name: string; entry: LockEntry; error: SkillpinError };

/**
 * installedCapabilities for every locked skill, in name order, through one verdict store. A skill
 * whose needs cannot be read carries its error: `skill policy` stops at the first, verify reports
 * each.
 */
export async function installedNeeds(ws: Workspace): Promise<InstalledNeeds[]> {
  const store = openVerdictStore(ws.config.verdicts);
  const out: InstalledNeeds[] = [];
  for (const [name, entry] of Object.entries(ws.lock.lock.skills).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    try {
      out.push({ name, entry, capabilities: await installedCapabilities(ws, name, entry, store) });
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
      out.push({ name, entry, error: err });
    }
  }
  return out;
}

/** What `skill policy --check` and verify hold a config to: the workspace's policy settings and sandbox. */
export function policyCheckOptions(ws: Workspace, flagAgent?: string): PolicyCheckOptions {
  const p = ws.config.policy;
  const agent = flagAgent ?? p.agent;
  const agentFrom = flagAgent !== undefined ? '--agent' : 'policy.agent in .clawhub/config.json';
  return { extraAllow: p.extraAllow, sandboxDir: ws.sandbox.root, mount: p.mount, ...(agent !== undefined ? { agent, agentFrom } : {}) };
}

const sorted = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...new Set(v as string[])].sort() : null);

/**
 * How the capabilities the lock records for a skill differ from its manifest's, one phrase per
 * field ("tools +exec -web_fetch"); empty when they agree. The lock records what the review showed,
 * so a difference is a hand edit, or a lock written by a skillpin that read the manifest otherwise.
 */
export function capabilityRecordDrift(recorded: LockedCapabilities, derived: Capabilities): string[] {
  const out: string[] = [];
  // config, os and unknownTools are recorded (when not empty) only by newer locks: absent, they
  // were not recorded and are skipped; present, they must match like the others.
  for (const key of ['tools', 'bins', 'env', 'install', 'config', 'os', 'unknownTools'] as const) {
    const optional = key === 'config' || key === 'os' || key === 'unknownTools';
    if (optional && recorded[key] === undefined) continue;
    const had = key === 'install' && recorded.install === undefined ? [] : sorted(recorded[key]);
    const now = [...new Set(derived[key])].sort();
    if (had === null) {
      out.push(`${key} is not a list of strings`);
      continue;
    }
    if (isDeepStrictEqual(had, now)) continue;
    const added = now.filter((x) => !had.includes(x)).map((x) => `+${x}`);
    const removed = had.filter((x) => !now.includes(x)).map((x) => `-${x}`);
    out.push(`${key} ${[...added, ...removed].join(' ')}`);
  }
  if ((recorded.always === true) !== derived.always) out.push(`always ${derived.always ? '+' : '-'}true`);
  return out;
}
