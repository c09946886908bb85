import type { Estimate } from '../metrics/confidence-interval.js';
import { replicationValues, summaryEstimate, type ResultDocument } from './result-document.js';

/**
 * How a KPI's numbers read: `seconds` as durations, `fraction` as percentages (deltas in percentage
 * points), `usd` as money, `count` and `number` plain; `suffix` follows the number (`/h`, `kWh`).
 */
export type KpiUnit = 'seconds' | 'fraction' | 'usd' | 'count' | 'number';

/** Which way is good; `neither` for figures that are context (fleet size, utilisation). */
export type Better = 'higher' | 'lower' | 'neither';

/** One row of the KPI table. */
export interface Kpi {
  /** unique and stable (CSV column, anchors): `jobs.wait.p95`, `pool.utilisation[onprem/main]` */
  readonly id: string;
  readonly label: string;
  /** section of the table: Throughput, Wait, Inference, Utilisation, Cost, Energy… */
  readonly group: string;
  readonly unit: KpiUnit;
  readonly suffix?: string;
  readonly better: Better;
  /** shown in the Markdown summary, sweep tables and as default Pareto/heat-map axes */
  readonly headline?: boolean;
  /**
   * a sum over the planning horizon (TCO, cash, energy over the horizon): results with different
   * horizons get no delta on it (src/report/planning-horizons.ts), and compare per year instead
   */
  readonly horizonTotal?: boolean;
  /** mean and 95% CI over replications; undefined when this result does not have the figure */
  readonly estimate: (result: ResultDocument) => Estimate | undefined;
  /** the figure in each replication, in order, for paired (common-random-number) deltas */
  readonly values: (result: ResultDocument) => readonly number[] | undefined;
}

/**
 * A family yields KPIs for a set of results: one per workload, pool or service found in any of them
 * (the union, in first-seen order), so columns line up across scenarios. Adding a metric to reports
 * = adding a family to `KPI_FAMILIES` (src/report/kpis.ts).
 */
export interface KpiFamily {
  readonly id: string;
  readonly expand: (results: readonly ResultDocument[]) => readonly Kpi[];
}

export type KpiFields = Omit<Kpi, 'estimate' | 'values'>;

/**
 * A KPI read at the same path in `summary` (an Estimate) and in every replication (a number): how
 * every figure of the result is laid out (src/metrics/summarise-replications.ts).
 */
export function pathKpi(fields: KpiFields, path: readonly (string | number)[]): Kpi {
  return {
    ...fields,
    estimate: (r) => summaryEstimate(r, path),
    values: (r) => replicationValues(r, path),
  };
}

/** A family of a single KPI. */
export function single(kpi: Kpi): KpiFamily {
  return { id: kpi.id, expand: () => [kpi] };
}

/** Union of the keys found under `keysOf(result)` across results, in first-seen order. */
export function unionKeys(results: readonly ResultDocument[], keysOf: (r: ResultDocument) => readonly string[]): string[] {
  const seen = new Set<string>();
  for (const r of results) for (const k of keysOf(r)) seen.add(k);
  return [...seen];
}

/** The KPI only for results where `present` holds (e.g. job figures only where jobs ran); undefined elsewhere. */
export function onlyWhere(kpi: Kpi, present: (result: ResultDocument) => boolean): Kpi {
  return { ...kpi, estimate: (r) => (present(r) ? kpi.estimate(r) : undefined), values: (r) => (present(r) ? kpi.values(r) : undefined) };
}

/** The KPI in another unit: every value and bound × `factor` (kg → t, kWh → MWh). */
export function scaled(kpi: Kpi, factor: number): Kpi {
  return {
    ...kpi,
    estimate: (r) => {
      const e = kpi.estimate(r);
      return e && scaleEstimate(e, factor);
    },
    values: (r) => kpi.values(r)?.map((v) => v * factor),
  };
}

/** An estimate with its mean, bounds and spread × `factor` (its method and no-spread flag kept). */
export function scaleEstimate(e: Estimate, factor: number): Estimate {
  return {
    ...e,
    mean: e.mean * factor,
    half_width: e.half_width === null ? null : e.half_width * factor,
    low: e.low === null ? null : e.low * factor,
    high: e.high === null ? null : e.high * factor,
    sd: e.sd * factor,
  };
}
