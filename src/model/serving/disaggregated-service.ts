import type { PrefixRef } from './prefix-cache.js';
import { SampleCollector } from '../../metrics/sample-summary.js';
import { InferenceService } from '../inference-service.js';
import type { ReplicaModel } from '../performance/index.js';
import type { RunClock } from '../replication/run-clock.js';
import { kvTransferBytes, type KvTransport } from './kv-transport.js';
import type { Request } from './replica-state.js';
import { ServiceFigures } from './service-figures.js';
import type { InferenceMetrics, ServiceSpec } from './service-types.js';

/** One phase's replicas: how many, and their batch limits. */
export interface PhaseSpec {
  readonly replicas: number;
  readonly maxBatch: number;
  readonly maxBatchTokens?: number;
}

export interface DisaggregatedSpec {
  readonly prefill: PhaseSpec;
  readonly decode: PhaseSpec;
  readonly slo: ServiceSpec['slo'];
  readonly warmup: number;
}

/** What a service front takes and tells (the run's Services route requests to it and read it). */
export interface ServingFront {
  /** `prefix`: what the prompt shares with earlier ones (a colocated service with a prefix cache reuses it; refused for a disaggregated one at load) */
  submit(input: number, output: number, prefix?: PrefixRef): void;
  readonly queued: number;
  readonly work: { readonly offered: number; readonly served: number };
  result(window: number): InferenceMetrics;
}

/**
 * Disaggregated prefill and decode (DistServe, Zhong et al. OSDI 2024; Splitwise, Patel et al. ISCA 2024): a request
 * is prefilled on a prefill replica, its KV cache is sent to a decode replica, which generates the rest. Both sides
 * are continuous-batching InferenceServices of their own, so the prefill side batches (and chunks) prompts and the
 * decode side jumps over its pure-decode iterations as a colocated service does:
 * - the prefill side serves the prompt with one output token: it is admitted when its prompt + 1 token fit a
 *   prefill replica's KV cache, and done at the end of the iteration that finishes the prompt;
 * - then `kvTransferBytes` of the prompt move over the transport (shared with the transfers beside it);
 * - when the KV cache has landed, the decode side admits the request as a prompt of P + 1 tokens of which P are
 *   cached: its first iteration feeds the first token (attention over the P cached ones) and produces the second,
 *   and it reserves KV for prompt + output (P + O tokens), as a colocated replica does.
 * A request with one output token is done at its prefill: no KV cache is moved.
 *
 * Time to first token = KV landed − arrival: the first token is computed by the prefill but counted when its KV
 * cache is on the decode replica and the stream starts there, as DistServe, Splitwise and NVIDIA Dynamo measure it.
 * Time per output token = (end − that first token) / (output − 1). The prefill replica's KV cache is freed at the
 * end of the prefill, not held during the transfer (the decode side pulls it at once in those systems).
 */
export class DisaggregatedService implements ServingFront {
  /** the prefill replicas: requests of one output token */
  readonly prefill: InferenceService;
  /** the decode replicas: prefilled requests, their prompt cached */
  readonly decode: InferenceService;
  private readonly figures: ServiceFigures;
  /** the whole request of each request on either side */
  private readonly whole = new Map<Request, Request>();
  private readonly transferTime = new SampleCollector();
  private transferBytes = 0;
  private inTransfer = 0;
  /** prompt tokens of the prefills ended in the window */
  private promptTokens = 0;
  /** requests handed to the decode side since time 0 (each counts one prefill token there: the first token fed) */
  private handedOn = 0;
  /** counts for the conservation checks: prefills ended, transfers landed, decodes ended, since time 0 */
  readonly counts = { prefilled: 0, landed: 0, decoded: 0 };
  /** told when a request's last token came (a closed-loop client submits its next request then) */
  onCompleted: ((now: number) => void) | undefined;

  constructor(
    private readonly clock: RunClock,
    private readonly prefillModel: ReplicaModel,
    decodeModel: ReplicaModel,
    private readonly spec: DisaggregatedSpec,
    private readonly transport: KvTransport,
    priority: number,
  ) {
    const phase = (p: PhaseSpec): ServiceSpec => ({
      replicas: p.replicas,
      maxBatch: p.maxBatch,
      ...(p.maxBatchTokens !== undefined && { maxBatchTokens: p.maxBatchTokens }),
      slo: {},
      warmup: spec.warmup,
    });
    this.figures = new ServiceFigures({ replicas: spec.prefill.replicas + spec.decode.replicas, maxBatch: spec.decode.maxBatch, slo: spec.slo, warmup: spec.warmup });
    this.prefill = new InferenceService(clock, prefillModel, phase(spec.prefill), priority, (req, now, replica) => this.prefilled(req, now, replica));
    this.decode = new InferenceService(clock, decodeModel, phase(spec.decode), priority, (req, now) => this.decoded(req, now));
  }

