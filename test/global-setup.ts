// Build the fixture registry once per test run; tests serve it on 127.0.0.1 themselves.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildRegistry } from '../registry-fixtures/build.js';

export default async function setup(): Promise<void> {
  if (!existsSync(join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before vitest');
  }
  await buildRegistry();
}
