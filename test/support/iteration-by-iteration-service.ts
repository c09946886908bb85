// The serving model as it was before issue 15 made it jump over pure-decode iterations: one event per batch
// iteration, walking every running sequence. Kept only as the test oracle the fast model must agree with
// (test/model/decode-jumps.test.ts) and as the "before" of `npm run bench:serving`; the product runs
// src/model/inference-service.ts.
import type { RunClock } from '../../src/model/replication/run-clock.js';
import { SampleCollector } from '../../src/metrics/sample-summary.js';
import { decodeSteps, iterationTime, speculativeIterationDuration, speculativeKvTokens, type ReplicaModel } from '../../src/model/performance/index.js';
import type { InferenceMetrics, OfflineDrain, ServiceSpec } from '../../src/model/inference-service.js';
import type { PrefixRef } from '../../src/model/serving/prefix-cache.js';
import { PrefixCaching } from '../../src/model/serving/prefix-caching.js';

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
 */

interface Request {
  readonly arrival: number;
  readonly input: number;
  readonly output: number;
  /** tokens cached so far */
  context: number;
  remaining: number;
  /** decode steps after the first token (output − 1 without speculation) */
  readonly steps: number;
  firstToken: number;
  /** prompt tokens prefilled so far, and in the iteration under way */
  prefilled: number;
  chunk: number;
  readonly prefix: PrefixRef | undefined;
}

interface Replica {
  readonly index: number;
  ready: boolean;
  /** being taken away by autoscaling: no new requests; retired once its work is done */
  draining: boolean;
  retired: boolean;
  busy: boolean;
  readonly waiting: Request[];
  waitingHead: number;
  active: Request[];
  /** KV tokens reserved by admitted requests */
  kvReserved: number;
  /** Σ context over active requests */
  contextSum: number;
  admitted: Request[];
}

function loadOf(r: Replica): number {
  return r.waiting.length - r.waitingHead + r.active.length + r.admitted.length;
}

export class IterationByIterationService {
  private readonly replicas: Replica[];
  private readonly pending: Request[] = [];
  private readonly kvTokens: number;
  /** tokens each decode step yields per sequence: 1, E with speculative decoding (each request gets the expected rate) */
  private readonly tokensPerStep: number;
  private submitted = 0;
  private completed = 0;
  private rejected = 0;
  private tokens = 0;
  private meetingSlo = 0;
  private readonly ttft = new SampleCollector();
  private readonly tpot = new SampleCollector();
  private readonly e2e = new SampleCollector();
  private onRetired: ((i: number) => void) | undefined;
  private recentTtftSum = 0;
  private recentTtftCount = 0;
  /** tokens (prompt + output) of every request accepted since time 0, warm-up included: the work offered */
  private offeredTokens = 0;
  /** tokens prefilled or decoded since time 0: the work served (overload detection compares the two) */
  private servedTokens = 0;
  /** output tokens since time 0 and the time of the last completion: the drain of an offline batch */
  private allTokens = 0;
  private lastCompletion = 0;
  /** prefix caching (ServiceSpec.prefixCache): the same PrefixCaching the fast model uses, called at the same moments */
  private readonly caching: PrefixCaching | undefined;

  constructor(
    private readonly sim: RunClock,
    private readonly model: ReplicaModel,
    private readonly spec: ServiceSpec,
    private readonly priority: number,
  ) {
    const kvTokens = spec.speculative
      ? speculativeKvTokens(model, spec.speculative.draft)
      : Number.isFinite(model.kvCapacityBytes)
        ? Math.floor(model.kvCapacityBytes / model.kvBytesPerToken)
        : Infinity;
    this.tokensPerStep = spec.speculative?.tokensPerStep ?? 1;
    this.caching = spec.prefixCache && new PrefixCaching(spec.prefixCache, kvTokens, spec.warmup);
    this.kvTokens = this.caching?.runningTokens ?? kvTokens;
    this.replicas = [];
    for (let i = 0; i < spec.replicas; i++) this.addReplica();
  }

  /** A new replica, not ready until `replicaReady` (it waits for devices). @returns its index */
  addReplica(): number {
    const index = this.replicas.length;
    this.replicas.push({ index, ready: false, draining: false, retired: false, busy: false, waiting: [], waitingHead: 0, active: [], kvReserved: 0, contextSum: 0, admitted: [] });
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
    for (const r of this.replicas) n += r.active.length + r.admitted.length;
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
    this.onRetired = onRetired;
    this.iterate(best);
    return best.index;
  }

