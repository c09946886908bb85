import { makeSampler, RandomStreams, Simulation } from '../engine/index.js';
import { JobMetricsCollector, type JobMetrics } from '../metrics/job-metrics.js';
import { TimeWeighted } from '../metrics/time-weighted.js';
import { ArrivalAgenda } from './arrival-agenda.js';
import type { Job, JobStaging } from './job.js';
import { InferenceService, type InferenceMetrics } from './inference-service.js';
import { dataJob, jobFactory, training, type JobDraw } from './job-factory.js';
import { replicaModel } from './performance/index.js';
import { nextFailure, nextSpotInterruption, splitElapsed, spotInterruptionOutcome, uninterruptedWallTime, type CheckpointPolicy } from './failures/index.js';
import type { RandomStream } from '../engine/index.js';
import { Cluster, placementDevices, schedulers, type Placement, type QueuedJob, type RunningJob, type Scheduler } from './scheduling/index.js';
import type { ArrivalSpec, InferenceWorkload, Pool, RunInputs, TraceWorkload, Workload } from './types.js';
import { diurnal, growth, mmpp } from './arrivals/index.js';
import { Backlog } from './backlog.js';
import { CloudBilling } from './cloud-billing.js';
import { choosePool, type PoolOption } from './placement-policy.js';
import { PoolCapacity } from './pool-capacity.js';
import { SharedLink, type LinkMetrics } from './shared-link.js';
import { UsageMeter } from './usage-meter.js';
import { DEFAULT_MAX_QUEUED, OverloadWatch, type OverloadLimit, type OverloadReport, type WatchedQueue } from './overload-watch.js';
import { transferKey, type PoolUsage, type UsageLedger } from './usage-ledger.js';

/**
 * One replication of a scenario: jobs arriving at pools of nodes, placed and started by the
 * scenario's scheduler (FCFS, EASY backfill, SJF or priority with preemption; src/model/scheduling/).
 *
 * Same-time order of the model's own events (a documented contract; trace replays depend on it):
 *   1. the end of the warm-up (statistics reset) — priority -1
 *   2. job completions, which free devices — priority 0
 *   3. job arrivals, in workload order then submission order — priority 1
 *   4. one scheduling pass per pool that changed — priority 2
 *   5. time-series samples — priority 3; releases of idle cloud instances — priority 4
 * so a job arriving at the instant another ends competes for the freed devices in queue order.
 *
 * Random streams are named per workload and purpose (`<workload>/arrivals`, `/devices`, `/work`, …):
 * adding a workload or a pool never changes the draws of another workload.
 *
 * Trace workloads are fed by the caller (`feed`) in submission order; the run never advances past
 * the last fed submission time of a trace that is not exhausted, so rows can be streamed in batches.
 */

const PRIORITY_WARMUP = -1;
const PRIORITY_COMPLETION = 0;
const PRIORITY_ARRIVAL = 1;
const PRIORITY_PASS = 2;
const PRIORITY_SAMPLE = 3;
/** idle instances are released after the instant's pass, so a node that just came up is offered to waiting jobs first */
const PRIORITY_IDLE_CHECK = 4;
/** above any workload's priority (the schema caps those at 999): inference replicas are placed first and never preempted */
const SERVICE_PRIORITY = 1000;
/** inference requests between two looks at a service's queue length (max_queued may be passed by at most this many) */
const SERVICE_CHECK_EVERY = 64;

export interface PoolMetrics {
  /** devices the pool can ever have (on-prem: every tranche; cloud: the quota) */
  readonly devices: number;
  /** time-weighted mean of devices online (delivered, or provisioned) */
  readonly online_devices: number;
  /** busy device-seconds / online device-seconds over the window, in [0, 1] */
  readonly utilisation: number;
  /** time-weighted mean number of busy devices (shares of a device count as their fraction) */
  readonly mean_busy_devices: number;
  /** time-weighted mean number of jobs waiting */
  readonly mean_queue_length: number;
  readonly max_queue_length: number;
  /** jobs the placement policy sent to this pool during the window */
  readonly jobs_routed: number;
}

/** Pool state sampled at regular instants over the run, for charts (not summarised across replications). */
export interface PoolTimeSeries {
  /** s, sample instants: horizon / SAMPLES apart, from 0 */
  readonly t: readonly number[];
  readonly busy_devices: readonly number[];
  readonly queue_length: readonly number[];
  readonly online_devices: readonly number[];
}

/** Samples per time series. */
export const TIME_SERIES_SAMPLES = 200;

export interface ReplicationMetrics {
  readonly replication: number;
  /** engine events processed */
  readonly events: number;
  /** false when a limit (maxEvents) stopped the run before the horizon */
  readonly complete: boolean;
  readonly jobs: JobMetrics;
  readonly workloads: Readonly<Record<string, JobMetrics>>;
  /** per team (workloads with `team`): job statistics of its workloads together */
  readonly teams: Readonly<Record<string, JobMetrics>>;
  /** per inference workload: request latencies, tokens/s, SLO attainment */
  readonly inference: Readonly<Record<string, InferenceMetrics>>;
  readonly pools: Readonly<Record<string, PoolMetrics>>;
  /** per inter-site link ('a|b', site names sorted): how busy data staging kept it */
  readonly links: Readonly<Record<string, LinkMetrics>>;
  /** per pool: busy devices and jobs waiting over time */
  readonly timeseries: Readonly<Record<string, PoolTimeSeries>>;
  /** what the window consumed, for the cost model */
  readonly usage: UsageLedger;
  /** only when a runaway queue (or heap) stopped the run: where, how far and how overloaded */
  readonly overload?: OverloadReport;
}

export interface ReplicationOptions {
  /** Stop after this many events; the result is then marked incomplete. */
  readonly maxEvents?: number;
  /**
   * Jobs waiting in one pool, or requests queued at one inference service, at which the run stops as
   * overloaded (result incomplete, `overload` says why). Default: the scenario's `limits.max_queued`,
   * else DEFAULT_MAX_QUEUED.
   */
  readonly maxQueued?: number;
  /**
   * Called at every job start and end of a run (tests use it to check invariants; the CLI writes the
   * per-job CSV from it); `outcome` says whether an end completed the job or interrupted it
   * (preemption, failure, spot reclaim). Keep it cheap.
   */
  readonly onJob?: (event: 'start' | 'end', job: Job, pool: string, outcome?: 'completed' | 'interrupted') => void;
}

