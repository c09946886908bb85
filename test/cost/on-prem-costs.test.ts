/**
 * Every on-prem cost component against a hand calculation on a scenario whose usage is known exactly.
 *
 * Site `dc`: one pool of 2 nodes × 8 H100 (16 GPUs), node power 2 kW idle / 10 kW max, bought at
 * 240,000 USD a node, both online from time 0. Ledger: a 10-day window in which both nodes were
 * online all the time and the GPUs busy half of it, so every node drew 2 + (10 − 2) × 0.5 = 6 kW.
 * Planning horizon: 1 year (365.25 d = 8,766 h = 12 months).
 */
import { describe, expect, it } from 'vitest';
import { computeCosts } from '../../src/cost/compute-costs.js';
import { DAY, MONTH, YEAR, ledger, onPremCosts, onPremPool, perGb, perKwh, perYear, poolUsage, scenario, site } from './fixtures.js';

const pool = onPremPool({ nodes: 2, power: { idle: 2000, max: 10_000 } });
const costs = onPremCosts({
  capexPerNode: { 'dc/gpu': 240_000 },
  networkCapex: 60_000,
  storageCapex: 30_000,
  installation: 12_000,
  depreciationLife: 3 * YEAR,
  powerPrice: perKwh(0.1),
  timeOfDayPrices: [{ fromHour: 8, toHour: 20, price: perKwh(0.2) }],
  pue: 1.5,
  colocationPerWatt: 150 / 1000 / MONTH, // 150 USD per kW per month
  maintenanceRate: perYear(0.08),
  staffFte: 1.5,
  staffCostPerFte: perYear(190_000),
  licences: perYear(10_000),
  licencesPerNode: perYear(4_500),
  carbonIntensity: 0.4 / 3.6e6, // 0.4 kg CO2e per kWh
  egressPrice: perGb(0.01),
});
const window = 10 * DAY;
const nodeSeconds = 2 * window; // 1,728,000
const usage = ledger(
  window,
  {
    'dc/gpu': poolUsage({
      site: 'dc',
      site_kind: 'on-prem',
      online_node_seconds: nodeSeconds,
      online_device_seconds: 8 * nodeSeconds,
      busy_device_seconds: 0.5 * 8 * nodeSeconds,
      energy_joules: 6000 * nodeSeconds, // 6 kW per node × node-seconds = 1.0368e10 J, spread evenly over the 24 hours
    }),
  },
  { 'dc->cloud': 1e12 }, // 1 TB sent out in 10 days
);
const s = scenario([site('dc', costs, [pool])], { horizon: YEAR });
const result = computeCosts(s, usage, { jobsCompleted: 50, tokensServed: 1e9, trainingTokens: 0 });

