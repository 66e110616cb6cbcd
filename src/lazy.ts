// Dependencies loaded on first use, not at start-up: each of YAML, JSON5, the zip reader, the
// Sigstore libraries and npm-package-arg costs 15-50 ms to load, and most commands need none of
// them (test/perf.test.ts checks the commands' static imports). One place for the pattern.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A function that loads the CommonJS module `id` on its first call and returns it ever after. */
export function lazyRequire<T>(id: string): () => T {
  let loaded: { module: T } | undefined;
  return () => (loaded ??= { module: require(id) as T }).module;
}

/** The installed version of a dependency, from its package.json (part of a verdict cache key). */
export function packageVersion(name: string): string {
  return String((require(`${name}/package.json`) as { version?: unknown }).version);
}
