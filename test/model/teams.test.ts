import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

describe('workload mixes by team and tag', () => {
  it('team statistics are the sum of their workloads', () => {
    const text = `
name: teams
horizon: 200 h
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: dgx-h100, count: 4 } }
workloads:
  - { name: a, team: research, tags: [sensitive], arrivals: { rate: 2 /h }, devices: 8, work: { reference_time: 4 h } }
  - { name: b, team: research, arrivals: { rate: 1 /h }, devices: 4, work: { reference_time: 2 h } }
  - { name: c, team: product, arrivals: { rate: 3 /h }, devices: 1, work: { reference_time: 1 h } }
`;
    const s = parseScenario(text);
    expect(s.workloads[0]!.tags).toEqual(['sensitive']);
    const r = simulate(s).replications[0]!;
    expect(Object.keys(r.teams)).toEqual(['product', 'research']);
    expect(r.teams['research']!.submitted).toBe(r.workloads['a']!.submitted + r.workloads['b']!.submitted);
    expect(r.teams['research']!.completed).toBe(r.workloads['a']!.completed + r.workloads['b']!.completed);
    expect(r.teams['product']!.wait.count).toBe(r.workloads['c']!.wait.count);
  });
});
