import type { Job } from '../job.js';
import { training } from '../job-factory.js';
import { LeafUplinks } from '../fabric/leaf-uplinks.js';
import { TimeWeighted } from '../../metrics/time-weighted.js';
import type { FabricMetrics, PoolMetrics } from './replication-metrics.js';
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
  readonly pool: number;
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
  /** per pool index: what the window saw (pools without a fabric: undefined) */
  private readonly seen: ({ starts: number; delay: number; readonly load: TimeWeighted } | undefined)[];
  private windowStart = 0;

  private constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    pools: readonly RunPool[],
  ) {
    this.uplinks = pools.map((p) => {
      const f = p.pool.fabric;
      return f && p.pool.nodeCount > f.nodesPerLeaf ? new LeafUplinks(p.pool.nodeCount, f.nodesPerLeaf, f.oversubscription) : undefined;
    });
    this.seen = pools.map((p) => (p.pool.fabric ? { starts: 0, delay: 0, load: new TimeWeighted(0) } : undefined));
  }

  /** The part, or undefined when no pool has a fabric (then nothing of this runs). */
  static open(clock: RunClock, scenario: RunInputs, pools: readonly RunPool[]): FabricSharing | undefined {
    const part = new FabricSharing(clock, scenario, pools);
    return part.seen.some((u) => u !== undefined) ? part : undefined;
  }

  /** Starts a new measurement window at the end of the warm-up. */
  reset(): void {
    const now = this.clock.now;
    for (const t of this.tracked.values()) this.accrue(t, now);
    this.windowStart = now;
    for (const s of this.seen) {
      if (!s) continue;
      s.starts = 0;
      s.delay = 0;
      s.load.reset(now);
    }
  }

  /** Pool `index` over the window, to now; undefined for a pool without a fabric. */
  /** Each pool's metrics with its fabric figures added, for the pools that have a fabric. */
  addMetrics(metrics: Record<string, PoolMetrics>, pools: readonly RunPool[], measured: boolean): void {
    for (const p of pools) {
      const fabric = this.metrics(p.index, measured);
      const m = metrics[p.pool.id];
      if (fabric && m) metrics[p.pool.id] = { ...m, fabric };
    }
  }

  metrics(index: number, measured: boolean): FabricMetrics | undefined {
    const s = this.seen[index];
    if (!s) return undefined;
    if (!measured) return { cross_leaf_starts: 0, mean_cross_leaf_jobs: 0, uplink_delay_seconds: 0 };
    const now = this.clock.now;
    let open = 0;
    for (const t of this.tracked.values()) if (t.pool === index) open += this.delaySince(t, now);
    return { cross_leaf_starts: s.starts, mean_cross_leaf_jobs: s.load.elapsed(now) > 0 ? s.load.mean(now) : 0, uplink_delay_seconds: s.delay + open };
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
    this.tracked.set(job.id, { job, pool: p.index, uplinks, stepAlone: timing.alone, stepAt: timing.at, left: job.remaining, last: now, rate: NaN, done });
    const seen = this.seen[p.index];
    if (seen) {
      seen.starts++;
      seen.load.add(1, now);
    }
    this.retime(uplinks.neighbours(job.id));
    return true;
  }

  /** The job's compute ended or was stopped: its share goes back to the jobs on its leaves. */
  end(job: Job): void {
    // A preempted job starts again later and is timed again: keep its size until its compute is done.
    if (job.remaining === 0) this.sizes.delete(job.id);
    const t = this.tracked.get(job.id);
    if (!t) return;
    this.accrue(t, this.clock.now);
    this.seen[t.pool]?.load.add(-1, this.clock.now);
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
      if (Number.isFinite(t.rate)) {
        this.accrue(t, now);
        t.left = Math.max(0, t.left - (now - t.last) * t.rate);
      }
      t.last = now;
      t.rate = rate;
      if (t.job.completion !== -1) this.clock.cancel(t.job.completion);
      t.job.completion = this.clock.schedule(t.left / rate, t.done, t.job, PRIORITY_COMPLETION);
    }
  }

  /** Adds the job's delay since its last retime (the part inside the window) to its pool's total. */
  private accrue(t: Tracked, now: number): void {
    const seen = this.seen[t.pool];
    if (seen) seen.delay += this.delaySince(t, now);
  }

  /** s of wall time since the job's last retime, inside the window, that its shared uplinks added: elapsed × (1 − rate). */
  private delaySince(t: Tracked, now: number): number {
    const from = Math.max(t.last, this.windowStart);
    return Number.isFinite(t.rate) && now > from ? (now - from) * (1 - t.rate) : 0;
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
