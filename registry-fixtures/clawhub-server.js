// A stand-in ClawHub server for tests: the API shapes of clawhub@0.23.3 / openclaw@2026.9.6
// (endpoints 3, 4, 5, 6, 9, 10, 11, 12 of shared/reference/clawhub-and-openclaw.md), on 127.0.0.1.
// Skills come from readable sources under registry-fixtures/clawhub/; zips are built by code with
// yazl, deterministically; hostile zips (every sandbox rule of DESIGN §3.7) are built by code too.

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ignore from 'ignore';
import yazl from 'yazl';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_ROOT = join(HERE, 'clawhub');
/** Fixed timestamp in every zip, so equal inputs give equal bytes. */
const MTIME = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
const HOSTILE_OWNER = 'hostile';
const HOSTILE_CREATED_AT = 1767225600000;

/**
 * @typedef {{ name: string, data?: string | Buffer, dir?: boolean, mode?: number, compress?: boolean }} ZipInput
 * @typedef {{ path: string, size: number, sha256: string, contentType: string }} FileRow
 * @typedef {{ version: string, createdAt: number, changelog: string, license: string, security: string,
 *   zip: Buffer, files: FileRow[], fingerprint: string | null }} VersionRec
 *   `fingerprint`: the clawhub CLI's fingerprint of the folder it extracts this zip to (endpoint 11);
 *   null for the hostile zips, which no resolve request matches.
 * @typedef {{ owner: string, slug: string, displayName: string, summary: string, moderation: object | null,
 *   tags: Record<string, string>, versions: Map<string, VersionRec> }} SkillRec
 *   `tags` maps a tag to a version; `tags.latest` is the version ClawHub designates as latest.
 * @typedef {{ match: string | RegExp, method?: string, status?: number, headers?: Record<string, string>,
 *   body?: string, times?: number, drop?: boolean, delayMs?: number }} Fault
 * @typedef {{ repo: string, path: string, commit: string, files: Record<string, string | Buffer> }} GithubSource
 *   A GitHub-backed ClawHub skill: the repository `owner/name`, the skill's folder in it, the full
 *   commit, and the files of that folder at that commit (path → bytes).
 *   A fault applies to requests whose path+query matches (substring or RegExp), `times` times
 *   (default: always). `drop` destroys the socket (a network error); `delayMs` delays the answer.
 */

/**
 * Build a zip with yazl from inputs in the given order; fixed mtime and modes.
 * @param {ZipInput[]} inputs
 * @returns {Promise<Buffer>}
 */
