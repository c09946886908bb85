import type { InferenceService } from '../inference-service.js';
import type { ServiceFigures } from './service-figures.js';
import type { ServiceRouting } from './service-reach.js';
import { choosePlacement, type PlacementView } from './service-routing.js';
import type { InferenceMetrics, ServicePoolMetrics, SpeculativeFigures } from './service-types.js';

type MutableView = { -readonly [K in keyof PlacementView]: PlacementView[K] };

/** One pool of a service behind the front end: its own InferenceService on that pool's hardware. */
export interface FrontEndPlacement {
  readonly pool: string;
  readonly service: InferenceService;
  /** USD per device-hour of the pool (its placement price) */
  readonly price: number;
  /** s a replica starting here waits before it takes requests (0: none) */
  readonly coldStart: number;
}

export interface FrontEndOptions {
  readonly routing: ServiceRouting;
  /** s, round trip from each user region (row) to each placement (column) */
  readonly rtt: readonly (readonly number[])[];
  /** s, the service's targets (slo-aware routing) */
  readonly slo: { readonly ttft?: number; readonly tpot?: number };
  readonly maxBatch: number;
  readonly warmup: number;
  /** whether replica starts pay a cold start (the result then counts them) */
  readonly coldStarts: boolean;
  /** with speculative decoding: what the steps of every pool yielded (one tally for the service) */
  readonly speculative?: () => SpeculativeFigures;
}

/**
 * The front end of a service that runs on several pools: one InferenceService per pool (each with the replica
 * model of its pool's hardware, all sharing one ServiceFigures), and a router that picks the pool for each
 * request under the service's routing policy (service-routing.ts), adding the user's round trip to that pool's
 * site. Within a pool the service's own least-loaded rule picks the replica. It never asks for devices: the
 * replication (src/model/replication/service-on-pools.ts) opens and retires replicas and tells it.
 */
export class FrontEnd {
  private readonly requests: number[];
  private readonly started: number[];
  private coldStartCount = 0;
  /** mean output tokens of the requests submitted so far: how long a sequence holds its slot */
  private meanOutput = 0;
  private submitted = 0;
  private readonly views: MutableView[];

  constructor(
    private readonly placements: readonly FrontEndPlacement[],
    private readonly figures: ServiceFigures,
    private readonly options: FrontEndOptions,
  ) {
    this.requests = placements.map(() => 0);
    this.started = placements.map(() => 0);
    this.views = placements.map((p) => ({ ready: false, load: 0, waiting: 0, iteration: 0, prefillIteration: 0, slotIterations: 1, rtt: 0, price: p.price, hasRoom: false }));
  }

  /**
   * Routes a request arriving at `now` from user region `region` (−1: none) to a pool with a ready replica; with
   * none ready, to the first pool with a replica starting, else to `fallback` (where the caller just started one,
   * or home), whose queue holds it until a replica there is ready. @returns the pool's index
   */
  submit(now: number, input: number, output: number, region: number, fallback: number): number {
    const rtts = region >= 0 ? this.options.rtt[region] : undefined;
    // as the replica will count it (InferenceService.submit)
    const outputTokens = Math.max(1, Math.round(output));
    const tokens = Math.max(1, Math.round(input)) + outputTokens;
    this.meanOutput += (outputTokens - this.meanOutput) / ++this.submitted;
    this.placements.forEach((p, i) => {
      const v = this.views[i] as MutableView;
      const hint = p.service.routeHint(input);
      v.ready = hint !== undefined;
      v.load = hint?.load ?? 0;
      v.waiting = hint?.waiting ?? 0;
      v.iteration = hint?.iteration ?? 0;
      v.prefillIteration = hint?.prefillIteration ?? 0;
      // a batch of B sequences with outputs of mean L completes one about every L / B iterations; never sooner than its next
      v.slotIterations = hint ? Math.max(1, hint.toCompletion, this.meanOutput / Math.max(1, hint.running)) : 1;
      v.rtt = rtts?.[i] ?? 0;
      // room: it admits the request at its next iteration and still decodes within the TPOT target (when set)
      v.hasRoom = hint !== undefined && hint.waiting === 0 && hint.load < this.options.maxBatch && tokens <= hint.kvFree && hint.iteration <= (this.options.slo.tpot ?? Infinity);
    });
    let chosen = choosePlacement(this.options.routing, this.views, this.options.slo);
    if (chosen === undefined) {
      const starting = this.placements.findIndex((p) => p.service.liveReplicas > 0);
      chosen = starting >= 0 ? starting : fallback;
    }
    const target = this.placements[chosen];
    if (!target) throw new RangeError(`no placement ${chosen}`);
    if (now >= this.options.warmup) this.requests[chosen] = (this.requests[chosen] ?? 0) + 1;
    target.service.submit(input, output, undefined, rtts?.[chosen] ?? 0, region);
    return chosen;
  }

  /** A replica of placement `i` asked for its devices at `now`. */
  replicaStarted(i: number, now: number): void {
    if (now < this.options.warmup) return;
    this.started[i] = (this.started[i] ?? 0) + 1;
  }

  /** A replica of placement `i` got its devices at `now` and begins its cold start. */
  coldStartBegan(now: number): void {
    if (now >= this.options.warmup) this.coldStartCount++;
  }

  /** Requests not yet admitted anywhere. */
  get queued(): number {
    return this.placements.reduce((n, p) => n + p.service.queued, 0);
  }

  /** Tokens offered and served since time 0 (shared figures: the same for every placement). */
  get work(): { readonly offered: number; readonly served: number } {
    return this.figures.work;
  }

  /** Mean time to first token since the last call, over every pool (NaN if none). */
  takeRecentTtft(): number {
    for (const p of this.placements) p.service.settleFirstTokens();
    return this.figures.takeRecentTtft();
  }

  result(window: number): InferenceMetrics {
    let queued = 0;
    let running = 0;
    for (const p of this.placements) {
      const f = p.service.inFlight();
      queued += f.queued;
      running += f.running;
    }
    const pools: Record<string, ServicePoolMetrics> = {};
    this.placements.forEach((p, i) => {
      pools[p.pool] = { requests: this.requests[i] ?? 0, replicas_started: this.started[i] ?? 0, cold_start: p.coldStart };
    });
    const speculative = this.options.speculative?.();
    return { ...this.figures.result(window, queued, running), pools, ...(this.options.coldStarts && { cold_starts: this.coldStartCount }), ...(speculative && { speculative }) };
  }
}
