import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { scenarioErrorOf as errorOf } from '../support/scenario-error.js';

/**
 * Each case edits one line of a valid scenario and states the exact message a user must see:
 * file:line:col of the offending value, the field path, and a hint where one helps. Line and column
 * numbers are those of the edited text in test/fixtures/mmc-inline.yaml.
 */
const base = readFileSync(new URL('../fixtures/mmc-inline.yaml', import.meta.url), 'utf8');

const cases: [string, string, string][] = [
  ['misspelt field gets a did-you-mean hint', base.replace('horizon:', 'horizn:'), "case.yaml:3:1: horizn: unknown field (hint: did you mean 'horizon'?)"],
  [
    'negative count',
    base.replace('count: 1 }\nworkloads', 'count: -3 }\nworkloads'),
    'case.yaml:32:34: sites.lab.nodes.count: must be ≥ 0, got -3 (hint: on-prem: nodes usable from the start; cloud: instances provisioned for the whole run (committed), 0 allowed with autoscale)',
  ],
  ['quantity of the wrong dimension', base.replace('horizon: 2000 h', 'horizon: 80 GB'), "case.yaml:3:10: horizon: '80 GB' is not a duration; write a duration such as '30 days', '8 min' or '1.5 h'"],
  ['number without a unit', base.replace('horizon: 2000 h', 'horizon: 2000'), "case.yaml:3:10: horizon: expected a duration such as '30 days', '8 min' or '1.5 h', got 2000"],
  [
    'unknown distribution kind',
    base.replace('kind: exponential', 'kind: expo'),
    'case.yaml:37:37: workloads[0].work.reference_time.kind: must be one of "constant", "exponential", "uniform", "normal", "lognormal", "gamma", "weibull", "pareto", "empirical", got "expo"',
  ],
  [
    'unknown profile reference',
    base.replace('type: node4', 'type: node5'),
    "case.yaml:32:20: sites.lab.nodes.type: unknown profile 'node5' (hint: did you mean 'node4'? ('simulate profiles' lists them))",
  ],
  ['duplicate key', base.replace('seed: 7', 'seed: 7\nseed: 8'), 'case.yaml:3:1: seed: duplicate key: this field is already set above in the same block (hint: keep one of them)'],
  [
    'job larger than its pool',
    base.replace('devices: 1', 'devices: 9'),
    "case.yaml:36:14: workloads[0].devices: asks for 9 devices but pool 'lab/main' has only 4 (hint: such a job could never start)",
  ],
  [
    'missing required block',
    base.replace('    arrivals: { rate: 3.2 /h }\n', ''),
    'case.yaml:34:5: workloads[0].arrivals: is required (hint: how jobs are submitted: {rate: 4 /h} or {interarrival: <distribution>})',
  ],
  ['NaN quantity', base.replace('rate: 3.2 /h', 'rate: .nan'), "case.yaml:35:23: workloads[0].arrivals.rate: expected a rate such as '4 /h' or '40 /s', got NaN"],
  [
    'zero bandwidth in an inline profile',
    base.replace('bandwidth: 2 TB/s', 'bandwidth: 0 TB/s'),
    "case.yaml:14:43: profiles.ref-gpu.memory.bandwidth: '0 TB/s' must be greater than zero (hint: peak memory bandwidth (a bandwidth such as '3.35 TB/s' or '400 Gbit/s'))",
  ],
  [
    'negative quantity',
    base.replace('horizon: 2000 h', 'horizon: -5 h'),
    "case.yaml:3:10: horizon: '-5 h' must be greater than zero (hint: simulated time span (a duration such as '30 days', '8 min' or '1.5 h'))",
  ],
  ['infinite quantity', base.replace('rate: 3.2 /h', 'rate: .inf'), "case.yaml:35:23: workloads[0].arrivals.rate: expected a rate such as '4 /h' or '40 /s', got Infinity"],
  ['unknown site', base.replace('    devices: 1', '    site: labb\n    devices: 1'), "case.yaml:36:11: workloads[0].site: unknown site 'labb' (hint: one of: lab)"],
  [
    'weights that do not match values',
    base.replace('devices: 1', 'devices: { kind: empirical, values: [1, 2], weights: [1] }'),
    'case.yaml:36:58: workloads[0].devices.weights: has 1 weights for 2 values (hint: relative weights, one per value)',
  ],
  [
    'parameter that the distribution does not take',
    base.replace('mean: 1 h }', 'mean: 1 h, sd: 2 h }'),
    'case.yaml:37:61: workloads[0].work.reference_time.sd: unknown field (hint: expected one of: kind, mean)',
  ],
  [
    'warm-up longer than the horizon',
    base.replace('warmup: 100 h', 'warmup: 3000 h'),
    "case.yaml:4:9: warmup: warmup must be shorter than the horizon (hint: initial period excluded from statistics (a duration such as '30 days', '8 min' or '1.5 h'))",
  ],
  [
    'precision the device lacks',
    base.replace('work: { reference_time', 'work: { precision: fp64, reference_time'),
    "case.yaml:37:24: workloads[0].work.precision: pool 'lab/main' runs on ref-gpu, which has no fp64 peak (hint: one of: bf16)\n" +
      "case.yaml:37:24: workloads[0].work.precision: the reference device 'ref-gpu' has no fp64 peak",
  ],
  [
    'YAML syntax error',
    base.replace('arrivals: { rate: 3.2 /h }', 'arrivals: { rate: 3.2 /h'),
    'case.yaml:36:5: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
  ],
  [
    'a node profile whose accelerator is a network card',
    base
      .replace('accelerators: { profile: ref-gpu, count: 4 }', 'accelerators: { profile: ref-cpu2, count: 4 }')
      .replace('profiles:\n', 'profiles:\n  ref-cpu2: { id: ref-cpu2, kind: network, name: n, vendor: v, class: ethernet, bandwidth: 100 Gbit/s }\n'),
    "case.yaml:29:30: profiles.node4.accelerators.profile: 'ref-cpu2' is a network profile, but a cpu or gpu or tpu or asic or fpga profile is needed here (hint: 'simulate profiles' lists them with their kinds)",
  ],
];

