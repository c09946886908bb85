// Public API of the scheduling core: cluster state, placement rules, queueing policies.
export { Cluster, clusterPoolOf, MILLI_PER_DEVICE, type PoolLayout, type PoolSpec } from './cluster.js';
export { migMilli, migPerDevice, type MigRequest } from './mig-ledger.js';
export { placementDevices, shareToMilli, type Demand, type DeviceRequest, type Placement } from './placement.js';
export { schedulers, type SchedulerFactory } from './scheduler-registry.js';
export {
  schedulerKinds,
  type JobLimits,
  type PreemptCallback,
  type QueuedJob,
  type Rejection,
  type RejectionReason,
  type RunningJob,
  type Scheduler,
  type SchedulerKind,
  type SchedulerOptions,
  type StartCallback,
} from './scheduler.js';
export { FcfsScheduler } from './fcfs.js';
export { EasyBackfillScheduler, type Reservation } from './easy-backfill.js';
export { ShortestJobFirstScheduler } from './shortest-job-first.js';
export { PriorityPreemptiveScheduler } from './priority-preemptive.js';
