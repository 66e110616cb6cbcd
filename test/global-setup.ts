// Build the fixture registry once per test run; tests serve it on 127.0.0.1 themselves.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildRegistry } from '../registry-fixtures/build.js';

export default async function setup(): Promise<void> {
  // Tests talk to loopback servers only: a proxy set on the tester's machine must not carry them
  // elsewhere (skillpin honours these variables as npm does). test/proxy.test.ts sets its own.
  for (const key of Object.keys(process.env)) {
    if (/^(https?_proxy|proxy|no_proxy)$/i.test(key)) delete process.env[key];
  }
  if (!existsSync(join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before vitest');
  }
  await buildRegistry();
}
