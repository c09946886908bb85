import type { Estimate } from '../metrics/confidence-interval.js';
import type { ParamValue } from './parameter-values.js';
import type { ScenarioHeader } from '../report/result-document.js';

/**
 * What a sweep keeps of one variant's simulation: compact (no resolved scenario; no time series, usage
 * ledger or monthly cost series unless `full_results`), layout-independent (the same bytes whichever worker
 * or shard ran it), and a valid report input (`result` is a ResultDocument, src/report/result-document.ts).
 */
export interface VariantRecord {
  readonly index: number;
  /** the parameter values, in the sweep file's order */
  readonly parameters: Readonly<Record<string, ParamValue>>;
  /** false when a replication stopped before the horizon */
  readonly complete: boolean;
  /** only when a runaway stopped the variant (stopped_by 'overload'): it is infeasible and fails every assertion */
  readonly overload?: VariantOverload;
  /** the flat metrics (src/sweep/result-metrics.ts), in canonical units */
  readonly metrics: Readonly<Record<string, Estimate>>;
  readonly result: CompactResult;
}

export interface CompactResult {
  readonly schemaVersion: string;
  readonly scenario: ScenarioHeader;
  readonly complete: boolean;
  /** the result's summary (mean ± CI of every figure); without monthly and yearly cost series unless full */
  readonly summary: object;
  /** each replication's figures; without time series, usage ledger and monthly/yearly cost series unless full */
  readonly replications: readonly object[];
}

/** What a sweep keeps of an overload stop (src/model/overload-watch.ts OverloadReport). */
export interface VariantOverload {
  readonly workload: string;
  readonly pool: string;
  /** offered load ÷ capacity, measured; null when unknown */
  readonly offered_load: number | null;
  readonly reason: string;
}

/** One variant file on disk: the record and the sweep it belongs to. */
export interface VariantFile {
  readonly sweep: string;
  readonly record: VariantRecord;
}
