import type { NodeProfile, StorageAttachment, StorageProfile } from '../types.js';
import { nodeStorageBandwidth } from './node-fabric.js';

const TiB = 2 ** 40;

/** The fraction of its published bandwidth a storage profile delivers: its fitted `efficiency.storage`, else 1 (as published). */
export function storageEfficiency(profile: StorageProfile): number {
  return profile.efficiency?.storage ?? 1;
}

/** ` at efficiency 0.8` when a profile carries a fitted factor, so a report shows why its bandwidth is below the datasheet's. */
function atEfficiency(profile: StorageProfile): string {
  return profile.efficiency?.storage === undefined ? '' : ` at efficiency ${profile.efficiency.storage}`;
}

/** Where a job's data lives (defined with the scenario types, which carry it). */
export type { StorageAttachment };

export interface StorageBandwidth {
  /** bytes/s, aggregate over the job's nodes */
  readonly read: number;
  /** bytes/s, aggregate; the read figure where the profile publishes no write bandwidth (`writeAssumed`) */
  readonly write: number;
  readonly writeAssumed: boolean;
  /** true when the data crosses the nodes' NICs */
  readonly remote: boolean;
  /** bytes/s the job's nodes can move to/from remote storage (nodes × per-node storage NICs); Infinity for node-local */
  readonly network: number;
  /** how the figures were formed, for reports */
  readonly formula: string;
}

/**
 * Aggregate storage and network bandwidth available to a job on `nodes` nodes of type `node`:
 * - node-local: nodes × Σ drives × read (write) bandwidth;
 * - parallel-fs: (capacity / unit) × read (write) bandwidth per unit;
 * - object-store: connections × per-connection bandwidth.
 * Remote storage is also bounded by nodes × the node's storage-NIC bandwidth (compute NICs if none).
 * Each storage figure is scaled by the profile's `efficiency.storage` (absent: as published), the NIC bound is not.
 * @throws RangeError on non-positive sizes or a node-local attachment on a node without drives
 */
export function storageBandwidth(att: StorageAttachment, node: NodeProfile, nodes: number): StorageBandwidth {
  if (!(nodes > 0)) throw new RangeError(`nodes must be > 0, got ${nodes}`);
  if (att.kind === 'node-local') {
    if (node.storage.length === 0) throw new RangeError(`node ${node.id} has no local drives`);
    let read = 0;
    let write = 0;
    let writeAssumed = false;
    for (const d of node.storage) {
      const efficiency = storageEfficiency(d.profile);
      read += d.count * d.profile.read_bandwidth * efficiency;
      if (d.profile.write_bandwidth === undefined) writeAssumed = true;
      write += d.count * (d.profile.write_bandwidth ?? d.profile.read_bandwidth) * efficiency;
    }
    const drives = node.storage.map((d) => `${d.count} × ${d.profile.id}${atEfficiency(d.profile)}`).join(' + ');
    return { read: nodes * read, write: nodes * write, writeAssumed, remote: false, network: Infinity, formula: `${nodes} nodes × (${drives})` };
  }
  const p = att.profile;
  let units: number;
  let formula: string;
  if (att.kind === 'parallel-fs') {
    if (!(att.capacity > 0)) throw new RangeError(`parallel-fs capacity must be > 0 bytes, got ${att.capacity}`);
    units = att.capacity / (p.capacity ?? TiB);
    formula = `${units} provisioned units × ${p.id}`;
  } else {
    if (!(att.connections >= 1)) throw new RangeError(`object-store connections must be ≥ 1, got ${att.connections}`);
    units = att.connections;
    formula = `${units} connections × ${p.id}`;
  }
  const nic = nodeStorageBandwidth(node);
  const efficiency = storageEfficiency(p);
  return {
    read: units * p.read_bandwidth * efficiency,
    write: units * (p.write_bandwidth ?? p.read_bandwidth) * efficiency,
    writeAssumed: p.write_bandwidth === undefined,
    remote: true,
    network: nodes * nic.bandwidth,
    formula: `${formula}${atEfficiency(p)}; network ${nodes} nodes × ${nic.from}`,
  };
}
