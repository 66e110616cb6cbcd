import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSkillFolder, scanSkill } from '../src/scan/index.js';

// MalSkills ground truth (read in place, never copied): recall on the malicious set, no block on
// the benign set. Skips where the corpus is absent, fails loudly in CI.
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared', 'corpus', 'malskills');
const present = existsSync(join(root, 'labels.csv'));
if (!present && process.env.CI === 'true') throw new Error(`scan corpus missing at ${root}: CI must provide ../shared/corpus`);

describe.skipIf(!present)('scanner on the MalSkills corpus', () => {
  const rows = present
    ? readFileSync(join(root, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.trim().split(','))
    : [];

  const run = async (label: string) => {
    const out: { folder: string; decision: string; rules: string[] }[] = [];
    for (const [folder, lab, , skill] of rows) {
      if (lab !== label || !folder) continue;
      const files = await readSkillFolder(join(root, label, folder));
      const { decision, findings } = scanSkill(files, { name: (skill ?? folder).split('/').pop() });
      out.push({ folder, decision, rules: [...new Set(findings.filter((f) => f.severity === 'block').map((f) => f.rule))] });
    }
    return out;
  };

  it('blocks at least 95% of the malicious skills', async () => {
    const results = await run('malicious');
    expect(results.length).toBeGreaterThan(300);
    const blocked = results.filter((r) => r.decision === 'block').length;
    expect(blocked / results.length).toBeGreaterThanOrEqual(0.95);
  });

  it('blocks none of the benign skills', async () => {
    const results = await run('benign');
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((r) => r.decision === 'block')).toEqual([]);
  });
});
