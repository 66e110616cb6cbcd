// The documentation's relative links: every file they name exists and every #anchor names a
// heading of that file, as GitHub renders it. A renamed heading or a moved document (the
// performance notes were split in two) must not leave a reader at a dead link. And the commands
// they show: every flag a command takes is documented, every flag a shown command passes is taken.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli/main.js';
import { makeWorkspace, runCli } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');

/** The Markdown files git tracks, outside test fixtures and the fixture registry's packages. */
function trackedDocs(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', '*.md'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((f) => f !== '' && !f.startsWith('test/fixtures/') && !f.startsWith('registry-fixtures/'));
}

/** Each line of the file, or null for a fence and the lines of a fenced code block. */
function outsideFences(text: string): Array<string | null> {
  let fence: string | null = null;
  return text.split('\n').map((line) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (m) {
      const mark = m[1] as string;
      if (fence === null) fence = mark;
      else if (mark[0] === fence[0] && mark.length >= fence.length) fence = null;
      return null;
    }
    return fence === null ? line : null;
  });
}

/** GitHub's anchor for a heading (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a document offers, numbered as GitHub numbers repeated headings. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of outsideFences(text)) {
    if (line === null) continue;
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    // Link text stays, the link target goes; code spans keep their text.
    const title = (h[1] as string).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = slug(title);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

interface Link {
  file: string;
  line: number;
  target: string;
}

function linksOf(file: string): Link[] {
  const links: Link[] = [];
  outsideFences(readFileSync(join(ROOT, file), 'utf8')).forEach((line, i) => {
    if (line === null) return;
    // Inline code spans are examples, not links.
    for (const m of line.replace(/`+[^`]*`+/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1] as string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
      links.push({ file, line: i + 1, target });
    }
  });
  return links;
}

describe('documentation links', () => {
  it('finds the anchors GitHub makes', () => {
    expect([...anchorsOf('# Performance (issue 8)\n## The verdict cache in CI\n### `skill verify`: the gate\n## Speed\n## Speed\n')]).toEqual([
      'performance-issue-8',
      'the-verdict-cache-in-ci',
      'skill-verify-the-gate',
      'speed',
      'speed-1',
    ]);
    expect(anchorsOf('```\n# not a heading\n```\n## Where it stands\n').has('not-a-heading')).toBe(false);
  });

  it('every relative link names a file that exists, and an anchor that file has', () => {
    const docs = trackedDocs();
    expect(docs).toContain('README.md');
    const anchors = new Map<string, Set<string>>();
    const anchorsFor = (abs: string): Set<string> => {
      let a = anchors.get(abs);
      if (!a) anchors.set(abs, (a = anchorsOf(readFileSync(abs, 'utf8'))));
      return a;
    };
    const broken: string[] = [];
    let checked = 0;
    for (const file of docs) {
      for (const link of linksOf(file)) {
        const [path, anchor] = link.target.split('#', 2) as [string, string | undefined];
        const abs = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURI(path));
        // A link out of the repository (../shared) is not this repository's to keep.
        if (relative(ROOT, abs).startsWith('..')) continue;
        checked++;
        const where = `${link.file}:${link.line} -> ${link.target}`;
        if (!existsSync(abs)) {
          broken.push(`${where}: no such file`);
          continue;
        }
        if (anchor !== undefined && anchor !== '') {
          if (statSync(abs).isDirectory() || !abs.endsWith('.md')) broken.push(`${where}: an anchor into something that is not a Markdown file`);
          else if (!anchorsFor(abs).has(anchor)) broken.push(`${where}: no heading makes #${anchor}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });
});

describe('CI examples that run `npx skill`', () => {
  it('say first that skillpin must be a devDependency (npx would otherwise fetch npm\'s `skill`, another package)', () => {
    for (const file of ['README.md', 'docs/ci.md']) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      // The first command that runs it (the warning itself names `npx skill` in a sentence).
      const firstNpx = text.search(/^\s*(?:- )?(?:run: )?npx skill /m);
      expect(firstNpx, file).toBeGreaterThan(-1);
      const before = text.slice(0, firstNpx);
      expect(before, file).toMatch(/devDependencies/);
      expect(before, file).toMatch(/which is not skillpin/);
    }
  });
});

describe("docs/ci.md's JSON record of a verify run", () => {
  it('prints every failed check: the workspace\'s own (an unmanaged folder) and a bad-input error too, not only the skills\'', async () => {
    const text = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
    const line = /^node -e '(.*skill-verify\.json.*)'$/m.exec(text);
    expect(line, 'the node -e line of docs/ci.md').not.toBeNull();
    const script = (line as RegExpExecArray)[1] as string;
    const run = (dir: string) => execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
    // A workspace whose lock pins nothing, with a folder in the sandbox nobody pinned: only the
    // workspace's `unmanaged` check fails.
    const ws = makeWorkspace();
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{\n  "skills": {},\n  "version": 1\n}\n');
    mkdirSync(join(ws, 'skills', 'stray'), { recursive: true });
    const failed = await runCli(['verify', '--json', '--cwd', ws]);
    expect(failed.code, failed.stderr).toBe(1);
    writeFileSync(join(ws, 'skill-verify.json'), failed.stdout);
    expect(run(ws)).toContain('unmanaged ETAMPERED skills/stray');
    // Bad input (a lock that is not JSON): the record names the error.
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{');
    const bad = await runCli(['verify', '--json', '--cwd', ws]);
    expect(bad.code).toBe(2);
    writeFileSync(join(ws, 'skill-verify.json'), bad.stdout);
    expect(run(ws)).toContain('ELOCKFILE');
  });
});

/** Every command and subcommand of `skill`, by its path: ['cache prune', Command]. */
function commandsOf(program: Command, path: string[] = []): Array<[string, Command]> {
  return program.commands.flatMap((c) => [[[...path, c.name()].join(' '), c] as [string, Command], ...commandsOf(c, [...path, c.name()])]);
}

