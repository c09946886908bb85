import type { ClusterView } from './cluster-view.js';
import { fullNodesInDomains } from './domain-placement.js';
import { indexList } from './index-lists.js';
import { migMilli, type MigRequest } from './mig-ledger.js';
import { canEverPlaceMig, findMigSpot } from './mig-placement.js';

/**
 * Placement rules: where a request goes on a Cluster. Pure functions of the cluster state, read
 * through ClusterView; the only mutation is Cluster.placeDemand, which allocates what `findPlacement`
 * returns.
 *
 * Requests. `devices` is either a whole number of devices (integer ≥ 1) or a share of ONE device
 * (0 < x < 1), stored as milli-units round(x × 1000) clamped to [1, 1000] (0.46 GPU → 460), as in the
 * GPU-sharing jobs of the Alibaba GPU v2023 trace (MIG / time-slicing). `gpuModels`, when given,
 * restricts placement to pools whose device model is listed; an empty list matches nothing.
 *
 * Rules (all ties broken by the lowest index, so placement is deterministic):
 * 1. Whole devices, d ≤ devicesPerNode of some allowed pool: one node, chosen by best fit — the node
 *    with the fewest free whole devices that still has ≥ d, across all allowed pools with
 *    devicesPerNode ≥ d (ties: lowest node index). This keeps completely free nodes for big jobs
 *    (the usual fragmentation-aware heuristic). The job gets that node's d lowest-indexed free devices.
 * 2. Whole devices, when rule 1 finds no node: in the allowed pools where d > devicesPerNode, n =
 *    ceil(d / devicesPerNode) *completely free* nodes of one pool — the lowest-indexed allowed pool
 *    with enough of them, and in it the n lowest-indexed free nodes. The first n − 1 nodes are used
 *    entirely; on the last the job takes the d − (n − 1) × devicesPerNode lowest-indexed devices, and
 *    the rest of that node stays available to other jobs.
 *    On a pool whose scale-up domains join several nodes (domainNodes > 1, e.g. NVL72 trays) the n
 *    nodes are chosen domain by domain instead: the best-fit domain that holds them all, else the
 *    fewest domains (domain-placement.ts). Which nodes, not whether: feasibility is the same. A pool
 *    with a leaf-first fabric (leafFirstNodes > 1) chooses them leaf by leaf by the same rule.
 *    Why completely free nodes, also for the last one: a gang job's reservation is then simply
 *    "n free nodes", which EASY backfill can compute and protect; multi-node jobs in public traces
 *    ask for multiples of a node almost always, so the stricter rule rarely costs anything.
 *    Why the remainder stays available: holding devices the job did not ask for would count them as
 *    busy and bias utilisation and cost; other jobs can use them through rule 1.
 * 3. A share of one device: best fit among partly used devices — the one with the fewest free
 *    milli-units that are still enough (ties: lowest device index), across allowed pools; if none, a
 *    completely free device on the node with the fewest free whole devices (≥ 1), as in rule 1 with
 *    d = 1, taking that node's lowest-indexed free device. A shared device never goes above 1000
 *    milli-units, and whole-device jobs only ever take devices with nothing allocated.
 *
 * 4. MIG instances (`mig`): on GPUs of the request's device model only, by the rule of
 *    mig-placement.ts. Each instance holds milli = ⌊1000 × compute slices / GPU compute slices⌋ of
 *    its GPU in the ledger (so a fully partitioned GPU never exceeds 1000); the slice budget and the
 *    GPU's MIG mode are kept by the Cluster's MigLedger (mig-ledger.ts). A GPU in MIG mode is never
 *    in the partly-used index of rule 3, so shares and instances never mix on one GPU.
 *
 * Feasibility is monotone in size, which the schedulers rely on to skip hopeless candidates quickly:
 * if d whole devices cannot be placed now, neither can d' > d under the same gpuModels; if a share of
 * m milli-units cannot, neither can any larger share nor any whole-device request. MIG requests are
 * outside this order: a GPU in MIG mode may have room for an instance when no share fits anywhere.
 */

export interface DeviceRequest {
  /** whole devices (integer ≥ 1) or a share of one device (0 < x < 1) */
  readonly devices: number;
  /** allowed device models; absent = any */
  readonly gpuModels?: readonly string[];
  /** MIG instances instead of devices; `devices` is then their compute share, count × slices / GPU slices */
  readonly mig?: MigRequest;
}

