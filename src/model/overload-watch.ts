import { formatDuration } from '../support/format-quantity.js';

/**
 * Runaway detection for one replication. An overloaded plan (arrivals far beyond what its pools can
 * serve) queues work without end: every waiting job or request is kept, so memory grows until the
 * machine kills the process. The watch bounds the queue of every pool and inference service
 * (`maxQueued`) and says, when the bound is passed, how overloaded the pool is: the offered load as a
 * multiple of its capacity, measured over the run so far (work arrived ÷ capacity-time elapsed), which
 * is what an analytic ρ = λ·E[S]/c gives for a stationary workload, and still meaningful for diurnal,
 * growing or trace-driven arrivals and for pools whose capacity changes over time.
 *
 * The watch itself reads no clock and no memory: the caller passes simulated times, and a heap bound
 * is checked outside the engine (src/simulate.ts) and reported here through `stop`.
 */

/**
 * Jobs waiting in one pool (or requests queued at one inference service) at which a run is stopped as
 * overloaded. Far above any ordinary saturated study — a pool at 105 % load for a 30-day horizon with
 * a thousand arrivals an hour queues about 36,000 — and low enough that the queue fits in the default
 * heap of Node (≈ 0.5 KB a queued job).
 */
export const DEFAULT_MAX_QUEUED = 1_000_000;

/** Why a run was stopped as a runaway: its queue passed `max_queued`, or the heap passed `max_heap`. */
export type OverloadLimit = 'max_queued' | 'max_heap';

/** What a result records of an overload stop (docs/result-schema.md, `overload`). */
export interface OverloadReport {
  /** which bound was passed */
  readonly limit: OverloadLimit;
  /** the workload whose work filled the queue (the one that brought the most work to it) */
  readonly workload: string;
  /** the pool it queued on */
  readonly pool: string;
  /** jobs waiting in the pool, or requests queued at the inference service, when the run stopped */
  readonly queued: number;
  /** s, simulated time of the stop */
  readonly at: number;
  /**
   * offered load ÷ capacity, measured over [0, at]: device-seconds of work that arrived at the pool ÷
   * device-seconds the pool had online (less inference reservations); for an inference service,
   * requests arrived ÷ requests served. null when nothing measures the capacity yet (no request served).
   */
  readonly offered_load: number | null;
  /** the bound in force: jobs or requests for max_queued, bytes for max_heap */
  readonly bound: number;
  /** bytes of heap in use when a max_heap stop was made */
  readonly heap_used?: number;
  /** one sentence for people: what overflowed, by how much, what to do */
  readonly reason: string;
}

/** Per pool: work arrived and capacity-time elapsed since the start of the run (warm-up included). */
interface PoolLoad {
  /** device-seconds of work submitted to the pool, by workload index */
  readonly workByWorkload: Float64Array;
  /** device-seconds of capacity integrated up to `since` */
  capacitySeconds: number;
  /** devices usable by jobs since `since` */
  devices: number;
  since: number;
}

/** A queue the watch may name at a stop: a pool's job queue or an inference service's request queue. */
export interface WatchedQueue {
  readonly pool: number;
  readonly poolName: string;
  /** for an inference service: its workload index; for a pool: undefined (the workload is inferred) */
  readonly service?: { readonly workload: number; readonly arrived: number; readonly served: number };
  readonly queued: number;
}

export class OverloadWatch {
  private readonly pools: PoolLoad[] = [];

  constructor(
    poolCount: number,
    private readonly workloadNames: readonly string[],
    /** jobs or requests one queue may hold before the run is stopped */
    readonly maxQueued: number,
  ) {
    if (!(maxQueued >= 1)) throw new RangeError(`maxQueued must be >= 1, got ${maxQueued}`);
    for (let i = 0; i < poolCount; i++) this.pools.push({ workByWorkload: new Float64Array(workloadNames.length), capacitySeconds: 0, devices: 0, since: 0 });
  }

  /** The devices a pool offers to jobs changed at `now` (tranches delivered, instances up or down, replicas placed). */
  setCapacity(pool: number, devices: number, now: number): void {
    const p = this.load(pool);
    p.capacitySeconds += p.devices * (now - p.since);
    p.devices = devices;
    p.since = now;
  }

  /** A job of `deviceSeconds` (devices × run time) from workload `workload` joined the queue of `pool`. */
  arrived(pool: number, workload: number, deviceSeconds: number): void {
    const work = this.load(pool).workByWorkload;
    work[workload] = (work[workload] ?? 0) + deviceSeconds;
  }

  /** Offered load ÷ capacity of a pool over [0, now]; null when it had no capacity yet. */
  offeredLoad(pool: number, now: number): number | null {
    const p = this.load(pool);
    const capacity = p.capacitySeconds + p.devices * (now - p.since);
    let work = 0;
    for (const w of p.workByWorkload) work += w;
    return capacity > 0 ? work / capacity : null;
  }

  /** The report of a stop at `now` on the queue `q`, for `limit` (`heapUsed` with max_heap). */
  report(q: WatchedQueue, now: number, limit: OverloadLimit, bound: number, heapUsed?: number): OverloadReport {
    let workload: number;
    let load: number | null;
    if (q.service) {
      workload = q.service.workload;
      load = q.service.served > 0 ? q.service.arrived / q.service.served : null;
    } else {
      const work = this.load(q.pool).workByWorkload;
      workload = 0;
      for (let i = 1; i < work.length; i++) if ((work[i] ?? 0) > (work[workload] ?? 0)) workload = i;
      load = this.offeredLoad(q.pool, now);
    }
    const name = this.workloadNames[workload] ?? `#${workload}`;
    const what = q.service ? 'requests queued' : 'jobs waiting';
    const times = load === null ? 'unknown (no request served yet)' : `${formatTimes(load)} its capacity`;
    const bounds = limit === 'max_queued' ? `more than max_queued ${bound.toLocaleString('en-US')} ${what}` : `heap use ${formatBytes(heapUsed ?? 0)} above max_heap ${formatBytes(bound)}`;
    return {
      limit,
      workload: name,
      pool: q.poolName,
      queued: q.queued,
      at: now,
      offered_load: load,
      bound,
      ...(heapUsed !== undefined && { heap_used: heapUsed }),
      reason: `workload '${name}' offers ${times} on pool '${q.poolName}': ${q.queued.toLocaleString('en-US')} ${what} after ${formatDuration(now)} of simulated time (${bounds})`,
    };
  }

  private load(pool: number): PoolLoad {
    const p = this.pools[pool];
    if (!p) throw new RangeError(`no pool ${pool} in the watch`);
    return p;
  }
}

/** 1350 → '1,350×', 1.23 → '1.23×', 4.5e11 → '4.5e+11×'. */
export function formatTimes(x: number): string {
  if (x >= 1e7) return `${x.toExponential(2).replace(/\.?0+e/, 'e')}×`;
  if (x >= 100) return `${Math.round(x).toLocaleString('en-US')}×`;
  return `${Number(x.toPrecision(3))}×`;
}

function formatBytes(b: number): string {
  return `${(b / 2 ** 20).toFixed(0)} MiB`;
}

/** The longest of the queues (the first of equals), or undefined when there are none: what a stop names. */
export function longestQueue(queues: readonly WatchedQueue[]): WatchedQueue | undefined {
  let longest: WatchedQueue | undefined;
  for (const q of queues) if (!longest || q.queued > longest.queued) longest = q;
  return longest;
}
