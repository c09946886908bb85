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
    return this.countWhile((k) => this.endOf(k) <= t, limit);
  }

  /** How many of the first `limit` iterations ended strictly before `t`. */
  endedBefore(t: number, limit: number): number {
    return this.countWhile((k) => this.endOf(k) < t, limit);
  }

  /** The largest k in [0, limit] with holds(k) (holds is true up to some k, then false: end times only grow). */
  private countWhile(holds: (k: number) => boolean, limit: number): number {
    let lo = 0;
    let hi = limit;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (holds(mid)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
