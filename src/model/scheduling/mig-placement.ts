import type { ClusterView } from './cluster-view.js';
import { migPerDevice, type MigRequest } from './mig-ledger.js';

/**
 * Where a job's MIG instances go (placement.ts hands MIG requests here). Pure reads of the cluster.
 *
 * Rule, within each allowed pool (pools of the request's device model):
 * 1. Pack: GPUs already in MIG mode with room for the profile, fullest first — fewest free compute
 *    slices, ties to the lowest device index — each taking as many of the job's instances as it can.
 * 2. Instances left over go on completely free GPUs of ONE node, chosen like a whole-device request
 *    (the node with the fewest free whole devices that still has enough, placement.ts rule 1), each
 *    GPU filled up to the instances an empty GPU holds before the next is used.
 * Across pools, the pool that needs the fewest fresh GPUs wins (ties: lowest pool index), so
 * instances fill partitioned GPUs before they split new ones.
 */

/** A MIG placement before it becomes a Placement: one device entry per instance, non-decreasing. */
export interface MigSpot {
  readonly pool: number;
  readonly nodes: Int32Array;
  readonly devices: Int32Array;
}

export function findMigSpot(cluster: ClusterView, pools: readonly number[], r: MigRequest): MigSpot | undefined {
  let best: (MigSpot & { readonly fresh: number }) | undefined;
  for (const p of pools) {
    const spot = inPool(cluster, p, r);
    if (spot && (!best || spot.fresh < best.fresh)) best = spot;
  }
  return best && { pool: best.pool, nodes: best.nodes, devices: best.devices };
}

/** Would the request fit on some allowed pool with nothing allocated? */
export function canEverPlaceMig(cluster: ClusterView, pools: readonly number[], r: MigRequest): boolean {
  const perDevice = migPerDevice(r);
  if (perDevice < 1) return false;
  const devices = Math.ceil(r.count / perDevice);
  return pools.some((p) => {
    const layout = cluster.pools[p];
    return layout !== undefined && layout.nodes > 0 && devices <= layout.devicesPerNode;
  });
}

function inPool(cluster: ClusterView, p: number, r: MigRequest): (MigSpot & { readonly fresh: number }) | undefined {
  const layout = cluster.pools[p];
  if (!layout) return undefined;
  const first = layout.firstDevice;
  const end = first + layout.nodes * layout.devicesPerNode;
  const open = cluster.migOpen(first, end, r, r.count);
  const taken: number[] = [];
  let left = r.count;
  for (const o of open) {
    if (left === 0) break;
    const k = Math.min(o.room, left);
    for (let i = 0; i < k; i++) taken.push(o.device);
    left -= k;
  }
  let fresh = 0;
  if (left > 0) {
    const perDevice = migPerDevice(r);
    fresh = Math.ceil(left / perDevice);
    if (perDevice < 1 || fresh > layout.devicesPerNode) return undefined;
    const node = cluster.bestNode(p, fresh);
    if (node < 0) return undefined;
    const free = new Int32Array(fresh);
    cluster.freeDevicesInto(node, fresh, free, 0);
    for (const d of free) {
      const k = Math.min(perDevice, left);
      for (let i = 0; i < k; i++) taken.push(d);
      left -= k;
    }
  }
  taken.sort((a, b) => a - b);
  const devices = Int32Array.from(taken);
  // Devices ascending lie on non-decreasing nodes: dropping repeats lists each node once, in order.
  const nodes: number[] = [];
  for (const d of devices) {
    const n = cluster.nodeOfDevice(d);
    if (nodes[nodes.length - 1] !== n) nodes.push(n);
  }
  return { pool: p, nodes: Int32Array.from(nodes), devices, fresh };
}
