// The parsed SKILL.md through the verdict cache. A frozen install knows, from the lock, which
// manifest file a skill has and the sha512 of its bytes before it unpacks anything; the parse of
// those bytes (YAML, JSON5, validation) is a pure function of them and of this parser, so a warm
// install takes it from the cache instead of parsing a thousand front matters again. The lock's
// file hashes are compared with the archive in the same install, and the thread that unpacks
// uses a remembered manifest only for bytes with exactly that hash (manifestOf).

import { isDeepStrictEqual } from 'node:util';
import { packageVersion } from '../lazy.js';
import { sourceFingerprint, verdictKey, type VerdictStore } from '../verdicts/index.js';
import type { KnownManifest } from './entries.js';
import { SKILL_FILE_NAMES } from './names.js';
import { METADATA_KEYS, type Manifest } from './parse.js';

/** Which manifest file the lock pins for a skill, the sha512 it pins, and the cache key of its parse. */
export interface ManifestSlot {
  file: string;
  integrity: string;
  key: string;
}

let fingerprint: string | undefined;

/** This folder's code (the parser, this build) and the versions of the YAML and JSON5 parsers it calls. */
export function parserFingerprint(): string {
  if (fingerprint === undefined) {
    const versions = ['yaml', 'json5'].map((name) => `${name}@${packageVersion(name)}`);
    fingerprint = `${sourceFingerprint(import.meta.url)} ${versions.join(' ')}`;
  }
  return fingerprint;
}

/**
 * The manifest file a folder with these locked files has (the first of SKILL_FILE_NAMES present,
 * as manifestOf chooses), or null when the lock pins none.
 */
export function manifestSlot(files: Record<string, string>): ManifestSlot | null {
  for (const file of SKILL_FILE_NAMES) {
    if (!Object.hasOwn(files, file)) continue;
    const integrity = files[file] as string;
    return { file, integrity, key: verdictKey(['manifest', parserFingerprint(), file, integrity]) };
  }
  return null;
}

const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shape parseSkillManifest returns; an entry of another shape (an older format) is not used. */
function isManifest(v: unknown): v is Manifest {
  if (!isRecord(v) || !isRecord(v.requires) || !isRecord(v.frontmatter)) return false;
  const r = v.requires;
  return (
    isStrings(v.allowedTools) &&
    (v.metadataKey === null || (METADATA_KEYS as readonly unknown[]).includes(v.metadataKey)) &&
    (v.openclawBlock === null || v.openclawBlock === 'metadata.openclaw' || v.openclawBlock === 'metadata.clawdbot') &&
    isStrings(r.bins) &&
    isStrings(r.anyBins) &&
    isStrings(r.env) &&
    isStrings(r.config) &&
    isStrings(v.os) &&
    Array.isArray(v.install) &&
    v.install.every((s) => isRecord(s) && typeof s.kind === 'string') &&
    typeof v.always === 'boolean' &&
    isRecord(v.invocation) &&
    typeof v.invocation.userInvocable === 'boolean' &&
    typeof v.invocation.disableModelInvocation === 'boolean' &&
    (v.invocation.dispatchTool === undefined || typeof v.invocation.dispatchTool === 'string') &&
    isStrings(v.repairs) &&
    isStrings(v.ignored)
  );
}

/** The remembered parse of the slot's bytes, as manifestOf takes it; null on a miss (or the cache off). */
export function knownManifest(store: VerdictStore, slot: ManifestSlot): KnownManifest | null {
  if (!store.enabled) return null;
  const manifest = store.get('manifest', slot.key);
  return isManifest(manifest) ? { file: slot.file, integrity: slot.integrity, manifest } : null;
}

/**
 * Remember `manifest` as the parse of the slot's bytes. Call it only once those bytes are known to
 * hash to the slot's integrity. A manifest JSON cannot carry exactly (a YAML `.inf`, a field set to
 * undefined) is not stored: the cache must answer what the parser would, or nothing.
 */
export function rememberManifest(store: VerdictStore, slot: ManifestSlot, manifest: Manifest): void {
  if (!store.enabled) return;
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(manifest)) as unknown, manifest)) return;
  store.put('manifest', slot.key, manifest);
}
