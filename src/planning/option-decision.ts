import type { Estimate } from '../metrics/confidence-interval.js';
import { checkedValues, DEFAULT_FEASIBILITY, type FeasibilityRule } from '../metrics/feasibility.js';

/**
 * "Which option meets the stated targets cheapest": the decision a comparison report opens with. The
 * report reads the figures out of each result (its TCO, the SLOs its scenario states and the latencies
 * measured against them, a sweep's constraint and assertion verdicts) and this rule decides, the same
 * way `size`, sweep constraints and `--assert` do (src/metrics/feasibility.ts): by default a target must hold
 * at the pessimistic end of the figure's 95 % interval (the mean with one replication, and the report says
 * so); an option that was stopped as overloaded or rejected work meets no target, whatever its figures read.
 */

/** One stated target on one figure of an option. */
export interface TargetFigure {
  /** what is checked, in words: `chat: time to first token p99 ≤ 800 ms` */
  readonly name: string;
  /** the measured figure; undefined when the result lacks it (then the target is missed, never assumed met) */
  readonly value: Estimate | undefined;
  readonly limit: number;
  /** `lower`: the figure must be at most the limit; `higher`: at least */
  readonly better: 'lower' | 'higher';
}

export interface OptionFigures {
  /** the cost to minimise (TCO over the planning horizon, or per year when horizons differ); undefined without costs */
  readonly cost: number | undefined;
  readonly targets: readonly TargetFigure[];
  /** targets a higher layer already checked (a sweep's constraints and --assert gates) */
  readonly checked?: { readonly names: readonly string[]; readonly missed: readonly string[] };
  /** why no target can be met (stopped as overloaded, work rejected); absent when the run was sound */
  readonly infeasible?: string;
}

export interface OptionVerdict {
  /** null: no target is stated for this option, and nothing made it infeasible */
  readonly meets: boolean | null;
  /** the targets missed, by name, and the reason it is infeasible (first) */
  readonly missed: readonly string[];
}

export interface OptionDecision {
  readonly verdicts: readonly OptionVerdict[];
  /** whether any option states a target at all */
  readonly targetsStated: boolean;
  /** the first of `ranking` when it has a cost; null when no option qualifies or none has a cost */
  readonly cheapest: number | null;
  /** options that meet the targets (or, when no option states any, are sound), cheapest first; those without a cost last, in input order */
  readonly ranking: readonly number[];
}

/** Met under the feasibility rule: at both ends of the figure's interval (pessimistic), or by its mean. */
export function targetMet(t: TargetFigure, rule: FeasibilityRule = DEFAULT_FEASIBILITY): boolean {
  if (t.value === undefined || !Number.isFinite(t.value.mean)) return false;
  return checkedValues(t.value, rule).every((v) => (t.better === 'lower' ? v <= t.limit : v >= t.limit));
}

export function verdictOf(o: OptionFigures, rule: FeasibilityRule = DEFAULT_FEASIBILITY): OptionVerdict {
  const missed = [...(o.infeasible !== undefined ? [o.infeasible] : []), ...o.targets.filter((t) => !targetMet(t, rule)).map((t) => t.name), ...(o.checked?.missed ?? [])];
  const stated = o.targets.length > 0 || (o.checked?.names.length ?? 0) > 0;
  if (missed.length > 0) return { meets: false, missed };
  return { meets: stated ? true : null, missed };
}

/** The verdict of every option and the cheapest that meets its targets (ties: the earlier option). */
export function decideOptions(options: readonly OptionFigures[], rule: FeasibilityRule = DEFAULT_FEASIBILITY): OptionDecision {
  const verdicts = options.map((o) => verdictOf(o, rule));
  const targetsStated = options.some((o) => o.targets.length > 0 || (o.checked?.names.length ?? 0) > 0);
  // with targets stated, an option that states none has not shown it meets them
  const eligible = options.flatMap((o, i) => ((targetsStated ? verdicts[i]?.meets === true : verdicts[i]?.meets !== false) ? [{ i, cost: o.cost }] : []));
  const ranking = [...eligible]
    .sort((a, b) => {
      if (a.cost === undefined || b.cost === undefined) return a.cost === undefined ? (b.cost === undefined ? a.i - b.i : 1) : -1;
      return a.cost - b.cost || a.i - b.i;
    })
    .map((e) => e.i);
  const first = ranking[0];
  const cheapest = first !== undefined && options[first]?.cost !== undefined ? first : null;
  return { verdicts, targetsStated, cheapest, ranking };
}
