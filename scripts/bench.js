// @ts-check
// `npm run bench`: what a CI job pays for `skill install --frozen` + `skill verify`, measured against
// the `npm ci` beside it, offline, on the same bytes and the same machine.
//
// For each N it generates N synthetic skills (about 20 files and 60 KB each, some scripts), each
// published with a provenance bundle signed by the TEST-ONLY fixture trust root, into a registry
// tree served on loopback by a separate process. A workspace lock pins all N (provenance records
// and stored bundles included, as `skill add` leaves them), and a throw-away npm package depends
// on the same N tarballs by exact version (its package-lock.json made once). Then, interleaved,
// for each run: skill cold, npm ci cold, skill warm, npm ci warm, skill warm with the verdict cache
// off, a no-op install, skill verify, sha512sum.
//   cold = empty download cache (and verdict cache), empty sandbox / node_modules; warm = populated
//   caches, empty sandbox / node_modules (both tools reinstall every file, neither downloads).
//   Emptied means moved aside into a trash folder that is deleted after the last measurement (see
//   retire() below for why).
//   The verdict cache (src/verdicts) remembers scan and Sigstore verdicts and SKILL.md parses of
//   exact bytes, and vouches for the tree cache's unpacked tarballs (src/source/tree-cache.ts);
//   "verdict cache off" is what a CI job gets whose download cache is restored without
//   SKILLPIN_CACHE_KEY (neither cache counts then).
// Every timed command runs under /usr/bin/time -v (wall, user+sys CPU, peak RSS).
//
// Usage: `node scripts/bench.js --help` (USAGE below). Needs `npm run build` (npm run bench builds first).
// --baseline DIR: another built skillpin checkout (e.g. `git worktree add /tmp/base main` + build),
// whose install cold / warm and verify are timed in the same rounds, on the same workspace, with
// caches of their own: an A/B of a change in one run, not across runs on a noisy machine.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';
import { PLACEHOLDER, fixtureTrustRoot, TRUST_DIR } from '../registry-fixtures/build.js';
import { attestFixture, SLSA_PROVENANCE_V1 } from '../registry-fixtures/sigstore.js';
import { count, counts, makeSkill as makeSyntheticSkill, median, options, timed as timedRun } from './bench-lib.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'skill.js');

const USAGE = `Usage: node scripts/bench.js [options]      (npm run bench -- [options] builds first)

Times skill install --frozen (cold and warm) against npm ci on the same tarballs, and skill verify
against sha512sum on the same files, for N synthetic skills served on loopback. Prints medians
after a warm-up round, the spread, user+sys CPU, peak RSS and the ratios (of the medians, and the
median of each round's own ratio); takes minutes.

Options:
  --sizes LIST      skill counts, comma-separated (default 300; the scaling run: 100,300,1000)
  --runs N          measured runs per size (default 5)
  --no-provenance   publish the skills without Sigstore provenance bundles
  --json FILE       also write every figure to FILE
  --keep            keep each size's workspace, registry tree and caches, and say where
  --baseline DIR    another built skillpin checkout, timed in the same rounds (an A/B of a change)
  --settle          before the first measurement, wait (up to 5 minutes) until creating files is
                    no longer slow from an earlier large deletion (see the file-system probe)
  -h, --help        this text
`;
const opts = options(USAGE, {
  sizes: { type: 'string', default: '300' },
  runs: { type: 'string', default: '5' },
  'no-provenance': { type: 'boolean', default: false },
  json: { type: 'string', default: '' },
  keep: { type: 'boolean', default: false },
  baseline: { type: 'string', default: '' },
  settle: { type: 'boolean', default: false },
});
const SIZES = counts(USAGE, '--sizes', opts.sizes);
const RUNS = count(USAGE, '--runs', opts.runs);
const PROVENANCE = !opts['no-provenance'];
const KEEP = Boolean(opts.keep);
const JSON_OUT = String(opts.json);
const BASELINE = String(opts.baseline);
const BASE_BIN = BASELINE ? join(BASELINE, 'bin', 'skill.js') : '';
const SETTLE = Boolean(opts.settle);
const FILES_PER_SKILL = 20;
const BYTES_PER_SKILL = 60 * 1024;

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
if (BASELINE && !existsSync(join(BASELINE, 'dist', 'cli', 'main.js'))) {
  console.error(`--baseline ${BASELINE}: no built skillpin there (bin/skill.js and dist/; run \`npm run build\` in it)`);
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  console.error('/usr/bin/time is needed for CPU time and peak RSS (apt-get install time)');
  process.exit(2);
}

