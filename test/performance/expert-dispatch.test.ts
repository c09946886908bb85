// Two published mechanisms of wide expert parallelism, checked against hand-worked cases and invariants:
// - per-domain dispatch (DeepEP's normal kernels; DeepSeek-V3 Technical Report, arXiv:2412.19437, §3.2.2): a token
//   crosses the NICs once per remote scale-up domain its experts fall in, then the scale-up link (`expertAllToAll`
//   with dispatch 'per-domain', `expectedRemoteDomains`);
// - two-batch overlap (SGLang --enable-two-batch-overlap; DeepSeek's dual micro-batch overlap): two half batches,
//   one computing while the other's all-to-all is on the wire (`twoBatchOverlapTime`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedRemoteDomains, expertAllToAll, iterationTime, replicaModel, twoBatchOverlapTime, type AllToAllInputs } from '../../src/model/performance/index.js';
import { propertyRuns } from '../support/property-runs.js';
import { deviceProfile } from './profiles.js';

describe('expected remote domains of one token (k experts of E drawn without replacement, N domains)', () => {
  it('one domain: nothing is remote', () => {
    expect(expectedRemoteDomains(1, 256, 8)).toBe(0);
  });

  it('one expert: it is remote with chance (N − 1)/N', () => {
    expect(expectedRemoteDomains(4, 256, 1)).toBeCloseTo(3 / 4, 12);
  });

  it('4 experts in 2 domains of 2, 2 picked: a domain is missed with chance C(2,2)/C(4,2) = 1/6', () => {
    // reached 2 · 5/6 = 5/3 domains, of which half are remote: 5/6
    expect(expectedRemoteDomains(2, 4, 2)).toBeCloseTo(5 / 6, 12);
    // the router's limit of 1 domain caps the mean reached at 1: half of it remote
    expect(expectedRemoteDomains(2, 4, 2, 1)).toBeCloseTo(1 / 2, 12);
  });

  it('DeepSeek-V3 on 4 nodes (EP32): 3 · (1 − Π_{i<8} (192 − i)/(256 − i)) remote nodes, about 2.71', () => {
    let missed = 1;
    for (let i = 0; i < 8; i++) missed *= (192 - i) / (256 - i);
    expect(expectedRemoteDomains(4, 256, 8)).toBeCloseTo(3 * (1 - missed), 12);
    expect(expectedRemoteDomains(4, 256, 8)).toBeCloseTo(2.71, 2);
    // node-limited routing (M = 4) does not bind on 4 nodes; on 9 it does: at most 4 · 8/9 remote
    expect(expectedRemoteDomains(4, 256, 8, 4)).toBe(expectedRemoteDomains(4, 256, 8));
    expect(expectedRemoteDomains(9, 288, 8, 4)).toBeCloseTo((4 * 8) / 9, 12);
  });

  it('never more than the remote domains or the k experts, and never fewer with more experts per token', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 15 }), (domains, perDomain, k) => {
        const routed = domains * perDomain;
        const active = Math.min(k, routed - 1);
        const r = expectedRemoteDomains(domains, routed, active);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(Math.min(domains - 1, active) + 1e-12);
        expect(expectedRemoteDomains(domains, routed, active + 1)).toBeGreaterThanOrEqual(r - 1e-12);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});

/** DeepSeek-V3's shape on DGX H100 links: 8 GPUs a node, NVLink 4 at 450 GB/s a direction, one 50 GB/s NIC a GPU */
const wide = (devices: number, dispatch?: 'per-expert' | 'per-domain'): AllToAllInputs => ({
  devices,
  devicesPerDomain: 8,
  moeLayers: 58,
  hiddenSize: 7168,
  activeExperts: 8,
  computePrecision: 'fp8',
  scaleUp: { bandwidth: 450e9, latency: 0 },
  scaleOut: { bandwidth: 50e9, latency: 0 },
  ...(dispatch && { dispatch, routedExperts: 256 }),
});

