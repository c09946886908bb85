import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { sizeFleet, withPoolSize } from '../../src/planning/size-fleet.js';
import { mmcWq } from '../support/theory.js';

/** M/M/c in disguise: 1-GPU jobs, exponential 1 h work, 6 jobs/h, on c single-GPU owned nodes. */
const text = `name: sizing
seed: 11
horizon: 2000 h
warmup: 100 h
replications: 4
reference: { device: g, precision: bf16 }
profiles:
  g: { id: g, kind: gpu, name: g, vendor: test, peak: { bf16: 100 TFLOPS } }
  n: { id: n, kind: node, name: n, vendor: test, accelerators: { profile: g, count: 1 }, price: 10000 USD, power: { max: 500 W } }
sites:
  dc: { nodes: { type: n, count: 7 } }
workloads:
  - name: w
    arrivals: { rate: 6 /h }
    devices: 1
    work: { reference_time: { kind: exponential, mean: 1 h } }
`;

describe('fleet sizing', () => {
  it('withPoolSize changes only the owned pool, keeping later purchases', () => {
    const s = parseScenario(text.replace('count: 7 }', 'count: 7, purchases: [{ count: 2, ordered: 10 h }] }'));
    const r = withPoolSize(s, 'dc/main', 9);
    const pool = r.sites[0]!.pools[0]!;
    expect(pool.tranches.map((t) => t.nodes)).toEqual([9, 2]);
    expect(pool.nodeCount).toBe(11);
    expect(pool.deviceCount).toBe(11);
    expect(() => withPoolSize(s, 'dc/none', 3)).toThrow(/no pool/);
  });

  it('picks the cheapest size whose mean wait meets the target, agreeing with Erlang C', async () => {
    // Erlang C at λ = 6/h, μ = 1/h: mean wait for c = 7, 8, 9, 10 servers. With an owned-only fleet
    // TCO grows with every node, so the answer is the smallest c whose wait is under the target.
    const target = 6 * 60; // 6 minutes
    const theory = [7, 8, 9, 10].map((c) => ({ c, wait: mmcWq(6, 1, c) * 3600 }));
    const expected = theory.find((t) => t.wait <= target)!.c;
    // the target sits between two sizes' theoretical waits, far from both, so noise cannot flip it
    const below = theory.find((t) => t.c === expected - 1)!;
    expect(below.wait).toBeGreaterThan(target * 1.5);
    expect(theory.find((t) => t.c === expected)!.wait).toBeLessThan(target / 1.5);
    const s = parseScenario(text);
    const sizing = await sizeFleet(s, 'dc/main', [7, 8, 9, 10], { metric: 'wait.mean', limit: target }, (x) => simulateScenario(x));
    expect(sizing.best?.nodes).toBe(expected);
    for (const p of sizing.points) expect(p.meets).toBe(p.service.mean <= target);
    const tcos = sizing.points.map((p) => p.tco.mean);
    for (let i = 1; i < tcos.length; i++) expect(tcos[i]!).toBeGreaterThan(tcos[i - 1]!);
  });
});
