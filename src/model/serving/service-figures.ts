import { SampleCollector } from '../../metrics/sample-summary.js';
import { RegionFigures } from './region-figures.js';
import type { Request } from './replica-state.js';
import type { InferenceMetrics, OfflineDrain, ServiceSpec } from './service-types.js';

/**
 * What an inference service counts, apart from how its replicas run: requests submitted, rejected and
 * completed, tokens produced, per-request latencies and SLO attainment in the statistics window, and the work
 * offered and served since time 0 (the overload watch compares them). The replicas tell it what happened; it
 * never looks at them.
 */
export class ServiceFigures {
  private submitted = 0;
  private completed = 0;
  private rejected = 0;
  /** output tokens in the window */
  private tokens = 0;
  private meetingSlo = 0;
  private readonly ttft = new SampleCollector();
  private readonly tpot = new SampleCollector();
  private readonly e2e = new SampleCollector();
  private recentTtftSum = 0;
  private recentTtftCount = 0;
  /** tokens (prompt + output) of every request accepted since time 0, warm-up included: the work offered */
  private offeredTokens = 0;
  /** tokens prefilled or decoded since time 0 (up to the last event of each replica): the work served */
  private servedTokens = 0;
  /** output tokens since time 0 and the time of the last completion: the drain of an offline batch */
  private allTokens = 0;
  private lastCompletion = 0;

  /** per user region, when the service has regions (requests then carry their region's index) */
  private readonly regions: RegionFigures | undefined;

  constructor(
    private readonly spec: ServiceSpec,
    regionNames?: readonly string[],
  ) {
    this.regions = regionNames && regionNames.length > 0 ? new RegionFigures(regionNames) : undefined;
  }

  /** A request (of user region `region`, −1 for none) arrived at `now`; `accepted` false when no replica could ever hold it. */
  arrived(now: number, tokens: number, accepted: boolean, region = -1): void {
    const inWindow = now >= this.spec.warmup;
    if (inWindow) this.submitted++;
    this.spec.versions?.arrived(now);
    if (inWindow && region >= 0) this.regions?.submitted(region);
    if (!accepted) {
      if (inWindow) this.rejected++;
      return;
    }
    this.offeredTokens += tokens;
  }

  /** Prompt tokens prefilled (work served, not output). */
  prefilled(tokens: number): void {
    this.servedTokens += tokens;
  }

  /** `count` output tokens produced at `t`. */
  produced(count: number, t: number): void {
    this.servedTokens += count;
    this.allTokens += count;
    if (t >= this.spec.warmup) this.tokens += count;
  }

  /** `count` output tokens of which `inWindow` came after the warm-up (a stretch of iterations spanning it). */
  producedSpanning(count: number, inWindow: number): void {
    this.servedTokens += count;
    this.allTokens += count;
    this.tokens += inWindow;
  }

  /** The first token of `req` came at `t`. */
  firstToken(req: Request, t: number): void {
    // the user sees the first token one round trip after the replica sent it (request up, token down)
    const wait = t - req.arrival + req.rtt;
    if (req.arrival >= this.spec.warmup) {
      this.ttft.add(wait);
      if (req.region >= 0) this.regions?.firstToken(req.region, wait);
    }
    this.spec.versions?.firstToken(req.arrival, wait);
    this.recentTtftSum += wait;
    this.recentTtftCount++;
  }

  /** `req`'s last token came at `now`. */
  finished(req: Request, now: number): void {
    this.lastCompletion = now;
    if (now >= this.spec.warmup) this.completed++;
    if (req.arrival < this.spec.warmup) return;
    // streamed tokens after the first add no round trip: the time per output token is the replica's
    const tpot = req.output > 1 ? (now - req.firstToken) / (req.output - 1) : 0;
    this.spec.versions?.finished(req.arrival, req.output > 1 ? tpot : undefined);
    if (req.output > 1) this.tpot.add(tpot);
    const e2e = now - req.arrival + req.rtt;
    this.e2e.add(e2e);
    const { ttft, tpot: tpotTarget } = this.spec.slo;
    const meets = (ttft === undefined || req.firstToken - req.arrival + req.rtt <= ttft) && (tpotTarget === undefined || tpot <= tpotTarget);
    if (meets) this.meetingSlo++;
    if (req.region >= 0) this.regions?.finished(req.region, e2e, meets);
  }

  /** A request served elsewhere for this service (a managed API): its latencies join the samples, not the counts. */
  servedElsewhere(ttft: number, tpot: number | undefined, e2e: number): void {
    this.ttft.add(ttft);
    if (tpot !== undefined) this.tpot.add(tpot);
    this.e2e.add(e2e);
  }

  /** Mean time to first token of the requests that got it since the last call (NaN if none). */
  takeRecentTtft(): number {
    const mean = this.recentTtftCount > 0 ? this.recentTtftSum / this.recentTtftCount : NaN;
    this.recentTtftSum = 0;
    this.recentTtftCount = 0;
    return mean;
  }

  /** Tokens offered and served since time 0: their ratio is the offered load ÷ capacity of a saturated service. */
  get work(): { readonly offered: number; readonly served: number } {
    return { offered: this.offeredTokens, served: this.servedTokens };
  }

  result(window: number, queued: number, running: number): InferenceMetrics {
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
      ...(this.regions && { regions: this.regions.result() }),
      ...(this.spec.versions && { versions: this.spec.versions.result() }),
    };
  }

  /** The offline batch: drained when nothing is left, else measured up to the end of the window. */
  private drain(unfinished: number, window: number): OfflineDrain {
    const time = unfinished > 0 ? this.spec.warmup + window : this.lastCompletion;
    return { drain_time: time, tokens_per_second: time > 0 ? this.allTokens / time : 0, unfinished };
  }
}
