import { migRequest, sliceDevices, slicedDevice } from '../device-slice.js';
import { InferenceService, type InferenceMetrics } from '../inference-service.js';
import type { WatchedQueue } from '../overload-watch.js';
import { nodeFabric, replicaModel, type ReplicaModel } from '../performance/index.js';
import type { MigRequest, Placement, QueuedJob } from '../scheduling/index.js';
import type { InferenceWorkload, RunInputs, Workload } from '../types.js';
import type { DeviceUse, JobIds, PoolChanged, QueueGuard } from './part-interfaces.js';
import { PRIORITY_ARRIVAL, PRIORITY_COMPLETION, type RunClock } from './run-clock.js';
import type { RunPool } from './run-pool.js';

/** above any workload's priority (the schema caps those at 999): inference replicas are placed first and never preempted */
const SERVICE_PRIORITY = 1000;
/** inference requests between two looks at a service's queue length (max_queued may be passed by at most this many) */
const SERVICE_CHECK_EVERY = 64;

/** What services need of the rest of the run. */
export interface ServiceNeeds {
  readonly ids: JobIds;
  readonly devices: DeviceUse;
  readonly changed: PoolChanged;
  readonly guard: QueueGuard;
  /** replicas take (`devices` > 0) or give back (< 0) devices of their pool for good */
  reserve(p: RunPool, devices: number): void;
}

interface Service {
  readonly index: number;
  readonly workload: InferenceWorkload;
  readonly pool: RunPool;
  readonly model: ReplicaModel;
  readonly service: InferenceService;
  /** the reservation job id of each replica */
  readonly replicaJobs: number[];
  /** device-equivalents one replica holds: tensor_parallel (expert_parallel when given), or its slice's */
  readonly replicaDevices: number;
  /** MIG instances one replica holds instead of devices */
  readonly mig: MigRequest | undefined;
}

/**
 * Inference services: each holds `replicas` × tensor-parallel devices of its pool for the whole run,
 * one reservation job per replica, enqueued first at time 0 with the highest priority and an
 * estimate of the horizon, so every scheduler starts them before anything else. Requests go to the
 * service (InferenceService batches them); an autoscaler may add and drain replicas.
 */
export class Services {
  private readonly services: (Service | undefined)[];
  /** job id of each replica's device reservation → (service, replica index) */
  private readonly replicas = new Map<number, { service: Service; replica: number }>();
  /** inference requests submitted, to look at service queues every SERVICE_CHECK_EVERY of them */
  private submits = 0;

