import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // On a 2-core machine at load average 15 (measured), the slowest CLI tests (sweep-cli's Ctrl-C and
    // SIGKILL resumes, the golden sweep digest) took 36-49 s each: both limits leave room
    // for twice that, so a loaded runner is slow, not red.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Worker threads, and test files share their worker's module cache instead of re-importing src/ for
    // each file: on a 2-core machine the suite took 249 s of CPU with forked processes and per-file
    // isolation off, 195 s with threads (measured with /usr/bin/time on the whole run). Tests that need a
    // process of their own (signals, exit codes, heap limits, the environment) spawn the built CLI.
    // Module state that a test changes must be restored by that test: the suite passes in any file order.
    pool: 'threads',
    isolate: false,
    setupFiles: ['test/setup-fast-check.ts'],
  },
});
