import type { Pool } from '../types.js';
import { IndexSet } from './index-set.js';
import { canEverPlace, canPlace, demandOf, findPlacement, type Demand, type DeviceRequest, type Placement } from './placement.js';

/**
 * Allocation state of a cluster: pools of identical nodes, each node holding `devicesPerNode` devices
 * of one device model. Every device is tracked individually in milli-units (1000 = the whole device),
 * so fractional requests (GPU sharing: MIG, time-slicing) and whole-device requests share one ledger.
 *
 * Numbering: nodes are numbered 0…nodeCount-1 across the cluster, pool by pool in the order given;
 * devices 0…deviceCount-1 likewise, node by node, so a lower device index always lies on a lower or
 * the same node.
 *
 * Invariant (checked on every mutation, a violation throws before anything changes):
 * 0 ≤ allocated milli-units of a device ≤ 1000 — no device is ever double-booked.
 *
 * Indexes kept up to date on every mutation, so that placement queries never scan all nodes:
 * - per pool, buckets of nodes by their number of *free whole devices* (devices with nothing
 *   allocated), 0…devicesPerNode, each a bitset answering "lowest node index" quickly;
 * - per pool, the partly used devices (0 < allocated < 1000) sorted by (free milli-units, device index)
 *   for best-fit sharing;
 * - counters: free whole devices and free milli-units, cluster-wide and per pool.
 *
 * The placement *rules* live in placement.ts; this class holds the state and answers indexed queries.
 * No time, no I/O: callers integrate busy device-seconds themselves.
 */

export interface PoolSpec {
  /** for reports, e.g. `onprem/h100` */
  readonly name: string;
  /** device model id, matched against a request's `gpuModels`, e.g. `h100-sxm-80gb` */
  readonly deviceModel: string;
  /** integer ≥ 0 */
  readonly nodes: number;
  /** integer ≥ 1 */
  readonly devicesPerNode: number;
}

export interface PoolLayout extends PoolSpec {
  readonly index: number;
  readonly firstNode: number;
  readonly firstDevice: number;
}

/** Whole devices are 1000 milli-units. */
export const MILLI_PER_DEVICE = 1000;

// Sorted key of a partly used device: free milli-units × 2^24 + device index (exact in a double).
const KEY_SCALE = 2 ** 24;
const MAX_DEVICES = KEY_SCALE;

interface PoolState {
  readonly layout: PoolLayout;
  /** buckets[f] = local indices of nodes with exactly f free whole devices */
  readonly buckets: IndexSet[];
  /** sorted keys of partly used devices, [0, sharedCount) */
  shared: Float64Array;
  sharedCount: number;
  freeWhole: number;
}

export class Cluster {
  readonly pools: readonly PoolLayout[];
  readonly nodeCount: number;
  readonly deviceCount: number;
  private state: PoolState[];
  /** allocated milli-units per device */
  private readonly used: Uint16Array;
  /** free whole devices per node */
  private readonly nodeFree: Int32Array;
  private readonly nodePool: Int32Array;
  private readonly deviceNode: Int32Array;
  private totalFreeWhole: number;
  private totalFreeMilli: number;
  private mutations = 0;

  constructor(pools: readonly PoolSpec[]) {
    const layouts: PoolLayout[] = [];
    let nodes = 0;
    let devices = 0;
    pools.forEach((p, index) => {
      if (!Number.isInteger(p.nodes) || p.nodes < 0) throw new RangeError(`pool ${p.name}: nodes must be an integer ≥ 0, got ${p.nodes}`);
      if (!Number.isInteger(p.devicesPerNode) || p.devicesPerNode < 1) {
        throw new RangeError(`pool ${p.name}: devicesPerNode must be an integer ≥ 1, got ${p.devicesPerNode}`);
      }
      layouts.push({ name: p.name, deviceModel: p.deviceModel, nodes: p.nodes, devicesPerNode: p.devicesPerNode, index, firstNode: nodes, firstDevice: devices });
      nodes += p.nodes;
      devices += p.nodes * p.devicesPerNode;
    });
    if (devices > MAX_DEVICES) throw new RangeError(`a cluster holds at most ${MAX_DEVICES} devices, got ${devices}`);
    this.pools = layouts;
    this.nodeCount = nodes;
    this.deviceCount = devices;
    this.used = new Uint16Array(devices);
    this.nodeFree = new Int32Array(nodes);
    this.nodePool = new Int32Array(nodes);
    this.deviceNode = new Int32Array(devices);
    this.state = layouts.map((layout) => {
      const buckets: IndexSet[] = [];
      for (let f = 0; f <= layout.devicesPerNode; f++) buckets.push(new IndexSet(layout.nodes));
      const full = buckets[layout.devicesPerNode]!;
      for (let n = 0; n < layout.nodes; n++) {
        const node = layout.firstNode + n;
        full.add(n);
        this.nodeFree[node] = layout.devicesPerNode;
        this.nodePool[node] = layout.index;
        const d0 = layout.firstDevice + n * layout.devicesPerNode;
        for (let d = 0; d < layout.devicesPerNode; d++) this.deviceNode[d0 + d] = node;
      }
      return { layout, buckets, shared: new Float64Array(Math.min(64, layout.nodes * layout.devicesPerNode)), sharedCount: 0, freeWhole: layout.nodes * layout.devicesPerNode };
    });
    this.totalFreeWhole = devices;
    this.totalFreeMilli = devices * MILLI_PER_DEVICE;
  }

