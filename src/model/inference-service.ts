import type { RunClock } from './replication/run-clock.js';
import type { ReplicaModel } from './performance/index.js';
import type { DecodeRun } from './serving/decode-run.js';
import { DecodeStepModel } from './serving/decode-steps.js';
import { LeastLoaded } from './serving/least-loaded.js';
import { planChunks, stretchEnd, stretchEndedBy } from './serving/prefill-chunks.js';
import type { PrefixRef } from './serving/prefix-cache.js';
import { PrefixCaching } from './serving/prefix-caching.js';
import { gatherBacklog, leastBusyReady, loadOf, newReplica, queuedOn, runningOn, type Replica, type Request } from './serving/replica-state.js';
import { routeHintOf, type RouteHint } from './serving/route-hint.js';
import { ServiceFigures } from './serving/service-figures.js';
import type { InferenceMetrics, ServiceSpec } from './serving/service-types.js';

/**
 * An inference service: `replicas` continuous-batching replicas of one model (Orca/vLLM iteration-level
 * scheduling; docs/serving.md). Each iteration prefills the prompts admitted in it and advances every sequence
 * already decoding by one step (`DecodeStepModel`: one token, E with speculative decoding). A request is admitted
 * when the batch has room (`maxBatch`) and the KV cache can hold its prompt and whole output (reserved up front:
 * admitted sequences are never evicted); it goes to the ready replica with the fewest requests, ties to the lowest
 * index, or with a prefix cache to the one holding its prefix. TTFT = end of the iteration that prefilled the
 * prompt − arrival; TPOT = (end − first token) / (output − 1); end-to-end = end − arrival.
 *
 * Speed: between two changes of a replica's batch its iterations differ only in their growing context, so their
 * end times are known in closed form (`DecodeRun`) and the replica jumps to its next completion in one event; an
 * arrival the batch can take cuts the jump short at the first iteration ending after it. Per-request times are
 * those of the iteration-by-iteration model (test/model/decode-jumps.test.ts) up to rounding.
 */

export type { InferenceMetrics, OfflineDrain, ServiceSpec } from './serving/service-types.js';

export type { RouteHint } from './serving/route-hint.js';

export class InferenceService {
  private readonly replicas: Replica[];
  private readonly pending: Request[] = [];
  private readonly router = new LeastLoaded();
  private readonly kvTokens: number;
  private readonly steps: DecodeStepModel;
  /** E, tokens per sequence per decode step: 1, more with speculative decoding */
  private readonly tokensPerStep: number;
  private readonly figures: ServiceFigures;
  private readonly caching: PrefixCaching | undefined;
  /** requests completing together, when a cache is kept (`completeDue`) */
  private readonly done: Request[] = [];
  private onRetired: ((i: number) => void) | undefined;
  private readonly endJumpCallback = (r: Replica): void => this.endJump(r);

  constructor(
    private readonly sim: RunClock,
    model: ReplicaModel,
    private readonly spec: ServiceSpec,
    private readonly priority: number,
    /** told of every request whose last token came (disaggregated serving hands a prefilled request on), with its replica */
    private readonly onFinished?: (req: Request, now: number, replica: number) => void,
    /** shared by the services a front end composes (src/model/serving/front-end.ts): one set of figures for all */
    figures?: ServiceFigures,
  ) {
    this.figures = figures ?? new ServiceFigures(spec);
    this.steps = new DecodeStepModel(model, spec);
    this.tokensPerStep = this.steps.tokensPerStep;
    this.caching = spec.prefixCache && new PrefixCaching(spec.prefixCache, this.steps.kvTokens, spec.warmup);
    this.kvTokens = this.caching?.runningTokens ?? this.steps.kvTokens;
    this.replicas = [];
    for (let i = 0; i < spec.replicas; i++) this.addReplica();
  }

  /** A new replica, not ready until `replicaReady` (it waits for devices). @returns its index */
  addReplica(): number {
    const index = this.replicas.length;
    this.replicas.push(newReplica(index));
    return index;
  }

  /** Requests not yet admitted to a batch (service queue and replica queues). */
  get queued(): number {
    return this.pending.length + queuedOn(this.replicas);
  }

  /** Requests in flight: queued plus running. */
  get load(): number {
    return this.queued + runningOn(this.replicas);
  }

  /** Replicas that serve or will serve (ready or waiting for devices), neither draining nor retired. */
  get liveReplicas(): number {
    return this.replicas.reduce((n, r) => n + (r.retired || r.draining ? 0 : 1), 0);
  }

