import { describe, expect, it } from 'vitest';
import { ThreadExecutor } from '../../src/sweep/variant-executor.js';
import { built, workerFile } from './support.js';

/**
 * Node 20 aborts the whole process (a V8 fatal error inside require(esm)) when a worker thread is
 * terminated while it is still loading its module. A sweep that fails validation closes its pool
 * within milliseconds of starting it, so close() must first let every thread finish loading.
 */
describe.skipIf(!built)('the sweep thread pool', () => {
  it('closed at once, still lets every thread finish loading before stopping it', async () => {
    const executor = new ThreadExecutor(2, workerFile);
    expect(executor.loadedThreads).toBe(0);
    await executor.close();
    expect(executor.loadedThreads).toBe(2);
  });

  it('runs variants after the threads have announced themselves', async () => {
    const executor = new ThreadExecutor(1, workerFile);
    try {
      // A task that is not a variant fails inside the thread: the thread is loaded and answering.
      await expect(executor.run({} as never)).rejects.toThrow();
      expect(executor.loadedThreads).toBe(1);
    } finally {
      await executor.close();
    }
  });
});
