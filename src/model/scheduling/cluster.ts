import type { Pool } from '../types.js';
import { MILLI_PER_DEVICE, type ClusterView, type PoolLayout, type PoolSpec } from './cluster-view.js';
import { canEverPlace, canPlace, demandOf, findPlacement, type Demand, type DeviceRequest, type Placement } from './placement.js';
import { MigLedger, type MigRequest } from './mig-ledger.js';
import { KEY_SCALE, PoolIndex } from './pool-index.js';

export { MILLI_PER_DEVICE, type PoolLayout, type PoolSpec } from './cluster-view.js';

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
 * Per pool, a PoolIndex (pool-index.ts) answers the placement queries without scanning all nodes;
 * counters of free whole devices and free milli-units are kept cluster-wide.
 *
 * The placement *rules* live in placement.ts; this class holds the state and answers indexed queries.
 * No time, no I/O: callers integrate busy device-seconds themselves.
 */

const MAX_DEVICES = KEY_SCALE;
/** distinct request sizes whose Demand is kept (fractional sizes could be many) */
const MAX_SHARED_DEMANDS = 4096;

export class Cluster implements ClusterView {
  readonly pools: readonly PoolLayout[];
  readonly allPools: readonly number[];
  readonly nodeCount: number;
  readonly deviceCount: number;
  private index: PoolIndex[];
  /** allocated milli-units per device */
  private readonly used: Uint16Array;
  /** free whole devices per node */
  private readonly nodeFree: Int32Array;
  private readonly nodePool: Int32Array;
  private readonly deviceNode: Int32Array;
  private totalFreeWhole: number;
  private totalFreeMilli: number;
  private mutations = 0;
  private readonly plainDemands = new Map<number | MigRequest, Demand>();
  /** MIG state, made when the first MIG instance is placed: clusters without MIG never touch it */
  private mig: MigLedger | undefined;

  constructor(pools: readonly PoolSpec[]) {
    const layouts: PoolLayout[] = [];
    let nodes = 0;
    let devices = 0;
    pools.forEach((p, index) => {
      if (!Number.isInteger(p.nodes) || p.nodes < 0) throw new RangeError(`pool ${p.name}: nodes must be an integer ≥ 0, got ${p.nodes}`);
      if (!Number.isInteger(p.devicesPerNode) || p.devicesPerNode < 1) {
        throw new RangeError(`pool ${p.name}: devicesPerNode must be an integer ≥ 1, got ${p.devicesPerNode}`);
      }
      const domainNodes = p.domainNodes ?? 1;
      if (!Number.isInteger(domainNodes) || domainNodes < 1) throw new RangeError(`pool ${p.name}: domainNodes must be an integer ≥ 1, got ${domainNodes}`);
      // The spec's fields, then the layout's own.
      layouts.push({ ...p, domainNodes, leafFirstNodes: p.leafFirstNodes ?? 0, index, firstNode: nodes, firstDevice: devices });
      nodes += p.nodes;
      devices += p.nodes * p.devicesPerNode;
    });
    if (devices > MAX_DEVICES) throw new RangeError(`a cluster holds at most ${MAX_DEVICES} devices, got ${devices}`);
    this.pools = layouts;
    this.allPools = layouts.map((p) => p.index);
    this.nodeCount = nodes;
    this.deviceCount = devices;
    this.used = new Uint16Array(devices);
    this.nodeFree = new Int32Array(nodes);
    this.nodePool = new Int32Array(nodes);
    this.deviceNode = new Int32Array(devices);
    for (const layout of layouts) {
      for (let n = 0; n < layout.nodes; n++) {
        const node = layout.firstNode + n;
        this.nodeFree[node] = layout.devicesPerNode;
        this.nodePool[node] = layout.index;
        const d0 = layout.firstDevice + n * layout.devicesPerNode;
        this.deviceNode.fill(node, d0, d0 + layout.devicesPerNode);
      }
    }
    this.index = layouts.map((layout) => new PoolIndex(layout));
    this.totalFreeWhole = devices;
    this.totalFreeMilli = devices * MILLI_PER_DEVICE;
  }

  /** One pool per `Pool` of the typed scenario (device model = the pool's device profile id). */
  static fromPools(pools: readonly Pool[]): Cluster {
    return new Cluster(pools.map(clusterPoolOf));
  }

