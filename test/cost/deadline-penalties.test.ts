import { describe, expect, it } from 'vitest';
import { averageLedgers } from '../../src/cost/average-ledgers.js';
import { deadlinePenalties } from '../../src/cost/deadline-penalties.js';
import type { Pipeline } from '../../src/model/types.js';
import type { UsageLedger } from '../../src/model/usage-ledger.js';

const pipeline = (name: string, penalty?: number): Pipeline => ({
  name,
  trigger: { kind: 'every', every: 86_400, timeZone: 'UTC', firings: [] },
  overlap: 'skip',
  deadline: { kind: 'within', within: 3600 },
  ...(penalty !== undefined && { penalty }),
  stages: [],
});
const ledger = (window: number, misses?: Record<string, number>): UsageLedger => ({ window, pools: {}, transfers: {}, ...(misses && { deadline_misses: misses }) });

describe('deadline penalties', () => {
  const YEAR = 365.25 * 86_400;

  it('hold the window’s misses per second over the planning horizon, per pipeline with a penalty', () => {
    // 3 misses in a 7-day window at 20,000 USD: 60,000 USD a week, × (1 year ÷ 7 days) over a 1-year horizon
    const priced = deadlinePenalties({ pipelines: [pipeline('nightly', 20_000), pipeline('free')], planning: { horizon: YEAR } }, ledger(7 * 86_400, { nightly: 3 }));
    expect(Object.keys(priced?.penalties.by_pipeline ?? {})).toEqual(['nightly']);
    expect(priced?.penalties.by_pipeline.nightly).toMatchObject({ per_miss: 20_000, window_misses: 3, window_usd: 60_000 });
    expect(priced?.penalties.total).toBeCloseTo((60_000 * YEAR) / (7 * 86_400), 6);
    expect(priced?.monthly.reduce((a, b) => a + b, 0)).toBeCloseTo(priced?.penalties.total ?? NaN, 6);
  });

  it('are absent without a priced pipeline, so other results keep their shape', () => {
    expect(deadlinePenalties({ pipelines: [pipeline('free')], planning: { horizon: YEAR } }, ledger(100, { free: 2 }))).toBeUndefined();
    expect(deadlinePenalties({ planning: { horizon: YEAR } }, ledger(100))).toBeUndefined();
  });

  it('average over replications as a rate: mean(misses ÷ window) × mean window', () => {
    // 1 miss in 10 s and 4 in 20 s: rates 0.1 and 0.2 per s, mean 0.15 × mean window 15 s = 2.25
    expect(averageLedgers([ledger(10, { nightly: 1 }), ledger(20, { nightly: 4 })]).deadline_misses?.nightly).toBeCloseTo(2.25, 12);
    expect('deadline_misses' in averageLedgers([ledger(10), ledger(20)])).toBe(false);
  });
});
