import { renderHtmlReport } from '../report/html-report.js';
import { buildReport, sweepReportInputs } from '../report/report-model.js';
import type { SweepResultHeader } from './sweep-result-header.js';
import type { VariantRecord } from './variant-record.js';

/** Sweeps with more variants than this get no HTML report (JSON, CSV and Markdown only): it would be too big to read. */
export const MAX_HTML_VARIANTS = 2000;

/**
 * The self-contained HTML report of a sweep, by the report layer (src/report/): one row per variant,
 * KPI charts over the swept parameters, the Pareto front of cost and service. Byte-reproducible: it
 * depends only on the records, so a merged sweep's report equals a single-process run's.
 */
export function sweepHtml(header: SweepResultHeader, records: readonly VariantRecord[]): string {
  const inputs = sweepReportInputs(records.map((r) => ({ id: `variant ${r.index}`, parameters: r.parameters, result: r.result })));
  const model = buildReport(inputs, { title: `Sweep ${header.sweep.name}`, command: `simulate sweep (${header.sweep.name}, ${header.sweep.hash.slice(0, 19)})` });
  return renderHtmlReport(model);
}
