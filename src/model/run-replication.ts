import { makeSampler, RandomStreams, ServerPool, Simulation } from '../engine/index.js';
import { JobMetricsCollector, type JobMetrics } from '../metrics/job-metrics.js';
import { ArrivalAgenda } from './arrival-agenda.js';
import { DeviceAllocator } from './device-allocator.js';
import { durationFactors, jobDuration, type DurationFactors } from './job-duration.js';
import type { Job } from './job.js';
import type { Pool, Scenario, Workload } from './types.js';

/**
 * One replication of a scenario: batch jobs arriving at pools of devices, FCFS gang scheduling.
 *
 * Same-time order of the model's own events (a documented contract; trace replays depend on it):
 *   1. the end of the warm-up (statistics reset) — priority -1
 *   2. job completions, which free devices and start waiting jobs in FCFS order — priority 0
 *   3. job arrivals, in workload order then submission order — priority 1
 * so a job arriving at the instant another ends sees the freed devices already given to the queue.
 *
 * Random streams are named per workload and purpose (`<workload>/arrivals`, `/devices`, `/work`):
 * adding a workload or a pool never changes the draws of another workload.
 */

const PRIORITY_WARMUP = -1;
const PRIORITY_COMPLETION = 0;
const PRIORITY_ARRIVAL = 1;

export interface PoolMetrics {
  readonly devices: number;
  /** time-weighted busy devices / devices over the window, in [0, 1] */
  readonly utilisation: number;
  /** time-weighted mean number of busy devices */
  readonly mean_busy_devices: number;
  /** time-weighted mean number of jobs waiting */
  readonly mean_queue_length: number;
  readonly max_queue_length: number;
}

export interface ReplicationMetrics {
  readonly replication: number;
  /** engine events processed */
  readonly events: number;
  /** false when a limit (maxEvents) stopped the run before the horizon */
  readonly complete: boolean;
  readonly jobs: JobMetrics;
  readonly workloads: Readonly<Record<string, JobMetrics>>;
  readonly pools: Readonly<Record<string, PoolMetrics>>;
}

export interface ReplicationOptions {
  /** Stop after this many events; the result is then marked incomplete. */
  readonly maxEvents?: number;
  /** Called at every job start and end (tests use it to check invariants); keep it cheap. */
  readonly onJob?: (event: 'start' | 'end', job: Job, pool: string) => void;
}

interface PoolState {
  readonly pool: Pool;
  readonly server: ServerPool;
  readonly allocator: DeviceAllocator;
}

interface WorkloadState {
  readonly index: number;
  readonly workload: Workload;
  readonly pool: PoolState;
  readonly nextInterarrival: () => number;
  readonly nextDevices: () => number;
  readonly nextWork: () => number;
  readonly factors: DurationFactors;
  readonly metrics: JobMetricsCollector;
  submitted: number;
}

