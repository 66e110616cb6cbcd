import { link, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TREE_FIXTURE, writeTreeFixture } from '../registry-fixtures/tree-digest-fixture.js';
import { digestClawHubSkillTree, digestEntries, skillFileOf, skillFileOfDir } from '../src/source/clawhub/index.js';
import type { ArchiveEntry } from '../src/source/types.js';

/**
 * Computed by OpenClaw's own code, not by ours (2026-11, Node v20.20.2; nothing of OpenClaw is in
 * this repository):
 *   mkdir /tmp/oc && cd /tmp/oc && npm pack openclaw@2026.9.6 && tar xzf openclaw-2026.9.6.tgz
 *   echo '{"name":"oc-probe","private":true}' > package.json
 *   npm install --ignore-scripts --no-package-lock @openclaw/fs-safe@0.18.1   # its one missing import
 *   cat > compute.mjs <<'JS'
 *     import { mkdtemp } from 'node:fs/promises'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
 *     import { writeTreeFixture } from '<worktree>/registry-fixtures/tree-digest-fixture.js';
 *     import { n as digestClawHubSkillTree } from '/tmp/oc/package/dist/skill-tree-digest-DQM6dl_F.mjs';
 *     const dir = await mkdtemp(join(tmpdir(), 'oc-digest-')); await writeTreeFixture(dir);
 *     console.log(await digestClawHubSkillTree(dir));
 *   JS
 *   node compute.mjs
 * (`n` is the export name of digestClawHubSkillTree in that build; it imports stand-alone on Node 20.)
 */
const OPENCLAW_DIGEST = 'sha256:c3796e8484dbf84657ff34faa5c38efa38244d17f519e431d59203857ac1c951';

const dirs: string[] = [];
async function fixtureDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'skillpin-digest-'));
  dirs.push(dir);
  await writeTreeFixture(dir);
  return dir;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** The fixture as in-memory entries, the way the zip reader would hand them over. */
function fixtureEntries(): ArchiveEntry[] {
  return (TREE_FIXTURE as Array<{ path: string; data?: string | Buffer; dir?: boolean }>).map((e) =>
    e.dir
      ? { path: e.path, type: 'directory', mode: 0o755 }
      : { path: e.path, type: 'file', mode: 0o644, data: Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '') },
  );
}

describe('OpenClaw fileTreeSha256', () => {
  it('digestClawHubSkillTree equals the digest OpenClaw computed for the fixture folder', async () => {
    expect(await digestClawHubSkillTree(await fixtureDir())).toBe(OPENCLAW_DIGEST);
  });

  it('digestEntries gives the same digest from in-memory entries, in any order, parents implied', () => {
    const entries = fixtureEntries();
    expect(digestEntries(entries)).toBe(OPENCLAW_DIGEST);
    expect(digestEntries([...entries].reverse())).toBe(OPENCLAW_DIGEST);
    // Implicit parents: dropping the explicit empty folder changes the tree, dropping nothing else does.
    expect(digestEntries(entries.filter((e) => e.path !== 'emptydir'))).not.toBe(OPENCLAW_DIGEST);
  });

  it('changes when one byte of one file changes, and ignores only top-level .clawhub', async () => {
    const dir = await fixtureDir();
    await writeFile(join(dir, '.clawhub', 'origin.json'), '{"rewritten":true}');
    expect(await digestClawHubSkillTree(dir)).toBe(OPENCLAW_DIGEST);
    await writeFile(join(dir, 'a', 'nested', '.clawhub', 'origin.json'), '{"nested":"changed"}\n');
    expect(await digestClawHubSkillTree(dir)).not.toBe(OPENCLAW_DIGEST);
  });

  it('refuses symlinks and hard links as OpenClaw does', async () => {
    const dir = await fixtureDir();
    await symlink('SKILL.md', join(dir, 'link.md'));
    await expect(digestClawHubSkillTree(dir)).rejects.toMatchObject({ code: 'ETAMPERED' });
    await rm(join(dir, 'link.md'));
    await link(join(dir, 'B.txt'), join(dir, 'hard.txt'));
    await expect(digestClawHubSkillTree(dir)).rejects.toMatchObject({ code: 'ETAMPERED' });
  });

  it('skillFile is the first of SKILL.md, skill.md, skills.md, SKILL.MD', async () => {
    const dir = await fixtureDir();
    const fromDir = await skillFileOfDir(dir);
    expect(fromDir?.path).toBe('SKILL.md');
    expect(skillFileOf(fixtureEntries())).toEqual(fromDir);
    const only = [{ path: 'skills.md', type: 'file' as const, mode: 0o644, data: Buffer.from('x') }];
    expect(skillFileOf(only)?.path).toBe('skills.md');
    const empty = await mkdtemp(join(tmpdir(), 'skillpin-digest-'));
    dirs.push(empty);
    await mkdir(join(empty, 'sub'));
    expect(await skillFileOfDir(empty)).toBeUndefined();
    expect((await readFile(join(dir, 'SKILL.md'))).length).toBeGreaterThan(0);
  });
});
