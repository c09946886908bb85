import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { bytesPerElement, computeRate } from '../../src/model/performance/precision.js';
import { scenarioErrorOf as errorOf } from '../support/scenario-error.js';

/**
 * The profile fields the 2026 parts need: an `asic` kind, fp6/fp4 peaks, sparse peaks kept apart from
 * dense ones, MIG partitions, a scale-up domain wider than one node, and liquid cooling. Each is read
 * from an inline profile, resolved into the model's camelCase shape, and refused when it is wrong.
 */
const base = readFileSync(new URL('../fixtures/mmc-inline.yaml', import.meta.url), 'utf8');

const withNewFields = base
  .replace(
    '    peak: { bf16: 100 TFLOPS }\n',
    [
      '    peak: { bf16: 100 TFLOPS, fp8: 200 TFLOPS, fp6: 200 TFLOPS, fp4: 400 TFLOPS }',
      '    peak_sparse: { fp4: 800 TFLOPS }',
      '    partitioning:',
      '      compute_slices: 7',
      '      memory_slices: 8',
      '      profiles:',
      '        - { name: 1g.10gb, compute_slices: 1, memory_slices: 1, memory: 10 GB, max_instances: 7 }',
      '        - { name: 7g.80gb, compute_slices: 7, memory_slices: 8, memory: 80 GB, max_instances: 1 }',
      '',
    ].join('\n'),
  )
  .replace('    cpus: { profile: ref-cpu, count: 1 }\n', '    cpus: { profile: ref-cpu, count: 1 }\n    scale_up: { profile: ref-link, domain_nodes: 18 }\n    cooling: liquid\n')
  .replace(
    'sites:\n',
    [
      '  ref-link:',
      '    id: ref-link',
      '    kind: network',
      '    class: nvlink',
      '    name: reference scale-up link',
      '    vendor: test',
      '    bandwidth: 900 GB/s',
      '  ref-npu:',
      '    id: ref-npu',
      '    kind: asic',
      '    name: Reference NPU',
      '    vendor: test',
      '    peak: { bf16: 500 TFLOPS }',
      'sites:',
      '',
    ].join('\n'),
  );

describe('2026 profile fields', () => {
  const scenario = parseScenario(withNewFields, 'case.yaml');
  const node = scenario.sites[0]?.pools[0]?.node;

  it('reads fp6/fp4 and sparse peaks, MIG partitions, a multi-node scale-up domain and cooling', () => {
    const gpu = node?.accelerators?.profile;
    expect(gpu?.peak.fp4).toBe(400e12);
    expect(gpu?.peak.fp6).toBe(200e12);
    expect(gpu?.peakSparse).toEqual({ fp4: 800e12 });
    expect(gpu?.partitioning?.computeSlices).toBe(7);
    expect(gpu?.partitioning?.profiles.map((p) => [p.name, p.computeSlices, p.memorySlices, p.memory, p.maxInstances])).toEqual([
      ['1g.10gb', 1, 1, 10e9, 7],
      ['7g.80gb', 7, 8, 80e9, 1],
    ]);
    expect(node?.scale_up?.domainNodes).toBe(18);
    expect(node?.scale_up?.profile.class).toBe('nvlink');
    expect(node?.cooling).toBe('liquid');
  });

  it('keeps a scale-up domain of one node when domain_nodes is not given', () => {
    const one = parseScenario(withNewFields.replace('scale_up: { profile: ref-link, domain_nodes: 18 }', 'scale_up: { profile: ref-link }'), 'case.yaml');
    expect(one.sites[0]?.pools[0]?.node.scale_up?.domainNodes).toBe(1);
  });

  it('packs fp6 four values in three bytes and fp4 two in a byte', () => {
    expect(bytesPerElement.fp6).toBe(0.75);
    expect(bytesPerElement.fp4).toBe(0.5);
  });

  it('never runs at the sparse peak: the dense fp4 peak is the one the model uses', () => {
    const gpu = node?.accelerators?.profile;
    if (!gpu) throw new Error('no accelerator');
    expect(computeRate(gpu, 'fp4', 1, Infinity).peak).toBe(400e12);
  });

  it('refuses a MIG profile larger than the GPU', () => {
    expect(errorOf(withNewFields.replace('name: 7g.80gb, compute_slices: 7', 'name: 7g.80gb, compute_slices: 9'))).toMatch(
      /^case\.yaml:\d+:\d+: profiles\.ref-gpu\.partitioning: a profile cannot have more slices than the GPU/,
    );
  });

  it('refuses a partition name that is not a MIG profile name', () => {
    expect(errorOf(withNewFields.replace('name: 1g.10gb', 'name: small'))).toMatch(/profiles\.ref-gpu\.partitioning\.profiles\[0\]\.name: must be NVIDIA's MIG profile name/);
  });

  it('refuses an unknown cooling kind and a zero-node domain', () => {
    expect(errorOf(withNewFields.replace('cooling: liquid', 'cooling: immersion'))).toMatch(/profiles\.node4\.cooling: must be one of "air", "liquid"/);
    expect(errorOf(withNewFields.replace('domain_nodes: 18', 'domain_nodes: 0'))).toMatch(/profiles\.node4\.scale_up\.domain_nodes: must be ≥ 1/);
  });
});
