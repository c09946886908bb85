import { withRunGuard, type RunGuard } from '../engine/index.js';
import { ReplicationRun, type ReplicationMetrics, type ReplicationOptions, type WorkloadPerformance } from '../model/run-replication.js';
import type { InferenceWorkload, TraceWorkload } from '../model/types.js';
import type { Scenario } from '../scenario/scenario.js';
import type { TraceIssue } from '../traces/index.js';
import { heapGuardFor, type HeapGuard } from './heap-guard.js';
import { openTraceFeed, type TraceFeed, type TraceFeedSummary } from './trace-feed.js';

/** Where a replication in progress has got, between two slices of computing (progress lines). */
export interface ReplicationTick {
  /** 0-based */
  readonly replication: number;
  /** s simulated so far, of the scenario's horizon */
  readonly now: number;
  readonly events: number;
}

/** What one replication is run with: the run's limits, its observers and how it is asked to stop. */
export interface OneReplicationOptions extends ReplicationOptions {
  /** asked between slices: true cuts the replication short (marked incomplete) */
  readonly shouldStop?: () => boolean;
  /** ms of computing per slice when `shouldStop` is given (0 pauses at every poll of the engine) */
  readonly sliceMs?: number;
  readonly maxHeap?: number;
  readonly heapUsed?: () => number;
  /** every issue the trace readers report, with its workload's name */
  readonly onTraceIssue?: (workload: string, issue: TraceIssue) => void;
  /** after every slice of computing (about every sliceMs) */
  readonly onTick?: (tick: ReplicationTick) => void;
}

/** What one replication gave: its metrics, and what only the first replication reports. */
export interface ReplicationOutcome {
  readonly metrics: ReplicationMetrics;
  /** how each workload's work becomes time on its pool: replication 1's only (the run keeps it); empty for the others */
  readonly described: Record<string, WorkloadPerformance>;
  /** per trace workload: rows read, kept and skipped; replication 1's only, empty for the others */
  readonly traces: Record<string, TraceFeedSummary>;
  /** whether `shouldStop` cut it short */
  readonly stopped: boolean;
  /** whether it stopped as overloaded (the run then starts no further replication) */
  readonly overloaded: boolean;
}

/** ms of simulation between two turns of the event loop when `shouldStop` is given. */
export const SLICE_MS = 50;

const fed = (w: Scenario['workloads'][number]): w is TraceWorkload | InferenceWorkload => w.kind === 'trace' || (w.kind === 'inference' && w.trace !== undefined);

/** Whether the scenario replays trace files (streamed, so only the asynchronous path runs it). */
export const replaysTraces = (scenario: Pick<Scenario, 'workloads'>): boolean => scenario.workloads.some(fed);

/**
 * Replication `r` of a priced scenario, trace workloads streamed from their files: the same in the calling thread and
 * in a worker thread (src/simulate/replication-worker.ts), so a run's replications give the same bytes either way.
 */
export async function runOneReplication(scenario: Scenario, r: number, options: OneReplicationOptions): Promise<ReplicationOutcome> {
  const run = new ReplicationRun(scenario, r, options);
  const report = options.onTraceIssue;
  const feeds = new Map(
    scenario.workloads.flatMap((w) =>
      fed(w) ? [[w.name, openTraceFeed(w, scenario.seed, report && ((issue) => report(w.name, issue)), largestPool(scenario, w), scenario.scheduler.sameTimeOrder)] as const] : [],
    ),
  );
  let stopped: boolean;
  try {
    const tick = options.onTick && (() => options.onTick?.({ replication: r, ...run.progress() }));
    stopped = await drive(run, feeds, options.shouldStop, options.sliceMs ?? SLICE_MS, heapGuardFor(options.maxHeap ?? scenario.limits?.maxHeap, options.heapUsed), tick);
  } finally {
    for (const f of feeds.values()) await f.close();
  }
  return {
    metrics: run.result(),
    described: r === 0 ? run.describeWorkloads() : {},
    traces: r === 0 ? Object.fromEntries([...feeds].map(([name, f]) => [name, f.summary()])) : {},
    stopped,
    overloaded: run.overloaded !== undefined,
  };
}

/** Devices of the largest pool a workload may run on (its own and the policy's alternatives). */
function largestPool(scenario: Scenario, w: Scenario['workloads'][number]): number {
  const ids = new Set([w.pool, ...w.alternatives]);
  return Math.max(
    0,
    ...scenario.sites
      .flatMap((s) => s.pools)
      .filter((p) => ids.has(p.id))
      .map((p) => p.deviceCount),
  );
}

/**
 * Runs one replication to its end, feeding trace rows as it asks for them. With `shouldStop`, the run
 * goes in slices of about `sliceMs` with a turn of the event loop between them (a run guard pauses the
 * engine; it resumes exactly where it paused, so the result is the same as in one go) and is cut short
 * when `shouldStop` says so. A heap that stays above the guard's bound stops the replication as
 * overloaded. @returns whether `shouldStop` cut it short
 */
async function drive(run: ReplicationRun, feeds: ReadonlyMap<string, TraceFeed>, shouldStop: (() => boolean) | undefined, sliceMs: number, heap: HeapGuard, tick?: () => void): Promise<boolean> {
  let stop = false;
  let paused: boolean;
  let heapStop = false;
  let sliceEnds = 0;
  const guard: RunGuard = () => {
    if (stop) return 'stop';
    if (heap.exceeded()) {
      heapStop = true;
      return 'stop';
    }
    if (shouldStop === undefined || performance.now() < sliceEnds) return 'continue';
    paused = true;
    return 'pause';
  };
  for (;;) {
    paused = false;
    sliceEnds = performance.now() + sliceMs;
    const over = withRunGuard(guard, () => run.advance());
    tick?.();
    if (heapStop) {
      run.stopForHeap(heap.used, heap.bound);
      return false;
    }
    if (paused) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (shouldStop?.() === true) stop = true;
      continue;
    }
    if (over) return stop;
    for (const w of run.hungry()) {
      const feed = feeds.get(w.name);
      if (!feed) throw new Error(`no trace feed for workload ${w.name}`);
      const batch = await feed.next();
      run.feed(w.name, batch.rows, batch.done);
    }
    if (shouldStop?.() === true) stop = true;
  }
}