const { parseSkillManifest, capabilitiesOf } = await import('../dist/manifest/index.js');
const { loadTrust, verifyProvenance, storeAttestations } = await import('../dist/provenance/index.js');

// ---------------------------------------------------------------- synthetic skills

/** @param {number} i */
const makeSkill = (i) => makeSyntheticSkill(i, { count: FILES_PER_SKILL, bytes: BYTES_PER_SKILL });

const sri = (/** @type {Buffer} */ buf) => `sha512-${createHash('sha512').update(buf).digest('base64')}`;

/** npm-pack layout (package/ prefix, fixed mtime, sorted) from a temp folder. @param {string} work @param {ReturnType<typeof makeSkill>} skill */
function pack(work, skill) {
  const dir = join(work, skill.name);
  const paths = [];
  for (const f of [...skill.files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const abs = join(dir, 'package', ...f.path.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, f.data, { mode: f.mode });
    paths.push(`package/${f.path}`);
  }
  const out = join(dir, 'out.tgz');
  tar.c({ gzip: true, portable: true, mtime: new Date('1985-10-26T08:15:00.000Z'), cwd: dir, file: out, sync: true, noDirRecurse: true }, paths);
  const data = readFileSync(out);
  rmSync(dir, { recursive: true, force: true });
  return data;
}

/**
 * Registry tree (packuments + tarballs + attestations, tarball URLs as PLACEHOLDER) for N skills,
 * and the data a lock needs for each.
 * @param {number} n @param {string} outDir
 */
async function buildBenchRegistry(n, outDir) {
  const root = PROVENANCE ? await fixtureTrustRoot() : null;
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'skillpin-bench-pack-'));
  const skills = [];
  for (let i = 0; i < n; i++) {
    const skill = makeSkill(i);
    const data = pack(work, skill);
    const tarballRel = `${skill.name}/-/${skill.name}-1.0.0.tgz`;
    mkdirSync(join(outDir, skill.name, '-'), { recursive: true });
    writeFileSync(join(outDir, tarballRel), data);
    const integrity = sri(data);
    /** @type {Record<string, unknown>} */
    const dist = { tarball: `${PLACEHOLDER}${tarballRel}`, integrity, shasum: createHash('sha1').update(data).digest('hex') };
    let attestations = null;
    if (root) {
      attestations = attestFixture(root, {
        name: skill.name,
        version: '1.0.0',
        sha512Hex: createHash('sha512').update(data).digest('hex'),
        repository: `bench/${skill.name}`,
        workflow: '.github/workflows/release.yml',
        ref: 'refs/tags/v1.0.0',
        commit: createHash('sha1').update(skill.name).digest('hex'),
      });
      const rel = `-/npm/v1/attestations/${skill.name}@1.0.0`;
      mkdirSync(dirname(join(outDir, rel)), { recursive: true });
      writeFileSync(join(outDir, rel), JSON.stringify(attestations));
      dist.attestations = { url: `${PLACEHOLDER}${rel}`, provenance: { predicateType: SLSA_PROVENANCE_V1 } };
    }
    const packument = {
      _id: skill.name,
      name: skill.name,
      'dist-tags': { latest: '1.0.0' },
      versions: { '1.0.0': { name: skill.name, version: '1.0.0', license: 'MIT', _npmUser: { name: 'bench', email: 'bench@example.org' }, dist } },
      time: { created: '2025-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', '1.0.0': '2025-01-01T00:00:00.000Z' },
    };
    writeFileSync(join(outDir, `${skill.name}.json`), JSON.stringify(packument));
    skills.push({ ...skill, tarballRel, integrity, attestations });
  }
  rmSync(work, { recursive: true, force: true });
  writeFileSync(join(outDir, 'index.json'), JSON.stringify({ built: Object.fromEntries(skills.map((s) => [s.name, ['1.0.0']])) }));
  return skills;
}

// ---------------------------------------------------------------- the loopback registry (own process)

