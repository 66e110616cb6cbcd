// DESIGN §3's contracts checked through the CLI, one situation a row: bad input is refused with
// its stable code and exit status (§3.5), the `--json` document on stdout, and nothing changed.

import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, type ErrorCode } from '../src/errors.js';
import { makeWorkspace, runCli, snapshotTree, tempDir, useFixtureRegistry } from './helpers.js';

const { fx, env } = useFixtureRegistry();

describe('size limits (§3.2 config)', () => {
  it('a committed config may raise limits.* to ten times the default, never switch the bomb limits off: ECONFIG naming the key and its ceiling, nothing changed', async () => {
    for (const [key, over] of [['maxFileBytes', 100 * 1024 * 1024 + 1], ['maxTotalBytes', 1e15], ['maxFiles', 20_001]] as const) {
      const ws = makeWorkspace({ registry: fx.reg.url, limits: { [key]: over } });
      const before = snapshotTree(ws);
      for (const args of [['add', 'weather@1.4.0', '--yes'], ['install'], ['verify']]) {
        const r = await runCli([...args, '--cwd', ws, '--json'], { env: env() });
        expect(r.json?.error?.code, `${key} ${args[0]}: ${r.stdout}${r.stderr}`).toBe('ECONFIG');
        expect(r.json.error.message).toContain(`limits.${key} is ${over}, above its ceiling`);
      }
      expect(snapshotTree(ws), key).toEqual(before);
    }
    const ws = makeWorkspace({ registry: fx.reg.url, limits: { maxFileBytes: 100 * 1024 * 1024, maxTotalBytes: 500 * 1024 * 1024, maxFiles: 20_000 } });
    const ok = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(ok.json?.ok, ok.stderr).toBe(true);
  });
});

describe('network deadlines (§3.2 config, and SKILL_TIMEOUT_MS)', () => {
  it('a value no timer can hold (a fraction, past 2^31 - 1 ms) is ECONFIG / EUSAGE naming it, not EINTERNAL or every request failing at once', async () => {
    const cases: Array<[string, Record<string, unknown>, NodeJS.ProcessEnv, string, string]> = [
      ['network.timeoutMs 1.5', { network: { timeoutMs: 1.5 } }, {}, 'ECONFIG', 'network.timeoutMs'],
      ['network.timeoutMs 3e9', { network: { timeoutMs: 3_000_000_000 } }, {}, 'ECONFIG', 'network.timeoutMs'],
      ['SKILL_TIMEOUT_MS=2.5', {}, { SKILL_TIMEOUT_MS: '2.5' }, 'EUSAGE', 'SKILL_TIMEOUT_MS'],
      ['SKILL_TIMEOUT_MS=3000000000', {}, { SKILL_TIMEOUT_MS: '3000000000' }, 'EUSAGE', 'SKILL_TIMEOUT_MS'],
    ];
    for (const [what, config, extra, code, named] of cases) {
      const ws = makeWorkspace({ registry: fx.reg.url, ...config });
      const before = snapshotTree(ws);
      const r = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: { ...env(), ...extra } });
      expect(r.json?.error?.code, `${what}: ${r.stdout}${r.stderr}`).toBe(code);
      expect(r.code, what).toBe(2);
      expect(r.json.error.message, what).toContain(named);
      expect(r.stderr, what).not.toContain('TimeoutOverflowWarning');
      expect(snapshotTree(ws), what).toEqual(before);
    }
    // The longest deadline a timer keeps is still taken.
    const ws = makeWorkspace({ registry: fx.reg.url, network: { timeoutMs: 2_147_483_647 } });
    const ok = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(ok.json?.ok, ok.stderr).toBe(true);
  });
});

describe('the ClawHub URL (§3.2 sources.clawhub.url)', () => {
  it('an empty one is ECONFIG naming it, from any command, not the public ClawHub asked in its place', async () => {
    for (const url of ['', '   ']) {
      const ws = makeWorkspace({ registry: fx.reg.url, sources: { clawhub: { url } } });
      const before = snapshotTree(ws);
      for (const args of [['add', 'clawhub:@acme/weather@1.0.0', '--yes'], ['list']]) {
        const r = await runCli([...args, '--cwd', ws, '--json'], { env: { ...env(), CLAWHUB_REGISTRY: '' } });
        expect(r.json?.error?.code, `${JSON.stringify(url)} ${args[0]}: ${r.stdout}${r.stderr}`).toBe('ECONFIG');
        expect(r.code).toBe(2);
        expect(r.json.error.message).toContain('sources.clawhub.url is empty');
      }
      expect(snapshotTree(ws)).toEqual(before);
    }
  });
});

