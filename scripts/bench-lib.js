// @ts-check
// What the benchmarks share (bench.js, bench-verify.js, bench-scan.js): flags, medians, a command
// timed under /usr/bin/time -v, and the synthetic skills: deterministic text-like bytes shaped like
// a real skill (SKILL.md, CHANGELOG.md, package.json, shell scripts and reference docs), so runs
// are comparable and nothing compresses away.

import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

// Output cut short by the reader (`eval-scan.js | head`) ends the script quietly with the status a
// shell gives a process a closed pipe stopped (128 + SIGPIPE), as the CLI does, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'EPIPE') process.exit(141);
    throw err;
  });
}

/**
 * The script's options, parsed strictly by util.parseArgs (defaults in `spec`, as parseArgs takes
 * them): `--help` prints `usage` and exits 0; an unknown option, a missing value or a stray
 * argument prints the problem and `usage` and exits 2. A typo must not start a long measurement
 * with the defaults.
 * @param {string} usage
 * @param {NonNullable<Parameters<typeof parseArgs>[0]>['options']} spec
 */
export function options(usage, spec) {
  try {
    const { values } = parseArgs({ options: { ...spec, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    if (values.help) {
      process.stdout.write(usage);
      process.exit(0);
    }
    return values;
  } catch (err) {
    return usageError(usage, /** @type {Error} */ (err).message);
  }
}

/** Print `message` and `usage` on stderr and exit 2. @param {string} usage @param {string} message @returns {never} */
export function usageError(usage, message) {
  process.stderr.write(`${message}\n\n${usage}`);
  process.exit(2);
}

/**
 * The value of `flag` as a whole number from `min` up (`--runs 5`), or a usage error naming it.
 * @param {string} usage @param {string} flag @param {unknown} text @param {number} [min]
 */
export function count(usage, flag, text, min = 1) {
  const n = typeof text === 'string' && /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min) usageError(usage, `${flag} takes a whole number from ${min} up; got ${JSON.stringify(text)}`);
  return n;
}

/** The value of `flag` as whole numbers from 1 up, separated by commas (`--sizes 100,300,1000`). @param {string} usage @param {string} flag @param {unknown} text */
export function counts(usage, flag, text) {
  return String(text).split(',').map((part) => count(usage, `each of ${flag}`, part));
}

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/**
 * Run a command under /usr/bin/time -v: wall seconds, CPU seconds (user + system, children
 * included: steadier than wall time on a busy machine), peak RSS in MiB, exit status and output.
 * @param {string[]} argv @param {import('node:child_process').SpawnSyncOptions} [opts]
 */
export function timed(argv, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', ...argv], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const stderr = String(r.stderr ?? '');
  const field = (/** @type {RegExp} */ re) => Number(re.exec(stderr)?.[1] ?? NaN);
  const cpu = field(/User time \(seconds\): ([\d.]+)/) + field(/System time \(seconds\): ([\d.]+)/);
  const rss = field(/Maximum resident set size \(kbytes\): (\d+)/) / 1024;
  return { wall, cpu, rss, status: r.status, stdout: String(r.stdout ?? ''), stderr };
}

const WORDS = ['weather', 'forecast', 'curl', 'api', 'key', 'skill', 'agent', 'read', 'exec', 'json', 'the', 'a', 'of', 'to', 'run', 'city', 'units'];

/** Deterministic prose of about `size` bytes. @param {number} seed @param {number} size */
export function prose(seed, size) {
  let x = (seed * 2654435761) >>> 0;
  const parts = [];
  let n = 0;
  while (n < size) {
    x = (x * 1103515245 + 12345) >>> 0;
    const w = WORDS[(x >>> 8) % WORDS.length] + ((x >>> 4) % 9 === 0 ? '.\n' : ' ');
    parts.push(w);
    n += w.length;
  }
  return parts.join('').slice(0, size);
}

/** A harmless shell script of about `size` bytes (comments + a fixed body). @param {number} seed @param {number} size */
export function script(seed, size) {
  const head = '#!/bin/sh\nset -eu\ncity="${1:-Berlin}"\nprintf \'%s\\n\' "forecast for $city"\n';
  const lines = prose(seed, Math.max(0, size - head.length)).split('\n').map((l) => `# ${l}`).join('\n');
  return `${head}${lines}\n`.slice(0, Math.max(size, head.length));
}

/**
 * One skill's files (package-relative path -> bytes, mode): SKILL.md, CHANGELOG.md, package.json,
 * scripts/*.sh (0755) and references/*.md, about `bytes` in total over `count` files.
 * @param {number} i @param {{ count?: number, bytes?: number }} [shape]
 * @returns {{ name: string, files: Array<{ path: string, data: Buffer, mode: number }> }}
 */
export function makeSkill(i, { count = 20, bytes = 60 * 1024 } = {}) {
  const name = `bench-skill-${String(i).padStart(5, '0')}`;
  const paths = ['SKILL.md', 'CHANGELOG.md', 'package.json'];
  for (let k = 0; paths.length < count; k++) paths.push(k % 3 === 0 ? `scripts/tool-${k}.sh` : `references/doc-${k}.md`);
  const weights = paths.map((_, k) => 1 + ((i * 31 + k * 17) % 9));
  const total = weights.reduce((a, b) => a + b, 0);
  const files = paths.map((p, k) => {
    const size = Math.floor((bytes * (weights[k] ?? 1)) / total);
    let text;
    if (p === 'package.json') text = `${JSON.stringify({ name, version: '1.0.0', description: `bench skill ${i}`, license: 'MIT', keywords: ['openclaw-skill'] }, null, 2)}\n`;
    else if (p === 'SKILL.md') {
      const fm = `---\nname: ${name}\ndescription: Synthetic benchmark skill ${i} that prints a forecast.\nallowed-tools: Bash Read\nmetadata: {"openclaw":{"requires":{"bins":["sh"]}}}\n---\n\n# ${name}\n\n`;
      text = fm + prose(i * 100 + k, Math.max(0, size - fm.length));
    } else if (p.startsWith('scripts/')) text = script(i * 100 + k, size);
    else text = prose(i * 100 + k, size);
    return { path: p, data: Buffer.from(text), mode: p.startsWith('scripts/') ? 0o755 : 0o644 };
  });
  return { name, files };
}
