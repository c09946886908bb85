import type { CostedSite } from './costed-scenario.js';
import { tranchesOf } from './project-on-prem-site.js';

/**
 * kg CO2e of making the site's nodes that falls inside the planning horizon: each tranche's nodes ×
 * embodied kg per node, spread evenly over `life` from when they come online, counting the part of
 * that life within [0, horizon]. WHY amortised: a 5-year plan of hardware that lives 6 years carries
 * 5/6 of its manufacture, as the depreciation carries 5/6 of its price. 0 for a site without figures.
 */
export function embodiedKg(site: CostedSite, horizon: number): number {
  if (site.costs.kind !== 'on-prem' || !site.costs.embodiedCarbon) return 0;
  let kg = 0;
  for (const pool of site.pools) {
    const figure = site.costs.embodiedCarbon[pool.id];
    if (!figure || !(figure.life > 0)) continue;
    for (const t of tranchesOf(pool)) {
      const from = Math.max(0, t.onlineAt);
      const to = Math.min(horizon, t.onlineAt + figure.life);
      if (to > from) kg += t.nodes * figure.kgPerNode * ((to - from) / figure.life);
    }
  }
  return kg;
}
