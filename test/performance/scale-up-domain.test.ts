/**
 * Scale-up domains larger than a node: the training model's fast tier is the domain (the 72 GPUs of a
 * GB200 NVL72 rack's 18 trays), not the node. Expected figures are computed by hand from the profile
 * figures quoted below, not read back from the model.
 *   nvlink5: 900 GB/s per GPU per direction; ib-ndr-connectx7: 400 Gb/s = 50 GB/s, one per GPU on both
 *   a GB200 tray (4 GPUs, 4 NICs) and a DGX B200 (8 GPUs, 8 NICs); no latencies published (α = 0).
 */
import { describe, expect, it } from 'vitest';
import { nodeFabric, parallelLayout, trainingEstimate } from '../../src/model/performance/index.js';
import { nodeProfile } from './profiles.js';

const tray = nodeProfile('gb200-nvl72-tray');
const dgxB200 = nodeProfile('dgx-b200');
const NVLINK = 900e9;
const IB = 50e9;
// 70 B parameters, bf16 gradients: B = 140 GB per device for pure data parallelism.
const params = 70e9;
const B = params * 2;
const base = { params, tokens: 1e12, precision: 'bf16' as const, batch: { tokens: 4 * 2 ** 20 }, overlap: 0 };

describe('domain fabric from the catalog', () => {
  it('a GB200 NVL72 tray: 4 GPUs per node, 18 nodes per NVLink domain; a DGX B200 is its own domain', () => {
    expect(nodeFabric(tray)).toMatchObject({ devicesPerNode: 4, domainNodes: 18, scaleUp: { bandwidth: NVLINK } });
    expect(nodeFabric(tray).scaleOut.bandwidth).toBeCloseTo(IB, 0);
    expect(nodeFabric(dgxB200)).toMatchObject({ devicesPerNode: 8, domainNodes: 1, scaleUp: { bandwidth: NVLINK } });
  });
});

describe('domain-tiered all-reduce', () => {
  it('64 GPUs on 16 trays sit in one domain: one flat ring at NVLink speed, no NIC traffic', () => {
    const c = trainingEstimate({ ...base, devices: 64, node: tray }).communication;
    expect(c).toMatchObject({ algorithm: 'ring', perDomain: 64, domains: 1, domainNodes: 18, devicesPerDomain: 72, interDomainTime: 0 });
    // 2 × 63/64 × 140e9 / 900e9 = 0.30625 s
    expect(c.time).toBeCloseTo(0.30625, 9);
  });

  it('144 GPUs on 36 trays span 2 domains: a 72-GPU ring over NVLink, then 1/72 shards over the NICs between domains', () => {
    const c = trainingEstimate({ ...base, devices: 144, node: tray }).communication;
    expect(c).toMatchObject({ algorithm: 'two-level-ring', perDomain: 72, domains: 2 });
    // inner 2 × 71/72 × 140e9 / 900e9 = 0.306790… s; outer 2 × 1/2 × (140e9 / 72) / 50e9 = 0.038888… s
    expect(c.intraDomainTime).toBeCloseTo((2 * 71 * 140e9) / (72 * 900e9), 9);
    expect(c.interDomainTime).toBeCloseTo(140e9 / 72 / 50e9, 9);
    expect(c.time).toBeCloseTo(0.306790123 + 0.038888889, 6);
  });

  it('80 GPUs on 20 trays: the second rack holds 8, whose devices each carry 1/8 of the gradients over the NICs', () => {
    const c = trainingEstimate({ ...base, devices: 80, node: tray }).communication;
    expect(c).toMatchObject({ algorithm: 'two-level-ring', perDomain: 72, domains: 2 });
    // inner 2 × 71/72 × 140e9 / 900e9; outer at the pace of the 8-GPU domain: 2 × 1/2 × (140e9 / 8) / 50e9 = 0.35 s
    expect(c.intraDomainTime).toBeCloseTo((2 * 71 * 140e9) / (72 * 900e9), 9);
    expect(c.interDomainTime).toBeCloseTo(0.35, 9);
  });

  it('the same 64 GPUs on 8-GPU nodes pay the NICs: 8 peers per node, 8 nodes', () => {
    const c = trainingEstimate({ ...base, devices: 64, node: dgxB200 }).communication;
    expect(c).toMatchObject({ algorithm: 'two-level-ring', perDomain: 8, domains: 8, domainNodes: 1, devicesPerDomain: 8 });
    // 2 × 7/8 × 140e9 / 900e9 + 2 × 7/8 × (140e9 / 8) / 50e9 = 0.272222… + 0.6125 s
    expect(c.time).toBeCloseTo(0.2722222222 + 0.6125, 6);
  });
});

