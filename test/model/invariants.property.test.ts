/**
 * Invariants of the batch model over generated scenarios (fast-check): job lifecycle, exclusive
 * device use, strict FCFS gang scheduling, bounds on utilisation, sample-path Little's law, exact
 * agreement with an independent FCFS reference (test/support/reference-model.ts), and determinism.
 *
 * Jobs still queued at the horizon never reach `onJob`; their submission times are recovered from an
 * "unbounded twin" run: the same workloads (same names, hence the same random streams) on a pool so
 * large that nothing waits, where every job starts the moment it is submitted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../src/simulate/simulate.js';
import type { ResolvedScenario as Scenario } from '../../src/scenario/scenario.js';
import type { JobMetrics } from '../../src/metrics/job-metrics.js';
import { scenarioArb, unboundedTwin, type GeneratedScenario } from '../support/arbitraries.js';
import { JobRecorder, type ReplicationLog } from '../support/job-log.js';
import { expectedJobMetrics, expectedPoolMetrics, quantileBracket, referenceFcfs, type JobInput, type RefJob } from '../support/reference-model.js';
import { buildScenario, type ScenarioSpec } from '../support/scenario-yaml.js';

interface Run {
  readonly scenario: Scenario;
  readonly result: SimulationResult;
  readonly logs: readonly ReplicationLog[];
}

function run(spec: ScenarioSpec): Run {
  const scenario = buildScenario(spec);
  const recorder = new JobRecorder(scenario);
  const result = simulate(scenario, recorder.options);
  return { scenario, result, logs: recorder.replications };
}

function expectClose(actual: number, expected: number, what: string, scale = 1): void {
  const tolerance = 1e-9 * Math.max(Math.abs(expected), scale) + 1e-9;
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

const poolCapacities = (scenario: Scenario) => new Map(scenario.sites.flatMap((s) => s.pools.map((p) => [p.id, p.deviceCount] as const)));

/** Every submitted job of each replication, from the unbounded twin; checks that nothing waited there. */
function allSubmissions(gen: GeneratedScenario, scenario: Scenario): JobInput[][] {
  const twin = run(unboundedTwin(gen.spec));
  expect(twin.result.complete).toBe(true);
  return twin.logs.map((log, r) => {
    expect(log.problems, `twin replication ${r}`).toEqual([]);
    expect(twin.result.replications[r]!.jobs.queued_at_end, 'twin queue must stay empty').toBe(0);
    return log.sorted().map((j) => {
      expect(j.start, `twin job ${j.id} waited`).toBe(j.submit);
      return { id: j.id, workload: j.workload, pool: scenario.workloads[j.workload]!.pool, submit: j.submit, devices: j.devices, duration: j.duration };
    });
  });
}

function checkJobMetrics(actual: JobMetrics, jobs: readonly RefJob[], warmup: number, horizon: number, what: string): void {
  const e = expectedJobMetrics(jobs, warmup, horizon);
  expect(actual.submitted, `${what} submitted`).toBe(e.submitted);
  expect(actual.completed, `${what} completed`).toBe(e.completed);
  expect(actual.queued_at_end, `${what} queued_at_end`).toBe(e.queued_at_end);
  expect(actual.running_at_end, `${what} running_at_end`).toBe(e.running_at_end);
  expectClose(actual.throughput_per_hour, e.throughput_per_hour, `${what} throughput`);
  expectClose(actual.device_hours, e.device_hours, `${what} device_hours`, 1);
  const samples: [string, JobMetrics['wait'], number[]][] = [
    ['wait', actual.wait, e.waits],
    ['completion_time', actual.completion_time, e.completionTimes],
    ['bounded_slowdown', actual.bounded_slowdown, e.boundedSlowdowns],
  ];
  for (const [name, summary, values] of samples) {
    expect(summary.count, `${what} ${name}.count`).toBe(values.length);
    if (values.length === 0) continue;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expectClose(summary.mean, mean, `${what} ${name}.mean`, 1);
    expect(summary.max, `${what} ${name}.max`).toBe(Math.max(...values));
    for (const [q, value] of [
      [0.5, summary.p50],
      [0.95, summary.p95],
      [0.99, summary.p99],
    ] as const) {
      const [lo, hi] = quantileBracket(values, q);
      expect(value, `${what} ${name} p${q * 100}`).toBeGreaterThanOrEqual(lo);
      expect(value, `${what} ${name} p${q * 100}`).toBeLessThanOrEqual(hi);
    }
  }
}

