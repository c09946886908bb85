/**
 * A job on part of a device is timed on the sliced device (src/model/device-slice.ts): compute
 * scaled by the compute fraction (MIG: compute slices / 7 on an H100; a share: the fraction),
 * memory bandwidth by the memory fraction (MIG: memory slices / 8), capacity = the profile's memory.
 * Expectations are worked by hand from the roofline of src/model/performance/inference.ts with the
 * GPU defaults (compute efficiency 0.7, memory efficiency 0.7) and the H100 datasheet figures of
 * hardware-profiles/h100-sxm-80gb.yaml (989.5 TFLOPS bf16, 3.35 TB/s, 80 GB).
 */
import { describe, expect, it } from 'vitest';
import { slicedDevice } from '../../src/model/device-slice.js';
import { iterationTime, replicaModel } from '../../src/model/performance/index.js';
import type { ComputeDeviceProfile, DeviceSlice } from '../../src/model/types.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

const h100: ComputeDeviceProfile = {
  id: 'h100-sxm-80gb',
  name: 'H100',
  vendor: 'NVIDIA',
  kind: 'gpu',
  sources: {},
  peak: { bf16: 989.5e12, fp8: 1979e12 },
  memory: { capacity: 80e9, bandwidth: 3.35e12 },
};
const mig1g: DeviceSlice = { kind: 'mig', profile: { name: '1g.10gb', computeSlices: 1, memorySlices: 1, memory: 10e9, maxInstances: 7 }, count: 1, totalCompute: 7, totalMemory: 8 };
// A 1-billion-parameter model in bf16 (2 GB of weights) with 100 kB of KV cache per token.
const model = { params: 1e9, weightPrecision: 'bf16' as const, kvCache: { bytesPerToken: 1e5 } };

describe('the sliced device', () => {
  it('a 1g.10gb instance: 1/7 of the peaks, 1/8 of the bandwidth, 10 GB', () => {
    const d = slicedDevice(h100, mig1g);
    expect(d.peak.bf16).toBeCloseTo(989.5e12 / 7, 0);
    expect(d.peak.fp8).toBeCloseTo(1979e12 / 7, 0);
    expect(d.memory).toEqual({ capacity: 10e9, bandwidth: 3.35e12 / 8 });
  });

  it('a share: the fraction of the peaks, the bandwidth and, unless given, the memory', () => {
    expect(slicedDevice(h100, { kind: 'share', fraction: 0.25 }).memory).toEqual({ capacity: 20e9, bandwidth: 3.35e12 / 4 });
    expect(slicedDevice(h100, { kind: 'share', fraction: 0.25, memory: 40e9 }).memory).toEqual({ capacity: 40e9, bandwidth: 3.35e12 / 4 });
  });
});

describe('an inference replica on 1g.10gb', () => {
  const slice = replicaModel({ model, device: slicedDevice(h100, mig1g) });
  const whole = replicaModel({ model, device: h100 });

  it('decodes memory-bound at 1/8 of the whole GPU: (weights + KV) / (3.35 TB/s / 8 × 0.7)', () => {
    // Batch 1 at 1,000 tokens of context: 2e9 + 1,001 × 1e5 = 2.1001e9 bytes read and written.
    const step = iterationTime(slice, { decodeSequences: 1, decodeContextTokens: 1000 });
    expect(step.bound).toBe('memory');
    expect(step.duration).toBeCloseTo(2.1001e9 / ((3.35e12 / 8) * 0.7), 9); // 7.165 ms
    const full = iterationTime(whole, { decodeSequences: 1, decodeContextTokens: 1000 });
    expect(step.duration / full.duration).toBeCloseTo(8, 9);
  });

  it('prefills compute-bound at 1/7 of the whole GPU: 2·N·tokens / (989.5 TFLOPS / 7 × 0.7), plus the KV write at 1/8', () => {
    // 4,096 prompt tokens: 2 × 1e9 × 4,096 = 8.192e12 FLOP (82.8 ms), which hides the 2e9-byte weight read;
    // the attention term, writing 4,096 × 1e5 bytes of KV at 3.35 TB/s / 8 × 0.7, adds 1.397 ms.
    const step = iterationTime(slice, { decodeSequences: 0, decodeContextTokens: 0, prefillTokens: 4096 });
    expect(step.bound).toBe('compute');
    expect(step.computeTime).toBeCloseTo(8.192e12 / ((989.5e12 / 7) * 0.7), 9);
    expect(step.duration).toBeCloseTo(8.192e12 / ((989.5e12 / 7) * 0.7) + 4.096e8 / ((3.35e12 / 8) * 0.7), 9);
    const full = iterationTime(whole, { decodeSequences: 0, decodeContextTokens: 0, prefillTokens: 4096 });
    expect(step.computeTime / full.computeTime).toBeCloseTo(7, 9);
  });

  it('holds KV for (10 GB − 2 GB weights − 1 GB reserve) / 100 kB = 70,000 tokens', () => {
    expect(slice.kvCapacityBytes / slice.kvBytesPerToken).toBeCloseTo(70_000, 6);
  });

  it('through a scenario: the replica model the run uses is the 1g.10gb one', () => {
    const r = simulate(
      parseScenario(`name: mig-serve
horizon: 1 h
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: s
    kind: inference
    model: { params: 1e9, kv_cache: { bytes_per_token: 100 kB } }
    arrivals: { rate: 1 /s }
    tokens: { input: 1000, output: 200 }
    replicas: 14
    devices: { mig: 1g.10gb }
`),
    );
    const perf = r.performance['s'] as unknown as { decode_step_batch_1: number; prefill_tokens_per_second: number };
    // Mean context 1,000 + 200 / 2 = 1,100 tokens: 2e9 + 1,101 × 1e5 bytes at 3.35 TB/s / 8 × 0.7.
    expect(perf.decode_step_batch_1).toBeCloseTo(2.1101e9 / ((3.35e12 / 8) * 0.7), 9);
    // prefill at the catalog H100's fitted compute efficiency (hardware-profiles/h100-sxm-80gb.yaml: 0.773)
    expect(perf.prefill_tokens_per_second).toBeCloseTo(((989.5e12 / 7) * 0.773) / 2e9, 3);
    // 14 replicas of 1/7 GPU each fill two GPUs' worth: ⌊1000/7⌋ milli-units each = 1.988 busy devices.
    expect(r.replications[0]!.pools['dc/main']!.mean_busy_devices).toBeCloseTo((14 * 142) / 1000, 6);
  });
});
