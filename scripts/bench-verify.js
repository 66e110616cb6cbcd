// @ts-check
// `npm run bench:verify`: how close `skill verify` gets to the hashing limit of this machine.
// Builds workspaces of N fixture-like skills (about 20 files and 60 KB each, written directly with
// a lock of correct sha512s), then times `skill verify` against `sha512sum` over the same files,
// with peak RSS from /usr/bin/time -v, for each N, so a flat memory line is visible.
//
// Usage: `node scripts/bench-verify.js --help` (USAGE below).
// Needs `npm run build` first (it runs dist/ through bin/skill.js, like a user does).

import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, counts, makeSkill, median, options, timed } from './bench-lib.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'skill.js');

const USAGE = `Usage: node scripts/bench-verify.js [options]      (npm run bench:verify -- [options] builds first)

Times skill verify against sha512sum over the same files, for workspaces of N synthetic skills
written straight into the sandbox with their lock; prints medians, spread and peak RSS per N.

Options:
  --sizes LIST   skill counts, comma-separated (default 100,300,1000)
  --runs N       measured runs per size (default 5)
  --keep         keep each size's workspace and say where
  -h, --help     this text
`;
const opts = options(USAGE, { sizes: { type: 'string', default: '100,300,1000' }, runs: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false } });
const SIZES = counts(USAGE, '--sizes', opts.sizes);
const RUNS = count(USAGE, '--runs', opts.runs);
const KEEP = Boolean(opts.keep);
const FILES_PER_SKILL = 20;
const BYTES_PER_SKILL = 60 * 1024;

const sri = (buf) => `sha512-${createHash('sha512').update(buf).digest('base64')}`;

/** One synthetic skill (scripts/bench-lib.js) written straight into the sandbox, with its lock entry. */
function writeSkill(sandbox, i) {
  const { name, files: skillFiles } = makeSkill(i, { count: FILES_PER_SKILL, bytes: BYTES_PER_SKILL });
  const dir = join(sandbox, name);
  const files = {};
  for (const f of skillFiles) {
    const abs = join(dir, ...f.path.split('/'));
    mkdirSync(join(abs, '..'), { recursive: true, mode: 0o755 });
    writeFileSync(abs, f.data);
    chmodSync(abs, f.mode);
    files[f.path] = sri(f.data);
  }
  const integrity = sri(Buffer.from(Object.values(files).join('\n')));
  return [name, {
    version: '1.0.0',
    installedAt: 1764000000000,
    registry: 'http://127.0.0.1:9/',
    resolved: `http://127.0.0.1:9/${name}/-/${name}-1.0.0.tgz`,
    integrity,
    files,
    capabilities: { tools: ['exec', 'read'], bins: ['curl'], env: [] },
  }];
}

function buildWorkspace(n) {
  const ws = mkdtempSync(join(tmpdir(), `skillpin-bench-${n}-`));
  const sandbox = join(ws, 'skills');
  mkdirSync(sandbox, { mode: 0o755 });
  mkdirSync(join(ws, '.clawhub'));
  const skills = {};
  for (let i = 0; i < n; i++) {
    const [name, entry] = writeSkill(sandbox, i);
    skills[name] = entry;
  }
  writeFileSync(join(ws, '.clawhub', 'lock.json'), `${JSON.stringify({ version: 1, skills }, null, 2)}\n`);
  return ws;
}

const fmt = (s) => `${s.toFixed(3)}s`;

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  console.error('/usr/bin/time is needed for peak RSS (apt-get install time)');
  process.exit(2);
}

const env = { ...process.env, SKILL_REGISTRY: '', SKILL_CACHE: mkdtempSync(join(tmpdir(), 'skillpin-bench-cache-')) };
const rows = [];
for (const n of SIZES) {
  const ws = buildWorkspace(n);
  try {
    const verifyArgv = [process.execPath, BIN, 'verify', '--cwd', ws, '--json'];
    const shaArgv = ['sh', '-c', 'find "$1" -type f -print0 | xargs -0 sha512sum > /dev/null', 'sh', join(ws, 'skills')];
    // Warm the page cache for both, so both measure hashing and file-system calls, not the disk.
    const first = timed(verifyArgv, { env });
    const doc = JSON.parse(first.stdout);
    if (first.status !== 0 || doc.ok !== true || doc.summary.files !== n * FILES_PER_SKILL) {
      console.error(`verify did not pass on the generated workspace (exit ${first.status}):\n${first.stdout.slice(0, 2000)}${first.stderr.slice(-2000)}`);
      process.exit(1);
    }
    timed(shaArgv);
    const v = [];
    const s = [];
    const rss = [];
    const vc = [];
    const sc = [];
    for (let i = 0; i < RUNS; i++) {
      const a = timed(verifyArgv, { env });
      if (a.status !== 0) throw new Error(`verify exited ${a.status}`);
      v.push(a.wall);
      vc.push(a.cpu);
      rss.push(a.rss);
      const b = timed(shaArgv);
      if (b.status !== 0) throw new Error(`sha512sum exited ${b.status}`);
      s.push(b.wall);
      sc.push(b.cpu);
    }
    const row = {
      skills: n,
      files: doc.summary.files,
      mib: doc.summary.bytes / 1048576,
      verify: median(v), verifyMin: Math.min(...v), verifyMax: Math.max(...v),
      sha: median(s), shaMin: Math.min(...s), shaMax: Math.max(...s),
      verifyCpu: median(vc), shaCpu: median(sc),
      rssMiB: median(rss), rssMaxMiB: Math.max(...rss),
    };
    rows.push(row);
    console.log(
      `N=${String(n).padStart(5)}  files=${String(row.files).padStart(6)}  ${row.mib.toFixed(1).padStart(6)} MiB  ` +
        `verify ${fmt(row.verify)} [${fmt(row.verifyMin)}–${fmt(row.verifyMax)}]  ` +
        `sha512sum ${fmt(row.sha)} [${fmt(row.shaMin)}–${fmt(row.shaMax)}]  ` +
        `ratio ${(row.verify / row.sha).toFixed(2)}x  |  cpu ${fmt(row.verifyCpu)} vs ${fmt(row.shaCpu)} = ${(row.verifyCpu / row.shaCpu).toFixed(2)}x  |  peak RSS ${row.rssMiB.toFixed(0)} MiB (max ${row.rssMaxMiB.toFixed(0)})`,
    );
  } finally {
    if (KEEP) console.log(`  kept ${ws}`);
    else rmSync(ws, { recursive: true, force: true });
  }
}
rmSync(env.SKILL_CACHE, { recursive: true, force: true });
if (rows.length > 1) {
  const a = rows[0];
  const b = rows[rows.length - 1];
  console.log(
    `scaling ${a.skills} -> ${b.skills} skills: wall x${(b.verify / a.verify).toFixed(2)}, cpu x${(b.verifyCpu / a.verifyCpu).toFixed(2)} for x${(b.skills / a.skills).toFixed(0)} the files; ` +
      `peak RSS ${a.rssMiB.toFixed(0)} -> ${b.rssMiB.toFixed(0)} MiB (${runsNote()})`,
  );
}
function runsNote() {
  return `medians of ${RUNS} runs after one warm-up each; sha512sum is one process over the same files via find -print0 | xargs -0`;
}
