import type { Cluster } from './cluster.js';
import { EasyBackfillScheduler } from './easy-backfill.js';
import { FcfsScheduler } from './fcfs.js';
import { PriorityPreemptiveScheduler } from './priority-preemptive.js';
import type { Scheduler, SchedulerKind, SchedulerOptions } from './scheduler.js';
import { ShortestJobFirstScheduler } from './shortest-job-first.js';

/**
 * The policies by kind. The registry imports every policy; the policies import only the contract
 * (scheduler.ts), so adding one never makes an import cycle.
 */

export type SchedulerFactory = (cluster: Cluster, options?: SchedulerOptions) => Scheduler;

export const schedulers = {
  fcfs: (cluster, options?) => new FcfsScheduler(cluster, options),
  'easy-backfill': (cluster, options?) => new EasyBackfillScheduler(cluster, options),
  'shortest-job-first': (cluster, options?) => new ShortestJobFirstScheduler(cluster, options),
  'priority-preemptive': (cluster, options?) => new PriorityPreemptiveScheduler(cluster, options),
} satisfies Record<SchedulerKind, SchedulerFactory>;
