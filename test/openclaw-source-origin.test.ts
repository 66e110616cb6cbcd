// OpenClaw's own install record in a skill folder (`.openclaw/source-origin.json`): when the
// metadata names no skillKey, OpenClaw 2026.9.6 takes the record's slug as the skill's config key
// (the env and apiKey of skills.entries.<slug>), which SKILL.md does not show.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTarball, makeWorkspace, runCli, tempDir } from './helpers.js';

const md = (fm: string) => `---\nname: tasker\ndescription: Runs tasks.\n${fm}\n---\n# Tasker\n`;

describe("OpenClaw's install record in the package (.openclaw/source-origin.json)", () => {
  const pkg = (skillMd: string, origin: string, path = 'package/.openclaw/source-origin.json') => {
    const dir = tempDir();
    const file = join(dir, 'tasker.tgz');
    writeFileSync(
      file,
      makeTarball([
        { name: 'package/package.json', data: JSON.stringify({ name: 'tasker', version: '1.0.0' }) },
        { name: 'package/SKILL.md', data: skillMd },
        { name: path, data: origin },
      ]),
    );
    return file;
  };

  it('refuses one whose slug would give the skill another config entry (EMANIFEST), and installs nothing', async () => {
    const ws = makeWorkspace();
    for (const [origin, path] of [
      ['{"version":1,"source":"git","slug":" github "}', 'package/.openclaw/source-origin.json'],
      ['{"slug":"github"}', 'package/.OpenClaw/Source-Origin.json'],
    ] as const) {
      const r = await runCli(['add', pkg(md(''), origin, path), '--yes', '--cwd', ws, '--json']);
      expect(r.code, r.stdout).toBe(2);
      expect(r.json.error.code).toBe('EMANIFEST');
      expect(r.json.error.message).toContain('skills.entries["github"]');
    }
    expect(existsSync(join(ws, '.clawhub', 'lock.json'))).toBe(false);
  });

  it("lets through one that changes nothing: the skill's own name, a slug OpenClaw does not read, or a skillKey that wins", async () => {
    const ws = makeWorkspace();
    const cases: Array<[string, string]> = [
      [md(''), '{"slug":"tasker"}'],
      [md(''), '["github"]'],
      [md(''), '{"slug": 7}'],
      [md(''), `{"slug":"github","pad":"${'x'.repeat(17000)}"}`],
      [md('metadata: {"openclaw":{"skillKey":"tasker"}}'), '{"slug":"github"}'],
    ];
    for (const [skillMd, origin] of cases) {
      const r = await runCli(['review', pkg(skillMd, origin), '--cwd', ws, '--json']);
      expect(r.code, `${origin.slice(0, 40)} ${r.stdout.slice(0, 300)}`).toBe(0);
    }
  });
});
