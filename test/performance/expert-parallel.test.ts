// Expert parallelism (src/model/performance/expert-parallel.ts): experts spread over the replica's devices,
// attention data-parallel, a dispatch and a combine all-to-all per MoE layer. Expected values are worked by hand
// from the bytes each device sends (tokens per device × top-k × hidden × bytes × the share that leaves it), and
// from DeepSeek-V3's published shape (arXiv:2412.19437: 671e9 parameters, 37e9 active, 8 of 256 routed experts,
// 58 MoE layers of 61, hidden 7168).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expertAllToAll,
  trainingEstimate,
  trainingExpertShare,
  iterationDuration,
  iterationTime,
  nodeFabric,
  replicaModel,
  weightReadBytes,
  type ReplicaSpec,
} from '../../src/model/performance/index.js';
import { propertyRuns } from '../support/property-runs.js';
import { deviceProfile, nodeProfile } from './profiles.js';

const deepseek = {
  params: 671e9,
  weightPrecision: 'fp8',
  kvCache: { bytesPerToken: 70272 / 2 },
  hiddenSize: 7168,
  layers: 61,
  moe: { activeParams: 37e9, experts: { routed: 256, active: 8 } },
} as const;
/** DeepSeek-V3's routed experts in FP8: (671 − 37)e9 / (1 − 8/256) bytes; the rest (16.5 GB) every token uses */
const routedBytes = 634e9 / (1 - 8 / 256);
const denseBytes = 671e9 - routedBytes;
const h200 = deviceProfile('h200-sxm-141gb');
const dgxH200 = nodeFabric(nodeProfile('dgx-h200'));

function epReplica(size: number, tensorParallel = 1, redundantExperts = 0): ReturnType<typeof replicaModel> {
  return replicaModel({
    model: deepseek,
    device: h200,
    tensorParallel,
    scaleUp: dgxH200.scaleUp,
    expertParallel: { size, redundantExperts, moeLayers: 58, devicesPerDomain: 8, scaleOut: dgxH200.scaleOut },
  });
}

