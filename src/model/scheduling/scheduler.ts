import type { Cluster } from './cluster.js';
import type { MigRequest } from './mig-ledger.js';
import type { Placement } from './placement.js';

/**
 * The scheduling core's contract: a scheduler owns one waiting queue and the running jobs it started
 * on one Cluster, and decides — when the caller asks for a pass at time `now` — which waiting jobs
 * start and where. Pure and engine-independent: no clock, no I/O; time is passed in.
 *
 * How a caller drives it (e.g. run-replication.ts on the engine's Simulation):
 * 1. Build one Cluster per scheduling domain and one scheduler for it:
 *    `schedulers[kind](cluster, { limits })` (the registry, scheduler-registry.ts). Per-site (or per-pool) queues are simply one
 *    Cluster + scheduler per site (pool); the caller's routing (placement/burst policy) picks the
 *    scheduler a job is enqueued on, and completions go back to the scheduler that started the job.
 * 2. Arrival: `enqueue(job)`. A returned Rejection (job limits, a request no node can ever hold)
 *    means the job never enters the queue; record it.
 * 3. Completion: `finish(jobId)` frees its devices and returns the RunningJob (placement, start).
 * 4. After all of an instant's completions and arrivals, one pass: `pass(now, onStart, onPreempt)`.
 *    With the engine: completions at priority 0, arrivals at priority 1, and one pass event per
 *    dirty scheduler at priority 2 (a flag avoids scheduling two for the same instant). A pass is
 *    needed only after something was enqueued or finished — with one exception: under EASY, a job
 *    running past its estimate counts as ending "now", so its reservation can move with the clock;
 *    a caller that lets jobs overrun and wants that considered adds a pass at each running job's
 *    expectedEnd. (The textbook and our tests drive passes by events only.)
 *    Call it exactly once per instant for reproducible results: FCFS, SJF and priority start
 *    nothing new on a second pass, but under EASY with node placement a second pass can start a job
 *    the first refused (a later backfill moved that job's best-fit node out of the head's way).
 *    (`scheduler.same_time_order: pyss` calls it after every arrival and every completion instead,
 *    as the pyss simulator does; still deterministic, and on one-device nodes a pass on an unchanged
 *    cluster and queue starts nothing.)
 * 5. onStart(job, placement): the job is already running here; schedule its completion at
 *    now + true duration (priority 0). Zero-duration jobs too: finish() must not be called from
 *    inside a pass (it throws), so the completion is an event like any other.
 * 6. onPreempt(victim) (priority-preemptive only; omit the callback to forbid preemption): the
 *    victim's devices are already free and it is no longer running. Cancel its completion event,
 *    account the lost work (now − victim.start on victim.placement), and usually re-enqueue it —
 *    with its original `submit` to keep its place in its class, and a smaller estimate if it
 *    checkpoints. enqueue() from inside a callback is allowed: such jobs join the queue when the
 *    current round ends, and the pass runs another round for them.
 * 7. Estimates: `estimate` is the runtime the scheduler plans with (a trace's requested time, or
 *    the true duration when the scenario says estimates are exact). Only EASY backfill (and SJF's
 *    order) uses it. A job still running after start + estimate counts as ending "now"; a caller
 *    emulating Slurm kills it at its limit by scheduling the completion at min(duration, estimate).
 */

export const schedulerKinds = ['fcfs', 'easy-backfill', 'shortest-job-first', 'priority-preemptive'] as const;
export type SchedulerKind = (typeof schedulerKinds)[number];

export interface QueuedJob {
  /** unique among the jobs a scheduler holds (waiting or running) */
  readonly id: number;
  /** s; orders FCFS and breaks ties in the other policies */
  readonly submit: number;
  /** whole devices (integer ≥ 1) or a share of one device (0 < x < 1), see placement.ts */
  readonly devices: number;
  /** s, the runtime the scheduler plans with; finite ≥ 0 */
  readonly estimate: number;
  /** higher runs first (priority-preemptive); default 0 */
  readonly priority?: number;
  /** allowed device models; absent = any */
  readonly gpuModels?: readonly string[];
  /** MIG instances instead of devices (`devices` is then their compute share), see placement.ts */
  readonly mig?: MigRequest;
}

export interface RunningJob {
  readonly job: QueuedJob;
  readonly placement: Placement;
  /** s */
  readonly start: number;
  /** s, start + estimate */
  readonly expectedEnd: number;
}

/** Per-queue limits; a job exceeding one is rejected at enqueue. */
export interface JobLimits {
  /** most devices one job may ask for (shares count as their fraction) */
  readonly maxDevices?: number;
  /** s, longest estimate a job may declare */
  readonly maxRuntime?: number;
}

export interface SchedulerOptions {
  readonly limits?: JobLimits;
}

export type RejectionReason = 'invalid-request' | 'too-many-devices' | 'runtime-too-long' | 'never-fits';

export interface Rejection {
  readonly jobId: number;
  readonly reason: RejectionReason;
  /** one sentence naming the offending value and the limit */
  readonly message: string;
}

/** Called when a job starts; the placement is already allocated. */
export type StartCallback = (job: QueuedJob, placement: Placement) => void;
/** Called when a running job is preempted; its devices are already free. */
export type PreemptCallback = (victim: RunningJob) => void;

export interface Scheduler {
  readonly kind: SchedulerKind;
  readonly cluster: Cluster;
  /** jobs waiting */
  readonly waiting: number;
  /** jobs running */
  readonly running: number;
  /** Undefined when queued, else why not. @throws RangeError if the id is already waiting or running */
  enqueue(job: QueuedJob): Rejection | undefined;
  /** Withdraws a waiting job; false if it is not waiting. @throws Error inside a pass */
  remove(jobId: number): boolean;
  /** A running job ended (completed, failed, killed): frees its devices. @throws RangeError if not running; Error inside a pass */
  finish(jobId: number): RunningJob;
  /** Starts what the policy allows at `now` (non-decreasing across calls). @throws RangeError on time going backwards */
  pass(now: number, start: StartCallback, preempt?: PreemptCallback): void;
  /** The running jobs, in start order. */
  runningJobs(): IterableIterator<RunningJob>;
}
