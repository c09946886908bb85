/**
 * Training model: unit checks of the formulas and reproduction of published training runs.
 * Every published figure below is quoted with its source; errors are (predicted − published) / published.
 */
import { describe, expect, it } from 'vitest';
import { hierarchicalAllReduce, nodeFabric, ringAllReduceTime, trainingEstimate } from '../../src/model/performance/index.js';
import { nodeProfile, relativeError, storageProfile } from './profiles.js';

const dgxH100 = nodeProfile('dgx-h100');
const dgxA100 = nodeProfile('dgx-a100-640gb');

describe('node fabric from the catalog', () => {
  it('DGX H100: NVLink 4 at 450 GB/s per GPU per direction, 8 × NDR 400 Gb/s shared by 8 GPUs = 50 GB/s each', () => {
    const f = nodeFabric(dgxH100);
    expect(f.devicesPerNode).toBe(8);
    expect(f.scaleUp).toMatchObject({ bandwidth: 450e9, from: 'scale_up' });
    expect(f.scaleOut.bandwidth).toBeCloseTo(50e9, 0);
    expect(f.scaleOut.from).toBe('compute NICs');
  });

  it('DGX A100: NVLink 3 at 300 GB/s, 8 × HDR 200 Gb/s = 25 GB/s per GPU with the 600 ns adapter latency', () => {
    const f = nodeFabric(dgxA100);
    expect(f.scaleUp.bandwidth).toBe(300e9);
    expect(f.scaleOut.bandwidth).toBeCloseTo(25e9, 0);
    expect(f.scaleOut.latency).toBeCloseTo(600e-9, 12);
  });
});

