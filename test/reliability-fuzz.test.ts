// Issue 9.5: property tests. Parsers of untrusted text (lock, config, SKILL.md frontmatter, specs)
// fail only with their own code, and the archive path rules never let a name escape the sandbox.
// SKILLPIN_FUZZ_RUNS sets the case count per property (CI: 10,000; `npm run fuzz`: 100,000).

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { SkillpinError } from '../src/errors.js';
import { parseLock, serializeLock, type Lockfile } from '../src/lockfile/index.js';
import { parseSkillManifest } from '../src/manifest/index.js';
import { checkEntryPath, stageEntries } from '../src/sandbox/index.js';
import { readTarball } from '../src/sandbox/tar.js';
import { parseSpec } from '../src/spec/index.js';
import { makeTarball, tempDir } from './helpers.js';

const RUNS = Number(process.env.SKILLPIN_FUZZ_RUNS ?? 10_000);
const params = { numRuns: RUNS };
const FUZZ_TIMEOUT = Math.max(60_000, RUNS * 20);
let total = 0;

afterAll(() => {
  console.log(`fuzz: ${total} cases over 8 properties (${RUNS} each)`);
});

/** Run `fn`; it may return, or throw a SkillpinError with one of `codes` — nothing else. */
function onlyCodes(codes: string[], fn: () => unknown): void {
  total++;
  try {
    fn();
  } catch (err) {
    if (!(err instanceof SkillpinError) || !codes.includes(err.code)) throw err;
  }
}

const json = fc.jsonValue({ maxDepth: 3 });
const sri = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => `sha512-${Buffer.from(b).toString('base64')}`);
const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__');
const entry = fc.record(
  {
    version: fc.oneof(fc.constant(null), fc.string()),
    installedAt: fc.integer(),
    registry: fc.webUrl(),
    integrity: sri,
    files: fc.dictionary(key, sri, { maxKeys: 4 }),
    capabilities: fc.record({ tools: fc.array(fc.string()), bins: fc.array(fc.string()), env: fc.array(fc.string()) }),
    verification: json,
    futureField: json,
  },
  { requiredKeys: [] },
);
const lockArb: fc.Arbitrary<Lockfile> = fc
  .record({ skills: fc.dictionary(key, entry, { maxKeys: 4 }), extra: fc.dictionary(key.map((k) => `x-${k}`), json, { maxKeys: 3 }) })
  .map(({ skills, extra }) => ({ ...extra, version: 1 as const, skills }) as Lockfile);

describe('lock parser and writer', () => {
  it('round-trips every valid lock, keeping unknown fields (top level and per entry)', () => {
    fc.assert(
      fc.property(lockArb, (lock) => {
        total++;
        const text = serializeLock(lock);
        const back = parseLock(text);
        expect(back).toEqual(JSON.parse(JSON.stringify(lock)));
        expect(serializeLock(back)).toBe(text);
      }),
      params,
    );
  }, FUZZ_TIMEOUT);

  it('random bytes and random JSON never crash it: a lock or ELOCKFILE', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.uint8Array().map((b) => Buffer.from(b).toString('utf8')), json.map((j) => JSON.stringify(j))), (text) => onlyCodes(['ELOCKFILE'], () => parseLock(text))), params);
  }, FUZZ_TIMEOUT);
});

describe('config parser', () => {
  const ws = tempDir('skillpin-fuzz-config-');
  mkdirSync(join(ws, '.clawhub'));
  const configArb = fc.oneof(
    fc.string(),
    json.map((j) => JSON.stringify(j)),
    fc
      .record(
        {
          registry: fc.oneof(fc.webUrl(), fc.string(), json),
          sandbox: fc.oneof(fc.string(), json),
          trust: fc.oneof(json, fc.record({ provenance: fc.oneof(fc.constantFrom('off', 'warn', 'require'), json), identities: json }, { requiredKeys: [] })),
          limits: fc.oneof(json, fc.dictionary(fc.constantFrom('maxFileBytes', 'maxTotalBytes', 'maxFiles', 'other'), json)),
          network: fc.oneof(json, fc.record({ timeoutMs: json, retries: json }, { requiredKeys: [] })),
          policy: json,
          sources: json,
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o)),
  );
  it('any config text gives a config or ECONFIG', async () => {
    await fc.assert(
      fc.asyncProperty(configArb, async (text) => {
        writeFileSync(join(ws, '.clawhub', 'config.json'), text);
        total++;
        try {
          await loadConfig(ws, {}, {});
        } catch (err) {
          if (!(err instanceof SkillpinError) || err.code !== 'ECONFIG') throw err;
        }
      }),
      params,
    );
  }, FUZZ_TIMEOUT);
});

