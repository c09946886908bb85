/**
 * One replica's prefix cache (vLLM automatic prefix caching, SGLang RadixAttention, with offload tiers as
 * LMCache / vLLM KV offloading / Mooncake): the KV of prompts already computed, kept so that a later prompt
 * starting with the same tokens skips their prefill.
 *
 * Without token contents, a prefix is named by where it comes from: a system prompt (`system` id, shared by
 * every conversation that uses it) and a conversation (`session` id: the turns after the system prompt). The
 * two are a two-level radix tree: a conversation's entry holds its tokens past the system prompt and is
 * usable only behind its system prompt's entry. Every use touches the conversation before the system prompt,
 * so a parent is always more recent than its children and LRU evicts children first, as a radix tree's
 * leaf-first eviction does.
 *
 * Tiers, fastest first: HBM (index 0), then the offload tiers given (host DRAM, NVMe). Each is an LRU of
 * entries sized in tokens. Rules:
 * - stores go to HBM as the most recent entry;
 * - what HBM (or any tier) must evict is demoted to the next tier as its most recent entry (the copy is
 *   asynchronous, as LMCache's store, and not charged to any request); the last tier drops it;
 * - a hit in a lower tier promotes the entry to HBM (tiers are exclusive: it leaves the lower tier) and
 *   costs its bytes ÷ that tier's bandwidth, charged by the caller to the iteration that admits the request.
 *
 * A small Map-based LRU rather than the lru-cache package: HBM's capacity moves with the memory running
 * sequences leave free, and an eviction must hand the entry to the next tier in order, which lru-cache's
 * fixed maxSize and dispose callback (called after removal, in no tier order) do not give.
 */

/** Which prefix a request's prompt starts with: a system prompt, then its conversation so far. */
export interface PrefixRef {
  readonly system: number;
  /** tokens of the system prompt */
  readonly systemTokens: number;
  readonly session: number;
  /** tokens of the prompt that earlier turns sent or produced, system prompt included (≤ the prompt) */
  readonly reusableTokens: number;
}

/** A cache tier below HBM. */
export interface CacheTier {
  readonly name: string;
  /** tokens it holds at most */
  readonly capacityTokens: number;
  /** s to bring one token's KV back to HBM (KV bytes per token ÷ bandwidth) */
  readonly secondsPerToken: number;
}

/** What one lookup found. */
export interface PrefixHit {
  /** prompt tokens whose KV the cache holds (block-aligned, at most the prompt − 1) */
  readonly tokens: number;
  /** of those, per tier (index 0 = HBM) */
  readonly perTier: readonly number[];
  /** s to load the lower tiers' part into HBM */
  readonly loadSeconds: number;
}

interface Entry {
  readonly key: string;
  tokens: number;
  tier: number;
}

/** An LRU of entries by key: a Map iterates in insertion order, so re-inserting makes an entry the most recent. */
class LruTier {
  readonly entries = new Map<string, Entry>();
  used = 0;

  constructor(public capacity: number) {}

  add(e: Entry): void {
    this.entries.set(e.key, e);
    this.used += e.tokens;
  }

  remove(e: Entry): void {
    if (this.entries.delete(e.key)) this.used -= e.tokens;
  }

  /** The least recently used entry. */
  oldest(): Entry | undefined {
    for (const e of this.entries.values()) return e;
    return undefined;
  }
}

export class PrefixCache {
  private readonly tiers: LruTier[];
  /** entries evicted from HBM (demoted to the next tier, or dropped when there is none) */
  evictions = 0;
  /** entries that left the cache (evicted from its last tier) */
  drops = 0;

  constructor(
    hbmTokens: number,
    private readonly lower: readonly CacheTier[],
    private readonly blockTokens = 1,
  ) {
    this.tiers = [new LruTier(hbmTokens), ...lower.map((t) => new LruTier(t.capacityTokens))];
  }

  /** Tokens held in tier `i` (0 = HBM). */
  used(i = 0): number {
    return this.tiers[i]?.used ?? 0;
  }

  /** Tokens tier `i` may hold. */
  capacity(i = 0): number {
    return this.tiers[i]?.capacity ?? 0;
  }