/** One row of a trace workload, as the trace layer yields it (times in seconds from the trace origin). */
export interface TraceRow {
  readonly submit: number;
  /** whole devices, or a share of one device (0 < x < 1) */
  readonly devices: number;
  /** s, measured on the trace's hardware */
  readonly runtime: number;
  /** s, the user's estimate, when the trace has one */
  readonly requestedTime?: number;
  readonly gpuModels?: readonly string[];
  /** request traces (inference): prompt and output lengths, tokens */
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

interface PoolState {
  readonly index: number;
  readonly pool: Pool;
  readonly scheduler: Scheduler;
  readonly cluster: Cluster;
  readonly capacity: PoolCapacity;
  readonly busy: TimeWeighted;
  readonly queue: TimeWeighted;
  readonly meter: UsageMeter;
  readonly billing: CloudBilling | undefined;
  readonly backlog: Backlog;
  /** devices held by inference replicas for the whole run (not available to jobs) */
  reservedDevices: number;
  /** cloud autoscaling: instances requested and not yet usable */
  pendingNodes: number;
  /** cloud autoscaling: last instant a node was asked for beyond the devices waiting jobs need */
  lastExtraNode: number;
  /** cloud autoscaling: when each node last became idle (NaN while busy or offline) */
  readonly idleSince: Float64Array;
  routed: number;
  passPending: boolean;
  readonly series: { t: number[]; busy_devices: number[]; queue_length: number[]; online_devices: number[] };
}

interface WorkloadState {
  readonly index: number;
  readonly workload: Workload;
  /** the home pool */
  readonly pool: PoolState;
  /** other pools the policy may send jobs to, in preference order */
  readonly alternatives: readonly PoolState[];
  readonly metrics: JobMetricsCollector;
  /** this workload's, its team's (if any) and the all-jobs collector: every job event goes to each */
  readonly collectors: readonly JobMetricsCollector[];
  /** absolute time of the next synthetic arrival after `now` */
  readonly nextArrival: ((now: number) => number) | undefined;
  readonly draw: (() => JobDraw) | undefined;
  readonly service: InferenceService | undefined;
  readonly failures: RandomStream | undefined;
  readonly spot: RandomStream | undefined;
  readonly nextTokens: (() => [number, number]) | undefined;
  submitted: number;
  // trace workloads: fed rows not yet submitted
  buffer: readonly TraceRow[];
  cursor: number;
  exhausted: boolean;
  lastFed: number;
}

/** The state of one replication; drive it with `feed` and `advance`, read it with `result`. */
export class ReplicationRun {
  private readonly sim = new Simulation();
  private readonly pools = new Map<string, PoolState>();
  private readonly poolList: PoolState[] = [];
  /** bytes moved between sites during the window, by transferKey */
  private readonly transfers = new Map<string, number>();
  /** the inter-site links, shared by the transfers on them, by sorted 'a|b' site names */
  private readonly links = new Map<string, SharedLink>();
  private readonly workloads: WorkloadState[];
  private readonly all: JobMetricsCollector;
  private readonly teams = new Map<string, JobMetricsCollector>();
  private readonly agenda: ArrivalAgenda;
  private agendaEvent = -1;
  private agendaTime = Infinity;
  private readonly jobs = new Map<number, Job>();
  /** job id of each inference replica's device reservation → (service, replica index) */
  private readonly serviceJobs = new Map<number, { service: InferenceService; replica: number }>();
  /** per service: the reservation job id of each replica */
  private readonly replicaJobs = new Map<InferenceService, number[]>();
  private nextJobId = 0;
  private eventBudget: number;
  private readonly checkpoints: CheckpointPolicy | undefined;
  private stopped = false;
  private readonly watch: OverloadWatch;
  private overload: OverloadReport | undefined;
  /** inference requests submitted, to look at service queues every SERVICE_CHECK_EVERY of them */
  private serviceSubmits = 0;

