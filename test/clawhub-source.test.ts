import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ssri from 'ssri';
import { startClawhubServer } from '../registry-fixtures/clawhub-server.js';
import { createClawhubSource, mapModeration, type ClawhubExtra, type ClawhubSourceOptions } from '../src/source/clawhub/index.js';
import { SkillpinError } from '../src/errors.js';
import type { ArchiveEntry } from '../src/source/types.js';

interface Fault {
  match: string | RegExp;
  method?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  times?: number;
  drop?: boolean;
  delayMs?: number;
}
interface FixtureServer {
  url: string;
  close(): Promise<void>;
  faults: Fault[];
  requests: Array<{ method: string; path: string; authorization: string | undefined }>;
  hostile: Array<{ slug: string; rule: string; expect: string }>;
}

let server: FixtureServer;
const TOKEN = 'clh_test_SECRET_token_0123456789';

beforeAll(async () => {
  server = (await startClawhubServer()) as FixtureServer;
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.faults.length = 0;
  server.requests.length = 0;
});

function source(extra: Partial<ClawhubSourceOptions> = {}) {
  return createClawhubSource({ baseUrl: server.url, timeoutMs: 5000, retryBaseDelayMs: 1, retryMaxDelayMs: 5, ...extra });
}

async function caught(p: Promise<unknown>): Promise<SkillpinError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SkillpinError) return err;
    throw err;
  }
  throw new Error('expected a SkillpinError, got success');
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const fileOf = (entries: ArchiveEntry[], path: string) => entries.find((e) => e.path === path && e.type === 'file');

describe('ClawHub source: resolve', () => {
  it('resolves a pinned owner-qualified spec to the exact version with its per-file list', async () => {
    const r = await source().resolve('clawhub:@acme/weather@1.0.0');
    expect(r).toMatchObject({
      source: 'clawhub',
      name: 'weather',
      version: '1.0.0',
      registry: server.url,
      ownerHandle: 'acme',
      publisher: 'acme',
      publishedAt: '2025-12-01T00:00:00.000Z',
      resolved: `${server.url}/api/v1/download?slug=weather&ownerHandle=acme&version=1.0.0`,
      moderation: { status: 'clean', blocked: false, suspicious: false },
    });
    const extra = r.extra as unknown as ClawhubExtra;
    expect(extra.pinned).toBe(true);
    expect(extra.spec).toBe('clawhub:@acme/weather@1.0.0');
    expect(extra.changelog).toBe('First release.');
    expect(extra.files?.map((f) => f.path)).toEqual(['SKILL.md', 'scripts/forecast.sh']);
    expect(extra.files?.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
  });

  it('resolves an unpinned bare slug to the latest version and learns the owner', async () => {
    const r = await source().resolve('clawhub:weather');
    expect(r.version).toBe('1.1.0');
    expect(r.ownerHandle).toBe('acme');
    expect((r.extra as unknown as ClawhubExtra).pinned).toBe(false);
    expect(server.requests.map((q) => q.path)).toEqual(['/api/v1/skills/weather', '/api/v1/skills/weather/versions/1.1.0?ownerHandle=acme']);
  });

  it('ENOTFOUND for an unknown skill and for an unknown version', async () => {
    expect((await caught(source().resolve('clawhub:@acme/nope@1.0.0'))).code).toBe('ENOTFOUND');
    const err = await caught(source().resolve('clawhub:@acme/weather@9.9.9'));
    expect(err.code).toBe('ENOTFOUND');
    expect(err.message).toContain('9.9.9');
  });

  it('EREGISTRY when the registry answers for another owner', async () => {
    server.faults.push({ match: '/api/v1/skills/weather?ownerHandle=other', status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ skill: { slug: 'weather' }, owner: { handle: 'acme' } }) });
    expect((await caught(source().resolve('clawhub:@other/weather@1.0.0'))).code).toBe('EREGISTRY');
  });

  it('a renamed skill (the old slug answered with the record under its new one) is EREGISTRY naming the new spec, not "an invalid record"', async () => {
    const body = JSON.stringify({ skill: { slug: 'weather-pro', displayName: 'Weather Pro', tags: { latest: '1.0.0' } }, latestVersion: { version: '1.0.0' }, owner: { handle: 'acme' } });
    server.faults.push({ match: '/api/v1/skills/weather?', status: 200, body });
    const err = await caught(source().resolve('clawhub:@acme/weather@1.0.0'));
    expect(err.code).toBe('EREGISTRY');
    expect(err.message).toBe('ClawHub answers clawhub:@acme/weather@1.0.0 with the skill clawhub:@acme/weather-pro: it was renamed, or the slug now leads elsewhere');
    expect(err.hint).toContain('skill add clawhub:@acme/weather-pro@<version>');
    // A slug no skill can have is still an invalid record.
    server.faults.length = 0;
    server.faults.push({ match: '/api/v1/skills/weather?', status: 200, body: body.replace('weather-pro', '../x') });
    expect((await caught(source().resolve('clawhub:@acme/weather@1.0.0'))).message).toMatch(/invalid skill record/);
  });

  it('lists versions newest first, following the cursor', async () => {
    const v = await source().versions('gifgrep', 'toolsmith');
    expect(v).toEqual([
      { version: '1.2.3', createdAt: '2026-01-01T00:00:00.000Z', changelog: 'Adds a plugin hook that evaluates provider scripts.' },
      { version: '1.2.2', createdAt: '2025-12-01T00:00:00.000Z', changelog: 'Fixes paging.' },
    ]);
  });

  it('reads the security verdict (endpoint 10) with overview and audit URL', async () => {
    const v = await source().securityVerdict('wallet-drainer', 'evil', '0.1.0');
    expect(v).toMatchObject({ ok: false, decision: 'blocked', status: 'malicious' });
    expect(v.overview).toContain('wallet-drainer@0.1.0');
    expect(v.securityAuditUrl).toBe(`${server.url}/evil/wallet-drainer/security/0.1.0`);
  });
});

