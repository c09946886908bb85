import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

/**
 * A new generation added beside the old one (issue 16, item 2): 1 DGX H100 from the start, 1 DGX B200 bought to
 * come online on 2027-01-01, a day simulated. With `fleet_windows: every_change` the B200's arrival opens a second
 * fleet configuration, simulated on its own with both pools; by default only refreshes do, and the B200 is costed
 * at the first window's rates (where it had no nodes).
 */
const yaml = (windows: string) => `
name: add-b200
start: 2026-01-01T00:00:00Z
horizon: 1 day
planning: { horizon: 2 years${windows} }
policy: { placement: cheapest }
sites:
  dc:
    pools:
      h100: { type: dgx-h100, count: 1 }
      b200: { type: dgx-b200, count: 0, purchases: [{ count: 1, ordered: 2027-01-01 }] }
workloads:
  - name: train
    site: dc
    pool: h100
    kind: training
    arrivals: { rate: 0.5 /h }
    devices: 8
    model: { card: llama-3.1-8b, tokens: 2e8 }
    batch: { tokens: 1048576 }
`;

describe('planning.fleet_windows: every_change', () => {
  it('a purchase after the window opens a configuration holding every pool online by then; the cheaper generation takes the work', () => {
    const r = simulate(parseScenario(yaml(', fleet_windows: every_change')));
    const configs = r.cost_analysis?.fleet_configurations ?? [];
    expect(configs.map((c) => c.from_date)).toEqual(['2027-01-01']);
    const pools = configs[0]!.pools;
    expect(pools['dc/h100']).toMatchObject({ node: 'dgx-h100', nodes: 1 });
    expect(pools['dc/b200']).toMatchObject({ node: 'dgx-b200', nodes: 1 });
    // placement: cheapest sends jobs to the B200 (lower cost per job) once it is there: it is used, not just paid for
    expect(pools['dc/b200']!.utilisation).toBeGreaterThan(0);
    // in the first window the B200 pool has no node yet, so all the work ran on the H100
    expect(r.replications[0]!.pools['dc/b200']!.jobs_routed).toBe(0);
  });

  it('by default only refreshes open configurations: the same purchase adds none', () => {
    expect(simulate(parseScenario(yaml(''))).cost_analysis?.fleet_configurations).toBeUndefined();
  });

  it('on a power-capped site the later window reads the envelope of its date (an upgrade energised before it)', () => {
    const capped = yaml(', fleet_windows: every_change').replace(
      '  dc:\n    pools:',
      '  dc:\n    power: { envelope: 20 kW, upgrades: [{ at: 2026-10-01, to: 1 MW }], rack_density: 30 kW, cooling: air, pue: 1.3 }\n    pools:',
    );
    const s = parseScenario(capped);
    expect(s.configurations?.[0]?.sites[0]?.power?.envelope).toBe(1e6);
    expect(s.configurations?.[0]?.sites[0]?.pools.map((p) => p.nodeCount)).toEqual([1, 1]);
  });
});
