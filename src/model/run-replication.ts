import { RandomStreams, Simulation } from '../engine/index.js';
import type { Job } from './job.js';
import { mergeTransfers } from './usage-ledger.js';
import { DEFAULT_MAX_QUEUED, longestQueue, OverloadWatch, type OverloadLimit, type OverloadReport, type WatchedQueue } from './overload-watch.js';
import { Arrivals, type FedWorkload, type TraceRow } from './replication/arrivals.js';
import { Execution } from './replication/execution.js';
import { FabricSharing } from './replication/fabric-sharing.js';
import { Measurement } from './replication/measurement.js';
import type { DeviceUse, QueueGuard } from './replication/part-interfaces.js';
import { Provisioning } from './replication/provisioning.js';
import type { ReplicationMetrics, ReplicationOptions } from './replication/replication-metrics.js';
import { PRIORITY_PASS, PRIORITY_WARMUP } from './replication/run-clock.js';
import { openRunPools, type RunPool } from './replication/run-pool.js';
import { Pipelines } from './replication/pipelines.js';
import { Routing } from './replication/routing.js';
import { Services } from './replication/services.js';
import { Staging } from './replication/staging.js';
import { StreamIngestion } from './replication/stream-ingestion.js';
import { describeWorkload, type WorkloadPerformance } from './replication/workload-performance.js';
import { placementDevices, type Placement, type QueuedJob, type RunningJob } from './scheduling/index.js';
import type { RunInputs, Workload } from './types.js';
import { submitWhenClean } from './carbon/submit-when-clean.js';
import { FederatedRounds } from './federated/federated-rounds.js';

export type { PoolMetrics, PoolTimeSeries, ReplicationMetrics, ReplicationOptions } from './replication/replication-metrics.js';
export { TIME_SERIES_SAMPLES } from './replication/replication-metrics.js';
export type { TraceRow } from './replication/arrivals.js';
export type { WorkloadPerformance } from './replication/workload-performance.js';

/**
 * One replication of a scenario: jobs arriving at pools of nodes, placed and started by the
 * scenario's scheduler (FCFS, EASY backfill, SJF or priority with preemption; src/model/scheduling/).
 *
 * This file is the conductor: it owns the engine (the clock and the calendar of events) and hands
 * each event to one part (src/model/replication/), which reaches the others only through the small
 * interfaces in part-interfaces.ts and a RunClock:
 *   - Arrivals     synthetic arrival clocks and job draws; trace rows the caller feeds
 *   - Routing      which pool (and site) a job goes to, and its size there
 *   - Staging      data moved over inter-site links before and after a job's compute
 *   - Provisioning tranches delivered, cloud instances scaled up and released, replica reservations
 *   - Execution    job start, compute, failure, spot reclaim, checkpoint, preemption, completion
 *   - Services     inference replicas (reservations placed first) and their autoscaler
 *   - Measurement  job, pool and usage statistics over the window; time series over the run
 * The conductor itself runs the scheduling passes (one per pool that changed, per instant), the end
 * of the warm-up and the runaway-queue guard, and assembles the result.
 *
 * Same-time order of the model's own events (a documented contract; trace replays depend on it):
 *   1. the end of the warm-up (statistics reset) — priority -1
 *   2. job completions, failures, transfers ending, capacity arriving — priority 0: they free devices
 *   3. job arrivals, in workload order then submission order — priority 1
 *   4. one scheduling pass per pool that changed — priority 2
 *   5. time-series samples — priority 3; releases of idle cloud instances — priority 4
 * so a job arriving at the instant another ends competes for the freed devices in queue order, a
 * pass sees every change of its instant once, and samples and releases see the settled state.
 *
 * `scheduler.sameTimeOrder: 'pyss'` replaces 2–4 for jobs by the order of the pyss simulator, which
 * published EASY/FCFS figures come from (docs/traces.md, "Same-instant event order"):
 *   - a job ending at (or past) its estimate frees its devices at priority 0, with no pass;
 *   - arrivals at priority 1, each followed at once by a pass of its pool;
 *   - jobs ending before their estimate at PRIORITY_LATE_COMPLETION, in start order, each followed at
 *     once by a pass; a job of the first kind has its pass here too, in its place.
 * Other events (failures, capacity, services) keep the deferred pass at PRIORITY_PASS.
 * Events of equal time and priority run in the order they were scheduled, so the parts are set up,
 * and schedule their first events, in a fixed order: pools (tranches, idle clocks), services
 * (replica reservations), the warm-up's end, the first sample, the first synthetic arrivals.
 *
 * Random streams are named per workload and purpose (`<workload>/arrivals`, `/devices`, `/work`, …):
 * adding a workload or a pool never changes the draws of another workload.
 *
 * Trace workloads are fed by the caller (`feed`) in submission order; the run never advances past
 * the last fed submission time of a trace that is not exhausted, so rows can be streamed in batches.
 */