describe('ClawHub source: moderation', () => {
  it('maps malicious + isMalwareBlocked to blocked', async () => {
    const r = await source().resolve('clawhub:@evil/wallet-drainer@0.1.0');
    expect(r.moderation).toEqual({
      status: 'malicious',
      blocked: true,
      suspicious: true,
      verdict: 'malicious',
      securityStatus: 'malicious',
      summary: 'Uploads wallet key files to a remote host.',
      reasonCodes: ['malicious.credential_exfiltration'],
    });
  });
  it('maps a suspicious verdict', async () => {
    const r = await source().resolve('clawhub:@toolsmith/gifgrep@1.2.3');
    expect(r.moderation).toMatchObject({ status: 'suspicious', blocked: false, suspicious: true, reasonCodes: ['suspicious.dynamic_code_execution'] });
  });
  it('is unavailable, never clean, when the version endpoint fails; fetch then fails closed', async () => {
    server.faults.push({ match: '/versions/1.0.0', status: 503 });
    const r = await source().resolve('clawhub:@acme/weather@1.0.0');
    expect(r.moderation).toEqual({ status: 'unavailable', blocked: false, suspicious: false, verdict: 'clean' });
    expect((r.extra as unknown as ClawhubExtra).files).toBeUndefined();
    server.faults.length = 0;
    const err = await caught(source().fetch(r));
    expect(err.code).toBe('EINTEGRITY');
    expect(err.message).toContain('could not be fetched');
  });
  it('mapModeration: a blocking reason code blocks; no verdict is unavailable; pending stays pending', () => {
    expect(mapModeration({ verdict: 'clean', reasonCodes: ['policy.publisher_blocked'] }, { status: 'clean' }).blocked).toBe(true);
    expect(mapModeration(undefined, undefined).status).toBe('unavailable');
    expect(mapModeration({ verdict: 'clean' }, undefined).status).toBe('unavailable');
    expect(mapModeration(undefined, { status: 'clean' }).status).toBe('clean');
    expect(mapModeration({ verdict: 'clean' }, { status: 'pending' }).status).toBe('pending');
    expect(mapModeration({ verdict: 'clean' }, { status: 'weird' }).status).toBe('unavailable');
  });
});

