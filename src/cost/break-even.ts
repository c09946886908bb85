import { mustAt } from '../support/must-get.js';

/** Where two cumulative cash curves cross: the month and the cash there, and which side is cheaper afterwards. */
export interface BreakEven {
  /** fractional month on the end-of-month scale (1 = end of month 1), linearly interpolated between month ends */
  readonly month: number;
  readonly value: number;
  /** `other` costs more cash before the crossing and less after it (the usual capex-first break-even) */
  readonly otherCheaperAfter: boolean;
}

/**
 * Where `other` and `base` cumulative costs (index 0 = end of month 1) first cross, by linear
 * interpolation between month ends; undefined when they never cross within the shorter of the two.
 */
export function breakEven(base: readonly number[], other: readonly number[]): BreakEven | undefined {
  const n = Math.min(base.length, other.length);
  for (let m = 1; m < n; m++) {
    const base0 = mustAt(base, m - 1, 'month');
    const base1 = mustAt(base, m, 'month');
    const d0 = mustAt(other, m - 1, 'month') - base0;
    const d1 = mustAt(other, m, 'month') - base1;
    if (d0 !== 0 && (d1 === 0 || Math.sign(d1) !== Math.sign(d0))) {
      const f = d0 / (d0 - d1);
      const value = base0 + f * (base1 - base0);
      return { month: m + f, value, otherCheaperAfter: d0 > 0 };
    }
  }
  return undefined;
}