describe('72 GPUs: one NVL72 rack against 9 DGX B200 at equal per-GPU compute', () => {
  // The GB200's GPU peaks at 2,500 TFLOPS bf16, the DGX B200's at 2,250: an MFU of 0.36 on the GB200
  // against 0.40 on the DGX gives both 900 TFLOPS sustained per GPU, so only the fabric differs.
  const gb = trainingEstimate({ ...base, devices: 72, node: tray, mfu: 0.36 });
  const dgx = trainingEstimate({ ...base, devices: 72, node: dgxB200, mfu: 0.4 });

  it('computes equally fast per step', () => {
    expect(gb.perDevice.rate).toBeCloseTo(900e12, 0);
    expect(dgx.perDevice.rate).toBeCloseTo(900e12, 0);
    expect(gb.computeTime).toBeCloseTo(dgx.computeTime, 12);
  });

  it('trains faster on the rack, by exactly the NIC tier the DGX nodes pay', () => {
    // rack: one 72-GPU NVLink ring, 2 × 71/72 × B / 900e9
    const rack = ((2 * 71) / 72) * (B / NVLINK);
    // DGX: 8 per node over NVLink, then 9 nodes over IB with B/8 each: 2 × 7/8 × B/900e9 + 2 × 8/9 × (B/8)/50e9
    const nodes = ((2 * 7) / 8) * (B / NVLINK) + ((2 * 8) / 9) * (B / 8 / IB);
    expect(gb.communication.time).toBeCloseTo(rack, 9);
    expect(dgx.communication.time).toBeCloseTo(nodes, 9);
    // overlap 0: the step is compute + all-reduce, so the step times differ by the all-reduce times
    expect(dgx.stepTime - gb.stepTime).toBeCloseTo(nodes - rack, 9);
    expect(gb.totalTime).toBeLessThan(dgx.totalTime);
    // ≈ 0.587 s a step: 0.894 s against 0.307 s
    expect(nodes - rack).toBeGreaterThan(0.58);
    expect(nodes - rack).toBeLessThan(0.59);
  });

  it('a 16-GPU tensor × pipeline group fits in the rack domain, not in an 8-GPU node', () => {
    expect(trainingEstimate({ ...base, devices: 72, node: tray, modelParallel: 8 }).modelParallelWithinDomain).toBe(true);
    expect(trainingEstimate({ ...base, devices: 144, node: tray, modelParallel: 16 }).modelParallelWithinDomain).toBe(true);
    expect(trainingEstimate({ ...base, devices: 144, node: dgxB200, modelParallel: 16 }).modelParallelWithinDomain).toBe(false);
    expect(trainingEstimate({ ...base, devices: 144, node: dgxB200, modelParallel: 8 }).modelParallelWithinDomain).toBe(true);
  });
});

describe('parallelLayout', () => {
  it('domainNodes = 1 is the node layout: peers per node ⌊8/mp⌋, nodes ⌈dp / peers⌉', () => {
    expect(parallelLayout(32, 1, 8, 1)).toEqual({ devicesPerDomain: 8, peersPerDomain: 8, domains: 4, peersInSmallestDomain: 8, modelParallelWithinDomain: true });
    expect(parallelLayout(64, 16, 8, 1)).toEqual({ devicesPerDomain: 8, peersPerDomain: 1, domains: 4, peersInSmallestDomain: 1, modelParallelWithinDomain: false });
    // 12 GPUs on 8-GPU nodes: a full node and one with 4
    expect(parallelLayout(12, 1, 8, 1)).toEqual({ devicesPerDomain: 8, peersPerDomain: 8, domains: 2, peersInSmallestDomain: 4, modelParallelWithinDomain: true });
    expect(parallelLayout(8, 2, 8, 1)).toEqual({ devicesPerDomain: 8, peersPerDomain: 4, domains: 1, peersInSmallestDomain: 4, modelParallelWithinDomain: true });
  });

  it('on NVL72 trays, replicas pack the 72-GPU domain: mp 8 on 144 GPUs gives 9 peers per domain over 2 domains', () => {
    expect(parallelLayout(144, 8, 4, 18)).toEqual({ devicesPerDomain: 72, peersPerDomain: 9, domains: 2, peersInSmallestDomain: 9, modelParallelWithinDomain: true });
    // mp 16: ⌊72/16⌋ = 4 whole replicas per domain; the 9 replicas' peers span 3 domains (one replica straddles the racks)
    expect(parallelLayout(144, 16, 4, 18)).toEqual({ devicesPerDomain: 72, peersPerDomain: 4, domains: 3, peersInSmallestDomain: 1, modelParallelWithinDomain: true });
    // a Trainium2 UltraServer: 4 instances of 16 chips = 64
    expect(parallelLayout(128, 1, 16, 4)).toMatchObject({ devicesPerDomain: 64, peersPerDomain: 64, domains: 2 });
  });
});
