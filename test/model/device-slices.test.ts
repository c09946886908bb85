/**
 * Workloads on part of a device, end to end through parseScenario + simulate: a time-sliced share
 * (`devices: 0.5`) and MIG instances (`devices: {mig: 1g.10gb}`) of an H100.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

// One DGX H100 (8 GPUs); one batch job of 10 reference GPU-hours on the reference H100 itself.
const batch = (devices: string, jobs = 1, rate = '1 /s') => `
name: slices
horizon: 30 days
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: b
    arrivals: { rate: ${rate}, max_jobs: ${jobs} }
    devices: ${devices}
    work: { reference_time: 10 h }
`;

describe('a time-sliced share', () => {
  it('devices: 0.5 doubles a compute-bound job against one whole device', () => {
    const whole = simulate(parseScenario(batch('1')));
    const half = simulate(parseScenario(batch('0.5')));
    const t1 = whole.replications[0]!.jobs.completion_time.max;
    const tHalf = half.replications[0]!.jobs.completion_time.max;
    // 10 GPU-hours on one H100 = 36,000 s; on half of one, twice that.
    expect(t1).toBeCloseTo(36_000, 0);
    expect(tHalf).toBeCloseTo(72_000, 0);
  });

  it('two shares of 0.5 share one GPU, and utilisation stays at most 1', () => {
    // 20 jobs of 0.5 GPU at once on 8 GPUs: 16 run, 4 wait; busy device-time never exceeds the 8 GPUs.
    const r = simulate(parseScenario(batch('0.5', 20, '1000 /s')));
    const rep = r.replications[0]!;
    expect(rep.jobs.completed).toBe(20);
    const pool = rep.pools['dc/main']!;
    // Each job holds half a GPU for 20 h: 20 × 0.5 × 20 = 200 device-hours, of 8 GPUs × 720 h.
    expect(rep.jobs.device_hours).toBeCloseTo(200, 6);
    expect(pool.utilisation).toBeCloseTo(200 / (8 * 720), 9);
    expect(pool.utilisation).toBeLessThanOrEqual(1);
    expect(pool.mean_busy_devices).toBeLessThanOrEqual(8);
    // 16 jobs in the first 72,000 s, the other 4 after them: the last ends at about 144,000 s.
    expect(Math.abs(rep.jobs.completion_time.max - 144_000)).toBeLessThan(1_000);
  });
});

describe('MIG instances', () => {
  it('a 1g.10gb job runs at 1/7 of a GPU; 56 fit on 8 GPUs and the 57th waits for one to end', () => {
    const r = simulate(parseScenario(batch('{ mig: 1g.10gb }', 57, '1000 /s')));
    const rep = r.replications[0]!;
    expect(rep.jobs.completed).toBe(57);
    // 10 reference GPU-hours at 1/7 of an H100: 70 h = 252,000 s; the 57th starts when the first ends.
    expect(rep.jobs.completion_time.p50).toBeCloseTo(252_000, -2);
    expect(Math.abs(rep.jobs.wait.max - 252_000)).toBeLessThan(1_000);
    expect(rep.jobs.wait.p90).toBe(0);
    // Busy device-time counts each instance as ⌊1000/7⌋ = 142 milli-units: never more than the 8 GPUs.
    const pool = rep.pools['dc/main']!;
    expect(pool.mean_busy_devices).toBeLessThanOrEqual(8);
    expect(pool.utilisation).toBeLessThanOrEqual(1);
    expect(rep.jobs.device_hours).toBeCloseTo(57 * 70 * (1 / 7), 6);
  });

  it('a training job on a 3g.40gb instance takes 7/3 as long as on the whole GPU', () => {
    const train = (devices: string) => `
name: t
horizon: 300 days
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: t
    kind: training
    arrivals: { rate: 1 /s, max_jobs: 1 }
    devices: ${devices}
    model: { params: 1e9, tokens: 1e10 }
`;
    const whole = simulate(parseScenario(train('1'))).replications[0]!.jobs.completion_time.max;
    const mig = simulate(parseScenario(train('{ mig: 3g.40gb }'))).replications[0]!.jobs.completion_time.max;
    // One device: no communication; 6 × 1e9 × 1e10 FLOP at 0.40 × 989.5 TFLOPS = 151,592 s.
    expect(whole).toBeCloseTo((6 * 1e9 * 1e10) / (0.4 * 989.5e12), -1);
    expect(mig / whole).toBeCloseTo(7 / 3, 6);
  });
});
