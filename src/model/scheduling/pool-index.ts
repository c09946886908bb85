import { MILLI_PER_DEVICE, type PoolLayout } from './cluster-view.js';
import { IndexSet } from './index-set.js';

// Sorted key of a partly used device: free milli-units × 2^24 + device index (exact in a double).
export const KEY_SCALE = 2 ** 24;

/** Sort key of a partly used device holding `used` milli-units. */
export function sharedKey(used: number, device: number): number {
  return (MILLI_PER_DEVICE - used) * KEY_SCALE + device;
}

/**
 * The indexes of one pool of a Cluster, kept up to date on every mutation so that placement queries
 * never scan all nodes:
 * - buckets of nodes by their number of *free whole devices* (devices with nothing allocated),
 *   0…devicesPerNode, each a bitset answering "lowest node index" quickly;
 * - the partly used devices (0 < allocated < 1000) sorted by (free milli-units, device index), for
 *   best-fit sharing;
 * - the pool's count of free whole devices.
 * Nodes are local indices here (0…nodes-1); the Cluster translates.
 */
export class PoolIndex {
  /**
   * buckets[f] = local indices of nodes with exactly f free whole devices, for f ≥ 1; nothing asks for
   * the full nodes (f = 0), so buckets[0] stays empty and a busy one-device node costs one set change.
   */
  private readonly buckets: IndexSet[];
  /** sorted keys of partly used devices, [0, sharedCount) */
  private shared: Float64Array;
  private sharedCount = 0;
  private free: number;

  constructor(
    readonly layout: PoolLayout,
    from?: PoolIndex,
  ) {
    if (from) {
      this.buckets = from.buckets.map((b) => b.clone());
      this.shared = from.shared.slice();
      this.sharedCount = from.sharedCount;
      this.free = from.free;
      return;
    }
    this.buckets = [];
    for (let f = 0; f <= layout.devicesPerNode; f++) this.buckets.push(new IndexSet(layout.nodes));
    const full = this.bucket(layout.devicesPerNode);
    for (let n = 0; n < layout.nodes; n++) full.add(n);
    this.shared = new Float64Array(Math.min(64, layout.nodes * layout.devicesPerNode));
    this.free = layout.nodes * layout.devicesPerNode;
  }

  /** An independent copy. */
  clone(): PoolIndex {
    return new PoolIndex(this.layout, this);
  }

  /** Devices with nothing allocated. */
  get freeWhole(): number {
    return this.free;
  }

  /** Nodes with every device free. */
  get fullNodeCount(): number {
    return this.bucket(this.layout.devicesPerNode).size;
  }

  /** Local index of the node with the fewest free whole devices that is still ≥ k (ties: lowest); -1 if none. */
  bestNode(k: number): number {
    const dpn = this.layout.devicesPerNode;
    for (let f = Math.max(k, 1); f <= dpn; f++) {
      const b = this.bucket(f);
      if (b.size > 0) return b.first();
    }
    return -1;
  }

  /** Writes the out.length lowest-indexed completely free nodes, cluster-wide, into out; false if there are fewer. */
  fullNodesInto(out: Int32Array): boolean {
    return this.bucket(this.layout.devicesPerNode).lowest(out, this.layout.firstNode);
  }

  /** A node's free whole devices go from `from` to `to`. */
  moveNode(local: number, from: number, to: number): void {
    if (from > 0) this.bucket(from).delete(local);
    if (to > 0) this.bucket(to).add(local);
    this.free += to - from;
  }

  /**
   * One-device nodes only: the nodes of these devices (cluster-wide device indices of this pool) all
   * become busy, or all free — what a whole-device placement does, without a bucket lookup per node.
   */
  setOneDeviceNodes(devices: Int32Array, busy: boolean): void {
    if (busy) this.bucket(1).deleteSorted(devices, -this.layout.firstDevice);
    else this.bucket(1).addSorted(devices, -this.layout.firstDevice);
    this.free += busy ? -devices.length : devices.length;
  }

  /** Smallest key of a partly used device with ≥ milli free (see sharedKey), or -1. */
  bestSharedKey(milli: number): number {
    const i = lowerBound(this.shared, this.sharedCount, milli * KEY_SCALE);
    return i < this.sharedCount ? (this.shared[i] ?? -1) : -1;
  }

  /** Keeps the partly-used-device index in step with device d going from `old` to `next` milli-units. */
  reindexShared(d: number, old: number, next: number): void {
    if (old > 0 && old < MILLI_PER_DEVICE) this.sharedRemove(sharedKey(old, d));
    if (next > 0 && next < MILLI_PER_DEVICE) this.sharedInsert(sharedKey(next, d));
  }

  sharedInsert(key: number): void {
    if (this.sharedCount === this.shared.length) {
      const grown = new Float64Array(Math.max(16, this.shared.length * 2));
      grown.set(this.shared);
      this.shared = grown;
    }
    const i = lowerBound(this.shared, this.sharedCount, key);
    this.shared.copyWithin(i + 1, i, this.sharedCount);
    this.shared[i] = key;
    this.sharedCount++;
  }

  sharedRemove(key: number): void {
    const i = lowerBound(this.shared, this.sharedCount, key);
    if (i >= this.sharedCount || this.shared[i] !== key) throw new Error(`internal: shared-device index lost key ${key}`);
    this.shared.copyWithin(i, i + 1, this.sharedCount);
    this.sharedCount--;
  }

  private bucket(f: number): IndexSet {
    const b = this.buckets[f];
    if (!b) throw new RangeError(`pool ${this.layout.name}: no node can have ${f} free devices`);
    return b;
  }
}

/** First index in a[0, n) with a[i] ≥ key. */
function lowerBound(a: Float64Array, n: number, key: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? Infinity) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
