import type { Demand } from './placement.js';

/**
 * The sizes of the waiting jobs, so that a backfill scan can stop as soon as no job left in the queue
 * could be placed: the smallest whole-device request allowed on every pool, and how many requests
 * are anything else (a share, or restricted to some device models), which such a stop cannot judge.
 * O(1) per change; `smallestWhole` moves up lazily, at most once over each size per removal.
 */
export class WaitingSizes {
  /** waiting whole-device requests allowed on every pool, by size */
  private readonly countBySize: Int32Array;
  private smallest = 0;
  private plain = 0;
  private otherCount = 0;

  constructor(deviceCount: number) {
    this.countBySize = new Int32Array(deviceCount + 2);
  }

  /** Requests a size-based stop cannot judge (shares, model-restricted). */
  get others(): number {
    return this.otherCount;
  }

  /** Fewest devices asked for by a waiting whole-device request allowed on every pool; ∞ if none. */
  get smallestWhole(): number {
    if (this.plain === 0) return Infinity;
    const counts = this.countBySize;
    while ((counts[this.smallest] ?? 1) === 0) this.smallest++;
    return this.smallest;
  }

  add(d: Demand): void {
    if (!isPlain(d)) {
      this.otherCount++;
      return;
    }
    const k = this.slot(d.whole);
    this.countBySize[k] = (this.countBySize[k] ?? 0) + 1;
    if (this.plain === 0 || k < this.smallest) this.smallest = k;
    this.plain++;
  }

  delete(d: Demand): void {
    if (!isPlain(d)) {
      this.otherCount--;
      return;
    }
    const k = this.slot(d.whole);
    this.countBySize[k] = (this.countBySize[k] ?? 0) - 1;
    this.plain--;
  }

  /** Sizes above the device count share the last slot: they never fit, and only order matters. */
  private slot(whole: number): number {
    return Math.min(whole, this.countBySize.length - 1);
  }
}

function isPlain(d: Demand): boolean {
  return d.whole > 0 && d.poolKey === '';
}
