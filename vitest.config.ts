import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // On a 2-core machine at load average 15 (measured), the slowest CLI tests (sweep-cli's Ctrl-C and
    // SIGKILL resumes, the golden sweep digest) took 36-49 s each: both limits leave room
    // for twice that, so a loaded runner is slow, not red.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup-fast-check.ts'],
  },
});
