import { describe, expect, it } from 'vitest';
import { federatedRoundCosts } from '../../src/cost/federated-cost.js';
import type { CostResult } from '../../src/cost/cost-result.js';
import type { CostedScenario } from '../../src/cost/costed-scenario.js';
import type { FederatedMetrics } from '../../src/model/types.js';

/** Only the fields the pricing reads: the workload, the two sites' egress prices, the aggregation site's cost. */
const scenario = (energyPrice: number | undefined, clientsSite = 'stores') =>
  ({
    workloads: [{ name: 'fl', kind: 'federated', pool: 'hq/main', federated: { clients: { site: clientsSite, ...(energyPrice !== undefined && { energyPrice }) } } }],
    sites: [
      { name: 'hq', pools: [{ id: 'hq/main' }], costs: { egressPrice: 0.05e-9 } },
      { name: 'stores', pools: [{ id: 'stores/main' }], costs: { egressPrice: 0.01e-9 } },
    ],
  }) as unknown as CostedScenario;

// hq: 1,000 USD over the horizon of which 100 USD egress, over 90 delivered device-hours → 10 USD per device-hour without egress
const cost = { per_site: { hq: { total: 1000, gpu_hours: 90, by_category: { egress: 100 } } } } as unknown as CostResult;

const metrics = (rounds: number): Record<string, FederatedMetrics> => ({
  fl: { rounds_completed: rounds, aggregation_device_hours: 0.5, bytes_up: 200e9, bytes_down: 1000e9, client_energy_joules: 3.6e9 } as FederatedMetrics,
});

describe('cost of a federated round', () => {
  it('aggregation at the site rate without egress, egress by sending site, client energy at its price, per completed round', () => {
    const c = federatedRoundCosts(scenario(0.15 / 3.6e6), metrics(4), cost)['fl']!;
    // 0.5 device-h × 10 USD = 5 USD; egress 200 GB × 0.01 + 1,000 GB × 0.05 = 52 USD; 1,000 kWh × 0.15 = 150 USD; ÷ 4 rounds
    expect(c.aggregation).toBeCloseTo(5 / 4, 12);
    expect(c.egress).toBeCloseTo(52 / 4, 12);
    expect(c.client_energy).toBeCloseTo(150 / 4, 12);
    expect(c.total).toBeCloseTo((5 + 52 + 150) / 4, 12);
  });

  it('client energy without a price is 0 (the report states it), and nothing leaves a site the clients share with the pool', () => {
    const unpriced = federatedRoundCosts(scenario(undefined), metrics(4), cost)['fl']!;
    expect(unpriced.client_energy).toBe(0);
    const sameSite = federatedRoundCosts(scenario(undefined, 'hq'), metrics(4), cost)['fl']!;
    expect(sameSite.egress).toBe(0);
  });

  it('no completed round: 0 per round (read rounds_completed), never Infinity', () => {
    const c = federatedRoundCosts(scenario(1e-7), metrics(0), cost)['fl']!;
    expect(c).toEqual({ aggregation: 0, egress: 0, client_energy: 0, total: 0 });
  });
});