/** @param {string} dir @returns {Promise<{ url: string, stop: () => void }>} */
function serve(dir) {
  const code = `import { startRegistry } from ${JSON.stringify(join(ROOT, 'registry-fixtures', 'server.js'))};
const r = await startRegistry({ dir: ${JSON.stringify(dir)} });
process.stdout.write(r.url + '\\n');
process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (c) => reject(new Error(`registry process exited ${c}`)));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ url: out.trim(), stop: () => child.kill() });
    });
  });
}

// ---------------------------------------------------------------- the two consumers

/** @param {string} ws @param {string} url @param {Awaited<ReturnType<typeof buildBenchRegistry>>} skills */
async function makeWorkspace(ws, url, skills) {
  mkdirSync(join(ws, '.clawhub'), { recursive: true });
  writeFileSync(join(ws, '.clawhub', 'config.json'), `${JSON.stringify({
    registry: url,
    trust: { provenance: 'warn', trustedRoots: [join(TRUST_DIR, 'trusted-root.json')], registryKeys: [join(TRUST_DIR, 'registry-keys.json')] },
  }, null, 2)}\n`);
  const trust = PROVENANCE ? await loadTrust({ provenance: 'warn', trustedRoots: [join(TRUST_DIR, 'trusted-root.json')], registryKeys: [join(TRUST_DIR, 'registry-keys.json')] }) : null;
  /** @type {Record<string, unknown>} */
  const entries = {};
  for (const s of skills) {
    const files = Object.fromEntries([...s.files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => [f.path, sri(f.data)]));
    const skillMd = s.files.find((f) => f.path === 'SKILL.md');
    const caps = capabilitiesOf(parseSkillManifest(skillMd?.data.toString('utf8') ?? '', 'SKILL.md'));
    /** @type {unknown} */
    let provenance = null;
    if (trust && s.attestations) {
      // The same check `skill add` makes; its record is what add writes into the lock.
      const r = verifyProvenance({ name: s.name, version: '1.0.0', integrity: s.integrity, attestations: s.attestations }, trust);
      if (r.status !== 'verified') throw new Error(`${s.name}: bench provenance did not verify (${r.summary})`);
      provenance = r.record;
      await storeAttestations(ws, s.integrity, s.attestations);
    }
    entries[s.name] = {
      version: '1.0.0',
      installedAt: 1764000000000,
      registry: url,
      resolved: `${url}${s.tarballRel}`,
      integrity: s.integrity,
      files,
      provenance,
      capabilities: { tools: caps.tools, bins: caps.bins, env: caps.env, install: caps.install, always: caps.always },
    };
  }
  writeFileSync(join(ws, '.clawhub', 'lock.json'), `${JSON.stringify({ version: 1, skills: entries }, null, 2)}\n`);
}

/** @param {string} dir @param {string} url @param {Awaited<ReturnType<typeof buildBenchRegistry>>} skills @param {NodeJS.ProcessEnv} env */
function makeNpmProject(dir, url, skills, env) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-consumer', version: '0.0.0', private: true, dependencies: Object.fromEntries(skills.map((s) => [s.name, '1.0.0'])) }, null, 2)}\n`);
  const cache = mkdtempSync(join(tmpdir(), 'skillpin-bench-npmlock-'));
  const r = spawnSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--registry', url, '--cache', cache], { cwd: dir, env, encoding: 'utf8' });
  rmSync(cache, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`npm install --package-lock-only failed:\n${r.stderr}`);
}

// ---------------------------------------------------------------- timing

/** A timed command that must succeed. @param {string[]} argv @param {import('node:child_process').SpawnSyncOptions} [opts] */
function timed(argv, opts = {}) {
  const r = timedRun(argv, opts);
  if (r.status !== 0) throw new Error(`${argv.slice(0, 4).join(' ')} exited ${r.status}:\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(-3000)}`);
  return r;
}

/** @param {number[]} xs */
const stat = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });

class Series {
  constructor() {
    /** @type {number[]} */ this.wall = [];
    /** @type {number[]} */ this.cpu = [];
    /** @type {number[]} */ this.rss = [];
  }
  /** @param {{ wall: number, cpu: number, rss: number }} m */
  add(m) {
    this.wall.push(m.wall);
    this.cpu.push(m.cpu);
    this.rss.push(m.rss);
  }
  summary() {
    return { wall: stat(this.wall), cpu: stat(this.cpu), rssMiB: stat(this.rss) };
  }
}

const s3 = (/** @type {number} */ x) => `${x.toFixed(2)}s`;
/** @param {ReturnType<Series['summary']>} s */
const show = (s) => `${s3(s.wall.median)} [${s3(s.wall.min)}-${s3(s.wall.max)}] cpu ${s3(s.cpu.median)} rss ${s.rssMiB.max.toFixed(0)}MiB`;

// ---------------------------------------------------------------- main

