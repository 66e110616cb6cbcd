// `skill outdated` and `skill update` through the real CLI against the loopback fixture registry
// (no terminal here: the interactive paths are in cli-update-tty.test.ts).

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_BUILD, runCli, snapshotTree, startRegistry, makeWorkspace, tempDir, useFixtureRegistry } from './helpers.js';

const { fx, env } = useFixtureRegistry();

const lockPath = (ws: string) => join(ws, '.clawhub', 'lock.json');
const lockOf = (ws: string) => JSON.parse(readFileSync(lockPath(ws), 'utf8'));
const distIntegrity = (name: string, version: string): string =>
  JSON.parse(readFileSync(join(FIXTURE_BUILD, `${name}.json`), 'utf8')).versions[version].dist.integrity;

/** A workspace with these exact versions added (--yes), served by `registry`. */
async function workspace(specs: string[], registry = fx.reg.url, e = env()): Promise<string> {
  const ws = makeWorkspace();
  for (const spec of specs) {
    const r = await runCli(['add', spec, '--yes', '--registry', registry, '--cwd', ws], { env: e });
    expect(r.code, r.stderr).toBe(0);
  }
  return ws;
}

function state(ws: string): { lock: string; tree: Record<string, string> } {
  return { lock: readFileSync(lockPath(ws), 'utf8'), tree: snapshotTree(join(ws, 'skills')) };
}

