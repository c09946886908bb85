import type { QueueWatcher } from './queue-index.js';

/**
 * A waiting queue kept sorted by a policy's strict order (`before`), with holes instead of shifts:
 * removing during a pass is O(1) and keeps indices stable; holes are squeezed out between passes.
 * Appending a job that sorts last (the common case: arrivals in submission order) is O(1); any other
 * insert is a binary search plus one splice.
 *
 * Iterate with `for (let i = q.begin; i < q.end; i++) { const e = q.at(i); if (!e) continue; … }`.
 */
export class JobQueue<E> {
  private items: (E | undefined)[] = [];
  private first = 0;
  private live = 0;
  private moves = 0;
  private watcher: QueueWatcher<E> | undefined;

  constructor(private readonly before: (a: E, b: E) => boolean) {}

  /** Tells `watcher` of every entry that appears or leaves, and of every shift of indices. */
  watch(watcher: QueueWatcher<E>): void {
    this.watcher = watcher;
    watcher.reset();
  }

  /** Changes whenever existing entries change index (a compaction or a mid-queue insert). */
  get layout(): number {
    return this.moves;
  }

  get size(): number {
    return this.live;
  }

  get begin(): number {
    return this.first;
  }

  get end(): number {
    return this.items.length;
  }

  at(i: number): E | undefined {
    return this.items[i];
  }

  /** The first live entry, or undefined. */
  head(): E | undefined {
    return this.items[this.first];
  }

  insert(e: E): void {
    const items = this.items;
    const last = items.length > this.first ? items[items.length - 1] : undefined;
    if (last === undefined || !this.before(e, last)) {
      items.push(e);
      this.watcher?.set(items.length - 1, e);
    } else {
      this.compact();
      const a = this.items;
      let lo = 0;
      let hi = a.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const m = a[mid];
        if (m !== undefined && this.before(m, e)) lo = mid + 1;
        else hi = mid;
      }
      a.splice(lo, 0, e);
      this.shifted();
    }
    this.live++;
  }

  removeAt(i: number): E {
    const e = this.items[i];
    if (e === undefined) throw new RangeError(`JobQueue.removeAt: no entry at ${i}`);
    this.items[i] = undefined;
    this.watcher?.set(i, undefined);
    this.live--;
    // Keep the first and the last slot live, so head() and insert() need no scanning.
    const items = this.items;
    while (this.first < items.length && items[this.first] === undefined) this.first++;
    while (items.length > this.first && items[items.length - 1] === undefined) items.pop();
    if (this.live === 0) {
      this.items = [];
      this.first = 0;
      this.shifted();
    }
    return e;
  }

  /** Index of the first entry satisfying `match`, or -1 (linear; for rare removals). */
  findIndex(match: (e: E) => boolean): number {
    for (let i = this.first; i < this.items.length; i++) {
      const e = this.items[i];
      if (e !== undefined && match(e)) return i;
    }
    return -1;
  }

  /** Squeezes out holes when they outnumber live entries; invalidates indices. */
  tidy(): void {
    const holes = this.items.length - this.live;
    if (holes > 32 && holes > this.live) this.compact();
  }

  private compact(): void {
    if (this.items.length === this.live && this.first === 0) return;
    const out: E[] = [];
    for (let i = this.first; i < this.items.length; i++) {
      const e = this.items[i];
      if (e !== undefined) out.push(e);
    }
    this.items = out;
    this.first = 0;
    this.shifted();
  }

  private shifted(): void {
    this.moves++;
    this.watcher?.reset();
  }
}
