// @ts-check
// `npm run sweep:corpus`: the whole pipeline on real skills. Serves every skill of the ClawHub
// archive in ../shared/corpus (read in place, through links in a temporary folder, never copied)
// from the stand-in ClawHub on 127.0.0.1, then, for each, runs `skill add clawhub:@owner/slug@1.0.0
// --yes` in a fresh workspace and `skill verify` on what it installed. Nothing in the corpus is run:
// skillpin only reads, scans and writes it into temporary sandboxes.
//
// Every outcome is one of: installed and verified; refused by the scanner (ERISK), by the manifest
// rules (EMANIFEST) or by a sandbox rule (ESANDBOX), each with its reason. Anything else (a crash,
// EINTERNAL, output that is not JSON, another code, or a verify that fails on what add installed)
// is unexpected: the script lists it and exits 1.
//
// Usage: `node scripts/sweep-corpus.js --help` (USAGE below). Needs `npm run build` first.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { count, options } from './bench-lib.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'skill.js');
const USAGE = `Usage: node scripts/sweep-corpus.js [options]      (npm run sweep:corpus -- [options] builds first)

Installs every skill of the ClawHub archive in the corpus through the stand-in ClawHub on
127.0.0.1 (skill add --yes, then skill verify, one fresh workspace each) and sorts the outcomes:
installed and verified, or refused by the scanner, the manifest rules or a sandbox rule. Exits 1
on anything else (a crash, EINTERNAL, another code, a verify failing on what add installed).

Options:
  --corpus DIR   the corpus (default ../shared/corpus; its clawhub-archive/ is read)
  --match TEXT   only skills whose owner/slug contains TEXT
  --limit N      only the first N skills (in owner/slug order)
  --jobs N       skills at a time (default: the number of cores)
  --json FILE    also write every outcome to FILE
  -h, --help     this text
`;
const opts = options(USAGE, {
  corpus: { type: 'string', default: join(ROOT, '..', 'shared', 'corpus') },
  match: { type: 'string', default: '' },
  limit: { type: 'string' },
  jobs: { type: 'string', default: String(availableParallelism()) },
  json: { type: 'string' },
});
const ARCHIVE = join(resolve(String(opts.corpus)), 'clawhub-archive');
const LIMIT = opts.limit === undefined ? Infinity : count(USAGE, '--limit', opts.limit);
const JOBS = count(USAGE, '--jobs', opts.jobs);
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  process.stderr.write('sweep-corpus: dist/ is missing; run `npm run build` first\n');
  process.exit(2);
}
if (!existsSync(ARCHIVE)) {
  process.stderr.write(`sweep-corpus: no ClawHub archive at ${ARCHIVE} (--corpus DIR)\n`);
  process.exit(2);
}

// A slug and an owner handle as ClawHub writes them; a folder named otherwise is left out, counted.
const HANDLE = /^[a-z0-9][a-z0-9-]*$/;
const top = mkdtempSync(join(tmpdir(), 'skillpin-sweep-'));
const served = join(top, 'clawhub');
/** @type {Array<{ owner: string, slug: string }>} */
const skills = [];
let leftOut = 0;
for (const owner of readdirSync(ARCHIVE).sort()) {
  for (const slug of readdirSync(join(ARCHIVE, owner)).sort()) {
    if (!existsSync(join(ARCHIVE, owner, slug, 'SKILL.md'))) continue;
    if (!HANDLE.test(owner) || !HANDLE.test(slug)) {
      leftOut++;
      continue;
    }
    if (skills.length >= LIMIT || !`${owner}/${slug}`.includes(String(opts.match))) continue;
    // The stand-in ClawHub's source layout: skill.json and one folder per version (here a link to
    // the corpus folder, which the server reads and zips in memory).
    const dir = join(served, owner, slug);
    mkdirSync(dir, { recursive: true });
    const meta = { displayName: slug, summary: `${owner}/${slug} from the ClawHub archive`, moderation: null, versions: { '1.0.0': { createdAt: 1767225600000, changelog: 'archived', license: 'MIT-0', security: 'clean' } }, latest: '1.0.0' };
    writeFileSync(join(dir, 'skill.json'), JSON.stringify(meta));
    symlinkSync(join(ARCHIVE, owner, slug), join(dir, '1.0.0'));
    skills.push({ owner, slug });
  }
}

if (skills.length === 0) {
  rmSync(top, { recursive: true, force: true });
  process.stderr.write(`sweep-corpus: no skill in ${ARCHIVE} matches${opts.match ? ` --match ${opts.match}` : ''}\n`);
  process.exit(2);
}

const { startClawhubServer } = await import('../registry-fixtures/clawhub-server.js');
const t0 = Date.now();
const server = await startClawhubServer({ root: served });
process.stderr.write(`sweep-corpus: ${skills.length} skills served on ${server.url} (zipped in ${((Date.now() - t0) / 1000).toFixed(1)} s)${leftOut ? `; ${leftOut} left out (a folder name ClawHub would not accept)` : ''}\n`);

