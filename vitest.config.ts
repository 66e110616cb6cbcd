import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    // The verdict cache's secret for every CLI run of the tests: no key file is created under the
    // tester's ~/.config. test/verdicts.test.ts sets its own.
    // SKILLPIN_TEST_ONLY_TRUST: the tests' own fixture roots (made in temporary folders) may be
    // trusted; outside the tests skillpin refuses them (src/provenance/trust.ts).
    env: { SKILLPIN_CACHE_KEY: 'skillpin-tests-only-verdict-cache-secret-0123456789abcdef', SKILLPIN_TEST_ONLY_TRUST: '1' },
  },
});
