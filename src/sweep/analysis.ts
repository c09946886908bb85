import { DEFAULT_FEASIBILITY, type FeasibilityRule } from '../metrics/feasibility.js';
import { ParetoSet } from '../metrics/pareto-front.js';
import { InputError } from '../support/input-error.js';
import type { ParamValue } from './parameter-values.js';
import { formatMetric } from './result-metrics.js';
import { conditionHolds, conditionReadsInterval, evaluateObjective, resultScope, shownValues } from './result-evaluation.js';
import { RobustAnalyser, type RobustAnalysis, type RobustSpec, type ScenarioOutcome } from './robust-analysis.js';
import type { Gate, Objective } from './sweep-expressions.js';
import type { VariantRecord } from './variant-record.js';
import { formatTimes } from '../model/overload-watch.js';

export { resultScope } from './result-evaluation.js';

/** At most this many assertion failures are listed (all are counted). */
export const MAX_LISTED_FAILURES = 1000;
/** The flat metric that counts jobs the scheduler rejected (result-metrics.ts). */
const JOBS_REJECTED = 'jobs_rejected';
/** At most this many Pareto-optimal variants are listed (all are counted). */
export const MAX_LISTED_PARETO = 1000;

/** What a sweep concluded over the variants of a results file (all of them, or one shard's). */
export interface SweepAnalysis {
  readonly variants: number;
  /** variants whose run stopped before the horizon */
  readonly incomplete: number;
  /** variants a runaway queue or heap stopped (stopped_by 'overload'): infeasible, failing every assertion */
  readonly overloaded: number;
  /** the first MAX_LISTED_FAILURES of them, with the reason */
  readonly overloads: readonly { readonly index: number; readonly parameters: Readonly<Record<string, ParamValue>>; readonly offered_load: number | null; readonly reason: string }[];
  /**
   * only when some variant's scheduler rejected jobs (they could never run, so they never waited) and no
   * constraint names `jobs_rejected`: such variants are infeasible, and fail every assertion unless one
   * names `jobs_rejected` (then the sweep's own bound decides). Absent when none did.
   */
  readonly rejecting?: number;
  /** the first MAX_LISTED_FAILURES of them, with the mean count of rejected jobs per replication */
  readonly rejections?: readonly { readonly index: number; readonly parameters: Readonly<Record<string, ParamValue>>; readonly jobs: number; readonly reason: string }[];
  /** variants meeting every constraint (all of them when there are none) */
  readonly feasible: number;
  readonly constraints: readonly string[];
  readonly objectives: readonly { readonly direction: 'minimise' | 'maximise'; readonly expression: string }[];
  /** the best feasible variants by the objectives in priority order (ties: lower index first) */
  readonly best: readonly RankedVariant[];
  /** with two or more objectives: the feasible variants no other feasible variant beats on every objective */
  readonly pareto: readonly RankedVariant[];
  readonly pareto_size: number;
  readonly assertions: {
    readonly expressions: readonly string[];
    readonly passed: boolean;
    readonly failed_variants: number;
    readonly failures: readonly AssertionFailure[];
  };
  /**
   * how constraints and assertions read the metrics (src/metrics/feasibility.ts): `pessimistic` when some
   * condition read a 95 % interval (two or more replications), `mean` when `--feasibility mean` asked for
   * the means. Absent when the means were read because there was no interval (one replication, or no
   * condition), as every result before issue 16 did.
   */
  // written out, not FeasibilityRule: the result schema generator reads the types of this file alone
  readonly feasibility?: 'pessimistic' | 'mean';
  /** only for a sweep with assumption parameters: each decision judged over its assumption scenarios (robust-analysis.ts) */
  readonly robust?: RobustAnalysis;
}

export interface RankedVariant {
  readonly index: number;
  readonly parameters: Readonly<Record<string, ParamValue>>;
  /** each objective's value, in SI units, and as displayed */
  readonly objectives: readonly { readonly value: number; readonly display: string }[];
}

/** What the analysis says of one variant: feasible or not, the assertions it failed, its objective values when feasible. */
export interface VariantVerdict {
  readonly feasible: boolean;
  readonly failed: readonly string[];
  /** feasible variants of a sweep with objectives */
  readonly ranked?: RankedVariant;
}

