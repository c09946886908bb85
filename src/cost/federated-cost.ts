import type { FederatedMetrics } from '../model/types.js';
import type { CostResult } from './cost-result.js';
import type { CostedScenario } from './costed-scenario.js';

/**
 * What one completed federated round costs, USD (docs/pipelines.md, "Federated learning"):
 * - `aggregation`: the aggregation jobs' device-hours × the aggregation site's cost per delivered
 *   device-hour without its egress (its accounting cost over the horizon less egress ÷ the device-hours
 *   it delivered: the pool is charged at full cost, idle time included);
 * - `egress`: update bytes × the clients' site egress price, plus model bytes × the aggregation
 *   site's egress price (0 when both are the same site: nothing leaves it);
 * - `client_energy`: the clients' compute energy × their energy price; 0 when the scenario gives no
 *   energy price or the device no power figure — the report states that assumption, it is not a free figure.
 * Each is ÷ the rounds completed in the window; 0 when none completed (read rounds_completed).
 */
export interface FederatedRoundCost {
  readonly aggregation: number;
  readonly egress: number;
  readonly client_energy: number;
  readonly total: number;
}

/** Per federated workload: the cost of one completed round, from the replication's metrics and its cost result. */
export function federatedRoundCosts(scenario: CostedScenario, metrics: Readonly<Record<string, FederatedMetrics>>, cost: CostResult): Record<string, FederatedRoundCost> {
  const costs: Record<string, FederatedRoundCost> = {};
  for (const w of scenario.workloads) {
    const m = metrics[w.name];
    if (w.kind !== 'federated' || !m) continue;
    const central = scenario.sites.find((s) => s.pools.some((p) => p.id === w.pool));
    const edge = scenario.sites.find((s) => s.name === w.federated.clients.site);
    const crossing = central !== undefined && edge !== undefined && central.name !== edge.name;
    const site = central ? cost.per_site[central.name] : undefined;
    // the site's egress is priced on its own line below: leave it out of the pool's rate, or it counts twice
    const perDeviceHour = site && site.gpu_hours > 0 ? (site.total - site.by_category.egress) / site.gpu_hours : 0;
    const aggregation = m.aggregation_device_hours * perDeviceHour;
    const egress = crossing ? m.bytes_up * edge.costs.egressPrice + m.bytes_down * central.costs.egressPrice : 0;
    const clientEnergy = m.client_energy_joules * (w.federated.clients.energyPrice ?? 0);
    const rounds = m.rounds_completed;
    const per = (usd: number) => (rounds > 0 ? usd / rounds : 0);
    costs[w.name] = { aggregation: per(aggregation), egress: per(egress), client_energy: per(clientEnergy), total: per(aggregation + egress + clientEnergy) };
  }
  return costs;
}
