import { breakEven } from '../cost/break-even.js';
import { costCategories, type BuildVsBuyResult, type SensitivityResult } from '../cost/cost-result.js';
import { isRecord } from '../support/is-record.js';
import { mustAt } from '../support/must-get.js';
import { slug } from './html/safe-html.js';
import type { LineChartSpec, StackedBarChartSpec, TornadoChartSpec } from './charts/chart-spec.js';
import { formatNumber } from './format-units.js';
import { formatUsd } from './kpi-format.js';
import { isEstimate, sequence, valueAt, type ResultDocument } from './result-document.js';
import type { Entry } from './timeseries-charts.js';

/**
 * Charts of the `cost` section (src/cost/cost-result.ts): the TCO breakdown by category, cumulative
 * cash over the planning horizon with break-even points, the owning-vs-renting comparison and the
 * sensitivity tornado. Each renders only when its data exist.
 *
 * Per-scenario analyses (one answer, not per replication) are read from `cost_analysis` at the top
 * level of a result (src/simulate.ts): `sensitivity` (a SensitivityResult), `build_vs_buy` (a map
 * pool → BuildVsBuyResult, a list or one) and `basis` (plain-language statements).
 */

const estimateMean = (v: unknown): number | undefined => (isEstimate(v) ? v.mean : typeof v === 'number' ? v : undefined);

/** The planning-horizon TCO by category, one bar per result with a `cost` section. */
export function costBreakdownChart(entries: readonly Entry[]): StackedBarChartSpec | undefined {
  const rows = entries.flatMap((e) => {
    const by = valueAt(e.result.summary, ['cost', 'by_category']);
    if (by === undefined) return [];
    return [{ e, values: costCategories.map((c) => estimateMean(valueAt(by, [c])) ?? 0) }];
  });
  if (rows.length === 0) return undefined;
  const used = costCategories.map((_, j) => rows.some((r) => mustAt(r.values, j, 'cost category') > 0));
  const components = costCategories.filter((_, j) => used[j]);
  if (components.length === 0) return undefined;
  return {
    type: 'stacked-bars',
    id: 'cost-breakdown',
    kind: 'cost-breakdown',
    title: 'Total cost of ownership by category over the planning horizon',
    description: `Accounting cost (depreciation within the horizon, operating costs as incurred), mean over replications, split into ${components.length} categories: ${components.map(label).join(', ')}.`,
    x: { label: 'cost over the planning horizon', unit: 'usd' },
    bars: rows.map((r) => r.e.label),
    components: components.map(label),
    values: rows.map((r) => r.values.filter((_, j) => used[j])),
  };
}

const label = (category: string) => category.replaceAll('_', ' ');

/** Mean cumulative cash by month (index 0 = end of month 1), or undefined. */
export function cumulativeCash(result: ResultDocument): number[] | undefined {
  const seq = sequence(valueAt(result.summary, ['cost', 'per_month', 'cumulative_cash']));
  if (!seq || seq.length === 0) return undefined;
  const out = seq.map(estimateMean);
  return out.every((v): v is number => v !== undefined) ? out : undefined;
}

// break-even is a cost computation (src/cost/break-even.ts); re-exported for the report's callers
export { breakEven } from '../cost/break-even.js';

/** Cumulative cash over the horizon, one line per result, break-even points against the baseline marked. */
export function cumulativeCostChart(entries: readonly Entry[], baseline: number): { chart: LineChartSpec; notes: string[] } | undefined {
  const rows = entries.flatMap((e, i) => {
    const c = cumulativeCash(e.result);
    return c ? [{ e, i, c }] : [];
  });
  if (rows.every((r) => r.c.every((v) => v === 0))) return undefined;
  const base = rows.find((r) => r.i === baseline);
  const markers: { x: number; y: number; label: string }[] = [];
  const notes: string[] = [];
  if (base) {
    for (const r of rows) {
      if (r === base) continue;
      const be = breakEven(base.c, r.c);
      if (be) {
        markers.push({ x: be.month, y: be.value, label: `${r.e.label} = ${base.e.label} at month ${formatNumber(be.month)}` });
        notes.push(
          be.otherCheaperAfter
            ? `${r.e.label} costs more cash than ${base.e.label} until month ${formatNumber(be.month)} and less afterwards (break-even).`
            : `${r.e.label} costs less cash than ${base.e.label} until month ${formatNumber(be.month)} and more afterwards.`,
        );
      } else {
        const last = Math.min(base.c.length, r.c.length) - 1;
        const d = mustAt(r.c, last, 'month') - mustAt(base.c, last, 'month');
        notes.push(
          `${r.e.label} and ${base.e.label} do not break even within the horizon: ${r.e.label} ${d <= 0 ? 'costs less' : 'costs more'} cash throughout (${formatUsd(Math.abs(d))} ${d <= 0 ? 'less' : 'more'} at the end).`,
        );
      }
    }
  }
  return {
    chart: {
      type: 'line',
      id: 'cost-cumulative',
      kind: 'cumulative-cost',
      title: 'Cumulative cash out over the planning horizon',
      description: `Cash paid (capex when ordered or loan instalments, operating costs as incurred), summed month by month, mean over replications${base ? `; circles mark where a scenario's cumulative cost crosses the baseline ${base.e.label}` : ''}.`,
      x: { label: 'month', unit: 'number' },
      y: { label: 'cumulative cash', unit: 'usd' },
      series: rows.map((r) => ({ name: r.e.label, color: r.i, points: r.c.map((v, m) => [m + 1, v] as const) })),
      markers,
    },
    notes,
  };
}

