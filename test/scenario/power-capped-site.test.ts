import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { readFileSync } from 'node:fs';
import { powerBasis, powerResults } from '../../src/cost/power-basis.js';
import { simulate } from '../../src/simulate/simulate.js';
import { COOLING } from '../../src/model/power/cooling-kinds.js';
import { withPoolSize } from '../../src/planning/size-fleet.js';

/** How loading applies a site's power envelope and a pool's power cap (src/scenario/resolve/resolve-power.ts). */
const yaml = (extra = '') => `
name: power
start: 2026-01-01T00:00:00Z
horizon: 1 day
planning: { horizon: 2 years }
sites:
  dc:
    power:
      envelope: 1 MW
      upgrades: [{ at: 2026-03-01, to: 3 MW, lead_time: 30 days }]
      rack_density: 30 kW
      cooling: air
      pue: 1.3
    pools:
      gpu:
        type: dgx-h100
        count: 75
        purchases: [{ count: 100, ordered: 2026-01-31 }]
${extra}
    costs: { installation: 1000 USD }
workloads:
  - { name: a, pool: gpu, arrivals: { rate: 1 /h }, devices: 8, work: { reference_time: 1 h } }
`;

describe('a power-capped site', () => {
  it('75 DGX H100 (10.2 kW × PUE 1.3 = 13.26 kW) fit 1 MW; 100 more wait for the 3 MW upgrade', () => {
    const s = parseScenario(yaml());
    const site = s.sites[0]!;
    const pool = site.pools[0]!;
    // upgrade ordered 2026-03-01 (day 59) + 30 days lead time = day 89; the purchase arrives on day 30
    expect(pool.tranches.map((t) => [t.nodes, t.orderedAt / 86_400, t.onlineAt / 86_400])).toEqual([
      [75, 0, 0],
      [100, 30, 89],
    ]);
    const p = powerResults(s)?.['dc'];
    expect(p).toMatchObject({ envelope_mw: 1, final_envelope_mw: 3, bound: true, nodes_waiting_for_power: 100, pue: 1.3, cooling: 'air' });
    expect(p?.peak_it_mw).toBeCloseTo((175 * 10.2) / 1000, 6); // 1.785 MW
    // 30 kW racks hold ⌊30 / 10.2⌋ = 2 nodes: ⌈175 / 2⌉ = 88 racks
    expect(p?.racks).toBe(88);
    expect(p?.waits[0]).toMatchObject({ pool: 'dc/gpu', nodes: 100, delivered_date: '2026-01-31', energised_date: '2026-03-31' });
    // the site's PUE becomes the power block's; the air plant (2.4 USD/W × 1.785 MW) joins the installation capex
    expect(site.costs.kind === 'on-prem' && site.costs.pue).toBe(1.3);
    expect(site.costs.kind === 'on-prem' && site.costs.installation).toBeCloseTo(1000 + 2.4 * 1_785_000, 3);
    expect(powerBasis(s)).toContain('POWER-BOUND: 100 nodes of dc/gpu delivered 2026-01-31 wait for power until 2026-03-31');
  });

  it('a power cap of 0.8 lowers node power to 8.16 kW and the bf16 peak to 80 %; more nodes then fit', () => {
    const s = parseScenario(yaml('        power_cap: 0.8'));
    const pool = s.sites[0]!.pools[0]!;
    expect(pool.power?.max).toBeCloseTo(8160, 6);
    expect(pool.device.peak.bf16).toBeCloseTo(0.8 * 989.5e12, -6);
    // 175 × 8.16 kW × 1.3 = 1.856 MW: still over 1 MW, so the purchase still waits; 75 + 19 would have fit (94 × 10.608 kW = 0.997 MW)
    expect(pool.tranches[1]?.onlineAt).toBe(89 * 86_400);
    expect(powerResults(s)?.['dc']?.power_caps?.['dc/gpu']).toEqual({ cap: 0.8, exponent: 1, throughput: 0.8 });
  });

  it('without a power block nothing changes: the tranches keep their delivery dates and no power result is made', () => {
    const s = parseScenario(yaml().replace(/ {4}power:[\s\S]*?pue: 1\.3\n/, ''));
    expect(s.sites[0]!.pools[0]!.tranches.map((t) => t.onlineAt / 86_400)).toEqual([0, 30]);
    expect(powerResults(s)).toBeUndefined();
    expect(s.sites[0]!.power).toBeUndefined();
  });
});

describe('a power-capped site in the TCO', () => {
  const run = (withPower: boolean) => {
    const text = withPower
      ? yaml()
      : yaml()
          .replace(/ {4}power:[\s\S]*?pue: 1\.3\n/, '')
          .replace('costs: { installation: 1000 USD }', 'costs: { installation: 1000 USD, pue: 1.3 }');
    return simulate(parseScenario(text.replace('horizon: 1 day', 'horizon: 6 h')));
  };
  it('the waiting delivery draws no energy for its 59 days of waiting; the air plant joins the installation line', () => {
    const [capped, free] = [run(true), run(false)];
    const cost = (r: ReturnType<typeof run>) => r.replications[0]!.cost!.by_category;
    // same window (both see the 75 nodes online at the start), same PUE: energy ∝ online node-seconds over the 2 years
    const H = 2 * 365.25;
    const nodeDays = (wait: number) => 75 * H + 100 * (H - 30 - wait);
    expect(cost(capped).energy / cost(free).energy).toBeCloseTo(nodeDays(59) / nodeDays(0), 9);
    expect(cost(capped).installation - cost(free).installation).toBeCloseTo((2.4 * 175 * 10_200 * 2) / 5, 3); // 4,284,000 USD of plant, depreciated over 5 years: 2 inside the horizon
    expect(capped.cost_analysis?.power?.['dc']?.bound).toBe(true);
    expect(free.cost_analysis?.power).toBeUndefined();
  });
});

describe('the docs agree with the code', () => {
  it('the cooling table of docs/sites-and-placement.md gives the figures src/model/power/cooling-kinds.ts uses', () => {
    const doc = readFileSync(new URL('../../docs/sites-and-placement.md', import.meta.url), 'utf8');
    for (const [kind, c] of Object.entries(COOLING)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${kind}\``));
      const cells = row?.split('|').map((x) => x.trim());
      expect(cells?.slice(2, 5), kind).toEqual([String(c.pue), `${c.maxRackDensity / 1000} kW`, `${(c.capexPerWatt * 1000).toLocaleString('en-US')} USD/kW`]);
    }
  });
});

describe('sizing a pool of a power-capped site', () => {
  it('is refused rather than run without its envelope', () => {
    expect(() => withPoolSize(parseScenario(yaml()), 'dc/gpu', 10)).toThrow(/power-capped site 'dc'/);
  });
});
