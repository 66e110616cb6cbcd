// @ts-check
// `npm run registry`: build the fixture registry and serve it on loopback in the foreground.
import { buildRegistry } from './build.js';
import { startRegistry } from './server.js';

const port = Number(process.env.PORT ?? 0);
await buildRegistry();
const reg = await startRegistry({ port });
process.stdout.write(`fixture npm registry: ${reg.url}\n`);
process.stdout.write(`try: skill add weather@1.4.0 --registry ${reg.url} --cwd /tmp/ws\n`);
process.stdout.write('Ctrl-C to stop.\n');
