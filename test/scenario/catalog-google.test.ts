import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/scenario/catalog.js';
import { ProfileResolver } from '../../src/scenario/profile-resolver.js';
import type { ProfileInput } from '../../src/scenario/profile-schema.js';

/**
 * The Google parts of the 2026 catalog (issue 14): TPU v6e Trillium and TPU7x Ironwood chips, the ICI
 * scale-up links of v5p, v6e and Ironwood, and the GCP TPU and GPU instances. Each figure below is pinned
 * to the public document it comes from (URL in the comment).
 */
const catalog = new Catalog();
const profile = (id: string) => {
  const entry = catalog.get(id);
  if (!entry) throw new Error(`${id} is not in the catalog`);
  return entry.profile;
};
type Device = Extract<ProfileInput, { peak: unknown }>;
type Link = Extract<ProfileInput, { kind: 'network' }>;
type Instance = Extract<ProfileInput, { kind: 'cloud-instance' }>;
const device = (id: string) => profile(id) as Device;
const link = (id: string) => profile(id) as Link;
const instance = (id: string) => profile(id) as Instance;
const perHour = (usdPerSecond: number | undefined) => (usdPerSecond ?? Number.NaN) * 3600;

describe('Google TPU chips agree with the datasheet figures', () => {
  it('TPU v6e Trillium: 918 TFLOPS bf16, 1836 TOPS int8, 32 GB HBM at 1638 GB/s, 800 GB/s ICI both ways', () => {
    // https://docs.cloud.google.com/tpu/docs/v6e (system architecture table)
    const v6e = device('tpu-v6e');
    expect(v6e.kind).toBe('tpu');
    expect(v6e.peak.bf16! / 1e12).toBeCloseTo(918, 6);
    expect(v6e.peak.int8! / 1e12).toBeCloseTo(1836, 6);
    // https://docs.cloud.google.com/tpu/docs/tpu7x (comparison table: v6e FP8 918, no faster FP8 path)
    expect(v6e.peak.fp8).toBe(v6e.peak.bf16);
    expect(v6e.memory!.capacity! / 1e9).toBeCloseTo(32, 6);
    expect(v6e.memory!.bandwidth / 1e9).toBeCloseTo(1638, 6);
    expect(v6e.interconnect!.bandwidth / 1e9).toBeCloseTo(800, 6);
    // Google publishes no chip power for TPUs: none is invented (as on tpu-v5p).
    expect(v6e.power).toBeUndefined();
  });

  it('TPU7x Ironwood: 4614 TFLOPS fp8, 2307 TFLOPS bf16, 192 GB HBM3E at 7.38 TB/s, 1.2 TB/s ICI both ways', () => {
    // https://docs.cloud.google.com/tpu/docs/tpu7x (system architecture table)
    const v7 = device('tpu-v7');
    expect(v7.kind).toBe('tpu');
    expect(v7.peak.fp8! / 1e12).toBeCloseTo(4614, 6);
    expect(v7.peak.bf16! / 1e12).toBeCloseTo(2307, 6);
    expect(v7.peak.int8).toBeUndefined(); // not published
    expect(v7.memory!.capacity! / 1e9).toBeCloseTo(192, 6);
    expect(v7.memory!.bandwidth / 1e12).toBeCloseTo(7.38, 6);
    expect(v7.interconnect!.bandwidth / 1e9).toBeCloseTo(1200, 6);
    expect(v7.power).toBeUndefined();
  });
});

describe('ICI links are per chip, one direction: half of the bidirectional figure', () => {
  // v5p https://docs.cloud.google.com/tpu/docs/v5p-training (1200 GBps), v6e https://docs.cloud.google.com/tpu/docs/v6e
  // (800 GBps), Ironwood https://docs.cloud.google.com/tpu/docs/tpu7x (1200 GBps): all bidirectional per chip.
  it.each([
    ['ici-v5p', 'tpu-v5p', 600],
    ['ici-v6e', 'tpu-v6e', 400],
    ['ici-v7', 'tpu-v7', 600],
  ])('%s carries %s at %i GB/s each way', (linkId, chipId, gbPerSecond) => {
    const ici = link(linkId);
    expect(ici.class).toBe('ici');
    expect(ici.bandwidth / 1e9).toBeCloseTo(gbPerSecond, 6);
    expect(ici.bandwidth * 2).toBeCloseTo(device(chipId).interconnect!.bandwidth, 0);
  });
});

