import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkillpinError } from '../src/errors.js';
import { readFrontmatter } from '../src/manifest/frontmatter.js';
import { capabilitiesOf, installDetail, parseSkillManifest, splitToolList, type InstallSpec } from '../src/manifest/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus/clawhub-archive');

function refusal(text: string, file = 'x/SKILL.md'): SkillpinError {
  try {
    parseSkillManifest(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(SkillpinError);
    return err as SkillpinError;
  }
  throw new Error('expected EMANIFEST');
}

describe('parseSkillManifest', () => {
  it('reads YAML metadata under metadata.openclaw', () => {
    const text = [
      '---',
      'name: weather',
      'description: Forecasts',
      'version: 1.4',
      'homepage: https://example.test',
      'metadata:',
      '  openclaw:',
      '    emoji: "🌤"',
      '    primaryEnv: WEATHER_API_KEY',
      '    requires:',
      '      bins: ["curl", "jq"]',
      '      env: [WEATHER_API_KEY]',
      '      config: [browser.enabled]',
      '---',
      '# Weather',
    ].join('\n');
    const m = parseSkillManifest(text);
    expect(m.name).toBe('weather');
    expect(m.version).toBe('1.4');
    expect(m.metadataKey).toBe('openclaw');
    expect(m.requires).toEqual({ bins: ['curl', 'jq'], anyBins: [], env: ['WEATHER_API_KEY'], config: ['browser.enabled'] });
    expect(m.primaryEnv).toBe('WEATHER_API_KEY');
    expect(m.emoji).toBe('🌤');
    expect(m.homepage).toBe('https://example.test');
    expect(readFrontmatter(text, 'SKILL.md').body).toBe('# Weather');
  });

  it('reads one-line JSON metadata (string value) under clawdbot, with install specs and always', () => {
    const m = parseSkillManifest(
      `---\nname: clip\nmetadata: {"clawdbot":{"always":true,"requires":{"anyBins":["ffmpeg","avconv"]},"install":[{"id":"brew","kind":"brew","formula":"ffmpeg","bins":["ffmpeg"],"label":"Install ffmpeg"}]}}\n---\nbody`,
    );
    expect(m.metadataKey).toBe('clawdbot');
    expect(m.always).toBe(true);
    expect(m.requires.anyBins).toEqual(['ffmpeg', 'avconv']);
    expect(m.install).toEqual([{ id: 'brew', kind: 'brew', formula: 'ffmpeg', bins: ['ffmpeg'], label: 'Install ffmpeg' }]);
  });

  it('reads a JSON string nested under metadata.moltbot and a top-level block', () => {
    const nested = parseSkillManifest(`---\nname: a\nmetadata:\n  moltbot: '{"requires":{"bins":["git"]}}'\n---\n`);
    expect(nested.metadataKey).toBe('moltbot');
    expect(nested.requires.bins).toEqual(['git']);
    const top = parseSkillManifest(`---\nname: b\nopenclaw:\n  requires:\n    env: [TOKEN]\n---\n`);
    expect(top.metadataKey).toBe('openclaw');
    expect(top.requires.env).toEqual(['TOKEN']);
  });

  it('splits allowed-tools written as a string or a list, keeping arguments with spaces together', () => {
    expect(parseSkillManifest('---\nname: a\nallowed-tools: Read, Write Bash(git commit:*)\n---\n').allowedTools).toEqual([
      'Read',
      'Write',
      'Bash(git commit:*)',
    ]);
    expect(parseSkillManifest('---\nname: a\nallowed-tools:\n  - Read\n  - WebFetch\n---\n').allowedTools).toEqual(['Read', 'WebFetch']);
    expect(splitToolList('a,b  c(d, e)')).toEqual(['a', 'b', 'c(d, e)']);
  });

  it('accepts a BOM, CRLF, blank lines and an HTML comment before the frontmatter', () => {
    const text = '\ufeff<!-- source -->\r\n\r\n---\r\nname: crlf\r\ndescription: ok\r\n---\r\nbody\r\n';
    expect(parseSkillManifest(text).name).toBe('crlf');
    expect(readFrontmatter(text, 'SKILL.md').body).toBe('body\n');
  });

  it('reads tab-only indentation as two spaces per tab, and refuses tabs mixed with spaces', () => {
    const m = parseSkillManifest('---\nname: t\nmetadata:\n\topenclaw:\n\t\trequires:\n\t\t\tbins: [rg]\n---\n');
    expect(m.requires.bins).toEqual(['rg']);
    expect(m.repairs).toEqual(['tab indentation read as two spaces per tab']);
    const err = refusal('---\nname: t\nmetadata:\n\topenclaw:\n    always: true\n---\n');
    expect(err.code).toBe('EMANIFEST');
    expect(err.message).toMatch(/^x\/SKILL\.md:\d+: frontmatter indents with both tabs and spaces/);
  });

  it('reads an unquoted colon in a one-line top-level value as a plain string, and says so', () => {
    const m = parseSkillManifest('---\nname: discord\ndescription: Use the discord tool: send messages, react\nmetadata: {"openclaw":{"requires":{"bins":["curl"]}}}\n---\n');
    expect(m.description).toBe('Use the discord tool: send messages, react');
    expect(m.requires.bins).toEqual(['curl']);
    expect(m.repairs).toEqual(['line 3: value of "description" read as a plain string']);
  });

  it('never re-reads a structured key or a multi-line value as a string', () => {
    const bad = refusal('---\nname: a\nmetadata: {"openclaw": {"requires": }\n---\n');
    expect(bad.message).toMatch(/^x\/SKILL\.md:3: /);
    const multi = refusal('---\nname: a\ndescription: one: two\n  continued\n---\n');
    expect(multi.code).toBe('EMANIFEST');
    expect(multi.message).toMatch(/^x\/SKILL\.md:3: frontmatter is not valid YAML/);
  });

  it('refuses missing or unclosed frontmatter, merge markers, duplicate keys and non-mappings with file and line', () => {
    expect(refusal('# Title\n\ntext').message).toBe('x/SKILL.md:1: no frontmatter: SKILL.md must start with a line "---"');
    expect(refusal('# Title\n\ntext').hint).toMatch(/OpenClaw loads no skill without a description/);
    expect(refusal('---\nname: a\n').message).toBe('x/SKILL.md:1: frontmatter opened here is never closed by a "---" line');
    expect(refusal('---\nname: a\n<<<<<<< Updated upstream\nx: 1\n=======\n>>>>>>> Stashed\n---\n').message).toBe(
      'x/SKILL.md:3: frontmatter contains a git merge-conflict marker',
    );
    expect(refusal('---\nallowed-tools: Read\nallowed-tools: Bash\n---\n').message).toMatch(/^x\/SKILL\.md:3: frontmatter is not valid YAML: Map keys must be unique/);
    expect(refusal('---\n- a\n- b\n---\n').message).toBe('x/SKILL.md:2: frontmatter is not a mapping of keys to values');
  });

  it('refuses metadata that looks like JSON but does not parse, and wrong shapes, naming the key line', () => {
    expect(refusal('---\nname: a\nmetadata: \'{"openclaw": {\'\n---\n').message).toMatch(/^x\/SKILL\.md:3: "metadata" looks like JSON but does not parse/);
    expect(refusal('---\nname: a\nmetadata:\n  openclaw: [1, 2]\n---\n').message).toBe(
      'x/SKILL.md:4: "metadata.openclaw" must be a mapping (YAML or JSON object)',
    );
    expect(refusal('---\nname: a\nmetadata:\n  openclaw:\n    requires:\n      bins: [{x: 1}]\n---\n').message).toMatch(/^x\/SKILL\.md:6: "bins" must list names/);
  });

  it('reads requires: [] as requiring nothing, and names the line of a bad key inside one-line JSON', () => {
    expect(parseSkillManifest('---\nname: a\nmetadata:\n  openclaw:\n    requires: []\n---\n').requires).toEqual({ bins: [], anyBins: [], env: [], config: [] });
    expect(refusal('---\nname: a\nmetadata: {"openclaw":{"requires":{"env":[{"A":1}]}}}\n---\n').message).toMatch(/^x\/SKILL\.md:3: "env" must list names/);
  });

  it('reads what OpenClaw skips as it does (nothing), and says so: a list written as a mapping, a spec with no kind, a primaryEnv list', () => {
    const m = parseSkillManifest(
      '---\nname: a\nmetadata: {"openclaw":{"requires":{"bins":["curl"],"env":{"API_KEY":"optional","URL":"required"}},"os":true,' +
        '"install":[{"brew":{"formula":"jq"}},{"kind":"brew","formula":"ffmpeg","bins":{"ffmpeg":1}}],"primaryEnv":["A","B"]}}\n---\n',
      'x/SKILL.md',
    );
    expect(m.requires).toEqual({ bins: ['curl'], anyBins: [], env: [], config: [] });
    expect(m.os).toEqual([]);
    expect(m.install).toEqual([{ kind: 'brew', formula: 'ffmpeg', bins: [] }]);
    expect(m.primaryEnv).toBeUndefined();
    expect(m.ignored).toEqual([
      'metadata.openclaw.requires.env is a mapping, not a list: OpenClaw reads no names from it (it names API_KEY, URL)',
      'an install spec in metadata.openclaw.install has no "kind" (brew, node, go, uv or download): OpenClaw skips it and installs nothing for it (its keys: brew)',
      'the bins of a brew install spec in metadata.openclaw.install is a mapping, not a list: OpenClaw reads no names from it (it names ffmpeg)',
      'metadata.openclaw.os is true, not a list: OpenClaw reads no names from it',
      'metadata.openclaw.primaryEnv is a list, not one name: OpenClaw ignores it, so no configured apiKey reaches the skill through it',
    ]);
    const caps = capabilitiesOf(m, 'a');
    expect(caps.ignoredByOpenClaw).toEqual(m.ignored);
    expect(caps.env).toEqual([]);
    expect(caps.install).toEqual(['brew:ffmpeg']);
    expect(capabilitiesOf(parseSkillManifest('---\nname: a\ndescription: d\n---\n'), 'a').ignoredByOpenClaw).toBeUndefined();
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['---', 'a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), '---', ''].join('\n');
    expect(refusal(bomb).code).toBe('EMANIFEST');
  });
});

describe('parity with OpenClaw: the review shows the metadata block OpenClaw acts on', () => {
  const fm = (lines: string) => `---\nname: p\n${lines}\n---\n# P\n`;

  it('reads metadata.openclaw as OpenClaw does, in YAML or as JSON on the metadata line', () => {
    const yamlMap = parseSkillManifest(fm('metadata:\n  openclaw:\n    requires:\n      bins: [curl]'));
    expect(yamlMap).toMatchObject({ metadataKey: 'openclaw', openclawBlock: 'metadata.openclaw', requires: { bins: ['curl'] } });
    const oneLine = parseSkillManifest(fm('metadata: {"openclaw": {"requires": {"bins": ["curl"]}}}'));
    expect(oneLine).toMatchObject({ openclawBlock: 'metadata.openclaw', requires: { bins: ['curl'] } });
    const quoted = parseSkillManifest(fm(`metadata: '{"clawdbot": {"requires": {"env": ["TOKEN"]}}}'`));
    expect(quoted).toMatchObject({ metadataKey: 'clawdbot', openclawBlock: 'metadata.clawdbot', requires: { env: ['TOKEN'] } });
  });

  it('with both metadata.openclaw and metadata.clawdbot mappings, reads openclaw, as OpenClaw does', () => {
    const m = parseSkillManifest(fm('metadata: {"clawdbot": {"requires": {"bins": ["ls"]}}, "openclaw": {"requires": {"bins": ["curl"]}}}'));
    expect(m).toMatchObject({ metadataKey: 'openclaw', openclawBlock: 'metadata.openclaw', requires: { bins: ['curl'] } });
  });

  it('refuses a metadata.openclaw written as a JSON string beside a metadata.clawdbot mapping: OpenClaw skips the string and acts on clawdbot', () => {
    const text = fm('metadata:\n  openclaw: \'{"requires": {"bins": ["ls"]}}\'\n  clawdbot:\n    requires:\n      bins: [curl]\n    install:\n      - {kind: brew, formula: evil}');
    const err = refusal(text);
    expect(err.code).toBe('EMANIFEST');
    expect(err.message).toBe('x/SKILL.md:3: the metadata reads two ways: OpenClaw acts on "metadata.clawdbot", the review would show "metadata.openclaw"');
    expect(err.hint).toMatch(/one metadata block, as a mapping under metadata\.openclaw/);
  });

  it('refuses metadata text OpenClaw parses (JSON5 with a comment) where the review would read no block', () => {
    const err = refusal(fm(`metadata: '/* tools */ {"openclaw": {"requires": {"bins": ["curl"]}}}'`));
    expect(err.message).toContain('the metadata reads two ways: OpenClaw acts on "metadata.openclaw", the review would show no block');
  });

  it('refuses a quoted "metadata " key: OpenClaw trims keys and acts on it, the review would show nothing', () => {
    const err = refusal(fm('"metadata ": {"openclaw": {"requires": {"bins": ["curl"]}}}'));
    expect(err.message).toContain('OpenClaw acts on "metadata.openclaw", the review would show no block');
  });

  it('refuses a one-line metadata whose text OpenClaw reads to other values than its YAML', () => {
    // "\_" is a no-break space in YAML and a plain "_" in JSON5: two different bins.
    const err = refusal(fm('metadata: {"openclaw": {"requires": {"bins": ["my\\_tool"]}}}'));
    expect(err.message).toContain('OpenClaw acts on "metadata.openclaw" as the text of the metadata line, which gives other values than the YAML');
  });

  it('reads a frontmatter that declares %YAML 1.1 with the core schema, as OpenClaw does: no merge keys, no yes/no', () => {
    // Under YAML 1.1, "<<" would merge an openclaw block into the review that OpenClaw (core schema)
    // never sees: it acts on the clawdbot block instead.
    const text = '---\n%YAML 1.1\n--- # doc\nname: p\nmetadata:\n  clawdbot: {requires: {bins: [evil]}}\n  <<: {openclaw: {requires: {bins: [curl]}}}\n---\n# P\n';
    expect(parseSkillManifest(text)).toMatchObject({ openclawBlock: 'metadata.clawdbot', requires: { bins: ['evil'] } });
    const yes = parseSkillManifest('---\n%YAML 1.1\n--- # doc\nname: p\nmetadata:\n  openclaw: {always: yes}\n---\n');
    expect(yes.always).toBe(false);
  });

  it('refuses a "metadata:" line inside a string spanning lines, which OpenClaw reads line by line as the metadata', () => {
    // A flow-mapping frontmatter lets a quoted string's lines start at column 0. OpenClaw takes the
    // last unindented "metadata:" line, the one inside the description, and acts on bins [evil].
    const later = `---\n{name: p,\nmetadata: {"openclaw": {"requires": {"bins": ["curl"]}}}\n, description: "a\nmetadata: {'openclaw': {'requires': {'bins': ['evil']}}}\nb"}\n---\n`;
    expect(refusal(later).message).toContain('the metadata reads two ways');
    // With no metadata key at all, OpenClaw still takes the line inside the string.
    const only = `---\n{name: p, description: "a\nmetadata: {'openclaw': {'requires': {'bins': ['evil']}}}\nb"}\n---\n`;
    expect(refusal(only).message).toContain('OpenClaw acts on "metadata.openclaw", the review would show no block');
  });

  it('reads requirement, os and install-bin lists as OpenClaw does: strings split on commas only, list items whole', () => {
    const m = parseSkillManifest(
      fm('metadata: {"openclaw": {"requires": {"bins": "curl jq, git", "env": ["API KEY", "A,B"]}, "os": "linux darwin", "install": [{"kind": "brew", "formula": "jq", "bins": "jq evil"}]}}'),
    );
    expect(m.requires).toMatchObject({ bins: ['curl jq', 'git'], env: ['API KEY', 'A,B'] });
    expect(m.os).toEqual(['linux darwin']);
    expect(m.install[0]?.bins).toEqual(['jq evil']);
    // A spec's own os list is read the same way, once, by the parser; the review's detail shows that reading.
    const spec = parseSkillManifest(fm('metadata: {"openclaw": {"install": [{"kind": "brew", "formula": "jq", "os": "darwin, linux arm64"}]}}')).install[0];
    expect(spec?.os).toEqual(['darwin', 'linux arm64']);
    expect(installDetail(spec as InstallSpec).os).toEqual(['darwin', 'linux arm64']);
    const bad = refusal(fm('metadata: {"openclaw": {"install": [{"kind": "brew", "formula": "jq", "os": ["darwin", {"x": 1}]}]}}'));
    expect(bad.code).toBe('EMANIFEST');
    expect(bad.message).toContain('"os" must list names (strings)');
  });

  it('refuses a brew install spec naming both a formula and a cask: OpenClaw installs the cask when the formula is no Homebrew name', () => {
    const err = refusal(fm('metadata: {"openclaw": {"install": [{"kind": "brew", "formula": "-jq", "cask": "evil"}]}}'));
    expect(err.code).toBe('EMANIFEST');
    expect(err.message).toBe('x/SKILL.md:3: a brew install spec in "metadata.openclaw.install" names both formula "-jq" and cask "evil": OpenClaw may install either');
    expect(err.hint).toMatch(/either "formula" or "cask"/);
    expect(parseSkillManifest(fm('metadata: {"openclaw": {"install": [{"kind": "brew", "cask": "steipete/tap/codexbar"}]}}')).install).toHaveLength(1);
  });

  it('shows the config entry a skillKey gives the skill: OpenClaw hands it that entry\'s env and apiKey', () => {
    const m = parseSkillManifest(fm('metadata: {"openclaw": {"skillKey": "github"}}'));
    expect(m.skillKey).toBe('github');
    const caps = capabilitiesOf(m);
    expect(caps.configKey).toBe('github');
    expect(caps.notes).toContain('skillKey: OpenClaw gives this skill the env and apiKey configured under skills.entries["github"]');
    // Its own name, or a block OpenClaw does not read, changes nothing.
    expect(capabilitiesOf(parseSkillManifest(fm('metadata: {"openclaw": {"skillKey": "p"}}'))).configKey).toBeUndefined();
    expect(capabilitiesOf(parseSkillManifest(fm('metadata: {"moltbot": {"skillKey": "github"}}'))).configKey).toBeUndefined();
  });

  it('shows the name and description OpenClaw loads the skill under, where its reading differs from the YAML', () => {
    // OpenClaw trims keys, and reads a key YAML leaves null line by line: the name picks the config
    // entry (env, apiKey) the skill is given.
    expect(parseSkillManifest('---\n"name ": github\ndescription: d\n---\n').name).toBe('github');
    expect(parseSkillManifest('---\nname:  # github\ndescription: d\n---\n').name).toBe('# github');
    const flow = parseSkillManifest('---\n{description: "a\nname: github\nb"}\n---\n');
    expect(flow.name).toBe('github');
    expect(parseSkillManifest('---\nname: " weather "\ndescription: d\n---\n').name).toBe(' weather ');
  });

  it('shows, and says so, a block OpenClaw does not read (top-level, moltbot, a metadata line it cannot parse)', () => {
    for (const text of [
      fm('openclaw:\n  requires:\n    bins: [curl]'),
      fm('metadata: {"moltbot": {"requires": {"bins": ["curl"]}}}'),
      // A one-line mapping continued on the next line: OpenClaw parses the first line alone, which fails.
      fm('metadata: {"openclaw": {"emoji": "x",\n  "requires": {"bins": ["curl"]}}}'),
      // A YAML comment after the one-line JSON: OpenClaw's text of the line does not parse.
      fm('metadata: {"openclaw": {"requires": {"bins": ["curl"]}}} # needs curl'),
    ]) {
      const m = parseSkillManifest(text);
      expect(m.requires.bins, text).toEqual(['curl']);
      expect(m.openclawBlock, text).toBeNull();
      expect(capabilitiesOf(m).unreadByOpenClaw, text).toMatch(/^(openclaw|moltbot)$/);
      expect(capabilitiesOf(m).notes.join('\n'), text).toMatch(/OpenClaw reads only metadata\.openclaw or metadata\.clawdbot: the "(openclaw|moltbot)" block is shown, but OpenClaw does not check its requirements or run its install specs/);
    }
  });

  it('reads duplicate keys as OpenClaw does: refused in YAML, the last one in JSON text', () => {
    expect(refusal(fm('metadata: {"openclaw": {"requires": {"bins": ["ls"]}}, "openclaw": {"requires": {"bins": ["curl"]}}}')).message).toMatch(/Map keys must be unique/);
    const m = parseSkillManifest(fm(`metadata: '{"openclaw": {"requires": {"bins": ["ls"]}}, "openclaw": {"requires": {"bins": ["curl"]}}}'`));
    expect(m).toMatchObject({ openclawBlock: 'metadata.openclaw', requires: { bins: ['curl'] } });
  });

  it('reads an install kind as OpenClaw does: trimmed, lower-cased, and `type` when there is no `kind`', () => {
    const m = parseSkillManifest(fm('metadata: {"openclaw": {"install": [{"kind": " Brew ", "formula": "jq"}, {"type": "node", "package": "gh-cli"}]}}'));
    expect(m.install.map((s) => s.kind)).toEqual(['brew', 'node']);
    const c = capabilitiesOf(m);
    expect(c.install).toEqual(['brew:jq', 'node:gh-cli']);
    expect(c.notes.join('\n')).not.toMatch(/is not one OpenClaw runs/);
    expect(c.tools).toContain('exec');
  });
});

describe('capabilitiesOf', () => {
  it('maps allowed-tools, adds exec for bins and install specs, and keeps unknown names out', () => {
    const m = parseSkillManifest(
      '---\nname: a\nallowed-tools: Bash(git:*) Read WebFetch mcp__github__create_issue AskUserQuestion\nmetadata: {"openclaw":{"primaryEnv":"GH_TOKEN","requires":{"env":["GH_TOKEN"]},"install":[{"kind":"node","package":"gh-cli","bins":["gh"]},{"kind":"download","url":"https://x.test/t.tgz"}]}}\n---\n',
    );
    const c = capabilitiesOf(m);
    expect(c.tools).toEqual(['exec', 'read', 'web_fetch']);
    expect(c.bins).toEqual(['gh']);
    expect(c.env).toEqual(['GH_TOKEN']);
    expect(c.install).toEqual(['node:gh-cli', 'download:https://x.test/t.tgz']);
    expect(c.unknownTools).toEqual(['AskUserQuestion', 'mcp__github__create_issue']);
    expect(c.notes).toContain('exec: has install specs (node:gh-cli, download:https://x.test/t.tgz)');
  });

  it('gives a skill without declarations only read', () => {
    const c = capabilitiesOf(parseSkillManifest('---\nname: plain\n---\n'));
    expect(c).toEqual({ tools: ['read'], bins: [], env: [], config: [], os: [], install: [], always: false, unknownTools: [], notes: [] });
  });
});

function skillFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        if (depth < 6) walk(p, depth + 1);
      } else if (name === 'SKILL.md') out.push(p);
    }
  };
  walk(root, 0);
  return out.sort();
}