/** The state of one replication; drive it with `feed` and `advance`, read it with `result`. */
export class ReplicationRun {
  private readonly sim = new Simulation();
  private readonly pools: readonly RunPool[];
  /** shared leaf uplinks, when a pool has a fabric */
  private readonly fabric: FabricSharing | undefined;
  /** per pool: a scheduling pass is on the calendar for this instant */
  private readonly passPending: Uint8Array;
  private readonly watch: OverloadWatch;
  private readonly staging: Staging;
  private readonly measurement: Measurement;
  private readonly provisioning: Provisioning;
  private readonly services: Services;
  private readonly arrivals: Arrivals;
  private readonly execution: Execution;
  // opt-in parts, absent without what they run: streams' consumer groups and lag, federated rounds, DAGs of stages
  private readonly ingestion: StreamIngestion | undefined;
  private readonly federated: FederatedRounds | undefined;
  private readonly pipelines: Pipelines | undefined;
  /** per pool: what its scheduling pass does with a placement and a victim (made once, not per pass) */
  private readonly passActions: { readonly place: (q: QueuedJob, placement: Placement) => void; readonly preempt: (victim: RunningJob) => void }[];
  private readonly onPass = (p: RunPool) => this.pass(p);
  /** a scheduler pass is running (a pass asked for from inside one is deferred to PRIORITY_PASS) */
  private passing = false;
  private eventBudget: number;
  private stopped = false;
  private overload: OverloadReport | undefined;

  constructor(
    private readonly scenario: RunInputs,
    readonly replication: number,
    options: ReplicationOptions = {},
  ) {
    const sim = this.sim;
    const streams = new RandomStreams(scenario.seed, replication);
    const stream = (name: string) => streams.stream(name);
    this.eventBudget = options.maxEvents ?? Infinity;
    this.pools = openRunPools(scenario);
    this.passPending = new Uint8Array(this.pools.length);
    this.watch = new OverloadWatch(
      this.pools.length,
      scenario.workloads.map((w) => w.name),
      options.maxQueued ?? scenario.limits?.maxQueued ?? DEFAULT_MAX_QUEUED,
    );
    const changed = (p: RunPool) => this.changed(p);
    let nextId = 0;
    const ids = { next: () => nextId++ };
    const guard: QueueGuard = {
      arrived: (pool, w, deviceSeconds) => this.watch.arrived(pool, w, deviceSeconds),
      check: (queued, which) => {
        if (queued > this.watch.maxQueued) this.stopOverloaded(which(), 'max_queued', this.watch.maxQueued);
      },
    };
    const devices: DeviceUse = {
      occupied: (p, placement) => this.devicesChanged(p, placement, 1),
      released: (p, placement) => this.devicesChanged(p, placement, -1),
    };
    this.staging = new Staging(sim, scenario.links, scenario.warmup);
    const staging = this.staging;
    const measurement = (this.measurement = new Measurement(sim, scenario, this.pools));
    const provisioning = (this.provisioning = new Provisioning(sim, this.pools, scenario.horizon, {
      online: (p) => measurement.onlineChanged(p),
      usable: (p, usable) => this.watch.setCapacity(p.index, usable, sim.now),
      instanceStarted: (p) => measurement.instanceStarted(p),
      instanceStopped: (p) => measurement.instanceStopped(p),
      changed,
    }));
    const home = (w: Workload) => this.home(w);
    const services = (this.services = new Services(sim, scenario, home, {
      ids,
      devices,
      changed,
      guard,
      reserve: (p, n) => provisioning.reserve(p, n),
      pool: (id) => this.poolById(id),
      carry: (from, to, bytes, done) => staging.carry(from, to, bytes, done),
      room: (p) => provisioning.replicaRoom(p),
      stream,
      onReplica: options.onReplica,
    }));
    // after the services: a scenario without streams takes no job id and schedules no event here
    const ingestion = (this.ingestion =
      scenario.streams && scenario.streams.length > 0
        ? new StreamIngestion(sim, scenario, {
            ids,
            devices,
            changed,
            reserve: (p, n) => provisioning.reserve(p, n),
            pool: (id) => this.poolById(id),
            carry: (from, to, bytes, done) => staging.carry(from, to, bytes, done),
          })
        : undefined);
    this.fabric = FabricSharing.open(sim, scenario, this.pools);
    const routing = new Routing(scenario, this.pools, {
      expectedWait: (p, request) => provisioning.expectedWait(p, request),
      plan: (w, site) => staging.plan(w, site),
      now: () => sim.now,
    });
    const execution = (this.execution = new Execution(sim, scenario, this.pools, stream, {
      ids,
      devices,
      changed,
      guard,
      route: (w, request) => routing.route(w, request),
      stageIn: (job, next) => staging.stageIn(job, next),
      stageOut: (job, next) => staging.stageOut(job, next),
      cancelTransfer: (job) => staging.cancel(job),
      collectors: (w) => measurement.collectors(w),
      routed: (p) => measurement.routed(p),
      onJob: options.onJob,
      passNow: (p) => (this.passing ? this.changed(p) : this.runPass(p)),
      fabric: this.fabric,
      // only pipelines and federated rounds follow their jobs: no call per job otherwise
      lifecycle:
        scenario.pipelines || scenario.workloads.some((w) => w.kind === 'federated')
          ? { started: (id) => this.pipelines?.jobStarted(id), completed: (job, p) => this.jobCompleted(job, p) }
          : undefined,
    }));
    this.passActions = this.pools.map((p) => ({
      place: (q: QueuedJob, placement: Placement) => {
        if (!services.placed(p, q, placement) && !ingestion?.placed(p, q, placement)) execution.start(p, q, placement);
      },
      preempt: (victim: RunningJob) => execution.preempt(p, victim),
    }));
    const arrivals = (this.arrivals = new Arrivals(sim, scenario, (w) => home(w).pool, stream, {
      job: (w, request) => submitWhenClean(sim, scenario.workloads[w], (arrivedAt) => execution.submit(w, request, arrivedAt)),
      request: (w, input, output, prefix) => services.request(w, input, output, prefix),
    }));
    this.pipelines =
      scenario.pipelines &&
      new Pipelines(sim, scenario, {
        submitJob: (w, readBytes) => {
          const source = arrivals.jobSource(w);
          const d = readBytes !== undefined && source?.drawReading ? source.drawReading(readBytes) : source?.draw();
          if (!d) throw new Error(`pipeline stage ${scenario.workloads[w]?.name ?? w} has no job source`);
          return execution.submit(w, { devices: d.devices, duration: d.duration, estimate: d.duration * scenario.scheduler.estimateFactor, gpuModels: undefined, draw: d });
        },
        carry: (from, to, bytes, done) => staging.carry(from, to, bytes, done),
        deploy: (w, label) => services.deploy(w, label),
      });
    if (scenario.warmup > 0) sim.scheduleAt(scenario.warmup, () => this.endWarmup(), undefined, PRIORITY_WARMUP);
    measurement.startSampling();
    this.arrivals.start();
    const submitAggregation = (w: number, devices: number, duration: number) =>
      execution.submit(w, { devices, duration, estimate: duration * scenario.scheduler.estimateFactor, gpuModels: undefined });
    const federated = new FederatedRounds(sim, scenario, (w) => home(w).pool, stream, { submitAggregation });
    this.federated = federated.active ? federated : undefined;
    this.federated?.start();
    this.pipelines?.start();
  }

