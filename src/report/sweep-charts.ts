import type { HeatmapChartSpec, LineChartSpec, ParetoChartSpec } from './charts/chart-spec.js';
import type { Kpi, KpiUnit } from './kpi-definition.js';
import { paretoFront } from '../metrics/pareto-front.js';
import type { ResultDocument } from './result-document.js';

/** One variant of a sweep: the parameter values that made it and its result. */
export interface SweepVariant {
  readonly id?: string;
  /** numbers and strings as they are; other JSON values (booleans, null, lists) are shown as JSON text */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly result: ResultDocument;
}

/** Parameter values for tables and axes: numbers and strings as they are, anything else as JSON text. */
export function normaliseParameters(p: Readonly<Record<string, unknown>>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))]));
}

export interface SweepEntry {
  readonly label: string;
  readonly result: ResultDocument;
  readonly parameters: Readonly<Record<string, number | string>>;
}

/**
 * Parameters whose values differ between variants, in first-seen order, with their sorted values.
 * A parameter that is a function of an earlier one (a derived value such as `finetune_rate =
 * research_rate × 2.7`) is left out unless `includeDerived` (tables show it; chart axes do not).
 */
export function varyingParameters(entries: readonly SweepEntry[], options: { includeDerived?: boolean } = {}): { name: string; values: (number | string)[] }[] {
  const names: string[] = [];
  for (const e of entries) for (const k of Object.keys(e.parameters)) if (!names.includes(k)) names.push(k);
  const kept: { name: string; values: (number | string)[] }[] = [];
  for (const name of names) {
    const values = [...new Set(entries.map((e) => e.parameters[name]).filter((v): v is number | string => v !== undefined))];
    if (values.length < 2) continue;
    if (!options.includeDerived && kept.some((k) => determines(entries, k.name, name))) continue;
    values.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en', { numeric: true })));
    kept.push({ name, values });
  }
  return kept;
}

/** Whether each value of parameter `a` goes with a single value of `b` across the variants. */
function determines(entries: readonly SweepEntry[], a: string, b: string): boolean {
  const seen = new Map<string, string>();
  for (const e of entries) {
    const ka = JSON.stringify(e.parameters[a] ?? null);
    const kb = JSON.stringify(e.parameters[b] ?? null);
    const prev = seen.get(ka);
    if (prev !== undefined && prev !== kb) return false;
    seen.set(ka, kb);
  }
  return true;
}

const axisOf = (k: Kpi) => ({ label: k.label, unit: k.unit, ...(k.suffix !== undefined && { suffix: k.suffix }) });

