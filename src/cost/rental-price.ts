import type { CostedScenario } from './costed-scenario.js';
import type { PricingModel } from '../model/usage-ledger.js';
import { instancePrice } from './project-cloud-site.js';

/**
 * USD per device-second of renting one device of cloud pool `poolId` under `pricing` (default: the
 * pool's own pricing model, else on-demand): instance price × (1 − the site's compute discount) ÷
 * devices per instance.
 * @throws Error when the pool is unknown, not priced as cloud, or has no price for that model
 */
export function rentalPricePerDeviceSecond(scenario: CostedScenario & { readonly name: string }, poolId: string, pricing?: PricingModel): number {
  for (const site of scenario.sites) {
    const pool = site.pools.find((p) => p.id === poolId);
    if (!pool) continue;
    if (site.costs.kind !== 'cloud') throw new Error(`pool ${poolId} is on-prem: it has no rental price`);
    const model = pricing ?? pool.cloud?.pricing ?? 'on_demand';
    return (instancePrice(site, site.costs, pool, model) * (1 - site.costs.computeDiscount)) / pool.devicesPerNode;
  }
  throw new Error(`no pool ${poolId} in scenario ${scenario.name} (pools: ${scenario.sites.flatMap((s) => s.pools.map((p) => p.id)).join(', ')})`);
}
