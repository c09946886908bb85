import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

const scenario = (job: string) => `
name: etl
horizon: 10 h
sites:
  dc: { nodes: { type: dgx-h100, count: 4 } }
workloads:
  - name: etl
    kind: data
    arrivals: { rate: 1 /s, max_jobs: 1 }
    ${job}
`;

describe('data/ETL jobs', () => {
  it('a lone job reading from local NVMe takes bytes / (drives × drive read bandwidth)', () => {
    // dgx-h100: 8 × micron-7450-pro-3.84tb at 6.8 GB/s read (catalog) = 54.4 GB/s per node; 2 nodes read 10 TB
    // in 10e12 / (2 × 54.4e9) s = 91.9 s. The 1 TB written is not binding.
    const r = simulate(parseScenario(scenario('nodes: 2\n    read: 10 TB\n    write: 1 TB')));
    const j = r.replications[0]!.jobs;
    expect(j.completed).toBe(1);
    expect(j.completion_time.max).toBeCloseTo(10e12 / (2 * 8 * 6.8e9), 6);
    expect(r.performance['etl']).toMatchObject({ kind: 'data', binding: 'storage-read' });
  });

  it('a CPU-bound transform is limited by its processing rate', () => {
    // 1 TB at 2 GB/s per node on one node = 500 s (the drives could read it in 18 s).
    const r = simulate(parseScenario(scenario('read: 1 TB\n    processing_rate: 2 GB/s')));
    expect(r.replications[0]!.jobs.completion_time.max).toBeCloseTo(500, 6);
    expect(r.performance['etl']).toMatchObject({ binding: 'processing' });
  });

  it('an object store needs a connection count, and is slower per connection', () => {
    expect(() => parseScenario(scenario('read: 1 TB\n    storage: { profile: s3-standard }'))).toThrow("storage.connections: is required for the object store 's3-standard'");
    const r = simulate(parseScenario(scenario('read: 1 TB\n    storage: { profile: s3-standard, connections: 16 }')));
    // 16 connections × 85 MB/s (catalog) = 1.36 GB/s → 735 s, unless the node's storage NICs are slower (they are not).
    expect(r.replications[0]!.jobs.completion_time.max).toBeCloseTo(1e12 / (16 * 85e6), 3);
  });
});

describe('a data job placed on other nodes', () => {
  // Home: DGX H100 (4 × 400 GbE storage ports = 200 GB/s a node); burst sends the job to DGX A100
  // nodes (4 × HDR 200 Gb/s = 100 GB/s a node). Enough object-store connections that the node's
  // storage network binds: 5,000 × 85 MB/s = 425 GB/s.
  const twoSites = (threshold: string) => `
name: etl-elsewhere
horizon: 10 h
sites:
  dc: { nodes: { type: dgx-h100, count: 2 } }
  lab: { nodes: { type: dgx-a100-640gb, count: 2 } }
policy: { placement: burst, burst: { to: [lab], threshold: ${threshold} } }
workloads:
  - name: etl
    kind: data
    site: dc
    arrivals: { rate: 1 /s, max_jobs: 1 }
    read: 10 TB
    storage: { profile: s3-standard, connections: 5000 }
`;

  it('is timed again on those nodes: their storage network, not the home one, binds', () => {
    const home = simulate(parseScenario(twoSites('never'))).replications[0]!;
    const away = simulate(parseScenario(twoSites('0 s'))).replications[0]!;
    expect(away.pools['lab/main']!.jobs_routed).toBe(1);
    expect(home.jobs.completion_time.max).toBeCloseTo(10e12 / ((4 * 400e9) / 8), 3); // 50 s
    expect(away.jobs.completion_time.max).toBeCloseTo(10e12 / ((4 * 200e9) / 8), 3); // 100 s
  });
});

describe('a data job on local drives that may burst to instances without drives', () => {
  // Issue 12: this passed validate and then died with "internal error: node gcp-a3-highgpu-8g has no
  // local drives" (exit 3). Placement now skips pools whose nodes cannot run the job, as it does for
  // training jobs the training model cannot lay out.
  const text = `
name: local-burst
horizon: 10 h
sites:
  dc: { nodes: { type: dgx-h100, count: 2 } }
  cloud: { kind: cloud, nodes: { type: gcp-a3-highgpu-8g, count: 2 } }
policy: { placement: burst, burst: { to: [cloud], threshold: 0 s } }
workloads:
  - name: etl
    kind: data
    site: dc
    arrivals: { rate: 1 /s, max_jobs: 1 }
    read: 10 TB
    storage: local
`;

  it('runs at home: the instance type without local drives is never chosen', () => {
    const r = simulate(parseScenario(text)).replications[0]!;
    expect(r.jobs.completed).toBe(1);
    expect(r.pools['dc/main']!.jobs_routed).toBe(1);
    expect(r.pools['cloud/main']!.jobs_routed).toBe(0);
    // One DGX H100 node (the default `nodes: 1`) × 8 drives × 6.8 GB/s read: 10 TB in 10e12 / 54.4e9 s.
    expect(r.jobs.completion_time.max).toBeCloseTo(10e12 / (8 * 6.8e9), 3);
  });

  it('bursts when the other nodes have drives', () => {
    const r = simulate(parseScenario(text.replace('gcp-a3-highgpu-8g', 'aws-p5.48xlarge'))).replications[0]!;
    expect(r.pools['cloud/main']!.jobs_routed).toBe(1);
  });
});
