// @ts-check
// Builds the fixture skills in registry-fixtures/skills/<name>/<version>/ into a static npm
// registry tree: packuments (versions, dist-tags, time, dist.tarball/integrity/shasum) and
// deterministic npm-pack tarballs (package/ prefix, fixed mtime, sorted entries).
// Tarball URLs hold the placeholder {{REGISTRY}}, which the server replaces with its own address.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { SLSA_PROVENANCE_V1, attestFixture, createTestTrustRoot, loadTestTrustRoot, signRegistry } from './sigstore.js';

const here = dirname(fileURLToPath(import.meta.url));
export const SKILLS_DIR = join(here, 'skills');
export const DEFAULT_OUT = join(here, 'build');
/** The TEST-ONLY Sigstore root and registry key that sign fixture provenance (kept in git so
 * stored fixture attestations keep verifying across builds; never part of the default trust). */
export const TRUST_DIR = join(here, 'trust');

/** Load the committed test-only trust root, or create it on first use. */
export async function fixtureTrustRoot() {
  if (existsSync(join(TRUST_DIR, 'trusted-root.json'))) return loadTestTrustRoot(TRUST_DIR);
  return createTestTrustRoot(TRUST_DIR);
}
export const PLACEHOLDER = '{{REGISTRY}}';
const NPM_MTIME = new Date('1985-10-26T08:15:00.000Z');

/** @param {string} dir @returns {string[]} relative POSIX paths of every file, sorted */
function listFiles(dir) {
  /** @type {string[]} */
  const out = [];
  const walk = (/** @type {string} */ d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

/** Every skill name under skills/ (scoped ones as @scope/name). */
export function skillNames() {
  /** @type {string[]} */
  const names = [];
  for (const entry of readdirSync(SKILLS_DIR).sort()) {
    if (entry.startsWith('@')) {
      for (const sub of readdirSync(join(SKILLS_DIR, entry)).sort()) names.push(`${entry}/${sub}`);
    } else names.push(entry);
  }
  return names;
}

/**
 * Pack a folder the way `npm pack` lays it out: everything under package/, fixed mtime, sorted.
 * A package.json is written when the folder has none.
 * @param {string} srcDir @param {{name: string, version: string, description?: string}} pkg
 * @returns {Buffer}
 */
export function packFolder(srcDir, pkg) {
  const tmp = mkdtempSync(join(tmpdir(), 'skillpin-pack-'));
  try {
    const pkgDir = join(tmp, 'package');
    cpSync(srcDir, pkgDir, { recursive: true });
    if (!existsSync(join(pkgDir, 'package.json'))) {
      writeFileSync(join(pkgDir, 'package.json'), `${JSON.stringify({ name: pkg.name, version: pkg.version, description: pkg.description ?? '', license: 'MIT', keywords: ['openclaw-skill'] }, null, 2)}\n`);
    }
    const files = listFiles(pkgDir).map((f) => `package/${f}`);
    const out = join(tmp, 'out.tgz');
    tar.c({ gzip: { level: 9 }, portable: true, mtime: NPM_MTIME, cwd: tmp, file: out, sync: true, noDirRecurse: true }, files);
    return readFileSync(out);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** @param {Buffer} data */
export function integrityOf(data) {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

/** Packument file name for a package name (scoped names are URL-encoded as npm does). @param {string} name */
export function packumentFile(name) {
  return name.replace('/', '%2f');
}

/**
 * Build the registry tree into outDir. Returns a summary of what was built.
 * @param {{ outDir?: string }} [opts]
 */
export async function buildRegistry(opts = {}) {
  const outDir = opts.outDir ?? DEFAULT_OUT;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const root = await fixtureTrustRoot();
  mkdirSync(join(outDir, '-', 'npm', 'v1', 'attestations'), { recursive: true });
  writeFileSync(join(outDir, '-', 'npm', 'v1', 'keys'), `${JSON.stringify(root.registryKeysJson, null, 2)}\n`);
  /** @type {Record<string, string[]>} */
  const built = {};
  for (const name of skillNames()) {
    const skillDir = join(SKILLS_DIR, name);
    const meta = JSON.parse(readFileSync(join(skillDir, 'meta.json'), 'utf8'));
    const base = name.includes('/') ? name.split('/')[1] : name;
    /** @type {Record<string, unknown>} */
    const versions = {};
    /** @type {Record<string, string>} */
    const time = {};
    for (const version of Object.keys(meta.versions)) {
      const vmeta = meta.versions[version];
      const data = packFolder(join(skillDir, version), { name, version, description: meta.description });
      const tarballRel = `${name}/-/${base}-${version}.tgz`;
      mkdirSync(dirname(join(outDir, tarballRel)), { recursive: true });
      writeFileSync(join(outDir, tarballRel), data);
      const integrity = integrityOf(data);
      /** @type {Record<string, unknown>} */
      const extraDist = { signatures: [signRegistry(root, name, version, integrity)] };
      if (vmeta.provenance) {
        const sha512Hex = createHash('sha512').update(data).digest('hex');
        const doc = attestFixture(root, { name, version, sha512Hex, ...vmeta.provenance });
        const rel = `-/npm/v1/attestations/${name}@${version}`;
        mkdirSync(dirname(join(outDir, rel)), { recursive: true });
        writeFileSync(join(outDir, rel), JSON.stringify(doc));
        extraDist.attestations = { url: `${PLACEHOLDER}${rel}`, provenance: { predicateType: SLSA_PROVENANCE_V1 } };
      }
      versions[version] = {
        name,
        version,
        description: meta.description,
        license: 'MIT',
        _npmUser: { name: meta.publisher, email: `${meta.publisher}@example.org` },
        maintainers: [{ name: meta.publisher, email: `${meta.publisher}@example.org` }],
        dist: {
          tarball: `${PLACEHOLDER}${tarballRel}`,
          integrity,
          shasum: createHash('sha1').update(data).digest('hex'),
          fileCount: listFiles(join(skillDir, version)).length + 1,
          unpackedSize: data.length,
          ...extraDist,
        },
      };
      time[version] = vmeta.time;
    }
    const times = Object.values(time).sort();
    const packument = {
      _id: name,
      name,
      description: meta.description,
      'dist-tags': meta['dist-tags'],
      versions,
      time: { created: times[0], modified: times[times.length - 1], ...time },
      maintainers: [{ name: meta.publisher, email: `${meta.publisher}@example.org` }],
    };
    writeFileSync(join(outDir, `${packumentFile(name)}.json`), `${JSON.stringify(packument, null, 2)}\n`);
    built[name] = Object.keys(versions);
  }
  writeFileSync(join(outDir, 'index.json'), `${JSON.stringify({ built }, null, 2)}\n`);
  return { outDir, built };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outDir, built } = await buildRegistry({ outDir: process.argv[2] });
  process.stdout.write(`built ${Object.keys(built).length} skills into ${outDir}\n`);
}
