import type { Demand } from './placement.js';

/** What the index reads of a queue entry. */
export interface IndexedEntry {
  readonly job: { readonly estimate: number };
  readonly demand: Demand;
}

/** Told by a JobQueue when an entry appears at or leaves an index, or when indices shift. */
export interface QueueWatcher<E> {
  set(i: number, e: E | undefined): void;
  /** Indices shifted (compaction, a mid-queue insert): everything is to be read again. */
  reset(): void;
}

/**
 * Two min-segment trees over the positions of a JobQueue, so that EASY's backfill scan can jump to the
 * next entry that could possibly be admitted instead of walking a saturated queue one by one:
 * - by size: whole devices of a request allowed on every pool; −∞ for any other request (a share,
 *   model-restricted), so those are always visited;
 * - by estimate.
 * `nextBySize(from, max)` is the first position ≥ from whose value is ≤ max (O(log n)); holes hold ∞.
 * After a reset the trees are rebuilt from the queue on the next query (O(n)).
 */
export class QueueIndex<E extends IndexedEntry> implements QueueWatcher<E> {
  private leaves = 0;
  private bySize = new Float64Array(0);
  private byEstimate = new Float64Array(0);
  private stale = true;

  constructor(private readonly queue: { readonly end: number; at(i: number): E | undefined }) {}

  set(i: number, e: E | undefined): void {
    if (this.stale) return;
    if (i >= this.leaves) {
      this.stale = true;
      return;
    }
    update(this.bySize, this.leaves + i, e ? sizeOf(e) : Infinity);
    update(this.byEstimate, this.leaves + i, e ? e.job.estimate : Infinity);
  }

  reset(): void {
    this.stale = true;
  }

  nextBySize(from: number, max: number): number {
    this.fresh();
    return firstAtMost(this.bySize, this.leaves, from, max);
  }

  nextByEstimate(from: number, max: number): number {
    this.fresh();
    return firstAtMost(this.byEstimate, this.leaves, from, max);
  }

  private fresh(): void {
    if (!this.stale) return;
    const end = this.queue.end;
    let leaves = Math.max(this.leaves, 64);
    while (leaves < end + 1) leaves *= 2;
    if (leaves !== this.leaves) {
      this.leaves = leaves;
      this.bySize = new Float64Array(2 * leaves);
      this.byEstimate = new Float64Array(2 * leaves);
    }
    const size = this.bySize;
    const estimate = this.byEstimate;
    size.fill(Infinity);
    estimate.fill(Infinity);
    for (let i = 0; i < end; i++) {
      const e = this.queue.at(i);
      if (!e) continue;
      size[leaves + i] = sizeOf(e);
      estimate[leaves + i] = e.job.estimate;
    }
    for (let n = leaves - 1; n >= 1; n--) {
      size[n] = Math.min(size[2 * n] ?? Infinity, size[2 * n + 1] ?? Infinity);
      estimate[n] = Math.min(estimate[2 * n] ?? Infinity, estimate[2 * n + 1] ?? Infinity);
    }
    this.stale = false;
  }
}

function sizeOf(e: IndexedEntry): number {
  const d = e.demand;
  return d.whole > 0 && d.poolKey === '' ? d.whole : -Infinity;
}

function update(tree: Float64Array, leaf: number, value: number): void {
  tree[leaf] = value;
  for (let n = leaf >> 1; n >= 1; n >>= 1) {
    const v = Math.min(tree[2 * n] ?? Infinity, tree[2 * n + 1] ?? Infinity);
    if (tree[n] === v) break;
    tree[n] = v;
  }
}

/** First leaf position ≥ from whose value is ≤ max, or -1. */
function firstAtMost(tree: Float64Array, leaves: number, from: number, max: number): number {
  if (from >= leaves) return -1;
  let n = leaves + from;
  // Climb until a subtree starting at or after `from` holds a small enough value.
  while ((tree[n] ?? Infinity) > max) {
    while ((n & 1) === 1) n >>= 1;
    if (n === 0) return -1;
    n++;
  }
  // Descend to its leftmost such leaf.
  while (n < leaves) {
    n <<= 1;
    if ((tree[n] ?? Infinity) > max) n++;
  }
  return n - leaves;
}
