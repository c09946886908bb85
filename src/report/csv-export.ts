import { mustAt } from '../support/must-get.js';
import { chartTable } from './charts/render-chart.js';
import { csvTable } from './csv-writer.js';
import type { ReportModel } from './report-model.js';
import type { ResultDocument } from './result-document.js';
import { poolIds, poolSeries } from './timeseries-charts.js';

/** One CSV file of an export: name (no folder) and content. */
export interface CsvFile {
  readonly name: string;
  readonly content: string;
}

/**
 * Every table and time series of the report as CSV: `results.csv`, `kpis.csv` (long form, full
 * precision, deltas and significance), `assumptions.csv`, one file per chart (`<chart id>.csv`, the
 * table behind it) and, when the results are given, `timeseries.csv` with every replication's samples.
 */
export function reportCsvFiles(model: ReportModel, results?: readonly ResultDocument[]): CsvFile[] {
  const files: CsvFile[] = [];
  files.push({
    name: 'results.csv',
    content: csvTable(
      ['result', 'scenario', 'source', 'seed', 'replications', 'complete', 'baseline', ...model.parameters],
      model.entries.map((e, i) => [e.label, e.scenario, e.source ?? '', e.seed, e.replications, e.complete, i === model.baseline, ...model.parameters.map((p) => e.parameters?.[p] ?? '')]),
    ),
  });
  files.push({
    name: 'kpis.csv',
    content: csvTable(
      ['kpi_id', 'kpi', 'group', 'unit', 'better', 'result', 'mean', 'half_width', 'low', 'high', 'sd', 'n', 'delta', 'delta_low', 'delta_high', 'relative_delta', 'significant', 'delta_method'],
      model.kpis.flatMap((k) =>
        k.cells.map((c, i) => {
          const e = c.estimate;
          const d = c.delta;
          return [
            k.id,
            k.label,
            k.group,
            k.unit === 'usd' || !k.suffix ? k.unit : `${k.unit} ${k.suffix}`,
            k.better,
            mustAt(model.entries, i, 'entry').label,
            e?.mean,
            e?.half_width,
            e?.low,
            e?.high,
            e?.sd,
            e?.n,
            d?.diff,
            d?.low,
            d?.high,
            d?.relative,
            d?.significant ?? null,
            d?.method,
          ];
        }),
      ),
    ),
  });
  files.push({
    name: 'assumptions.csv',
    content: csvTable(
      ['section', 'assumption', ...model.entries.map((e) => e.label), 'differs'],
      model.assumptions.map((a) => [a.section, a.label, ...a.values, a.differs]),
    ),
  });
  for (const s of model.sections) {
    for (const f of s.figures) {
      const t = chartTable(f.chart);
      files.push({ name: `${f.chart.id}.csv`, content: csvTable(t.columns, t.rows) });
    }
  }
  if (results) {
    const entries = model.entries.map((e, i) => ({ label: e.label, result: mustAt(results, i, 'result') }));
    const rows: (string | number)[][] = [];
    for (const pool of poolIds(entries)) {
      for (const e of entries) {
        if (!poolSeries(e.result, pool)) continue;
        e.result.replications.forEach((r, k) => {
          const s = (r as { timeseries?: Record<string, { t: number[]; busy_devices: number[]; queue_length: number[] }> }).timeseries?.[pool];
          if (!s) return;
          s.t.forEach((t, j) => rows.push([e.label, pool, k, t, s.busy_devices[j] ?? '', s.queue_length[j] ?? '']));
        });
      }
    }
    if (rows.length > 0) files.push({ name: 'timeseries.csv', content: csvTable(['result', 'pool', 'replication', 't_seconds', 'busy_devices', 'queue_length'], rows) });
  }
  return files;
}