describe('skill outdated', () => {
  it('shows locked, newest in the same major and newest for each skill', async () => {
    const ws = await workspace(['weather@1.4.0', 'notes@1.1.0', 'translator@1.0.0']);
    const r = await runCli(['outdated', '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.skills.map((s: Record<string, unknown>) => [s.name, s.locked, s.newestInMajor, s.newest, s.status, s.jump])).toEqual([
      ['notes', '1.1.0', '1.1.0', '1.1.0', 'current', 'none'],
      ['translator', '1.0.0', '1.1.0', '1.1.0', 'outdated', 'minor'],
      ['weather', '1.4.0', '1.5.0', '2.0.0', 'outdated', 'major'],
    ]);
    expect(r.json.skills[2]).toMatchObject({ lockedPublishedAt: '2026-06-20T10:00:00.000Z', newestPublishedAt: '2026-10-01T10:00:00.000Z' });
    const human = await runCli(['outdated', '--cwd', ws], { env: env() });
    expect(human.stdout).toMatch(/weather\s+1\.4\.0\s+1\.5\.0\s+2\.0\.0\s+outdated \(major\)/);
  });

  it('says in words that the registry does not know a skill, and that a local tarball has no registry to ask (the --json status keeps its word)', async () => {
    const ws = await workspace(['notes@1.0.0']);
    const lock = lockOf(ws);
    lock.skills.nonesuch = lock.skills.notes;
    writeFileSync(lockPath(ws), JSON.stringify(lock));
    const tgz = join(ws, 'vendor', 'notes-1.1.0.tgz');
    mkdirSync(join(ws, 'vendor'));
    copyFileSync(join(FIXTURE_BUILD, 'notes', '-', 'notes-1.1.0.tgz'), tgz);
    const other = makeWorkspace();
    expect((await runCli(['add', tgz, '--yes', '--cwd', other, '--json'], { env: env() })).code).toBe(0);
    lock.skills.vendored = { ...lockOf(other).skills.notes, registry: tgz, resolved: tgz };
    writeFileSync(lockPath(ws), JSON.stringify(lock));
    const r = await runCli(['outdated', '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.skills.map((s: Record<string, unknown>) => [s.name, s.status])).toEqual([['nonesuch', 'missing'], ['notes', 'outdated'], ['vendored', 'not-registry']]);
    const human = await runCli(['outdated', '--cwd', ws], { env: env() });
    expect(human.stdout).toMatch(/^nonesuch\s+1\.0\.0\s+-\s+-\s+not on its registry$/m);
    expect(human.stdout).toMatch(/^vendored\s+1\.1\.0\s+-\s+-\s+a local tarball: no registry to ask$/m);
  });

  it('reports a locked version the registry no longer lists', async () => {
    const ws = await workspace(['weather@1.4.0']);
    const gone = await startRegistry({ hide: ['weather@1.4.0'] });
    try {
      const r = await runCli(['outdated', '--registry', gone.url, '--cwd', ws, '--json'], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.skills[0]).toMatchObject({ name: 'weather', locked: '1.4.0', status: 'unlisted', newest: '2.0.0' });
    } finally {
      await gone.close();
    }
  });
});

describe('skill update: the review', () => {
  it('patch update: the changelog entry after the locked version only, the changed files, no capability change; the lock after apply', async () => {
    const ws = await workspace(['weather@1.4.0', 'notes@1.0.0']);
    const lock = lockOf(ws);
    lock.skills.weather.verification = { schema: 'clawhub.skill.verify.v1', ok: true };
    lock.skills.weather.requestedReference = 'latest';
    writeFileSync(lockPath(ws), JSON.stringify(lock));
    const notesBefore = lockOf(ws).skills.notes;
    const r = await runCli(['update', 'weather', '--to', '1.4.1', '--review', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const u = r.json.results[0];
    expect(u).toMatchObject({ name: 'weather', from: '1.4.0', to: '1.4.1', status: 'updated' });
    const rv = u.review;
    expect(rv.jump).toBe('patch');
    expect(rv.from).toMatchObject({ version: '1.4.0', publishedAt: '2026-06-20T10:00:00.000Z', status: 'ok' });
    expect(rv.to).toMatchObject({ version: '1.4.1', publishedAt: '2026-07-01T10:00:00.000Z', publisher: 'acme' });
    expect(rv.changelog.kind).toBe('entries');
    expect(rv.changelog.entries).toEqual([
      { version: '1.4.1', date: '2026-07-01', heading: '## [1.4.1] - 2026-07-01', body: '### Fixed\n- Alerts no longer repeat when two regions overlap.' },
    ]);
    expect(rv.files.added).toEqual([]);
    expect(rv.files.removed).toEqual([]);
    expect(rv.files.changed.map((c: { path: string; added: number; removed: number }) => [c.path, c.added, c.removed])).toEqual([
      ['CHANGELOG.md', 4, 0],
      ['SKILL.md', 2, 0],
      ['package.json', 1, 1],
    ]);
    expect(rv.files.unchanged).toBe(1);
    expect(rv.capabilities).toMatchObject({ tools: { added: [], removed: [] }, bins: { added: [], removed: [] }, newAlways: false });
    // human review went to stderr under --json
    expect(r.stderr).toContain('Update review: weather 1.4.0 -> 1.4.1  (patch update)');
    // the lock: only that entry changed, foreign fields kept, integrity = the registry's
    const after = lockOf(ws);
    expect(after.skills.notes).toEqual(notesBefore);
    expect(after.skills.weather.version).toBe('1.4.1');
    expect(after.skills.weather.integrity).toBe(distIntegrity('weather', '1.4.1'));
    // OpenClaw's record of ClawHub's /verify answer was about 1.4.0's bytes: not carried to 1.4.1's
    expect(after.skills.weather).not.toHaveProperty('verification');
    expect(after.skills.weather.requestedReference).toBe('latest');
    expect(Object.keys(after.skills.weather.files).sort()).toEqual(['CHANGELOG.md', 'SKILL.md', 'package.json', 'references/codes.md']);
    expect(readFileSync(join(ws, 'skills', 'weather', 'SKILL.md'), 'utf8')).toContain('report each alert once');
  });

  it('minor update: adds scripts/radar.sh and the exec tool (highlighted), two changelog entries in order', async () => {
    const ws = await workspace(['weather@1.4.0']);
    const r = await runCli(['update', 'weather', '--to', '1.5.0', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const rv = r.json.results[0].review;
    expect(rv.jump).toBe('minor');
    expect(rv.changelog.entries.map((e: { version: string }) => e.version)).toEqual(['1.5.0', '1.4.1']);
    expect(rv.changelog.entries[0].body).toBe('### Added\n- `scripts/radar.sh` downloads a radar image (needs curl and the exec tool).');
    expect(rv.files.added.map((c: { path: string; modeAfter: string; added: number }) => [c.path, c.modeAfter, c.added])).toEqual([['scripts/radar.sh', '0755', 6]]);
    expect(rv.files.added[0].diff).toContain('+curl -fsS -o radar.png');
    expect(rv.capabilities.tools).toEqual({ added: ['exec'], removed: [] });
    expect(rv.capabilities.bins).toEqual({ added: ['curl'], removed: [] });
    expect(rv.capabilities.env).toEqual({ added: [], removed: [] });
    expect(r.stderr).toMatch(/tools\s+\+exec\s+<-- NEW/);
    expect(r.stderr).toMatch(/added\s+scripts\/radar\.sh\s+\(216 B, \+6 -0\)\s+executable/);
    expect(lockOf(ws).skills.weather.capabilities.tools).toEqual(['exec', 'read', 'web_fetch']);
    expect(snapshotTree(join(ws, 'skills'))['weather/scripts/radar.sh']).toMatch(/^file 755 /);
  });

  it('skill add of another version of a locked skill shows the update review: what changes, not only the new version', async () => {
    const ws = await workspace(['weather@1.4.0']);
    const r = await runCli(['add', 'weather@1.5.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('weather is locked at 1.4.0: reviewing 1.5.0 as an update');
    expect(r.stderr).toContain('Update review: weather 1.4.0 -> 1.5.0');
    expect(r.stderr).toMatch(/tools\s+\+exec\s+<-- NEW/);
    expect(r.json).toMatchObject({ ok: true, replaced: '1.4.0', review: { name: 'weather', version: '1.5.0' } });
    expect(lockOf(ws).skills.weather.version).toBe('1.5.0');
    // Back to 1.4.0: reviewed as a downgrade; without a terminal and --yes it is only shown (exit 3).
    const before = state(ws);
    const down = await runCli(['add', 'weather@1.4.0', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(down.code).toBe(3);
    expect(down.stdout + down.stderr).toMatch(/Update review: weather 1\.5\.0 -> 1\.4\.0 {2}\(DOWNGRADE\)/);
    expect(state(ws)).toEqual(before);
  });

  it('major update: removes references/ and scripts/, plain `## x.y.z` changelog, env removed; the old files are gone after the swap', async () => {
    const ws = await workspace(['weather@1.5.0']);
    const r = await runCli(['update', 'weather', '--to', '2.0.0', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const rv = r.json.results[0].review;
    expect(rv.jump).toBe('major');
    expect(rv.changelog.entries.map((e: { heading: string; body: string }) => [e.heading, e.body])).toEqual([
      ['## 2.0.0', '- BREAKING: radar script and alert codes removed; units are always metric.'],
    ]);
    expect(rv.files.removed.map((c: { path: string }) => c.path)).toEqual(['references/codes.md', 'scripts/radar.sh']);
    expect(rv.files.added).toEqual([]);
    expect(rv.capabilities).toMatchObject({ tools: { added: [], removed: ['exec'] }, bins: { added: [], removed: ['curl'] }, env: { added: [], removed: ['WEATHER_UNITS'] } });
    const tree = Object.keys(snapshotTree(join(ws, 'skills')));
    expect(tree.filter((p) => p.startsWith('weather/'))).toEqual(['weather/CHANGELOG.md', 'weather/SKILL.md', 'weather/package.json']);
    expect(Object.keys(lockOf(ws).skills.weather.files).sort()).toEqual(['CHANGELOG.md', 'SKILL.md', 'package.json']);
  });

  it("a version without a changelog: the warning 'no changelog'", async () => {
    const ws = await workspace(['notes@1.0.0', 'translator@1.0.0']);
    const n = await runCli(['update', 'notes', '--to', '1.1.0', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(n.code, n.stderr).toBe(0);
    expect(n.json.results[0].review.changelog).toEqual({ kind: 'none', warnings: ['no changelog: 1.1.0 has no CHANGELOG.md (1.0.0 had one)'] });
    expect(n.json.results[0].review.files.removed.map((c: { path: string }) => c.path)).toEqual(['CHANGELOG.md']);
    const t = await runCli(['update', 'translator', '--to', '1.1.0', '--yes', '--cwd', ws], { env: env() });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('changelog:    none');
    expect(t.stdout).toContain('    warning: no changelog');
  });

  it('a risky candidate is refused (ERISK) even with --yes; always: true, binary changes and new findings are shown; --accept-risk applies it', async () => {
    const ws = await workspace(['clock@1.0.0']);
    const before = state(ws);
    const r = await runCli(['update', 'clock', '--to', '1.1.0', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('ERISK');
    expect(state(ws)).toEqual(before);
    expect(r.stderr).toContain('always    false -> true   <-- NEW');
    expect(r.stderr).toMatch(/changed\s+icon\.png\s+\(69 B -> 69 B, binary\)/);
    expect(r.stderr).toContain('icon.png: binary file changed, not shown');
    const rules: string[] = r.json.error.rules;
    expect(rules.length).toBeGreaterThan(0);
    const ok = await runCli(['update', 'clock', '--to', '1.1.0', '--yes', '--accept-risk', rules.join(','), '--cwd', ws, '--json'], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    const rv = ok.json.results[0].review;
    expect(rv.capabilities.newAlways).toBe(true);
    expect(rv.newFindings.map((f: { rule: string }) => f.rule)).toEqual(expect.arrayContaining(rules));
    expect(rv.files.changed.find((c: { path: string }) => c.path === 'icon.png')).toMatchObject({ binary: true, diff: null });
    const entry = lockOf(ws).skills.clock;
    expect(entry.version).toBe('1.1.0');
    expect(entry.capabilities.always).toBe(true);
    expect(entry.acceptedRisks.map((a: { rule: string }) => a.rule)).toEqual(rules);
  });
});

describe('skill update: refusals leave everything byte-identical', () => {
  it('--yes without --to is EUNPINNED (exit 2), naming the exact version to pass', async () => {
    const ws = await workspace(['weather@1.4.0']);
    const before = state(ws);
    const r = await runCli(['update', 'weather', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('EUNPINNED');
    expect(r.json.error.message).toContain('weather@2.0.0');
    expect(r.json.error.hint).toContain('skill update weather --to 2.0.0 --review --yes');
    expect(state(ws)).toEqual(before);
  });

  it('without a terminal and without --yes: the review is shown, then exit 3 (EREVIEW)', async () => {
    const ws = await workspace(['weather@1.4.0', 'notes@1.0.0']);
    const before = state(ws);
    for (const args of [['update', 'weather', '--review'], ['update', '--all'], ['update', 'weather', '--to', '1.5.0']]) {
      const r = await runCli([...args, '--cwd', ws, '--json'], { env: env() });
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.json.error.code).toBe('EREVIEW');
      expect(r.stderr).toContain('Update review:');
    }
    expect(state(ws)).toEqual(before);
  });

  it('--no-review does not exist; bad --to and unknown names are usage errors', async () => {
    const ws = await workspace(['weather@1.4.0']);
    const before = state(ws);
    const cases: Array<[string[], string]> = [
      [['update', 'weather', '--no-review'], 'EUSAGE'],
      [['update', 'weather', '--to', '^1.5.0', '--yes'], 'EUSAGE'],
      [['update', 'weather', '--to', '9.9.9', '--yes'], 'ENOTFOUND'],
      [['update', 'nope', '--to', '1.0.0', '--yes'], 'ENOTFOUND'],
      [['update', '--all', 'weather'], 'EUSAGE'],
      [['update'], 'EUSAGE'],
    ];
    for (const [args, code] of cases) {
      const r = await runCli([...args, '--cwd', ws, '--json'], { env: env() });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json.error.code, args.join(' ')).toBe(code);
    }
    expect(state(ws)).toEqual(before);
  });

  it('--all does not stop at the first refused skill: each is reviewed, every refusal is named, the worst sets the exit', async () => {
    const ws = await workspace(['clock@1.0.0', 'radar@1.0.0', 'weather@1.4.0']);
    const before = state(ws);
    const r = await runCli(['update', '--all', '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(1);
    expect(r.json.error.code).toBe('ERISK');
    expect(r.json.error.refused.map((x: { name: string; code: string }) => [x.name, x.code])).toEqual([['clock', 'ERISK'], ['radar', 'EIDENTITY'], ['weather', 'EREVIEW']]);
    expect(r.json.error.updated).toEqual([]);
    expect(r.stderr).toContain('Update review: weather 1.4.0 -> 2.0.0');
    expect(r.stderr).toMatch(/warning: radar stays at 1\.0\.0: EIDENTITY/);
    expect(state(ws)).toEqual(before);
  });

  it('a latest tag behind the lock proposes no downgrade (as outdated says); --to still reviews one', async () => {
    const back = await startRegistry({ distTags: { weather: { latest: '1.4.1' } } });
    try {
      const ws = await workspace(['weather@2.0.0'], back.url);
      const before = state(ws);
      for (const args of [['update', 'weather'], ['update', '--all']]) {
        const r = await runCli([...args, '--registry', back.url, '--cwd', ws, '--json'], { env: env() });
        expect(r.code, r.stderr).toBe(0);
        expect(r.json.results).toEqual([{ name: 'weather', from: '2.0.0', to: '2.0.0', status: 'current' }]);
      }
      const outdated = await runCli(['outdated', '--registry', back.url, '--cwd', ws, '--json'], { env: env() });
      expect(outdated.code, outdated.stderr).toBe(0);
      const asked = await runCli(['update', 'weather', '--to', '1.4.1', '--registry', back.url, '--cwd', ws, '--json'], { env: env() });
      expect(asked.code).toBe(3);
      expect(asked.stderr).toContain('DOWNGRADE');
      expect(state(ws)).toEqual(before);
    } finally {
      await back.close();
    }
  });

  it('an up-to-date skill is reported, nothing is written', async () => {
    const ws = await workspace(['weather@2.0.0']);
    const before = state(ws);
    const r = await runCli(['update', 'weather', '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.results).toEqual([{ name: 'weather', from: '2.0.0', to: '2.0.0', status: 'current' }]);
    expect(state(ws)).toEqual(before);
  });
});

describe('skill update: the locked version vanished or changed', () => {
  it('no longer listed but its pinned bytes are in the cache: compared, and reported as unlisted', async () => {
    const ws = await workspace(['weather@1.4.0']);
    const gone = await startRegistry({ hide: ['weather@1.4.0'], fault: (req, res) => (req.url?.includes('weather-1.4.0.tgz') ? (res.writeHead(404).end(), true) : false) });
    try {
      const r = await runCli(['update', 'weather', '--to', '1.4.1', '--yes', '--registry', gone.url, '--cwd', ws, '--json'], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      const rv = r.json.results[0].review;
      expect(rv.from.status).toBe('unlisted');
      expect(rv.from.note).toContain('weather@1.4.0 is no longer listed');
      expect(rv.files.changed.map((c: { path: string }) => c.path)).toEqual(['CHANGELOG.md', 'SKILL.md', 'package.json']);
      expect(r.stderr).toContain('[UNLISTED]');
      expect(gone.requests.some((q) => q.includes('weather-1.4.0.tgz'))).toBe(false);
    } finally {
      await gone.close();
    }
  });

  it('gone from the registry and not cached: compared with the installed folder whose files the lock pins, never with one that changed', async () => {
    // A publisher who takes the locked version down leaves a machine without it in its cache no diff
    // to read: the installed folder, file by file as pinned, is the locked version.
    const ws = await workspace(['weather@1.4.0']);
    const gone = await startRegistry({ hide: ['weather@1.4.0'], fault: (req, res) => (req.url?.includes('weather-1.4.0.tgz') ? (res.writeHead(404).end(), true) : false) });
    try {
      const fresh = { SKILL_CACHE: tempDir('skillpin-cache-') };
      const before = state(ws);
      const r = await runCli(['update', 'weather', '--to', '1.5.0', '--registry', gone.url, '--cwd', ws], { env: fresh });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toContain('locked:       1.4.0  [INSTALLED]');
      expect(r.stdout).toMatch(/weather@1\.4\.0 \(locked\) is no longer served by .* and is not in the cache: compared with the installed folder, whose \d+ files have the sha512s the lock pins/);
      expect(r.stdout).toContain('capabilities: changed\n');
      expect(r.stdout).toMatch(/added\s+scripts\/radar\.sh\s+\(216 B, \+6 -0\)\s+executable/);
      expect(r.stdout).toContain('+curl -fsS -o radar.png');
      expect(r.stdout).not.toContain('no comparison');
      expect(state(ws)).toEqual(before);
      // A folder that no longer holds the pinned bytes is not the locked version: no comparison.
      writeFileSync(join(ws, 'skills', 'weather', 'SKILL.md'), `${readFileSync(join(ws, 'skills', 'weather', 'SKILL.md'), 'utf8')}\nchanged\n`);
      const t = await runCli(['update', 'weather', '--to', '1.5.0', '--registry', gone.url, '--cwd', ws, '--json'], { env: fresh });
      expect(t.code).toBe(3);
      expect(t.stderr).toContain('[UNAVAILABLE]');
      expect(t.stderr).toContain("files:        no comparison (the locked version's bytes are unavailable)");
    } finally {
      await gone.close();
    }
  });

  it('gone from the registry, not cached and not installed: reported as unavailable, capabilities compared with the lock record', async () => {
    const ws = await workspace(['weather@1.4.0']);
    rmSync(join(ws, 'skills', 'weather'), { recursive: true });
    const before = state(ws);
    const gone = await startRegistry({ hide: ['weather@1.4.0'], fault: (req, res) => (req.url?.includes('weather-1.4.0.tgz') ? (res.writeHead(404).end(), true) : false) });
    try {
      const fresh = { SKILL_CACHE: tempDir('skillpin-cache-') };
      const r = await runCli(['update', 'weather', '--to', '1.5.0', '--registry', gone.url, '--cwd', ws, '--json'], { env: fresh });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('[UNAVAILABLE]');
      expect(r.stderr).toContain('weather@1.4.0 (locked) is no longer served by');
      expect(r.stderr).toContain('capabilities: changed (locked side from the lock record)');
      expect(r.stderr).toMatch(/tools\s+\+exec\s+<-- NEW/);
      expect(r.stderr).toContain("files:        no comparison (the locked version's bytes are unavailable)");
      expect(state(ws)).toEqual(before);
      const ok = await runCli(['update', 'weather', '--to', '1.5.0', '--yes', '--registry', gone.url, '--cwd', ws, '--json'], { env: fresh });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.json.results[0].review).toMatchObject({ from: { status: 'unavailable' }, files: null, capabilities: { beforeFrom: 'lock', tools: { added: ['exec'] } } });
      expect(lockOf(ws).skills.weather.version).toBe('1.5.0');
    } finally {
      await gone.close();
    }
  });

  it("the registry's bytes for the locked version no longer match the lock: EINTEGRITY, nothing changed", async () => {
    const ws = await workspace(['weather@1.4.0']);
    const before = state(ws);
    const other = readFileSync(join(FIXTURE_BUILD, 'weather', '-', 'weather-1.4.1.tgz'));
    const bad = await startRegistry({ replaceTarball: { 'weather/-/weather-1.4.0.tgz': other } });
    try {
      const r = await runCli(['update', 'weather', '--to', '1.5.0', '--yes', '--registry', bad.url, '--cwd', ws, '--json'], { env: { SKILL_CACHE: tempDir('skillpin-cache-') } });
      expect(r.code).toBe(1);
      expect(r.json.error.code).toBe('EINTEGRITY');
      expect(r.json.error.message).toContain('weather@1.4.0 (locked)');
      expect(state(ws)).toEqual(before);
      expect(existsSync(join(ws, 'skills', 'weather', 'scripts'))).toBe(false);
      expect(r.json.error.hint).toContain('skill add');
    } finally {
      await bad.close();
    }
  });

  it('add of a new version, which that hint names, reviews it with a warning when the locked bytes changed on the same registry', async () => {
    const first = await startRegistry();
    const port = Number(new URL(first.url).port);
    const ws = await workspace(['weather@1.4.0'], first.url);
    await first.close();
    const other = readFileSync(join(FIXTURE_BUILD, 'weather', '-', 'weather-1.4.1.tgz'));
    const changed = await startRegistry({ port, replaceTarball: { 'weather/-/weather-1.4.0.tgz': other } });
    try {
      expect(changed.url).toBe(first.url);
      const a = await runCli(['add', 'weather@1.5.0', '--yes', '--registry', changed.url, '--cwd', ws, '--json'], { env: { SKILL_CACHE: tempDir('skillpin-cache-') } });
      expect(a.code, a.stderr).toBe(0);
      expect(a.stderr).toContain('Update review: weather 1.4.0 -> 1.5.0');
      expect(a.stderr).toMatch(/weather@1\.4\.0 \(locked\) is served by .* with other bytes than the lock pins \(EINTEGRITY\), so treat that registry as suspect: compared with the installed folder/);
      // The diff is against the pinned files in the folder, not against the other bytes.
      expect(a.stderr).toMatch(/locked: +1\.4\.0, published \S+ +\[INSTALLED\]/);
      expect(a.json.update.files.added.map((c: { path: string }) => c.path)).toEqual(['scripts/radar.sh']);
      expect(lockOf(ws).skills.weather.version).toBe('1.5.0');
    } finally {
      await changed.close();
    }
  });
});
