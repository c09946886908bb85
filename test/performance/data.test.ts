/** Data loading for training steps, and streaming data/ETL jobs, against catalog storage profiles. */
import { describe, expect, it } from 'vitest';
import { dataJobEstimate, dataLoadingEstimate, nodeStorageBandwidth, storageBandwidth } from '../../src/model/performance/index.js';
import { nodeProfile, storageProfile } from './profiles.js';

const dgxH100 = nodeProfile('dgx-h100');
const p5 = nodeProfile('aws-p5.48xlarge');
const fsx = storageProfile('fsx-lustre-persistent2-125');
const s3 = storageProfile('s3-standard');
const TiB = 2 ** 40;

describe('storage bandwidth', () => {
  it('node-local NVMe: nodes × drives × read bandwidth (DGX H100: 8 × 6.8 GB/s per node); write falls back to read and says so', () => {
    const b = storageBandwidth({ kind: 'node-local' }, dgxH100, 4);
    expect(b.read).toBeCloseTo(4 * 8 * 6.8e9, 0);
    expect(b.write).toBe(b.read);
    expect(b.writeAssumed).toBe(true);
    expect(b.remote).toBe(false);
  });

  it('parallel FS: bandwidth per provisioned TiB × TiB (FSx Lustre 125 MB/s/TiB × 100 TiB = 12.5 GB/s)', () => {
    const b = storageBandwidth({ kind: 'parallel-fs', profile: fsx, capacity: 100 * TiB }, dgxH100, 2);
    expect(b.read).toBeCloseTo(100 * 125e6, 0);
    expect(b.write).toBeCloseTo(100 * 125e6, 0);
    expect(b.writeAssumed).toBe(false);
    // 4 × 400 Gb/s storage ports per DGX H100
    expect(b.network).toBeCloseTo(2 * 4 * 50e9, 0);
  });

  it('object store: per-connection bandwidth × connections (S3 85 MB/s × 64)', () => {
    expect(storageBandwidth({ kind: 'object-store', profile: s3, connections: 64 }, dgxH100, 1).read).toBeCloseTo(64 * 85e6, 0);
  });

  it('a node without storage NICs reaches remote storage over its compute NICs (p5: 32 × 100 GbE)', () => {
    expect(nodeStorageBandwidth(p5)).toEqual({ bandwidth: 32 * 12.5e9, from: 'compute NICs' });
    expect(nodeStorageBandwidth(dgxH100).from).toBe('storage NICs');
  });
});

describe('data loading per training step', () => {
  it('keeps up: the step time stands', () => {
    const e = dataLoadingEstimate({ data: { tokens: 4e6, bytesPerToken: 4 }, storage: { kind: 'node-local' }, node: dgxH100, nodes: 16, stepTime: 2 });
    expect(e.bytesPerStep).toBe(16e6);
    expect(e.bound).toBe('step');
    expect(e.effectiveStepTime).toBe(2);
  });

  it('falls behind: data loading becomes the bottleneck and sets the step time', () => {
    const e = dataLoadingEstimate({ data: { samples: 4096, bytesPerSample: 600e3 }, storage: { kind: 'parallel-fs', profile: fsx, capacity: 10 * TiB }, node: dgxH100, nodes: 8, stepTime: 0.5 });
    expect(e.loadTime).toBeCloseTo((4096 * 600e3) / (10 * 125e6), 9);
    expect(e.limitedBy).toBe('storage');
    expect(e.bound).toBe('data');
    expect(e.effectiveStepTime).toBe(e.loadTime);
  });

  it('the node NICs cap a fast remote store', () => {
    const e = dataLoadingEstimate({ data: { bytes: 1e12 }, storage: { kind: 'object-store', profile: s3, connections: 100_000 }, node: dgxH100, nodes: 1, stepTime: 1 });
    expect(e.limitedBy).toBe('network');
    expect(e.bandwidth).toBeCloseTo(200e9, 0);
  });
});

describe('data/ETL jobs: time = max(storage read, storage write, network, processing)', () => {
  const job = { readBytes: 10e12, writeBytes: 2e12, node: dgxH100, nodes: 4 } as const;

  it('reading 10 TB from S3 over 256 connections is storage-read bound', () => {
    const e = dataJobEstimate({ ...job, source: { kind: 'object-store', profile: s3, connections: 256 }, sink: { kind: 'node-local' } });
    expect(e.binding).toBe('storage-read');
    expect(e.time).toBeCloseTo(10e12 / (256 * 85e6), 6);
    expect(e.bounds['storage-write']).toBeCloseTo(2e12 / (4 * 8 * 6.8e9), 9);
    // only the remote read crosses the NICs
    expect(e.bounds.network).toBeCloseTo(10e12 / (4 * 200e9), 9);
  });

  it('a 1 GB/s site link to the store binds', () => {
    const e = dataJobEstimate({ ...job, source: { kind: 'object-store', profile: s3, connections: 10_000 }, siteLinkBandwidth: 1e9 });
    expect(e.binding).toBe('network');
    expect(e.time).toBeCloseTo(10e12 / 1e9, 6);
  });

  it('NICs are full duplex: reads and writes to remote storage overlap', () => {
    const e = dataJobEstimate({ ...job, readBytes: 4e12, writeBytes: 4e12, source: { kind: 'parallel-fs', profile: fsx, capacity: 1e6 * TiB } });
    expect(e.binding).toBe('network');
    expect(e.bounds.network).toBeCloseTo(4e12 / (4 * 200e9), 9);
  });

  it('a slow transform (CPU processing rate per node) binds', () => {
    const e = dataJobEstimate({ ...job, source: { kind: 'node-local' }, processingRatePerNode: 500e6 });
    expect(e.binding).toBe('processing');
    expect(e.time).toBeCloseTo(10e12 / (4 * 500e6), 6);
  });
});
