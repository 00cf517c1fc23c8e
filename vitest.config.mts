import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Functional tests spawn real processes; two cores, so keep the pool small and the suite deterministic.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
