import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/scenario/catalog.js';
import { ProfileResolver } from '../../src/scenario/profile-resolver.js';
import type { ProfileInput } from '../../src/scenario/profile-schema.js';

/**
 * Datasheet figures of the AMD, Intel and AWS parts of the 2026 catalog (group amd-asic). Each value is
 * what the vendor prints (or the stated arithmetic on it); the profile's `sources` carry the same URLs.
 */
const catalog = new Catalog();
type Device = Extract<ProfileInput, { peak: unknown }>;
type Network = Extract<ProfileInput, { kind: 'network' }>;
type Instance = Extract<ProfileInput, { kind: 'cloud-instance' }>;
const profile = (id: string) => {
  const p = catalog.get(id)?.profile;
  if (!p) throw new Error(`no profile ${id}`);
  return p;
};
const device = (id: string) => profile(id) as Device;
const T = 1e12;

describe('AMD Instinct MI325X / MI355X', () => {
  it('MI355X: MXFP4 and MXFP6 dense at the same rate, 2x FP8; sparse kept apart; 288 GB, 8 TB/s, 1,400 W', () => {
    // https://www.amd.com/en/products/accelerators/instinct/mi350/mi355x.html: FP16/BF16 2.5 PF, FP8 5 PF,
    // MXFP6/MXFP4 10 PF dense (20.1 PF with sparsity, Tom's Hardware June 2025), 288 GB HBM3E, 8 TB/s, 1,400 W.
    const mi355x = device('mi355x');
    expect(mi355x.kind).toBe('gpu');
    expect(mi355x.peak.fp4! / T).toBeCloseTo(10066.3, 0);
    expect(mi355x.peak.fp6).toBe(mi355x.peak.fp4);
    expect(mi355x.peak.fp4! / mi355x.peak.fp8!).toBeCloseTo(2, 4);
    expect(mi355x.peak.bf16! / T).toBeCloseTo(2516.6, 0);
    expect(mi355x.peak_sparse!.fp4! / T).toBeCloseTo(20132.7, 0);
    expect(mi355x.memory!.capacity! / 1e9).toBe(288);
    expect(mi355x.memory!.bandwidth / T).toBe(8);
    expect(mi355x.power?.max).toBe(1400);
  });

  it('MI325X: MI300X compute with 256 GB HBM3E at 6 TB/s and 1,000 W', () => {
    // https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html
    const mi325x = device('mi325x');
    const mi300x = device('mi300x');
    expect(mi325x.peak.bf16! / T).toBeCloseTo(1307.4, 1);
    expect(mi325x.peak.fp8).toBe(mi300x.peak.fp8);
    expect(mi325x.memory!.capacity! / 1e9).toBe(256);
    expect(mi325x.memory!.bandwidth / T).toBe(6);
    expect(mi325x.power?.max).toBe(1000);
  });

  it('Infinity Fabric: 7 links per GPU, half the bidirectional aggregate each way (896 and 1,075.2 GB/s)', () => {
    const if3 = profile('infinity-fabric-mi300') as Network;
    const if4 = profile('infinity-fabric-mi350') as Network;
    expect(if3.class).toBe('infinity-fabric');
    expect(if3.bandwidth / 1e9).toBeCloseTo(896 / 2, 6);
    expect(if4.bandwidth / 1e9).toBeCloseTo((7 * 153.6) / 2, 6);
    expect(device('mi355x').interconnect?.bandwidth).toBeCloseTo(2 * if4.bandwidth, 0);
  });

  it('the 8-GPU platforms: sourced estimate prices, Infinity Fabric scale-up, cooling', () => {
    const resolver = new ProfileResolver(catalog, new Map());
    const mi355Node = resolver.get('mi355x-8gpu-as-4126gs', 'node', { src: catalog.get('mi355x-8gpu-as-4126gs')!.src, path: [] });
    expect(mi355Node.accelerators?.count).toBe(8);
    expect(mi355Node.scale_up?.profile.id).toBe('infinity-fabric-mi350');
    expect(mi355Node.cooling).toBe('liquid');
    const mi325 = profile('mi325x-8gpu-as-8126gs') as Extract<ProfileInput, { kind: 'node' }>;
    expect(mi325.cooling).toBe('air');
    expect(mi325.scale_up?.profile).toBe('infinity-fabric-mi300');
    for (const id of ['mi325x-8gpu-as-8126gs', 'mi355x-8gpu-as-4126gs', 'gaudi3-8x-xe9680']) {
      const n = profile(id) as Extract<ProfileInput, { kind: 'node' }>;
      expect(n.sources['price']?.note, id).toMatch(/ESTIMATE/);
    }
  });
});