describe('lock fields skillpin owns (§3.4)', () => {
  it('with the wrong shape are ELOCKFILE naming the field, from the command that reads them, not EINTERNAL; the lock is left as it is', async () => {
    const ws = makeWorkspace({ registry: fx.reg.url });
    const added = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(added.json?.ok, added.stderr).toBe(true);
    const lockPath = join(ws, '.clawhub', 'lock.json');
    const good = JSON.parse(readFileSync(lockPath, 'utf8'));
    // Each: what is changed in weather's entry, a command that reads it, the field the error names.
    const cases: Array<[string, (e: Record<string, any>) => void, string[], string]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['capabilities.tools a string', (e) => (e.capabilities.tools = 'exec'), ['list'], 'capabilities.tools'],
      ['capabilities.always a string', (e) => (e.capabilities.always = 'no'), ['list'], 'capabilities.always'],
      ['acceptedRisks [null]', (e) => (e.acceptedRisks = [null]), ['verify'], 'acceptedRisks'],
      ['provenance.ref a number', (e) => (e.provenance.ref = 7), ['update', 'weather', '--to', '1.4.1', '--yes'], 'provenance.ref'],
      ['provenance.runnerEnvironment a boolean', (e) => (e.provenance.runnerEnvironment = true), ['verify'], 'provenance.runnerEnvironment'],
      ['provenance.trigger an object', (e) => (e.provenance.trigger = {}), ['update', 'weather', '--to', '1.4.1', '--yes'], 'provenance.trigger'],
      ['registry not a URL', (e) => (e.registry = 'registry'), ['update', 'weather', '--to', '1.4.1', '--yes'], 'registry'],
      ['resolved not a URL', (e) => (e.resolved = 'weather-1.4.0.tgz'), ['verify', '--online'], 'resolved'],
    ];
    for (const [what, change, cmd, field] of cases) {
      const lock = structuredClone(good);
      change(lock.skills.weather);
      writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
      const before = snapshotTree(ws);
      const r = await runCli([...cmd, '--cwd', ws, '--json'], { env: env() });
      expect(r.json?.error?.code, `${what}: ${r.stdout}${r.stderr}`).toBe('ELOCKFILE');
      expect(r.code, what).toBe(2);
      expect(r.json.error.message, what).toContain(`skills["weather"].${field}`);
      expect(snapshotTree(ws), what).toEqual(before);
    }
  });
});

describe('skill review of a blocked skill (§3.5: exit 1 is a failed check, and an error carries its code)', () => {
  it('exits 1 with ERISK naming the rules, in one --json document that still holds the review; a clean one stays ok', async () => {
    const ws = makeWorkspace({ registry: fx.reg.url });
    const before = snapshotTree(ws);
    const j = await runCli(['review', 'solana-wallet-tracker@1.0.0', '--cwd', ws, '--json'], { env: env() });
    expect(j.code, j.stderr).toBe(1);
    expect(j.json?.ok, j.stdout).toBe(false);
    expect(j.json.error.code).toBe('ERISK');
    expect(j.json.error.rules).toEqual(expect.arrayContaining(['payload.encoded-shell']));
    // review installs nothing: the hint names the add that would accept the rules, not a flag review lacks.
    expect(j.json.error.hint).toContain('skill add solana-wallet-tracker@1.0.0 --accept-risk ');
    expect(j.json.decision).toBe('block');
    expect(j.json.review.name).toBe('solana-wallet-tracker');
    const t = await runCli(['review', 'solana-wallet-tracker@1.0.0', '--cwd', ws], { env: env() });
    expect(t.code).toBe(1);
    expect(t.stdout).toContain('decision:     block');
    expect(t.stderr).toContain('error ERISK: solana-wallet-tracker@1.0.0 is blocked by risk findings');
    const ok = await runCli(['review', 'weather@1.4.0', '--cwd', ws, '--json'], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, decision: 'allow' });
    expect(snapshotTree(ws)).toEqual(before);
  });
});

