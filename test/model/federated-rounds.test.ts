import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

/**
 * Federated rounds through the whole run, checked against hand-computed figures. The clients: an L40S (fp16
 * 362.05 TFLOPS dense, catalog) at MFU 0.5 computing 10 × 1 TFLOP: 1e13 / 181.025e12 = 0.0552 s. The model: 25e6 fp32
 * parameters, 100 MB down at 100 Mbit/s (8 s), updates compressed 4× to 25 MB, up at 8 Mbit/s (25 s) or 80 Mbit/s
 * (2.5 s), each client's uplink drawn once. The aggregation: 1 H100 (bf16 989.5 TFLOPS) at efficiency 0.5 runs
 * 989.5e12 FLOP in exactly 2 s (plus 1 FLOP per update, negligible).
 */
const COMPUTE = 1e13 / (362.05e12 * 0.5);
const AGGREGATION = 2;

const scenario = (fields: string, clients = '') => `
name: fl
horizon: 2 h
warmup: 0 s
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
  stores: { kind: edge, nodes: { type: cpu-2s-epyc9654, count: 1 } }
workloads:
  - name: fl
    kind: federated
    site: dc
    clients:
      site: stores
      device: l40s
      downlink: 100 Mbit/s
      ${clients}
    model: { params: 25e6, precision: fp32, compression: 4 }
    local: { flops_per_sample: 1 TFLOP, samples: 10, mfu: 0.5 }
    aggregation: { flops: 989.5 TFLOP, flops_per_report: 1 FLOP, precision: bf16, efficiency: 0.5 }
    ${fields}
`;

// 50 clients, half fast and half slow in expectation: the chance that none of 50 is slow is 2^-50
const mixed = 'count: 50\n      uplink: { kind: empirical, values: [8 Mbit/s, 80 Mbit/s] }\n      availability: 1\n      dropout: 0';

const run = (yaml: string) => {
  const r = simulate(parseScenario(yaml));
  const m = r.replications[0]!.federated!['fl']!;
  return { r, m };
};

