// The inventory and upkeep commands (list, remove, policy, cache) against what an attacker
// controls: a lock committed beside the code (a teammate's unreviewed change), the sandbox's
// folders, a skill's SKILL.md. None may print a line the command did not mean, pass what is not,
// or touch anything outside its own state.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyConfig, derivePolicy, policyFragment, renderPolicy, writePolicy } from '../src/policy/index.js';
import { OWNER_MARK } from '../src/sandbox/index.js';
import { BIN, makeWorkspace, ROOT, runCli, snapshotTree, tempDir, useFixtureRegistry } from './helpers.js';

/** A workspace folder holding `lock` as its .clawhub/lock.json, and no config. */
function workspaceWithLock(lock: unknown): string {
  const ws = tempDir('skillpin-cmds-');
  mkdirSync(join(ws, '.clawhub'), { recursive: true });
  writeFileSync(join(ws, '.clawhub', 'lock.json'), typeof lock === 'string' ? lock : JSON.stringify(lock, null, 2));
  return ws;
}

/** A lock entry as the clawhub CLI writes it: a version and a time, no bytes pinned. */
const clawhubCliEntry = (extra: Record<string, unknown> = {}) => ({ version: '1.0.0', installedAt: 1764000000000, ...extra });

/** A row `skill list` would print for a pinned, installed skill with provenance. */
const FAKE_ROW = 'weather  1.4.0    npm     yes     yes        acme/weather@0123456789ab  exec, read';

