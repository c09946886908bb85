import { describe, expect, it } from 'vitest';
import { volumeFirings } from '../../src/scenario/resolve/pipeline-data.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import type { DataStream } from '../../src/model/types.js';

/**
 * Pipelines joined to streams (docs/pipelines.md): a run each time a stream has ingested another `volume`, and a
 * data stage reading what the stream ingested over a window. Stream `clicks` ingests a flat 864 GB/day = 10 MB/s:
 * 100 GB arrive every 10,000 s, so runs fire at 10,000 s, 20,000 s, … (17 within 2 days). The stage reads the last
 * hour, 10 MB/s × 3,600 s = 36 GB, processed at 10 MB/s by its one node: 3,600 s a run.
 */
const scenario = (stage = 'input: { stream: clicks, window: 1 h }', trigger = '{ on_data: { stream: clicks, volume: 100 GB } }') => `
name: on-data
horizon: 2 days
costs: none
sites:
  dc:
    pools:
      cpu: { type: cpu-2s-epyc9654, count: 1 }
      gpu: { type: dgx-h100, count: 1 }
streams:
  - name: clicks
    site: dc
    rate: 864 GB/day
    partitions: 4
    retention: 1 day
    replication: 1
    consumers: { pool: cpu, nodes: 1, rate_per_node: 20 MB/s }
workloads:
  - name: etl
    kind: pipeline
    trigger: ${trigger}
    stages:
      - name: read
        kind: data
        site: dc
        pool: gpu
        nodes: 1
        ${stage}
        storage: { profile: s3-standard, connections: 64 }
        processing_rate: 10 MB/s
`;

describe('a pipeline triggered by a volume of data, reading a window of the stream', () => {
  it('fires every 100 GB (10,000 s at 10 MB/s) and each run reads the last hour: 36 GB at 10 MB/s = 3,600 s', () => {
    const r = simulate(parseScenario(scenario())).replications[0]!;
    const runs = r.pipeline_runs?.['etl'] ?? [];
    expect(r.pipelines?.['etl']?.runs_triggered).toBe(17);
    runs.slice(0, 5).forEach((run, k) => {
      expect(run.trigger).toBeCloseTo((k + 1) * 10_000, 2);
      const stage = run.stages[0]!;
      expect((stage.end ?? NaN) - (stage.start ?? NaN)).toBeCloseTo(3600, 3);
    });
  });

  it('a diurnal stream fires where its integrated rate reaches each multiple of the volume (checked by the trapezoid rule)', () => {
    // 1 MB/s mean, ±80 % peaking at 18:00: λ(t) = 1e6 · (1 + 0.8 cos(2π t / 86,400 − 2π · 18/24))
    const stream: DataStream = { name: 's', site: 'dc', rate: 1e6, diurnal: { amplitude: 0.8, peakHour: 18 }, partitions: 1, retention: 86_400, replication: 1 } as DataStream;
    const firings = volumeFirings(stream, 10e9, 3 * 86_400);
    const lambda = (t: number) => 1e6 * (1 + 0.8 * Math.cos((2 * Math.PI * t) / 86_400 - (2 * Math.PI * 18) / 24));
    let integral = 0;
    let t = 0;
    const dt = 1;
    firings.forEach((firing, k) => {
      while (t + dt <= firing) {
        integral += ((lambda(t) + lambda(t + dt)) / 2) * dt;
        t += dt;
      }
      integral += lambda(t) * (firing - t);
      t = firing;
      expect(integral / ((k + 1) * 10e9)).toBeCloseTo(1, 4);
    });
    // 3 days × 86.4 GB = 259.2 GB: 25 firings of 10 GB
    expect(firings).toHaveLength(25);
  });

  it('refuses a window longer than the retention, an unknown stream, and read beside input: each located', () => {
    expect(() => parseScenario(scenario('input: { stream: clicks, window: 2 days }'))).toThrow(
      /stages\[0\]\.input\.window: reads the last 2 days of 'clicks', but the stream keeps only 1 day \(its retention\)/,
    );
    expect(() => parseScenario(scenario(undefined, '{ on_data: { stream: click, volume: 100 GB } }'))).toThrow(/trigger\.on_data\.stream: no stream 'click' \(hint: did you mean 'clicks'\?\)/);
    expect(() => parseScenario(scenario('input: { stream: clicks, window: 1 h }\n        read: 1 TB'))).toThrow(/stages\[0\]\.read: and input both say what the job reads/);
    expect(() => parseScenario(scenario('priority: 0'))).toThrow(/stages\[0\]\.read: is required/);
  });
});
