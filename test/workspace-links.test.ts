// A pull request controls every path of the checkout that CI runs skillpin in. For each path
// skillpin reads or writes inside a workspace, and each special entry a checkout can put there (a
// link to a folder or a file outside, a link to nothing, a loop of links, a FIFO, a folder where a
// file goes, a file where a folder goes), every command that touches the path is run: nothing is
// ever written or deleted outside the workspace through it, no run hangs (a FIFO is never waited
// on), and a refusal has its stable code, names the path, says the fix and changes nothing on disk.
// What each path may be (the threat model's answer; SECURITY.md, the row "a committed link or special file"):
//   .clawhub, lock.json, config.json: a link is followed only when it stays inside the workspace,
//     and out of the sandbox (the agent writes there);
//   .clawhub/attestations, the journal folder: real folders (a link is read through by verify and
//     install --frozen, whose documents count only once their signatures verify; never written through);
//   the mutex file: a regular file skillpin makes (EBUSY for anything else);
//   the sandbox root: a real folder (ESANDBOX); a skill or staging folder: replaced or removed, never
//     followed.

import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, snapshotTree, tempDir, useInstalledWorkspace } from './helpers.js';

const { fx, env, workspace } = useInstalledWorkspace(['weather@1.4.0']);

type Kind = 'link to a folder outside' | 'link to a file outside' | 'link to nothing' | 'loop of links' | 'FIFO' | 'folder' | 'file';
const SECRET = 'ssh-ed25519 AAAAC3Nza SECRET-KEY-4711';

interface Planted {
  ws: string;
  /** Where the links lead: snapshotted before and after every command. */
  outside: string;
  /** The planted path, absolute. */
  at: string;
  /** An OpenClaw config folder for policy --write (not part of "outside"). */
  oc: string;
}

/** A copy of the installed workspace with `rel` replaced by an entry of `kind`. */
function plant(rel: string | ((ws: string) => string), kind: Kind): Planted {
  const ws = workspace();
  const outside = tempDir('skillpin-outside-');
  mkdirSync(join(outside, 'dir'));
  writeFileSync(join(outside, 'dir', 'keep.tmp'), "another program's temp file");
  writeFileSync(join(outside, 'dir', 'weather.json'), "another program's file");
  writeFileSync(join(outside, 'authorized_keys'), `${SECRET}\n`);
  const oc = tempDir('skillpin-oc-');
  chmodSync(oc, 0o700);
  const at = join(ws, typeof rel === 'string' ? rel : rel(ws));
  // The folder a link to .clawhub leads to holds what .clawhub held: a lock and a config to use.
  if (rel === '.clawhub') cpSync(at, join(outside, 'dir'), { recursive: true });
  rmSync(at, { recursive: true, force: true });
  switch (kind) {
    case 'link to a folder outside':
      symlinkSync(join(outside, 'dir'), at);
      break;
    case 'link to a file outside':
      symlinkSync(join(outside, 'authorized_keys'), at);
      break;
    case 'link to nothing':
      symlinkSync(join(outside, 'gone', 'here'), at);
      break;
    case 'loop of links':
      symlinkSync(at, at);
      break;
    case 'FIFO':
      execFileSync('mkfifo', [at]);
      break;
    case 'folder':
      mkdirSync(at);
      break;
    case 'file':
      writeFileSync(at, 'not what skillpin keeps here\n');
      break;
  }
  return { ws, outside, at, oc };
}

const COMMANDS: Record<string, string[]> = {
  add: ['add', 'notes@1.0.0', '--yes'],
  readd: ['add', 'weather@1.4.0', '--yes'],
  update: ['update', 'weather', '--to', '1.4.1', '--yes'],
  remove: ['remove', 'weather'],
  frozen: ['install', '--frozen'],
  verify: ['verify'],
  adopt: ['adopt'],
  policy: ['policy', '--write', 'OC'],
  prune: ['cache', 'prune'],
  review: ['review', 'weather@1.4.0'],
  list: ['list'],
};

/** How a command may end for one planted entry: refused with `code`, done (0), or a verify report of failures (1). */
type Outcome = { refused: string } | 'done' | 'report' | { any: true };

interface Row {
  path: string | ((ws: string) => string);
  kinds: Kind[];
  commands: string[];
  expect: (kind: Kind, command: string) => Outcome;
  /** Checked after a command that ended 0. */
  after?: (p: Planted, command: string) => void;
}

