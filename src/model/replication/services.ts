import { migRequest, sliceDevices, slicedDevice } from '../device-slice.js';
import { InferenceService, type InferenceMetrics } from '../inference-service.js';
import type { WatchedQueue } from '../overload-watch.js';
import { drawDecodeSteps, expertParallelOn, nodeFabric, replicaModel, speculativeStep, type ReplicaModel, type SpeculativeStep } from '../performance/index.js';
import { placementDevices, type MigRequest, type Placement, type QueuedJob } from '../scheduling/index.js';
import type { ReplicaPlacement } from './replication-metrics.js';
import type { PrefixRef } from '../serving/prefix-cache.js';
import { prefixCacheSpec } from '../serving/prefix-caching.js';
import { SlidingRateLimit } from '../serving/api-rate-limit.js';
import { ManagedApi, type ApiUsage } from '../serving/managed-api.js';
import { overflows } from '../serving/overflow-rule.js';
import { ServiceVersions } from '../serving/service-versions.js';
import type { InferenceWorkload, RunInputs, Workload } from '../types.js';
import type { ServingFront } from '../serving/disaggregated-service.js';
import { openDisaggregated, type PhaseReplicas } from './disaggregated-setup.js';
import type { ServiceNeeds } from './part-interfaces.js';
import { PRIORITY_ARRIVAL, PRIORITY_COMPLETION, type RunClock } from './run-clock.js';
import type { RunPool } from './run-pool.js';
import { ServiceOnPools } from './service-on-pools.js';

export type { ServiceNeeds } from './part-interfaces.js';

/** above any workload's priority (the schema caps those at 999): inference replicas are placed first and never preempted */
const SERVICE_PRIORITY = 1000;
/** inference requests between two looks at a service's queue length (max_queued may be passed by at most this many) */
const SERVICE_CHECK_EVERY = 64;

interface Service {
  readonly index: number;
  readonly workload: InferenceWorkload;
  readonly pool: RunPool;
  readonly model: ReplicaModel;
  readonly service: InferenceService;
  /** where its requests go: `service`, or the disaggregated service whose prefill replicas `service` holds */
  readonly front: ServingFront;
  /** a disaggregated service: its decode replicas (the replica the result's performance section describes) */
  decode?: Service;
  /** the reservation job id of each replica */
  readonly replicaJobs: number[];
  /** device-equivalents one replica holds: tensor_parallel (expert_parallel when given), or its slice's */
  readonly replicaDevices: number;
  /** MIG instances one replica holds instead of devices */
  readonly mig: MigRequest | undefined;
  /** its speculative decoding, when it speculates */
  readonly speculative: SpeculativeStep | undefined;
  /** the managed API it sends all its requests (workload.api) or its overflow to */
  readonly api: ManagedApi | undefined;
  /** requests and tokens of the workload in the window, wherever served (the mix build-vs-buy prices) */
  readonly offered: { requests: number; input: number; output: number };
  /** a pipeline deploys to it: its model versions */
  readonly versions?: ServiceVersions | undefined;
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
  /** each managed-API offering's rate limits, shared by the services sending to it */
  private readonly limits = new Map<string, SlidingRateLimit | undefined>();
  /** inference requests submitted, to look at service queues every SERVICE_CHECK_EVERY of them */
  private submits = 0;
  /** per workload: a service that runs on several pools, serves user regions or scales to zero (InferenceWorkload.reach) */
  private readonly onPools: (ServiceOnPools | undefined)[] = [];
  /** job id of each replica reservation of those → its workload index */
  private readonly onPoolsReplicas = new Map<number, number>();

