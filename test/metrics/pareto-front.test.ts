import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominates, ParetoSet, paretoFront } from '../../src/metrics/pareto-front.js';

/** The textbook O(n²) definition: kept unless another point is ≤ on every coordinate and < on one. */
const brute = (pts: readonly number[][]) => pts.map((p) => !pts.some((q) => q.every((v, i) => v <= p[i]!) && q.some((v, i) => v < p[i]!)));

describe('Pareto front', () => {
  it('matches the O(n²) definition in two and three objectives', () => {
    for (const dims of [2, 3]) {
      const pt = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: dims, maxLength: dims });
      fc.assert(
        fc.property(fc.array(pt, { maxLength: 40 }), (pts) => {
          expect(paretoFront(pts)).toEqual(brute(pts));
        }),
      );
    }
  });

  it('keeps equal points and drops a point beaten on one objective and tied on the other', () => {
    expect(
      paretoFront([
        [1, 5],
        [1, 5],
        [2, 5],
        [3, 1],
      ]),
    ).toEqual([true, true, false, true]);
    expect(dominates([1, 5], [1, 5])).toBe(false);
    expect(dominates([1, 4], [1, 5])).toBe(true);
  });

  it('the streaming set ends with the same members whatever the arrival order', () => {
    const pts = [
      [4, 1],
      [1, 4],
      [2, 2],
      [3, 3],
      [2, 2],
      [5, 0],
    ];
    const members = (order: number[]) => {
      const set = new ParetoSet<number>();
      for (const i of order) set.add(i, pts[i]!);
      return set.items().sort();
    };
    expect(members([0, 1, 2, 3, 4, 5])).toEqual([0, 1, 2, 4, 5]);
    expect(members([5, 4, 3, 2, 1, 0])).toEqual([0, 1, 2, 4, 5]);
  });
});
