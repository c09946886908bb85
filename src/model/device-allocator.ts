/**
 * Which devices of a pool are free: a stack of device indices. The engine's ServerPool decides *when*
 * a job may start (counting units); this decides *which* devices it gets, so that no device can be
 * given to two jobs at once — a property the tests check on every run.
 */
export class DeviceAllocator {
  private readonly free: Int32Array;
  private top: number;

  constructor(readonly deviceCount: number) {
    this.free = new Int32Array(deviceCount);
    // Lowest index on top, so an idle pool hands out devices 0, 1, 2, … (fills nodes in order).
    for (let i = 0; i < deviceCount; i++) this.free[i] = deviceCount - 1 - i;
    this.top = deviceCount;
  }

  get available(): number {
    return this.top;
  }

  /** @throws RangeError if fewer than n devices are free (a scheduler bug, never user input) */
  take(n: number): Int32Array {
    if (n > this.top) throw new RangeError(`asked for ${n} devices, only ${this.top} free`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.free[--this.top]!;
    return out;
  }

  give(ids: Int32Array): void {
    for (let i = ids.length - 1; i >= 0; i--) this.free[this.top++] = ids[i]!;
  }
}
