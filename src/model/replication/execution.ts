import type { JobMetricsCollector } from '../../metrics/job-metrics.js';
import type { RandomStream } from '../../engine/index.js';
import { nextFailure, nextSpotInterruption, splitElapsed, spotInterruptionOutcome, uninterruptedWallTime, type CheckpointPolicy } from '../failures/index.js';
import type { Job } from '../job.js';
import type { WatchedQueue } from '../overload-watch.js';
import { migRequest } from '../device-slice.js';
import type { MigRequest, Placement, QueuedJob, RunningJob } from '../scheduling/index.js';
import type { RunInputs } from '../types.js';
import type { DeviceUse, JobIds, JobLifecycle, PoolChanged, QueueGuard } from './part-interfaces.js';
import type { JobObserver } from './replication-metrics.js';
import { PRIORITY_COMPLETION, PRIORITY_LATE_COMPLETION, type RunClock } from './run-clock.js';
import type { RunPool } from './run-pool.js';
import { Recovery, type DomainFailure } from './recovery.js';
import type { JobRequest, RoutedJob } from './routing.js';
import type { FabricSharing } from './fabric-sharing.js';

/** What execution needs of the rest of the run. */
export interface ExecutionNeeds {
  readonly ids: JobIds;
  readonly devices: DeviceUse;
  readonly changed: PoolChanged;
  readonly guard: QueueGuard;
  /** the pool a new job of workload `w` goes to, and its size there */
  route(w: number, request: JobRequest): RoutedJob;
  /** moves a job's input to where it runs (its output back), then `next()` */
  stageIn(job: Job, next: () => void): void;
  stageOut(job: Job, next: () => void): void;
  /** stops a preempted job's transfer */
  cancelTransfer(job: Job): void;
  /** every job event of workload `w` goes to each of these */
  collectors(w: number): readonly JobMetricsCollector[];
  /** the placement policy sent a job to the pool */
  routed(p: RunPool): void;
  readonly onJob: JobObserver | undefined;
  /** pyss order (`scheduler.sameTimeOrder`): the pool's scheduling pass, run at once — pyss passes after every job event */
  passNow(p: RunPool): void;
  /** pools with a leaf/spine fabric: times the compute of jobs that cross leaves (absent: no pool has one) */
  readonly fabric?: FabricSharing | undefined;
  /** told of every job's first start and completion (pipelines follow their stages' jobs, federated rounds their aggregation); absent: nobody follows them */
  readonly lifecycle?: JobLifecycle | undefined;
}

/** Per workload: the streams its jobs' interruptions are drawn from. */
interface Hazards {
  readonly failures: RandomStream | undefined;
  readonly spot: RandomStream | undefined;
}

/**
 * Execution of jobs: submission to the chosen pool's scheduler, start (input staged first), compute,
 * and the compute's end in completion (output staged back), a device failure or a spot reclaim
 * (both keep the last checkpoint's work), or a preemption by the scheduler (loses the run's work).
 */
export class Execution {
  private readonly jobs = new Map<number, Job>();
  private readonly hazards: Hazards[];
  private readonly checkpoints: CheckpointPolicy | undefined;
  /** per workload: its jobs' scheduling priority */
  private readonly priorities: number[];
  /** per workload: the MIG instances each job asks for instead of devices, if any */
  private readonly migs: (MigRequest | undefined)[];
  /** per pool: names its queue to the guard (made once, not per job) */
  private readonly queueOf: (() => WatchedQueue)[];
  // Calendar callbacks made once: a closure per job or event is garbage on the hottest path.
  private readonly onComputed = (job: Job) => this.computed(job);
  private readonly onFailed = (job: Job) => this.fail(job, undefined);
  /** pyss order: a job that ends at its estimate frees its devices before the instant's arrivals, without a pass… */
  private readonly onFreedAtEstimate = (job: Job) => this.computed(job, false);
  /** …and its termination's pass comes in completion order, after the arrivals */
  private readonly onTerminationPass = (p: RunPool) => this.needs.passNow(p);
  /** scheduler.sameTimeOrder is pyss (run-replication.ts describes both orders) */
  private readonly pyssOrder: boolean;
  /** the goodput model (opt-in): failed jobs keep their devices while a spare or a repair restores them */
  readonly recovery: Recovery | undefined;
  private readonly onResume = (job: Job) => this.resume(job);