  /** Opens every inference workload's service, in workload order, and asks for its replicas' devices. */
  constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    homePool: (w: Workload) => RunPool,
    private readonly needs: ServiceNeeds,
  ) {
    this.services = scenario.workloads.map((w, index) => (w.kind === 'inference' ? this.open(w, index, homePool(w)) : undefined));
  }

  /** True when workload `w` is an inference service. */
  has(w: number): boolean {
    return this.services[w] !== undefined;
  }

  /** The replica model of service `w`: how its work becomes time on its pool's devices. */
  replicaModel(w: number): ReplicaModel | undefined {
    return this.services[w]?.model;
  }

  /** A request for service `w`. */
  request(w: number, inputTokens: number, outputTokens: number): void {
    const s = this.services[w];
    if (!s) throw new RangeError(`workload ${w} is not an inference service`);
    s.service.submit(inputTokens, outputTokens);
    if (++this.submits % SERVICE_CHECK_EVERY === 0) this.needs.guard.check(s.service.queued, () => this.queue(s));
  }

  /** The scheduler placed `q`: if it is a replica's reservation, the replica is ready. @returns false for any other job */
  placed(p: RunPool, q: QueuedJob, placement: Placement): boolean {
    const r = this.replicas.get(q.id);
    if (!r) return false;
    this.needs.devices.occupied(p, placement);
    p.backlog.dequeue(q.devices, 0);
    r.service.service.replicaReady(r.replica);
    return true;
  }

  /** Every service's request queue, in workload order (to name the longest at a heap stop). */
  queues(): WatchedQueue[] {
    return this.services.flatMap((s) => (s ? [this.queue(s)] : []));
  }

  /** Service `w`'s requests over the window. */
  result(w: number, window: number): InferenceMetrics | undefined {
    return this.services[w]?.service.result(window);
  }

  private open(w: InferenceWorkload, index: number, pool: RunPool): Service {
    const fabric = nodeFabric(pool.pool.node);
    const ep = w.expertParallel && { ...w.expertParallel, devicesPerDomain: fabric.devicesPerNode * fabric.domainNodes, scaleOut: fabric.scaleOut };
    const model = replicaModel({
      model: w.model,
      device: w.slice ? slicedDevice(pool.pool.device, w.slice) : pool.pool.device,
      tensorParallel: w.tensorParallel,
      scaleUp: fabric.scaleUp,
      ...(ep && { expertParallel: ep }),
    });
    const service = new InferenceService(
      this.clock,
      model,
      {
        replicas: w.replicas,
        maxBatch: w.maxBatch,
        ...(w.maxBatchTokens !== undefined && { maxBatchTokens: w.maxBatchTokens }),
        slo: w.slo,
        warmup: this.scenario.warmup,
        ...(w.arrivals?.kind === 'offline' && { offline: true }),
      },
      PRIORITY_COMPLETION,
    );
    const replicaDevices = w.slice ? sliceDevices(w.slice) : (w.expertParallel?.size ?? w.tensorParallel);
    const mig = w.slice && migRequest(w.slice, pool.pool.device.id);
    const s: Service = { index, workload: w, pool, model, service, replicaJobs: [], replicaDevices, mig };
    for (let i = 0; i < w.replicas; i++) this.requestReplica(s, i);
    const scale = w.autoscale;
    if (scale && scale.interval <= this.scenario.horizon) this.clock.scheduleAt(scale.interval, () => this.scale(s, Infinity), undefined, PRIORITY_ARRIVAL);
    return s;
  }

  private queue(s: Service): WatchedQueue {
    const work = s.service.work;
    return { pool: s.pool.index, poolName: s.pool.pool.id, queued: s.service.queued, service: { workload: s.index, arrived: work.offered, served: work.served } };
  }

  /** Asks the pool for the devices of replica `i`: a reservation job placed before any other work. */
  private requestReplica(s: Service, i: number): void {
    const id = this.needs.ids.next();
    const devices = s.replicaDevices;
    this.replicas.set(id, { service: s, replica: i });
    s.replicaJobs[i] = id;
    this.needs.reserve(s.pool, devices);
    const job = { id, submit: this.clock.now, devices, estimate: this.scenario.horizon, priority: SERVICE_PRIORITY };
    s.pool.scheduler.enqueue(s.mig ? { ...job, mig: s.mig } : job);
    // Counted as devices asked for (autoscaling provisions for them) but not as work: a replica has no end.
    s.pool.backlog.enqueue(devices, 0);
    this.needs.changed(s.pool);
  }

  /**
   * The replica autoscaler of a service (InferenceWorkload.autoscale), every `interval`, in the manner
   * of Knative's KPA: desired = ⌈requests in flight / target load per replica⌉ within [min, max], one
   * more under latency pressure. Scale-up is immediate; scale-down waits until the load has stayed
   * below the current fleet for `scaleDownDelay`, then drains one replica (no new requests; released
   * when its last request is done).
   */
  private scale(s: Service, calmSince: number): void {
    const a = s.workload.autoscale;
    if (!a) return;
    const { service } = s;
    const now = this.clock.now;
    const live = service.liveReplicas;
    const ttft = service.takeRecentTtft();
    let desired = Math.ceil(service.load / a.targetLoad - 1e-9);
    if (a.ttftAbove !== undefined && ttft > a.ttftAbove) desired = Math.max(desired, live + 1);
    desired = Math.min(a.max, Math.max(a.min, desired));
    let calm = desired < live ? Math.min(calmSince, now) : Infinity;
    if (desired > live) {
      for (let k = live; k < desired; k++) this.requestReplica(s, service.addReplica());
    } else if (desired < live && now - calm >= a.scaleDownDelay) {
      service.drainOne((i) => this.retireReplica(s, i));
      calm = Infinity;
    }
    if (now + a.interval <= this.scenario.horizon) this.clock.schedule(a.interval, () => this.scale(s, calm), undefined, PRIORITY_ARRIVAL);
  }

  private retireReplica(s: Service, i: number): void {
    const id = s.replicaJobs[i];
    if (id === undefined) throw new RangeError(`service ${s.workload.name} has no replica ${i}`);
    this.replicas.delete(id);
    this.needs.devices.released(s.pool, s.pool.scheduler.finish(id).placement);
    this.needs.reserve(s.pool, -s.replicaDevices);
    this.needs.changed(s.pool);
  }
}