describe('the ClawHub archive corpus', () => {
  const present = existsSync(CORPUS);
  if (!present && process.env.CI === 'true') throw new Error(`corpus missing at ${CORPUS}`);

  it.skipIf(!present)('parses every SKILL.md or refuses it with EMANIFEST naming file and line', () => {
    const files = skillFiles(CORPUS);
    expect(files.length).toBeGreaterThan(1500);
    let ok = 0;
    let repaired = 0;
    const reasons = new Map<string, number>();
    for (const f of files) {
      const rel = path.relative(CORPUS, f);
      try {
        const m = parseSkillManifest(readFileSync(f, 'utf8'), rel);
        capabilitiesOf(m);
        ok++;
        if (m.repairs.length > 0) repaired++;
      } catch (err) {
        if (!(err instanceof SkillpinError) || err.code !== 'EMANIFEST') throw new Error(`${rel}: crashed: ${String(err)}`);
        expect(err.message.startsWith(`${rel}:`)).toBe(true);
        const reason = err.message.slice(err.message.indexOf(': ') + 2).replace(/"[^"]*"/g, '"…"').replace(/ at line.*$/, '');
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    const refused = files.length - ok;
    console.log(`corpus: ${files.length} SKILL.md, ${ok} parse (${repaired} with a tolerant repair), ${refused} refused`);
    for (const [r, n] of [...reasons.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${r}`);
    expect(ok).toBeGreaterThan(files.length * 0.9);
  });
});
