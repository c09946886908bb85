/**
 * `devices` as a share of one device or as MIG instances (src/scenario/device-request-schema.ts,
 * resolve/resolve-slice.ts): the accepted forms and what they resolve to, and the located errors a
 * user sees for the forms that cannot run. Line:col numbers are those of the texts below.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { scenarioErrorOf as errorOf } from '../support/scenario-error.js';

const scenario = (node: string, workload: string) => `name: slices
horizon: 30 days
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: ${node}, count: 1 } }
workloads:
  - name: w
${workload}`;

const batch = (devices: string, node = 'dgx-h100') => scenario(node, `    arrivals: { rate: 1 /h }\n    devices: ${devices}\n    work: { reference_time: 1 h }\n`);
const training = (devices: string, extra = '') => scenario('dgx-h100', `    kind: training\n    arrivals: { rate: 1 /h }\n    devices: ${devices}\n    model: { params: 1e9, tokens: 1e9 }\n${extra}`);
const inference = (devices: string, params = '1e9', extra = '') =>
  scenario(
    'dgx-h100',
    `    kind: inference\n    model: { params: ${params}, kv_cache: { bytes_per_token: 100 kB } }\n    arrivals: { rate: 1 /s }\n    tokens: { input: 100, output: 100 }\n    replicas: 2\n    devices: ${devices}\n${extra}`,
  );

describe('accepted forms', () => {
  it('a share: 0.5, or {share, memory}', () => {
    const w = parseScenario(batch('0.5')).workloads[0]!;
    expect(w.kind === 'batch' && w.slice).toEqual({ kind: 'share', fraction: 0.5 });
    expect(w.kind === 'batch' && w.devices).toEqual({ kind: 'constant', value: 0.5 });
    const m = parseScenario(batch('{ share: 0.25, memory: 30 GB }')).workloads[0]!;
    expect(m.kind === 'batch' && m.slice).toEqual({ kind: 'share', fraction: 0.25, memory: 30e9 });
  });

  it('MIG instances: the profile of the pool GPU, count default 1; devices = count × compute slices / 7', () => {
    const w = parseScenario(batch('{ mig: 3g.40gb, count: 2 }')).workloads[0]!;
    if (w.kind !== 'batch' || w.slice?.kind !== 'mig') throw new Error('expected a MIG slice');
    expect(w.slice.profile).toEqual({ name: '3g.40gb', computeSlices: 3, memorySlices: 4, memory: 40e9, maxInstances: 2 });
    expect([w.slice.count, w.slice.totalCompute, w.slice.totalMemory]).toEqual([2, 7, 8]);
    expect(w.devices).toEqual({ kind: 'constant', value: 6 / 7 });
    const one = parseScenario(batch('{ mig: 1g.10gb }')).workloads[0]!;
    expect(one.kind === 'batch' && one.slice?.kind === 'mig' && one.slice.count).toBe(1);
  });

  it('training on a share, and an inference replica on a MIG instance', () => {
    const t = parseScenario(training('0.5')).workloads[0]!;
    expect(t.kind === 'training' && t.slice).toEqual({ kind: 'share', fraction: 0.5 });
    const i = parseScenario(inference('{ mig: 1g.10gb }')).workloads[0]!;
    expect(i.kind === 'inference' && i.slice?.kind === 'mig' && i.slice.profile.name).toBe('1g.10gb');
    expect(i.kind === 'inference' && i.tensorParallel).toBe(1);
  });

  it('MIG jobs may burst only to pools of the same GPU; shares to any pool', () => {
    const burst = (devices: string) => `name: burst
horizon: 30 days
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
  lab: { pools: { a100: { type: dgx-a100-640gb, count: 1 }, h100: { type: dgx-h100, count: 1 } } }
policy: { placement: burst, burst: { to: [lab], threshold: 1 h } }
workloads:
  - name: w
    site: dc
    arrivals: { rate: 1 /h }
    devices: ${devices}
    work: { reference_time: 1 h }
`;
    expect(parseScenario(burst('{ mig: 1g.10gb }')).workloads[0]!.alternatives).toEqual(['lab/h100']);
    expect(parseScenario(burst('0.5')).workloads[0]!.alternatives).toEqual(['lab/a100', 'lab/h100']);
  });

  it('whole devices are unchanged', () => {
    const w = parseScenario(batch('2')).workloads[0]!;
    expect(w.kind === 'batch' && w.slice).toBeUndefined();
    expect(w.kind === 'batch' && w.devices).toEqual({ kind: 'constant', value: 2 });
  });
});

describe('located errors', () => {
  it('an unknown MIG profile names the GPU, a near name and its profiles', () => {
    expect(errorOf(batch('{ mig: 1g.10g }'))).toBe(
      "case.yaml:9:21: workloads[0].devices.mig: h100-sxm-80gb has no MIG profile '1g.10g' (hint: did you mean '1g.10gb'? its profiles: 1g.10gb, 1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb)",
    );
  });

  it('a GPU without partitioning refuses MIG', () => {
    expect(errorOf(batch('{ mig: 1g.10gb }', 'dgx-a100-640gb'))).toMatch(
      /^case\.yaml:9:21: workloads\[0\]\.devices\.mig: pool 'dc\/main' runs on a100-sxm-80gb, which has no MIG partitioning .*\(hint: ask for a time-sliced share instead/,
    );
  });

  it('a number that is neither a whole count nor a share', () => {
    expect(errorOf(batch('1.5'))).toMatch(
      /^case\.yaml:9:14: workloads\[0\]\.devices: must be a whole number of devices \(1 to 1,000,000\) or a share of one device between 0 and 1, got 1\.5 \(hint: devices per job: an integer; .* or MIG instances \{mig: 1g\.10gb, count: 1\}\)$/,
    );
  });

  it('more instances than one node holds', () => {
    // 4g.40gb: one per GPU, 8 GPUs per DGX H100.
    expect(errorOf(batch('{ mig: 4g.40gb, count: 9 }'))).toMatch(
      /^case\.yaml:9:\d+: workloads\[0\]\.devices\.count: asks for 9 4g\.40gb instances, but one dgx-h100 node holds at most 8 \(1 per GPU × 8 GPUs\)/,
    );
  });

  it('training refuses several MIG instances and model parallelism on a share', () => {
    expect(errorOf(training('{ mig: 3g.40gb, count: 2 }'))).toMatch(/workloads\[0\]\.devices\.count: a training job runs on one MIG instance, got 2/);
    expect(errorOf(training('0.5', '    model_parallel: 2\n'))).toMatch(/workloads\[0\]\.model_parallel: is 2, but a job on part of a device has no devices to split the model over/);
  });

  it('an inference replica whose weights do not fit its MIG instance', () => {
    // 8e9 parameters in bf16 = 16 GB of weights, against the 10 GB of a 1g.10gb instance.
    expect(errorOf(inference('{ mig: 1g.10gb }', '8e9'))).toMatch(
      /^case\.yaml:9:22: workloads\[0\]\.model\.params: the weights need 16 GB per replica .* but a MIG 1g\.10gb instance of h100-sxm-80gb holds 9 GB of its 10 GB after the activation reserve \(hint: use a larger MIG profile/,
    );
    // ... and fit a 3g.40gb instance.
    expect(() => parseScenario(inference('{ mig: 3g.40gb }', '8e9'))).not.toThrow();
  });

  it('an inference replica on part of a device has tensor_parallel 1, and one MIG instance', () => {
    expect(errorOf(inference('0.5', '1e9', '    tensor_parallel: 2\n'))).toMatch(/workloads\[0\]\.tensor_parallel: is 2, but a replica on part of a device/);
    expect(errorOf(inference('{ mig: 1g.10gb, count: 2 }'))).toMatch(/workloads\[0\]\.devices\.count: a replica runs on one MIG instance, got 2/);
  });

  it('a share asking for more memory than its device has', () => {
    expect(errorOf(batch('{ share: 0.5, memory: 100 GB }'))).toMatch(/workloads\[0\]\.devices\.memory: is 100 GB, more than the 80 GB of one h100-sxm-80gb/);
  });
});
