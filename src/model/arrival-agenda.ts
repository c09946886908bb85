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
    return this.size === 0 ? Infinity : this.timeOf(this.at(0));
  }

  /** Adds workload `w`'s next arrival; `w` must have none pending. */
  push(w: number, time: number): void {
    this.time[w] = time;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = this.at(parent);
      if (!this.before(w, above)) break;
      this.heap[i] = above;
      i = parent;
    }
    this.heap[i] = w;
  }

  /** Removes and returns the workload with the earliest (time, index). @throws RangeError when empty */
  pop(): number {
    if (this.size === 0) throw new RangeError('no arrival pending');
    const top = this.at(0);
    const last = this.at(--this.size);
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.before(this.at(r), this.at(l)) ? r : l;
      const child = this.at(c);
      if (!this.before(child, last)) break;
      this.heap[i] = child;
      i = c;
    }
    if (this.size > 0) this.heap[i] = last;
    return top;
  }

  /** The workload at heap slot `i` (< the capacity, which every caller keeps to). */
  private at(i: number): number {
    return this.heap[i] ?? -1;
  }

  private timeOf(w: number): number {
    return this.time[w] ?? Infinity;
  }

  private before(a: number, b: number): boolean {
    const ta = this.timeOf(a);
    const tb = this.timeOf(b);
    return ta < tb || (ta === tb && a < b);
  }
}
