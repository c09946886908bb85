import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LakeSize } from '../../src/model/data/lake-size.js';
import { planCapacity } from '../../src/model/data/capacity-plan.js';
import { projectLake } from '../../src/cost/lake-projection.js';
import type { DataStream, Lake } from '../../src/model/types.js';
import { SECONDS_PER_MONTH } from '../../src/cost/planning-calendar.js';
import { propertyRuns } from '../support/property-runs.js';

const DAY = 86_400;
const TB = 1e12;

/** A flat 1 TB/day stream into `lake` (ratio `ratio`), no diurnal swing, no growth. */
const stream = (over: Partial<DataStream> = {}): DataStream => ({
  name: 's',
  site: 'dc',
  rate: TB / DAY,
  partitions: 1,
  retention: DAY,
  replication: 3,
  consumers: { pool: 'dc/cpu', nodes: 1, ratePerNode: 1e9 },
  sink: { lake: 'lake', ratio: 1 },
  ...over,
});

const lake = (over: Partial<Lake> = {}): Lake => ({
  name: 'lake',
  site: 'dc',
  initial: 100 * TB,
  initialSpread: 0,
  overhead: 3,
  retention: 365 * DAY,
  objectSize: 1e9,
  tiers: [
    { name: 'hot', enterAge: 0, price: 0.02 / 1e9 / SECONDS_PER_MONTH, retrieval: 0, requestPrice: 0.005 / 1000, reads: 0 },
    { name: 'cold', enterAge: 30 * DAY, price: 0.004 / 1e9 / SECONDS_PER_MONTH, retrieval: 0.03 / 1e9, requestPrice: 0.02 / 1000, reads: 0 },
  ],
  ...over,
});

describe('lake size in closed form', () => {
  // 1 TB/day written, 100 TB there at the start (aged 0), hot for 30 days, cold to 365 days, then deleted; 3× replication.
  const size = new LakeSize(lake(), [stream()]);

  it('day 10: hot = 100 + 10 TB, cold empty; raw = 3 × 110 TB', () => {
    expect(size.tierBytes(0, 10 * DAY) / TB).toBeCloseTo(110, 9);
    expect(size.tierBytes(1, 10 * DAY)).toBe(0);
    expect(size.rawBytes(10 * DAY) / TB).toBeCloseTo(330, 9);
  });

  it('day 100: the last 30 days hot (30 TB), days 0–70 cold (70 TB) with the initial 100 TB moved there', () => {
    expect(size.tierBytes(0, 100 * DAY) / TB).toBeCloseTo(30, 9);
    expect(size.tierBytes(1, 100 * DAY) / TB).toBeCloseTo(170, 9);
  });

  it('past the retention the lake holds exactly a year of ingest: 365 TB logical, 1095 TB raw; the initial data is gone', () => {
    expect(size.logicalBytes(400 * DAY) / TB).toBeCloseTo(365, 9);
    expect(size.rawBytes(400 * DAY) / TB).toBeCloseTo(1095, 9);
    // steady state: the same a year later
    expect(size.logicalBytes(800 * DAY) / TB).toBeCloseTo(365, 9);
  });

  it('byte-seconds of the hot tier over its first 30 days: 100 TB × 30 d + 1 TB/d × (30 d)² / 2', () => {
    expect(size.tierByteSeconds(0, 0, 30 * DAY) / (TB * DAY)).toBeCloseTo(100 * 30 + (30 * 30) / 2, 6);
  });

  it('a lifecycle move is counted as entries of the colder tier: 100 TB initial + 1 TB/day × 10 days between days 30 and 40', () => {
    expect(size.tierEntries(1, 30 * DAY, 40 * DAY) / TB).toBeCloseTo(110, 9);
    expect(size.tierEntries(0, 30 * DAY, 40 * DAY) / TB).toBeCloseTo(10, 9);
  });

  it('with growth k, no initial data and retention R the lake holds r (e^{kt} − e^{k(t−R)})/k', () => {
    const g = 0.05;
    const k = Math.log1p(g) / SECONDS_PER_MONTH;
    const grown = new LakeSize(lake({ initial: 0 }), [stream({ monthlyGrowth: g, sink: { lake: 'lake', ratio: 0.5 } })]);
    const t = 500 * DAY;
    const R = 365 * DAY;
    expect(grown.logicalBytes(t) / ((0.5 * (TB / DAY) * (Math.exp(k * t) - Math.exp(k * (t - R)))) / k)).toBeCloseTo(1, 9);
  });
});

describe('a lake already in steady state', () => {
  // 1 TB/day kept 365 days: a full lake holds 365 TB, its ages spread evenly over the year. Given as initial data
  // spread over the retention, it stays at 365 TB: each day 1 TB of the initial data ages out as 1 TB arrives; the
  // cold tier (ages 30–365 days) holds 335 TB throughout, the hot one 30 TB.
  const steady = new LakeSize(lake({ initial: 365 * TB, initialSpread: 365 * DAY }), [stream()]);

  it('keeps its size and its split between tiers, day after day', () => {
    for (const day of [0, 1, 29.5, 100, 364, 365, 366, 500]) {
      expect(steady.logicalBytes(day * DAY) / TB).toBeCloseTo(365, 6);
      expect(steady.tierBytes(0, day * DAY) / TB).toBeCloseTo(30, 6);
    }
    // byte-seconds over any 10 days: 365 TB × 10 days, 30 TB × 10 days hot
    expect(steady.tierByteSeconds(0, 200 * DAY, 210 * DAY) / (TB * DAY)).toBeCloseTo(300, 6);
    expect(steady.tierByteSeconds(1, 355 * DAY, 375 * DAY) / (TB * DAY)).toBeCloseTo(335 * 20, 6);
    // 1 TB/day enters the cold tier: 10 TB over 10 days, from the stream once 30 days have passed, from the initial data before
    expect(steady.tierEntries(1, 0, 10 * DAY) / TB).toBeCloseTo(10, 6);
    expect(steady.tierEntries(1, 40 * DAY, 50 * DAY) / TB).toBeCloseTo(10, 6);
  });
});

