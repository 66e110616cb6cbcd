// Measures the scanner on the shared corpus: recall on MalSkills' malicious set, false positives on
// its benign set, block/flag rate on the ClawHub archive (with every blocked skill listed), speed.
// Usage: npm run eval:scan -- --help (USAGE below).

import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { options } from './bench-lib.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const USAGE = `Usage: node scripts/eval-scan.js [options]      (npm run eval:scan -- [options] builds first)

Scans the corpus with the built scanner: recall on MalSkills' malicious skills, false positives on
its benign ones, and the block and flag rates on the ClawHub archive, every blocked skill listed.

Options:
  --corpus DIR   the corpus (default ../shared/corpus: malskills/ and clawhub-archive/)
  --verbose      also list every flagged (warn) archive skill
  -h, --help     this text
`;
const opts = options(USAGE, { corpus: { type: 'string', default: join(here, '..', '..', 'shared', 'corpus') }, verbose: { type: 'boolean', default: false } });
const corpus = resolve(String(opts.corpus));
const verbose = Boolean(opts.verbose);
const { readSkillFolder, scanSkill } = await import('../dist/scan/index.js');

const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
const rulesOf = (findings, severity) => [...new Set(findings.filter((f) => f.severity === severity).map((f) => f.rule))].sort();

let scanned = 0;
let scanMs = 0;
async function scan(dir, name) {
  const files = await readSkillFolder(dir);
  const t0 = performance.now();
  const result = scanSkill(files, { name });
  scanMs += performance.now() - t0;
  scanned++;
  return result;
}

async function malskills() {
  const root = join(corpus, 'malskills');
  const csv = await readFile(join(root, 'labels.csv'), 'utf8');
  const rows = csv.trim().split('\n').slice(1).map((l) => l.trim().split(','));
  const missed = [];
  const benignHits = [];
  const counts = { malicious: 0, caught: 0, caughtBlock: 0, benign: 0, benignBlock: 0, benignWarn: 0 };
  for (const [folder, label, , skill] of rows) {
    const dir = join(root, label, folder);
    const slug = (skill ?? folder).split('/').pop();
    const { findings, decision } = await scan(dir, slug);
    if (label === 'malicious') {
      counts.malicious++;
      if (decision !== 'allow') counts.caught++;
      if (decision === 'block') counts.caughtBlock++;
      else missed.push(`${folder} (${decision}; ${rulesOf(findings, 'warn').join(' ') || 'no findings'})`);
    } else {
      counts.benign++;
      if (decision === 'block') counts.benignBlock++;
      if (decision === 'warn') counts.benignWarn++;
      if (decision !== 'allow') benignHits.push(`${folder}: ${decision} ${rulesOf(findings, decision).join(' ')}`);
    }
  }
  console.log(`MalSkills malicious: ${counts.malicious}; recall (block) ${pct(counts.caughtBlock, counts.malicious)}, recall (block or warn) ${pct(counts.caught, counts.malicious)}`);
  for (const m of missed) console.log(`  not blocked: ${m}`);
  console.log(`MalSkills benign: ${counts.benign}; false positives: block ${pct(counts.benignBlock, counts.benign)} (${counts.benignBlock}), warn ${pct(counts.benignWarn, counts.benign)} (${counts.benignWarn})`);
  for (const b of benignHits) console.log(`  ${b}`);
}

async function archive() {
  const root = join(corpus, 'clawhub-archive');
  const owners = (await readdir(root)).sort();
  let total = 0;
  let blocked = 0;
  let flagged = 0;
  const blockedList = [];
  const ruleCounts = new Map();
  for (const owner of owners) {
    for (const slug of (await readdir(join(root, owner))).sort()) {
      const { findings, decision } = await scan(join(root, owner, slug), slug);
      total++;
      for (const r of new Set(findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.rule}`))) ruleCounts.set(r, (ruleCounts.get(r) ?? 0) + 1);
      if (decision === 'block') {
        blocked++;
        const first = findings.find((f) => f.severity === 'block');
        blockedList.push(`${owner}/${slug}: ${rulesOf(findings, 'block').join(' ')} — ${first.file}:${first.line} ${first.evidence}`);
      } else if (decision === 'warn') {
        flagged++;
        if (verbose) console.log(`  warn ${owner}/${slug}: ${rulesOf(findings, 'warn').join(' ')}`);
      }
    }
  }
  console.log(`ClawHub archive: ${total} skills; blocked ${blocked} (${pct(blocked, total)}), flagged (warn) ${flagged} (${pct(flagged, total)}), blocked or flagged ${pct(blocked + flagged, total)}`);
  for (const b of blockedList) console.log(`  BLOCK ${b}`);
  console.log('Skills per rule (archive):');
  for (const [r, n] of [...ruleCounts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)} ${r}`);
}

await malskills();
await archive();
console.log(`Speed: ${scanned} skills scanned in ${(scanMs / 1000).toFixed(2)} s of scanning (${(scanned / (scanMs / 1000)).toFixed(0)} skills/s, one core, reading excluded)`);
