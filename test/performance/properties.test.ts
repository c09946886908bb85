/**
 * Properties of the performance model over generated inputs (fast-check): the ring formula, zero
 * communication on one device, monotonicity in bandwidth, devices and batch, efficiency bounds, and
 * that nothing is ever faster than bytes / bandwidth or FLOP / peak allows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataJobEstimate, hierarchicalAllReduce, iterationTime, maxConcurrentSequences, replicaModel, ringAllReduceTime, trainingEstimate, type Link } from '../../src/model/performance/index.js';
import type { ComputeDeviceProfile } from '../../src/model/types.js';
import { deviceProfile, nodeProfile, storageProfile } from './profiles.js';

const nodes = [nodeProfile('dgx-h100'), nodeProfile('dgx-a100-640gb')] as const;
const h100 = deviceProfile('h100-sxm-80gb');
const a100 = deviceProfile('a100-sxm-80gb');
const runs = { numRuns: 200 };

const linkArb = fc.record({ bandwidth: fc.double({ min: 1e6, max: 1e13, noNaN: true }), latency: fc.double({ min: 0, max: 1e-4, noNaN: true }) });

/** A data-parallel training job on whole DGX nodes. */
const trainingArb = fc.record({
  params: fc.double({ min: 1e8, max: 1e12, noNaN: true }),
  batchTokens: fc.integer({ min: 2 ** 12, max: 2 ** 25 }),
  node: fc.constantFrom(...nodes),
  nodeCount: fc.integer({ min: 1, max: 512 }),
  mfu: fc.double({ min: 0.05, max: 1, noNaN: true }),
  overlap: fc.double({ min: 0, max: 1, noNaN: true }),
});
type TrainingCase = typeof trainingArb extends fc.Arbitrary<infer T> ? T : never;
const train = (c: TrainingCase, nodeCount = c.nodeCount, fabric?: { scaleUp?: Partial<Link>; scaleOut?: Partial<Link> }) =>
  trainingEstimate({
    params: c.params,
    tokens: 1e12,
    precision: 'bf16',
    batch: { tokens: c.batchTokens },
    devices: nodeCount * 8,
    node: c.node,
    mfu: c.mfu,
    overlap: c.overlap,
    ...(fabric && { fabric }),
  });

describe('all-reduce', () => {
  it('a flat ring is exactly 2(n−1)/n · B/bw + 2(n−1)·α, and 0 for n = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.integer({ min: 1, max: 100_000 }), linkArb, (bytes, n, link) => {
        const expected = n === 1 ? 0 : ((2 * (n - 1)) / n) * (bytes / link.bandwidth) + 2 * (n - 1) * link.latency;
        expect(ringAllReduceTime(bytes, n, link)).toBe(expected);
        expect(ringAllReduceTime(bytes, n, { ...link, latency: 0 })).toBe(n === 1 ? 0 : ((2 * (n - 1)) / n) * (bytes / link.bandwidth));
      }),
      runs,
    );
  });

  it('the two-level ring is the flat ring when one level has a single participant', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.integer({ min: 1, max: 4096 }), linkArb, linkArb, (bytes, n, up, out) => {
        expect(hierarchicalAllReduce(bytes, 1, n, up, out).time).toBe(ringAllReduceTime(bytes, n, out));
        expect(hierarchicalAllReduce(bytes, n, 1, up, out).time).toBe(ringAllReduceTime(bytes, n, up));
      }),
      runs,
    );
  });
});