describe('GCP TPU instances: chips x chip price, ICI slices as scale-up domains', () => {
  it('prices a TPU VM as chips x the per-chip-hour list price (DERIVED)', () => {
    // v5p 4.20 USD and v6e 2.70 USD per chip-hour on demand in us-central1: Cloud Billing Catalog via
    // https://raw.githubusercontent.com/skypilot-org/skypilot-catalog/master/catalogs/v8/gcp/vms.csv; v6e 2.70 /
    // 1.89 (1 y) / 1.22 (3 y) in https://cloud.google.com/blog/products/compute/trillium-tpu-is-ga
    const cases: [string, number, number][] = [
      ['gcp-ct5p-hightpu-4t', 4, 4.2],
      ['gcp-ct6e-standard-4t', 4, 2.7],
      ['gcp-ct6e-standard-8t', 8, 2.7],
    ];
    for (const [id, chips, usdPerChipHour] of cases) {
      const vm = instance(id);
      expect(vm.accelerators!.count, id).toBe(chips);
      expect(perHour(vm.pricing.on_demand), id).toBeCloseTo(chips * usdPerChipHour, 9);
      expect(vm.sources['pricing.on_demand']?.note, id).toMatch(/DERIVED/);
    }
    for (const id of ['gcp-ct6e-standard-4t', 'gcp-ct6e-standard-8t']) {
      const vm = instance(id);
      const chips = vm.accelerators!.count;
      expect(perHour(vm.pricing.reserved_1y), id).toBeCloseTo(chips * 1.89, 9);
      expect(perHour(vm.pricing.reserved_3y), id).toBeCloseTo(chips * 1.22, 9);
    }
  });

  it('joins TPU VMs into their largest ICI slice: v5p 6,144 chips, v6e 256 chips, the 8-chip v6e VM alone', () => {
    // v5p: 'the largest job that can be scheduled is a 96 cube (6144 chip) job'; v6e: 16x16 = 256 chips on 64
    // ct6e-standard-4t VMs, ct6e-standard-8t is single-host only (https://docs.cloud.google.com/tpu/docs/v6e).
    const resolver = new ProfileResolver(catalog, new Map());
    const cases: [string, string, number, number][] = [
      ['gcp-ct5p-hightpu-4t', 'ici-v5p', 1536, 6144],
      ['gcp-ct6e-standard-4t', 'ici-v6e', 64, 256],
      ['gcp-ct6e-standard-8t', 'ici-v6e', 1, 8],
    ];
    for (const [id, linkId, domainNodes, chips] of cases) {
      const node = resolver.get(id, 'node', { src: catalog.get(id)!.src, path: [] });
      expect(node.scale_up?.profile.id, id).toBe(linkId);
      expect(node.scale_up?.domainNodes, id).toBe(domainNodes);
      expect(domainNodes * node.accelerators!.count, id).toBe(chips);
    }
  });

  it('a3-ultragpu-8g: 8x H200 at host + GPU list price, one 400 Gb/s RoCE port per GPU', () => {
    // https://cloud.google.com/compute/docs/gpus/gpu-network-bandwidth (8 x CX-7, 3,200 Gbps);
    // price: host 12.266 + 8 x H200 74.49392 USD/h in us-central1 (SkyPilot GCP catalog v8, Cloud Billing Catalog)
    const vm = instance('gcp-a3-ultragpu-8g');
    expect(vm.accelerators).toEqual({ profile: 'h200-sxm-141gb', count: 8 });
    expect(perHour(vm.pricing.on_demand)).toBeCloseTo(12.266 + 74.49392, 9);
    expect(vm.network.find((n) => n.role === 'compute')).toEqual({ profile: 'eth-400gbe-connectx7', count: 8, role: 'compute' });
    expect(vm.sources['cpus']?.note).toMatch(/PROXY/);
  });
});
