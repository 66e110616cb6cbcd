// Usability: what a person sees after a common mistake (a typo, the wrong folder, a missing
// argument): the problem, the fix, a stable code, a non-zero exit, and nothing changed on disk.

import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, listenLoopback, makeWorkspace, runCli, snapshotTree, startRegistry, tempDir, useFixtureRegistry } from './helpers.js';

const { fx, env } = useFixtureRegistry();

/** A workspace whose lock pins `weather` and `notes` (by hand: no registry is asked). */
function lockedWorkspace(): string {
  const ws = makeWorkspace();
  const entry = (version: string) => ({ version, installedAt: 1764000000000, integrity: `sha512-${'A'.repeat(86)}==`, files: { 'SKILL.md': 'sha512-AAAA' } });
  writeFileSync(join(ws, '.clawhub', 'lock.json'), `${JSON.stringify({ version: 1, skills: { weather: entry('1.4.0'), notes: entry('1.0.0') } }, null, 2)}\n`);
  return ws;
}

/** A workspace whose lock pins no skill (an empty `skills`), so policy has nothing to derive from. */
function emptyLockWorkspace(): string {
  const ws = makeWorkspace();
  writeFileSync(join(ws, '.clawhub', 'lock.json'), '{\n  "skills": {},\n  "version": 1\n}\n');
  return ws;
}

