// The stand-in ClawHub's endpoint 11, `GET /api/v1/resolve?slug&ownerHandle&hash`, which the clawhub
// CLI's `update` calls with the fingerprint of the installed files. The expected fingerprints here
// are computed independently of the fixture: sha256 of the lines `path:sha256`, sorted with
// localeCompare and joined by "\n", over the files the CLI's listSkillFiles walk keeps
// (clawhub@0.23.3 dist/skills.js). scripts/e2e.js (suite clawhub) checks the same against the CLI.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClawhubServer } from '../registry-fixtures/clawhub-server.js';
import { ROOT, tempDir } from './helpers.js';

interface FixtureServer {
  url: string;
  close(): Promise<void>;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
/** The clawhub CLI's buildSkillFingerprint over files already filtered as its walk would. */
const fingerprint = (files: Record<string, Buffer | string>) =>
  sha256(
    Object.entries(files)
      .map(([path, data]) => ({ path, sha256: sha256(data) }))
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((f) => `${f.path}:${f.sha256}`)
      .join('\n'),
  );

/** Every file under a fixture version folder, relative POSIX paths, with an optional prefix. */
function filesOf(dir: string, prefix = '', rel = ''): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const name of readdirSync(join(dir, rel))) {
    const p = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, p)).isDirectory()) Object.assign(out, filesOf(dir, prefix, p));
    else out[prefix + p] = readFileSync(join(dir, p));
  }
  return out;
}

const WEATHER = join(ROOT, 'registry-fixtures', 'clawhub', 'acme', 'weather');
const resolve = async (base: string, query: Record<string, string>) => {
  const res = await fetch(`${base}/api/v1/resolve?${new URLSearchParams(query).toString()}`);
  return { status: res.status, text: await res.text() };
};

describe('fixture ClawHub: GET /api/v1/resolve', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = (await startClawhubServer()) as FixtureServer;
  });
  afterAll(async () => {
    await server.close();
  });

  it('matches the version whose files have the fingerprint, and names the latest', async () => {
    const hash = fingerprint(filesOf(join(WEATHER, '1.0.0')));
    const r = await resolve(server.url, { slug: 'weather', ownerHandle: 'acme', hash });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ match: { version: '1.0.0' }, latestVersion: { version: '1.1.0' } });
    // Without ownerHandle, as the CLI asks for a bare slug it has no owner for.
    expect(JSON.parse((await resolve(server.url, { slug: 'weather', hash })).text).match).toEqual({ version: '1.0.0' });
  });

  it('fingerprints a zip with a wrapping folder as the CLI extracts it: the folder is part of every path', async () => {
    const wrapped = fingerprint(filesOf(join(WEATHER, '1.1.0'), 'weather-1.1.0/'));
    expect(JSON.parse((await resolve(server.url, { slug: 'weather', ownerHandle: 'acme', hash: wrapped })).text).match).toEqual({ version: '1.1.0' });
    const inside = fingerprint(filesOf(join(WEATHER, '1.1.0')));
    expect(JSON.parse((await resolve(server.url, { slug: 'weather', ownerHandle: 'acme', hash: inside })).text).match).toBeNull();
  });

  it('no match: match is null and latestVersion is still named', async () => {
    const changed = { ...filesOf(join(WEATHER, '1.0.0')), 'SKILL.md': 'edited by hand\n' };
    const r = await resolve(server.url, { slug: 'weather', ownerHandle: 'acme', hash: fingerprint(changed) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ match: null, latestVersion: { version: '1.1.0' } });
  });

  it('unknown slug or owner: 404 Skill not found; no hash: 400', async () => {
    const hash = fingerprint(filesOf(join(WEATHER, '1.0.0')));
    expect(await resolve(server.url, { slug: 'no-such-skill', hash })).toEqual({ status: 404, text: 'Skill not found' });
    expect(await resolve(server.url, { slug: 'weather', ownerHandle: 'someone-else', hash })).toEqual({ status: 404, text: 'Skill not found' });
    expect((await resolve(server.url, { slug: 'weather' })).status).toBe(400);
  });
});

describe('fixture ClawHub: resolve follows the CLI walk and the designated latest', () => {
  it('skips dot-segments and node_modules and honours .gitignore then .clawhubignore', async () => {
    const root = tempDir('skillpin-resolve-fixture-');
    const version = join(root, 'e2e', 'tidy', '1.0.0');
    const files: Record<string, string> = {
      'SKILL.md': '---\nname: tidy\ndescription: tidy fixture\n---\n# Tidy\n',
      '.gitignore': '*.log\n/build/\n',
      '.clawhubignore': '!keep.log\ndrafts/\n# a comment\n',
      '.env': 'SECRET=1\n',
      '.github/workflow.yml': 'on: push\n',
      'scripts/.cache/x': 'cached\n',
      'node_modules/dep/index.js': 'module.exports = 1;\n',
      'lib/node_modules/dep.js': 'module.exports = 2;\n',
      'debug.log': 'noise\n',
      'keep.log': 'kept\n',
      'build/out.js': 'built\n',
      'lib/build/out.js': 'not the root build\n',
      'drafts/a.md': 'draft\n',
      'notes/drafts/b.md': 'draft too\n',
      'scripts/run.sh': 'echo run\n',
      'Zeta.md': 'z\n',
      'alpha.md': 'a\n',
    };
    for (const [p, d] of Object.entries(files)) {
      mkdirSync(dirname(join(version, p)), { recursive: true });
      writeFileSync(join(version, p), d);
    }
    writeFileSync(
      join(root, 'e2e', 'tidy', 'skill.json'),
      JSON.stringify({ displayName: 'Tidy', summary: 'fixture', versions: { '1.0.0': { createdAt: 1, changelog: '', license: 'MIT-0', security: 'clean' } }, latest: '1.0.0' }),
    );
    const kept = ['SKILL.md', 'keep.log', 'lib/build/out.js', 'scripts/run.sh', 'Zeta.md', 'alpha.md'];
    const server = (await startClawhubServer({ root, tags: { 'e2e/tidy': { latest: null } } })) as FixtureServer;
    try {
      const hash = fingerprint(Object.fromEntries(kept.map((p) => [p, files[p] as string])));
      const r = await resolve(server.url, { slug: 'tidy', ownerHandle: 'e2e', hash });
      // No designated latest: latestVersion is null, the match is still found.
      expect(JSON.parse(r.text)).toEqual({ match: { version: '1.0.0' }, latestVersion: null });
      // Every file counted (no walk rules) is another fingerprint.
      const all = await resolve(server.url, { slug: 'tidy', ownerHandle: 'e2e', hash: fingerprint(files) });
      expect(JSON.parse(all.text).match).toBeNull();
    } finally {
      await server.close();
    }
  });
});
