// What each locked skill needs, read from the SKILL.md installed in the sandbox: the file OpenClaw
// loads, and only when its bytes are the ones the lock pins (those a person reviewed). `skill
// policy` and verify's policy check both derive the allowlist from here, so neither grants a tool
// from a SKILL.md changed after the review, nor from capabilities written into the lock by hand.

import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { SkillpinError } from '../errors.js';
import { readRegularFileSync } from '../fsutil/index.js';
import { fileIntegrity } from '../integrity/index.js';
import { installedFolderOf, type LockEntry, type LockedCapabilities } from '../lockfile/index.js';
import { capabilitiesOf, knownManifest, manifestSlot, openclawIdentity, parseSkillManifest, rememberManifest, type Capabilities, type Manifest } from '../manifest/index.js';
import { SOURCE_ORIGIN_FILE, SOURCE_ORIGIN_MAX_BYTES, sourceOriginSlug } from '../manifest/entries.js';
import { openVerdictStore, type VerdictStore } from '../verdicts/index.js';
import type { PolicyCheckOptions } from './config.js';
import type { ToolReading } from './catalog.js';
import { isForeignEntry, unpinnedError } from '../verify/lock.js';
import type { Workspace } from '../workspace/index.js';

/**
 * The capabilities of `name`'s installed manifest. Throws EUNPINNED for an entry the clawhub CLI
 * or OpenClaw wrote (it pins no file: `skill adopt` pins it), ELOCKFILE when the lock pins no manifest
 * file, ENOTFOUND when it is not installed, ETAMPERED when its bytes are not the pinned ones, and
 * EMANIFEST when it does not parse.
 */
export async function installedCapabilities(ws: Workspace, name: string, entry: LockEntry, store?: VerdictStore): Promise<Capabilities> {
  return capabilitiesOf(installedManifest(ws, name, entry, store), basename(installedFolderOf(name, entry)));
}

/** Who OpenClaw takes an installed skill for (openclawIdentity). */
export type InstalledIdentity = ReturnType<typeof openclawIdentity>;

/**
 * Who OpenClaw takes a locked skill for, from the SKILL.md in its folder now: the file OpenClaw
 * loads, pinned or not (a clawhub CLI entry pins no files). Its parse comes from the verdict cache
 * when its bytes are the pinned ones; a SKILL.md missing, unreadable or invalid gives the folder's
 * name, the one OpenClaw would fall back to. Null for a key no folder can have (verify reports it).
 * `pinnedInPlace`: the caller (install) has just checked the folder's files against the pins, and a
 * parse of the pinned SKILL.md read here is kept in the cache for its next run.
 */
export function installedIdentity(ws: Workspace, key: string, entry: LockEntry, store: VerdictStore, opts: { pinnedInPlace?: boolean } = {}): InstalledIdentity | null {
  let rel: string;
  try {
    rel = installedFolderOf(key, entry);
  } catch {
    return null;
  }
  // The config entry OpenClaw reads from the folder when SKILL.md names none. No archive skillpin
  // installs holds one, so a folder holding exactly its pinned files (install's folderMatches) has
  // none unless an older lock pinned one (in any letter case: a case-insensitive file system).
  const pinsOne = Object.keys(entry.files ?? {}).some((f) => f.toLowerCase().startsWith('.openclaw/'));
  const slug = opts.pinnedInPlace && !pinsOne ? undefined : folderSourceOriginSlug(join(ws.sandbox.root, rel));
  // Such a folder's SKILL.md has the pinned bytes, whose parse the cache may hold without reading them again.
  const pinned = manifestSlot(entry.files ?? {});
  if (opts.pinnedInPlace && pinned?.file === 'SKILL.md') {
    const known = knownManifest(store, pinned);
    if (known) return openclawIdentity(known.manifest, basename(rel), slug);
  }
  let data: ReturnType<typeof readPinnedCandidate> = 'missing';
  try {
    data = readPinnedCandidate(join(ws.sandbox.root, rel, 'SKILL.md'), ws.config.limits.maxFileBytes);
  } catch {
    // Unreadable here (permissions): the folder's name, as for a missing one.
  }
  let manifest: Manifest | null = null;
  if (Buffer.isBuffer(data)) {
    // The pinned bytes (hashed here): the cache's parse of them is theirs (for a folder in place,
    // asked above already).
    const slot = pinned !== null && pinned.file === 'SKILL.md' && fileIntegrity(data) === pinned.integrity ? pinned : null;
    const known = slot && !opts.pinnedInPlace ? knownManifest(store, slot) : null;
    try {
      manifest = known?.manifest ?? parseSkillManifest(data.toString('utf8'), `${key}/SKILL.md`);
      // install's pre-pass keeps the parse (with its batches): else every later install of a folder
      // left in place (one `skill add` wrote) parsed its YAML again, on the main thread, as nothing
      // else ever remembered it. add and update, comparing with every installed skill, only read.
      if (slot && opts.pinnedInPlace) rememberManifest(store, slot, manifest);
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
    }
  }
  return openclawIdentity(manifest, basename(rel), slug);
}

