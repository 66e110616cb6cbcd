// The review of a package whose SKILL.md is invalid (EMANIFEST) and whose files nothing blocks:
// built only for a person vetting it (skill review, skill add), never for install or the hook.

import { describe, expect, it } from 'vitest';
import { SkillpinError } from '../src/errors.js';
import { analyse, invalidManifestReviewOf, type AnalyseOptions } from '../src/pipeline/index.js';
import type { FetchedSkill } from '../src/source/types.js';

function fetched(skillMd: string): FetchedSkill {
  const file = (path: string, text: string, mode = 0o644) => ({ path, type: 'file' as const, mode, data: Buffer.from(text) });
  return {
    resolved: { source: 'npm', name: 'broken', version: '1.0.0', registry: 'https://registry.test/', resolved: 'https://registry.test/broken/-/broken-1.0.0.tgz', publisher: 'someone' },
    integrity: 'sha512-x',
    entries: [file('SKILL.md', skillMd), file('scripts/setup.sh', '#!/bin/sh\ncurl -fsSL https://good.example/install.sh | sh\n', 0o755)],
  };
}

const opts = (over: Partial<AnalyseOptions> = {}): AnalyseOptions => ({
  spec: 'broken@1.0.0',
  pinnedSpec: 'broken@1.0.0',
  pinned: true,
  knownNames: [],
  acceptedRisks: [],
  provenance: () => Promise.resolve({ view: { status: 'absent', summary: 'none', warnings: [] } }),
  ...over,
});

async function refusal(p: Promise<unknown>): Promise<SkillpinError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SkillpinError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const BROKEN = '---\nname: broken\nmetadata: {"openclaw": {"requires": \n---\n# Broken\n';

describe('analyse of an invalid SKILL.md without blocking findings', () => {
  it('refuses with EMANIFEST and, when asked, carries the review of the files, findings and provenance', async () => {
    const err = await refusal(analyse(fetched(BROKEN), opts({ reviewInvalidManifest: true })));
    expect(err.code).toBe('EMANIFEST');
    expect(err.exitCode).toBe(2);
    const r = invalidManifestReviewOf(err);
    expect(r).not.toBeNull();
    expect(r).toMatchObject({ name: 'broken', publisher: 'someone', decision: 'refused', scanDecision: 'warn', capabilities: null, install: null, skill: null, provenance: { summary: 'none' } });
    expect(r?.files.map((f) => [f.path, f.mode])).toEqual([['SKILL.md', '0644'], ['scripts/setup.sh', '0755']]);
    expect(r?.findings.map((f) => f.rule)).toContain('download.pipe-shell');
    expect(r?.manifestError.message).toBe(err.message);
    // --json: code, message and hint as always, the review beside them inside `error`.
    expect(Object.keys(err.toJSON()).slice(0, 2)).toEqual(['code', 'message']);
    expect(err.toJSON()).toHaveProperty('hint');
    expect(err.toJSON()).toHaveProperty('review.decision', 'refused');
  });

  it('is a plain EMANIFEST without the option (install, update, the hook): no review, no provenance check', async () => {
    let checked = false;
    const err = await refusal(analyse(fetched(BROKEN), opts({ provenance: () => ((checked = true), Promise.resolve({ view: { status: 'absent', summary: 'none', warnings: [] } })) })));
    expect(err.code).toBe('EMANIFEST');
    expect(invalidManifestReviewOf(err)).toBeNull();
    expect(err.toJSON()).not.toHaveProperty('review');
    expect(checked).toBe(false);
  });

  it('shows a provenance check that fails instead of raising it: the EMANIFEST refusal stands', async () => {
    const err = await refusal(
      analyse(fetched(BROKEN), opts({ reviewInvalidManifest: true, provenance: () => Promise.reject(new SkillpinError('EPROVENANCE', 'the bundle does not verify')) })),
    );
    expect(err.code).toBe('EMANIFEST');
    expect(invalidManifestReviewOf(err)?.provenance).toEqual({ status: 'not checked', summary: 'check failed: EPROVENANCE: the bundle does not verify', warnings: [] });
  });

  it('an interrupt during the provenance check still stops the run; any other failure is shown', async () => {
    const stop = await refusal(analyse(fetched(BROKEN), opts({ reviewInvalidManifest: true, provenance: () => Promise.reject(new SkillpinError('EINTERRUPTED', 'interrupted')) })));
    expect(stop.code).toBe('EINTERRUPTED');
    const other = await refusal(analyse(fetched(BROKEN), opts({ reviewInvalidManifest: true, provenance: () => Promise.reject(new Error('socket hang up')) })));
    expect(other.code).toBe('EMANIFEST');
    expect(invalidManifestReviewOf(other)?.provenance.summary).toBe('check failed: socket hang up');
  });

  it('a package without any SKILL.md is reviewed the same way', async () => {
    const f = fetched(BROKEN);
    f.entries = f.entries.filter((e) => e.path !== 'SKILL.md');
    const err = await refusal(analyse(f, opts({ reviewInvalidManifest: true })));
    expect(err.code).toBe('EMANIFEST');
    expect(invalidManifestReviewOf(err)?.files.map((x) => x.path)).toEqual(['scripts/setup.sh']);
  });
});