export interface AssertionFailure {
  readonly index: number;
  readonly parameters: Readonly<Record<string, ParamValue>>;
  readonly assertion: string;
  /** the values the assertion read, as displayed: `{p95_wait: '3.12 h'}` */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Streams over variant records in index order and keeps only what the analysis needs: counts, the
 * best k, the current Pareto front and the listed failures. Memory does not grow with the sweep.
 */
export class SweepAnalyser {
  private variants = 0;
  private incomplete = 0;
  private overloaded = 0;
  private readonly overloads: SweepAnalysis['overloads'][number][] = [];
  private rejecting = 0;
  private readonly rejections: NonNullable<SweepAnalysis['rejections']>[number][] = [];
  private feasible = 0;
  private best: RankedVariant[] = [];
  private readonly front = new ParetoSet<RankedVariant>();
  private failedVariants = 0;
  private readonly failures: AssertionFailure[] = [];
  private readonly signs: readonly number[];
  private readonly rule: FeasibilityRule;
  private readInterval = false;
  private readonly robust: RobustAnalyser | undefined;

  constructor(
    private readonly spec: {
      readonly objectives: readonly Objective[];
      readonly constraints: readonly Gate[];
      readonly assertions: readonly Gate[];
      readonly best: number;
      /** default: pessimistic (the worse end of each 95 % interval) */
      readonly feasibility?: FeasibilityRule;
      /** decisions and assumptions, for a robust analysis */
      readonly robust?: RobustSpec;
    },
  ) {
    this.signs = spec.objectives.map((o) => (o.direction === 'minimise' ? 1 : -1));
    this.rule = spec.feasibility ?? DEFAULT_FEASIBILITY;
    this.robust = spec.robust && new RobustAnalyser(spec.robust, this.signs, spec.best);
  }

  /** Adds the next record; returns its verdict (for per-variant tables). @throws InputError as `judge` does */
  add(record: VariantRecord): VariantVerdict {
    const verdict = this.judge(record);
    if (this.robust) this.robust.add(this.outcome(record, verdict));
    return verdict;
  }

  /** A condition under the feasibility rule, noting whether it read an interval. */
  private holds(gate: Gate, record: VariantRecord, scope: Record<string, unknown>): boolean {
    if (!this.readInterval && conditionReadsInterval(gate, record, this.rule)) this.readInterval = true;
    return conditionHolds(gate, record, scope, this.rule);
  }

  /** A variant as one scenario of its decision: met or not, and its objective values (none when it has no figure). */
  private outcome(record: VariantRecord, verdict: VariantVerdict): ScenarioOutcome {
    const objectives = verdict.ranked?.objectives ?? (record.overload ? this.spec.objectives.map(() => null) : this.objectivesOrNull(record));
    return { index: record.index, parameters: record.parameters, met: verdict.feasible, objectives };
  }

  /** An infeasible variant's objectives, for the worst case of its decision; null where the variant lacks a figure. */
  private objectivesOrNull(record: VariantRecord): ScenarioOutcome['objectives'] {
    const scope = resultScope(record);
    return this.spec.objectives.map((o) => {
      try {
        return evaluateObjective(o, record, scope);
      } catch (err) {
        if (err instanceof InputError) return null;
        throw err;
      }
    });
  }

  /**
   * The verdict of one record.
   * @throws InputError when an expression cannot be evaluated on this record (absent metric, unit mismatch).
   */
  private judge(record: VariantRecord): VariantVerdict {
    this.variants++;
    if (!record.complete) this.incomplete++;
    if (record.overload) return this.addOverloaded(record, record.overload);
    const scope = resultScope(record);
    // Rejected jobs never run, so they never wait: a variant that rejects them would pass a wait bound
    // with the waits of the jobs it kept. It passes only a sweep that bounds jobs_rejected itself.
    const rejected = record.metrics[JOBS_REJECTED]?.mean ?? 0;
    const rejects = rejected > 0;
    const rejectionFails = (gates: readonly Gate[]) => rejects && !gates.some((g) => g.expr.names.includes(JOBS_REJECTED));
    const infeasible = rejectionFails(this.spec.constraints);
    if (infeasible) this.addRejecting(record, rejected);
    const failsAll = rejectionFails(this.spec.assertions);
    const failed: string[] = [];
    for (const gate of this.spec.assertions) {
      if (failsAll || !this.holds(gate, record, scope)) {
        if (failed.length === 0) this.failedVariants++;
        failed.push(gate.text);
        if (this.failures.length < MAX_LISTED_FAILURES) {
          const values = { ...shownValues(gate.expr.names, record, scope, this.rule), ...(failsAll && { [JOBS_REJECTED]: formatMetric(JOBS_REJECTED, rejected) }) };
          this.failures.push({ index: record.index, parameters: record.parameters, assertion: gate.text, values });
        }
      }
    }
    if (infeasible) return { feasible: false, failed };
    if (!this.spec.constraints.every((c) => this.holds(c, record, scope))) return { feasible: false, failed };
    this.feasible++;
    if (this.spec.objectives.length === 0) return { feasible: true, failed };
    const ranked: RankedVariant = {
      index: record.index,
      parameters: record.parameters,
      objectives: this.spec.objectives.map((o) => evaluateObjective(o, record, scope)),
    };
    this.insertBest(ranked);
    if (this.spec.objectives.length >= 2) this.front.add(ranked, this.signed(ranked));
    return { feasible: true, failed, ranked };
  }

