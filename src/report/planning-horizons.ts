import { SECONDS_PER_YEAR } from '../cost/planning-calendar.js';
import { formatNumber } from './format-units.js';
import { summaryEstimate, type ResultDocument } from './result-document.js';

/**
 * Cost figures summed over a planning horizon (TCO, cash, energy over the horizon) compare only
 * between results with the same horizon: 5 years of TCO is not "+60 %" of 3 years. A report of
 * results with different horizons annualises them (per year) and warns; this module says when.
 * The horizon is read from `summary.cost.horizon_seconds`, which compact sweep results keep too.
 */

/** s, the result's planning horizon; undefined when it has no cost section (costs: none, or an old result). */
export function planningHorizon(result: ResultDocument): number | undefined {
  return summaryEstimate(result, ['cost', 'horizon_seconds'])?.mean;
}

/** Whether the costed results have more than one planning horizon between them. */
export function horizonsDiffer(results: readonly ResultDocument[]): boolean {
  return new Set(results.map(planningHorizon).filter((h) => h !== undefined)).size > 1;
}

/** The warning a report prints (stderr, and a banner in HTML and Markdown) when horizons differ; undefined when they do not. */
export function horizonWarning(entries: readonly { readonly label: string; readonly result: ResultDocument }[]): string | undefined {
  if (!horizonsDiffer(entries.map((e) => e.result))) return undefined;
  const each = entries.flatMap((e) => {
    const h = planningHorizon(e.result);
    return h === undefined ? [] : [`${e.label} ${formatNumber(h / SECONDS_PER_YEAR)} years`];
  });
  return `the results' planning horizons differ (${each.join(', ')}): totals over the horizon (TCO, NPV, cash, energy, emissions) are not comparable and get no delta; compare the annualised figures (per year) instead`;
}