  /** One pool per `Pool` of the typed scenario (device model = the pool's device profile id). */
  static fromPools(pools: readonly Pool[]): Cluster {
    return new Cluster(pools.map((p) => ({ name: p.id, deviceModel: p.device.id, nodes: p.nodeCount, devicesPerNode: p.devicesPerNode })));
  }

  /** An independent copy of the whole allocation state. */
  clone(): Cluster {
    const c = new Cluster(this.pools);
    c.used.set(this.used);
    c.nodeFree.set(this.nodeFree);
    c.totalFreeWhole = this.totalFreeWhole;
    c.totalFreeMilli = this.totalFreeMilli;
    c.mutations = this.mutations;
    c.state = this.state.map((s) => ({ layout: s.layout, buckets: s.buckets.map((b) => b.clone()), shared: s.shared.slice(), sharedCount: s.sharedCount, freeWhole: s.freeWhole }));
    return c;
  }

  // ---- counters -------------------------------------------------------------------------------

  /** Devices with nothing allocated. */
  get freeWholeDevices(): number {
    return this.totalFreeWhole;
  }

  /** Σ over devices of (1000 − allocated milli-units). */
  get freeMilli(): number {
    return this.totalFreeMilli;
  }

  /** Σ allocated milli-units / 1000: the busy device-equivalents a caller integrates over time. */
  get busyDevices(): number {
    return (this.deviceCount * MILLI_PER_DEVICE - this.totalFreeMilli) / MILLI_PER_DEVICE;
  }

  /**
   * Fragmentation: free whole devices that cannot serve a whole-node request, i.e. free devices on
   * nodes that are not completely free (Σ over pools of free whole devices − devicesPerNode × fully
   * free nodes). Partly used devices are not counted.
   */
  get fragmentedDevices(): number {
    let n = 0;
    for (const s of this.state) n += s.freeWhole - s.layout.devicesPerNode * s.buckets[s.layout.devicesPerNode]!.size;
    return n;
  }

  /** Increases on every occupy/release; lets a holder of a copy detect changes it did not see. */
  get version(): number {
    return this.mutations;
  }

  poolFreeWholeDevices(pool: number): number {
    return this.poolState(pool).freeWhole;
  }

  /** Nodes of `pool` with every device completely free. */
  fullNodeCount(pool: number): number {
    const s = this.poolState(pool);
    return s.buckets[s.layout.devicesPerNode]!.size;
  }

  freeOnNode(node: number): number {
    const f = this.nodeFree[node];
    if (f === undefined) throw new RangeError(`no node ${node} (cluster has ${this.nodeCount})`);
    return f;
  }

  poolOfNode(node: number): number {
    const p = this.nodePool[node];
    if (p === undefined) throw new RangeError(`no node ${node} (cluster has ${this.nodeCount})`);
    return p;
  }

  nodeOfDevice(device: number): number {
    const n = this.deviceNode[device];
    if (n === undefined) throw new RangeError(`no device ${device} (cluster has ${this.deviceCount})`);
    return n;
  }

  /** Allocated milli-units of one device, 0…1000. */
  usedMilli(device: number): number {
    const u = this.used[device];
    if (u === undefined) throw new RangeError(`no device ${device} (cluster has ${this.deviceCount})`);
    return u;
  }

  // ---- placement (rules in placement.ts) --------------------------------------------------------