describe('a mistyped skill name', () => {
  it('skill update names the locked skill it most likely meant, not `skill add` of the typo', async () => {
    const ws = lockedWorkspace();
    const before = snapshotTree(ws);
    const r = await runCli(['update', 'weathr', '--cwd', ws, '--json', '--registry', 'http://127.0.0.1:9/']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('ENOTFOUND');
    expect(r.json.error.message).toBe('weathr is not in the lock (did you mean weather?)');
    expect(r.json.error.hint).toContain('skill update weather');
    expect(r.json.error.hint).not.toContain('skill add weathr');
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('skill update of a name like no locked one says how to pin a new skill, with an exact version', async () => {
    const ws = lockedWorkspace();
    const r = await runCli(['update', 'gifgrep', '--cwd', ws, '--json', '--registry', 'http://127.0.0.1:9/']);
    expect(r.json.error.code).toBe('ENOTFOUND');
    expect(r.json.error.message).toBe('gifgrep is not in the lock');
    expect(r.json.error.hint).toContain('skill add gifgrep@<version>');
  });

  it('name@version where a locked name is wanted: update names --to, remove the bare name (not `skill add weather@1.5.0@<version>`)', async () => {
    const ws = lockedWorkspace();
    const before = snapshotTree(ws);
    const u = await runCli(['update', 'weather@1.5.0', '--cwd', ws, '--json', '--registry', 'http://127.0.0.1:9/']);
    expect(u.code).toBe(2);
    expect(u.json.error.code).toBe('EUSAGE');
    expect(u.json.error.message).toBe('skill update takes the names of locked skills, not weather@1.5.0');
    expect(u.json.error.hint).toBe('Pass the version with --to: skill update weather --to 1.5.0');
    const r = await runCli(['remove', 'weather@1.4.0', 'notes', '--cwd', ws, '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('EUSAGE');
    expect(r.json.error.message).toBe('skill remove takes the names of locked skills, not weather@1.4.0; nothing was removed');
    expect(r.json.error.hint).toBe('skill remove weather notes');
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('a version typed as a word of its own: add and review name the spec with its @, update names --to (not `skill add 1.5.0@<version>`)', async () => {
    const ws = lockedWorkspace();
    const before = snapshotTree(ws);
    // A closed port: each is refused before any registry is asked.
    const offline = ['--cwd', ws, '--json', '--registry', 'http://127.0.0.1:9/'];
    const cases: Array<[string[], string, string]> = [
      [['add', 'weather', '1.5.0', '--yes'], 'skill add takes one spec, not 2 (did you mean weather@1.5.0?)', 'The version goes after an @: skill add weather@1.5.0'],
      [['review', '@acme/x', '^1'], 'skill review takes one spec, not 2 (did you mean @acme/x@^1?)', 'The version goes after an @: skill review @acme/x@^1'],
      [['add', 'weather@1.5.0', 'notes@1.0.0'], 'skill add takes one spec, not 2', 'One command per skill: skill add weather@1.5.0; skill add notes@1.0.0.'],
      // A ClawHub owner's @ is no version: before, this hinted `skill add 1.5.0` as a second command.
      [['add', 'clawhub:@acme/weather', '1.5.0', '--yes'], 'skill add takes one spec, not 2 (did you mean clawhub:@acme/weather@1.5.0?)', 'The version goes after an @: skill add clawhub:@acme/weather@1.5.0'],
      [['add', 'clawhub:weather@1.5.0', 'notes@1.0.0'], 'skill add takes one spec, not 2', 'One command per skill: skill add clawhub:weather@1.5.0; skill add notes@1.0.0.'],
      [['update', 'weather', '1.5.0'], 'skill update takes the names of locked skills, not the version 1.5.0', 'Pass the version with --to: skill update weather --to 1.5.0'],
      [['update', 'weather', 'notes', '1.5.0'], 'skill update takes the names of locked skills, not the version 1.5.0', 'Pass the version with --to: skill update <name> --to 1.5.0'],
    ];
    for (const [args, message, hint] of cases) {
      const r = await runCli([...args, ...offline]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.json.error, args.join(' ')).toEqual({ code: 'EUSAGE', message, hint });
    }
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('skill remove suggests the locked names (any case) and removes nothing', async () => {
    const ws = lockedWorkspace();
    const before = snapshotTree(ws);
    const r = await runCli(['remove', 'notes', 'weathr', 'Notse', 'zzz', '--cwd', ws]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error ENOTFOUND: not in the lock: weathr, Notse, zzz (did you mean weather, notes?); nothing was removed');
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('a name of one or two letters is not "corrected" to an unrelated one', async () => {
    const ws = tempDir();
    makeWorkspace({}, ws);
    writeFileSync(join(ws, '.clawhub', 'lock.json'), `${JSON.stringify({ version: 1, skills: { ab: { version: '1.0.0', installedAt: 1 } } })}\n`);
    const r = await runCli(['remove', 'xy', '--cwd', ws, '--json']);
    expect(r.json.error.message).not.toContain('did you mean');
  });
});

describe('skill update usage errors', () => {
  it('hint with the names the person typed, never a made-up skill or version', async () => {
    const ws = lockedWorkspace();
    const before = snapshotTree(ws);
    const cases: Array<[string[], RegExp]> = [
      [['notes', '--all'], /^skill update notes, or skill update --all\.$/],
      [['notes', 'clock', '--to', '1.2.0'], /skill update notes --to <version>; skill update clock --to <version>/],
      [['notes', '--to', '1.2'], /skill outdated lists the newest ones of notes/],
      [[], /skill update <name\.\.\.>/],
    ];
    for (const [args, hint] of cases) {
      const r = await runCli(['update', ...args, '--cwd', ws, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json.error.code).toBe('EUSAGE');
      expect(r.json.error.hint, args.join(' ')).toMatch(hint);
      expect(r.json.error.hint, args.join(' ')).not.toMatch(/weather|1\.5\.0/);
    }
    expect(snapshotTree(ws)).toEqual(before);
  });
});

describe('a folder that is not a workspace', () => {
  it('skill list and skill outdated say that no lock is there, and where they looked (exit 0, nothing written)', async () => {
    const dir = tempDir();
    for (const cmd of ['list', 'outdated']) {
      const r = await runCli([cmd, '--cwd', dir]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`No lock at ${join(dir, '.clawhub', 'lock.json')}`);
      expect(r.stdout).toContain('--cwd DIR');
      const j = await runCli([cmd, '--cwd', dir, '--json']);
      expect(j.json).toMatchObject({ ok: true, skills: [] });
    }
    expect(snapshotTree(dir)).toEqual({});
  });

  it('an empty lock is still "No skills in the lock."', async () => {
    const ws = makeWorkspace();
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
    const r = await runCli(['list', '--cwd', ws]);
    expect(r.stdout).toBe('No skills in the lock.\n');
  });
});

describe('skill review ./folder', () => {
  it('names the skill from SKILL.md when the folder has no package.json, not from the folder', async () => {
    const dir = join(tempDir(), '1.4.0');
    mkdirSync(dir);
    writeFileSync(join(dir, 'SKILL.md'), '---\nname: forecast\nversion: 2.1.0\ndescription: test fixture\n---\n# forecast\n');
    const r = await runCli(['review', dir, '--cwd', makeWorkspace(), '--registry', 'http://127.0.0.1:9/', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.review.name).toBe('forecast');
    expect(r.json.review.version).toBe('2.1.0');
    const h = await runCli(['review', dir, '--cwd', makeWorkspace(), '--registry', 'http://127.0.0.1:9/']);
    expect(h.stdout).toMatch(/^Review: forecast@2\.1\.0 /);
    // How to install it: `npm pack` alone fails here (npm error enoent: no package.json).
    expect(h.stdout.split('\n')[0]).toContain('add a package.json {"name":"forecast","version":"2.1.0"}, then `npm pack` it and add the .tgz');
  });

  it("package.json's name and version still win", async () => {
    const dir = join(tempDir(), 'src');
    mkdirSync(dir);
    writeFileSync(join(dir, 'SKILL.md'), '---\nname: forecast\ndescription: test fixture\n---\n# forecast\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@acme/forecast', version: '3.0.0' }));
    const r = await runCli(['review', dir, '--cwd', makeWorkspace(), '--registry', 'http://127.0.0.1:9/', '--json']);
    expect(r.json.review.name).toBe('@acme/forecast');
    expect(r.json.review.version).toBe('3.0.0');
    const h = await runCli(['review', dir, '--cwd', makeWorkspace(), '--registry', 'http://127.0.0.1:9/']);
    expect(h.stdout.split('\n')[0]).toBe('Review: @acme/forecast@3.0.0  (a local folder: nothing to pin; pack it with `npm pack` and add the .tgz to install it)');
  });
});

describe('usage errors point at the help that answers them', () => {
  it("inside a command, the hint names that command's --help; at the top, skill --help", async () => {
    const cases: Array<[string[], string, string]> = [
      [['add'], "missing required argument 'spec'", 'Run `skill add --help` for its arguments, options and examples.'],
      [['-C', '.', 'rm'], "missing required argument 'names'", 'Run `skill remove --help` for its arguments, options and examples.'],
      [['cache', 'prune', '--bogus'], "unknown option '--bogus'", 'Run `skill cache prune --help` for its arguments, options and examples.'],
      [['hook', 'foo'], "unknown command 'foo'", 'Run `skill hook --help` for its commands.'],
      [['lsit'], "unknown command 'lsit' (did you mean list?)", 'Run `skill --help` for the commands, or `skill <command> --help` for the options and examples of one.'],
      // The option that tells skillpin from procps's `skill`, not `verify`, which commander's spelling match offered.
      [['version'], "unknown command 'version' (did you mean --version?)", 'Run `skill --help` for the commands, or `skill <command> --help` for the options and examples of one.'],
      [['help', 'nosuch'], "unknown command 'nosuch'", 'Run `skill --help` for the commands, or `skill <command> --help` for the options and examples of one.'],
      [['help', 'cache', 'nosuch'], "unknown cache command 'nosuch'", 'Run `skill cache --help` for what it takes.'],
      [['help', 'verify', 'extra'], "verify has no commands of its own ('extra')", 'Run `skill verify --help` for what it takes.'],
      [['cache', 'prnue'], 'unknown cache command "prnue" (did you mean prune?)', 'The cache commands are info (the default), prune and clean: see skill cache --help.'],
      [['cache', 'frobnicate'], 'unknown cache command "frobnicate"', 'The cache commands are info (the default), prune and clean: see skill cache --help.'],
    ];
    for (const [args, message, hint] of cases) {
      const r = await runCli([...args, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json.error, args.join(' ')).toEqual({ code: 'EUSAGE', message, hint });
      expect(r.stderr).toContain(`  hint: ${hint}`);
    }
  });

  it('skill help <command> beside --cwd DIR: the folder is the option\'s value, not a command word', async () => {
    const ws = lockedWorkspace();
    const before = snapshotTree(ws);
    const own = await runCli(['list', '--help']);
    for (const args of [['help', 'list', '-C', ws], ['help', 'list', '--cwd', ws], ['-C', ws, 'help', 'list']]) {
      const r = await runCli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args.join(' ')).toBe(own.stdout);
    }
    // And a command that is not there is named as such, wherever --cwd stands.
    const unknown = await runCli(['-C', ws, 'help', 'nosuch', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error.message).toBe("unknown command 'nosuch'");
    expect(snapshotTree(ws)).toEqual(before);
  });
});

describe('--help teaches', () => {
  it('every command shows examples and its exit codes, the CI gate (verify) and adopt included', async () => {
    for (const cmd of ['add', 'install', 'list', 'remove', 'review', 'policy', 'outdated', 'update', 'verify', 'adopt', 'cache', 'hook']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/\nExamples:\n {2}skill /);
      // Where the exit codes are, as npm and cargo list them: each command says what its own mean.
      expect(r.stdout, cmd).toMatch(/\nExit: 0 /);
    }
    // The subcommands too: each of them does something of its own (prune and clean remove files).
    for (const sub of [['cache', 'info'], ['cache', 'prune'], ['cache', 'clean'], ['hook', 'openclaw-install-policy']]) {
      const r = await runCli([...sub, '--help']);
      expect(r.code, sub.join(' ')).toBe(0);
      expect(r.stdout, sub.join(' ')).toMatch(new RegExp(`\\nExamples:\\n {2}skill ${sub.join(' ')}`));
      expect(r.stdout, sub.join(' ')).toMatch(/\nExit: /);
      // `skill help <command> <subcommand>` shows that subcommand's help, as `git help` would.
      const viaHelp = await runCli(['help', ...sub]);
      expect(viaHelp.code, `help ${sub.join(' ')}`).toBe(0);
      expect(viaHelp.stdout, `help ${sub.join(' ')}`).toBe(r.stdout);
    }
    const hookHelp = await runCli(['hook', 'openclaw-install-policy', '--help']);
    expect(hookHelp.stdout).toMatch(/\nExit: answering, 0 /);
    const v = await runCli(['verify', '--help']);
    expect(v.stdout).toContain('skill verify --format sarif > skillpin.sarif');
    // --accept-downgrade is also what a lost registry signature (EDOWNGRADE) asks for.
    for (const cmd of ['add', 'update']) expect((await runCli([cmd, '--help'])).stdout.replace(/\s+/g, ' '), cmd).toContain('--accept-downgrade accept a version that lost the provenance or the registry signature the locked one had');
    // Plain install may write the lock (its sorted form); --frozen never does.
    expect((await runCli(['install', '--help'])).stdout.replace(/\s+/g, ' ')).toContain('Without --frozen, a lock not in skillpin\'s sorted form is written back in it, with the same pins');
    // adopt moves folders as well as writing pins: its help says so before anyone runs it.
    expect((await runCli(['adopt', '--help'])).stdout.replace(/\s+/g, ' ')).toContain('its folder moved from <sandbox>/@owner/<slug> to <sandbox>/<slug>');
    // The config's "sandbox" is the default a workspace has: the flag overrides it and SKILL_SANDBOX, as
    // --registry does, and may name a folder outside the workspace, which it then claims.
    expect((await runCli(['--help'])).stdout.replace(/\s+/g, ' ')).toContain('--sandbox <dir> sandbox folder, relative to the workspace, or outside it: it then belongs to this workspace (.skillpin-workspace) (overrides SKILL_SANDBOX and "sandbox" in .clawhub/config.json; default: skills)');
    // The cache's default is where `skill cache` looks: XDG_CACHE_HOME first.
    expect((await runCli(['--help'])).stdout.replace(/\s+/g, ' ')).toContain('(default $XDG_CACHE_HOME/skillpin, else ~/.cache/skillpin)');
  });
});

describe('skill adopt with nothing to adopt', () => {
  it('in a folder with no lock: says so, exit 0, and leaves no empty .clawhub behind', async () => {
    const dir = tempDir();
    const r = await runCli(['adopt', '--cwd', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`nothing to adopt: no lock at ${join(dir, '.clawhub', 'lock.json')} (the clawhub CLI and OpenClaw write it; --cwd DIR names another workspace)\n`);
    expect(snapshotTree(dir)).toEqual({});
  });

  it('counts pinned entries in words that agree with the number', async () => {
    const ws = makeWorkspace();
    writeFileSync(join(ws, '.clawhub', 'lock.json'), `${JSON.stringify({ version: 1, skills: { weather: { version: '1.4.0', installedAt: 1, integrity: `sha512-${'A'.repeat(86)}==`, files: { 'SKILL.md': 'sha512-AAAA' } } } })}\n`);
    const one = await runCli(['adopt', '--cwd', ws]);
    expect(one.stdout).toBe('nothing to adopt: 1 entry already pinned\n');
    const two = await runCli(['adopt', '--cwd', lockedWorkspace()]);
    expect(two.stdout).toBe('nothing to adopt: 2 entries already pinned\n');
  });
});

describe('a ~ the shell left alone (--cwd=~/ws: it expands ~ only at the start of a word)', () => {
  it('is the home folder in --cwd, --sandbox and the hook\'s --config, as it already was in policy --write', async () => {
    const home = tempDir();
    const ws = join(home, 'ws');
    mkdirSync(join(ws, '.clawhub'), { recursive: true });
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{\n  "skills": {},\n  "version": 1\n}\n');
    mkdirSync(join(home, '.openclaw'));
    const env = { HOME: home, OPENCLAW_CONFIG_PATH: '', OPENCLAW_STATE_DIR: '' };
    const list = await runCli(['list', '--cwd=~/ws', '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.json.lock).toBe(join(ws, '.clawhub', 'lock.json'));
    const sandbox = await runCli(['list', '--cwd=~/ws', '--sandbox=~/agent-skills', '--json'], { env });
    expect(sandbox.json.sandbox, sandbox.stderr).toBe(join(home, 'agent-skills'));
    const hook = await runCli(['--cwd=~/ws', 'hook', 'openclaw-install-policy', '--write', '--config=~/.openclaw/openclaw.json', '--json'], { env });
    expect(hook.code, hook.stderr).toBe(0);
    expect(hook.json.configPath).toBe(join(home, '.openclaw', 'openclaw.json'));
    expect(JSON.parse(readFileSync(join(home, '.openclaw', 'openclaw.json'), 'utf8')).security.installPolicy.exec.env).toEqual({ SKILL_WORKSPACE: ws });
  });
});

describe('paths typed without ./', () => {
  it('skill review my-skill/ reviews the folder, as ./my-skill does; a missing one "does not exist"', async () => {
    const base = tempDir();
    mkdirSync(join(base, 'my-skill'));
    writeFileSync(join(base, 'my-skill', 'SKILL.md'), '---\nname: my-skill\ndescription: test fixture\n---\n# my-skill\n');
    const ws = makeWorkspace();
    // `--cwd` is the workspace; a path on the command line is relative to the folder the command runs in.
    const run = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: base, env: { ...process.env, SKILL_REGISTRY: '' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    for (const spec of ['my-skill/', './my-skill']) {
      const r = await run(['review', spec, '--cwd', ws, '--registry', 'http://127.0.0.1:9/', '--json']);
      expect(r.code, `${spec}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).review.name).toBe('my-skill');
    }
    const missing = await run(['review', 'nope/', '--cwd', ws, '--registry', 'http://127.0.0.1:9/']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`error ENOTFOUND: ${join(base, 'nope')} does not exist`);
    const add = await run(['add', 'my-skill/', '--cwd', ws, '--registry', 'http://127.0.0.1:9/']);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('error EUSAGE: my-skill/ is a folder, not a package tarball');
    // The hint names this folder's review and the way to a pin (a tarball), not `skill review <folder>`.
    expect(add.stderr).toContain('  hint: Run `skill review my-skill/` to vet it. To install it, pack it (`npm pack` in the folder');
  });

  it('owner/repo is explained (npm reads it as GitHub), with the ./ form to use for a folder', async () => {
    const r = await runCli(['review', 'acme/weather', '--cwd', makeWorkspace(), '--registry', 'http://127.0.0.1:9/', '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('EUSAGE');
    expect(r.json.error.message).toContain('GitHub repository');
    expect(r.json.error.hint).toContain('./acme/weather');
  });
});

describe('skill install says what it did', () => {
  it('names the skills it reinstalled, and counts verdicts in words that agree with the number', async () => {
    const ws = makeWorkspace();
    const add = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(add.code, add.stderr).toBe(0);
    appendFileSync(join(ws, 'skills', 'notes', 'SKILL.md'), 'tampered\n');
    const r = await runCli(['install', '--frozen', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^installed 1 \(notes@1\.0\.0\), unchanged 0/);
    expect(r.stdout).not.toMatch(/\b1 [^()]*verdicts\b/);
    const again = await runCli(['install', '--frozen', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    // The two verdicts of the folder left in place: that it was checked against its archive, and the
    // parse of its SKILL.md, read to know who OpenClaw takes it for.
    expect(again.stdout).toBe('installed 0, unchanged 1 (2 scan, provenance, manifest or unpacked-tarball verdicts from the verdict cache)\n');
  });
});

describe('an interrupted run under --json', () => {
  it('still prints exactly one JSON document (EINTERRUPTED) with exit 130 / 143, and changes nothing', async () => {
    // A registry that accepts connections and never answers: the run waits until it is signalled.
    const sockets: Socket[] = [];
    let connected = 0;
    const server = createServer((sock) => {
      connected++;
      sockets.push(sock);
    });
    const port = await listenLoopback(server);
    try {
      for (const [sig, exit] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
        const ws = makeWorkspace();
        const before = snapshotTree(ws);
        const seen = connected;
        const child = spawn(process.execPath, [BIN, 'add', 'notes@1.0.0', '--yes', '--json', '--registry', `http://127.0.0.1:${port}/`, '--cwd', ws], { env: { ...process.env, SKILL_REGISTRY: '', SKILL_CACHE: tempDir() } });
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.resume();
        const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
        for (let i = 0; i < 400 && connected === seen; i++) await new Promise((r) => setTimeout(r, 25));
        expect(connected, 'the CLI to reach the registry').toBeGreaterThan(seen);
        child.kill(sig);
        expect(await done).toBe(exit);
        const doc = JSON.parse(stdout);
        expect(doc.ok).toBe(false);
        expect(doc.error.code).toBe('EINTERRUPTED');
        expect(doc.error.message).toBe(`interrupted by ${sig}`);
        expect(snapshotTree(ws)).toEqual(before);
      }
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('a mistyped config key', () => {
  it('is ECONFIG naming the key it most likely meant, at any depth', async () => {
    for (const [config, meant] of [[{ regsitry: 'http://x/' }, 'did you mean registry?'], [{ trust: { provenence: 'warn' } }, 'did you mean trust.provenance?']] as const) {
      const ws = tempDir();
      mkdirSync(join(ws, '.clawhub'));
      writeFileSync(join(ws, '.clawhub', 'config.json'), JSON.stringify(config));
      const r = await runCli(['list', '--cwd', ws, '--json']);
      expect(r.code).toBe(2);
      expect(r.json.error.code).toBe('ECONFIG');
      expect(r.json.error.message).toContain(meant);
    }
  });
});

describe('skill add of the version already pinned', () => {
  it('does not print "(was 1.0.0)" for the same version', async () => {
    const ws = makeWorkspace();
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      // The first pin makes the lock, and so makes the folder a workspace: said with its full path,
      // since `skill add` run in the wrong folder (a missing --cwd) otherwise passes unnoticed.
      const lock = join(ws, '.clawhub', 'lock.json');
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
        i === 0 ? `pinned notes@1.0.0 in a new lock, ${lock}: ${ws} is now a skillpin workspace (--cwd DIR names another)` : 'pinned notes@1.0.0 (the version it was pinned at already) in .clawhub/lock.json',
      );
    }
  });
});

describe('skill add in a folder of another workspace\'s sandbox', () => {
  it('refuses to make a workspace there (its lock would sit among the skills an agent reads), writing nothing', async () => {
    const ws = makeWorkspace();
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() })).code).toBe(0);
    const before = snapshotTree(ws);
    // `cd skills` (or a skill's folder) and a missing --cwd.
    for (const inside of [join(ws, 'skills'), join(ws, 'skills', 'notes')]) {
      const r = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', inside, '--json'], { env: env() });
      expect(r.code, r.stdout).toBe(2);
      expect(r.json.error).toMatchObject({ code: 'EUSAGE', workspace: ws, sandbox: join(ws, 'skills') });
      expect(r.json.error.hint).toContain(`--cwd ${ws}`);
      expect(snapshotTree(ws)).toEqual(before);
    }
    // SKILL_SANDBOX exported for another workspace (a shell profile) moves neither this
    // workspace's sandbox, which its committed config gives, nor the refusal.
    const elsewhere = tempDir('skillpin-envsandbox-');
    const exported = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', join(ws, 'skills'), '--json'], { env: { ...env(), SKILL_SANDBOX: elsewhere } });
    expect(exported.code, exported.stdout).toBe(2);
    expect(exported.json.error).toMatchObject({ code: 'EUSAGE', workspace: ws, sandbox: join(ws, 'skills') });
    expect(snapshotTree(ws)).toEqual(before);
    expect(readdirSync(elsewhere)).toEqual([]);
    // A sandbox configured elsewhere: that is where a workspace cannot be made; a folder beside it can.
    const other = makeWorkspace({ sandbox: 'agent/skills' });
    writeFileSync(join(other, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
    // Saved with a byte order mark, which that workspace's own config reader accepts.
    const cfgFile = join(other, '.clawhub', 'config.json');
    writeFileSync(cfgFile, `\ufeff${readFileSync(cfgFile, 'utf8')}`);
    mkdirSync(join(other, 'agent', 'skills', 'x'), { recursive: true });
    makeWorkspace({}, join(other, 'skills'));
    expect((await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', join(other, 'agent', 'skills', 'x'), '--json'], { env: env() })).json.error.code).toBe('EUSAGE');
    const beside = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', join(other, 'skills'), '--json'], { env: env() });
    expect(beside.code, beside.stdout).toBe(0);
    // A workspace whose only lock is the clawhub CLI's legacy .clawdhub/lock.json is one too.
    const legacy = tempDir('skillpin-legacy-');
    mkdirSync(join(legacy, '.clawdhub'));
    writeFileSync(join(legacy, '.clawdhub', 'lock.json'), '{"version":1,"skills":{"notes":{"version":"1.0.0","installedAt":1}}}\n');
    mkdirSync(join(legacy, 'skills', 'notes'), { recursive: true });
    const legacyBefore = snapshotTree(legacy);
    const inLegacy = await runCli(['add', 'weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', join(legacy, 'skills', 'notes'), '--json'], { env: env() });
    expect(inLegacy.code, inLegacy.stdout).toBe(2);
    expect(inLegacy.json.error).toMatchObject({ code: 'EUSAGE', workspace: legacy, sandbox: join(legacy, 'skills') });
    expect(snapshotTree(legacy)).toEqual(legacyBefore);
  });
});

describe('the fixture registry script (npm run registry)', () => {
  it('answers --help with its usage (exit 0) and an unknown option with the usage (exit 2), serving nothing', () => {
    const serve = join(import.meta.dirname, '..', 'registry-fixtures', 'serve.js');
    const help = spawnSync(process.execPath, [serve, '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('--workspace DIR');
    expect(help.stdout).not.toContain('fixture npm registry:');
    const bad = spawnSync(process.execPath, [serve, '--port', '1'], { encoding: 'utf8', timeout: 20_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('usage: npm run registry');
  });
});

describe("npm run demo (the README's first command)", () => {
  it('runs every step as expected, as plain text when piped, and writes nothing outside its temporary folder', () => {
    const home = tempDir();
    // As a person runs it: no test-only settings (the tests' verdict-cache key, test trust).
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: '', XDG_CACHE_HOME: '', SKILL_REGISTRY: '' };
    delete env.SKILLPIN_CACHE_KEY;
    delete env.SKILLPIN_TEST_ONLY_TRUST;
    delete env.NO_COLOR;
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'demo.js')], { encoding: 'utf8', env, timeout: 50_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('demo: every step behaved as expected');
    expect(r.stdout).toContain('\n== 6. The CI gate on a fresh machine: install exactly the lock, then verify\n');
    expect(r.stdout).not.toMatch(/\x1b/);
    // The verdict cache's per-user key was made in ~/.config/skillpin.
    expect(snapshotTree(home)).toEqual({});
  });
});

describe('skill verify --format sarif with bad input', () => {
  it('still writes one SARIF document naming the usage error, and the hint names the fix', async () => {
    const ws = lockedWorkspace();
    for (const args of [['--concurrency', '0'], ['--bogus']]) {
      const r = await runCli(['verify', '--format', 'sarif', ...args, '--cwd', ws]);
      expect(r.code, args.join(' ')).toBe(2);
      const sarif = JSON.parse(r.stdout);
      expect(sarif.version).toBe('2.1.0');
      const note = sarif.runs[0].invocations[0];
      expect(note.executionSuccessful).toBe(false);
      expect(note.toolExecutionNotifications[0].message.text).toMatch(/^EUSAGE: /);
      expect(r.stderr).toContain('  hint: ');
    }
  });

  it('--json beside a --format typed for another output is refused, as with sarif, not the JSON report winning silently', async () => {
    const ws = lockedWorkspace();
    for (const format of ['human', 'sarif']) {
      const r = await runCli(['verify', '--json', '--format', format, '--cwd', ws]);
      expect(r.code, format).toBe(2);
      expect(r.json.error, format).toMatchObject({ code: 'EUSAGE', message: `--json and --format ${format} ask for two outputs; pick one` });
    }
    // --format json says the same thing twice: that is one output.
    const same = await runCli(['verify', '--json', '--format', 'json', '--cwd', ws]);
    expect(same.json?.error?.code).not.toBe('EUSAGE');
  });
});

describe('every error names the fix', () => {
  it('errors that had only a message now carry a hint (code and exit unchanged)', async () => {
    const ws = lockedWorkspace();
    writeFileSync(join(ws, 'a-file'), '');
    writeFileSync(join(ws, 'array.json'), '[]\n');
    // policy reads the installed skills first: a workspace whose lock pins none has none to read
    // (without a lock at all, --write and --check are ELOCKFILE).
    const empty = emptyLockWorkspace();
    const cases: Array<[string[], string, number, string]> = [
      [['list', '--sandbox', 'a-file'], 'ESANDBOX', 1, ws],
      [['outdated', '--registry', 'ftp://example.invalid/'], 'EUSAGE', 2, ws],
      [['policy', '--write', join(ws, 'no-such-folder', 'openclaw.json')], 'ECONFIG', 2, empty],
      [['policy', '--check', join(ws, 'array.json')], 'ECONFIG', 2, empty],
      [['verify', '--json', '--format', 'sarif'], 'EUSAGE', 2, ws],
      [['hook', 'openclaw-install-policy', '--print-config'], 'ENOTFOUND', 2, join(ws, 'a-file')],
      [['hook', 'openclaw-install-policy', '--print-config'], 'ENOTFOUND', 2, join(ws, 'no-such-folder')],
      [['hook', 'openclaw-install-policy', '--print-config', '--node', join(ws, 'no-such-node')], 'ENOTFOUND', 2, ws],
    ];
    for (const [args, code, exit, cwd] of cases) {
      const r = await runCli([...args, '--cwd', cwd, '--json']);
      expect(r.code, args.join(' ')).toBe(exit);
      expect(r.json.error.code, args.join(' ')).toBe(code);
      expect(typeof r.json.error.hint === 'string' && r.json.error.hint.length > 10, `${args.join(' ')}: ${r.json.error.message}`).toBe(true);
    }
  });

  it('a registry whose packument names no tarball for the version: EREGISTRY with what to check, nothing written', async () => {
    const reg = await startRegistry({ editPackument: (doc) => { for (const v of Object.values(doc.versions)) delete v.dist.tarball; } });
    try {
      const ws = makeWorkspace({ registry: reg.url });
      const before = snapshotTree(ws);
      const r = await runCli(['add', 'notes@1.0.0', '--yes', '--cwd', ws, '--json'], { env: env() });
      expect(r.code, r.stderr).toBe(2);
      expect(r.json.error).toMatchObject({ code: 'EREGISTRY', message: 'notes@1.0.0: the packument has no dist.tarball' });
      expect(r.json.error.hint).toContain('check --registry');
      expect(snapshotTree(ws)).toEqual(before);
    } finally {
      await reg.close();
    }
  });
});

describe('counts read as words', () => {
  it('policy --check says "5 problems", not "5 problem(s)"', async () => {
    const ws = emptyLockWorkspace();
    writeFileSync(join(ws, 'openclaw.json'), '{}\n');
    const r = await runCli(['policy', '--check', join(ws, 'openclaw.json'), '--cwd', ws, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('EPOLICY');
    expect(r.json.error.message).toMatch(/tool policy: \d+ problems?\n/);
    expect(r.json.error.message).not.toContain('(s)');
  });

  it('policy --check names the write that fixes the drift: this file (quoted for a shell), and the --agent checked', async () => {
    const ws = emptyLockWorkspace();
    const cfg = join(ws, 'open claw.json');
    writeFileSync(cfg, '{"agents":{"list":[{"id":"main"},{"id":"ops"}]}}\n');
    const before = snapshotTree(ws);
    const r = await runCli(['policy', '--check', cfg, '--cwd', ws, '--json']);
    expect(r.json.error.hint).toBe(`Run \`skill policy --write '${cfg}'\` to apply the derived policy, or fix each key listed.`);
    const agent = await runCli(['policy', '--check', cfg, '--agent', 'ops', '--cwd', ws, '--json']);
    expect(agent.json.error?.code, agent.stdout).toBe('EPOLICY');
    expect(agent.json.error.hint).toBe(`Run \`skill policy --write '${cfg}' --agent ops\` to apply the derived policy, or fix each key listed.`);
    expect(snapshotTree(ws)).toEqual(before);
  });
});

describe('skill add of an unpinned spec without a terminal', () => {
  it('names the whole way to a pin (review, then add <exact> --yes), not a command that stops at the prompt next', async () => {
    const ws = makeWorkspace();
    const r = await runCli(['add', 'notes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('EUNPINNED');
    expect(r.json.error.hint).toContain('skill review notes@1.1.0');
    expect(r.json.error.hint).toContain('skill add notes@1.1.0 --yes');
    // Following the hint works without a terminal.
    const add = await runCli(['add', 'notes@1.1.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], { env: env() });
    expect(add.code, add.stderr).toBe(0);
  });
});

describe('skill list says what to do about what it shows', () => {
  it('a MISSING folder points at install --frozen; an unpinned entry at adopt and verify', async () => {
    const ws = lockedWorkspace();
    const r = await runCli(['list', '--cwd', ws]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 pinned skills are not installed: skill install --frozen puts back what the lock pins.');
    writeFileSync(join(ws, '.clawhub', 'lock.json'), `${JSON.stringify({ version: 1, skills: { a: { version: '1.0.0', installedAt: 1 } } })}\n`);
    const u = await runCli(['list', '--cwd', ws]);
    expect(u.stdout).toContain('1 entry is not pinned: skill adopt');
    const j = await runCli(['list', '--cwd', ws, '--json']);
    expect(Object.keys(j.json).sort()).toEqual(['lock', 'ok', 'sandbox', 'skills']);
  });
});

describe('a workspace another run holds', () => {
  it('EBUSY says how to wait longer (SKILL_LOCK_WAIT_MS) and how long this run waited', async () => {
    const ws = lockedWorkspace();
    // A live holder on this host: the test runner itself.
    writeFileSync(join(ws, '.clawhub', '.skillpin.lock'), JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    const r = await runCli(['remove', 'weather', '--cwd', ws, '--json'], { env: { SKILL_LOCK_WAIT_MS: '0' } });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('EBUSY');
    expect(r.json.error.hint).toContain('SKILL_LOCK_WAIT_MS (this run waited 0 ms)');
  });
});

describe('skill hook openclaw-install-policy --print-config --write', () => {
  it('is refused as two contradictory asks (EUSAGE), writing nothing, not --write winning silently', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'openclaw.json');
    const r = await runCli(['hook', 'openclaw-install-policy', '--print-config', '--write', '--config', cfg, '--cwd', makeWorkspace(), '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('EUSAGE');
    expect(snapshotTree(dir)).toEqual({});
  });

  it('--write FILE, as `skill policy --write FILE` takes it: the hint names --config FILE, and no file is written', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'openclaw.json');
    writeFileSync(cfg, '{}\n');
    const home = tempDir();
    const r = await runCli(['hook', 'openclaw-install-policy', '--write', cfg, '--cwd', makeWorkspace(), '--json'], { env: { HOME: home, OPENCLAW_CONFIG_PATH: '', OPENCLAW_STATE_DIR: '' } });
    expect(r.code).toBe(2);
    expect(r.json.error).toEqual({ code: 'EUSAGE', message: `openclaw-install-policy takes no arguments, got ${JSON.stringify(cfg)}`, hint: `--config names the openclaw.json to write: skill hook openclaw-install-policy --write --config ${cfg}` });
    expect(readFileSync(cfg, 'utf8')).toBe('{}\n');
    expect(snapshotTree(home)).toEqual({});
  });
});

describe('--write into a folder that does not exist', () => {
  it('is refused the same way by skill policy and skill hook (ECONFIG naming the folder), and no folder is created', async () => {
    const base = tempDir();
    const ws = emptyLockWorkspace();
    const cases: string[][] = [
      ['policy', '--write', join(base, 'missing', 'openclaw.json')],
      ['hook', 'openclaw-install-policy', '--write', '--config', join(base, 'missing', 'openclaw.json')],
    ];
    for (const args of cases) {
      const r = await runCli([...args, '--cwd', ws, '--json']);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2);
      expect(r.json.error.code, args[0]).toBe('ECONFIG');
      expect(r.json.error.message, args[0]).toBe(`folder ${join(base, 'missing')} of the OpenClaw config does not exist`);
      expect(r.json.error.hint, args[0]).toContain(`mkdir -m 700 ${join(base, 'missing')}`);
      expect(r.json.error.errno, args[0]).toBe('ENOENT');
      expect(snapshotTree(base), args[0]).toEqual({});
    }
  });
});

describe('a name the registry does not have', () => {
  it('in capitals: the hint names the lower-case name npm packages have; @owner/slug: the hint names the clawhub: form', async () => {
    const ws = makeWorkspace();
    const upper = await runCli(['add', 'Weather@1.4.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(upper.code).toBe(2);
    expect(upper.json.error.code).toBe('ENOTFOUND');
    expect(upper.json.error.hint).toMatch(/^npm package names are lower-case: did you mean weather\?/);
    const owner = await runCli(['review', '@steipete/gifgrep@1.2.3', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(owner.json.error.code).toBe('ENOTFOUND');
    expect(owner.json.error.hint).toContain('a ClawHub skill is written clawhub:@steipete/gifgrep@<version>');
    const plain = await runCli(['add', 'no-such-skill@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws, '--json'], { env: env() });
    expect(plain.json.error.hint).toBe('Check the name and the --registry URL: that registry has no package of that name, in any version.');
  });
});

describe('an https:// registry URL for a server that speaks plain HTTP', () => {
  it('says the server does not speak TLS and names the http:// URL, not OpenSSL\'s "wrong version number"', async () => {
    const ws = makeWorkspace();
    const https = fx.reg.url.replace(/^http:/, 'https:');
    const host = new URL(fx.reg.url).host;
    const r = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', https, '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.error.code).toBe('EREGISTRY');
    expect(r.json.error.message).toContain(`https://${host} does not speak TLS`);
    expect(r.json.error.message).not.toMatch(/wrong version number|ssl3_get_record|attempts/);
    expect(r.json.error.hint).toContain(`use http://${host}/`);
  });
});

/** Every value of a --json error document is plain, documented JSON: no serialised Error objects. */
function expectPlainError(error: Record<string, unknown>, what: string): void {
  for (const [key, value] of Object.entries(error)) {
    const allowedObject = key === 'review';
    if (!allowedObject) expect(typeof value === 'object' && value !== null && !Array.isArray(value), `${what}: error.${key} is an object`).toBe(false);
  }
  const walk = (v: unknown, at: string): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}[${i}]`));
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    expect('stack' in o || typeof o.errno === 'number' || ('syscall' in o && 'code' in o), `${what}: ${at} looks like a raw error: ${JSON.stringify(o)}`).toBe(false);
    for (const [k, x] of Object.entries(o)) walk(x, `${at}.${k}`);
  };
  walk(error, 'error');
}

describe('--json error documents carry only plain facts', () => {
  it('across config, environment, usage, registry, lookup and policy errors', async () => {
    const base = tempDir();
    const ws = emptyLockWorkspace();
    const badConfig = tempDir();
    mkdirSync(join(badConfig, '.clawhub'));
    writeFileSync(join(badConfig, '.clawhub', 'config.json'), '{"limits":{"maxFiles":"many"}}');
    writeFileSync(join(base, 'openclaw.json'), '{}\n');
    const cases: Array<[string[], string, NodeJS.ProcessEnv?]> = [
      [['policy', '--write', join(base, 'missing', 'openclaw.json'), '--cwd', ws], 'ECONFIG'],
      [['hook', 'openclaw-install-policy', '--write', '--config', join(base, 'missing', 'openclaw.json'), '--cwd', ws], 'ECONFIG'],
      [['list', '--cwd', badConfig], 'ECONFIG'],
      [['list', '--cwd', ws], 'EUSAGE', { SKILL_LOCK_WAIT_MS: 'soon' }],
      [['list', '--cwd', ws], 'ECONFIG', { SKILL_REGISTRY: 'ftp://x/' }],
      [['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url.replace(/^http:/, 'https:'), '--cwd', ws], 'EREGISTRY'],
      [['add', 'no-such-skill@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', ws], 'ENOTFOUND'],
      [['add', 'notes@1.0.0', '--yes', '--registry', fx.reg.url, '--cwd', join(base, 'openclaw.json')], 'EUSAGE'],
      [['policy', '--check', join(base, 'openclaw.json'), '--cwd', ws], 'EPOLICY'],
    ];
    for (const [args, code, extra] of cases) {
      const r = await runCli([...args, '--json'], { env: { ...env(), ...extra } });
      const what = args.slice(0, 3).join(' ');
      expect(r.json?.ok, `${what}: ${r.stdout}${r.stderr}`).toBe(false);
      expect(r.json.error.code, `${what}: ${r.json.error.message}`).toBe(code);
      expectPlainError(r.json.error, what);
    }
  });
});

describe('an invalid environment variable', () => {
  it('is named with its bad value and the fix in the hint (codes unchanged: EUSAGE or ECONFIG as before)', async () => {
    const ws = makeWorkspace();
    const cases: Array<[string, string, string, string[]]> = [
      ['SKILL_TIMEOUT_MS', 'soon', 'EUSAGE', ['list']],
      ['SKILL_LOCK_WAIT_MS', '-5', 'EUSAGE', ['list']],
      ['SKILL_REGISTRY', 'registry.example', 'ECONFIG', ['list']],
      ['SKILL_REGISTRY', 'ftp://registry.example/', 'ECONFIG', ['list']],
      ['SKILLPIN_WORKERS', 'many', 'EUSAGE', ['verify']],
    ];
    for (const [name, value, code, cmd] of cases) {
      const r = await runCli([...cmd, '--cwd', ws, '--json'], { env: { ...env(), [name]: value } });
      const what = `${name}=${value}`;
      expect(r.code, what).toBe(2);
      expect(r.json.error.code, what).toBe(code);
      expect(r.json.error.message, what).toContain(name);
      expect(r.json.error.message, what).toContain(JSON.stringify(value));
      expect(r.json.error.hint, what).toContain(`Set ${name} to `);
      expect(r.json.error.hint, what).toContain('unset it');
    }
    // A password in the URL is not echoed back.
    const r = await runCli(['list', '--cwd', ws, '--json'], { env: { ...env(), SKILL_REGISTRY: 'ftp://me:hunter2@registry.example/' } });
    expect(r.json.error.message).not.toContain('hunter2');
  });
});