  constructor(
    private readonly clock: RunClock,
    scenario: RunInputs,
    private readonly pools: readonly RunPool[],
    stream: (name: string) => RandomStream,
    private readonly needs: ExecutionNeeds,
  ) {
    const f = scenario.failures;
    const spotPools = new Set(pools.filter((p) => p.pool.spot).map((p) => p.pool.id));
    // Spot interruptions without a failures block still need a (no-checkpoint) policy to account lost work.
    this.checkpoints = f
      ? { interval: f.checkpointInterval, writeCost: f.checkpointCost, restartOverhead: f.restartOverhead }
      : spotPools.size > 0
        ? { interval: Infinity, writeCost: 0, restartOverhead: 0 }
        : undefined;
    this.hazards = scenario.workloads.map((w) => ({
      failures: f ? stream(`${w.name}/failures`) : undefined,
      spot: [w.pool, ...w.alternatives].some((id) => spotPools.has(id)) ? stream(`${w.name}/spot`) : undefined,
    }));
    this.priorities = scenario.workloads.map((w) => w.priority ?? 0);
    // MIG workloads run on their home pool's GPU model only (the scenario layer keeps alternatives to it).
    const deviceOf = new Map(pools.map((p) => [p.pool.id, p.pool.device.id]));
    this.migs = scenario.workloads.map((w) => ((w.kind === 'batch' || w.kind === 'training') && w.slice ? migRequest(w.slice, deviceOf.get(w.pool) ?? '') : undefined));
    this.queueOf = pools.map((p) => () => ({ pool: p.index, poolName: p.pool.id, queued: p.scheduler.waiting }));
    this.pyssOrder = scenario.scheduler.sameTimeOrder === 'pyss';
    this.recovery = f?.goodput ? new Recovery(clock, { ...f, goodput: f.goodput }, scenario, pools) : undefined;
    this.recovery?.holdSpares(pools);
    this.recovery?.startDomains(pools, stream, (_p, failure, jobs) => {
      for (const id of jobs) {
        const job = this.job(id);
        this.clock.cancel(job.completion);
        if (this.recovery) this.failAndRecover(job, this.recovery, failure);
      }
    });
  }

  /**
   * A job of workload `w` arrives: routed, then queued on its pool (or rejected by its scheduler).
   * `arrivedAt`: when it arrived, earlier than now when it waited for a cleaner grid hour (its wait counts from then).
   * @returns the job's id, or undefined when its pool's scheduler refused it
   */
  submit(w: number, request: JobRequest, arrivedAt?: number): number | undefined {
    const now = this.clock.now;
    const { pool: p, devices, duration, estimate, staging } = this.needs.route(w, request);
    const trainingTokens = request.draw?.training?.tokens ?? 0;
    const job: Job = {
      id: this.needs.ids.next(),
      workload: w,
      pool: p.index,
      submit: arrivedAt ?? now,
      devices,
      source: request.source,
      duration,
      estimate,
      trainingTokens,
      start: NaN,
      end: NaN,
      deviceIds: undefined,
      completion: -1,
      remaining: duration,
      interruptions: 0,
      staging,
      computeStart: NaN,
      transfer: -1,
    };
    const collectors = this.needs.collectors(w);
    for (const m of collectors) m.onSubmit(now);
    const { gpuModels } = request;
    // One literal per shape, no spread: an object spread in a literal takes V8's slow path.
    const priority = this.priorities[w] ?? 0;
    const mig = this.migs[w];
    const queued: QueuedJob =
      mig !== undefined
        ? { id: job.id, submit: now, devices, estimate, priority, mig }
        : gpuModels === undefined
          ? { id: job.id, submit: now, devices, estimate, priority }
          : { id: job.id, submit: now, devices, estimate, priority, gpuModels };
    if (p.scheduler.enqueue(queued)) {
      for (const m of collectors) m.onReject(now);
      return undefined;
    }
    this.recovery?.submitted(job.id, request.draw?.training?.params ?? 0);
    this.needs.routed(p);
    this.needs.fabric?.submitted(job, p, request.draw?.training);
    p.backlog.enqueue(devices, estimate);
    this.jobs.set(job.id, job);
    this.poolChanged(p);
    this.needs.guard.arrived(p.index, w, devices * duration);
    const queue = this.queueOf[p.index];
    if (queue) this.needs.guard.check(p.scheduler.waiting, queue);
    return job.id;
  }

