import type { NetworkProfile } from '../profile-types.js';

/** How the leaf switches of a pool's scale-out fabric are wired (docs/sites-and-placement.md "Fabric topology"). */
export const fabricTopologies = ['fat-tree', 'rail-optimised'] as const;
export type FabricTopology = (typeof fabricTopologies)[number];

/** Which nodes a multi-node job takes: the lowest-indexed free ones (the default rule), or a leaf filled first. */
export const fabricPlacements = ['first-fit', 'leaf-first'] as const;
export type FabricPlacement = (typeof fabricPlacements)[number];

/**
 * A pool's two-tier scale-out fabric. Nodes are grouped into leaves of `nodesPerLeaf` consecutive nodes
 * (pool-local indices; the last leaf may be smaller). Traffic between nodes of one leaf stays on its
 * leaf switch(es); traffic between leaves climbs the leaf's uplinks, which carry 1/`oversubscription`
 * of the leaf's node-facing bandwidth and are shared by every job that crosses leaves there
 * (src/model/fabric/leaf-uplinks.ts).
 * - fat-tree: every NIC of a node plugs into its leaf's switch(es);
 * - rail-optimised: NIC i of every node of a leaf plugs into that leaf's rail switch i (a leaf is then
 *   a "scalable unit" of one switch per rail); per rail the uplink arithmetic is the same.
 */
export interface PoolFabric {
  readonly topology: FabricTopology;
  readonly nodesPerLeaf: number;
  /** node-facing ÷ uplink bandwidth of a leaf, > 0 (1: non-blocking) */
  readonly oversubscription: number;
  readonly placement: FabricPlacement;
  /** owned pools: the switch every leaf and spine is built of (ports, price), and the transceiver every cabled port takes */
  readonly switch?: NetworkProfile;
  readonly optics?: NetworkProfile;
}