describe('on-prem costs by hand (1-year horizon)', () => {
  it('depreciates capex straight-line over 3 years: one year = 1/3 of each item', () => {
    // nodes: 2 × 240,000 = 480,000 → 480,000 / 3 = 160,000
    expect(result.by_category.hardware_depreciation).toBeCloseTo(160_000, 6);
    // network 60,000 / 3 = 20,000; storage 30,000 / 3 = 10,000; installation 12,000 / 3 = 4,000
    expect(result.by_category.network).toBeCloseTo(20_000, 6);
    expect(result.by_category.storage).toBeCloseTo(10_000, 6);
    expect(result.by_category.installation).toBeCloseTo(4_000, 6);
    // book value left: (480,000 + 60,000 + 30,000 + 12,000) × 2/3 = 582,000 × 2/3 = 388,000
    expect(result.book_value_at_horizon).toBeCloseTo(388_000, 6);
    expect(result.by_category.financing).toBe(0);
  });

  it('prices energy as IT energy × PUE × the hour-weighted time-of-day price', () => {
    // IT power 2 nodes × 6 kW = 12 kW, online all year: 12 kW × 8,766 h = 105,192 kWh
    expect(result.energy.it_kwh).toBeCloseTo(105_192, 6);
    // facility: × PUE 1.5 = 157,788 kWh
    expect(result.energy.facility_kwh).toBeCloseTo(157_788, 6);
    // energy drawn evenly over the day: 12 h at 0.20 and 12 h at 0.10 → 0.15 USD/kWh; 157,788 × 0.15 = 23,668.20
    expect(result.by_category.energy).toBeCloseTo(23_668.2, 6);
    // emissions: 157,788 kWh × 0.4 kg/kWh = 63,115.2 kg
    expect(result.energy.co2e_kg).toBeCloseTo(63_115.2, 6);
  });

  it('charges colocation per provisioned kW, maintenance on hardware capex, staff and licences', () => {
    // colocation: 2 nodes × 10 kW max = 20 kW × 150 USD/kW/month × 12 = 36,000
    expect(result.by_category.colocation).toBeCloseTo(36_000, 6);
    // maintenance: 8 % × (480,000 nodes + 60,000 network + 30,000 storage; installation excluded) = 8 % × 570,000 = 45,600
    expect(result.by_category.maintenance).toBeCloseTo(45_600, 6);
    // staff: 1.5 FTE × 190,000 = 285,000
    expect(result.by_category.staff).toBeCloseTo(285_000, 6);
    // software: 10,000 site + 2 nodes × 4,500 = 19,000
    expect(result.by_category.software).toBeCloseTo(19_000, 6);
  });

  it('charges egress on bytes the site sent, extrapolated from the window', () => {
    // 1 TB per 10 days × 36.525 = 36,525 GB a year × 0.01 USD/GB = 365.25
    expect(result.by_category.egress).toBeCloseTo(365.25, 6);
  });

  it('totals: sum of the categories; cash pays capex up front', () => {
    // 160,000 + 20,000 + 10,000 + 4,000 + 23,668.20 + 36,000 + 45,600 + 285,000 + 19,000 + 365.25 = 603,633.45
    expect(result.total).toBeCloseTo(603_633.45, 5);
    // opex 409,633.45 + capex 582,000 in cash = 991,633.45
    expect(result.cash).toBeCloseTo(991_633.45, 5);
    // month 1: capex 582,000 + one month of opex 409,633.45 / 12 = 34,136.12
    expect(result.per_month.cash[0]).toBeCloseTo(582_000 + 409_633.45 / 12, 5);
    expect(result.per_month.cost[0]).toBeCloseTo(603_633.45 / 12, 5);
    expect(result.per_month.cost).toHaveLength(12);
    expect(result.per_year.cost).toEqual([expect.closeTo(603_633.45, 5)]);
    expect(result.per_site['dc']?.total).toBeCloseTo(603_633.45, 5);
    // discount rate 0: NPV = cash
    expect(result.npv).toBeCloseTo(991_633.45, 5);
  });

  it('unit costs: per delivered GPU-hour, per job, per million tokens', () => {
    // delivered: 50 % × 16 GPUs × 8,766 h = 70,128 GPU-hours; 603,633.45 / 70,128 = 8.60759…
    expect(result.unit_costs.gpu_hours).toBeCloseTo(70_128, 6);
    expect(result.unit_costs.per_gpu_hour).toBeCloseTo(603_633.45 / 70_128, 9);
    // 50 jobs per 10 days → 1,826.25 a year; 603,633.45 / 1,826.25 = 330.53…
    expect(result.unit_costs.jobs).toBeCloseTo(1826.25, 6);
    expect(result.unit_costs.per_job).toBeCloseTo(603_633.45 / 1826.25, 9);
    // 1e9 tokens per 10 days → 3.6525e10 a year = 36,525 million; 603,633.45 / 36,525 = 16.5266…
    expect(result.unit_costs.per_million_tokens).toBeCloseTo(603_633.45 / 36_525, 9);
  });
});