// The timed commands get the environment of a shell, not of an npm script: under `npm run bench`
// the outer npm exports npm_config_* settings (user agent, cafile, prefixes...), and with them the
// nested `npm ci` stopped using its warm cache (every tarball fetched again: "warm" was as slow as
// cold, an unfair baseline).
const shellEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
const baseEnv = { ...shellEnv, SKILL_REGISTRY: '', CI: 'true', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
const userconfig = join(mkdtempSync(join(tmpdir(), 'skillpin-bench-npmrc-')), 'npmrc');
writeFileSync(userconfig, '');
baseEnv.npm_config_userconfig = userconfig;

console.log(`skillpin bench: sizes ${SIZES.join(',')}, ${RUNS} runs each, provenance ${PROVENANCE ? 'on (every skill)' : 'off'}; node ${process.version}, npm ${spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim()}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

// NODE_EXTRA_CA_CERTS, when the shell sets it (a proxy's CA, as on this project's machines): Node 20
// builds its root certificate store and reads that file when the process starts, before any
// JavaScript runs, and so at every start of `skill` (0.04-0.08 s here; Node 22 and 24 wait for the
// first TLS connection). Every figure below keeps it, as a CI job that sets it would; the start-up
// line and one verify row also show it unset, to tell that share from skillpin's own.
const EXTRA_CA = Boolean(process.env.NODE_EXTRA_CA_CERTS);
/** @param {NodeJS.ProcessEnv} env */
const withoutExtraCa = (env) => Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));

// Start-up: `skill --version` and `skill --help` against a bare `node -e ''`.
/** @type {Record<string, unknown>} */
let startup;
{
  const v = new Series();
  const h = new Series();
  const b = new Series();
  const bn = new Series();
  for (let i = 0; i < Math.max(RUNS, 10); i++) {
    b.add(timed([process.execPath, '-e', '']));
    if (EXTRA_CA) bn.add(timed([process.execPath, '-e', ''], { env: withoutExtraCa(process.env) }));
    v.add(timed([process.execPath, BIN, '--version']));
    h.add(timed([process.execPath, BIN, '--help']));
  }
  console.log(`start-up: skill --version ${show(v.summary())}; skill --help ${show(h.summary())}; node -e '' ${show(b.summary())}`);
  if (EXTRA_CA) console.log(`  node -e '' with NODE_EXTRA_CA_CERTS unset ${show(bn.summary())} (the variable is set here; see the verify row without it)`);
  startup = { version: v.summary(), help: h.summary(), nodeBaseline: b.summary(), ...(EXTRA_CA ? { nodeBaselineNoExtraCa: bn.summary() } : {}) };
}

// Trees a run leaves behind are moved into this folder and deleted only after the last
// measurement. On this project's VMs (ext4), creating files right after many were deleted cost
// the kernel 10-40x more (20,000 files: 0.3 s fresh, 2.5-13 s after an `rm -rf` of as many, all
// of it system time), for about five minutes: a profile (perf) puts it in ext4's inode allocator,
// which skips inodes freed in the last minutes (recently_deleted) and reads an inode-table block
// for each one it considers. Deleting between runs would time that, for whichever tool writes
// next, not the tools; a CI runner starts from a fresh file system. The probe at the end shows
// whether the effect is present in a run.
const trash = mkdtempSync(join(tmpdir(), 'skillpin-bench-trash-'));
let retired = 0;
/** Move `dir` (if present) into the trash folder. @param {string} dir */
function retire(dir) {
  if (existsSync(dir)) renameSync(dir, join(trash, String(retired++)));
}

/**
 * Create `count` files of ~3 KB in 20-file folders under `dir`, synchronously: the file system's
 * own cost of the tree both tools write. @param {string} dir @param {number} count
 */
function createTree(dir, count) {
  const t0 = performance.now();
  const data = Buffer.alloc(3000, 97);
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `d${Math.floor(i / 20)}`);
    if (i % 20 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i % 20}`), data);
  }
  return (performance.now() - t0) / 1000;
}

