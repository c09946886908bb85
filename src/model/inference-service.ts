import type { RunClock } from './replication/run-clock.js';
import { decodeGrowth, iterationDuration, type ReplicaModel } from './performance/index.js';
import type { DecodeRun } from './serving/decode-run.js';
import { LeastLoaded } from './serving/least-loaded.js';
import { planChunks, stretchEnd, stretchEndedBy } from './serving/prefill-chunks.js';
import { loadOf, newReplica, type Replica, type Request } from './serving/replica-state.js';
import { ServiceFigures } from './serving/service-figures.js';
import type { InferenceMetrics, ServiceSpec } from './serving/service-types.js';

/**
 * An inference service: `replicas` continuous-batching replicas of one model (Orca/vLLM
 * iteration-level scheduling). Each iteration prefills the prompts admitted in it and produces one
 * token for every sequence already decoding; its duration is the roofline of `iterationTime`
 * (weights read once, KV cache read per sequence, 2·N FLOP per token). A request is admitted when the
 * batch has room (`maxBatch`) and the replica's KV cache can hold its prompt and its whole output
 * (reserved up front, so admitted sequences are never evicted). Requests go to the ready replica with
 * the fewest requests (waiting + running), ties to the lowest index; before any replica is ready they
 * wait in the service queue.
 *
 * Time to first token = end of the iteration that prefilled the prompt − arrival; time per output
 * token = (end − first token) / (output tokens − 1); end-to-end = end − arrival.
 *
 * Speed: between two changes of a replica's batch (an admission, a completion) its iterations differ only in
 * their growing context, so their end times are known in closed form (`DecodeRun`) and the replica jumps to
 * the next completion in one event. An arrival that the batch can take cuts the jump short at the first
 * iteration that ends after it, where the iteration-by-iteration model would have admitted it. Running
 * sequences sit in a queue by the iteration of their last token, so no iteration walks the batch. Per-request
 * times are those of the iteration-by-iteration model (test/model/decode-jumps.test.ts) up to rounding.
 */

export type { InferenceMetrics, OfflineDrain, ServiceSpec } from './serving/service-types.js';

/** What InferenceService.routeHint tells a front end (src/model/serving/front-end.ts). */
export interface RouteHint {
  readonly load: number;
  readonly waiting: number;
  /** s, one decode iteration of the replica's batch now */
  readonly iteration: number;
  /** s, the iteration that would prefill the request beside that batch */
  readonly prefillIteration: number;
  /** iterations until the replica's next completion (as of its last event; 0 with nothing running) */
  readonly toCompletion: number;
  /** sequences in its batch (decoding or being prefilled) */
  readonly running: number;
  readonly kvFree: number;
}

export class InferenceService {
  private readonly replicas: Replica[];
  private readonly pending: Request[] = [];
  private readonly router = new LeastLoaded();
  private readonly kvTokens: number;
  private readonly figures: ServiceFigures;
  private onRetired: ((i: number) => void) | undefined;
  private readonly endJumpCallback = (r: Replica): void => this.endJump(r);

  constructor(
    private readonly sim: RunClock,
    private readonly model: ReplicaModel,
    private readonly spec: ServiceSpec,
    private readonly priority: number,
    /** shared by the services a front end composes (src/model/serving/front-end.ts): one set of figures for all */
    figures?: ServiceFigures,
  ) {
    this.figures = figures ?? new ServiceFigures(spec);
    this.kvTokens = Number.isFinite(model.kvCapacityBytes) ? Math.floor(model.kvCapacityBytes / model.kvBytesPerToken) : Infinity;
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
    let n = this.pending.length;
    for (const r of this.replicas) n += r.waiting.length - r.waitingHead;
    return n;
  }

  /** Requests in flight: queued plus running. */
  get load(): number {
    let n = this.queued;
    for (const r of this.replicas) n += r.active.length + r.partial;
    return n;
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
    let best: Replica | undefined;
    for (const r of this.replicas) {
      if (!r.ready || r.draining || r.retired) continue;
      if (!best || loadOf(r) <= loadOf(best)) best = r;
    }
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
    for (const other of this.replicas) {
      if (other === r || !other.ready || other.draining || other.retired) continue;
      // a loop, not push(...spread): an offline batch can queue millions of requests
      for (let k = other.waitingHead; k < other.waiting.length; k++) {
        const req = other.waiting[k];
        if (req) backlog.push(req);
      }
      other.waiting.length = 0;
      other.waitingHead = 0;
      this.touch(other);
    }
    // stable: simultaneous arrivals keep their order
    backlog.sort((a, b) => a.arrival - b.arrival);
    for (const req of backlog) this.route(req);
    this.iterate(r);
  }