/** A request resolved against one cluster: ClusterView.demand(request). */
export interface Demand {
  /** whole devices, or 0 for a share */
  readonly whole: number;
  /** milli-units per device: 1000 for whole devices, the share otherwise */
  readonly milli: number;
  /** allowed pool indices, ascending */
  readonly pools: readonly number[];
  /**
   * identifies the allowed pool set: '' when every pool is allowed; a MIG request's also names its
   * profile and count, so that demands with one key are the same request (scan-memo.ts relies on it)
   */
  readonly poolKey: string;
  /** MIG instances (whole 0, milli per instance) */
  readonly mig?: MigRequest;
}

export interface Placement {
  /** pool index in Cluster.pools */
  readonly pool: number;
  /** node indices (cluster-wide), ascending; one entry unless the job spans nodes */
  readonly nodes: Int32Array;
  /** device indices (cluster-wide), distinct and ascending */
  readonly devices: Int32Array;
  /** milli-units allocated on each listed device: 1000 for whole-device jobs */
  readonly milli: number;
  /**
   * MIG instances: `devices` then lists one entry per instance, non-decreasing (a GPU holding two of
   * the job's instances is listed twice), and `milli` is per instance
   */
  readonly mig?: MigRequest;
}

/** Device-equivalents a placement holds (devices × milli / 1000), e.g. for busy-time integrals. */
export function placementDevices(p: Placement): number {
  return (p.devices.length * p.milli) / 1000;
}

/** 0.46 → 460, clamped to [1, 1000]. */
export function shareToMilli(share: number): number {
  return Math.min(1000, Math.max(1, Math.round(share * 1000)));
}

/** @throws RangeError when `devices` is neither an integer ≥ 1 nor in (0, 1) */
export function demandOf(cluster: ClusterView, request: DeviceRequest): Demand {
  if (request.mig) return migDemandOf(cluster, request, request.mig);
  const d = request.devices;
  let whole: number;
  let milli: number;
  if (Number.isInteger(d) && d >= 1) {
    whole = d;
    milli = 1000;
  } else if (d > 0 && d < 1) {
    whole = 0;
    milli = shareToMilli(d);
  } else {
    throw new RangeError(`devices must be an integer ≥ 1 or a share in (0, 1), got ${d}`);
  }
  const models = request.gpuModels;
  if (models === undefined) return { whole, milli, pools: cluster.allPools, poolKey: '' };
  const pools = cluster.pools.filter((p) => models.includes(p.deviceModel)).map((p) => p.index);
  return { whole, milli, pools, poolKey: pools.length === cluster.pools.length ? '' : `[${pools.join(',')}]` };
}

/** @throws RangeError on a MIG request whose slices or count are not positive integers */
function migDemandOf(cluster: ClusterView, request: DeviceRequest, r: MigRequest): Demand {
  for (const [what, v] of [
    ['count', r.count],
    ['computeSlices', r.computeSlices],
    ['memorySlices', r.memorySlices],
    ['maxInstances', r.maxInstances],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`MIG ${r.profile}: ${what} must be an integer ≥ 1, got ${v}`);
  }
  if (r.computeSlices > r.totalCompute || r.memorySlices > r.totalMemory) throw new RangeError(`MIG ${r.profile}: takes more slices than its GPU has`);
  const models = request.gpuModels;
  const pools = cluster.pools.filter((p) => p.deviceModel === r.deviceModel && (models === undefined || models.includes(p.deviceModel))).map((p) => p.index);
  return { whole: 0, milli: migMilli(r), pools, poolKey: `mig[${pools.join(',')}]${r.profile}×${r.count}`, mig: r };
}

export function canPlace(cluster: ClusterView, d: Demand): boolean {
  if (d.mig) return findMigSpot(cluster, d.pools, d.mig) !== undefined;
  if (d.whole === 0) {
    for (const p of d.pools) if (cluster.poolFreeWholeDevices(p) > 0 || cluster.bestSharedKey(p, d.milli) >= 0) return true;
    return false;
  }
  for (const p of d.pools) {
    const dpn = devicesPerNode(cluster, p);
    if (d.whole <= dpn) {
      if (cluster.poolFreeWholeDevices(p) >= d.whole && cluster.bestNode(p, d.whole) >= 0) return true;
    } else if (cluster.fullNodeCount(p) >= Math.ceil(d.whole / dpn)) {
      return true;
    }
  }
  return false;
}

/** Would the demand fit with nothing allocated? */
export function canEverPlace(cluster: ClusterView, d: Demand): boolean {
  if (d.mig) return canEverPlaceMig(cluster, d.pools, d.mig);
  for (const p of d.pools) {
    const pool = cluster.pools[p];
    if (pool && pool.nodes > 0 && (d.whole <= pool.devicesPerNode || Math.ceil(d.whole / pool.devicesPerNode) <= pool.nodes)) return true;
  }
  return false;
}

