import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { SweepAnalyser } from '../../src/sweep/analysis.js';
import type { ParamValue } from '../../src/sweep/parameter-values.js';
import { compileResultExpression, resultNames, type Gate, type Objective } from '../../src/sweep/sweep-expressions.js';
import type { VariantRecord } from '../../src/sweep/variant-record.js';

const origin = { file: 'sweep.yaml', line: 1, col: 1, field: 'x' };
const known = resultNames(['owned', 'reserved', 'demand']);
const gate = (text: string): Gate => ({ text, expr: compileResultExpression(text, origin, known), origin });
const objective = (direction: 'minimise' | 'maximise', text: string): Objective => ({ direction, text, expr: compileResultExpression(text, origin, known), origin });

const H = 3600;
/** One replication per metric: no interval, so every rule reads the mean (the robust grouping is the point here). */
function record(index: number, parameters: Record<string, ParamValue>, waitHours: number, tcoMillions: number, overloaded = false): VariantRecord {
  return {
    index,
    parameters,
    complete: !overloaded,
    ...(overloaded && { overload: { workload: 'w', pool: 'dc/main', offered_load: 1.4, reason: 'the queue passed max_queued' } }),
    metrics: { p95_wait: estimate([waitHours * H]), tco: estimate([tcoMillions * 1e6]) },
    result: { schemaVersion: '1.1.0', scenario: { name: 's', seed: 1, horizon: 1, warmup: 0, replications: 1 }, complete: true, summary: {}, replications: [] },
  };
}

/**
 * Three decisions (owned nodes 4, 8, 12) × three assumptions (demand low, mid, high), by hand.
 * Constraint p95_wait < 2 h; objective: minimise TCO (M USD). Variant index = 3 × decision + demand.
 *
 *   owned | low            | mid            | high                 | met  | worst TCO | TCO at ⌈q·3⌉-th best (q = 0.6: 2nd)
 *   ------+----------------+----------------+----------------------+------+-----------+-------------------------------------
 *      4  | 1 h   ✓ 10     | 3 h   ✗ 12     | overloaded ✗ (none)  | 1/3  | none      | not robust
 *      8  | 0.2 h ✓ 14     | 1 h   ✓ 15     | 2.5 h ✗ 17           | 2/3  | 17        | [14, 15, miss] → 15
 *     12  | 0 h   ✓ 18     | 0.1 h ✓ 19     | 1 h   ✓ 21           | 3/3  | 21        | [18, 19, 21]   → 19
 *
 * q = 1: only 12 is robust (worst case 21); the single best variant is 0 (owned 4, low demand, 10).
 * q = 0.6: 8 and 12 are robust (2/3 ≥ 0.6); 8 wins, 15 < 19. q = 2/3: 8 still robust (exactly 2 of 3).
 */
const table: [number, string, number, number, boolean?][] = [
  [4, 'low', 1, 10],
  [4, 'mid', 3, 12],
  [4, 'high', 20, 0, true],
  [8, 'low', 0.2, 14],
  [8, 'mid', 1, 15],
  [8, 'high', 2.5, 17],
  [12, 'low', 0, 18],
  [12, 'mid', 0.1, 19],
  [12, 'high', 1, 21],
];
const records = table.map(([owned, demand, wait, tco, overloaded], i) => record(i, { owned, demand }, wait, tco, overloaded));

function analyse(quantile: number) {
  const a = new SweepAnalyser({
    objectives: [objective('minimise', 'tco')],
    constraints: [gate('p95_wait < 2 h')],
    assertions: [],
    best: 5,
    robust: { decisions: ['owned'], assumptions: ['demand'], quantile },
  });
  for (const r of records) a.add(r);
  return a.finish();
}

describe('robust decisions', () => {
  it('every scenario (quantile 1): the decision that meets the constraints at every demand level, not the cheapest variant', () => {
    const out = analyse(1);
    expect(out.best[0]?.index).toBe(0);
    const r = out.robust!;
    expect([r.decisions, r.robust]).toEqual([3, 1]);
    expect(r.table.map((d) => [d.decision['owned'], d.met, d.scenarios, d.meets_all, d.robust, d.variants])).toEqual([
      [4, 1, 3, false, false, [0, 1, 2]],
      [8, 2, 3, false, false, [3, 4, 5]],
      [12, 3, 3, true, true, [6, 7, 8]],
    ]);
    expect(r.table.map((d) => d.fraction)).toEqual([1 / 3, 2 / 3, 1]);
    expect(r.table.map((d) => d.objectives[0]?.worst)).toEqual([null, 17e6, 21e6]);
    expect(r.table[0]?.objectives[0]?.worst_display).toMatch(/overloaded/);
    expect(r.table.map((d) => d.missed)).toEqual([[{ demand: 'mid' }, { demand: 'high' }], [{ demand: 'high' }], []]);
    expect(r.best.map((d) => [d.decision, d.objectives[0]?.at_quantile])).toEqual([[{ owned: 12 }, 21e6]]);
  });

  it('a quantile: robust in at least that share of scenarios, ranked by the objective reached in that share', () => {
    const out = analyse(0.6).robust!;
    expect(out.best.map((d) => [d.decision['owned'], d.objectives[0]?.at_quantile])).toEqual([
      [8, 15e6],
      [12, 19e6],
    ]);
    // exactly 2 of 3 scenarios meets a quantile of 2/3 whatever the rounding of 2/3
    expect(analyse(2 / 3).robust!.best.map((d) => d.decision['owned'])).toEqual([8, 12]);
    // just above 2/3: only the decision that meets all three
    expect(analyse(0.67).robust!.best.map((d) => d.decision['owned'])).toEqual([12]);
  });

  it('a mix of two decisions, with the assumption between them in the grid: each decision gathers its own scenarios', () => {
    // grid order owned × demand × reserved (the last fastest): a decision's variants are not contiguous
    const mix: VariantRecord[] = [];
    let i = 0;
    for (const owned of [4, 8])
      for (const demand of ['low', 'high']) for (const reserved of [0, 2]) mix.push(record(i++, { owned, demand, reserved }, owned + reserved >= 8 || demand === 'low' ? 1 : 3, owned + reserved));
    const a = new SweepAnalyser({
      objectives: [objective('minimise', 'tco')],
      constraints: [gate('p95_wait < 2 h')],
      assertions: [],
      best: 5,
      robust: { decisions: ['owned', 'reserved'], assumptions: ['demand'], quantile: 1 },
    });
    for (const r of mix) a.add(r);
    const r = a.finish().robust!;
    expect(r.table.map((d) => [d.decision, d.variants, d.met])).toEqual([
      [{ owned: 4, reserved: 0 }, [0, 2], 1],
      [{ owned: 4, reserved: 2 }, [1, 3], 1],
      [{ owned: 8, reserved: 0 }, [4, 6], 2],
      [{ owned: 8, reserved: 2 }, [5, 7], 2],
    ]);
    expect(r.best.map((d) => d.decision)).toEqual([
      { owned: 8, reserved: 0 },
      { owned: 8, reserved: 2 },
    ]);
  });

  it('a sweep without assumptions has no robust section', () => {
    const a = new SweepAnalyser({ objectives: [objective('minimise', 'tco')], constraints: [gate('p95_wait < 2 h')], assertions: [], best: 5 });
    for (const r of records) a.add(r);
    const out = a.finish();
    expect('robust' in out).toBe(false);
    expect('feasibility' in out).toBe(false);
  });
});
