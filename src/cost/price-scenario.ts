import type { PlacementCarbon, Pool, PoolSpec } from '../model/types.js';
import type { PlanningInputs } from './cost-inputs.js';
import type { CostedScenario, CostedSite, PlanningSpec, UnpricedScenario } from './costed-scenario.js';
import { placementPrice } from './placement-price.js';

/**
 * Prices a resolved scenario when its run is built: each pool's placement price (what cost-aware
 * placement compares) and the rental's price per device-second (what build-vs-buy compares). Loading
 * prices nothing. Everything else, and the order of every field (results record the scenario), is kept.
 */
export function priceScenario<S extends UnpricedScenario>(scenario: S): Omit<S, 'sites' | 'planning' | 'configurations'> & Pick<CostedScenario, 'sites' | 'planning' | 'configurations'> {
  const green = scenario.policy.kind === 'greenest';
  const price = (site: CostedSite<PoolSpec>) => priceSite(site, green);
  const configurations = scenario.configurations?.map((c) => ({ ...c, sites: c.sites.map(price) }));
  return { ...scenario, sites: scenario.sites.map(price), planning: pricePlanning(scenario.planning), ...(configurations && { configurations }) };
}

function priceSite(site: CostedSite<PoolSpec>, green: boolean): CostedSite {
  return { ...site, pools: site.pools.map((pool) => pricePool(site, pool, green)) };
}

/**
 * The pool with its placement price (and with greenest placement, its emissions per device-second), between
 * its power and its spot fields (the order results record).
 */
export function pricePool(site: CostedSite<PoolSpec>, pool: PoolSpec, green = false): Pool {
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
  const carbon = green ? placementCarbon(costs, pool) : undefined;
  return { ...described, placementPrice: price, ...(carbon && { placementCarbon: carbon }), ...(spot && { spot }), ...(mtbf !== undefined && { mtbf }) };
}

/**
 * What a device-second on the pool emits: the node's maximum power per device × the site's PUE, and the
 * site's grid intensity (its hourly series, else its one figure). A node with no published power is refused
 * by loading under greenest placement, so it never gets here.
 */
function placementCarbon(costs: CostedSite<PoolSpec>['costs'], pool: PoolSpec): PlacementCarbon | undefined {
  if (!pool.power) return undefined;
  const series = costs.carbonSeries;
  return {
    wattsPerDevice: (pool.power.max / pool.devicesPerNode) * costs.pue,
    kgPerJoule: series ? series.kgPerJoule : [costs.carbonIntensity],
    firstHour: series ? series.firstHour : 0,
  };
}

export function pricePlanning(planning: PlanningSpec): PlanningInputs {
  const { rental, ...rest } = planning;
  if (!rental) return rest;
  const pricePerDeviceSecond = (rental.instancePrice * (1 - rental.discount)) / rental.devicesPerNode;
  return { ...rest, rental: { instance: rental.instance, pricing: rental.pricing, pricePerDeviceSecond, device: rental.device, ...(rental.pricePath && { pricePath: rental.pricePath }) } };
}
