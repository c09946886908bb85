import type { RunClock } from './replication/run-clock.js';
import { TimeWeighted } from '../metrics/time-weighted.js';

/** A link over a replication's measurement window. */
export interface LinkMetrics {
  /** share of the window during which bytes moved */
  readonly busy_fraction: number;
  /** transfers moving bytes at once, time-averaged */
  readonly mean_transfers: number;
  readonly max_transfers: number;
}

/** One transfer on a link: waiting out the latency, then moving its bytes. */
interface Transfer {
  /** bytes still to move (valid as of the link's last update) */
  remaining: number;
  /** engine handle of the end of the latency while it lasts */
  latencyEvent: number;
  /** moving bytes (past its latency) */
  moving: boolean;
  readonly done: () => void;
}

/**
 * A wide-area link shared by the transfers on it (processor sharing): while n transfers move bytes,
 * each moves at bandwidth / n, so a burst of jobs staging data across the same link slows each
 * other down. A transfer first waits out the link's latency (propagation), then joins the sharing.
 * One engine event stands for the next transfer to finish; it is rescheduled whenever a transfer
 * joins or leaves, O(n) in the transfers on the link.
 */
export class SharedLink {
  private readonly transfers = new Map<number, Transfer>();
  /** transfers moving bytes now */
  private moving = 0;
  private lastUpdate = 0;
  private nextFinish = -1;
  private nextHandle = 0;
  /** transfers moving bytes, over time (since the last reset) */
  private readonly load = new TimeWeighted(0);
  /** 1 while any transfer moves bytes */
  private readonly busy = new TimeWeighted(0);

  constructor(
    private readonly sim: RunClock,
    /** B/s */
    readonly bandwidth: number,
    /** s */
    readonly latency: number,
    private readonly priority: number,
  ) {
    if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) throw new RangeError(`link bandwidth must be positive and finite, got ${bandwidth}`);
    if (!(latency >= 0) || !Number.isFinite(latency)) throw new RangeError(`link latency must be non-negative and finite, got ${latency}`);
  }

  /** Transfers on the link now (in latency or moving bytes). */
  get active(): number {
    return this.transfers.size;
  }

  /** Starts a new measurement window at the end of the warm-up. */
  reset(): void {
    this.load.reset(this.sim.now);
    this.busy.reset(this.sim.now);
  }

  /** The link over the measurement window, to now. */
  metrics(): LinkMetrics {
    const now = this.sim.now;
    const elapsed = this.busy.elapsed(now);
    return {
      busy_fraction: elapsed > 0 ? Math.min(1, this.busy.mean(now)) : 0,
      mean_transfers: elapsed > 0 ? this.load.mean(now) : 0,
      max_transfers: this.load.max,
    };
  }

  /** Starts moving `bytes` (> 0); `done` runs at the time the last byte arrives. @returns a handle for cancel() */
  start(bytes: number, done: () => void): number {
    if (!(bytes > 0) || !Number.isFinite(bytes)) throw new RangeError(`a transfer moves a positive, finite number of bytes, got ${bytes}`);
    const handle = this.nextHandle++;
    const transfer: Transfer = { remaining: bytes, latencyEvent: -1, moving: false, done };
    this.transfers.set(handle, transfer);
    if (this.latency > 0) transfer.latencyEvent = this.sim.schedule(this.latency, (h: number) => this.join(h), handle, this.priority);
    else this.join(handle);
    return handle;
  }

  /** Stops a transfer (its job was preempted or failed); its `done` never runs. Unknown handles are ignored. */
  cancel(handle: number): void {
    const t = this.transfers.get(handle);
    if (!t) return;
    if (!t.moving) {
      this.sim.cancel(t.latencyEvent);
      this.transfers.delete(handle);
      return;
    }
    this.update();
    this.transfers.delete(handle);
    this.moving--;
    this.track();
    this.reschedule();
  }

  private join(handle: number): void {
    const t = this.transfers.get(handle);
    if (!t) return; // never: cancel() drops a transfer's latency event with it
    this.update();
    t.latencyEvent = -1;
    t.moving = true;
    this.moving++;
    this.track();
    this.reschedule();
  }

  private track(): void {
    this.load.set(this.moving, this.sim.now);
    this.busy.set(this.moving > 0 ? 1 : 0, this.sim.now);
  }

  /** Brings every moving transfer's `remaining` to now. */
  private update(): void {
    const now = this.sim.now;
    const elapsed = now - this.lastUpdate;
    this.lastUpdate = now;
    if (elapsed <= 0 || this.moving === 0) return;
    const each = (elapsed * this.bandwidth) / this.moving;
    for (const t of this.transfers.values()) if (t.moving) t.remaining -= each;
  }

  /** Schedules the event of the next transfer to finish (the one with the fewest bytes left). */
  private reschedule(): void {
    if (this.nextFinish !== -1) this.sim.cancel(this.nextFinish);
    this.nextFinish = -1;
    if (this.moving === 0) return;
    let least = Infinity;
    for (const t of this.transfers.values()) if (t.moving && t.remaining < least) least = t.remaining;
    this.nextFinish = this.sim.schedule((Math.max(0, least) * this.moving) / this.bandwidth, () => this.finish(), undefined, this.priority);
  }

  /** The transfers whose last byte has arrived leave (all of them, on ties), then their callbacks run. */
  private finish(): void {
    this.nextFinish = -1;
    this.update();
    let least = Infinity;
    for (const t of this.transfers.values()) if (t.moving && t.remaining < least) least = t.remaining;
    // What floating-point error leaves of the transfer this event was for counts as arrived.
    const tolerance = Math.max(least, 0) + this.bandwidth * 1e-9;
    const arrived: Transfer[] = [];
    for (const [h, t] of this.transfers) {
      if (!t.moving || t.remaining > tolerance) continue;
      arrived.push(t);
      this.transfers.delete(h);
      this.moving--;
    }
    this.track();
    this.reschedule();
    for (const t of arrived) t.done();
  }
}
