/**
 * A stretch of pure-decode iterations of one replica: the same n sequences, no admission and no completion,
 * each iteration one token per sequence. Only the context grows, by n tokens per iteration, and an
 * iteration's duration is linear in the context (`iterationTime`: the KV reads grow with it, the matrix
 * work and the all-reduces do not), so iteration j (from 0) lasts first + j × growth and the k-th ends at
 *   start + k × first + growth × k(k−1)/2.
 * The serving model jumps to the end of such a stretch in one event instead of one event per iteration.
 */
export class DecodeRun {
  constructor(
    /** s, when the stretch's first iteration starts */
    public start = 0,
    /** s, the duration of its first iteration */
    public first = 0,
    /** s each later iteration lasts longer than the one before (n × KV bytes per token ÷ bandwidth) */
    public growth = 0,
  ) {}

  /** Sets the stretch in place (a replica keeps one and reuses it for every jump). */
  set(start: number, first: number, growth: number): this {
    this.start = start;
    this.first = first;
    this.growth = growth;
    return this;
  }

  /** Moves the start to the end of the j-th iteration, in place. */
  advance(j: number): void {
    this.set(this.endOf(j), this.first + j * this.growth, this.growth);
  }

  /** s, when the k-th iteration ends (k = 0: the start) */
  endOf(k: number): number {
    return this.start + k * this.first + 0.5 * this.growth * k * (k - 1);
  }

  /** How many of the first `limit` iterations have ended at or before `t`. */
  endedBy(t: number, limit: number): number {
    return this.countEnds(t, limit, true);
  }

  /** How many of the first `limit` iterations ended strictly before `t`. */
  endedBefore(t: number, limit: number): number {
    return this.countEnds(t, limit, false);
  }

  /** Binary search over the end times, which only grow: how many of the first `limit` end before `t` (or at it). */
  private countEnds(t: number, limit: number, atToo: boolean): number {
    if (limit <= 0 || !this.endsBy(1, t, atToo)) return 0;
    if (this.endsBy(limit, t, atToo)) return limit;
    // iteration lo has ended, iteration hi has not
    let lo = 1;
    let hi = limit;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.endsBy(mid, t, atToo)) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  private endsBy(k: number, t: number, atToo: boolean): boolean {
    const end = this.endOf(k);
    return end < t || (atToo && end === t);
  }
}
