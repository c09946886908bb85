import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Estimate } from '../../src/metrics/confidence-interval.js';
import { decideOptions, targetMet, type OptionFigures, type TargetFigure } from '../../src/planning/option-decision.js';

const est = (mean: number): Estimate => ({ mean, half_width: null, low: null, high: null, sd: 0, n: 1 });
const ttft = (p99: number | undefined, limit = 1): TargetFigure => ({ name: `chat: time to first token p99 ≤ ${limit} s`, value: p99 === undefined ? undefined : est(p99), limit, better: 'lower' });

describe('which option meets the stated targets cheapest', () => {
  it('picks the cheapest option that meets every target, not the cheapest overall', () => {
    const d = decideOptions([
      { cost: 10, targets: [ttft(0.8)] },
      { cost: 5, targets: [ttft(1.2)] }, // cheapest, misses
      { cost: 7, targets: [ttft(0.9)] },
    ]);
    expect(d.cheapest).toBe(2);
    expect(d.ranking).toEqual([2, 0]);
    expect(d.targetsStated).toBe(true);
    expect(d.verdicts.map((v) => v.meets)).toEqual([true, false, true]);
    expect(d.verdicts[1]!.missed).toEqual(['chat: time to first token p99 ≤ 1 s']);
  });

  it('reads a target as met at its limit (one replication: by the mean); a figure the result lacks misses it', () => {
    expect(targetMet(ttft(1))).toBe(true);
    expect(targetMet(ttft(1.0000001))).toBe(false);
    expect(targetMet({ name: 'attainment ≥ 99 %', value: est(0.99), limit: 0.99, better: 'higher' })).toBe(true);
    expect(targetMet({ name: 'attainment ≥ 99 %', value: est(0.98), limit: 0.99, better: 'higher' })).toBe(false);
    expect(decideOptions([{ cost: 1, targets: [ttft(undefined)] }]).verdicts[0]).toEqual({ meets: false, missed: ['chat: time to first token p99 ≤ 1 s'] });
  });

  it('reads a target at the pessimistic end of its interval, as size and sweeps do; the mean with one replication, or when asked', () => {
    // p99 TTFT 0.9 s on average over 3 replications, 95 % interval [0.7, 1.1]: the mean meets ≤ 1 s, the high end does not
    const spread: Estimate = { mean: 0.9, half_width: 0.2, low: 0.7, high: 1.1, sd: 0.08, n: 3 };
    const target: TargetFigure = { name: 'chat: time to first token p99 ≤ 1 s', value: spread, limit: 1, better: 'lower' };
    expect(targetMet(target)).toBe(false);
    expect(targetMet(target, 'mean')).toBe(true);
    // attainment must be ≥ 0.99: the low end is what counts
    const attained: Estimate = { mean: 0.995, half_width: 0.004, low: 0.991, high: 0.999, sd: 0.002, n: 3 };
    expect(targetMet({ name: 'attainment ≥ 99 %', value: attained, limit: 0.99, better: 'higher' })).toBe(true);
    expect(targetMet({ name: 'attainment ≥ 99.2 %', value: attained, limit: 0.992, better: 'higher' })).toBe(false);
    // the cheaper option meets the target only on its mean: the pessimistic rule picks the dearer one
    const d = decideOptions([
      { cost: 5, targets: [target] },
      { cost: 7, targets: [ttft(0.8)] },
    ]);
    expect(d.cheapest).toBe(1);
    expect(
      decideOptions(
        [
          { cost: 5, targets: [target] },
          { cost: 7, targets: [ttft(0.8)] },
        ],
        'mean',
      ).cheapest,
    ).toBe(0);
  });

  it('with no target stated, the cheapest sound option; an overloaded one is never chosen', () => {
    const d = decideOptions([
      { cost: 10, targets: [] },
      { cost: 3, targets: [], infeasible: 'stopped as overloaded' },
      { cost: 8, targets: [] },
    ]);
    expect(d.targetsStated).toBe(false);
    expect(d.verdicts.map((v) => v.meets)).toEqual([null, false, null]);
    expect(d.verdicts[1]!.missed).toEqual(['stopped as overloaded']);
    expect(d.cheapest).toBe(2);
  });

  it('an option that states no target does not win where others state them; a sweep gate counts as a target', () => {
    const d = decideOptions([
      { cost: 1, targets: [] },
      { cost: 4, targets: [], checked: { names: ['p95_wait < 2 h'], missed: [] } },
      { cost: 2, targets: [], checked: { names: ['p95_wait < 2 h'], missed: ['p95_wait < 2 h'] } },
    ]);
    expect(d.verdicts.map((v) => v.meets)).toEqual([null, true, false]);
    expect(d.cheapest).toBe(1);
  });

  it('without costs there is no cheapest, but the options meeting the targets are listed in order', () => {
    const d = decideOptions([
      { cost: undefined, targets: [ttft(0.5)] },
      { cost: undefined, targets: [ttft(2)] },
      { cost: undefined, targets: [ttft(0.7)] },
    ]);
    expect(d.cheapest).toBeNull();
    expect(d.ranking).toEqual([0, 2]);
  });

  it('property: the chosen option meets its targets and no qualifying option is cheaper', () => {
    const option = fc.record({
      cost: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      p99: fc.option(fc.double({ min: 0, max: 3, noNaN: true }), { nil: undefined }),
      stated: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(option, { minLength: 1, maxLength: 8 }), (raw) => {
        const options: OptionFigures[] = raw.map((o) => ({ cost: o.cost, targets: o.stated ? [ttft(o.p99)] : [] }));
        const d = decideOptions(options);
        const stated = raw.some((o) => o.stated);
        const qualifies = (i: number) => (stated ? raw[i]!.stated && raw[i]!.p99 !== undefined && raw[i]!.p99 <= 1 : true);
        expect(d.ranking.every(qualifies)).toBe(true);
        expect(d.ranking.length).toBe(raw.filter((_, i) => qualifies(i)).length);
        if (d.cheapest !== null) {
          const c = raw[d.cheapest]!.cost!;
          for (const i of d.ranking) if (raw[i]!.cost !== undefined) expect(raw[i]!.cost).toBeGreaterThanOrEqual(c);
        } else {
          expect(d.ranking.every((i) => raw[i]!.cost === undefined)).toBe(true);
        }
      }),
    );
  });
});
