/**
 * Time average of a piecewise-constant quantity (busy devices, jobs waiting): the exact integral of the
 * value over time since the last reset, updated at each change point.
 */
export class TimeWeighted {
  private value = 0;
  private lastTime: number;
  private since: number;
  private integral = 0;
  private largest = 0;

  constructor(now: number) {
    this.lastTime = now;
    this.since = now;
  }

  get current(): number {
    return this.value;
  }

  /** largest value held since the last reset */
  get max(): number {
    return this.largest;
  }

  set(value: number, now: number): void {
    this.integral += this.value * (now - this.lastTime);
    this.lastTime = now;
    this.value = value;
    if (value > this.largest) this.largest = value;
  }

  add(delta: number, now: number): void {
    this.set(this.value + delta, now);
  }

  /** Starts a new measurement window at `now` (end of warm-up), keeping the current value. */
  reset(now: number): void {
    this.integral = 0;
    this.lastTime = now;
    this.since = now;
    this.largest = this.value;
  }

  /** value × seconds since the reset, up to `now` */
  area(now: number): number {
    return this.integral + this.value * (now - this.lastTime);
  }

  elapsed(now: number): number {
    return now - this.since;
  }

  mean(now: number): number {
    const t = this.elapsed(now);
    return t > 0 ? this.area(now) / t : 0;
  }
}
