/**
 * A managed-API offering as the run uses it (resolved from token-apis/<id>.yaml): list prices, the rate
 * limits of one tier, and the latency distribution public benchmarks give. Prices stay in the cost layer's
 * hands (src/cost/api-spend.ts); the model only counts requests and tokens.
 */
export interface ApiOffering {
  readonly id: string;
  readonly provider: string;
  /** when the list prices were read, YYYY-MM or YYYY-MM-DD */
  readonly pricedOn: string;
  /** USD per million tokens, list price */
  readonly price: { readonly input: number; readonly output: number; readonly cachedInput?: number };
  /** limits per sliding minute; an absent figure is not limited (the offering publishes none) */
  readonly rateLimits?: ApiRateLimits;
  readonly latency: ApiLatency;
}

export interface ApiRateLimits {
  /** the provider's tier or plan these limits belong to */
  readonly tier: string;
  readonly requestsPerMinute?: number;
  /** prompt + output tokens */
  readonly tokensPerMinute?: number;
  readonly inputTokensPerMinute?: number;
  readonly outputTokensPerMinute?: number;
}

/** Lognormal figures: a median and, where published, a tail percentile; without one every draw is the median. */
export interface ApiLatency {
  /** s */
  readonly ttftMedian: number;
  /** s, 90th percentile */
  readonly ttftP90?: number;
  /** output tokens/s after the first */
  readonly speedMedian: number;
  /** the slowest decile: 10th percentile of output tokens/s */
  readonly speedP10?: number;
}

/** When a self-hosted service sends a request to its overflow API instead of queueing it. */
export interface OverflowRule {
  readonly offering: ApiOffering;
  /** overflow when more than this many requests per live replica wait for a batch slot */
  readonly queuePerReplica: number;
}