function analysis(result: ResultDocument, key: 'sensitivity' | 'build_vs_buy'): unknown {
  return valueAt(result, ['cost_analysis', key]) ?? valueAt(result, [key]);
}

function isSensitivity(v: unknown): v is SensitivityResult {
  return (
    isRecord(v) && typeof v['base_value'] === 'number' && Array.isArray(v['rows']) && v['rows'].every((r) => isRecord(r) && typeof r['low_value'] === 'number' && typeof r['high_value'] === 'number')
  );
}

function isBuildVsBuy(v: unknown): v is BuildVsBuyResult {
  return isRecord(v) && typeof v['pool'] === 'string' && Array.isArray(v['cumulative_owning_cash']) && Array.isArray(v['cumulative_renting_cash']);
}

const metricAxis = (metric: string) =>
  metric === 'per_gpu_hour'
    ? { label: 'cost per delivered GPU-hour', unit: 'usd' as const, suffix: '/GPU-h' }
    : { label: metric === 'npv' ? 'net present value of cash out' : 'TCO over the planning horizon', unit: 'usd' as const };

function setting(driver: string, x: number): string {
  return driver === 'cloud_discount' ? `${x >= 0 ? '+' : '−'}${Number((Math.abs(x) * 100).toPrecision(3))} pp` : `×${Number(x.toPrecision(3))}`;
}

/** One tornado per result that carries a sensitivity analysis. */
export function tornadoCharts(entries: readonly Entry[]): TornadoChartSpec[] {
  return entries.flatMap((e, i) => {
    const s = analysis(e.result, 'sensitivity');
    if (!isSensitivity(s) || s.rows.length === 0 || (s.base_value === 0 && s.rows.every((r) => r.low_value === 0 && r.high_value === 0))) return [];
    return [
      {
        type: 'tornado' as const,
        id: `tornado-${slug(e.label, i)}`,
        kind: 'tornado',
        scope: e.label,
        title: `${e.label}: what moves the ${metricAxis(s.metric).label}`,
        description: `One input at a time set to its low and high setting, every other input at base (${formatUsd(s.base_value)}); drivers sorted by swing, largest first.`,
        x: metricAxis(s.metric),
        base: s.base_value,
        rows: s.rows.map((r) => ({ label: label(r.driver), lowSetting: setting(r.driver, r.low_setting), highSetting: setting(r.driver, r.high_setting), low: r.low_value, high: r.high_value })),
      },
    ];
  });
}

/** Owning vs renting the same delivered device-hours, per owned pool, break-even month marked. */
export function buildVsBuyCharts(entries: readonly Entry[]): { chart: LineChartSpec; notes: string[] }[] {
  return entries.flatMap((e, i) => {
    const raw = analysis(e.result, 'build_vs_buy');
    // a list, one result, or a map pool → result (simulate.ts writes the map)
    const list = (Array.isArray(raw) ? raw : isBuildVsBuy(raw) ? [raw] : raw !== null && typeof raw === 'object' ? Object.values(raw) : []).filter(isBuildVsBuy);
    return list.map((b, k) => {
      const month = b.break_even_month;
      const notes = [
        `Renting costs ${formatUsd(b.rental_price_per_device_hour)} per device-hour; owning costs ${formatUsd(b.owned_per_delivered_device_hour)} per delivered device-hour at the measured utilisation of ${formatNumber(b.measured_utilisation * 100)} %.`,
        b.break_even_utilisation < 0 || b.break_even_utilisation > 1
          ? 'Owning never breaks even on utilisation: even a fully used owned device costs more per hour than renting.'
          : `Owning and renting cost the same per delivered device-hour at ${formatNumber(b.break_even_utilisation * 100)} % utilisation.`,
        month > 0
          ? `Cumulative owning cash falls to or below renting at the end of month ${month}${typeof b.break_even_date === 'string' ? ` (${b.break_even_date})` : ''}.`
          : 'Cumulative owning cash stays above renting over the whole horizon.',
      ];
      const atMonth = b.cumulative_owning_cash[month - 1];
      return {
        chart: {
          type: 'line' as const,
          id: `build-vs-buy-${slug(e.label, i)}-${k}`,
          kind: 'build-vs-buy',
          scope: `${e.label} ${b.pool}`,
          title: `${e.label}, ${b.pool}: owning vs renting, cumulative cash`,
          description: `Cumulative cash of owning the pool against renting the same delivered device-hours at ${formatUsd(b.rental_price_per_device_hour)}/device-h, month by month${month > 0 ? `; the circle marks break-even at month ${month}` : ''}.`,
          x: { label: 'month', unit: 'number' as const },
          y: { label: 'cumulative cash', unit: 'usd' as const },
          series: [
            { name: 'own', color: 0, points: b.cumulative_owning_cash.map((v, m) => [m + 1, v] as const) },
            { name: 'rent', color: 1, points: b.cumulative_renting_cash.map((v, m) => [m + 1, v] as const) },
          ],
          markers: month > 0 && atMonth !== undefined ? [{ x: month, y: atMonth, label: `break-even at month ${month}` }] : [],
        },
        notes,
      };
    });
  });
}

/** Plain-language basis of the cost figures (cost_analysis.basis / cost_basis), first result that has it. */
export function costBasisNotes(entries: readonly Entry[]): string[] {
  for (const e of entries) {
    const basis = valueAt(e.result, ['cost_analysis', 'basis']) ?? valueAt(e.result, ['cost_basis']);
    if (basis && typeof basis === 'object') return Object.values(basis).filter((v): v is string => typeof v === 'string');
  }
  return [];
}
