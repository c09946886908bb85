import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { sizeFleet } from '../../src/planning/size-fleet.js';
import { measurePoint } from '../../src/planning/plan-search.js';
import { sizeEdge, sizeEdgeWarning } from '../../src/planning/size-edge.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import type { ResolvedScenario } from '../../src/scenario/scenario.js';
import type { SimulationResult } from '../../src/simulate/simulate.js';

const scenario = parseScenario(`name: sizing
seed: 1
horizon: 10 h
replications: 2
reference: { device: g, precision: bf16 }
profiles:
  g: { id: g, kind: gpu, name: g, vendor: test, peak: { bf16: 100 TFLOPS } }
  n: { id: n, kind: node, name: n, vendor: test, accelerators: { profile: g, count: 1 }, price: 10000 USD, power: { max: 500 W } }
sites:
  dc: { nodes: { type: n, count: 4 } }
workloads:
  - name: w
    arrivals: { rate: 1 /h }
    devices: 1
    work: { reference_time: { kind: exponential, mean: 1 h } }
`);

const H = 3600;
/**
 * A stand-in for the simulator: the p95 wait of each size from two replications, by hand, and a TCO that
 * grows with the size. Target wait.p95 ≤ 1.5 h; t(0.975, 1) = 12.706, standard error = half the spread:
 *   4 nodes: 0.9 h, 1.1 h → mean 1 h,   high 1 + 12.706 × 0.1  = 2.27 h: meets by the mean only
 *   6 nodes: 0.49, 0.51 h → mean 0.5 h, high 0.5 + 12.706 × 0.01 = 0.63 h: meets at the pessimistic end
 *   8 nodes: 0.2 h twice  → no spread, 0.2 h
 */
const waits: Record<number, number[]> = { 4: [0.9, 1.1], 6: [0.49, 0.51], 8: [0.2, 0.2] };
function fakeRun(s: ResolvedScenario): Promise<SimulationResult> {
  const nodes = s.sites[0]!.pools[0]!.nodeCount;
  const values = (waits[nodes] ?? [0]).map((h) => h * H);
  const cost = estimate(values.map(() => nodes * 1e5));
  return Promise.resolve({
    summary: { jobs: { wait: { p95: estimate(values) }, rejected: estimate(values.map(() => 0)) }, cost: { total: cost, npv: cost, per_site: {} } },
    replications: values.map(() => ({})),
  } as unknown as SimulationResult);
}

describe('size: feasibility on the pessimistic end, and the edge of the searched range', () => {
  const target = { metric: 'wait.p95', limit: 1.5 * H } as const;

  it('picks the cheapest size meeting the target at the worse end of its interval; --feasibility mean reads the mean', async () => {
    const pessimistic = await sizeFleet(scenario, 'dc/main', [4, 6, 8], target, fakeRun);
    expect(pessimistic.points.map((p) => [p.nodes, p.meets, p.meets_with_confidence])).toEqual([
      [4, true, false],
      [6, true, true],
      [8, true, true],
    ]);
    expect(pessimistic.best?.nodes).toBe(6);
    expect(pessimistic.feasibility).toEqual({ rule: 'pessimistic', read: 'interval' });
    const mean = await sizeFleet(scenario, 'dc/main', [4, 6, 8], target, fakeRun, undefined, 'mean');
    expect(mean.best?.nodes).toBe(4);
    expect(mean.feasibility).toEqual({ rule: 'mean', read: 'mean' });
  });

  it('warns when the best size is at an edge of the range, naming the next range of the same width and step', () => {
    expect(sizeEdge([4, 6, 8], 6)).toBeUndefined();
    // 4..8:2 with the best at 4: two steps below would go under 1 node, so one: 2..4:2
    expect(sizeEdge([4, 6, 8], 4)).toEqual({ edge: 'smallest', nodes: 4, next: '2..4:2' });
    expect(sizeEdge([8, 12, 16], 8)).toEqual({ edge: 'smallest', nodes: 8, next: '4..8:4' });
    expect(sizeEdge([4, 6, 8], 8)).toEqual({ edge: 'largest', nodes: 8, next: '8..12:2' });
    expect(sizeEdge([10, 11, 12, 13], 13)).toEqual({ edge: 'largest', nodes: 13, next: '13..16' });
    // at one node there is nothing smaller to try
    expect(sizeEdge([1, 2, 3], 1)).toBeUndefined();
    expect(sizeEdge([2, 3], 2)).toEqual({ edge: 'smallest', nodes: 2, next: '1..2' });
    expect(sizeEdge([8], 8)).toEqual({ edge: 'only', nodes: 8, next: '4..12' });
    expect(sizeEdgeWarning({ edge: 'largest', nodes: 8, next: '8..12:2' })).toBe(
      'warning: the best size, 8 nodes, is the largest size searched: a larger owned fleet may cost less (less burst spend); try --nodes 8..12:2',
    );
  });
});

describe('plan reads a target by the same rule as size', () => {
  /** A layout whose p95 wait over two replications is 0.9 h and 1.1 h: mean 1 h meets ≤ 1.5 h, the high end 2.27 h does not. */
  const run = (): Promise<SimulationResult> => {
    const values = [0.9 * H, 1.1 * H];
    const cost = estimate([1e5, 1e5]);
    const w = { wait: { p95: estimate(values) }, rejected: estimate([0, 0]), completed: estimate([10, 10]) };
    return Promise.resolve({ summary: { workloads: { w }, inference: {}, cost: { total: cost } }, replications: [{}, {}] } as unknown as SimulationResult);
  };

  it('meets at the worse end of the interval by default; with --feasibility mean on the mean', async () => {
    const shape = { replicas: 1, devices: 1, nodes: 1 };
    const pessimistic = await measurePoint(scenario, 'w', { metric: 'wait.p95', limit: 1.5 * H }, run, shape);
    expect([pessimistic.meets, pessimistic.meets_with_confidence]).toEqual([false, false]);
    const mean = await measurePoint(scenario, 'w', { metric: 'wait.p95', limit: 1.5 * H, rule: 'mean' }, run, shape);
    expect([mean.meets, mean.meets_with_confidence]).toEqual([true, false]);
  });
});
