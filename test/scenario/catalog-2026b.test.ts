import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/scenario/catalog.js';
import type { ProfileInput } from '../../src/scenario/profile-schema.js';

/**
 * The parts of the 2026 catalog added after a second search for sources (issue 14): NVIDIA Vera Rubin, announced and
 * in preview, not yet generally shipping. Its figures are NVIDIA's announced ones (marked "ANNOUNCED SPEC,
 * preliminary" in the notes); the tray's price and power are ESTIMATES. A change to one of these numbers must come
 * with a new source, not a silent edit.
 *
 * Not catalogued, for want of public figures (searched 2026-12): the RTX PRO 6000 Blackwell Server Edition (no NVIDIA
 * dense tensor table for the Server Edition and no priced 8-GPU server found), GCP a4x-highgpu-4g and a TPU7x
 * instance (no public price: absent from the Billing-Catalog-derived price list, "contact your account team").
 */
const catalog = new Catalog();
type Device = Extract<ProfileInput, { peak: unknown }>;
type Node = Extract<ProfileInput, { kind: 'node' }>;
type Network = Extract<ProfileInput, { kind: 'network' }>;
const profile = (id: string) => {
  const p = catalog.get(id)?.profile;
  if (!p) throw new Error(`no profile ${id}`);
  return p;
};
const T = 1e12;

describe('NVIDIA Vera Rubin (announced spec, preliminary)', () => {
  const gpu = profile('rubin-vr200') as Device;
  const tray = profile('vera-rubin-nvl72-tray') as Node;

  it('Rubin GPU: 288 GB HBM4 at 22 TB/s, 35 PFLOPS dense NVFP4 (50 with adaptive compression), 16.7 PFLOPS FP8, 2,300 W', () => {
    // https://github.com/mlcommons/inference_results_v6.1/blob/main/closed/NVIDIA/systems/VR-NVL72_VR-288GB_aarch64x72_TRT.json :
    //   'accelerator_memory_capacity': '288 GB' HBM4, 'hw_notes': '2300W TGP Per GPU', status preview.
    // https://developer.nvidia.com/blog/inside-the-nvidia-rubin-platform-six-new-chips-one-ai-supercomputer/ (CES 2026):
    //   NVFP4 inference 50 PFLOPS, NVFP4 training 35 PFLOPS, 22 TB/s HBM4, NVLink 6 3.6 TB/s per GPU.
    // https://aitide.news/article/16401 (GTC 2025): NVL144 rack (72 packages) 3.6 EFLOPS FP4, 1.2 EFLOPS FP8.
    expect(gpu.kind).toBe('gpu');
    expect(gpu.peak.fp4! / T).toBeCloseTo(35000, 0);
    expect((gpu.peak.fp4! * 72) / 1e15).toBeCloseTo(2520, 0); // the rack's "2.5 EFLOPS NVFP4 training"
    expect((gpu.peak.fp8! * 72) / 1e15).toBeCloseTo(1200, 0); // the rack's "1.2 EFLOPS FP8 training"
    expect(gpu.memory!.capacity! / 1e9).toBe(288);
    expect(gpu.memory!.bandwidth / T).toBe(22);
    expect(gpu.power!.max).toBe(2300);
    expect(gpu.interconnect!.bandwidth / T).toBe(3.6);
  });

  it('only the precisions NVIDIA printed: no bf16 peak, no sparse peaks, no MIG; every note says ANNOUNCED SPEC', () => {
    expect(Object.keys(gpu.peak).sort()).toEqual(['fp4', 'fp8']);
    expect(gpu.peak_sparse).toBeUndefined();
    expect(gpu.partitioning).toBeUndefined();
    for (const key of ['peak.fp4', 'peak.fp8', 'memory']) expect(gpu.sources[key]?.note, key).toMatch(/ANNOUNCED SPEC/);
  });

  it('the NVL72 compute tray: 4 Rubin GPUs, 1/18 of the rack on NVLink 6, liquid-cooled, price and power ESTIMATES / 18', () => {
    // Price: Morgan Stanley (May 2026), about 7,803,148 USD per VR200 NVL72 rack, as reported by
    // https://faq.com.tw/en/hardware/2026-06-25-nvidia-vera-rubin-nvl72-78m-rack-memory-cost-en/ ; / 18 trays.
    // Power: 190-230 kW per rack (Max-Q / Max-P), https://regantih.github.io/reports-lab/sand-to-superintelligence/chapters/14-nvl72.html ;
    //   230 kW / 18. At least the 4 x 2,300 W of GPUs NVIDIA's MLPerf v6.1 description gives.
    expect(tray.accelerators).toEqual({ profile: 'rubin-vr200', count: 4 });
    expect(tray.scale_up).toEqual({ profile: 'nvlink6', domain_nodes: 18 });
    expect(tray.cooling).toBe('liquid');
    expect(tray.price! * 18).toBeCloseTo(7_803_148, -2);
    expect(tray.power!.max).toBeCloseTo(230_000 / 18, -1);
    expect(tray.power!.max).toBeGreaterThan(4 * gpu.power!.max);
    expect(tray.memory!.capacity / 1e12).toBeCloseTo(2.2, 5);
    expect(tray.sources['price']!.note).toMatch(/^ESTIMATE, May 2026/);
    expect(tray.sources['power.max']!.note).toMatch(/^ESTIMATE, 2026/);
  });

  it('NVLink 6 is twice NVLink 5: 3.6 TB/s bidirectional per GPU, 1.8 TB/s each way', () => {
    const nvlink6 = profile('nvlink6') as Network;
    const nvlink5 = profile('nvlink5') as Network;
    expect(nvlink6.bandwidth / T).toBe(1.8);
    expect(nvlink6.bandwidth).toBeCloseTo(2 * nvlink5.bandwidth, -6);
    expect(2 * nvlink6.bandwidth).toBeCloseTo(gpu.interconnect!.bandwidth, -6);
  });
});
