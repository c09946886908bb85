import type { PlacementPolicy } from '../../model/types.js';
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
  return p.placement === 'cheapest' ? { kind: 'cheapest' } : { kind: 'home' };
}

/** Placement choices that read prices, which a queue-only study (costs: none) does not have. */
export function checkPricedChoices(input: ScenarioInput, fail: Fail): void {
  if (input.costs !== 'none') return;
  if (input.policy.placement === 'cheapest')
    fail(['policy', 'placement'], 'cheapest ranks pools by price, but costs: none prices nothing', 'use placement: home or burst, or remove costs: none and price the nodes');
  if (input.planning.rent_instead) fail(['planning', 'rent_instead'], 'build-vs-buy compares prices, but costs: none prices nothing', 'remove rent_instead, or remove costs: none');
}