  /**
   * Stops routing to the ready replica with the least work (highest index on ties); `onRetired` is
   * called with its index once its last request is done (at once if it has none).
   * @returns its index, or undefined when no ready replica can be drained
   */
  drainOne(onRetired: (i: number) => void): number | undefined {
    const best = leastBusyReady(this.replicas);
    if (!best) return undefined;
    best.draining = true;
    this.touch(best);
    this.onRetired = onRetired;
    this.iterate(best);
    return best.index;
  }

  /** Mean time to first token of the requests that got it since the last call (NaN if none). */
  takeRecentTtft(): number {
    this.settle(true);
    return this.figures.takeRecentTtft();
  }

  /**
   * Replica `i` holds its devices from now on. Requests not yet admitted anywhere (the service queue and
   * every replica's queue) are routed again in arrival order, as a front-end queue would hand them out:
   * replicas that become ready one after the other (at the start, or added by the autoscaler) share
   * the backlog instead of the first one taking all of it.
   */
  replicaReady(i: number): void {
    const r = this.replicas[i];
    if (!r) throw new RangeError(`no replica ${i}`);
    r.ready = true;
    this.touch(r);
    const backlog = this.pending.splice(0);
    for (const other of gatherBacklog(this.replicas, r, backlog)) this.touch(other);
    for (const req of backlog) this.route(req);
    this.iterate(r);
  }

  /**
   * A request of `input` prompt and `output` tokens arriving now; `prefix`: what its prompt shares with earlier ones
   * (prefix caching); `rtt` s of round trip to its user (region `region` of the figures) are added to its latencies.
   */
  submit(input: number, output: number, prefix?: PrefixRef, rtt = 0, region = -1): void {
    this.accept(input, output, 0, prefix, rtt, region);
  }

  /** As `submit`; `cached` prompt tokens are in the KV cache already (a decode replica's prefilled prompt). @returns it, or undefined if rejected */
  accept(input: number, output: number, cached = 0, prefix?: PrefixRef, rtt = 0, region = -1): Request | undefined {
    const now = this.sim.now;
    const outputTokens = Math.max(1, Math.round(output));
    const steps = this.steps.stepsFor(outputTokens);
    const req: Request = { arrival: now, input: Math.max(1, Math.round(input)), output: outputTokens, steps, firstToken: NaN, prefilled: cached, chunk: 0, prefix, rtt, region };
    const accepted = req.input + req.output <= this.kvTokens;
    this.figures.arrived(now, req.input + req.output, accepted, region);
    if (!accepted) return undefined;
    this.route(req);
    return req;
  }

  /** Tokens (prompt + output) one replica's KV cache holds; Infinity when the device publishes no capacity. */
  get capacityTokens(): number {
    return this.kvTokens;
  }

  /** A request a managed API served for this service (replication/services.ts): its latencies join the replicas' samples. */
  addServedElsewhere(ttft: number, tpot: number | undefined, e2e: number): void {
    this.figures.servedElsewhere(ttft, tpot, e2e);
  }

  /** Tokens offered and served since time 0: their ratio is the offered load ÷ capacity of a saturated service. */
  get work(): { readonly offered: number; readonly served: number } {
    return this.figures.work;
  }

  private route(req: Request): void {
    let i = this.router.best();
    if (this.caching && i !== undefined) {
      // prompts whose prefill has ended are in their replica's cache before the router looks
      this.settle(true);
      i = this.caching.route(req, i, this.replicas, loadOf);
    }
    const best = i === undefined ? undefined : this.replicas[i];
    if (!best) {
      this.pending.push(req);
      return;
    }
    best.waiting.push(req);
    this.touch(best);
    if (best.jump.on) this.cutJumpShort(best);
    else this.iterate(best);
  }

  /** Tells the router replica `r`'s load (requests waiting, being prefilled and decoding) and whether it takes requests. */
  private touch(r: Replica): void {
    this.router.set(r.index, loadOf(r), r.ready && !r.draining && !r.retired);
  }

  /** Whether the head of the replica's queue fits its batch and KV cache now. */
  private canAdmit(r: Replica): boolean {
    const req = r.waiting[r.waitingHead];
    return req !== undefined && r.active.length + r.partial < this.spec.maxBatch && r.kvReserved + req.input + req.output <= this.kvTokens;
  }