describe('SKILL.md frontmatter parser', () => {
  const fm = fc
    .tuple(fc.array(fc.oneof(fc.string(), fc.constantFrom('name: x', 'description: y', 'allowed-tools: Bash Read', 'metadata: {"openclaw":{"requires":{"bins":["a"]}}}', 'metadata:', '  openclaw:', '    install: [1]', '- a', ': :', '"', '{', '[', '&a', '*a', '!!binary', '\t')), { maxLength: 8 }), fc.string())
    .map(([lines, body]) => `---\n${lines.join('\n')}\n---\n${body}`);
  it('any text gives a manifest or EMANIFEST', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fm), (text) => onlyCodes(['EMANIFEST'], () => parseSkillManifest(text))), params);
  }, FUZZ_TIMEOUT);
});

describe('spec parser', () => {
  const specArb = fc.oneof(
    fc.string(),
    fc.tuple(fc.constantFrom('', '@', '@a/', 'clawhub:', 'clawhub:@o/', './', '/'), fc.string(), fc.constantFrom('', '@', '@1.2.3', '@^1', '@latest', '.tgz', '@1.2.3@x')).map((p) => p.join('')),
  );
  it('any string gives a spec or a usage/pinning error', () => {
    fc.assert(fc.property(specArb, (raw) => onlyCodes(['EUSAGE', 'EUNPINNED'], () => parseSpec(raw, { folderAllowed: true }))), params);
  }, FUZZ_TIMEOUT);
});

