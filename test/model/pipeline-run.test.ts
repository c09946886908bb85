import { describe, expect, it } from 'vitest';
import { runReplication } from '../../src/model/run-replication.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { deadlinePenalties } from '../../src/cost/deadline-penalties.js';
import { priceScenario } from '../../src/cost/price-scenario.js';

// A hand-timed pipeline: constant work on dedicated pools, no other jobs. Time 0 is midnight (no start); the
// pipeline fires every day at 01:00 (3,600 s and 90,000 s within the 2-day horizon).
//   prepare  site a, 1 A100 (the reference device): reference_time 1 h → 3,600 s; hands 10 GB to train
//   train    site b: the 10 GB cross the 1 GB/s link first (10 GB ÷ 1 GB/s = 10 s, no latency), then 2 h → 7,200 s
//   deploy   rolls out to the chat service on site b in 10 min → 600 s
// Makespan = 3,600 + 10 + 7,200 + 600 = 11,410 s > the 3 h (10,800 s) deadline: both runs miss.
const yaml = `
name: pipeline-hand-timed
horizon: 2 days
costs: none
sites:
  a:
    nodes: { type: dgx-a100-640gb, count: 1 }
  b:
    pools:
      jobs: { type: dgx-a100-640gb, count: 1 }
      serve: { type: dgx-a100-640gb, count: 1 }
links:
  - { between: [a, b], bandwidth: 1 GB/s }
workloads:
  - name: chat
    kind: inference
    site: b
    pool: serve
    model: { card: llama-3.1-8b, precision: bf16 }
    arrivals: { rate: 0.01 /s }
    tokens: { input: 100, output: 10 }
    replicas: 1
  - name: nightly
    kind: pipeline
    trigger: { every: 1 day, at: '01:00' }
    deadline: { within: 3 h }
    penalty: 1000 USD
    stages:
      - { name: prepare, kind: batch, site: a, devices: 1, work: { reference_time: 1 h }, output: 10 GB }
      - { name: train, kind: batch, site: b, pool: jobs, after: [prepare], devices: 1, work: { reference_time: 2 h } }
      - { name: deploy, kind: deploy, after: [train], service: chat, rollout: 10 min }
`;

describe('a hand-timed pipeline', () => {
  const r = runReplication(priceScenario(parseScenario(yaml, 'pipeline.yaml')), 0);
  const p = r.pipelines?.nightly;
  const runs = r.pipeline_runs?.nightly ?? [];

  it('starts each stage when its predecessor ends, the carried output adding bytes ÷ bandwidth', () => {
    expect(runs.map((x) => x.trigger)).toEqual([3600, 90000]);
    const first = runs[0]?.stages ?? [];
    expect(first.map((s) => [s.stage, s.start, s.end])).toEqual([
      ['prepare', 3600, 7200],
      // ready when prepare ended, started after the 10 GB crossed the link: 10 s later
      ['train', 7210, 14410],
      ['deploy', 14410, 15010],
    ]);
    expect(first[1]?.ready).toBe(7200);
    expect(r.usage.transfers['a->b']).toBe(2 * 10e9);
  });

  it('measures the makespan and counts every missed deadline, which the cost layer prices', () => {
    expect(p?.runs_completed).toBe(2);
    expect(p?.makespan.mean).toBeCloseTo(11410, 6);
    expect(p?.makespan.max).toBeCloseTo(11410, 6);
    expect(p?.deadline).toEqual({ judged: 2, missed: 2, miss_fraction: 1 });
    expect(r.usage.deadline_misses).toEqual({ nightly: 2 });
    // train's 10 s wait for the data is on the critical path (its contribution), not queueing
    expect(p?.stage_wait.mean).toBe(0);
    expect(p?.stages.train?.critical_path_share).toBeCloseTo(7210 / 11410, 12);
    const H = 365.25 * 86400;
    const priced = deadlinePenalties(
      { pipelines: [{ name: 'nightly', penalty: 1000, trigger: { kind: 'every', every: 86400, timeZone: 'UTC', firings: [] }, overlap: 'skip', stages: [] }], planning: { horizon: H } },
      r.usage,
    );
    expect(priced?.penalties.by_pipeline.nightly?.window_usd).toBe(2000);
    expect(priced?.penalties.total).toBeCloseTo((2000 / r.usage.window) * H, 6);
  });

  it('switches the service to each new version when its deploy ends', () => {
    const versions = r.inference.chat?.versions ?? [];
    expect(versions.map((v) => [v.version, v.live_from])).toEqual([
      ['v0', 0],
      ['v1', 15010],
      ['v2', 90000 + 11410],
    ]);
    // every request arriving in the window belongs to exactly one version
    expect(versions.reduce((a, v) => a + v.submitted, 0)).toBe(r.inference.chat?.submitted);
  });
});

