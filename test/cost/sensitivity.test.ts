/**
 * Sensitivity (tornado) by hand. On-prem `dc`: 1 node × 8 GPUs for 300,000 USD (3-year life),
 * 1 FTE at 90,000 USD/year, node 2 kW idle / 10 kW max at 80 % use (8.4 kW), PUE 1.1, 0.10 USD/kWh.
 * Cloud `cloud`: 100 on-demand instance-hours at 80 USD/h per 10-day window, 10 % discount.
 * Horizon 3 years (26,298 h = 109.575 windows).
 */
import { describe, expect, it } from 'vitest';
import { averageLedgers } from '../../src/cost/average-ledgers.js';
import { computeCosts } from '../../src/cost/compute-costs.js';
import { sensitivity } from '../../src/cost/sensitivity.js';
import { DAY, HOUR, YEAR, cloudCosts, cloudPool, ledger, onPremCosts, onPremPool, perHour, perKwh, perYear, poolUsage, scenario, site } from './fixtures.js';

const s = scenario(
  [
    site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 300_000 }, staffFte: 1, staffCostPerFte: perYear(90_000), pue: 1.1, powerPrice: perKwh(0.1) }), [
      onPremPool({ nodes: 1, power: { idle: 2000, max: 10_000 } }),
    ]),
    site('cloud', cloudCosts({ computeDiscount: 0.1 }), [cloudPool({ max: 2, pricing: { on_demand: perHour(80) } })]),
  ],
  { horizon: 3 * YEAR },
);
const w = 10 * DAY;
const usage = ledger(w, {
  'dc/gpu': poolUsage({ site: 'dc', site_kind: 'on-prem', online_node_seconds: w, online_device_seconds: 8 * w, busy_device_seconds: 0.8 * 8 * w, energy_joules: 8400 * w }),
  'cloud/p5': poolUsage({ site: 'cloud', site_kind: 'cloud', billed_instance_seconds: { on_demand: 100 * HOUR }, busy_device_seconds: 8 * 90 * HOUR }),
});

describe('sensitivity by hand (±20 %)', () => {
  const t = sensitivity(s, usage, { jobsCompleted: 0, tokensServed: 0, trainingTokens: 0 });

  it('starts from the base TCO', () => {
    // 300,000 capex + 270,000 staff + energy 8.4 kW × 1.1 × 26,298 h × 0.10 = 24,299.35
    // + cloud 100 h × 80 × 109.575 windows × 0.9 = 788,940 → 1,383,239.35
    expect(t.base_value).toBeCloseTo(1_383_239.35, 2);
    expect(t.metric).toBe('total');
  });

  it('gives each driver its low and high TCO, sorted by swing', () => {
    const row = (d: string) => t.rows.find((r) => r.driver === d);
    expect(t.rows.map((r) => r.driver)).toEqual(['utilisation', 'cloud_discount', 'gpu_price', 'staff_cost', 'power_price', 'pue']);
    // utilisation ×0.8 / ×1.2: on-prem busy power 6.4 kW → 5.12 / 7.68 kW (node 7.12 / 9.68 kW):
    // energy 20,596.59 / 28,002.11 (swing 7,405.52); cloud on-demand hours ×0.8 / ×1.2: ±157,788 (swing 315,576)
    expect(row('utilisation')?.swing).toBeCloseTo(7_405.52 + 315_576, 2);
    // discount 0.1 − 0.2 → clamped to 0: 876,600; 0.1 + 0.2 = 0.3: 613,620; swing 262,980
    expect(row('cloud_discount')?.low_value).toBeCloseTo(1_383_239.35 + 876_600 - 788_940, 2);
    expect(row('cloud_discount')?.swing).toBeCloseTo(262_980, 2);
    expect(row('cloud_discount')?.low_setting).toBe(-0.2);
    // node price ×0.8 / ×1.2: 240,000 / 360,000 → swing 120,000
    expect(row('gpu_price')?.swing).toBeCloseTo(120_000, 2);
    expect(row('gpu_price')?.low_setting).toBe(0.8);
    // staff 72,000 / 108,000 a year × 3 → swing 108,000
    expect(row('staff_cost')?.swing).toBeCloseTo(108_000, 2);
    // power price ±20 % of 24,299.35 → swing 9,719.74
    expect(row('power_price')?.swing).toBeCloseTo(9_719.74, 2);
    // PUE 1.1 × 0.8 = 0.88 → clamped to 1.0: 22,090.32; 1.1 × 1.2 = 1.32: 29,159.22 → swing 7,068.90
    expect(row('pue')?.swing).toBeCloseTo(7_068.9, 2);
    expect(row('pue')?.high_value).toBeGreaterThan(row('pue')?.low_value ?? Infinity);
  });

  it('can measure cost per GPU-hour instead, with fewer drivers', () => {
    const u = sensitivity(s, usage, { jobsCompleted: 0, tokensServed: 0, trainingTokens: 0 }, { metric: 'per_gpu_hour', drivers: ['gpu_price', 'utilisation'], variation: 0.1 });
    expect(u.rows.map((r) => r.driver).sort()).toEqual(['gpu_price', 'utilisation']);
    expect(u.base_value).toBeCloseTo(computeCosts(s, usage).unit_costs.per_gpu_hour, 9);
    expect(u.rows.find((r) => r.driver === 'gpu_price')?.high_setting).toBe(1.1);
  });
});

describe('averageLedgers', () => {
  it('averages rates, so the TCO of the mean ledger is the mean TCO', () => {
    const other = ledger(2 * w, {
      'dc/gpu': poolUsage({ site: 'dc', site_kind: 'on-prem', online_node_seconds: 2 * w, online_device_seconds: 16 * w, busy_device_seconds: 0.4 * 16 * w, energy_joules: 5200 * 2 * w }),
    });
    const mean = averageLedgers([usage, other]);
    // windows 10 d and 20 d → 15 d; busy rate (0.8 × 8 + 0.4 × 8) / 2 = 4.8 devices → 4.8 × 15 d
    expect(mean.window).toBe(15 * DAY);
    expect(mean.pools['dc/gpu']?.busy_device_seconds).toBeCloseTo(4.8 * 15 * DAY, 6);
    // cloud usage absent from the second replication counts as 0: 100 h / 10 d and 0 → 50 h per 10 d = 75 h per 15 d
    expect(mean.pools['cloud/p5']?.billed_instance_seconds.on_demand).toBeCloseTo(75 * HOUR, 6);
    const a = computeCosts(s, usage).total;
    const b = computeCosts(s, other).total;
    expect(computeCosts(s, mean).total).toBeCloseTo((a + b) / 2, 4);
  });
});
