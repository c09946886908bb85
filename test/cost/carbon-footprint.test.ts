import { describe, expect, it } from 'vitest';
import { computeCosts } from '../../src/cost/compute-costs.js';
import { embodiedKg } from '../../src/cost/embodied-carbon.js';
import { HOUR, YEAR, ledger, onPremCosts, onPremPool, poolUsage, scenario, site } from './fixtures.js';

const KWH = 3.6e6;
const perKwh = (kg: number) => kg / KWH;

/** One node for a 3-hour window drawing 2, 1 and 0 kWh in hours 0, 1 and 2 of the day (PUE 1). */
function threeHours(costs: Parameters<typeof onPremCosts>[0]) {
  const pool = onPremPool({ nodes: 1, devicesPerNode: 8, nodePrice: 0 });
  const byHour = new Array<number>(24).fill(0);
  byHour[0] = 2 * KWH;
  byHour[1] = 1 * KWH;
  const usage = poolUsage({ site: 'dc', site_kind: 'on-prem', online_node_seconds: 3 * HOUR, online_device_seconds: 24 * HOUR, energy_joules: 3 * KWH, energy_joules_by_hour: byHour });
  return { s: scenario([site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 0 }, ...costs }), [pool])], { horizon: 3 * HOUR }), l: ledger(3 * HOUR, { 'dc/gpu': usage }) };
}

describe('operational and embodied CO2e (hand-worked)', () => {
  it('3 hours of intensity × energy: 2 kWh × 0.1 + 1 kWh × 0.5 + 0 kWh × 0.3 = 0.7 kg', () => {
    const series = { kgPerJoule: [0.1, 0.5, 0.3].map(perKwh), firstHour: 0, alignedBy: 'first-hour' as const, declared: 'hand.csv' };
    const { s, l } = threeHours({ carbonIntensity: perKwh(0.4), carbonSeries: series });
    const r = computeCosts(s, l);
    expect(r.energy.facility_kwh).toBeCloseTo(3, 9);
    expect(r.energy.co2e_kg).toBeCloseTo(0.7, 9);
    expect(r.co2e?.operational_t).toBeCloseTo(0.0007, 12);
    expect(r.co2e).not.toHaveProperty('embodied_t'); // no embodied figure given: absent, not 0
  });

  it('without the new inputs there is no co2e field and emissions use the static intensity', () => {
    const { s, l } = threeHours({ carbonIntensity: perKwh(0.4) });
    const r = computeCosts(s, l);
    expect(r).not.toHaveProperty('co2e');
    expect(r.energy.co2e_kg).toBeCloseTo(1.2, 9); // 3 kWh × 0.4
  });

  it('embodied: 1,000 kg per node over a 4-year life, inside and beyond a planning horizon', () => {
    const pool = onPremPool({ nodes: 2, tranches: [{ nodes: 2, orderedAt: 0, onlineAt: 0 }] });
    const late = onPremPool({ name: 'late', nodes: 3, tranches: [{ nodes: 3, orderedAt: 0, onlineAt: 1 * YEAR }] });
    const dc = site('dc', onPremCosts({ embodiedCarbon: { 'dc/gpu': { kgPerNode: 1000, life: 4 * YEAR }, 'dc/late': { kgPerNode: 1000, life: 4 * YEAR } } }), [pool, late]);
    // 5-year plan: the first pool's whole life fits (2 × 1000); the late one online from year 1 to 5: all 4 years (3 × 1000)
    expect(embodiedKg(dc, 5 * YEAR)).toBeCloseTo(5000, 6);
    // 3-year plan: 2 × 1000 × 3/4 + 3 × 1000 × 2/4
    expect(embodiedKg(dc, 3 * YEAR)).toBeCloseTo(1500 + 1500, 6);
  });

  it('reports embodied_t beside operational_t', () => {
    const { s, l } = threeHours({ carbonIntensity: perKwh(0.4), embodiedCarbon: { 'dc/gpu': { kgPerNode: 8760, life: 1 * YEAR } } });
    const r = computeCosts(s, l);
    expect(r.co2e?.operational_t).toBeCloseTo(0.0012, 12);
    // 8,760 kg over 365.25 days, 3 hours of it
    expect(r.co2e?.embodied_t).toBeCloseTo((8.76 * 3 * HOUR) / YEAR, 12);
  });
});
