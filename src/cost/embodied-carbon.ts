import type { CostedSite } from './costed-scenario.js';
import { generationsOf } from './fleet-phases.js';
import { tranchesOf } from './project-on-prem-site.js';

/**
 * kg CO2e of making the site's nodes that falls inside the planning horizon: each generation's tranches × embodied
 * kg per node, spread evenly over `life` from when they come online, counting the part of that life within
 * [0, horizon] while the site holds them. WHY amortised: a 5-year plan of hardware that lives 6 years carries 5/6 of
 * its manufacture, as the depreciation carries 5/6 of its price; and nodes sold at a refresh take the rest of their
 * manufacture to their next owner, as they take the rest of their value. 0 for a site without figures.
 */
export function embodiedKg(site: CostedSite, horizon: number): number {
  const costs = site.costs;
  if (costs.kind !== 'on-prem' || !costs.embodiedCarbon) return 0;
  let kg = 0;
  for (const pool of site.pools) {
    const first = costs.embodiedCarbon[pool.id];
    if (!first) continue;
    const steps = costs.refresh?.[pool.id];
    // the figure per generation: the pool's for the nodes it starts with, each refresh's for its own
    const figures = [first, ...(steps ?? []).map((st) => st.embodied)];
    generationsOf(pool, tranchesOf(pool), 0, steps).forEach((gen, g) => {
      const figure = figures[g];
      if (!figure || !(figure.life > 0)) return;
      for (const t of gen.tranches) {
        const from = Math.max(0, t.onlineAt);
        const to = Math.min(horizon, gen.retireAt, t.onlineAt + figure.life);
        if (to > from) kg += t.nodes * figure.kgPerNode * ((to - from) / figure.life);
      }
    });
  }
  return kg;
}
