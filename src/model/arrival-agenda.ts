/**
 * The next arrival of each workload, ordered by (time, workload index). The engine breaks ties by
 * insertion order, which for arrivals depends on when each was drawn; routing all arrivals through
 * this agenda makes simultaneous arrivals follow workload order instead, as the model documents.
 * A binary heap over workload indices: each workload has at most one pending arrival.
 */
export class ArrivalAgenda {
  private readonly time: Float64Array;
  private readonly heap: Int32Array;
  private size = 0;

  constructor(workloads: number) {
    this.time = new Float64Array(workloads);
    this.heap = new Int32Array(workloads);
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** time of the earliest pending arrival; Infinity if none */
  get nextTime(): number {
    return this.size === 0 ? Infinity : this.time[this.heap[0]!]!;
  }

  /** Adds workload `w`'s next arrival; `w` must have none pending. */
  push(w: number, time: number): void {
    this.time[w] = time;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(w, this.heap[parent]!)) break;
      this.heap[i] = this.heap[parent]!;
      i = parent;
    }
    this.heap[i] = w;
  }

  /** Removes and returns the workload with the earliest (time, index). */
  pop(): number {
    const top = this.heap[0]!;
    const last = this.heap[--this.size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.before(this.heap[r]!, this.heap[l]!) ? r : l;
      if (!this.before(this.heap[c]!, last)) break;
      this.heap[i] = this.heap[c]!;
      i = c;
    }
    if (this.size > 0) this.heap[i] = last;
    return top;
  }

  private before(a: number, b: number): boolean {
    const ta = this.time[a]!;
    const tb = this.time[b]!;
    return ta < tb || (ta === tb && a < b);
  }
}