describe('ClawHub source: fetch', () => {
  it('downloads, unpacks and checks every file against the published list', async () => {
    const src = source();
    const r = await src.resolve('clawhub:@acme/weather@1.0.0');
    const f = await src.fetch(r);
    const archive = f.archive as Buffer;
    expect(archive).toBeInstanceOf(Buffer);
    expect(f.integrity).toBe(ssri.fromData(archive, { algorithms: ['sha512'] }).toString());
    expect(f.entries.map((e) => [e.path, e.type, e.mode.toString(8)])).toEqual([
      ['SKILL.md', 'file', '644'],
      ['scripts', 'directory', '755'],
      ['scripts/forecast.sh', 'file', '755'],
    ]);
    const files = (r.extra as unknown as ClawhubExtra).files ?? [];
    for (const row of files) expect(sha256(fileOf(f.entries, row.path)?.data ?? Buffer.alloc(0))).toBe(row.sha256);
    const zipSha = createHash('sha256').update(archive).digest();
    expect(f.lockExtras).toEqual({
      source: 'clawhub',
      ownerHandle: 'acme',
      artifact: { kind: 'archive', sha256: zipSha.toString('hex'), integrity: `sha256-${zipSha.toString('base64')}` },
      skillFile: { path: 'SKILL.md', sha256: files.find((x) => x.path === 'SKILL.md')?.sha256 },
      // OpenClaw's digestClawHubSkillTree (openclaw@2026.9.6) over these entries written to a folder
      // gave this value (method: test/clawhub-tree-digest.test.ts); it changes if the fixture does.
      fileTreeSha256: 'sha256:831d27b8ba98ab5a9f4fcfce76430124d371c81fe2ebe4d5b9800b951c07460c',
    });
  });

  it('strips one wrapping folder around SKILL.md', async () => {
    const src = source();
    const f = await src.fetch(await src.resolve('clawhub:@acme/weather@1.1.0'));
    expect(f.entries.map((e) => e.path)).toEqual(['NOTICE.txt', 'SKILL.md', 'scripts', 'scripts/forecast.sh']);
  });

  it('builds the same zip bytes every time (deterministic fixtures)', async () => {
    const src = source();
    const r = await src.resolve('clawhub:@acme/weather@1.0.0');
    const a = await src.fetch(r);
    const b = await src.fetch(r);
    expect(a.integrity).toBe(b.integrity);
  });

  it('EINTEGRITY naming the file when the zip disagrees with the per-file list', async () => {
    const src = source();
    const err = await caught(src.fetch(await src.resolve('clawhub:@acme/weather@1.2.0')));
    expect(err.code).toBe('EINTEGRITY');
    expect(err.message).toContain('"scripts/forecast.sh"');
    expect(err.facts.file).toBe('scripts/forecast.sh');
  });

  it('EINTEGRITY when a listed file is missing from the zip, or the zip holds an unlisted one', async () => {
    const src = source();
    const r = await src.resolve('clawhub:@acme/weather@1.0.0');
    const extra = r.extra as unknown as ClawhubExtra;
    const files = extra.files ?? [];
    const withGhost = { ...r, extra: { ...extra, files: [...files, { path: 'ghost.txt', sha256: 'b'.repeat(64) }] } };
    const e1 = await caught(src.fetch(withGhost));
    expect([e1.code, e1.facts.file]).toEqual(['EINTEGRITY', 'ghost.txt']);
    const without = { ...r, extra: { ...extra, files: files.filter((x) => x.path !== 'scripts/forecast.sh') } };
    const e2 = await caught(src.fetch(without));
    expect([e2.code, e2.facts.file]).toEqual(['EINTEGRITY', 'scripts/forecast.sh']);
  });

  it('EINTEGRITY when the zip does not match a pinned integrity', async () => {
    const src = source();
    const r = await src.resolve('clawhub:@acme/weather@1.0.0');
    const err = await caught(src.fetch({ ...r, integrity: ssri.fromData(Buffer.from('other'), { algorithms: ['sha512'] }).toString() }));
    expect(err.code).toBe('EINTEGRITY');
  });

  it('refuses archives over the configured limits', async () => {
    const r = await source().resolve('clawhub:@acme/weather@1.0.0');
    const total = await caught(source({ limits: { maxFileBytes: 1 << 20, maxTotalBytes: 200, maxFiles: 100 } }).fetch(r));
    expect(total.code).toBe('ESANDBOX');
    expect(total.message).toMatch(/total limit/);
    const perFile = await caught(source({ limits: { maxFileBytes: 50, maxTotalBytes: 1 << 20, maxFiles: 100 } }).fetch(r));
    expect(perFile.code).toBe('ESANDBOX');
    expect(perFile.message).toMatch(/per-file limit/);
    const count = await caught(source({ limits: { maxFileBytes: 1 << 20, maxTotalBytes: 1 << 20, maxFiles: 1 } }).fetch(r));
    expect(count.code).toBe('ESANDBOX');
    const zipCap = await caught(source({ maxZipBytes: 100 }).fetch(r));
    expect(zipCap.code).toBe('EREGISTRY');
    expect(zipCap.message).toMatch(/more than 100 bytes/);
  });
});

