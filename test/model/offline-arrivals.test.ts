// Offline arrivals (MLPerf's Offline scenario): a finite batch submitted at time 0 and drained; the
// throughput is output tokens over the drain time.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

function offline(requests: number, replicas: number, extra = ''): string {
  return `
name: offline
seed: 5
horizon: 2 h
replications: 1
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: batch
    kind: inference
    model: { params: 8e9, precision: fp8, kv_cache: { layers: 32, kv_heads: 8, head_dim: 128 } }
    arrivals: { kind: offline, requests: ${requests} }
    tokens: { input: 200, output: 100 }
    replicas: ${replicas}
    max_batch: 64
    ${extra}
`;
}

const drainOf = (text: string) => {
  const i = simulate(parseScenario(text)).replications[0]?.inference['batch'];
  if (!i?.offline) throw new Error('no offline drain reported');
  return { i, drain: i.offline };
};

describe('offline arrivals', () => {
  it('submits every request at time 0 and reports tokens over the drain time', () => {
    const { i, drain } = drainOf(offline(500, 1));
    expect(i.submitted).toBe(500);
    expect(i.completed).toBe(500);
    expect(drain.unfinished).toBe(0);
    // every request waited from time 0: the last one's end-to-end time is the drain time
    expect(i.e2e.max).toBeCloseTo(drain.drain_time, 9);
    expect(drain.tokens_per_second).toBeCloseTo((500 * 100) / drain.drain_time, 6);
    // the first 64 requests (one full batch, more than 10 % of them) are admitted at time 0
    expect(i.ttft.p10).toBeLessThan(1);
  });

  it('replicas that become ready one after another share the backlog: 4 replicas drain about 4× faster', () => {
    const one = drainOf(offline(1024, 1)).drain;
    const four = drainOf(offline(1024, 4)).drain;
    expect(one.drain_time / four.drain_time).toBeGreaterThan(3.9);
    expect(one.drain_time / four.drain_time).toBeLessThan(4.1);
  });

  it('a batch larger than the run can serve is reported as unfinished, measured up to the horizon', () => {
    // 4 replicas and 300,000 queued requests: moving a queue of that size between replicas must not overflow the stack
    const text = offline(300_000, 4).replace('horizon: 2 h', 'horizon: 1 min');
    const { drain } = drainOf(text);
    expect(drain.unfinished).toBeGreaterThan(0);
    expect(drain.drain_time).toBe(60);
  });

  it('other arrival processes report no drain', () => {
    const i = simulate(parseScenario(offline(1, 1).replace('{ kind: offline, requests: 1 }', '{ rate: 1 /s, max_jobs: 10 }'))).replications[0]?.inference['batch'];
    expect(i?.offline).toBeUndefined();
  });

  it('the schema asks for a positive whole number of requests', () => {
    expect(() => parseScenario(offline(0, 1))).toThrow(/requests/);
    expect(() => parseScenario(offline(1.5, 1))).toThrow(/requests/);
  });

  it('works for batch jobs too: every job submitted at time 0', () => {
    const text = `
name: offline-jobs
seed: 1
horizon: 24 h
replications: 1
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: jobs
    kind: batch
    arrivals: { kind: offline, requests: 16 }
    devices: 8
    work: { reference_time: 8 h }
`;
    const r = simulate(parseScenario(text)).replications[0];
    const w = r?.workloads['jobs'];
    expect(w?.submitted).toBe(16);
    expect(w?.completed).toBe(16);
    // identical jobs one at a time on the one 8-GPU node: waits 0, d, …, 15d — the longest is twice the mean
    const wait = w?.wait;
    expect(wait?.max).toBeGreaterThan(0);
    expect((wait?.max ?? 0) / (wait?.mean ?? 1)).toBeCloseTo(2, 6);
  });
});
