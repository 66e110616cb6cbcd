// What OpenClaw 2026.9.6 acts on in a SKILL.md beyond the metadata block's requirements, and that
// the review shows it: the slash command's direct tool call (`command-dispatch: tool` +
// `command-tool`), the keys that hide a skill from the model or take its slash command away, and
// every field of an install spec that decides what runs and where files land.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, parseSkillManifest } from '../src/manifest/index.js';
import { derivePolicy } from '../src/policy/index.js';
import { capabilityDelta, renderUpdateReview, type ReviewModel, type UpdateReviewModel } from '../src/review/index.js';
import { makeWorkspace, runCli, tempDir } from './helpers.js';

const md = (fm: string) => `---\nname: tasker\ndescription: Runs tasks.\n${fm}\n---\n# Tasker\n`;
const caps = (fm: string) => capabilitiesOf(parseSkillManifest(md(fm)));

describe('command-dispatch: a slash command that calls a tool directly', () => {
  it('shows the tool and allows it in the policy, with nothing else asking for exec', () => {
    const c = caps('command-dispatch: tool\ncommand-tool: exec\ncommand-arg-mode: raw');
    expect(c.commandTool).toBe('exec');
    expect(c.tools).toEqual(['exec', 'read']);
    expect(c.notes.join('\n')).toContain('exec: the skill\'s slash command calls it directly');
    const p = derivePolicy([{ name: 'tasker', capabilities: c }]);
    expect(p.allow).toContain('exec');
    expect(p.byTool.exec).toEqual(['tasker']);
  });

  it('reads the keys as OpenClaw does: underscored spellings, any case of "tool", the tool name trimmed', () => {
    expect(caps('command_dispatch: Tool\ncommand_tool: " exec "').commandTool).toBe('exec');
    expect(caps('command-dispatch: " TOOL "\ncommand_tool: web_fetch').tools).toEqual(['read', 'web_fetch']);
    // The dashed key wins whenever YAML gives it a value, even an empty one: then no dispatch.
    expect(caps('command-dispatch: ""\ncommand_dispatch: tool\ncommand-tool: exec').commandTool).toBeUndefined();
    // No tool named: OpenClaw ignores the dispatch.
    expect(caps('command-dispatch: tool\ncommand-tool: "  "').commandTool).toBeUndefined();
    // A YAML null is no value: OpenClaw then reads the line itself, as here the next indented line.
    expect(caps('command-dispatch: tool\ncommand-tool:\n  exec').commandTool).toBe('exec');
  });

  it('shows a tool that is not a core id (a plugin tool) and never emits it', () => {
    const c = caps('command-dispatch: tool\ncommand-tool: tasker_cmd');
    expect(c.commandTool).toBe('tasker_cmd');
    expect(c.tools).toEqual(['read']);
    expect(c.unknownTools).toEqual(['tasker_cmd']);
  });

  it('has no effect without a slash command (user-invocable: false), and says there is none', () => {
    const c = caps('user-invocable: "off"\ncommand-dispatch: tool\ncommand-tool: exec');
    expect(c.commandTool).toBeUndefined();
    expect(c.noSlashCommand).toBe(true);
    expect(c.tools).toEqual(['read']);
  });

  it('shows a skill hidden from the model (disable-model-invocation, in any of OpenClaw\'s spellings of true)', () => {
    for (const v of ['true', 'yes', 'On', '1', '"TRUE"']) expect(caps(`disable-model-invocation: ${v}`).hiddenFromModel, v).toBe(true);
    for (const v of ['false', 'no', 'maybe', '""']) expect(caps(`disable-model-invocation: ${v}`).hiddenFromModel, v).toBeUndefined();
  });

  it('puts a new direct tool call and a newly hidden skill in the update delta', () => {
    const before = caps('');
    const after = caps('disable-model-invocation: true\ncommand-dispatch: tool\ncommand-tool: exec');
    const d = capabilityDelta(before, after);
    expect(d.commandTool).toEqual({ before: null, after: 'exec' });
    expect(d.hiddenFromModel).toEqual({ before: false, after: true });
    expect(d.tools.added).toEqual(['exec']);
    expect(capabilityDelta(after, after).commandTool).toBeUndefined();
    const model = {
      name: 'tasker',
      from: { version: '1.0.0', integrity: 'sha512-a', publishedAt: null, status: 'ok', note: null },
      to: { version: '1.1.0', integrity: 'sha512-b', publishedAt: null, publisher: null },
      jump: 'minor',
      pinnedSpec: 'tasker@1.1.0',
      changelog: { kind: 'none', warnings: [] },
      files: null,
      capabilities: d,
      newFindings: [],
      candidate: { provenance: { status: 'absent', summary: 'none', warnings: [] }, moderation: null, capabilities: after, files: [], findings: [], acceptedRisks: [], decision: 'allow' } as unknown as ReviewModel,
      warnings: [],
    } as UpdateReviewModel;
    const text = renderUpdateReview(model);
    expect(text).toContain('its slash command now calls the tool "exec" directly, bypassing the model   <-- NEW');
    expect(text).toContain("now hidden from the model's list of skills (disable-model-invocation)   <-- NEW");
  });
});

