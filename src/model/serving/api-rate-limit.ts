import type { ApiRateLimits } from './api-offering.js';

/** The window providers count their per-minute limits over. */
export const RATE_WINDOW = 60;

/**
 * A provider's per-minute limits as a sliding window: a request is admitted when, with it, the requests and
 * tokens admitted in the last 60 s (t − 60, t] stay within every limit; otherwise it is refused (HTTP 429) and
 * counts for nothing. Sliding, not fixed minutes: providers (Groq, Fireworks) describe limits per minute without
 * a reset boundary, and a sliding window is the stricter reading (no double burst across a minute mark).
 * Tokens are counted at admission, prompt + the output the request will generate.
 */
export class SlidingRateLimit {
  private readonly times: number[] = [];
  private readonly inputs: number[] = [];
  private readonly outputs: number[] = [];
  private head = 0;
  private inputSum = 0;
  private outputSum = 0;

  constructor(private readonly limits: ApiRateLimits) {}

  /** @returns true when the request is admitted (and counted), false for a 429 */
  admit(now: number, input: number, output: number): boolean {
    this.evict(now);
    const l = this.limits;
    const requests = this.times.length - this.head + 1;
    if (l.requestsPerMinute !== undefined && requests > l.requestsPerMinute) return false;
    if (l.tokensPerMinute !== undefined && this.inputSum + this.outputSum + input + output > l.tokensPerMinute) return false;
    if (l.inputTokensPerMinute !== undefined && this.inputSum + input > l.inputTokensPerMinute) return false;
    if (l.outputTokensPerMinute !== undefined && this.outputSum + output > l.outputTokensPerMinute) return false;
    this.times.push(now);
    this.inputs.push(input);
    this.outputs.push(output);
    this.inputSum += input;
    this.outputSum += output;
    return true;
  }

  private evict(now: number): void {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - RATE_WINDOW) {
      this.inputSum -= this.inputs[this.head] as number;
      this.outputSum -= this.outputs[this.head] as number;
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.inputs.splice(0, this.head);
      this.outputs.splice(0, this.head);
      this.head = 0;
    }
    // the sums drift by rounding only for fractional tokens; requests carry whole tokens
  }
}