// Loopback only, and nothing outside the temporary folder: its own cache, config and verdict key.
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: join(top, 'home'),
  XDG_CONFIG_HOME: join(top, 'home', '.config'),
  CLAWHUB_REGISTRY: server.url,
  SKILL_CACHE: join(top, 'cache'),
  SKILLPIN_CACHE_KEY: randomBytes(32).toString('hex'),
  NO_COLOR: '1',
};

/** @param {string[]} args @returns {Promise<{ code: number | null, stdout: string, stderr: string }>} */
function skill(args) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** @param {string} text @returns {any} */
function parsed(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Expected refusals: exit status and code. */
const REFUSALS = new Map([['ERISK', 1], ['ESANDBOX', 1], ['EMANIFEST', 2]]);

/**
 * @typedef {{ skill: string, outcome: string, reason?: string, detail?: string }} Outcome
 * @param {{ owner: string, slug: string }} s @returns {Promise<Outcome>}
 */
async function sweep(s) {
  const name = `${s.owner}/${s.slug}`;
  const ws = mkdtempSync(join(top, 'ws-'));
  try {
    const add = await skill(['add', `clawhub:@${s.owner}/${s.slug}@1.0.0`, '--yes', '--json', '--cwd', ws]);
    const doc = parsed(add.stdout);
    if (add.code === 0 && doc?.ok === true) {
      const v = await skill(['verify', '--json', '--cwd', ws]);
      const report = parsed(v.stdout);
      if (v.code === 0 && report?.ok === true) return { skill: name, outcome: 'installed' };
      const failed = report ? [...report.checks, ...report.skills.flatMap((/** @type {any} */ k) => k.checks)].filter((c) => !c.ok) : [];
      return { skill: name, outcome: 'unexpected', reason: `verify exit ${v.code} after add`, detail: failed.length ? failed.map((c) => `${c.code}: ${c.detail}`).join('; ') : (v.stdout + v.stderr).slice(0, 600) };
    }
    const code = doc?.error?.code;
    if (typeof code === 'string' && REFUSALS.get(code) === add.code) {
      // ERISK names its blocking rules; the others, their reason after the skill's name.
      const rules = Array.isArray(doc.error.rules) ? [...doc.error.rules].sort().join(', ') : '';
      return { skill: name, outcome: code, reason: rules || String(doc.error.message).replace(/^[^:]*: /, '') };
    }
    return { skill: name, outcome: 'unexpected', reason: `add exit ${add.code}${code ? ` ${code}` : ''}`, detail: (add.stdout + add.stderr).slice(0, 600) };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

/** @type {Outcome[]} */
const outcomes = [];
let next = 0;
const started = Date.now();
const tty = process.stderr.isTTY;
await Promise.all(
  Array.from({ length: Math.min(JOBS, skills.length) }, async () => {
    while (next < skills.length) {
      const s = /** @type {{ owner: string, slug: string }} */ (skills[next++]);
      outcomes.push(await sweep(s));
      if (tty) process.stderr.write(`\r${outcomes.length}/${skills.length}`);
    }
  }),
);
if (tty) process.stderr.write('\n');
await server.close();
rmSync(top, { recursive: true, force: true });

outcomes.sort((a, b) => a.skill.localeCompare(b.skill));
/** @type {Map<string, number>} */
const tally = new Map();
for (const o of outcomes) tally.set(o.outcome, (tally.get(o.outcome) ?? 0) + 1);
const secs = (Date.now() - started) / 1000;
console.log(`ClawHub archive: ${outcomes.length} skills through skill add --yes and skill verify in ${secs.toFixed(0)} s (${JOBS} at a time)`);
const label = { installed: 'installed and verified', ERISK: 'refused by the scanner (ERISK)', EMANIFEST: 'refused by the manifest rules (EMANIFEST)', ESANDBOX: 'refused by a sandbox rule (ESANDBOX)', unexpected: 'UNEXPECTED' };
for (const [k, text] of Object.entries(label)) if (tally.has(k)) console.log(`  ${String(tally.get(k)).padStart(5)}  ${text}`);
for (const kind of ['EMANIFEST', 'ESANDBOX', 'ERISK']) {
  /** @type {Map<string, number>} */
  const reasons = new Map();
  // A reason without its file and line, and quoted values folded: the kinds of refusal, not each one.
  for (const o of outcomes) if (o.outcome === kind) {
    const r = String(o.reason).replace(/^[^:\s]+:\d+: /, '').replace(/"[^"]*"/g, '"…"').replace(/ at line.*$/, '');
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  if (reasons.size) console.log(`${kind}, by reason:`);
  for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${r}`);
}
const odd = outcomes.filter((o) => o.outcome === 'unexpected');
for (const o of odd) console.log(`UNEXPECTED ${o.skill}: ${o.reason}\n  ${String(o.detail).replace(/\n/g, '\n  ')}`);
if (opts.json) writeFileSync(String(opts.json), `${JSON.stringify({ seconds: secs, counts: Object.fromEntries(tally), outcomes }, null, 2)}\n`);
process.exit(odd.length ? 1 : 0);
