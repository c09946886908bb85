import { describe, expect, it } from 'vitest';
import { entry } from '../../src/engine/index.js';

describe('entry: a checked read instead of a cast', () => {
  it('returns the element at an index in range, of arrays and typed arrays alike', () => {
    expect(entry([10, 20, 30], 2)).toBe(30);
    expect(entry(new Float64Array([0.5, -0, NaN]), 1)).toBe(-0);
    expect(entry(new Float64Array([0.5, -0, NaN]), 2)).toBeNaN();
    expect(entry([null, false, 0, ''], 0)).toBeNull(); // falsy values are values
  });

  it.each([-1, 3, 1.5, NaN])('throws RangeError for index %s of a 3-element array', (index) => {
    expect(() => entry(new Int32Array(3), index)).toThrow(RangeError);
    expect(() => entry(['a', 'b', 'c'], index)).toThrow('outside 0..2');
  });
});
