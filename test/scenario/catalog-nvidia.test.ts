import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/scenario/catalog.js';
import { ProfileResolver } from '../../src/scenario/profile-resolver.js';
import type { ProfileInput } from '../../src/scenario/profile-schema.js';

/**
 * The NVIDIA parts of the 2026 catalog pinned to the datasheet figures they were read from. A change to one
 * of these numbers must come with a new source, not a silent edit.
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
const device = (id: string) => profile(id) as Device;
const node = (id: string) => profile(id) as Node;
const T = 1e12;

describe('NVIDIA Blackwell GPUs agree with NVIDIA figures', () => {
  it('B200 (HGX, 1000 W): 9 PFLOPS dense NVFP4, 180 GB, 8 TB/s', () => {
    // https://www.nvidia.com/en-us/data-center/dgx-b200/ : 8 GPUs, FP4 144 PFLOPS sparse | 72 dense,
    // 1,440 GB HBM3e, 64 TB/s; per-GPU table (Blackwell architecture page): FP8 9 PFLOPS sparse, 1,000 W.
    const b200 = device('b200-sxm-180gb');
    expect(b200.peak.fp4! / T).toBeCloseTo(9000, 0);
    expect(b200.peak.fp8! / T).toBeCloseTo(4500, 0);
    expect(b200.peak.bf16! / T).toBeCloseTo(2250, 0);
    expect(b200.peak.fp64! / T).toBeCloseTo(37, 0);
    expect(b200.memory!.capacity! / 1e9).toBe(180);
    expect(b200.memory!.bandwidth / T).toBe(8);
    expect(b200.power!.max).toBe(1000);
    expect(b200.interconnect!.bandwidth / T).toBe(1.8);
  });

  it('the GB200 GPU is its own profile: 1,200 W and 10 PFLOPS dense NVFP4, 186 GB', () => {
    // https://www.nvidia.com/en-us/data-center/gb200-nvl72/ : FP4 1,440 PFLOPS sparse for 72 GPUs, 186 GB, up to 1,200 W.
    const gpu = device('b200-gb200');
    expect(gpu.peak.fp4! / T).toBeCloseTo(10000, 0);
    expect(gpu.peak_sparse!.fp4! * 72).toBeCloseTo(1440e15, -12);
    expect(gpu.memory!.capacity! / 1e9).toBe(186);
    expect(gpu.power!.max).toBe(1200);
  });

  it('Blackwell Ultra: 288 GB (270 visible on HGX); 15 PFLOPS dense NVFP4 at 1,400 W in GB300, 14 on the HGX board; FP64 cut', () => {
    // https://developer.nvidia.com/blog/inside-nvidia-blackwell-ultra-the-chip-powering-the-ai-factory-era : 15 PFLOPS dense NVFP4, 288 GB, 8 TB/s.
    // https://www.nvidia.com/en-us/data-center/gb300-nvl72/ : FP4 1,080 PFLOPS dense, FP64 100 TFLOPS for 72 GPUs.
    const gb300 = device('b300-gb300');
    const b300 = device('b300-sxm-288gb');
    expect(gb300.peak.fp4! / T).toBeCloseTo(15000, 0);
    expect((gb300.peak.fp4! * 72) / 1e15).toBeCloseTo(1080, 0);
    expect(gb300.power!.max).toBe(1400);
    expect(b300.peak.fp4! / T).toBeCloseTo(14000, 0);
    // NVIDIA's MLPerf v6.1 DGX B300 entry lists its GPUs as B300-SXM-270GB (270 GB visible); GB300 as 288 GB.
    expect(gb300.memory!.capacity! / 1e9).toBe(288);
    expect(b300.memory!.capacity! / 1e9).toBe(270);
    expect(b300.power!.max).toBe(1100);
    for (const gpu of [gb300, b300]) {
      expect(gpu.memory!.bandwidth / T, gpu.id).toBe(8);
      expect(gpu.peak.fp64! / T, gpu.id).toBeLessThan(2);
    }
  });

  it('sparse peaks are reference only: twice the dense peak, except Blackwell Ultra NVFP4 (20 sparse vs 15 dense)', () => {
    // Blackwell Ultra raised dense NVFP4 by 1.5x but kept the sparse figure near Blackwell's: GB300 NVL72 prints
    // FP4 1,440 PFLOPS sparse | 1,080 dense, HGX B300 144 | 108 (the per-GPU column: 18 | 14).
    for (const id of ['b200-sxm-180gb', 'b200-gb200', 'b300-sxm-288gb', 'b300-gb300']) {
      const gpu = device(id);
      for (const [precision, sparse] of Object.entries(gpu.peak_sparse ?? {})) {
        const dense = gpu.peak[precision as keyof typeof gpu.peak]!;
        if (id.startsWith('b300') && precision === 'fp4') {
          expect(sparse, `${id} ${precision}`).toBeGreaterThan(dense);
          expect(sparse, `${id} ${precision}`).toBeLessThan(2 * dense);
        } else expect(sparse, `${id} ${precision}`).toBeCloseTo(2 * dense, -9);
      }
    }
  });
});

describe('MIG partitions', () => {
  const partitions = (id: string) => {
    const p = device(id).partitioning;
    if (!p) throw new Error(`${id} has no partitioning`);
    return p;
  };

  it('H100 80GB: the seven profiles of the MIG user guide, 1g.10gb x7 ... 7g.80gb x1', () => {
    // https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html (H100 MIG profiles)
    const h100 = partitions('h100-sxm-80gb');
    expect([h100.compute_slices, h100.memory_slices]).toEqual([7, 8]);
    expect(h100.profiles.map((p) => [p.name, p.max_instances])).toEqual([
      ['1g.10gb', 7],
      ['1g.10gb+me', 1],
      ['1g.20gb', 4],
      ['2g.20gb', 3],
      ['3g.40gb', 2],
      ['4g.40gb', 1],
      ['7g.80gb', 1],
    ]);
  });

  it('H200 1g.18gb ... 7g.141gb, B200 1g.23gb ... 7g.180gb, B300 1g.34gb ... 7g.269gb', () => {
    expect(partitions('h200-sxm-141gb').profiles.map((p) => p.name)).toEqual(['1g.18gb', '1g.18gb+me', '1g.35gb', '2g.35gb', '3g.71gb', '4g.71gb', '7g.141gb']);
    expect(partitions('b200-sxm-180gb').profiles.map((p) => p.name)).toEqual(['1g.23gb', '1g.23gb+me', '1g.45gb', '2g.45gb', '3g.90gb', '4g.90gb', '7g.180gb']);
    expect(partitions('b300-sxm-288gb').profiles.map((p) => p.name)).toEqual(['1g.34gb', '1g.67gb', '2g.67gb', '3g.135gb', '4g.135gb', '7g.269gb']);
  });

  it('every profile is consistent: its name says its slices and memory, it fits the GPU as often as it claims', () => {
    for (const id of ['h100-sxm-80gb', 'h200-sxm-141gb', 'b200-sxm-180gb', 'b200-gb200', 'b300-sxm-288gb']) {
      const gpu = device(id);
      const p = partitions(id);
      for (const q of p.profiles) {
        const [, g, gb] = /^(\d+)g\.(\d+)gb/.exec(q.name)!;
        expect(q.compute_slices, `${id} ${q.name}`).toBe(Number(g));
        expect(q.memory / 1e9, `${id} ${q.name}`).toBe(Number(gb));
        expect(q.max_instances * q.compute_slices, `${id} ${q.name}`).toBeLessThanOrEqual(p.compute_slices);
        expect(q.max_instances * q.memory_slices, `${id} ${q.name}`).toBeLessThanOrEqual(p.memory_slices);
        expect(q.memory, `${id} ${q.name}`).toBeLessThanOrEqual(gpu.memory!.capacity!);
      }
      expect(p.profiles.at(-1)!.memory_slices, `${id}: the largest profile is the whole GPU`).toBe(p.memory_slices);
    }
  });
});

describe('NVIDIA systems', () => {
  const resolver = new ProfileResolver(catalog, new Map());
  const resolved = (id: string) => resolver.get(id, 'node', { src: catalog.get(id)!.src, path: [] });

  it('a GB200 NVL72 rack is 18 trays of 4 GPUs and 2 Grace CPUs: one 72-GPU NVLink 5 domain, liquid-cooled', () => {
    // https://www.nvidia.com/en-us/data-center/gb200-nvl72/ : 72 Blackwell GPUs, 36 Grace CPUs, 130 TB/s NVLink.
    for (const id of ['gb200-nvl72-tray', 'gb300-nvl72-tray']) {
      const tray = resolved(id);
      expect(tray.accelerators?.count, id).toBe(4);
      expect(tray.cpus?.profile.id, id).toBe('nvidia-grace');
      expect(tray.cpus?.count, id).toBe(2);
      expect(tray.scale_up?.profile.id, id).toBe('nvlink5');
      expect(tray.scale_up?.domainNodes, id).toBe(18);
      expect(tray.accelerators!.count * tray.scale_up!.domainNodes, id).toBe(72);
      expect(tray.cooling, id).toBe('liquid');
    }
    expect(resolved('gb200-nvl72-tray').accelerators?.profile.id).toBe('b200-gb200');
    expect(resolved('gb300-nvl72-tray').accelerators?.profile.id).toBe('b300-gb300');
  });

  it("a tray carries 1/18 of the rack's estimated price and power", () => {
    // GB200 NVL72: ~3 M USD (UDN via TweakTown, May 2024), 120 kW (ServeTheHome, GTC 2024).
    // GB300 NVL72: ~4 M USD (Morgan Stanley, May 2026), ~6.6 kW per compute tray (Morgan Stanley, Nov 2025).
    const gb200 = node('gb200-nvl72-tray');
    const gb300 = node('gb300-nvl72-tray');
    expect((gb200.price! * 18) / 1e6).toBeCloseTo(3, 2);
    expect((gb200.power!.max * 18) / 1e3).toBeCloseTo(120, 0);
    expect((gb300.price! * 18) / 1e6).toBeCloseTo(4, 2);
    expect((gb300.power!.max * 18) / 1e3).toBeGreaterThan(115);
    expect((gb300.power!.max * 18) / 1e3).toBeLessThan(135);
  });

  it('DGX B200: 8 B200 in one NVLink 5 domain, 14.3 kW max, air-cooled', () => {
    // https://docs.nvidia.com/dgx/dgxb200-user-guide/introduction-to-dgxb200.html : 8 x B200, 14.3 kW max.
    const dgx = resolved('dgx-b200');
    expect(dgx.accelerators?.profile.id).toBe('b200-sxm-180gb');
    expect(dgx.accelerators?.count).toBe(8);
    expect(dgx.scale_up?.domainNodes).toBe(1);
    expect(dgx.power?.max).toBe(14_300);
    expect(dgx.cooling).toBe('air');
    expect(resolved('dgx-b300').accelerators?.profile.id).toBe('b300-sxm-288gb');
  });

  it('NVLink 5 is 900 GB/s each way per GPU, half of the 1.8 TB/s bidirectional figure; NVLink 6 doubles it', () => {
    // https://www.nvidia.com/en-us/data-center/nvlink/ ; Rubin: 3.6 TB/s per GPU (NVIDIA technical blog, Jan 2026).
    expect((profile('nvlink5') as Network).bandwidth).toBe(device('b200-sxm-180gb').interconnect!.bandwidth / 2);
    expect((profile('nvlink6') as Network).bandwidth / T).toBe(1.8);
  });

  it('Grace: 72 Neoverse V2 cores, half the Grace CPU Superchip FP64 peak', () => {
    // NVIDIA Grace CPU Superchip: 144 cores, FP64 peak 7.1 TFLOPS, 500 W with memory.
    const grace = device('nvidia-grace');
    expect(grace.cores).toBe(72);
    expect(grace.peak.fp64! / T).toBeCloseTo(7.1 / 2, 2);
  });
});
