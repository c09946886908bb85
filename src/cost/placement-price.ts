import type { SiteCostInputs } from './cost-inputs.js';

/** What placement needs to know of a pool to price a device-second of use. */
export interface PricedPool {
  readonly devicesPerNode: number;
  /** W, node maximum power (absent: no energy cost) */
  readonly maxPower?: number;
  /** on-prem: USD per node */
  readonly capexPerNode?: number;
  /** cloud: USD/s per instance at the pool's pricing model */
  readonly instancePrice?: number;
}

/**
 * USD per device-second a job pays on a pool, for cost-aware placement (a ranking, not the bill):
 * - cloud: the instance price × (1 − discount) / devices per node;
 * - on-prem: the owned node's cost per second at full use — depreciation (capex / life), maintenance,
 *   licences per node and energy at max power × PUE × the flat power price — per device. Site-wide
 *   costs (staff, fabric, site licences) are sunk whichever pool a job picks, so they are left out.
 */
export function placementPrice(costs: SiteCostInputs, pool: PricedPool): number {
  if (costs.kind === 'cloud') return ((pool.instancePrice ?? 0) * (1 - costs.computeDiscount)) / pool.devicesPerNode;
  const capex = pool.capexPerNode ?? 0;
  const perNode = capex / costs.depreciationLife + capex * costs.maintenanceRate + costs.licencesPerNode + (pool.maxPower ?? 0) * costs.pue * costs.powerPrice;
  return perNode / pool.devicesPerNode;
}