describe('ClawHub source: hostile zips', () => {
  const expected: Record<string, { code: string; match: RegExp } | { dropped: string[] }> = {
    'zip-slip': { code: 'ESANDBOX', match: /"\.\.\/evil\.sh".*parent-folder/ },
    'zip-slip-nested': { code: 'ESANDBOX', match: /"scripts\/\.\.\/\.\.\/evil\.sh".*parent-folder/ },
    'absolute-path': { code: 'ESANDBOX', match: /"\/etc\/evil".*absolute/ },
    backslash: { code: 'ESANDBOX', match: /backslash/ },
    symlink: { code: 'ESANDBOX', match: /"id_rsa".*symbolic link/ },
    fifo: { code: 'ESANDBOX', match: /"pipe".*not a regular file/ },
    'char-device': { code: 'ESANDBOX', match: /"null".*not a regular file/ },
    duplicate: { code: 'ESANDBOX', match: /"run\.sh".*duplicate/ },
    'case-fold': { code: 'ESANDBOX', match: /"readme\.md".*case-folded/ },
    'size-lie': { code: 'ESANDBOX', match: /"notes\.txt".*declared size/ },
    'stored-size-lie': { code: 'ESANDBOX', match: /"notes\.txt".*stored entry/ },
    bomb: { code: 'ESANDBOX', match: /"zeros\.bin".*compression ratio/ },
    'oversize-file': { code: 'ESANDBOX', match: /"big\.bin".*per-file limit/ },
    'many-entries': { code: 'ESANDBOX', match: /2002 entries/ },
    encrypted: { code: 'ESANDBOX', match: /"secret\.txt".*encrypted/ },
    // Not refused: dropped, never installed, and named (the published list names it too).
    'reserved-metadata': { dropped: ['.clawhub/origin.json'] },
    'file-as-folder': { code: 'ESANDBOX', match: /"scripts\/run\.sh".*parent "scripts" is a file/ },
    'no-skill-md': { code: 'EMANIFEST', match: /no SKILL\.md/ },
    'two-wrappers': { code: 'EMANIFEST', match: /no SKILL\.md/ },
    'two-roots': { code: 'EMANIFEST', match: /no SKILL\.md/ },
    'not-a-zip': { code: 'ESANDBOX', match: /not a readable zip/ },
  };

  it('the server offers a hostile zip for every rule tested here', () => {
    expect(server.hostile.map((h) => h.slug).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('reads %s as the rules say', async (slug, want) => {
    const src = source();
    const r = await src.resolve(`clawhub:@hostile/${slug}@1.0.0`);
    if ('dropped' in want) {
      const fetched = await src.fetch(r);
      expect(fetched.dropped).toEqual(want.dropped);
      expect(fetched.entries.map((e) => e.path)).not.toContain('.clawhub/origin.json');
      return;
    }
    const err = await caught(src.fetch(r));
    expect(err.code).toBe(want.code);
    expect(err.message).toMatch(want.match);
  });
});

describe('ClawHub HTTP behaviour', () => {
  it('429 is EREGISTRY naming the reset time, and is not retried', async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    server.faults.push({ match: '/api/v1/skills/weather', status: 429, headers: { 'x-ratelimit-reset': String(reset), 'retry-after': '120' }, body: 'Too many requests' });
    const err = await caught(source().resolve('clawhub:@acme/weather@1.0.0'));
    expect(err.code).toBe('EREGISTRY');
    expect(err.message).toContain(new Date(reset * 1000).toISOString());
    expect(err.message).toMatch(/resets in 1[12]\d s/);
    expect(err.hint).toContain('CLAWHUB_TOKEN');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 and succeeds on the next answer', async () => {
    server.faults.push({ match: '/api/v1/skills/weather?', status: 500, times: 1 });
    const r = await source().resolve('clawhub:@acme/weather@1.0.0');
    expect(r.version).toBe('1.0.0');
    expect(server.requests.filter((q) => q.path === '/api/v1/skills/weather?ownerHandle=acme')).toHaveLength(2);
  });

  it('retries a dropped connection, then gives up after two retries with EREGISTRY', async () => {
    server.faults.push({ match: '/api/v1/skills/weather?', drop: true });
    const err = await caught(source().resolve('clawhub:@acme/weather@1.0.0'));
    expect(err.code).toBe('EREGISTRY');
    expect(err.message).toMatch(/could not reach ClawHub/);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on a 503 after two retries, honouring a small Retry-After', async () => {
    server.faults.push({ match: '/api/v1/skills/weather?', status: 503, headers: { 'retry-after': '0' } });
    const err = await caught(source().resolve('clawhub:@acme/weather@1.0.0'));
    expect(err.code).toBe('EREGISTRY');
    expect(err.message).toContain('(503)');
    expect(server.requests).toHaveLength(3);
  });

  it('times out a slow answer', async () => {
    server.faults.push({ match: '/api/v1/skills/weather?', delayMs: 400, status: 200 });
    const err = await caught(source({ timeoutMs: 100, retries: 0 }).resolve('clawhub:@acme/weather@1.0.0'));
    expect(err.code).toBe('EREGISTRY');
    expect(err.message).toMatch(/no answer within 100 ms/);
  });

  it('one deadline covers every attempt: a stalled ClawHub is not asked again after it, and the hint names the setting to raise', async () => {
    server.faults.push({ match: '/api/v1/skills/weather?', delayMs: 600, status: 200 });
    const err = await caught(source({ timeoutMs: 150, retries: 2 }).resolve('clawhub:@acme/weather@1.0.0'));
    expect(err.code).toBe('EREGISTRY');
    expect(err.message).toMatch(/no answer within 150 ms/);
    expect(err.hint).toContain('is stalled or too slow');
    expect(err.hint).toContain('raise network.timeoutMs in .clawhub/config.json (or SKILL_TIMEOUT_MS)');
    expect(server.requests).toHaveLength(1);
  });

  it('EREGISTRY for an unreachable registry', async () => {
    const err = await caught(createClawhubSource({ baseUrl: 'http://127.0.0.1:1', retryBaseDelayMs: 1, retryMaxDelayMs: 2 }).resolve('clawhub:weather@1.0.0'));
    expect(err.code).toBe('EREGISTRY');
  });

  it('EREGISTRY for a body that is not JSON', async () => {
    server.faults.push({ match: '/api/v1/skills/weather?', status: 200, body: '<html>' });
    expect((await caught(source().resolve('clawhub:@acme/weather@1.0.0'))).code).toBe('EREGISTRY');
  });

  it('sends the token to the registry but never shows it in an error', async () => {
    server.faults.push({ match: '/api/v1/skills/weather?', status: 401, body: `invalid token Bearer ${TOKEN} for ${TOKEN}` });
    const err = await caught(source({ token: TOKEN }).resolve('clawhub:@acme/weather@1.0.0'));
    expect(server.requests[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(err.code).toBe('EREGISTRY');
    const shown = JSON.stringify({ message: err.message, hint: err.hint, json: err.toJSON(), stack: err.stack });
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain('SECRET');
    expect(err.message).toContain('refused');
  });

  it('never shows the token in a 429 or 5xx error either', async () => {
    server.faults.push({ match: '/api/v1/skills/weather?', status: 502, body: `upstream saw ${TOKEN}` });
    const err = await caught(source({ token: TOKEN }).resolve('clawhub:@acme/weather@1.0.0'));
    expect(JSON.stringify(err.toJSON()) + err.message + (err.hint ?? '')).not.toContain(TOKEN);
  });

  it('follows a same-origin redirect of the download, keeping the token', async () => {
    server.faults.push({ match: '/api/v1/download', status: 302, times: 1, headers: { location: '/api/v1/download?slug=weather&ownerHandle=acme&version=1.0.0&hop=1' } });
    const src = source({ token: TOKEN });
    const f = await src.fetch(await src.resolve('clawhub:@acme/weather@1.0.0'));
    expect(f.entries.length).toBe(3);
    const downloads = server.requests.filter((q) => q.path.startsWith('/api/v1/download'));
    expect(downloads.map((q) => [q.path.endsWith('hop=1'), q.authorization])).toEqual([
      [false, `Bearer ${TOKEN}`],
      [true, `Bearer ${TOKEN}`],
    ]);
  });

  it('drops the token on a redirect to another origin and refuses https to http', async () => {
    const seen: Array<[string, string | undefined]> = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      seen.push([url, (init?.headers as Record<string, string>)?.authorization]);
      if (url.startsWith('https://registry.example/a')) return new Response(null, { status: 302, headers: { location: 'https://cdn.example/zip' } });
      if (url.startsWith('https://registry.example/b')) return new Response(null, { status: 302, headers: { location: 'http://registry.example/zip' } });
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const { ClawhubHttp } = await import('../src/source/clawhub/index.js');
    const http = new ClawhubHttp({ baseUrl: 'https://registry.example', token: TOKEN, fetchImpl: fakeFetch, retryBaseDelayMs: 1, retryMaxDelayMs: 1 });
    await http.json('https://registry.example/a');
    expect(seen).toEqual([
      ['https://registry.example/a', `Bearer ${TOKEN}`],
      ['https://cdn.example/zip', undefined],
    ]);
    const err = await caught(http.json('https://registry.example/b'));
    expect(err.code).toBe('EREGISTRY');
    expect(err.message).toMatch(/https to plain http/);
  });
});

describe('readSkillZip: folders', () => {
  const limits = { maxFileBytes: 1 << 20, maxTotalBytes: 1 << 20, maxFiles: 10 };
  const skillMd = { name: 'SKILL.md', data: '---\nname: x\ndescription: d\n---\n' };

  it('keeps only folders that hold a file, as for a tarball (an empty one would fail verify for good)', async () => {
    const { buildZip } = await import('../registry-fixtures/clawhub-server.js');
    const { readSkillZip } = await import('../src/source/clawhub/zip.js');
    const zip = await buildZip([skillMd, { name: 'empty/', dir: true }, { name: 'docs/', dir: true }, { name: 'docs/deep/', dir: true }, { name: 'docs/a.md', data: 'a' }]);
    const { entries } = await readSkillZip(zip, { limits, skill: 'x' });
    expect(entries.map((e: ArchiveEntry) => `${e.type} ${e.path}`)).toEqual(['file SKILL.md', 'directory docs', 'file docs/a.md']);
  });

  it('drops install metadata (.clawhub/, .clawdhub/ at the top, in or outside a wrapping folder), names it, and keeps a nested one', async () => {
    const { buildZip } = await import('../registry-fixtures/clawhub-server.js');
    const { readSkillZip } = await import('../src/source/clawhub/zip.js');
    for (const name of ['.clawhub/origin.json', '.clawdhub/manifest.json', 'wrap/.clawhub/origin.json']) {
      const files = name.startsWith('wrap/') ? [{ ...skillMd, name: 'wrap/SKILL.md' }, { name, data: '{}' }] : [skillMd, { name, data: '{}' }];
      const { entries, dropped } = await readSkillZip(await buildZip(files), { limits, skill: 'x' });
      expect(dropped, name).toEqual([name.replace(/^wrap\//, '')]);
      expect(entries.map((e: ArchiveEntry) => e.path), name).toEqual(['SKILL.md']);
    }
    const { entries, dropped } = await readSkillZip(await buildZip([skillMd, { name: 'docs/.clawhub/notes.md', data: 'n' }]), { limits, skill: 'x' });
    expect(entries.map((e: ArchiveEntry) => e.path)).toContain('docs/.clawhub/notes.md');
    expect(dropped).toEqual([]);
  });

  it('counts folders, named or implied, against limits.maxFiles', async () => {
    const { buildZip } = await import('../registry-fixtures/clawhub-server.js');
    const { readSkillZip } = await import('../src/source/clawhub/zip.js');
    const implied = await buildZip([skillMd, ...[1, 2, 3].map((i) => ({ name: `a${i}/b/c/d/x.txt`, data: 'x' }))]);
    const named = await buildZip([skillMd, ...Array.from({ length: 11 }, (_, i) => ({ name: `e${i}/`, dir: true }))]);
    // Named folders are entries, and a zip's entries are counted before any is read.
    for (const [zip, why] of [[implied, /more than 10 folders/], [named, /12 entries, more than the limit of 10/]] as const) {
      const err = await caught(readSkillZip(zip, { limits, skill: 'x' }));
      expect(err.code).toBe('ESANDBOX');
      expect(err.message).toMatch(why);
    }
  });
});

describe('readSkillZip: a local header that disagrees with the central directory', () => {
  const limits = { maxFileBytes: 1 << 20, maxTotalBytes: 1 << 20, maxFiles: 10 };
  const skillMd = { name: 'SKILL.md', data: '---\nname: x\ndescription: d\n---\n' };
  /** Offset of the one record of `kind` whose name is `name` (a byte search, for fixtures only). */
  const recordOf = (zip: Buffer, kind: 'local' | 'central', name: string): number => {
    const [sig, nameLenAt, nameAt] = kind === 'local' ? [0x04034b50, 26, 30] : [0x02014b50, 28, 46];
    const want = Buffer.from(name);
    for (let i = 0; i + 4 <= zip.length; i++) {
      if (zip.readUInt32LE(i) === sig && zip.subarray(i + nameAt, i + nameAt + zip.readUInt16LE(i + nameLenAt)).equals(want)) return i;
    }
    throw new Error(`no ${kind} record ${name}`);
  };
  const build = async () => {
    const { buildZip } = await import('../registry-fixtures/clawhub-server.js');
    return (await buildZip([skillMd, { name: 'run.sh', data: 'echo hello\n' }, { name: 'ok.sh', data: 'echo hello\n' }])) as Buffer;
  };

  it('refuses (ESANDBOX, naming the entry) a local name, flag, method, CRC or size other than the central record says, and two records sharing one local header', async () => {
    const { readSkillZip } = await import('../src/source/clawhub/zip.js');
    const cases: Array<[string, (zip: Buffer) => void, RegExp]> = [
      // JSZip (OpenClaw) would extract evi.sh where yauzl and fflate (skillpin, the clawhub CLI) see run.sh.
      ['name', (z) => Buffer.from('evi.sh').copy(z, recordOf(z, 'local', 'run.sh') + 30), /"run\.sh" refused: .*disagree on the name \(local "evi\.sh"\)/],
      ['encrypted', (z) => z.writeUInt16LE(z.readUInt16LE(recordOf(z, 'local', 'run.sh') + 6) | 0x1, recordOf(z, 'local', 'run.sh') + 6), /"run\.sh" refused: encrypted entry/],
      ['utf-8 flag', (z) => z.writeUInt16LE(z.readUInt16LE(recordOf(z, 'local', 'run.sh') + 6) ^ 0x800, recordOf(z, 'local', 'run.sh') + 6), /"run\.sh" refused: .*disagree on the flags/],
      ['method', (z) => z.writeUInt16LE(0, recordOf(z, 'local', 'run.sh') + 8), /"run\.sh" refused: .*disagree on the compression method/],
      // ok.sh's central record pointed at run.sh's local header and data (an overlapping entry).
      ['shared', (z) => z.writeUInt32LE(recordOf(z, 'local', 'run.sh'), recordOf(z, 'central', 'ok.sh') + 42), /"ok\.sh" refused: .*disagree on the name \(local "run\.sh"\)/],
    ];
    for (const [what, patch, why] of cases) {
      const zip = await build();
      patch(zip);
      const err = await caught(readSkillZip(zip, { limits, skill: 'x' }));
      expect(err.code, what).toBe('ESANDBOX');
      expect(err.message, what).toMatch(why);
    }
    // The CRC and sizes are compared when the local header carries them (no data descriptor).
    const { readSkillZip: read } = await import('../src/source/clawhub/zip.js');
    const zip = await build();
    const at = recordOf(zip, 'local', 'run.sh');
    expect(zip.readUInt16LE(at + 6) & 0x8).toBe(0);
    zip.writeUInt32LE((zip.readUInt32LE(at + 14) ^ 1) >>> 0, at + 14);
    expect((await caught(read(zip, { limits, skill: 'x' }))).message).toMatch(/"run\.sh" refused: .*disagree on the CRC-32/);
    // Unpatched, the same archive reads.
    expect((await readSkillZip(await build(), { limits, skill: 'x' })).entries.map((e: ArchiveEntry) => e.path)).toEqual(['SKILL.md', 'ok.sh', 'run.sh']);
  });
});

describe('a version list that never ends: the pages together are held to one document\'s cap', () => {
  it('pages of a few MiB each, with a next cursor every time: EREGISTRY before 16 MiB have been read, not 50 pages of 16 MiB held in memory', async () => {
    const asked: string[] = [];
    const item = { version: '1.0.0', createdAt: 1, changelog: 'x'.repeat(1000) };
    const page = (n: number) => JSON.stringify({ items: Array.from({ length: 3000 }, () => item), nextCursor: `c${n + 1}` }); // ~3 MiB
    const fakeFetch = (async (input: string | URL | Request) => {
      const url = new URL(String(input));
      asked.push(url.search);
      return new Response(page(asked.length), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const src = createClawhubSource({ baseUrl: 'https://clawhub.example', fetchImpl: fakeFetch, timeoutMs: 20_000, retries: 0 });
    const err = await caught(src.versions('gifgrep', 'toolsmith'));
    expect(err.code).toBe('EREGISTRY');
    expect(err.message).toMatch(/version list .*more than 16777216 bytes/);
    expect(asked.length).toBeLessThanOrEqual(6);
  });

  it('a list that fits is read across its pages as before', async () => {
    const pages = [{ items: [{ version: '1.1.0', changelog: '' }], nextCursor: 'c2' }, { items: [{ version: '1.0.0', changelog: '' }], nextCursor: null }];
    let n = 0;
    const fakeFetch = (async () => new Response(JSON.stringify(pages[n++]), { status: 200 })) as typeof fetch;
    const src = createClawhubSource({ baseUrl: 'https://clawhub.example', fetchImpl: fakeFetch, retries: 0 });
    expect((await src.versions('gifgrep')).map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
  });
});
