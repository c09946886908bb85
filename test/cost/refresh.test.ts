import { describe, expect, it } from 'vitest';
import { computeCosts } from '../../src/cost/compute-costs.js';
import type { RefreshStep } from '../../src/cost/cost-inputs.js';
import { applyPricePath, lowestFactor, monthFactor, priceFactor, type PricePath } from '../../src/cost/price-path.js';
import { bookFraction, resaleFraction, type ResaleCurve } from '../../src/cost/residual-value.js';
import { costBasis } from '../../src/cost/cost-basis.js';
import { DAY, HOUR, MONTH, YEAR, cloudCosts, cloudPool, ledger, nodeProfile, onPremCosts, onPremPool, perHour, poolUsage, scenario, site } from './fixtures.js';

describe('residual value: closed forms', () => {
  it('straight-line: max(floor, 1 − age / life)', () => {
    const curve: ResaleCurve = { kind: 'straight-line', life: 4 * YEAR, floor: 0.1 };
    expect(resaleFraction(curve, 0)).toBe(1);
    expect(resaleFraction(curve, YEAR)).toBeCloseTo(0.75, 12);
    expect(resaleFraction(curve, 3 * YEAR)).toBeCloseTo(0.25, 12);
    // 1 − 3.8/4 = 0.05 is below the floor
    expect(resaleFraction(curve, 3.8 * YEAR)).toBe(0.1);
    expect(resaleFraction(curve, 10 * YEAR)).toBe(0.1);
  });

  it('declining balance: (1 − d)^(age / year)', () => {
    const curve: ResaleCurve = { kind: 'declining-balance', ratePerYear: 0.3 };
    expect(resaleFraction(curve, 2 * YEAR)).toBeCloseTo(0.49, 12); // 0.7²
    expect(resaleFraction(curve, 0.5 * YEAR)).toBeCloseTo(Math.sqrt(0.7), 12);
    expect(resaleFraction(curve, 3 * YEAR)).toBeCloseTo(0.343, 12); // 0.7³
  });

  it('a published curve: linear between points, 1 at age 0, the last held', () => {
    const curve: ResaleCurve = {
      kind: 'points',
      points: [
        { age: YEAR, fraction: 0.625 },
        { age: 2 * YEAR, fraction: 0.425 },
      ],
    };
    expect(resaleFraction(curve, 0.5 * YEAR)).toBeCloseTo(0.8125, 12); // halfway from 1 to 0.625
    expect(resaleFraction(curve, 1.5 * YEAR)).toBeCloseTo(0.525, 12); // halfway from 0.625 to 0.425
    expect(resaleFraction(curve, 7 * YEAR)).toBe(0.425);
  });

  it('book value: straight-line over the depreciation life, never below 0', () => {
    expect(bookFraction(4 * YEAR, YEAR)).toBeCloseTo(0.75, 12);
    expect(bookFraction(4 * YEAR, 5 * YEAR)).toBe(0);
  });
});

describe('price paths', () => {
  it('compound, linear and dated points', () => {
    const compound: PricePath = { kind: 'compound', changePerYear: -0.15 };
    expect(priceFactor(compound, 2 * YEAR)).toBeCloseTo(0.7225, 12); // 0.85²
    const linear: PricePath = { kind: 'linear', changePerYear: 0.03 };
    expect(priceFactor(linear, 2 * YEAR)).toBeCloseTo(1.06, 12);
    const points: PricePath = {
      kind: 'points',
      points: [
        { at: YEAR, factor: 0.8 },
        { at: 3 * YEAR, factor: 0.6 },
      ],
    };
    expect(priceFactor(points, 0)).toBe(1);
    expect(priceFactor(points, 0.5 * YEAR)).toBeCloseTo(0.9, 12); // from 1 at 0 to 0.8 at 1 y
    expect(priceFactor(points, 2 * YEAR)).toBeCloseTo(0.7, 12);
    expect(priceFactor(points, 9 * YEAR)).toBe(0.6);
  });

  it('each month takes the factor at its middle; a partial last month at the middle of what is left', () => {
    const linear: PricePath = { kind: 'linear', changePerYear: 0.12 };
    // month 0's middle is 0.5 month = 1/24 year: 1 + 0.12 / 24 = 1.005
    expect(monthFactor(linear, 0, 3 * MONTH)).toBeCloseTo(1.005, 12);
    // a horizon of 2.5 months: the last bucket [2, 2.5) has its middle at 2.25 months: 1 + 0.12 × 2.25 / 12 = 1.0225
    expect(monthFactor(linear, 2, 2.5 * MONTH)).toBeCloseTo(1.0225, 12);
    expect(applyPricePath([100, 200, 0], linear, 3 * MONTH)).toEqual([expect.closeTo(100.5, 9), expect.closeTo(203, 9), 0]);
  });

  it('the lowest factor within the horizon finds a linear decline that crosses zero', () => {
    expect(lowestFactor({ kind: 'linear', changePerYear: -0.3 }, 4 * YEAR)).toBeCloseTo(-0.2, 12);
    expect(lowestFactor({ kind: 'compound', changePerYear: -0.3 }, 4 * YEAR)).toBeCloseTo(0.2401, 12);
  });
});

