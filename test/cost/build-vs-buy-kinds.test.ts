// Build-vs-buy compares an owned pool with the rental only when both hold devices of one kind: a CPU socket-hour is
// no substitute for a rented GPU-hour, so a CPU pool beside rented GPUs is named as not compared, with why.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { formatSummary } from '../../src/report/text-summary.js';

const scenario = `name: kinds
seed: 2
horizon: 2 h
replications: 1
sites:
  dc:
    pools:
      gpu: { type: dgx-h100, count: 1 }
      cpu: { type: cpu-2s-epyc9654, count: 2 }
planning:
  rent_instead: { instance: aws-p5.48xlarge, pricing: on-demand }
workloads:
  - { name: train, kind: batch, pool: gpu, arrivals: { rate: 2 /h }, devices: 4, work: { reference_time: { kind: exponential, mean: 30 min } } }
  - { name: etl, kind: batch, pool: cpu, arrivals: { rate: 2 /h }, devices: 1, work: { flops: '1 PFLOP', precision: fp32, efficiency: 0.5 } }
`;

describe('build-vs-buy by device kind', () => {
  const result = simulate(parseScenario(scenario));
  const a = result.cost_analysis!;

  it('compares the GPU pool with the rented GPUs and names the CPU pool as not compared, with both devices', () => {
    expect(a.rental).toMatchObject({ instance: 'aws-p5.48xlarge', device: 'h100-sxm-80gb', device_kind: 'gpu' });
    expect(Object.keys(a.build_vs_buy)).toEqual(['dc/gpu']);
    expect(a.build_vs_buy_not_compared).toEqual({
      'dc/cpu': 'it holds cpu devices (amd-epyc-9654), the rental aws-p5.48xlarge rents gpu devices (h100-sxm-80gb)',
    });
  });

  it('says so in the text summary, in the rental kind’s unit', () => {
    const text = formatSummary(result);
    expect(text).toMatch(/dc\/gpu vs renting aws-p5\.48xlarge \(on-demand, [\d.]+ USD\/GPU-hour\)/);
    expect(text).toContain('dc/cpu is not compared with renting: it holds cpu devices (amd-epyc-9654)');
    expect(text).not.toMatch(/dc\/cpu vs renting/);
  });
});