  /** The scheduler placed job `q` on `placement`: its run begins with staging its input. */
  start(p: RunPool, q: QueuedJob, placement: Placement): void {
    const job = this.job(q.id);
    const now = this.clock.now;
    const first = Number.isNaN(job.start);
    job.start = now;
    job.deviceIds = placement.devices;
    const held = this.needs.devices.occupied(p, placement);
    p.backlog.dequeue(q.devices, q.estimate);
    p.backlog.run(q.devices, now, q.estimate);
    this.needs.onJob?.('start', job, p.pool.id);
    for (const m of this.needs.collectors(job.workload)) m.onStart(job.submit, now, first);
    if (first) this.needs.lifecycle?.started(job.id);
    const nodes = placement.nodes;
    // A job at home stages nothing: no continuation to make.
    if (job.staging) this.needs.stageIn(job, () => this.compute(job, p, held, nodes));
    else this.compute(job, p, held, nodes);
  }

  /** A preempted job loses the work since it started (no checkpoints yet) and waits again with its original submission time. */
  preempt(p: RunPool, victim: RunningJob): void {
    const job = this.job(victim.job.id);
    const now = this.clock.now;
    this.clock.cancel(job.completion);
    job.completion = -1;
    this.needs.fabric?.end(job);
    this.needs.cancelTransfer(job);
    const held = this.needs.devices.released(p, victim.placement);
    p.backlog.stop(victim.job.devices, victim.start, victim.job.estimate);
    job.interruptions++;
    this.reportInterrupted(job, p);
    for (const m of this.needs.collectors(job.workload)) m.onPreempt(now, held * (now - victim.start));
    this.recovery?.discarded(job.id, held * (now - (Number.isNaN(job.computeStart) ? victim.start : Math.max(victim.start, job.computeStart))));
    p.scheduler.enqueue(victim.job);
    p.backlog.enqueue(victim.job.devices, victim.job.estimate);
  }

  private job(id: number): Job {
    const job = this.jobs.get(id);
    if (!job) throw new RangeError(`no job ${id} in this run`);
    return job;
  }

  private poolOf(job: Job): RunPool {
    const p = this.pools[job.pool];
    if (!p) throw new RangeError(`job ${job.id} names no pool of this run`);
    return p;
  }

