/**
 * Scale-up domains through a whole scenario (parseScenario + simulate) on GB200 NVL72 compute trays
 * (gb200-nvl72-tray: 4 GPUs per tray, 18 trays per NVLink 5 domain). Expected figures are worked out
 * by hand from the catalog figures: b200-gb200 bf16 dense 2,500 TFLOPS; nvlink5 900 GB/s per GPU per
 * direction; one ConnectX-7 at 400 Gb/s = 50 GB/s per GPU; no published latencies.
 */
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/model/job.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

const training = (name: string, devices: number, at: string, params = '7e9') => `
  - name: ${name}
    kind: training
    arrivals: { interarrival: ${at}, max_jobs: 1 }
    devices: ${devices}
    model: { params: ${params}, tokens: 4194304000 }
    batch: { tokens: 4194304 }
    mfu: 0.4
    overlap: 0`;

const scenario = (workloads: string) => `
name: nvl72
horizon: 30 days
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: gb200-nvl72-tray, count: 36 } }
workloads:${workloads}
`;

describe('training on GB200 NVL72 trays', () => {
  it('a 144-GPU job spans the 2 racks: its step pays the NVLink ring and 1/72 shards over the NICs', () => {
    const r = simulate(parseScenario(scenario(training('t', 144, '1 s', '70e9'))));
    // 1,000 steps of 4 Mi tokens; compute 6 × 70e9 × 4,194,304 / (144 × 0.4 × 2.5e15) = 12.2333 s;
    // all-reduce of 140 GB: 2 × 71/72 × 140e9/900e9 + 2 × 1/2 × (140e9/72)/50e9 = 0.30679 + 0.03889 s.
    const compute = (6 * 70e9 * 4194304) / (144 * 0.4 * 2.5e15);
    const allReduce = (2 * 71 * 140e9) / (72 * 900e9) + 140e9 / 72 / 50e9;
    const expected = 1000 * (compute + allReduce);
    const ran = r.replications[0]?.jobs.completion_time.max ?? NaN;
    expect(ran / expected).toBeGreaterThan(0.9999);
    expect(ran / expected).toBeLessThan(1.0001);
    // on 8-GPU nodes the same job would pay 2 × 17/18 × (140e9/8)/50e9 = 0.661 s a step over the NICs instead
  });

  it('the model summary costs a 64-GPU job as one NVLink domain: no NIC term', () => {
    const r = simulate(parseScenario(scenario(training('t', 64, '1 s', '70e9'))));
    const summary = r.performance['t'];
    if (summary?.kind !== 'training') throw new Error(`expected a training summary, got ${summary?.kind}`);
    // 2 × 63/64 × 140e9 / 900e9
    expect(summary.examples[0]?.communication_per_step).toBeCloseTo(0.30625, 6);
  });

  it('places a 16-tray job inside the rack the 10-tray job left free', () => {
    const starts = new Map<string, number[]>();
    const names = ['small', 'big'];
    simulate(parseScenario(scenario(training('small', 40, '1 s') + training('big', 64, '2 s'))), {
      onJob: (event: string, job: Job) => {
        if (event === 'start' && job.deviceIds) starts.set(names[job.workload] ?? '?', [...new Set([...job.deviceIds].map((d) => Math.floor(d / 4)))]);
      },
    });
    // small (10 trays) first: best fit in rack 0, trays 0…9. big (16 trays): rack 0 has 8 free, rack 1 all 18.
    expect(starts.get('small')).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(starts.get('big')).toEqual(Array.from({ length: 16 }, (_, i) => 18 + i));
  });
});