// The same probe before the first measurement, into the trash folder (deleted with it at the end):
// a start several times slower than the end's fresh-folder figure means an earlier deletion (a
// previous series' cleanup) is still slowing file creation, and every figure of this series with it.
const probeFiles = Math.max(...SIZES) * FILES_PER_SKILL;
/** A start probe slower than this many times the end's fresh-folder probe is reported as a slow start. */
const SLOW_START_FACTOR = 2;
/** Nor is any probe that took less than this (s): a probe of 600 files (N = 30) varies 2-4x in hundredths. */
const SLOW_MIN_S = 0.25;
/** A probe slower than this per file (µs) is reported as slow whatever the other one took. */
const SLOW_FILE_US = 50;
/** µs a file of a probe that took `s` seconds. @param {number} s */
const perFileUs = (s) => (s / probeFiles) * 1e6;
// Either probe over SLOW_FILE_US a file and a quarter second in all is slow: calm here, 15-21 µs;
// 66-350 µs in slow phases, at both ends of a series begun right after a deletion.
/** @param {number} s */
const slowProbe = (s) => perFileUs(s) > SLOW_FILE_US && s > SLOW_MIN_S;
const SETTLE_MAX_MS = 5 * 60 * 1000;
const SETTLE_PAUSE_MS = 20 * 1000;
let probes = 0;
let startProbe = createTree(join(trash, `probe${probes++}`), probeFiles);
if (SETTLE && slowProbe(startProbe)) {
  const deadline = Date.now() + SETTLE_MAX_MS;
  while (slowProbe(startProbe) && Date.now() < deadline) {
    console.log(`file system: creating a file takes ${perFileUs(startProbe).toFixed(0)} µs (slow over ${SLOW_FILE_US}); --settle: probing again in ${SETTLE_PAUSE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_PAUSE_MS));
    startProbe = createTree(join(trash, `probe${probes++}`), probeFiles);
  }
}
console.log(`file system at the start: ${probeFiles} files written in ${startProbe.toFixed(2)}s into fresh folders (the same probe runs at the end)`);

const rows = [];
for (const n of SIZES) {
  const top = mkdtempSync(join(tmpdir(), `skillpin-bench-${n}-`));
  const regDir = join(top, 'registry');
  let t0 = performance.now();
  const skills = await buildBenchRegistry(n, regDir);
  const genS = (performance.now() - t0) / 1000;
  const server = await serve(regDir);
  try {
    const ws = join(top, 'ws');
    t0 = performance.now();
    await makeWorkspace(ws, server.url, skills);
    const proj = join(top, 'npm');
    makeNpmProject(proj, server.url, skills, baseEnv);
    const setupS = (performance.now() - t0) / 1000;
    const files = n * FILES_PER_SKILL;
    const mib = skills.reduce((a, s) => a + s.files.reduce((b, f) => b + f.data.length, 0), 0) / 1048576;
    const tgzMiB = skills.reduce((a, s) => a + readFileSync(join(regDir, s.tarballRel)).length, 0) / 1048576;
    console.log(`N=${n}: ${files} files, ${mib.toFixed(1)} MiB unpacked, ${tgzMiB.toFixed(1)} MiB of tarballs; generated in ${genS.toFixed(1)}s, lock + npm lock in ${setupS.toFixed(1)}s; registry ${server.url}`);

    const skillCache = join(top, 'skill-cache');
    const npmCache = join(top, 'npm-cache');
    // The verdict cache's per-user key goes to a config folder of the bench's own, not ~/.config.
    const skillEnv = { ...baseEnv, SKILL_CACHE: skillCache, XDG_CONFIG_HOME: join(top, 'config') };
    const skillEnvNoVerdicts = { ...skillEnv, SKILLPIN_VERDICT_CACHE: 'off' };
    const skillEnvNoExtraCa = withoutExtraCa(skillEnv);
    const baseCache = join(top, 'base-cache');
    const baselineEnv = { ...baseEnv, SKILL_CACHE: baseCache, XDG_CONFIG_HOME: join(top, 'base-config') };
    const baseInstallArgv = [process.execPath, BASE_BIN, 'install', '--frozen', '--json', '--cwd', ws];
    const baseVerifyArgv = [process.execPath, BASE_BIN, 'verify', '--json', '--cwd', ws];
    const installArgv = [process.execPath, BIN, 'install', '--frozen', '--json', '--cwd', ws];
    const verifyArgv = [process.execPath, BIN, 'verify', '--json', '--cwd', ws];
    const npmArgv = ['npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund', '--registry', server.url, '--cache', npmCache];
    const shaArgv = ['sh', '-c', 'find "$1" -type f -print0 | xargs -0 sha512sum > /dev/null', 'sh', join(ws, 'skills')];
    // "Empty" means moved aside, not deleted: see retire() above.
    const clean = (/** @type {string[]} */ ...dirs) => { for (const d of dirs) retire(d); };

    const sc = new Series(), sw = new Series(), nc = new Series(), nw = new Series(), ve = new Series(), sh = new Series(), noop = new Series(), swo = new Series(), vn = new Series();
    const bc = new Series(), bw = new Series(), bv = new Series();
    /** The baseline's run, checked like ours. @param {string[]} argv */
    const baseline = (argv, check = (/** @type {any} */ doc) => doc.ok === true) => {
      const m = timed(argv, { env: baselineEnv });
      if (!check(JSON.parse(m.stdout))) throw new Error(`baseline ${argv[2]} did not pass: ${m.stdout.slice(0, 500)}`);
      return m;
    };
    for (let i = -1; i < RUNS; i++) {
      // i = -1 is a warm-up round (page cache, npm's own start-up), not counted.
      clean(join(ws, 'skills'), skillCache);
      const a = timed(installArgv, { env: skillEnv });
      const doc = JSON.parse(a.stdout);
      if (doc.ok !== true || doc.installed.length !== n) throw new Error(`install did not install all ${n}: ${a.stdout.slice(0, 500)}`);
      clean(join(proj, 'node_modules'), npmCache);
      const b = timed(npmArgv, { cwd: proj, env: baseEnv });
      clean(join(ws, 'skills'));
      const c = timed(installArgv, { env: skillEnv });
      clean(join(proj, 'node_modules'));
      const d = timed(npmArgv, { cwd: proj, env: baseEnv });
      const c2doc = JSON.parse(c.stdout);
      if (c2doc.verdictCache.hits !== 4 * n) throw new Error(`a warm install took ${c2doc.verdictCache.hits} of ${4 * n} verdicts (scan, provenance, manifest, tree) from the cache`);
      // Warm download cache, verdict cache off: every scan and Sigstore check runs again (a CI job
      // whose cache is restored without SKILLPIN_CACHE_KEY gets this).
      clean(join(ws, 'skills'));
      const c3 = timed(installArgv, { env: skillEnvNoVerdicts });
      const e = timed(installArgv, { env: skillEnv }); // nothing to do: every folder matches
      if (JSON.parse(e.stdout).unchanged.length !== n) throw new Error('a second install was not a no-op');
      // verify needs no TLS (only --online does): with NODE_EXTRA_CA_CERTS set, also the same run
      // without it, before sha512sum in odd rounds and after it in even ones (on Node 22, where
      // the variable costs nothing at start, the run after sha512sum was 0.1 s faster in one
      // series: the order, not the variable).
      const noCa = () => {
        const m = timed(verifyArgv, { env: skillEnvNoExtraCa });
        if (JSON.parse(m.stdout).ok !== true) throw new Error(`verify (NODE_EXTRA_CA_CERTS unset) did not pass: ${m.stdout.slice(0, 500)}`);
        return m;
      };
      const f2first = EXTRA_CA && i % 2 === 1 ? noCa() : null;
      const f = timed(verifyArgv, { env: skillEnv });
      const vdoc = JSON.parse(f.stdout);
      if (vdoc.ok !== true || vdoc.summary.files !== files) throw new Error(`verify did not pass: ${f.stdout.slice(0, 500)}`);
      const g = timed(shaArgv);
      const f2 = f2first ?? (EXTRA_CA ? noCa() : null);
      if (BASELINE) {
        clean(join(ws, 'skills'), baseCache);
        const ba = baseline(baseInstallArgv, (doc) => doc.ok === true && doc.installed.length === n);
        clean(join(ws, 'skills'));
        const bb = baseline(baseInstallArgv, (doc) => doc.ok === true && doc.installed.length === n);
        const bd = baseline(baseVerifyArgv);
        if (i >= 0) { bc.add(ba); bw.add(bb); bv.add(bd); }
      }
      if (i < 0) continue;
      sc.add(a); nc.add(b); sw.add(c); nw.add(d); noop.add(e); ve.add(f); sh.add(g); swo.add(c3);
      if (f2) vn.add(f2);
    }
    // The hashing part of verify alone: the same workspace with trust.provenance "off" (verify then
    // skips re-verifying the stored Sigstore bundles, ~10 ms of CPU per skill), against sha512sum.
    const configPath = join(ws, '.clawhub', 'config.json');
    const config = readFileSync(configPath, 'utf8');
    writeFileSync(configPath, JSON.stringify({ ...JSON.parse(config), trust: { ...JSON.parse(config).trust, provenance: 'off' } }, null, 2));
    const vh = new Series(), sh2 = new Series();
    try {
      for (let i = 0; i < RUNS; i++) {
        const f = timed(verifyArgv, { env: skillEnv });
        if (JSON.parse(f.stdout).ok !== true) throw new Error(`verify (provenance off) did not pass: ${f.stdout.slice(0, 500)}`);
        vh.add(f);
        sh2.add(timed(shaArgv));
      }
    } finally {
      writeFileSync(configPath, config);
    }
    const row = {
      n, files, mib, tgzMiB,
      verifyNoProvenance: vh.summary(), sha512sumAgain: sh2.summary(),
      skillCold: sc.summary(), npmCold: nc.summary(), skillWarm: sw.summary(), npmWarm: nw.summary(), skillNoop: noop.summary(), skillWarmNoVerdicts: swo.summary(),
      verify: ve.summary(), sha512sum: sh.summary(),
      ...(EXTRA_CA ? { verifyNoExtraCa: vn.summary() } : {}),
      ...(BASELINE ? { baseline: { dir: BASELINE, cold: bc.summary(), warm: bw.summary(), verify: bv.summary() } } : {}),
      loadAverage: loadavg(),
    };
    rows.push(row);
    const r = (/** @type {any} */ x, /** @type {any} */ y, /** @type {'wall'|'cpu'} */ k) => (x[k].median / y[k].median).toFixed(2);
    // The same ratio taken in each round (both commands ran back to back), then its median: the
    // machine's load drifting between rounds moves both sides of a round together.
    const perRound = (/** @type {any} */ x, /** @type {any} */ y) => stat(x.wall.runs.map((/** @type {number} */ v, /** @type {number} */ i) => v / y.wall.runs[i]));
    const spread = (/** @type {{ median: number, min: number, max: number }} */ s) => `${s.median.toFixed(2)}x [${s.min.toFixed(2)}-${s.max.toFixed(2)}]`;
    const rounds = {
      cold: perRound(row.skillCold, row.npmCold), warm: perRound(row.skillWarm, row.npmWarm), verify: perRound(row.verify, row.sha512sum), verifyNoProvenance: perRound(row.verifyNoProvenance, row.sha512sumAgain),
      ...(row.verifyNoExtraCa ? { verifyNoExtraCa: perRound(row.verifyNoExtraCa, row.sha512sum) } : {}),
    };
    Object.assign(row, { perRound: rounds });
    const pr = (/** @type {keyof typeof rounds} */ k) => `per round ${spread(/** @type {ReturnType<typeof stat>} */ (rounds[k]))}`;
    if (row.baseline) Object.assign(row.baseline, { perRound: { cold: perRound(row.skillCold, row.baseline.cold), warm: perRound(row.skillWarm, row.baseline.warm), verify: perRound(row.verify, row.baseline.verify) } });
    console.log(`  install --frozen cold  ${show(row.skillCold)}   npm ci cold ${show(row.npmCold)}   ratio wall ${r(row.skillCold, row.npmCold, 'wall')}x cpu ${r(row.skillCold, row.npmCold, 'cpu')}x (target <= 0.5; ${pr('cold')})`);
    console.log(`  install --frozen warm  ${show(row.skillWarm)}   npm ci warm ${show(row.npmWarm)}   ratio wall ${r(row.skillWarm, row.npmWarm, 'wall')}x cpu ${r(row.skillWarm, row.npmWarm, 'cpu')}x (target <= 0.3; ${pr('warm')})`);
    console.log(`  install --frozen warm, verdict cache off ${show(row.skillWarmNoVerdicts)}   ratio to npm ci warm wall ${r(row.skillWarmNoVerdicts, row.npmWarm, 'wall')}x cpu ${r(row.skillWarmNoVerdicts, row.npmWarm, 'cpu')}x`);
    console.log(`  install --frozen no-op ${show(row.skillNoop)}`);
    console.log(`  verify                 ${show(row.verify)}   sha512sum ${show(row.sha512sum)}   ratio wall ${r(row.verify, row.sha512sum, 'wall')}x cpu ${r(row.verify, row.sha512sum, 'cpu')}x (target <= 1.5; ${pr('verify')})`);
    if (row.verifyNoExtraCa) console.log(`  verify, NODE_EXTRA_CA_CERTS unset ${show(row.verifyNoExtraCa)}   ratio to sha512sum wall ${r(row.verifyNoExtraCa, row.sha512sum, 'wall')}x (the same rounds; ${pr('verifyNoExtraCa')})`);
    console.log(`  verify, provenance off ${show(row.verifyNoProvenance)}   sha512sum ${show(row.sha512sumAgain)}   ratio wall ${r(row.verifyNoProvenance, row.sha512sumAgain, 'wall')}x cpu ${r(row.verifyNoProvenance, row.sha512sumAgain, 'cpu')}x (the hashing part alone; ${pr('verifyNoProvenance')})`);
    if (row.baseline) {
      const x = row.baseline;
      console.log(`  baseline ${BASELINE}: install cold ${show(x.cold)}, warm ${show(x.warm)}, verify ${show(x.verify)}`);
      console.log(`  this / baseline: install cold wall ${r(row.skillCold, x.cold, 'wall')}x cpu ${r(row.skillCold, x.cold, 'cpu')}x; warm wall ${r(row.skillWarm, x.warm, 'wall')}x cpu ${r(row.skillWarm, x.warm, 'cpu')}x; verify wall ${r(row.verify, x.verify, 'wall')}x cpu ${r(row.verify, x.verify, 'cpu')}x`);
      console.log(`  this / baseline, per round: install cold ${spread(x.perRound.cold)}; warm ${spread(x.perRound.warm)}; verify ${spread(x.perRound.verify)}`);
    }
    console.log(`  load average now ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    server.stop();
    if (KEEP) console.log(`  kept ${top}`);
    else retire(top);
  }
}
rmSync(dirname(userconfig), { recursive: true, force: true });

// The file-system probe, after every measurement (its deletion would slow what follows): the
// largest tree written into fresh folders, deleted, and written again at once.
let probe;
{
  const dir = mkdtempSync(join(tmpdir(), 'skillpin-bench-probe-'));
  const fresh = createTree(join(dir, 'a'), probeFiles);
  rmSync(join(dir, 'a'), { recursive: true, force: true });
  const afterDelete = createTree(join(dir, 'b'), probeFiles);
  rmSync(dir, { recursive: true, force: true });
  // Slow at the start also when it took twice the end and a quarter second more: calm probes of
  // 20,000 files varied by 1.5x at most (0.29-0.42 s); a series begun minutes after a large
  // deletion measured 1.33 s against 0.35 s.
  const slowAtStart = (startProbe > SLOW_START_FACTOR * fresh && startProbe - fresh > SLOW_MIN_S) || slowProbe(startProbe);
  const slowAtEnd = slowProbe(fresh);
  probe = { files: probeFiles, atStart: startProbe, fresh, afterDelete, slowAtStart, slowAtEnd };
  console.log(`file system: ${probeFiles} files written in ${fresh.toFixed(2)}s into fresh folders (${startProbe.toFixed(2)}s at the start), ${afterDelete.toFixed(2)}s right after deleting as many (why the bench moves trees aside between runs)`);
  if (slowAtStart || slowAtEnd) {
    console.log(`warning: creating a file took ${perFileUs(startProbe).toFixed(0)} µs at the start and ${perFileUs(fresh).toFixed(0)} µs at the end (this project's VMs: 15-21 µs when calm). The file system was slow during this series, probably from an earlier large deletion, and its install figures (both tools') may be inflated. ${SETTLE && slowProbe(startProbe) ? `--settle waited ${SETTLE_MAX_MS / 60000} minutes for it to calm down; run the series again later.` : `Run it again after a few minutes' pause${SETTLE ? '' : ', or with --settle'}.`}`);
  }
}
const t0 = performance.now();
rmSync(trash, { recursive: true, force: true });
console.log(`removed the runs' trees in ${((performance.now() - t0) / 1000).toFixed(1)}s`);

if (rows.length > 1) {
  const a = rows[0];
  const b = rows[rows.length - 1];
  const k = b.n / a.n;
  /** @param {string} key @param {string} label */
  const line = (key, label) => {
    /** @type {any} */ const x = a; /** @type {any} */ const y = b;
    return `${label} wall x${(y[key].wall.median / x[key].wall.median).toFixed(2)} cpu x${(y[key].cpu.median / x[key].cpu.median).toFixed(2)}`;
  };
  console.log(`scaling N ${a.n} -> ${b.n} (x${k.toFixed(1)}; linear = x${k.toFixed(1)}): ${line('skillCold', 'install cold')}; ${line('skillWarm', 'install warm')}; ${line('verify', 'verify')}; ${line('verifyNoProvenance', 'verify (provenance off)')}; ${line('npmCold', 'npm ci cold')}`);
  console.log(`per skill (cpu ms): ${rows.map((x) => `N=${x.n}: install cold ${((x.skillCold.cpu.median / x.n) * 1000).toFixed(1)}, warm ${((x.skillWarm.cpu.median / x.n) * 1000).toFixed(1)}, verify ${((x.verify.cpu.median / x.n) * 1000).toFixed(1)}`).join('; ')}`);
  console.log(`peak RSS (MiB, max of runs): ${rows.map((x) => `N=${x.n}: install ${Math.max(x.skillCold.rssMiB.max, x.skillWarm.rssMiB.max).toFixed(0)}, verify ${x.verify.rssMiB.max.toFixed(0)}, npm ci ${x.npmCold.rssMiB.max.toFixed(0)}`).join('; ')}`);
}
console.log(`medians of ${RUNS} runs after one warm-up round, interleaved; [min-max] is the spread; cpu = user+sys from /usr/bin/time -v`);
if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify({ sizes: SIZES, runs: RUNS, provenance: PROVENANCE, startup, rows, fileSystem: probe }, null, 2)}\n`);