/** sourceOriginSlug of the folder's `.openclaw/source-origin.json` (no link followed at the file). */
function folderSourceOriginSlug(folder: string): string | undefined {
  try {
    const read = readRegularFileSync(join(folder, SOURCE_ORIGIN_FILE), SOURCE_ORIGIN_MAX_BYTES);
    return Buffer.isBuffer(read) ? sourceOriginSlug(read) : undefined;
  } catch {
    return undefined; // unreadable here (permissions): OpenClaw reads no slug either
  }
}

/** installedIdentity of each locked skill but `except`. */
function installedIdentities(ws: Workspace, except: string): Map<string, InstalledIdentity> {
  const store = openVerdictStore(ws.config.verdicts);
  const out = new Map<string, InstalledIdentity>();
  for (const [key, entry] of Object.entries(ws.lock.lock.skills)) {
    if (key === except) continue;
    const identity = installedIdentity(ws, key, entry, store);
    if (identity) out.set(key, identity);
  }
  return out;
}

/**
 * The first locked skill but `name` that OpenClaw would take for `mine`: one that loads under the
 * same name (`sameName`; OpenClaw keeps one of the two), or failing that one given the same config
 * entry (its env and apiKey). `skill add`, `skill update` and the install-policy hook refuse it.
 */
export function identityClash(ws: Workspace, name: string, mine: InstalledIdentity): { other: string; sameName: boolean } | null {
  for (const [other, theirs] of installedIdentities(ws, name)) {
    if (theirs.name === mine.name) return { other, sameName: true };
    if (theirs.configEntry === mine.configEntry) return { other, sameName: false };
  }
  return null;
}

/** The manifest installedCapabilities reads (the same checks and errors). */
export function installedManifest(ws: Workspace, name: string, entry: LockEntry, store?: VerdictStore): Manifest {
  if (isForeignEntry(entry)) {
    // Installed by OpenClaw or the clawhub CLI: nothing a person reviewed through skillpin says what it needs.
    const unpinned = unpinnedError(name, entry);
    throw new SkillpinError('EUNPINNED', `${unpinned.message}, so its needs are unknown`, { ...unpinned.facts, skill: name, hint: unpinned.hint });
  }
  const slot = manifestSlot(entry.files ?? {});
  if (slot === null) {
    throw new SkillpinError('ELOCKFILE', `lock entry ${name} pins no SKILL.md among its files, so its needs are unknown`, {
      skill: name,
      hint: `Re-pin it with \`skill add ${name}@<exact version>\` so its files and capabilities are recorded.`,
    });
  }
  const path = join(ws.sandbox.root, installedFolderOf(name, entry), slot.file);
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
  if (store && !known) rememberManifest(store, slot, manifest);
  return manifest;
}

/**
 * The file's bytes; 'missing' when nothing is there, 'other' for what is no pinned file: a link
 * (not followed), a FIFO or device (not waited on), a folder, or more bytes than any file may have.
 */
function readPinnedCandidate(path: string, maxBytes: number): Buffer | 'missing' | 'other' {
  const read = readRegularFileSync(path, maxBytes);
  return Buffer.isBuffer(read) ? read : 'missing' in read ? 'missing' : 'other';
}

/** One locked skill's needs, or why they are unknown. */
export type InstalledNeeds =
  | { name: string; entry: LockEntry; capabilities: Capabilities; /** The same pinned SKILL.md read as another catalog did (a lock record it wrote). */ readAs: (reading: ToolReading) => Capabilities }
  | { name: string; entry: LockEntry; error: SkillpinError };

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
      const manifest = installedManifest(ws, name, entry, store);
      const folder = basename(installedFolderOf(name, entry));
      out.push({ name, entry, capabilities: capabilitiesOf(manifest, folder), readAs: (reading) => capabilitiesOf(manifest, folder, reading) });
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
  return { extraAllow: p.extraAllow, sandboxDir: ws.sandbox.root, mount: p.mount, workspace: ws.config.workspace, home: homedir(), ...(process.env.OPENCLAW_STATE_DIR ? { stateDir: process.env.OPENCLAW_STATE_DIR } : {}), ...(agent !== undefined ? { agent, agentFrom } : {}) };
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