describe('a refresh projected period by period: a 3-month hand-worked case', () => {
  // One node bought at t = 0 for 1,200 USD (depreciated over 3 years), drawing 1,000 W in configuration 0 at
  // 100 USD of electricity a month; on month 1 it is sold and replaced by one new node at 2,400 USD drawing
  // 2,000 W (200 USD a month at today's price). Resale: straight-line to 0 over 1 year. Electricity rises
  // 12 % of today's price a year, linear: month factors 1.005, 1.015, 1.025 (at each month's middle).
  // Cash by month (paid at the order, the sale and the horizon credit in their months):
  //   m0: 1,200 capex + 100 × 1.005                              = 1,300.5
  //   m1: 2,400 new node − 1,100 sale (1,200 × (1 − 1/12)) + 200 × 1.015 = 1,503
  //   m2: 200 × 1.025 − 2,000 residual (2,400 × (1 − 2/12), age 2 months at the horizon) = −1,795
  // NPV at 12 %/year, each month discounted from its end (1.12^(1/12) = 1.0094888, ^(2/12) = 1.0190676, ^(3/12) = 1.0287373):
  //   1,300.5 / 1.0094888 + 1,503 / 1.0190676 − 1,795 / 1.0287373 = 1,288.276 + 1,474.878 − 1,744.857 = 1,018.296
  // Accounting: old node's depreciation 1,200 / 36 = 33.33 for month 0, its book value left at the sale
  // 1,200 × 35/36 = 1,166.67 less the 1,100 it fetched = 66.67; the new node 2 × 2,400 / 36 = 133.33; energy
  // 100.5 + 203 + 205 = 508.5 → total 741.83. Book value at the horizon 2,400 × 34/36 = 2,266.67.
  const H = 3 * MONTH;
  const window = DAY;
  const watts = (w: number, busyShare: number) =>
    ledger(window, {
      'dc/gpu': poolUsage({ site: 'dc', site_kind: 'on-prem', online_node_seconds: window, online_device_seconds: 8 * window, busy_device_seconds: 8 * window * busyShare, energy_joules: w * window }),
    });
  const step: RefreshStep = { at: MONTH, node: nodeProfile({ id: 'new-node' }), nodes: 1, devicesPerNode: 8, capexPerNode: 2400, power: { idle: 2000, max: 2000 } };
  const pricePerJ = 100 / (1000 * MONTH);
  const costs = onPremCosts({
    capexPerNode: { 'dc/gpu': 1200 },
    powerPrice: pricePerJ,
    resale: { kind: 'straight-line', life: YEAR, floor: 0 },
    powerPricePath: { kind: 'linear', changePerYear: 0.12 },
    refresh: { 'dc/gpu': [step] },
  });
  const sc = scenario([site('dc', costs, [onPremPool({ nodes: 1, power: { idle: 1000, max: 1000 } })])], { horizon: H, discountRate: 0.12 });
  const delivered = { jobsCompleted: 10, tokensServed: 0, trainingTokens: 0 };
  const result = computeCosts(sc, watts(1000, 0.5), delivered, [{ from: MONTH, ledger: watts(2000, 0.25), delivered: { jobsCompleted: 20, tokensServed: 0, trainingTokens: 0 } }]);

  it('cash month by month, and the NPV', () => {
    expect(result.per_month.cash).toEqual([expect.closeTo(1300.5, 6), expect.closeTo(1503, 6), expect.closeTo(-1795, 6)]);
    expect(result.cash).toBeCloseTo(1008.5, 6);
    expect(result.npv).toBeCloseTo(1018.296, 3);
  });

  it('the accounting total, book and second-hand values', () => {
    expect(result.total).toBeCloseTo(741.833, 3);
    expect(result.by_category.hardware_depreciation).toBeCloseTo(233.333, 3);
    expect(result.by_category.energy).toBeCloseTo(508.5, 6);
    expect(result.book_value_at_horizon).toBeCloseTo(2266.667, 3);
    expect(result.residual_value?.market_value_at_horizon).toBeCloseTo(2000, 6);
    expect(result.residual_value?.resale_at_retirement).toBeCloseTo(1100, 6);
    expect(result.residual_value?.book_value_written_off).toBeCloseTo(1166.667, 3);
  });

  it("each configuration's usage over its own span: utilisation, jobs", () => {
    // device-hours busy: 8 devices × 1 month × 0.5, then 8 × 2 months × 0.25
    expect(result.unit_costs.gpu_hours).toBeCloseTo((8 * MONTH * 0.5 + 8 * 2 * MONTH * 0.25) / 3600, 6);
    // jobs: 10 a day for a month, 20 a day for two
    expect(result.unit_costs.jobs).toBeCloseTo((10 * MONTH + 20 * 2 * MONTH) / DAY, 6);
    expect(result.energy.it_kwh).toBeCloseTo((1000 * MONTH + 2000 * 2 * MONTH) / 3.6e6, 6);
  });

  it('without a resale curve a refresh sells for nothing, and the basis says so', () => {
    const { resale: _none, ...rest } = costs;
    const bare = scenario([site('dc', rest, [onPremPool({ nodes: 1, power: { idle: 1000, max: 1000 } })])], { horizon: H, discountRate: 0.12 });
    const r = computeCosts(bare, watts(1000, 0.5), delivered, [{ from: MONTH, ledger: watts(2000, 0.25), delivered }]);
    expect([r.residual_value?.market_value_at_horizon, r.residual_value?.resale_at_retirement]).toEqual([0, 0]);
    expect(r.residual_value?.book_value_written_off).toBeCloseTo(1166.667, 3);
    expect(r.cash).toBeCloseTo(1200 + 2400 + 100.5 + 203 + 205, 6);
    expect(costBasis(bare).residual_value).toMatch(/ASSUMED to fetch nothing/);
  });

  it('the basis names the refresh, the residual value and the price path', () => {
    const basis = costBasis(sc);
    expect(basis.refresh).toMatch(/1 × test-node retired and sold, 1 × new-node bought/);
    expect(basis.refresh).toMatch(/Years are not simulated/);
    expect(basis.residual_value).toMatch(/straight-line to 0 % over 1 years/);
    expect(basis.price_paths).toMatch(/electricity at dc: \+12 % of today's price a year, linear/);
    expect(basis.projection).not.toMatch(/no growth, price change, hardware refresh or residual value/);
  });

  it('without refresh, resale or paths nothing new appears (the result keeps its shape)', () => {
    const plain = scenario([site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 1200 }, powerPrice: pricePerJ }), [onPremPool({ nodes: 1, power: { idle: 1000, max: 1000 } })])], { horizon: H });
    const r = computeCosts(plain, watts(1000, 0.5), delivered);
    expect(r.residual_value).toBeUndefined();
    const basis = costBasis(plain);
    expect(Object.keys(basis)).not.toContain('refresh');
    expect(basis.projection).toMatch(/no growth, price change, hardware refresh or residual value is assumed/);
  });
});

