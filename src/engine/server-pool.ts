import { SimEvent } from './sim-event.js';
import type { Simulation } from './simulation.js';

/**
 * A pool of `capacity` identical servers (e.g. GPUs) with one FCFS queue.
 *
 * A request asks for `units` servers at once and is granted only when all of
 * them are free (gang allocation). The queue is strictly FCFS: a waiting
 * head blocks every later request, even one that would fit (no backfill;
 * backfilling schedulers live outside the engine).
 *
 * Grants are synchronous: request() calls onGrant before returning when the
 * queue is empty and the units are free; release() and cancelRequest() grant
 * waiting requests in order, calling onGrant(arg) at the current time, while
 * the head fits. State is updated before each onGrant call, so onGrant may
 * request, release or cancel on this pool; a release inside onGrant only
 * frees units and the outer grant loop continues (no recursion).
 *
 * Statistics are exact time integrals of piecewise-constant state, brought up
 * to sim.now whenever read, since the last resetStats() (or construction).
 *
 * Request handles are increasing integers per pool. The queue is a ring
 * buffer over parallel arrays, so a request allocates nothing; a cancelled
 * waiting request stays in the ring as a tombstone (units 0) until it
 * reaches the head.
 */
export interface ServerPoolOptions {
  name?: string;
}

const MAX_CAPACITY = 0x7fffffff;

type AnyGrant = (arg: never) => void;

export class ServerPool {
  readonly sim: Simulation;
  private readonly cap: number;
  private readonly poolName: string;
  private used = 0;

  // Ring buffer of waiting requests: position k is index (qHead + k) & qMask.
  private qUnits: Int32Array; // 0 marks a cancelled entry
  private qId: Float64Array; // request handles, increasing from head to tail
  private qCallback: (AnyGrant | undefined)[];
  private qArg: unknown[];
  private qMask: number;
  private qHead = 0;
  private qLen = 0; // entries including tombstones
  private qLive = 0; // waiting requests
  private lastId = 0;
  private granting = false;

  // Statistics. With t0 = statsStart and a step change Δ at time t_k, the integral
  // of a step function x over [t0, now] is x(now)·(now − t0) − Σ Δ_k·(t_k − t0):
  // one multiply-add per change, no per-change read of a last-update time.
  private statsStart: number;
  private busyMoment = 0; // Σ Δinuse·(t − t0), unit·seconds
  private queueMoment = 0; // Σ Δqueue·(t − t0), request·seconds
  private maxQueue = 0;

