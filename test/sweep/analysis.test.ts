import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { SweepAnalyser } from '../../src/sweep/analysis.js';
import { compileResultExpression, resultNames, type Gate, type Objective } from '../../src/sweep/sweep-expressions.js';
import type { VariantRecord } from '../../src/sweep/variant-record.js';
import { InputError } from '../../src/support/input-error.js';

const origin = { file: 'sweep.yaml', line: 1, col: 1, field: 'x' };
const known = resultNames(['nodes']);
const gate = (text: string): Gate => ({ text, expr: compileResultExpression(text, origin, known), origin });
const objective = (direction: 'minimise' | 'maximise', text: string): Objective => ({ direction, text, expr: compileResultExpression(text, origin, known), origin });

/** A record with the given metric means (two replications each). */
function record(index: number, metrics: Record<string, number>): VariantRecord {
  return {
    index,
    parameters: { nodes: index },
    complete: true,
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, estimate([v * 0.9, v * 1.1])])),
    result: {
      schemaVersion: '1.1.0',
      scenario: { name: 's', seed: 1, horizon: 1, warmup: 0, replications: 2 },
      complete: true,
      summary: { workloads: { 'fine-tuning': { wait: { p95: estimate([100, 200]) } } } },
      replications: [],
    },
  };
}

describe('sweep analysis', () => {
  const points = [
    [10, 3600],
    [20, 600],
    [10, 7200],
    [30, 60],
    [40, 60],
    [20, 600],
  ] as const;
  const records = points.map(([devices, wait], i) => record(i, { devices, p95_wait: wait, utilisation: 0.5 + i / 20 }));

  it('best variants in objective order (ties: lower index), Pareto front, feasibility', () => {
    const a = new SweepAnalyser({
      objectives: [objective('minimise', 'devices'), objective('minimise', 'p95_wait')],
      constraints: [gate('p95_wait < 2 h')],
      assertions: [],
      best: 3,
      feasibility: 'mean',
    });
    for (const r of records) a.add(r);
    const out = a.finish();
    expect(out.feasible).toBe(5);
    expect(out.best.map((b) => b.index)).toEqual([0, 1, 5]);
    expect(out.best[0]!.objectives.map((o) => o.display)).toEqual(['10', '60 min']);
    // 2 is infeasible; 4 is dominated by 3; 1 and 5 tie and both stay.
    expect(out.pareto.map((p) => p.index)).toEqual([0, 1, 5, 3]);
    expect(out.pareto_size).toBe(4);
  });

  it('maximising, expressions over metrics, CI bounds and per-entity figures', () => {
    const a = new SweepAnalyser({
      objectives: [objective('maximise', 'utilisation / devices')],
      constraints: [gate('high.p95_wait < 2 h'), gate('workloads["fine-tuning"].p95_wait < 5 min')],
      assertions: [],
      best: 10,
      feasibility: 'mean',
    });
    for (const r of records) a.add(r);
    const out = a.finish();
    // With 2 replications of ±10 %, the upper bound is 2.27 × the mean (t = 12.7): waits below 53 min pass.
    expect(out.feasible).toBe(4);
    expect(out.best.map((b) => b.index)).toEqual([5, 1, 3, 4]);
  });

  it('assertions: which variant broke which, with the values it read', () => {
    const a = new SweepAnalyser({ objectives: [], constraints: [], assertions: [gate('p95_wait < 30 min'), gate('utilisation < 70 %')], best: 10, feasibility: 'mean' });
    const verdicts = records.map((r) => a.add(r));
    expect(verdicts[0]).toEqual({ feasible: true, failed: ['p95_wait < 30 min'] });
    const out = a.finish();
    expect(out.assertions.passed).toBe(false);
    expect(out.assertions.failed_variants).toBe(4);
    expect(out.assertions.failures[0]).toEqual({ index: 0, parameters: { nodes: 0 }, assertion: 'p95_wait < 30 min', values: { p95_wait: '60 min' } });
    expect(out.assertions.failures.at(-1)).toEqual({ index: 5, parameters: { nodes: 5 }, assertion: 'utilisation < 70 %', values: { utilisation: '75.0 %' } });
  });

  it('an absent metric or a unit mismatch is an input error located at the expression', () => {
    const missing = new SweepAnalyser({ objectives: [], constraints: [], assertions: [gate('tco < 1000000 USD')], best: 1 });
    expect(() => missing.add(records[0]!)).toThrow(InputError);
    expect(() => missing.add(records[0]!)).toThrow(
      "sweep.yaml:1:1: x: 'tco < 1000000 USD' uses 'tco', which the result of variant 0 does not have (cost metrics need a scenario with costs) (hint: available metrics: devices, p95_wait, utilisation)",
    );
    const units = new SweepAnalyser({ objectives: [], constraints: [gate('p95_wait < 3 USD')], assertions: [], best: 1 });
    expect(() => units.add(records[0]!)).toThrow("'p95_wait < 3 USD' cannot be evaluated on variant 0: Cannot compare units with different base (hint: p95_wait is in s)");
    const notBool = new SweepAnalyser({ objectives: [], constraints: [gate('p95_wait')], assertions: [], best: 1 });
    expect(() => notBool.add(records[0]!)).toThrow("'p95_wait' is not a condition: it gives 60 min (hint: write a comparison such as 'p95_wait < 2 h')");
  });
});