describe('a cloud price path', () => {
  it('scales compute (and the support charged on it) month by month', () => {
    // one instance billed all the time at 10 USD/h: 10 × 730.5 h = 7,305 USD a month at today's price; prices fall
    // 12 % of today's a year, linear: factors 1 − 0.12 × 0.5/12 = 0.995 and 1 − 0.12 × 1.5/12 = 0.985; support 10 %
    const window = DAY;
    const usage = ledger(window, { 'cloud/p5': poolUsage({ site: 'cloud', site_kind: 'cloud', billed_instance_seconds: { on_demand: window } }) });
    const costs = cloudCosts({ supportRate: 0.1, egressPrice: 0, pricePath: { kind: 'linear', changePerYear: -0.12 } });
    const sc = scenario([site('cloud', costs, [cloudPool({ max: 1, pricing: { on_demand: perHour(10) } })])], { horizon: 2 * MONTH });
    const r = computeCosts(sc, usage);
    const month = (10 * MONTH) / HOUR;
    expect(r.by_category.cloud_compute).toBeCloseTo(month * (0.995 + 0.985), 6);
    expect(r.by_category.support).toBeCloseTo(0.1 * month * (0.995 + 0.985), 6);
    expect(r.per_month.cash[1]).toBeCloseTo(1.1 * month * 0.985, 6);
  });
});

describe('a resale curve without a refresh', () => {
  it('leaves the accounting total alone and lowers cash (and NPV) by the credit at the horizon', () => {
    // 10 nodes at 100,000 USD held 2 years; declining balance −30 % a year: worth 1,000,000 × 0.7² = 490,000 USD,
    // credited at the end of the last month: NPV falls by 490,000 / 1.1² at 10 %
    const usage = ledger(DAY, { 'dc/gpu': poolUsage({ site: 'dc', site_kind: 'on-prem', online_node_seconds: 10 * DAY, online_device_seconds: 80 * DAY, energy_joules: 10 * DAY * 1000 }) });
    const pool = onPremPool({ nodes: 10, power: { idle: 1000, max: 1000 } });
    const plain = onPremCosts({ capexPerNode: { 'dc/gpu': 100_000 }, powerPrice: 1e-7 });
    const base = computeCosts(scenario([site('dc', plain, [pool])], { horizon: 2 * YEAR, discountRate: 0.1 }), usage);
    const resold = computeCosts(scenario([site('dc', { ...plain, resale: { kind: 'declining-balance', ratePerYear: 0.3 } }, [pool])], { horizon: 2 * YEAR, discountRate: 0.1 }), usage);
    expect(resold.total).toBe(base.total);
    expect(resold.book_value_at_horizon).toBe(base.book_value_at_horizon);
    expect(resold.residual_value?.market_value_at_horizon).toBeCloseTo(490_000, 6);
    expect(base.cash - resold.cash).toBeCloseTo(490_000, 6);
    expect(base.npv - resold.npv).toBeCloseTo(490_000 / 1.21, 6);
    expect(base.residual_value).toBeUndefined();
  });
});