  /** The job's input is where it runs: its compute begins, to end in completion, a failure or a spot reclaim. */
  private compute(job: Job, p: RunPool, held: number, placed: Int32Array): void {
    const hazards = this.hazards[job.workload];
    const now = this.clock.now;
    job.computeStart = now;
    const nodes = placed.length;
    const policy = this.recovery ? this.recovery.started(job.id, p.index, held, placed, job.remaining, job.interruptions > 0) : this.checkpoints;
    if (!policy || !hazards || (!hazards.failures && !hazards.spot)) {
      if (this.pyssOrder) this.scheduleTermination(job, p);
      else if (this.needs.fabric?.begin(job, p, this.onComputed)) return;
      else job.completion = this.clock.schedule(job.remaining, this.onComputed, job, PRIORITY_COMPLETION);
      return;
    }
    // The run takes the remaining work plus checkpoint writes (plus the restart overhead after an
    // interruption); a device failure or a spot reclaim drawn before that ends it early.
    const wall = (job.interruptions > 0 ? policy.restartOverhead : 0) + uninterruptedWallTime(job.remaining, policy);
    const failAt = !hazards.failures
      ? Infinity
      : this.recovery
        ? this.recovery.nextFailure(now, held, p.pool.mtbf, hazards.failures)
        : p.pool.mtbf !== undefined
          ? nextFailure(now, held, p.pool.mtbf, hazards.failures)
          : Infinity;
    const spot = p.pool.spot;
    const notice = spot && hazards.spot ? nextSpotInterruption(now, nodes, { ratePerInstanceHour: spot.interruptionRate * 3600, warningSeconds: spot.warning }, hazards.spot) : undefined;
    const reclaimAt = notice ? notice.interruptionTime : Infinity;
    if (Math.min(failAt, reclaimAt) >= now + wall) {
      job.completion = this.clock.schedule(wall, this.onComputed, job, PRIORITY_COMPLETION);
    } else if (failAt <= reclaimAt) {
      job.completion = this.clock.scheduleAt(failAt, this.onFailed, job, PRIORITY_COMPLETION);
    } else {
      // reclaimAt < failAt: a notice was drawn
      const noticeTime = notice?.noticeTime;
      job.completion = this.clock.scheduleAt(reclaimAt, (j: Job) => this.fail(j, noticeTime), job, PRIORITY_COMPLETION);
    }
  }

  /**
   * pyss order. pyss books each running job in its processor profile until start + estimate, and a
   * termination is an event after the instant's submissions: so a job ending before its estimate
   * holds its devices until its termination, after the arrivals (PRIORITY_LATE_COMPLETION), while
   * one ending at its estimate (or past it) is already out of the profile at that instant: its
   * devices are freed first (PRIORITY_COMPLETION) and only its termination's pass waits its turn.
   * Both late events are inserted now, at the start, so same-instant terminations run in start
   * order, as pyss's event counter orders them.
   */
  private scheduleTermination(job: Job, p: RunPool): void {
    const now = this.clock.now;
    if (!job.staging && now + job.remaining >= job.start + job.estimate) {
      job.completion = this.clock.schedule(job.remaining, this.onFreedAtEstimate, job, PRIORITY_COMPLETION);
      this.clock.schedule(job.remaining, this.onTerminationPass, p, PRIORITY_LATE_COMPLETION);
    } else {
      job.completion = this.clock.schedule(job.remaining, this.onComputed, job, PRIORITY_LATE_COMPLETION);
    }
  }

  /** A job's event changed pool p: one pass at the end of the instant, or (pyss order) a pass now. */
  private poolChanged(p: RunPool): void {
    if (this.pyssOrder) this.needs.passNow(p);
    else this.needs.changed(p);
  }

  /** The compute is done: a job away from its data sends its output back, then completes. `pass`: false when its pass comes later (pyss order). */
  private computed(job: Job, pass = true): void {
    this.recovery?.completed(job.id);
    job.completion = -1;
    job.remaining = 0;
    this.needs.fabric?.end(job);
    if (job.staging) this.needs.stageOut(job, () => this.complete(job, pass));
    else this.complete(job, pass);
  }

