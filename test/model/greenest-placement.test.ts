import { describe, expect, it } from 'vitest';
import { jobEmissions } from '../../src/model/carbon/job-emissions.js';
import { choosePool, type PoolOption } from '../../src/model/placement-policy.js';
import { priceScenario } from '../../src/cost/price-scenario.js';
import { runReplication } from '../../src/model/run-replication.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { InputError } from '../../src/support/input-error.js';
import { simulate } from '../../src/simulate/simulate.js';
import { formatSummary } from '../../src/report/text-summary.js';

const option = (pool: number, emissions: number, expectedWait = 0, runTime = 3600): PoolOption => ({ pool, expectedWait, runTime, devices: 8, price: 1, fits: true, emissions });

describe('greenest placement (choosePool)', () => {
  it('picks the option that would emit least; ties keep home; a pool where the job never starts is no option', () => {
    const green = { kind: 'greenest' } as const;
    expect(choosePool(green, option(0, 3), () => [option(1, 1), option(2, 2)], undefined)).toBe(1);
    expect(choosePool(green, option(0, 1), () => [option(1, 1)], undefined)).toBe(0);
    expect(choosePool(green, option(0, 3), () => [option(1, 0, Infinity)], undefined)).toBe(0);
  });

  it('meets the deadline first: the cleanest pool that completes in time, else the earliest completion', () => {
    const green = { kind: 'greenest' } as const;
    // clean pool 1 would complete at 2 h + 1 h = 3 h: past a 2 h deadline, so the dirtier pool 2 (1 h) wins
    expect(choosePool(green, option(0, 5, 7200), () => [option(1, 1, 7200), option(2, 3)], 7200)).toBe(2);
    // nothing in time: the earliest completion, however dirty
    expect(choosePool(green, option(0, 1, 9000), () => [option(1, 9, 3600)], 1800)).toBe(1);
  });
});

describe('jobEmissions: devices × W × ∫ intensity dt over the expected run', () => {
  it('integrates hour by hour across an hour boundary', () => {
    // hour 0 at 1e-7 kg/J, hour 1 at 3e-7 (repeating every 2 h); a run from 0.5 h to 1.5 h on 2 devices of 1,000 W:
    // 2,000 W × (1,800 s × 1e-7 + 1,800 s × 3e-7) = 2,000 × 7.2e-4 = 1.44 kg
    const carbon = { wattsPerDevice: 1000, kgPerJoule: [1e-7, 3e-7], firstHour: 0 };
    expect(jobEmissions(carbon, 2, 1800, 3600)).toBeCloseTo(1.44, 12);
    // the series repeats: the same run two hours later emits the same
    expect(jobEmissions(carbon, 2, 1800 + 7200, 3600)).toBeCloseTo(1.44, 12);
    // a run of 500 days adds whole periods at the mean (2e-7): 2,000 W × 500 × 86,400 s × 2e-7 = 17,280 kg
    expect(jobEmissions(carbon, 2, 0, 500 * 86_400)).toBeCloseTo(17_280, 6);
  });
});

/**
 * Two owned sites with one node each (8 GPUs, 3,000 W at full load): `coal` at 0.8 kg/kWh and PUE 1.2, `hydro` at
 * 0.05 kg/kWh and PUE 1.5. A 1-hour 8-GPU job emits 3,000 W × 1.2 × 3,600 s × 0.8 kg / 3.6e6 J = 2.88 kg at coal and
 * 3,000 × 1.5 × 3,600 × 0.05 / 3.6e6 = 0.225 kg at hydro.
 */
const scenario = (placement: string, deadline = '') => `
name: greenest
seed: 1
horizon: 10 h
reference: { device: g, precision: bf16 }
profiles:
  g: { id: g, kind: gpu, name: Test GPU, vendor: test, peak: { bf16: 100 TFLOPS } }
  own:
    id: own
    kind: node
    name: owned node
    vendor: test
    accelerators: { profile: g, count: 8 }
    power: { idle: 1000 W, max: 3000 W }
    price: 200000 USD
sites:
  coal:
    nodes: { type: own, count: 1 }
    costs: { carbon_intensity: 0.8 kg/kWh, pue: 1.2 }
  hydro:
    nodes: { type: own, count: 1 }
    costs: { carbon_intensity: 0.05 kg/kWh, pue: 1.5 }
policy: { placement: ${placement} }
workloads:
  - name: j
    site: coal
    arrivals: { interarrival: 60 s, max_jobs: 2 }
    devices: 8
    work: { reference_time: 8 h }
${deadline}
`;

function starts(yaml: string): string[] {
  const pools: string[] = [];
  runReplication(priceScenario(parseScenario(yaml)), 0, { onJob: (e, _job, p) => e === 'start' && pools.push(p) });
  return pools;
}

describe('greenest placement in a run', () => {
  it('sends jobs to the clean grid; with a deadline the one it cannot meet there runs on the dirty grid', () => {
    // the first job takes hydro; the second would wait ≈ 1 h there (done at ≈ 2 h): without a deadline it queues
    expect(starts(scenario('greenest'))).toEqual(['hydro/main', 'hydro/main']);
    // a 1.5 h deadline leaves coal as the only pool in time
    expect(starts(scenario('greenest', '    deadline: 1.5 h'))).toEqual(['hydro/main', 'coal/main']);
    // cheapest ignores the grid: equal nodes, coal's lower PUE makes its energy cheaper
    expect(starts(scenario('cheapest'))).toEqual(['coal/main', 'coal/main']);
  });

  it('each pool carries its emissions per device-second; a node without power, or costs: none, is refused', () => {
    const priced = priceScenario(parseScenario(scenario('greenest')));
    const coal = priced.sites[0]!.pools[0]!.placementCarbon;
    expect(coal?.wattsPerDevice).toBeCloseTo((3000 / 8) * 1.2, 9);
    expect(coal?.kgPerJoule[0]).toBeCloseTo(0.8 / 3.6e6, 15);
    const noPower = scenario('greenest').replace('    power: { idle: 1000 W, max: 3000 W }\n', '');
    expect(() => parseScenario(noPower)).toThrow(InputError);
    expect(() => parseScenario(noPower)).toThrow(/policy\.placement: greenest weighs each pool's power, but own \(pool coal\/main\) publishes none/);
    expect(() => parseScenario(`costs: none\n${scenario('greenest')}`)).toThrow(/greenest ranks pools by the grid intensity/);
  });
});

describe('the text summary of a site that delivered nothing', () => {
  it('prints no cost per GPU-hour for it (the result reads 0 with 0 GPU-hours), and one for the site that worked', () => {
    const text = formatSummary(simulate(parseScenario(scenario('home'))));
    const row = (site: string) => text.split('\n').find((l) => l.startsWith(`${site} `)) ?? '';
    expect(row('hydro')).toContain('none delivered');
    expect(row('coal')).toMatch(/\d USD/);
    expect(row('coal')).not.toContain('none delivered');
  });
});