  /** Opens every inference workload's service, in workload order, and asks for its replicas' devices. */
  constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    homePool: (w: Workload) => RunPool,
    private readonly needs: ServiceNeeds,
  ) {
    this.services = scenario.workloads.map((w, index) => (w.kind === 'inference' && !w.reach ? this.open(w, index, homePool(w)) : undefined));
    scenario.workloads.forEach((w, index) => {
      if (w.kind !== 'inference' || !w.reach) return;
      // replicas opened at time 0 are claimed while the service is being built: they name its workload index
      const claim = (id: number) => this.onPoolsReplicas.set(id, index);
      this.onPools[index] = new ServiceOnPools(clock, scenario, w, w.reach, { ...needs, regions: needs.stream(`${w.name}/regions`), claim });
    });
  }

  /** True when workload `w` is an inference service. */
  has(w: number): boolean {
    return this.services[w] !== undefined || this.onPools[w] !== undefined;
  }

  /** The replica model of service `w`: how its work becomes time on its (home) pool's devices. */
  replicaModel(w: number): ReplicaModel | undefined {
    const s = this.services[w];
    return s?.decode?.model ?? s?.model ?? this.onPools[w]?.homeModel;
  }

  /** Service `w`'s speculative decoding, when it speculates. */
  speculativeStep(w: number): SpeculativeStep | undefined {
    return this.services[w]?.speculative ?? this.onPools[w]?.homeSpeculative;
  }

  /** A request for service `w`. */
  request(w: number, inputTokens: number, outputTokens: number, prefix?: PrefixRef): void {
    const s = this.services[w];
    if (!s) {
      const onPools = this.onPools[w];
      if (!onPools) throw new RangeError(`workload ${w} is not an inference service`);
      onPools.request(inputTokens, outputTokens);
      if (++this.submits % SERVICE_CHECK_EVERY === 0) this.needs.guard.check(onPools.queued, () => onPools.queue(w));
      return;
    }
    if (this.clock.now >= this.scenario.warmup) {
      s.offered.requests++;
      s.offered.input += Math.max(1, Math.round(inputTokens));
      s.offered.output += Math.max(1, Math.round(outputTokens));
    }
    if (!s.api || !this.sentToApi(s, inputTokens, outputTokens)) s.front.submit(inputTokens, outputTokens, prefix);
    if (++this.submits % SERVICE_CHECK_EVERY === 0) this.needs.guard.check(s.front.queued, () => this.queue(s));
  }

  /** The scheduler placed `q`: if it is a replica's reservation, the replica is ready. @returns false for any other job */
  placed(p: RunPool, q: QueuedJob, placement: Placement): boolean {
    const r = this.replicas.get(q.id);
    if (!r) {
      const w = this.onPoolsReplicas.size > 0 ? this.onPoolsReplicas.get(q.id) : undefined;
      const onPools = w === undefined ? undefined : this.onPools[w];
      if (!onPools) return false;
      onPools.placed(p, q, placement);
      return true;
    }
    this.needs.devices.occupied(p, placement);
    p.backlog.dequeue(q.devices, 0);
    r.service.service.replicaReady(r.replica);
    this.needs.onReplica?.('start', this.replicaPlacement(r.service, r.replica, placement));
    return true;
  }

  /** Service `w` serves model version `label` to the requests arriving from now on (a pipeline's deploy stage). */
  deploy(w: number, label: string): void {
    const versions = this.services[w]?.versions;
    if (!versions) throw new RangeError(`workload ${w} is not a service a pipeline deploys to`);
    versions.deploy(label, this.clock.now);
  }

  /** Every service's request queue, in workload order (to name the longest at a heap stop). */
  queues(): WatchedQueue[] {
    return this.services.flatMap((s, w) => (s ? [this.queue(s)] : (this.onPools[w]?.queue(w) ?? [])));
  }

  /** Every service's requests over the window, by workload name. */
  results(window: number): Record<string, InferenceMetrics> {
    const served: Record<string, InferenceMetrics> = {};
    this.scenario.workloads.forEach((w, i) => {
      const m = this.result(i, window);
      if (m) served[w.name] = m;
    });
    return served;
  }

  /** Service `w`'s requests over the window. */
  result(w: number, window: number): InferenceMetrics | undefined {
    const s = this.services[w];
    if (!s) return this.onPools[w]?.result(window);
    const own = s.front.result(window);
    return s.api ? s.api.joinedWith(own, window) : own;
  }

  /** What each service with a managed API sent there, by workload name (the usage ledger's `api`); undefined when none has one. */
  apiUsage(): Record<string, ApiUsage> | undefined {
    const out: Record<string, ApiUsage> = {};
    for (const s of this.services) if (s?.api) out[s.workload.name] = s.api.usage(s.offered);
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /**
   * Whether the request goes to the service's managed API: always (workload.api; refused with a 429, it is lost),
   * or when the overflow rule fires (refused, it queues on the replicas after all). Rounded as the service rounds.
   */
  private sentToApi(s: Service, input: number, output: number): boolean {
    const api = s.api as ManagedApi;
    const rule = s.workload.overflow;
    if (rule && !overflows(rule, s.service.queued, s.service.liveReplicas)) return false;
    return api.submit(Math.max(1, Math.round(input)), Math.max(1, Math.round(output))) || !rule;
  }

  private open(w: InferenceWorkload, index: number, pool: RunPool): Service {
    if (w.disaggregated) return this.openDisaggregated(w, index);
    const fabric = nodeFabric(pool.pool.node);
    const on = { device: w.slice ? slicedDevice(pool.pool.device, w.slice) : pool.pool.device, tensorParallel: w.tensorParallel, scaleUp: fabric.scaleUp };
    const model = replicaModel({ model: w.model, ...on, ...(w.expertParallel && { expertParallel: expertParallelOn(fabric, w.expertParallel) }) });
    // the draft shares the replica's devices, split the same way (a dense draft: no expert parallelism)
    const spec = w.speculative;
    const speculative = spec && speculativeStep(replicaModel({ model: spec.draft, ...on }), spec.draftTokens, spec.acceptance);
    const deployed = this.scenario.pipelines?.some((p) => p.stages.some((st) => st.work.kind === 'deploy' && st.work.service === w.name));
    const versions = deployed ? new ServiceVersions(this.scenario.warmup) : undefined;
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
        ...(speculative && { speculative, drawDecodeSteps: this.acceptanceDraws(w, speculative) }),
        ...(w.prefixCache && { prefixCache: prefixCacheSpec(w.prefixCache, model) }),
        ...(versions && { versions }),
      },
      PRIORITY_COMPLETION,
    );
    const replicaDevices = w.slice ? sliceDevices(w.slice) : (w.expertParallel?.size ?? w.tensorParallel);
    const mig = w.slice && migRequest(w.slice, pool.pool.device.id);
    const s: Service = {
      index,
      workload: w,
      pool,
      model,
      service,
      front: service,
      replicaJobs: [],
      replicaDevices,
      mig,
      speculative,
      api: this.managedApi(w, service),
      offered: { requests: 0, input: 0, output: 0 },
      versions,
    };
    for (let i = 0; i < w.replicas; i++) this.requestReplica(s, i);
    const scale = w.autoscale;
    if (scale && scale.interval <= this.scenario.horizon) this.clock.scheduleAt(scale.interval, () => this.scale(s, Infinity), undefined, PRIORITY_ARRIVAL);
    return s;
  }

  /**
   * A disaggregated service: its prefill replicas are the workload's service (requests and results go to the
   * front), its decode replicas a second one on their own pool, reserved and placed the same way.
   */
  private openDisaggregated(w: InferenceWorkload, index: number): Service {
    const { front, prefill, decode } = openDisaggregated(this.clock, w, this.scenario.warmup, PRIORITY_COMPLETION, this.needs);
    const phase = (p: PhaseReplicas): Service => {
      const s: Service = {
        index,
        workload: w,
        pool: p.pool,
        model: p.model,
        service: p.service,
        front,
        replicaJobs: [],
        replicaDevices: p.phase.expertParallel?.size ?? p.phase.tensorParallel,
        mig: undefined,
        speculative: undefined,
        api: undefined,
        offered: { requests: 0, input: 0, output: 0 },
      };
      for (let i = 0; i < p.phase.replicas; i++) this.requestReplica(s, i);
      return s;
    };
    const s = phase(prefill);
    s.decode = phase(decode);
    return s;
  }

  /** Each request's decode steps drawn from its own stream, so that speculation changes no other draw. */
  private acceptanceDraws(w: InferenceWorkload, step: SpeculativeStep): (outputTokens: number) => number {
    const stream = this.needs.stream(`${w.name}/speculative-acceptance`);
    const uniform = () => stream.uniformOpen();
    return (outputTokens) => drawDecodeSteps(outputTokens, step, uniform);
  }

  /** The managed API of workload `w` (all its requests, or its overflow), its latency from streams named after the workload. */
  private managedApi(w: InferenceWorkload, service: InferenceService): ManagedApi | undefined {
    const offering = w.api ?? w.overflow?.offering;
    if (!offering) return undefined;
    const streams = { ttft: this.needs.stream(`${w.name}/api-ttft`), speed: this.needs.stream(`${w.name}/api-speed`) };
    if (!this.limits.has(offering.id)) this.limits.set(offering.id, offering.rateLimits && new SlidingRateLimit(offering.rateLimits));
    const limit = this.limits.get(offering.id);
    return new ManagedApi(this.clock, offering, w.api ? 'api' : 'overflow', streams, this.scenario.warmup, w.slo, (ttft, tpot, e2e) => service.addServedElsewhere(ttft, tpot, e2e), limit);
  }

  private queue(s: Service): WatchedQueue {
    const work = s.front.work;
    return { pool: s.pool.index, poolName: s.pool.pool.id, queued: s.front.queued, service: { workload: s.index, arrived: work.offered, served: work.served } };
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
    const { placement } = s.pool.scheduler.finish(id);
    this.needs.devices.released(s.pool, placement);
    this.needs.onReplica?.('end', this.replicaPlacement(s, i, placement));
    this.needs.reserve(s.pool, -s.replicaDevices);
    this.needs.changed(s.pool);
  }

  /** What the replica observer is told of replica `i` of `s` (a disaggregated service's phase named). */
  private replicaPlacement(s: Service, i: number, placement: Placement): ReplicaPlacement {
    const phase = s.decode ? 'prefill' : this.services[s.index]?.decode === s ? 'decode' : undefined;
    return { service: s.workload.name, ...(phase && { phase }), replica: i, pool: s.pool.pool.id, deviceIds: placement.devices, devices: placementDevices(placement), at: this.clock.now };
  }
}