  /**
   * An overloaded variant's figures cover only the start of a run that could not go on: it is
   * infeasible whatever its constraints read, and fails every assertion (a CI gate must not pass a plan
   * whose queue ran away because its waits were short before the stop).
   */
  private addOverloaded(record: VariantRecord, overload: NonNullable<VariantRecord['overload']>): VariantVerdict {
    this.overloaded++;
    if (this.overloads.length < MAX_LISTED_FAILURES) this.overloads.push({ index: record.index, parameters: record.parameters, offered_load: overload.offered_load, reason: overload.reason });
    const load = overload.offered_load === null ? 'unknown' : formatTimes(overload.offered_load);
    if (this.spec.assertions.length > 0) this.failedVariants++;
    for (const gate of this.spec.assertions) {
      if (this.failures.length < MAX_LISTED_FAILURES)
        this.failures.push({ index: record.index, parameters: record.parameters, assertion: gate.text, values: { stopped_by: 'overload', offered_load: `${load} capacity` } });
    }
    return { feasible: false, failed: this.spec.assertions.map((g) => g.text) };
  }

  private addRejecting(record: VariantRecord, jobs: number): void {
    this.rejecting++;
    if (this.rejections.length >= MAX_LISTED_FAILURES) return;
    const count = Number.isInteger(jobs) ? jobs.toLocaleString('en-US') : jobs.toFixed(1);
    const reason = `${count} job${jobs === 1 ? '' : 's'} rejected${(record.metrics[JOBS_REJECTED]?.n ?? 1) > 1 ? ' per replication' : ''}: they ask for more devices than the fleet holds, or break a scheduler limit (max_devices, max_runtime)`;
    this.rejections.push({ index: record.index, parameters: record.parameters, jobs, reason });
  }

  finish(): SweepAnalysis {
    const front = this.front.items().sort((a, b) => this.compare(a, b));
    return {
      variants: this.variants,
      incomplete: this.incomplete,
      overloaded: this.overloaded,
      overloads: this.overloads,
      // only when present, so that the results of sweeps without rejections keep their bytes
      ...(this.rejecting > 0 && { rejecting: this.rejecting, rejections: this.rejections }),
      feasible: this.feasible,
      constraints: this.spec.constraints.map((c) => c.text),
      objectives: this.spec.objectives.map((o) => ({ direction: o.direction, expression: o.text })),
      best: this.best,
      pareto: front.slice(0, MAX_LISTED_PARETO),
      pareto_size: front.length,
      assertions: {
        expressions: this.spec.assertions.map((a) => a.text),
        passed: this.failedVariants === 0,
        failed_variants: this.failedVariants,
        failures: this.failures,
      },
      // only when it says something a result before issue 16 did not: those read means, and keep their bytes
      ...((this.readInterval || this.spec.feasibility === 'mean') && { feasibility: this.rule }),
      ...(this.robust && { robust: this.robust.finish() }),
    };
  }

  /** Lexicographic on the signed objectives, then the lower index. */
  private compare(a: RankedVariant, b: RankedVariant): number {
    for (const [i, sign] of this.signs.entries()) {
      const d = sign * ((a.objectives[i]?.value ?? 0) - (b.objectives[i]?.value ?? 0));
      if (d !== 0) return d;
    }
    return a.index - b.index;
  }

  private insertBest(v: RankedVariant): void {
    const list = this.best;
    const last = list.at(-1);
    if (list.length >= this.spec.best && last && this.compare(v, last) >= 0) return;
    let i = list.length;
    for (let prev = list[i - 1]; prev && this.compare(v, prev) < 0; prev = list[i - 1]) i--;
    list.splice(i, 0, v);
    if (list.length > this.spec.best) list.pop();
  }

  /** The objective values with every objective turned into one to minimise. */
  private signed(v: RankedVariant): number[] {
    return v.objectives.map((o, i) => (this.signs[i] ?? 1) * o.value);
  }

  /** Indices of the variants on the Pareto front so far (all of them, not only the listed ones). */
  frontIndices(): ReadonlySet<number> {
    return new Set(this.front.items().map((v) => v.index));
  }
}