  constructor(
    private readonly scenario: RunInputs,
    readonly replication: number,
    private readonly options: ReplicationOptions = {},
  ) {
    const { warmup } = scenario;
    const streams = new RandomStreams(scenario.seed, replication);
    this.all = new JobMetricsCollector(warmup);
    this.eventBudget = options.maxEvents ?? Infinity;
    const f = scenario.failures;
    // Spot interruptions without a failures block still need a (no-checkpoint) policy to account lost work.
    const anySpot = scenario.sites.some((site) => site.pools.some((p) => p.spot));
    this.checkpoints = f
      ? { interval: f.checkpointInterval, writeCost: f.checkpointCost, restartOverhead: f.restartOverhead }
      : anySpot
        ? { interval: Infinity, writeCost: 0, restartOverhead: 0 }
        : undefined;
    const limits = {
      ...(scenario.scheduler.maxDevices !== undefined && { maxDevices: scenario.scheduler.maxDevices }),
      ...(scenario.scheduler.maxRuntime !== undefined && { maxRuntime: scenario.scheduler.maxRuntime }),
    };
    const poolCount = scenario.sites.reduce((n, s) => n + s.pools.length, 0);
    this.watch = new OverloadWatch(poolCount, scenario.workloads.map((w) => w.name), options.maxQueued ?? scenario.limits?.maxQueued ?? DEFAULT_MAX_QUEUED);
    for (const l of scenario.links) this.links.set([...l.between].sort().join('|'), new SharedLink(this.sim, l.bandwidth, l.latency, PRIORITY_COMPLETION));
    for (const site of scenario.sites) {
      for (const pool of site.pools) {
        const cluster = new Cluster([{ name: pool.id, deviceModel: pool.device.id, nodes: pool.nodeCount, devicesPerNode: pool.devicesPerNode }]);
        const initially = pool.tranches.reduce((n, t) => n + (t.onlineAt <= 0 ? t.nodes : 0), 0);
        const state: PoolState = {
          index: this.poolList.length,
          pool,
          scheduler: schedulers[scenario.scheduler.kind](cluster, { limits }),
          cluster,
          capacity: new PoolCapacity(cluster, pool.devicesPerNode, initially),
          busy: new TimeWeighted(0),
          queue: new TimeWeighted(0),
          meter: new UsageMeter(0, pool.devicesPerNode, pool.power),
          billing: pool.cloud && new CloudBilling(pool.cloud, 0),
          backlog: new Backlog(),
          reservedDevices: 0,
          pendingNodes: 0,
          lastExtraNode: -1,
          idleSince: new Float64Array(pool.nodeCount).fill(NaN),
          routed: 0,
          passPending: false,
          series: { t: [], busy_devices: [], queue_length: [], online_devices: [] },
        };
        state.meter.setOnline(initially, 0);
        this.capacityChanged(state);
        this.pools.set(pool.id, state);
        this.poolList.push(state);
        for (const t of pool.tranches) {
          if (t.onlineAt > 0 && t.onlineAt <= scenario.horizon) this.sim.scheduleAt(t.onlineAt, (n: number) => this.delivered(state, n), t.nodes, PRIORITY_COMPLETION);
        }
        if (pool.cloud?.autoscale) for (let node = 0; node < initially; node++) this.markIdle(state, node);
      }
    }
    this.workloads = scenario.workloads.map((workload, index) => {
      const pool = this.pools.get(workload.pool);
      if (!pool) throw new Error(`workload ${workload.name} names unknown pool ${workload.pool}`);
      const stream = (purpose: string) => streams.stream(`${workload.name}/${purpose}`);
      const arrivals = workload.kind === 'trace' ? undefined : workload.arrivals;
      const service = workload.kind === 'inference' ? this.startService(workload, pool) : undefined;
      const tokens = workload.kind === 'inference' ? workload.tokens : undefined;
      let nextTokens: (() => [number, number]) | undefined;
      if (tokens) {
        const nextIn = makeSampler(tokens.input, stream('input-tokens'));
        const nextOut = makeSampler(tokens.output, stream('output-tokens'));
        nextTokens = () => [nextIn(), nextOut()];
      }
      const metrics = new JobMetricsCollector(warmup);
      let team: JobMetricsCollector | undefined;
      if (workload.team !== undefined) {
        team = this.teams.get(workload.team) ?? new JobMetricsCollector(warmup);
        this.teams.set(workload.team, team);
      }
      return {
        index,
        workload,
        pool,
        alternatives: workload.alternatives.map((id) => this.pools.get(id)!),
        metrics,
        collectors: team ? [metrics, team, this.all] : [metrics, this.all],
        nextArrival: arrivals ? arrivalClock(arrivals, stream) : undefined,
        draw: workload.kind === 'batch' || workload.kind === 'training' || workload.kind === 'data' ? jobFactory(workload, pool.pool, scenario.reference, stream) : undefined,
        service,
        nextTokens,
        failures: scenario.failures ? stream('failures') : undefined,
        spot: [workload.pool, ...workload.alternatives].some((id) => this.pools.get(id)!.pool.spot) ? stream('spot') : undefined,
        submitted: 0,
        buffer: [],
        cursor: 0,
        exhausted: arrivals !== undefined,
        lastFed: -Infinity,
      };
    });
    this.agenda = new ArrivalAgenda(this.workloads.length);
    if (warmup > 0) this.sim.scheduleAt(warmup, () => this.endWarmup(), undefined, PRIORITY_WARMUP);
    // Samples are taken last at their instant (after that instant's pass), so they show settled state.
    const step = scenario.horizon / TIME_SERIES_SAMPLES;
    const sample = (k: number) => {
      for (const p of this.pools.values()) {
        p.series.t.push(this.sim.now);
        p.series.busy_devices.push(p.busy.current);
        p.series.queue_length.push(p.scheduler.waiting);
        p.series.online_devices.push(p.capacity.online * p.pool.devicesPerNode);
      }
      if (k < TIME_SERIES_SAMPLES) this.sim.scheduleAt(Math.min(scenario.horizon, (k + 1) * step), sample, k + 1, PRIORITY_SAMPLE);
    };
    this.sim.scheduleAt(0, sample, 0, PRIORITY_SAMPLE);
    for (const w of this.workloads) if (w.nextArrival) this.scheduleNextSynthetic(w);
    this.rescheduleAgenda();
  }

  /** Trace-fed workloads that need rows before the run can advance further. */
  hungry(): (TraceWorkload | InferenceWorkload)[] {
    return this.workloads.filter((w) => !w.exhausted && w.cursor >= w.buffer.length).map((w) => w.workload as TraceWorkload | InferenceWorkload);
  }

  /**
   * An inference service holds `replicas` × tensor-parallel devices of its pool for the whole run:
   * one reservation job per replica, enqueued first at time 0 with the highest priority and an
   * estimate of the horizon, so every scheduler starts them before anything else.
   */
  private startService(w: InferenceWorkload, pool: PoolState): InferenceService {
    const model = replicaModel({
      model: { params: w.model.params, weightPrecision: w.model.weightPrecision, kvCache: w.model.kvCache },
      device: pool.pool.device,
      tensorParallel: w.tensorParallel,
    });
    const service = new InferenceService(this.sim, model, { replicas: w.replicas, maxBatch: w.maxBatch, slo: w.slo, warmup: this.scenario.warmup }, PRIORITY_COMPLETION);
    const jobs: number[] = [];
    this.replicaJobs.set(service, jobs);
    for (let i = 0; i < w.replicas; i++) this.requestReplica(service, pool, i, w.tensorParallel);
    const scale = w.autoscale;
    if (scale && scale.interval <= this.scenario.horizon) this.sim.scheduleAt(scale.interval, () => this.scaleService(w, service, pool, Infinity), undefined, PRIORITY_ARRIVAL);
    return service;
  }

  /** Asks the pool for the devices of replica `i`: a reservation job placed before any other work. */
  private requestReplica(service: InferenceService, pool: PoolState, i: number, devices: number): void {
    const id = this.nextJobId++;
    this.serviceJobs.set(id, { service, replica: i });
    this.replicaJobs.get(service)![i] = id;
    pool.reservedDevices += devices;
    this.capacityChanged(pool);
    pool.scheduler.enqueue({ id, submit: this.sim.now, devices, estimate: this.scenario.horizon, priority: SERVICE_PRIORITY });
    // Counted as devices asked for (autoscaling provisions for them) but not as work: a replica has no end.
    pool.backlog.enqueue(devices, 0);
    this.changed(pool);
  }

