import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/stress writes its figures per suite; this merges them into test-artifacts/reliability.json.
    globalSetup: ['test/stress/support/global-figures.ts'],
    setupFiles: ['test/support/machine-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Functional tests spawn real processes; two cores, so keep the pool small and the suite deterministic.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