describe('the all-to-all of expert parallelism, worked by hand', () => {
  it('inside one scale-up domain: 4 devices, 2 of their experts per token, hidden 1000, bf16', () => {
    const a = expertAllToAll({ devices: 4, devicesPerDomain: 8, moeLayers: 2, hiddenSize: 1000, activeExperts: 2, computePrecision: 'bf16', scaleUp: { bandwidth: 100e9, latency: 1e-6 } });
    // 1,000 tokens: 250 per device, each sent twice (top-2) as 1,000 × 2 bytes = 1e6 bytes; 3/4 leave the device,
    // 750,000 bytes over 100 GB/s = 7.5 µs per phase; dispatch + combine, 2 MoE layers: 30 µs, plus 4 hops of 1 µs
    const tokens = 1000;
    expect(a.fixed + a.perToken * tokens).toBeCloseTo(4 * 7.5e-6 + 4 * 1e-6, 15);
  });

  it('across two DGX H200: 16 devices, FP8 dispatch, BF16 combine, half the peers behind the NICs', () => {
    const a = expertAllToAll({
      devices: 16,
      devicesPerDomain: 8,
      moeLayers: 58,
      hiddenSize: 7168,
      activeExperts: 8,
      computePrecision: 'fp8',
      scaleUp: { bandwidth: 450e9, latency: 0 },
      scaleOut: { bandwidth: 50e9, latency: 2e-6 },
    });
    // 4,096 tokens, 256 per device: dispatch sends 256 × 8 × 7,168 × 1 byte = 14.68 MB, 8/16 of it to the other
    // node over 50 GB/s (the 7/16 over NVLink at 450 GB/s take less); the combine moves twice the bytes
    const perDevice = 256 * 8 * 7168;
    const dispatch = (perDevice * 1 * (8 / 16)) / 50e9;
    const combine = (perDevice * 2 * (8 / 16)) / 50e9;
    // and each phase of each layer the NIC's latency plus the kernels' overhead (44.6 µs, fitted on DeepEP)
    expect(a.fixed + a.perToken * 4096).toBeCloseTo(58 * (dispatch + combine) + 58 * 2 * (2e-6 + 44.6e-6), 12);
    expect(a.source).toMatch(/58 MoE layers .* 8 devices per scale-up domain, 8 peers over the compute NICs.*44\.6 µs a phase for the kernels \(FITTED on DeepEP/);
  });

  it('one device has no all-to-all; a replica spanning domains without compute NICs is refused', () => {
    expect(expertAllToAll({ devices: 1, devicesPerDomain: 8, moeLayers: 58, hiddenSize: 7168, activeExperts: 8, computePrecision: 'fp8' }).perToken).toBe(0);
    expect(() => expertAllToAll({ devices: 16, devicesPerDomain: 8, moeLayers: 58, hiddenSize: 7168, activeExperts: 8, computePrecision: 'fp8', scaleUp: { bandwidth: 450e9, latency: 0 } })).toThrow(
      /no NIC with role compute/,
    );
  });
});

describe('memory per device with expert parallelism', () => {
  it('EP16 over two DGX H200: the dense 16.5 GB on every device, 16 of the 256 experts each', () => {
    const r = epReplica(16);
    const perDevice = denseBytes + 16 * (routedBytes / 256);
    expect(r.expertParallel?.weightBytesPerDevice).toBeCloseTo(perDevice, -3);
    expect(r.expertParallel?.attentionDataParallel).toBe(16);
    // the vLLM-default reserve of 10 % of each device; the KV cache of each attention rank is on its one device
    expect(r.kvCapacityBytes).toBeCloseTo((141e9 - perDevice - 0.1 * 141e9) * 16, -3);
    expect(r.computeRate).toBeCloseTo(16 * r.compute.rate, 0);
    expect(r.fits).toBe(true);
  });

  it('attention tensor-parallel 2 inside EP16: the dense part split in two, 8 data-parallel ranks', () => {
    const r = epReplica(16, 2);
    expect(r.expertParallel?.weightBytesPerDevice).toBeCloseTo(denseBytes / 2 + 16 * (routedBytes / 256), -3);
    expect(r.expertParallel?.attentionDataParallel).toBe(8);
  });

  it('72 devices hold 256 + 32 redundant experts, 4 each (SGLang --ep-num-redundant-experts 32)', () => {
    const r = epReplica(72, 1, 32);
    expect(r.expertParallel?.expertsPerDevice).toBe(4);
    expect(r.expertParallel?.weightBytesPerDevice).toBeCloseTo(denseBytes + 4 * (routedBytes / 256), -3);
  });

  it('BF16 DeepSeek-V3 on 8 H100 does not fit: 33 GB dense + 164 GB of experts per 80 GB device', () => {
    const r = replicaModel({
      model: { ...deepseek, weightPrecision: 'bf16' },
      device: deviceProfile('h100-sxm-80gb'),
      tensorParallel: 1,
      scaleUp: dgxH200.scaleUp,
      expertParallel: { size: 8, devicesPerDomain: 8 },
    });
    expect(r.fits).toBe(false);
    expect(r.kvCapacityBytes).toBe(0);
  });

  it('refuses a dense model, a size that is not a multiple of tensor_parallel, and experts that do not divide', () => {
    const dense = { params: 70e9, weightPrecision: 'fp8', kvCache: { layers: 80, kvHeads: 8, headDim: 128 } } as const;
    expect(() => replicaModel({ model: dense, device: h200, expertParallel: { size: 8, devicesPerDomain: 8 } })).toThrow(/mixture-of-experts/);
    expect(() => replicaModel({ model: deepseek, device: h200, tensorParallel: 4, expertParallel: { size: 6, devicesPerDomain: 8 } })).toThrow(/multiple of tensor_parallel/);
    expect(() => replicaModel({ model: deepseek, device: h200, expertParallel: { size: 72, devicesPerDomain: 8 } })).toThrow(/does not divide the 256 routed experts/);
  });
});

describe('expert parallelism 1 is the replica without it', () => {
  it('same weights read, compute, KV and duration for any batch (up to rounding)', () => {
    const spec: ReplicaSpec = { model: deepseek, device: h200, tensorParallel: 1 };
    const plain = replicaModel(spec);
    const one = replicaModel({ ...spec, expertParallel: { size: 1, devicesPerDomain: 8 } });
    expect(one.kvCapacityBytes).toBeCloseTo(plain.kvCapacityBytes, -1);
    for (const [seqs, context, prefill] of [
      [1, 1000, 0],
      [64, 64 * 3000, 0],
      [0, 0, 8192],
      [300, 300 * 500, 2048],
    ] as const) {
      const a = iterationTime(plain, { decodeSequences: seqs, decodeContextTokens: context, prefillTokens: prefill });
      const b = iterationTime(one, { decodeSequences: seqs, decodeContextTokens: context, prefillTokens: prefill });
      expect(b.duration / a.duration).toBeCloseTo(1, 12);
      expect(iterationDuration(one, seqs, context, prefill)).toBe(b.duration);
      expect(weightReadBytes(one, seqs + prefill)).toBe(weightReadBytes(plain, seqs + prefill));
    }
  });
});

describe('properties', () => {
  const divisors = [1, 2, 4, 8, 16, 32, 64, 128, 256];

  it('more expert-parallel devices: fewer weight bytes per device, more KV cache per device', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: divisors.length - 2 }), (i) => {
        const a = epReplica(divisors[i]!);
        const b = epReplica(divisors[i + 1]!);
        expect(b.expertParallel!.weightBytesPerDevice).toBeLessThan(a.expertParallel!.weightBytesPerDevice);
        expect(b.kvCapacityBytes / b.kvShards).toBeGreaterThanOrEqual(a.kvCapacityBytes / a.kvShards);
      }),
      { numRuns: propertyRuns(20) },
    );
  });

  it('the all-to-all grows with tokens, hidden size and top-k, and shrinks as the NICs get faster', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 32, 64, 128, 256),
        fc.integer({ min: 256, max: 16384 }),
        fc.integer({ min: 1, max: 16 }),
        fc.double({ min: 10e9, max: 400e9, noNaN: true }),
        fc.integer({ min: 1, max: 100_000 }),
        (ep, hidden, k, bw, tokens) => {
          const at = (o: { hidden?: number; k?: number; bw?: number }) => {
            const a = expertAllToAll({
              devices: ep,
              devicesPerDomain: 8,
              moeLayers: 10,
              hiddenSize: o.hidden ?? hidden,
              activeExperts: o.k ?? k,
              computePrecision: 'bf16',
              scaleUp: { bandwidth: 900e9, latency: 0 },
              scaleOut: { bandwidth: o.bw ?? bw, latency: 1e-6 },
            });
            return a.fixed + a.perToken * tokens;
          };
          const base = at({});
          expect(base).toBeGreaterThan(0);
          expect(at({ hidden: hidden * 2 })).toBeGreaterThan(base);
          expect(at({ k: k + 1 })).toBeGreaterThan(base);
          expect(at({ bw: bw * 2 })).toBeLessThan(base);
          // never below the bytes that must cross the NICs: T/EP × k × h × 2 × 2 phases × (EP − 8)/EP over bw, per layer
          expect(base).toBeGreaterThanOrEqual((((10 * tokens) / ep) * k * hidden * 2 * 2 * ((ep - 8) / ep)) / bw);
        },
      ),
      { numRuns: propertyRuns(50) },
    );
  });

  it('an iteration of an EP replica is never shorter than its all-to-all, nor than reading the dense weights every device holds', () => {
    fc.assert(
      fc.property(fc.constantFrom(8, 16, 32, 64), fc.integer({ min: 1, max: 512 }), fc.integer({ min: 100, max: 8000 }), (ep, perDevice, context) => {
        const r = epReplica(ep);
        const seqs = perDevice * ep;
        const it = iterationTime(r, { decodeSequences: seqs, decodeContextTokens: seqs * context });
        const allToAll = r.expertParallel!.allToAll.fixed + r.expertParallel!.allToAll.perToken * seqs;
        expect(it.duration).toBeGreaterThanOrEqual(allToAll);
        expect(it.duration).toBeGreaterThanOrEqual(denseBytes / (r.memoryBandwidth * r.memoryEfficiency));
      }),
      { numRuns: propertyRuns(30) },
    );
  });
});

