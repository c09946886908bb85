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