describe('training', () => {
  it('one device: no communication, scaling efficiency exactly 1', () => {
    fc.assert(
      fc.property(trainingArb, (c) => {
        const e = trainingEstimate({ params: c.params, tokens: 1e12, precision: 'bf16', batch: { tokens: c.batchTokens }, devices: 1, node: c.node, mfu: c.mfu });
        expect(e.communication.time).toBe(0);
        expect(e.scalingEfficiency).toBe(1);
        expect(e.stepTime).toBe(e.computeTime);
      }),
      runs,
    );
  });

  it('scaling efficiency and achieved MFU are in (0, 1]; achieved MFU ≤ the MFU given', () => {
    fc.assert(
      fc.property(trainingArb, (c) => {
        const e = train(c);
        expect(e.scalingEfficiency).toBeGreaterThan(0);
        expect(e.scalingEfficiency).toBeLessThanOrEqual(1);
        expect(e.achievedMfu).toBeGreaterThan(0);
        expect(e.achievedMfu).toBeLessThanOrEqual(c.mfu * (1 + 1e-12));
      }),
      runs,
    );
  });

  it('more bandwidth (scale-up, scale-out or both) never slows a step', () => {
    fc.assert(
      fc.property(trainingArb, fc.double({ min: 1, max: 100, noNaN: true }), fc.constantFrom('up', 'out', 'both'), (c, factor, which) => {
        const base = train(c);
        const { scaleUp, scaleOut } = base.communication;
        const faster = train(c, c.nodeCount, {
          scaleUp: { bandwidth: scaleUp.bandwidth * (which === 'out' ? 1 : factor) },
          scaleOut: { bandwidth: scaleOut.bandwidth * (which === 'up' ? 1 : factor) },
        });
        expect(faster.stepTime).toBeLessThanOrEqual(base.stepTime);
      }),
      runs,
    );
  });

  it('scaling efficiency never rises with node count (fixed global batch) nor with a slower fabric', () => {
    fc.assert(
      fc.property(trainingArb, fc.integer({ min: 1, max: 512 }), fc.double({ min: 1e-3, max: 1, noNaN: true }), (c, more, slowdown) => {
        const e = train(c);
        const bigger = train(c, c.nodeCount + more);
        expect(bigger.scalingEfficiency).toBeLessThanOrEqual(e.scalingEfficiency * (1 + 1e-12));
        const slower = train(c, c.nodeCount, { scaleOut: { bandwidth: e.communication.scaleOut.bandwidth * slowdown } });
        expect(slower.scalingEfficiency).toBeLessThanOrEqual(e.scalingEfficiency * (1 + 1e-12));
      }),
      runs,
    );
  });

  it('scaling efficiency falls strictly once communication is exposed: a 7B model on 1 → 128 DGX H100 nodes, NDR vs 100 GbE', () => {
    const c: TrainingCase = { params: 7e9, batchTokens: 2 ** 18, node: nodes[0], nodeCount: 1, mfu: 0.4, overlap: 2 / 3 };
    const counts = [1, 2, 4, 8, 16, 32, 64, 128];
    const ndr = counts.map((k) => train(c, k).scalingEfficiency);
    const eth = counts.map((k) => train(c, k, { scaleOut: { bandwidth: 100e9 / 8 / 8 } }).scalingEfficiency);
    for (let i = 1; i < counts.length; i++) {
      expect(ndr[i]).toBeLessThanOrEqual(ndr[i - 1]!);
      expect(eth[i]).toBeLessThanOrEqual(eth[i - 1]!);
      expect(eth[i]).toBeLessThanOrEqual(ndr[i]!);
    }
    expect(ndr[0]).toBe(1);
    expect(ndr.at(-1)!).toBeLessThan(0.5);
    expect(eth.at(-1)!).toBeLessThan(ndr.at(-1)!);
    // the 100 GbE fabric exposes communication from 2 nodes on
    expect(eth[1]).toBeLessThan(1);
  });

  it('more devices never reduce total compute throughput (devices × sustained FLOP/s), and never reduce achieved FLOP/s while communication stays hidden', () => {
    fc.assert(
      fc.property(trainingArb, fc.integer({ min: 1, max: 512 }), (c, more) => {
        const e = train(c);
        const bigger = train(c, c.nodeCount + more);
        expect(bigger.computeRate).toBeGreaterThan(e.computeRate);
        if (bigger.bound === 'compute') expect(bigger.achievedFlopRate).toBeGreaterThanOrEqual(e.achievedFlopRate * (1 - 1e-12));
      }),
      runs,
    );
  });
});

const withBandwidth = (d: ComputeDeviceProfile, factor: number): ComputeDeviceProfile => ({ ...d, memory: { ...d.memory!, bandwidth: d.memory!.bandwidth * factor } });

