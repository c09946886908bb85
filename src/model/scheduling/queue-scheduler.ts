import type { Cluster } from './cluster.js';
import { JobQueue } from './job-queue.js';
import type { Demand, Placement } from './placement.js';
import { RunningSet } from './running-set.js';
import { WaitingSizes } from './waiting-sizes.js';
import type { JobLimits, PreemptCallback, QueuedJob, Rejection, RejectionReason, RunningJob, Scheduler, SchedulerKind, SchedulerOptions, StartCallback } from './scheduler.js';

/** A waiting job with its request resolved against the scheduler's cluster. */
export interface Waiting {
  readonly job: QueuedJob;
  readonly demand: Demand;
}

/** Job order of FCFS and EASY: submission time, then lower id. */
export function bySubmission(a: QueuedJob, b: QueuedJob): boolean {
  return a.submit < b.submit || (a.submit === b.submit && a.id < b.id);
}

export function priorityOf(job: QueuedJob): number {
  return job.priority ?? 0;
}

function rejection(job: QueuedJob, reason: RejectionReason, message: string): Rejection {
  return { jobId: job.id, reason, message: `job ${job.id}: ${message}` };
}

/**
 * What every policy shares: validation and limits at enqueue, the sorted waiting queue, the running
 * set, finish/remove, and the pass protocol (time checks, re-entrancy, jobs enqueued from callbacks).
 * A policy supplies its queue order and `round`.
 */
export abstract class QueueScheduler implements Scheduler {
  abstract readonly kind: SchedulerKind;
  protected readonly queue: JobQueue<Waiting>;
  protected readonly runningSet = new RunningSet();
  /** sizes of the jobs in `queue` (not the deferred ones) */
  protected readonly waitingSizes: WaitingSizes;
  private readonly waitingIds = new Set<number>();
  private readonly limits: JobLimits;
  private deferred: Waiting[] = [];
  private inPass = false;
  private lastPass = -Infinity;

  constructor(
    readonly cluster: Cluster,
    options: SchedulerOptions | undefined,
    before: (a: QueuedJob, b: QueuedJob) => boolean,
  ) {
    this.limits = options?.limits ?? {};
    this.queue = new JobQueue<Waiting>((a, b) => before(a.job, b.job));
    this.waitingSizes = new WaitingSizes(cluster.deviceCount);
  }

  get waiting(): number {
    return this.queue.size + this.deferred.length;
  }

  get running(): number {
    return this.runningSet.size;
  }

  runningJobs(): IterableIterator<RunningJob> {
    return this.runningSet.values();
  }

  enqueue(job: QueuedJob): Rejection | undefined {
    if (this.waitingIds.has(job.id)) throw new RangeError(`job ${job.id} is already waiting`);
    if (this.runningSet.has(job.id)) throw new RangeError(`job ${job.id} is already running`);
    if (!Number.isFinite(job.submit)) return rejection(job, 'invalid-request', `submit must be a finite time, got ${job.submit}`);
    if (!(job.estimate >= 0) || !Number.isFinite(job.estimate)) return rejection(job, 'invalid-request', `estimate must be a finite number of seconds ≥ 0, got ${job.estimate}`);
    if (!Number.isFinite(priorityOf(job))) return rejection(job, 'invalid-request', `priority must be finite, got ${job.priority}`);
    let demand: Demand;
    try {
      demand = this.cluster.demand(job);
    } catch (e) {
      return rejection(job, 'invalid-request', e instanceof Error ? e.message : String(e));
    }
    const { maxDevices, maxRuntime } = this.limits;
    if (maxDevices !== undefined && job.devices > maxDevices) return rejection(job, 'too-many-devices', `asks for ${job.devices} devices, this queue allows at most ${maxDevices} per job`);
    if (maxRuntime !== undefined && job.estimate > maxRuntime) return rejection(job, 'runtime-too-long', `estimate ${job.estimate} s exceeds this queue's limit of ${maxRuntime} s`);
    if (!this.cluster.canEverPlaceDemand(demand)) {
      const models = job.gpuModels ? ` of model ${job.gpuModels.join(' | ')}` : '';
      return rejection(job, 'never-fits', `asks for ${job.devices} devices${models}, which no set of nodes in this cluster can hold`);
    }
    const w: Waiting = { job, demand };
    this.waitingIds.add(job.id);
    if (this.inPass) this.deferred.push(w);
    else this.insert(w);
    return undefined;
  }

