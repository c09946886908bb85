// Model cards (models/<id>.yaml, src/scenario/model-cards.ts): every bundled card validates with a source for
// every figure; an inference service may name a card instead of spelling the model out, and gets the same run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listModelCards } from '../../src/cli/list-model-cards.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { ModelCards } from '../../src/scenario/model-cards.js';
import { simulate } from '../../src/simulate/simulate.js';
import { InputError } from '../../src/support/input-error.js';
import { scenarioErrorOf } from '../support/scenario-error.js';

const cards = new ModelCards();
const scratch = mkdtempSync(join(tmpdir(), 'model-cards-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the bundled model cards', () => {
  it('all validate, and the models issue 15 names are there', () => {
    const out = listModelCards(cards, false);
    expect(out.problems).toEqual([]);
    expect(cards.ids()).toEqual(expect.arrayContaining(['llama-3.1-8b', 'llama-3.1-70b', 'llama-3.1-405b', 'deepseek-v3', 'qwen3-235b-a22b', 'gpt-oss-120b', 'llama-4-maverick']));
    expect(out.text).toContain('llama-3.1-70b');
  });

  it('carry the published architecture (Hugging Face config.json figures)', () => {
    // https://huggingface.co/meta-llama/Llama-3.1-70B/blob/main/config.json: 80 layers, width 8192, 64 heads, 8 KV heads
    expect(cards.get('llama-3.1-70b')?.card).toMatchObject({ architecture: 'dense', layers: 80, hidden_size: 8192, attention_heads: 64, kv_heads: 8, head_dim: 128 });
    // https://huggingface.co/meta-llama/Llama-3.1-405B/blob/main/config.json: 126 layers, width 16384
    expect(cards.get('llama-3.1-405b')?.card).toMatchObject({ layers: 126, hidden_size: 16384, kv_heads: 8 });
    // DeepSeek-V3 technical report (arXiv:2412.19437): 671B total, 37B active, 256 routed experts, 8 per token, 1 shared
    const v3 = cards.get('deepseek-v3')?.card;
    expect(v3?.architecture).toBe('moe');
    expect((v3?.params ?? 0) / 1e9).toBeCloseTo(671, -1);
    expect((v3?.active_params ?? 0) / 1e9).toBeCloseTo(37, 0);
    expect(v3?.experts).toMatchObject({ routed: 256, active: 8, shared: 1 });
  });
});

describe('a card that is wrong', () => {
  const write = (name: string, text: string) => {
    const dir = mkdtempSync(join(scratch, 'cards-'));
    writeFileSync(join(dir, name), text);
    return new ModelCards(dir);
  };
  const card = (extra = '', sources = 'sources:\n  params: { url: https://example.org/a, title: a }\n  layers: { url: https://example.org/a, title: a }\n') =>
    `id: tiny\nname: Tiny\nvendor: Nobody\nreleased: 2025-01\narchitecture: dense\nparams: 1e9\nlayers: 16\nhidden_size: 2048\nattention_heads: 16\nkv_heads: 4\nhead_dim: 128\nvocab_size: 32000\ncontext_length: 8192\n${extra}${sources}`;
  const problems = (c: ModelCards, id: string) => {
    try {
      c.get(id);
    } catch (err) {
      if (err instanceof InputError) return err.message;
      throw err;
    }
    return '';
  };

  it('names every figure without a source, at its line and column', () => {
    const message = problems(write('tiny.yaml', card()), 'tiny');
    expect(message).toMatch(/tiny\.yaml:8:14: hidden_size: has no source/);
    expect(message).toMatch(/tiny\.yaml:13:17: context_length: has no source/);
    expect(message).not.toMatch(/params: has no source/);
  });

  it('refuses a moe card without its active parameters, and a dense one with experts', () => {
    expect(problems(write('tiny.yaml', card().replace('architecture: dense', 'architecture: moe')), 'tiny')).toMatch(/active_params: a moe model needs active_params/);
    expect(problems(write('tiny.yaml', card('experts: { routed: 8, active: 2, shared: 0 }\n')), 'tiny')).toMatch(/experts: only a moe model has experts/);
  });

  it('refuses an id that is not its file name', () => {
    expect(problems(write('small.yaml', card()), 'small')).toMatch(/small\.yaml:1:5: id: is 'tiny' but the file is named 'small\.yaml'/);
  });
});

describe('an inference service names a card', () => {
  const service = (model: string) => `
name: card-or-figures
seed: 7
horizon: 20 min
warmup: 2 min
replications: 1
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: chat
    kind: inference
    model: ${model}
    arrivals: { rate: 3 /s }
    tokens: { input: { kind: lognormal, mean: 800, sd: 600 }, output: { kind: lognormal, mean: 200, sd: 150 } }
    replicas: 4
    tensor_parallel: 2
`;

  it('and runs exactly as with its figures spelled out', () => {
    const byCard = parseScenario(service('{ card: llama-3.1-70b, precision: fp8, kv_cache_precision: fp8 }'));
    const l = cards.get('llama-3.1-70b')?.card;
    if (!l) throw new Error('no llama-3.1-70b card');
    const spelled = parseScenario(
      service(`{ params: ${l.params}, precision: fp8, hidden_size: ${l.hidden_size}, kv_cache: { layers: ${l.layers}, kv_heads: ${l.kv_heads}, head_dim: ${l.head_dim}, precision: fp8 } }`),
    );
    const a = simulate(byCard).replications[0]?.inference['chat'];
    const b = simulate(spelled).replications[0]?.inference['chat'];
    expect(a?.completed).toBeGreaterThan(2000);
    expect(a).toEqual(b);
  });

  it('an unknown card is a located error with the nearest name', () => {
    expect(scenarioErrorOf(service('{ card: lama-3.1-8b, precision: fp8 }'))).toMatch(
      /^case\.yaml:13:20: workloads\[0\]\.model\.card: no model card 'lama-3\.1-8b' \(hint: did you mean 'llama-3\.1-8b'\?/,
    );
  });

  it('a mixture-of-experts card serves: its active parameters compute, the experts its batch routes to are read', () => {
    const moe = service('{ card: deepseek-v3, precision: fp8, kv_cache_precision: fp8 }')
      .replace('type: dgx-h100', 'type: dgx-h200')
      .replace('replicas: 4', 'replicas: 1')
      .replace('tensor_parallel: 2', 'tensor_parallel: 8');
    const scenario = parseScenario(moe);
    const w = scenario.workloads[0];
    if (w?.kind !== 'inference') throw new Error('no service');
    // DeepSeek-V3: 37e9 of 671e9 parameters active, 8 of 256 routed experts per token (technical report)
    expect(w.model.moe).toEqual({ activeParams: 37e9, experts: { routed: 256, active: 8 } });
    const result = simulate(scenario);
    const r = result.replications[0]?.inference['chat'];
    expect(r?.completed).toBeGreaterThan(2000);
    expect(r?.tpot.p50).toBeGreaterThan(0);
    // its KV cache is given in bytes per token (latent attention), yet the card's 61 layers size the all-reduces
    const perf = result.performance['chat'] as unknown as { tensor_parallel_all_reduce: { source: string } };
    expect(perf.tensor_parallel_all_reduce.source).toMatch(/^2 × 61 ring all-reduces of tokens × hidden size 7168/);
  });

  it('weights that do not fit are reported at the card', () => {
    const big = service('{ card: llama-3.1-405b, precision: bf16 }');
    expect(scenarioErrorOf(big)).toMatch(/workloads\[0\]\.model\.card: the weights need .* per replica \(4\.\d+e\+11 parameters in bf16\)/);
  });
});

describe('a training workload names a card', () => {
  const training = (model: string) => `
name: train-by-card
seed: 3
horizon: 6 h
replications: 1
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 8 } }
workloads:
  - name: train
    kind: training
    arrivals: { rate: 2 /h }
    devices: 64
    model: ${model}
    precision: bf16
`;
  const examples = (text: string) => {
    const perf = simulate(parseScenario(text)).performance['train'] as unknown as { examples: { flops: number; communication_per_step: number }[] };
    const e = perf.examples[0];
    if (!e) throw new Error('no training example');
    return e;
  };

  it('a dense card trains as its parameter count spelled out', () => {
    const params = cards.get('llama-3.1-8b')?.card.params ?? NaN;
    const byCard = examples(training('{ card: llama-3.1-8b, tokens: 2e10 }'));
    expect(byCard).toEqual(examples(training(`{ params: ${params}, tokens: 2e10 }`)));
    expect(byCard.flops).toBeCloseTo(6 * params * 2e10, -10);
  });

  it('a mixture-of-experts card: 6 · active parameters · tokens of work, the gradients of all of them', () => {
    // DeepSeek-V3: 37e9 of 671e9 parameters active per token (its technical report)
    const moe = examples(training('{ card: deepseek-v3, tokens: 2e10 }'));
    expect(moe.flops).toBeCloseTo(6 * 37e9 * 2e10, -10);
    // a dense model of the active size moves a fraction of the gradient bytes per step
    const denseActive = examples(training('{ params: 37e9, tokens: 2e10 }'));
    expect(denseActive.flops).toBeCloseTo(moe.flops, -10);
    expect(moe.communication_per_step / denseActive.communication_per_step).toBeCloseTo(671 / 37, 1);
  });

  it('an unknown card is located at the training model', () => {
    expect(scenarioErrorOf(training('{ card: llama-9, tokens: 1e9 }'))).toMatch(/^case\.yaml:14:20: workloads\[0\]\.model\.card: no model card 'llama-9'/);
  });
});