/** `skill …` command lines the documents show: in fenced blocks and in inline code spans. */
function shownCommandLines(text: string): string[] {
  const spans = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] as string);
  const fenced = outsideFences(text).flatMap((line, i) => (line === null ? [text.split('\n')[i] as string] : []));
  return [...spans, ...fenced].flatMap((s) => [...s.matchAll(/(?:^|[\s(])(?:npx )?skill ((?:(?![|&;#`)]).)*)/g)].map((m) => (m[1] as string).trim()));
}

describe('the flags the documents show', () => {
  const program = buildProgram();
  const docs = trackedDocs().filter((f) => !f.startsWith('docs/performance'));
  const texts = docs.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')] as const);

  it('every option a command takes is named in README.md, SECURITY.md or docs/', () => {
    const undocumented = commandsOf(program).flatMap(([name, cmd]) => cmd.options.filter((o) => !texts.some(([, t]) => t.includes(o.long as string))).map((o) => `skill ${name} ${o.long}`));
    expect(undocumented).toEqual([]);
  });

  it('every option a shown `skill` command line passes is one that command takes', () => {
    const globals = new Set(program.options.map((o) => o.long));
    const refused: string[] = [];
    let lines = 0;
    for (const [file, text] of texts) {
      for (const line of shownCommandLines(text)) {
        let cmd: Command = program;
        const flags: string[] = [];
        for (const token of line.split(/\s+/)) {
          if (token.startsWith('--')) flags.push(token.split('=')[0] as string);
          else if (!token.startsWith('-') && flags.length === 0) cmd = cmd.commands.find((c) => c.name() === token || c.aliases().includes(token)) ?? cmd;
        }
        if (cmd === program) continue;
        lines++;
        // `skill cache --dry-run` is prune's or clean's: a parent's line may name its subcommands' flags.
        const takes = (f: string) => globals.has(f) || f === '--help' || [cmd, ...cmd.commands].some((c) => c.options.some((o) => o.long === f));
        for (const f of flags) if (!takes(f)) refused.push(`${file}: skill ${line} (${f})`);
      }
    }
    expect(lines).toBeGreaterThan(50);
    expect(refused).toEqual([]);
  });
});

describe("docs/openclaw.md's request piped in by hand", () => {
  it('is one the hook answers as the document shows (the hint of a hook run at a terminal points there)', async () => {
    const text = readFileSync(join(ROOT, 'docs', 'openclaw.md'), 'utf8');
    const shown = /^echo '(\{.*\})' \\\n {2}\| skill --cwd \S+ hook openclaw-install-policy\n(\{.*\})$/m.exec(text);
    expect(shown, 'an echo ... | skill hook openclaw-install-policy example and its answer').not.toBeNull();
    const [, request, answer] = shown as RegExpExecArray;
    const req = JSON.parse(request as string) as { targetName: string; sourcePath: string };
    // The same request for the fixture skill of that name, in a workspace whose lock pins nothing.
    const ws = makeWorkspace();
    writeFileSync(join(ws, '.clawhub', 'lock.json'), '{\n  "skills": {},\n  "version": 1\n}\n');
    const input = JSON.stringify({ ...req, sourcePath: join(ROOT, 'registry-fixtures', 'skills', req.targetName, '1.4.0') });
    const r = await runCli(['--cwd', ws, 'hook', 'openclaw-install-policy'], { input });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(answer);
  });
});
