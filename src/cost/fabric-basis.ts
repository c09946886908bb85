import type { CostedScenario } from './costed-scenario.js';
import { poolFabricBill } from './fabric-capex.js';

/** The pools' leaf/spine fabrics in words: what is counted, at which prices, and what is assumed; undefined when no pool has one. */
export function fabricBasis(scenario: CostedScenario): string | undefined {
  const parts = scenario.sites.flatMap((site) =>
    site.pools.flatMap((pool) => {
      const f = pool.fabric;
      if (!f) return [];
      const shape = `${pool.id}: ${f.topology}, ${f.nodesPerLeaf} nodes per leaf, oversubscription ${num(f.oversubscription)}:1, ${f.placement} placement`;
      const bill = poolFabricBill(pool);
      if (!bill || !f.switch || !f.optics) return [`${shape} (no fabric capex: ${site.costs.kind === 'cloud' ? 'the provider’s, in the instance price' : 'costs not counted'})`];
      return [
        `${shape}: ${bill.leaves} leaves, ${bill.leafSwitches} leaf + ${bill.spineSwitches} spine switches ${f.switch.id} at ${num(f.switch.price ?? 0)} USD ` +
          `(${num(bill.pricePerPort)} USD per port), ${bill.transceivers} transceivers ${f.optics.id} at ${num(f.optics.price ?? 0)} USD, ` +
          `${Math.round(bill.switchCapex + bill.opticsCapex)} USD with the pool's first tranche (network)`,
      ];
    }),
  );
  if (parts.length === 0) return undefined;
  return (
    `${parts.join('; ')}. Switches are bought whole for every node the pool will have and each cabled port takes one transceiver at each end; ` +
    `cables, NICs (in the node price) and switch power (not in the node power) are not counted. A training job whose nodes span leaves gets an equal ` +
    `share of each of its leaves' uplinks (leaf nodes × NIC bandwidth ÷ oversubscription, shared by the cross-leaf jobs there) and its step is re-timed ` +
    `as jobs start and end.`
  );
}

function num(x: number): string {
  return String(Number(x.toPrecision(3)));
}
