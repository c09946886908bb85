import { describe, expect, it } from 'vitest';
import { embodiedKg } from '../../src/cost/embodied-carbon.js';
import { priceScenario } from '../../src/cost/price-scenario.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

/**
 * Embodied carbon across a refresh (issue 16, items 2 and 3 together), by hand. 10 DGX H100 (8 GPUs) at 1,000 kg
 * per system + 100 kg per GPU = 1,800 kg a node over 5 years, refreshed after 1 year by 5 DGX B200 at 1,200 + 8 ×
 * 150 = 2,400 kg a node over 4 years; a 3-year plan. The H100s are held 1 year of their 5: 10 × 1,800 × 1/5 =
 * 3,600 kg (the rest leaves with them when they are sold); the B200s 2 years of their 4: 5 × 2,400 × 2/4 = 6,000 kg.
 */
const SOURCE = '{ url: https://example.org/lca, title: test figures, note: "ESTIMATE, 2026-12: hand-made figures of this test" }';
const yaml = (step: string, poolCarbon = `embodied_carbon: { per_system_kg: 1000, per_device_kg: 100, life: 5 years, source: ${SOURCE} }`) => `
name: embodied-refresh
horizon: 1 day
planning: { horizon: 3 years }
sites:
  dc:
    pools:
      gpu:
        type: dgx-h100
        count: 10
        ${poolCarbon}
        refresh: [${step}]
workloads:
  - { name: a, pool: gpu, arrivals: { rate: 1 /h }, devices: 8, work: { reference_time: 8 h } }
`;

const kg = (text: string) => {
  const s = priceScenario(parseScenario(text));
  return embodiedKg(s.sites[0]!, s.planning.horizon);
};

describe('embodied carbon of refreshed generations', () => {
  it('each generation carries its own figure for the part of its life the site holds it', () => {
    const b200 = `{ at: 1 year, type: dgx-b200, count: 5, embodied_carbon: { per_system_kg: 1200, per_device_kg: 150, life: 4 years, source: ${SOURCE} } }`;
    expect(kg(yaml(b200))).toBeCloseTo(3600 + 6000, 6);
  });

  it('a like-for-like refresh inherits the figure: 10 × 1,800 × 1/5 + 10 × 1,800 × 2/5', () => {
    expect(kg(yaml('{ at: 1 year, count: 10 }'))).toBeCloseTo(3600 + 7200, 6);
  });

  it('a new kind of node without a figure, or a figure on a pool that gives none, is a located error', () => {
    expect(() => parseScenario(yaml('{ at: 1 year, type: dgx-b200, count: 5 }'))).toThrow(
      /refresh\[0\]\.embodied_carbon: is required: the pool reports embodied carbon, and 'dgx-b200' is a new kind of node/,
    );
    expect(() => parseScenario(yaml(`{ at: 1 year, count: 5, embodied_carbon: { per_system_kg: 1, life: 4 years, source: ${SOURCE} } }`, ''))).toThrow(
      /refresh\[0\]\.embodied_carbon: is given, but the pool's first generation has none/,
    );
  });
});
