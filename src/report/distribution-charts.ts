import { isRecord } from '../support/is-record.js';
import { slug } from './html/safe-html.js';
import type { QuantileChartSpec } from './charts/chart-spec.js';
import { isEstimate, summaryKeys, valueAt } from './result-document.js';
import type { Entry } from './timeseries-charts.js';

/**
 * The measured quantiles of a sample summary (`{count, mean, p50, p95, p99, max}`, and any other
 * `pNN` / `pNN_N` field a newer result adds, e.g. p99_9) as CDF points: (value, probability).
 * Each value is the mean over replications of that replication's quantile. Nothing is interpolated.
 */
export function quantilePoints(summary: unknown): { p: number; value: number }[] | undefined {
  if (!isRecord(summary)) return undefined;
  const s = summary;
  const count = s.count;
  if (!isEstimate(count) || !(count.mean > 0)) return undefined;
  const points: { p: number; value: number }[] = [];
  for (const [key, e] of Object.entries(s)) {
    if (!isEstimate(e)) continue;
    const m = /^p(\d+)(?:_(\d+))?$/.exec(key);
    const p = key === 'max' ? 1 : m ? Number((Number(`${m[1]}.${m[2] ?? '0'}`) / 100).toPrecision(12)) : undefined;
    if (p !== undefined && p > 0 && p <= 1) points.push({ p, value: e.mean });
  }
  return points.length > 0 ? points.sort((a, b) => a.p - b.p) : undefined;
}

/**
 * The SLO target service `name` states for `field` (`ttft`, `tpot`) in every entry's scenario, when they all
 * state the same one: a chart of several results draws one rule, never a target only some of them had.
 */
function sloTarget(entries: readonly Entry[], name: string, field: 'ttft' | 'tpot'): { value: number; label: string } | undefined {
  const targets = entries.map((e) => {
    const workloads = valueAt(e.result.scenario, ['workloads']);
    const w = Array.isArray(workloads) ? (workloads as unknown[]).find((x) => isRecord(x) && x.name === name) : undefined;
    const v = isRecord(w) ? valueAt(w, ['slo', field]) : undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  });
  const first = targets[0];
  return first !== undefined && targets.every((v) => v === first) ? { value: first, label: 'SLO' } : undefined;
}

/**
 * A heavy tail spreads a distribution over orders of magnitude: when some series' p99 is more than
 * LOG_AXIS_SPREAD times its p50 (or its p50 is 0 while its p99 is not, as for waits most jobs never
 * have), a linear axis squeezes half the samples into its first pixels, so the chart takes a log axis.
 */
export const LOG_AXIS_SPREAD = 20;

export function heavyTailed(series: readonly { readonly points: readonly { readonly p: number; readonly value: number }[] }[]): boolean {
  return series.some((s) => {
    const p50 = s.points.find((q) => q.p === 0.5)?.value;
    const p99 = s.points.find((q) => q.p === 0.99)?.value;
    if (p50 === undefined || p99 === undefined || !(p99 > 0)) return false;
    return p50 <= 0 || p99 / p50 > LOG_AXIS_SPREAD;
  });
}

function chart(
  entries: readonly Entry[],
  path: readonly string[],
  id: string,
  kind: string,
  title: string,
  what: string,
  scope?: string,
  target?: { value: number; label: string },
): QuantileChartSpec | undefined {
  const series = entries.flatMap((e, i) => {
    const points = quantilePoints(valueAt(e.result.summary, path));
    return points ? [{ name: e.label, color: i, points }] : [];
  });
  if (series.length === 0) return undefined;
  const log = heavyTailed(series);
  return {
    type: 'quantiles',
    id,
    kind,
    ...(log && { xScale: 'log' as const }),
    ...(scope !== undefined && { scope }),
    ...(target && { target }),
    title,
    description: `Distribution of ${what}: the measured percentiles (p10 to p99.9) and the maximum, each the mean over replications of that replication's value (percentiles within 1% from a DDSketch). Dashed lines only join the measured points.${log ? ` The time axis is logarithmic: p99 exceeds ${LOG_AXIS_SPREAD} × p50, a tail a linear axis would squeeze the bulk of the samples against; zeros sit apart at the left edge.` : ''}`,
    x: { label: what, unit: 'seconds' },
    series,
  };
}

/** Wait and completion-time CDFs of all jobs, and TTFT, TPOT and end-to-end latency per inference service. */
export function distributionCharts(entries: readonly Entry[]): QuantileChartSpec[] {
  const out: (QuantileChartSpec | undefined)[] = [
    chart(entries, ['jobs', 'wait'], 'cdf-wait', 'wait-cdf', 'Job wait (submission to start), all jobs', 'wait'),
    chart(entries, ['jobs', 'completion_time'], 'cdf-completion', 'completion-cdf', 'Job completion time (submission to end), all jobs', 'completion time'),
  ];
  const services: string[] = [];
  for (const e of entries) for (const s of summaryKeys(e.result, ['inference'])) if (!services.includes(s)) services.push(s);
  services.forEach((s, k) => {
    out.push(
      chart(entries, ['inference', s, 'ttft'], `cdf-ttft-${slug(s, k)}`, 'ttft-cdf', `${s}: time to first token`, 'time to first token', s, sloTarget(entries, s, 'ttft')),
      chart(entries, ['inference', s, 'tpot'], `cdf-tpot-${slug(s, k)}`, 'tpot-cdf', `${s}: time per output token`, 'time per output token', s, sloTarget(entries, s, 'tpot')),
      chart(entries, ['inference', s, 'e2e'], `cdf-e2e-${slug(s, k)}`, 'e2e-cdf', `${s}: end-to-end latency`, 'end-to-end latency', s),
    );
  });
  return out.filter((c): c is QuantileChartSpec => c !== undefined);
}