  /**
   * The replica autoscaler of a service (InferenceWorkload.autoscale), every `interval`, in the manner
   * of Knative's KPA: desired = ⌈requests in flight / target load per replica⌉ within [min, max], one
   * more under latency pressure. Scale-up is immediate; scale-down waits until the load has stayed
   * below the current fleet for `scaleDownDelay`, then drains one replica (no new requests; released
   * when its last request is done).
   */
  private scaleService(w: InferenceWorkload, service: InferenceService, pool: PoolState, calmSince: number): void {
    const a = w.autoscale!;
    const now = this.sim.now;
    const live = service.liveReplicas;
    const ttft = service.takeRecentTtft();
    let desired = Math.ceil(service.load / a.targetLoad - 1e-9);
    if (a.ttftAbove !== undefined && ttft > a.ttftAbove) desired = Math.max(desired, live + 1);
    desired = Math.min(a.max, Math.max(a.min, desired));
    let calm = desired < live ? Math.min(calmSince, now) : Infinity;
    if (desired > live) {
      for (let k = live; k < desired; k++) this.requestReplica(service, pool, service.addReplica(), w.tensorParallel);
    } else if (desired < live && now - calm >= a.scaleDownDelay) {
      service.drainOne((i) => this.retireReplica(service, pool, i, w.tensorParallel));
      calm = Infinity;
    }
    if (now + a.interval <= this.scenario.horizon) this.sim.schedule(a.interval, () => this.scaleService(w, service, pool, calm), undefined, PRIORITY_ARRIVAL);
  }

  private retireReplica(service: InferenceService, pool: PoolState, i: number, devices: number): void {
    const id = this.replicaJobs.get(service)![i]!;
    this.serviceJobs.delete(id);
    this.released(pool, pool.scheduler.finish(id).placement);
    pool.reservedDevices -= devices;
    this.capacityChanged(pool);
    this.changed(pool);
  }

  /**
   * Hands the next rows of a trace workload, in submission order (a row earlier than the previous one
   * is submitted at the previous time: the run cannot go back). `exhausted`: no rows will follow.
   */
  feed(workloadName: string, rows: readonly TraceRow[], exhausted: boolean): void {
    const w = this.workloads.find((x) => x.workload.name === workloadName);
    if (!w || !(w.workload.kind === 'trace' || (w.workload.kind === 'inference' && w.workload.trace))) throw new Error(`no trace workload named ${workloadName}`);
    if (w.cursor < w.buffer.length) throw new Error(`workload ${workloadName} was fed before its rows were used`);
    w.buffer = rows;
    w.cursor = 0;
    w.exhausted = exhausted;
    if (rows.length > 0) {
      w.lastFed = Math.max(w.lastFed, rows[rows.length - 1]!.submit);
      this.pushTraceArrival(w);
      this.rescheduleAgenda();
    }
  }

  /** Runs as far as the fed rows allow. @returns true when the run is over (horizon or a limit). */
  advance(): boolean {
    if (this.stopped) return true;
    let until = this.scenario.horizon;
    for (const w of this.workloads) if (!w.exhausted) until = Math.min(until, w.lastFed);
    if (until < this.sim.now) return false;
    const before = this.sim.eventsProcessed;
    this.sim.run(until, Number.isFinite(this.eventBudget) ? { maxEvents: this.eventBudget } : {});
    this.eventBudget -= this.sim.eventsProcessed - before;
    if (this.sim.stoppedByLimit || this.overload) this.stopped = true;
    return this.stopped || until >= this.scenario.horizon;
  }

  /** The overload that stopped the run, if one did. */
  get overloaded(): OverloadReport | undefined {
    return this.overload;
  }

  /**
   * Marks a run its caller stopped because the heap passed `bound` bytes (src/simulate.ts checks it
   * between slices) as overloaded, naming the longest queue. Call after advance() returned stopped.
   */
  stopForHeap(heapUsed: number, bound: number): void {
    this.stopped = true;
    let longest: WatchedQueue | undefined;
    for (const p of this.poolList) {
      if (!longest || p.scheduler.waiting > longest.queued) longest = { pool: p.index, poolName: p.pool.id, queued: p.scheduler.waiting };
    }
    for (const w of this.workloads) if (w.service && w.service.queued > (longest?.queued ?? -1)) longest = this.serviceQueue(w);
    this.overload = this.watch.report(longest!, this.sim.now, 'max_heap', bound, heapUsed);
  }

  /** Keeps the first overload, stops the engine after the current event. */
  private stopOverloaded(q: WatchedQueue, limit: OverloadLimit, bound: number): void {
    if (this.overload) return;
    this.overload = this.watch.report(q, this.sim.now, limit, bound);
    this.sim.stop();
  }

  private serviceQueue(w: WorkloadState): WatchedQueue {
    const work = w.service!.work;
    return { pool: w.pool.index, poolName: w.pool.pool.id, queued: w.service!.queued, service: { workload: w.index, arrived: work.offered, served: work.served } };
  }

  /** The devices a pool offers to jobs changed (nodes online, replica reservations): the watch integrates capacity. */
  private capacityChanged(p: PoolState): void {
    this.watch.setCapacity(p.index, p.capacity.online * p.pool.devicesPerNode - p.reservedDevices, this.sim.now);
  }

