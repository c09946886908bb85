import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Suites that build a sweep or a result once in beforeAll take well over vitest's 10 s default on a
    // loaded 2-core runner.
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup-fast-check.ts'],
  },
});