// One stage of 8 devices × 1.25 h (10 reference GPU-hours on a DGX A100's 8 A100s) fired every hour from time 0,
// due within 2 h, on a pool that holds one such job at a time; horizon 5.5 h (firings at 0, 1, …, 5 h).
const overlapping = (overlap: string) => `
name: pipeline-overlap-${overlap}
horizon: 5.5 h
costs: none
sites:
  dc:
    nodes: { type: dgx-a100-640gb, count: 1 }
workloads:
  - name: hourly
    kind: pipeline
    trigger: { every: 1 h }
    overlap: ${overlap}
    deadline: { within: 2 h }
    stages:
      - { name: job, kind: batch, devices: 8, work: { reference_time: 10 h } }
`;

describe('a firing while a run is still going', () => {
  const run = (overlap: string) => runReplication(priceScenario(parseScenario(overlapping(overlap), 'overlap.yaml')), 0).pipelines?.hourly;

  it('skip: every other firing is skipped, and a skipped run whose deadline falls in the run misses it', () => {
    // runs at 0, 2, 4 h (each 1.25 h); skipped at 1, 3, 5 h. Judged: deadlines 2, 3, 4, 5 h (the 6 and 7 h ones fall after the run);
    // the skipped ones of 1 and 3 h miss.
    const p = run('skip');
    expect([p?.runs_triggered, p?.runs_skipped, p?.runs_completed, p?.runs_unfinished]).toEqual([6, 3, 3, 0]);
    expect(p?.makespan.mean).toBe(4500);
    expect(p?.deadline).toEqual({ judged: 4, missed: 2, miss_fraction: 0.5 });
  });

  it('queue: a firing starts when the run before it ends; its makespan and deadline count from its firing', () => {
    // ends at 1.25, 2.5, 3.75, 5 h; the 4 h run starts at 5 h and is still going at 5.5 h, the 5 h one never starts.
    // Makespans 1.25, 1.5, 1.75, 2 h; the 3 h run ends exactly at its 5 h deadline, which it meets.
    const p = run('queue');
    expect([p?.runs_triggered, p?.runs_skipped, p?.runs_completed, p?.runs_unfinished]).toEqual([6, 0, 4, 2]);
    expect(p?.makespan.mean).toBeCloseTo(1.625 * 3600, 9);
    expect(p?.makespan.max).toBe(7200);
    expect(p?.stage_wait.mean).toBe(0);
    expect(p?.deadline).toEqual({ judged: 4, missed: 0, miss_fraction: 0 });
  });

  it('allow: every firing submits its job at once, which waits in the pool: the same ends, counted as queueing inside the pipeline', () => {
    // the jobs of 1, 2 and 3 h wait 0.25, 0.5 and 0.75 h for the one before: mean (0 + 900 + 1,800 + 2,700) / 4 s
    const p = run('allow');
    expect([p?.runs_completed, p?.runs_unfinished]).toEqual([4, 2]);
    expect(p?.makespan.mean).toBeCloseTo(1.625 * 3600, 9);
    expect(p?.stage_wait.mean).toBeCloseTo(1350, 9);
    expect(p?.stages.job?.mean_wait).toBeCloseTo(1350, 9);
  });
});
