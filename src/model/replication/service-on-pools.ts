import type { RandomStream } from '../../engine/index.js';
import { InferenceService, type InferenceMetrics } from '../inference-service.js';
import type { WatchedQueue } from '../overload-watch.js';
import { drawDecodeSteps, expertParallelOn, nodeFabric, replicaModel, speculativeStep, type ReplicaModel, type SpeculativeStep } from '../performance/index.js';
import { speculativeFigures } from '../serving/decode-steps.js';
import { placementDevices, type Placement, type QueuedJob } from '../scheduling/index.js';
import { FrontEnd } from '../serving/front-end.js';
import { ServiceFigures } from '../serving/service-figures.js';
import { StepTally } from '../serving/service-types.js';
import type { ServicePlacementSpec, ServiceReach } from '../serving/service-reach.js';
import type { InferenceWorkload, RunInputs } from '../types.js';
import { PRIORITY_ARRIVAL, PRIORITY_COMPLETION, type RunClock } from './run-clock.js';
import type { RunPool } from './run-pool.js';
import type { ServiceNeeds } from './part-interfaces.js';

/** above any workload's priority, as Services' replicas */
const SERVICE_PRIORITY = 1000;

/** What a service on several pools needs beyond a single-pool service's needs. */
export interface PoolsNeeds extends ServiceNeeds {
  /** the run pool with this id */
  pool(id: string): RunPool;
  /** devices the pool could still give replicas: its capacity (a cloud pool's quota when it autoscales) less what replicas reserve */
  room(p: RunPool): number;
  /** the seeded stream user regions are drawn from */
  regions: RandomStream;
  /** replica reservation `jobId` belongs to this service: Services hands its placement here */
  claim(jobId: number): void;
}

interface PoolPlacement {
  readonly spec: ServicePlacementSpec;
  readonly pool: RunPool;
  readonly model: ReplicaModel;
  readonly service: InferenceService;
  /** s a replica here waits after placement before it takes requests */
  readonly coldStart: number;
  /** speculative decoding on this pool's devices (the draft's cost is the pool's), when the service speculates */
  readonly speculative: SpeculativeStep | undefined;
  /** reservation job id of each replica */
  readonly replicaJobs: number[];
}

/**
 * An inference service on several pools (InferenceWorkload.reach): one InferenceService per pool, each on
 * that pool's hardware, behind a FrontEnd that routes requests under the service's policy and adds each
 * user region's round trip. Replicas are reservation jobs as in Services. The autoscaler (Knative-style, as
 * Services') sizes the home and burst pools together: a replica goes to the first of them with room, so a burst
 * pool gets replicas only when the home pool is saturated — every device it could give is held by replicas (a
 * cloud pool: its quota). Scale-down drains the last burst pool first. With a cold start, a placed replica takes
 * requests only after it (container start + weights ÷ read bandwidth); with min 0 the service scales to zero and a
 * request arriving with no replica live starts one at once (an activator), waiting for it.
 */
export class ServiceOnPools {
  private readonly placements: PoolPlacement[];
  private readonly frontEnd: FrontEnd;
  private readonly jobs = new Map<number, { placement: PoolPlacement; index: number; replica: number }>();
  /** cumulative region shares, for the draw */
  private readonly cumulativeShares: number[];

  constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    private readonly workload: InferenceWorkload,
    reach: ServiceReach,
    private readonly needs: PoolsNeeds,
  ) {
    const w = workload;
    const spec = {
      replicas: 0,
      maxBatch: w.maxBatch,
      ...(w.maxBatchTokens !== undefined && { maxBatchTokens: w.maxBatchTokens }),
      slo: w.slo,
      warmup: scenario.warmup,
    };
    const figures = new ServiceFigures(
      spec,
      reach.users.map((u) => u.region),
    );
    // speculation: every pool's draft runs on its own devices, one acceptance stream and one tally for the service
    const guess = w.speculative;
    const tally = new StepTally();
    const acceptance = guess && needs.stream(`${w.name}/speculative-acceptance`);
    this.placements = reach.placements.map((p, k) => {
      const pool = needs.pool(p.pool);
      const fabric = nodeFabric(pool.pool.node);
      const on = { device: pool.pool.device, tensorParallel: w.tensorParallel, scaleUp: fabric.scaleUp };
      // experts spread over each pool's own nodes and NICs
      const model = replicaModel({ model: w.model, ...on, ...(w.expertParallel && { expertParallel: expertParallelOn(fabric, w.expertParallel) }) });
      const step = guess && speculativeStep(replicaModel({ model: guess.draft, ...on }), guess.draftTokens, guess.acceptance);
      const draws = step && acceptance && ((outputTokens: number) => drawDecodeSteps(outputTokens, step, () => acceptance.uniformOpen()));
      const service = new InferenceService(clock, model, step && draws ? { ...spec, speculative: step, drawDecodeSteps: draws, stepTally: tally } : spec, PRIORITY_COMPLETION, undefined, figures);
      const bandwidth = reach.coldStart?.readBandwidth[k];
      const coldStart = reach.coldStart && bandwidth ? reach.coldStart.containerStart + model.weightBytes / bandwidth : 0;
      return { spec: p, pool, model, service, coldStart, replicaJobs: [], speculative: step };
    });
    const homeStep = (this.placements[0] as PoolPlacement).speculative;
    this.frontEnd = new FrontEnd(
      this.placements.map((p) => ({ pool: p.spec.pool, service: p.service, price: p.pool.pool.placementPrice * 3600, coldStart: p.coldStart })),
      figures,
      {
        routing: reach.routing,
        rtt: reach.users.map((u) => u.rtt),
        slo: w.slo,
        maxBatch: w.maxBatch,
        warmup: scenario.warmup,
        coldStarts: reach.coldStart !== undefined,
        ...(homeStep && { speculative: () => speculativeFigures(homeStep, tally) }),
      },
    );
    let sum = 0;
    this.cumulativeShares = reach.users.map((u) => (sum += u.share));
    this.placements.forEach((p, k) => {
      for (let i = 0; i < p.spec.replicas; i++) this.openReplica(p, k);
    });
    const scale = w.autoscale;
    if (scale && scale.interval <= scenario.horizon) clock.scheduleAt(scale.interval, () => this.scale(Infinity), undefined, PRIORITY_ARRIVAL);
  }

  /** The home pool's replica model. */
  get homeModel(): ReplicaModel {
    return (this.placements[0] as PoolPlacement).model;
  }

  /** Devices one replica holds on any pool: its expert-parallel width, else its tensor-parallel degree. */
  private get replicaDevices(): number {
    return this.workload.expertParallel?.size ?? this.workload.tensorParallel;
  }

  /** The home pool's speculative decoding, when the service speculates. */
  get homeSpeculative(): SpeculativeStep | undefined {
    return (this.placements[0] as PoolPlacement).speculative;
  }

  /** Requests not yet admitted anywhere. */
  get queued(): number {
    return this.frontEnd.queued;
  }

  /** A request: its user region drawn, routed by the front end; with no replica live anywhere, one starts now. */
  request(inputTokens: number, outputTokens: number): void {
    const region = this.drawRegion();
    let fallback = 0;
    if (this.placements.every((p) => p.service.liveReplicas === 0)) {
      const started = this.roomyPlacement();
      if (started !== undefined) {
        this.openReplica(this.placements[started] as PoolPlacement, started);
        fallback = started;
      }
    }
    this.frontEnd.submit(this.clock.now, inputTokens, outputTokens, region, fallback);
  }

  /** The scheduler placed `q`, one of this service's replicas: ready now, or after its cold start. */
  placed(p: RunPool, q: QueuedJob, placement: Placement): void {
    const r = this.jobs.get(q.id);
    if (!r) throw new RangeError(`job ${q.id} is not a replica of ${this.workload.name}`);
    this.needs.devices.occupied(p, placement);
    p.backlog.dequeue(q.devices, 0);
    const { service, coldStart } = r.placement;
    if (coldStart > 0) {
      this.frontEnd.coldStartBegan(this.clock.now);
      this.clock.schedule(coldStart, () => service.replicaReady(r.replica), undefined, PRIORITY_COMPLETION);
    } else service.replicaReady(r.replica);
    this.needs.onReplica?.('start', { service: this.workload.name, replica: r.replica, pool: p.pool.id, deviceIds: placement.devices, devices: placementDevices(placement), at: this.clock.now });
  }

  queue(workloadIndex: number): WatchedQueue {
    const home = (this.placements[0] as PoolPlacement).pool;
    const work = this.frontEnd.work;
    return { pool: home.index, poolName: home.pool.id, queued: this.frontEnd.queued, service: { workload: workloadIndex, arrived: work.offered, served: work.served } };
  }

  result(window: number): InferenceMetrics {
    return this.frontEnd.result(window);
  }

  private drawRegion(): number {
    const shares = this.cumulativeShares;
    if (shares.length === 0) return -1;
    const u = this.needs.regions.uniform() * (shares[shares.length - 1] as number);
    for (let i = 0; i < shares.length; i++) if (u < (shares[i] as number)) return i;
    return shares.length - 1;
  }

  /** The first autoscaled pool (home, then burst pools in order) that can still give a replica its devices. */
  private roomyPlacement(): number | undefined {
    for (let k = 0; k < this.placements.length; k++) {
      const p = this.placements[k] as PoolPlacement;
      if (p.spec.role !== 'also' && this.needs.room(p.pool) >= this.replicaDevices) return k;
    }
    return undefined;
  }

  private openReplica(p: PoolPlacement, k: number): void {
    const i = p.service.addReplica();
    const id = this.needs.ids.next();
    const devices = this.replicaDevices;
    this.jobs.set(id, { placement: p, index: k, replica: i });
    this.needs.claim(id);
    p.replicaJobs[i] = id;
    this.needs.reserve(p.pool, devices);
    p.pool.scheduler.enqueue({ id, submit: this.clock.now, devices, estimate: this.scenario.horizon, priority: SERVICE_PRIORITY });
    p.pool.backlog.enqueue(devices, 0);
    this.frontEnd.replicaStarted(k, this.clock.now);
    this.needs.changed(p.pool);
  }

  /**
   * Every `interval`: desired = ⌈requests in flight at the home and burst pools / target load⌉ within [min, max],
   * one more when the recent time to first token is above `ttftAbove` (as Services.scale). Up: each new replica on
   * the first of those pools with room. Down, after `scaleDownDelay` of calm: one replica drained, from the last
   * such pool that has a ready one.
   */
  private scale(calmSince: number): void {
    const a = this.workload.autoscale;
    if (!a) return;
    const now = this.clock.now;
    const scaled = this.placements.filter((p) => p.spec.role !== 'also');
    const live = scaled.reduce((n, p) => n + p.service.liveReplicas, 0);
    const load = scaled.reduce((n, p) => n + p.service.load, 0);
    const ttft = this.frontEnd.takeRecentTtft();
    let desired = Math.ceil(load / a.targetLoad - 1e-9);
    if (a.ttftAbove !== undefined && ttft > a.ttftAbove) desired = Math.max(desired, live + 1);
    desired = Math.min(a.max, Math.max(a.min, desired));
    let calm = desired < live ? Math.min(calmSince, now) : Infinity;
    if (desired > live) {
      for (let k = live; k < desired; k++) {
        const at = this.roomyPlacement();
        if (at === undefined) break;
        this.openReplica(this.placements[at] as PoolPlacement, at);
      }
    } else if (desired < live && now - calm >= a.scaleDownDelay) {
      for (let k = scaled.length - 1; k >= 0; k--) {
        const p = scaled[k] as PoolPlacement;
        if (p.service.drainOne((i) => this.retireReplica(p, i)) !== undefined) break;
      }
      calm = Infinity;
    }
    if (now + a.interval <= this.scenario.horizon) this.clock.schedule(a.interval, () => this.scale(calm), undefined, PRIORITY_ARRIVAL);
  }

  private retireReplica(p: PoolPlacement, i: number): void {
    const id = p.replicaJobs[i];
    if (id === undefined) throw new RangeError(`service ${this.workload.name} has no replica ${i} on ${p.spec.pool}`);
    this.jobs.delete(id);
    const { placement } = p.pool.scheduler.finish(id);
    this.needs.devices.released(p.pool, placement);
    this.needs.onReplica?.('end', { service: this.workload.name, replica: i, pool: p.pool.pool.id, deviceIds: placement.devices, devices: placementDevices(placement), at: this.clock.now });
    this.needs.reserve(p.pool, -this.replicaDevices);
    this.needs.changed(p.pool);
  }
}