describe('a lock key that is no skill name', () => {
  it.each([
    ['a newline (a fake row of its own)', `evil\n${FAKE_ROW}`],
    ['a carriage return', 'evil\rweather'],
    ['a tab', 'evil\tweather'],
    ['an escape sequence', 'evil\u001b[2Kweather'],
    ['a bidi override', 'evil\u202eweather'],
    ['a zero-width space', 'wea\u200bther'],
  ])('%s: every command refuses the lock (ELOCKFILE, exit 2), changing nothing', async (_what, key) => {
    const ws = workspaceWithLock({ version: 1, skills: { [key]: clawhubCliEntry() } });
    const before = snapshotTree(ws);
    for (const args of [['list'], ['verify'], ['remove', key], ['policy'], ['outdated'], ['cache', 'prune', '--dry-run']]) {
      const r = await runCli([...args, '--cwd', ws, '--json'], { env: { SKILL_CACHE: tempDir() } });
      expect(r.code, `${args[0]}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.json.error.code).toBe('ELOCKFILE');
      expect(r.json.error.message).toContain('holds a control, format or line-break character');
    }
    const human = await runCli(['list', '--cwd', ws]);
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    // Named, on the error's own line: no line of the key's text.
    expect(human.stderr.split('\n').filter((l) => l.startsWith('weather'))).toEqual([]);
    expect(snapshotTree(ws)).toEqual(before);
  });
});

describe('a sandbox the config puts outside the workspace', () => {
  /** ~/.config/git beside a checkout whose committed config names ../../.config as the sandbox. */
  function checkout(sandbox: string): { ws: string; victim: string } {
    const home = tempDir('skillpin-home-');
    mkdirSync(join(home, '.config', 'git'), { recursive: true });
    writeFileSync(join(home, '.config', 'git', 'config'), '[user]\n\tname = me\n');
    const ws = join(home, 'src', 'proj');
    mkdirSync(join(ws, '.clawhub'), { recursive: true });
    // A link committed in the repository, to the home folder above it.
    symlinkSync(home, join(ws, 'home'));
    writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify({ sandbox }));
    writeFileSync(join(ws, '.clawhub', 'lock.json'), JSON.stringify({ version: 1, skills: { git: clawhubCliEntry() } }));
    return { ws, victim: join(home, '.config', 'git') };
  }

  it.each([['../../.config'], ['home/.config']])('sandbox %j: remove, list and verify refuse it (ESANDBOX), deleting nothing', async (sandbox) => {
    const { ws, victim } = checkout(sandbox);
    const before = snapshotTree(join(ws, '..', '..'));
    const rm = await runCli(['remove', 'git', '--cwd', ws, '--json']);
    expect(rm.code, rm.stdout).toBe(1);
    expect(rm.json.error.code).toBe('ESANDBOX');
    expect(rm.json.error.hint).toContain('--sandbox');
    for (const args of [['list'], ['verify'], ['install', '--frozen']]) {
      const r = await runCli([...args, '--cwd', ws, '--json']);
      expect(r.code, `${args[0]}: ${r.stdout}`).toBe(1);
      expect(JSON.stringify(r.json)).toContain('outside the workspace');
    }
    expect(snapshotTree(join(ws, '..', '..'))).toEqual(before);
    expect(readFileSync(join(victim, 'config'), 'utf8')).toContain('name = me');
  });

  it('named by --sandbox (the person, not the repository), a folder outside the workspace is the sandbox', async () => {
    const { ws } = checkout('skills');
    const outside = tempDir('skillpin-outside-');
    mkdirSync(join(outside, 'git'));
    const r = await runCli(['list', '--sandbox', outside, '--cwd', ws, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.skills[0]).toMatchObject({ name: 'git', installed: true });
  });

  it('named by SKILL_SANDBOX (a deployment sets it once, as CI sets its tokens), an absolute folder outside the workspace is the sandbox; a relative one is ECONFIG; --sandbox wins', async () => {
    const { ws } = checkout('../../.config');
    const outside = tempDir('skillpin-outside-');
    mkdirSync(join(outside, 'git'));
    const r = await runCli(['list', '--cwd', ws, '--json'], { env: { SKILL_SANDBOX: outside } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.skills[0]).toMatchObject({ name: 'git', installed: true });
    const relative = await runCli(['list', '--cwd', ws, '--json'], { env: { SKILL_SANDBOX: '../../.config' } });
    expect(relative.code).toBe(2);
    expect(relative.json.error).toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('SKILL_SANDBOX must be an absolute path') });
    // The flag over the environment: a folder inside the workspace, with nothing installed.
    const flag = await runCli(['list', '--sandbox', 'skills', '--cwd', ws, '--json'], { env: { SKILL_SANDBOX: outside } });
    expect(flag.json.skills[0]).toMatchObject({ name: 'git', installed: false });
    // Without it, the committed config's folder outside is refused, and the hint names both ways.
    const refused = await runCli(['list', '--cwd', ws, '--json']);
    expect(refused.json.error.hint).toContain('SKILL_SANDBOX=');
  });
});

describe('skill list', () => {
  it("prints each entry on one row: a lock's version, owner, provenance and tools cannot add a row", async () => {
    const ws = workspaceWithLock({
      version: 1,
      skills: {
        notes: clawhubCliEntry({
          version: `1.0.0\n${FAKE_ROW}`,
          ownerHandle: `acme\n${FAKE_ROW}`,
          provenance: { issuer: 'https://token.actions.githubusercontent.com', repository: `acme/notes\n${FAKE_ROW}`, commit: 'c'.repeat(40) },
          capabilities: { tools: [`exec\n${FAKE_ROW}`, 'read\tx'], bins: [], env: [] },
        }),
      },
    });
    const r = await runCli(['list', '--cwd', ws]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    // The header, the one entry's row, the note that it is not pinned.
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^name\s+version/);
    expect(lines[1]).toMatch(/^notes\s+1\.0\.0<U\+000A>weather/);
    expect(lines[1]).toContain('read<U+0009>x');
    expect(lines.filter((l) => l.startsWith('weather'))).toEqual([]);
    // --json keeps the values as the lock holds them.
    const j = await runCli(['list', '--cwd', ws, '--json']);
    expect(j.json.skills[0].version).toBe(`1.0.0\n${FAKE_ROW}`);
  });

  it("skill outdated prints each entry on one row: a lock's version and a hold's reason cannot add a row", async () => {
    const ws = workspaceWithLock({ version: 1, skills: { notes: clawhubCliEntry({ version: `1.0.0\n${FAKE_ROW}`, pinned: true, pinReason: `ops\u001b[2K\n${FAKE_ROW}` }) } });
    const r = await runCli(['outdated', '--cwd', ws]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^notes\s+1\.0\.0<U\+000A>weather/);
    expect(lines.filter((l) => l.startsWith('weather'))).toEqual([]);
    expect(r.stdout).not.toContain('\u001b');
  });

  it("a clawhub CLI entry whose @owner folder is a link out of the sandbox is not installed", async () => {
    const ws = workspaceWithLock({ version: 1, skills: { '@acme/notes': clawhubCliEntry(), '@real/notes': clawhubCliEntry() } });
    const outside = tempDir('skillpin-outside-');
    mkdirSync(join(outside, 'notes'));
    writeFileSync(join(outside, 'notes', 'SKILL.md'), '---\nname: notes\ndescription: x\n---\n');
    mkdirSync(join(ws, 'skills', '@real', 'notes'), { recursive: true });
    symlinkSync(outside, join(ws, 'skills', '@acme'));
    const r = await runCli(['list', '--cwd', ws, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.skills.map((s: { name: string; installed: boolean }) => [s.name, s.installed])).toEqual([
      ['@acme/notes', false],
      ['@real/notes', true],
    ]);
    // As verify says it.
    const v = await runCli(['verify', '--cwd', ws, '--json']);
    expect(v.code).toBe(1);
  });
});

describe('skill verify', () => {
  it("an unpinned entry's version cannot print a line of its own (a fake `verify: ok`)", async () => {
    const ws = workspaceWithLock({ version: 1, skills: { notes: clawhubCliEntry({ version: '1.0.0\nverify: ok (1 skill, 0 files, 0 KiB hashed)' }) } });
    const r = await runCli(['verify', '--cwd', ws]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('verify: '))).toEqual(['verify: FAILED, 2 checks in 1 skill (1 skill, 0 files, 0 KiB hashed)']);
    expect(r.stdout).toContain('✗ notes@1.0.0<U+000A>verify: ok');
  });

  it("a sandbox folder's name cannot print a line of its own, failed or accepted by --allow-unmanaged", async () => {
    const ws = workspaceWithLock({ version: 1, skills: {} });
    mkdirSync(join(ws, 'skills', 'x\n✓ weather@1.4.0  lock, installed, files'), { recursive: true });
    for (const [args, code] of [[[], 1], [['--allow-unmanaged'], 0]] as const) {
      const r = await runCli(['verify', ...args, '--cwd', ws]);
      expect(r.code, r.stdout + r.stderr).toBe(code);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('✓ weather')), r.stdout).toEqual([]);
      expect(r.stdout).toContain('x<U+000A>✓ weather@1.4.0');
    }
  });
});

describe('skill remove', () => {
  it("says what it removed on one line, whatever the entry's version holds", async () => {
    const ws = workspaceWithLock({ version: 1, skills: { notes: clawhubCliEntry({ version: '1.0.0\nremoved weather@1.4.0' }) } });
    const r = await runCli(['remove', 'notes', '--cwd', ws]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('removed notes@1.0.0<U+000A>removed weather@1.4.0\n');
    expect(JSON.parse(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).skills).toEqual({});
  });
});

describe('skill adopt', () => {
  it("lists an untracked sandbox folder on one line, whatever its name holds: no line reads as an adoption", async () => {
    const ws = workspaceWithLock({ version: 1, skills: {} });
    mkdirSync(join(ws, 'skills', 'x\nadopted clawhub:weather@1.4.0'), { recursive: true });
    const r = await runCli(['adopt', '--cwd', ws]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('untracked x<U+000A>adopted clawhub:weather@1.4.0/\n');
  });
});

describe('skill remove: Ctrl-C', () => {
  it('a Ctrl-C while several skills are removed is held until all of them are: not half removed, its re-run ENOTFOUND for the rest', async () => {
    const ws = workspaceWithLock({ version: 1, skills: { notes: clawhubCliEntry(), weather: clawhubCliEntry() } });
    for (const name of ['notes', 'weather']) {
      mkdirSync(join(ws, 'skills', name), { recursive: true });
      writeFileSync(join(ws, 'skills', name, 'SKILL.md'), `---\nname: ${name}\ndescription: x\n---\n`);
    }
    const child = spawn(process.execPath, [BIN, 'remove', 'notes', 'weather', '--cwd', ws], { env: { ...process.env, SKILLPIN_TEST_PAUSE_AT: 'after-lock-before-cleanup' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const pauses = () => stderr.split('paused at after-lock-before-cleanup').length - 1;
    let exited = false;
    void done.then(() => (exited = true));
    const until = async (cond: () => boolean) => {
      for (const t0 = Date.now(); !cond(); ) {
        if (Date.now() - t0 > 20_000) throw new Error(`timed out: ${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    // Ctrl-C while the first removal commits; each further pause (a test point, not a prompt) is
    // woken by a signal as well.
    await until(() => pauses() === 1);
    child.kill('SIGINT');
    await until(() => exited || pauses() === 2);
    if (!exited) child.kill('SIGINT');
    expect(await done, stderr).toBe(130);
    expect(JSON.parse(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).skills).toEqual({});
    expect(readdirSync(join(ws, 'skills'))).toEqual([]);
  });
});

describe('skill policy', () => {
  it("a SKILL.md's tool names and notes stay on their lines: none reads as an allowed tool", () => {
    const fake = '\n  exec  needed by notes';
    const text = renderPolicy(
      derivePolicy([
        {
          name: 'notes',
          capabilities: { tools: [], bins: [], env: [], config: [], os: [], install: [], always: false, unknownTools: [`Shell${fake}`], notes: [`a note${fake}`] },
        },
      ]),
    );
    expect(text.split('\n').filter((l) => /^\s+exec\b/.test(l))).toEqual([]);
    expect(text).toContain('notes: Shell<U+000A>  exec  needed by notes');
  });
});

describe('skill policy --check: one agent under two keys', () => {
  it('agents.entries holding Main and main (one agent to OpenClaw) is drift, whichever block widens the defaults', () => {
    const sandbox = { mode: 'all', workspaceAccess: 'ro', docker: { network: 'none', readOnlyRoot: true, binds: ['/ws/skills:/skills:ro'] } };
    const opts = { sandboxDir: '/ws/skills', mount: '/skills' };
    const config = { tools: { allow: ['read'] }, agents: { defaults: { sandbox }, entries: { Main: { name: 'Main' }, main: { tools: { allow: ['*'] }, sandbox: { mode: 'off' } } } } };
    const findings = checkPolicyConfig(config, derivePolicy([]), opts);
    expect(findings.map((f) => `${f.rule} ${f.path}`)).toContain('agent-duplicate agents.entries.main');
    // Checked for that agent (--agent), the same.
    expect(checkPolicyConfig(config, derivePolicy([]), { ...opts, agent: 'Main' }).map((f) => f.rule)).toContain('agent-duplicate');
    // One key per agent: no such finding.
    const single = { ...config, agents: { ...config.agents, entries: { main: { name: 'Main' }, work: {} } } };
    expect(checkPolicyConfig(single, derivePolicy([]), opts)).toEqual([]);
  });
});

describe('skill policy --write, run again', () => {
  it('a write that changes nothing writes nothing: the backup of the file it first replaced (its comments) is kept', async () => {
    const dir = tempDir('skillpin-oc-');
    const file = join(dir, 'openclaw.json');
    const original = '// the gateway, as set up by hand\n{ gateway: { port: 18789 } }\n';
    writeFileSync(file, original, { mode: 0o600 });
    const fragment = policyFragment(derivePolicy([]), { sandboxDir: '/ws/skills', mount: '/skills' });
    const first = await writePolicy(file, fragment);
    expect(first).toEqual({ backup: `${file}.bak`, changed: true });
    const written = readFileSync(file, 'utf8');
    const second = await writePolicy(file, fragment);
    expect(second).toEqual({ backup: null, changed: false });
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(original);
    expect(readFileSync(file, 'utf8')).toBe(written);
    // A changed policy is written, its backup the file it replaces.
    const third = await writePolicy(file, policyFragment(derivePolicy([]), { sandboxDir: '/ws/other', mount: '/skills' }));
    expect(third).toEqual({ backup: `${file}.bak`, changed: true });
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(written);
  });
});

describe('skill policy --check: binds', () => {
  it('a writable bind of the skills folder through a link, or of a folder that links to it, is drift', () => {
    const base = tempDir('skillpin-binds-');
    const sandboxDir = join(base, 'ws', 'skills');
    mkdirSync(sandboxDir, { recursive: true });
    // Another name for the skills folder, and for the workspace above it.
    symlinkSync(sandboxDir, join(base, 'skills-rw'));
    symlinkSync(join(base, 'ws'), join(base, 'ws-link'));
    const p = derivePolicy([]);
    const config = (binds: string[]) => ({
      tools: { allow: ['read'] },
      agents: { defaults: { sandbox: { mode: 'all', workspaceAccess: 'ro', docker: { network: 'none', readOnlyRoot: true, binds: [`${sandboxDir}:/skills:ro`, ...binds] } } } },
    });
    const opts = { sandboxDir, mount: '/skills' };
    expect(checkPolicyConfig(config([]), p, opts)).toEqual([]);
    for (const bind of [`${join(base, 'skills-rw')}:/data:rw`, `${join(base, 'ws-link')}:/ws`, `${join(base, 'ws-link', 'skills', '.')}:/x:rw`]) {
      const findings = checkPolicyConfig(config([bind]), p, opts);
      expect(findings.map((f) => `${f.rule} ${f.path}`), bind).toEqual(['sandbox-binds agents.defaults.sandbox.docker.binds[1]']);
      expect(findings[0]?.message).toContain('mounts the skills folder writable');
    }
    // A read-only bind through a link, and a writable one of a folder beside it, are no drift.
    mkdirSync(join(base, 'data'));
    expect(checkPolicyConfig(config([`${join(base, 'skills-rw')}:/again:ro`, `${join(base, 'data')}:/data:rw`]), p, opts)).toEqual([]);
  });
});

describe('one sandbox outside the workspace, named for two workspaces', () => {
  const { fx, env } = useFixtureRegistry();
  /** Workspaces A and B, and a sandbox S outside both that SKILL_SANDBOX names (a shell profile's export). */
  function twoWorkspaces(): { a: string; b: string; s: string; envFor: () => NodeJS.ProcessEnv } {
    const a = realpathSync(makeWorkspace());
    const b = realpathSync(makeWorkspace());
    const s = join(tempDir('skillpin-volume-'), 'skills');
    return { a, b, s, envFor: () => ({ ...env(), SKILL_SANDBOX: s }) };
  }
  const ownerOf = (s: string) => JSON.parse(readFileSync(join(s, OWNER_MARK), 'utf8')).workspace;

  it("the first to install claims it; every command of the other is refused (ESANDBOX) before it reads, sweeps or writes anything", async () => {
    const { a, b, s, envFor } = twoWorkspaces();
    const added = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', a], { env: envFor() });
    expect(added.code, added.stderr).toBe(0);
    expect(ownerOf(s)).toBe(a);
    // The record is no unmanaged skill for the workspace that wrote it.
    const ok = await runCli(['verify', '--cwd', a, '--json'], { env: envFor() });
    expect(ok.code, ok.stdout).toBe(0);
    // B pins a skill of its own, and a killed run of A left a staging folder B's sweep would take.
    writeFileSync(join(b, '.clawhub', 'lock.json'), readFileSync(join(a, '.clawhub', 'lock.json')));
    cpSync(join(a, '.clawhub', 'attestations'), join(b, '.clawhub', 'attestations'), { recursive: true });
    mkdirSync(join(s, '.skillpin-staging-1-aaaaaaaaaaaa-0'));
    const before = { s: snapshotTree(s), b: snapshotTree(b) };
    for (const args of [['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url], ['install', '--frozen'], ['remove', 'weather'], ['list'], ['verify'], ['adopt']]) {
      const r = await runCli([...args, '--cwd', b, '--json'], { env: envFor() });
      expect(r.code, `${args[0]}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(JSON.stringify(r.json), args[0]).toContain(`is the sandbox of the workspace ${a}`);
      if (args[0] !== 'verify') expect(r.json.error).toMatchObject({ code: 'ESANDBOX', hint: expect.stringContaining('SKILL_SANDBOX') });
    }
    expect({ s: snapshotTree(s), b: snapshotTree(b) }).toEqual(before);
    // Its own sandbox (the config's) is B's to use.
    const own = await runCli(['install', '--frozen', '--cwd', b, '--json'], { env: env() });
    expect(own.code, own.stderr).toBe(0);
    expect(existsSync(join(b, 'skills', OWNER_MARK))).toBe(false);
  });

  it('a record naming a workspace with no lock any more (moved) is replaced by the next run that installs; one naming no workspace is refused', async () => {
    const { a, s, envFor } = twoWorkspaces();
    expect((await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', a], { env: envFor() })).code).toBe(0);
    const moved = `${a}-moved`;
    renameSync(a, moved);
    const list = await runCli(['list', '--cwd', moved, '--json'], { env: envFor() });
    expect(list.code, list.stderr).toBe(0);
    expect(list.json.skills[0]).toMatchObject({ name: 'weather', installed: true });
    expect(ownerOf(s)).toBe(a);
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', moved], { env: envFor() })).code).toBe(0);
    expect(ownerOf(s)).toBe(moved);
    // Something else in its place: not a record skillpin wrote.
    for (const text of ['not json', JSON.stringify({ workspace: 'relative/path' })]) {
      writeFileSync(join(s, OWNER_MARK), text);
      const r = await runCli(['list', '--cwd', moved, '--json'], { env: envFor() });
      expect(r.code).toBe(1);
      expect(r.json.error).toMatchObject({ code: 'ESANDBOX', message: expect.stringContaining('is not the record skillpin keeps') });
    }
  });

  it("a workspace whose folder name holds a line break keeps its claim; another workspace's refusal shows that name on one line", async () => {
    const s = join(tempDir('skillpin-volume-'), 'skills');
    const odd = join(realpathSync(tempDir('skillpin-ws-')), 'proj\nweather  1.4.0');
    makeWorkspace({}, odd);
    const envFor = { ...env(), SKILL_SANDBOX: s };
    for (const spec of ['weather@1.4.0', 'notes@1.0.0']) {
      const r = await runCli(['add', spec, '--yes', '--registry', fx.reg.url, '--cwd', odd], { env: envFor });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(ownerOf(s)).toBe(odd);
    const other = makeWorkspace();
    const human = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', other], { env: envFor });
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('proj<U+000A>weather');
    expect(human.stderr.split('\n').filter((l) => l.startsWith('weather'))).toEqual([]);
  });

  it('a first install that fails takes the sandbox it made away again, claim and all; a sandbox inside the workspace is claimed for nobody', async () => {
    const { a, s, envFor } = twoWorkspaces();
    const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', a], { env: { ...envFor(), SKILLPIN_TEST_ENOSPC_AT: 'lock.json' } });
    expect(r.code, r.stderr).not.toBe(0);
    expect(existsSync(s)).toBe(false);
    const inside = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', a, '--sandbox', join(a, 'volume')], { env: env() });
    expect(inside.code, inside.stderr).toBe(0);
    expect(readdirSync(join(a, 'volume'))).toEqual(['weather']);
  });
});

describe('a committed lock, config or trust file that is a link to a secret', () => {
  it("is refused without printing the secret's first characters (JSON.parse quotes the text round the fault)", async () => {
    const secret = join(tempDir('skillpin-home-'), 'environ');
    writeFileSync(secret, 'SECRET_TOKEN=ghp_0123456789abcdef\0HOME=/root\0');
    const cases: Array<[string, (ws: string) => void, string]> = [
      ['lock', (ws) => symlinkSync(secret, join(ws, '.clawhub', 'lock.json')), 'ELOCKFILE'],
      ['config', (ws) => symlinkSync(secret, join(ws, '.clawhub', 'config.json')), 'ECONFIG'],
      // The project's own workspace, whose stored bundles verify reads with the trust root.
      [
        'trust file',
        (ws) => {
          cpSync(join(ROOT, '.clawhub'), join(ws, '.clawhub'), { recursive: true });
          const config = JSON.parse(readFileSync(join(ws, '.clawhub', 'config.json'), 'utf8'));
          writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify({ ...config, trust: { ...config.trust, trustedRoots: [secret], registryKeys: [] } }));
        },
        'ECONFIG',
      ],
    ];
    for (const [what, plant, code] of cases) {
      const ws = tempDir('skillpin-cmds-');
      mkdirSync(join(ws, '.clawhub'));
      plant(ws);
      for (const json of [true, false]) {
        const r = await runCli(['verify', '--cwd', ws, ...(json ? ['--json'] : [])]);
        expect(r.code, `${what}: ${r.stdout}${r.stderr}`).not.toBe(0);
        expect(`${r.stdout}${r.stderr}`, what).toContain(code);
        expect(`${r.stdout}${r.stderr}`, what).not.toMatch(/SECRET|ghp_/);
      }
    }
  });
});

describe("a sandbox inside another workspace, named for this one", () => {
  const { fx, env } = useFixtureRegistry();
  it("another workspace's own skills folder (its default sandbox, which carries no record) is refused (ESANDBOX): it is that workspace's, and its runs never look for a claim", async () => {
    const a = realpathSync(makeWorkspace());
    const b = realpathSync(makeWorkspace());
    // A pins a skill into its default sandbox, skills/ inside it.
    const added = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', a], { env: env() });
    expect(added.code, added.stderr).toBe(0);
    // SKILL_SANDBOX exported while working in A names A's skills folder in every workspace.
    const s = join(a, 'skills');
    mkdirSync(join(s, '.skillpin-staging-1-aaaaaaaaaaaa-0'));
    // B pins the same skill (its own copy of the lock).
    writeFileSync(join(b, '.clawhub', 'lock.json'), readFileSync(join(a, '.clawhub', 'lock.json')));
    cpSync(join(a, '.clawhub', 'attestations'), join(b, '.clawhub', 'attestations'), { recursive: true });
    const before = { s: snapshotTree(s), b: snapshotTree(b) };
    for (const args of [['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url], ['install'], ['list'], ['verify']]) {
      const r = await runCli([...args, '--cwd', b, '--json'], { env: { ...env(), SKILL_SANDBOX: s } });
      expect(r.code, `${args[0]}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(JSON.stringify(r.json), args[0]).toContain(`lies in the workspace ${a}`);
      if (args[0] !== 'verify') expect(r.json.error).toMatchObject({ code: 'ESANDBOX' });
    }
    expect({ s: snapshotTree(s), b: snapshotTree(b) }).toEqual(before);
    expect(existsSync(join(s, OWNER_MARK))).toBe(false);
    // A folder there not made yet: refused before the review, and not made.
    const later = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', b, '--json'], { env: { ...env(), SKILL_SANDBOX: join(a, 'agent-skills') } });
    expect(later.json?.error, later.stderr).toMatchObject({ code: 'ESANDBOX', message: expect.stringContaining(`lies in the workspace ${a}`) });
    expect(later.stderr).not.toContain('Review: notes@1.0.0');
    expect(existsSync(join(a, 'agent-skills'))).toBe(false);
    // A workspace inside another one (a monorepo's package, the home folder as a workspace) may
    // still name a folder of the outer one.
    const inner = join(a, 'packages', 'inner');
    mkdirSync(inner, { recursive: true });
    makeWorkspace({}, inner);
    const ok = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', inner, '--sandbox', join(a, 'shared-skills')], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('a committed .clawhub folder that is a link out of the workspace', () => {
  const { fx, env } = useFixtureRegistry();
  it("install --frozen sweeps no temp file where .clawhub/attestations or the journal folder leads: it deletes nothing outside the workspace", async () => {
    const ws = makeWorkspace();
    const added = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(added.code, added.stderr).toBe(0);
    const outside = tempDir('skillpin-outside-');
    writeFileSync(join(outside, 'build.tmp'), 'another program\'s file');
    writeFileSync(join(outside, 'upload.tmp'), 'another program\'s file');
    renameSync(join(ws, '.clawhub', 'attestations'), join(tempDir('skillpin-aside-'), 'attestations'));
    symlinkSync(outside, join(ws, '.clawhub', 'attestations'));
    const r = await runCli(['install', '--frozen', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(outside).sort()).toEqual(['build.tmp', 'upload.tmp']);
    // The journal folder as such a link is refused before anything is swept (the next test).
    rmSync(join(ws, '.clawhub', '.skillpin-journal'), { recursive: true, force: true });
    symlinkSync(outside, join(ws, '.clawhub', '.skillpin-journal'));
    const again = await runCli(['install', '--frozen', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(again.code, again.stderr).toBe(2);
    expect(readdirSync(outside).sort()).toEqual(['build.tmp', 'upload.tmp']);
  });

  it('a journal folder that is a link is refused (ELOCKFILE) by install --frozen and verify, without naming a file where it leads as a journal to delete', async () => {
    const ws = makeWorkspace();
    const added = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(added.code, added.stderr).toBe(0);
    const outside = tempDir('skillpin-outside-');
    writeFileSync(join(outside, 'weather.json'), '{"name":"another program\'s file"}');
    const journals = join(ws, '.clawhub', '.skillpin-journal');
    rmSync(journals, { recursive: true, force: true });
    symlinkSync(outside, journals);
    for (const args of [['install', '--frozen'], ['verify']]) {
      const r = await runCli([...args, '--json', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
      expect(r.code, `${args[0]}: ${r.stderr}`).not.toBe(0);
      const text = JSON.stringify(r.json);
      expect(text, args[0]).toContain(`${journals} is a link`);
      expect(text, args[0]).not.toContain('weather.json');
    }
    expect(readdirSync(outside)).toEqual(['weather.json']);
  });
});

describe('a sandbox inside another workspace whose folder name holds a line break', () => {
  it('the refusal shows that name on one line: no line of it reads as a report of its own', async () => {
    const odd = join(realpathSync(tempDir('skillpin-ws-')), 'proj\nverify: ok');
    makeWorkspace({}, odd);
    mkdirSync(join(odd, 'skills'));
    const b = makeWorkspace();
    for (const ws of [odd, b]) writeFileSync(join(ws, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
    const r = await runCli(['list', '--cwd', b], { env: { SKILL_SANDBOX: join(odd, 'skills') } });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('proj<U+000A>verify: ok');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('verify'))).toEqual([]);
  });
});
