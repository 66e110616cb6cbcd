// @ts-check
// `npm run registry [-- --workspace DIR]`: build the fixture registry and serve it on loopback in
// the foreground. With --workspace, DIR is made a workspace that uses it: its .clawhub/config.json
// names the registry and trusts the fixtures' TEST-ONLY registry key and Sigstore root, as
// `npm run demo` does (they are never part of skillpin's default trust).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildRegistry } from './build.js';
import { startRegistry } from './server.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({ options: { workspace: { type: 'string' } } });
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
