/**
 * What makes accelerators differ in the inference model (issue 14): per-device fitted efficiencies with
 * their source, the KV-attention time that follows the matrix work, and the usable fp4/fp6 peak.
 */
import { describe, expect, it } from 'vitest';
import { computeRate, defaultComputeEfficiency, defaultMemoryEfficiency, iterationTime, replicaModel } from '../../src/model/performance/index.js';
import type { ComputeDeviceProfile } from '../../src/model/types.js';
import { deviceProfile } from './profiles.js';

const llama70 = { params: 70e9, weightPrecision: 'fp8' as const, kvCache: { bytesPerToken: 163_840 } };

describe('device efficiency: fitted in the profile, else the kind default', () => {
  it('a profile without fitted factors uses the defaults of its kind, with their source', () => {
    const a100 = deviceProfile('a100-sxm-80gb');
    expect(a100.efficiency).toBeUndefined();
    const m = replicaModel({ model: { ...llama70, weightPrecision: 'bf16' }, device: a100 });
    expect(m.compute.efficiency).toBe(defaultComputeEfficiency.gpu.value);
    expect(m.compute.efficiencySource).toBe(defaultComputeEfficiency.gpu.source);
    expect(m.memoryEfficiency).toBe(defaultMemoryEfficiency.gpu.value);
  });

  it('a fitted profile factor is used and its source names the published result; an explicit input still wins', () => {
    const h200 = deviceProfile('h200-sxm-141gb');
    const fitted = h200.efficiency?.inferenceCompute;
    expect(fitted).toBeGreaterThan(0);
    const m = replicaModel({ model: llama70, device: h200 });
    expect(m.compute.efficiency).toBe(fitted);
    expect(m.compute.efficiencySource).toMatch(/^fitted in profile h200-sxm-141gb on MLPerf Inference v4\.1/);
    // no memory factor was fitted: the kind default stays
    expect(m.memoryEfficiencySource).toBe(defaultMemoryEfficiency.gpu.source);
    const given = replicaModel({ model: llama70, device: h200, computeEfficiency: 0.5 });
    expect(given.compute.efficiency).toBe(0.5);
    expect(given.compute.efficiencySource).toBe('input');
  });

  it('the defaults say ASSUMPTION where they stand in for a fit (no published per-chip inference efficiency)', () => {
    expect(defaultComputeEfficiency.gpu.source).toMatch(/ASSUMPTION for a GPU whose profile has no fitted efficiency/);
    expect(defaultComputeEfficiency.asic.source).toMatch(/ASSUMPTION/);
    expect(defaultComputeEfficiency.tpu.source).toMatch(/ASSUMPTION/);
  });
});

describe('usable low-precision peak', () => {
  const b200 = deviceProfile('b200-sxm-180gb');
  it('fp8 is capped at 1.35 × the 16-bit peak; fp4 keeps its datasheet factor over that (2 × on Blackwell)', () => {
    expect(computeRate(b200, 'fp8', 1).usablePeak).toBeCloseTo(1.35 * 2250e12, -6);
    expect(computeRate(b200, 'fp4', 1).usablePeak).toBeCloseTo(1.35 * 2250e12 * (9000 / 4500), -6);
    // B200 fp6 runs at the fp8 rate: no gain
    expect(computeRate(b200, 'fp6', 1).usablePeak).toBeCloseTo(1.35 * 2250e12, -6);
    // the raw datasheet peak when the cap is lifted
    expect(computeRate(b200, 'fp4', 1, Infinity).usablePeak).toBe(9000e12);
    // training keeps fp4 under the 8-bit cap (no FP4 training result validated yet)
    expect(computeRate(b200, 'fp4', 1, undefined, 'capped-like-8-bit').usablePeak).toBeCloseTo(1.35 * 2250e12, -6);
  });

  it('the published DGX B200 FP4 result needs more than an 8-bit-based cap allows', () => {
    // MLPerf Inference v5.1, DGX B200, Llama 2 70B Offline FP4: 101,527 tokens/s on 8 GPUs (result 5.1-0069),
    // 290 output and 300 prompt tokens per sample → 2 × 68.98e9 FLOP × (590 / 290) per output token.
    const achievedPerGpu = (101_527 / 8) * 2 * 68.98e9 * (590 / 290);
    expect(achievedPerGpu).toBeGreaterThan(1.35 * 2250e12);
    expect(achievedPerGpu).toBeLessThan(computeRate(b200, 'fp4', 1).usablePeak);
  });

  it('a device without an 8-bit peak keeps the 16-bit-based cap for 4-bit', () => {
    const no8: ComputeDeviceProfile = { ...b200, id: 'no-fp8', peak: { bf16: 1000e12, fp4: 4000e12 } };
    expect(computeRate(no8, 'fp4', 1).usablePeak).toBeCloseTo(1350e12, -6);
  });
});

describe('roofline per operator: KV attention after the matrix work', () => {
  const h100 = deviceProfile('h100-sxm-80gb');
  const h200 = deviceProfile('h200-sxm-141gb');
  const same = { computeEfficiency: 0.7, memoryEfficiency: 0.7 };

  it('duration = max(matrix FLOPs, one weight read) + KV bytes / bandwidth + overhead', () => {
    const m = replicaModel({ model: llama70, device: h100, ...same, iterationOverhead: 1e-3 });
    const t = iterationTime(m, { decodeSequences: 512, decodeContextTokens: 512 * 1000 });
    const bw = 3.35e12 * 0.7;
    const kv = ((512 * 1000 + 512) * 163_840) / bw;
    expect(t.attentionTime).toBeCloseTo(kv, 12);
    expect(t.memoryTime).toBeCloseTo(70e9 / bw + kv, 12);
    expect(t.duration).toBeCloseTo(Math.max(t.computeTime, 70e9 / bw) + kv + 1e-3, 12);
    expect(t.bound).toBe('compute');
  });

  it('at equal compute, the device with more bandwidth decodes a large batch faster (H200 vs H100, same GH100 compute peak)', () => {
    const batch = { decodeSequences: 512, decodeContextTokens: 512 * 1000 };
    const on100 = iterationTime(replicaModel({ model: llama70, device: h100, ...same }), batch);
    const on200 = iterationTime(replicaModel({ model: llama70, device: h200, ...same }), batch);
    expect(on200.computeTime).toBeCloseTo(on100.computeTime, 12);
    expect(on200.duration).toBeLessThan(on100.duration);
    // the whole difference is the KV read: 3.35 vs 4.8 TB/s
    expect(on100.duration - on200.duration).toBeCloseTo(on100.attentionTime - on200.attentionTime, 12);
  });
});
