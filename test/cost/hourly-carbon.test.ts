import { describe, expect, it } from 'vitest';
import { seriesWeightedIntensity, siteEnergyByHour, type CarbonSeries } from '../../src/cost/hourly-carbon.js';
import type { UsageLedger } from '../../src/model/usage-ledger.js';

const KWH = 3.6e6;
const perKwh = (kg: number) => kg / KWH;
const series = (kgPerKwh: number[], firstHour = 0): CarbonSeries => ({ kgPerJoule: kgPerKwh.map(perKwh), firstHour, alignedBy: 'first-hour', declared: 'hand.csv' });

describe('operational CO2e by the hour (hand-worked)', () => {
  it('3 hours: 2 kWh at 0.1, 1 kWh at 0.5, 0 kWh at 0.3 kg/kWh emit 0.7 kg, 0.7/3 kg per kWh', () => {
    const energy = [2 * KWH, 1 * KWH, 0, ...new Array<number>(21).fill(0)];
    const perJoule = seriesWeightedIntensity(series([0.1, 0.5, 0.3]), energy);
    // 2 × 0.1 + 1 × 0.5 + 0 × 0.3 = 0.7 kg over 3 kWh
    expect(perJoule * 3 * KWH).toBeCloseTo(0.7, 12);
  });

  it('a series starting at simulation hour 22 meets the energy of hours 22, 23, 0 of the day', () => {
    const energy = new Array<number>(24).fill(0);
    energy[22] = 1 * KWH;
    energy[0] = 3 * KWH;
    // hour 22 → 0.8, hour 23 → 0.4 (no energy), hour 0 of the next day → 0.2: (0.8 + 0.6) / 4 kWh
    expect(seriesWeightedIntensity(series([0.8, 0.4, 0.2], 22), energy) * KWH).toBeCloseTo(1.4 / 4, 12);
    // a negative first hour (series begins before the start) wraps the same way: -2 ≡ 22
    expect(seriesWeightedIntensity(series([0.8, 0.4, 0.2], -2), energy) * KWH).toBeCloseTo(1.4 / 4, 12);
  });

  it('a site that drew no energy gets the plain mean of the series, never 0', () => {
    expect(seriesWeightedIntensity(series([0.2, 0.4]), new Array<number>(24).fill(0)) * KWH).toBeCloseTo(0.3, 12);
  });

  it("sums the site's pools hour by hour", () => {
    const pool = (e: number[]) => ({ energy_joules_by_hour: e }) as unknown as UsageLedger['pools'][string];
    const ledger = { window: 1, pools: { 'a/x': pool([1, 2]), 'a/y': pool([10, 0]), 'b/z': pool([100, 100]) }, transfers: {} } as UsageLedger;
    expect(siteEnergyByHour(['a/x', 'a/y'], ledger).slice(0, 3)).toEqual([11, 2, 0]);
  });
});
