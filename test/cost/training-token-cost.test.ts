/** TCO per million training tokens: by hand, the no-token case, and how replications summarise. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCosts } from '../../src/cost/compute-costs.js';
import { costPerMillionTrainingTokens, costsToSummarise } from '../../src/cost/training-token-cost.js';
import { summariseReplications } from '../../src/metrics/summarise-replications.js';
import { DAY, YEAR, ledger, onPremCosts, onPremPool, poolUsage, scenario, site } from './fixtures.js';

/** One owned node of 8 GPUs bought for 300,000 USD, depreciated over 3 years, nothing else costs. */
const owned = scenario([site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 300_000 } }), [onPremPool({ nodes: 1 })])], { horizon: YEAR });
/** A 10-day window in which the node was online throughout and half busy. */
const tenDays = ledger(10 * DAY, {
  'dc/gpu': poolUsage({ site: 'dc', site_kind: 'on-prem', online_node_seconds: 10 * DAY, online_device_seconds: 80 * DAY, busy_device_seconds: 40 * DAY }),
});

describe('cost per million training tokens', () => {
  it('is TCO ÷ millions of tokens: 2.4 M USD over 12 billion tokens is 200 USD per million', () => {
    expect(costPerMillionTrainingTokens(2_400_000, 12e9)).toBe(200);
  });

  it('does not exist when no training token was delivered: neither 0 nor Infinity', () => {
    expect(costPerMillionTrainingTokens(2_400_000, 0)).toBeUndefined();
    expect(costPerMillionTrainingTokens(0, 0)).toBeUndefined();
    // a rounding residue is no token either
    expect(costPerMillionTrainingTokens(2_400_000, 1e-12)).toBeUndefined();
  });

  it('refuses negative or non-finite money and tokens', () => {
    expect(() => costPerMillionTrainingTokens(-1, 1e9)).toThrow(RangeError);
    expect(() => costPerMillionTrainingTokens(1, -1e9)).toThrow(RangeError);
    expect(() => costPerMillionTrainingTokens(Number.NaN, 1e9)).toThrow(RangeError);
    expect(() => costPerMillionTrainingTokens(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('is never negative and multiplies back to the TCO', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.double({ min: 1, max: 1e18, noNaN: true }), (total, tokens) => {
        const unit = costPerMillionTrainingTokens(total, tokens);
        expect(unit).toBeDefined();
        expect(unit!).toBeGreaterThanOrEqual(0);
        expect(Math.abs((unit! * tokens) / 1e6 - total)).toBeLessThanOrEqual(1e-12 * Math.max(1, total));
      }),
    );
  });
});

describe('computeCosts reports it next to its denominator', () => {
  it('projects the window’s tokens over the horizon like the costs: one year of a 10-day window', () => {
    const r = computeCosts(owned, tenDays, { jobsCompleted: 4, tokensServed: 0, trainingTokens: 2e9 });
    // TCO: one year of straight-line depreciation of 300,000 USD over 3 years = 100,000 USD.
    expect(r.total).toBeCloseTo(100_000, 6);
    // 2e9 tokens in 10 days → × 365.25 / 10 = 7.305e10 tokens in the year.
    expect(r.unit_costs.training_tokens).toBeCloseTo(7.305e10, 0);
    // 100,000 USD ÷ 73,050 million tokens = 1.36893… USD per million
    expect(r.unit_costs.per_million_training_tokens).toBeCloseTo(100_000 / 73_050, 9);
    expect(r.unit_costs.per_million_training_tokens! * (r.unit_costs.training_tokens / 1e6)).toBeCloseTo(r.total, 6);
  });

  it('leaves it out when no training job completed, and keeps the served-token cost apart', () => {
    const r = computeCosts(owned, tenDays, { jobsCompleted: 4, tokensServed: 1e9, trainingTokens: 0 });
    expect(r.unit_costs.training_tokens).toBe(0);
    expect('per_million_training_tokens' in r.unit_costs).toBe(false);
    expect(r.unit_costs.per_million_tokens).toBeCloseTo(100_000 / ((1e9 * 36.525) / 1e6), 9);
  });

  it('summarises over replications only when every replication has it', () => {
    const some = computeCosts(owned, tenDays, { jobsCompleted: 4, tokensServed: 0, trainingTokens: 2e9 });
    const more = computeCosts(owned, tenDays, { jobsCompleted: 4, tokensServed: 0, trainingTokens: 4e9 });
    const none = computeCosts(owned, tenDays, { jobsCompleted: 0, tokensServed: 0, trainingTokens: 0 });

    const both = summariseReplications(costsToSummarise([some, more]));
    expect(both.unit_costs.per_million_training_tokens?.mean).toBeCloseTo((100_000 / 73_050 + 100_000 / 146_100) / 2, 9);

    const mixed = costsToSummarise([some, none, more]);
    expect(mixed.every((c) => c.unit_costs.per_million_training_tokens === undefined)).toBe(true);
    const summary = summariseReplications(mixed);
    expect(summary.unit_costs.per_million_training_tokens).toBeUndefined();
    expect(summary.unit_costs.training_tokens.mean).toBeCloseTo((7.305e10 + 0 + 1.461e11) / 3, 0);
    // the replications' own results keep theirs
    expect(some.unit_costs.per_million_training_tokens).toBeDefined();
  });
});
