// Check 2, the sandbox side: the root is a real folder apart from .clawhub, and it holds nothing
// but the locked skills' folders (no staging or trash folder either: a finished run leaves none);
// OpenClaw's other skill folders in the workspace hold nothing.

import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isPathInside } from '../fsutil/index.js';
import { SkillpinError } from '../errors.js';
import { isInternalName, OWNER_MARK, prepareSandboxRoot, type SandboxContext } from '../sandbox/index.js';
import { fail, pass, shownPath, type CheckResult } from './types.js';

/** The sandbox root itself; a failure means no skill folder under it can be trusted. */
export async function checkSandboxRoot(ctx: SandboxContext, shownRoot: string): Promise<CheckResult> {
  let exists: boolean;
  try {
    exists = await prepareSandboxRoot(ctx, false);
  } catch (err) {
    if (err instanceof SkillpinError) {
      return fail('sandbox', err.code, err.message, { file: shownRoot, ...(err.hint ? { hint: err.hint } : {}) });
    }
    return fail('sandbox', 'ESANDBOX', `sandbox root ${shownRoot} cannot be checked (${(err as Error).message})`, { file: shownRoot });
  }
  // Missing, it holds nothing: each locked skill's own check then reports it as not installed.
  return pass('sandbox', exists ? `sandbox root ${shownRoot} is a real folder outside .clawhub` : `sandbox root ${shownRoot} does not exist: nothing is installed`, { file: shownRoot });
}

/**
 * One result per entry of the sandbox root that no lock entry owns. `owned` holds folders relative
 * to the root; a clawhub CLI `@owner/<slug>` one makes `@owner` a real folder to look into, where
 * every other entry is unmanaged.
 */
export async function checkUnmanaged(root: string, shownRoot: string, owned: Set<string>, allowUnmanaged: boolean): Promise<CheckResult[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return [fail('unmanaged', 'ESANDBOX', `sandbox root ${shownRoot} cannot be listed (${(err as NodeJS.ErrnoException).code})`, { file: shownRoot })];
  }
  const owners = new Set([...owned].filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))));
  const out: CheckResult[] = [];
  const unmanaged = (name: string) => {
    const file = `${shownRoot}/${name}`;
    if (allowUnmanaged) {
      out.push(pass('unmanaged', `${file} is not in the lock (accepted by --allow-unmanaged)`, { file }));
    } else {
      out.push(
        fail('unmanaged', 'ETAMPERED', `${file} is in the sandbox but not in the lock: the agent can load it, and nobody reviewed or pinned it`, {
          file,
          // add refuses a new skill over a folder no entry owns (it would delete what it holds),
          // so the folder leaves the sandbox first. OpenClaw's backups are no skill to pin.
          hint:
            name === '.openclaw-install-backups'
              ? `OpenClaw keeps the versions a \`--force\` install replaced here: delete it (rm -r ${file}) once you no longer need them, or pass --allow-unmanaged to accept it.`
              : `Move ${file} out of the sandbox, then pin it with \`skill add <name>@<exact version>\`; or delete it, or pass --allow-unmanaged if it is managed by other means.`,
        }),
      );
    }
  };
  for (const name of names.sort()) {
    if (owned.has(name)) continue;
    // The record of the workspace that claims a sandbox outside it (checkSandboxRoot judged it): a
    // file, which OpenClaw never loads as a skill.
    if (name === OWNER_MARK && (await lstat(join(root, name)).catch(() => null))?.isFile()) continue;
    if (isInternalName(name)) {
      // A skillpin run stages and trashes folders under these names and removes them before it
      // ends; one left here was made by a killed run or by hand, and OpenClaw finds a SKILL.md in
      // it all the same. Not acceptable with --allow-unmanaged: the name claims to be skillpin's.
      const file = `${shownRoot}/${name}`;
      out.push(
        fail('unmanaged', 'ETAMPERED', `${file} is in the sandbox, named like the folders skillpin stages and replaces skills in, and a finished run leaves none: nothing pins what it holds`, {
          file,
          hint: `A killed skillpin run leaves such a folder (so does one still running: verify again after it); \`skill install\` removes it. One that came with a commit was put there by hand: find out who added it, then delete it (rm -r ${file}).`,
        }),
      );
      continue;
    }
    // An owner folder is looked into only when it is a real folder; a link in its place is unmanaged.
    const st = owners.has(name) ? await lstat(join(root, name)).catch(() => null) : null;
    const children = st?.isDirectory() ? await readdir(join(root, name)).catch(() => null) : null;
    if (children === null) {
      unmanaged(name);
      continue;
    }
    for (const child of children.sort()) if (!owned.has(`${name}/${child}`)) unmanaged(`${name}/${child}`);
  }
  return out;
}

