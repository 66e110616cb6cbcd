// The verdict cache (src/verdicts): a warm install or verify skips scans and Sigstore checks it has
// already done, but an entry it did not write itself (another secret, edited bytes) is never
// believed, and nothing it holds can stand in for the lock's own checks.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkillpinError } from '../src/errors.js';
import { fileIntegrity } from '../src/integrity/index.js';
import { knownManifest, manifestSlot, parseSkillManifest, rememberManifest } from '../src/manifest/index.js';
import { openVerdictStore, verdictKey, verdictSettings, type VerdictKind } from '../src/verdicts/index.js';
import { makeWorkspace, runCli, snapshotTree, tempDir, useFixtureRegistry } from './helpers.js';

const SECRET_A = 'a'.repeat(40);
const SECRET_B = 'b'.repeat(40);

/** A store over `<cacheDir>/verdicts-v1`, as the CLI opens it, under the given secret. */
function store(cacheDir: string, secret: string) {
  return openVerdictStore({ dir: join(cacheDir, 'verdicts-v1'), keyFile: join(cacheDir, 'unused.key'), secret: Buffer.from(secret) });
}

let readers = 0;
/**
 * Another store over the same folder, as the next process opens it: a store remembers what it
 * stored for the rest of its run, so what is on disk is read by a fresh one. (The key file is
 * unused with a secret; a new name makes it a new store.)
 */
function reader(cacheDir: string, secret: string) {
  return openVerdictStore({ dir: join(cacheDir, 'verdicts-v1'), keyFile: join(cacheDir, `reader-${++readers}.key`), secret: Buffer.from(secret) });
}

/** Every single-verdict entry file under a verdict-cache folder, for one kind (not the batches). */
function entries(cacheDir: string, kind: VerdictKind): string[] {
  const root = join(cacheDir, 'verdicts-v1', kind);
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((n) => !n.startsWith('batch-')).flatMap((shard) => readdirSync(join(root, shard)).map((f) => join(root, shard, f)));
}

/** The batch files of a kind (one per workspace). */
function batches(cacheDir: string, kind: VerdictKind): string[] {
  const root = join(cacheDir, 'verdicts-v1', kind);
  return existsSync(root) ? readdirSync(root).filter((n) => n.startsWith('batch-')).map((n) => join(root, n)) : [];
}