export function buildZip(inputs) {
  const zip = new yazl.ZipFile();
  for (const e of inputs) {
    if (e.dir) {
      zip.addEmptyDirectory(e.name, { mtime: MTIME, mode: e.mode ?? 0o40755 });
    } else {
      const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8');
      zip.addBuffer(data, e.name, { mtime: MTIME, mode: e.mode ?? 0o100644, compress: e.compress ?? true });
    }
  }
  zip.end();
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    zip.outputStream.on('data', (c) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * Visit every local file header and central directory record whose name equals `name`.
 * @param {Buffer} zip
 * @param {string} name
 * @param {(rec: { kind: 'local' | 'central', offset: number }) => void} visit
 */
function eachRecord(zip, name, visit) {
  const want = Buffer.from(name, 'utf8');
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = zip.readUInt32LE(i);
    if (sig === 0x04034b50) {
      const len = zip.readUInt16LE(i + 26);
      if (zip.subarray(i + 30, i + 30 + len).equals(want)) visit({ kind: 'local', offset: i });
    } else if (sig === 0x02014b50) {
      const len = zip.readUInt16LE(i + 28);
      if (zip.subarray(i + 46, i + 46 + len).equals(want)) visit({ kind: 'central', offset: i });
    }
  }
}

/**
 * Rename an entry in place (same byte length), in its local header and central record. yazl refuses
 * hostile names, so they are written as placeholders and patched here.
 * @param {Buffer} zip
 * @param {string} from
 * @param {string} to
 */
function renameEntry(zip, from, to) {
  const a = Buffer.from(from, 'utf8');
  const b = Buffer.from(to, 'utf8');
  if (a.length !== b.length) throw new Error(`renameEntry: ${from} and ${to} differ in length`);
  let n = 0;
  eachRecord(zip, from, ({ kind, offset }) => {
    b.copy(zip, offset + (kind === 'local' ? 30 : 46));
    n++;
  });
  if (n < 2) throw new Error(`renameEntry: ${from} not found`);
}

/**
 * Patch header fields of an entry (both the local header and the central record).
 * @param {Buffer} zip
 * @param {string} name
 * @param {{ flagOr?: number, uncompressedSize?: number }} patch
 */
function patchEntry(zip, name, patch) {
  eachRecord(zip, name, ({ kind, offset }) => {
    const flagAt = offset + (kind === 'local' ? 6 : 8);
    const sizeAt = offset + (kind === 'local' ? 22 : 24);
    if (patch.flagOr !== undefined) zip.writeUInt16LE(zip.readUInt16LE(flagAt) | patch.flagOr, flagAt);
    if (patch.uncompressedSize !== undefined) zip.writeUInt32LE(patch.uncompressedSize, sizeAt);
  });
}

/** @param {string} path */
function contentTypeOf(path) {
  if (path.endsWith('.md')) return 'text/markdown';
  if (path.endsWith('.js')) return 'text/javascript';
  if (path.endsWith('.sh')) return 'text/x-shellscript';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.txt')) return 'text/plain';
  return 'application/octet-stream';
}

/**
 * @param {Array<{ path: string, data: Buffer }>} files
 * @returns {FileRow[]}
 */
function fileRows(files) {
  return files.map((f) => ({
    path: f.path,
    size: f.data.length,
    sha256: createHash('sha256').update(f.data).digest('hex'),
    contentType: contentTypeOf(f.path),
  }));
}

/**
 * @param {string} root
 * @param {string} rel
 * @returns {Promise<Array<{ path: string, data: Buffer, mode: number }>>}
 */
async function readTree(root, rel = '') {
  /** @type {Array<{ path: string, data: Buffer, mode: number }>} */
  const out = [];
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const path = rel ? `${rel}/${name}` : name;
    const st = await stat(join(root, path));
    if (st.isDirectory()) out.push(...(await readTree(root, path)));
    else out.push({ path, data: await readFile(join(root, path)), mode: st.mode & 0o111 ? 0o100755 : 0o100644 });
  }
  return out;
}

/**
 * The clawhub CLI's fingerprint of the folder it extracts a zip to (clawhub@0.23.3 dist/skills.js:
 * extractZipToDir, then listSkillFiles and buildSkillFingerprint): sha256 hex of the lines
 * `path:sha256`, sorted with localeCompare and joined by "\n". The walk skips every path with a
 * segment that starts with "." and every `node_modules`, and honours the root's `.gitignore`,
 * `.clawhubignore` and `.clawdhubignore` (after `.git/`, `node_modules/`, `.clawhub/`, `.clawdhub/`).
 * @param {Array<{ name: string, data?: string | Buffer, dir?: boolean }>} entries zip entries in zip order
 */