/** KPI over the swept parameters: a line (one numeric parameter) or heat maps (two or more). */
export function sweepKpiCharts(entries: readonly SweepEntry[], kpi: Kpi, idPrefix: string): { charts: (LineChartSpec | HeatmapChartSpec)[]; notes: string[] } {
  const params = varyingParameters(entries);
  const withValue = entries.flatMap((e) => {
    const est = kpi.estimate(e.result);
    return est ? [{ e, est }] : [];
  });
  const [p1, p2, ...rest] = params;
  if (p1 === undefined || withValue.length === 0) return { charts: [], notes: [] };
  if (!p2 && p1.values.every((v) => typeof v === 'number')) {
    const pts = withValue
      .flatMap((w) => {
        const x = w.e.parameters[p1.name];
        return typeof x === 'number' ? [{ x, est: w.est }] : [];
      })
      .sort((a, b) => a.x - b.x);
    return {
      charts: [
        {
          type: 'line',
          id: `${idPrefix}-line`,
          kind: 'sweep-line',
          scope: kpi.id,
          title: `${kpi.label} against ${p1.name}`,
          description: `Mean over replications for each value of ${p1.name}; vertical bars are 95% confidence intervals.`,
          x: { label: p1.name, unit: 'number' },
          y: axisOf(kpi),
          series: [{ name: kpi.label, color: 0, points: pts.map((w) => [w.x, w.est.mean] as const) }],
          errorBars: pts.flatMap(({ x, est: { low, high } }) => (low !== null && high !== null ? [{ series: 0, x, low, high }] : [])),
        },
      ],
      notes: [],
    };
  }
  const xParam = p1;
  const yParam = p2 ?? { name: '(none)', values: [''] };
  const groups = new Map<string, typeof withValue>();
  for (const w of withValue) {
    const key = rest.map((p) => `${p.name} = ${String(w.e.parameters[p.name] ?? '')}`).join(', ');
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  const MAX_HEATMAPS = 6;
  const keys = [...groups.keys()];
  const charts: HeatmapChartSpec[] = [...groups].slice(0, MAX_HEATMAPS).map(([key, group], g) => {
    const seen = new Set<string>();
    const cells = group.flatMap((w) => {
      const x = w.e.parameters[xParam.name];
      const y = p2 ? w.e.parameters[p2.name] : '';
      const cell = `${String(x)}\u0000${String(y)}`;
      if (x === undefined || y === undefined || seen.has(cell)) return [];
      seen.add(cell);
      return [{ x, y, value: w.est.mean, label: w.e.label }];
    });
    return {
      type: 'heatmap' as const,
      id: `${idPrefix}-heatmap-${g}`,
      kind: 'sweep-heatmap',
      scope: kpi.id,
      title: `${kpi.label} over ${xParam.name} × ${yParam.name}${key ? ` (${key})` : ''}`,
      description: `Mean over replications of each variant; ${kpi.better === 'neither' ? 'colour shows the value' : `brighter is better (${kpi.better} is better)`}.`,
      xParameter: xParam.name,
      yParameter: yParam.name,
      xValues: xParam.values,
      yValues: yParam.values,
      value: axisOf(kpi),
      better: kpi.better,
      cells,
    };
  });
  const notes =
    keys.length > MAX_HEATMAPS
      ? [`Heat maps shown for the first ${MAX_HEATMAPS} of ${keys.length} combinations of ${rest.map((p) => p.name).join(', ')}; every variant is in the table and the CSV.`]
      : [];
  return { charts, notes };
}

/**
 * Cost against service level over the variants, Pareto-optimal ones marked: the chart of a comparison
 * that has no front of its own (a sweep's report draws its analysis's front, `decidedParetoChart`).
 */
export function paretoChart(entries: readonly SweepEntry[], cost: Kpi, service: Kpi, id = 'pareto'): ParetoChartSpec | undefined {
  const pts = entries.flatMap((e) => {
    const c = cost.estimate(e.result);
    const s = service.estimate(e.result);
    return c && s ? [{ label: e.label, x: c.mean, y: s.mean }] : [];
  });
  if (pts.length < 2) return undefined;
  const yBetter = service.better === 'higher' ? 'higher' : 'lower';
  const front = paretoFront(pts.map((p) => [p.x, yBetter === 'higher' ? -p.y : p.y]));
  const onFront = front.filter(Boolean).length;
  return {
    type: 'pareto',
    id,
    kind: 'pareto',
    title: `${cost.label} against ${service.label}: the Pareto front`,
    description: `Each point is a variant (means over replications). Joined, larger points are Pareto-optimal: no other variant is both cheaper and better on ${service.label} (${yBetter} is better). ${onFront} of ${pts.length} variants ${onFront === 1 ? 'is' : 'are'} on the front.`,
    x: axisOf(cost),
    y: axisOf(service),
    yBetter,
    points: pts.map((p, i) => ({ ...p, front: front[i] ?? false })),
  };
}

/** One objective of a sweep as a chart axis. */
export interface ObjectiveAxis {
  readonly label: string;
  readonly unit: KpiUnit;
  readonly direction: 'minimise' | 'maximise';
}

/**
 * A Pareto front a sweep's analysis decided (src/sweep/analysis.ts): its feasible variants on its
 * first two objectives, with the analysis's own verdict of which are on the front. The report draws
 * it and decides nothing, so the HTML names the same variants as the command line and the JSON.
 */
export interface DecidedPareto {
  readonly x: ObjectiveAxis;
  readonly y: ObjectiveAxis;
  /** how many objectives the front is over (the chart shows the first two) */
  readonly objectives: number;
  /** variants in the sweep, of which `points` are the feasible ones */
  readonly variants: number;
  readonly points: readonly { readonly label: string; readonly x: number; readonly y: number; readonly front: boolean }[];
}

/** The chart of a decided front; undefined when no variant is feasible (nothing to draw). */
export function decidedParetoChart(p: DecidedPareto, id = 'pareto'): ParetoChartSpec | undefined {
  if (p.points.length === 0) return undefined;
  const onFront = p.points.filter((q) => q.front).length;
  const word = (a: ObjectiveAxis) => `${a.direction} ${a.label}`;
  const more = p.objectives > 2 ? ` The front is over all ${p.objectives} objectives; the chart shows the first two.` : '';
  return {
    type: 'pareto',
    id,
    kind: 'pareto',
    title: `${p.x.label} against ${p.y.label}: the Pareto front of the sweep`,
    description: `Each point is a feasible variant (${p.points.length} of ${p.variants}; means over replications). Joined, larger points are Pareto-optimal for the sweep's objectives (${word(p.x)}, ${word(p.y)}): no other feasible variant is at least as good on every objective and better on one. ${onFront} ${onFront === 1 ? 'variant is' : 'variants are'} on the front.${more}`,
    x: { label: p.x.label, unit: p.x.unit },
    y: { label: p.y.label, unit: p.y.unit },
    yBetter: p.y.direction === 'maximise' ? 'higher' : 'lower',
    points: p.points,
  };
}