describe('per-domain dispatch (DeepEP normal kernels)', () => {
  it('EP32 on 4 nodes: each GPU sends 2.71 copies of its tokens over its NIC instead of 8 · 24/32 = 6', () => {
    const remote = expectedRemoteDomains(4, 256, 8);
    // per token of the replica: 1/32 of a token per GPU × remote copies × 7168 × (1 + 2) bytes / 50 GB/s, 58 layers;
    // the NVLink side (8 · 7/8 copies at 450 GB/s) is faster and hidden behind it
    const nic = (remote * 7168 * 3 * 58) / 32 / 50e9;
    const nvlink = ((8 * 7) / 8 / 32) * ((7168 * 3 * 58) / 450e9);
    expect(nvlink).toBeLessThan(nic);
    expect(expertAllToAll(wide(32, 'per-domain')).perToken).toBeCloseTo(nic, 18);
    const perExpert = expertAllToAll(wide(32)).perToken;
    expect(perExpert).toBeCloseTo((8 * 24 * 7168 * 3 * 58) / 32 / 32 / 50e9, 18);
    expect(expertAllToAll(wide(32, 'per-domain')).perToken / perExpert).toBeCloseTo(remote / 6, 12);
  });

  it('inside one domain it is the per-expert all-to-all (every copy over the scale-up link once)', () => {
    const one = expertAllToAll(wide(8, 'per-domain'));
    const two = expertAllToAll(wide(8));
    expect(one.perToken).toBeCloseTo(two.perToken, 18);
  });

  it('never costs more than per-expert sends across domains, at any width', () => {
    for (const nodes of [2, 3, 4, 8, 16, 32]) {
      expect(expertAllToAll(wide(8 * nodes, 'per-domain')).perToken).toBeLessThanOrEqual(expertAllToAll(wide(8 * nodes)).perToken * (1 + 1e-12));
    }
  });

  it('refuses per-domain dispatch without the routed experts it needs', () => {
    const { routedExperts: _none, ...noRouted } = wide(32, 'per-domain');
    expect(() => expertAllToAll(noRouted)).toThrow(/routed experts/);
  });
});

describe('two-batch overlap (closed form)', () => {
  const h100 = deviceProfile('h100-sxm-80gb');
  const model = { params: 671e9, weightPrecision: 'fp8', kvCache: { bytesPerToken: 70272 }, hiddenSize: 7168, layers: 61, moe: { activeParams: 37e9, experts: { routed: 256, active: 8 } } } as const;
  const replica = (size: number) =>
    replicaModel({
      model,
      device: h100,
      scaleUp: { bandwidth: 450e9, latency: 0 },
      expertParallel: { size, redundantExperts: size === 72 ? 32 : 0, moeLayers: 58, devicesPerDomain: 8, scaleOut: { bandwidth: 50e9, latency: 0 } },
    });

  it('the longer stream sets the pace: max(2 · (half batch − its all-to-all), 2 · its all-to-all)', () => {
    const r = replica(32);
    const batch = { decodeSequences: 0, decodeContextTokens: 0, prefillTokens: 524288 };
    const half = iterationTime(r, { decodeSequences: 0, decodeContextTokens: 0, prefillTokens: 262144, prefillContextTokens: 0 });
    // each half pays the kernels' overhead of its own 58 × 2 phases (44.6 µs each, over the NICs) and its copies
    expect(r.expertParallel!.allToAll.fixed).toBeCloseTo(58 * 2 * 44.6e-6, 12);
    const a2a = r.expertParallel!.allToAll.fixed + r.expertParallel!.allToAll.perToken * 262144;
    const o = twoBatchOverlapTime(r, batch);
    expect(o.computeSide).toBeCloseTo(2 * (half.duration - a2a), 12);
    expect(o.communicationSide).toBeCloseTo(2 * a2a, 12);
    expect(o.duration).toBe(Math.max(o.computeSide, o.communicationSide));
    expect(o.sequential).toBe(iterationTime(r, batch).duration);
    // a prefill is compute-bound: the halves compute what the whole does, so the overlap saves min(compute, comm) less
    // the kernels' overhead the second half pays again
    expect(o.sequential - o.duration).toBeCloseTo(Math.min(o.computeSide, o.communicationSide) - r.expertParallel!.allToAll.fixed, 9);
  });

  it('a small decode batch reads the weights twice and comes out slower than without the overlap', () => {
    // SGLang measured TBO at −27 % for 32 tokens per GPU (LMSYS blog, 2025-05-05, "Ablation Study: Two-batch Overlap")
    const r = replica(72);
    const small = { decodeSequences: 72 * 32, decodeContextTokens: 72 * 32 * 2000 };
    const o = twoBatchOverlapTime(r, small);
    expect(o.duration).toBeGreaterThan(o.sequential);
  });

  it('without expert parallelism there is nothing to overlap', () => {
    const dense = replicaModel({ model: { params: 70e9, weightPrecision: 'fp8', kvCache: { layers: 80, kvHeads: 8, headDim: 128 } }, device: h100 });
    const batch = { decodeSequences: 64, decodeContextTokens: 64 * 1000 };
    const o = twoBatchOverlapTime(dense, batch);
    expect(o.duration).toBe(iterationTime(dense, batch).duration);
    expect(o.communicationSide).toBe(0);
  });
});
