// Overflow to a managed API inside a run (src/model/replication/services.ts, src/model/serving/managed-api.ts):
// the service's figures count the API's requests, and the overflow rule fires only when the queue is long.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

const scenario = (rate: string, overflow: string, slo = '{ ttft: 1 h, tpot: 1 s }') =>
  parseScenario(`
name: overflow
seed: 3
horizon: 10 min
warmup: 1 min
replications: 1
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: chat
    kind: inference
    model: { card: llama-3.3-70b, precision: fp8, kv_cache_precision: fp8 }
    arrivals: { rate: ${rate} }
    tokens: { input: 500, output: 100 }
    replicas: 1
    tensor_parallel: 2
    max_batch: 8
    slo: ${slo}
    ${overflow}
`);

describe('overflow to a managed API', () => {
  it('counts every request that met the SLO, on the replicas or the API: attainment 1 when all meet a loose SLO', () => {
    const rep = simulate(scenario('20 /s', 'overflow: { offering: groq-llama-3.3-70b, queue_per_replica: 0 }')).replications[0]!;
    const chat = rep.inference.chat!;
    expect(chat.api!.requests).toBeGreaterThan(0);
    expect(chat.api!.requests).toBeLessThanOrEqual(30 * 10); // Groq's free plan: 30 requests per minute, 10 minutes
    expect(chat.slo_attainment).toBeCloseTo(1, 12);
    expect(chat.api!.slo_met).toBe(chat.api!.e2e.count);
  });

  it('counts the API requests that missed the SLO as missing it', () => {
    // Groq's median TTFT is 0.12 s: a 0.1 s TTFT target misses every API request
    const rep = simulate(scenario('20 /s', 'overflow: { offering: groq-llama-3.3-70b, queue_per_replica: 0 }', '{ ttft: 100 ms }')).replications[0]!;
    const chat = rep.inference.chat!;
    expect(chat.api!.slo_met).toBe(0);
    expect(chat.slo_attainment).toBeLessThanOrEqual(1 - chat.api!.e2e.count / chat.e2e.count + 1e-12);
  });

  it('sends nothing when the queue never passes the threshold', () => {
    const rep = simulate(scenario('0.5 /s', 'overflow: { offering: groq-llama-3.3-70b, queue_per_replica: 100 }')).replications[0]!;
    expect(rep.inference.chat!.api).toMatchObject({ requests: 0, rate_limited: 0 });
    expect(rep.usage.api?.chat?.requests).toBe(0);
  });

  it('leaves a scenario without api or overflow exactly as it was: no api figures, no ledger entry', () => {
    const rep = simulate(scenario('0.5 /s', '')).replications[0]!;
    expect(rep.inference.chat!.api).toBeUndefined();
    expect(rep.usage.api).toBeUndefined();
  });
});
