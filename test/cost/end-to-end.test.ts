import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

/**
 * The whole path — YAML, simulation, usage ledger, cost model — on scenarios whose usage is known
 * exactly, against hand arithmetic. One owned 8-GPU node (1,000 W idle, 3,000 W max, 120,000 USD)
 * and two committed cloud instances (16 USD/h on demand, 8 GPUs each). The simulated window is 10 days
 * (no warm-up); the plan is 1 year (365.25 days = 8,766 h).
 */
const PROFILES = `profiles:
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
`;

const YEAR_H = 8766;

describe('TCO of a scenario whose usage is known exactly', () => {
  it('on-prem: depreciation, maintenance, energy × PUE, staff; unit cost per GPU-hour', () => {
    const s = parseScenario(`name: e2e
horizon: 10 days
reference: { device: g, precision: bf16 }
planning: { horizon: 1 year, discount_rate: 0 % }
${PROFILES}
sites:
  dc:
    nodes: { type: own, count: 1 }
    costs: { depreciation: 4 years, maintenance: 10 %, pue: 1.5, power_price: 0.10 USD/kWh, staff: 0.5, staff_cost: 100000 USD/year }
workloads:
  - name: j
    arrivals: { interarrival: 1 s, max_jobs: 1 }
    devices: 8
    work: { reference_time: 192 h }
`);
    const r = simulate(s);
    const c = r.replications[0]!.cost!;
    // The job holds all 8 GPUs for 24 h inside the 10-day window: utilisation 24 h / 240 h = 0.1.
    // Energy in the window: 1,000 W × 240 h + (3,000 − 1,000) W × 24 h = 240 + 48 = 288 kWh,
    // i.e. 1,200 W on average per online node; over the year: 1.2 kW × 8,766 h = 10,519.2 kWh IT,
    // × PUE 1.5 = 15,778.8 kWh facility × 0.10 USD/kWh = 1,577.88 USD.
    expect(c.energy.it_kwh).toBeCloseTo(10_519.2, 6);
    expect(c.energy.facility_kwh).toBeCloseTo(15_778.8, 6);
    expect(c.by_category.energy).toBeCloseTo(1_577.88, 6);
    // Depreciation: 120,000 / 4 years × 1 year = 30,000; maintenance 10 % × 120,000 = 12,000;
    // staff 0.5 × 100,000 = 50,000.
    expect(c.by_category.hardware_depreciation).toBeCloseTo(30_000, 6);
    expect(c.by_category.maintenance).toBeCloseTo(12_000, 6);
    expect(c.by_category.staff).toBeCloseTo(50_000, 6);
    const total = 30_000 + 12_000 + 50_000 + 1_577.88;
    expect(c.total).toBeCloseTo(total, 4);
    // Cash: the node is paid at once (120,000) instead of 30,000 of depreciation; book value 90,000 left.
    expect(c.cash).toBeCloseTo(total - 30_000 + 120_000, 4);
    expect(c.book_value_at_horizon).toBeCloseTo(90_000, 4);
    // Delivered: 0.1 × 8 GPUs × 8,766 h = 7,012.8 GPU-hours → 93,577.88 / 7,012.8 USD per GPU-hour.
    expect(c.unit_costs.gpu_hours).toBeCloseTo(7_012.8, 6);
    expect(c.unit_costs.per_gpu_hour).toBeCloseTo(total / 7_012.8, 9);
    // Emissions at the default US grid intensity 0.367 kg/kWh: 15,778.8 kWh × 0.367.
    expect(c.energy.co2e_kg).toBeCloseTo(15_778.8 * 0.367, 3);
  });

  it('cloud: committed instances billed all year at the discounted price, plus support; rental comparison', () => {
    const s = parseScenario(`name: e2e-cloud
horizon: 10 days
reference: { device: g, precision: bf16 }
planning: { horizon: 1 year, discount_rate: 0 % }
${PROFILES}
sites:
  aws:
    kind: cloud
    nodes: { type: rent, count: 2 }
    costs: { discount: 10 %, support: 5 %, storage: 1000 GB, storage_price: 0.02 USD/GB/month }
workloads:
  - name: j
    arrivals: { interarrival: 1 s, max_jobs: 1 }
    devices: 8
    work: { reference_time: 192 h }
`);
    const r = simulate(s);
    const c = r.replications[0]!.cost!;
    // 2 instances × 16 USD/h × 8,766 h × (1 − 10 %) = 252,460.8 USD; storage 1,000 GB × 0.02 × 12 months = 240;
    // support 5 % of (compute + storage) = 12,635.04.
    expect(c.by_category.cloud_compute).toBeCloseTo(2 * 16 * YEAR_H * 0.9, 4);
    expect(c.by_category.cloud_storage).toBeCloseTo(240, 4);
    expect(c.by_category.support).toBeCloseTo(0.05 * (2 * 16 * YEAR_H * 0.9 + 240), 4);
    expect(c.total).toBeCloseTo(1.05 * (2 * 16 * YEAR_H * 0.9 + 240), 4);
    // The rental alternative defaults to the scenario's cloud pool: 16 × 0.9 / 8 = 1.8 USD per GPU-hour.
    expect(r.cost_analysis!.rental?.price_per_device_hour).toBeCloseTo(1.8, 9);
  });
});