describe('training formulas', () => {
  const base = { params: 7e9, tokens: 1e12, precision: 'bf16' as const, batch: { tokens: 4 * 2 ** 20 }, node: dgxH100 };

  it('defaults to 6·N·D FLOP, ⌈D / batch⌉ steps and the GPU MFU of 0.40', () => {
    const e = trainingEstimate({ ...base, devices: 8 });
    expect(e.flops).toBe(6 * 7e9 * 1e12);
    expect(e.flopsFrom).toBe('6ND');
    expect(e.steps).toBe(Math.ceil(1e12 / (4 * 2 ** 20)));
    expect(e.perDevice).toMatchObject({ efficiency: 0.4, mfuFrom: 'default', peak: 989.5e12, usablePeak: 989.5e12 });
    expect(e.computeTime).toBeCloseTo(e.flopsPerStep / (8 * 989.5e12 * 0.4), 12);
  });

  it('takes the batch as sequences × sequence length and the FLOP count as given', () => {
    const e = trainingEstimate({ ...base, batch: { sequences: 1024, sequenceLength: 4096 }, flops: 1e23, devices: 8 });
    expect(e.tokensPerStep).toBe(1024 * 4096);
    expect(e.flops).toBe(1e23);
    expect(e.flopsFrom).toBe('input');
  });

  it('one device: no communication, step = compute, scaling efficiency 1', () => {
    const e = trainingEstimate({ ...base, devices: 1 });
    expect(e.communication.algorithm).toBe('none');
    expect(e.communication.time).toBe(0);
    expect(e.stepTime).toBe(e.computeTime);
    expect(e.scalingEfficiency).toBe(1);
    expect(e.bound).toBe('compute');
  });

  it('one node: flat ring over NVLink, 2(n−1)/n · 2 bytes × N / 450 GB/s', () => {
    const e = trainingEstimate({ ...base, devices: 8 });
    expect(e.communication.algorithm).toBe('ring');
    expect(e.communication.time).toBe(ringAllReduceTime(7e9 * 2, 8, { bandwidth: 450e9, latency: 0 }));
    expect(e.communication.time).toBeCloseTo(((2 * 7) / 8) * (14e9 / 450e9), 12);
  });

  it('several nodes: two-level ring, intra-node over NVLink then N/8 per GPU over the NICs', () => {
    const e = trainingEstimate({ ...base, devices: 32 });
    const B = 7e9 * 2;
    expect(e.communication).toMatchObject({ algorithm: 'two-level-ring', perDomain: 8, domains: 4 });
    expect(e.communication.intraDomainTime).toBeCloseTo(((2 * 7) / 8) * (B / 450e9), 12);
    expect(e.communication.interDomainTime).toBeCloseTo(((2 * 3) / 4) * (B / 8 / 50e9), 12);
    expect(e.exposedCommunication).toBeCloseTo(Math.max(0, e.communication.time - (2 / 3) * e.computeTime), 12);
  });

  it('model parallelism shards the gradient: N/mp bytes among n/mp peers, one per node when mp ≥ 8', () => {
    const e = trainingEstimate({ ...base, params: 70e9, devices: 64, modelParallel: 16 });
    expect(e.dataParallel).toBe(4);
    expect(e.communication).toMatchObject({ perDomain: 1, domains: 4, bytes: (70e9 / 16) * 2 });
    expect(e.communication.time).toBeCloseTo(hierarchicalAllReduce((70e9 / 16) * 2, 1, 4, { bandwidth: 450e9, latency: 0 }, { bandwidth: 50e9, latency: 0 }).time, 12);
  });

  it('gradient bytes default by precision (fp8 = 1) and can be overridden', () => {
    expect(trainingEstimate({ ...base, precision: 'fp8', devices: 8 }).communication.bytes).toBe(7e9);
    expect(trainingEstimate({ ...base, devices: 8, gradientBytesPerParam: 4 }).communication.bytes).toBe(28e9);
  });

  it('fp8 compute is capped at 1.35 × the bf16 peak by default (Megatron-Bridge: FP8 gives 1.2–1.5× over BF16)', () => {
    const e = trainingEstimate({ ...base, precision: 'fp8', devices: 8 });
    expect(e.perDevice.peak).toBe(1979e12);
    expect(e.perDevice.usablePeak).toBeCloseTo(1.35 * 989.5e12, 0);
  });

  it('a slow data source makes the step data-bound (8 GB of images per step over one 85 MB/s S3 connection)', () => {
    const s3 = storageProfile('s3-standard');
    const e = trainingEstimate({ ...base, devices: 8, data: { data: { samples: 2048, bytesPerSample: 4e6 }, storage: { kind: 'object-store', profile: s3, connections: 1 } } });
    expect(e.bound).toBe('data');
    expect(e.dataLoading?.loadTime).toBeCloseTo((2048 * 4e6) / 85e6, 9);
    expect(e.stepTime).toBe(e.dataLoading?.loadTime);
    expect(e.scalingEfficiency).toBeLessThan(1);
  });

  it('rejects what it cannot model, naming the value', () => {
    expect(() => trainingEstimate({ ...base, devices: 8, precision: 'fp8', node: dgxA100 })).toThrow(/a100-sxm-80gb has no fp8 peak/);
    expect(() => trainingEstimate({ ...base, devices: 12, modelParallel: 8 })).toThrow(/modelParallel/);
    expect(() => trainingEstimate({ ...base, devices: 8, mfu: 1.2 })).toThrow(/\(0, 1\]/);
    expect(() => trainingEstimate({ ...base, devices: 8, overlap: -0.1 })).toThrow(/overlap/);
    const { tokens: _t, ...noTokens } = base;
    expect(() => trainingEstimate({ ...noTokens, devices: 8 })).toThrow(/tokens or steps/);
  });

  it('strong scaling on a slow fabric rolls over: 2 nodes over 100 GbE are slower per step than 1 node', () => {
    const small = { ...base, batch: { tokens: 2 ** 16 } };
    const one = trainingEstimate({ ...small, devices: 8 });
    const two = trainingEstimate({ ...small, devices: 16, fabric: { scaleOut: { bandwidth: 100e9 / 8 / 8 } } });
    expect(two.bound).toBe('communication');
    expect(two.stepTime).toBeGreaterThan(one.stepTime);
    expect(two.scalingEfficiency).toBeLessThan(one.scalingEfficiency);
  });
});

