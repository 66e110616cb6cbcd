// Units of the update review: changelog parsing and ranges, file diffs, capability delta, rendering.

import { describe, expect, it } from 'vitest';
import { changelogSection, entriesBetween, findChangelog, parseChangelog } from '../src/review/changelog.js';
import { cutDiff, diffFiles, isBinary, unifiedDiff, type FileMap } from '../src/review/diff.js';
import { capabilityDelta, newFindings, versionJump } from '../src/review/update.js';
import type { Finding } from '../src/scan/index.js';

const KEEP = `# Changelog
All notable changes.

## [Unreleased]
- Something not released.

## [1.5.0] - 2026-08-14
### Added
- Radar.

## [1.4.1] - 2026-07-01
### Fixed
- Alerts once.

## [1.4.0] - 2026-06-20
### Added
- Alerts.

[1.5.0]: https://example.org/compare/v1.4.1...v1.5.0
`;

const PLAIN = `# Changelog

## v2.0.0 (2026-10-01)
- BREAKING: metric only.

\`\`\`
## 9.9.9 inside a code fence is not a heading
\`\`\`

## 1.5.0
- Radar.
`;

describe('parseChangelog', () => {
  it('reads Keep a Changelog headings with dates and skips Unreleased', () => {
    const e = parseChangelog(KEEP);
    expect(e.map((x) => [x.version, x.date])).toEqual([
      ['1.5.0', '2026-08-14'],
      ['1.4.1', '2026-07-01'],
      ['1.4.0', '2026-06-20'],
    ]);
    expect(e[0]?.body).toBe('### Added\n- Radar.');
    expect(e[0]?.heading).toBe('## [1.5.0] - 2026-08-14');
  });

  it('reads plain `## x.y.z` / `## vX.Y.Z (date)` headings and ignores fenced code', () => {
    const e = parseChangelog(PLAIN);
    expect(e.map((x) => [x.version, x.date])).toEqual([
      ['2.0.0', '2026-10-01'],
      ['1.5.0', null],
    ]);
    expect(e[0]?.body).toContain('## 9.9.9 inside a code fence');
  });

  it('finds nothing in prose without version headings, and handles CRLF', () => {
    expect(parseChangelog('# Changelog\n\nWe fixed things.\n### 1.0.0 is a level-3 heading\n')).toEqual([]);
    expect(parseChangelog('## 1.0.1\r\n- fix\r\n').map((x) => x.body)).toEqual(['- fix']);
  });
});

describe('entriesBetween / changelogSection', () => {
  it('keeps only entries after the locked version and up to the candidate, newest first', () => {
    expect(entriesBetween(parseChangelog(KEEP), '1.4.0', '1.5.0').map((x) => x.version)).toEqual(['1.5.0', '1.4.1']);
    expect(entriesBetween(parseChangelog(KEEP), '1.4.0', '1.4.1').map((x) => x.version)).toEqual(['1.4.1']);
    expect(entriesBetween(parseChangelog(KEEP), '1.5.0', '1.5.0')).toEqual([]);
  });

  it('falls back to a diff of the two files when the candidate has no parsable entries', () => {
    const s = changelogSection('Old notes.\n', 'Old notes.\nNew notes.\n', '1.0.0', '1.1.0');
    expect(s.kind).toBe('diff');
    if (s.kind !== 'diff') return;
    expect(s.diff).toContain('+New notes.');
    expect(s.diff).toContain('--- a/CHANGELOG.md\t1.0.0');
  });

  it("warns 'no changelog' when the candidate has none, and names a missing entry for the candidate", () => {
    expect(changelogSection(null, null, '1.0.0', '1.1.0')).toEqual({ kind: 'none', warnings: ['no changelog'] });
    const gone = changelogSection('## 1.0.0\n- a\n', null, '1.0.0', '1.1.0');
    expect(gone.kind).toBe('none');
    expect(gone.warnings[0]).toMatch(/^no changelog: 1\.1\.0 has no CHANGELOG\.md \(1\.0\.0 had one\)/);
    const stale = changelogSection(null, '## 1.0.0\n- a\n', '1.0.0', '1.1.0');
    expect(stale).toMatchObject({ kind: 'entries', entries: [], warnings: ['the changelog has no entry for 1.1.0'] });
  });

  it('finds CHANGELOG.md in any letter case, preferring the canonical name', () => {
    expect(findChangelog({ 'changelog.md': Buffer.from('a'), 'CHANGELOG.md': Buffer.from('b') })).toEqual({ path: 'CHANGELOG.md', text: 'b' });
    expect(findChangelog({ 'docs/CHANGELOG.md': Buffer.from('a') })).toBeNull();
  });
});

