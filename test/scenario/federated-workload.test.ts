import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import type { FederatedWorkload } from '../../src/model/types.js';

/** Loading a federated workload: the bytes and FLOP each round moves and computes, worked out by hand from the fields. */
const scenario = (model: string, local: string, extra = '') => `
name: fl
horizon: 1 h
costs: none
policy: { residency: { eu-only: [dc] } }
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
  stores: { kind: edge, nodes: { type: cpu-2s-epyc9654, count: 1 } }
workloads:
  - name: fl
    kind: federated
    site: dc
    clients: { count: 100, site: stores, device: l40s, uplink: 20 Mbit/s, downlink: 100 Mbit/s, availability: 0.5, dropout: 0 }
    model: ${model}
    local: ${local}
    per_round: 10
    min_reports: 8
    ${extra}
`;

const load = (yaml: string): FederatedWorkload => {
  const w = parseScenario(yaml).workloads[0];
  if (w?.kind !== 'federated') throw new Error('not a federated workload');
  return w;
};

describe('federated workload resolution', () => {
  it('a model card with LoRA-size updates given in bytes: the download is the whole model at its precision', () => {
    const w = load(scenario('{ card: llama-3.1-8b, precision: bf16, update_bytes: 80 MB }', '{ flops_per_sample: 1 TFLOP, samples: 100 }'));
    // llama-3.1-8b: 8,030,261,248 parameters (its card) × 2 B
    expect(w.federated.download).toBe(8_030_261_248 * 2);
    expect(w.federated.update).toBe(80e6);
    expect(w.federated.model).toMatchObject({ params: 8_030_261_248, card: 'llama-3.1-8b' });
    // FedAvg by default: 2 FLOP per parameter per update
    expect(w.federated.aggregation.flopsPerReport).toBe(2 * 8_030_261_248);
  });

  it('explicit params: update = params × bytes per parameter ÷ compression', () => {
    const w = load(scenario('{ params: 1e6, precision: fp32, compression: 8 }', '{ flops_per_sample: 1 GFLOP, samples: 10 }'));
    expect(w.federated.download).toBe(4e6);
    expect(w.federated.update).toBe(5e5);
  });

  it('local work: samples, steps × batch, or epochs × dataset_samples, each × flops_per_sample', () => {
    const flops = (local: string) => load(scenario('{ params: 1e6 }', local)).federated.local.flops;
    expect(flops('{ flops_per_sample: 2 GFLOP, samples: 300 }')).toBe(600e9);
    expect(flops('{ flops_per_sample: 2 GFLOP, steps: 20, batch: 32 }')).toBe(2e9 * 640);
    expect(flops('{ flops_per_sample: 2 GFLOP, epochs: 3, dataset_samples: 1000 }')).toBe(6e12);
  });

  it('a language model: 6·N FLOP per token fully fine-tuned, 4·N with LoRA', () => {
    const local = (form: string) => load(scenario('{ card: llama-3.1-8b, precision: bf16, update_bytes: 80 MB }', form)).federated.local.flops;
    expect(local('{ tokens: 1e5 }')).toBe(6 * 8_030_261_248 * 1e5);
    expect(local('{ tokens: 1e5, fine_tuning: lora }')).toBe(4 * 8_030_261_248 * 1e5);
    expect(() => parseScenario(scenario('{ params: 1e6 }', '{ tokens: 1e5, flops_per_sample: 1 GFLOP, samples: 5 }'))).toThrow(/local.tokens: give either 'tokens'/);
  });

  it('refuses a model whose weights alone exceed the client device memory', () => {
    // llama-3.1-70b at fp16: 70.6e9 × 2 B ≈ 141 GB, more than an L40S's 48 GB
    expect(() => parseScenario(scenario('{ card: llama-3.1-70b, update_bytes: 200 MB }', '{ tokens: 1e4 }'))).toThrow(
      /clients.device: the model's weights alone \(141.1 GB at fp16\) exceed the 48 GB of l40s/,
    );
  });

  it('MFU: the scenario’s, else the device class default stated as an assumption; power from the device profile', () => {
    const given = load(scenario('{ params: 1e6 }', '{ flops_per_sample: 1 GFLOP, samples: 1, mfu: 0.3 }'));
    expect(given.federated.local).toMatchObject({ mfu: 0.3, mfuSource: 'input' });
    const assumed = load(scenario('{ params: 1e6 }', '{ flops_per_sample: 1 GFLOP, samples: 1 }'));
    expect(assumed.federated.local.mfu).toBe(0.4);
    expect(assumed.federated.local.mfuSource).toMatch(/^ASSUMPTION/);
    // l40s: 350 W max (catalog); no energy price given
    expect(assumed.federated.clients.power).toBe(350);
    expect(assumed.federated.clients.energyPrice).toBeUndefined();
  });

  it('refuses, located: min_reports above per_round, two local forms, an aggregation site residency forbids', () => {
    expect(() => parseScenario(scenario('{ params: 1e6 }', '{ flops_per_sample: 1 GFLOP, samples: 1 }').replace('min_reports: 8', 'min_reports: 11'))).toThrow(
      /min_reports: needs 11 updates but only 10 clients are selected per round/,
    );
    expect(() => parseScenario(scenario('{ params: 1e6 }', '{ flops_per_sample: 1 GFLOP, samples: 1, epochs: 1, dataset_samples: 5 }'))).toThrow(/give exactly one of 'samples'/);
    const tagged = scenario('{ params: 1e6 }', '{ flops_per_sample: 1 GFLOP, samples: 1 }', 'tags: [eu-only]').replace('site: dc\n    clients', 'site: stores\n    clients');
    expect(() => parseScenario(tagged)).toThrow(/aggregates on 'stores' but its tag 'eu-only' only allows dc/);
  });
});
