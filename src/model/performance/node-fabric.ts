import type { ComputeDeviceProfile, NodeProfile } from '../types.js';
import type { Link } from './collectives.js';
import type { ExpertParallelSpec } from './expert-parallel.js';

/** The links one schedulable device of a node sees, as the communication models use them. */
export interface NodeFabric {
  /** the node's accelerator, or its CPU socket when it has none */
  readonly device: ComputeDeviceProfile;
  readonly devicesPerNode: number;
  /**
   * Nodes one scale-up fabric joins into a domain (`scale_up.domainNodes`): 1 for an HGX board, 18 for
   * the trays of a GB200 NVL72 rack. 1 when the node has no `scale_up` profile (the device's own
   * interconnect reaches no further than its node).
   */
  readonly domainNodes: number;
  /**
   * Scale-up link per device, bytes/s one direction: the node's `scale_up` profile (the catalog's
   * NVLink profiles are per-GPU per-direction), else half the device's `interconnect.bandwidth` (a
   * total bidirectional figure), else 0 (no published scale-up link).
   */
  readonly scaleUp: Link & { readonly from: 'scale_up' | 'device interconnect' | 'none' };
  /**
   * Scale-out fabric per device, bytes/s one direction: Σ count × bandwidth over the NICs with role
   * `compute`, divided by devices per node; latency = the slowest such NIC's published latency, else 0.
   */
  readonly scaleOut: Link & { readonly from: 'compute NICs' | 'none' };
}

export function nodeFabric(node: NodeProfile): NodeFabric {
  const unit = node.accelerators ?? node.cpus;
  if (!unit) throw new RangeError(`node ${node.id} has neither accelerators nor CPUs`);
  const devicesPerNode = unit.count;
  const device = unit.profile;

  let scaleUp: NodeFabric['scaleUp'];
  if (node.scale_up) scaleUp = { bandwidth: node.scale_up.profile.bandwidth, latency: node.scale_up.profile.latency ?? 0, from: 'scale_up' };
  else if (device.interconnect) scaleUp = { bandwidth: device.interconnect.bandwidth / 2, latency: 0, from: 'device interconnect' };
  else scaleUp = { bandwidth: 0, latency: 0, from: 'none' };

  const nics = node.network.filter((n) => n.role === 'compute');
  const total = nics.reduce((s, n) => s + n.count * n.profile.bandwidth, 0);
  const latency = nics.reduce((m, n) => Math.max(m, n.profile.latency ?? 0), 0);
  const scaleOut: NodeFabric['scaleOut'] = total > 0 ? { bandwidth: total / devicesPerNode, latency, from: 'compute NICs' } : { bandwidth: 0, latency: 0, from: 'none' };

  return { device, devicesPerNode, domainNodes: node.scale_up?.domainNodes ?? 1, scaleUp, scaleOut };
}

/**
 * Bytes/s one node can move to or from remote storage, one direction: Σ count × bandwidth over NICs
 * with role `storage`, or over role `compute` when the node has no storage NICs.
 */
export function nodeStorageBandwidth(node: NodeProfile): { readonly bandwidth: number; readonly from: 'storage NICs' | 'compute NICs' | 'none' } {
  for (const role of ['storage', 'compute'] as const) {
    const bw = node.network.filter((n) => n.role === role).reduce((s, n) => s + n.count * n.profile.bandwidth, 0);
    if (bw > 0) return { bandwidth: bw, from: role === 'storage' ? 'storage NICs' : 'compute NICs' };
  }
  return { bandwidth: 0, from: 'none' };
}

/**
 * A replica's expert parallelism (`size` devices, its redundant experts and MoE layers) laid over this fabric: its
 * scale-up domains, and the compute NICs between them for the all-to-all.
 */
export function expertParallelOn(fabric: NodeFabric, ep: Pick<ExpertParallelSpec, 'size' | 'redundantExperts' | 'moeLayers'>): ExpertParallelSpec {
  return { ...ep, devicesPerDomain: fabric.devicesPerNode * fabric.domainNodes, scaleOut: fabric.scaleOut };
}
