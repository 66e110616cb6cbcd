// @ts-check
// `npm run registry [-- --workspace DIR]`: build the fixture registry and serve it on loopback in
// the foreground. With --workspace, DIR is made a workspace that uses it: its .clawhub/config.json
// names the registry and trusts the fixtures' TEST-ONLY registry key and Sigstore root, as
// `npm run demo` does (they are never part of skillpin's default trust).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildRegistry } from './build.js';
import { startRegistry } from './server.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const USAGE = `usage: npm run registry [-- --workspace DIR]   (or: node registry-fixtures/serve.js [--workspace DIR])

Builds the fixture registry and serves it on 127.0.0.1 until Ctrl-C.
  --workspace DIR  make DIR a workspace whose .clawhub/config.json names this registry and trusts
                   the TEST-ONLY fixture keys (an existing config is left as it is)
  PORT=N           listen on port N (default: a free port, printed at start)
`;
let values;
try {
  ({ values } = parseArgs({ options: { workspace: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
} catch (err) {
  process.stderr.write(`${/** @type {Error} */ (err).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const port = Number(process.env.PORT ?? 0);
await buildRegistry();
const reg = await startRegistry({ port });
const cli = `node ${join(here, '..', 'bin', 'skill.js')}`;
process.stdout.write(`fixture npm registry: ${reg.url}\n`);
if (values.workspace) {
  const ws = resolve(values.workspace);
  const config = join(ws, '.clawhub', 'config.json');
  if (existsSync(config)) {
    process.stdout.write(`${config} exists; left as it is (it must name this registry and trust the fixture keys)\n`);
    // A second `npm run registry` listens on another free port: the config written by the first
    // names the old one, and every command would fail with ECONNREFUSED.
    let named;
    try {
      named = JSON.parse(readFileSync(config, 'utf8')).registry;
    } catch {
      named = undefined;
    }
    if (typeof named === 'string' && named !== reg.url) {
      const old = /^http:\/\/127\.0\.0\.1:(\d+)\/?$/.exec(named);
      process.stdout.write(`  but its "registry" is ${named}, not ${reg.url}: ${old ? `restart with PORT=${old[1]} npm run registry -- --workspace ${values.workspace}, or ` : ''}pass --registry ${reg.url}\n`);
    }
  } else {
    mkdirSync(join(ws, '.clawhub'), { recursive: true });
    const trust = join(here, 'trust');
    writeFileSync(config, `${JSON.stringify({ registry: reg.url, trust: { provenance: 'warn', trustedRoots: [join(trust, 'trusted-root.json')], registryKeys: [join(trust, 'registry-keys.json')] } }, null, 2)}\n`);
    process.stdout.write(`workspace ${ws}: its config uses this registry and trusts the TEST-ONLY fixture keys\n`);
  }
  process.stdout.write(`try: ${cli} add weather@1.4.0 --cwd ${ws}\n     ${cli} verify --cwd ${ws}\n`);
} else {
  process.stdout.write(`try: npm run registry -- --workspace /tmp/ws   (a workspace that trusts the fixture keys), then\n     ${cli} add weather@1.4.0 --cwd /tmp/ws\n`);
}
process.stdout.write('Ctrl-C to stop.\n');
