import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate.js';

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
