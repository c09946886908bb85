import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { checkedValues, feasibilityNote, holdsAtEveryCorner } from '../../src/metrics/feasibility.js';
import { SweepAnalyser } from '../../src/sweep/analysis.js';
import { compileResultExpression, resultNames, type Gate } from '../../src/sweep/sweep-expressions.js';
import type { VariantRecord } from '../../src/sweep/variant-record.js';

// Two replications 0.9 h and 1.1 h: mean 1 h, sd 0.1414 h, standard error 0.1 h, t(0.975, 1) = 12.706:
// the symmetric 95 % interval is 1 ± 1.2706 h = [−0.2706 h, 2.2706 h].
const H = 3600;
const twoReplications = estimate([0.9 * H, 1.1 * H]);

describe('the feasibility rule (one helper for size, sweep constraints and --assert)', () => {
  it('reads both ends of the interval under the pessimistic rule, the mean under the mean rule or with one replication', () => {
    expect(twoReplications.high! / H).toBeCloseTo(2.2706, 3);
    expect(checkedValues(twoReplications, 'pessimistic').map((v) => v / H)).toEqual([expect.closeTo(-0.2706, 3), expect.closeTo(2.2706, 3)]);
    expect(checkedValues(twoReplications, 'mean')).toEqual([H]);
    expect(checkedValues(estimate([H]), 'pessimistic')).toEqual([H]);
    expect(feasibilityNote('pessimistic', 1)).toMatch(/^note: one replication, so targets are read on the mean/);
    expect(feasibilityNote('pessimistic', 2)).toBeUndefined();
    expect(feasibilityNote('mean', 1)).toBeUndefined();
  });

  it('a bound holds at every corner exactly when it holds at its worse end, whichever way each figure must go', () => {
    // cost per job: TCO [90, 110] (mean 100) ÷ jobs [8, 12] (mean 10); the worst corner is 110 / 8 = 13.75
    const tco = { mean: 100, half_width: 10, low: 90, high: 110, sd: 1, n: 3 };
    const jobs = { mean: 10, half_width: 2, low: 8, high: 12, sd: 1, n: 3 };
    const perJob =
      (limit: number) =>
      ([t, j]: readonly number[]) =>
        t! / j! < limit;
    expect(holdsAtEveryCorner([tco, jobs], 'mean', perJob(10.5))).toBe(true);
    expect(holdsAtEveryCorner([tco, jobs], 'pessimistic', perJob(10.5))).toBe(false);
    expect(holdsAtEveryCorner([tco, jobs], 'pessimistic', perJob(13.7))).toBe(false);
    expect(holdsAtEveryCorner([tco, jobs], 'pessimistic', perJob(13.8))).toBe(true);
    // a lower bound reads the low end: attainment [0.93, 0.99] ≥ 0.95 fails, ≥ 0.92 holds
    const attainment = { mean: 0.96, half_width: 0.03, low: 0.93, high: 0.99, sd: 0.01, n: 3 };
    expect(holdsAtEveryCorner([attainment], 'pessimistic', ([a]) => a! >= 0.95)).toBe(false);
    expect(holdsAtEveryCorner([attainment], 'pessimistic', ([a]) => a! >= 0.92)).toBe(true);
  });

  it('sweep constraints and assertions: the pessimistic end by default, the mean with --feasibility mean or one replication', () => {
    const origin = { file: 'sweep.yaml', line: 1, col: 1, field: 'x' };
    const gate = (text: string): Gate => ({ text, expr: compileResultExpression(text, origin, resultNames([])), origin });
    const rec = (wait: ReturnType<typeof estimate>): VariantRecord => ({
      index: 0,
      parameters: {},
      complete: true,
      metrics: { p95_wait: wait },
      result: { schemaVersion: '1.1.0', scenario: { name: 's', seed: 1, horizon: 1, warmup: 0, replications: wait.n }, complete: true, summary: {}, replications: [] },
    });
    const run = (wait: ReturnType<typeof estimate>, feasibility?: 'mean' | 'pessimistic') => {
      const a = new SweepAnalyser({ objectives: [], constraints: [gate('p95_wait < 1.5 h')], assertions: [gate('p95_wait < 2 h')], best: 1, ...(feasibility && { feasibility }) });
      const verdict = a.add(rec(wait));
      return { verdict, out: a.finish() };
    };
    // mean 1 h passes both; the high end 2.27 h fails both
    const pessimistic = run(twoReplications);
    expect(pessimistic.verdict).toEqual({ feasible: false, failed: ['p95_wait < 2 h'] });
    expect(pessimistic.out.feasibility).toBe('pessimistic');
    expect(pessimistic.out.assertions.failures[0]?.values).toEqual({ p95_wait: '60 min (95 % interval -16.2 min to 2.27 h)' });
    const mean = run(twoReplications, 'mean');
    expect(mean.verdict).toEqual({ feasible: true, failed: [] });
    expect(mean.out.feasibility).toBe('mean');
    // one replication: no interval, the mean is read, and the result says nothing it did not say before
    const one = run(estimate([H]));
    expect(one.verdict).toEqual({ feasible: true, failed: [] });
    expect('feasibility' in one.out).toBe(false);
  });
});
