import type { CloudPoolSpec } from './types.js';
import type { PricingModel } from './usage-ledger.js';

/**
 * Meters what a cloud pool is billed for, in instance-seconds per pricing model, over the statistics
 * window [from, now]:
 * - committed instances (`spec.committed`, at `spec.pricing`) are billed for the whole window, used or
 *   not — that is what a reservation or a static fleet costs;
 * - each instance autoscaling adds is one session at `spec.burstPricing`, from the moment it is usable
 *   until it is released, rounded up to the billing increment, and at least the minimum charge when
 *   the session started inside the window. Scale-downs end the most recent session (last in, first
 *   out): instances are interchangeable, so only the number of sessions and their lengths matter.
 */
export class CloudBilling {
  private readonly open: number[] = [];
  private closed = 0;
  private starts = 0;
  private from: number;

  constructor(
    private readonly spec: CloudPoolSpec,
    windowStart: number,
  ) {
    this.from = windowStart;
  }

  /** An autoscaled instance became usable. */
  started(now: number): void {
    this.open.push(now);
    if (now >= this.from) this.starts++;
  }

  /** An autoscaled instance was released. */
  stopped(now: number): void {
    const start = this.open.pop();
    if (start === undefined) throw new RangeError('no autoscaled instance to release');
    this.closed += this.bill(start, now);
  }

  /** Starts the statistics window (end of warm-up): sessions still open count from here, without a minimum. */
  reset(now: number): void {
    this.from = now;
    this.closed = 0;
    this.starts = 0;
  }

  /** Instance-seconds billed per pricing model since the window start, open sessions billed up to `now`. */
  read(now: number): { billed: Partial<Record<PricingModel, number>>; starts: number } {
    const window = Math.max(0, now - this.from);
    let burst = this.closed;
    for (const start of this.open) burst += this.bill(start, now);
    const billed: Partial<Record<PricingModel, number>> = {};
    billed[this.spec.pricing] = this.spec.committed * window;
    billed[this.spec.burstPricing] = (billed[this.spec.burstPricing] ?? 0) + burst;
    return { billed, starts: this.starts };
  }

  private bill(start: number, end: number): number {
    const { increment, minimum } = this.spec.billing;
    const from = Math.max(start, this.from);
    if (end <= from) return 0;
    const rounded = increment > 0 ? Math.ceil((end - from) / increment - 1e-9) * increment : end - from;
    return start >= this.from ? Math.max(minimum, rounded) : rounded;
  }
}
