// Benchmark: verify 200 fixture provenance bundles (test-only trust root) with trust loaded once,
// and print the median time per bundle. Also times the real tuf-js@1.0.0 bundle (public-good root).
// Run: npm run bench:provenance  (builds first; imports ../dist).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTrust, verifyProvenance } from '../dist/provenance/index.js';
import { attestFixture, createTestTrustRoot, signRegistry } from '../registry-fixtures/sigstore.js';

const N = 200;
// A root made here by the fixture script is TEST-ONLY: skillpin trusts one only when told it is a test.
process.env.SKILLPIN_TEST_ONLY_TRUST = '1';
const here = path.dirname(fileURLToPath(import.meta.url));

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p90: at(0.9), max: s[s.length - 1] };
}
const ms = (x) => `${x.toFixed(2)} ms`;

const dir = await mkdtemp(path.join(tmpdir(), 'skillpin-bench-'));
try {
  let t0 = performance.now();
  const root = await createTestTrustRoot(path.join(dir, 'root'));
  const rootMs = performance.now() - t0;

  t0 = performance.now();
  const trust = await loadTrust({ provenance: 'require', trustedRoots: [root.trustedRootPath], registryKeys: [root.registryKeysPath], identities: [{ issuer: 'https://token.actions.githubusercontent.com', repository: 'acme/*' }] });
  const trustMs = performance.now() - t0;

  const inputs = [];
  t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const bytes = randomBytes(4096);
    const hex = createHash('sha512').update(bytes).digest('hex');
    const integrity = `sha512-${Buffer.from(hex, 'hex').toString('base64')}`;
    const name = `skill-${i}`;
    const attestations = attestFixture(root, { name, version: '1.0.0', sha512Hex: hex, repository: 'acme/weather', workflow: '.github/workflows/release.yml', ref: 'refs/tags/v1.0.0', commit: createHash('sha1').update(String(i)).digest('hex') });
    inputs.push({ name, version: '1.0.0', integrity, attestations: JSON.parse(JSON.stringify(attestations)), signatures: [signRegistry(root, name, '1.0.0', integrity)] });
  }
  const signMs = performance.now() - t0;

  const times = [];
  for (const input of inputs) {
    const s = performance.now();
    const res = verifyProvenance(input, trust);
    times.push(performance.now() - s);
    if (res.status !== 'verified' || res.registrySignature !== 'verified') throw new Error(`${input.name}: not verified`);
  }
  const fx = stats(times);

  const fix = path.join(here, '..', 'test', 'fixtures', 'provenance');
  const doc = JSON.parse(await readFile(path.join(fix, 'tuf-js-1.0.0.attestations.json'), 'utf8'));
  const tgz = await readFile(path.join(fix, 'tuf-js-1.0.0.tgz'));
  const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
  const pg = await loadTrust({});
  const real = [];
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    verifyProvenance({ name: 'tuf-js', version: '1.0.0', integrity, attestations: doc }, pg);
    real.push(performance.now() - s);
  }
  const rs = stats(real);

  console.log(`test trust root created in ${ms(rootMs)}; trust loaded once in ${ms(trustMs)}; ${N} bundles signed in ${ms(signMs)}`);
  console.log(`fixture bundles (SLSA v1 + registry signature), ${N} runs: median ${ms(fx.median)} per bundle, p90 ${ms(fx.p90)}, max ${ms(fx.max)}`);
  console.log(`real tuf-js@1.0.0 (SLSA v0.2 + npm publish attestation), ${N} runs: median ${ms(rs.median)}, p90 ${ms(rs.p90)}, max ${ms(rs.max)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
