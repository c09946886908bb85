import type { Estimate } from './confidence-interval.js';

/**
 * How a target is read against figures that are estimates over replications: `pessimistic` (the default)
 * asks the target to hold at the end of each figure's 95 % interval that is worse for it, so a plan passes
 * only when the replications show it passes with confidence; `mean` reads the mean alone (the rule before
 * issue 16). With fewer than two replications there is no interval, and the pessimistic rule reads the
 * mean — the caller says so in one line (`feasibilityNote`). One rule for `size`, sweep constraints and
 * sweep assertions (`--assert`), so that a plan `size` accepts is not one a sweep gate refuses.
 */
export type FeasibilityRule = 'pessimistic' | 'mean';

export const FEASIBILITY_RULES: readonly FeasibilityRule[] = ['pessimistic', 'mean'];
export const DEFAULT_FEASIBILITY: FeasibilityRule = 'pessimistic';

/** Conditions naming more figures than this are checked at the all-low and all-high corners only (2^k grows fast). */
const MAX_CORNER_FIGURES = 10;

/** Whether the rule reads an interval for this estimate (pessimistic, two or more replications, a finite interval). */
export function readsInterval(e: Estimate, rule: FeasibilityRule): boolean {
  return rule === 'pessimistic' && e.n >= 2 && e.low !== null && e.high !== null && Number.isFinite(e.low) && Number.isFinite(e.high);
}

/** The values of one figure a target is checked at: both ends of its interval under the pessimistic rule, else the mean. */
export function checkedValues(e: Estimate, rule: FeasibilityRule): readonly number[] {
  return readsInterval(e, rule) ? [e.low!, e.high!] : [e.mean];
}

/**
 * Whether `holds` is true at every corner of the figures' intervals (each figure at its low or its high
 * end), or at the means under the mean rule. A target is a bound on figures, monotone in each of them
 * (`p95_wait < 2 h`, `tco / jobs_completed < 50 USD`), so its worst case over the intervals sits at a
 * corner: holding at every corner is holding at the pessimistic end, whichever direction each figure
 * must go. A figure with one replication contributes its mean only.
 */
export function holdsAtEveryCorner(estimates: readonly Estimate[], rule: FeasibilityRule, holds: (values: readonly number[]) => boolean): boolean {
  const choices = estimates.map((e) => checkedValues(e, rule));
  const varying = choices.filter((c) => c.length > 1).length;
  if (varying > MAX_CORNER_FIGURES) {
    // too many figures for every corner: the two extreme corners, then the means
    return holds(choices.map((c) => c[0]!)) && holds(choices.map((c) => c.at(-1)!)) && holds(estimates.map((e) => e.mean));
  }
  const values = choices.map((c) => c[0]!);
  const visit = (i: number): boolean => {
    if (i === choices.length) return holds(values);
    for (const v of choices[i]!) {
      values[i] = v;
      if (!visit(i + 1)) return false;
    }
    return true;
  };
  return visit(0);
}

/**
 * The one line a command prints when the pessimistic rule had to read means: no figure had two
 * replications to build an interval from. Undefined when the rule is `mean` or an interval exists.
 */
export function feasibilityNote(rule: FeasibilityRule, replications: number): string | undefined {
  if (rule !== 'pessimistic' || replications >= 2) return undefined;
  return 'note: one replication, so targets are read on the mean (the pessimistic end of a 95 % interval needs 2 or more replications)';
}