  /**
   * A device of the job failed (or, with `spotNotice`, its spot instance was reclaimed after a
   * warning given at that time): keep the last checkpoint's work — on a spot warning long enough to
   * write one, all progress up to the notice — lose the rest, wait again.
   */
  private fail(job: Job, spotNotice: number | undefined): void {
    if (this.recovery && spotNotice === undefined) {
      this.failAndRecover(job, this.recovery);
      return;
    }
    const p = this.poolOf(job);
    const now = this.clock.now;
    const policy = this.recovery ? this.recovery.policyOf(job.id) : this.checkpoints;
    if (!policy) throw new Error('a job failed in a run without failures or spot pools');
    const running = p.scheduler.finish(job.id);
    const held = this.needs.devices.released(p, running.placement);
    p.backlog.stop(running.job.devices, running.start, running.job.estimate);
    const restart = job.interruptions > 0 ? policy.restartOverhead : 0;
    const elapsed = now - job.computeStart;
    const warning = p.pool.spot?.warning ?? 0;
    const kept =
      spotNotice === undefined
        ? splitElapsed(Math.max(0, elapsed - restart), policy).kept
        : Number.isFinite(policy.interval)
          ? spotInterruptionOutcome(Math.max(0, spotNotice - job.computeStart - restart), { ratePerInstanceHour: 1, warningSeconds: warning }, policy).kept
          : 0;
    job.remaining = Math.max(0, job.remaining - kept);
    job.interruptions++;
    job.completion = -1;
    this.reportInterrupted(job, p);
    for (const m of this.needs.collectors(job.workload)) m.onFailure(now, held * (elapsed - kept), spotNotice !== undefined);
    this.recovery?.discarded(job.id, held * (elapsed - kept));
    const requeued = { ...running.job, estimate: Math.min(running.job.estimate, (job.staging?.estimate ?? 0) + job.remaining + policy.restartOverhead) };
    p.scheduler.enqueue(requeued);
    p.backlog.enqueue(requeued.devices, requeued.estimate);
    this.needs.changed(p);
  }

  /**
   * The goodput model's failure: the job keeps the work of its last checkpoint and keeps its devices
   * while a hot spare is swapped in or the failed nodes are repaired (paid time it waits, counted as
   * recovery badput), then restarts on the same placement.
   */
  private failAndRecover(job: Job, recovery: Recovery, domain?: DomainFailure): void {
    const p = this.poolOf(job);
    const now = this.clock.now;
    const placed = recovery.placementOf(job.id);
    if (!placed) throw new Error(`job ${job.id} failed outside the goodput model`);
    const elapsed = now - job.computeStart;
    const { kept, delay } = recovery.failed(job.id, p, domain);
    job.remaining = Math.max(0, job.remaining - kept);
    job.interruptions++;
    this.reportInterrupted(job, p);
    for (const m of this.needs.collectors(job.workload)) m.onFailure(now, placed.held * (elapsed - kept), false);
    job.completion = this.clock.schedule(delay, this.onResume, job, PRIORITY_COMPLETION);
  }

  /** A recovered job restarts its compute on the devices it kept (a new run on the timeline). */
  private resume(job: Job): void {
    const placed = this.recovery?.placementOf(job.id);
    if (!placed) throw new Error(`job ${job.id} resumed without a placement`);
    job.start = this.clock.now;
    this.needs.onJob?.('start', job, this.poolOf(job).pool.id);
    // the failure counted it as waiting again: it runs again (its wait was counted at its first start)
    for (const m of this.needs.collectors(job.workload)) m.onStart(job.submit, job.start, false);
    this.compute(job, this.poolOf(job), placed.held, placed.nodes);
  }

  private complete(job: Job, pass: boolean): void {
    const p = this.poolOf(job);
    const now = this.clock.now;
    const running = p.scheduler.finish(job.id);
    job.end = now;
    job.completion = -1;
    this.needs.devices.released(p, running.placement);
    p.backlog.stop(running.job.devices, running.start, running.job.estimate);
    this.needs.onJob?.('end', job, p.pool.id, 'completed');
    for (const m of this.needs.collectors(job.workload)) m.onEnd(job.submit, job.start, now, job.devices, job.trainingTokens);
    this.jobs.delete(job.id);
    this.needs.lifecycle?.completed(job, p);
    if (pass) this.poolChanged(p);
  }

  /** Tells the observer a run of `job` ended now without completing it; the job itself has not ended. */
  private reportInterrupted(job: Job, p: RunPool): void {
    const onJob = this.needs.onJob;
    if (!onJob) return;
    job.end = this.clock.now;
    onJob('end', job, p.pool.id, 'interrupted');
    job.end = NaN;
  }
}