  /** An independent copy of the whole allocation state. */
  clone(): Cluster {
    const c = new Cluster(this.pools);
    c.used.set(this.used);
    c.nodeFree.set(this.nodeFree);
    c.totalFreeWhole = this.totalFreeWhole;
    c.totalFreeMilli = this.totalFreeMilli;
    c.mutations = this.mutations;
    c.index = this.index.map((s) => s.clone());
    c.mig = this.mig?.clone();
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
    for (const s of this.index) n += s.freeWhole - s.layout.devicesPerNode * s.fullNodeCount;
    return n;
  }

  /** Increases on every occupy/release; lets a holder of a copy detect changes it did not see. */
  get version(): number {
    return this.mutations;
  }

  poolFreeWholeDevices(pool: number): number {
    return this.poolIndex(pool).freeWhole;
  }

  /** Nodes of `pool` with every device completely free. */
  fullNodeCount(pool: number): number {
    return this.poolIndex(pool).fullNodeCount;
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

  /**
   * Validated, pool-resolved form of a request; compute once per job and reuse. Requests without
   * gpuModels share one Demand per size (a replay holds one per waiting job otherwise).
   * @throws RangeError
   */
  demand(request: DeviceRequest): Demand {
    if (request.gpuModels !== undefined) return demandOf(this, request);
    // MIG requests share one Demand per request object: a workload's jobs share theirs.
    const key = request.mig ?? request.devices;
    let d = this.plainDemands.get(key);
    if (!d) {
      d = demandOf(this, request);
      if (this.plainDemands.size < MAX_SHARED_DEMANDS) this.plainDemands.set(key, d);
    }
    return d;
  }

  canPlace(request: DeviceRequest): boolean {
    return canPlace(this, this.demand(request));
  }

  /** Places and allocates; undefined when it does not fit now. */
  place(request: DeviceRequest): Placement | undefined {
    return this.placeDemand(this.demand(request));
  }

  /** Would the request fit on this cluster with nothing running? */
  canEverPlace(request: DeviceRequest): boolean {
    return canEverPlace(this, this.demand(request));
  }

  canEverPlaceDemand(demand: Demand): boolean {
    return canEverPlace(this, demand);
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

  // ---- indexed queries used by placement.ts (ClusterView) -----------------------------------------

  bestNode(pool: number, k: number): number {
    const s = this.poolIndex(pool);
    const local = s.bestNode(k);
    return local < 0 ? -1 : s.layout.firstNode + local;
  }

  fullNodesInto(pool: number, out: Int32Array): boolean {
    return this.poolIndex(pool).fullNodesInto(out);
  }

  /**
   * Best fit for sharing: the partly used device of `pool` with the fewest free milli-units that are
   * still ≥ milli (ties: lowest device index); -1 if none.
   */
  bestSharedDevice(pool: number, milli: number): number {
    const key = this.bestSharedKey(pool, milli);
    return key < 0 ? -1 : this.deviceOfSharedKey(key);
  }

  bestSharedKey(pool: number, milli: number): number {
    return this.poolIndex(pool).bestSharedKey(milli);
  }

  deviceOfSharedKey(key: number): number {
    return key % KEY_SCALE;
  }

  freeDevicesInto(node: number, k: number, out: Int32Array, at: number): void {
    const pool = this.pools[this.poolOfNode(node)];
    if (!pool) throw new RangeError(`no node ${node} (cluster has ${this.nodeCount})`);
    const d0 = pool.firstDevice + (node - pool.firstNode) * pool.devicesPerNode;
    let j = 0;
    for (let d = d0; j < k && d < d0 + pool.devicesPerNode; d++) if (this.used[d] === 0) out[at + j++] = d;
    if (j < k) throw new RangeError(`node ${node} has ${j} free devices, asked for ${k}`);
  }

  migOpen(first: number, end: number, r: MigRequest, need: number): readonly { readonly device: number; readonly room: number }[] {
    return this.mig?.open(first, end, r, need) ?? [];
  }

  /** The k lowest-indexed completely free devices of a node. @throws RangeError if it has fewer */
  freeDevicesOn(node: number, k: number): Int32Array {
    const out = new Int32Array(k);
    this.freeDevicesInto(node, k, out, 0);
    return out;
  }

  // ---- mutation -----------------------------------------------------------------------------------

  /**
   * Allocates exactly the devices of a placement (`milli` on each; a MIG placement's device listed k
   * times takes k instances). `place` calls it; callers use it to undo a `release` (what-if
   * evaluation, reprieving a preemption victim).
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
    const used = this.used;
    const mig = p.mig;
    let prev = -1;
    let run = 0;
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i] ?? -1;
      const u = used[d];
      if (u === undefined) throw new RangeError(`${what}: no device ${d} (cluster has ${this.deviceCount})`);
      // Only a MIG placement lists a device again (one entry per instance).
      if (d < prev || (d === prev && !mig)) throw new RangeError(`${what}: placement devices must be distinct and ascending, got ${d} after ${prev}`);
      const next = (d === prev ? run : u) + delta;
      prev = d;
      run = next;
      if (next > MILLI_PER_DEVICE) throw new RangeError(`${what}: device ${d} would hold ${next} milli-units (> 1000): double booking`);
      if (next < 0) throw new RangeError(`${what}: device ${d} holds ${u} milli-units, cannot release ${-delta}: not allocated`);
    }
    if (mig) this.applyMig(devices, mig, delta > 0 ? 1 : -1);
    const whole = p.milli === MILLI_PER_DEVICE;
    const pool = this.poolIndex(this.poolOfNode(this.nodeOfDevice(devices[0] ?? -1)));
    if (whole && !mig && pool.layout.devicesPerNode === 1 && prev < pool.layout.firstDevice + pool.layout.nodes) this.applyOneDeviceNodes(pool, devices, delta);
    else this.applyByNode(pool, devices, delta, whole || mig !== undefined);
    this.totalFreeMilli -= delta * devices.length;
    this.mutations++;
  }

  /** MIG instances on their GPUs' slice budgets; throws (before the milli ledger changes) when they do not fit. */
  private applyMig(devices: Int32Array, mig: MigRequest, sign: 1 | -1): void {
    (this.mig ??= new MigLedger(this.deviceCount)).apply(devices, mig, sign, (d) => this.used[d] === 0);
  }

  /** Whole devices of one pool of one-device nodes (the devices are ascending, so all in the pool). */
  private applyOneDeviceNodes(pool: PoolIndex, devices: Int32Array, delta: number): void {
    const busy = delta > 0;
    pool.setOneDeviceNodes(devices, busy);
    const used = this.used;
    const nodeFree = this.nodeFree;
    const toNode = pool.layout.firstNode - pool.layout.firstDevice;
    const next = busy ? MILLI_PER_DEVICE : 0;
    const free = busy ? 0 : 1;
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i] ?? -1;
      used[d] = next;
      nodeFree[d + toNode] = free;
    }
    this.totalFreeWhole += busy ? -devices.length : devices.length;
  }

