// efficiency.collective (opt-in): the collectives see the links at that fraction of their published bandwidth.
// Checked against the same estimate with the links' bandwidth lowered by hand, an independent route to the figure.
import { describe, expect, it } from 'vitest';
import { nodeFabric, replicaModel, trainingEstimate } from '../../src/model/performance/index.js';
import type { NodeProfile } from '../../src/model/types.js';
import { nodeProfile } from './profiles.js';

const dgx = nodeProfile('dgx-h100');
const withCollective = (node: NodeProfile, collective: number): NodeProfile => {
  const device = node.accelerators!.profile;
  return { ...node, accelerators: { profile: { ...device, efficiency: { ...device.efficiency, collective } }, count: node.accelerators!.count } };
};
const step = { params: 8.03e9, tokens: 64 * 8192, steps: 1, precision: 'bf16' as const, batch: { sequences: 64, sequenceLength: 8192 }, devices: 512, mfu: 0.4 };

describe('efficiency.collective', () => {
  it('training: the all-reduce runs as over links of that fraction of the bandwidth, latency unchanged', () => {
    const fabric = nodeFabric(dgx);
    const byProfile = trainingEstimate({ ...step, node: withCollective(dgx, 0.5) });
    const byHand = trainingEstimate({ ...step, node: dgx, fabric: { scaleUp: { bandwidth: fabric.scaleUp.bandwidth / 2 }, scaleOut: { bandwidth: fabric.scaleOut.bandwidth / 2 } } });
    expect(byProfile.communication.time).toBe(byHand.communication.time);
    expect(byProfile.stepTime).toBe(byHand.stepTime);
    // 64 sequences on 512 GPUs: the all-reduce is exposed, so the slower collectives lengthen the step
    expect(byProfile.stepTime).toBeGreaterThan(trainingEstimate({ ...step, node: dgx }).stepTime);
  });

  it('inference: the tensor-parallel all-reduces cost 1/fraction as much per token', () => {
    const device = dgx.accelerators!.profile;
    const spec = {
      model: { params: 70.55e9, weightPrecision: 'fp8' as const, kvCache: { layers: 80, kvHeads: 8, headDim: 128 }, hiddenSize: 8192 },
      tensorParallel: 2,
      scaleUp: nodeFabric(dgx).scaleUp,
    };
    const plain = replicaModel({ ...spec, device });
    const half = replicaModel({ ...spec, device: { ...device, efficiency: { ...device.efficiency, collective: 0.5 } } });
    expect(half.tensorParallelTraffic.perToken).toBeCloseTo(2 * plain.tensorParallelTraffic.perToken, 15);
    expect(half.tensorParallelTraffic.fixed).toBe(plain.tensorParallelTraffic.fixed);
  });

  it('absent, the links are charged as published: the same figures as a factor of exactly 1', () => {
    expect(trainingEstimate({ ...step, node: dgx })).toEqual(trainingEstimate({ ...step, node: dgx, collectiveEfficiency: 1 }));
    expect(() => trainingEstimate({ ...step, node: dgx, collectiveEfficiency: 1.2 })).toThrow(/collectiveEfficiency must be in \(0, 1\]/);
  });
});
