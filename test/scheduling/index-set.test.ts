/** The bitset behind the node buckets, against a plain Set, across word and summary boundaries. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexSet } from '../../src/model/scheduling/index-set.js';

describe('IndexSet', () => {
  it('add/delete/first/next agree with a sorted Set', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 200 }), fc.array(fc.nat(), { maxLength: 20 }), (capacity, ops, probes) => {
        const s = new IndexSet(capacity);
        const ref = new Set<number>();
        for (const [add, raw] of ops) {
          const i = raw % capacity;
          if (add && !ref.has(i)) {
            s.add(i);
            ref.add(i);
          } else if (!add && ref.has(i)) {
            s.delete(i);
            ref.delete(i);
          }
        }
        const sorted = [...ref].sort((a, b) => a - b);
        expect(s.size).toBe(ref.size);
        expect(s.first()).toBe(sorted[0] ?? -1);
        for (const raw of probes) {
          const from = raw % (capacity + 40);
          expect(s.next(from)).toBe(sorted.find((x) => x >= from) ?? -1);
        }
        for (let i = 0; i < Math.min(capacity, 100); i++) expect(s.has(i)).toBe(ref.has(i));
        const c = s.clone();
        if (sorted.length > 0) c.delete(sorted[0]!);
        expect(s.first()).toBe(sorted[0] ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('adds and deletes sorted batches, and lists the lowest members, as one by one would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2500 }), fc.array(fc.tuple(fc.boolean(), fc.array(fc.nat(), { maxLength: 120 })), { maxLength: 30 }), fc.nat({ max: 200 }), (capacity, batches, want) => {
        const s = new IndexSet(capacity);
        const ref = new Set<number>();
        for (const [add, raw] of batches) {
          // a batch of distinct members (add) or non-members (delete), ascending, shifted by 5
          const batch = [...new Set(raw.map((r) => r % capacity))].filter((i) => ref.has(i) !== add).sort((a, b) => a - b);
          if (add)
            s.addSorted(
              Int32Array.from(batch, (i) => i + 5),
              -5,
            );
          else
            s.deleteSorted(
              Int32Array.from(batch, (i) => i + 5),
              -5,
            );
          for (const i of batch)
            if (add) ref.add(i);
            else ref.delete(i);
        }
        const sorted = [...ref].sort((a, b) => a - b);
        expect(s.size).toBe(ref.size);
        expect(s.first()).toBe(sorted[0] ?? -1);
        for (let i = 0; i < capacity; i += 7) expect(s.next(i)).toBe(sorted.find((x) => x >= i) ?? -1);
        const out = new Int32Array(want);
        expect(s.lowest(out, 100)).toBe(want <= sorted.length);
        if (want <= sorted.length) expect([...out]).toEqual(sorted.slice(0, want).map((i) => i + 100));
      }),
      { numRuns: 300 },
    );
    const s = new IndexSet(64);
    s.addSorted(Int32Array.of(3, 4, 40), 0);
    expect(() => s.addSorted(Int32Array.of(1, 4), 0)).toThrow(/already/);
    expect(() => s.deleteSorted(Int32Array.of(5), 0)).toThrow(/not/);
  });

  it('refuses to add a member twice or delete a non-member', () => {
    const s = new IndexSet(40);
    s.add(33);
    expect(() => s.add(33)).toThrow(/already a member/);
    expect(() => s.delete(2)).toThrow(/not a member/);
    expect(() => new IndexSet(-1)).toThrow(RangeError);
  });
});
