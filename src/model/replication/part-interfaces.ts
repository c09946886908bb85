import type { WatchedQueue } from '../overload-watch.js';
import type { Placement } from '../scheduling/index.js';
import type { RandomStream } from '../../engine/index.js';
import type { Job } from '../job.js';
import type { RunPool } from './run-pool.js';
import type { ReplicaObserver } from './replication-metrics.js';

/**
 * Small interfaces through which the parts of a replication reach the conductor (run-replication.ts)
 * and each other. Each says what a part may ask, nothing of how it is done.
 */

/** Job ids, unique in a run, in the order jobs and replica reservations are made. */
export interface JobIds {
  next(): number;
}

/** The pool's queue or devices changed: it wants one scheduling pass at this instant. */
export type PoolChanged = (p: RunPool) => void;

/** Devices taken by and given back from placements (busy time, energy, idle clocks of autoscaled nodes). */
export interface DeviceUse {
  /** A placement's devices start work. @returns the devices it holds */
  occupied(p: RunPool, placement: Placement): number;
  /** A placement's devices were freed. @returns the devices it held */
  released(p: RunPool, placement: Placement): number;
}

/** The run's guard against runaway queues (OverloadWatch): it stops the run when a queue passes its bound. */
export interface QueueGuard {
  /** A job of `deviceSeconds` of work from workload `w` joined pool `pool`'s queue. */
  arrived(pool: number, w: number, deviceSeconds: number): void;
  /** A queue now holds `queued`; past the bound the run stops, naming the queue `which()` describes. */
  check(queued: number, which: () => WatchedQueue): void;
}

/** What services need of the rest of the run. */
export interface ServiceNeeds {
  readonly ids: JobIds;
  readonly devices: DeviceUse;
  readonly changed: PoolChanged;
  readonly guard: QueueGuard;
  /** replicas take (`devices` > 0) or give back (< 0) devices of their pool for good */
  reserve(p: RunPool, devices: number): void;
  /** services on several pools (ServiceOnPools): devices a pool could still give replicas */
  room(p: RunPool): number;
  /** services on several pools, disaggregated phases: the run pool of an id */
  pool(id: string): RunPool;
  /** the run's named random streams (services on several pools, speculative acceptance, managed-API latency) */
  stream(name: string): RandomStream;
  /** a disaggregated service: moves KV-cache bytes between two sites over their link (Staging.carry) */
  carry(from: string, to: string, bytes: number, done: () => void): void;
  /** told of each replica placed and retired (ReplicationOptions.onReplica) */
  readonly onReplica?: ReplicaObserver | undefined;
}

/**
 * A job's life as a part that submitted it follows it (pipelines, federated aggregation): its first start, and
 * its completion on a pool. A job its scheduler refuses is known at submission (Execution.submit returns no id).
 */
export interface JobLifecycle {
  /** job `id` started for the first time */
  started(id: number): void;
  /** `job` completed on pool `p` */
  completed(job: Job, p: RunPool): void;
}

/** What pipelines need of the rest of the run. */
export interface PipelineNeeds {
  /**
   * submits one job of workload `w` now (drawn from its job source; a data job reading `readBytes` when given):
   * @returns its id, or undefined when its pool's scheduler refused it
   */
  submitJob(w: number, readBytes?: number): number | undefined;
  /** moves `bytes` from site `from` to site `to` over their link (Staging.carry), then `done()` */
  carry(from: string, to: string, bytes: number, done: () => void): void;
  /** inference service `w` serves version `label` to the requests arriving from now on */
  deploy(w: number, label: string): void;
}

/** What stream ingestion needs of the rest of the run. */
export interface IngestionNeeds {
  readonly ids: JobIds;
  readonly devices: DeviceUse;
  readonly changed: PoolChanged;
  reserve(p: RunPool, devices: number): void;
  pool(id: string): RunPool;
  /** moves bytes between two sites over their link (Staging.carry) */
  carry(from: string, to: string, bytes: number, done: () => void): void;
}
