/**
 * Speculative decoding (src/model/performance/speculative-decoding.ts): tokens per step in closed form
 * (Leviathan et al. 2023, eq. 1), a step's time worked by hand, what speculation does to a running service, what
 * the draft takes from the KV cache, and one published speed-up (DeepSeek-V3's MTP) predicted within ±15 %.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams, Simulation } from '../../src/engine/index.js';
import { InferenceService, type ServiceSpec } from '../../src/model/inference-service.js';
import {
  decodeSteps,
  draftFit,
  drawDecodeSteps,
  expectedTokensPerStep,
  iterationDuration,
  nodeFabric,
  replicaModel,
  speculativeIterationDuration,
  speculativeKvTokens,
  speculativeStep,
  type ReplicaModel,
} from '../../src/model/performance/index.js';
import { propertyRuns } from '../support/property-runs.js';
import { deviceProfile, nodeProfile, relativeError } from './profiles.js';

const h100 = deviceProfile('h100-sxm-80gb');
const h100Draft = replicaModel({ model: { params: 1e9, weightPrecision: 'bf16', kvCache: { bytesPerToken: 32768 } }, device: h100 });

describe('tokens per step: E = (1 − α^(k+1)) / (1 − α)', () => {
  it('α = 0 gives one token (the target’s own), α = 1 gives k + 1, and a value by hand', () => {
    for (const k of [1, 4, 10]) {
      expect(expectedTokensPerStep(0, k)).toBe(1);
      expect(expectedTokensPerStep(1, k)).toBe(k + 1);
    }
    // α = 0.8, k = 4: (1 − 0.8⁵) / 0.2 = (1 − 0.32768) / 0.2 = 3.3616
    expect(expectedTokensPerStep(0.8, 4)).toBeCloseTo(3.3616, 12);
    // k = 1 (one MTP module): 1 + α
    expect(expectedTokensPerStep(0.85, 1)).toBeCloseTo(1.85, 12);
  });

  it('a request of n tokens needs ⌈(n − 1) / E⌉ steps after its first token', () => {
    expect(decodeSteps(1, 3.3616)).toBe(0);
    expect(decodeSteps(101, 1)).toBe(100);
    // 100 / 3.3616 = 29.75 → 30 steps
    expect(decodeSteps(101, 3.3616)).toBe(30);
    expect(decodeSteps(101, 5)).toBe(20);
  });

  it('drawn per request: α = 0 takes n − 1 steps, α = 1 takes ⌈(n − 1)/(k + 1)⌉, and in between about (n − 1)/E on average', () => {
    const stream = new RandomStreams(7).stream('acceptance');
    const uniform = () => stream.uniformOpen();
    expect(drawDecodeSteps(301, speculativeStep(h100Draft, 4, 0), uniform)).toBe(300);
    expect(drawDecodeSteps(301, speculativeStep(h100Draft, 4, 1), uniform)).toBe(60);
    expect(drawDecodeSteps(1, speculativeStep(h100Draft, 4, 0.5), uniform)).toBe(0);
    // α = 0.5, k = 2: a step yields 1, 2 or 3 tokens with probabilities 1/2, 1/4, 1/4: E = 1.75 (= (1 − 0.125) / 0.5)
    const step = speculativeStep(h100Draft, 2, 0.5);
    expect(step.tokensPerStep).toBe(1.75);
    let steps = 0;
    const requests = 4000;
    for (let i = 0; i < requests; i++) steps += drawDecodeSteps(1001, step, uniform);
    // 1,000 tokens at 1.75 a step: 571.4 steps, plus under one step of overshoot at the end (a renewal process)
    expect(steps / requests).toBeGreaterThan(571.4);
    expect(steps / requests).toBeLessThan(572.6);
  });

  it('refuses an acceptance outside [0, 1] and a draft length below 1', () => {
    expect(() => expectedTokensPerStep(1.1, 4)).toThrow(/acceptance/);
    expect(() => expectedTokensPerStep(0.5, 0)).toThrow(/draft tokens/);
  });

  it('property: 1 ≤ E ≤ k + 1, growing with α and with k; E equals the sum Σ α^i for i ≤ k', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 16 }), (a, b, k) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const e = expectedTokensPerStep(lo, k);
        expect(e).toBeGreaterThanOrEqual(1 - 1e-12);
        expect(e).toBeLessThanOrEqual(k + 1 + 1e-12);
        expect(e).toBeLessThanOrEqual(expectedTokensPerStep(hi, k) + 1e-9);
        expect(e).toBeLessThanOrEqual(expectedTokensPerStep(lo, k + 1) + 1e-12);
        let sum = 0;
        for (let i = 0; i <= k; i++) sum += lo ** i;
        expect(e).toBeCloseTo(sum, 9);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe('a speculative step, by hand', () => {
  // an 8e9-parameter bf16 target and a 1e9-parameter bf16 draft on one H100, efficiencies given, no overhead
  const on = { device: h100, tensorParallel: 1, computeEfficiency: 0.5, memoryEfficiency: 0.8 } as const;
  const target = replicaModel({ model: { params: 8e9, weightPrecision: 'bf16', kvCache: { bytesPerToken: 131072 } }, ...on });
  const draft = replicaModel({ model: { params: 1e9, weightPrecision: 'bf16', kvCache: { bytesPerToken: 32768 } }, ...on });

  it('the target verifies k + 1 tokens per sequence against one weight read; the draft reads its weights k times', () => {
    const bw = (h100.memory?.bandwidth ?? NaN) * 0.8;
    const rate = target.computeRate;
    const [S, C, k] = [4, 4000, 3];
    // target: 16 tokens of 2·8e9 FLOP against 16e9 bytes of weights (memory-bound), then the KV of 4,000 context + 16 new tokens
    const targetTime = Math.max((2 * 8e9 * 16) / rate, 16e9 / bw) + ((4000 + 16) * 131072) / bw;
    // draft pass j reads 2e9 bytes of weights and the KV of 4,000 + 4j context and its 4 new tokens
    let draftTime = 0;
    for (let j = 0; j < k; j++) draftTime += Math.max((2 * 1e9 * 4) / rate, 2e9 / bw) + ((4000 + 4 * j + 4) * 32768) / bw;
    const step = speculativeStep(draft, k, 0.6);
    expect(speculativeIterationDuration(target, step, S, C, 0)).toBeCloseTo(targetTime + draftTime, 12);
    // in this memory-bound regime the step costs about (16 + 3 × 2) / 16 of a plain decode iteration
    const plain = iterationDuration(target, S, C, 0);
    expect(speculativeIterationDuration(target, step, S, C, 0) / plain).toBeGreaterThan(1.3);
    expect(speculativeIterationDuration(target, step, S, C, 0) / plain).toBeLessThan(1.45);
  });

  it('the draft’s weights and KV come out of the KV cache: fewer tokens fit, and a draft too large does not fit', () => {
    const plainTokens = Math.floor(target.kvCapacityBytes / target.kvBytesPerToken);
    const free = target.kvCapacityBytes - draft.weightBytes;
    // one device: (free memory − draft weights) / (target + draft KV per token)
    expect(speculativeKvTokens(target, draft)).toBe(Math.floor(free / (131072 + 32768)));
    expect(speculativeKvTokens(target, draft)).toBeLessThan(plainTokens);
    expect(draftFit(target, draft).fits).toBe(true);
    const huge = replicaModel({ model: { params: 60e9, weightPrecision: 'bf16', kvCache: { bytesPerToken: 32768 } }, ...on, device: h100 });
    expect(draftFit(target, huge)).toMatchObject({ fits: false, neededBytes: 16e9 + 120e9 });
    expect(speculativeKvTokens(target, huge)).toBe(0);
  });

  it('property: a step costs at least a plain iteration, and its speed-up in tokens is at most E', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 512 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 0, max: 4096 }),
        (alpha, k, S, context, prefill) => {
          const step = speculativeStep(draft, k, alpha);
          const plain = iterationDuration(target, S, S * context, prefill);
          const spec = speculativeIterationDuration(target, step, S, S * context, prefill);
          expect(spec).toBeGreaterThan(plain);
          expect((step.tokensPerStep * plain) / spec).toBeLessThanOrEqual(step.tokensPerStep);
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe('a service that speculates', () => {
  const on = { device: h100, tensorParallel: 2, scaleUp: nodeFabric(nodeProfile('dgx-h100')).scaleUp };
  const llama70 = replicaModel({ model: { params: 70.6e9, weightPrecision: 'fp8', kvCache: { layers: 80, kvHeads: 8, headDim: 128, precision: 'fp8' }, hiddenSize: 8192 }, ...on });
  const draft1b = replicaModel({ model: { params: 1.24e9, weightPrecision: 'fp8', kvCache: { layers: 16, kvHeads: 8, headDim: 64, precision: 'fp8' }, hiddenSize: 2048 }, ...on });

  /** 40 requests of 500 + 300 tokens, one every 2 s (a light load: the batch stays small) */
  function tpot(model: ReplicaModel, speculative?: ServiceSpec['speculative'], drawDecodeSteps?: ServiceSpec['drawDecodeSteps']) {
    const sim = new Simulation();
    const service = new InferenceService(sim, model, { replicas: 1, maxBatch: 64, slo: {}, warmup: 0, ...(speculative && { speculative }), ...(drawDecodeSteps && { drawDecodeSteps }) }, 0);
    service.replicaReady(0);
    for (let i = 0; i < 40; i++) sim.scheduleAt(2 * i, () => service.submit(500, 300), undefined, 1);
    sim.run(600);
    return service.result(600);
  }

  it('with α = 0 every guess is wasted: slower than no speculation (pure overhead), and the same tokens', () => {
    const none = tpot(llama70);
    const wasted = tpot(llama70, speculativeStep(draft1b, 4, 0));
    expect(wasted.completed).toBe(40);
    expect(wasted.speculative?.tokens_per_step).toBe(1);
    expect(wasted.tpot.mean).toBeGreaterThan(none.tpot.mean * 1.05);
    expect(wasted.tokens_per_second).toBeCloseTo(none.tokens_per_second, 9);
  });

  it('drawn per request, the same requests see different times per output token (bursts), around the expected one', () => {
    const step = speculativeStep(draft1b, 4, 0.8);
    const expected = tpot(llama70, step);
    const stream = new RandomStreams(3).stream('acceptance');
    const drawn = tpot(llama70, step, (n) => drawDecodeSteps(n, step, () => stream.uniformOpen()));
    expect(drawn.completed).toBe(40);
    // identical requests at a light load: one time per output token when every request takes the expected steps
    expect(expected.tpot.max / expected.tpot.p50).toBeLessThan(1.01);
    expect(drawn.tpot.max / drawn.tpot.p50).toBeGreaterThan(1.05);
    expect(drawn.tpot.mean / expected.tpot.mean).toBeCloseTo(1, 1);
    // 40 requests of 299 tokens after the first: the draws give about E tokens a step
    expect(Math.abs((drawn.speculative?.measured_tokens_per_step ?? NaN) / step.tokensPerStep - 1)).toBeLessThan(0.05);
  });

  it('with α = 0.8 and k = 4 (E = 3.36) the time per output token falls by about E × plain / step', () => {
    const none = tpot(llama70);
    const step = speculativeStep(draft1b, 4, 0.8);
    const fast = tpot(llama70, step);
    expect(fast.completed).toBe(40);
    // every request takes the expected ⌈299 / 3.3616⌉ = 89 steps: 299 / 89 tokens a step
    expect(fast.speculative).toEqual({ tokens_per_step: step.tokensPerStep, draft_tokens: 4, acceptance: 0.8, measured_tokens_per_step: 299 / 89 });
    // at batch 1 and about 650 tokens of context: the ratio of one step to one plain iteration, over E, and the
    // rounding of 299 tokens into ⌈299 / E⌉ = 89 steps
    const ratio = speculativeIterationDuration(llama70, step, 1, 650, 0) / iterationDuration(llama70, 1, 650, 0);
    const expected = (ratio * decodeSteps(300, step.tokensPerStep)) / 299;
    expect(fast.tpot.mean / none.tpot.mean).toBeCloseTo(expected, 2);
    expect(fast.tpot.mean).toBeLessThan(none.tpot.mean / 2.5);
  });
});