  /**
   * Any placement: moves each node between free-count buckets once. `unshared`: the devices never
   * enter the partly-used index (whole devices, and MIG instances, which shares must not join).
   */
  private applyByNode(first: PoolIndex, devices: Int32Array, delta: number, unshared: boolean): void {
    const used = this.used;
    const deviceNode = this.deviceNode;
    let pool = first;
    let node = -1;
    let nodeDelta = 0;
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i] ?? -1;
      const n = deviceNode[d] ?? -1;
      if (n !== node) {
        if (nodeDelta !== 0) this.moveNode(pool, node, nodeDelta);
        node = n;
        nodeDelta = 0;
        // Placements lie in one pool; a hand-made one may not, and is served all the same.
        if (n < pool.layout.firstNode || n >= pool.layout.firstNode + pool.layout.nodes) pool = this.poolIndex(this.poolOfNode(n));
      }
      const old = used[d] ?? 0;
      const next = old + delta;
      used[d] = next;
      // Whole devices go 0 ↔ 1000 and never touch the shared-device index.
      if (!unshared) pool.reindexShared(d, old, next);
      if (old === 0) nodeDelta--;
      else if (next === 0) nodeDelta++;
    }
    if (nodeDelta !== 0) this.moveNode(pool, node, nodeDelta);
  }

  /** A node of `pool` changes its free whole devices by delta: buckets, node, pool and cluster counters. */
  private moveNode(pool: PoolIndex, node: number, delta: number): void {
    const f = this.nodeFree[node] ?? 0;
    pool.moveNode(node - pool.layout.firstNode, f, f + delta);
    this.nodeFree[node] = f + delta;
    this.totalFreeWhole += delta;
  }

  private poolIndex(pool: number): PoolIndex {
    const s = this.index[pool];
    if (!s) throw new RangeError(`no pool ${pool} (cluster has ${this.index.length})`);
    return s;
  }
}

/** The allocation layout of a scenario pool: its device model, size and scale-up domains. */
export function clusterPoolOf(p: Pool): PoolSpec {
  const leafFirst = p.fabric?.placement === 'leaf-first' ? { leafFirstNodes: p.fabric.nodesPerLeaf } : {};
  return { name: p.id, deviceModel: p.device.id, nodes: p.nodeCount, devicesPerNode: p.devicesPerNode, domainNodes: p.node.scale_up?.domainNodes ?? 1, ...leafFirst };
}