function files(o: Record<string, string | Buffer | [string, number]>): FileMap {
  const m: FileMap = new Map();
  for (const [k, v] of Object.entries(o)) {
    if (Array.isArray(v)) m.set(k, { data: Buffer.from(v[0]), mode: v[1] });
    else m.set(k, { data: Buffer.isBuffer(v) ? v : Buffer.from(v), mode: 0o644 });
  }
  return m;
}

describe('diffFiles', () => {
  it('lists added, removed and changed files with sizes and +N -M counts', () => {
    const d = diffFiles(
      files({ 'SKILL.md': 'a\nb\nc\n', 'old.md': 'x\ny\n', 'same.md': 's\n' }),
      files({ 'SKILL.md': 'a\nB\nc\nd\n', 'scripts/run.sh': ['#!/bin/sh\necho hi\n', 0o755], 'same.md': 's\n' }),
      { labels: ['1.0.0', '1.1.0'] },
    );
    expect(d.unchanged).toBe(1);
    expect(d.added.map((c) => [c.path, c.sizeAfter, c.added, c.removed, c.modeAfter])).toEqual([['scripts/run.sh', 18, 2, 0, '0755']]);
    expect(d.removed.map((c) => [c.path, c.sizeBefore, c.added, c.removed])).toEqual([['old.md', 4, 0, 2]]);
    expect(d.changed.map((c) => [c.path, c.sizeBefore, c.sizeAfter, c.added, c.removed])).toEqual([['SKILL.md', 6, 8, 2, 1]]);
    expect(d.changed[0]?.diff).toBe('--- a/SKILL.md\t1.0.0\n+++ b/SKILL.md\t1.1.0\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n');
    expect(d.added[0]?.diff).toContain('--- /dev/null');
  });

  it('names binary changes as such, with no diff', () => {
    const d = diffFiles(files({ 'img.png': Buffer.from([0x89, 0x50, 0, 1]) }), files({ 'img.png': Buffer.from([0x89, 0x50, 0, 2, 3]) }));
    expect(d.changed[0]).toMatchObject({ path: 'img.png', binary: true, diff: null, added: 0, removed: 0, sizeBefore: 4, sizeAfter: 5 });
    expect(isBinary(Buffer.from([0xff, 0xfe, 0x41]))).toBe(true);
    expect(isBinary(Buffer.from('héllo'))).toBe(false);
  });

  it('reports a mode-only change', () => {
    const d = diffFiles(files({ 'a.sh': ['x\n', 0o644] }), files({ 'a.sh': ['x\n', 0o755] }));
    expect(d.changed[0]).toMatchObject({ modeBefore: '0644', modeAfter: '0755', added: 0, removed: 0 });
  });

  it('cuts each diff to 200 lines unless full, saying how many were cut', () => {
    const long = Array.from({ length: 300 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const cut = diffFiles(files({ 'a.md': '' }), files({ 'a.md': long }));
    // 300 added lines + 3 header lines = 303 diff lines; 200 shown, 103 cut
    expect(cut.changed[0]?.cutLines).toBe(103);
    expect(cut.changed[0]?.diff?.split('\n').length).toBe(201);
    expect(cut.changed[0]?.added).toBe(300);
    const full = diffFiles(files({ 'a.md': '' }), files({ 'a.md': long }), { full: true });
    expect(full.changed[0]?.cutLines).toBe(0);
    expect(full.changed[0]?.diff).toContain('+line 299');
    expect(cutDiff('a\nb\n', 5)).toEqual({ text: 'a\nb\n', cutLines: 0 });
  });

  it('unifiedDiff of equal texts is empty', () => {
    expect(unifiedDiff('x', 'same\n', 'same\n')).toBe('');
  });
});

describe('capabilityDelta / versionJump / newFindings', () => {
  it('names added and removed tools, bins, env, install and a new always: true', () => {
    const d = capabilityDelta(
      { tools: ['read', 'web_fetch'], bins: [], env: ['WEATHER_UNITS'], install: ['brew:x'], always: false },
      { tools: ['exec', 'read', 'web_fetch'], bins: ['curl'], env: [], install: [], always: true },
    );
    expect(d).toEqual({
      tools: { added: ['exec'], removed: [] },
      bins: { added: ['curl'], removed: [] },
      env: { added: [], removed: ['WEATHER_UNITS'] },
      install: { added: [], removed: ['brew:x'] },
      config: { added: [], removed: [] },
      os: { added: [], removed: [] },
      osWidened: false,
      unknownTools: { added: [], removed: [] },
      always: { before: false, after: true },
      newAlways: true,
      beforeFrom: 'manifest',
    });
  });

  it('names added and removed requires.config, os and unknown tool names; dropping every os limit widens', () => {
    const base = { tools: ['read'], bins: [], env: [], install: [], always: false };
    const d = capabilityDelta(
      { ...base, config: ['browser.enabled'], os: ['darwin'], unknownTools: ['Task'] },
      { ...base, config: ['browser.enabled', 'channels.discord.token'], os: [], unknownTools: ['SecretTool', 'Task'] },
    );
    expect(d.config).toEqual({ added: ['channels.discord.token'], removed: [] });
    expect(d.os).toEqual({ added: [], removed: ['darwin'] });
    expect(d.osWidened).toBe(true);
    expect(d.unknownTools).toEqual({ added: ['SecretTool'], removed: [] });
    // A lock record written before these were recorded has none of them.
    const old = capabilityDelta(base, { ...base, os: ['linux'] });
    expect(old).toMatchObject({ config: { added: [], removed: [] }, os: { added: ['linux'], removed: [] }, osWidened: false });
  });

  it('classifies semver jumps', () => {
    expect(versionJump('1.4.0', '1.4.1')).toBe('patch');
    expect(versionJump('1.4.0', '1.5.0')).toBe('minor');
    expect(versionJump('1.4.0', '2.0.0')).toBe('major');
    expect(versionJump('2.0.0', '1.5.0')).toBe('downgrade');
    expect(versionJump('1.0.0', '1.0.0')).toBe('none');
    expect(versionJump('1.0.0-beta.1', '1.0.0-beta.2')).toBe('prerelease');
  });

  it('keeps only findings the locked version does not have', () => {
    const f = (rule: string, file: string): Finding => ({ rule, severity: 'warn', file, line: 1, message: 'm', evidence: 'e' });
    expect(newFindings([f('a', 'x')], [f('a', 'x'), f('b', 'x'), f('a', 'y')]).map((x) => `${x.rule}:${x.file}`)).toEqual(['b:x', 'a:y']);
  });
});

describe('changelogSection against the versions the registry lists', () => {
  it('names published versions in range the changelog skips, entries for versions never published, and a version written twice', () => {
    const text = '## 1.0.9\n- audited by a third party\n## 1.0.3\n- typo\n## 1.0.1\n- docs\n## 1.0.1\n- now sends the notes to our server\n';
    const s = changelogSection(null, text, '1.0.0', '1.0.3', 'CHANGELOG.md', ['1.0.0', '1.0.1', '1.0.2', '1.0.3']);
    expect(s.kind).toBe('entries');
    expect(s.warnings).toEqual([
      'the changelog has no entry for 1.0.2, published between 1.0.0 and 1.0.3',
      'the changelog has 2 entries for 1.0.1; only the first is shown here',
    ]);
    // A made-up version in range is named.
    const made = changelogSection(null, '## 1.0.3\n- x\n## 1.0.2\n- security audit passed\n', '1.0.0', '1.0.3', 'CHANGELOG.md', ['1.0.0', '1.0.3']);
    expect(made.warnings).toEqual(['the changelog has an entry for 1.0.2, a version the registry does not list']);
    // Without the registry's list, only what the file itself shows.
    expect(changelogSection(null, text, '1.0.0', '1.0.3').warnings).toEqual(['the changelog has 2 entries for 1.0.1; only the first is shown here']);
  });
});
