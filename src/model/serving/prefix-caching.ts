import { PrefixCache, type CacheTier } from './prefix-cache.js';
import type { PrefixRef } from './prefix-cache.js';
import type { ReplicaModel } from '../performance/index.js';
import type { PrefixCacheWorkloadSpec } from '../types.js';

/** A service's prefix caching (ServiceSpec.prefixCache). */
export interface PrefixCacheSpec {
  /** KV tokens of HBM set aside for the cache on each replica; absent = whatever running sequences leave free */
  readonly hbmTokens?: number;
  /** tokens per KV block: only whole blocks are cached (vLLM 16) */
  readonly blockTokens: number;
  /** offload tiers below HBM, fastest first (host DRAM, NVMe) */
  readonly tiers: readonly CacheTier[];
  /** requests a replica holding a longer prefix may have beyond the least loaded one and still get the request */
  readonly routeSlack: number;
}

/** The scenario's cache in tokens of the replica's KV: HBM bytes or a fraction of the KV memory, tiers' bytes and bandwidths. */
export function prefixCacheSpec(c: PrefixCacheWorkloadSpec, replica: Pick<ReplicaModel, 'kvBytesPerToken' | 'kvCapacityBytes'>): PrefixCacheSpec {
  const perToken = replica.kvBytesPerToken;
  const hbmBytes = c.hbm && ('bytes' in c.hbm ? c.hbm.bytes : c.hbm.fraction * replica.kvCapacityBytes);
  return {
    ...(hbmBytes !== undefined && { hbmTokens: Math.floor(hbmBytes / perToken) }),
    blockTokens: c.blockTokens,
    tiers: c.tiers.map((t) => ({ name: t.name, capacityTokens: Math.floor(t.capacity / perToken), secondsPerToken: perToken / t.bandwidth })),
    // least_loaded: no replica may exceed the least loaded one, so the router's choice stands
    routeSlack: c.routing === 'least_loaded' ? -1 : c.routeSlack,
  };
}

/** What prefix caching needs of a request (the serving model's, or its test oracle's). */
export interface CachedRequest {
  readonly arrival: number;
  readonly input: number;
  readonly output: number;
  readonly prefix: PrefixRef | undefined;
  /** prompt tokens already prefilled: a hit sets it to the cached tokens */
  prefilled: number;
}

/** What cache-aware routing needs of a replica. */
export interface RoutedReplica {
  readonly index: number;
  readonly ready: boolean;
  readonly draining: boolean;
  readonly retired: boolean;
}

/** What a service's prefix caches did over the window (requests that arrived after the warm-up). */
export interface PrefixCacheMetrics {
  /** requests admitted that carried a reusable prefix */
  readonly requests: number;
  /** of those, the ones with a hit */
  readonly hit_requests: number;
  readonly request_hit_rate: number;
  /** their prompt tokens, and the part the cache held */
  readonly prompt_tokens: number;
  readonly hit_tokens: number;
  readonly token_hit_rate: number;
  /** hit tokens by the tier they were found in: hbm, then the offload tiers by name */
  readonly hit_tokens_by_tier: Readonly<Record<string, number>>;
  /** s, Σ time loading hits from offload tiers into HBM */
  readonly load_seconds: number;
  /** entries evicted from HBM (demoted, or dropped without an offload tier), and entries dropped from the last tier, since time 0 */
  readonly evictions: number;
  readonly dropped: number;
}

/**
 * The prefix caches of a service's replicas and what they save. A request carrying a prefix looks it up when
 * it is admitted: the cached tokens count as already prefilled (`Request.prefilled`), so only the rest is
 * computed and the prefill's attention still reads them (`planChunks`' prefill context). A prompt's KV is
 * stored when its prefill ends, and extended by the output when the request finishes.
 *
 * Memory: the request still reserves its whole prompt and output (the admission rule is unchanged, and a block
 * shared by the cache and a running sequence is counted twice: conservative). Without `hbmTokens`, the cache
 * lives in what the reservations leave free and shrinks as they grow; with it, that much is set aside and
 * running sequences get the rest (`runningTokens`).
 */
export class PrefixCaching {
  private readonly caches: PrefixCache[] = [];
  /** KV tokens running sequences may reserve */
  readonly runningTokens: number;
  private requests = 0;
  private hitRequests = 0;
  private promptTokens = 0;
  private hitTokens = 0;
  private readonly byTier: number[];
  private loadSeconds = 0;