  /**
   * Starts the next stretch of an idle replica, up to the iteration that completes a request: its first
   * iteration prefills the prompts admitted now (if any) while the others decode, and every later one decodes.
   */
  private iterate(r: Replica): void {
    if (r.busy || !r.ready) return;
    const decoding = r.active.length;
    let admittedNow = false;
    let loadSeconds = 0;
    while (this.canAdmit(r)) {
      const req = r.waiting[r.waitingHead++] as Request;
      r.kvReserved += req.input + req.output;
      if (this.caching) {
        // cached tokens are served without compute; offloaded ones are loaded before the iteration runs
        const hit = this.caching.admitted(r.index, req, this.kvTokens - r.kvReserved);
        this.figures.prefilled(hit.tokens);
        loadSeconds += hit.loadSeconds;
      }
      r.admitted.push(req);
      r.partial++;
      admittedNow = true;
    }
    if (admittedNow) this.touch(r);
    if (r.waitingHead > 1024 && r.waitingHead * 2 > r.waiting.length) {
      r.waiting.splice(0, r.waitingHead);
      r.waitingHead = 0;
    }
    if (r.active.length === 0 && r.admitted.length === 0) {
      if (r.draining && !r.retired && r.waitingHead >= r.waiting.length) {
        r.retired = true;
        r.ready = false;
        this.touch(r);
        this.onRetired?.(r.index);
      }
      return;
    }
    // a decoding sequence takes one token of the budget, k + 1 when the target verifies k guesses (as vLLM counts them)
    const perDecode = 1 + (this.spec.speculative?.draftTokens ?? 0);
    const { prefill, prefillContext, completingContext, unfinished } = planChunks(r, (this.spec.maxBatchTokens ?? Infinity) - decoding * perDecode);
    r.busy = true;
    const now = this.sim.now;
    const jump = r.jump;
    const all = r.active.length;
    jump.on = true;
    // while a prompt is still being prefilled, every iteration is planned anew: the stretch is one iteration
    jump.iterations = unfinished ? 1 : (r.active.peekValue() as number) - r.iterations;
    jump.sequences = all;
    jump.prefilling = r.admitted.length > 0;
    if (jump.prefilling) {
      // after the prefill iteration the old sequences are one token (E with speculation) longer and the new ones hold prompt + first token
      jump.prefillDecoding = decoding;
      jump.prefillEnd = now + loadSeconds + this.steps.duration(decoding, r.contextSum, prefill, prefillContext);
      const contextAfter = r.contextSum + decoding * this.tokensPerStep + completingContext;
      jump.run.set(jump.prefillEnd, this.steps.duration(all, contextAfter, 0), this.steps.growth(all));
    } else {
      jump.run.set(now, this.steps.duration(all, r.contextSum, 0), this.steps.growth(all));
    }
    jump.handle = this.sim.scheduleAt(stretchEnd(jump, jump.iterations), this.endJumpCallback, r, this.priority);
  }

  /**
   * A request the batch can take arrived during a stretch: it now ends at the first iteration that ends after
   * this instant (one ending exactly now has ended already: completions run before arrivals), where the next
   * iteration admits it.
   */
  private cutJumpShort(r: Replica): void {
    const jump = r.jump;
    if (!this.canAdmit(r)) return;
    const iterations = stretchEndedBy(jump, this.sim.now) + 1;
    if (iterations >= jump.iterations) return;
    this.sim.cancel(jump.handle);
    jump.iterations = iterations;
    jump.handle = this.sim.scheduleAt(stretchEnd(jump, iterations), this.endJumpCallback, r, this.priority);
  }

  private endJump(r: Replica): void {
    const jump = r.jump;
    if (jump.prefilling) this.endPrefill(r);
    jump.on = false;
    r.busy = false;
    this.decoded(r, jump.sequences, jump.iterations, jump.run);
    this.completeDue(r, this.sim.now);
    this.touch(r);
    this.iterate(r);
  }

  /**
   * The stretch's first iteration, which prefilled the admitted prompts, ended (at `prefillEnd`, now or before):
   * their first tokens and the others' next ones are counted, and the stretch goes on as pure decode.
   */
  private endPrefill(r: Replica): void {
    const jump = r.jump;
    const t = jump.prefillEnd;
    const decoding = jump.prefillDecoding;
    r.iterations++;
    r.contextSum += decoding * this.tokensPerStep;
    let firstTokens = 0;
    let prefilled = 0;
    let kept = 0;
    for (const req of r.admitted) {
      prefilled += req.chunk;
      req.prefilled += req.chunk;
      req.chunk = 0;
      if (req.prefilled < req.input) {
        r.admitted[kept++] = req;
        continue;
      }
      firstTokens++;
      this.caching?.prefilled(r.index, req);
      req.firstToken = t;
      this.figures.firstToken(req, t);
      // its context is the prompt and its first token
      r.contextSum += req.input + 1;
    }
    r.admitted.length = kept;
    this.figures.prefilled(prefilled);
    this.figures.produced(decoding * this.tokensPerStep + firstTokens, t);
    jump.prefilling = false;
    jump.iterations--;
  }

