/**
 * Reproducibility and common random numbers: named random streams per workload, replications that
 * differ from each other but not from run to run (or process to process), and a replication that does
 * not depend on how many others the scenario asks for (so replications can be sharded).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate/simulate.js';
import { resultToJson } from '../../src/report/json-result.js';
import { buildScenario, scenarioYaml, type ScenarioSpec, type WorkloadSpec } from '../support/scenario-yaml.js';
import { JobRecorder } from '../support/job-log.js';

const train: WorkloadSpec = {
  name: 'train',
  pool: 'p0',
  arrivals: '{ rate: 3 /h }',
  devices: '{ kind: empirical, values: [1, 2, 4], weights: [3, 2, 1] }',
  referenceTime: '{ kind: lognormal, mean: 2 h, sd: 3 h }',
};
const infer: WorkloadSpec = {
  name: 'infer',
  pool: 'p1',
  arrivals: '{ rate: 5 /h }',
  devices: '{ kind: empirical, values: [1, 2] }',
  referenceTime: '{ kind: gamma, shape: 0.5, scale: 1 h }',
};
const base: ScenarioSpec = {
  name: 'crn',
  seed: 2024,
  horizon: '300 h',
  warmup: '20 h',
  replications: 3,
  pools: [
    { name: 'p0', devices: 8 },
    { name: 'p1', devices: 4 },
  ],
  workloads: [train],
};

/** Per replication, what `onJob` saw of one workload's jobs: submission, size, duration, start, end. */
function jobsOf(spec: ScenarioSpec, workloadName: string) {
  const scenario = buildScenario(spec);
  const index = scenario.workloads.findIndex((w) => w.name === workloadName);
  const recorder = new JobRecorder(scenario);
  const result = simulate(scenario, recorder.options);
  for (const log of recorder.replications) expect(log.problems).toEqual([]);
  const jobs = recorder.replications.map((log) =>
    log
      .sorted()
      .filter((j) => j.workload === index)
      .map((j) => ({ submit: j.submit, devices: j.devices, duration: j.duration, start: j.start, end: j.end })),
  );
  return { result, jobs };
}

