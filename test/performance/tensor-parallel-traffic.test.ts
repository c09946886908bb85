// The all-reduces of a tensor-parallel inference replica (src/model/performance/tensor-parallel-traffic.ts):
// 2 per layer (Megatron-LM, Shoeybi et al. 2019, §3), each a ring all-reduce of tokens × hidden × 2 bytes.
// Expected values are worked by hand from the ring formula, not taken from the code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iterationTime, nodeFabric, replicaModel, tensorParallelTraffic } from '../../src/model/performance/index.js';
import { propertyRuns } from '../support/property-runs.js';
import { deviceProfile, nodeProfile } from './profiles.js';

const llama70 = { params: 70.55e9, weightPrecision: 'fp8', kvCache: { layers: 80, kvHeads: 8, headDim: 128, precision: 'fp8' }, hiddenSize: 8192 } as const;

describe('tensor-parallel all-reduces of an inference replica', () => {
  it('Llama 70B on 8 Gaudi 3 over 525 GB/s: 160 all-reduces × 2·7/8 × 8192 × 2 B / 525 GB/s per token', () => {
    const t = tensorParallelTraffic({ tensorParallel: 8, params: 70.55e9, layers: 80, hiddenSize: 8192, link: { bandwidth: 525e9, latency: 0 } });
    // 160 × 1.75 × 16,384 B = 4,587,520 B per token through each device's link; / 525e9 = 8.738 µs
    expect(t.perToken).toBeCloseTo(4_587_520 / 525e9, 15);
    expect(t.fixed).toBe(0);
    expect(t.source).toMatch(/2 × 80 ring all-reduces .*hidden size 8192 .*tensor_parallel 8.*no published latency/);
  });

  it('a published link latency is charged per hop: 2·layers × 2(tp−1) × α', () => {
    const t = tensorParallelTraffic({ tensorParallel: 4, params: 70e9, layers: 80, hiddenSize: 8192, link: { bandwidth: 300e9, latency: 2e-6 } });
    expect(t.fixed).toBeCloseTo(160 * 6 * 2e-6, 15); // 1.92 ms per iteration
    expect(t.source).toContain('2.00 µs per hop');
  });

  it('without a hidden size it is estimated from N ≈ 12·layers·d², and the source says so', () => {
    const t = tensorParallelTraffic({ tensorParallel: 2, params: 68.98e9, layers: 80, link: { bandwidth: 450e9, latency: 0 } });
    const d = Math.sqrt(68.98e9 / 960); // 8,477 for Llama 2 70B, whose true width is 8,192
    expect(t.perToken).toBeCloseTo((160 * 1 * d * 2) / 450e9, 15);
    expect(t.source).toContain('hidden size 8477 ESTIMATED');
  });

  it('nothing is charged for one device, and what is not charged says why', () => {
    expect(tensorParallelTraffic({ tensorParallel: 1, params: 7e9, layers: 32, link: { bandwidth: 450e9, latency: 0 } })).toMatchObject({ fixed: 0, perToken: 0 });
    expect(tensorParallelTraffic({ tensorParallel: 2, params: 7e9, link: { bandwidth: 450e9, latency: 0 } }).source).toMatch(/^NOT CHARGED: .*layer count/);
    expect(tensorParallelTraffic({ tensorParallel: 2, params: 7e9, layers: 32 }).source).toMatch(/^NOT CHARGED: .*no scale-up link/);
    expect(tensorParallelTraffic({ tensorParallel: 2, params: 7e9, layers: 32, link: { bandwidth: 0, latency: 0 } }).source).toMatch(/^NOT CHARGED/);
  });

  it('an iteration waits on the all-reduces: duration grows by exactly fixed + perToken × tokens', () => {
    const fabric = nodeFabric(nodeProfile('gaudi3-8x-xe9680'));
    const device = deviceProfile('gaudi3-hl325l');
    const withLink = replicaModel({ model: llama70, device, tensorParallel: 8, scaleUp: fabric.scaleUp });
    const without = replicaModel({ model: llama70, device, tensorParallel: 8 });
    const batch = { decodeSequences: 600, decodeContextTokens: 600 * 1000, prefillTokens: 128 };
    const a = iterationTime(withLink, batch);
    const b = iterationTime(without, batch);
    expect(fabric.scaleUp.bandwidth).toBe(525e9); // gaudi3-roce-scale-up: 21 × 200 GbE each way
    expect(a.communicationTime).toBeCloseTo(728 * (4_587_520 / 525e9), 12);
    expect(a.duration - b.duration).toBeCloseTo(a.communicationTime, 12);
    expect(b.communicationTime).toBe(0);
  });

  it('property: never negative, zero for one device, and more devices never move fewer bytes per device', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 160 }),
        fc.double({ min: 1e8, max: 1e13, noNaN: true }),
        fc.double({ min: 1e9, max: 2e12, noNaN: true }),
        fc.double({ min: 0, max: 1e-4, noNaN: true }),
        (tp, layers, params, bandwidth, latency) => {
          const t = (n: number) => tensorParallelTraffic({ tensorParallel: n, params, layers, link: { bandwidth, latency } });
          const here = t(tp);
          expect(here.fixed).toBeGreaterThanOrEqual(0);
          expect(here.perToken).toBeGreaterThanOrEqual(0);
          if (tp === 1) expect(here.perToken + here.fixed).toBe(0);
          const next = t(tp + 1);
          expect(next.perToken).toBeGreaterThanOrEqual(here.perToken);
          expect(next.fixed).toBeGreaterThanOrEqual(here.fixed);
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