  /** Validated, pool-resolved form of a request; compute once per job and reuse. @throws RangeError */
  demand(request: DeviceRequest): Demand {
    return demandOf(this, request);
  }

  canPlace(request: DeviceRequest): boolean {
    return canPlace(this, demandOf(this, request));
  }

  /** Places and allocates; undefined when it does not fit now. */
  place(request: DeviceRequest): Placement | undefined {
    return this.placeDemand(demandOf(this, request));
  }

  /** Would the request fit on this cluster with nothing running? */
  canEverPlace(request: DeviceRequest): boolean {
    return canEverPlace(this, demandOf(this, request));
  }

  canPlaceDemand(demand: Demand): boolean {
    return canPlace(this, demand);
  }

  /** Where placeDemand would put it, without allocating. */
  locate(demand: Demand): Placement | undefined {
    return findPlacement(this, demand);
  }

  placeDemand(demand: Demand): Placement | undefined {
    const p = findPlacement(this, demand);
    if (p) this.occupy(p);
    return p;
  }

  // ---- indexed queries used by placement.ts ---------------------------------------------------------

  /** The node of `pool` with the fewest free whole devices that is still ≥ k (ties: lowest index); -1 if none. */
  bestNode(pool: number, k: number): number {
    const s = this.poolState(pool);
    const dpn = s.layout.devicesPerNode;
    for (let f = Math.max(k, 1); f <= dpn; f++) {
      const b = s.buckets[f]!;
      if (b.size > 0) return s.layout.firstNode + b.first();
    }
    return -1;
  }

  /** The n lowest-indexed completely free nodes of `pool`; undefined if there are fewer. */
  fullNodes(pool: number, n: number): Int32Array | undefined {
    const s = this.poolState(pool);
    const full = s.buckets[s.layout.devicesPerNode]!;
    if (full.size < n) return undefined;
    const out = new Int32Array(n);
    let local = -1;
    for (let i = 0; i < n; i++) {
      local = full.next(local + 1);
      out[i] = s.layout.firstNode + local;
    }
    return out;
  }

  /**
   * Best fit for sharing: the partly used device of `pool` with the fewest free milli-units that are
   * still ≥ milli (ties: lowest device index); -1 if none.
   */
  bestSharedDevice(pool: number, milli: number): number {
    const key = this.bestSharedKey(pool, milli);
    return key < 0 ? -1 : key % KEY_SCALE;
  }

  /** Sort key (free × 2^24 + device) of bestSharedDevice, or -1; comparable across pools. */
  bestSharedKey(pool: number, milli: number): number {
    const s = this.poolState(pool);
    const i = lowerBound(s.shared, s.sharedCount, milli * KEY_SCALE);
    return i < s.sharedCount ? s.shared[i]! : -1;
  }

  /** The k lowest-indexed completely free devices of a node. @throws RangeError if it has fewer */
  freeDevicesOn(node: number, k: number): Int32Array {
    const pool = this.pools[this.poolOfNode(node)]!;
    const d0 = pool.firstDevice + (node - pool.firstNode) * pool.devicesPerNode;
    const out = new Int32Array(k);
    let j = 0;
    for (let d = d0; j < k && d < d0 + pool.devicesPerNode; d++) if (this.used[d] === 0) out[j++] = d;
    if (j < k) throw new RangeError(`node ${node} has ${j} free devices, asked for ${k}`);
    return out;
  }

  // ---- mutation -----------------------------------------------------------------------------------

  /**
   * Allocates exactly the devices of a placement (`milli` on each). `place` calls it; callers use it
   * to undo a `release` (what-if evaluation, reprieving a preemption victim).
   * @throws RangeError, leaving the state unchanged, if a device would exceed 1000 milli-units
   */
  occupy(p: Placement): void {
    this.apply(p, p.milli, 'occupy');
  }

  /**
   * Frees the devices of a placement.
   * @throws RangeError, leaving the state unchanged, if a device holds fewer milli-units than released
   */
  release(p: Placement): void {
    this.apply(p, -p.milli, 'release');
  }

