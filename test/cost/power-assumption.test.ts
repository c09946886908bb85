import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { formatSummary } from '../../src/report/text-summary.js';
import { nodePower } from '../../src/scenario/resolve/resolve-site-costs.js';
import type { Power } from '../../src/model/profile-types.js';
import { h100, nodeProfile } from './fixtures.js';

/**
 * Product rule: nothing the TCO rests on is silently assumed. Most node profiles publish only a
 * maximum power; the idle draw the energy cost needs is then `idle_power_fraction` × max (default
 * 0.25), and the cost basis must say so, with the fraction. A published idle figure is used as is.
 */
const scenario = (node: string, costs = '', extra = '') => `
name: idle
horizon: 100 h
replications: 1
${extra}
sites:
  lab:
    nodes: { type: ${node}, count: 2 }
    costs: { power_price: 0.1 USD/kWh${costs} }
workloads:
  - name: jobs
    arrivals: { rate: 1 /h }
    devices: 8
    work: { reference_time: 1 h }
`;

const quiet = `
profiles:
  quiet:
    id: quiet
    kind: node
    name: a node that publishes its idle draw
    vendor: test
    accelerators: { profile: h100-sxm-80gb, count: 8 }
    power: { idle: 1.5 kW, max: 10 kW }
    price: 100000 USD
`;

const hardware = (yaml: string) => simulate(parseScenario(yaml)).cost_analysis!.basis.hardware;

describe('the idle power a TCO assumes is printed in its basis', () => {
  it('a node profile without an idle figure: the basis says ASSUMED and gives the fraction', () => {
    // DGX H100: 10.2 kW max, no published idle draw → 0.25 × 10.2 = 2.55 kW.
    const text = hardware(scenario('dgx-h100'));
    expect(text).toContain('10.2 kW max per node (node profile; idle 2.55 kW ASSUMED: 25 % of max (idle_power_fraction), the profile publishes no idle figure)');
  });

  it('the fraction printed is the site’s idle_power_fraction, and the energy follows it', () => {
    const low = simulate(parseScenario(scenario('dgx-h100')));
    const high = simulate(parseScenario(scenario('dgx-h100', ', idle_power_fraction: 0.4')));
    // 0.4 × 10.2 kW = 4.08 kW
    expect(high.cost_analysis!.basis.hardware).toContain('idle 4.08 kW ASSUMED: 40 % of max (idle_power_fraction)');
    // A lightly loaded fleet spends most of its time idle: a higher assumed idle draw costs more energy.
    expect(high.summary.cost!.by_category.energy.mean).toBeGreaterThan(low.summary.cost!.by_category.energy.mean);
    // The text summary prints the same words under `hardware:`.
    expect(formatSummary(high)).toContain('ASSUMED: 40 % of max');
  });

  it('a published idle figure is used as is and nothing is marked assumed', () => {
    const text = hardware(scenario('quiet', '', quiet));
    expect(text).toContain('10 kW max per node (node profile; idle 1.5 kW published)');
    expect(text).not.toContain('ASSUMED');
  });

  it('the bundled GB200 NVL72 tray publishes its idle draw, so its basis assumes nothing', () => {
    const text = hardware(scenario('gb200-nvl72-tray').replace('devices: 8', 'devices: 4'));
    expect(text).toMatch(/6\.67 kW max per node \(node profile; idle 1 kW published\)/);
    expect(text).not.toContain('ASSUMED');
  });
});

describe('nodePower says when it assumed an idle figure', () => {
  const gpu = (power: Power) => ({ accelerators: { profile: { ...h100, power }, count: 8 } });

  it('own figure with idle: published; own figure without: the assumed fraction × max', () => {
    expect(nodePower(nodeProfile({ power: { idle: 300, max: 1000 } }), 0.25)).toEqual({ idle: 300, max: 1000 });
    expect(nodePower(nodeProfile({ power: { max: 1000 } }), 0.3)).toEqual({ idle: 300, max: 1000, idleAssumedFraction: 0.3 });
  });

  it('summed parts: assumed only when a powered part lacks an idle figure', () => {
    // 8 × 50 W idle, 8 × 700 W max
    expect(nodePower(nodeProfile(gpu({ idle: 50, max: 700 })), 0.25)).toEqual({ idle: 400, max: 5600 });
    // 8 × 0.25 × 700 W
    expect(nodePower(nodeProfile(gpu({ max: 700 })), 0.25)).toEqual({ idle: 1400, max: 5600, idleAssumedFraction: 0.25 });
  });
});
