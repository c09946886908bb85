import type { Cluster } from './cluster.js';
import { QueueScheduler } from './queue-scheduler.js';
import type { QueuedJob, SchedulerOptions, StartCallback } from './scheduler.js';

/**
 * Shortest job first, non-preemptive, by *estimate*: the queue is ordered by (estimate, submit, id)
 * and jobs start in that order while the first fits.
 *
 * Blocking choice: a shortest job that does not fit blocks every longer one (no backfill). This is
 * the textbook rule — the shortest waiting job is always the next to start — and it keeps SJF a pure
 * ordering policy, comparable with FCFS; starting longer jobs around a blocked short one would be a
 * different policy (SJF with backfilling). Like every SJF, long jobs can starve under sustained load.
 */
export class ShortestJobFirstScheduler extends QueueScheduler {
  readonly kind = 'shortest-job-first' as const;

  constructor(cluster: Cluster, options?: SchedulerOptions) {
    super(cluster, options, shorterFirst);
  }

  protected round(now: number, start: StartCallback): void {
    this.startInOrder(now, start);
  }
}

function shorterFirst(a: QueuedJob, b: QueuedJob): boolean {
  if (a.estimate !== b.estimate) return a.estimate < b.estimate;
  return a.submit < b.submit || (a.submit === b.submit && a.id < b.id);
}
