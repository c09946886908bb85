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
    // Test files share their worker's module cache instead of re-importing src/ for each file: on the
    // 2-core CI machine this cut the suite's CPU time by about a fifth. Each file still gets its own
    // fixtures; module state that a test changes must be restored by that test (none relies on a fresh
    // registry: the whole suite passes in any file order with isolation off).
    isolate: false,
    setupFiles: ['test/setup-fast-check.ts'],
  },
});