const LINKS: Kind[] = ['link to a folder outside', 'link to a file outside', 'link to nothing', 'loop of links'];
const FILE_KINDS: Kind[] = [...LINKS, 'FIFO', 'folder'];
const FOLDER_KINDS: Kind[] = [...LINKS, 'FIFO', 'file'];

const stored = (ws: string) => {
  const name = readdirSync(join(ws, '.clawhub', 'attestations')).find((n) => n.endsWith('.json'));
  if (name === undefined) throw new Error('the fixture workspace holds no stored attestations');
  return join('.clawhub', 'attestations', name);
};

const ROWS: Row[] = [
  {
    path: '.clawhub',
    kinds: FOLDER_KINDS,
    commands: ['add', 'update', 'remove', 'frozen', 'verify', 'adopt', 'policy', 'prune', 'review'],
    expect: () => ({ refused: 'ELOCKFILE' }),
  },
  {
    path: '.clawhub/lock.json',
    kinds: FILE_KINDS,
    commands: ['add', 'update', 'remove', 'frozen', 'verify', 'adopt', 'policy', 'prune'],
    expect: () => ({ refused: 'ELOCKFILE' }),
  },
  {
    path: '.clawhub/config.json',
    kinds: FILE_KINDS,
    commands: ['add', 'frozen', 'verify', 'review', 'prune'],
    expect: () => ({ refused: 'ECONFIG' }),
  },
  {
    path: '.clawhub/attestations',
    kinds: FOLDER_KINDS,
    commands: ['add', 'update', 'frozen', 'verify'],
    // Written only by add and update, refused before their review; read through by verify (the
    // stored bundle is not there: a failed check) and install --frozen (a warning under "warn").
    expect: (_kind, command) => (command === 'add' || command === 'update' ? { refused: 'ELOCKFILE' } : command === 'verify' ? 'report' : 'done'),
  },
  {
    path: stored,
    kinds: FILE_KINDS,
    commands: ['readd', 'frozen', 'verify'],
    // A re-pin writes the bundle again by a rename, which replaces whatever stood at its name (a
    // folder, which a rename cannot replace, is refused).
    expect: (kind, command) => (command === 'readd' ? (kind === 'folder' ? { refused: 'ELOCKFILE' } : 'done') : command === 'verify' ? 'report' : { any: true }),
    after: (p, command) => {
      if (command === 'readd') expect(lstatSync(p.at).isFile()).toBe(true);
    },
  },
  {
    path: '.clawhub/.skillpin-journal',
    kinds: FOLDER_KINDS,
    commands: ['add', 'update', 'remove', 'frozen', 'verify', 'adopt'],
    expect: () => ({ refused: 'ELOCKFILE' }),
  },
  {
    path: '.clawhub/.skillpin.lock',
    kinds: [...LINKS, 'FIFO', 'folder'],
    commands: ['add', 'update', 'remove', 'frozen', 'adopt'],
    expect: () => ({ refused: 'EBUSY' }),
  },
  {
    path: 'skills',
    kinds: FOLDER_KINDS,
    commands: ['add', 'remove', 'frozen', 'verify', 'adopt', 'policy', 'list'],
    expect: (_kind, command) => (command === 'verify' ? 'report' : { refused: 'ESANDBOX' }),
  },
  {
    path: 'skills/weather',
    kinds: FOLDER_KINDS,
    commands: ['update', 'remove', 'frozen', 'verify'],
    // Never followed: install and update put the real folder in its place, remove takes the entry away.
    expect: (_kind, command) => (command === 'verify' ? 'report' : 'done'),
    after: (p, command) => {
      if (command === 'remove') expect(existsSync(p.at) || lstatSync(p.at, { throwIfNoEntry: false }) !== undefined).toBe(false);
      else expect(lstatSync(p.at).isDirectory()).toBe(true);
    },
  },
  {
    path: 'skills/.skillpin-staging-1-aaaaaaaaaaaa-0',
    kinds: FOLDER_KINDS,
    commands: ['frozen', 'verify'],
    // A stale staging entry is swept (the link itself, never what it leads to); verify reports it.
    expect: (_kind, command) => (command === 'verify' ? 'report' : 'done'),
    after: (p) => expect(lstatSync(p.at, { throwIfNoEntry: false })).toBeUndefined(),
  },
];

