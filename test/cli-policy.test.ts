// `skill policy` end to end (issue 6): derive from three installed skills, merge into a commented
// openclaw.json keeping unrelated keys (mode 0600, .bak), then check it and catch drift.

import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, startRegistry, tempDir, type Registry } from './helpers.js';

let reg: Registry;
let ws: string;
const env = () => ({ SKILL_CACHE: join(ws, '.cache') });

beforeAll(async () => {
  reg = await startRegistry();
  ws = makeWorkspace();
  for (const spec of ['weather@1.5.0', 'notes@1.0.0', 'translator@1.0.0']) {
    const r = await runCli(['add', spec, '--yes', '--registry', reg.url, '--cwd', ws], { env: env() });
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(async () => {
  await reg.close();
});

describe('skill policy', () => {
  it('derives the union of tools with the skills that need each one', async () => {
    const r = await runCli(['policy', '--cwd', ws, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.policy.allow).toEqual(['edit', 'exec', 'read', 'web_fetch', 'write']);
    expect(r.json.policy.byTool.exec).toEqual(['weather']);
    expect(r.json.policy.byTool.write).toEqual(['notes']);
    expect(r.json.fragment.agents.defaults.sandbox).toEqual({
      mode: 'all',
      workspaceAccess: 'ro',
      docker: { network: 'none', readOnlyRoot: true, binds: [`${join(ws, 'skills')}:/skills:ro`] },
    });
    const human = await runCli(['policy', '--cwd', ws], { env: env() });
    expect(human.stdout).toMatch(/exec\s+needed by weather/);
  });

  it('policy.mount and policy.agent are checked when the config loads (ECONFIG from any command); a BOM is read', async () => {
    for (const [policy, text] of [[{ mount: 'rel' }, 'policy.mount "rel" must be an absolute container path'], [{ agent: 'Main Agent' }, 'policy.agent "Main Agent" is not an OpenClaw agent id']] as const) {
      const w = makeWorkspace({ policy });
      const r = await runCli(['list', '--cwd', w, '--json'], { env: env() });
      expect(r.code).toBe(2);
      expect(r.json.error.code).toBe('ECONFIG');
      expect(r.json.error.message).toContain(text);
    }
    const w = makeWorkspace({ policy: { agent: 'main' } });
    const cfg = join(w, '.clawhub', 'config.json');
    writeFileSync(cfg, `\ufeff${readFileSync(cfg, 'utf8')}`);
    const ok = await runCli(['list', '--cwd', w, '--json'], { env: env() });
    expect(ok.code, ok.stdout).toBe(0);
  });

  it('--write and --check together: EUSAGE before either file is touched', async () => {
    const dir = tempDir();
    const r = await runCli(['policy', '--write', join(dir, 'a.json'), '--check', join(dir, 'b.json'), '--cwd', ws, '--json'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('EUSAGE');
    expect(r.json.error.message).toContain('cannot be used with');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--write into a file OpenClaw would widen or reject ($include on the policy, alsoAllow beside the allowlist, an Infinity JSON cannot hold): ECONFIG, exit 2, nothing written', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'openclaw.json');
    writeFileSync(join(dir, 'base.json5'), '{ tools: { allow: ["browser"] } }');
    for (const [text, says] of [['{ "$include": "./base.json5" }\n', 'has $include'], ['{ tools: { profile: "coding", alsoAllow: ["browser"] } }\n', 'tools.alsoAllow'], ['{ skills: { entries: { x: { config: { n: Infinity } } } } }\n', 'holds Infinity at skills.entries.x.config.n']] as const) {
      writeFileSync(cfg, text);
      const r = await runCli(['policy', '--write', cfg, '--cwd', ws, '--json'], { env: env() });
      expect(r.code, r.stdout).toBe(2);
      expect(r.json).toMatchObject({ ok: false, error: { code: 'ECONFIG', message: expect.stringContaining(says) } });
      expect(r.json.error.message).toContain('nothing was written');
      expect(readFileSync(cfg, 'utf8')).toBe(text);
      expect(readdirSync(dir).sort()).toEqual(['base.json5', 'openclaw.json']);
    }
  });

  it('merges into an existing commented config, keeping other keys, mode 0600 and a .bak', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'openclaw.json');
    const original = `{
  // my gateway
  gateway: { port: 18789, },
  tools: { allow: ["read", "browser"], profile: "coding" },
  channels: { telegram: { enabled: true } },
}
`;
    writeFileSync(cfg, original, { mode: 0o600 });
    const r = await runCli(['policy', '--cwd', ws, '--write', cfg, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const merged = JSON5.parse(readFileSync(cfg, 'utf8'));
    expect(merged.gateway).toEqual({ port: 18789 });
    expect(merged.channels).toEqual({ telegram: { enabled: true } });
    expect(merged.tools.allow).toEqual(['edit', 'exec', 'read', 'web_fetch', 'write']);
    expect(merged.agents.defaults.sandbox.docker.network).toBe('none');
    expect(statSync(cfg).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${cfg}.bak`, 'utf8')).toBe(original);

    const ok = await runCli(['policy', '--cwd', ws, '--check', cfg], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);

    merged.tools.allow = ['read', 'read_file', 'exec'];
    merged.agents.defaults.sandbox.docker.network = 'bridge';
    writeFileSync(cfg, JSON.stringify(merged));
    const bad = await runCli(['policy', '--cwd', ws, '--check', cfg, '--json'], { env: env() });
    expect(bad.code).toBe(1);
    expect(bad.json.error.code).toBe('EPOLICY');
    const rules = bad.json.error.findings.map((f: { rule: string }) => f.rule).sort();
    expect(rules).toEqual(expect.arrayContaining(['tool-unknown', 'tool-missing', 'sandbox-network']));
  });

  it('derives only from the SKILL.md bytes the lock pins: a changed one is ETAMPERED and nothing is written', async () => {
    const w = makeWorkspace();
    const r0 = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', reg.url, '--cwd', w], { env: env() });
    expect(r0.code, r0.stderr).toBe(0);
    const manifest = join(w, 'skills', 'notes', 'SKILL.md');
    // The agent (or anyone who can write the volume) asks for a shell after the review.
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^---\n/, '---\nallowed-tools: Bash\n'));
    const cfg = join(tempDir(), 'openclaw.json');
    const r = await runCli(['policy', '--cwd', w, '--write', cfg, '--json'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('ETAMPERED');
    expect(r.json.error.message).toContain('notes/SKILL.md in the sandbox is not the file the lock pins');
    expect(readdirSync(join(cfg, '..'))).toEqual([]);
  });

  it('an entry OpenClaw or the clawhub CLI wrote pins nothing: EUNPINNED with the way to pin it (skill adopt), nothing written', async () => {
    const w = makeWorkspace();
    const r0 = await runCli(['add', 'notes@1.0.0', '--yes', '--registry', reg.url, '--cwd', w], { env: env() });
    expect(r0.code, r0.stderr).toBe(0);
    // What `openclaw skills install` leaves: a folder and an entry with a version and installedAt only.
    mkdirSync(join(w, 'skills', 'gifgrep'), { recursive: true });
    writeFileSync(join(w, 'skills', 'gifgrep', 'SKILL.md'), '---\nname: gifgrep\ndescription: Search GIFs.\n---\nUse exec to run gifgrep.\n');
    const lockFile = join(w, '.clawhub', 'lock.json');
    const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    lock.skills.gifgrep = { version: '1.2.2', installedAt: 1767225600000, registry: 'https://clawhub.ai' };
    writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
    const cfg = join(tempDir(), 'openclaw.json');
    const r = await runCli(['policy', '--cwd', w, '--write', cfg, '--json'], { env: env() });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.json.error.code).toBe('EUNPINNED');
    expect(r.json.error.message).toMatch(/^lock entry gifgrep is not pinned: .*, so its needs are unknown$/);
    expect(r.json.error.hint).toContain('skill adopt');
    expect(readdirSync(join(cfg, '..'))).toEqual([]);
  });

  it('in a folder with no lock (a missing --cwd): --write and --check are ELOCKFILE and touch nothing; the printed policy says no lock was found', async () => {
    const w = makeWorkspace();
    const dir = tempDir();
    const cfg = join(dir, 'openclaw.json');
    const before = `${JSON.stringify({ tools: { allow: ['exec', 'read', 'web_fetch'] } }, null, 2)}\n`;
    writeFileSync(cfg, before);
    for (const flag of ['--write', '--check']) {
      const r = await runCli(['policy', '--cwd', w, flag, cfg, '--json'], { env: env() });
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.json.error.code).toBe('ELOCKFILE');
      expect(r.json.error.message).toContain(join(w, '.clawhub', 'lock.json'));
      expect(r.json.error.hint).toContain('--cwd');
      expect(readFileSync(cfg, 'utf8')).toBe(before);
      expect(readdirSync(dir)).toEqual(['openclaw.json']);
    }
    const human = await runCli(['policy', '--cwd', w], { env: env() });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`No lock at ${join(w, '.clawhub', 'lock.json')}`);
  });

  it('writes a per-agent block with --agent', async () => {
    const cfg = join(tempDir(), 'openclaw.json');
    writeFileSync(cfg, '{ agents: { entries: { home: { name: "Home" } } } }\n');
    const r = await runCli(['policy', '--cwd', ws, '--write', cfg, '--agent', 'home', '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const written = JSON5.parse(readFileSync(cfg, 'utf8'));
    expect(written.agents.entries.home.tools.allow).toContain('exec');
    expect(statSync(cfg).mode & 0o777).toBe(0o600);
    // What --agent wrote passes --agent's check; a drift in that agent's sandbox block does not.
    const check = await runCli(['policy', '--cwd', ws, '--check', cfg, '--agent', 'home', '--json'], { env: env() });
    expect(check.code, check.stdout).toBe(0);
    written.agents.entries.home.sandbox.workspaceAccess = 'rw';
    writeFileSync(cfg, JSON.stringify(written));
    const drift = await runCli(['policy', '--cwd', ws, '--check', cfg, '--agent', 'home', '--json'], { env: env() });
    expect(drift.code).toBe(1);
    expect(drift.json.error.findings.map((f: { rule: string; path: string }) => `${f.rule} ${f.path}`)).toEqual(['sandbox-access agents.entries.home.sandbox.workspaceAccess']);
  });

  it('an --agent the openclaw.json does not configure is EUSAGE naming its agents, for --check and --write alike, and nothing is written', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'openclaw.json');
    const original = '{ agents: { entries: { home: { name: "Home" }, work: {} } } }\n';
    writeFileSync(cfg, original);
    for (const mode of ['--check', '--write']) {
      const r = await runCli(['policy', '--cwd', ws, mode, cfg, '--agent', 'hoem', '--json'], { env: env() });
      expect(r.code, `${mode}: ${r.stdout}`).toBe(2);
      expect(r.json.error).toMatchObject({ code: 'EUSAGE', agent: 'hoem', agents: ['home', 'work'], path: cfg });
      expect(r.json.error.message).toBe(`--agent names agent "hoem", which ${cfg} does not configure (did you mean home?); its agents are home, work`);
      expect(r.json.error.hint).toContain('Pass --agent home');
      const human = await runCli(['policy', '--cwd', ws, mode, cfg, '--agent', 'ghost'], { env: env() });
      expect(human.code).toBe(2);
      expect(human.stdout).not.toContain('matches the derived policy');
    }
    expect(readFileSync(cfg, 'utf8')).toBe(original);
    expect(readdirSync(dir)).toEqual(['openclaw.json']);
    // A config without a roster has OpenClaw's one implicit agent, main: --write never makes another
    // (agents.entries.<new> would replace main in OpenClaw's roster).
    const fresh = join(dir, 'fresh.json');
    const n = await runCli(['policy', '--cwd', ws, '--write', fresh, '--agent', 'home', '--json'], { env: env() });
    expect(n.json.error).toMatchObject({ code: 'EUSAGE', agents: ['main'] });
    expect(readdirSync(dir)).toEqual(['openclaw.json']);
    const main = await runCli(['policy', '--cwd', ws, '--write', fresh, '--agent', 'main', '--json'], { env: env() });
    expect(main.code, main.stdout).toBe(0);
  });

  it('policy.agent in .clawhub/config.json naming an agent the config lacks is ECONFIG, from skill policy and skill verify', async () => {
    const w = makeWorkspace({ policy: { agent: 'ghost' } });
    writeFileSync(join(w, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
    const cfg = join(tempDir(), 'openclaw.json');
    writeFileSync(cfg, JSON.stringify({ agents: { entries: { home: {} } } }));
    const r = await runCli(['policy', '--cwd', w, '--check', cfg, '--json'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'ECONFIG', agents: ['home'] });
    expect(r.json.error.message).toContain('policy.agent in .clawhub/config.json names agent "ghost"');
    expect(r.json.error.hint).toContain('Set policy.agent in .clawhub/config.json');
    const v = makeWorkspace({ policy: { agent: 'ghost', file: cfg } });
    writeFileSync(join(v, '.clawhub', 'lock.json'), '{"version":1,"skills":{}}\n');
    const verify = await runCli(['verify', '--cwd', v, '--json'], { env: env() });
    expect(verify.code).not.toBe(0);
    expect(JSON.stringify(verify.json)).toContain('names agent \\"ghost\\"');
  });
});