export function clawhubFingerprint(entries) {
  /** @type {Map<string, Buffer>} */
  const files = new Map();
  for (const e of entries) {
    if (e.dir) continue;
    // extractZipToDir's sanitizeRelPath: folders, backslashes and `.`/`..` segments are skipped.
    const path = e.name.replace(/^\.\/+/, '').replace(/^\/+/, '');
    if (!path || path.endsWith('/') || path.includes('\\') || path.split('/').some((s) => !s || s === '.' || s === '..')) continue;
    files.set(path, Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8'));
  }
  // The ignore package, as the clawhub CLI reads these files with it (same major): matching
  // gitignore's rules by hand would test our reading of them, not the CLI's.
  const ig = ignore().add(['.git/', 'node_modules/', '.clawhub/', '.clawdhub/']);
  for (const name of ['.gitignore', '.clawhubignore', '.clawdhubignore']) {
    const text = files.get(name)?.toString('utf8');
    if (text !== undefined) ig.add(text);
  }
  const ignores = (/** @type {string} */ path) => ig.ignores(path);
  const lines = [...files]
    .filter(([path]) => !path.split('/').some((s) => s.startsWith('.') || s === 'node_modules') && !ignores(path))
    .map(([path, data]) => ({ path, sha256: createHash('sha256').update(data).digest('hex') }))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((f) => `${f.path}:${f.sha256}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * Load the readable fixture skills under `root`.
 * @param {string} root
 * @returns {Promise<SkillRec[]>}
 */
export async function loadFixtureSkills(root = DEFAULT_ROOT) {
  /** @type {SkillRec[]} */
  const skills = [];
  for (const owner of (await readdir(root)).sort()) {
    if (!(await stat(join(root, owner))).isDirectory()) continue;
    for (const slug of (await readdir(join(root, owner))).sort()) {
      const dir = join(root, owner, slug);
      const meta = JSON.parse(await readFile(join(dir, 'skill.json'), 'utf8'));
      /** @type {Map<string, VersionRec>} */
      const versions = new Map();
      for (const [version, v] of Object.entries(meta.versions)) {
        const files = await readTree(join(dir, version));
        const prefix = v.wrapFolder ? `${v.wrapFolder}/` : '';
        /** @type {ZipInput[]} */
        const inputs = prefix ? [{ name: prefix, dir: true }] : [];
        for (const f of files) inputs.push({ name: prefix + f.path, data: f.data, mode: f.mode });
        const zip = await buildZip(inputs);
        let rows = fileRows(files);
        if (v.fileListTamper) rows = tamperRows(rows, v.fileListTamper);
        versions.set(version, {
          version,
          createdAt: v.createdAt,
          changelog: v.changelog,
          license: v.license,
          security: v.security,
          zip,
          files: rows,
          fingerprint: clawhubFingerprint(inputs),
        });
      }
      const tags = meta.latest ? { latest: meta.latest } : {};
      skills.push({ owner, slug, displayName: meta.displayName, summary: meta.summary, moderation: meta.moderation ?? null, tags, versions });
    }
  }
  return skills;
}

/**
 * Make the published list disagree with the zip: a wrong sha256, a missing row or an extra row.
 * @param {FileRow[]} rows
 * @param {{ kind: 'sha256' | 'missing' | 'extra', path: string }} t
 */
function tamperRows(rows, t) {
  if (t.kind === 'missing') return rows.filter((r) => r.path !== t.path);
  if (t.kind === 'extra') return [...rows, { path: t.path, size: 1, sha256: 'a'.repeat(64), contentType: contentTypeOf(t.path) }];
  return rows.map((r) => (r.path === t.path ? { ...r, sha256: createHash('sha256').update('not these bytes').digest('hex') } : r));
}

const HOSTILE_SKILL_MD = '---\nname: hostile\ndescription: hostile archive fixture\n---\n# Hostile\n';

/**
 * Hostile zips, one per sandbox rule. Each is a version 1.0.0 of `@hostile/<slug>` whose published
 * list names the benign files, so only the sandbox rule can refuse it. `expect` is the error code.
 * @returns {Promise<Array<{ slug: string, rule: string, expect: string, zip: Buffer, files: FileRow[] }>>}
 */
export async function buildHostileZips() {
  const skillMd = { path: 'SKILL.md', data: Buffer.from(HOSTILE_SKILL_MD) };
  /** @type {Array<{ slug: string, rule: string, expect: string, zip: Buffer, files: FileRow[] }>} */
  const out = [];
  /**
   * @param {string} slug
   * @param {string} rule
   * @param {ZipInput[]} extra
   * @param {(zip: Buffer) => void} [patch]
   * @param {string} [expect]
   */
  const add = async (slug, rule, extra, patch, expect = 'ESANDBOX') => {
    const zip = await buildZip([{ name: 'SKILL.md', data: HOSTILE_SKILL_MD }, ...extra]);
    if (patch) patch(zip);
    out.push({ slug, rule, expect, zip, files: fileRows([skillMd]) });
  };
  const payload = '#!/bin/sh\necho pwned\n';
  await add('zip-slip', 'parent-folder segment', [{ name: 'XX/evil.sh', data: payload }], (z) => renameEntry(z, 'XX/evil.sh', '../evil.sh'));
  await add('zip-slip-nested', 'parent-folder segment inside a path', [{ name: 'scripts/XX/XX/evil.sh', data: payload }], (z) =>
    renameEntry(z, 'scripts/XX/XX/evil.sh', 'scripts/../../evil.sh'),
  );
  await add('absolute-path', 'absolute path', [{ name: 'Xetc/evil', data: payload }], (z) => renameEntry(z, 'Xetc/evil', '/etc/evil'));
  await add('backslash', 'backslash in name', [{ name: 'XX_evil.sh', data: payload }], (z) => renameEntry(z, 'XX_evil.sh', '..\\evil.sh'));
  await add('symlink', 'symbolic link', [{ name: 'id_rsa', data: '../../../.ssh/id_rsa', mode: 0o120777 }]);
  await add('fifo', 'FIFO', [{ name: 'pipe', data: '', mode: 0o010644 }]);
  await add('char-device', 'character device', [{ name: 'null', data: '', mode: 0o020644 }]);
  await add('duplicate', 'duplicate name', [{ name: 'run.sh', data: 'echo one\n' }, { name: 'run.sh', data: 'echo two\n' }]);
  await add('case-fold', 'case-fold collision', [{ name: 'README.md', data: 'a\n' }, { name: 'readme.md', data: 'b\n' }]);
  await add('size-lie', 'declared size differs from actual', [{ name: 'notes.txt', data: 'x'.repeat(50) }], (z) =>
    patchEntry(z, 'notes.txt', { uncompressedSize: 3 }),
  );
  await add('stored-size-lie', 'stored entry size differs from its data', [{ name: 'notes.txt', data: 'y'.repeat(40), compress: false }], (z) =>
    patchEntry(z, 'notes.txt', { uncompressedSize: 20 }),
  );
  await add('bomb', 'compression ratio (zip bomb)', [{ name: 'zeros.bin', data: Buffer.alloc(8 * 1024 * 1024) }]);
  await add('oversize-file', 'entry over the per-file limit', [{ name: 'big.bin', data: Buffer.alloc(11 * 1024 * 1024) }]);
  await add(
    'many-entries',
    'too many entries',
    Array.from({ length: 2001 }, (_, i) => ({ name: `f/${String(i).padStart(4, '0')}.txt`, data: 'x', compress: false })),
  );
  await add('encrypted', 'encrypted entry', [{ name: 'secret.txt', data: 'hidden\n' }], (z) => patchEntry(z, 'secret.txt', { flagOr: 0x1 }));
  // Not refused: install metadata is dropped, never installed, and the review names it.
  await add('reserved-metadata', '.clawhub/ metadata from the archive', [{ name: '.clawhub/origin.json', data: '{"version":1}' }], undefined, 'dropped');
  await add('file-as-folder', 'file used as a folder', [{ name: 'scripts', data: 'x' }, { name: 'scripts/run.sh', data: payload }]);
  // Archives with no SKILL.md where OpenClaw looks for one: a manifest problem, not a sandbox escape.
  const noSkill = await buildZip([{ name: 'README.md', data: '# no skill file\n' }]);
  out.push({ slug: 'no-skill-md', rule: 'no SKILL.md at the root', expect: 'EMANIFEST', zip: noSkill, files: fileRows([{ path: 'README.md', data: Buffer.from('# no skill file\n') }]) });
  const deep = await buildZip([{ name: 'a/b/SKILL.md', data: HOSTILE_SKILL_MD }]);
  out.push({ slug: 'two-wrappers', rule: 'SKILL.md two folders deep', expect: 'EMANIFEST', zip: deep, files: fileRows([skillMd]) });
  const two = await buildZip([{ name: 'a/SKILL.md', data: HOSTILE_SKILL_MD }, { name: 'b/SKILL.md', data: HOSTILE_SKILL_MD }]);
  out.push({ slug: 'two-roots', rule: 'two top-level folders', expect: 'EMANIFEST', zip: two, files: fileRows([skillMd]) });
  out.push({ slug: 'not-a-zip', rule: 'not a zip', expect: 'ESANDBOX', zip: Buffer.from('this is not a zip file at all, just text\n'), files: fileRows([skillMd]) });
  return out;
}

/**
 * Endpoint 3. Tags resolve as `skill.tags[tag]`; with no designated latest, `tags` has no `latest`
 * and `latestVersion` is null (shared/reference/clawhub-and-openclaw.md §A 2, 3 and 11).
 * @param {SkillRec} s
 * @param {VersionRec | undefined} latest
 */
function skillBody(s, latest) {
  /** @type {Record<string, unknown>} */
  const body = {
    skill: { slug: s.slug, displayName: s.displayName, summary: s.summary, tags: { ...s.tags }, stats: {}, createdAt: 0, updatedAt: 0 },
    latestVersion: latest ? { version: latest.version, createdAt: latest.createdAt, changelog: latest.changelog, license: latest.license } : null,
    metadata: null,
    owner: { handle: s.owner, displayName: s.owner, image: null },
  };
  if (s.moderation) body.moderation = s.moderation;
  return body;
}

/**
 * Start the server on 127.0.0.1 with a random port.
 * `tags` lays tags over a skill's own (its skill.json `latest`), keyed "owner/slug"; `null` removes
 * a tag. `{ 'toolsmith/gifgrep': { latest: null } }` serves that skill with no designated latest
 * version: endpoint 3 names none, install answers 410 `archive_version_missing` (§A 4), and a
 * download or verify without a version finds none (plain 404 `Version not found`).
 * `github` makes ClawHub serve a skill from GitHub (§A 4 installKind "github", keyed "owner/slug"):
 * its install endpoint answers `{installKind:"github", github:{repo, path, commit, sourceUrl}}`, and
 * `GET /codeload/<repo>/zip/<commit>` serves the given files as GitHub's codeload does, under
 * `<name>-<commit>/<path>/` (point CLAWHUB_GITHUB_CODELOAD_BASE_URL at `<url>/codeload`). The map
 * is the one returned as `github`, so a test can change what is served between requests.
 * @param {{ root?: string, faults?: Fault[], tags?: Record<string, Record<string, string | null>>, github?: Record<string, GithubSource> }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void>, faults: Fault[], github: Record<string, GithubSource>,
 *   requests: Array<{ method: string, path: string, authorization: string | undefined }>,
 *   skills: SkillRec[], hostile: Awaited<ReturnType<typeof buildHostileZips>> }>}
 */
export async function startClawhubServer(options = {}) {
  const skills = await loadFixtureSkills(options.root ?? DEFAULT_ROOT);
  const hostile = await buildHostileZips();
  for (const h of hostile) {
    skills.push({
      owner: HOSTILE_OWNER,
      slug: h.slug,
      displayName: h.slug,
      summary: h.rule,
      moderation: { isSuspicious: false, isMalwareBlocked: false, verdict: 'clean', reasonCodes: [], summary: null, engineVersion: 'v2.0.0', updatedAt: 0 },
      tags: { latest: '1.0.0' },
      versions: new Map([['1.0.0', { version: '1.0.0', createdAt: HOSTILE_CREATED_AT, changelog: h.rule, license: 'MIT-0', security: 'clean', zip: h.zip, files: h.files, fingerprint: null }]]),
    });
  }
  for (const [ref, over] of Object.entries(options.tags ?? {})) {
    const s = skills.find((x) => `${x.owner}/${x.slug}` === ref);
    if (!s) throw new Error(`clawhub fixture server: tags for unknown skill ${ref}`);
    for (const [tag, v] of Object.entries(over)) {
      if (v === null) delete s.tags[tag];
      else s.tags[tag] = v;
    }
  }
  /** @type {Fault[]} */
  const faults = options.faults ?? [];
  /** @type {Record<string, GithubSource>} */
  const github = options.github ?? {};
  /** @type {Array<{ method: string, path: string, authorization: string | undefined }>} */
  const requests = [];
  let base = '';

  /**
   * @param {string} slug
   * @param {string | null} owner
   * @returns {{ skill?: SkillRec, ambiguous?: SkillRec[] }}
   */
  const findSkill = (slug, owner) => {
    const all = skills.filter((s) => s.slug === slug.toLowerCase() && (!owner || s.owner === owner.toLowerCase()));
    if (all.length > 1) return { ambiguous: all };
    return all[0] ? { skill: all[0] } : {};
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathAndQuery = url.pathname + url.search;
    requests.push({ method: req.method ?? 'GET', path: pathAndQuery, authorization: req.headers.authorization });
    const fault = faults.find(
      (f) =>
        (f.times === undefined || f.times > 0) &&
        (!f.method || f.method === req.method) &&
        (typeof f.match === 'string' ? pathAndQuery.includes(f.match) : f.match.test(pathAndQuery)),
    );
    const answer = () => {
      if (fault) {
        if (fault.times !== undefined) fault.times--;
        if (fault.drop) {
          req.socket.destroy();
          return;
        }
        if (fault.status !== undefined) {
          res.writeHead(fault.status, { 'content-type': 'text/plain', ...(fault.headers ?? {}) });
          res.end(fault.body ?? `fault ${fault.status}`);
          return;
        }
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => route(req.method ?? 'GET', url, body, res));
    };
    if (fault?.delayMs) setTimeout(answer, fault.delayMs);
    else answer();
  });

  /** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
  const json = (res, status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  /** @param {import('node:http').ServerResponse} res @param {number} status @param {string} text */
  const plain = (res, status, text) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(text);
  };

  /**
   * @param {string} method
   * @param {URL} url
   * @param {string} body
   * @param {import('node:http').ServerResponse} res
   */
  const route = (method, url, body, res) => {
    const q = url.searchParams;
    const owner = q.get('ownerHandle');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // GitHub's codeload: /codeload/<owner>/<repo>/zip/<commit>, the repository at that commit.
    if (parts[0] === 'codeload' && parts.length === 5 && parts[3] === 'zip' && method === 'GET') {
      const src = Object.values(github).find((g) => g.repo === `${parts[1]}/${parts[2]}` && g.commit === parts[4]);
      if (!src) return plain(res, 404, '404: Not Found');
      const top = `${parts[2]}-${src.commit}`;
      const folder = src.path ? `${top}/${src.path}` : top;
      buildZip(Object.entries(src.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, data]) => ({ name: `${folder}/${name}`, data }))).then(
        (zip) => {
          res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
          res.end(zip);
        },
        (err) => plain(res, 500, String(err)),
      );
      return;
    }
    // parts: api v1 ...
    if (parts[0] !== 'api' || parts[1] !== 'v1') return plain(res, 404, 'Not found');
    const lookup = (/** @type {string} */ slug) => {
      const found = findSkill(slug, owner);
      if (found.ambiguous) {
        json(res, 409, {
          code: 'AMBIGUOUS_SKILL_SLUG',
          message: `Slug ${slug} is ambiguous`,
          matches: found.ambiguous.map((s) => ({ ownerHandle: s.owner, slug: s.slug, ref: `@${s.owner}/${s.slug}`, url: `${base}/${s.owner}/${s.slug}` })),
        });
        return undefined;
      }
      if (!found.skill) {
        plain(res, 404, 'Skill not found');
        return undefined;
      }
      return found.skill;
    };

    if (method === 'POST' && parts[2] === 'skills' && parts[3] === '-' && parts[4] === 'security-verdicts') {
      let items;
      try {
        items = JSON.parse(body).items;
      } catch {
        return plain(res, 400, 'Invalid JSON');
      }
      if (!Array.isArray(items) || items.length > 100) return plain(res, 400, 'items must be an array of at most 100');
      return json(res, 200, {
        schema: 'clawhub.skill.security-verdicts.v1',
        items: items.map((it) => {
          const s = findSkill(String(it.slug), it.ownerHandle ?? null).skill;
          const v = s?.versions.get(String(it.version));
          const requested = { requestedSlug: it.slug, requestedOwnerHandle: it.ownerHandle ?? null, requestedVersion: it.version };
          if (!s || !v) return { ok: false, decision: 'error', reasons: ['skill_not_found'], ...requested, error: { code: 'skill_not_found', message: 'Skill or version not found' } };
          const blocked = v.security === 'malicious' || s.moderation?.isMalwareBlocked === true;
          const decision = blocked ? 'blocked' : v.security === 'clean' ? 'pass' : 'review';
          return {
            ok: decision === 'pass',
            decision,
            reasons: blocked ? ['malware_blocked'] : v.security === 'clean' ? [] : [`security.${v.security}`],
            ...requested,
            slug: s.slug,
            version: v.version,
            displayName: s.displayName,
            publisherHandle: s.owner,
            createdAt: v.createdAt,
            checkedAt: v.createdAt,
            skillUrl: `${base}/${s.owner}/${s.slug}`,
            securityAuditUrl: `${base}/${s.owner}/${s.slug}/security/${v.version}`,
            overview: `Fixture verdict for ${s.slug}@${v.version}: ${v.security}.`,
            security: { status: v.security, passed: v.security === 'clean' },
          };
        }),
      });
    }
    if (method !== 'GET') return plain(res, 405, 'Method not allowed');

    if (parts[2] === 'download' && parts.length === 3) {
      const s = lookup(q.get('slug') ?? '');
      if (!s) return;
      // No version and no latest: ClawHub's plain 404, as for an unknown version.
      const wanted = q.get('version') ?? s.tags.latest;
      const v = wanted === undefined ? undefined : s.versions.get(wanted);
      if (!v) return plain(res, 404, 'Version not found');
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': v.zip.length });
      return res.end(v.zip);
    }
    if (parts[2] === 'resolve' && parts.length === 3) {
      // Endpoint 11 (the clawhub CLI's update): which published version has the fingerprint of the
      // installed files, and which version is latest. Either may be null.
      const hash = (q.get('hash') ?? '').toLowerCase();
      if (!q.get('slug') || !/^[0-9a-f]{64}$/.test(hash)) return plain(res, 400, 'slug and hash are required');
      const s = lookup(q.get('slug') ?? '');
      if (!s) return;
      const match = [...s.versions.values()].sort((a, b) => b.createdAt - a.createdAt).find((v) => v.fingerprint === hash);
      const latest = s.tags.latest === undefined ? undefined : s.versions.get(s.tags.latest);
      return json(res, 200, { match: match ? { version: match.version } : null, latestVersion: latest ? { version: latest.version } : null });
    }
    if (parts[2] !== 'skills' || !parts[3]) return plain(res, 404, 'Not found');
    const s = lookup(parts[3]);
    if (!s) return;
    const latest = s.tags.latest === undefined ? undefined : s.versions.get(s.tags.latest);
    if (parts.length === 4) return json(res, 200, skillBody(s, latest));
    if (parts[4] === 'install' && parts.length === 5) {
      // No latest to install: 410 with a JSON body (reason archive_version_missing, §A 4).
      const gh = github[`${s.owner}/${s.slug}`];
      if (gh) {
        const sourceUrl = `https://github.com/${gh.repo}/tree/${gh.commit}${gh.path ? `/${gh.path}` : ''}`;
        return json(res, 200, { ok: true, slug: s.slug, installKind: 'github', github: { repo: gh.repo, path: gh.path, commit: gh.commit, sourceUrl } });
      }
      if (!latest) return json(res, 410, { ok: false, slug: s.slug, reason: 'archive_version_missing', message: 'No version', status: 410 });
      const downloadUrl = `${base}/api/v1/download?slug=${s.slug}&ownerHandle=${s.owner}&version=${latest.version}`;
      return json(res, 200, { ok: true, slug: s.slug, installKind: 'archive', archive: { version: latest.version, downloadUrl } });
    }
    if (parts[4] === 'versions' && parts.length === 5) {
      const all = [...s.versions.values()].sort((a, b) => b.createdAt - a.createdAt);
      const limit = Math.max(1, Math.min(Number(q.get('limit') ?? 25) || 25, 100));
      const start = Number(q.get('cursor') ?? 0) || 0;
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : null;
      return json(res, 200, {
        items: page.map((v) => ({ version: v.version, createdAt: v.createdAt, changelog: v.changelog, changelogSource: 'user' })),
        nextCursor: next,
      });
    }
    if (parts[4] === 'versions' && parts.length === 6) {
      const v = s.versions.get(parts[5] ?? '');
      if (!v) return plain(res, 404, 'Version not found');
      return json(res, 200, {
        version: {
          version: v.version,
          createdAt: v.createdAt,
          changelog: v.changelog,
          license: v.license,
          files: v.files,
          security: { status: v.security, hasWarnings: v.security !== 'clean', checkedAt: v.createdAt, model: 'fixture' },
        },
        skill: { slug: s.slug, displayName: s.displayName },
      });
    }
    if (parts[4] === 'verify' && parts.length === 5) {
      const wanted = q.get('version');
      const want = wanted ?? s.tags.latest;
      const v = want === undefined ? undefined : s.versions.get(want);
      if (!v) return plain(res, 404, 'Version not found');
      const blocked = v.security === 'malicious' || s.moderation?.isMalwareBlocked === true;
      const decision = blocked ? 'blocked' : v.security === 'clean' ? 'pass' : 'review';
      return json(res, 200, {
        schema: 'clawhub.skill.verify.v1',
        ok: decision === 'pass',
        decision,
        reasons: decision === 'pass' ? [] : [`security.${v.security}`],
        slug: s.slug,
        displayName: s.displayName,
        pageUrl: `${base}/${s.owner}/${s.slug}`,
        publisherHandle: s.owner,
        publisherDisplayName: null,
        publisherProfileUrl: null,
        version: v.version,
        resolvedFrom: wanted ? 'version' : 'latest',
        tag: null,
        createdAt: v.createdAt,
        card: { available: false, url: null },
        artifact: { kind: 'archive', sha256: createHash('sha256').update(v.zip).digest('hex') },
        provenance: { source: 'unavailable' },
        security: { status: v.security },
        signature: {},
      });
    }
    return plain(res, 404, 'Not found');
  };

  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('clawhub fixture server: no port');
  base = `http://127.0.0.1:${addr.port}`;
  return {
    url: base,
    faults,
    github,
    requests,
    skills,
    hostile,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve(undefined));
      }),
  };
}

// `node registry-fixtures/clawhub-server.js` serves the fixtures until interrupted.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url } = await startClawhubServer();
  console.log(`ClawHub fixture server at ${url}`);
}