describe('named random streams', () => {
  it("adding a workload on another pool leaves the first workload's jobs and metrics unchanged", () => {
    const alone = jobsOf(base, 'train');
    const after = jobsOf({ ...base, workloads: [train, infer] }, 'train');
    const before = jobsOf({ ...base, workloads: [infer, train] }, 'train'); // index shift, same name
    expect(alone.jobs[0]!.length).toBeGreaterThan(100);
    expect(after.jobs).toEqual(alone.jobs);
    expect(before.jobs).toEqual(alone.jobs);
    alone.result.replications.forEach((rep, r) => {
      expect(after.result.replications[r]!.workloads['train']).toEqual(rep.workloads['train']);
      expect(before.result.replications[r]!.workloads['train']).toEqual(rep.workloads['train']);
      expect(after.result.replications[r]!.pools['lab/p0']).toEqual(rep.pools['lab/p0']);
    });
    // The new workload really ran, on its own pool.
    expect(after.result.replications[0]!.workloads['infer']!.submitted).toBeGreaterThan(100);
  });

  it('adding a workload on the same pool keeps the arrivals and sizes of the first (common random numbers)', () => {
    // The schedule changes (they compete for devices) but the submitted jobs do not.
    const shared = { ...infer, pool: 'p0' };
    const alone = jobsOf(base, 'train').jobs.map((rep) => rep.map(({ submit, devices, duration }) => ({ submit, devices, duration })));
    const spec = { ...base, pools: [{ name: 'p0', devices: 400 }], workloads: [train, shared] }; // big enough that nothing waits
    const together = jobsOf(spec, 'train').jobs;
    // Compare the jobs both runs saw start (the first run may leave some queued at the horizon).
    together.forEach((rep, r) => {
      expect(rep.every((j) => j.start === j.submit)).toBe(true);
      const seen = alone[r]!;
      expect(rep.slice(0, seen.length).map(({ submit, devices, duration }) => ({ submit, devices, duration }))).toEqual(seen);
    });
  });

  it('what-if changes to one aspect of a workload keep its other draws (arrivals, sizes, work)', () => {
    // Everything on a big pool, so every job is seen at its submission.
    const spec = (w: WorkloadSpec): ScenarioSpec => ({ ...base, pools: [{ name: 'p0', devices: 400 }], workloads: [w] });
    const reference = jobsOf(spec(train), 'train').jobs;
    const work = (j: { duration: number; devices: number }) => j.duration * j.devices; // device-time = reference time
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(a, b);

    // Other device counts: same arrivals, same work per job.
    const oneDevice = jobsOf(spec({ ...train, devices: '1' }), 'train').jobs;
    // Heavier work: same arrivals, same device counts.
    const otherWork = jobsOf(spec({ ...train, referenceTime: '{ kind: exponential, mean: 5 h }' }), 'train').jobs;
    // Other arrivals: same device counts and work for the k-th job.
    const otherArrivals = jobsOf(spec({ ...train, arrivals: '{ interarrival: { kind: uniform, min: 0 s, max: 40 min } }' }), 'train').jobs;
    reference.forEach((rep, r) => {
      expect(oneDevice[r]!.map((j) => j.submit)).toEqual(rep.map((j) => j.submit));
      expect(oneDevice[r]!.every((j, k) => close(work(j), work(rep[k]!)))).toBe(true);
      expect(otherWork[r]!.map((j) => [j.submit, j.devices])).toEqual(rep.map((j) => [j.submit, j.devices]));
      const n = Math.min(rep.length, otherArrivals[r]!.length);
      expect(n).toBeGreaterThan(100);
      expect(otherArrivals[r]!.slice(0, n).map((j) => [j.devices, j.duration])).toEqual(rep.slice(0, n).map((j) => [j.devices, j.duration]));
    });
  });

  it('a job of a workload is the same whatever its pool (devices and work do not depend on placement)', () => {
    const onP0 = jobsOf({ ...base, pools: [{ name: 'p0', devices: 400 }] }, 'train').jobs;
    const onP1 = jobsOf(
      {
        ...base,
        pools: [
          { name: 'p0', devices: 4 },
          { name: 'p1', devices: 400 },
        ],
        workloads: [{ ...train, pool: 'p1' }],
      },
      'train',
    ).jobs;
    expect(onP1).toEqual(onP0);
  });
});

describe('replications', () => {
  it('differ from each other', () => {
    const result = simulate(buildScenario(base));
    const reps = result.replications.map(({ replication: _r, ...rest }) => JSON.stringify(rest));
    expect(new Set(reps).size).toBe(reps.length);
    const waits = result.replications.map((r) => r.jobs.wait.mean);
    expect(new Set(waits).size).toBe(waits.length);
    const submitted = jobsOf(base, 'train').jobs.map((rep) => rep[0]!.submit);
    expect(new Set(submitted).size).toBe(submitted.length);
  });

  it('do not depend on how many replications the scenario asks for (shardable)', () => {
    const three = simulate(buildScenario({ ...base, replications: 3 }));
    const five = simulate(buildScenario({ ...base, replications: 5 }));
    const one = simulate(buildScenario({ ...base, replications: 1 }));
    expect(five.replications.slice(0, 3)).toEqual(three.replications);
    expect(one.replications[0]).toEqual(three.replications[0]);
  });
});

describe('byte-identical results', () => {
  const spec: ScenarioSpec = { ...base, workloads: [train, infer] };

  it('the same scenario and seed give the same JSON bytes, run after run', () => {
    const a = resultToJson(simulate(buildScenario(spec)));
    const b = resultToJson(simulate(buildScenario(spec)));
    expect(b).toBe(a);
    const other = resultToJson(simulate(buildScenario({ ...spec, seed: 2025 })));
    expect(other).not.toBe(a);
  });

  it('…and in a separate process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'determinism-'));
    try {
      const file = join(dir, 'crn.yaml');
      const yaml = scenarioYaml(spec);
      writeFileSync(file, yaml);
      const script = fileURLToPath(new URL('../support/print-result.ts', import.meta.url));
      const child = execFileSync(process.execPath, ['--import', 'tsx', script, file], { encoding: 'utf8', timeout: 30_000 });
      const here = resultToJson(simulate(buildScenario(spec)));
      expect(child.length).toBeGreaterThan(1000);
      expect(child).toBe(here);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
