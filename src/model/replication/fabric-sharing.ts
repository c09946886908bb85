import type { Job } from '../job.js';
import { training } from '../job-factory.js';
import { LeafUplinks } from '../fabric/leaf-uplinks.js';
import type { RunInputs, TrainingWorkload } from '../types.js';
import { PRIORITY_COMPLETION, type RunClock } from './run-clock.js';
import type { RunPool } from './run-pool.js';

/** A training job's size: what the training model needs to time its step at another scale-out bandwidth. */
export interface TrainingSize {
  readonly params: number;
  readonly tokens: number;
}

/** A cross-leaf job whose compute this part times. */
interface Tracked {
  readonly job: Job;
  readonly uplinks: LeafUplinks;
  /** s per step with the NICs alone, and at a fraction of their bandwidth */
  readonly stepAlone: number;
  readonly stepAt: (factor: number) => number;
  /** s of compute left at the pace of the NICs alone, as of `last` */
  left: number;
  last: number;
  /** stepAlone / stepAt(factor): seconds of that compute done per second now, ≤ 1 */
  rate: number;
  readonly done: (job: Job) => void;
}

/**
 * Shared leaf uplinks at run time (pools with a `fabric`): a training job whose nodes span leaves has
 * its scale-out bandwidth cut to its share of their uplinks (LeafUplinks.factor), and its step time
 * recomputed by the training model at that bandwidth, whenever a cross-leaf job on one of its leaves
 * starts or stops. Its compute then advances at stepAlone / stepAt(factor) of the pace it was drawn
 * with, and its completion event moves (processor sharing, as SharedLink does for transfers).
 *
 * Which jobs: synthetic training jobs (they carry a model size to re-time) on the plain run path. Jobs
 * of a run with device failures or spot reclaims, and the pyss same-time order of trace replays, keep
 * the duration they were drawn with and do not count as uplink users (docs/sites-and-placement.md says so).
 */
export class FabricSharing {
  /** per pool index: its leaf uplinks, when it has a fabric */
  private readonly uplinks: (LeafUplinks | undefined)[];
  private readonly sizes = new Map<number, TrainingSize>();
  private readonly tracked = new Map<number, Tracked>();

  private constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    pools: readonly RunPool[],
  ) {
    this.uplinks = pools.map((p) => {
      const f = p.pool.fabric;
      return f && p.pool.nodeCount > f.nodesPerLeaf ? new LeafUplinks(p.pool.nodeCount, f.nodesPerLeaf, f.oversubscription) : undefined;
    });
  }

  /** The part, or undefined when no pool has more than one leaf (then nothing of this runs). */
  static open(clock: RunClock, scenario: RunInputs, pools: readonly RunPool[]): FabricSharing | undefined {
    const part = new FabricSharing(clock, scenario, pools);
    return part.uplinks.some((u) => u !== undefined) ? part : undefined;
  }

  /** A job was submitted to pool `p`: remember a training job's size if the pool's leaves can split it. */
  submitted(job: Job, p: RunPool, size: TrainingSize | undefined): void {
    if (size && this.uplinks[p.index] && this.scenario.workloads[job.workload]?.kind === 'training') this.sizes.set(job.id, size);
  }

  /**
   * The job's compute begins on pool `p`. @returns true when the job crosses leaves: this part has then
   * scheduled its completion (`done` at its end) and moves it as the uplinks' sharing changes.
   */
  begin(job: Job, p: RunPool, done: (job: Job) => void): boolean {
    const uplinks = this.uplinks[p.index];
    const size = this.sizes.get(job.id);
    const workload = this.scenario.workloads[job.workload];
    if (!uplinks || !size || !job.deviceIds || workload?.kind !== 'training' || workload.slice) return false;
    const dpn = p.pool.devicesPerNode;
    // One pool per run cluster: device and node indices are pool-local.
    const nodes = Array.from(job.deviceIds, (d) => Math.floor(d / dpn));
    if (!uplinks.join(job.id, nodes)) return false;
    const timing = stepTiming(workload, p, job.devices, size);
    const now = this.clock.now;
    this.tracked.set(job.id, { job, uplinks, stepAlone: timing.alone, stepAt: timing.at, left: job.remaining, last: now, rate: NaN, done });
    this.retime(uplinks.neighbours(job.id));
    return true;
  }

  /** The job's compute ended or was stopped: its share goes back to the jobs on its leaves. */
  end(job: Job): void {
    // A preempted job starts again later and is timed again: keep its size until its compute is done.
    if (job.remaining === 0) this.sizes.delete(job.id);
    const t = this.tracked.get(job.id);
    if (!t) return;
    this.tracked.delete(job.id);
    const others = t.uplinks.neighbours(job.id).filter((id) => id !== job.id);
    t.uplinks.leave(job.id);
    this.retime(others);
  }

  /** The factor of a cross-leaf job now (1 for any other job): what tests and reports read. */
  factorOf(jobId: number): number {
    const t = this.tracked.get(jobId);
    return t ? t.uplinks.factor(jobId) : 1;
  }

  /** Brings each job's compute to now at its old pace, then reschedules its end at its new pace. */
  private retime(ids: readonly number[]): void {
    const now = this.clock.now;
    for (const id of ids) {
      const t = this.tracked.get(id);
      if (!t) continue;
      const rate = t.stepAlone / t.stepAt(t.uplinks.factor(id));
      if (rate === t.rate) continue;
      if (Number.isFinite(t.rate)) t.left = Math.max(0, t.left - (now - t.last) * t.rate);
      t.last = now;
      t.rate = rate;
      if (t.job.completion !== -1) this.clock.cancel(t.job.completion);
      t.job.completion = this.clock.schedule(t.left / rate, t.done, t.job, PRIORITY_COMPLETION);
    }
  }
}

/** s per step with the NICs alone, and at a fraction of their bandwidth (memoised: the factors a job sees are few). */
function stepTiming(w: TrainingWorkload, p: RunPool, devices: number, size: TrainingSize): { alone: number; at: (factor: number) => number } {
  const base = training(w, p.pool, devices, size.params, size.tokens);
  const bandwidth = base.communication.scaleOut.bandwidth;
  const memo = new Map<number, number>([[1, base.stepTime]]);
  const at = (factor: number): number => {
    let s = memo.get(factor);
    if (s === undefined) {
      s = training(w, p.pool, devices, size.params, size.tokens, bandwidth * factor).stepTime;
      memo.set(factor, s);
    }
    return s;
  };
  return { alone: base.stepTime, at };
}
