// `skill review <spec|./folder|./x.tgz>`: the same review as `add`, installing nothing.
// A folder is reviewed without a registry, so a person or CI can vet a skill before publishing.

import { lstatSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { sha512Integrity } from '../integrity/index.js';
import { lockedSourceOf, type LockEntry } from '../lockfile/index.js';
import { manifestOf, SKILL_FILE_NAMES } from '../manifest/index.js';
import { analyse, enforceDecision } from '../pipeline/index.js';
import type { ReviewModel } from '../review/index.js';
import { readFolderAsEntries } from '../sandbox/index.js';
import { fetchSpec } from '../source/index.js';
import type { FetchedSkill } from '../source/types.js';
import { parseSpec } from '../spec/index.js';
import { SkillpinError } from '../errors.js';
import { provenanceFor } from './provenance.js';
import { readWorkspace, type CommonOptions } from './common.js';

export interface ReviewOptions extends CommonOptions {
  spec: string;
}

export interface ReviewResult {
  review: ReviewModel;
  /**
   * For a blocked review, the refusal `skill add` would meet (ERISK: the blocking rules, or the
   * registry's moderation): a failed security check, exit 1, with its stable code.
   */
  refusal: SkillpinError | null;
}

export async function review(opts: ReviewOptions): Promise<ReviewResult> {
  const spec = parseSpec(opts.spec, { folderAllowed: true });
  const ws = await readWorkspace(opts);
  let fetched: FetchedSkill;
  let pinned = true;
  let pinnedSpec = spec.raw;
  if (spec.kind === 'folder') {
    const given = resolve(spec.path);
    const dir = wrappedSkillFolder(given);
    const entries = await readFolderAsEntries(dir, ws.config.limits, basename(given));
    // The name and version: package.json's, else SKILL.md's (a skill folder before `npm pack`
    // often has no package.json), else the folder's name and 0.0.0.
    let name: string | undefined;
    let version: string | undefined;
    const pj = entries.find((e) => e.path === 'package.json');
    try {
      const doc = JSON.parse(pj?.data?.toString('utf8') ?? '{}') as { name?: unknown; version?: unknown };
      if (typeof doc.name === 'string' && doc.name !== '') name = doc.name;
      if (typeof doc.version === 'string' && doc.version !== '') version = doc.version;
    } catch {
      // a folder without a valid package.json is still reviewable
    }
    if (name === undefined || version === undefined) {
      try {
        const m = manifestOf(entries, name ?? basename(dir));
        name ??= m.name;
        version ??= m.version;
      } catch {
        // no SKILL.md, or an invalid one: analyse() below reports it (EMANIFEST)
      }
    }
    name ??= basename(given);
    version ??= '0.0.0';
    const digestInput = Buffer.concat(entries.filter((e) => e.data).map((e) => Buffer.concat([Buffer.from(`${e.path}\0`), e.data as Buffer])));
    fetched = {
      resolved: { source: 'file', name, version, registry: dir, resolved: dir },
      integrity: sha512Integrity(digestInput),
      archive: Buffer.alloc(0),
      entries,
      attestations: null,
    };
    pinned = false;
    pinnedSpec = spec.raw;
  } else {
    const r = await fetchSpec(spec, ws, { env: opts.env ?? process.env });
    fetched = r.fetched;
    pinned = r.pinned;
    pinnedSpec = r.pinnedSpec;
  }
  const candidate = await analyse(fetched, {
    spec: spec.raw,
    pinnedSpec,
    pinned,
    knownNames: Object.keys(ws.lock.lock.skills),
    acceptedRisks: [],
    reviewInvalidManifest: true,
    // A skill this workspace locks is compared with its locked version's signer and registry
    // signature, as `skill add` of it would: a changed builder or a lost signature is refused here
    // too, not shown as "verified" with exit 0.
    provenance: (f) => (spec.kind === 'folder' ? Promise.resolve({ view: { status: 'not checked' as const, summary: 'not applicable (local folder)', warnings: [] } }) : provenanceFor(ws, f, lockedFrom(ws.lock.lock.skills[f.resolved.name], f))),
  });
  let refusal: SkillpinError | null = candidate.provenanceBlock ?? null;
  if (refusal === null && candidate.review.decision === 'block') {
    try {
      enforceDecision(candidate, []);
    } catch (err) {
      if (!(err instanceof SkillpinError)) throw err;
      // add's hint names its own --accept-risk; review installs nothing, so it names the add.
      const rules = Array.isArray(err.facts.rules) ? (err.facts.rules as string[]) : [];
      const add = spec.kind === 'folder' ? 'skill add <its .tgz>' : `skill add ${candidate.review.pinnedSpec}`;
      const hint = rules.length ? `Read the findings in the review. Only if you are sure they are false alarms, install it with ${add} --accept-risk ${rules.join(',')}.` : err.hint;
      refusal = new SkillpinError(err.code, err.message, { ...err.facts, skill: err.skill, ...(hint !== undefined ? { hint } : {}) }, { cause: err });
    }
  }
  return { review: candidate.review, refusal };
}

/** The locked entry a fetched skill continues: the one of its name, from the same source. */
function lockedFrom(entry: LockEntry | undefined, fetched: FetchedSkill): LockEntry | undefined {
  return entry !== undefined && lockedSourceOf(entry) === fetched.resolved.source ? entry : undefined;
}

/**
 * The folder to review: `dir`, or the one folder it holds when the SKILL.md is there and not in
 * `dir` itself (a skill downloaded or unpacked into a folder of its own, such as
 * `<name>/latest_<hash>/SKILL.md`). The same rule as a ClawHub zip's one wrapping folder and an npm
 * tarball's `package/`: only when `dir` holds nothing else, and never through a link. The review's
 * source names the folder reviewed.
 */
function wrappedSkillFolder(dir: string): string {
  const isFile = (p: string) => lstatSync(p, { throwIfNoEntry: false })?.isFile() === true;
  // Not `dir` itself through a link either: readFolderAsEntries refuses a link as the folder
  // named, and reading through one here would review where it points.
  if (lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) return dir;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return dir; // not a readable folder: readFolderAsEntries says why
  }
  // One entry and no other: a SKILL.md there is a file, so the folder checked below is not it.
  if (names.length !== 1) return dir;
  const inner = join(dir, names[0] as string);
  if (lstatSync(inner, { throwIfNoEntry: false })?.isDirectory() !== true) return dir;
  return SKILL_FILE_NAMES.some((n) => isFile(join(inner, n))) ? inner : dir;
}
