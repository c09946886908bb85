import type { Cluster } from './cluster.js';
import { bySubmission, QueueScheduler } from './queue-scheduler.js';
import type { SchedulerOptions, StartCallback } from './scheduler.js';

/**
 * First come, first served: jobs start in submission order (ties: lower id) while the head can be
 * placed; the first that cannot blocks every later one, even if they would fit.
 */
export class FcfsScheduler extends QueueScheduler {
  readonly kind = 'fcfs' as const;

  constructor(cluster: Cluster, options?: SchedulerOptions) {
    super(cluster, options, bySubmission);
  }

  protected round(now: number, start: StartCallback): void {
    this.startInOrder(now, start);
  }
}
