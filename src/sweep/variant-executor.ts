import { isRecord } from '../support/is-record.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { runVariant, type VariantOutcome, type VariantTask } from './run-variant.js';
import { WORKER_LOADED } from './worker-protocol.js';

/** Runs variants somewhere: in this thread, or on a pool of worker threads. */
export interface VariantExecutor {
  /** threads running variants at once */
  readonly threads: number;
  /** @throws an AbortError when `signal` aborts a running variant */
  run(task: VariantTask, signal?: AbortSignal): Promise<VariantOutcome>;
  close(): Promise<void>;
}

/** An executor for `workers` threads; 0 runs variants in the calling thread. */
export function makeExecutor(workers: number, workerFile?: string): VariantExecutor {
  return workers === 0 ? new InlineExecutor() : new ThreadExecutor(workers, workerFile);
}

/** In the main thread (`--workers 0`): no thread start-up, but Ctrl-C waits for the running variant. */
export class InlineExecutor implements VariantExecutor {
  readonly threads = 1;

  async run(task: VariantTask, signal?: AbortSignal): Promise<VariantOutcome> {
    signal?.throwIfAborted();
    // Yield first so a pending SIGINT is delivered between variants.
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    return runVariant(task);
  }

  async close(): Promise<void> {}
}

/** How long close() waits for threads still loading the simulator before it stops them anyway. */
const LOAD_GRACE_MS = 10_000;

/**
 * A piscina pool of `threads` worker threads running dist/sweep/variant-worker.js. The threads start
 * (and load the simulator) as soon as the pool is made: make it early, before validating the sweep.
 */
export class ThreadExecutor implements VariantExecutor {
  private readonly pool: Piscina;
  /** thread ids whose worker module has loaded */
  private readonly loaded = new Set<number>();
  /** callers of allLoaded() waiting for the next thread to load */
  private waiting: (() => void)[] = [];

  constructor(
    readonly threads: number,
    workerFile: string = defaultWorkerFile(),
  ) {
    this.pool = new Piscina({
      filename: workerFile,
      name: 'runVariantTask',
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
    });
    this.pool.on('message', (message: unknown) => {
      const id = isRecord(message) ? message[WORKER_LOADED] : undefined;
      if (typeof id !== 'number') return;
      this.loaded.add(id);
      const waiting = this.waiting;
      this.waiting = [];
      for (const wake of waiting) wake();
    });
  }

  /** threads that have finished loading the simulator so far */
  get loadedThreads(): number {
    return this.loaded.size;
  }

  async run(task: VariantTask, signal?: AbortSignal): Promise<VariantOutcome> {
    // An aborted task terminates its thread: never hand one to a thread that is still loading.
    await this.allLoaded();
    signal?.throwIfAborted();
    return (await this.pool.run(task, signal ? { signal } : {})) as VariantOutcome;
  }

  /**
   * Stops the threads, once each has finished loading its module: Node 20 aborts the whole process
   * (a V8 fatal error in require(esm)'s synchronous instantiation) when a thread is terminated in the
   * middle of loading, which happens when a sweep fails validation, or is interrupted, within
   * milliseconds of the pool starting.
   */
  async close(): Promise<void> {
    await this.allLoaded();
    await this.pool.destroy();
  }

  /** Resolves once every live thread has loaded its module (or after LOAD_GRACE_MS, whatever happened). */
  private async allLoaded(): Promise<void> {
    const deadline = Date.now() + LOAD_GRACE_MS;
    const done = () => this.pool.threads.every((t) => this.loaded.has(t.threadId));
    while (!done() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/**
 * The worker script as a file URL: next to this module when it runs from dist/, else (tests run the
 * TypeScript sources) the built one in dist/sweep/. @throws Error when it has not been built.
 */
export function defaultWorkerFile(): string {
  for (const candidate of ['./variant-worker.js', '../../dist/sweep/variant-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url.href;
  }
  throw new Error('the sweep worker dist/sweep/variant-worker.js is missing: run `npm run build`');
}
