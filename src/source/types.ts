// The one resolve/fetch interface every source (npm registry, local tarball, ClawHub) implements.
// Nothing after `fetch` knows which source an archive came from (DESIGN §2, §3.6).

import type { Manifest } from '../manifest/parse.js';

/** What a source says about one exact version before anything is downloaded. */
export interface ResolvedSkill {
  /** Which source produced it; recorded in the lock as `source` for non-npm entries. */
  source: 'npm' | 'file' | 'clawhub';
  /** Lock key and skill folder base: the package name (npm) or the bare slug (ClawHub). */
  name: string;
  /** Exact semver version. */
  version: string;
  /** Registry base URL (npm / ClawHub), or the absolute file path for a local tarball. */
  registry: string;
  /** Where the archive bytes come from (tarball URL, zip download URL, file path). */
  resolved: string;
  /** Expected ssri of the archive bytes when the source publishes one (npm `dist.integrity`). */
  integrity?: string;
  /** Publisher as the source names it (`_npmUser`, maintainers, ClawHub owner handle). */
  publisher?: string;
  /** ISO time the version was published, when known. */
  publishedAt?: string;
  /** The source's own verdicts and facts shown in the review (ClawHub moderation, security status). */
  moderation?: ModerationInfo;
  /** npm: `dist.attestations.url`, when the registry advertises provenance. */
  attestationsUrl?: string;
  /** npm: npm's own attestations URL, asked when the mirror's copy of it fails (a mirror that serves none). */
  attestationsFallback?: string;
  /** npm: `dist.signatures` (registry ECDSA signatures over `<name>@<version>:<integrity>`). */
  signatures?: Array<{ keyid: string; sig: string }>;
  /** ClawHub: owner handle; recorded in the lock as `ownerHandle`. */
  ownerHandle?: string;
  /** Source-specific facts the fetch step needs (e.g. ClawHub's per-file sha256 list). */
  extra?: Record<string, unknown>;
}

export interface ModerationInfo {
  /** `clean` | `suspicious` | `malicious` | `pending` | `error` | `unavailable` */
  status: string;
  blocked: boolean;
  suspicious: boolean;
  summary?: string;
  reasonCodes?: string[];
  /** The skill's moderation verdict as the registry states it (ClawHub `moderation.verdict`). */
  verdict?: string;
  /** The version's own security status (ClawHub `version.security.status`). */
  securityStatus?: string;
}

/** A regular file or folder read out of an archive, already checked against DESIGN §3.7. */
export interface ArchiveEntry {
  /** Relative POSIX path inside the skill folder (archive prefix such as `package/` removed). */
  path: string;
  type: 'file' | 'directory';
  /** Normalised mode: 0o644 / 0o755 for files, 0o755 for folders. */
  mode: number;
  /** File bytes (files only). */
  data?: Buffer;
}

/** The downloaded, integrity-checked archive, unpacked in memory. */
export interface FetchedSkill {
  resolved: ResolvedSkill;
  /** ssri sha512 of the archive bytes as downloaded (checked against `resolved.integrity`). */
  integrity: string;
  /** The archive bytes; absent when the entries came from the tree cache (`fromTreeCache`). */
  archive?: Buffer;
  /** The entries were read from the tree cache's pack of this archive, not from the archive itself. */
  fromTreeCache?: true;
  entries: ArchiveEntry[];
  /** Extra lock fields the source wants recorded (e.g. OpenClaw's `artifact`, `fileTreeSha256`). */
  lockExtras?: Record<string, unknown>;
  /** npm: the attestations document served for this version (null when none is advertised). */
  attestations?: unknown | null;
  /** The parsed SKILL.md, when the thread that unpacked the archive parsed it (absent: parse it). */
  manifest?: Manifest;
  /**
   * Files of the archive under its top-level .clawhub/ or .clawdhub/ (install metadata the clawhub
   * CLI and OpenClaw keep there), left out of `entries`: never installed, listed in the review.
   */
  dropped?: string[];
}

export interface SandboxLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
}

/** The most a registry document (a packument, an attestations document) may hold: 16 MiB. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export const DEFAULT_LIMITS: SandboxLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  maxFiles: 2000,
};
