// @ts-check
// Measures scanSkill alone (reading excluded) on the shared corpus and on synthetic bench-like
// skills, and checks that the findings did not change: `--dump FILE` writes every skill's full
// findings, `--compare FILE` fails (exit 1) on any difference against such a dump.
// Usage: npm run build && node scripts/bench-scan.js --help (USAGE below).
// Prints figures; it is not a test.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { count, makeSkill as makeSyntheticSkill, options } from './bench-lib.js';

const USAGE = `Usage: node scripts/bench-scan.js [options]      (npm run bench:scan -- [options] builds first)

Times scanSkill alone (reading excluded) on the shared corpus and on synthetic skills, and can
check that a change of the scanner left every finding as it was.

Options:
  --runs N          timed passes over the inputs (default 3)
  --corpus DIR      the corpus to scan (default ../shared/corpus)
  --synthetic N     synthetic bench-like skills scanned besides it (default 300; 0 for none)
  --dump FILE       write every skill's full findings to FILE
  --compare FILE    exit 1 on any difference from such a dump
  -h, --help        this text

SCAN_DIST=/other/dist times another build of the scanner (e.g. main's) on the same inputs.
`;
const opts = options(USAGE, {
  runs: { type: 'string', default: '3' },
  corpus: { type: 'string', default: join(import.meta.dirname, '..', '..', 'shared', 'corpus') },
  synthetic: { type: 'string', default: '300' },
  dump: { type: 'string', default: '' },
  compare: { type: 'string', default: '' },
});

const dist = process.env.SCAN_DIST ? pathToFileURL(join(resolve(process.env.SCAN_DIST), 'scan', 'index.js')).href : '../dist/scan/index.js';
/** @type {typeof import('../dist/scan/index.js')} */
const { readSkillFolder, scanSkill } = await import(dist);

const RUNS = count(USAGE, '--runs', opts.runs);
const corpus = resolve(String(opts.corpus));
const DUMP = String(opts.dump);
const COMPARE = String(opts.compare);
const SYNTHETIC = count(USAGE, '--synthetic', opts.synthetic, 0);

// ---------------------------------------------------------------- inputs, all read before timing

/** @type {Array<{ id: string, name: string, files: import('../dist/scan/index.js').SkillFile[] }>} */
const real = [];
if (existsSync(corpus)) {
  const mal = join(corpus, 'malskills');
  const rows = (await readFile(join(mal, 'labels.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.trim().split(','));
  for (const [folder, label, , skill] of rows) {
    const name = (skill ?? folder).split('/').pop() ?? folder;
    real.push({ id: `malskills/${label}/${folder}`, name, files: await readSkillFolder(join(mal, label, folder)) });
  }
  const arch = join(corpus, 'clawhub-archive');
  for (const owner of (await readdir(arch)).sort()) {
    for (const slug of (await readdir(join(arch, owner))).sort()) {
      real.push({ id: `clawhub-archive/${owner}/${slug}`, name: slug, files: await readSkillFolder(join(arch, owner, slug)) });
    }
  }
} else {
  console.error(`corpus not found at ${corpus}: synthetic skills only`);
}

// Synthetic skills shaped like scripts/bench.js: ~20 files, ~60 KB, prose and shell scripts.
/** @param {number} i */
function makeSkill(i) {
  const { name, files } = makeSyntheticSkill(i);
  return { id: `synthetic/${name}`, name, files: files.map((f) => ({ path: f.path, data: f.data })) };
}
const synthetic = Array.from({ length: SYNTHETIC }, (_, i) => makeSkill(i));

// ---------------------------------------------------------------- timing

/** @param {typeof real} skills */
function timeAll(skills) {
  /** @type {Record<string, unknown>} */
  const results = {};
  const t0 = performance.now();
  for (const s of skills) results[s.id] = scanSkill(s.files, { name: s.name });
  return { ms: performance.now() - t0, results };
}
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** @type {Record<string, unknown>} */
let all = {};
for (const [label, skills] of /** @type {const} */ ([['corpus', real], ['synthetic', synthetic]])) {
  if (skills.length === 0) continue;
  timeAll(skills.slice(0, 20)); // warm-up
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const { ms, results } = timeAll(skills);
    times.push(ms);
    if (r === 0) all = { ...all, ...results };
  }
  const m = median(times);
  const files = skills.reduce((n, s) => n + s.files.length, 0);
  const bytes = skills.reduce((n, s) => n + s.files.reduce((b, f) => b + f.data.length, 0), 0);
  console.log(`${label}: ${skills.length} skills, ${files} files, ${(bytes / 1e6).toFixed(1)} MB; median of ${RUNS}: ${(m / 1000).toFixed(3)} s, ${(skills.length / (m / 1000)).toFixed(0)} skills/s, ${(m / skills.length).toFixed(2)} ms/skill (runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`);
}

// ---------------------------------------------------------------- equivalence

if (DUMP) {
  writeFileSync(DUMP, JSON.stringify(all));
  console.log(`wrote findings of ${Object.keys(all).length} skills to ${DUMP}`);
}
if (COMPARE) {
  /** @type {Record<string, { findings: unknown[], decision: string }>} */
  const old = JSON.parse(readFileSync(COMPARE, 'utf8'));
  const ids = new Set([...Object.keys(old), ...Object.keys(all)]);
  let diffs = 0;
  let findings = 0;
  for (const id of ids) {
    const a = JSON.stringify(old[id]);
    const b = JSON.stringify(all[id]);
    findings += old[id]?.findings.length ?? 0;
    if (a !== b) {
      if (++diffs <= 10) console.log(`DIFF ${id}\n  old: ${a}\n  new: ${b}`);
    }
  }
  console.log(`compared ${ids.size} skills, ${findings} findings: ${diffs === 0 ? 'identical' : `${diffs} skills differ`}`);
  if (diffs > 0) process.exitCode = 1;
}