describe('install specs: every field that decides what runs or where files land', () => {
  const spec = (s: Record<string, unknown>) => caps(`metadata: ${JSON.stringify({ openclaw: { install: [s] } })}`).installSpecs?.[0];

  it('shows a download\'s checksum, unpacking, stripComponents, target folder, os, bins and label', () => {
    expect(
      spec({ kind: 'download', url: 'https://example.com/t.tgz', sha256: 'AB'.repeat(32), archive: 'tar.gz', extract: true, stripComponents: 1, targetDir: 'bin/./x', os: ['linux'], bins: ['t'], label: 'Install t (brew)', id: 't' }),
    ).toEqual({
      summary: 'download:https://example.com/t.tgz',
      kind: 'download',
      id: 't',
      label: 'Install t (brew)',
      os: ['linux'],
      bins: ['t'],
      url: 'https://example.com/t.tgz',
      sha256: 'ab'.repeat(32),
      archive: 'tar.gz',
      extract: true,
      stripComponents: 1,
      targetDir: 'bin/x',
    });
    const plain = spec({ kind: 'download', url: 'https://example.com/t' });
    expect(plain?.sha256).toBeNull();
    expect(plain?.targetDir).toBe('.');
  });

  it('says when OpenClaw will not run a download: a targetDir outside its tools folder, a bad checksum, no http(s) URL', () => {
    expect(spec({ kind: 'download', url: 'https://example.com/t', targetDir: 'a/../../x' })?.notRun).toContain('leaves OpenClaw\'s tools folder');
    expect(spec({ kind: 'download', url: 'https://example.com/t', targetDir: '~/.bashrc.d' })?.notRun).toContain('absolute path');
    expect(spec({ kind: 'download', url: 'https://example.com/t', sha256: 'abc' })?.notRun).toContain('sha256');
    expect(spec({ kind: 'download', url: 'file:///etc/passwd' })?.notRun).toContain('http(s)');
  });

  it('shows the command OpenClaw runs for brew, node, go and uv, and what it installs first', () => {
    expect(spec({ kind: 'brew', formula: 'jq' })?.runs).toBe('brew install jq');
    expect(spec({ kind: 'node', package: 'left-pad' })?.runs).toContain('npm install -g --ignore-scripts left-pad');
    expect(spec({ kind: 'go', module: 'example.com/x@v1' })?.runs).toContain('sudo -n apt-get install golang-go');
    expect(spec({ kind: 'uv', package: 'ruff' })?.runs).toContain('installing uv first with brew');
    expect(spec({ kind: 'brew', id: 'x' })?.runs).toBeUndefined();
  });

  it('shows the URL OpenClaw fetches where it differs from the one written', () => {
    expect(spec({ kind: 'download', url: 'https://good.example\\@evil.example/x' })?.url).toBe('https://good.example/@evil.example/x');
  });
});

