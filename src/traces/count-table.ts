/** One value and how often it occurred. */
export interface ValueCount<K> {
  readonly value: K;
  readonly count: number;
}

/**
 * Counts occurrences per key with bounded memory: after `maxKeys` distinct keys, new keys are only
 * counted in `others` (and `distinct` becomes a lower bound, flagged by `capped`).
 */
export class CountTable<K extends string | number> {
  private readonly counts = new Map<K, number>();
  others = 0;
  capped = false;

  constructor(private readonly maxKeys = 100_000) {}

  add(key: K): void {
    const n = this.counts.get(key);
    if (n !== undefined) this.counts.set(key, n + 1);
    else if (this.counts.size < this.maxKeys) this.counts.set(key, 1);
    else {
      this.others++;
      this.capped = true;
    }
  }

  get distinct(): number {
    return this.counts.size;
  }

  /** Sorted by key ascending (numbers) or by count descending then key (strings): deterministic. */
  entries(): ValueCount<K>[] {
    const out = [...this.counts].map(([value, count]) => ({ value, count }));
    out.sort((a, b) =>
      typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : b.count - a.count || (String(a.value) < String(b.value) ? -1 : String(a.value) > String(b.value) ? 1 : 0),
    );
    return out;
  }
}
