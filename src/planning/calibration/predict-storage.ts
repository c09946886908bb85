import { storageBandwidth, type StorageBandwidth } from '../../model/performance/index.js';
import type { StorageProfile } from '../../model/types.js';
import type { StorageSetup } from '../../scenario/calibration/calibration-points.js';

/** GB/s as the rows give it */
const GB = 1e9;

/**
 * The bandwidth, GB/s, the model gives a storage row with `profile` at efficiency `factor`: the scenario's own
 * `storageBandwidth` (node-local: the nodes' drives, this profile's scaled; parallel-fs: capacity ÷ unit × per-unit
 * bandwidth; object-store: connections × per-connection bandwidth), the read or write figure, then bounded by the
 * nodes' storage NICs for remote storage — the `min(storage, network)` a data loader and a data job see.
 * @throws RangeError when remote storage has no NIC to reach it, or the node holds no drive of the profile
 */
export function predictStorageBandwidth(setup: StorageSetup, profile: StorageProfile, factor: number): number {
  const { storage, network } = storageAndNetwork(setup, profile, factor);
  return Math.min(storage, network) / GB;
}

/** The storage figure alone, GB/s, before the NIC bound: what the factor scales. */
export function storageOnlyBandwidth(setup: StorageSetup, profile: StorageProfile, factor: number): number {
  return storageAndNetwork(setup, profile, factor).storage / GB;
}

function storageAndNetwork(setup: StorageSetup, profile: StorageProfile, factor: number): { storage: number; network: number } {
  const fitted: StorageProfile = { ...profile, efficiency: { storage: factor } };
  let bandwidth: StorageBandwidth;
  if (setup.attachment === 'node-local') {
    if (!setup.node.storage.some((d) => d.profile.id === profile.id)) throw new RangeError(`node ${setup.node.id} holds no ${profile.id} drives`);
    const node = { ...setup.node, storage: setup.node.storage.map((d) => (d.profile.id === profile.id ? { ...d, profile: fitted } : d)) };
    bandwidth = storageBandwidth({ kind: 'node-local' }, node, setup.nodes);
  } else if (setup.attachment === 'parallel-fs') {
    bandwidth = storageBandwidth({ kind: 'parallel-fs', profile: fitted, capacity: setup.capacity ?? 0 }, setup.node, setup.nodes);
  } else {
    bandwidth = storageBandwidth({ kind: 'object-store', profile: fitted, connections: setup.connections ?? 0 }, setup.node, setup.nodes);
  }
  if (bandwidth.remote && !(bandwidth.network > 0)) throw new RangeError(`node ${setup.node.id} has no storage or compute NIC to reach ${setup.attachment} storage`);
  return { storage: setup.direction === 'read' ? bandwidth.read : bandwidth.write, network: bandwidth.network };
}
