// Speculative decoding from a scenario (inference `speculative:`): it resolves, runs with each request's accepted
// tokens drawn from its own stream, and reports what a step yields and what the draft takes; absent, nothing changes.
import { describe, expect, it } from 'vitest';
import { expectedTokensPerStep } from '../../src/model/performance/index.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

const service = (speculative = '') => `
name: speculative
seed: 5
horizon: 12 min
warmup: 2 min
replications: 1
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: chat
    kind: inference
    model: { card: llama-3.1-70b, precision: fp8, kv_cache_precision: fp8 }
    arrivals: { rate: 3 /s }
    tokens: { input: { kind: lognormal, mean: 800, sd: 600 }, output: { kind: lognormal, mean: 200, sd: 150 } }
    replicas: 4
    tensor_parallel: 2
${speculative}`;

// a Llama 3.1 8B draft (same tokenizer) in FP8, 4 guesses accepted 70 % of the time
const withDraft = `    speculative: { draft: { card: llama-3.1-8b, precision: fp8, kv_cache_precision: fp8 }, tokens: 4, acceptance: 70 % }`;

type Perf = {
  kv_cache_tokens: number;
  decode_step_batch_1: number;
  speculative?: { kv_cache_tokens: number; draft_weight_bytes: number; tokens_per_step: number; time_per_output_token_batch_1: number };
};

describe('speculative decoding in a scenario', () => {
  const plain = simulate(parseScenario(service()));
  const fast = simulate(parseScenario(service(withDraft)));
  const a = plain.replications[0]?.inference['chat'];
  const b = fast.replications[0]?.inference['chat'];

  it('resolves the draft from its card', () => {
    const w = parseScenario(service(withDraft)).workloads[0];
    if (w?.kind !== 'inference') throw new Error('no service');
    expect(w.speculative).toMatchObject({ method: 'draft', draftTokens: 4, acceptance: 0.7, draft: { params: 8030261248, weightPrecision: 'fp8' } });
  });

  it('serves the same requests with a lower time per output token, and says what a step yielded', () => {
    expect(b?.submitted).toBe(a?.submitted);
    expect(b?.completed).toBeGreaterThan(1000);
    expect(b?.tpot.p50 ?? NaN).toBeLessThan((a?.tpot.p50 ?? NaN) / 1.5);
    const E = expectedTokensPerStep(0.7, 4);
    expect(b?.speculative?.tokens_per_step).toBeCloseTo(E, 12);
    // the tokens per step the draws gave, over more than 1,000 requests: within a few per cent of E
    expect(Math.abs((b?.speculative?.measured_tokens_per_step ?? NaN) / E - 1)).toBeLessThan(0.03);
    expect(a?.speculative).toBeUndefined();
  });

  it('describes the draft’s memory and the step in the performance section', () => {
    const p = plain.performance['chat'] as unknown as Perf;
    const s = fast.performance['chat'] as unknown as Perf;
    expect(p.speculative).toBeUndefined();
    expect(s.speculative?.draft_weight_bytes).toBe(8030261248);
    expect(s.speculative?.kv_cache_tokens).toBeLessThan(s.kv_cache_tokens);
    expect(s.speculative?.time_per_output_token_batch_1).toBeLessThan(s.decode_step_batch_1);
  });

  it('is reproducible: the same seed gives the same figures', () => {
    expect(simulate(parseScenario(service(withDraft))).replications[0]?.inference['chat']).toEqual(b);
  });
});
