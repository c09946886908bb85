import { describe, expect, it } from 'vitest';
import { iterationTime, replicaModel } from '../../src/model/performance/index.js';
import { Catalog } from '../../src/scenario/catalog.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { ProfileResolver } from '../../src/scenario/profile-resolver.js';
import { simulate, simulateScenario } from '../../src/simulate/simulate.js';

const catalog = new Catalog();
const h100 = new ProfileResolver(catalog, new Map()).get('h100-sxm-80gb', 'device', { src: catalog.get('h100-sxm-80gb')!.src, path: [] });
const model = { params: 7e9, weightPrecision: 'bf16' as const, kvCache: { layers: 32, kvHeads: 8, headDim: 128 } };

/** A 7B chat service on one H100; `horizon` shortens runs whose checks do not depend on their length. */
function service(rate: string, input: number, output: number, extra = '', horizon = '2 h'): string {
  return `
name: svc
seed: 11
horizon: ${horizon}
replications: 3
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: chat
    kind: inference
    model: { params: 7e9, precision: bf16, kv_cache: { layers: 32, kv_heads: 8, head_dim: 128 } }
    arrivals: { rate: ${rate} }
    tokens: { input: ${input}, output: ${output} }
    replicas: 1
    ${extra}
`;
}

describe('inference service', () => {
  it('at a trickle of requests, latencies are the roofline iteration times of an empty replica', () => {
    // One request at a time (a request every ~10 min, each served in well under a second): TTFT is the
    // prefill iteration of the 512-token prompt; each later token is a one-sequence decode iteration
    // at a context of 513…(512+127). Expected values from the replica model on the H100 profile.
    const m = replicaModel({ model, device: h100 });
    const input = 512;
    const output = 128;
    const ttft = iterationTime(m, { decodeSequences: 0, decodeContextTokens: 0, prefillTokens: input }).duration;
    let decode = 0;
    for (let k = 1; k < output; k++) decode += iterationTime(m, { decodeSequences: 1, decodeContextTokens: input + k }).duration;
    const result = simulate(parseScenario(service('6 /h', input, output)));
    for (const r of result.replications) {
      const i = r.inference['chat']!;
      expect(i.completed).toBeGreaterThan(0);
      // Sparse arrivals still collide now and then; the median request is served alone.
      expect(i.ttft.p50).toBeCloseTo(ttft, 2);
      expect(i.tpot.p50 / (decode / (output - 1))).toBeGreaterThan(0.99);
      expect(i.tpot.p50 / (decode / (output - 1))).toBeLessThan(1.01);
      expect(i.e2e.p50 / (ttft + decode)).toBeGreaterThan(0.99);
      expect(i.e2e.p50 / (ttft + decode)).toBeLessThan(1.01);
    }
  });

  it('conserves requests: submitted = completed + waiting + running + rejected', () => {
    const result = simulate(parseScenario(service('30 /s', 1000, 200, '', '20 min')));
    for (const r of result.replications) {
      const i = r.inference['chat']!;
      expect(i.submitted).toBe(i.completed + i.queued_at_end + i.running_at_end + i.rejected);
      expect(i.slo_attainment).toBeGreaterThanOrEqual(0);
      expect(i.slo_attainment).toBeLessThanOrEqual(1);
    }
  });

  it('batching: tokens/s grows with load while the replica keeps up, and latency grows with it', () => {
    const light = simulate(parseScenario(service('1 /s', 500, 200))).summary.inference['chat']!;
    const heavy = simulate(parseScenario(service('20 /s', 500, 200, '', '30 min'))).summary.inference['chat']!;
    // Output tokens/s = request rate × output tokens when nothing piles up.
    expect(light.tokens_per_second.mean).toBeCloseTo(1 * 200, -1);
    expect(heavy.tokens_per_second.mean).toBeGreaterThan(15 * 200);
    expect(heavy.tpot.mean.mean).toBeGreaterThan(light.tpot.mean.mean);
  });

  it('rejects requests that can never fit the KV cache, and holds its devices for the whole run', () => {
    // 7B bf16 on one H100: (80 GB × 0.9 − 14 GB) / 131,072 B per token ≈ 442k tokens of KV cache.
    const r = simulate(parseScenario(service('60 /h', 500_000, 10))).replications[0]!;
    expect(r.inference['chat']!.rejected).toBe(r.inference['chat']!.submitted);
    expect(r.pools['dc/main']!.mean_busy_devices).toBe(1);
  });

  it('SLO attainment counts requests meeting every target', () => {
    const strict = simulate(parseScenario(service('20 /s', 500, 200, 'slo: { ttft: 1 ms }', '20 min'))).summary.inference['chat']!;
    const loose = simulate(parseScenario(service('20 /s', 500, 200, 'slo: { ttft: 1 h, tpot: 1 h }', '20 min'))).summary.inference['chat']!;
    expect(strict.slo_attainment.mean).toBe(0);
    expect(loose.slo_attainment.mean).toBe(1);
  });

  it('replays the real Azure LLM conversation trace: every request served', async () => {
    const file = new URL('../../data/traces/AzureLLMInferenceTrace_conv.csv', import.meta.url).pathname;
    const text = service('1 /s', 1, 1)
      .replace('replications: 3', 'replications: 1')
      .replace('    arrivals: { rate: 1 /s }\n    tokens: { input: 1, output: 1 }\n', `    trace: { file: '${file}', format: azure-llm }\n`)
      .replace('replicas: 1', 'replicas: 4');
    const result = await simulateScenario(parseScenario(text));
    const i = result.replications[0]!.inference['chat']!;
    // The README counts 19,366 requests in the hour; the horizon (2 h) leaves time to drain.
    expect(result.traces['chat']!.rowsReplayed).toBe(19_366);
    expect(i.submitted).toBe(19_366);
    expect(i.completed).toBe(19_366);
  });
});
