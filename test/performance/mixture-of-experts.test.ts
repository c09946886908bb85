// A mixture-of-experts replica (src/model/performance/mixture-of-experts.ts): 2 · active parameters of FLOPs per
// token, every expert in memory, and per iteration the weights its tokens route to. Expected values are worked
// from DeepSeek-V3's published figures (arXiv:2412.19437: 671e9 parameters, 37e9 active, 8 of 256 routed experts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iterationTime, replicaModel, routedExperts, weightReadBytes } from '../../src/model/performance/index.js';
import { defaultMoeInferenceEfficiency } from '../../src/model/performance/defaults.js';
import { propertyRuns } from '../support/property-runs.js';
import { deviceProfile } from './profiles.js';

const deepseek = { params: 671e9, weightPrecision: 'fp8', kvCache: { bytesPerToken: 70272 / 2 }, moe: { activeParams: 37e9, experts: { routed: 256, active: 8 } } } as const;

describe('a mixture-of-experts replica', () => {
  const r = replicaModel({ model: deepseek, device: deviceProfile('h200-sxm-141gb'), tensorParallel: 8 });

  it('holds every expert, computes with the active parameters', () => {
    expect(r.weightBytes).toBe(671e9);
    expect(r.flopsPerToken).toBe(2 * 37e9);
    // routed experts: (671 − 37) / (1 − 8/256) billion parameters, one byte each in FP8
    expect(r.routedExpertBytes).toBeCloseTo((634e9 / (1 - 1 / 32)) * 1, -3);
  });

  it('one token reads the active parameters; a large batch reads them all', () => {
    expect(weightReadBytes(r, 1)).toBeCloseTo(37e9, -3);
    expect(weightReadBytes(r, 10_000)).toBeCloseTo(671e9, -3);
    // 32 tokens: each expert is picked by some token with probability 1 − (31/32)^32 ≈ 0.638
    expect(weightReadBytes(r, 32)).toBeCloseTo(671e9 - (634e9 / (31 / 32)) * (31 / 32) ** 32, -3);
  });

  it('a small decode batch is memory-bound on the experts it reads, not on all 671 GB', () => {
    // the same efficiencies given to both, so the MoE factor (moe_inference) does not enter: reads alone differ
    const same = { computeEfficiency: 0.7, memoryEfficiency: 0.7 };
    const one = iterationTime(replicaModel({ model: deepseek, device: deviceProfile('h200-sxm-141gb'), tensorParallel: 8, ...same }), { decodeSequences: 1, decodeContextTokens: 1000 });
    const dense = iterationTime(
      replicaModel({ model: { params: deepseek.params, weightPrecision: deepseek.weightPrecision, kvCache: deepseek.kvCache }, device: deviceProfile('h200-sxm-141gb'), tensorParallel: 8, ...same }),
      {
        decodeSequences: 1,
        decodeContextTokens: 1000,
      },
    );
    expect(one.duration / dense.duration).toBeLessThan(0.1);
  });

  it("runs at the device's moe_inference of the dense efficiencies, unless the caller gives its own", () => {
    // the H200 profile has no MoE point: it takes the kind default, the H100's factor fitted on SGLang's EP72 decode
    const h100 = deviceProfile('h100-sxm-80gb');
    expect(h100.efficiency?.moeInference).toBe(defaultMoeInferenceEfficiency.gpu.value);
    const h200 = deviceProfile('h200-sxm-141gb');
    const dense = replicaModel({ model: { params: deepseek.params, weightPrecision: deepseek.weightPrecision, kvCache: deepseek.kvCache }, device: h200, tensorParallel: 8 });
    expect(r.compute.efficiency).toBeCloseTo(dense.compute.efficiency * 0.415, 12);
    expect(r.memoryEfficiency).toBeCloseTo(dense.memoryEfficiency * 0.415, 12);
    expect(r.compute.efficiencySource).toMatch(/× 0\.415 for a mixture of experts \(ASSUMPTION: the H100's factor/);
    // a device with its own fit names it
    const b200 = replicaModel({ model: deepseek, device: deviceProfile('b200-sxm-180gb'), tensorParallel: 8 });
    expect(b200.memoryEfficiencySource).toMatch(/× 0\.252 for a mixture of experts \(fitted in profile b200-sxm-180gb/);
    // given efficiencies are the achieved ones for this model: not scaled again
    const given = replicaModel({ model: deepseek, device: h200, tensorParallel: 8, computeEfficiency: 0.6, memoryEfficiency: 0.5 });
    expect([given.compute.efficiency, given.memoryEfficiency]).toEqual([0.6, 0.5]);
  });

  it('refuses active parameters above the total or more active experts than routed', () => {
    expect(() => routedExperts({ activeParams: 2e9, experts: { routed: 8, active: 2 } }, 1e9, 1)).toThrow(/active parameters/);
    expect(() => routedExperts({ activeParams: 1e8, experts: { routed: 8, active: 9 } }, 1e9, 1)).toThrow(/active experts/);
  });

  it('property: reads grow with the batch, between the active parameters and all of them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(weightReadBytes(r, lo)).toBeLessThanOrEqual(weightReadBytes(r, hi) + 1e-3);
        expect(weightReadBytes(r, lo)).toBeGreaterThanOrEqual(37e9 * (1 - 1e-9));
        expect(weightReadBytes(r, hi)).toBeLessThanOrEqual(671e9);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
