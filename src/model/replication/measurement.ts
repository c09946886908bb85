import { JobMetricsCollector, type JobMetrics } from '../../metrics/job-metrics.js';
import { TimeWeighted } from '../../metrics/time-weighted.js';
import { CloudBilling } from '../cloud-billing.js';
import type { RunInputs } from '../types.js';
import { UsageMeter } from '../usage-meter.js';
import type { PoolUsage } from '../usage-ledger.js';
import { TIME_SERIES_SAMPLES, type PoolMetrics, type PoolTimeSeries } from './replication-metrics.js';
import { PRIORITY_SAMPLE, type RunClock } from './run-clock.js';
import type { RunPool } from './run-pool.js';

/** Per pool: what is measured of it. */
interface PoolMeasure {
  readonly busy: TimeWeighted;
  readonly queue: TimeWeighted;
  readonly meter: UsageMeter;
  readonly billing: CloudBilling | undefined;
  /** jobs routed to the pool during the window */
  routed: number;
  readonly series: { t: number[]; busy_devices: number[]; queue_length: number[]; online_devices: number[] };
}

/** The measurement window of a run: [warm-up, the horizon or the stop]. */
export interface MeasuredWindow {
  /** s */
  readonly window: number;
  /** false when the run stopped before its warm-up ended: nothing was measured */
  readonly measured: boolean;
}

/**
 * Measurement of a replication: job statistics per workload, per team and over all jobs; per pool the
 * busy devices, queue length, energy and billing over the window, and time series over the whole run.
 * The other parts report what happens (busy devices, online nodes, routing, queue lengths); this part
 * keeps the figures and turns them into the result at the end.
 */
export class Measurement {
  private readonly measures: PoolMeasure[];
  private readonly all: JobMetricsCollector;
  private readonly teams = new Map<string, JobMetricsCollector>();
  /** per workload index: its own collector */
  private readonly own: JobMetricsCollector[];
  /** per workload index: its own, its team's (if any) and the all-jobs collector */
  private readonly collectorsOf: (readonly JobMetricsCollector[])[];

  constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    private readonly runPools: readonly RunPool[],
  ) {
    const { warmup } = scenario;
    this.all = new JobMetricsCollector(warmup);
    this.measures = runPools.map((p) => {
      const meter = new UsageMeter(0, p.pool.devicesPerNode, p.pool.power);
      meter.setOnline(p.capacity.online, 0);
      return {
        busy: new TimeWeighted(0),
        queue: new TimeWeighted(0),
        meter,
        billing: p.pool.cloud && new CloudBilling(p.pool.cloud, 0),
        routed: 0,
        series: { t: [], busy_devices: [], queue_length: [], online_devices: [] },
      };
    });
    // A lone workload without a team has exactly the all-jobs statistics: one collector serves both,
    // so each job event is counted and sketched once instead of twice.
    const lone = scenario.workloads.length === 1 && scenario.workloads[0]?.team === undefined;
    this.own = scenario.workloads.map(() => (lone ? this.all : new JobMetricsCollector(warmup)));
    this.collectorsOf = scenario.workloads.map((workload, i) => {
      const metrics = this.own[i] ?? new JobMetricsCollector(warmup);
      if (metrics === this.all) return [metrics];
      if (workload.team === undefined) return [metrics, this.all];
      const team = this.teams.get(workload.team) ?? new JobMetricsCollector(warmup);
      this.teams.set(workload.team, team);
      return [metrics, team, this.all];
    });
  }

  /** Takes a sample of every pool at 0 and then every horizon / TIME_SERIES_SAMPLES, after each instant's pass. */
  startSampling(): void {
    const { horizon } = this.scenario;
    const step = horizon / TIME_SERIES_SAMPLES;
    const sample = (k: number) => {
      for (const p of this.runPools) {
        const series = this.of(p).series;
        series.t.push(this.clock.now);
        series.busy_devices.push(this.of(p).busy.current);
        series.queue_length.push(p.scheduler.waiting);
        series.online_devices.push(p.capacity.online * p.pool.devicesPerNode);
      }
      if (k < TIME_SERIES_SAMPLES) this.clock.scheduleAt(Math.min(horizon, (k + 1) * step), sample, k + 1, PRIORITY_SAMPLE);
    };
    this.clock.scheduleAt(0, sample, 0, PRIORITY_SAMPLE);
  }

  /** Every job event of workload `w` goes to each of these collectors. */
  collectors(w: number): readonly JobMetricsCollector[] {
    return this.collectorsOf[w] ?? [];
  }

  /** `devices` more (or, negative, fewer) devices of the pool work. */
  busyChanged(p: RunPool, devices: number): void {
    const m = this.of(p);
    const now = this.clock.now;
    m.busy.add(devices, now);
    m.meter.addBusy(devices, now);
  }

  /** The pool's online nodes changed. */
  onlineChanged(p: RunPool): void {
    this.of(p).meter.setOnline(p.capacity.online, this.clock.now);
  }

  instanceStarted(p: RunPool): void {
    this.of(p).billing?.started(this.clock.now);
  }

  instanceStopped(p: RunPool): void {
    this.of(p).billing?.stopped(this.clock.now);
  }

  /** The placement policy sent a job to the pool. */
  routed(p: RunPool): void {
    if (this.clock.now >= this.scenario.warmup) this.of(p).routed++;
  }

  /** Jobs waiting on the pool after its pass. */
  queueLength(p: RunPool, waiting: number): void {
    this.of(p).queue.set(waiting, this.clock.now);
  }

  /** The warm-up ended: pool statistics start again from now (job collectors know the warm-up themselves). */
  endWarmup(): void {
    const now = this.clock.now;
    for (const m of this.measures) {
      m.busy.reset(now);
      m.queue.reset(now);
      m.meter.reset(now);
      m.billing?.reset(now);
      m.routed = 0;
    }
  }

  /** The window of a run that ended now, complete (at the horizon) or stopped early. */
  window(complete: boolean): MeasuredWindow {
    const { warmup, horizon } = this.scenario;
    // A run stopped by a limit covers [warm-up, stop]; stopped before the warm-up ended, it measured nothing.
    const window = Math.max(0, (complete ? horizon : this.clock.now) - warmup);
    return { window, measured: window > 0 || (warmup === 0 && complete) };
  }

  /** Job statistics over the window: all jobs, the workloads that are not services (in order), the teams (sorted). */
  jobs({ window }: MeasuredWindow, isService: (w: number) => boolean): { jobs: JobMetrics; workloads: Record<string, JobMetrics>; teams: Record<string, JobMetrics> } {
    const workloads: Record<string, JobMetrics> = {};
    this.scenario.workloads.forEach((w, i) => {
      const own = this.own[i];
      if (own && !isService(i)) workloads[w.name] = own.result(window);
    });
    const teams: Record<string, JobMetrics> = {};
    for (const name of [...this.teams.keys()].sort()) {
      const team = this.teams.get(name);
      if (team) teams[name] = team.result(window);
    }
    return { jobs: this.all.result(window), workloads, teams };
  }

  /** Per pool: its metrics and usage over the window, and its time series over the run. */
  pools({ measured }: MeasuredWindow): { pools: Record<string, PoolMetrics>; usage: Record<string, PoolUsage>; timeseries: Record<string, PoolTimeSeries> } {
    const now = this.clock.now;
    const pools: Record<string, PoolMetrics> = {};
    const usage: Record<string, PoolUsage> = {};
    const timeseries: Record<string, PoolTimeSeries> = {};
    for (const p of this.runPools) {
      const m = this.of(p);
      const elapsed = measured ? m.busy.elapsed(now) : 0;
      const used = m.meter.read(now);
      const dpn = p.pool.devicesPerNode;
      const online = elapsed > 0 ? (used.onlineNodeSeconds * dpn) / elapsed : 0;
      // Sums of many (t₁ − t₀) terms can overshoot the window by an ulp: clamp to what is physically possible.
      const busy = elapsed > 0 ? Math.min(online, m.busy.mean(now)) : 0;
      pools[p.pool.id] = {
        devices: p.pool.deviceCount,
        online_devices: online,
        utilisation: online > 0 ? busy / online : 0,
        mean_busy_devices: busy,
        mean_queue_length: elapsed > 0 ? m.queue.mean(now) : 0,
        max_queue_length: measured ? m.queue.max : 0,
        jobs_routed: measured ? m.routed : 0,
      };
      const bill = m.billing?.read(now);
      usage[p.pool.id] = {
        site: p.pool.site,
        site_kind: p.pool.cloud ? 'cloud' : 'on-prem',
        busy_device_seconds: measured ? Math.min(used.busyDeviceSeconds, used.onlineNodeSeconds * dpn) : 0,
        online_device_seconds: measured ? used.onlineNodeSeconds * dpn : 0,
        online_node_seconds: measured ? used.onlineNodeSeconds : 0,
        billed_instance_seconds: measured && bill ? bill.billed : {},
        instance_starts: measured && bill ? bill.starts : 0,
        energy_joules: measured ? used.energy : 0,
        energy_joules_by_hour: measured ? used.energyByHour : new Array<number>(24).fill(0),
      };
      timeseries[p.pool.id] = m.series;
    }
    return { pools, usage, timeseries };
  }

  private of(p: RunPool): PoolMeasure {
    const m = this.measures[p.index];
    if (!m) throw new RangeError(`pool ${p.pool.id} is not in this run`);
    return m;
  }
}
