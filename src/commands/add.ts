// `skill add <spec>`: resolve, fetch, review, ask, install into the sandbox, pin in the lock.

import { SkillpinError } from '../errors.js';
import type { LockEntry } from '../lockfile/index.js';
import { analyse, enforceDecision } from '../pipeline/index.js';
import { renderReview, type ReviewModel } from '../review/index.js';
import { fetchSpec } from '../source/index.js';
import { parseSpec } from '../spec/index.js';
import { confirmOrRefuse, type UI } from '../ui/index.js';
import { applyCandidate } from './apply.js';
import { provenanceFor } from './provenance.js';
import { withWorkspace, type CommonOptions } from './common.js';

export interface AddOptions extends CommonOptions {
  spec: string;
  yes?: boolean;
  acceptRisk?: string[];
  acceptIdentityChange?: boolean;
  acceptDowngrade?: boolean;
  ui: UI;
}

export interface AddResult {
  review: ReviewModel;
  entry: LockEntry;
  replaced: string | null;
}

export async function add(opts: AddOptions): Promise<AddResult> {
  const spec = parseSpec(opts.spec);
  const accepted = opts.acceptRisk ?? [];
  return withWorkspace(opts, async (ws) => {
    const { fetched, pinned, pinnedSpec } = await fetchSpec(spec, ws);
    const name = fetched.resolved.name;
    if (!pinned && (opts.yes || !opts.ui.interactive)) {
      throw new SkillpinError('EUNPINNED', `${spec.raw} is not an exact version; it resolves to ${pinnedSpec} today`, {
        skill: name,
        pinnedSpec,
        hint: `Review and pin it explicitly: skill add ${pinnedSpec}${opts.yes ? ' --yes' : ''}. Only a person at a terminal can turn a range or tag into a pin.`,
      });
    }
    const previous = ws.lock.lock.skills[name];
    if (previous && (previous.source ?? 'npm') !== fetched.resolved.source) {
      throw new SkillpinError('EUSAGE', `${name} is already locked from source ${previous.source ?? 'npm'}; refusing to replace it with one from ${fetched.resolved.source}`, {
        skill: name,
        hint: `Remove it first (skill remove ${name}) if you really mean to switch sources.`,
      });
    }
    const candidate = await analyse(fetched, {
      spec: spec.raw,
      pinnedSpec,
      pinned,
      knownNames: Object.keys(ws.lock.lock.skills),
      acceptedRisks: accepted,
      provenance: (f) => provenanceFor(ws, f, previous, { identityChange: Boolean(opts.acceptIdentityChange), downgrade: Boolean(opts.acceptDowngrade) }),
    });
    opts.ui.info(renderReview(candidate.review));
    enforceDecision(candidate, accepted);
    if (!opts.yes) {
      const ok = await confirmOrRefuse(
        opts.ui,
        candidate.review.decision === 'warn' ? `Install ${pinnedSpec} despite the warnings above?` : `Install ${pinnedSpec}?`,
        `installing ${pinnedSpec}`,
        `Run it in a terminal to answer the prompt, or pass --yes with an exact version (skill add ${pinnedSpec} --yes).`,
      );
      if (!ok) {
        throw new SkillpinError('EREVIEW', `review declined: ${pinnedSpec} was not installed`, { skill: name, hint: 'Nothing was changed.' });
      }
    }
    const entry = await applyCandidate(ws, name, previous, candidate);
    return { review: candidate.review, entry, replaced: previous?.version ?? null };
  });
}