  /** Mean time to first token of the requests that got it since the last call (NaN if none). */
  takeRecentTtft(): number {
    const mean = this.recentTtftCount > 0 ? this.recentTtftSum / this.recentTtftCount : NaN;
    this.recentTtftSum = 0;
    this.recentTtftCount = 0;
    return mean;
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
    }
    // stable: simultaneous arrivals keep their order
    backlog.sort((a, b) => a.arrival - b.arrival);
    for (const req of backlog) this.route(req);
    this.iterate(r);
  }

  submit(input: number, output: number, prefix?: PrefixRef): void {
    const now = this.sim.now;
    const outputTokens = Math.max(1, Math.round(output));
    const steps = this.spec.drawDecodeSteps ? this.spec.drawDecodeSteps(outputTokens) : decodeSteps(outputTokens, this.tokensPerStep);
    const req: Request = { arrival: now, input: Math.max(1, Math.round(input)), output: outputTokens, context: 0, remaining: 0, steps, firstToken: NaN, prefilled: 0, chunk: 0, prefix };
    if (now >= this.spec.warmup) this.submitted++;
    if (req.input + req.output > this.kvTokens) {
      if (now >= this.spec.warmup) this.rejected++;
      return;
    }
    this.offeredTokens += req.input + req.output;
    this.route(req);
  }

  /** Tokens offered and served since time 0: their ratio is the offered load ÷ capacity of a saturated service. */
  get work(): { readonly offered: number; readonly served: number } {
    return { offered: this.offeredTokens, served: this.servedTokens };
  }

  private route(req: Request): void {
    let best: Replica | undefined;
    let load = Infinity;
    for (const r of this.replicas) {
      if (!r.ready || r.draining || r.retired) continue;
      // requests waiting, being prefilled and decoding (before issue 15 those being prefilled were left out)
      const l = r.waiting.length - r.waitingHead + r.active.length + r.admitted.length;
      if (l < load) {
        load = l;
        best = r;
      }
    }
    if (!best) {
      this.pending.push(req);
      return;
    }
    const target = (this.caching && this.replicas[this.caching.route(req, best.index, this.replicas, loadOf)]) || best;
    target.waiting.push(req);
    this.iterate(target);
  }

  /** Starts the next iteration of an idle replica, admitting what fits. */
  private iterate(r: Replica): void {
    if (r.busy || !r.ready) return;
    let loadSeconds = 0;
    while (r.active.length + r.admitted.length < this.spec.maxBatch) {
      const req = r.waiting[r.waitingHead];
      if (!req || r.kvReserved + req.input + req.output > this.kvTokens) break;
      r.waitingHead++;
      r.kvReserved += req.input + req.output;
      if (this.caching) {
        const hit = this.caching.admitted(r.index, req, this.kvTokens - r.kvReserved);
        this.servedTokens += hit.tokens;
        loadSeconds += hit.loadSeconds;
      }
      r.admitted.push(req);
    }
    // chunked prefill: the prompts first come first served, each what is left of it, in the tokens the decodes leave
    let budget = (this.spec.maxBatchTokens ?? Infinity) - r.active.length * (1 + (this.spec.speculative?.draftTokens ?? 0));
    let prefill = 0;
    let prefillContext = 0;
    for (const req of r.admitted) {
      req.chunk = Math.min(req.input - req.prefilled, Math.max(0, budget));
      budget -= req.chunk;
      prefill += req.chunk;
      if (req.chunk > 0) prefillContext += req.prefilled;
    }
    if (r.waitingHead > 1024 && r.waitingHead * 2 > r.waiting.length) {
      r.waiting.splice(0, r.waitingHead);
      r.waitingHead = 0;
    }
    if (r.active.length === 0 && r.admitted.length === 0) {
      if (r.draining && !r.retired && r.waitingHead >= r.waiting.length) {
        r.retired = true;
        r.ready = false;
        this.onRetired?.(r.index);
      }
      return;
    }
    const step = this.spec.speculative;
    const duration =
      (step
        ? speculativeIterationDuration(this.model, step, r.active.length, r.contextSum, prefill, prefillContext)
        : iterationTime(this.model, {
            decodeSequences: r.active.length,
            decodeContextTokens: r.contextSum,
            prefillTokens: prefill,
            prefillContextTokens: prefillContext,
          }).duration) + loadSeconds;
    r.busy = true;
    this.sim.schedule(duration, (rep: Replica) => this.endIteration(rep), r, this.priority);
  }

  private endIteration(r: Replica): void {
    const now = this.sim.now;
    r.busy = false;
    const stillActive: Request[] = [];
    let contextSum = 0;
    const perStep = this.tokensPerStep;
    this.servedTokens += r.active.length * perStep;
    // with a cache, the iteration's completions come after its prompts are stored, in arrival order (as the fast model)
    const done: Request[] = [];
    const end = (req: Request): void => {
      if (this.caching) done.push(req);
      else this.finish(r, req, now);
    };
    for (const req of r.active) {
      req.context += perStep;
      req.remaining--;
      this.countToken(now, perStep);
      if (req.remaining === 0) {
        // the last step's guesses beyond the request's output were never emitted
        const excess = req.steps * perStep - (req.output - 1);
        this.servedTokens -= excess;
        this.countToken(now, -excess);
        end(req);
      } else {
        stillActive.push(req);
        contextSum += req.context;
      }
    }
    const stillPrefilling: Request[] = [];
    for (const req of r.admitted) {
      this.servedTokens += req.chunk;
      req.prefilled += req.chunk;
      if (req.prefilled < req.input) {
        stillPrefilling.push(req);
        continue;
      }
      this.servedTokens += 1;
      this.caching?.prefilled(r.index, req);
      req.context = req.input + 1;
      req.remaining = req.steps;
      req.firstToken = now;
      this.countToken(now);
      if (req.arrival >= this.spec.warmup) this.ttft.add(now - req.arrival);
      this.recentTtftSum += now - req.arrival;
      this.recentTtftCount++;
      if (req.remaining === 0) end(req);
      else {
        stillActive.push(req);
        contextSum += req.context;
      }
    }
    done.sort((x, y) => x.arrival - y.arrival);
    for (const req of done) this.finish(r, req, now);
    r.admitted = stillPrefilling;
    r.active = stillActive;
    r.contextSum = contextSum;
    this.iterate(r);
  }

  private countToken(now: number, count = 1): void {
    this.allTokens += count;
    if (now >= this.spec.warmup) this.tokens += count;
  }

  private finish(r: Replica, req: Request, now: number): void {
    this.lastCompletion = now;
    r.kvReserved -= req.input + req.output;
    this.caching?.finished(r.index, req, this.kvTokens - r.kvReserved);
    if (now >= this.spec.warmup) this.completed++;
    if (req.arrival < this.spec.warmup) return;
    const tpot = req.output > 1 ? (now - req.firstToken) / (req.output - 1) : 0;
    if (req.output > 1) this.tpot.add(tpot);
    this.e2e.add(now - req.arrival);
    const { ttft, tpot: tpotTarget } = this.spec.slo;
    if ((ttft === undefined || req.firstToken - req.arrival <= ttft) && (tpotTarget === undefined || tpot <= tpotTarget)) this.meetingSlo++;
  }

  result(window: number): InferenceMetrics {
    let queued = this.pending.length;
    let running = 0;
    for (const r of this.replicas) {
      queued += r.waiting.length - r.waitingHead;
      running += r.active.length + r.admitted.length;
    }
    const measured = this.e2e.count;
    return {
      submitted: this.submitted,
      completed: this.completed,
      rejected: this.rejected,
      queued_at_end: queued,
      running_at_end: running,
      tokens_per_second: window > 0 ? this.tokens / window : 0,
      ttft: this.ttft.summary(),
      tpot: this.tpot.summary(),
      e2e: this.e2e.summary(),
      slo_attainment: measured > 0 ? this.meetingSlo / measured : 1,
      ...(this.spec.offline && { offline: this.drain(queued + running, window) }),
      ...(this.caching && { prefix_cache: this.caching.result() }),
    };
  }

  /** The offline batch: drained when nothing is left, else measured up to the end of the window. */
  private drain(unfinished: number, window: number): OfflineDrain {
    const time = unfinished > 0 ? this.spec.warmup + window : this.lastCompletion;
    return { drain_time: time, tokens_per_second: time > 0 ? this.allTokens / time : 0, unfinished };
  }
}