const replicaArb = fc.record({
  params: fc.double({ min: 1e8, max: 4e11, noNaN: true }),
  weightPrecision: fc.constantFrom('bf16' as const, 'fp16' as const, 'fp8' as const, 'int8' as const, 'int4' as const),
  device: fc.constantFrom(h100, a100),
  tp: fc.constantFrom<number>(1, 2, 4, 8),
  layers: fc.integer({ min: 1, max: 128 }),
  kvHeads: fc.integer({ min: 1, max: 64 }),
});
type ReplicaCase = typeof replicaArb extends fc.Arbitrary<infer T> ? T : never;
const replica = (c: ReplicaCase, device = c.device, tp = c.tp) =>
  replicaModel({ model: { params: c.params, weightPrecision: c.weightPrecision, kvCache: { layers: c.layers, kvHeads: c.kvHeads, headDim: 128 } }, device, tensorParallel: tp });
const batchArb = fc.record({
  decodeSequences: fc.integer({ min: 0, max: 1024 }),
  context: fc.integer({ min: 1, max: 32_768 }),
  prefillTokens: fc.integer({ min: 0, max: 16_384 }),
});

describe('inference', () => {
  it('an iteration is never faster than bytes / peak bandwidth nor FLOP / peak compute', () => {
    fc.assert(
      fc.property(replicaArb, batchArb, (c, b) => {
        const r = replica(c);
        const it = iterationTime(r, { decodeSequences: b.decodeSequences, decodeContextTokens: b.decodeSequences * b.context, prefillTokens: b.prefillTokens });
        if (b.decodeSequences + b.prefillTokens === 0) return;
        const bytesPerDevice = r.weightBytes / r.tensorParallel + (it.kvReadBytes + it.kvWriteBytes) / r.kvShards;
        expect(it.duration).toBeGreaterThanOrEqual(bytesPerDevice / r.memoryBandwidth);
        expect(it.duration).toBeGreaterThanOrEqual(it.flops / (r.tensorParallel * r.compute.peak));
      }),
      runs,
    );
  });

  it('more memory bandwidth never slows an iteration', () => {
    fc.assert(
      fc.property(replicaArb, batchArb, fc.double({ min: 1, max: 10, noNaN: true }), (c, b, factor) => {
        const batch = { decodeSequences: b.decodeSequences, decodeContextTokens: b.decodeSequences * b.context, prefillTokens: b.prefillTokens };
        expect(iterationTime(replica(c, withBandwidth(c.device, factor)), batch).duration).toBeLessThanOrEqual(iterationTime(replica(c), batch).duration);
      }),
      runs,
    );
  });

  it('one more sequence never shortens an iteration, and never lowers tokens/s', () => {
    fc.assert(
      fc.property(replicaArb, fc.integer({ min: 1, max: 2048 }), fc.integer({ min: 1, max: 32_768 }), (c, batch, context) => {
        const r = replica(c);
        const at = (b: number) => iterationTime(r, { decodeSequences: b, decodeContextTokens: b * context });
        const small = at(batch);
        const big = at(batch + 1);
        expect(big.duration).toBeGreaterThanOrEqual(small.duration);
        expect((batch + 1) / big.duration).toBeGreaterThanOrEqual((batch / small.duration) * (1 - 1e-12));
      }),
      runs,
    );
  });

  it('the KV budget admits fewer sequences at longer contexts and at least as many with more tensor parallelism', () => {
    fc.assert(
      fc.property(replicaArb, fc.integer({ min: 1, max: 65_536 }), fc.integer({ min: 1, max: 65_536 }), (c, ctx, extra) => {
        const r = replica(c);
        expect(maxConcurrentSequences(r, ctx + extra)).toBeLessThanOrEqual(maxConcurrentSequences(r, ctx));
        expect(maxConcurrentSequences(replica(c, c.device, c.tp * 2), ctx)).toBeGreaterThanOrEqual(maxConcurrentSequences(r, ctx));
      }),
      runs,
    );
  });
});

describe('data jobs', () => {
  const s3 = storageProfile('s3-standard');
  it('time is the largest bound, and more connections never slow a job', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 64 }),
        (readBytes, writeBytes, connections, more, nodeCount) => {
          const at = (n: number) =>
            dataJobEstimate({ readBytes, writeBytes, source: { kind: 'object-store', profile: s3, connections: n }, sink: { kind: 'node-local' }, node: nodes[0], nodes: nodeCount });
          const e = at(connections);
          expect(e.time).toBe(Math.max(...Object.values(e.bounds)));
          expect(e.bounds[e.binding]).toBe(e.time);
          expect(at(connections + more).time).toBeLessThanOrEqual(e.time);
        },
      ),
      runs,
    );
  });
});
