/** The small pure pieces: calendar buckets, annuity, time-of-day prices. */
import { describe, expect, it } from 'vitest';
import { energyWeightedPrice, hourlyElectricityPrices } from '../../src/cost/electricity-price.js';
import { annuityPayment, loanSchedule } from '../../src/cost/loan-schedule.js';
import { addFlow, discountMonths, monthsIn, monthsToYears, zeroMonths } from '../../src/cost/planning-calendar.js';
import { MONTH, YEAR, perKwh } from './fixtures.js';

describe('planning calendar', () => {
  it('has 12 months a year and a partial last month', () => {
    expect(monthsIn(5 * YEAR)).toBe(60);
    expect(monthsIn(YEAR + MONTH / 2)).toBe(13);
    expect(() => monthsIn(0)).toThrow(/positive/);
  });

  it('spreads a flow over the months it overlaps', () => {
    const months = zeroMonths(YEAR);
    // 1 USD/s from mid-month 1 to mid-month 3: half a month, a full month, half a month
    addFlow(months, YEAR, 0.5 * MONTH, 2.5 * MONTH, 1);
    expect(months.slice(0, 4)).toEqual([expect.closeTo(MONTH / 2, 6), expect.closeTo(MONTH, 6), expect.closeTo(MONTH / 2, 6), 0]);
    expect(monthsToYears(months, YEAR)).toEqual([expect.closeTo(2 * MONTH, 6)]);
  });

  it('discounts from the end of each month', () => {
    // 100 at the end of month 12 at 10 %: 100 / 1.1 = 90.909…
    const d = discountMonths([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100], YEAR, 0.1);
    expect(d[11]).toBeCloseTo(100 / 1.1, 9);
  });
});

describe('annuity', () => {
  it('matches the annuity formula and repays the principal exactly', () => {
    // 100,000 over 12 months at 12 %/year: i = 0.01; A = 100,000 × 0.01 / (1 − 1.01^−12) = 8,884.88
    expect(annuityPayment(100_000, 0.01, 12)).toBeCloseTo(8_884.88, 2);
    const schedule = loanSchedule(0, 100_000, 0.12, YEAR);
    expect(schedule).toHaveLength(12);
    // first instalment: interest 100,000 × 0.01 = 1,000, principal 7,884.88
    expect(schedule[0]?.interest).toBeCloseTo(1_000, 9);
    expect(schedule[0]?.principal).toBeCloseTo(7_884.88, 2);
    expect(schedule.reduce((s, x) => s + x.principal, 0)).toBeCloseTo(100_000, 6);
    // total interest = 12 × 8,884.88 − 100,000 = 6,618.55
    expect(schedule.reduce((s, x) => s + x.interest, 0)).toBeCloseTo(6_618.55, 2);
    expect(schedule[11]?.balance).toBe(0);
  });

  it('divides evenly at 0 %', () => {
    expect(annuityPayment(1200, 0, 12)).toBe(100);
  });
});

describe('time-of-day electricity prices', () => {
  const costs = {
    powerPrice: perKwh(0.1),
    timeOfDayPrices: [
      { fromHour: 22, toHour: 6, price: perKwh(0.05) },
      { fromHour: 17.5, toHour: 20, price: perKwh(0.3) },
    ],
  };

  it('overrides the flat price where ranges cover the hour, wrapping past midnight, pro rata in part-hours', () => {
    const p = hourlyElectricityPrices(costs).map((x) => x * 3.6e6);
    expect(p[23]).toBeCloseTo(0.05, 12);
    expect(p[3]).toBeCloseTo(0.05, 12);
    expect(p[6]).toBeCloseTo(0.1, 12);
    // 17:00-18:00: half at 0.10, half at 0.30 = 0.20
    expect(p[17]).toBeCloseTo(0.2, 12);
    expect(p[19]).toBeCloseTo(0.3, 12);
  });

  it('weights prices by the energy drawn in each hour', () => {
    const byHour = new Array<number>(24).fill(0);
    byHour[23] = 3; // 3 J at 0.05
    byHour[12] = 1; // 1 J at 0.10
    // (3 × 0.05 + 1 × 0.10) / 4 = 0.0625 USD/kWh
    expect(energyWeightedPrice(costs, byHour) * 3.6e6).toBeCloseTo(0.0625, 12);
  });

  it('rejects overlapping ranges', () => {
    expect(() =>
      hourlyElectricityPrices({
        powerPrice: 0,
        timeOfDayPrices: [
          { fromHour: 8, toHour: 12, price: 1 },
          { fromHour: 11, toHour: 13, price: 1 },
        ],
      }),
    ).toThrow(/overlap in hour 11/);
  });
});
