import type { MigRequest } from './mig-ledger.js';

/**
 * What the placement rules (placement.ts) read from a cluster: its pools and the indexed queries over
 * its allocation state. Cluster implements it; the rules see nothing else, so they depend on this
 * file and not on the class that calls them.
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
  /**
   * nodes per scale-up domain (integer ≥ 1, default 1): consecutive nodes of the pool that one fabric
   * joins, e.g. 18 trays of a GB200 NVL72 rack. Gang jobs are kept inside domains (domain-placement.ts).
   */
  readonly domainNodes?: number;
  /**
   * leaf-first placement (a pool `fabric` with `placement: leaf-first`): nodes per leaf switch. A gang job's
   * nodes are then chosen leaf by leaf like domains (domain-placement.ts); absent or 0: lowest-indexed free nodes.
   */
  readonly leafFirstNodes?: number;
}

export interface PoolLayout extends PoolSpec {
  readonly domainNodes: number;
  readonly leafFirstNodes: number;
  readonly index: number;
  readonly firstNode: number;
  readonly firstDevice: number;
}

/** Whole devices are 1000 milli-units. */
export const MILLI_PER_DEVICE = 1000;

export interface ClusterView {
  readonly pools: readonly PoolLayout[];
  /** every pool index, ascending (the allowed set of a request without gpuModels) */
  readonly allPools: readonly number[];
  /** Devices of `pool` with nothing allocated. */
  poolFreeWholeDevices(pool: number): number;
  /** Nodes of `pool` with every device completely free. */
  fullNodeCount(pool: number): number;
  freeOnNode(node: number): number;
  poolOfNode(node: number): number;
  nodeOfDevice(device: number): number;
  /** The node of `pool` with the fewest free whole devices that is still ≥ k (ties: lowest index); -1 if none. */
  bestNode(pool: number, k: number): number;
  /** Sort key (free milli-units × 2^24 + device) of the best-fit partly used device with ≥ milli free, or -1. */
  bestSharedKey(pool: number, milli: number): number;
  /** The device of a bestSharedKey. */
  deviceOfSharedKey(key: number): number;
  /** Writes the out.length lowest-indexed completely free nodes of `pool` into `out`; false if there are fewer. */
  fullNodesInto(pool: number, out: Int32Array): boolean;
  /** Writes the k lowest-indexed completely free devices of a node into out[at, at + k). @throws RangeError if it has fewer */
  freeDevicesInto(node: number, k: number, out: Int32Array, at: number): void;
  /**
   * GPUs in MIG mode among devices [first, end) with room for `r`, fullest first (fewest free compute
   * slices, then lowest index), each with the instances it can take, until their room covers `need`.
   */
  migOpen(first: number, end: number, r: MigRequest, need: number): readonly { readonly device: number; readonly room: number }[];
}
