import { describe, expect, it } from 'vitest';
import { ADAPTABLE_PROJECTIONS, fineTuneFlopsPerToken, fineTuneMemory, loraAdapterParams, QLORA_BASE_BYTES_PER_PARAM } from '../../src/model/performance/fine-tuning.js';
import { trainingEstimate } from '../../src/model/performance/training.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { InputError } from '../../src/support/input-error.js';
import { simulate } from '../../src/simulate/simulate.js';
import { nodeProfile } from './profiles.js';

/** Llama 2 7B's shapes (config.json of meta-llama/Llama-2-7b-hf: 32 layers, width 4096, 32 heads of 128, no GQA, MLP 11008). */
const LLAMA2_7B = { layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 32, headDim: 128, intermediateSize: 11008 };
/** Llama 3.1 8B's (models/llama-3.1-8b.yaml): 8 KV heads, MLP 14336. */
const LLAMA31_8B = { layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8, headDim: 128, intermediateSize: 14336 };

describe('LoRA adapter sizes against what Hugging Face PEFT prints (print_trainable_parameters)', () => {
  it('Llama 2 7B, r = 8 on q_proj and v_proj: 4,194,304 trainable parameters', () => {
    expect(loraAdapterParams(LLAMA2_7B, 8, ['q_proj', 'v_proj'])).toBe(4_194_304);
  });

  it('Llama 3.1 8B, r = 16 on all seven linear projections: 41,943,040 (all params 8,072,204,288 = 8,030,261,248 + adapters)', () => {
    const adapters = loraAdapterParams(LLAMA31_8B, 16, ADAPTABLE_PROJECTIONS);
    expect(adapters).toBe(41_943_040);
    expect(8_030_261_248 + adapters).toBe(8_072_204_288);
  });

  it('an adapter on an MLP projection needs the MLP width', () => {
    const { intermediateSize: _, ...noMlp } = LLAMA31_8B;
    expect(() => loraAdapterParams(noMlp, 16, ['down_proj'])).toThrow(/intermediate_size/);
    expect(loraAdapterParams(noMlp, 16, ['q_proj'])).toBe(32 * 16 * (4096 + 4096));
  });
});

describe('fine-tuning compute and memory', () => {
  const n = 8.03e9;
  const a = 41_943_040;

  it('FLOP per token: full 6·N; LoRA 4·(N + Nₐ) + 2·Nₐ, about two thirds of it', () => {
    expect(fineTuneFlopsPerToken(n, { method: 'full', adapterParams: 0 })).toBe(6 * n);
    expect(fineTuneFlopsPerToken(n, { method: 'lora', adapterParams: a })).toBe(4 * (n + a) + 2 * a);
    expect(fineTuneFlopsPerToken(n, { method: 'qlora', adapterParams: a }) / (6 * n)).toBeCloseTo(0.672, 3);
  });

  it('states per device: full (ZeRO-1 over 8) 44.2 GB, LoRA 16.7 GB, QLoRA 4.8 GB for Llama 3.1 8B on 8 GPUs', () => {
    // full: N·(2 + 2 + 12/8) = 5.5 B/param
    expect(fineTuneMemory(n, { method: 'full', base: 'x', adapterParams: 0, baseBytesPerParam: 2 }, 1, 8).bytes).toBeCloseTo(n * 5.5, 0);
    // LoRA: frozen bf16 base 2 B/param, adapters 16 B each; nothing divides over data-parallel ranks
    expect(fineTuneMemory(n, { method: 'lora', base: 'x', adapterParams: a, baseBytesPerParam: 2 }, 1, 8).bytes).toBeCloseTo(2 * n + 16 * a, 0);
    // QLoRA: 4.127 bits per frozen weight (NF4 + double-quantised constants, QLoRA §3)
    const q = fineTuneMemory(n, { method: 'qlora', base: 'x', adapterParams: a, baseBytesPerParam: QLORA_BASE_BYTES_PER_PARAM }, 1, 8).bytes;
    expect(q).toBeCloseTo((n * 4.127) / 8 + 16 * a, 0);
    // QLoRA's headline: a 65B model's states fit one 48 GB GPU (65.2e9 × 4.127 / 8 = 33.6 GB)
    expect(fineTuneMemory(65.2e9, { method: 'qlora', base: 'x', adapterParams: 0.2e9, baseBytesPerParam: QLORA_BASE_BYTES_PER_PARAM }, 1, 1).bytes).toBeLessThan(48e9);
  });

  it('a LoRA job on 2 nodes: compute time scales by its FLOPs, the all-reduce moves only the adapters', () => {
    const node = nodeProfile('dgx-h100');
    const base = { params: n, tokens: 1e9, precision: 'bf16' as const, batch: { tokens: 1_048_576 }, devices: 16, node };
    const full = trainingEstimate(base);
    const lora = trainingEstimate({ ...base, fineTune: { method: 'lora', adapterParams: a } });
    expect(lora.flopsFrom).toBe('lora');
    expect(lora.computeTime / full.computeTime).toBeCloseTo((4 * (n + a) + 2 * a) / (6 * n), 9);
    expect(lora.communication.bytes / full.communication.bytes).toBeCloseTo(a / n, 9);
  });
});