describe('lake costs', () => {
  it("month 0's hot storage = price × 3 × ∫ size: 0.02 USD/GB-month × 3 × (100 TB + 1 TB/d × month / 2)", () => {
    const p = projectLake(lake(), [stream()], 3 * SECONDS_PER_MONTH);
    const month = SECONDS_PER_MONTH;
    // the first month runs 30.44 days, past the 30-day move: the last 0.44 day of the hot tier's data is cold by then
    const hotByteSeconds = 100 * TB * 30 * DAY + (TB / DAY) * ((30 * DAY) ** 2 / 2 + 30 * DAY * (month - 30 * DAY));
    const hot = (0.02 / 1e9) * 3 * (hotByteSeconds / month);
    const puts = (((TB / DAY) * month) / 1e9) * (0.005 / 1000);
    const coldBytes = 100 * TB * (month - 30 * DAY) + ((TB / DAY) * (month - 30 * DAY) ** 2) / 2;
    const cold = (0.004 / 1e9) * 3 * (coldBytes / month);
    const transitions = ((100 * TB + (TB / DAY) * (month - 30 * DAY)) / 1e9) * (0.02 / 1000);
    expect(p.monthly_opex![0]).toBeCloseTo(hot + puts + cold + transitions, 6);
    expect(p.cost_by_tier!['hot']!.requests).toBeCloseTo(((3 * month * (TB / DAY)) / 1e9) * (0.005 / 1000), 6);
  });

  it('money is never negative (a property over random lakes, streams and horizons)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 36 }),
        (rate, amplitude, growth, initial, retentionDays, months) => {
          const l = lake({ initial, retention: (retentionDays + 31) * DAY });
          const s = stream({ rate, diurnal: { amplitude, peakHour: 9 }, monthlyGrowth: growth });
          const p = projectLake(l, [s], months * SECONDS_PER_MONTH);
          for (const v of p.monthly_opex!) expect(v).toBeGreaterThanOrEqual(0);
          for (const t of Object.values(p.cost_by_tier!)) for (const v of Object.values(t)) expect(v).toBeGreaterThanOrEqual(0);
          for (const v of p.raw_bytes) expect(v).toBeGreaterThanOrEqual(-1e-3 * (rate + 1));
          const capex = projectLake(
            { ...l, capacityPurchase: { increment: TB * 100, leadTime: 30 * DAY, pricePerByte: 30 / TB, buyWhen: 0.8, installed: 0 } },
            [s],
            months * SECONDS_PER_MONTH,
          ).capacity;
          expect(capex!.capex).toBeGreaterThanOrEqual(0);
          // a queue-only study (costs: none) gets the sizes and no money
          const unpriced = projectLake(l, [s], months * SECONDS_PER_MONTH, false);
          expect(unpriced.raw_bytes).toEqual(p.raw_bytes);
          expect(unpriced.monthly_opex).toBeUndefined();
        },
      ),
      { numRuns: propertyRuns(20) },
    );
  });
});

describe('capacity bought ahead of need', () => {
  // need(t) = 1 TB/day × t; increments of 100 TB, 30 days' lead time, buy at 80 %, 100 TB installed.
  const purchase = { increment: 100 * TB, leadTime: 30 * DAY, pricePerByte: 30 / TB, buyWhen: 0.8, installed: 100 * TB };
  const need = (t: number) => (TB / DAY) * t;

  it('orders when the need at delivery passes 80 % of installed + ordered: first on day 51 (need 81 TB at delivery > 80), then every 100 days; none for needs past the horizon', () => {
    const plan = planCapacity(purchase, need, 410 * DAY);
    expect(plan.orders.map((o) => o.orderedAt / DAY)).toEqual([51, 131, 211, 291, 371]);
    // over 400 days the order of day 371 would only serve day 401 on: it is not bought
    expect(planCapacity(purchase, need, 400 * DAY).orders).toHaveLength(4);
    expect(plan.orders[0]!.onlineAt / DAY).toBe(81);
    expect(plan.shortfallSeconds).toBe(0);
  });

  it('runs out while the first increment is on its way when nothing is installed: days 1 to 39', () => {
    const plan = planCapacity({ ...purchase, leadTime: 90 * DAY, buyWhen: 1 }, need, 200 * DAY);
    // buying at 100 %: the first order on day 11 (need 101 TB at its delivery on day 101 > 100 TB)
    expect(plan.orders[0]!.orderedAt / DAY).toBe(11);
    const late = planCapacity({ ...purchase, installed: 0, leadTime: 40 * DAY }, need, 100 * DAY);
    // nothing installed: the need passes 0 after day 0 (the look on day 0 sees 0 bytes), the first increment arrives on day 40
    expect(late.firstShortfallAt).toBe(DAY);
    expect(late.shortfallSeconds / DAY).toBe(39);
    expect(late.maxShortfallBytes / TB).toBeCloseTo(39, 9);
  });
});
