// `skill review <spec|./folder|./x.tgz>`: the same review as `add`, installing nothing.
// A folder is reviewed without a registry, so a person or CI can vet a skill before publishing.

import { lstat, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { SkillpinError } from '../errors.js';
import { sha512Integrity } from '../integrity/index.js';
import { analyse } from '../pipeline/index.js';
import type { ReviewModel } from '../review/index.js';
import { EntryCollector, walkInstalled } from '../sandbox/index.js';
import { fetchSpec } from '../source/index.js';
import type { ArchiveEntry, FetchedSkill, SandboxLimits } from '../source/types.js';
import { parseSpec } from '../spec/index.js';
import { provenanceFor } from './provenance.js';
import { readWorkspace, type CommonOptions } from './common.js';

export interface ReviewOptions extends CommonOptions {
  spec: string;
}

/** Read a local folder as if it were an archive: the same entry rules, no links. */
export async function readFolderAsEntries(dir: string, limits: SandboxLimits, skill: string): Promise<ArchiveEntry[]> {
  const st = await lstat(dir).catch(() => null);
  if (!st || !st.isDirectory()) throw new SkillpinError('ENOTFOUND', `${dir} is not a folder`, { hint: 'Pass the path of a skill folder (one that holds SKILL.md).' });
  const collector = new EntryCollector(limits, skill);
  for (const e of await walkInstalled(dir)) {
    if (e.kind === 'symlink' || e.kind === 'other') {
      throw new SkillpinError('ESANDBOX', `${skill}: ${e.path} is a ${e.kind === 'symlink' ? 'symbolic link' : 'special file'}; skills hold only regular files and folders`, { skill, entry: e.path });
    }
    if (e.kind === 'directory') collector.addDirectory(e.path);
    else collector.add(e.path, await readFile(join(dir, e.path)), e.mode);
  }
  return collector.finish();
}

export async function review(opts: ReviewOptions): Promise<ReviewModel> {
  const spec = parseSpec(opts.spec, { folderAllowed: true });
  const ws = await readWorkspace(opts);
  let fetched: FetchedSkill;
  let pinned = true;
  let pinnedSpec = spec.raw;
  if (spec.kind === 'folder') {
    const dir = resolve(spec.path);
    const entries = await readFolderAsEntries(dir, ws.config.limits, basename(dir));
    let name = basename(dir);
    let version = '0.0.0';
    const pj = entries.find((e) => e.path === 'package.json');
    try {
      const doc = JSON.parse(pj?.data?.toString('utf8') ?? '{}') as { name?: unknown; version?: unknown };
      if (typeof doc.name === 'string') name = doc.name;
      if (typeof doc.version === 'string') version = doc.version;
    } catch {
      // a folder without a valid package.json is still reviewable
    }
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
    provenance: (f) => (spec.kind === 'folder' ? Promise.resolve({ view: { status: 'not checked' as const, summary: 'not applicable (local folder)', warnings: [] } }) : provenanceFor(ws, f, undefined)),
  });
  return candidate.review;
}
