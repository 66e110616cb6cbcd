// The `security.installPolicy` fragment for ~/.openclaw/openclaw.json, and the checks OpenClaw
// 2026.9.6 makes on its command before it runs it (reference §C, OC/install-policy assertSecureCommandPath),
// made here first so a person learns what is wrong before OpenClaw fails every install closed.

import { lstatSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SkillpinError } from '../errors.js';

export const HOOK_SUBCOMMAND = ['hook', 'openclaw-install-policy'] as const;
export const HOOK_TIMEOUT_MS = 10_000;

export interface HookPaths {
  /** Absolute, symlink-resolved node binary. */
  node: string;
  /** Absolute, symlink-resolved `bin/skill.js`. */
  script: string;
  /** Absolute, symlink-resolved workspace folder. */
  workspace: string;
  /**
   * The sandbox root when the person named it (`--sandbox`, `SKILL_SANDBOX`), absolute: OpenClaw
   * passes the hook no environment of its own, so without it in `exec.env` the hook would look for
   * installed skills in the config's sandbox (default `skills`) while they are here.
   */
  sandbox?: string;
}

export interface PathProblem {
  path: string;
  /** What OpenClaw checks: `command`, `args[0]`, or the workspace. */
  role: string;
  problem: string;
  fix: string;
}

/** The fragment to merge into openclaw.json. Only paths and env: no argument OpenClaw would take for a script. */
export function installPolicyFragment(p: HookPaths): { security: { installPolicy: Record<string, unknown> } } {
  return {
    security: {
      installPolicy: {
        enabled: true,
        targets: ['skill'],
        exec: {
          source: 'exec',
          command: p.node,
          args: [p.script, ...HOOK_SUBCOMMAND],
          env: { SKILL_WORKSPACE: p.workspace, ...(p.sandbox !== undefined ? { SKILL_SANDBOX: p.sandbox } : {}) },
          timeoutMs: HOOK_TIMEOUT_MS,
        },
      },
    },
  };
}

function resolveReal(path: string, what: string, hint: string): string {
  try {
    return realpathSync(path);
  } catch (err) {
    throw new SkillpinError('ENOTFOUND', `${what} ${path} cannot be resolved (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { path, hint });
  }
}

const WORKSPACE_HINT = 'Pass the workspace, the folder that holds (or will hold) .clawhub/, with --cwd DIR (skill --cwd ~/.openclaw/workspace hook openclaw-install-policy --print-config).';

/** The paths the fragment uses: this node and this skillpin, both with every symlink resolved. */
export function hookPaths(workspace: string, opts: { node?: string; script?: string } = {}): HookPaths {
  const node = resolveReal(opts.node ?? process.execPath, 'node binary', 'Pass --node the absolute path of an installed node binary (`command -v node`), or leave --node out for the one running skillpin.');
  const script = resolveReal(opts.script ?? fileURLToPath(new URL('../../bin/skill.js', import.meta.url)), 'skillpin CLI script', 'skillpin\'s own files are incomplete: reinstall it (npm install -g skillpin).');
  const ws = resolveReal(resolve(workspace), 'workspace', WORKSPACE_HINT);
  if (!statSync(ws).isDirectory()) throw new SkillpinError('ENOTFOUND', `workspace ${ws} is not a folder`, { path: ws, hint: WORKSPACE_HINT });
  return { node, script, workspace: ws };
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

/**
 * OpenClaw's checks on the command and on each script argument of an interpreter: absolute, a
 * regular file and not a symlink, not writable by group or others, owned by the user or root; and
 * every ancestor folder not writable by group or others unless sticky, owned by the user or root.
 */
export function checkCommandPath(path: string, role: string, uid: number | undefined = process.getuid?.()): PathProblem[] {
  const out: PathProblem[] = [];
  const add = (p: string, problem: string, fix: string) => out.push({ path: p, role, problem, fix });
  if (!isAbsolute(path)) {
    add(path, 'is not an absolute path', 'use the absolute path');
    return out;
  }
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    add(path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'install it, or point at the right file');
    return out;
  }
  if (st.isSymbolicLink()) add(path, 'is a symlink; OpenClaw refuses symlinked commands', `use its target ${realpathOr(path)}`);
  else if (!st.isFile()) add(path, 'is not a regular file', 'point at the file itself');
  if (st.mode & 0o022) add(path, `is writable by ${st.mode & 0o020 ? 'group' : ''}${(st.mode & 0o022) === 0o022 ? ' and ' : ''}${st.mode & 0o002 ? 'others' : ''} (mode ${octal(st.mode)})`, `chmod go-w ${path}`);
  if (uid !== undefined && st.uid !== uid && st.uid !== 0) add(path, `is owned by uid ${st.uid}, not by you (uid ${uid}) or root`, `install skillpin and node under your own account, or as root`);
  let dir = dirname(path);
  for (;;) {
    try {
      const d = statSync(dir);
      const open = (d.mode & 0o022) !== 0;
      const sticky = (d.mode & 0o1000) !== 0;
      if (open && !sticky) add(dir, `(a parent folder) is writable by group or others without the sticky bit (mode ${octal(d.mode)})`, `chmod go-w ${dir}`);
      if (uid !== undefined && d.uid !== uid && d.uid !== 0) add(dir, `(a parent folder) is owned by uid ${d.uid}, not by you (uid ${uid}) or root`, 'move skillpin (or node) to a folder you or root own');
    } catch (err) {
      add(dir, `(a parent folder) cannot be checked (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'fix the folder permissions');
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Every problem OpenClaw would find with the fragment's command and script. */
export function checkHookPaths(p: HookPaths, uid: number | undefined = process.getuid?.()): PathProblem[] {
  return [...checkCommandPath(p.node, 'exec.command (node)', uid), ...checkCommandPath(p.script, 'exec.args[0] (skillpin CLI script)', uid)];
}

export function renderPathProblems(problems: PathProblem[]): string {
  return problems.map((x) => `  ${x.role}: ${x.path} ${x.problem}\n    fix: ${x.fix}`).join('\n');
}

/** Where OpenClaw reads its config: OPENCLAW_CONFIG_PATH, then OPENCLAW_STATE_DIR/openclaw.json, then ~/.openclaw/openclaw.json. */
export function openclawConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const expand = (p: string) => (p === '~' ? homeOf(env) : p.startsWith('~/') ? join(homeOf(env), p.slice(2)) : resolve(p));
  const override = env.OPENCLAW_CONFIG_PATH?.trim();
  if (override) return expand(override);
  const state = env.OPENCLAW_STATE_DIR?.trim();
  if (state) return join(expand(state), 'openclaw.json');
  return join(homeOf(env), '.openclaw', 'openclaw.json');
}

function homeOf(env: NodeJS.ProcessEnv): string {
  return env.OPENCLAW_HOME?.trim() || env.HOME?.trim() || homedir();
}