describe('federated rounds', () => {
  it('a round is bounded by its straggler: slowest download + compute + upload, plus the aggregation', () => {
    const { m, r } = run(scenario('per_round: 50\n    min_reports: 50\n    max_rounds: 1', mixed));
    expect(m.rounds_completed).toBe(1);
    expect(m.round_time_mean).toBeCloseTo(8 + COMPUTE + 25 + AGGREGATION, 6);
    // every selected client reported: bytes moved are exactly 50 updates up and 50 models down
    expect(m.bytes_up).toBe(50 * 25e6);
    expect(m.bytes_down).toBe(50 * 100e6);
    expect(m.client_device_hours).toBeCloseTo((50 * COMPUTE) / 3600, 9);
    // the aggregation is an ordinary job of the workload on the central pool
    expect(r.replications[0]!.workloads['fl']!.completed).toBe(1);
    // the bytes cross between the sites in the usage ledger (priced as egress of the sending site)
    expect(r.replications[0]!.usage.transfers).toEqual({ 'dc->stores': 50 * 100e6, 'stores->dc': 50 * 25e6 });
  });

  it('a deadline drops the slow clients; the round counts when min_reports fast ones reported', () => {
    const { m } = run(scenario('per_round: 50\n    min_reports: 10\n    round_deadline: 20 s\n    max_rounds: 1', mixed));
    expect(m.rounds_completed).toBe(1);
    expect(m.round_time_mean).toBeCloseTo(20 + AGGREGATION, 6);
    expect(m.reports_per_round + m.stragglers_per_round).toBe(50);
    expect(m.stragglers_per_round).toBeGreaterThan(0);
    // the reports sent whole updates; each straggler was (20 − 8 − 0.0552) s into its 25 s upload
    const partial = ((20 - 8 - COMPUTE) / 25) * 25e6;
    expect(m.bytes_up).toBeCloseTo(m.reports_per_round * 25e6 + m.stragglers_per_round * partial, 0);
  });

  it('and fails when fewer than min_reports clients beat the deadline', () => {
    const { m, r } = run(scenario('per_round: 50\n    min_reports: 50\n    round_deadline: 20 s\n    max_rounds: 1', mixed));
    expect(m).toMatchObject({ rounds_completed: 0, rounds_failed: 1 });
    expect(r.replications[0]!.workloads['fl']!.submitted).toBe(0);
  });

  it('back-to-back rounds move exactly reports × update up and selected × model down', () => {
    const { m } = run(scenario('per_round: 20\n    min_reports: 20\n    max_rounds: 3', 'count: 40\n      uplink: 80 Mbit/s\n      availability: 1\n      dropout: 0'));
    expect(m.rounds_completed).toBe(3);
    expect(m.bytes_up).toBe(3 * 20 * 25e6);
    expect(m.bytes_down).toBe(3 * 20 * 100e6);
    // identical clients: every round takes 8 + compute + 2.5 + 2 s, back to back
    expect(m.round_time_p95).toBeCloseTo(8 + COMPUTE + 2.5 + AGGREGATION, 6);
  });

  it('availability and dropout rates over many rounds fall within binomial confidence intervals', () => {
    const rounds = 300;
    const { m } = run(scenario(`per_round: 20\n    min_reports: 1\n    max_rounds: ${rounds}`, 'count: 200\n      uplink: 80 Mbit/s\n      availability: 0.6\n      dropout: 0.1'));
    expect(m.rounds_started).toBe(rounds);
    // online clients per round ~ Binomial(200, 0.6); over 300 rounds the mean fraction has sd √(0.24 / 60,000)
    const online = m.online_per_round / 200;
    expect(Math.abs(online - 0.6)).toBeLessThan(4 * Math.sqrt((0.6 * 0.4) / (200 * rounds)));
    // dropouts per round ~ Binomial(20, 0.1)
    const dropped = m.dropouts_per_round / 20;
    expect(Math.abs(dropped - 0.1)).toBeLessThan(4 * Math.sqrt((0.1 * 0.9) / (20 * rounds)));
    expect(m.reports_per_round + m.dropouts_per_round).toBeCloseTo(20, 9);
  });

  it('selection fastest picks the clients of shortest expected round time; random mixes them', () => {
    const fields = (selection: string) => `per_round: 10\n    min_reports: 10\n    selection: ${selection}\n    max_rounds: 1`;
    // about 25 of the 50 clients are fast (2.5 s upload): the 10 fastest are all fast, while a random 10 are all fast
    // with probability about 2^-10
    expect(run(scenario(fields('fastest'), mixed)).m.round_time_mean).toBeCloseTo(8 + COMPUTE + 2.5 + AGGREGATION, 6);
    expect(run(scenario(fields('random'), mixed)).m.round_time_mean).toBeCloseTo(8 + COMPUTE + 25 + AGGREGATION, 6);
  });

  it('rounds on a schedule start at its ticks; a round longer than the interval delays the next to its end', () => {
    const identical = 'count: 10\n      uplink: 8 Mbit/s\n      availability: 1\n      dropout: 0';
    const hourly = run(scenario('per_round: 10\n    min_reports: 10\n    every: 600 s', identical).replace('horizon: 2 h', 'horizon: 3500 s')).m;
    // ticks at 0, 600, …, 3000 s: six rounds of 35.06 s each
    expect(hourly).toMatchObject({ rounds_started: 6, rounds_completed: 6 });
    const tight = run(scenario('per_round: 10\n    min_reports: 10\n    every: 20 s', identical).replace('horizon: 2 h', 'horizon: 3500 s')).m;
    // each round (35.06 s) outlasts the 20 s interval: the next starts at its end, as back to back
    const round = 8 + COMPUTE + 25 + AGGREGATION;
    expect(tight.rounds_completed).toBe(Math.floor(3500 / round));
  });

  it('the same seed gives the same rounds', () => {
    const yaml = scenario(
      'per_round: 20\n    min_reports: 15\n    round_deadline: 15 s\n    max_rounds: 20',
      'count: 60\n      uplink: { kind: uniform, min: 10 Mbit/s, max: 100 Mbit/s }\n      availability: 0.7\n      dropout: 0.05',
    );
    expect(JSON.stringify(run(yaml).m)).toBe(JSON.stringify(run(yaml).m));
  });
});