  constructor(
    private readonly spec: PrefixCacheSpec,
    kvTokens: number,
    private readonly warmup: number,
  ) {
    this.runningTokens = spec.hbmTokens === undefined ? kvTokens : Math.max(0, kvTokens - spec.hbmTokens);
    this.byTier = [0, ...spec.tiers.map(() => 0)];
  }

  /** Replica `i`'s cache. */
  cacheOf(i: number): PrefixCache {
    let c = this.caches[i];
    if (!c) {
      c = new PrefixCache(this.spec.hbmTokens ?? this.runningTokens, this.spec.tiers, this.spec.blockTokens);
      this.caches[i] = c;
    }
    return c;
  }

  /**
   * Cache-aware routing (SGLang's router, llm-d, Dynamo): the replica holding the longest prefix of the request,
   * unless it has more than `routeSlack` requests beyond the least loaded one `least`; ties to `least`, then the
   * lowest index.
   */
  route<R extends RoutedReplica>(req: CachedRequest, least: number, replicas: readonly R[], loadOf: (r: R) => number): number {
    const ref = req.prefix;
    const leastReplica = replicas[least];
    if (!ref || !leastReplica) return least;
    const limit = loadOf(leastReplica) + this.spec.routeSlack;
    let best = least;
    let bestTokens = this.cacheOf(least).peek(ref, req.input);
    for (const r of replicas) {
      if (!r.ready || r.draining || r.retired || loadOf(r) > limit) continue;
      const tokens = this.cacheOf(r.index).peek(ref, req.input);
      if (tokens > bestTokens) {
        best = r.index;
        bestTokens = tokens;
      }
    }
    return best;
  }

  /**
   * `req` is admitted to replica `replica`, whose running sequences leave `free` KV tokens: its cached tokens count as
   * prefilled. @returns the cached tokens and the s to load the offloaded part of them into HBM
   */
  admitted(replica: number, req: CachedRequest, free: number): { readonly tokens: number; readonly loadSeconds: number } {
    const cache = this.cacheOf(replica);
    if (this.spec.hbmTokens === undefined) cache.resize(free);
    const ref = req.prefix;
    if (!ref) return { tokens: 0, loadSeconds: 0 };
    const hit = cache.lookup(ref, req.input);
    req.prefilled = hit.tokens;
    if (req.arrival >= this.warmup) {
      this.requests++;
      this.promptTokens += req.input;
      if (hit.tokens > 0) this.hitRequests++;
      this.hitTokens += hit.tokens;
      hit.perTier.forEach((t, i) => (this.byTier[i] = (this.byTier[i] as number) + t));
      this.loadSeconds += hit.loadSeconds;
    }
    return hit;
  }

  /** `req`'s prompt is prefilled on replica `replica`: its KV can serve later prompts. */
  prefilled(replica: number, req: CachedRequest): void {
    if (req.prefix) this.cacheOf(replica).store(req.prefix, req.input);
  }

  /** `req` finished on replica `replica`, leaving `free` KV tokens: its prompt and output (but the last token, never fed back) stay cached. */
  finished(replica: number, req: CachedRequest, free: number): void {
    const cache = this.cacheOf(replica);
    if (this.spec.hbmTokens === undefined) cache.resize(free);
    if (req.prefix) cache.store(req.prefix, req.input + req.output - 1);
  }

  result(): PrefixCacheMetrics {
    const byTier: Record<string, number> = { hbm: this.byTier[0] as number };
    this.spec.tiers.forEach((t, i) => (byTier[t.name] = this.byTier[i + 1] as number));
    let evictions = 0;
    let dropped = 0;
    for (const c of this.caches) {
      if (!c) continue;
      evictions += c.evictions;
      dropped += c.drops;
    }
    return {
      requests: this.requests,
      hit_requests: this.hitRequests,
      request_hit_rate: this.requests > 0 ? this.hitRequests / this.requests : 0,
      prompt_tokens: this.promptTokens,
      hit_tokens: this.hitTokens,
      token_hit_rate: this.promptTokens > 0 ? this.hitTokens / this.promptTokens : 0,
      hit_tokens_by_tier: byTier,
      load_seconds: this.loadSeconds,
      evictions,
      dropped,
    };
  }
}