  /** Trace-fed workloads that need rows before the run can advance further. */
  hungry(): FedWorkload[] {
    return this.arrivals.hungry();
  }

  /**
   * Hands the next rows of a trace workload, in submission order (a row earlier than the previous one
   * is submitted at the previous time: the run cannot go back). `exhausted`: no rows will follow.
   */
  feed(workloadName: string, rows: readonly TraceRow[], exhausted: boolean): void {
    this.arrivals.feed(workloadName, rows, exhausted);
  }

  /** Runs as far as the fed rows allow. @returns true when the run is over (horizon or a limit). */
  advance(): boolean {
    if (this.stopped) return true;
    const until = this.arrivals.fedUntil();
    if (until < this.sim.now) return false;
    const before = this.sim.eventsProcessed;
    this.sim.run(until, Number.isFinite(this.eventBudget) ? { maxEvents: this.eventBudget } : {});
    this.eventBudget -= this.sim.eventsProcessed - before;
    if (this.sim.stoppedByLimit || this.overload) this.stopped = true;
    return this.stopped || until >= this.scenario.horizon;
  }

  /** How far the run has got: simulated seconds and events processed (progress lines read it between slices). */
  progress(): { readonly now: number; readonly events: number } {
    return { now: this.sim.now, events: this.sim.eventsProcessed };
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
    const longest = longestQueue([...this.pools.map((p) => ({ pool: p.index, poolName: p.pool.id, queued: p.scheduler.waiting })), ...this.services.queues()]);
    if (longest) this.overload = this.watch.report(longest, this.sim.now, 'max_heap', bound, heapUsed);
  }

