import type { Pool, PoolSpec } from '../model/types.js';
import type { PlanningInputs } from './cost-inputs.js';
import type { CostedScenario, CostedSite, PlanningSpec, UnpricedScenario } from './costed-scenario.js';
import { placementPrice } from './placement-price.js';

/**
 * Prices a resolved scenario when its run is built: each pool's placement price (what cost-aware
 * placement compares) and the rental's price per device-second (what build-vs-buy compares). Loading
 * prices nothing. Everything else, and the order of every field (results record the scenario), is kept.
 */
export function priceScenario<S extends UnpricedScenario>(scenario: S): Omit<S, 'sites' | 'planning' | 'configurations'> & Pick<CostedScenario, 'sites' | 'planning' | 'configurations'> {
  const configurations = scenario.configurations?.map((c) => ({ ...c, sites: c.sites.map(priceSite) }));
  return { ...scenario, sites: scenario.sites.map(priceSite), planning: pricePlanning(scenario.planning), ...(configurations && { configurations }) };
}

function priceSite(site: CostedSite<PoolSpec>): CostedSite {
  return { ...site, pools: site.pools.map((pool) => pricePool(site, pool)) };
}

/** The pool with its placement price, between its power and its spot fields (the order results record). */
export function pricePool(site: CostedSite<PoolSpec>, pool: PoolSpec): Pool {
  const costs = site.costs;
  const capexPerNode = costs.kind === 'on-prem' ? costs.capexPerNode[pool.id] : undefined;
  const instancePrice = pool.cloud ? pool.node.pricing?.[pool.cloud.pricing] : undefined;
  const price = placementPrice(costs, {
    devicesPerNode: pool.devicesPerNode,
    ...(pool.power && { maxPower: pool.power.max }),
    ...(capexPerNode !== undefined && { capexPerNode }),
    ...(instancePrice !== undefined && { instancePrice }),
  });
  const { spot, mtbf, ...described } = pool;
  return { ...described, placementPrice: price, ...(spot && { spot }), ...(mtbf !== undefined && { mtbf }) };
}

export function pricePlanning(planning: PlanningSpec): PlanningInputs {
  const { rental, ...rest } = planning;
  if (!rental) return rest;
  const pricePerDeviceSecond = (rental.instancePrice * (1 - rental.discount)) / rental.devicesPerNode;
  return { ...rest, rental: { instance: rental.instance, pricing: rental.pricing, pricePerDeviceSecond, ...(rental.pricePath && { pricePath: rental.pricePath }) } };
}
