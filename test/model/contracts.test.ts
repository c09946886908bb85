/**
 * The batch model's documented contracts, on small deterministic scenarios whose every figure can be
 * worked out by hand: same-time event order, the warm-up window, max_jobs, and runs cut short by
 * maxEvents. (See the header comment of src/model/run-replication.ts.)
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate/simulate.js';
import { buildScenario, type ScenarioSpec } from '../support/scenario-yaml.js';

const H = 3600;

function close(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('same-time order of events', () => {
  it('a completion at the instant of an arrival is processed first: back-to-back jobs never queue', () => {
    // One device, a job every hour, each running exactly one hour.
    const result = simulate(buildScenario({ horizon: '100 h', pools: [{ devices: 1 }], workloads: [{ name: 'a', arrivals: '{ interarrival: 1 h }', referenceTime: '1 h' }] }));
    const rep = result.replications[0]!;
    const pool = rep.pools['lab/main']!;
    expect(rep.jobs.submitted).toBe(100); // arrivals at 1 h … 100 h (the horizon itself included)
    expect(rep.jobs.wait.max).toBe(0);
    expect(pool.max_queue_length).toBe(0); // an arrival processed before the completion would queue
    expect(pool.mean_queue_length).toBe(0);
    close(pool.utilisation, 99 / 100, 'utilisation');
    expect(rep.jobs.completed).toBe(99);
    expect(rep.jobs.running_at_end).toBe(1);
  });

  it('freed devices go to the waiting job, not to a job arriving at that instant', () => {
    // One device, arrivals every hour, 1.5 h each: job k waits 0.5·k h. At 4 h job 1 ends and job 3
    // arrives while job 2 waits: job 2 must start at 4 h.
    const starts = new Map<number, number>();
    simulate(buildScenario({ horizon: '12 h', pools: [{ devices: 1 }], workloads: [{ name: 'a', arrivals: '{ interarrival: 1 h }', referenceTime: '1.5 h' }] }), {
      onJob: (event, job) => void (event === 'start' && starts.set(job.id, job.start / H)),
    });
    expect([...starts.entries()].slice(0, 5)).toEqual([
      [0, 1],
      [1, 2.5],
      [2, 4],
      [3, 5.5],
      [4, 7],
    ]);
  });

  it('arrivals at the same instant are taken in workload order (documented contract)', () => {
    // Workload a arrives every hour, b every two hours: both arrive at 2 h, 4 h, …. By the contract in
    // run-replication.ts ("job arrivals, in workload order then submission order") a's job is
    // submitted first each time, so it is ahead of b's in the FCFS queue (and gets the lower job id).
    // On a pool big enough for all, start order is submission order.
    const spec: ScenarioSpec = {
      horizon: '6 h',
      pools: [{ devices: 10 }],
      workloads: [
        { name: 'a', arrivals: '{ interarrival: 1 h }', referenceTime: '10 h' },
        { name: 'b', arrivals: '{ interarrival: 2 h }', referenceTime: '10 h' },
      ],
    };
    const order: string[] = [];
    simulate(buildScenario(spec), { onJob: (event, job) => void (event === 'start' && order.push(`${'ab'[job.workload]}@${job.submit / H}h`)) });
    expect(order).toEqual(['a@1h', 'a@2h', 'b@2h', 'a@3h', 'a@4h', 'b@4h', 'a@5h', 'a@6h', 'b@6h']);
  });
});

describe('warm-up window', () => {
  it('counts jobs submitted at or after the warm-up, and completions at or after it', () => {
    const rep = simulate(
      buildScenario({
        horizon: '20 h',
        warmup: '10 h',
        pools: [{ devices: 4 }],
        workloads: [{ name: 'a', arrivals: '{ interarrival: 1 h }', referenceTime: '0.5 h' }],
      }),
    ).replications[0]!;
    expect(rep.jobs.submitted).toBe(11); // 10 h … 20 h
    expect(rep.jobs.wait.count).toBe(11);
    expect(rep.jobs.completed).toBe(10); // ends at 10.5 h … 19.5 h; the job ending at 9.5 h is before the window
    expect(rep.jobs.completion_time.count).toBe(10);
    close(rep.jobs.throughput_per_hour, 1, 'throughput');
    close(rep.jobs.device_hours, 5, 'device hours');
    close(rep.pools['lab/main']!.mean_busy_devices, 0.5, 'busy devices'); // the job submitted at 20 h starts at the horizon
  });

  it('pool statistics restart at the warm-up with the queue standing at that moment', () => {
    // Ten jobs 6 min apart (max_jobs), one device, 1 h each: at the 1.5 h warm-up jobs 2-9 are queued.
    const rep = simulate(
      buildScenario({
        horizon: '20 h',
        warmup: '1.5 h',
        pools: [{ devices: 1 }],
        workloads: [{ name: 'burst', arrivals: '{ interarrival: 6 min, max_jobs: 10 }', referenceTime: '1 h' }],
      }),
    ).replications[0]!;
    const pool = rep.pools['lab/main']!;
    expect(pool.max_queue_length).toBe(8);
    // Queue: 8 over [1.5, 2.1) h, then 7, 6, … 1 for an hour each; window 18.5 h.
    close(pool.mean_queue_length, (8 * 0.6 + 28) / 18.5, 'mean queue length');
    // Busy from 1.5 h until the last job ends at 10.1 h.
    close(pool.utilisation, 8.6 / 18.5, 'utilisation');
    expect(rep.jobs.submitted).toBe(0);
    expect(rep.jobs.wait.count).toBe(0);
    expect(rep.jobs.completed).toBe(9);
    close(rep.jobs.device_hours, 8.6, 'device hours');
    expect(rep.jobs.queued_at_end).toBe(0);
  });
});

describe('arrival limits and event limits', () => {
  it('max_jobs stops submissions after exactly that many jobs', () => {
    const rep = simulate(buildScenario({ horizon: '100 h', pools: [{ devices: 2 }], workloads: [{ name: 'a', arrivals: '{ rate: 2 /h, max_jobs: 7 }', referenceTime: '1 min' }] })).replications[0]!;
    expect(rep.jobs.submitted).toBe(7);
    expect(rep.jobs.completed).toBe(7);
  });

  it('a run cut short by maxEvents is marked incomplete and reports finite figures', () => {
    const scenario = buildScenario({
      horizon: '100 h',
      warmup: '50 h',
      pools: [{ devices: 2 }],
      workloads: [{ name: 'a', arrivals: '{ interarrival: 1 h }', referenceTime: '1.5 h' }],
    });
    const full = simulate(scenario);
    expect(full.complete).toBe(true);
    const bad: string[] = [];
    const walk = (value: unknown, path: string, maxEvents: number): void => {
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) bad.push(`maxEvents=${maxEvents}: ${path} = ${value}`);
      } else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, maxEvents);
      }
    };
    for (let maxEvents = 1; maxEvents < full.replications[0]!.events; maxEvents += 1) {
      const cut = simulate(scenario, { maxEvents });
      expect(cut.complete).toBe(false);
      expect(cut.replications[0]!.events).toBe(maxEvents);
      walk(cut.replications[0], 'replications[0]', maxEvents);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