describe('archive path rules', () => {
  const root = resolve('/sandbox/skill');
  const inside = (p: string) => {
    const rel = relative(root, resolve(root, ...p.split('/')));
    // A segment named ".. " or "..x" is an ordinary name; only ".." itself climbs.
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep) && !resolve(root, p).includes('\0');
  };
  const segment = fc.oneof(fc.constantFrom('..', '.', '', 'a', 'B', 'C:', '\\', '..\\..', '\0', '~', '%2e%2e', '\u2025', 'ä'), fc.string({ maxLength: 6 }));
  const nameArb = fc.oneof(fc.string(), fc.tuple(fc.constantFrom('', '/', './'), fc.array(segment, { minLength: 1, maxLength: 5 }), fc.constantFrom('', '/')).map(([a, segs, b]) => a + segs.join('/') + b));
  it('checkEntryPath accepts only names that stay inside the sandbox', () => {
    fc.assert(
      fc.property(nameArb, (name) =>
        onlyCodes(['ESANDBOX'], () => {
          const ok = checkEntryPath(name);
          expect(inside(ok), `${JSON.stringify(name)} -> ${JSON.stringify(ok)}`).toBe(true);
        }),
      ),
      params,
    );
  }, FUZZ_TIMEOUT);

  // The rules in their documented order, written plainly (the name split into its segments): the
  // checker reads the segments in place, and must give the same name or refuse for the same reason.
  const byRule = (raw: string): string => {
    if (raw.length === 0) return 'empty name';
    if (raw.includes('\0')) return 'NUL byte in name';
    if (raw.includes('\\')) return 'backslash in name';
    if (/[\x00-\x1f\x7f]/.test(raw)) return 'control character in name';
    if (raw.startsWith('/')) return 'absolute path';
    if (/^[a-zA-Z]:/.test(raw)) return 'drive-letter path';
    const trimmed = raw.endsWith('/') ? raw.slice(0, -1) : raw;
    for (const seg of trimmed.split('/')) {
      if (seg === '..') return 'parent-folder segment "..".';
      if (seg === '' || seg === '.') return 'empty or "." path segment';
    }
    if (trimmed.length > 1024) return 'path longer than 1024 characters';
    if (trimmed.split('/').some((seg) => Buffer.byteLength(seg) > 255)) return 'a file or folder name longer than 255 bytes';
    return `ok ${trimmed}`;
  };
  it('checkEntryPath accepts or refuses a name for the reason the rules give first', () => {
    // Names around the length limit: ordinary segments, then an ending that may break a rule.
    const long = fc.tuple(fc.array(fc.constantFrom('a', 'bb', 'c.d'), { minLength: 250, maxLength: 600 }), fc.constantFrom('', '/', '//', '/.', '/..', '/x')).map(([segs, end]) => segs.join('/') + end);
    fc.assert(
      fc.property(fc.oneof(nameArb, long, fc.constantFrom('a'.repeat(1024), 'a'.repeat(1025), `${'a'.repeat(1024)}/`, `${'a/'.repeat(512)}b`, `${'a/'.repeat(511)}bb`, 'a'.repeat(255), `x/${'a'.repeat(256)}/y`, `${'é'.repeat(127)}/`, `${'é'.repeat(128)}/..`, '\u{1F600}'.repeat(63), `a/${'\u{1F600}'.repeat(64)}`, `${'字'.repeat(85)}/${'字'.repeat(86)}`)), (name) => {
        let got: string;
        try {
          got = `ok ${checkEntryPath(name)}`;
        } catch (err) {
          if (!(err instanceof SkillpinError) || err.code !== 'ESANDBOX') throw err;
          got = err.message.slice(`archive entry ${JSON.stringify(name)} refused: `.length);
        }
        expect(got, JSON.stringify(name)).toBe(byRule(name));
      }),
      params,
    );
  }, FUZZ_TIMEOUT);

  // The staging writer checks each name again where the bytes land (it does not resolve paths):
  // entries handed to it directly, not through an archive reader, land inside its staging folder
  // or nothing is written at all. Fewer runs: each case writes to disk.
  it('stageEntries writes a name only inside its staging folder, or writes nothing', async () => {
    const top = tempDir('fuzz-stage-');
    const root = join(top, 'sandbox');
    mkdirSync(root);
    const ctx = { root, clawhubDir: join(top, '.clawhub') };
    await fc.assert(
      fc.asyncProperty(nameArb, async (name) => {
        total++;
        let staged;
        try {
          staged = await stageEntries(ctx, [{ path: name, type: 'file', mode: 0o644, data: Buffer.from('x') }], { rootChecked: true });
        } catch (err) {
          if (!(err instanceof SkillpinError) || err.code !== 'ESANDBOX') throw err;
          expect(readdirSync(top).sort(), JSON.stringify(name)).toEqual(['sandbox']);
          expect(readdirSync(root), JSON.stringify(name)).toEqual([]);
          return;
        }
        expect(inside(name), JSON.stringify(name)).toBe(true);
        expect(Object.keys(staged.files)).toEqual([checkEntryPath(name)]);
        expect(readdirSync(top).sort()).toEqual(['sandbox']);
        rmSync(staged.dir, { recursive: true });
        staged.untrack();
      }),
      { numRuns: Math.min(RUNS, 2000) },
    );
  }, FUZZ_TIMEOUT);

  const limits = { maxFileBytes: 4096, maxTotalBytes: 65536, maxFiles: 16 };
  it('readTarball with random entry names and types yields only paths inside the sandbox, or ESANDBOX', () => {
    const entryArb = fc.record({
      name: fc.oneof(nameArb.map((n) => `package/${n}`), nameArb),
      type: fc.constantFrom('0', '0', '0', '5', '1', '2'),
      data: fc.string({ maxLength: 32 }),
      linkname: fc.constantFrom('', '../../etc/passwd', '/etc/passwd', 'x'),
    });
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 4 }), (entries) => {
        const tgz = makeTarball(entries.map((e) => ({ name: e.name, type: e.type as '0', data: e.type === '0' ? e.data : '', linkname: e.linkname })));
        onlyCodes(['ESANDBOX'], () => {
          for (const out of readTarball(tgz, limits, 'fuzz')) {
            expect(inside(out.path), JSON.stringify(out.path)).toBe(true);
            expect(['file', 'directory']).toContain(out.type);
          }
        });
      }),
      params,
    );
  }, FUZZ_TIMEOUT);
});
