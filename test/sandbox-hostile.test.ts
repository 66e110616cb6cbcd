// DESIGN §3.7 through the real CLI: every hostile tarball is refused with ESANDBOX (exit 1),
// nothing is written outside the sandbox, nothing lands in the sandbox, and the lock is unchanged.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTILE_TARBALLS, basePackage, makeTarball, makeWorkspace, runCli, snapshotTree, tempDir } from './helpers.js';
import { plantJournal } from './journal-helpers.js';

describe('hostile tarballs are refused by skill add', () => {
  for (const c of HOSTILE_TARBALLS) {
    it(`refuses ${c.name}`, async () => {
      const outer = tempDir('skillpin-outer-');
      const ws = join(outer, 'ws');
      mkdirSync(ws);
      const wsConfig = makeWorkspace(c.config ?? {});
      // move the config into our workspace under `outer`, so "outside the sandbox" is observable
      mkdirSync(join(ws, '.clawhub'));
      writeFileSync(join(ws, '.clawhub', 'config.json'), readFileSync(join(wsConfig, '.clawhub', 'config.json')));
      const lockText = '{\n  "skills": {\n    "keep": {\n      "version": "1.0.0",\n      "installedAt": 1\n    }\n  },\n  "version": 1\n}\n';
      writeFileSync(join(ws, '.clawhub', 'lock.json'), lockText);
      const tgz = join(outer, 'evil-1.0.0.tgz');
      writeFileSync(tgz, c.archive ? c.archive() : makeTarball(c.entries()));
      const before = snapshotTree(outer);
      const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
      expect(r.json?.error?.code, r.stderr).toBe('ESANDBOX');
      expect(r.code).toBe(1);
      expect(r.json.error.message).toMatch(c.message);
      const after = snapshotTree(outer);
      // Nothing appeared (not even the sandbox root the run made) and nothing changed anywhere.
      const added = Object.keys(after).filter((k) => !(k in before));
      expect(added).toEqual([]);
      for (const k of Object.keys(before)) expect(after[k], k).toBe(before[k]);
      expect(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).toBe(lockText);
    });
  }

  it('refuses a sandbox root that is a symbolic link (add, install, install --frozen)', async () => {
    const ws = makeWorkspace({ sandbox: 'skills' });
    const tgz = join(tempDir(), 'ok-1.0.0.tgz');
    writeFileSync(tgz, makeTarball(basePackage('ok')));
    // A lock that pins ok, made in a workspace of its own, so install has something to write.
    const other = makeWorkspace();
    expect((await runCli(['add', tgz, '--yes', '--cwd', other])).code).toBe(0);
    writeFileSync(join(ws, '.clawhub', 'lock.json'), readFileSync(join(other, '.clawhub', 'lock.json')));
    const real = tempDir();
    symlinkSync(real, join(ws, 'skills'));
    for (const args of [['add', tgz, '--yes'], ['install'], ['install', '--frozen']]) {
      const r = await runCli([...args, '--cwd', ws, '--json']);
      expect(r.json?.error?.code, args.join(' ')).toBe('ESANDBOX');
      expect(snapshotTree(real), args.join(' ')).toEqual({});
    }
  });

  it('refuses a sandbox inside the workspace .clawhub folder, and does not make it', async () => {
    const ws = makeWorkspace({ sandbox: '.clawhub/skills' });
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
    const tgz = join(tempDir(), 'ok-1.0.0.tgz');
    writeFileSync(tgz, makeTarball(basePackage('ok')));
    const before = snapshotTree(ws);
    for (const args of [['add', tgz, '--yes'], ['install', '--frozen'], ['install']]) {
      const r = await runCli([...args, '--cwd', ws, '--json']);
      expect(r.json.error.code, args.join(' ')).toBe('ESANDBOX');
      expect(r.code).toBe(1);
      expect(snapshotTree(ws), args.join(' ')).toEqual(before);
    }
  });

  it('refuses a sandbox in a git folder, reached by name or through a link, and changes nothing there', async () => {
    // With the root at .git, `skill add hooks` replaced the repository's hooks with the package's
    // executables (git runs them on the next commit); `objects` would have deleted its history.
    const ws = makeWorkspace();
    mkdirSync(join(ws, '.git', 'hooks'), { recursive: true });
    writeFileSync(join(ws, '.git', 'hooks', 'pre-commit.sample'), '#!/bin/sh\n');
    symlinkSync('.git', join(ws, 'gitlink'));
    const tgz = await pinHooks(ws);
    const before = snapshotTree(ws);
    for (const sandbox of ['.git', '.git/hooks', 'gitlink/x', '.Git']) {
      for (const args of [['add', tgz, '--yes'], ['install', '--frozen'], ['install'], ['remove', 'hooks'], ['list'], ['policy']]) {
        const r = await runCli([...args, '--sandbox', sandbox, '--cwd', ws, '--json']);
        expect(r.json?.error?.code, `${sandbox}: ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe('ESANDBOX');
        expect(r.json.error.message).toContain(`lies in the git folder ${join(ws, sandbox === '.Git' ? '.Git' : '.git')}`);
        expect(r.code).toBe(1);
      }
      const v = await runCli(['verify', '--sandbox', sandbox, '--cwd', ws, '--json']);
      expect(v.code, v.stdout).not.toBe(0);
      expect(snapshotTree(ws), sandbox).toEqual(before);
    }
    // The control: beside .git, the same skill installs.
    expect((await runCli(['install', '--frozen', '--cwd', ws])).code).toBe(0);
    expect(readFileSync(join(ws, 'skills', 'hooks', 'pre-commit'), 'utf8')).toBe('#!/bin/sh\necho ran\n');
  });

  it('refuses a sandbox in a bare repository or a git folder by another name, and changes nothing there', async () => {
    const ws = makeWorkspace();
    const bare = join(ws, 'site.git');
    // What `git init --bare` makes, in part.
    for (const d of ['objects', 'refs/heads', 'hooks']) mkdirSync(join(bare, d), { recursive: true });
    writeFileSync(join(bare, 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(bare, 'hooks', 'pre-commit.sample'), '#!/bin/sh\n');
    const tgz = await pinHooks(ws);
    const before = snapshotTree(ws);
    for (const sandbox of ['site.git', 'site.git/hooks', 'site.git/new']) {
      for (const args of [['add', tgz, '--yes'], ['install'], ['list']]) {
        const r = await runCli([...args, '--sandbox', sandbox, '--cwd', ws, '--json']);
        expect(r.json?.error?.code, `${sandbox}: ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe('ESANDBOX');
        expect(r.json.error.message).toContain(`lies in the git folder ${bare}`);
      }
      expect(snapshotTree(ws), sandbox).toEqual(before);
    }
    // The control: a folder with only some of git's names is not one.
    mkdirSync(join(ws, 'notes', 'refs'), { recursive: true });
    writeFileSync(join(ws, 'notes', 'HEAD'), 'a heading\n');
    expect((await runCli(['install', '--frozen', '--sandbox', 'notes', '--cwd', ws])).code).toBe(0);
  });

  it('skill remove refuses a sandbox root that became a symbolic link, and deletes nothing through it', async () => {
    const ws = makeWorkspace();
    const tgz = join(tempDir(), 'ok-1.0.0.tgz');
    writeFileSync(tgz, makeTarball(basePackage('ok')));
    expect((await runCli(['add', tgz, '--yes', '--cwd', ws])).code).toBe(0);
    const real = join(tempDir(), 'real');
    renameSync(join(ws, 'skills'), real);
    symlinkSync(real, join(ws, 'skills'));
    const before = { ws: snapshotTree(ws), real: snapshotTree(real) };
    const r = await runCli(['remove', 'ok', '--cwd', ws, '--json']);
    expect(r.json.error.code, r.stderr).toBe('ESANDBOX');
    expect(r.code).toBe(1);
    expect({ ws: snapshotTree(ws), real: snapshotTree(real) }).toEqual(before);
  });

  it('skill remove refuses a sandbox that overlaps .clawhub, and removes none of its folders', async () => {
    const ws = makeWorkspace({ sandbox: '.clawhub' });
    mkdirSync(join(ws, '.clawhub', 'attestations'));
    writeFileSync(join(ws, '.clawhub', 'attestations', 'weather@1.0.0.json'), '{}');
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{"version":1,"skills":{"attestations":{"version":"1.0.0","installedAt":1}}}\n');
    const before = snapshotTree(ws);
    const r = await runCli(['remove', 'attestations', '--cwd', ws, '--json']);
    expect(r.json.error.code, r.stderr).toBe('ESANDBOX');
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('skill list and skill policy refuse a sandbox root that overlaps .clawhub or is a link, as the writing commands do', async () => {
    // list called every skill "not installed"; policy printed a Docker bind of the workspace (lock
    // included) into the agent's container.
    const ws = makeWorkspace();
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
    const before = snapshotTree(ws);
    for (const cmd of ['list', 'policy']) {
      for (const sandbox of ['.', '.clawhub', '.clawhub/inner']) {
        const r = await runCli([cmd, '--sandbox', sandbox, '--cwd', ws, '--json']);
        expect(r.json?.error?.code, `${cmd} --sandbox ${sandbox}: ${r.stdout}${r.stderr}`).toBe('ESANDBOX');
        expect(r.json.error.message).toContain('overlaps');
        expect(r.code).toBe(1);
      }
    }
    const real = join(tempDir(), 'real');
    mkdirSync(real);
    symlinkSync(real, join(ws, 'linked'));
    for (const cmd of ['list', 'policy']) {
      const r = await runCli([cmd, '--sandbox', 'linked', '--cwd', ws, '--json']);
      expect(r.json?.error?.code, `${cmd}: ${r.stdout}${r.stderr}`).toBe('ESANDBOX');
    }
    expect(Object.keys(snapshotTree(ws)).sort()).toEqual([...Object.keys(before), 'linked'].sort());
    // The control: the default root (missing) lists and derives.
    for (const cmd of ['list', 'policy']) expect((await runCli([cmd, '--cwd', ws, '--json'])).code, cmd).toBe(0);
  });

  it('drops install metadata a tarball brings (.clawhub/origin.json), which would claim an origin for the installed skill, and says so in the review', async () => {
    for (const [i, entry] of ['package/.clawhub/origin.json', 'package/.clawdhub/origin.json', 'package/.ClawHub/origin.json'].entries()) {
      const ws = makeWorkspace();
      const tgz = join(tempDir(), `meta${i}-1.0.0.tgz`);
      writeFileSync(tgz, makeTarball([...basePackage(`meta${i}`), { name: entry, data: '{"version":1,"registry":"https://clawhub.ai","slug":"weather"}' }]));
      const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const dropped = entry.slice('package/'.length);
      expect(r.json.review.dropped).toEqual([dropped]);
      expect(r.json.review.files.map((f: { path: string }) => f.path)).not.toContain(dropped);
      expect(Object.keys(r.json.entry.files)).not.toContain(dropped);
      // Never written: the folder holds the package's other files only, and verify agrees with it.
      expect(Object.keys(snapshotTree(join(ws, 'skills', `meta${i}`))).some((p) => p.toLowerCase().startsWith('.clawhub') || p.toLowerCase().startsWith('.clawdhub'))).toBe(false);
      expect((await runCli(['verify', '--cwd', ws])).code).toBe(0);
      // The lock's file hashes are the installed files': a fresh install from it agrees.
      rmSync(join(ws, 'skills'), { recursive: true });
      expect((await runCli(['install', '--frozen', '--cwd', ws])).code).toBe(0);
      const human = await runCli(['review', tgz, '--cwd', ws]);
      expect(human.stdout + human.stderr).toContain('not installed: 1 file of install metadata');
      expect(human.stdout + human.stderr).toContain(`    ${dropped}\n`);
    }
    // Deeper in the package it is a file like any other (OpenClaw reads only the skill folder's own).
    const ws = makeWorkspace();
    const tgz = join(tempDir(), 'nested-1.0.0.tgz');
    writeFileSync(tgz, makeTarball([...basePackage('nested'), { name: 'package/docs/.clawhub/origin.json', data: '{}' }]));
    const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.review.dropped).toBeUndefined();
    expect(Object.keys(r.json.entry.files)).toContain('docs/.clawhub/origin.json');
    // A name the rules refuse is refused there too: dropping it is no way past them.
    const bad = join(tempDir(), 'badmeta-1.0.0.tgz');
    writeFileSync(bad, makeTarball([...basePackage('badmeta'), { name: 'package/.clawhub/../SKILL.md', data: 'x' }]));
    const b = await runCli(['add', bad, '--yes', '--cwd', makeWorkspace(), '--json']);
    expect(b.code).toBe(1);
    expect(b.json.error.code).toBe('ESANDBOX');
  });

  it('refuses a tarball that would make the skill folder a git repository (.git at any depth, a bare repository shape) before the review; nothing is written', async () => {
    const config = '[core]\n\tfsmonitor = "touch /tmp/skillpin-never; false"\n';
    const cases: Array<[string, Array<{ name: string; data: string }>, RegExp]> = [
      ['gitcfg', [{ name: 'package/.git/config', data: config }], /"\.git\/config" refused: a "\.git" segment/],
      ['gitsub', [{ name: 'package/lib/.Git/HEAD', data: 'ref: refs/heads/main\n' }], /"lib\/\.Git\/HEAD" refused: a "\.Git" segment/],
      ['gitbare', [{ name: 'package/HEAD', data: 'ref: refs/heads/main\n' }, { name: 'package/config', data: config }, { name: 'package/objects/info/packs', data: '\n' }, { name: 'package/refs/heads/.keep', data: '' }], /"HEAD" refused: the skill folder would be a bare git repository/],
      // A linked worktree's shape: git takes lib/ for a repository whose objects/, refs/ and config
      // are the skill folder's (`commondir` says where), and reads that config from lib/ or below.
      ['gitcommon', [{ name: 'package/lib/HEAD', data: 'ref: refs/heads/main\n' }, { name: 'package/lib/commondir', data: '..\n' }, { name: 'package/config', data: config }, { name: 'package/objects/info/packs', data: '\n' }, { name: 'package/refs/heads/.keep', data: '' }], /"lib\/HEAD" refused: the folder "lib" would be a git repository \(HEAD beside a commondir file/],
    ];
    for (const [name, extra, why] of cases) {
      const ws = makeWorkspace();
      const tgz = join(tempDir(), `${name}-1.0.0.tgz`);
      writeFileSync(tgz, makeTarball([...basePackage(name), ...extra]));
      const before = snapshotTree(ws);
      const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
      expect(r.code, name).toBe(1);
      expect(r.json.error.code, name).toBe('ESANDBOX');
      expect(r.json.error.message, name).toMatch(why);
      expect(Object.keys(snapshotTree(ws)).filter((p) => !(p in before) && p !== 'skills' && p !== '.clawhub/.skillpin.lock'), name).toEqual([]);
    }
    // Names that only look alike install: .gitignore, .github/, a file called git, head.txt.
    const ws = makeWorkspace();
    const tgz = join(tempDir(), 'gitlike-1.0.0.tgz');
    writeFileSync(tgz, makeTarball([...basePackage('gitlike'), ...['.gitignore', '.github/ci.yml', 'git', 'docs/head.txt', 'refs/a.md', 'objects/b.md'].map((p) => ({ name: `package/${p}`, data: 'x\n' }))]));
    const ok = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('the writer refuses a .git entry or a bare repository shape itself (entries from a cache never passed a reader)', async () => {
    const { writeEntries } = await import('../src/sandbox/write.js');
    const file = (path: string) => ({ path, type: 'file' as const, mode: 0o644, data: Buffer.from('x') });
    for (const entries of [[file('SKILL.md'), file('.git/config')], [file('SKILL.md'), file('HEAD'), file('objects/x'), file('refs/y')]]) {
      const dir = tempDir();
      await expect(writeEntries(dir, entries)).rejects.toMatchObject({ code: 'ESANDBOX' });
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('installs a well-formed hand-made tarball with normalised modes (the control case)', async () => {
    const ws = makeWorkspace();
    const tgz = join(tempDir(), 'ok-1.0.0.tgz');
    writeFileSync(tgz, makeTarball([...basePackage('ok'), { name: 'package/run.sh', data: '#!/bin/sh\n', mode: 0o4777 }, { name: 'package/docs/a.md', data: 'a', mode: 0o666 }]));
    const r = await runCli(['add', tgz, '--yes', '--cwd', ws]);
    expect(r.code, r.stderr).toBe(0);
    const tree = snapshotTree(join(ws, 'skills'));
    expect(tree['ok/run.sh']).toMatch(/^file 755 /);
    expect(tree['ok/docs/a.md']).toMatch(/^file 644 /);
    expect(tree['ok/docs']).toBe('dir 755');
  });

  it('leaves out folders that hold no file, so verify and install --frozen agree on the result', async () => {
    // An empty folder installed is one the lock (which pins files) cannot account for: verify
    // failed on it, and install --frozen wrote it back, for good.
    const ws = makeWorkspace();
    const tgz = join(tempDir(), 'ok-1.0.0.tgz');
    writeFileSync(tgz, makeTarball([...basePackage('ok'), { name: 'package/empty/', type: '5' }, { name: 'package/docs/', type: '5' }, { name: 'package/docs/deep/', type: '5' }, { name: 'package/docs/a.md', data: 'a' }]));
    const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.review.files.map((f: { path: string }) => f.path)).toEqual(['SKILL.md', 'docs/a.md', 'package.json']);
    expect(Object.keys(snapshotTree(join(ws, 'skills'))).sort()).toEqual(['ok', 'ok/SKILL.md', 'ok/docs', 'ok/docs/a.md', 'ok/package.json']);
    const v = await runCli(['verify', '--cwd', ws, '--json']);
    expect(v.code, v.stdout).toBe(0);
  });
});

describe('one sandbox folder, two skills', () => {
  it('refuses a local tarball whose package.json name is no npm name (acme+x would be the folder of @acme/x)', async () => {
    const ws = makeWorkspace();
    for (const name of ['acme+weather', 'notes\u202etxt', '.hidden']) {
      const tgz = join(tempDir(), 'x-1.0.0.tgz');
      writeFileSync(tgz, makeTarball(basePackage(name)));
      const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
      expect(r.json?.error?.code, name).toBe('EMANIFEST');
      expect(r.json.error.message).toContain('not a valid npm package name');
    }
    expect(snapshotTree(join(ws, 'skills'))).toEqual({});
  });

  it('refuses a skill whose folder another skill already holds where case is folded', async () => {
    const ws = makeWorkspace();
    const dir = tempDir();
    writeFileSync(join(dir, 'a.tgz'), makeTarball(basePackage('DEMO')));
    writeFileSync(join(dir, 'b.tgz'), makeTarball(basePackage('demo')));
    expect((await runCli(['add', join(dir, 'a.tgz'), '--yes', '--cwd', ws])).code).toBe(0);
    const before = { tree: snapshotTree(ws) };
    const r = await runCli(['add', join(dir, 'b.tgz'), '--yes', '--cwd', ws, '--json']);
    expect(r.json?.error?.code, r.stderr).toBe('EUSAGE');
    expect(r.json.error.message).toContain('refusing to add demo: DEMO and demo both map to the sandbox folder DEMO (demo is the same folder');
    expect({ tree: snapshotTree(ws) }).toEqual(before);
    // The folder DEMO is the locked skill's own, not an unmanaged one.
    const v = await runCli(['verify', '--cwd', ws, '--json']);
    expect(v.code, v.stdout).toBe(0);
  });

  it('refuses to add a skill over a sandbox folder no lock entry owns, unless it holds the same files', async () => {
    // The swap moved the folder aside and deleted it: a skill written by hand was lost without a word.
    const ws = makeWorkspace();
    mkdirSync(join(ws, 'skills', 'mine'), { recursive: true });
    writeFileSync(join(ws, 'skills', 'mine', 'SKILL.md'), '---\nname: mine\ndescription: written by hand\n---\n');
    writeFileSync(join(ws, 'skills', 'mine', 'NOTES.md'), 'months of notes\n');
    const tgz = join(tempDir(), 'mine-1.0.0.tgz');
    writeFileSync(tgz, makeTarball(basePackage('mine')));
    const before = snapshotTree(ws);
    const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
    expect(r.json?.error?.code, r.stderr).toBe('EUSAGE');
    expect(r.code).toBe(2);
    expect(r.json.error.message).toBe(`refusing to add mine: its sandbox folder ${join(ws, 'skills', 'mine')} is already there and no lock entry owns it, so installing would delete what it holds`);
    expect(snapshotTree(ws)).toEqual(before);
    // The same files (a lock lost, the skill added again): nothing is lost, so it is pinned.
    const other = makeWorkspace();
    expect((await runCli(['add', tgz, '--yes', '--cwd', other])).code).toBe(0);
    const again = makeWorkspace();
    mkdirSync(join(again, 'skills'));
    renameSync(join(other, 'skills', 'mine'), join(again, 'skills', 'mine'));
    const ok = await runCli(['add', tgz, '--yes', '--cwd', again]);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await runCli(['verify', '--cwd', again])).code).toBe(0);
    // An empty folder holds nothing to lose: the skill is added into its place.
    const empty = makeWorkspace();
    mkdirSync(join(empty, 'skills', 'mine'), { recursive: true });
    const into = await runCli(['add', tgz, '--yes', '--cwd', empty]);
    expect(into.code, into.stderr).toBe(0);
    expect((await runCli(['verify', '--cwd', empty])).code).toBe(0);
  });

  it('install --frozen and verify refuse a lock whose entries share a folder where case is folded', async () => {
    const ws = makeWorkspace();
    const tgz = join(tempDir(), 'demo-1.0.0.tgz');
    writeFileSync(tgz, makeTarball(basePackage('demo')));
    expect((await runCli(['add', tgz, '--yes', '--cwd', ws])).code).toBe(0);
    const lockPath = join(ws, '.clawhub', 'lock.json');
    const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
    lock.skills.DEMO = lock.skills.demo;
    writeFileSync(lockPath, JSON.stringify(lock));
    const before = snapshotTree(ws);
    const i = await runCli(['install', '--frozen', '--cwd', ws, '--json']);
    expect(i.json?.error?.code, i.stderr).toBe('ELOCKFILE');
    expect(i.json.error.message).toContain('DEMO and demo both map to the sandbox folder DEMO (demo is the same folder');
    expect(snapshotTree(ws)).toEqual(before);
    const v = await runCli(['verify', '--cwd', ws, '--json']);
    expect(v.code).toBe(1);
    expect(JSON.stringify(v.json)).toContain('lock entries DEMO and demo both map to the sandbox folder DEMO');
  });
});

describe('file names that are also Object.prototype keys', () => {
  // A plain object built by assignment turns a file named `__proto__` into a prototype change and
  // finds `constructor` on Object.prototype: the lock would lose the file, or a diff misname it.
  it('installs, pins and verifies files named __proto__ and constructor like any other', async () => {
    const outer = tempDir('skillpin-proto-');
    const ws = makeWorkspace();
    const tgz = join(outer, 'proto-1.0.0.tgz');
    writeFileSync(tgz, makeTarball([...basePackage('proto'), { name: 'package/__proto__', data: 'a' }, { name: 'package/constructor', data: 'b' }, { name: 'package/docs/__proto__', data: 'c' }]));
    const r = await runCli(['add', tgz, '--yes', '--cwd', ws, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8'));
    const files = lock.skills.proto.files as Record<string, string>;
    for (const p of ['__proto__', 'constructor', 'docs/__proto__']) expect(Object.hasOwn(files, p), p).toBe(true);
    const v = await runCli(['verify', '--json', '--cwd', ws]);
    expect(v.code, v.stdout).toBe(0);
    const i = await runCli(['install', '--frozen', '--json', '--cwd', ws]);
    expect(i.code, i.stderr).toBe(0);
  });
});

/**
 * A skill named `hooks` with an executable `pre-commit`, and a lock in `ws` that pins it (made in a
 * workspace of its own, so install has something to write). Returns the tarball.
 */
async function pinHooks(ws: string): Promise<string> {
  const tgz = join(tempDir(), 'hooks-1.0.0.tgz');
  writeFileSync(tgz, makeTarball([...basePackage('hooks'), { name: 'package/pre-commit', data: '#!/bin/sh\necho ran\n', mode: 0o755 }]));
  const other = makeWorkspace();
  expect((await runCli(['add', tgz, '--yes', '--cwd', other])).code).toBe(0);
  writeFileSync(join(ws, '.clawhub', 'lock.json'), readFileSync(join(other, '.clawhub', 'lock.json')));
  return tgz;
}

describe('a journal in .clawhub that names another sandbox', () => {
  // Recovery renames and deletes `<journal's sandbox>/<folder>`: a journal planted by an unreviewed
  // change (or left by a run with another --sandbox) must not reach a folder outside this sandbox.
  it('is refused by every command before anything moves, and the folder it names outside is kept', async () => {
    const outer = tempDir('skillpin-journal-');
    const ws = join(outer, 'ws');
    makeWorkspace({}, ws);
    const tgz = join(outer, 'ok-1.0.0.tgz');
    writeFileSync(tgz, makeTarball(basePackage('ok')));
    expect((await runCli(['add', tgz, '--yes', '--cwd', ws])).code).toBe(0);
    const victim = join(outer, 'home');
    mkdirSync(join(victim, 'Documents'), { recursive: true });
    writeFileSync(join(victim, 'Documents', 'thesis.txt'), 'years of work\n');
    mkdirSync(join(ws, '.clawhub', '.skillpin-journal'), { recursive: true });
    const plant = (op: 'install' | 'remove') => {
      // Signed as this machine's skillpin signs one: the run that wrote it had another --sandbox.
      const rec = { version: 2, op, name: 'Documents', folder: 'Documents', sandbox: victim, trash: '.skillpin-old-1-aa-0', writeLock: true, previous: null, pid: 1, at: '2026-01-01T00:00:00.000Z' };
      const doc = op === 'install' ? { ...rec, staging: '.skillpin-staging-1-aa-0', entry: { version: '1.0.0', files: { 'SKILL.md': 'sha512-AAAA' } } } : rec;
      plantJournal(join(ws, '.clawhub', '.skillpin-journal', 'Documents.json'), doc);
    };
    for (const op of ['remove', 'install'] as const) {
      plant(op);
      const before = snapshotTree(outer);
      for (const args of [['install', '--frozen'], ['install'], ['remove', 'ok'], ['add', tgz, '--yes'], ['verify']]) {
        const r = await runCli([...args, '--cwd', ws, '--json']);
        expect(r.json?.error?.code, `${op}: ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe('ESANDBOX');
        expect(r.code).toBe(1);
        expect(r.json.error.message).toContain(`names the sandbox ${JSON.stringify(victim)}, not this workspace's sandbox`);
        expect(snapshotTree(outer), `${op}: ${args.join(' ')}`).toEqual(before);
      }
    }
    // The control: the same journal for this workspace's own sandbox is recovered (the folder it
    // names is not there: nothing to remove), and the run goes on.
    plantJournal(join(ws, '.clawhub', '.skillpin-journal', 'Documents.json'), { version: 2, op: 'remove', name: 'Documents', folder: 'Documents', sandbox: join(ws, 'skills'), trash: '.skillpin-old-1-aa-0', writeLock: true, previous: null, pid: 1, at: '2026-01-01T00:00:00.000Z' });
    const r = await runCli(['install', '--frozen', '--cwd', ws]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('recovered an interrupted removal of Documents');
    expect(readFileSync(join(victim, 'Documents', 'thesis.txt'), 'utf8')).toBe('years of work\n');
  });
});