describe('on-prem tranches and time', () => {
  // 1 node online at 0; a second ordered at month 3 and online at month 6; 240,000 USD each; 5 kW per
  // online node (measured with 1 node online for 10 days); flat 0.10 USD/kWh, PUE 1; 1-year horizon.
  const trancheSite = site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 240_000 }, powerPrice: perKwh(0.1) }), [
    onPremPool({
      nodes: 2,
      tranches: [
        { nodes: 1, orderedAt: 0, onlineAt: 0 },
        { nodes: 1, orderedAt: 3 * MONTH, onlineAt: 6 * MONTH },
      ],
    }),
  ]);
  const l = ledger(10 * DAY, {
    'dc/gpu': poolUsage({ site: 'dc', site_kind: 'on-prem', online_node_seconds: 10 * DAY, online_device_seconds: 80 * DAY, energy_joules: 5000 * 10 * DAY }),
  });
  const r = computeCosts(scenario([trancheSite], { horizon: YEAR }), l);

  it('pays each tranche when ordered and depreciates it from when it is online', () => {
    // cash: 240,000 in month 1 and 240,000 in month 4
    expect(r.per_month.cash[0]).toBeCloseTo(240_000 + 365.25, 6);
    expect(r.per_month.cash[3]).toBeCloseTo(240_000 + 365.25, 6);
    // depreciation: first node 240,000 / 3 = 80,000; second 240,000 / 36 months × 6 months = 40,000
    expect(r.by_category.hardware_depreciation).toBeCloseTo(120_000, 6);
    // month 7 onwards: 2 × 240,000 / 36 = 13,333.33 of depreciation
    expect(r.per_month.cost[6]).toBeCloseTo((2 * 240_000) / 36 + 730.5, 6);
  });

  it('extrapolates energy per online node to the fleet online each month', () => {
    // months 1-6: 1 node × 5 kW × 730.5 h × 0.10 = 365.25; months 7-12: 2 nodes → 730.5
    expect(r.per_month.cost[0]).toBeCloseTo(80_000 / 12 + 365.25, 6);
    // 5 kW × (12 + 6) node-months × 730.5 h = 65,745 kWh → 6,574.50 USD
    expect(r.energy.it_kwh).toBeCloseTo(65_745, 6);
    expect(r.by_category.energy).toBeCloseTo(6_574.5, 6);
  });
});

describe('financing', () => {
  // 2 nodes × 240,000 = 480,000 financed at 6 %/year over 36 monthly instalments; 2-year horizon.
  const financed = site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 240_000 }, financing: { annualRate: 0.06, term: 3 * YEAR } }), [onPremPool({ nodes: 2 })]);
  const r = computeCosts(scenario([financed], { horizon: 2 * YEAR }), ledger(DAY, {}));

  it('repays in equal monthly instalments and counts the interest as financing cost', () => {
    // i = 0.06 / 12 = 0.005; A = 480,000 × 0.005 / (1 − 1.005^−36); 1.005^36 = 1.196680525
    // → A = 2,400 / (1 − 0.835645) = 2,400 / 0.164355 = 14,602.53
    expect(r.per_month.cash[0]).toBeCloseTo(14_602.53, 2);
    expect(r.per_month.cash[23]).toBeCloseTo(14_602.53, 2);
    // cash over 2 years: 24 × 14,602.53 = 350,460.72 (no lump sum at the order)
    expect(r.cash).toBeCloseTo(24 * 14_602.529976746739, 4);
    // interest of the first 24 instalments: Σ balance × 0.005 = 40,126.52
    expect(r.by_category.financing).toBeCloseTo(40_126.52, 2);
    // still owed after 24 instalments: 169,665.80
    expect(r.loan_balance_at_horizon).toBeCloseTo(169_665.8, 2);
    // principal repaid + balance = the loan: 350,460.72 − 40,126.52 + 169,665.80 = 480,000
    expect(r.cash - r.by_category.financing + r.loan_balance_at_horizon).toBeCloseTo(480_000, 4);
    // depreciation is unchanged by financing: 480,000 × 2/3 = 320,000
    expect(r.by_category.hardware_depreciation).toBeCloseTo(320_000, 6);
  });
});

describe('NPV', () => {
  it('discounts each month from its end: capex paid in month 1 at 8 %', () => {
    const r = computeCosts(scenario([site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 240_000 } }), [onPremPool({ nodes: 2 })])], { horizon: YEAR, discountRate: 0.08 }), ledger(DAY, {}));
    // 480,000 / 1.08^(1/12) = 476,931.41
    expect(r.npv).toBeCloseTo(476_931.41, 2);
  });

  it('discounts a monthly flow: 10,000 a month for 12 months at 12 %', () => {
    const staff = site('dc', onPremCosts({ staffFte: 1, staffCostPerFte: perYear(120_000) }), []);
    const r = computeCosts(scenario([staff], { horizon: YEAR, discountRate: 0.12 }), ledger(DAY, {}));
    // Σ_{m=1..12} 10,000 / 1.12^(m/12) = 112,915.16
    expect(r.npv).toBeCloseTo(112_915.16, 2);
    expect(r.per_month.discounted_cash[11]).toBeCloseTo(10_000 / 1.12, 6);
  });
});
