// What the blind probes of the scanner share (scan-blind.test.ts, scan-blind2.test.ts): the shape
// of a sample, SKILL.md and code-fence helpers, the probe's contract, and the check that the rules
// a probe added stay linear on hostile input. Each probe's samples stay in its own file, as written.
import { describe, expect, it } from 'vitest';
import { scanSkill, type SkillFile } from '../src/scan/index.js';

export type Files = Array<[string, string]>;
export interface Sample { id: string; family: string; files: Files }

export const md = (name: string, desc: string, body: string): [string, string] => ['SKILL.md', `---\nname: ${name}\ndescription: ${desc}\n---\n# ${name}\n\n${body}\n`];
export const fence = (lang: string, code: string) => '```' + lang + '\n' + code + '\n```\n';

const files = (fs: Files): SkillFile[] => fs.map(([path, t]) => ({ path, data: Buffer.from(t, 'utf8') }));
const scan = (s: Sample) => scanSkill(files(s.files), { name: s.files[0]?.[1].match(/name: (\S+)/)?.[1] ?? 'sample' });
const verdict = (s: Sample) => scan(s).decision;
// The rules behind a verdict, for BLIND_VERDICTS: which rule closed a gap, which one warns a look-alike.
const ruleIds = (s: Sample) => [...new Set(scan(s).findings.filter((f) => f.severity !== 'info').map((f) => f.rule))].join(',');

/**
 * The contract: no look-alike may block; no malicious variant may be allowed unless its id is in
 * `knownGaps` (with a reason); a listed gap that stops being a gap fails. Prints a per-family table
 * (`BLIND_VERDICTS=1` also each sample's verdict and the rules behind it).
 */
export function blindProbe(title: string, p: { malicious: Sample[]; lookAlikes: Sample[]; knownGaps: Map<string, string>; minMalicious: number; minLookAlikes: number }): void {
  describe(title, () => {
    const table = new Map<string, { mb: number; mw: number; ma: number; bb: number; bw: number; ba: number }>();
    const row = (f: string) => table.get(f) ?? (table.set(f, { mb: 0, mw: 0, ma: 0, bb: 0, bw: 0, ba: 0 }), table.get(f)!);
    const malVerdicts = p.malicious.map((s) => [s, verdict(s)] as const);
    const okVerdicts = p.lookAlikes.map((s) => [s, verdict(s)] as const);
    for (const [s, d] of malVerdicts) row(s.family)[d === 'block' ? 'mb' : d === 'warn' ? 'mw' : 'ma']++;
    for (const [s, d] of okVerdicts) row(s.family)[d === 'block' ? 'bb' : d === 'warn' ? 'bw' : 'ba']++;

    it('prints the per-family table', () => {
      const lines = ['family          | mal block/warn/allow | look-alike block/warn/allow'];
      for (const [f, r] of [...table].sort()) lines.push(`${f.padEnd(15)} | ${`${r.mb}/${r.mw}/${r.ma}`.padEnd(20)} | ${r.bb}/${r.bw}/${r.ba}`);
      const t = [...table.values()].reduce((a, r) => ({ mb: a.mb + r.mb, mw: a.mw + r.mw, ma: a.ma + r.ma, bb: a.bb + r.bb, bw: a.bw + r.bw, ba: a.ba + r.ba }), { mb: 0, mw: 0, ma: 0, bb: 0, bw: 0, ba: 0 });
      lines.push(`${'TOTAL'.padEnd(15)} | ${`${t.mb}/${t.mw}/${t.ma}`.padEnd(20)} | ${t.bb}/${t.bw}/${t.ba}`);
      console.log(lines.join('\n'));
      if (process.env.BLIND_VERDICTS) console.log([...malVerdicts, ...okVerdicts].map(([s, d]) => `${s.id} ${d} ${ruleIds(s)}`).join('\n'));
      expect(p.malicious.length).toBeGreaterThanOrEqual(p.minMalicious);
      expect(p.lookAlikes.length).toBeGreaterThanOrEqual(p.minLookAlikes);
      expect(new Set([...p.malicious, ...p.lookAlikes].map((s) => s.id)).size).toBe(p.malicious.length + p.lookAlikes.length);
    });

    it('blocks no look-alike', () => {
      expect(okVerdicts.filter(([, d]) => d === 'block').map(([s]) => s.id)).toEqual([]);
    });

    it('allows no malicious variant outside KNOWN_GAPS', () => {
      expect(malVerdicts.filter(([s, d]) => d === 'allow' && !p.knownGaps.has(s.id)).map(([s]) => s.id)).toEqual([]);
    });

    it('lists only real gaps', () => {
      const byId = new Map(malVerdicts.map(([s, d]) => [s.id, d]));
      expect([...p.knownGaps.keys()].filter((id) => byId.get(id) !== 'allow')).toEqual([]);
    });
  });
}

/** The rules a probe added, each on a 5 MB line of its own keywords repeated: each stays linear. */
export function hostileLines(title: string, hostile: Array<[string, string[]]>, timeoutMs: number): void {
  describe(title, () => {
    it('5 MB lines of each rule\'s keywords scan fast', async () => {
      const { TEXT_RULES } = await import('../src/scan/rules.js');
      for (const [id, frags] of hostile) {
        const rule = TEXT_RULES.find((r) => r.id === id);
        expect(rule, id).toBeDefined();
        for (const f of frags) {
          const text = f.repeat(Math.ceil(5_000_000 / f.length));
          const res = [new RegExp(rule!.re.source, `${rule!.re.flags.replace('g', '')}g`), ...(rule!.near ? [new RegExp(rule!.near.re.source, `${rule!.near.re.flags.replace('g', '')}g`)] : [])];
          const t = performance.now();
          for (const re of res) for (let n = 0; re.exec(text) && n < 1_000_000; n++);
          expect(performance.now() - t, `${id} on ${JSON.stringify(f)}`).toBeLessThan(8000);
        }
      }
    }, timeoutMs);
  });
}
