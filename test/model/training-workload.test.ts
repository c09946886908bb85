import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

const scenario = (data: string, fabricNodes = 'dgx-h100') => `
name: train
horizon: 30 days
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: ${fabricNodes}, count: 8 } }
workloads:
  - name: t
    kind: training
    arrivals: { rate: 1 /s, max_jobs: 1 }
    devices: 64
    model: { params: 7e9, tokens: 2e10 }
    batch: { tokens: 4194304 }
    ${data}
`;

type Example = { bound: string; total_time: number; step_time: number; compute_time_per_step: number };

describe('training workloads', () => {
  it('a lone job runs exactly as long as the training model says, and 6·N·D FLOP at 40 % MFU sets it', () => {
    const r = simulate(parseScenario(scenario('')));
    const ex = (r.performance['t'] as unknown as { examples: Example[] }).examples[0]!;
    expect(r.replications[0]!.jobs.completion_time.max).toBeCloseTo(ex.total_time, 3);
    // Independent arithmetic: 6 × 7e9 × 2e10 FLOP / (64 × 0.40 × 989.5e12 FLOP/s) = 33,158 s when compute-bound.
    expect(ex.bound).toBe('compute');
    expect(ex.total_time / ((6 * 7e9 * 2e10) / (64 * 0.4 * 989.5e12))).toBeGreaterThan(0.99);
    expect(ex.total_time / ((6 * 7e9 * 2e10) / (64 * 0.4 * 989.5e12))).toBeLessThan(1.01);
  });

  it('reading training data from a few object-store connections makes steps data-bound', () => {
    // 4 Mi tokens × 1 kB/token = 4.2 GB per step over 2 connections × 85 MB/s ≈ 24.7 s, against ≈ 6.95 s of compute
    // (6 × 7e9 × 4,194,304 FLOP / (64 × 0.40 × 989.5e12 FLOP/s)).
    const r = simulate(parseScenario(scenario('data: { bytes_per_token: 1 kB, storage: { profile: s3-standard, connections: 2 } }')));
    const ex = (r.performance['t'] as unknown as { examples: Example[] }).examples[0]!;
    expect(ex.bound).toBe('data');
    expect(ex.step_time).toBeCloseTo((4194304 * 1000) / (2 * 85e6), 0);
    expect(ex.compute_time_per_step).toBeCloseTo((6 * 7e9 * 4194304) / (64 * 0.4 * 989.5e12), 2);
    expect(ex.step_time).toBeGreaterThan(3 * ex.compute_time_per_step);
  });
});

describe('a training job placed on other hardware', () => {
  // Home: DGX H100; the only other pool: DGX A100 (3.2× less dense bf16), and burst sends every job there.
  const twoSites = (data: string) => `
name: train-elsewhere
horizon: 30 days
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: dgx-h100, count: 8 } }
  lab: { nodes: { type: dgx-a100-640gb, count: 8 } }
policy: { placement: burst, burst: { to: [lab], threshold: 0 s } }
workloads:
  - name: t
    kind: training
    site: dc
    arrivals: { rate: 1 /s, max_jobs: 1 }
    devices: 64
    model: { params: 7e9, tokens: 2e10 }
    batch: { tokens: 4194304 }
    ${data}
`;

  it('is timed again by the training model there: data-bound steps take as long on A100s as on H100s', () => {
    // One object-store connection at 85 MB/s feeds 4 Mi tokens × 1 kB per step: 49.3 s a step on any GPU,
    // far above the compute of a step on either (≈ 7 s on H100s, ≈ 22 s on A100s at 40 % MFU).
    // 2e10 / 4,194,304 = 4,768.4 steps → ≈ 235,000 s. A peak ratio would have made it 3.2× longer.
    const r = simulate(parseScenario(twoSites('data: { bytes_per_token: 1 kB, storage: { profile: s3-standard, connections: 1 } }')));
    const rep = r.replications[0]!;
    expect(rep.pools['lab/main']!.jobs_routed).toBe(1);
    const expected = (2e10 / 4194304) * ((4194304 * 1000) / 85e6);
    expect(rep.jobs.completion_time.max / expected).toBeGreaterThan(0.99);
    expect(rep.jobs.completion_time.max / expected).toBeLessThan(1.02);
  });

  it('a compute-bound job runs longer there by about the ratio of dense peaks', () => {
    // 6 × 7e9 × 2e10 FLOP on 64 A100s (312 TFLOPS bf16 dense) at the model's MFU: within a few % of
    // 6·N·D / (64 × MFU × 312e12); against 64 H100s the ratio of times is near 989.5 / 312 = 3.17.
    const r = simulate(parseScenario(twoSites('')));
    const rep = r.replications[0]!;
    expect(rep.pools['lab/main']!.jobs_routed).toBe(1);
    const home = simulate(parseScenario(twoSites('').replace('threshold: 0 s', 'threshold: never'))).replications[0]!;
    const ratio = rep.jobs.completion_time.max / home.jobs.completion_time.max;
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(3.8);
  });
});