  remove(jobId: number): boolean {
    if (this.inPass) throw new Error(`remove(${jobId}) called from inside a pass; withdraw jobs between passes`);
    if (!this.waitingIds.has(jobId)) return false;
    const i = this.queue.findIndex((w) => w.job.id === jobId);
    this.waitingSizes.delete(this.queue.removeAt(i).demand);
    this.waitingIds.delete(jobId);
    this.queue.tidy();
    return true;
  }

  finish(jobId: number): RunningJob {
    if (this.inPass) throw new Error(`finish(${jobId}) called from inside a pass; schedule the completion as an event, even at zero delay`);
    const r = this.runningSet.remove(jobId);
    if (!r) throw new RangeError(`finish(${jobId}): job is not running`);
    this.cluster.release(r.placement);
    this.onReleased(r.placement);
    return r;
  }

  pass(now: number, start: StartCallback, preempt?: PreemptCallback): void {
    if (!Number.isFinite(now)) throw new RangeError(`pass time must be finite, got ${now}`);
    if (now < this.lastPass) throw new RangeError(`pass at ${now} is earlier than the previous pass at ${this.lastPass}`);
    if (this.inPass) throw new Error('pass() called from inside a pass callback');
    this.lastPass = now;
    this.inPass = true;
    try {
      for (;;) {
        this.round(now, start, preempt);
        if (this.deferred.length === 0) break;
        const late = this.deferred;
        this.deferred = [];
        for (const w of late) this.insert(w);
      }
    } finally {
      this.inPass = false;
      this.queue.tidy();
    }
  }

  /** Jobs enqueued from callbacks during this round; a policy may end its round early to let them in. */
  protected get hasDeferred(): boolean {
    return this.deferred.length > 0;
  }

  /** One scan of the queue at `now`; jobs enqueued meanwhile wait for the next round. */
  protected abstract round(now: number, start: StartCallback, preempt: PreemptCallback | undefined): void;

  /** Hooks for policies that mirror the cluster (EASY); called after the cluster changed. */
  protected onAllocated(_placement: Placement): void {}
  protected onReleased(_placement: Placement): void {}

  /**
   * Starts the waiting job at queue index `i` on `placement`, which the caller has already allocated
   * on the cluster.
   */
  protected launch(i: number, placement: Placement, now: number, start: StartCallback): void {
    const w = this.queue.removeAt(i);
    this.waitingSizes.delete(w.demand);
    this.waitingIds.delete(w.job.id);
    this.runningSet.add(w.job, placement, now);
    this.onAllocated(placement);
    start(w.job, placement);
  }

  /** Starts jobs from the head while the head fits; returns the blocked head, if any. */
  protected startInOrder(now: number, start: StartCallback): Waiting | undefined {
    const q = this.queue;
    for (;;) {
      const head = q.head();
      if (!head) return undefined;
      const p = this.cluster.placeDemand(head.demand);
      if (!p) return head;
      this.launch(q.begin, p, now, start);
    }
  }

  private insert(w: Waiting): void {
    this.queue.insert(w);
    this.waitingSizes.add(w.demand);
  }

  /** Removes a running job whose placement the caller has already released, and reports it. */
  protected evict(victim: RunningJob, preempt: PreemptCallback): void {
    this.runningSet.remove(victim.job.id);
    this.onReleased(victim.placement);
    preempt(victim);
  }
}