  submit(input: number, output: number): void {
    const now = this.clock.now;
    const outputTokens = Math.max(1, Math.round(output));
    // (speculative decoding is refused for a disaggregated service at load: one token per decode step)
    const req: Request = {
      arrival: now,
      input: Math.max(1, Math.round(input)),
      output: outputTokens,
      steps: outputTokens - 1,
      firstToken: NaN,
      prefilled: 0,
      chunk: 0,
      prefix: undefined,
      rtt: 0,
      region: -1,
    };
    // refused when either side could never hold it: the prompt and its first token, or the whole sequence
    const accepted = req.input + 1 <= this.prefill.capacityTokens && req.input + req.output <= this.decode.capacityTokens;
    this.figures.arrived(now, req.input + req.output, accepted);
    if (!accepted) return;
    const onPrefill = this.prefill.accept(req.input, 1);
    if (!onPrefill) throw new Error('a prefill replica refused a prompt that fits its KV cache');
    this.whole.set(onPrefill, req);
  }

  /** Requests not yet admitted on either side. */
  get queued(): number {
    return this.prefill.queued + this.decode.queued;
  }

  /** Requests in flight: on the prefill side, in transfer, on the decode side. */
  get load(): number {
    return this.prefill.load + this.inTransfer + this.decode.load;
  }

  get work(): { readonly offered: number; readonly served: number } {
    return { offered: this.figures.work.offered, served: this.prefill.work.served + this.decode.work.served - this.handedOn };
  }

  private prefilled(onPrefill: Request, now: number, replica: number): void {
    const req = this.take(onPrefill);
    this.counts.prefilled++;
    if (now >= this.spec.warmup) this.promptTokens += req.input;
    if (req.output === 1) {
      this.firstToken(req, now);
      this.figures.finished(req, now);
      this.onCompleted?.(now);
      return;
    }
    const bytes = kvTransferBytes(this.prefillModel, req.input);
    const measured = now >= this.spec.warmup;
    if (measured) this.transferBytes += bytes;
    this.inTransfer++;
    this.transport.send(replica, bytes, () => this.landed(req, now, measured));
  }

  private landed(req: Request, sent: number, measured: boolean): void {
    const now = this.clock.now;
    this.inTransfer--;
    this.counts.landed++;
    if (measured) this.transferTime.add(now - sent);
    this.firstToken(req, now);
    this.handedOn++;
    const onDecode = this.decode.accept(req.input + 1, req.output - 1, req.input);
    if (!onDecode) throw new Error('a decode replica refused a request that fits its KV cache');
    this.whole.set(onDecode, req);
  }

  private decoded(onDecode: Request, now: number): void {
    const req = this.take(onDecode);
    this.counts.decoded++;
    this.figures.finished(req, now);
    this.onCompleted?.(now);
  }

  private firstToken(req: Request, t: number): void {
    req.firstToken = t;
    this.figures.firstToken(req, t);
  }

  private take(inner: Request): Request {
    const req = this.whole.get(inner);
    if (!req) throw new Error('a request finished that the disaggregated service never handed out');
    this.whole.delete(inner);
    return req;
  }

  result(window: number): InferenceMetrics {
    const pre = this.prefill.result(window);
    const dec = this.decode.result(window);
    const overall = this.figures.result(window, pre.queued_at_end + dec.queued_at_end, pre.running_at_end + this.inTransfer + dec.running_at_end);
    return {
      ...overall,
      // every first token is counted by the prefill side (when its iteration ended), the others by the decode side
      tokens_per_second: pre.tokens_per_second + dec.tokens_per_second,
      disaggregated: {
        prefill: {
          replicas: this.spec.prefill.replicas,
          queued_at_end: pre.queued_at_end,
          time: pre.ttft,
          prompt_tokens_per_second: window > 0 ? this.promptTokens / window : 0,
        },
        transfer: { bytes: this.transferBytes, time: this.transferTime.summary(), in_flight_at_end: this.inTransfer },
        decode: { replicas: this.spec.decode.replicas, queued_at_end: dec.queued_at_end, first_step: dec.ttft },
      },
    };
  }
}
