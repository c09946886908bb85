import type { Placement } from './placement.js';
import type { QueuedJob, RunningJob } from './scheduler.js';

interface Entry extends RunningJob {
  heapIndex: number;
}

/**
 * The running jobs of one scheduler: by id, and in a binary min-heap ordered by expected end
 * (start + estimate), ties by lower job id — so EASY backfill can walk them in end order without
 * sorting. Add, remove and lookup are O(log n); walking the k earliest ends is O(k log k). The heap
 * is built on the first walk and kept from then on, so policies that never walk (FCFS, SJF,
 * priority) pay for the map alone.
 */
export class RunningSet {
  private readonly byId = new Map<number, Entry>();
  private readonly heap: Entry[] = [];
  private walk = new Int32Array(64);
  /** whether `heap` holds every entry (from the first walk on) */
  private ordered = false;

  get size(): number {
    return this.byId.size;
  }

  get(jobId: number): RunningJob | undefined {
    return this.byId.get(jobId);
  }

  has(jobId: number): boolean {
    return this.byId.has(jobId);
  }

  /** In start order (insertion order of a Map; ids are unique so nothing depends on it for ties). */
  values(): IterableIterator<RunningJob> {
    return this.byId.values();
  }

  /** @throws RangeError if the id is already running */
  add(job: QueuedJob, placement: Placement, start: number): RunningJob {
    if (this.byId.has(job.id)) throw new RangeError(`job ${job.id} is already running`);
    const e: Entry = { job, placement, start, expectedEnd: start + job.estimate, heapIndex: this.heap.length };
    this.byId.set(job.id, e);
    if (this.ordered) {
      this.heap.push(e);
      this.up(e.heapIndex);
    }
    return e;
  }

  remove(jobId: number): RunningJob | undefined {
    const e = this.byId.get(jobId);
    if (!e) return undefined;
    this.byId.delete(jobId);
    if (!this.ordered) return e;
    const i = e.heapIndex;
    const last = this.heap.pop();
    if (last && last !== e) {
      this.heap[i] = last;
      last.heapIndex = i;
      this.down(i);
      this.up(last.heapIndex);
    }
    return e;
  }

  /**
   * Visits running jobs in ascending (expectedEnd, job id) until `visit` returns false.
   * The set must not change during the walk.
   */
  forEachByExpectedEnd(visit: (r: RunningJob) => boolean): void {
    if (!this.ordered) this.buildHeap();
    const heap = this.heap;
    if (heap.length === 0) return;
    // A second heap of positions in the first: pop the least, push its two children.
    let aux = this.walk;
    let n = 0;
    aux[n++] = 0;
    while (n > 0) {
      const pos = aux[0] ?? 0;
      // pop
      aux[0] = aux[--n] ?? 0;
      siftDownPos(aux, n, heap, 0);
      if (!visit(entry(heap, pos))) return;
      for (let c = 2 * pos + 1; c <= 2 * pos + 2 && c < heap.length; c++) {
        if (n === aux.length) {
          const grown = new Int32Array(aux.length * 2);
          grown.set(aux);
          aux = this.walk = grown;
        }
        aux[n] = c;
        siftUpPos(aux, n, heap);
        n++;
      }
    }
  }

  /** Heapifies every entry, in O(n). */
  private buildHeap(): void {
    const heap = this.heap;
    heap.length = 0;
    for (const e of this.byId.values()) {
      e.heapIndex = heap.length;
      heap.push(e);
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.down(i);
    this.ordered = true;
  }

  private up(i: number): void {
    const heap = this.heap;
    const e = entry(heap, i);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = entry(heap, parent);
      if (!earlier(e, p)) break;
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = e;
    e.heapIndex = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const e = entry(heap, i);
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && earlier(entry(heap, c + 1), entry(heap, c))) c++;
      const child = entry(heap, c);
      if (!earlier(child, e)) break;
      heap[i] = child;
      child.heapIndex = i;
      i = c;
    }
    heap[i] = e;
    e.heapIndex = i;
  }
}

/** heap[i], which the heap's own bookkeeping guarantees. */
function entry<T>(heap: readonly T[], i: number): T {
  const e = heap[i];
  if (e === undefined) throw new Error(`internal: the running-set heap has no entry ${i}`);
  return e;
}

function earlier(a: RunningJob, b: RunningJob): boolean {
  return a.expectedEnd < b.expectedEnd || (a.expectedEnd === b.expectedEnd && a.job.id < b.job.id);
}

function siftUpPos(aux: Int32Array, i: number, heap: readonly RunningJob[]): void {
  const v = aux[i] ?? 0;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pv = aux[parent] ?? 0;
    if (!earlier(entry(heap, v), entry(heap, pv))) break;
    aux[i] = pv;
    i = parent;
  }
  aux[i] = v;
}

function siftDownPos(aux: Int32Array, n: number, heap: readonly RunningJob[], i: number): void {
  if (n === 0) return;
  const v = aux[i] ?? 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && earlier(entry(heap, aux[c + 1] ?? 0), entry(heap, aux[c] ?? 0))) c++;
    const cv = aux[c] ?? 0;
    if (!earlier(entry(heap, cv), entry(heap, v))) break;
    aux[i] = cv;
    i = c;
  }
  aux[i] = v;
}
