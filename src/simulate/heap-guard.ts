import { getHeapStatistics } from 'node:v8';

/**
 * The heap side of runaway detection, outside the engine (which reads no clock and no memory): polled
 * by a run guard, it reads the heap at most every HEAP_CHECK_MS of computing and trips when the heap in
 * use stays above the bound for HEAP_TRIPS readings in a row. One reading is not enough: the heap in use
 * counts garbage until the next major collection, and V8 collects well before its own limit, so only a
 * heap that stays full holds live data. The bound is what `max_heap` says, by default 60 % of the heap
 * this isolate may grow to (`node --max-old-space-size`; in a worker thread, that thread's own). Not
 * more: that limit counts the young generation too, and V8 gives up ("ineffective mark-compacts near
 * heap limit") before the old generation is full — with `--max-old-space-size=256` (limit 304 MB) a
 * runaway died at 256 MB in use, so an 85 % bound (258 MB) was never reached; at 70 % Node 22 still aborted about one
 * run in three of that test (test/limits/overload.test.ts) before three readings above the bound came, so 60 %.
 */

/** ms of computing between two readings of the heap. */
export const HEAP_CHECK_MS = 20;
/** consecutive readings above the bound that trip the guard */
export const HEAP_TRIPS = 3;
/** share of the isolate's heap limit that `max_heap` defaults to */
export const DEFAULT_MAX_HEAP_SHARE = 0.6;

/** Bytes of heap in use now (V8's `used_heap_size`). */
export function heapInUse(): number {
  return getHeapStatistics().used_heap_size;
}

/** The default `max_heap`: 60 % of what this isolate's heap may grow to. */
export function defaultMaxHeap(): number {
  return Math.floor(DEFAULT_MAX_HEAP_SHARE * getHeapStatistics().heap_size_limit);
}

export class HeapGuard {
  private nextCheck = 0;
  private above = 0;
  /** bytes in use at the last reading */
  used = 0;

  constructor(
    /** bytes */
    readonly bound: number,
    private readonly read: () => number = heapInUse,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** True once the heap has stayed above the bound for HEAP_TRIPS readings; cheap between readings. */
  exceeded(): boolean {
    const now = this.clock();
    if (now < this.nextCheck) return false;
    this.nextCheck = now + HEAP_CHECK_MS;
    this.used = this.read();
    this.above = this.used > this.bound ? this.above + 1 : 0;
    return this.above >= HEAP_TRIPS;
  }
}

/** The guard of a run: `bound` bytes (by default DEFAULT_MAX_HEAP_SHARE of the heap limit), read by `read`. */
export function heapGuardFor(bound: number | undefined, read: () => number = heapInUse): HeapGuard {
  return new HeapGuard(bound ?? defaultMaxHeap(), read);
}