describe('invalid scenarios are reported with file:line:col, field and hint', () => {
  it('the base fixture itself is valid', () => {
    expect(parseScenario(base, 'base.yaml').name).toBe('mmc-inline');
  });
  it.each(cases)('%s', (_name, text, expected) => {
    expect(errorOf(text)).toBe(expected);
  });

  it('rejects an alias bomb without expanding it', () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    expect(errorOf(bomb)).toBe('case.yaml:2:8: too many alias expansions (more than 1000); this looks like an alias bomb (hint: write the repeated blocks out, or share fewer of them)');
  });

  it('rejects bytes that are not UTF-8, naming the line', async () => {
    const { parseYaml } = await import('../../src/scenario/yaml-file.js');
    const bytes = new Uint8Array([...Buffer.from('name: a\nseed: 1\nx: '), 0xff, 0xfe, 0x0a]);
    expect(() => parseYaml(bytes, 'bin.yaml')).toThrow('bin.yaml:3:4: is not valid UTF-8 text (hint: save the file as UTF-8)');
  });

  it('fills in every default and normalises units to SI numbers', () => {
    const s = parseScenario(base.replace('warmup: 100 h\n', '').replace('replications: 3\n', ''), 'd.yaml');
    expect(s.warmup).toBe(0);
    expect(s.replications).toBe(1);
    expect(s.scheduler).toEqual({ kind: 'fcfs', estimateFactor: 1 });
    expect(s.horizon).toBe(2000 * 3600);
    const w = s.workloads[0]! as import('../../src/model/types.js').BatchWorkload;
    // 3.2 jobs per hour = a mean interarrival of 3600/3.2 s.
    expect(w.arrivals).toEqual({ kind: 'renewal', interarrival: { kind: 'exponential', mean: 3600 / 3.2 } });
    expect(w.work).toEqual({ unit: 'reference-time', amount: { kind: 'exponential', mean: 3600 }, precision: 'bf16' });
    expect(s.sites[0]!.pools[0]!.device.memory).toEqual({ capacity: 80e9, bandwidth: 2e12 });
    expect(Object.isFrozen(s.sites[0]!.pools[0])).toBe(true);
  });
});