async function runIn(p: Planted, command: string) {
  const args = (COMMANDS[command] as string[]).map((a) => (a === 'OC' ? join(p.oc, 'openclaw.json') : a));
  return runCli([...args, '--cwd', p.ws, '--registry', fx.reg.url, '--json'], { env: env(), timeoutMs: 20_000 });
}

describe('committed links and special files where skillpin keeps a workspace', () => {
  for (const row of ROWS) {
    const name = typeof row.path === 'string' ? row.path : '.clawhub/attestations/<sha512>.json';
    for (const kind of row.kinds) {
      it(`${name} as a ${kind}: ${row.commands.join(', ')}`, async () => {
        for (const command of row.commands) {
          const p = plant(row.path, kind);
          const before = snapshotTree(p.ws);
          const outsideBefore = snapshotTree(p.outside);
          const r = await runIn(p, command);
          const what = `${command} with ${name} as a ${kind}: ${r.stdout.slice(0, 600)}${r.stderr.slice(0, 600)}`;
          expect(r.signal, `${what} (hung)`).toBeNull();
          expect(snapshotTree(p.outside), what).toEqual(outsideBefore);
          expect(`${r.stdout}${r.stderr}`, what).not.toContain('SECRET-KEY');
          const want = row.expect(kind, command);
          if (typeof want === 'object' && 'refused' in want) {
            expect(r.json?.error?.code, what).toBe(want.refused);
            // Names the path (or, for a link inside .clawhub, the folder it is in) and the fix.
            expect(r.json.error.message, what).toContain(p.at);
            expect(r.json.error.hint, what).toMatch(/\S/);
            expect(snapshotTree(p.ws), what).toEqual(before);
          } else if (want === 'done') {
            expect(r.code, what).toBe(0);
            row.after?.(p, command);
          } else if (want === 'report') {
            expect(r.code, what).toBe(1);
            expect(r.json?.ok, what).toBe(false);
          } else if (r.code === 0) {
            row.after?.(p, command);
          } else {
            expect(snapshotTree(p.ws), what).toEqual(before);
          }
        }
      });
    }
  }

  it('a lock or config that is a link to a valid one outside the workspace is refused: verify gates nothing the checkout does not hold, add writes nothing there', async () => {
    for (const [name, code] of [['lock.json', 'ELOCKFILE'], ['config.json', 'ECONFIG']] as const) {
      const p = plant(`.clawhub/${name}`, 'file');
      const elsewhere = join(p.outside, name);
      writeFileSync(elsewhere, readFileSync(join(workspace(), '.clawhub', name)));
      rmSync(p.at);
      symlinkSync(elsewhere, p.at);
      const outsideBefore = snapshotTree(p.outside);
      const before = snapshotTree(p.ws);
      for (const command of ['verify', 'add']) {
        const r = await runIn(p, command);
        expect(r.json?.error, `${command} ${name}: ${r.stdout}${r.stderr}`).toMatchObject({ code, message: expect.stringContaining(`${p.at} is a link to ${elsewhere}, which leads out of the workspace`) });
      }
      expect(snapshotTree(p.outside)).toEqual(outsideBefore);
      expect(snapshotTree(p.ws)).toEqual(before);
    }
  });

  it('a lock that is a link to a file inside the workspace is read through, and a write replaces the link (nothing written where it leads)', async () => {
    const p = plant('.clawhub/lock.json', 'file');
    const kept = join(p.ws, 'pins.json');
    writeFileSync(kept, readFileSync(join(workspace(), '.clawhub', 'lock.json')));
    rmSync(p.at);
    symlinkSync('../pins.json', p.at);
    const keptBefore = readFileSync(kept, 'utf8');
    const verified = await runIn(p, 'verify');
    expect(verified.code, verified.stderr).toBe(0);
    const added = await runIn(p, 'add');
    expect(added.code, added.stderr).toBe(0);
    expect(lstatSync(p.at).isFile()).toBe(true);
    expect(readFileSync(kept, 'utf8')).toBe(keptBefore);
    expect(JSON.parse(readFileSync(p.at, 'utf8')).skills).toHaveProperty('notes');
  });

  it('.clawhub as a link to a folder inside the workspace is followed: the lock is written there', async () => {
    const p = plant('.clawhub', 'file');
    rmSync(p.at);
    cpSync(join(workspace(), '.clawhub'), join(p.ws, 'config', 'clawhub'), { recursive: true });
    symlinkSync(join('config', 'clawhub'), p.at);
    const added = await runIn(p, 'add');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(p.ws, 'config', 'clawhub', 'lock.json'), 'utf8')).skills).toHaveProperty('notes');
    expect(lstatSync(p.at).isSymbolicLink()).toBe(true);
    // A link to the workspace itself is no folder of its own: the lock would lie beside the sandbox.
    rmSync(p.at);
    symlinkSync('.', p.at);
    const before = snapshotTree(p.ws);
    const itself = await runIn(p, 'add');
    expect(itself.json?.error, itself.stderr).toMatchObject({ code: 'ELOCKFILE', message: expect.stringContaining(`${p.at} is a link to ., which is the workspace ${p.ws} itself`) });
    expect(snapshotTree(p.ws)).toEqual(before);
  });

  it('.clawhub as a link to a folder inside the workspace: the temp file a run killed mid lock write left there is swept by the next run, as in a real .clawhub', async () => {
    const p = plant('.clawhub', 'file');
    rmSync(p.at);
    const real = join(p.ws, 'config', 'clawhub');
    cpSync(join(workspace(), '.clawhub'), real, { recursive: true });
    symlinkSync(join('config', 'clawhub'), p.at);
    const args = (COMMANDS.add as string[]).concat(['--cwd', p.ws, '--registry', fx.reg.url]);
    const killed = await runCli(args, { env: { ...env(), SKILLPIN_TEST_CRASH_AT: 'mid-lock-write' }, timeoutMs: 20_000 });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const temps = () => readdirSync(real).filter((n) => n.startsWith('.lock.json.') && n.endsWith('.tmp'));
    expect(temps(), 'the crash left no temp file to sweep').toHaveLength(1);
    // install completes the interrupted add (--frozen would refuse to), then sweeps.
    const next = await runCli(['install', '--cwd', p.ws, '--registry', fx.reg.url, '--json'], { env: env(), timeoutMs: 20_000 });
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(temps()).toEqual([]);
    expect(lstatSync(p.at).isSymbolicLink()).toBe(true);
  });

  it('a workspace reached through a link (a home folder that is a link) keeps working: .clawhub as a link by the linked path, by the real path or relative, --cwd by either path', async () => {
    const real = workspace();
    const alias = join(tempDir('skillpin-alias-'), 'ws');
    symlinkSync(real, alias);
    cpSync(join(real, '.clawhub'), join(real, 'config', 'clawhub'), { recursive: true });
    rmSync(join(real, '.clawhub'), { recursive: true });
    for (const target of [join(alias, 'config', 'clawhub'), join(real, 'config', 'clawhub'), join('config', 'clawhub')]) {
      rmSync(join(real, '.clawhub'), { force: true });
      symlinkSync(target, join(real, '.clawhub'));
      for (const cwd of [alias, real]) {
        const p = { ws: cwd, outside: '', at: '', oc: '' };
        for (const command of ['verify', 'list']) {
          const r = await runIn(p, command);
          expect(r.code, `${command} --cwd ${cwd}, .clawhub -> ${target}: ${r.stdout}${r.stderr}`).toBe(0);
        }
      }
    }
    const added = await runIn({ ws: alias, outside: '', at: '', oc: '' }, 'add');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(real, 'config', 'clawhub', 'lock.json'), 'utf8')).skills).toHaveProperty('notes');
  });

  it('a lock or config that is a link into the sandbox is refused (ESANDBOX): the agent, which writes there, would rewrite its own pins and verify would pass', async () => {
    // skills/.skillpin-workspace: a file verify accepts in the root (the claim of an outside
    // sandbox), so nothing else in the report gives the link away.
    for (const name of ['lock.json', 'config.json']) {
      const p = plant(`.clawhub/${name}`, 'file');
      const inSandbox = join(p.ws, 'skills', '.skillpin-workspace');
      writeFileSync(inSandbox, readFileSync(join(workspace(), '.clawhub', name)));
      rmSync(p.at);
      symlinkSync(join('..', 'skills', '.skillpin-workspace'), p.at);
      const before = snapshotTree(p.ws);
      const verified = await runIn(p, 'verify');
      expect(verified.code, `verify ${name}: ${verified.stdout}${verified.stderr}`).toBe(1);
      expect(verified.stdout, name).toContain(`${p.at} is a link into the sandbox`);
      for (const command of ['add', 'frozen', 'list']) {
        const r = await runIn(p, command);
        expect(r.json?.error, `${command} ${name}: ${r.stdout}${r.stderr}`).toMatchObject({ code: 'ESANDBOX', message: expect.stringContaining(`${p.at} is a link into the sandbox`) });
        expect(snapshotTree(p.ws), `${command} ${name}`).toEqual(before);
      }
    }
  });

  it('a trusted root or registry key file the config names in the sandbox, or through a link into it, is refused (ECONFIG): the agent would choose whom skillpin trusts', async () => {
    for (const [key, file] of [['trustedRoots', 'trusted-root.json'], ['registryKeys', 'registry-keys.json']] as const) {
      for (const via of ['path', 'link']) {
        const p = plant('.clawhub/config.json', 'file');
        const config = JSON.parse(readFileSync(join(workspace(), '.clawhub', 'config.json'), 'utf8'));
        const inSandbox = join(p.ws, 'skills', '.skillpin-workspace');
        writeFileSync(inSandbox, readFileSync(config.trust[key][0]));
        let named = inSandbox;
        if (via === 'link') {
          mkdirSync(join(p.ws, '.clawhub', 'trust'));
          named = join(p.ws, '.clawhub', 'trust', file);
          symlinkSync(join('..', '..', 'skills', '.skillpin-workspace'), named);
        }
        config.trust[key] = [named];
        writeFileSync(p.at, JSON.stringify(config));
        const before = snapshotTree(p.ws);
        const what = `${key} by ${via}`;
        const verified = await runIn(p, 'verify');
        expect(verified.code, `verify, ${what}: ${verified.stdout}${verified.stderr}`).toBe(1);
        expect(verified.stdout, what).toContain(`trust.${key} names ${named}, which lies in the sandbox`);
        for (const command of ['add', 'frozen']) {
          const r = await runIn(p, command);
          expect(r.json?.error, `${command}, ${what}: ${r.stdout}${r.stderr}`).toMatchObject({ code: 'ECONFIG', message: expect.stringContaining(`trust.${key} names ${named}, which lies in the sandbox`) });
          expect(snapshotTree(p.ws), `${command}, ${what}`).toEqual(before);
        }
      }
    }
    // OpenClaw's hook: its skills folder (<workspace>/skills, which the agent writes) is held to
    // the same rule when skillpin's own sandbox is another folder.
    const p = plant('.clawhub/config.json', 'file');
    const config = JSON.parse(readFileSync(join(workspace(), '.clawhub', 'config.json'), 'utf8'));
    const inSkills = join(p.ws, 'skills', 'root.json');
    writeFileSync(inSkills, readFileSync(config.trust.trustedRoots[0]));
    config.trust.trustedRoots = [inSkills];
    config.sandbox = 'agent-skills';
    writeFileSync(p.at, JSON.stringify(config));
    const staged = tempDir('skillpin-staged-');
    writeFileSync(join(staged, 'SKILL.md'), '---\nname: clock\ndescription: A clock.\n---\n# Clock\n');
    const request = { protocolVersion: 1, openclawVersion: '2026.9.6', targetName: 'clock', targetType: 'skill', sourcePath: staged, sourcePathKind: 'directory', source: { kind: 'clawhub', authority: 'openclaw', mutable: false, network: true }, origin: { type: 'clawhub', registry: 'http://127.0.0.1:9', slug: 'clock', ownerHandle: 'acme', version: '1.0.0' }, request: { kind: 'skill-install', mode: 'install', requestedSpecifier: 'clawhub:@acme/clock@1.0.0' }, skill: { installId: 'clawhub' } };
    const hooked = await runCli(['hook', 'openclaw-install-policy'], { input: JSON.stringify(request), env: { ...env(), SKILL_WORKSPACE: p.ws } });
    expect(hooked.json, hooked.stdout + hooked.stderr).toMatchObject({ decision: 'block', reason: expect.stringContaining(`(ECONFIG): trust.trustedRoots names ${inSkills}, which lies in the sandbox`) });
  });

  it("policy --write: an openclaw.json that is a link, a FIFO or a folder is refused (ECONFIG); a .bak that is a link is replaced, never written through", async () => {
    for (const kind of ['link to a file outside', 'link to nothing', 'loop of links', 'FIFO', 'folder'] as Kind[]) {
      const p = plant('.clawhub/lock.json', 'file');
      rmSync(p.at);
      cpSync(join(workspace(), '.clawhub', 'lock.json'), p.at);
      const file = join(p.oc, 'openclaw.json');
      if (kind === 'link to a file outside') symlinkSync(join(p.outside, 'authorized_keys'), file);
      if (kind === 'link to nothing') symlinkSync(join(p.outside, 'gone'), file);
      if (kind === 'loop of links') symlinkSync(file, file);
      if (kind === 'FIFO') execFileSync('mkfifo', [file]);
      if (kind === 'folder') mkdirSync(file);
      const outsideBefore = snapshotTree(p.outside);
      const ocBefore = snapshotTree(p.oc);
      const r = await runIn(p, 'policy');
      expect(r.signal, kind).toBeNull();
      expect(r.json?.error?.code, `${kind}: ${r.stdout}${r.stderr}`).toBe('ECONFIG');
      expect(r.json.error.message, kind).toContain(file);
      expect(snapshotTree(p.outside), kind).toEqual(outsideBefore);
      expect(snapshotTree(p.oc), kind).toEqual(ocBefore);
    }
    const p = plant('.clawhub/lock.json', 'file');
    rmSync(p.at);
    cpSync(join(workspace(), '.clawhub', 'lock.json'), p.at);
    const file = join(p.oc, 'openclaw.json');
    writeFileSync(file, '{ "tools": {} }\n', { mode: 0o600 });
    symlinkSync(join(p.outside, 'authorized_keys'), `${file}.bak`);
    const r = await runIn(p, 'policy');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(p.outside, 'authorized_keys'), 'utf8')).toBe(`${SECRET}\n`);
    expect(lstatSync(`${file}.bak`).isFile()).toBe(true);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('{ "tools": {} }\n');
  });
});

