import { describe, expect, it } from 'vitest';
import { priceScenario } from '../../src/cost/price-scenario.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

/**
 * Loading resolves and validates; it prices nothing. The cost layer prices a resolved scenario when a
 * run is built: each pool's placement price (USD per device-second) and the rental build-vs-buy uses.
 * One owned 8-GPU node (3,000 W max, 120,000 USD) and a cloud instance (16 USD/h on demand, 8 GPUs),
 * priced by hand below.
 */
const SCENARIO = `name: priced
horizon: 10 days
reference: { device: g, precision: bf16 }
planning: { horizon: 1 year, discount_rate: 0 % }
profiles:
  g: { id: g, kind: gpu, name: g, vendor: test, peak: { bf16: 100 TFLOPS } }
  own: { id: own, kind: node, name: own, vendor: test, accelerators: { profile: g, count: 8 }, power: { idle: 1000 W, max: 3000 W }, price: 120000 USD }
  rent:
    id: rent
    kind: cloud-instance
    name: rent
    vendor: test
    provider: other
    region: test
    accelerators: { profile: g, count: 8 }
    storage: []
    network: []
    pricing: { on_demand: 16 USD/h }
    billing: { increment: 1 s, minimum: 60 s }
sites:
  dc:
    nodes: { type: own, count: 1 }
    costs: { depreciation: 4 years, maintenance: 10 %, pue: 1.5, power_price: 0.10 USD/kWh }
  aws:
    kind: cloud
    nodes: { type: rent, count: 2 }
    costs: { discount: 25 % }
policy: { placement: cheapest, by_kind: { batch: dc } }
workloads:
  - name: j
    arrivals: { interarrival: 1 h, max_jobs: 3 }
    devices: 8
    work: { reference_time: 10 h }
`;

const YEAR_S = 365.25 * 86_400;

describe('pricing a scenario when its run is built', () => {
  const resolved = parseScenario(SCENARIO);

  it('loading leaves every pool and the rental unpriced', () => {
    for (const pool of resolved.sites.flatMap((s) => s.pools)) expect(pool).not.toHaveProperty('placementPrice');
    expect(resolved.planning.rental).not.toHaveProperty('pricePerDeviceSecond');
  });

  it('prices each pool per device-second, and the rental after the cloud discount', () => {
    const priced = priceScenario(resolved);
    const price = (id: string) => priced.sites.flatMap((s) => s.pools).find((p) => p.id === id)?.placementPrice;
    // cloud: 16 USD/h × (1 − 25 %) / 8 GPUs = 1.5 USD per GPU-hour
    expect(price('aws/main')! * 3600).toBeCloseTo(1.5, 12);
    // on-prem at full use, per node-second: 120,000 / 4 years + 10 %/year × 120,000 + 3 kW × 1.5 × 0.10 USD/kWh;
    // per GPU-hour: (30,000 + 12,000) / 8,766 h / 8 + 0.45 / 8
    expect(price('dc/main')! * 3600).toBeCloseTo((30_000 + 12_000) / (YEAR_S / 3600) / 8 + 0.45 / 8, 9);
    const rental = priced.planning.rental;
    expect(rental && Object.keys(rental)).toEqual(['instance', 'pricing', 'pricePerDeviceSecond', 'device']);
    expect(rental).toMatchObject({ instance: 'rent', pricing: 'on_demand', device: { kind: 'gpu' } });
    expect(rental?.pricePerDeviceSecond).toBeCloseTo(1.5 / 3600, 15);
  });

  it('keeps the field order a result records: the price sits between power and the optional fields', () => {
    const pool = priceScenario(resolved).sites[0]!.pools[0]!;
    const keys = Object.keys(pool);
    expect(keys.indexOf('placementPrice')).toBe(keys.indexOf('power') + 1);
    expect(Object.keys(priceScenario(resolved))).toEqual(Object.keys(resolved));
  });
});
