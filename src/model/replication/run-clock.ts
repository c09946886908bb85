import type { EventCallback } from '../../engine/index.js';

/**
 * What a part of a replication may do with the run's clock: read the time and put its own events on
 * the calendar (each at one of the priorities below). The conductor (run-replication.ts) owns the
 * engine; parts never run, stop or inspect it. The engine's Simulation satisfies this interface.
 */
export interface RunClock {
  /** s, the current simulated time */
  readonly now: number;
  /** `callback(arg)` at now + delay; @returns a handle for cancel() */
  schedule<A>(delay: number, callback: EventCallback<A>, arg: A, priority?: number): number;
  /** `callback(arg)` at `time` (≥ now); @returns a handle for cancel() */
  scheduleAt<A>(time: number, callback: EventCallback<A>, arg: A, priority?: number): number;
  /** Drops a pending event; stale handles are ignored. */
  cancel(handle: number): boolean;
}

// Same-time order of the model's events (run-replication.ts says why this order).
/** the end of the warm-up (statistics reset) */
export const PRIORITY_WARMUP = -1;
/** job completions, failures, transfers ending, capacity arriving: they free or add devices */
export const PRIORITY_COMPLETION = 0;
/** job arrivals (workload order, then submission order) and service autoscaler ticks */
export const PRIORITY_ARRIVAL = 1;
/**
 * `scheduling.same_time_order: pyss` only: job completions that end before their estimate run after
 * the instant's arrivals, as pyss handles terminations after submissions (run-replication.ts). No
 * event has this priority in the default order, so inserting it moved no other event.
 */
export const PRIORITY_LATE_COMPLETION = 2;
/** one scheduling pass per pool that changed */
export const PRIORITY_PASS = 3;
/** time-series samples: taken after the instant's pass, so they show settled state */
export const PRIORITY_SAMPLE = 4;
/** idle instances are released after the instant's pass, so a node that just came up is offered to waiting jobs first */
export const PRIORITY_IDLE_CHECK = 5;
