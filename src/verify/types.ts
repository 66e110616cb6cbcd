// The shape of a verify report: one result per check, per skill, with the code a failure carries.
// Commands render it (human, JSON, SARIF); nothing here does I/O.

import { relative } from 'node:path';
import type { ErrorCode } from '../errors.js';
import { isPathInside } from '../fsutil/index.js';
import type { LockEntry } from '../lockfile/index.js';
import type { VerdictReport } from '../verdicts/index.js';
import type { TreeCheck } from './files.js';

/** Every check `skill verify` runs (issue 5's six, split where the report reads better). */
export type CheckName =
  | 'lock' // the entry is an exact pin (version, integrity, file hashes)
  | 'installed' // the skill's folder is in the sandbox, a real folder
  | 'files' // every file's sha512, none missing or extra, no link, modes normalised
  | 'provenance' // the stored bundle still verifies and matches integrity and identity
  | 'registry' // --online: the registry still serves the locked version with the same bytes
  | 'policy' // the configured openclaw.json still enforces the derived tool policy
  | 'sandbox' // the sandbox root itself (not a link, not overlapping .clawhub)
  | 'trust' // which trust files (beyond the built-in roots) provenance and registry signatures were checked against
  | 'unmanaged' // a folder in the sandbox that the lock does not know
  | 'risk'; // the blocking findings of an entry with accepted risks are still exactly the accepted ones

export interface CheckResult {
  check: CheckName;
  ok: boolean;
  /** The stable error code of a failure; null when the check passed. */
  code: ErrorCode | null;
  detail: string;
  /** Path the result is about (a skill file, the lock, the policy file): workspace-relative, or absolute outside it (shownPath). */
  file?: string;
  hint?: string;
  /** Facts for machines: expected/found digests, modes, link targets. */
  facts?: Record<string, unknown>;
}

export interface SkillReport {
  name: string;
  version: string | null;
  /** Sandbox folder, relative to the workspace (null when the name cannot be one). */
  folder: string | null;
  checks: CheckResult[];
}

export interface VerifyReport {
  ok: boolean;
  skills: SkillReport[];
  /** Checks about the workspace as a whole: sandbox root, unmanaged folders, tool policy. */
  checks: CheckResult[];
  summary: { skills: number; failedSkills: number; failedChecks: number; files: number; bytes: number; online: boolean };
  /** Provenance and scan verdicts answered from the verdict cache (src/verdicts) in this run. */
  verdictCache?: VerdictReport;
  /** Worker threads started for Sigstore checks and folder hashing (0: all on the main thread). */
  workers?: number;
}

export interface VerifyOptions {
  /** --online: ask the registry whether it still serves each locked version with the same bytes. */
  online?: boolean;
  /** --allow-unmanaged: a folder the lock does not know is reported but does not fail. */
  allowUnmanaged?: boolean;
  /** Skills hashed at once (files inside a skill are hashed one after another). */
  concurrency?: number;
  /** Called after each skill is checked (progress). */
  onSkill?: (done: number, total: number) => void;
}

/** Checks 4 and 6 come from their own modules; the orchestrator only calls them. */
export interface VerifyHooks {
  checkProvenance?: (name: string, entry: LockEntry) => Promise<CheckResult>;
  checkPolicy?: () => Promise<CheckResult[]>;
  /** Re-scan an installed skill whose lock entry accepted blocking rules (--accept-risk). */
  checkRisk?: (name: string, entry: LockEntry, dir: string) => Promise<CheckResult>;
  /**
   * checkInstalledTree on another thread (the check pool), with the same arguments but the read
   * buffer. Given, part of the skills' folders are hashed there while this thread hashes the rest
   * and re-checks provenance; a failure of that thread is not a result: the folder is then checked
   * here.
   */
  checkTreeElsewhere?: (dir: string, shownDir: string, expected: Record<string, string> | null) => Promise<TreeCheck>;
  /**
   * Resolves when the other thread can take a folder at once. Until then no folder is handed to it
   * and this thread takes them, so a small workspace is not left waiting on a thread still
   * starting; when it rejects (the thread could not start), this thread takes them all.
   */
  elsewhereReady?: () => Promise<void>;
}

export function pass(check: CheckName, detail: string, extra: Partial<CheckResult> = {}): CheckResult {
  return { check, ok: true, code: null, detail, ...extra };
}

export function fail(check: CheckName, code: ErrorCode, detail: string, extra: Partial<CheckResult> = {}): CheckResult {
  return { check, ok: false, code, detail, ...extra };
}

/**
 * How a result names a path: relative to the workspace when it lies inside it (as CI annotations
 * want), absolute when it does not (a policy file or sandbox elsewhere), never `../…`.
 */
export function shownPath(workspace: string, path: string): string {
  return isPathInside(path, workspace) ? relative(workspace, path) || '.' : path;
}