describe('validation: DeepSeek-V3 with its multi-token-prediction module', () => {
  /**
   * DeepSeek-V3 Technical Report (arXiv:2412.19437, §5.4.3 "Multi-Token Prediction Evaluation"): "the acceptance
   * rate of the second token prediction ranges between 85% and 90% across various generation topics … enables
   * DeepSeek-V3 to achieve a significantly improved decoding speed, delivering 1.8 times TPS (Tokens Per Second)."
   * One MTP module (k = 1). Its size: README_WEIGHTS.md of deepseek-ai/DeepSeek-V3 — 11.5B unique parameters
   * (embedding and output head shared with the main model), 2.4B activated; one more transformer layer of the
   * main model's shape (MoE, 8 of 256 routed experts; one MLA latent of 576 elements per token). Not fitted on.
   *
   * The report does not give the batch. DeepSeek decodes with large expert-parallel batches (§3.4.2: 320 GPUs
   * for decoding, up to about 256 tokens per expert), so every expert is read at every step whether or not the
   * step verifies a second token. The model is asked at decode batches of 128 and 256 on one DGX H200, where it
   * too reads (nearly) every expert per step. At small batches it predicts far less (about 1.05–1.2 ×): there the
   * second token of each sequence routes to experts the first did not read — a prediction, not validated here.
   */
  const on = { device: deviceProfile('h200-sxm-141gb'), tensorParallel: 8, scaleUp: nodeFabric(nodeProfile('dgx-h200')).scaleUp };
  const experts = { routed: 256, active: 8 };
  const v3 = replicaModel({ model: { params: 671e9, weightPrecision: 'fp8', kvCache: { bytesPerToken: 70272 / 2 }, layers: 61, hiddenSize: 7168, moe: { activeParams: 37e9, experts } }, ...on });
  const mtp = replicaModel({ model: { params: 11.5e9, weightPrecision: 'fp8', kvCache: { bytesPerToken: 576 }, layers: 1, hiddenSize: 7168, moe: { activeParams: 2.4e9, experts } }, ...on });
  const published = 1.8;

  it('predicts the 1.8 × tokens per second within ±15 % at acceptance 85 % and 90 %', () => {
    for (const batch of [128, 256]) {
      for (const alpha of [0.85, 0.9]) {
        const step = speculativeStep(mtp, 1, alpha);
        const context = batch * 2000;
        const speedUp = (step.tokensPerStep * iterationDuration(v3, batch, context, 0)) / speculativeIterationDuration(v3, step, batch, context, 0);
        expect(Math.abs(relativeError(speedUp, published)), `batch ${batch}, α ${alpha}: ${speedUp.toFixed(3)}×`).toBeLessThanOrEqual(0.15);
      }
    }
  });
});
