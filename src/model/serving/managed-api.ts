import { SampleCollector } from '../../metrics/sample-summary.js';
import type { RandomStream } from '../../engine/index.js';
import { PRIORITY_COMPLETION, type RunClock } from '../replication/run-clock.js';
import type { ApiOffering } from './api-offering.js';
import type { ApiMetrics, InferenceMetrics } from './service-types.js';
import { ApiLatencySampler } from './api-latency.js';
import type { SlidingRateLimit } from './api-rate-limit.js';
import type { ApiUsage } from '../usage-ledger.js';

export type { ApiUsage } from '../usage-ledger.js';

/**
 * A managed API one service sends requests to: its rate limits decide at arrival (admitted, or a 429), its latency
 * is drawn per request from the offering's distribution, and the request ends at arrival + TTFT + (output − 1) ·
 * TPOT, an event on the run's clock, where its figures join the service's (`sink`). The API has no queue and no
 * capacity beyond its rate limits: a provider's shared fleet is assumed to absorb whatever the limits admit.
 */
export class ManagedApi {
  private readonly latency: ApiLatencySampler;
  private requests = 0;
  private rateLimited = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private completed = 0;
  private inFlight = 0;
  /** output tokens emitted in the window by requests that finished in it */
  private tokens = 0;
  private meetingSlo = 0;
  private readonly ttft = new SampleCollector();
  private readonly tpot = new SampleCollector();
  private readonly e2e = new SampleCollector();
  private readonly endCallback = (r: ApiRequest): void => this.end(r);

  constructor(
    private readonly clock: RunClock,
    readonly offering: ApiOffering,
    readonly mode: 'api' | 'overflow',
    streams: { readonly ttft: RandomStream; readonly speed: RandomStream },
    private readonly warmup: number,
    private readonly slo: { readonly ttft?: number; readonly tpot?: number },
    /** the latencies of a request that arrived in the window, for the service's own samples */
    private readonly sink: (ttft: number, tpot: number | undefined, e2e: number) => void,
    /** the offering's limits, shared by every workload of the run that sends to it (providers limit per organisation and model) */
    private readonly limit: SlidingRateLimit | undefined,
  ) {
    this.latency = new ApiLatencySampler(offering.latency, streams.ttft, streams.speed);
  }

  /** A request arrives now. @returns false when the API refused it (429) */
  submit(input: number, output: number): boolean {
    const now = this.clock.now;
    const measured = now >= this.warmup;
    if (this.limit && !this.limit.admit(now, input, output)) {
      if (measured) this.rateLimited++;
      return false;
    }
    const { ttft, tpot } = this.latency.draw();
    if (measured) {
      this.requests++;
      this.inputTokens += input;
      this.outputTokens += output;
    }
    this.inFlight++;
    const request: ApiRequest = { arrival: now, output, ttft, tpot };
    this.clock.scheduleAt(now + ttft + (output - 1) * tpot, this.endCallback, request, PRIORITY_COMPLETION);
    return true;
  }

  private end(r: ApiRequest): void {
    const now = this.clock.now;
    this.inFlight--;
    if (now >= this.warmup) this.completed++;
    this.tokens += tokensSince(this.warmup, r.arrival + r.ttft, r.tpot, r.output);
    if (r.arrival < this.warmup) return;
    const tpot = r.output > 1 ? r.tpot : undefined;
    const e2e = now - r.arrival;
    this.ttft.add(r.ttft);
    if (tpot !== undefined) this.tpot.add(tpot);
    this.e2e.add(e2e);
    if ((this.slo.ttft === undefined || r.ttft <= this.slo.ttft) && (this.slo.tpot === undefined || (tpot ?? 0) <= this.slo.tpot)) this.meetingSlo++;
    this.sink(r.ttft, tpot, e2e);
  }

  /**
   * The service's figures with this API's requests counted in. The service's samples hold the API's latencies
   * already (`sink`), so its e2e count is every measured request, and its SLO attainment is the replicas' requests
   * meeting the SLO over all of them: the API's add theirs.
   */
  joinedWith(self: InferenceMetrics, window: number): InferenceMetrics {
    const refused = this.mode === 'api' ? this.rateLimited : 0;
    const measured = self.e2e.count;
    const replicasMeeting = measured > 0 ? self.slo_attainment * measured : 0;
    return {
      ...self,
      submitted: self.submitted + this.requests + refused,
      completed: self.completed + this.completed,
      rejected: self.rejected + refused,
      running_at_end: self.running_at_end + this.inFlight,
      tokens_per_second: self.tokens_per_second + (window > 0 ? this.tokens / window : 0),
      slo_attainment: measured > 0 ? (replicasMeeting + this.meetingSlo) / measured : 1,
      api: this.metrics(window),
    };
  }

  metrics(window: number): ApiMetrics {
    return {
      offering: this.offering.id,
      mode: this.mode,
      requests: this.requests,
      rate_limited: this.rateLimited,
      input_tokens: this.inputTokens,
      output_tokens: this.outputTokens,
      completed: this.completed,
      slo_met: this.meetingSlo,
      tokens_per_second: window > 0 ? this.tokens / window : 0,
      ttft: this.ttft.summary(),
      tpot: this.tpot.summary(),
      e2e: this.e2e.summary(),
    };
  }

  usage(workload: { readonly requests: number; readonly input: number; readonly output: number }): ApiUsage {
    return {
      offering: this.offering.id,
      requests: this.requests,
      input_tokens: this.inputTokens,
      output_tokens: this.outputTokens,
      workload_requests: workload.requests,
      workload_input_tokens: workload.input,
      workload_output_tokens: workload.output,
    };
  }
}

interface ApiRequest {
  readonly arrival: number;
  readonly output: number;
  readonly ttft: number;
  readonly tpot: number;
}

/** Output tokens emitted at or after `from`: the first at `first`, then one every `tpot`. */
export function tokensSince(from: number, first: number, tpot: number, output: number): number {
  if (first >= from) return output;
  if (tpot <= 0) return 0;
  // tokens at first + k·tpot before `from`: k < (from − first) / tpot
  const before = Math.ceil((from - first) / tpot);
  return Math.max(0, output - before);
}
