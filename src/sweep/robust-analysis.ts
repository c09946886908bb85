import type { ParamValue } from './parameter-values.js';

/**
 * Robust decisions (issue 16, docs/sweeps.md#robust-decisions): a sweep whose parameters are split into
 * decisions (what we choose: owned nodes, reserved instances) and assumptions (what we cannot choose:
 * demand) judges each decision — one combination of decision values — over every assumption scenario
 * it was run under, instead of judging variants one by one. A decision is robust when it meets the
 * sweep's constraints in at least `quantile` of its scenarios (all of them by default); the robust best
 * is the robust decision whose objectives, read at that quantile of its scenarios (the worst case when
 * the quantile is 1), are best. The verdict of each scenario is the analyser's (constraints under the
 * feasibility rule, overloaded and job-rejecting variants infeasible): this only groups and ranks.
 */

export interface RobustSpec {
  /** the decision parameters (values parameters only: an expression parameter follows from them) */
  readonly decisions: readonly string[];
  readonly assumptions: readonly string[];
  /** share of a decision's assumption scenarios in which it must meet the constraints, in (0, 1] */
  readonly quantile: number;
}

/** One objective of a decision, over its scenarios. */
export interface RobustObjective {
  /** the worst value over every scenario (SI units); null when a scenario has no figure (stopped as overloaded) */
  readonly worst: number | null;
  readonly worst_display: string;
  /**
   * the value it reaches in `quantile` of its scenarios: the ⌈quantile × scenarios⌉-th best, a scenario that
   * misses the constraints counting as worse than any; null when the decision is not robust. The worst case
   * when the quantile is 1.
   */
  readonly at_quantile: number | null;
  readonly at_quantile_display: string;
}

export interface RobustDecision {
  /** the decision parameters' values */
  readonly decision: Readonly<Record<string, ParamValue>>;
  /** its variants, one per assumption scenario, in index order */
  readonly variants: readonly number[];
  readonly scenarios: number;
  /** scenarios in which it meets every constraint */
  readonly met: number;
  /** met ÷ scenarios */
  readonly fraction: number;
  readonly meets_all: boolean;
  /** meets the constraints in at least `quantile` of its scenarios */
  readonly robust: boolean;
  /** the assumption values of the scenarios it misses (the first MAX_LISTED_MISSES) */
  readonly missed: readonly Readonly<Record<string, ParamValue>>[];
  readonly objectives: readonly RobustObjective[];
}

export interface RobustAnalysis {
  readonly quantile: number;
  readonly decision_parameters: readonly string[];
  readonly assumption_parameters: readonly string[];
  /** decisions in the sweep, and how many are robust */
  readonly decisions: number;
  readonly robust: number;
  /** the robust decisions, best first (by objectives at the quantile, then the earlier decision); at most the sweep's `best` */
  readonly best: readonly RobustDecision[];
  /** every decision, in the order of its first variant (the first MAX_LISTED_DECISIONS) */
  readonly table: readonly RobustDecision[];
}

export const MAX_LISTED_DECISIONS = 1000;
const MAX_LISTED_MISSES = 20;

/** What the analyser says of one variant, for the robust grouping. */
export interface ScenarioOutcome {
  readonly index: number;
  readonly parameters: Readonly<Record<string, ParamValue>>;
  /** meets every constraint (the analyser's verdict) */
  readonly met: boolean;
  /** each objective's value and display; null where the variant has no figure */
  readonly objectives: readonly ({ readonly value: number; readonly display: string } | null)[];
}

interface Group {
  readonly decision: Readonly<Record<string, ParamValue>>;
  readonly scenarios: ScenarioOutcome[];
}

/**
 * Groups variants by decision as they stream in (index order) and judges each decision once all are in.
 * Holds one small outcome per variant: a sweep's variants are bounded by `max_variants`.
 */
export class RobustAnalyser {
  private readonly groups = new Map<string, Group>();

  /** `signs`: +1 for an objective to minimise, −1 to maximise */
  constructor(
    private readonly spec: RobustSpec,
    private readonly signs: readonly number[],
    private readonly best: number,
  ) {}

  add(outcome: ScenarioOutcome): void {
    const decision = Object.fromEntries(this.spec.decisions.map((n) => [n, outcome.parameters[n] ?? null]));
    const key = JSON.stringify(decision);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { decision, scenarios: [] };
      this.groups.set(key, group);
    }
    group.scenarios.push(outcome);
  }

  finish(): RobustAnalysis {
    const judged = [...this.groups.values()].map((g) => this.judge(g));
    const ranked = judged.filter((d) => d.robust).sort((a, b) => this.compare(a, b));
    return {
      quantile: this.spec.quantile,
      decision_parameters: this.spec.decisions,
      assumption_parameters: this.spec.assumptions,
      decisions: judged.length,
      robust: ranked.length,
      best: ranked.slice(0, this.best),
      table: judged.slice(0, MAX_LISTED_DECISIONS),
    };
  }

  private judge(g: Group): RobustDecision {
    const n = g.scenarios.length;
    const met = g.scenarios.filter((s) => s.met).length;
    const fraction = met / n;
    // the share is compared with a tolerance: 9 of 10 scenarios meet a quantile of 0.9 whatever the rounding
    const robust = fraction >= this.spec.quantile - 1e-12;
    const k = Math.max(1, Math.ceil(this.spec.quantile * n - 1e-9));
    const objectives = this.signs.map((sign, i): RobustObjective => {
      const values = g.scenarios.map((s) => s.objectives[i] ?? null);
      const known = values.filter((v): v is { value: number; display: string } => v !== null);
      const worst = known.length < n ? null : known.reduce<{ value: number; display: string } | null>((w, v) => (w === null || sign * v.value > sign * w.value ? v : w), null);
      // a scenario that misses the constraints counts as worse than any figure
      const ordered = g.scenarios.map((s, j) => (s.met ? (values[j] ?? null) : null)).sort((a, b) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : sign * (a.value - b.value)));
      const atK = robust ? (ordered[k - 1] ?? null) : null;
      return {
        worst: worst?.value ?? null,
        worst_display: worst?.display ?? 'no figure (a scenario stopped as overloaded)',
        at_quantile: atK?.value ?? null,
        at_quantile_display: atK?.display ?? '—',
      };
    });
    const missed = g.scenarios
      .filter((s) => !s.met)
      .slice(0, MAX_LISTED_MISSES)
      .map((s) => Object.fromEntries(this.spec.assumptions.map((a) => [a, s.parameters[a] ?? null])));
    return { decision: g.decision, variants: g.scenarios.map((s) => s.index), scenarios: n, met, fraction, meets_all: met === n, robust, missed, objectives };
  }

  /** Lexicographic on the signed objectives at the quantile, then the decision whose first variant comes first. */
  private compare(a: RobustDecision, b: RobustDecision): number {
    for (const [i, sign] of this.signs.entries()) {
      const d = sign * ((a.objectives[i]?.at_quantile ?? Infinity) - (b.objectives[i]?.at_quantile ?? Infinity));
      if (d !== 0 && Number.isFinite(d)) return d;
    }
    return (a.variants[0] ?? 0) - (b.variants[0] ?? 0);
  }
}