describe('Intel Gaudi 3', () => {
  it('HL-325L: 1,835 TFLOPS BF16 and FP8 (MME), 128 GB HBM2e, 3.7 TB/s, 900 W, kind asic', () => {
    // https://cdrdv2-public.intel.com/817486/gaudi-3-ai-accelerator-white-paper.pdf and the HL-325L product brief
    // https://cdrdv2-public.intel.com/817487/gaudi-3-ai-accelerator-hl-325l-oam-mezzanine-card-product-brief.pdf
    const g3 = device('gaudi3-hl325l');
    expect(g3.kind).toBe('asic');
    expect(g3.peak.bf16! / T).toBe(1835);
    expect(g3.peak.fp8! / T).toBe(1835);
    expect(g3.memory!.capacity! / 1e9).toBe(128);
    expect(g3.memory!.bandwidth / T).toBeCloseTo(3.7, 2);
    expect(g3.power?.max).toBe(900);
    // Intel's Computex 2024 list price: 125,000 USD for 8 accelerators on a baseboard
    // (https://www.nextplatform.com/2024/06/13/stacking-up-intel-gaudi-against-nvidia-gpus-for-ai/).
    expect(g3.price! * 8).toBe(125_000);
  });

  it('the 24 x 200 GbE on-chip ports split 21 scale-up + 3 scale-out per accelerator', () => {
    const up = profile('gaudi3-roce-scale-up') as Network;
    const out = profile('gaudi3-roce-200gbe') as Network;
    expect(up.bandwidth).toBeCloseTo((21 * 200e9) / 8, 0);
    expect(out.bandwidth).toBeCloseTo(200e9 / 8, 0);
    const node = profile('gaudi3-8x-xe9680') as Extract<ProfileInput, { kind: 'node' }>;
    expect(node.network.find((n) => n.profile === 'gaudi3-roce-200gbe')?.count).toBe(3 * 8);
  });
});

describe('AWS Trainium2', () => {
  it('per chip: 1,299 TFLOPS FP8 and 667 BF16 dense, 96 GiB at 2.9 TB/s, kind asic', () => {
    // https://awsdocs-neuron.readthedocs-hosted.com/en/latest/general/arch/neuron-hardware/trainium2.html
    const trn2 = device('trainium2');
    expect(trn2.kind).toBe('asic');
    expect(trn2.peak.fp8! / T).toBe(1299);
    expect(trn2.peak.bf16! / T).toBe(667);
    expect(trn2.peak_sparse!.fp8! / T).toBe(2563);
    expect(trn2.memory!.capacity).toBe(96 * 2 ** 30);
    expect(trn2.memory!.bandwidth / T).toBeCloseTo(2.9, 2);
  });

  it('trn2.48xlarge is one 16-chip NeuronLink domain; a trn2u.48xlarge is a quarter of a 64-chip UltraServer', () => {
    // https://awsdocs-neuron.readthedocs-hosted.com/en/latest/general/arch/neuron-hardware/trn2-arch.html
    const trn2 = profile('aws-trn2.48xlarge') as Instance;
    const trn2u = profile('aws-trn2u.48xlarge') as Instance;
    expect(trn2.accelerators?.count).toBe(16);
    expect(trn2.scale_up?.domain_nodes).toBe(1);
    expect(trn2u.scale_up?.domain_nodes).toBe(4);
    expect(trn2u.accelerators!.count * trn2u.scale_up!.domain_nodes).toBe(64);
    expect((profile('neuronlink-v3') as Network).class).toBe('neuronlink');
    for (const i of [trn2, trn2u]) {
      expect(i.pricing.on_demand, i.id).toBeGreaterThan(0);
      expect(i.sources['pricing.on_demand']?.note, i.id).toMatch(/ESTIMATE/);
      expect(i.price_as_of, i.id).toMatch(/^\d{4}-\d{2}$/);
    }
  });
});

describe('Azure ND MI300X v5', () => {
  it('8x MI300X with one 400 Gb/s NDR port each, priced on demand in a named region', () => {
    // https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/gpu-accelerated/ndmi300xv5-series
    const nd = profile('azure-nd96isr-mi300x-v5') as Instance;
    expect(nd.accelerators).toEqual({ profile: 'mi300x', count: 8 });
    expect(nd.network).toEqual([{ profile: 'ib-ndr-connectx7', count: 8, role: 'compute' }]);
    expect(nd.region).toBe('eastus2');
    expect(nd.pricing.on_demand! * 3600).toBeCloseTo(48, 6);
  });
});

describe('simulate profiles --kind asic', () => {
  it('lists Gaudi 3 and Trainium2 from the built CLI', () => {
    const out = execFileSync('node', ['bin/simulate.js', 'profiles', '--kind', 'asic'], { encoding: 'utf8' });
    expect(out).toMatch(/gaudi3-hl325l\s+asic/);
    expect(out).toMatch(/trainium2\s+asic/);
    expect(out).not.toMatch(/\bgpu\b/);
  });
});