  result(): ReplicationMetrics {
    const { warmup, horizon } = this.scenario;
    const complete = !this.stopped;
    const now = this.sim.now;
    // A run stopped by a limit covers [warm-up, stop]; stopped before the warm-up ended, it measured nothing.
    const window = Math.max(0, (complete ? horizon : now) - warmup);
    const measured = window > 0 || (warmup === 0 && complete);
    const pools: Record<string, PoolMetrics> = {};
    const usage: Record<string, PoolUsage> = {};
    for (const [id, p] of this.pools) {
      const elapsed = measured ? p.busy.elapsed(now) : 0;
      const used = p.meter.read(now);
      const dpn = p.pool.devicesPerNode;
      const online = elapsed > 0 ? (used.onlineNodeSeconds * dpn) / elapsed : 0;
      // Sums of many (t₁ − t₀) terms can overshoot the window by an ulp: clamp to what is physically possible.
      const busy = elapsed > 0 ? Math.min(online, p.busy.mean(now)) : 0;
      pools[id] = {
        devices: p.pool.deviceCount,
        online_devices: online,
        utilisation: online > 0 ? busy / online : 0,
        mean_busy_devices: busy,
        mean_queue_length: elapsed > 0 ? p.queue.mean(now) : 0,
        max_queue_length: measured ? p.queue.max : 0,
        jobs_routed: measured ? p.routed : 0,
      };
      const bill = p.billing?.read(now);
      usage[id] = {
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
    }
    const transfers: Record<string, number> = {};
    for (const key of [...this.transfers.keys()].sort()) transfers[key] = measured ? this.transfers.get(key)! : 0;
    const links: Record<string, LinkMetrics> = {};
    for (const key of [...this.links.keys()].sort()) links[key] = measured ? this.links.get(key)!.metrics() : { busy_fraction: 0, mean_transfers: 0, max_transfers: 0 };
    const workloads: Record<string, JobMetrics> = {};
    const inference: Record<string, InferenceMetrics> = {};
    for (const w of this.workloads) {
      if (w.service) inference[w.workload.name] = w.service.result(window);
      else workloads[w.workload.name] = w.metrics.result(window);
    }
    const teams: Record<string, JobMetrics> = {};
    for (const name of [...this.teams.keys()].sort()) teams[name] = this.teams.get(name)!.result(window);
    const timeseries: Record<string, PoolTimeSeries> = {};
    for (const [id, p] of this.pools) timeseries[id] = p.series;
    return {
      replication: this.replication,
      events: this.sim.eventsProcessed,
      complete,
      jobs: this.all.result(window),
      workloads,
      teams,
      inference,
      pools,
      links,
      timeseries,
      usage: { window: measured ? window : 0, pools: usage, transfers },
      ...(this.overload && { overload: this.overload }),
    };
  }

  // --- arrivals -------------------------------------------------------------------------------

  private scheduleNextSynthetic(w: WorkloadState): void {
    const arrivals = w.workload.kind === 'trace' ? undefined : w.workload.arrivals;
    if (!arrivals) return;
    const max = arrivals.maxJobs;
    if (max !== undefined && w.submitted >= max) return;
    const at = w.nextArrival!(this.sim.now);
    if (at <= this.scenario.horizon) this.agenda.push(w.index, at);
  }

  private pushTraceArrival(w: WorkloadState): void {
    const row = w.buffer[w.cursor];
    if (row === undefined) return;
    const at = Math.max(row.submit, this.sim.now);
    if (at <= this.scenario.horizon) this.agenda.push(w.index, at);
    else {
      // Past the horizon: nothing more of this trace matters.
      w.cursor = w.buffer.length;
      w.exhausted = true;
    }
  }

  /** One calendar event stands for the earliest pending arrival (the agenda orders ties by workload). */
  private rescheduleAgenda(): void {
    const next = this.agenda.nextTime;
    if (next >= this.agendaTime) return; // the pending event comes first, or both are absent (Infinity)
    if (this.agendaEvent !== -1) this.sim.cancel(this.agendaEvent);
    this.agendaTime = next;
    this.agendaEvent = this.sim.scheduleAt(next, () => this.arrivalsDue(), undefined, PRIORITY_ARRIVAL);
  }

  private arrivalsDue(): void {
    this.agendaEvent = -1;
    this.agendaTime = Infinity;
    const now = this.sim.now;
    while (this.agenda.nextTime === now) {
      const w = this.workloads[this.agenda.pop()]!;
      if (!w.nextArrival) {
        const row = w.buffer[w.cursor++]!;
        if (w.service) {
          w.service.submit(row.inputTokens ?? 1, row.outputTokens ?? 1);
          if (++this.serviceSubmits % SERVICE_CHECK_EVERY === 0) this.checkService(w);
        } else this.submitTraceRow(w, row);
        this.pushTraceArrival(w);
      } else {
        if (w.service) {
          const [input, output] = w.nextTokens!();
          w.service.submit(input, output);
          w.submitted++;
          if (++this.serviceSubmits % SERVICE_CHECK_EVERY === 0) this.checkService(w);
        } else this.submitSynthetic(w);
        this.scheduleNextSynthetic(w);
      }
    }
    this.rescheduleAgenda();
  }

  private submitSynthetic(w: WorkloadState): void {
    const d = w.draw!();
    const estimate = d.duration * this.scenario.scheduler.estimateFactor;
    this.submit(w, d.devices, d.duration, estimate, undefined, d);
  }

  private submitTraceRow(w: WorkloadState, row: TraceRow): void {
    const workload = w.workload as TraceWorkload;
    // Runtimes measured on other hardware scale by the ratio of dense peaks at the job's precision.
    const speed = workload.hardware ? (workload.hardware.peak[workload.precision] ?? 0) / (w.pool.pool.device.peak[workload.precision] ?? 1) : 1;
    const duration = row.runtime * speed;
    const estimate = workload.estimates === 'trace' && row.requestedTime !== undefined ? Math.max(row.requestedTime * speed, 0) : duration;
    this.submit(w, row.devices, duration, estimate, row.gpuModels);
  }

  private submit(w: WorkloadState, homeDevices: number, homeDuration: number, homeEstimate: number, gpuModels: readonly string[] | undefined, draw?: JobDraw): void {
    const now = this.sim.now;
    const { pool: p, devices, duration, estimate, staging } = this.route(w, homeDevices, homeDuration, homeEstimate, gpuModels, draw);
    const job: Job = {
      id: this.nextJobId++,
      workload: w.index,
      pool: p.index,
      submit: now,
      devices,
      duration,
      estimate,
      start: NaN,
      end: NaN,
      deviceIds: undefined,
      completion: -1,
      remaining: duration,
      interruptions: 0,
      ...(staging && { staging }),
      computeStart: NaN,
      transfer: -1,
    };
    w.submitted++;
    for (const m of w.collectors) m.onSubmit(now);
    const queued: QueuedJob = {
      id: job.id,
      submit: now,
      devices,
      estimate,
      priority: w.workload.priority,
      ...(gpuModels !== undefined && { gpuModels }),
    };
    const rejection = p.scheduler.enqueue(queued);
    if (rejection) {
      for (const m of w.collectors) m.onReject(now);
      return;
    }
    if (now >= this.scenario.warmup) p.routed++;
    p.backlog.enqueue(devices, estimate);
    this.jobs.set(job.id, job);
    this.changed(p);
    this.watch.arrived(p.index, w.index, devices * duration);
    if (p.scheduler.waiting > this.watch.maxQueued) this.stopOverloaded({ pool: p.index, poolName: p.pool.id, queued: p.scheduler.waiting }, 'max_queued', this.watch.maxQueued);
  }

  /** An inference service's queue past the bound stops the run (looked at every SERVICE_CHECK_EVERY requests: counting walks the replicas). */
  private checkService(w: WorkloadState): void {
    const queued = w.service!.queued;
    if (queued > this.watch.maxQueued) this.stopOverloaded(this.serviceQueue(w), 'max_queued', this.watch.maxQueued);
  }

  // --- placement across pools -------------------------------------------------------------------

  /**
   * Picks the pool of a new job under the scenario's policy and sizes the job for it: devices and
   * duration are drawn for the home pool; elsewhere training and data jobs are timed again by their
   * models on that pool's nodes (a data job takes as many whole nodes), other compute scales by the
   * ratio of dense peaks at the job's precision, and a job
   * away from its data first moves its input there and afterwards its output back, holding its
   * devices meanwhile. Placement and the scheduler plan with the staging time of an idle link
   * (bytes / bandwidth + latency, each way); the transfers themselves share the link (SharedLink).
   */
  private route(w: WorkloadState, devices: number, duration: number, estimate: number, gpuModels: readonly string[] | undefined, draw?: JobDraw) {
    const sized = (p: PoolState) => {
      const home = w.pool;
      const speed = p === home ? 1 : this.relativeTime(w.workload, home.pool, p.pool, devices, duration, draw);
      const d = p === home || w.workload.kind !== 'data' ? devices : (devices / home.pool.devicesPerNode) * p.pool.devicesPerNode;
      const staging = this.staging(w.workload, p.pool.site);
      const stagingTime = staging?.estimate ?? 0;
      return { pool: p, devices: d, duration: duration * speed, estimate: stagingTime + estimate * speed, staging, runTime: stagingTime + duration * speed, fits: Number.isFinite(speed) };
    };
    let chosen = w.pool;
    if (w.alternatives.length > 0) {
      const option = (p: PoolState): PoolOption => {
        const x = sized(p);
        const request = { devices: x.devices, ...(gpuModels !== undefined && { gpuModels }) };
        const fits = x.fits && p.cluster.canEverPlace(request);
        return { pool: p.index, expectedWait: fits ? this.expectedWait(p, request) : Infinity, runTime: x.runTime, devices: x.devices, price: p.pool.placementPrice, fits };
      };
      chosen = this.poolList[choosePool(this.scenario.policy, option(w.pool), () => w.alternatives.map(option), w.workload.deadline)]!;
    }
    return sized(chosen);
  }

  /**
   * Duration on `to` relative to `from` (Infinity: `to` cannot run it). A synthetic training job is
   * timed again by the training model on `to`'s nodes (compute, memory and the fabric between them),
   * a synthetic data job by the data-job model on as many of `to`'s nodes (their network and
   * processing against the storage); other jobs scale by the ratio of dense peaks at their precision.
   */
  private relativeTime(w: Workload, from: Pool, to: Pool, devices: number, duration: number, draw?: JobDraw): number {
    if (w.kind === 'inference') return 1;
    if (w.kind === 'data') {
      if (!draw?.data || !(duration > 0)) return 1;
      let there: number;
      try {
        there = dataJob(w, to, draw.data.read, draw.data.write).time;
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        return Infinity; // those nodes cannot run it (e.g. local storage on nodes without drives)
      }
      return Number.isFinite(there) && there > 0 ? there / duration : Infinity;
    }
    const size = draw?.training;
    if (w.kind === 'training' && size && duration > 0) {
      if (to.device.peak[w.precision] === undefined || devices % w.modelParallel !== 0 || w.modelParallel > to.devicesPerNode) return Infinity;
      let there: number;
      try {
        there = training(w, to, devices, size.params, size.tokens).totalTime;
      } catch {
        return Infinity; // the model cannot lay this job out on those nodes
      }
      return Number.isFinite(there) && there > 0 ? there / duration : Infinity;
    }
    const precision = w.kind === 'batch' ? w.work.precision : w.precision;
    const a = from.device.peak[precision];
    const b = to.device.peak[precision];
    return a !== undefined && b !== undefined && b > 0 ? a / b : Infinity;
  }

  /** The data a job of `w` moves running on `site`: none at the data's own site or without a dataset. */
  private staging(w: Workload, site: string): JobStaging | undefined {
    const d = w.dataset;
    if (!d || d.site === site) return undefined;
    const key = [d.site, site].sort().join('|');
    const link = this.links.get(key);
    if (!link) throw new Error(`no link between ${d.site} and ${site}`); // the scenario layer refuses such placements
    const way = (bytes: number) => (bytes > 0 ? bytes / link.bandwidth + link.latency : 0);
    return { link: key, home: d.site, site, input: d.input, output: d.output, estimate: way(d.input) + way(d.output) };
  }

  /** Moves `bytes` over the job's staging link (the job holds its devices meanwhile), then `next()`. */
  private stage(job: Job, from: string, to: string, bytes: number, next: () => void): void {
    if (bytes <= 0) {
      next();
      return;
    }
    if (this.sim.now >= this.scenario.warmup) this.moved(from, to, bytes);
    job.transfer = this.links.get(job.staging!.link)!.start(bytes, () => {
      job.transfer = -1;
      next();
    });
  }

  private moved(from: string, to: string, bytes: number): void {
    if (bytes <= 0) return;
    const key = transferKey(from, to);
    this.transfers.set(key, (this.transfers.get(key) ?? 0) + bytes);
  }

  /**
   * s a new job of this size would wait on the pool: 0 when it fits now and nobody waits; else the
   * backlog drained by the devices online or on their way (src/model/backlog.ts); on an autoscaled
   * pool with quota left, at most the provisioning delay.
   */
  private expectedWait(p: PoolState, request: { devices: number; gpuModels?: readonly string[] }): number {
    if (p.scheduler.waiting === 0 && p.cluster.canPlace(request)) return 0;
    const dpn = p.pool.devicesPerNode;
    const drain = p.backlog.drainTime(this.sim.now, (p.capacity.online + p.pendingNodes) * dpn - p.reservedDevices);
    const cloud = p.pool.cloud;
    if (cloud?.autoscale && (cloud.max - p.capacity.online - p.pendingNodes) * dpn >= request.devices) return Math.min(drain, cloud.provisioningDelay);
    return drain;
  }

  // --- capacity over time -----------------------------------------------------------------------

  /** An on-prem tranche arrived: its nodes become usable. */
  private delivered(p: PoolState, nodes: number): void {
    p.capacity.bringOnline(nodes);
    p.meter.setOnline(p.capacity.online, this.sim.now);
    this.capacityChanged(p);
    this.changed(p);
  }

  /** After a pass: ask for instances when jobs wait on an autoscaled pool with quota left. */
  private autoscale(p: PoolState): void {
    const cloud = p.pool.cloud;
    if (!cloud?.autoscale || p.scheduler.waiting === 0) return;
    const now = this.sim.now;
    const dpn = p.pool.devicesPerNode;
    const room = cloud.max - p.capacity.online - p.pendingNodes;
    if (room <= 0) return;
    if (cloud.autoscale.scaleUpWait > 0 && p.backlog.drainTime(now, p.capacity.online * dpn - p.reservedDevices) < cloud.autoscale.scaleUpWait) return;
    const deficit = p.backlog.queuedDevices - p.cluster.freeWholeDevices - p.pendingNodes * dpn;
    // Jobs can wait with devices free (fragments too small for them): then one more node, at most
    // once per instant — with no delay and no idle timeout, asking again could never end.
    let nodes = Math.ceil(deficit / dpn - 1e-9);
    if (nodes <= 0) {
      nodes = p.pendingNodes === 0 && p.lastExtraNode !== now ? 1 : 0;
      if (nodes > 0) p.lastExtraNode = now;
    }
    nodes = Math.min(nodes, room);
    if (nodes <= 0) return;
    p.pendingNodes += nodes;
    this.sim.schedule(cloud.provisioningDelay, (n: number) => this.provisioned(p, n), nodes, PRIORITY_COMPLETION);
  }

  private provisioned(p: PoolState, nodes: number): void {
    const now = this.sim.now;
    p.pendingNodes -= nodes;
    for (const node of p.capacity.bringOnline(nodes)) {
      p.billing!.started(now);
      this.markIdle(p, node);
    }
    p.meter.setOnline(p.capacity.online, now);
    this.capacityChanged(p);
    this.changed(p);
  }

  /** An autoscaled node has nothing running: release it after the idle timeout unless work comes. */
  private markIdle(p: PoolState, node: number): void {
    const scale = p.pool.cloud?.autoscale;
    if (!scale || !p.capacity.isIdle(node)) return;
    const now = this.sim.now;
    p.idleSince[node] = now;
    this.sim.schedule(scale.idleTimeout, () => this.idleCheck(p, node, now), undefined, PRIORITY_IDLE_CHECK);
  }

  private idleCheck(p: PoolState, node: number, since: number): void {
    if (p.idleSince[node] !== since || !p.capacity.isIdle(node) || p.capacity.online <= p.pool.cloud!.committed) return;
    const now = this.sim.now;
    p.capacity.takeOffline(node);
    p.idleSince[node] = NaN;
    p.billing!.stopped(now);
    p.meter.setOnline(p.capacity.online, now);
    this.capacityChanged(p);
  }

  /** A placement's devices start work: busy time and energy count them; their nodes are not idle. @returns devices held */
  private occupied(p: PoolState, placement: Placement): number {
    const now = this.sim.now;
    const held = placementDevices(placement);
    p.busy.add(held, now);
    p.meter.addBusy(held, now);
    if (p.pool.cloud?.autoscale) for (const node of placement.nodes) p.idleSince[node] = NaN;
    return held;
  }

  /** A placement's devices were freed: autoscaled nodes left without work start their idle clock. @returns devices held */
  private released(p: PoolState, placement: Placement): number {
    const now = this.sim.now;
    const held = placementDevices(placement);
    p.busy.add(-held, now);
    p.meter.addBusy(-held, now);
    if (p.pool.cloud?.autoscale) for (const node of placement.nodes) this.markIdle(p, node);
    return held;
  }

  // --- scheduling -------------------------------------------------------------------------------

  /**
   * Marks a pool for one scheduling pass at this instant. The queue statistic is updated after the
   * pass, so a job that arrives and starts at the same instant never counts as waiting.
   */
  private changed(p: PoolState): void {
    if (!p.passPending) {
      p.passPending = true;
      this.sim.schedule(0, (ps: PoolState) => this.pass(ps), p, PRIORITY_PASS);
    }
  }

  private pass(p: PoolState): void {
    p.passPending = false;
    p.scheduler.pass(
      this.sim.now,
      (q, placement) => this.start(p, q, placement),
      (victim) => this.preempt(p, victim),
    );
    p.queue.set(p.scheduler.waiting, this.sim.now);
    this.autoscale(p);
  }

  private start(p: PoolState, q: QueuedJob, placement: Placement): void {
    const service = this.serviceJobs.get(q.id);
    if (service) {
      this.occupied(p, placement);
      p.backlog.dequeue(q.devices, 0);
      service.service.replicaReady(service.replica);
      return;
    }
    const job = this.jobs.get(q.id)!;
    const w = this.workloads[job.workload]!;
    const now = this.sim.now;
    const first = Number.isNaN(job.start);
    job.start = now;
    job.deviceIds = placement.devices;
    const held = this.occupied(p, placement);
    p.backlog.dequeue(q.devices, q.estimate);
    p.backlog.run(q.devices, now, q.estimate);
    this.options.onJob?.('start', job, p.pool.id);
    for (const m of w.collectors) m.onStart(job.submit, now, first);
    const compute = () => this.compute(job, p, held, placement.nodes.length);
    if (job.staging) this.stage(job, job.staging.home, job.staging.site, job.staging.input, compute);
    else compute();
  }

  /** The job's input is where it runs: its compute begins, to end in completion, a failure or a spot reclaim. */
  private compute(job: Job, p: PoolState, held: number, nodes: number): void {
    const w = this.workloads[job.workload]!;
    const now = this.sim.now;
    job.computeStart = now;
    const policy = this.checkpoints;
    if (!policy || (!w.failures && !w.spot)) {
      job.completion = this.sim.schedule(job.remaining, (j: Job) => this.computed(j), job, PRIORITY_COMPLETION);
      return;
    }
    // The run takes the remaining work plus checkpoint writes (plus the restart overhead after an
    // interruption); a device failure or a spot reclaim drawn before that ends it early.
    const wall = (job.interruptions > 0 ? policy.restartOverhead : 0) + uninterruptedWallTime(job.remaining, policy);
    const failAt = w.failures && p.pool.mtbf !== undefined ? nextFailure(now, held, p.pool.mtbf, w.failures) : Infinity;
    const spot = p.pool.spot;
    const notice = spot && w.spot ? nextSpotInterruption(now, nodes, { ratePerInstanceHour: spot.interruptionRate * 3600, warningSeconds: spot.warning }, w.spot) : undefined;
    const reclaimAt = notice ? notice.interruptionTime : Infinity;
    if (Math.min(failAt, reclaimAt) >= now + wall) {
      job.completion = this.sim.schedule(wall, (j: Job) => this.computed(j), job, PRIORITY_COMPLETION);
    } else if (failAt <= reclaimAt) {
      job.completion = this.sim.scheduleAt(failAt, (j: Job) => this.fail(j, undefined), job, PRIORITY_COMPLETION);
    } else {
      job.completion = this.sim.scheduleAt(reclaimAt, (j: Job) => this.fail(j, notice!.noticeTime), job, PRIORITY_COMPLETION);
    }
  }

  /** The compute is done: a job away from its data sends its output back, then completes. */
  private computed(job: Job): void {
    job.completion = -1;
    job.remaining = 0;
    if (job.staging) this.stage(job, job.staging.site, job.staging.home, job.staging.output, () => this.complete(job));
    else this.complete(job);
  }

  /**
   * A device of the job failed (or, with `spotNotice`, its spot instance was reclaimed after a
   * warning given at that time): keep the last checkpoint's work — on a spot warning long enough to
   * write one, all progress up to the notice — lose the rest, wait again.
   */
  private fail(job: Job, spotNotice: number | undefined): void {
    const w = this.workloads[job.workload]!;
    const p = this.poolList[job.pool]!;
    const now = this.sim.now;
    const policy = this.checkpoints!;
    const running = p.scheduler.finish(job.id);
    const held = this.released(p, running.placement);
    p.backlog.stop(running.job.devices, running.start, running.job.estimate);
    const restart = job.interruptions > 0 ? policy.restartOverhead : 0;
    const elapsed = now - job.computeStart;
    const kept =
      spotNotice === undefined
        ? splitElapsed(Math.max(0, elapsed - restart), policy).kept
        : Number.isFinite(policy.interval)
          ? spotInterruptionOutcome(Math.max(0, spotNotice - job.computeStart - restart), { ratePerInstanceHour: 1, warningSeconds: p.pool.spot!.warning }, policy).kept
          : 0;
    job.remaining = Math.max(0, job.remaining - kept);
    job.interruptions++;
    job.completion = -1;
    this.reportInterrupted(job, p);
    for (const m of w.collectors) m.onFailure(now, held * (elapsed - kept), spotNotice !== undefined);
    const requeued = { ...running.job, estimate: Math.min(running.job.estimate, (job.staging?.estimate ?? 0) + job.remaining + policy.restartOverhead) };
    p.scheduler.enqueue(requeued);
    p.backlog.enqueue(requeued.devices, requeued.estimate);
    this.changed(p);
  }

  private complete(job: Job): void {
    const w = this.workloads[job.workload]!;
    const p = this.poolList[job.pool]!;
    const now = this.sim.now;
    const running = p.scheduler.finish(job.id);
    job.end = now;
    job.completion = -1;
    this.released(p, running.placement);
    p.backlog.stop(running.job.devices, running.start, running.job.estimate);
    this.options.onJob?.('end', job, p.pool.id, 'completed');
    for (const m of w.collectors) m.onEnd(job.submit, job.start, now, job.devices);
    this.jobs.delete(job.id);
    this.changed(p);
  }

  /** A preempted job loses the work since it started (no checkpoints yet) and waits again with its original submission time. */
  private preempt(p: PoolState, victim: RunningJob): void {
    const job = this.jobs.get(victim.job.id)!;
    const w = this.workloads[job.workload]!;
    const now = this.sim.now;
    this.sim.cancel(job.completion);
    job.completion = -1;
    if (job.transfer !== -1) {
      this.links.get(job.staging!.link)!.cancel(job.transfer);
      job.transfer = -1;
    }
    const held = this.released(p, victim.placement);
    p.backlog.stop(victim.job.devices, victim.start, victim.job.estimate);
    job.interruptions++;
    this.reportInterrupted(job, p);
    for (const m of w.collectors) m.onPreempt(now, held * (now - victim.start));
    p.scheduler.enqueue(victim.job);
    p.backlog.enqueue(victim.job.devices, victim.job.estimate);
  }

  /** Tells the observer a run of `job` ended now without completing it; the job itself has not ended. */
  private reportInterrupted(job: Job, p: PoolState): void {
    if (!this.options.onJob) return;
    job.end = this.sim.now;
    this.options.onJob('end', job, p.pool.id, 'interrupted');
    job.end = NaN;
  }

  private endWarmup(): void {
    const now = this.sim.now;
    for (const p of this.pools.values()) {
      p.busy.reset(now);
      p.queue.reset(now);
      p.meter.reset(now);
      p.billing?.reset(now);
      p.routed = 0;
    }
    for (const link of this.links.values()) link.reset();
  }
}

/** The arrival clock of a synthetic workload, drawing from its `arrivals` (and `arrivals-chain`) streams. */
function arrivalClock(a: ArrivalSpec, stream: (purpose: string) => RandomStream): (now: number) => number {
  switch (a.kind) {
    case 'renewal': {
      const gap = makeSampler(a.interarrival, stream('arrivals'));
      // A negative draw (a normal distribution's tail) means "now", not the past.
      return (now) => now + Math.max(0, gap());
    }
    case 'diurnal': {
      const p = diurnal({ rate: a.rate, amplitude: a.amplitude, peakHour: a.peakHour, weekendFactor: a.weekendFactor }, stream('arrivals'));
      return (now) => p.next(now);
    }
    case 'growth': {
      const p = growth({ rate: a.rate, perMonth: a.perMonth }, stream('arrivals'));
      return (now) => p.next(now);
    }
    case 'mmpp': {
      const p = mmpp({ rates: a.rates, meanSojourn: a.meanSojourn }, stream('arrivals'), stream('arrivals-chain'));
      return (now) => p.next(now);
    }
  }
}

/** Runs a replication of a scenario without trace workloads. */
export function runReplication(scenario: RunInputs, replication: number, options: ReplicationOptions = {}): ReplicationMetrics {
  if (scenario.workloads.some((w) => w.kind === 'trace' || (w.kind === 'inference' && w.trace))) {
    throw new Error('this scenario replays traces: use simulateScenario(), which streams them');
  }
  const run = new ReplicationRun(scenario, replication, options);
  run.advance();
  return run.result();
}