describe('the review (text and --json) of a folder OpenClaw would act on', () => {
  it('shows the direct tool call, the hidden skill and the download details', async () => {
    const ws = makeWorkspace();
    const dir = tempDir();
    writeFileSync(
      join(dir, 'SKILL.md'),
      md(
        'disable-model-invocation: yes\ncommand-dispatch: tool\ncommand-tool: exec\nmetadata: {"openclaw":{"install":[{"kind":"download","url":"https://example.com/t.tgz","targetDir":"bin","label":"Install t (brew)"}]}}',
      ),
    );
    const t = await runCli(['review', dir, '--cwd', ws]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('  command:      its slash command calls the tool "exec" directly with the typed text (command-dispatch: tool): the model is bypassed');
    expect(t.stdout).toContain("  model:        hidden from the model's list of skills (disable-model-invocation)");
    expect(t.stdout).toContain(
      '    download:https://example.com/t.tgz: no sha256: the download is not checked; unpacked when its name ends in .tar.gz, .tgz, .tar.bz2, .tbz2 or .zip; into <OpenClaw state dir>/tools/<skill key>/bin; shown in OpenClaw as "Install t (brew)"',
    );
    const j = await runCli(['review', dir, '--cwd', ws, '--json']);
    expect(j.code, j.stderr).toBe(0);
    const c = j.json.review.capabilities;
    expect(c.commandTool).toBe('exec');
    expect(c.hiddenFromModel).toBe(true);
    expect(c.installSpecs).toEqual([
      { summary: 'download:https://example.com/t.tgz', kind: 'download', label: 'Install t (brew)', url: 'https://example.com/t.tgz', sha256: null, targetDir: 'bin' },
    ]);
  });
});

describe('a skill named like one OpenClaw ships', () => {
  const named = (name: string | null) => capabilitiesOf(parseSkillManifest(`---\n${name === null ? '' : `name: ${name}\n`}description: d\n---\n`), 'folder-name');

  it('says which shipped skill it replaces, by the name OpenClaw loads it under (its folder\'s when SKILL.md names none)', () => {
    expect(named('github').replacesBundled).toBe('github');
    expect(named('" clawhub "').replacesBundled).toBe('clawhub');
    expect(named('diagnose-gateway').replacesBundled).toBe('diagnose-gateway');
    expect(named('github').notes.join('\n')).toContain('OpenClaw ships a skill named "github"');
    expect(capabilitiesOf(parseSkillManifest('---\ndescription: d\n---\n'), 'weather').replacesBundled).toBe('weather');
    // OpenClaw keys skills by the exact name: another name, or another case, replaces nothing.
    expect(named('github-pro').replacesBundled).toBeUndefined();
    expect(named('GitHub').replacesBundled).toBeUndefined();
    expect(named(null).replacesBundled).toBeUndefined();
  });

  it('shows it in the review, in --json and in the policy\'s notes', async () => {
    const ws = makeWorkspace();
    const dir = tempDir();
    writeFileSync(join(dir, 'SKILL.md'), '---\nname: 1password\ndescription: Reads secrets.\n---\n# 1password\n');
    const t = await runCli(['review', dir, '--cwd', ws]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('  replaces:     OpenClaw\'s own "1password" skill (same name;');
    const j = await runCli(['review', dir, '--cwd', ws, '--json']);
    expect(j.json.review.capabilities.replacesBundled).toBe('1password');
    const p = derivePolicy([{ name: '1password', capabilities: named('1password') }]);
    expect(p.notes.join('\n')).toContain('1password: name: OpenClaw ships a skill named "1password"');
  });
});
