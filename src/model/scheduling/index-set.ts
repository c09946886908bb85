/**
 * A set of small non-negative integers (node indices within a pool) with O(1) add/delete and a fast
 * "lowest member" query: a bitset with a one-level summary of its non-empty words, so `first()` scans
 * capacity / 1024 summary words at most (2 for 1,250 nodes).
 *
 * Members are in [0, capacity). Adding a present member or deleting an absent one throws: callers keep
 * exact bookkeeping, and a mismatch is a bug worth stopping for.
 */
export class IndexSet {
  private readonly words: Uint32Array;
  private readonly summary: Uint32Array;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`IndexSet capacity must be a non-negative integer, got ${capacity}`);
    this.words = new Uint32Array(Math.ceil(capacity / 32));
    this.summary = new Uint32Array(Math.ceil(this.words.length / 32));
  }

  /** An independent copy with the same members. */
  clone(): IndexSet {
    const c = new IndexSet(this.capacity);
    c.words.set(this.words);
    c.summary.set(this.summary);
    c.count = this.count;
    return c;
  }

  get size(): number {
    return this.count;
  }

  has(i: number): boolean {
    return (((this.words[i >>> 5] ?? 0) >>> (i & 31)) & 1) === 1;
  }

  /** @throws RangeError if `i` is already a member */
  add(i: number): void {
    const w = i >>> 5;
    const was = this.words[w] ?? 0;
    const bit = 1 << (i & 31);
    if ((was & bit) !== 0) throw new RangeError(`IndexSet.add: ${i} is already a member`);
    this.words[w] = was | bit;
    if (was === 0) this.summary[w >>> 5] = (this.summary[w >>> 5] ?? 0) | (1 << (w & 31));
    this.count++;
  }

  /** @throws RangeError if `i` is not a member */
  delete(i: number): void {
    const w = i >>> 5;
    const was = this.words[w] ?? 0;
    const bit = 1 << (i & 31);
    if ((was & bit) === 0) throw new RangeError(`IndexSet.delete: ${i} is not a member`);
    const now = was & ~bit;
    this.words[w] = now;
    if (now === 0) this.summary[w >>> 5] = (this.summary[w >>> 5] ?? 0) & ~(1 << (w & 31));
    this.count--;
  }

  /**
   * Adds every items[i] + shift (ascending, none a member), a word at a time: a run of nearby
   * members costs one write. @throws RangeError if one is already a member
   */
  addSorted(items: Int32Array, shift: number): void {
    this.setSorted(items, shift, true);
  }

  /** Deletes every items[i] + shift (ascending, all members). @throws RangeError if one is not a member */
  deleteSorted(items: Int32Array, shift: number): void {
    this.setSorted(items, shift, false);
  }

  /** Writes the out.length lowest members + shift into out, ascending; false (out untouched) if there are fewer. */
  lowest(out: Int32Array, shift: number): boolean {
    if (this.count < out.length) return false;
    const words = this.words;
    const summary = this.summary;
    let k = 0;
    for (let s = 0; s < summary.length && k < out.length; s++) {
      let sw = summary[s] ?? 0;
      while (sw !== 0 && k < out.length) {
        const w = (s << 5) + lowestBit(sw);
        sw &= sw - 1;
        let bits = words[w] ?? 0;
        while (bits !== 0 && k < out.length) {
          out[k++] = (w << 5) + lowestBit(bits) + shift;
          bits &= bits - 1;
        }
      }
    }
    return true;
  }

  private setSorted(items: Int32Array, shift: number, add: boolean): void {
    const words = this.words;
    let i = 0;
    while (i < items.length) {
      const w = ((items[i] ?? 0) + shift) >>> 5;
      let mask = 0;
      for (; i < items.length; i++) {
        const m = (items[i] ?? 0) + shift;
        if (m >>> 5 !== w) break;
        mask |= 1 << (m & 31);
      }
      const was = words[w] ?? 0;
      if (add ? (was & mask) !== 0 : (was & mask) !== mask) throw new RangeError(`IndexSet.${add ? 'add' : 'delete'}: a member of word ${w} is ${add ? 'already' : 'not'} present`);
      const now = add ? was | mask : was & ~mask;
      words[w] = now;
      if ((was === 0) !== (now === 0)) {
        const bit = 1 << (w & 31);
        this.summary[w >>> 5] = now === 0 ? (this.summary[w >>> 5] ?? 0) & ~bit : (this.summary[w >>> 5] ?? 0) | bit;
      }
    }
    this.count += add ? items.length : -items.length;
  }

  /** Lowest member, or -1 when empty. */
  first(): number {
    if (this.count === 0) return -1;
    const summary = this.summary;
    for (let s = 0; s < summary.length; s++) {
      const sw = summary[s] ?? 0;
      if (sw !== 0) {
        const w = (s << 5) + lowestBit(sw);
        return (w << 5) + lowestBit(this.words[w] ?? 0);
      }
    }
    return -1;
  }

  /** Lowest member ≥ `from`, or -1. */
  next(from: number): number {
    if (from >= this.capacity) return -1;
    let w = from >>> 5;
    const inWord = (this.words[w] ?? 0) & (~0 << (from & 31));
    if (inWord !== 0) return (w << 5) + lowestBit(inWord);
    w++;
    const words = this.words;
    // Skip empty words through the summary.
    for (let s = w >>> 5; s < this.summary.length; s++) {
      let sw = this.summary[s] ?? 0;
      if (s === w >>> 5) sw &= ~0 << (w & 31);
      if (sw !== 0) {
        const wi = (s << 5) + lowestBit(sw);
        return (wi << 5) + lowestBit(words[wi] ?? 0);
      }
    }
    return -1;
  }
}

/** Index of the lowest set bit of a non-zero 32-bit value. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}
