// The closed-form ends of a replica's stretch of iterations, as both serving floor loops keep it (bench/serving-floor.js,
// bench/support/tight-floor.js): a first iteration that may prefill (ending at prefillEnd), then pure-decode iterations
// whose durations grow linearly (runStart + k · runFirst + ½ · runGrowth · k · (k − 1) after k of them).

/**
 * @param {{ runStart: Float64Array, runFirst: Float64Array, runGrowth: Float64Array, prefilling: Uint8Array, prefillEnd: Float64Array, stretch: Int32Array }} s
 *   per-replica stretch state, indexed by replica
 * @returns {{ stretchEnd: (r: number, k: number) => number, stretchEndedBy: (r: number, t: number) => number }}
 *   when the stretch's k-th iteration ends, and how many of its iterations have ended by t
 */
export function stretchEnds({ runStart, runFirst, runGrowth, prefilling, prefillEnd, stretch }) {
  const endOf = (r, k) => runStart[r] + k * runFirst[r] + 0.5 * runGrowth[r] * k * (k - 1);
  const stretchEnd = (r, k) => (!prefilling[r] ? endOf(r, k) : k === 1 ? prefillEnd[r] : endOf(r, k - 1));
  const endedBy = (r, t, limit) => {
    if (limit <= 0 || endOf(r, 1) > t) return 0;
    if (endOf(r, limit) <= t) return limit;
    let lo = 1;
    let hi = limit;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (endOf(r, mid) <= t) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const stretchEndedBy = (r, t) => (!prefilling[r] ? endedBy(r, t, stretch[r]) : prefillEnd[r] > t ? 0 : 1 + endedBy(r, t, stretch[r] - 1));
  return { stretchEnd, stretchEndedBy };
}
