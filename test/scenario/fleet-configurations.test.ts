import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';

/** How loading turns dated refreshes into fleet configurations (src/scenario/resolve/fleet-configurations.ts). */
const yaml = (refresh: string) => `
name: fleets
start: 2024-01-01T00:00:00+01:00
horizon: 1 day
planning: { horizon: 5 years }
sites:
  dc:
    time_zone: Europe/Berlin
    pools:
      gpu:
        type: dgx-h100
        count: 4
        refresh: ${refresh}
      old:
        type: dgx-h100
        count: 2
        purchases: [{ count: 3, ordered: 2024-06-01 }, { count: 1, ordered: 2027-06-01 }]
workloads:
  - { name: a, pool: gpu, arrivals: { rate: 1 /h }, devices: 8, work: { reference_time: 1 h } }
  - { name: b, pool: old, arrivals: { rate: 1 /h }, devices: 8, work: { reference_time: 1 h } }
`;

describe('fleet configurations', () => {
  it('one per refresh date, in order; refreshed pools take their latest generation, the others the nodes online by then', () => {
    const s = parseScenario(yaml('[{ at: 2026-01-01, type: dgx-b200, count: 2 }, { at: 2028-01-01, count: 3 }]'));
    // start = 2023-12-31T23:00Z; 2026-01-01 in Berlin (UTC+1 in winter) = 2025-12-31T23:00Z: 731 days later (2024 is a leap year)
    expect(s.configurations?.map((c) => c.from / 86_400)).toEqual([731, 731 + 365 + 365]);
    const pools = s.configurations?.map((c) => c.sites[0]?.pools.map((p) => `${p.name}: ${String(p.nodeCount)} × ${p.node.id}`));
    // the second refresh keeps the B200 type (like for like) with 3 nodes; 'old' holds 2 + 3 by 2026, + 1 by 2028
    expect(pools).toEqual([
      ['gpu: 2 × dgx-b200', 'old: 5 × dgx-h100'],
      ['gpu: 3 × dgx-b200', 'old: 6 × dgx-h100'],
    ]);
    const steps = s.sites[0]?.costs.kind === 'on-prem' ? s.sites[0].costs.refresh?.['dc/gpu'] : undefined;
    expect(steps?.map((st) => [st.node.id, st.nodes, st.capexPerNode])).toEqual([
      ['dgx-b200', 2, 350_000],
      ['dgx-b200', 3, 350_000],
    ]);
  });

  it('a scenario without refreshes has no configurations and no new fields', () => {
    const s = parseScenario(yaml('[]').replace('        refresh: []\n', ''));
    expect(s.configurations).toBeUndefined();
    expect(s.sites[0]?.costs).not.toHaveProperty('refresh');
  });
});