  private apply(p: Placement, delta: number, what: string): void {
    const devices = p.devices;
    if (!Number.isInteger(p.milli) || p.milli < 1 || p.milli > MILLI_PER_DEVICE) throw new RangeError(`${what}: milli must be an integer in [1, 1000], got ${p.milli}`);
    if (devices.length === 0) throw new RangeError(`${what}: placement lists no devices`);
    let prev = -1;
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i]!;
      const u = this.used[d];
      if (u === undefined) throw new RangeError(`${what}: no device ${d} (cluster has ${this.deviceCount})`);
      if (d <= prev) throw new RangeError(`${what}: placement devices must be distinct and ascending, got ${d} after ${prev}`);
      prev = d;
      const next = u + delta;
      if (next > MILLI_PER_DEVICE) throw new RangeError(`${what}: device ${d} would hold ${next} milli-units (> 1000): double booking`);
      if (next < 0) throw new RangeError(`${what}: device ${d} holds ${u} milli-units, cannot release ${-delta}: not allocated`);
    }
    if (p.milli === MILLI_PER_DEVICE) this.applyWhole(devices, delta);
    else this.applyShares(devices, delta);
    this.totalFreeMilli -= delta * devices.length;
    this.mutations++;
  }

  /** Whole devices go 0 ↔ 1000: no shared-device index to touch; one bucket move per node. */
  private applyWhole(devices: Int32Array, delta: number): void {
    const used = this.used;
    const deviceNode = this.deviceNode;
    const next = delta > 0 ? MILLI_PER_DEVICE : 0;
    const step = delta > 0 ? -1 : 1;
    let node = -1;
    let nodeDelta = 0;
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i]!;
      used[d] = next;
      const n = deviceNode[d]!;
      if (n !== node) {
        if (nodeDelta !== 0) this.moveNode(node, nodeDelta);
        node = n;
        nodeDelta = 0;
      }
      nodeDelta += step;
    }
    if (nodeDelta !== 0) this.moveNode(node, nodeDelta);
  }

  private applyShares(devices: Int32Array, delta: number): void {
    // Apply, moving each node between free-count buckets once.
    let node = -1;
    let nodeDelta = 0;
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i]!;
      const n = this.deviceNode[d]!;
      if (n !== node) {
        if (nodeDelta !== 0) this.moveNode(node, nodeDelta);
        node = n;
        nodeDelta = 0;
      }
      nodeDelta += this.setUsed(d, this.used[d]! + delta);
    }
    if (nodeDelta !== 0) this.moveNode(node, nodeDelta);
  }

  /** Sets one device's allocation; returns the change in its node's free whole devices (-1, 0, +1). */
  private setUsed(d: number, next: number): number {
    const old = this.used[d]!;
    this.used[d] = next;
    const s = this.state[this.nodePool[this.deviceNode[d]!]!]!;
    if (old > 0 && old < MILLI_PER_DEVICE) this.sharedRemove(s, (MILLI_PER_DEVICE - old) * KEY_SCALE + d);
    if (next > 0 && next < MILLI_PER_DEVICE) this.sharedInsert(s, (MILLI_PER_DEVICE - next) * KEY_SCALE + d);
    if (old === 0 && next > 0) return -1;
    if (old > 0 && next === 0) return 1;
    return 0;
  }

  /** A node's free whole devices change by delta: buckets, node, pool and cluster counters. */
  private moveNode(node: number, delta: number): void {
    const s = this.state[this.nodePool[node]!]!;
    const local = node - s.layout.firstNode;
    const f = this.nodeFree[node]!;
    s.buckets[f]!.delete(local);
    s.buckets[f + delta]!.add(local);
    this.nodeFree[node] = f + delta;
    s.freeWhole += delta;
    this.totalFreeWhole += delta;
  }

  private sharedInsert(s: PoolState, key: number): void {
    if (s.sharedCount === s.shared.length) {
      const grown = new Float64Array(Math.max(16, s.shared.length * 2));
      grown.set(s.shared);
      s.shared = grown;
    }
    const i = lowerBound(s.shared, s.sharedCount, key);
    s.shared.copyWithin(i + 1, i, s.sharedCount);
    s.shared[i] = key;
    s.sharedCount++;
  }

  private sharedRemove(s: PoolState, key: number): void {
    const i = lowerBound(s.shared, s.sharedCount, key);
    if (i >= s.sharedCount || s.shared[i] !== key) throw new Error(`internal: shared-device index lost key ${key}`);
    s.shared.copyWithin(i, i + 1, s.sharedCount);
    s.sharedCount--;
  }

  private poolState(pool: number): PoolState {
    const s = this.state[pool];
    if (!s) throw new RangeError(`no pool ${pool} (cluster has ${this.state.length})`);
    return s;
  }
}

/** First index in a[0, n) with a[i] ≥ key. */
function lowerBound(a: Float64Array, n: number, key: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
