import { mustAt } from '../support/must-get.js';
import type { Estimate } from '../metrics/confidence-interval.js';
import { kpiDelta, type Delta } from './kpi-delta.js';
import type { Kpi, KpiFamily } from './kpi-definition.js';
import { KPI_FAMILIES, kpisFor } from './kpis.js';
import { horizonsDiffer } from './planning-horizons.js';
import type { ResultDocument } from './result-document.js';

/** One KPI across the results: estimates and deltas against the baseline (plain data, embeddable). */
export interface KpiRow extends Pick<Kpi, 'id' | 'label' | 'group' | 'unit' | 'suffix' | 'better'> {
  readonly headline: boolean;
  /** per result, in entry order; null where the result lacks the figure */
  readonly cells: readonly { readonly estimate: Estimate | null; readonly delta: Delta | null }[];
}

/**
 * The KPI table: every registry KPI some result has, minus rows that are exactly zero in every result
 * (e.g. failures in a scenario without failures). Deltas are against `baseline` (none in its own column).
 */
export function kpiRows(results: readonly ResultDocument[], baseline: number, families: readonly KpiFamily[] = KPI_FAMILIES): KpiRow[] {
  const base = results[baseline];
  // Totals over different planning horizons are not comparable: no delta, not a headline.
  const differ = horizonsDiffer(results);
  const rows: KpiRow[] = [];
  for (const kpi of kpisFor(results, families)) {
    const estimates = results.map((r) => kpi.estimate(r) ?? null);
    if (estimates.every((e) => e === null || (e.mean === 0 && e.sd === 0))) continue;
    const incomparable = differ && kpi.horizonTotal === true;
    rows.push({
      id: kpi.id,
      label: kpi.label,
      group: kpi.group,
      unit: kpi.unit,
      ...(kpi.suffix !== undefined && { suffix: kpi.suffix }),
      better: kpi.better,
      headline: kpi.headline === true && !incomparable,
      cells: results.map((r, i) => ({
        estimate: mustAt(estimates, i, 'estimate'),
        delta: base === undefined || i === baseline || incomparable ? null : (kpiDelta(kpi, base, r) ?? null),
      })),
    });
  }
  return rows;
}