export function runReplication(scenario: Scenario, replication: number, options: ReplicationOptions = {}): ReplicationMetrics {
  const sim = new Simulation();
  const streams = new RandomStreams(scenario.seed, replication);
  const { warmup, horizon } = scenario;
  const all = new JobMetricsCollector(warmup);
  const onJob = options.onJob;
  let nextJobId = 0;

  const pools = new Map<string, PoolState>();
  for (const site of scenario.sites) {
    for (const pool of site.pools) {
      pools.set(pool.id, { pool, server: new ServerPool(sim, pool.deviceCount, { name: pool.id }), allocator: new DeviceAllocator(pool.deviceCount) });
    }
  }

  const workloads: WorkloadState[] = scenario.workloads.map((workload, index) => {
    const pool = pools.get(workload.pool);
    if (!pool) throw new Error(`workload ${workload.name} names unknown pool ${workload.pool}`);
    const stream = (purpose: string) => streams.stream(`${workload.name}/${purpose}`);
    return {
      index,
      workload,
      pool,
      nextInterarrival: makeSampler(workload.arrivals.interarrival, stream('arrivals')),
      nextDevices: makeSampler(workload.devices, stream('devices')),
      nextWork: makeSampler(workload.work.amount, stream('work')),
      factors: durationFactors(workload.work, pool.pool.device, scenario.reference),
      metrics: new JobMetricsCollector(warmup),
      submitted: 0,
    };
  });

  const end = (job: Job): void => {
    const w = workloads[job.workload]!;
    job.end = sim.now;
    w.pool.allocator.give(job.deviceIds!);
    onJob?.('end', job, w.pool.pool.id);
    w.metrics.onEnd(job.submit, job.start, job.end, job.devices);
    all.onEnd(job.submit, job.start, job.end, job.devices);
    w.pool.server.release(job.devices);
  };

  const start = (job: Job): void => {
    const w = workloads[job.workload]!;
    job.start = sim.now;
    job.deviceIds = w.pool.allocator.take(job.devices);
    onJob?.('start', job, w.pool.pool.id);
    w.metrics.onStart(job.submit, job.start);
    all.onStart(job.submit, job.start);
    sim.schedule(job.duration, end, job, PRIORITY_COMPLETION);
  };

  const arrive = (w: WorkloadState): void => {
    const now = sim.now;
    const devices = w.nextDevices();
    // Negative draws (a normal distribution's tail) mean "no work", not negative time.
    const amount = Math.max(0, w.nextWork());
    const job: Job = {
      id: nextJobId++,
      workload: w.index,
      submit: now,
      devices,
      duration: jobDuration(w.workload.work, amount, devices, w.factors),
      start: NaN,
      end: NaN,
      deviceIds: undefined,
    };
    w.submitted++;
    w.metrics.onSubmit(now);
    all.onSubmit(now);
    scheduleNextArrival(w);
    w.pool.server.request(devices, start, job);
  };

  // One calendar event at a time stands for the earliest pending arrival; the agenda orders
  // simultaneous arrivals by workload index.
  const agenda = new ArrivalAgenda(workloads.length);
  let agendaEvent = -1;
  const arrivalsDue = (): void => {
    agendaEvent = -1;
    while (agenda.nextTime === sim.now) arrive(workloads[agenda.pop()]!);
    if (!agenda.isEmpty) agendaEvent = sim.scheduleAt(agenda.nextTime, arrivalsDue, undefined, PRIORITY_ARRIVAL);
  };

  const scheduleNextArrival = (w: WorkloadState): void => {
    const max = w.workload.arrivals.maxJobs;
    if (max !== undefined && w.submitted >= max) return;
    const at = sim.now + Math.max(0, w.nextInterarrival());
    if (at > horizon) return;
    const wasNext = agenda.nextTime;
    agenda.push(w.index, at);
    // Inside arrivalsDue the loop picks it up; otherwise move the calendar event if this one is earlier.
    if (at < wasNext && agendaEvent !== -1) {
      sim.cancel(agendaEvent);
      agendaEvent = sim.scheduleAt(at, arrivalsDue, undefined, PRIORITY_ARRIVAL);
    }
  };

  if (warmup > 0) {
    sim.scheduleAt(warmup, () => {
      for (const p of pools.values()) p.server.resetStats();
    }, undefined, PRIORITY_WARMUP);
  }
  for (const w of workloads) scheduleNextArrival(w);
  if (!agenda.isEmpty) agendaEvent = sim.scheduleAt(agenda.nextTime, arrivalsDue, undefined, PRIORITY_ARRIVAL);

  sim.run(horizon, options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {});
  const complete = !sim.stoppedByLimit;
  // A run stopped by a limit covers [warm-up, stop]; stopped before the warm-up ended, it measured nothing.
  const measuredUntil = complete ? horizon : sim.now;
  const window = Math.max(0, measuredUntil - warmup);
  const measured = window > 0 || (warmup === 0 && complete);

  const poolMetrics: Record<string, PoolMetrics> = {};
  for (const [id, p] of pools) {
    const elapsed = measured ? p.server.statsElapsed : 0;
    poolMetrics[id] = {
      devices: p.pool.deviceCount,
      utilisation: elapsed > 0 ? p.server.utilisation() : 0,
      mean_busy_devices: elapsed > 0 ? p.server.busyIntegral / elapsed : 0,
      mean_queue_length: elapsed > 0 ? p.server.meanQueueLength() : 0,
      max_queue_length: measured ? p.server.maxQueueLength : 0,
    };
  }
  const workloadMetrics: Record<string, JobMetrics> = {};
  for (const w of workloads) workloadMetrics[w.workload.name] = w.metrics.result(window);
  return { replication, events: sim.eventsProcessed, complete, jobs: all.result(window), workloads: workloadMetrics, pools: poolMetrics };
}