describe('skill add of a path that names no tarball (§3.3: a local tarball is pinned by its bytes)', () => {
  it('says what the path is: a missing one is ENOTFOUND, a file of another kind is not "a folder"; nothing is written', async () => {
    const ws = makeWorkspace({ registry: fx.reg.url });
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'not a tarball\n');
    const before = snapshotTree(ws);
    const cases: Array<[string, string, number, string]> = [
      [join(dir, 'missing'), 'ENOTFOUND', 2, `${join(dir, 'missing')} does not exist`],
      [join(dir, 'notes.txt'), 'EUSAGE', 2, `${join(dir, 'notes.txt')} is not a package tarball (a .tgz or .tar.gz file)`],
      [dir, 'EUSAGE', 2, `${dir} is a folder, not a package tarball`],
    ];
    for (const [spec, code, exit, message] of cases) {
      const r = await runCli(['add', spec, '--yes', '--cwd', ws, '--json'], { env: env() });
      expect(r.json?.error?.code, `${spec}: ${r.stdout}`).toBe(code);
      expect(r.code, spec).toBe(exit);
      expect(r.json.error.message, spec).toBe(message);
    }
    expect(snapshotTree(ws)).toEqual(before);
  });
});

describe('the stored attestations beside the lock (§3.4 provenance, re-checked offline)', () => {
  it('a FIFO in their place fails verify\'s provenance check at once (EPROVENANCE), not a read that never ends', async () => {
    const { execFileSync } = await import('node:child_process');
    const ws = makeWorkspace({ registry: fx.reg.url });
    const added = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(added.json?.ok, added.stderr).toBe(true);
    const dir = join(ws, '.clawhub', 'attestations');
    const [file] = readdirSync(dir);
    rmSync(join(dir, file as string));
    execFileSync('mkfifo', [join(dir, file as string)]);
    const r = await runCli(['verify', '--cwd', ws, '--json'], { env: env(), timeoutMs: 15_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code).toBe(1);
    const check = r.json.skills[0].checks.find((c: { check: string }) => c.check === 'provenance');
    expect(check).toMatchObject({ ok: false, code: 'EPROVENANCE' });
    expect(check.detail).toContain('are not a regular file');
  });
});

describe('--json (README: one JSON document on stdout; human text and prompts on stderr)', () => {
  it('every command, done or refused, prints one document alone on stdout: ok, and an error with a code unless it is verify\'s failed report', async () => {
    const ws = makeWorkspace({ registry: fx.reg.url });
    const cfg = join(ws, 'openclaw.json');
    writeFileSync(cfg, '{}\n');
    // [arguments, ok, error code or null]: in order, on one workspace (the review goes to stderr).
    const runs: Array<[string[], boolean, string | null]> = [
      [['add', 'weather@1.4.0', '--yes'], true, null],
      [['add', 'notes@1.0.0', '--yes'], true, null],
      [['add', 'weather', '--yes'], false, 'EUNPINNED'],
      [['review', 'weather@1.4.1'], true, null],
      [['review', 'solana-wallet-tracker@1.0.0'], false, 'ERISK'],
      [['list'], true, null],
      [['outdated'], true, null],
      [['install'], true, null],
      [['install', '--frozen'], true, null],
      [['verify'], true, null],
      [['verify', '--format', 'json'], true, null],
      [['policy'], true, null],
      [['policy', '--write', cfg], true, null],
      [['policy', '--check', cfg], true, null],
      [['update', 'notes', '--to', '1.1.0', '--yes'], true, null],
      [['update', 'weather'], false, 'EREVIEW'],
      [['adopt'], true, null],
      [['cache'], true, null],
      [['cache', 'prune', '--dry-run'], true, null],
      [['cache', 'clean', '--dry-run'], true, null],
      [['hook', 'openclaw-install-policy', '--print-config'], true, null],
      [['remove', 'notes'], true, null],
      [['remove', 'notes'], false, 'ENOTFOUND'],
      [['nosuch'], false, 'EUSAGE'],
    ];
    for (const [args, ok, code] of runs) {
      const r = await runCli([...args, '--cwd', ws, '--json'], { env: env() });
      const what = `${args.join(' ')}: ${r.stdout.slice(0, 200)}${r.stderr.slice(-300)}`;
      expect(r.json, what).toBeDefined();
      expect(r.stdout.trim().startsWith('{') && r.stdout.trim().endsWith('}'), what).toBe(true);
      expect(r.json.ok, what).toBe(ok);
      expect(r.json.error?.code ?? null, what).toBe(code);
      expect(r.code, what).toBe(code === null ? 0 : exitCodeFor(code as ErrorCode));
    }
    // A verify whose checks fail still prints its report: ok false, no error, exit 1.
    writeFileSync(join(ws, 'skills', 'weather', 'SKILL.md'), 'changed\n');
    const failed = await runCli(['verify', '--cwd', ws, '--json'], { env: env() });
    expect(failed.code).toBe(1);
    expect(failed.json).toMatchObject({ ok: false });
    expect(failed.json.error).toBeUndefined();
  });
});