  /** Throws RangeError unless capacity is a positive integer (<= 2^31 - 1). */
  constructor(sim: Simulation, capacity: number, options: ServerPoolOptions = {}) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.sim = sim;
    this.cap = capacity;
    this.poolName = options.name ?? 'pool';
    const size = 16;
    this.qUnits = new Int32Array(size);
    this.qId = new Float64Array(size);
    this.qCallback = packedUndefined(size);
    this.qArg = packedUndefined(size);
    this.qMask = size - 1;
    this.statsStart = sim.now;
  }

  get capacity(): number {
    return this.cap;
  }

  get name(): string {
    return this.poolName;
  }

  /** Units currently granted. */
  get inUse(): number {
    return this.used;
  }

  /** Units currently free. */
  get available(): number {
    return this.cap - this.used;
  }

  /** Requests currently waiting. */
  get queueLength(): number {
    return this.qLive;
  }

  /**
   * Asks for `units` servers; `onGrant(arg)` is called once they are granted
   * (synchronously if possible, see the class comment). Returns a handle for
   * cancelRequest(). Throws RangeError unless units is an integer in
   * [1, capacity].
   */
  request<A>(units: number, onGrant: (arg: A) => void, arg: A): number {
    if ((units | 0) !== units || units < 1 || units > this.cap) throwBadUnits(units, this.cap);
    const id = ++this.lastId;
    if (this.qLive === 0 && this.used + units <= this.cap) {
      this.busyMoment += units * (this.sim.now - this.statsStart);
      this.used += units;
      onGrant(arg);
      return id;
    }
    this.enqueue(id, units, onGrant as AnyGrant, arg);
    return id;
  }

  /** Resolves when `units` servers are granted; for process-style use. */
  acquire(units: number): SimEvent<void> {
    const event = new SimEvent<void>(this.sim);
    this.request(units, succeedVoid, event);
    return event;
  }

  /**
   * Withdraws a waiting request. Returns false if the handle is not waiting
   * (already granted, cancelled or unknown). Removing the head may grant the
   * requests behind it.
   */
  cancelRequest(handle: number): boolean {
    const k = this.findWaiting(handle);
    if (k < 0) return false;
    this.queueMoment -= this.sim.now - this.statsStart;
    const index = (this.qHead + k) & this.qMask;
    this.qUnits[index] = 0;
    this.qCallback[index] = undefined;
    this.qArg[index] = undefined;
    this.qLive--;
    if (k === 0) {
      this.dropHeadTombstones();
      if (!this.granting) this.grantWaiting();
    }
    return true;
  }

  /**
   * Returns `units` servers to the pool and grants waiting requests in order
   * while the head fits. Throws RangeError unless units is an integer in
   * [1, inUse].
   */
  release(units: number): void {
    if ((units | 0) !== units || units < 1 || units > this.used) throwBadRelease(units, this.used);
    this.busyMoment -= units * (this.sim.now - this.statsStart);
    this.used -= units;
    if (this.qLive > 0 && !this.granting) this.grantWaiting();
  }

  /** Unit·seconds in use since the last resetStats(). */
  get busyIntegral(): number {
    return this.used * this.statsElapsed - this.busyMoment;
  }

  /** Request·seconds spent waiting since the last resetStats(). */
  get queueIntegral(): number {
    return this.qLive * this.statsElapsed - this.queueMoment;
  }

  /** Longest queue (requests) since the last resetStats(). */
  get maxQueueLength(): number {
    return this.maxQueue;
  }

  /** Seconds covered by the statistics. */
  get statsElapsed(): number {
    return this.sim.now - this.statsStart;
  }

  /** busyIntegral / (capacity · elapsed); NaN when no time has elapsed. */
  utilisation(): number {
    return this.busyIntegral / (this.cap * this.statsElapsed);
  }

  /** Time-average number of waiting requests; NaN when no time has elapsed. */
  meanQueueLength(): number {
    return this.queueIntegral / this.statsElapsed;
  }

  /** Restarts the statistics at sim.now (end of warm-up); current state is kept. */
  resetStats(): void {
    this.busyMoment = 0;
    this.queueMoment = 0;
    this.maxQueue = this.qLive;
    this.statsStart = this.sim.now;
  }

  private enqueue(id: number, units: number, onGrant: AnyGrant, arg: unknown): void {
    if (this.qLen > this.qMask) this.growQueue();
    const index = (this.qHead + this.qLen) & this.qMask;
    this.qUnits[index] = units;
    this.qId[index] = id;
    this.qCallback[index] = onGrant;
    this.qArg[index] = arg;
    this.qLen++;
    this.queueMoment += this.sim.now - this.statsStart;
    if (++this.qLive > this.maxQueue) this.maxQueue = this.qLive;
  }

  /** Grants from the head while it fits. */
  private grantWaiting(): void {
    this.granting = true;
    try {
      while (this.qLive > 0) {
        const head = this.qHead;
        const units = this.qUnits[head] as number;
        if (this.used + units > this.cap) break;
        const onGrant = this.qCallback[head] as AnyGrant;
        const arg = this.qArg[head] as never;
        this.qCallback[head] = undefined;
        this.qArg[head] = undefined;
        const t = this.sim.now - this.statsStart;
        this.busyMoment += units * t;
        this.queueMoment -= t;
        this.qHead = (head + 1) & this.qMask;
        this.qLen--;
        this.qLive--;
        this.dropHeadTombstones();
        this.used += units;
        onGrant(arg);
      }
    } finally {
      this.granting = false;
    }
  }

  /** Keeps the invariant: the head entry is live, or the ring is empty. */
  private dropHeadTombstones(): void {
    if (this.qLive === 0) {
      this.qHead = 0;
      this.qLen = 0;
      return;
    }
    while (this.qUnits[this.qHead] === 0) {
      this.qHead = (this.qHead + 1) & this.qMask;
      this.qLen--;
    }
  }

  /** Position (0 = head) of the live waiting request `handle`, or -1. Binary search on increasing ids. */
  private findWaiting(handle: number): number {
    let lo = 0;
    let hi = this.qLen - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const index = (this.qHead + mid) & this.qMask;
      const id = this.qId[index] as number;
      if (id === handle) return this.qUnits[index] === 0 ? -1 : mid;
      if (id < handle) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private growQueue(): void {
    const oldSize = this.qMask + 1;
    const size = oldSize * 2;
    const units = new Int32Array(size);
    const ids = new Float64Array(size);
    const callbacks = packedUndefined<AnyGrant>(size);
    const args = packedUndefined<unknown>(size);
    for (let k = 0; k < this.qLen; k++) {
      const from = (this.qHead + k) & this.qMask;
      units[k] = this.qUnits[from] as number;
      ids[k] = this.qId[from] as number;
      callbacks[k] = this.qCallback[from];
      args[k] = this.qArg[from];
    }
    this.qUnits = units;
    this.qId = ids;
    this.qCallback = callbacks;
    this.qArg = args;
    this.qHead = 0;
    this.qMask = size - 1;
  }
}

function succeedVoid(event: SimEvent<void>): void {
  event.succeed();
}

/** An array of `size` undefined values with packed (not holey) elements, for faster V8 access. */
function packedUndefined<T>(size: number): (T | undefined)[] {
  const array: (T | undefined)[] = [];
  for (let i = 0; i < size; i++) array.push(undefined);
  return array;
}

// Cold error paths live outside the methods to keep the hot bytecode small enough for V8 to inline.
function throwBadUnits(units: number, capacity: number): never {
  throw new RangeError(`units must be an integer in [1, ${capacity}], got ${units}`);
}

function throwBadRelease(units: number, inUse: number): never {
  throw new RangeError(`cannot release ${units} units: ${inUse} in use`);
}
