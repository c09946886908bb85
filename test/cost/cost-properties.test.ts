/** Properties over random scenarios and ledgers: no negative money or energy; totals add up. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCosts } from '../../src/cost/compute-costs.js';
import { costCategories } from '../../src/cost/cost-result.js';
import { summariseReplications } from '../../src/metrics/summarise-replications.js';
import { DAY, MONTH, YEAR, cloudCosts, cloudPool, ledger, onPremCosts, onPremPool, poolUsage, scenario, site } from './fixtures.js';

const money = fc.double({ min: 0, max: 1e6, noNaN: true });
const rate = fc.double({ min: 0, max: 1e-3, noNaN: true });
const frac = fc.double({ min: 0, max: 1, noNaN: true });

const arbitraryCase = fc.record({
  horizonMonths: fc.integer({ min: 1, max: 72 }),
  extraSeconds: fc.double({ min: 0, max: 0.99, noNaN: true }),
  discountRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
  nodePrice: money,
  network: money,
  storage: money,
  installation: money,
  lifeYears: fc.double({ min: 0.5, max: 7, noNaN: true }),
  financed: fc.option(fc.record({ annualRate: fc.double({ min: 0, max: 0.2, noNaN: true }), termMonths: fc.integer({ min: 1, max: 84 }) }), { nil: undefined }),
  powerPrice: rate,
  peak: fc.option(fc.record({ from: fc.integer({ min: 0, max: 23 }), len: fc.integer({ min: 1, max: 23 }), price: rate }), { nil: undefined }),
  pue: fc.double({ min: 1, max: 2, noNaN: true }),
  maintenance: rate,
  staff: rate,
  tranches: fc.array(fc.record({ nodes: fc.integer({ min: 1, max: 4 }), orderedMonth: fc.double({ min: 0, max: 80, noNaN: true }), leadMonths: fc.double({ min: 0, max: 6, noNaN: true }) }), {
    minLength: 1,
    maxLength: 3,
  }),
  utilisation: frac,
  windowDays: fc.double({ min: 0.5, max: 60, noNaN: true }),
  billedOnDemand: frac,
  billedSpot: frac,
  discount: frac,
  support: frac,
  egressBytes: fc.double({ min: 0, max: 1e13, noNaN: true }),
  jobs: fc.nat(1000),
});

describe('cost properties', () => {
  it('money and energy are never negative; totals equal the sum of categories, sites and months', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const horizon = (c.horizonMonths + c.extraSeconds) * MONTH;
        const tranches = c.tranches.map((t) => ({ nodes: t.nodes, orderedAt: t.orderedMonth * MONTH, onlineAt: (t.orderedMonth + t.leadMonths) * MONTH }));
        const nodes = tranches.reduce((s, t) => s + t.nodes, 0);
        const onPrem = site(
          'dc',
          onPremCosts({
            capexPerNode: { 'dc/gpu': c.nodePrice },
            networkCapex: c.network,
            storageCapex: c.storage,
            installation: c.installation,
            depreciationLife: c.lifeYears * YEAR,
            ...(c.financed ? { financing: { annualRate: c.financed.annualRate, term: c.financed.termMonths * MONTH } } : {}),
            powerPrice: c.powerPrice,
            ...(c.peak ? { timeOfDayPrices: [{ fromHour: c.peak.from, toHour: (c.peak.from + c.peak.len) % 24, price: c.peak.price }] } : {}),
            pue: c.pue,
            colocationPerWatt: c.maintenance,
            maintenanceRate: c.maintenance,
            staffFte: 2,
            staffCostPerFte: c.staff,
            licences: c.staff,
            licencesPerNode: c.staff,
            carbonIntensity: 1e-7,
            egressPrice: 1e-10,
          }),
          [onPremPool({ nodes, tranches, power: { idle: 1000, max: 8000 } })],
        );
        const cloud = site('cloud', cloudCosts({ computeDiscount: c.discount, supportRate: c.support, storageBytes: 1e12, storagePrice: 1e-15, egressPrice: 1e-10, pue: 1.2, carbonIntensity: 1e-7 }), [
          cloudPool({ max: 4, pricing: { on_demand: 0.01, spot: 0.004 } }),
        ]);
        const w = c.windowDays * DAY;
        const online = 2 * w;
        const l = ledger(
          w,
          {
            'dc/gpu': poolUsage({
              site: 'dc',
              site_kind: 'on-prem',
              online_node_seconds: online,
              online_device_seconds: 8 * online,
              busy_device_seconds: 8 * online * c.utilisation,
              energy_joules: (1000 + 7000 * c.utilisation) * online,
            }),
            'cloud/p5': poolUsage({
              site: 'cloud',
              site_kind: 'cloud',
              billed_instance_seconds: { on_demand: c.billedOnDemand * 4 * w, spot: c.billedSpot * 4 * w },
              busy_device_seconds: c.billedOnDemand * 8 * w,
              energy_joules: 5000 * w,
            }),
          },
          { 'dc->cloud': c.egressBytes, 'cloud->dc': c.egressBytes / 2 },
        );
        const r = computeCosts(scenario([onPrem, cloud], { horizon, discountRate: c.discountRate }), l, { jobsCompleted: c.jobs, tokensServed: 0, trainingTokens: 0 });

        const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
        for (const k of costCategories) expect(r.by_category[k]).toBeGreaterThanOrEqual(0);
        for (const v of [...r.per_month.cost, ...r.per_month.cash, r.npv, r.cash, r.book_value_at_horizon, r.loan_balance_at_horizon]) expect(v).toBeGreaterThanOrEqual(0);
        for (const v of Object.values(r.energy)) expect(v).toBeGreaterThanOrEqual(0);
        for (const v of Object.values(r.unit_costs)) expect(Number.isFinite(v) && v >= 0).toBe(true);
        const categories = costCategories.reduce((s, k) => s + r.by_category[k], 0);
        expect(Math.abs(r.total - categories)).toBeLessThanOrEqual(tol(r.total));
        const sites = Object.values(r.per_site).reduce((s, x) => s + x.total, 0);
        expect(Math.abs(r.total - sites)).toBeLessThanOrEqual(tol(r.total));
        expect(Math.abs(r.total - r.per_year.cost.reduce((s, x) => s + x, 0))).toBeLessThanOrEqual(tol(r.total));
        expect(Math.abs(r.cash - (r.per_month.cumulative_cash.at(-1) ?? 0))).toBeLessThanOrEqual(tol(r.cash));
        expect(r.npv).toBeLessThanOrEqual(r.cash + tol(r.cash));
        expect(r.per_month.cost).toHaveLength(Math.ceil(c.horizonMonths + c.extraSeconds - 1e-9));
        // depreciation never exceeds the capex bought
        const capex = nodes * c.nodePrice + c.network + c.storage + c.installation;
        const depreciation = r.by_category.hardware_depreciation + r.by_category.network + r.by_category.storage + r.by_category.installation;
        expect(depreciation).toBeLessThanOrEqual(capex + tol(capex));
        expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      }),
      { numRuns: 200 },
    );
  });

  it('has the same shape whatever the usage, so replications summarise', () => {
    const s = scenario([site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 1000 } }), [onPremPool({ nodes: 1 })])], { horizon: 2 * YEAR });
    const reps = [0.2, 0.5, 0.9].map((u) =>
      computeCosts(s, ledger(DAY, { 'dc/gpu': poolUsage({ site: 'dc', site_kind: 'on-prem', online_node_seconds: DAY, online_device_seconds: 8 * DAY, busy_device_seconds: 8 * DAY * u }) }), {
        jobsCompleted: 0,
        tokensServed: 0,
        trainingTokens: 0,
      }),
    );
    const summary = summariseReplications(reps);
    expect(summary.unit_costs.gpu_hours.mean).toBeCloseTo((8 * 2 * 8766 * (0.2 + 0.5 + 0.9)) / 3, 6);
    expect(summary.per_month.cost[23]?.n).toBe(3);
  });
});
