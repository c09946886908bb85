import { parentPort, threadId } from 'node:worker_threads';
import type { Scenario } from '../scenario/scenario.js';
import type { TraceIssue } from '../traces/index.js';
import { runOneReplication, type ReplicationOutcome } from './one-replication.js';

/** What the main thread hands a worker: one replication of a priced scenario, its limits and the shared stop flag. */
export interface ReplicationTask {
  readonly scenario: Scenario;
  readonly replication: number;
  readonly maxEvents?: number;
  readonly maxQueued?: number;
  readonly maxHeap?: number;
  /** Int32Array over it: [0] becomes 1 when the run is to stop */
  readonly stop: SharedArrayBuffer;
  /** collect the trace readers' issues (replication 1's are reported) */
  readonly issues: boolean;
}

export interface ReplicationTaskResult extends ReplicationOutcome {
  readonly issues: readonly (readonly [string, TraceIssue])[];
}

/** Posted after every slice of computing, for progress lines. */
export const TICK_MESSAGE = 'simulate:replication-tick';
/** Posted once the module has loaded (a thread must not be terminated while it loads: replication-pool.ts). */
export const LOADED_MESSAGE = 'simulate:replication-worker-loaded';

/** The worker-thread entry of the replication pool (src/simulate/parallel-replications.ts): piscina calls it by name. */
export async function runReplicationTask(task: ReplicationTask): Promise<ReplicationTaskResult> {
  const stop = new Int32Array(task.stop);
  const issues: (readonly [string, TraceIssue])[] = [];
  const outcome = await runOneReplication(task.scenario, task.replication, {
    ...(task.maxEvents !== undefined && { maxEvents: task.maxEvents }),
    ...(task.maxQueued !== undefined && { maxQueued: task.maxQueued }),
    ...(task.maxHeap !== undefined && { maxHeap: task.maxHeap }),
    shouldStop: () => Atomics.load(stop, 0) === 1,
    onTick: (tick) => parentPort?.postMessage({ [TICK_MESSAGE]: tick }),
    ...(task.issues && { onTraceIssue: (workload: string, issue: TraceIssue) => issues.push([workload, issue]) }),
  });
  return { ...outcome, issues };
}

// Last statement of the module: every import above is instantiated and evaluated by now.
parentPort?.postMessage({ [LOADED_MESSAGE]: threadId });