const scenario = (training: string, type = 'dgx-h100') => `
name: fine-tune
replications: 1
horizon: 2 day
sites:
  dc:
    pools:
      gpu: { type: ${type}, count: 2, capex_per_node: 300000 USD }
    costs: { installation: 0 USD }
workloads:
  - name: tune
    kind: training
    pool: gpu
    arrivals: { rate: 1 /day }
    devices: 8
    batch: { tokens: 1048576 }
${training}
`;

function inputError(text: string): InputError {
  try {
    parseScenario(text);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('loaded without an error');
}

describe('fine_tune on a training workload', () => {
  it('LoRA of the Llama 3.1 8B card for 2,000 steps: tokens = steps × batch, adapters sized from the card, described in the result', () => {
    const s = parseScenario(scenario('    fine_tune: { base: llama-3.1-8b, method: lora, steps: 2000 }'));
    const w = s.workloads[0];
    expect(w?.kind === 'training' && w.tokens).toEqual({ kind: 'constant', value: 2000 * 1_048_576 });
    expect(w?.kind === 'training' && w.fineTune?.adapterParams).toBe(41_943_040);
    const result = simulate(s);
    const perf = result.performance?.['tune'];
    expect(perf?.kind === 'training' && perf.fine_tune).toMatchObject({ method: 'lora', base: 'llama-3.1-8b', trainable_params: 41_943_040, rank: 16 });
    const example = perf?.kind === 'training' ? perf.examples[0] : undefined;
    expect(example?.state_memory_per_device).toBeCloseTo(2 * 8_030_261_248 + 16 * 41_943_040, 0);
  });

  it('full fine-tuning of a 70B model on 8 H100s does not fit: located at fine_tune.method, with a way out', () => {
    const err = inputError(scenario('    fine_tune: { base: llama-3.1-70b, method: full, tokens: 1e8 }'));
    expect(err.message).toMatch(/fine_tune\.method.*holds .* on each one.*h100/);
    expect(err.message).toContain('lora or qlora');
    // LoRA over the frozen bf16 base needs 2 B/param: 141 GB over 8 GPUs' 80 GB each fits (17.6 GB each)
    expect(() => parseScenario(scenario('    fine_tune: { base: llama-3.1-70b, method: lora, tokens: 1e8 }\n    model_parallel: 8'))).not.toThrow();
  });

  it('refuses a workload with both model and fine_tune, with neither, with rank on full, and with both tokens and steps', () => {
    expect(inputError(scenario('    model: { card: llama-3.1-8b, tokens: 1e9 }\n    fine_tune: { base: llama-3.1-8b, method: lora, steps: 10 }')).message).toMatch(/fine_tune: and model both/);
    expect(inputError(scenario('')).message).toMatch(/model: is required/);
    expect(inputError(scenario('    fine_tune: { base: llama-3.1-8b, method: full, rank: 8, steps: 10 }')).message).toMatch(/fine_tune\.rank: is a LoRA setting/);
    expect(inputError(scenario('    fine_tune: { base: llama-3.1-8b, method: lora, steps: 10, tokens: 1e6 }')).message).toMatch(/give tokens or steps, not both/);
    expect(inputError(scenario('    fine_tune: { base: llama-9, method: lora, steps: 10 }')).message).toMatch(/no model card 'llama-9'/);
  });

  it('a LoRA job runs in about two thirds of the time of the full fine-tune of the same tokens', () => {
    const run = (method: string) => {
      const r = simulate(parseScenario(scenario(`    fine_tune: { base: llama-3.1-8b, method: ${method}, tokens: 2e9 }`)));
      const p = r.performance?.['tune'];
      return p?.kind === 'training' ? (p.examples[0]?.compute_time_per_step ?? NaN) : NaN;
    };
    expect(run('lora') / run('full')).toBeCloseTo((4 * (8_030_261_248 + 41_943_040) + 2 * 41_943_040) / (6 * 8_030_261_248), 6);
  });
});
