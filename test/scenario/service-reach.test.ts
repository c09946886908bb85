import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';

/** How the scenario layer resolves services that move: edge sites, placements, users' round trips, cold starts. */
const SCENARIO = `name: reach
horizon: 1 h
costs: none
regions:
  eu: { rtt: { dc: 30 ms, edge: 5 ms, cloud: 80 ms } }
  us: { rtt: { dc: 90 ms, edge: 95 ms, cloud: 10 ms } }
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
  edge: { kind: edge, nodes: { type: dgx-a100-640gb, count: 1 } }
  cloud: { kind: cloud, nodes: { type: aws-p5.48xlarge, count: 0, max: 2, autoscale: {} } }
workloads:
  - name: chat
    kind: inference
    site: dc
    model: { card: llama-3.1-8b }
    arrivals: { rate: 1 /s }
    tokens: { input: 500, output: 100 }
    replicas: { min: 0, max: 4 }
    also_at: [{ site: edge, replicas: 2 }]
    burst: { to: [cloud] }
    routing: nearest
    users: [{ region: eu, share: 0.7 }, { region: us, share: 0.3 }]
    cold_start: { container_start: 20 s }
`;

describe('services that move, as loaded', () => {
  const scenario = parseScenario(SCENARIO);

  it('an edge site is owned (costed as on-prem) and marked edge', () => {
    const edge = scenario.sites.find((s) => s.name === 'edge');
    expect(edge?.kind).toBe('on-prem');
    expect(edge?.edge).toBe(true);
    expect(scenario.sites.find((s) => s.name === 'dc')?.edge).toBeUndefined();
  });

  it('places home first, then also_at, then the burst pools, with round trips aligned to them', () => {
    const w = scenario.workloads[0];
    if (w?.kind !== 'inference' || !w.reach) throw new Error('expected a service with reach');
    expect(w.reach.placements.map((p) => [p.pool, p.role, p.replicas])).toEqual([
      ['dc/main', 'home', 0],
      ['edge/main', 'also', 2],
      ['cloud/main', 'burst', 0],
    ]);
    expect(w.reach.users).toEqual([
      { region: 'eu', share: 0.7, rtt: [0.03, 0.005, 0.08] },
      { region: 'us', share: 0.3, rtt: [0.09, 0.095, 0.01] },
    ]);
    expect(w.reach.routing).toBe('nearest');
  });

  it("reads the weights from each pool's node drives by default: drives × read bandwidth", () => {
    const w = scenario.workloads[0];
    if (w?.kind !== 'inference' || !w.reach?.coldStart) throw new Error('expected a cold start');
    expect(w.reach.coldStart.containerStart).toBe(20);
    // DGX H100: 8 × Micron 7450 PRO 3.84 TB at 6.8 GB/s read (hardware-profiles/)
    expect(w.reach.coldStart.readBandwidth[0]).toBeCloseTo(8 * 6.8e9, 0);
  });

  it('a service without any of these fields has no reach', () => {
    const plain = parseScenario(SCENARIO.replace(/ {4}also_at[\s\S]*$/, '').replace('{ min: 0, max: 4 }', '2'));
    const w = plain.workloads[0];
    expect(w?.kind).toBe('inference');
    expect(w?.kind === 'inference' ? w.reach : 'not a service').toBeUndefined();
  });
});
