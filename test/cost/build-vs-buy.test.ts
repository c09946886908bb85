/**
 * Build vs buy by hand. Owned pool: 1 node × 8 H100 bought for 300,000 USD, depreciated over 3
 * years, planning horizon 3 years (26,298 h), node power 2 kW idle / 10 kW max, PUE 1.25, 0.10 USD/kWh,
 * nothing else. Measured utilisation 80 %. Rental alternative: 2.50 USD per GPU-hour.
 */
import { describe, expect, it } from 'vitest';
import { buildVsBuy } from '../../src/cost/build-vs-buy.js';
import { computeCosts } from '../../src/cost/compute-costs.js';
import { DAY, HOUR, YEAR, ledger, onPremCosts, onPremPool, perKwh, poolUsage, scenario, site } from './fixtures.js';

const s = scenario([site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 300_000 }, pue: 1.25, powerPrice: perKwh(0.1) }), [onPremPool({ nodes: 1, power: { idle: 2000, max: 10_000 } })])], {
  horizon: 3 * YEAR,
});
const w = 10 * DAY;
const usage = ledger(w, {
  'dc/gpu': poolUsage({ site: 'dc', site_kind: 'on-prem', online_node_seconds: w, online_device_seconds: 8 * w, busy_device_seconds: 0.8 * 8 * w, energy_joules: (2000 + 8000 * 0.8) * w }),
});
const rent = 2.5 / HOUR;

describe('build vs buy by hand', () => {
  const r = buildVsBuy(s, usage, { pool: 'dc/gpu', rentalPricePerDeviceSecond: rent });

  it('splits the owned cost into a fixed part and energy linear in utilisation', () => {
    // fixed: 300,000 / (8 GPUs × 26,298 h) = 1.425964 USD per online GPU-hour
    expect(r.owned_fixed_per_device_hour).toBeCloseTo(300_000 / (8 * 26_298), 9);
    // idle energy: 2,000 W / 8 = 250 W × 1.25 × 0.10 USD/kWh = 0.03125 USD per GPU-hour
    expect(r.owned_energy_idle_per_device_hour).toBeCloseTo(0.03125, 12);
    // busy energy: (10,000 − 2,000) W / 8 = 1 kW × 1.25 × 0.10 = 0.125 USD per busy GPU-hour
    expect(r.owned_energy_dynamic_per_device_hour).toBeCloseTo(0.125, 12);
  });

  it('solves the break-even utilisation exactly', () => {
    // u* = (1.425964 + 0.03125) / (2.50 − 0.125) = 1.457214 / 2.375 = 0.613564
    expect(r.break_even_utilisation).toBeCloseTo(0.613564, 6);
    expect(r.measured_utilisation).toBeCloseTo(0.8, 12);
    // at 80 %: 1.457214 / 0.8 + 0.125 = 1.946517 USD per delivered GPU-hour
    expect(r.owned_per_delivered_device_hour).toBeCloseTo(1.457214 / 0.8 + 0.125, 5);
  });

  it('agrees with the TCO per delivered GPU-hour of the same scenario', () => {
    const tco = computeCosts(s, usage);
    expect(tco.unit_costs.per_gpu_hour).toBeCloseTo(r.owned_per_delivered_device_hour, 9);
  });

  it('finds the break-even month of cumulative cash', () => {
    // owning: 300,000 in month 1, then energy 8.4 kW × 1.25 × 730.5 h × 0.10 = 767.03 a month
    // renting the delivered hours: 8 × 730.5 h × 0.8 × 2.50 = 11,688 a month
    // 300,000 + 767.03 m ≤ 11,688 m ⇔ m ≥ 300,000 / 10,920.98 = 27.47 → month 28
    expect(r.break_even_month).toBe(28);
    expect(r.cumulative_renting_cash[0]).toBeCloseTo(11_688, 6);
    expect(r.cumulative_owning_cash[0]).toBeCloseTo(300_000 + 767.025, 6);
    // renting the whole fleet 24/7 instead: 8 × 730.5 × 2.50 = 14,610 a month; m ≥ 300,000 / 13,842.98 = 21.67 → 22
    expect(buildVsBuy(s, usage, { pool: 'dc/gpu', rentalPricePerDeviceSecond: rent, rentFor: 'online' }).break_even_month).toBe(22);
  });

  it('reports when owning never pays', () => {
    // rent 0.10 USD/h < busy energy 0.125: never (−1); renting never catches up within 3 years: month 0
    const cheap = buildVsBuy(s, usage, { pool: 'dc/gpu', rentalPricePerDeviceSecond: 0.1 / HOUR });
    expect(cheap.break_even_utilisation).toBe(-1);
    expect(cheap.break_even_month).toBe(0);
    // rent 1.00 USD/h: u* = 1.457214 / 0.875 = 1.665 > 1 — not reachable even fully used
    expect(buildVsBuy(s, usage, { pool: 'dc/gpu', rentalPricePerDeviceSecond: 1 / HOUR }).break_even_utilisation).toBeCloseTo(1.457214 / 0.875, 5);
  });

  it('shares site-wide costs by online device-seconds', () => {
    // staff of 1 USD per hour for the site (8,766 USD a year); two equal pools online all the time → 0.5 USD/h each
    // = 0.5 / 8 GPUs = 0.0625 USD per GPU-hour on top of each pool's own fixed cost
    const two = scenario(
      [site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 300_000, 'dc/b': 300_000 }, staffFte: 1, staffCostPerFte: 1 / HOUR }), [onPremPool({ nodes: 1 }), onPremPool({ nodes: 1, name: 'b' })])],
      { horizon: 3 * YEAR },
    );
    const b = buildVsBuy(two, usage, { pool: 'dc/gpu', rentalPricePerDeviceSecond: rent });
    expect(b.owned_fixed_per_device_hour).toBeCloseTo(300_000 / (8 * 26_298) + 0.0625, 9);
  });

  it('refuses a cloud pool or an unknown one', () => {
    expect(() => buildVsBuy(s, usage, { pool: 'dc/nope', rentalPricePerDeviceSecond: rent })).toThrow(/no pool dc\/nope/);
  });
});