  /** A request arriving now; `rtt` s of round trip to its user (region `region` of the figures) are added to its latencies. */
  submit(input: number, output: number, rtt = 0, region = -1): void {
    const now = this.sim.now;
    const req: Request = { arrival: now, input: Math.max(1, Math.round(input)), output: Math.max(1, Math.round(output)), firstToken: NaN, prefilled: 0, chunk: 0, rtt, region };
    const accepted = req.input + req.output <= this.kvTokens;
    this.figures.arrived(now, req.input + req.output, accepted, region);
    if (accepted) this.route(req);
  }

  /** Tokens offered and served since time 0: their ratio is the offered load ÷ capacity of a saturated service. */
  get work(): { readonly offered: number; readonly served: number } {
    return this.figures.work;
  }

  private route(req: Request): void {
    const i = this.router.best();
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
    while (this.canAdmit(r)) {
      const req = r.waiting[r.waitingHead++] as Request;
      r.kvReserved += req.input + req.output;
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
    const { prefill, prefillContext, completingContext, unfinished } = planChunks(r, (this.spec.maxBatchTokens ?? Infinity) - decoding);
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
      // after the prefill iteration the old sequences are one token longer and the new ones hold prompt + first token
      jump.prefillDecoding = decoding;
      jump.prefillEnd = now + iterationDuration(this.model, decoding, r.contextSum, prefill, prefillContext);
      const contextAfter = r.contextSum + decoding + completingContext;
      jump.run.set(jump.prefillEnd, iterationDuration(this.model, all, contextAfter, 0), decodeGrowth(this.model, all));
    } else {
      jump.run.set(now, iterationDuration(this.model, all, r.contextSum, 0), decodeGrowth(this.model, all));
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
    r.contextSum += decoding;
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
      req.firstToken = t;
      this.figures.firstToken(req, t);
      // its context is the prompt and its first token
      r.contextSum += req.input + 1;
    }
    r.admitted.length = kept;
    this.figures.prefilled(prefilled);
    this.figures.produced(decoding + firstTokens, t);
    jump.prefilling = false;
    jump.iterations--;
  }

  /** `iterations` pure-decode iterations of `sequences` sequences ended; tokens in the window counted by when each ended. */
  private decoded(r: Replica, sequences: number, iterations: number, run: DecodeRun): void {
    r.iterations += iterations;
    r.contextSum += sequences * iterations;
    this.figures.producedSpanning(sequences * iterations, sequences * (iterations - run.endedBefore(this.spec.warmup, iterations)));
  }

  /** Requests whose last token came with the iteration that just ended. */
  private completeDue(r: Replica, now: number): void {
    while (r.active.length > 0 && r.active.peekValue() === r.iterations) {
      const req = r.active.pop() as Request;
      r.contextSum -= req.input + req.output;
      this.finish(r, req, now);
    }
  }

  private finish(r: Replica, req: Request, now: number): void {
    r.kvReserved -= req.input + req.output;
    this.figures.finished(req, now);
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
    return this.figures.result(window, queued, running);
  }

  /** Requests not yet admitted and requests running, every stretch under way brought up to now. */
  inFlight(): { readonly queued: number; readonly running: number } {
    this.settle();
    let queued = this.pending.length;
    let running = 0;
    for (const r of this.replicas) {
      queued += r.waiting.length - r.waitingHead;
      running += r.active.length + r.partial;
    }
    return { queued, running };
  }

  /** Counts the first tokens of the prefill iterations that have ended (before reading shared figures' recent TTFT). */
  settleFirstTokens(): void {
    this.settle(true);
  }

  /**
   * What a front end routing between services sees of this one for a request of `input` prompt tokens: the ready
   * replica it would go to, that replica's load and requests not yet admitted, the duration (s) of one decode
   * iteration of its batch now and of the iteration that would prefill this prompt beside it, the iterations until
   * its next completion frees a slot (as of its last event; 0 with nothing running), and the KV cache tokens it has
   * not reserved. Undefined when no replica takes requests.
   */
  routeHint(input: number): RouteHint | undefined {
    const i = this.router.best();
    const r = i === undefined ? undefined : this.replicas[i];
    if (!r) return undefined;
    const next = r.active.peekValue();
    const decoding = r.active.length;
    return {
      load: loadOf(r),
      waiting: r.waiting.length - r.waitingHead,
      iteration: iterationDuration(this.model, Math.max(1, decoding), r.contextSum, 0),
      prefillIteration: iterationDuration(this.model, decoding, r.contextSum, Math.max(1, Math.round(input))),
      toCompletion: next === undefined ? 0 : Math.max(0, next - r.iterations),
      running: decoding + r.partial,
      kvFree: this.kvTokens - r.kvReserved,
    };
  }
}