/**
 * The folders of a workspace that OpenClaw loads skills from, in its order (the reference's
 * precedence, highest first): `<workspace>/skills`, then `<workspace>/.agents/skills`. skillpin's
 * workspace is OpenClaw's (they share `.clawhub/lock.json`).
 */
export const OPENCLAW_WORKSPACE_ROOTS: readonly string[] = ['skills', join('.agents', 'skills')];

/**
 * One result per entry of an OpenClaw skills folder in the workspace that is not the sandbox
 * (`.clawhub/config.json` can move the sandbox, and `.agents/skills` is never it): OpenClaw loads
 * what is there, and no other check looks at it. A folder that holds the sandbox is looked into
 * past it. Two directory reads; --allow-unmanaged lists without failing (a folder of skill
 * sources, say, in a workspace OpenClaw does not run in).
 */
export async function checkOpenClawRoots(workspace: string, sandboxRoot: string, allowUnmanaged: boolean): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  const shownSandbox = shownPath(workspace, sandboxRoot);
  for (const rel of OPENCLAW_WORKSPACE_ROOTS) {
    const root = join(workspace, rel);
    // The sandbox itself, or a folder inside it: the sandbox checks cover it.
    if (isPathInside(root, sandboxRoot)) continue;
    const shownRoot = rel.split(sep).join('/');
    const unmanaged = (file: string, what: string) => {
      const detail = `${file} ${what}: OpenClaw loads skills from ${shownRoot}, but the sandbox verify checks is ${shownSandbox}, so nothing pins or checks what is here`;
      if (allowUnmanaged) {
        out.push(pass('unmanaged', `${detail} (accepted by --allow-unmanaged)`, { file }));
        return;
      }
      out.push(
        fail('unmanaged', 'ETAMPERED', detail, {
          file,
          hint: `Delete it, or move it out of ${shownRoot} and pin it with \`skill add <name>@<exact version>\` (which installs into ${shownSandbox}). If OpenClaw does not run in this workspace (${shownRoot} holds skill sources, say), pass --allow-unmanaged.`,
        }),
      );
    };
    let st;
    try {
      st = await lstat(root);
    } catch {
      continue;
    }
    if (!st.isDirectory()) {
      // A link to the sandbox itself (`.agents/skills -> ../skills`, for other agents) holds what it holds.
      if (st.isSymbolicLink() && (await realpath(root).catch(() => null)) === (await realpath(sandboxRoot).catch(() => undefined))) continue;
      unmanaged(shownRoot, st.isSymbolicLink() ? 'is a link' : 'is not a folder');
      continue;
    }
    let names: string[];
    try {
      names = await readdir(root);
    } catch (err) {
      out.push(fail('unmanaged', 'ESANDBOX', `${shownRoot} cannot be listed (${(err as NodeJS.ErrnoException).code}); OpenClaw loads skills from it`, { file: shownRoot }));
      continue;
    }
    for (const name of names.sort()) {
      const abs = join(root, name);
      // A folder on the way to the sandbox (`skills/pinned` as the sandbox): only the sandbox is skillpin's.
      if (isPathInside(sandboxRoot, abs)) {
        if (abs === sandboxRoot) continue;
        const below = relative(abs, sandboxRoot).split(sep)[0] as string;
        const inner = await readdir(abs).catch(() => null);
        if (inner === null) unmanaged(`${shownRoot}/${name}`, 'is in the way to the sandbox');
        else for (const n of inner.sort()) if (n !== below) unmanaged(`${shownRoot}/${name}/${n}`, 'is there');
        continue;
      }
      unmanaged(`${shownRoot}/${name}`, 'is there');
    }
  }
  return out;
}