  result(): ReplicationMetrics {
    const complete = !this.stopped;
    const span = this.measurement.window(complete);
    const { pools, usage, timeseries } = this.measurement.pools(span);
    this.fabric?.addMetrics(pools, this.pools, span.measured);
    const { links, transfers: staged } = this.staging.result(span.measured);
    const federated = this.federated?.result({ start: this.scenario.warmup, length: span.measured ? span.window : 0 });
    const transfers = federated ? mergeTransfers(staged, federated.transfers) : staged;
    const { jobs, workloads, teams } = this.measurement.jobs(span, (w) => this.services.has(w));
    const inference = this.services.results(span.window);
    const apiUsage = this.services.apiUsage();
    const pipelines = this.pipelines?.result();
    const misses = this.pipelines?.misses();
    return {
      replication: this.replication,
      events: this.sim.eventsProcessed,
      complete,
      jobs,
      workloads,
      teams,
      inference,
      pools,
      links,
      timeseries,
      usage: { window: span.measured ? span.window : 0, pools: usage, transfers, ...(apiUsage && { api: apiUsage }), ...(misses && { deadline_misses: misses }) },
      ...(pipelines && { pipelines: pipelines.metrics, pipeline_runs: pipelines.runs }),
      ...(this.overload && { overload: this.overload }),
      ...(federated && { federated: federated.metrics }),
      ...(this.ingestion && { streams: this.ingestion.result(complete ? this.scenario.horizon : this.sim.now) }),
      ...(this.execution.recovery && {
        goodput: this.execution.recovery.metrics(
          Object.values(usage).reduce((a, u) => a + u.busy_device_seconds, 0),
          Object.values(usage).reduce((a, u) => a + u.online_device_seconds, 0),
        ),
      }),
    };
  }

  /** How each workload's work becomes time on its home pool, from what the run set up (the result's `performance`). */
  describeWorkloads(): Record<string, WorkloadPerformance> {
    const described: Record<string, WorkloadPerformance> = {};
    this.scenario.workloads.forEach((w, i) => {
      // a disaggregated service is described by one of its decode replicas, on their pool
      const pool = w.kind === 'inference' && w.disaggregated ? this.poolById(w.disaggregated.decode.pool) : this.home(w);
      described[w.name] = describeWorkload(w, pool.pool, {
        factors: this.arrivals.jobSource(i)?.factors,
        replica: this.services.replicaModel(i),
        speculative: this.services.speculativeStep(i),
        traceSpeed: this.arrivals.traceSpeed(i),
      });
    });
    return described;
  }

  private poolById(id: string): RunPool {
    const p = this.pools.find((x) => x.pool.id === id);
    if (!p) throw new Error(`unknown pool ${id}`);
    return p;
  }

  private home(w: Workload): RunPool {
    const p = this.pools.find((x) => x.pool.id === w.pool);
    if (!p) throw new Error(`workload ${w.name} names unknown pool ${w.pool}`);
    return p;
  }

  /**
   * Marks a pool for one scheduling pass at this instant. The queue statistic is updated after the
   * pass, so a job that arrives and starts at the same instant never counts as waiting.
   */
  private changed(p: RunPool): void {
    if (this.passPending[p.index]) return;
    this.passPending[p.index] = 1;
    this.sim.schedule(0, this.onPass, p, PRIORITY_PASS);
  }

  /** The scheduler places what it can (replica reservations go to their service, jobs to execution); then autoscaling looks. */
  private pass(p: RunPool): void {
    this.passPending[p.index] = 0;
    this.runPass(p);
  }

  private runPass(p: RunPool): void {
    const actions = this.passActions[p.index];
    // no try/finally: a pass that throws ends the run
    this.passing = true;
    if (actions) p.scheduler.pass(this.sim.now, actions.place, actions.preempt);
    this.passing = false;
    this.measurement.queueLength(p, p.scheduler.waiting);
    this.provisioning.autoscale(p);
  }

  /** A placement's devices start (`sign` 1) or stop (-1) work: busy time and energy count them, idle clocks follow. @returns devices held */
  private devicesChanged(p: RunPool, placement: Placement, sign: 1 | -1): number {
    const held = placementDevices(placement);
    this.measurement.busyChanged(p, sign * held);
    if (sign > 0) this.provisioning.nodesBusy(p, placement.nodes);
    else this.provisioning.nodesFreed(p, placement.nodes);
    return held;
  }

  /** A job a part follows completed: federated rounds wait for their aggregation, pipelines for their stages. */
  private jobCompleted(job: Job, p: RunPool): void {
    this.federated?.aggregationEnded(job.workload, true, job.submit, job.start);
    this.pipelines?.jobEnded(job.id, p.pool.site);
  }

  /** Keeps the first overload, stops the engine after the current event. */
  private stopOverloaded(q: WatchedQueue, limit: OverloadLimit, bound: number): void {
    if (this.overload) return;
    this.overload = this.watch.report(q, this.sim.now, limit, bound);
    this.sim.stop();
  }

  private endWarmup(): void {
    this.measurement.endWarmup();
    this.staging.reset();
    this.fabric?.reset();
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
