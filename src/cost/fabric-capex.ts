import type { PoolFabric } from '../model/fabric/fabric-types.js';
import type { Pool } from '../model/types.js';

/** What a pool's leaf/spine fabric is built of, and what it costs (docs/cost-model.md "Fabric"). */
export interface FabricBill {
  /** leaves: ⌈nodes / nodes per leaf⌉ */
  readonly leaves: number;
  readonly leafSwitches: number;
  readonly spineSwitches: number;
  /** node-facing links (one per compute NIC port) and leaf-to-spine links */
  readonly nodeLinks: number;
  readonly uplinks: number;
  /** one transceiver at each end of every link */
  readonly transceivers: number;
  /** USD: switches × switch price; transceivers × transceiver price */
  readonly switchCapex: number;
  readonly opticsCapex: number;
  /** USD per switch port (switch price ÷ ports), for the cost basis */
  readonly pricePerPort: number;
}

/**
 * The switches and transceivers of a two-tier fabric over `nodes` nodes with `nicsPerNode` compute NIC
 * ports each. Leaf j holds k_j = min(nodes per leaf, what is left) nodes: k_j × nics node links, and
 * ⌈k_j × nics / oversubscription⌉ uplinks when there is more than one leaf (none otherwise: no spine).
 * - fat-tree: leaf j is ⌈(down + up) / ports⌉ switches;
 * - rail-optimised: one rail per NIC; each rail of leaf j is ⌈(k_j + ⌈k_j / oversubscription⌉) / ports⌉
 *   switches, its uplinks ⌈k_j / oversubscription⌉.
 * Spines: ⌈Σ uplinks / ports⌉. Transceivers: 2 × (node links + uplinks) — the NIC's and the switch
 * port's at a node link, the leaf's and the spine's at an uplink (copper cables are not modelled).
 * Switches are bought whole: the unused ports of the last one are paid for too.
 * @throws RangeError on counts that are not positive integers
 */
export function fabricBill(
  fabric: Pick<PoolFabric, 'topology' | 'nodesPerLeaf' | 'oversubscription'>,
  nodes: number,
  nicsPerNode: number,
  switchPorts: number,
  switchPrice: number,
  opticsPrice: number,
): FabricBill {
  for (const [what, v] of [
    ['nodes', nodes],
    ['compute NIC ports per node', nicsPerNode],
    ['switch ports', switchPorts],
    ['nodes per leaf', fabric.nodesPerLeaf],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${what} must be an integer ≥ 1, got ${v}`);
  }
  if (!(fabric.oversubscription > 0)) throw new RangeError(`oversubscription must be > 0, got ${fabric.oversubscription}`);
  const o = fabric.oversubscription;
  const leaves = Math.ceil(nodes / fabric.nodesPerLeaf);
  let leafSwitches = 0;
  let nodeLinks = 0;
  let uplinks = 0;
  for (let j = 0; j < leaves; j++) {
    const k = Math.min(fabric.nodesPerLeaf, nodes - j * fabric.nodesPerLeaf);
    const down = k * nicsPerNode;
    nodeLinks += down;
    if (fabric.topology === 'fat-tree') {
      const up = leaves > 1 ? Math.ceil(down / o) : 0;
      uplinks += up;
      leafSwitches += Math.ceil((down + up) / switchPorts);
    } else {
      const upPerRail = leaves > 1 ? Math.ceil(k / o) : 0;
      uplinks += nicsPerNode * upPerRail;
      leafSwitches += nicsPerNode * Math.ceil((k + upPerRail) / switchPorts);
    }
  }
  const spineSwitches = Math.ceil(uplinks / switchPorts);
  const transceivers = 2 * (nodeLinks + uplinks);
  return {
    leaves,
    leafSwitches,
    spineSwitches,
    nodeLinks,
    uplinks,
    transceivers,
    switchCapex: (leafSwitches + spineSwitches) * switchPrice,
    opticsCapex: transceivers * opticsPrice,
    pricePerPort: switchPrice / switchPorts,
  };
}

/** The bill of a pool's fabric over all the nodes it will ever have; undefined when it has none, or it is unpriced (cloud, costs: none). */
export function poolFabricBill(pool: Pool): FabricBill | undefined {
  const f = pool.fabric;
  if (!f || f.switch?.ports === undefined || f.switch.price === undefined || f.optics?.price === undefined) return undefined;
  const nics = pool.node.network.filter((n) => n.role === 'compute').reduce((s, n) => s + n.count, 0);
  return fabricBill(f, pool.nodeCount, nics, f.switch.ports, f.switch.price, f.optics.price);
}