  /** HBM may now hold `tokens` (the memory running sequences leave): the least recent entries move down to fit. */
  resize(tokens: number): void {
    const hbm = this.tiers[0] as LruTier;
    hbm.capacity = Math.max(0, tokens);
    this.fit(0);
  }

  /** How many of `prompt` tokens the cache holds for `ref`, without touching anything (for routing). */
  peek(ref: PrefixRef, prompt: number): number {
    const [sys, conv] = this.parts(ref, prompt);
    return sys + conv;
  }

  /** The cached part of the prompt: its entries are touched, and promoted to HBM when found in a lower tier. */
  lookup(ref: PrefixRef, prompt: number): PrefixHit {
    const [sys, conv] = this.parts(ref, prompt);
    const perTier = this.tiers.map(() => 0);
    let loadSeconds = 0;
    const use = (key: string, tokens: number): void => {
      const e = this.find(key);
      if (!e || tokens === 0) return;
      perTier[e.tier] = (perTier[e.tier] as number) + tokens;
      if (e.tier > 0) loadSeconds += tokens * (this.lower[e.tier - 1] as CacheTier).secondsPerToken;
      this.place(e, 0);
    };
    // the child first: its parent ends up the more recent
    use(convKey(ref), conv);
    use(sysKey(ref), sys);
    this.fit(0);
    return { tokens: sys + conv, perTier, loadSeconds };
  }

  /** The KV of the first `tokens` tokens of `ref`'s conversation (system prompt included) now exists in HBM. */
  store(ref: PrefixRef, tokens: number): void {
    const sys = this.blocks(Math.min(ref.systemTokens, tokens));
    const conv = this.blocks(tokens) - sys;
    if (conv > 0) this.put(convKey(ref), conv);
    if (sys > 0) this.put(sysKey(ref), sys);
    this.fit(0);
  }

  /** [system prompt, conversation] tokens cached for a prompt of `prompt` tokens: block-aligned, one token left to compute. */
  private parts(ref: PrefixRef, prompt: number): [number, number] {
    const limit = this.blocks(Math.min(ref.reusableTokens, prompt - 1));
    // a conversation without a system prompt (a traced one) is its own root
    const sysEntry = ref.systemTokens > 0 ? this.find(sysKey(ref)) : undefined;
    if (ref.systemTokens > 0 && !sysEntry) return [0, 0];
    const sys = sysEntry ? Math.min(sysEntry.tokens, limit) : 0;
    if (sysEntry && sys < sysEntry.tokens) return [sys, 0];
    const convEntry = this.find(convKey(ref));
    return [sys, Math.min(convEntry?.tokens ?? 0, limit - sys)];
  }

  private blocks(tokens: number): number {
    return Math.max(0, Math.floor(tokens / this.blockTokens) * this.blockTokens);
  }

  private find(key: string): Entry | undefined {
    for (const t of this.tiers) {
      const e = t.entries.get(key);
      if (e) return e;
    }
    return undefined;
  }

  /** Sets an entry's size (it only grows: a conversation's later turn extends it) and makes it HBM's most recent. */
  private put(key: string, tokens: number): void {
    const e = this.find(key) ?? { key, tokens, tier: 0 };
    (this.tiers[e.tier] as LruTier).remove(e);
    e.tokens = Math.max(e.tokens, tokens);
    e.tier = 0;
    (this.tiers[0] as LruTier).add(e);
  }

  /** Moves an entry to tier `i` as its most recent. */
  private place(e: Entry, i: number): void {
    (this.tiers[e.tier] as LruTier).remove(e);
    e.tier = i;
    (this.tiers[i] as LruTier).add(e);
  }

  /** Evicts tier `i`'s least recent entries, each to the next tier (or out of the cache), until it fits. */
  private fit(i: number): void {
    const tier = this.tiers[i] as LruTier;
    while (tier.used > tier.capacity) {
      const e = tier.oldest() as Entry;
      if (i === 0) this.evictions++;
      if (i + 1 < this.tiers.length) {
        this.place(e, i + 1);
        this.fit(i + 1);
      } else {
        tier.remove(e);
        this.drops++;
      }
    }
  }
}

function sysKey(ref: PrefixRef): string {
  return `s${ref.system}`;
}

function convKey(ref: PrefixRef): string {
  return `c${ref.session}`;
}