describe('batch model invariants (property-based)', () => {
  it('jobs start once, after submission, in FCFS order, on exclusively held devices', () => {
    fc.assert(
      fc.property(scenarioArb(), (gen) => {
        const { scenario, result, logs } = run(gen.spec);
        const { horizon } = scenario;
        expect(result.complete).toBe(true);
        expect(logs).toHaveLength(scenario.replications);
        logs.forEach((log, r) => {
          const rep = result.replications[r]!;
          // Live checks: single start/end, time order, device ownership, busy ≤ capacity.
          expect(log.problems, `replication ${r}`).toEqual([]);
          const jobs = log.sorted();
          let running = 0;
          for (const j of jobs) {
            expect(j.submit).toBeLessThanOrEqual(horizon);
            expect(j.start).toBeGreaterThanOrEqual(j.submit);
            expect(j.start).toBeLessThanOrEqual(horizon);
            if (Number.isNaN(j.end)) {
              running++;
              expect(j.start + j.duration, `job ${j.id} never ended`).toBeGreaterThan(horizon);
            } else {
              expect(j.end).toBeLessThanOrEqual(horizon);
              expect(j.end).toBe(j.start + j.duration);
            }
          }
          expect(rep.jobs.running_at_end).toBe(running);
          for (const [poolId, capacity] of poolCapacities(scenario)) {
            const inPool = jobs.filter((j) => j.pool === poolId);
            // Strict FCFS: in submission order, start times and start events never go backwards.
            for (let k = 1; k < inPool.length; k++) {
              expect(inPool[k]!.start, `${poolId}: job ${inPool[k]!.id} started before job ${inPool[k - 1]!.id}`).toBeGreaterThanOrEqual(inPool[k - 1]!.start);
              expect(inPool[k]!.startSeq).toBeGreaterThan(inPool[k - 1]!.startSeq);
            }
            // Each device's busy intervals [start, end) are disjoint.
            const perDevice = new Map<number, [number, number][]>();
            for (const j of inPool) {
              for (const d of j.deviceIds) perDevice.set(d, [...(perDevice.get(d) ?? []), [j.start, Number.isNaN(j.end) ? Infinity : j.end]]);
            }
            for (const [d, intervals] of perDevice) {
              expect(d).toBeGreaterThanOrEqual(0);
              expect(d).toBeLessThan(capacity);
              intervals.sort((a, b) => a[0] - b[0]);
              for (let k = 1; k < intervals.length; k++) {
                expect(intervals[k]![0], `${poolId} device ${d} double-booked`).toBeGreaterThanOrEqual(intervals[k - 1]![1]);
              }
            }
            const pool = rep.pools[poolId]!;
            expect(pool.devices).toBe(capacity);
            expect(log.maxBusy(poolId)).toBeLessThanOrEqual(capacity);
            expect(pool.utilisation).toBeGreaterThanOrEqual(0);
            expect(pool.utilisation).toBeLessThanOrEqual(1);
            expect(pool.mean_busy_devices).toBeLessThanOrEqual(capacity * (1 + 1e-12));
            expect(pool.mean_queue_length).toBeGreaterThanOrEqual(0);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it("Little's law on the sample path (warm-up 0): queue and busy integrals equal per-job sums", () => {
    fc.assert(
      fc.property(scenarioArb({ allowWarmup: false }), (gen) => {
        const { scenario, result, logs } = run(gen.spec);
        const { horizon } = scenario;
        expect(scenario.warmup).toBe(0);
        const submissions = allSubmissions(gen, scenario);
        logs.forEach((log, r) => {
          const rep = result.replications[r]!;
          for (const [poolId, capacity] of poolCapacities(scenario)) {
            const submitted = submissions[r]!.filter((j) => j.pool === poolId);
            let waiting = 0; // Σ (min(start, H) − submit) over jobs submitted ≤ H
            let busy = 0; // Σ devices × (min(end, H) − start) over started jobs
            for (const j of submitted) {
              const started = log.jobs.get(j.id);
              waiting += (started ? Math.min(started.start, horizon) : horizon) - j.submit;
              if (started) busy += started.devices * (Math.min(Number.isNaN(started.end) ? Infinity : started.end, horizon) - started.start);
            }
            const pool = rep.pools[poolId]!;
            expectClose(pool.mean_queue_length * horizon, waiting, `${poolId} queue integral`, horizon);
            expectClose(pool.mean_busy_devices * horizon, busy, `${poolId} busy integral`, horizon * capacity);
            expectClose(pool.utilisation * capacity * horizon, busy, `${poolId} utilisation`, horizon * capacity);
          }
        });
      }),
      { numRuns: 40 },
    );
  });

  it('agrees exactly with an independent FCFS gang-scheduling reference, metrics included', () => {
    fc.assert(
      fc.property(scenarioArb(), (gen) => {
        const { scenario, result, logs } = run(gen.spec);
        const { horizon, warmup } = scenario;
        const submissions = allSubmissions(gen, scenario);
        const capacity = poolCapacities(scenario);
        logs.forEach((log, r) => {
          const rep = result.replications[r]!;
          const reference = referenceFcfs(submissions[r]!, capacity, horizon);
          // Same jobs, same starts; the started ones carry the twin's submission, size and duration.
          for (const ref of reference) {
            const seen = log.jobs.get(ref.id);
            if (Number.isNaN(ref.start)) {
              expect(seen, `job ${ref.id} should still be queued at the horizon`).toBeUndefined();
              continue;
            }
            expect(seen, `job ${ref.id} (${ref.pool}, submitted ${ref.submit}) should have started at ${ref.start}`).toBeDefined();
            expect({ submit: seen!.submit, devices: seen!.devices, duration: seen!.duration, workload: seen!.workload, pool: seen!.pool }).toEqual({
              submit: ref.submit,
              devices: ref.devices,
              duration: ref.duration,
              workload: ref.workload,
              pool: ref.pool,
            });
            expect(seen!.start, `job ${ref.id} start`).toBe(ref.start);
            expect(seen!.end, `job ${ref.id} end`).toBe(ref.finish <= horizon ? ref.finish : NaN);
          }
          expect(log.jobs.size).toBe(reference.filter((j) => !Number.isNaN(j.start)).length);

          checkJobMetrics(rep.jobs, reference, warmup, horizon, `replication ${r} jobs`);
          scenario.workloads.forEach((w, i) => {
            checkJobMetrics(
              rep.workloads[w.name]!,
              reference.filter((j) => j.workload === i),
              warmup,
              horizon,
              `replication ${r} ${w.name}`,
            );
          });
          for (const [poolId, devices] of capacity) {
            const e = expectedPoolMetrics(
              reference.filter((j) => j.pool === poolId),
              devices,
              warmup,
              horizon,
            );
            const pool = rep.pools[poolId]!;
            expectClose(pool.mean_queue_length, e.mean_queue_length, `${poolId} mean_queue_length`, 1);
            expectClose(pool.mean_busy_devices, e.mean_busy_devices, `${poolId} mean_busy_devices`, devices);
            expectClose(pool.utilisation, e.utilisation, `${poolId} utilisation`, 1);
            expect(pool.max_queue_length, `${poolId} max_queue_length`).toBe(e.max_queue_length);
          }
        });
      }),
      { numRuns: 50 },
    );
  });

  it('is deterministic: same scenario ⇒ identical JSON; another seed ⇒ different replications', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (gen, otherSeed) => {
        const scenario = buildScenario(gen.spec);
        const first = JSON.stringify(simulate(scenario));
        const second = JSON.stringify(simulate(buildScenario(gen.spec)));
        expect(second).toBe(first);
        if (gen.random && otherSeed !== gen.spec.seed) {
          const other = simulate(buildScenario({ ...gen.spec, seed: otherSeed }));
          expect(JSON.stringify(other.replications)).not.toBe(JSON.stringify((JSON.parse(first) as SimulationResult).replications));
        }
      }),
      { numRuns: 30 },
    );
  });
});
