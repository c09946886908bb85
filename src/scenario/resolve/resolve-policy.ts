import type { PlacementPolicy, PoolSpec, Site } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { Fail, FieldPath } from './resolve-context.js';

/** The placement policy, its residency rules and burst targets naming known sites. */
export function resolvePolicy(input: ScenarioInput, siteNames: readonly string[], fail: Fail): PlacementPolicy {
  const p = input.policy;
  const known = (name: string, path: FieldPath) => {
    if (siteNames.includes(name)) return true;
    fail(path, `unknown site '${name}'`, `one of: ${siteNames.join(', ')}`);
    return false;
  };
  for (const [tag, allowed] of Object.entries(p.residency)) allowed.forEach((name, i) => known(name, ['policy', 'residency', tag, i]));
  if (p.placement === 'burst') {
    if (!p.burst) {
      fail(['policy', 'burst'], 'is required with placement: burst', "e.g. burst: {to: [cloud], threshold: '2 h'}");
      return { kind: 'home' };
    }
    const to = p.burst.to.filter((name, i) => known(name, ['policy', 'burst', 'to', i]));
    return { kind: 'burst', threshold: p.burst.threshold === 'never' ? Infinity : p.burst.threshold, burstTo: to };
  }
  if (p.burst) fail(['policy', 'burst'], `applies to placement: burst, not ${p.placement}`, 'set placement: burst');
  return p.placement === 'cheapest' ? { kind: 'cheapest' } : p.placement === 'greenest' ? { kind: 'greenest' } : { kind: 'home' };
}

/** Placement choices that read prices, which a queue-only study (costs: none) does not have. */
export function checkPricedChoices(input: ScenarioInput, fail: Fail): void {
  if (input.costs !== 'none') return;
  if (input.policy.placement === 'cheapest')
    fail(['policy', 'placement'], 'cheapest ranks pools by price, but costs: none prices nothing', 'use placement: home or burst, or remove costs: none and price the nodes');
  if (input.policy.placement === 'greenest')
    fail(['policy', 'placement'], "greenest ranks pools by the grid intensity of each site's costs, but costs: none gives none", 'use placement: home or burst, or remove costs: none');
  if (input.planning.rent_instead) fail(['planning', 'rent_instead'], 'build-vs-buy compares prices, but costs: none prices nothing', 'remove rent_instead, or remove costs: none');
}

/** Greenest placement weighs each pool's power: a node profile that publishes none cannot be ranked (and is not assumed). */
export function checkPoolsHavePower(sites: readonly Site<PoolSpec>[], fail: Fail): void {
  for (const site of sites) {
    for (const pool of site.pools) {
      if (!pool.power)
        fail(['policy', 'placement'], `greenest weighs each pool's power, but ${pool.node.id} (pool ${pool.id}) publishes none`, 'give the node profile a power figure, or use placement: cheapest');
    }
  }
}