/** Where the rules put the demand now; undefined if it does not fit. Allocates nothing. */
export function findPlacement(cluster: ClusterView, d: Demand): Placement | undefined {
  if (d.mig) {
    const spot = findMigSpot(cluster, d.pools, d.mig);
    return spot && { pool: spot.pool, nodes: spot.nodes, devices: spot.devices, milli: d.milli, mig: d.mig };
  }
  return d.whole === 0 ? findShare(cluster, d) : findWhole(cluster, d);
}

function findWhole(cluster: ClusterView, d: Demand): Placement | undefined {
  const w = d.whole;
  // Rule 1: best single node across pools.
  let bestNode = -1;
  let bestFree = Infinity;
  for (const p of d.pools) {
    if (w > devicesPerNode(cluster, p) || cluster.poolFreeWholeDevices(p) < w) continue;
    const node = cluster.bestNode(p, w);
    if (node < 0) continue;
    const free = cluster.freeOnNode(node);
    if (free < bestFree || (free === bestFree && node < bestNode)) {
      bestNode = node;
      bestFree = free;
    }
  }
  if (bestNode >= 0) return onOneNode(cluster, bestNode, w, 1000);
  // Rule 2: completely free nodes of the first pool that has enough.
  for (const p of d.pools) {
    const dpn = devicesPerNode(cluster, p);
    const n = Math.ceil(w / dpn);
    if (w <= dpn || cluster.fullNodeCount(p) < n) continue;
    const nodes = indexList(n);
    const layout = cluster.pools[p];
    if (layout && layout.domainNodes > 1) fullNodesInDomains(cluster, layout, nodes);
    else if (layout && layout.leafFirstNodes > 1) fullNodesInDomains(cluster, { ...layout, domainNodes: layout.leafFirstNodes }, nodes);
    else cluster.fullNodesInto(p, nodes);
    // One device per node numbered like its node (every earlier pool has one device per node too):
    // the device list equals the node list, so one array serves as both.
    if (dpn === 1 && layout?.firstDevice === layout?.firstNode) return { pool: p, nodes, devices: nodes, milli: 1000 };
    const devices = indexList(w);
    let k = 0;
    for (const node of nodes) {
      const take = Math.min(dpn, w - k);
      cluster.freeDevicesInto(node, take, devices, k);
      k += take;
    }
    return { pool: p, nodes, devices, milli: 1000 };
  }
  return undefined;
}

function findShare(cluster: ClusterView, d: Demand): Placement | undefined {
  // Best-fit partly used device: smallest key = (fewest free milli, lowest device index).
  let bestKey = -1;
  let bestPool = -1;
  for (const p of d.pools) {
    const key = cluster.bestSharedKey(p, d.milli);
    if (key >= 0 && (bestKey < 0 || key < bestKey)) {
      bestKey = key;
      bestPool = p;
    }
  }
  if (bestKey >= 0) {
    const device = cluster.deviceOfSharedKey(bestKey);
    return { pool: bestPool, nodes: Int32Array.of(cluster.nodeOfDevice(device)), devices: Int32Array.of(device), milli: d.milli };
  }
  // Else a free device on the node with the fewest free whole devices.
  let bestNode = -1;
  let bestFree = Infinity;
  for (const p of d.pools) {
    const node = cluster.bestNode(p, 1);
    if (node < 0) continue;
    const free = cluster.freeOnNode(node);
    if (free < bestFree || (free === bestFree && node < bestNode)) {
      bestNode = node;
      bestFree = free;
    }
  }
  return bestNode < 0 ? undefined : onOneNode(cluster, bestNode, 1, d.milli);
}

/** k free devices of one node, `milli` on each. */
function onOneNode(cluster: ClusterView, node: number, k: number, milli: number): Placement {
  const devices = indexList(k);
  cluster.freeDevicesInto(node, k, devices, 0);
  // One device numbered like its node: one array serves as both lists.
  const nodes = k === 1 && devices[0] === node ? devices : Int32Array.of(node);
  return { pool: cluster.poolOfNode(node), nodes, devices, milli };
}

function devicesPerNode(cluster: ClusterView, pool: number): number {
  const layout = cluster.pools[pool];
  if (!layout) throw new RangeError(`no pool ${pool} (cluster has ${cluster.pools.length})`);
  return layout.devicesPerNode;
}