// Node's recursive mkdir tries again without end where a folder that exists answers ENOENT for a
// new child (/proc, /sys): a run whose workspace, HOME or cache lay there spun at full CPU, deaf to
// Ctrl-C, until CI killed the job.
describe.runIf(existsSync('/proc/self/stat'))('a workspace, HOME or cache under /proc', () => {
  it('a workspace there: add and adopt end at once with EFS naming the .clawhub they cannot make', async () => {
    for (const args of [['add', 'notes@1.0.0', '--yes'], ['adopt']]) {
      const started = Date.now();
      const r = await runCli([...args, '--cwd', '/proc/self', '--registry', fx.reg.url, '--json'], { env: env(), timeoutMs: 15_000 });
      expect(r.signal, `${args[0]} spun until killed`).toBeNull();
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.code, r.stderr).toBe(2);
      expect(r.json?.error, r.stderr).toMatchObject({ code: 'EFS', message: expect.stringContaining('/proc/self/.clawhub') });
    }
  });

  it('HOME, XDG_CACHE_HOME, XDG_CONFIG_HOME there: the run goes on without the caches, says so once, and pins', async () => {
    const ws = workspace();
    const under = '/proc/self/none';
    const r = await runCli(['add', 'notes@1.0.0', '--yes', '--cwd', ws, '--registry', fx.reg.url, '--json'], {
      env: { HOME: `${under}/home`, XDG_CACHE_HOME: `${under}/cache`, XDG_CONFIG_HOME: `${under}/config`, SKILL_CACHE: '', SKILLPIN_CACHE_KEY: '' },
      timeoutMs: 15_000,
    });
    expect(r.signal, 'spun until killed').toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(ws, '.clawhub', 'lock.json'), 'utf8')).skills).toHaveProperty('notes');
    // Said once, not silently skipped: every run downloads again while the cache cannot be written.
    expect(r.stderr.match(/note: the cache \/proc\/self\/none\/cache\/skillpin\/content-v2 could not be written \(mkdir \/proc\/self\/none: ENOENT\): this run went on without it/g), r.stderr).toHaveLength(1);
  });

  it('a verdict cache there: verify, which downloads nothing, says the next run checks again (it said "downloads again"), on stderr, and stdout stays one JSON document', async () => {
    const ws = workspace();
    const r = await runCli(['verify', '--cwd', ws, '--json'], { env: { SKILL_CACHE: '/proc/self/none/cache', SKILLPIN_VERDICT_CACHE: '' }, timeoutMs: 15_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json?.ok, r.stdout).toBe(true);
    const notes = r.stderr.match(/^note: the cache .*$/gm) ?? [];
    expect(notes, r.stderr).toEqual([expect.stringContaining('/proc/self/none/cache/verdicts-v1 could not be written')]);
    expect(notes[0]).toContain('the next one scans and verifies again');
    expect(notes[0]).not.toContain('downloads');
  });
});