  /** `iterations` pure-decode iterations of `sequences` sequences ended; tokens in the window counted by when each ended. */
  private decoded(r: Replica, sequences: number, iterations: number, run: DecodeRun): void {
    r.iterations += iterations;
    const perIteration = sequences * this.tokensPerStep;
    r.contextSum += perIteration * iterations;
    this.figures.producedSpanning(perIteration * iterations, perIteration * (iterations - run.endedBefore(this.spec.warmup, iterations)));
  }

  /** Requests whose last token came with the iteration that just ended. */
  private completeDue(r: Replica, now: number): void {
    const done = this.caching ? this.done : undefined;
    while (r.active.length > 0 && r.active.peekValue() === r.iterations) {
      const req = r.active.pop() as Request;
      // its steps were counted at E tokens each, the mean; it emitted output − 1 after its first: count the difference now
      this.steps.completed(req);
      r.contextSum -= this.steps.contextOf(req);
      const uncounted = this.steps.uncountedOf(req);
      if (uncounted !== 0) this.figures.produced(uncounted, now);
      if (done) done.push(req);
      else this.finish(r, req, now);
    }
    // fractional tokens per step leave rounding in the sum: an empty batch has none
    if (r.active.length === 0) r.contextSum = 0;
    if (!done) return;
    // the cache stores them in arrival order, not the order the queue pops equal keys in (the oracle does the same)
    done.sort((x, y) => x.arrival - y.arrival);
    for (const req of done) this.finish(r, req, now);
    done.length = 0;
  }

  private finish(r: Replica, req: Request, now: number): void {
    r.kvReserved -= req.input + req.output;
    this.caching?.finished(r.index, req, this.kvTokens - r.kvReserved);
    this.figures.finished(req, now);
    this.onFinished?.(req, now, r.index);
  }

  /**
   * Brings every stretch under way up to now: a prefill iteration that has ended is counted, then the decode
   * iterations that have (none of them completes a request: a stretch ends at the first completion); the
   * stretch goes on from there, ending when it was going to. `firstTokensOnly` stops after the prefill
   * iterations (what the autoscaler's recent time to first token needs).
   */
  private settle(firstTokensOnly = false): void {
    const now = this.sim.now;
    for (const r of this.replicas) {
      const jump = r.jump;
      if (!jump.on) continue;
      if (jump.prefilling) {
        // a stretch of one iteration ending now is its own pending event: leave it to that event
        if (jump.prefillEnd > now || jump.iterations === 1) continue;
        this.endPrefill(r);
      }
      if (firstTokensOnly) continue;
      const ended = Math.min(jump.run.endedBy(now, jump.iterations), jump.iterations - 1);
      if (ended === 0) continue;
      this.decoded(r, jump.sequences, ended, jump.run);
      jump.run.advance(ended);
      jump.iterations -= ended;
    }
  }

  result(window: number): InferenceMetrics {
    const { queued, running } = this.inFlight();
    const metrics = this.figures.result(window, queued, running);
    const speculative = this.steps.figures();
    return { ...metrics, ...(this.caching && { prefix_cache: this.caching.result() }), ...(speculative && { speculative }) };
  }

  /** Requests not yet admitted and requests running, every stretch under way brought up to now. */
  inFlight(): { readonly queued: number; readonly running: number } {
    this.settle();
    return { queued: this.queued, running: runningOn(this.replicas) };
  }

  /** Counts the first tokens of the prefill iterations that have ended (before reading shared figures' recent TTFT). */
  settleFirstTokens(): void {
    this.settle(true);
  }

  /** What a front end routing between services sees of this one: the replica a request of `input` prompt tokens would go to (undefined when none takes requests). */
  routeHint(input: number): RouteHint | undefined {
    const i = this.router.best();
    const r = i === undefined ? undefined : this.replicas[i];
    return r && routeHintOf(r, this.steps, this.kvTokens, input);
  }
}
