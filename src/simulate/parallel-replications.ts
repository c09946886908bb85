import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Scenario } from '../scenario/scenario.js';
import { isRecord } from '../support/is-record.js';
import type { OneReplicationOptions, ReplicationOutcome, ReplicationTick } from './one-replication.js';
import { LOADED_MESSAGE, TICK_MESSAGE, type ReplicationTask, type ReplicationTaskResult } from './replication-worker.js';

/** What the threads are run with (SimulateOptions' share of it). */
export interface ParallelOptions extends Pick<OneReplicationOptions, 'maxEvents' | 'maxQueued' | 'maxHeap' | 'shouldStop' | 'onTraceIssue'> {
  readonly onTick?: (tick: ReplicationTick) => void;
  readonly onProgress?: (done: number, total: number, replication: number) => void;
}

/** How often the main thread asks `shouldStop` while the threads compute. */
const POLL_MS = 50;
/** How long the pool waits for threads still loading the simulator before it stops them anyway. */
const LOAD_GRACE_MS = 10_000;

/**
 * A run's replications on `workers` threads at once (`simulate run --workers N`). Each is the same computation as in
 * the calling thread (`runOneReplication`), seeded by its own index, so the replications, and the result assembled
 * from them in index order, are byte-identical to a run on one thread. As on one thread, the run keeps the
 * replications up to the first that stopped as overloaded (the others were computed at once, and are dropped), and a
 * stop asked for (`shouldStop`) cuts every replication in progress: the run then keeps those up to the first cut one.
 */
export async function runReplicationsInThreads(scenario: Scenario, options: ParallelOptions, workers: number): Promise<{ outcomes: ReplicationOutcome[]; stopped: boolean }> {
  const total = scenario.replications;
  const threads = Math.max(1, Math.min(workers, total));
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const loaded = new Set<number>();
  const pool = new Piscina({ filename: workerFile(), name: 'runReplicationTask', minThreads: threads, maxThreads: threads });
  pool.on('message', (message: unknown) => {
    if (!isRecord(message)) return;
    const tick = message[TICK_MESSAGE];
    if (isTick(tick)) options.onTick?.(tick);
    const id = message[LOADED_MESSAGE];
    if (typeof id === 'number') loaded.add(id);
  });
  const poll = setInterval(() => {
    if (options.shouldStop?.() === true) Atomics.store(stop, 0, 1);
  }, POLL_MS);
  let done = 0;
  try {
    const tasks = Array.from({ length: total }, async (_, replication) => {
      const task: ReplicationTask = {
        scenario,
        replication,
        ...(options.maxEvents !== undefined && { maxEvents: options.maxEvents }),
        ...(options.maxQueued !== undefined && { maxQueued: options.maxQueued }),
        ...(options.maxHeap !== undefined && { maxHeap: options.maxHeap }),
        stop: stop.buffer,
        issues: replication === 0 && options.onTraceIssue !== undefined,
      };
      const result = (await pool.run(task)) as ReplicationTaskResult;
      if (!result.stopped) options.onProgress?.(++done, total, replication);
      return result;
    });
    const results = await Promise.all(tasks);
    for (const [workload, issue] of results[0]?.issues ?? []) options.onTraceIssue?.(workload, issue);
    const end = results.findIndex((r) => r.overloaded || r.stopped);
    const kept = end < 0 ? results : results.slice(0, end + 1);
    return { outcomes: kept.map(({ issues: _issues, ...outcome }) => outcome), stopped: kept.some((r) => r.stopped) };
  } finally {
    clearInterval(poll);
    // Node 20 aborts the process when a thread is terminated while it loads its module: a thread that got no
    // replication (another took two) may still be loading
    const deadline = Date.now() + LOAD_GRACE_MS;
    while (!pool.threads.every((t) => loaded.has(t.threadId)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await pool.destroy();
  }
}

/** A worker's progress message, checked field by field (it crossed a thread boundary as plain data). */
function isTick(value: unknown): value is ReplicationTick {
  return isRecord(value) && typeof value['replication'] === 'number' && typeof value['now'] === 'number' && typeof value['events'] === 'number';
}

/**
 * The worker script as a file URL: next to this module when it runs from dist/, else (tests run the
 * TypeScript sources) the built one in dist/simulate/. @throws Error when it has not been built.
 */
function workerFile(): string {
  for (const candidate of ['./replication-worker.js', '../../dist/simulate/replication-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url.href;
  }
  throw new Error('the replication worker dist/simulate/replication-worker.js is missing: run `npm run build`');
}