describe('expert parallelism in training: the all-to-all per step, outside the MFU', () => {
  it('64 H100 (8 nodes), model_parallel 8, EP 8 over the NICs: worked by hand', () => {
    const node = nodeProfile('dgx-h100');
    const base = { params: 671e9, activeParams: 37e9, tokens: 4e9, precision: 'bf16', batch: { tokens: 4e6 }, devices: 64, node, modelParallel: 8 } as const;
    const plain = trainingEstimate(base);
    const ep = trainingEstimate({ ...base, expertParallel: { size: 8, routedExperts: 256, activeExperts: 8, moeLayers: 58, hiddenSize: 7168 } });
    // 62,500 tokens per device, each sent to 8 experts as 7,168 × 2 bytes; 7/8 leave, all across the NICs (one
    // EP peer per node), 50 GB/s per GPU: per phase and layer 62,500 × 8 × 7,168 × 2 × 7/8 / 50e9 s;
    // dispatch + combine, forward + backward, 58 layers
    // dispatch + combine, forward + backward, 58 layers, each phase also paying the kernels' 44.6 µs
    const perPhase = (62_500 * 8 * 7168 * 2 * (7 / 8)) / 50e9 + 44.6e-6;
    expect(ep.expertAllToAll?.time).toBeCloseTo(perPhase * 2 * 2 * 58, 6);
    expect(ep.stepTime - plain.stepTime).toBeCloseTo(perPhase * 2 * 2 * 58, 6);
    expect(ep.computeTime).toBe(plain.computeTime);
    expect(plain.expertAllToAll).toBeUndefined();
    expect(() => trainingEstimate({ ...base, expertParallel: { size: 16, routedExperts: 256, activeExperts: 8, moeLayers: 58, hiddenSize: 7168 } })).toThrow(
      /must divide the 8 data-parallel replicas/,
    );
  });

  it('memory per device: dense over model parallel, experts over model parallel × EP, optimizer state sharded (hand-worked)', () => {
    const ep = { size: 8, routedExperts: 256, activeExperts: 8, moeLayers: 58, hiddenSize: 7168 };
    const share = trainingExpertShare(ep, 671e9, 37e9, 8, 8, 2, 2);
    // dense 16.55e9 / 8 = 2.07e9 parameters at 2 + 2 bytes + 12/8 of optimizer state; experts 654.45e9 / 64 = 10.23e9
    // parameters at 2 + 2 + 12/1 (each expert's 8 data-parallel holders split into 8 EP groups: 1 peer per expert)
    const dense = (671e9 - routedBytes) / 8;
    const experts = routedBytes / 64;
    expect(share.memoryBytes).toBeCloseTo(dense * (4 + 12 / 8) + experts * (4 + 12), -4);
    expect(share.gradientBytes).toBeCloseTo((dense + experts) * 2, -4);
    // EP 1 is every expert on each model-parallel group: the whole model / mp, as without expert parallelism
    expect(trainingExpertShare({ ...ep, size: 1 }, 671e9, 37e9, 8, 8, 2, 2).paramsPerDevice).toBeCloseTo(671e9 / 8, -4);
  });

  it("DeepSeek-V3's own layout (2,048 GPUs, pipeline 16, EP 64): all-to-all about as long as compute, as its report says", () => {
    // DeepSeek-V3 Technical Report (arXiv:2412.19437) §3.2.1: "cross-node expert parallelism results in an inefficient
    // computation-to-communication ratio of approximately 1:1" (before DualPipe overlaps them). A qualitative
    // statement on H800s (same 400 Gb/s per GPU as the DGX H100 here); the model gives 0.93 in BF16 and 0.95 in FP8.
    for (const precision of ['bf16', 'fp8'] as const) {
      const e = trainingEstimate({
        params: 671e9,
        activeParams: 37e9,
        tokens: 14.8e12,
        precision,
        batch: { tokens: 15360 * 4096 },
        devices: 2048,
        node: nodeProfile('dgx-h100'),
        modelParallel: 16,
        expertParallel: { size: 64, routedExperts: 256, activeExperts: 8, moeLayers: 58, hiddenSize: 7168 },
      });
      const ratio = e.expertAllToAll!.time / e.computeTime;
      expect(ratio).toBeGreaterThan(1 / 1.5);
      expect(ratio).toBeLessThan(1.5);
    }
  });
});