describe('the verdict store', () => {
  it('returns what it stored, under the same secret only', () => {
    const dir = tempDir();
    const key = verdictKey(['scan', 'x']);
    store(dir, SECRET_A).put('scan', key, { findings: [], decision: 'allow' });
    const again = reader(dir, SECRET_A);
    expect(again.get('scan', key)).toEqual({ findings: [], decision: 'allow' });
    const other = store(dir, SECRET_B);
    expect(other.get('scan', key)).toBeUndefined();
    expect(other.stats).toMatchObject({ hits: 0, rejected: 1 });
    // Another kind under the same key is another entry.
    expect(again.get('provenance', key)).toBeUndefined();
  });

  it('rejects an entry whose data was edited, or whose key was moved', () => {
    const dir = tempDir();
    const s = store(dir, SECRET_A);
    const key = verdictKey(['scan', 'y']);
    s.put('scan', key, { findings: [{ rule: 'exec.pipe-to-shell', severity: 'block' }], decision: 'block' });
    const [file] = entries(dir, 'scan');
    const doc = JSON.parse(readFileSync(file as string, 'utf8'));
    writeFileSync(file as string, JSON.stringify({ ...doc, data: JSON.stringify({ findings: [], decision: 'allow' }) }));
    const r = reader(dir, SECRET_A);
    expect(r.get('scan', key)).toBeUndefined();
    const key2 = verdictKey(['scan', 'z']);
    writeFileSync(file as string, JSON.stringify({ ...doc, key: key2 }));
    expect(r.get('scan', key)).toBeUndefined();
    expect(r.stats.rejected).toBe(2);
    // The run that stored it keeps what it computed itself, whatever the disk now holds.
    expect(s.get('scan', key)).toMatchObject({ decision: 'block' });
  });

  it('neither reads nor writes through links planted in a restored cache', () => {
    const dir = tempDir();
    const elsewhere = tempDir();
    const s = store(dir, SECRET_A);
    const key = verdictKey(['scan', 'linked']);
    mkdirSync(join(dir, 'verdicts-v1', 'scan'), { recursive: true });
    symlinkSync(elsewhere, join(dir, 'verdicts-v1', 'scan', key.slice(0, 2)));
    s.put('scan', key, { findings: [], decision: 'allow' });
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(s.stats.stored).toBe(0);
    // An entry that is a link to a genuine entry is not followed.
    const real = verdictKey(['scan', 'real']);
    s.put('scan', real, { findings: [], decision: 'allow' });
    const [file] = entries(dir, 'scan').filter((f) => f.endsWith(`${real}.json`));
    const other = verdictKey(['scan', 'other']);
    mkdirSync(join(dir, 'verdicts-v1', 'scan', other.slice(0, 2)), { recursive: true });
    symlinkSync(file as string, join(dir, 'verdicts-v1', 'scan', other.slice(0, 2), `${other}.json`));
    expect(s.get('scan', other)).toBeUndefined();
    expect(s.get('scan', real)).toEqual({ findings: [], decision: 'allow' });
  });

  it('counts a missing entry as a miss and a FIFO or folder in its place as rejected, without waiting on it', () => {
    const dir = tempDir();
    const s = store(dir, SECRET_A);
    const missing = verdictKey(['scan', 'missing']);
    expect(s.get('scan', missing)).toBeUndefined();
    expect(s.stats).toMatchObject({ misses: 1, rejected: 0 });
    const fifo = verdictKey(['scan', 'fifo']);
    const folder = verdictKey(['scan', 'folder']);
    for (const k of [fifo, folder]) mkdirSync(join(dir, 'verdicts-v1', 'scan', k.slice(0, 2)), { recursive: true });
    expect(spawnSync('mkfifo', [join(dir, 'verdicts-v1', 'scan', fifo.slice(0, 2), `${fifo}.json`)]).status).toBe(0);
    mkdirSync(join(dir, 'verdicts-v1', 'scan', folder.slice(0, 2), `${folder}.json`));
    const r = reader(dir, SECRET_A);
    expect(r.get('scan', fifo)).toBeUndefined();
    expect(r.get('scan', folder)).toBeUndefined();
    expect(r.stats).toMatchObject({ misses: 0, rejected: 2 });
    // Many entries in one folder: each is written, and each reads back in another run.
    const keys = Array.from({ length: 40 }, (_, i) => verdictKey(['scan', 'many', String(i)]));
    for (const [i, k] of keys.entries()) s.put('scan', k, { i });
    expect(s.stats.stored).toBe(40);
    const again = reader(dir, SECRET_A);
    for (const [i, k] of keys.entries()) expect(again.get('scan', k)).toEqual({ i });
    expect(entries(dir, 'scan').filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Folders removed during the run are created and checked again: no entry is lost.
    rmSync(join(dir, 'verdicts-v1', 'scan'), { recursive: true, force: true });
    s.put('scan', keys[0] as string, { i: 0 });
    s.put('scan', keys[1] as string, { i: 1 });
    expect(s.stats.stored).toBe(42);
    expect(reader(dir, SECRET_A).get('scan', keys[0] as string)).toEqual({ i: 0 });
    expect(reader(dir, SECRET_A).get('scan', keys[1] as string)).toEqual({ i: 1 });

  });

  it('is off under SKILLPIN_VERDICT_CACHE=off; a short SKILLPIN_CACHE_KEY is ECONFIG', () => {
    const cache = tempDir();
    const off = openVerdictStore(verdictSettings(cache, { HOME: tempDir(), SKILLPIN_VERDICT_CACHE: 'off' }));
    expect(off.enabled).toBe(false);
    off.put('scan', verdictKey(['q']), true);
    expect(existsSync(join(cache, 'verdicts-v1'))).toBe(false);
    let err: unknown;
    try {
      verdictSettings(cache, { HOME: tempDir(), SKILLPIN_CACHE_KEY: 'short' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SkillpinError);
    expect((err as SkillpinError).code).toBe('ECONFIG');
  });

  it('creates a per-user key once (0600) outside the cache, and will not use one others can read', () => {
    const home = tempDir();
    const cache = tempDir();
    const s1 = openVerdictStore(verdictSettings(cache, { HOME: home }));
    const keyFile = join(home, '.config', 'skillpin', 'verdict-cache.key');
    expect(s1.enabled).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = verdictKey(['k']);
    s1.put('scan', key, { findings: [], decision: 'allow' });

    const home2 = tempDir();
    const s2 = openVerdictStore(verdictSettings(cache, { HOME: home2 }));
    expect(s2.get('scan', key)).toBeUndefined(); // another user's key: the entry is not believed

    chmodSync(join(home2, '.config', 'skillpin', 'verdict-cache.key'), 0o644);
    const s3 = openVerdictStore(verdictSettings(tempDir(), { HOME: home2 }));
    expect(s3.enabled).toBe(false);
    expect(s3.reason).toMatch(/readable or writable by others/);

    // A key file that would live inside the cache is refused: whoever restores the cache would own it.
    const inside = tempDir();
    const s4 = openVerdictStore(verdictSettings(inside, { HOME: tempDir(), XDG_CONFIG_HOME: join(inside, 'cfg') }));
    expect(s4.enabled).toBe(false);
    expect(s4.reason).toMatch(/inside the cache/);
  });

  it("keeps each workspace's batch to the verdicts its own run used", () => {
    const dir = tempDir();
    const [a, b, c] = ['a', 'b', 'c'].map((x) => verdictKey(['scan', x])) as [string, string, string];
    const run = store(dir, SECRET_A);
    run.useBatches('/ws-one/.clawhub/lock.json');
    run.put('scan', a, { n: 'a' });
    run.put('scan', b, { n: 'b' });
    run.saveBatches();
    // The same process, another workspace: its batch holds only what it used.
    run.useBatches('/ws-two/.clawhub/lock.json');
    expect(run.get('scan', a)).toEqual({ n: 'a' });
    run.put('scan', c, { n: 'c' });
    run.saveBatches();
    expect(batches(dir, 'scan')).toHaveLength(2);
    for (const f of entries(dir, 'scan')) rmSync(f);

    // Next runs, with the single entries gone: each workspace's batch answers its own keys only.
    const one = reader(dir, SECRET_A);
    one.useBatches('/ws-one/.clawhub/lock.json');
    expect([one.get('scan', a), one.get('scan', b), one.get('scan', c)]).toEqual([{ n: 'a' }, { n: 'b' }, undefined]);
    const two = reader(dir, SECRET_A);
    two.useBatches('/ws-two/.clawhub/lock.json');
    expect([two.get('scan', a), two.get('scan', b), two.get('scan', c)]).toEqual([{ n: 'a' }, undefined, { n: 'c' }]);
    expect(two.stats).toMatchObject({ hits: 2, misses: 1, rejected: 0 });
    // Each answer is a fresh object: a caller that changes one does not change the next.
    (two.get('scan', a) as { n: string }).n = 'changed';
    expect(two.get('scan', a)).toEqual({ n: 'a' });
  });

  it('a run with batches writes what it learns in its batch, once, at its end; one that stops early keeps the last batch beside it', () => {
    const dir = tempDir();
    const scope = '/ws/.clawhub/lock.json';
    const [a, b, c] = ['a', 'b', 'c'].map((x) => verdictKey(['scan', x])) as [string, string, string];
    const first = store(dir, SECRET_A);
    first.useBatches(scope);
    first.put('scan', a, { n: 'a' });
    first.put('scan', b, { n: 'b' });
    // Nothing on disk until the run ends, and no single entries then either.
    expect([entries(dir, 'scan'), batches(dir, 'scan')]).toEqual([[], []]);
    expect(first.stats.stored).toBe(0);
    first.saveBatches();
    expect(first.stats.stored).toBe(2);
    expect(entries(dir, 'scan')).toEqual([]);
    expect(batches(dir, 'scan')).toHaveLength(1);
    const firstBatch = readFileSync(batches(dir, 'scan')[0] as string);
    // Saving again writes nothing new.
    first.saveBatches();
    expect(readFileSync(batches(dir, 'scan')[0] as string)).toEqual(firstBatch);

    // A run that asked for a, learned c and stopped early (an error, Ctrl-C): b stays.
    const partial = reader(dir, SECRET_A);
    partial.useBatches(scope);
    expect(partial.get('scan', a)).toEqual({ n: 'a' });
    partial.put('scan', c, { n: 'c' });
    partial.saveBatches({ complete: false });
    expect(partial.stats).toMatchObject({ hits: 1, stored: 1 });
    const next = reader(dir, SECRET_A);
    next.useBatches(scope);
    expect([next.get('scan', a), next.get('scan', b), next.get('scan', c)]).toEqual([{ n: 'a' }, { n: 'b' }, { n: 'c' }]);

    // A complete run's batch holds exactly what it used.
    const complete = reader(dir, SECRET_A);
    complete.useBatches(scope);
    complete.get('scan', a);
    complete.saveBatches();
    const last = reader(dir, SECRET_A);
    last.useBatches(scope);
    expect([last.get('scan', a), last.get('scan', b), last.get('scan', c)]).toEqual([{ n: 'a' }, undefined, undefined]);

    // Without batches (add, update), a verdict is a single entry, written at once.
    const single = reader(dir, SECRET_A);
    single.put('scan', b, { n: 'b' });
    expect(single.stats.stored).toBe(1);
    expect(entries(dir, 'scan')).toHaveLength(1);
  });
});

describe('the parsed SKILL.md through the cache', () => {
  const text = '---\nname: cached\ndescription: a skill\nallowed-tools: Bash Read\nmetadata: {"openclaw":{"requires":{"bins":["sh"]}}}\n---\n# Cached\n';

  it('answers for the manifest file and bytes the lock pins, under its own secret only', () => {
    const dir = tempDir();
    const data = Buffer.from(text);
    const files = { 'CHANGELOG.md': 'sha512-x', 'SKILL.md': fileIntegrity(data) };
    const slot = manifestSlot(files);
    expect(slot).toMatchObject({ file: 'SKILL.md', integrity: fileIntegrity(data) });
    const parsed = parseSkillManifest(text, 'SKILL.md');
    rememberManifest(store(dir, SECRET_A), slot!, parsed);
    expect(knownManifest(reader(dir, SECRET_A), slot!)).toEqual({ file: 'SKILL.md', integrity: slot!.integrity, manifest: parsed });
    expect(knownManifest(reader(dir, SECRET_B), slot!)).toBeNull();
    // Other bytes are another key; a lock without a manifest file has no slot.
    const other = manifestSlot({ 'SKILL.md': fileIntegrity(Buffer.from(`${text} `)) });
    expect(knownManifest(reader(dir, SECRET_A), other!)).toBeNull();
    expect(manifestSlot({ 'README.md': 'sha512-x' })).toBeNull();
    // The slot follows manifestOf's choice of file.
    expect(manifestSlot({ 'skill.md': 'sha512-b', 'SKILL.md': 'sha512-a' })).toMatchObject({ file: 'SKILL.md' });
    expect(manifestSlot({ 'skills.md': 'sha512-b', 'skill.md': 'sha512-a' })).toMatchObject({ file: 'skill.md' });
  });

  it('does not remember a parse that JSON cannot carry exactly, or an entry of another shape', () => {
    const dir = tempDir();
    // YAML's .inf is Infinity, which JSON would bring back as null.
    const odd = parseSkillManifest('---\nname: odd\ndescription: x\nlimit: .inf\n---\n', 'SKILL.md');
    expect(odd.frontmatter.limit).toBe(Infinity);
    const slot = manifestSlot({ 'SKILL.md': 'sha512-odd' })!;
    const s = store(dir, SECRET_A);
    rememberManifest(s, slot, odd);
    expect(s.stats.stored).toBe(0);
    expect(knownManifest(reader(dir, SECRET_A), slot)).toBeNull();
    // An authentic entry that is not a manifest (another version's format) is not used.
    s.put('manifest', slot.key, { name: 'odd', allowedTools: 'Bash' });
    expect(knownManifest(reader(dir, SECRET_A), slot)).toBeNull();
  });
});

describe('the verdict cache through the CLI', () => {
  const { fx } = useFixtureRegistry();

  it('a warm install --frozen and verify take scan, provenance, manifest and tree verdicts from the cache', async () => {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const env = { SKILL_CACHE: cache, SKILLPIN_CACHE_KEY: SECRET_A };
    expect((await runCli(['add', 'weather@1.5.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env })).code).toBe(0);
    rmSync(join(ws, 'skills'), { recursive: true });
    const cold = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env });
    expect(cold.code, cold.stderr).toBe(0);
    // Scan, provenance, manifest and tree verdicts, and the one that the folder was checked against its archive.
    expect(cold.json.verdictCache).toMatchObject({ enabled: true, hits: 0, stored: 5 });
    rmSync(join(ws, 'skills'), { recursive: true });
    const warm = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env });
    expect(warm.code, warm.stderr).toBe(0);
    expect(warm.json.verdictCache).toMatchObject({ enabled: true, hits: 4, stored: 0, rejected: 0 });
    // The same with a worker thread, which writes the files read from the tree cache's pack.
    const tree = snapshotTree(join(ws, 'skills'));
    rmSync(join(ws, 'skills'), { recursive: true });
    const pooled = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: { ...env, SKILLPIN_WORKERS: '2' } });
    expect(pooled.code, pooled.stderr).toBe(0);
    expect(pooled.json).toMatchObject({ workers: 1, verdictCache: { hits: 4, stored: 0, rejected: 0 } });
    expect(snapshotTree(join(ws, 'skills'))).toEqual(tree);
    const v = await runCli(['verify', '--json', '--cwd', ws], { env });
    expect(v.code, v.stdout).toBe(0);
    expect(v.json.verdictCache).toMatchObject({ hits: 1 });
    const off = await runCli(['verify', '--json', '--cwd', ws], { env: { ...env, SKILLPIN_VERDICT_CACHE: 'off' } });
    expect(off.code).toBe(0);
    expect(off.json.verdictCache).toMatchObject({ enabled: false, hits: 0 });

    // A cached verdict is about the bundle, not the lock: a lock that now names another signer
    // still fails, and a stored bundle that was edited is a new key, verified afresh and refused.
    const lockPath = join(ws, '.clawhub', 'lock.json');
    const lock = readFileSync(lockPath, 'utf8');
    const doc = JSON.parse(lock);
    doc.skills.weather.provenance.repository = 'mallory/weather';
    writeFileSync(lockPath, JSON.stringify(doc, null, 2));
    const edited = await runCli(['verify', '--json', '--cwd', ws], { env });
    expect(edited.code).toBe(1);
    expect(edited.json.skills[0].checks.find((c: { check: string }) => c.check === 'provenance')).toMatchObject({ ok: false, code: 'EIDENTITY' });
    writeFileSync(lockPath, lock);
    const [att] = readdirSync(join(ws, '.clawhub', 'attestations'));
    const attPath = join(ws, '.clawhub', 'attestations', att as string);
    const bundleDoc = JSON.parse(readFileSync(attPath, 'utf8'));
    const sig = bundleDoc.attestations[0].bundle.dsseEnvelope.signatures[0];
    sig.sig = Buffer.from(Buffer.from(sig.sig, 'base64').map((b: number, i: number) => (i === 10 ? b ^ 1 : b))).toString('base64');
    writeFileSync(attPath, JSON.stringify(bundleDoc));
    const tampered = await runCli(['verify', '--json', '--cwd', ws], { env });
    expect(tampered.code).toBe(1);
    expect(tampered.json.skills[0].checks.find((c: { check: string }) => c.check === 'provenance')).toMatchObject({ ok: false, code: 'EPROVENANCE' });
  });

  it('a run reads its verdicts from one batch per kind, believed under its own secret only', async () => {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const env = { SKILL_CACHE: cache, SKILLPIN_CACHE_KEY: SECRET_A };
    expect((await runCli(['add', 'weather@1.5.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env })).code).toBe(0);
    const install = async (e: NodeJS.ProcessEnv = env) => {
      rmSync(join(ws, 'skills'), { recursive: true, force: true });
      const r = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: e });
      expect(r.code, r.stderr).toBe(0);
      return r.json.verdictCache;
    };
    const kinds: VerdictKind[] = ['scan', 'provenance', 'manifest', 'tree'];
    const singles = () => kinds.flatMap((k) => entries(cache, k));
    // add writes the one verdict it leaves (its folder checked against its archive) as an entry of its own.
    const fromAdd = singles();
    expect(fromAdd).toHaveLength(1);
    expect(await install()).toMatchObject({ hits: 0, stored: 5 });
    expect(kinds.map((k) => batches(cache, k).length)).toEqual([1, 1, 1, 1]);
    // An install writes its verdicts in the batches only: four files, not one per verdict.
    expect(singles()).toEqual(fromAdd);
    const batchBytes = readFileSync(batches(cache, 'scan')[0] as string);

    // Without the single entries, the batches answer all four, and an unchanged batch is not
    // written again.
    for (const f of singles()) rmSync(f);
    expect(await install()).toMatchObject({ hits: 4, misses: 0, stored: 0, rejected: 0 });
    expect(readFileSync(batches(cache, 'scan')[0] as string)).toEqual(batchBytes);
    const v = await runCli(['verify', '--json', '--cwd', ws], { env });
    expect(v.json.verdictCache).toMatchObject({ hits: 1, misses: 0 });

    // A batch whose verdicts were edited (MAC kept) is refused, and its check runs again.
    const file = batches(cache, 'provenance')[0] as string;
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const pairs = JSON.parse(doc.data) as Array<[string, string]>;
    expect(pairs).toHaveLength(1);
    expect(pairs[0]?.[1]).toContain('"verified"');
    doc.data = JSON.stringify(pairs.map(([k, d]) => [k, d.replace('"verified"', '"verified "')]));
    writeFileSync(file, JSON.stringify(doc));
    expect(await install()).toMatchObject({ hits: 3, misses: 1, rejected: 1, stored: 1 });

    // Under another secret a batch is an entry not trusted: every step runs again.
    for (const f of singles()) rmSync(f);
    expect(await install({ ...env, SKILLPIN_CACHE_KEY: SECRET_B })).toMatchObject({ hits: 0, misses: 4, rejected: 4, stored: 5 });
  });

  it('an install that leaves skills in place or fails part way keeps the verdicts it did not ask for, and saves what it learned', async () => {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const env = { SKILL_CACHE: cache, SKILLPIN_CACHE_KEY: SECRET_A };
    expect((await runCli(['add', 'weather@1.5.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env })).code).toBe(0);
    const refused = await runCli(['add', 'clock@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env });
    const rules: string[] = refused.json.error.rules;
    expect((await runCli(['add', 'clock@1.1.0', '--yes', '--accept-risk', rules.join(','), '--registry', fx.reg.url, '--cwd', ws], { env })).code).toBe(0);
    const install = async (e: NodeJS.ProcessEnv = env) => {
      const r = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: e });
      expect(r.code, r.stderr).toBe(0);
      return r.json.verdictCache;
    };
    rmSync(join(ws, 'skills'), { recursive: true });
    const cold = await install();
    expect(cold).toMatchObject({ hits: 0, rejected: 0 });
    // weather's scan, provenance, manifest and tree verdicts; clock has no provenance. And for each,
    // that its folder was checked against its archive.
    const all = 7;
    expect(cold.stored).toBe(all + 2);

    // weather left in place: clock's verdicts come from the batches, and weather's stay in them
    // (two of them read: that its folder was checked, and its SKILL.md's parse).
    rmSync(join(ws, 'skills', 'clock'), { recursive: true });
    expect(await install()).toMatchObject({ hits: 3 + 2, misses: 0, stored: 0 });
    rmSync(join(ws, 'skills'), { recursive: true });
    expect(await install()).toMatchObject({ hits: all, misses: 0, stored: 0 });

    // A run that fails (clock's accepted risks dropped from the lock) still saves what it checked.
    const fresh = { ...env, SKILL_CACHE: tempDir('skillpin-cache-') };
    const lockPath = join(ws, '.clawhub', 'lock.json');
    const lock = readFileSync(lockPath, 'utf8');
    const doc = JSON.parse(lock);
    delete doc.skills.clock.acceptedRisks;
    writeFileSync(lockPath, JSON.stringify(doc, null, 2));
    rmSync(join(ws, 'skills'), { recursive: true });
    const failed = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: fresh });
    expect(failed.code).toBe(1);
    expect(failed.json.error.code).toBe('ERISK');
    writeFileSync(lockPath, lock);
    rmSync(join(ws, 'skills'), { recursive: true, force: true });
    const after = await install(fresh);
    expect(after.hits).toBeGreaterThanOrEqual(4);
    expect(after.hits + after.misses).toBe(all);
  });

  it('skills added here and left in place: the first install parses each SKILL.md once, later ones take the parse from the cache', async () => {
    // add leaves the folder checked against its archive, so install leaves it in place and reads
    // only who OpenClaw takes it for (IdentityClaims). That read parsed the SKILL.md's YAML on
    // every run, on the main thread, for every skill: nothing ever remembered the parse.
    const ws = makeWorkspace();
    const env = { SKILL_CACHE: tempDir('skillpin-cache-'), SKILLPIN_CACHE_KEY: SECRET_A };
    expect((await runCli(['add', 'weather@1.5.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env })).code).toBe(0);
    const install = async () => {
      const r = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.json).toMatchObject({ installed: [], checked: [] });
      return r.json.verdictCache;
    };
    // The checked verdict is a hit; the parse is a miss, read from the folder's pinned bytes and kept.
    expect(await install()).toMatchObject({ hits: 1, misses: 1, stored: 1 });
    expect(await install()).toMatchObject({ hits: 2, misses: 0, stored: 0 });
  });

  it('a poisoned cache cannot clear a hand-edited lock entry: entries under another secret are ignored', async () => {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const attacker = { SKILL_CACHE: cache, SKILLPIN_CACHE_KEY: SECRET_B };
    const victim = { SKILL_CACHE: cache, SKILLPIN_CACHE_KEY: SECRET_A };
    const refused = await runCli(['add', 'clock@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: attacker });
    expect(refused.json.error.code).toBe('ERISK');
    const rules: string[] = refused.json.error.rules;
    expect((await runCli(['add', 'clock@1.1.0', '--yes', '--accept-risk', rules.join(','), '--registry', fx.reg.url, '--cwd', ws], { env: attacker })).code).toBe(0);
    rmSync(join(ws, 'skills'), { recursive: true });
    expect((await runCli(['install', '--frozen', '--cwd', ws], { env: attacker })).code).toBe(0);

    // The attacker drops the accepted risks from the lock and rewrites the cached scan verdict of
    // these bytes to "nothing found", signed with the secret their own CI job had.
    const lockPath = join(ws, '.clawhub', 'lock.json');
    const doc = JSON.parse(readFileSync(lockPath, 'utf8'));
    delete doc.skills.clock.acceptedRisks;
    writeFileSync(lockPath, JSON.stringify(doc, null, 2));
    // The key of the scan verdict, from the batch their install left.
    const scanBatches = batches(cache, 'scan');
    expect(scanBatches).toHaveLength(1);
    const pairs = JSON.parse(JSON.parse(readFileSync(scanBatches[0] as string, 'utf8')).data) as Array<[string, string]>;
    expect(pairs).toHaveLength(1);
    const key = (pairs[0] as [string, string])[0];
    // (The batch their runs left, which would answer first with the true verdict, goes too.)
    const forge = () => {
      for (const b of batches(cache, 'scan')) rmSync(b);
      reader(cache, SECRET_B).put('scan', key, { findings: [], decision: 'allow' });
    };
    forge();
    rmSync(join(ws, 'skills'), { recursive: true });

    const r = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: victim });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('ERISK');
    expect(existsSync(join(ws, 'skills', 'clock'))).toBe(false);
    // The victim's own scan verdict is kept, in its workspace's batch, under its secret.
    const victimsCache = reader(cache, SECRET_A);
    victimsCache.useBatches(lockPath);
    expect(victimsCache.get('scan', key)).toMatchObject({ decision: 'block' });
    // The forged entry does what it was made for under the secret it was signed with: the MAC is
    // the only thing that stopped it above.
    forge();
    const control = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: attacker });
    expect(control.code).toBe(0);
    expect(control.json.verdictCache.hits).toBeGreaterThanOrEqual(1);
  });
});

describe('checks on worker threads (SKILLPIN_WORKERS)', () => {
  const { fx } = useFixtureRegistry();

  it('installs the same tree, refuses the same way and keeps error codes and hints across threads', async () => {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const base = { SKILL_CACHE: cache, SKILLPIN_VERDICT_CACHE: 'off' };
    for (const spec of ['weather@1.5.0', 'notes@1.1.0', 'gifgrep@1.0.0']) {
      expect((await runCli(['add', spec, '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: base })).code).toBe(0);
    }
    const tree = snapshotTree(join(ws, 'skills'));
    rmSync(join(ws, 'skills'), { recursive: true });
    const pooled = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: { ...base, SKILLPIN_WORKERS: '2' } });
    expect(pooled.code, pooled.stderr).toBe(0);
    expect(pooled.json.installed).toHaveLength(3);
    expect(pooled.json.workers).toBe(2);
    expect(snapshotTree(join(ws, 'skills'))).toEqual(tree);
    const verified = await runCli(['verify', '--json', '--cwd', ws], { env: { ...base, SKILLPIN_WORKERS: '2' } });
    expect(verified.code, verified.stdout).toBe(0);

    // A stored bundle edited by hand: the worker's EPROVENANCE arrives with its code and hint.
    const attDir = join(ws, '.clawhub', 'attestations');
    const [att] = readdirSync(attDir);
    const doc = JSON.parse(readFileSync(join(attDir, att as string), 'utf8'));
    const sig = doc.attestations[0].bundle.dsseEnvelope.signatures[0];
    sig.sig = Buffer.from(Buffer.from(sig.sig, 'base64').map((b: number, i: number) => (i === 10 ? b ^ 1 : b))).toString('base64');
    writeFileSync(join(attDir, att as string), JSON.stringify(doc));
    const direct = await runCli(['verify', '--json', '--cwd', ws], { env: { ...base, SKILLPIN_WORKERS: '0' } });
    const threaded = await runCli(['verify', '--json', '--cwd', ws], { env: { ...base, SKILLPIN_WORKERS: '2' } });
    expect(threaded.code).toBe(1);
    expect(threaded.json.workers).toBeGreaterThanOrEqual(1);
    expect(direct.json.workers).toBe(0);
    const failed = (r: typeof direct) => r.json.skills.flatMap((s: { name: string; checks: Array<{ ok: boolean; check: string; code: string; hint?: string; detail: string }> }) => s.checks.filter((c) => !c.ok).map((c) => ({ skill: s.name, check: c.check, code: c.code, hint: c.hint, detail: c.detail })));
    expect(failed(threaded)).toEqual(failed(direct));
    expect(failed(threaded)[0]).toMatchObject({ check: 'provenance', code: 'EPROVENANCE' });
    expect(failed(threaded)[0].hint).toBeTruthy();

    rmSync(join(ws, 'skills'), { recursive: true });
    const refused = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: { ...base, SKILLPIN_WORKERS: '2' } });
    expect(refused.code).toBe(1);
    expect(refused.json.error.code).toBe('EPROVENANCE');
  });

  it('a blocking finding found on a worker blocks the install', async () => {
    const ws = makeWorkspace();
    const cache = tempDir('skillpin-cache-');
    const env = { SKILL_CACHE: cache, SKILLPIN_VERDICT_CACHE: 'off' };
    const refused = await runCli(['add', 'clock@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env });
    const rules: string[] = refused.json.error.rules;
    expect((await runCli(['add', 'clock@1.1.0', '--yes', '--accept-risk', rules.join(','), '--registry', fx.reg.url, '--cwd', ws], { env })).code).toBe(0);
    const lockPath = join(ws, '.clawhub', 'lock.json');
    const doc = JSON.parse(readFileSync(lockPath, 'utf8'));
    delete doc.skills.clock.acceptedRisks;
    writeFileSync(lockPath, JSON.stringify(doc, null, 2));
    rmSync(join(ws, 'skills'), { recursive: true });
    const r = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: { ...env, SKILLPIN_WORKERS: '2' } });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('ERISK');
    expect([...r.json.error.rules].sort()).toEqual([...rules].sort());
    // The same lock without workers refuses with the same rules.
    const direct = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: { ...env, SKILLPIN_WORKERS: '0' } });
    expect(direct.json.error.rules).toEqual(r.json.error.rules);
  });

  it('refuses a SKILLPIN_WORKERS that is not a whole number (EUSAGE, exit 2)', async () => {
    const ws = makeWorkspace();
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
    const r = await runCli(['install', '--frozen', '--json', '--cwd', ws], { env: { SKILL_CACHE: tempDir(), SKILLPIN_WORKERS: 'many' } });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('EUSAGE');
  });
});