describe('published training runs', () => {
  /**
   * Llama 2 model card, https://github.com/meta-llama/llama/blob/main/MODEL_CARD.md : 7B, 13B and 70B
   * pretrained on 2.0T tokens with a global batch of 4M tokens; "Time (GPU hours)" on A100-80GB:
   * 7B 184320, 13B 368640, 70B 1720320. The GPU count per model is not published; the Llama 2 paper
   * (arXiv:2307.09288 §2.2.1) says both clusters "interconnect 200 Gbps end-points" and that RoCE
   * scaled up to 2000 GPUs — modelled as 2048 GPUs on DGX A100 nodes (8 × HDR 200 Gb/s). GPU-hours do
   * not depend on the GPU count while the all-reduce stays hidden, which is asserted.
   * Our default GPU MFU (0.40, from Llama 3) must land each within ±25%.
   */
  it.each([
    ['Llama 2 7B', 7e9, 184320],
    ['Llama 2 13B', 13e9, 368640],
    ['Llama 2 70B', 70e9, 1720320],
  ])('%s: default MFU reproduces the published A100 GPU-hours within ±25%%', (_name, params, gpuHours) => {
    const e = trainingEstimate({ params, tokens: 2.0e12, precision: 'bf16', batch: { tokens: 4e6 }, devices: 2048, node: dgxA100 });
    expect(e.bound).toBe('compute');
    const predicted = (e.totalTime * 2048) / 3600;
    // measured: 7B +1.4%, 13B −5.8%, 70B +8.7%
    expect(Math.abs(relativeError(predicted, gpuHours))).toBeLessThan(0.25);
  });

  /**
   * Llama 3.1 model card, https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md :
   * 405B trained for 30.84M GPU hours on H100-80GB, "~15 trillion tokens" of pretraining data.
   * Llama 3 paper (arXiv:2407.21783): up to 16K H100 GPUs, 400 Gbps per GPU; the batch grows to 16M
   * tokens in the main pre-training stage. Parallel layout: TP 8 × PP 8 (model-parallel degree 64), as in NVIDIA's public recipe
   * llama31_405b_pretrain_1024gpu_h100_bf16_config "TP=8 PP=8 CP=2"
   * (https://docs.nvidia.com/nemo/megatron-bridge/nightly/apidocs/bridge/bridge.perf_recipes.llama.h100.llama31.html).
   * The card's GPU hours also cover long-context and annealing stages, so we expect to be low.
   */
  it('Llama 3.1 405B: default MFU reproduces the published 30.84M H100 GPU-hours within ±25%', () => {
    const run = (batchTokens: number) => trainingEstimate({ params: 405e9, tokens: 15e12, precision: 'bf16', batch: { tokens: batchTokens }, devices: 16384, node: dgxH100, modelParallel: 64 });
    const e = run(16e6);
    expect(e.bound).toBe('compute');
    const predicted = (e.totalTime * 16384) / 3600;
    // measured: −17.1%
    expect(Math.abs(relativeError(predicted, 30.84e6))).toBeLessThan(0.25);
    // insensitive to the batch schedule (4M → 16M tokens): communication stays hidden
    expect((run(4e6).totalTime * 16384) / 3600 / predicted).toBeCloseTo(1, 2);
  });

  /**
   * NVIDIA NeMo 24.09 performance summary,
   * https://docs.nvidia.com/nemo-framework/user-guide/24.09/performance/performance_summary.html :
   * LLAMA2-70B pre-training at FP8 on DGX-H100, 64 GPUs, GBS 128, sequence length 4096, TP 4, PP 4:
   * 1728 tokens/s/GPU, 768 model TFLOP/s/GPU, "Est. time to train in days (10T tokens, 1K GPUs)" 65.
   */
  describe('NeMo Llama 2 70B FP8 on DGX H100', () => {
    const nemo = { params: 70e9, tokens: 10e12, precision: 'fp8' as const, batch: { sequences: 128, sequenceLength: 4096 }, node: dgxH100, modelParallel: 16 };
    const publishedStep = (128 * 4096) / (1728 * 64); // s per step at 64 GPUs

    it('given the published MFU (768 of 1979 TFLOP/s), step time within ±10% and 65 days for 10T tokens on 1K GPUs within ±10%', () => {
      const given = { ...nemo, mfu: 768 / 1979, lowPrecisionSpeedup: Infinity };
      const at64 = trainingEstimate({ ...given, devices: 64 });
      expect(at64.bound).toBe('compute');
      // measured: −4.9% (the published model FLOPs include attention, 6·N·D does not)
      expect(Math.abs(relativeError(at64.stepTime, publishedStep))).toBeLessThan(0.1);
      const at1k = trainingEstimate({ ...given, devices: 1024 });
      expect(Math.abs(relativeError(at1k.totalTime / 86400, 65))).toBeLessThan(0.1);
    });

    it('with our defaults (MFU 0.40, FP8 capped at 1.35 × BF16) we are conservative: 26% fewer tokens/s than NVIDIA’s tuned benchmark', () => {
      const e = trainingEstimate({ ...nemo, devices: 64 });
      const err = relativeError((128 * 4096) / e.stepTime / 64, 1728);
      // measured: −26.4% — outside ±25%; documented, not hidden: the default under-predicts tuned FP8 runs
      expect(err).toBeLessThan(0);
      expect(err).toBeGreaterThan(-0.3);
    });
  });
});
