import { basename } from 'node:path';
import { mustAt } from '../support/must-get.js';
import { assumptionRows, type AssumptionRow } from './assumptions.js';
import type { ChartSpec } from './charts/chart-spec.js';
import { decisionSummary, type CheckedTargets, type DecisionSummary } from './decision-summary.js';
import { buildVsBuyCharts, costBasisNotes, costBreakdownChart, cumulativeCostChart, tornadoCharts } from './cost-charts.js';
import { distributionCharts } from './distribution-charts.js';
import type { Kpi, KpiFamily } from './kpi-definition.js';
import { commonRandomNumbers } from './kpi-delta.js';
import { kpiRows, type KpiRow } from './kpi-table.js';
import { apiSpendNotes, tokenBuildVsBuyNotes } from './token-notes.js';
import { FLEET_DEVICES_KPI, KPI_FAMILIES, kpisFor } from './kpis.js';
import { replicationCount, type ResultDocument } from './result-document.js';
import { decidedParetoChart, normaliseParameters, paretoChart, sweepKpiCharts, varyingParameters, type DecidedPareto, type SweepEntry, type SweepVariant } from './sweep-charts.js';
import { timeSeriesCharts } from './timeseries-charts.js';
import { pipelineCharts } from './pipeline-charts.js';
import { horizonWarning } from './planning-horizons.js';
import { NO_COSTS_LINE } from './text-summary.js';
import { lakeFigures } from './lake-charts.js';

/** One result to report on. */
export interface ReportInput {
  readonly result: ResultDocument;
  /** column label; default the variant id or parameters, else the scenario name (made unique) */
  readonly label?: string;
  /** where it came from (a file name), shown in the header */
  readonly source?: string;
  /** sweep parameters; default `result.variant.parameters` (non-numbers shown as text) */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

export interface ReportOptions {
  readonly title?: string;
  /** the column deltas are taken against: a label, a scenario name or an index; default the first */
  readonly baseline?: string | number;
  /** the KPI registry to use (default KPI_FAMILIES) */
  readonly kpiFamilies?: readonly KpiFamily[];
  /** KPI ids for the sweep's Pareto front and heat maps (defaults: TCO or fleet size; p95 wait or SLO attainment) */
  readonly costKpi?: string;
  readonly serviceKpi?: string;
  /** a sweep's own Pareto front (its objectives, its feasible variants): drawn instead of cost against service */
  readonly pareto?: DecidedPareto;
  /** how the report was made, printed in the footer (no timestamps: output is byte-reproducible) */
  readonly command?: string;
  /** targets a higher layer checked per input (a sweep's constraints and --assert gates): the summary says who meets them */
  readonly checkedTargets?: CheckedTargets;
}

export interface ReportEntry {
  readonly label: string;
  readonly scenario: string;
  readonly description?: string;
  readonly source?: string;
  readonly seed: number;
  readonly replications: number;
  readonly complete: boolean;
  readonly parameters?: Readonly<Record<string, number | string>>;
}

export interface ReportFigure {
  readonly chart: ChartSpec;
  readonly notes: readonly string[];
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly intro?: string;
  readonly figures: readonly ReportFigure[];
  readonly notes: readonly string[];
}

/** Everything a report shows, as plain data: the HTML, Markdown and CSV renderers read only this. */
export interface ReportModel {
  readonly title: string;
  readonly command?: string;
  readonly entries: readonly ReportEntry[];
  readonly baseline: number;
  /** `side-by-side`: KPIs as rows, one column per result; `variants`: one row per result (sweeps, > 8 results) */
  readonly layout: 'side-by-side' | 'variants';
  /** swept parameters that vary between results */
  readonly parameters: readonly string[];
  /** said loudly: a banner on the page and a `warning:` line on stderr (e.g. planning horizons that differ) */
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  /** what the report opens with: each option's TCO, service figures, break-even and verdict on the stated targets */
  readonly decision: DecisionSummary;
  readonly assumptions: readonly AssumptionRow[];
  readonly kpis: readonly KpiRow[];
  readonly sections: readonly ReportSection[];
}

/** Beyond this many results, the report lists them as variants and leaves out per-result time series. */
export const MAX_SIDE_BY_SIDE = 8;

/** Index of the baseline among labels, scenario names or as an index; -1 when there is no such result. */
export function findBaseline(entries: readonly { label: string; scenario: string }[], baseline: string | number | undefined): number {
  if (baseline === undefined) return 0;
  if (typeof baseline === 'number') return Number.isInteger(baseline) && baseline >= 0 && baseline < entries.length ? baseline : -1;
  const byLabel = entries.findIndex((e) => e.label === baseline);
  return byLabel >= 0 ? byLabel : entries.findIndex((e) => e.scenario === baseline);
}

function parameterText(p: Readonly<Record<string, unknown>>): string {
  return Object.entries(normaliseParameters(p))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** Labels: given, else variant id / parameters, else scenario name; duplicates get the file name or a number. */
function labels(inputs: readonly ReportInput[]): string[] {
  const first = inputs.map((i) => {
    const params = i.parameters ?? i.result.variant?.parameters;
    return { label: i.label ?? i.result.variant?.id ?? (params && Object.keys(params).length > 0 ? parameterText(params) : i.result.scenario.name), source: i.source };
  });
  const count = new Map<string, number>();
  for (const { label: l } of first) count.set(l, (count.get(l) ?? 0) + 1);
  const used = new Set<string>();
  return first.map(({ label: l, source: src }, i) => {
    let label = l;
    if ((count.get(l) ?? 0) > 1) {
      label = src ? `${l} (${basename(src)})` : `${l} #${i + 1}`;
    }
    while (used.has(label)) label = `${label} #${i + 1}`;
    used.add(label);
    return label;
  });
}

function pickKpi(kpis: readonly Kpi[], results: readonly ResultDocument[], wanted: string | undefined, preferences: readonly RegExp[], fallback?: Kpi): Kpi | undefined {
  if (wanted !== undefined) return kpis.find((k) => k.id === wanted);
  const hasData = (k: Kpi) =>
    results.some((r) => {
      const e = k.estimate(r);
      return e !== undefined && (e.mean !== 0 || e.sd !== 0);
    });
  for (const re of preferences) {
    const k = kpis.find((x) => re.test(x.id) && hasData(x));
    if (k) return k;
  }
  return fallback;
}

/** @throws RangeError when there are no inputs or the baseline or a requested KPI is not found */
export function buildReport(inputs: readonly ReportInput[], options: ReportOptions = {}): ReportModel {
  if (inputs.length === 0) throw new RangeError('a report needs at least one result');
  const names = labels(inputs);
  const entries: ReportEntry[] = inputs.map((input, i) => {
    const s = input.result.scenario;
    const params = input.parameters ?? input.result.variant?.parameters;
    return {
      label: mustAt(names, i, 'label'),
      scenario: s.name,
      ...(typeof s.description === 'string' && { description: s.description }),
      ...(input.source !== undefined && { source: input.source }),
      seed: s.seed,
      replications: replicationCount(input.result),
      complete: input.result.complete !== false,
      ...(params && { parameters: normaliseParameters(params) }),
    };
  });
  const baseline = findBaseline(entries, options.baseline);
  if (baseline < 0) throw new RangeError(`no result named '${String(options.baseline)}' to use as the baseline (have: ${entries.map((e) => e.label).join(', ')})`);
  const results = inputs.map((i) => i.result);
  const families = options.kpiFamilies ?? KPI_FAMILIES;
  const paired = entries.map((e, i) => ({ e, r: mustAt(results, i, 'result') }));
  const view = paired.map(({ e, r }) => ({ label: e.label, result: r }));
  const layout = entries.length > MAX_SIDE_BY_SIDE ? 'variants' : 'side-by-side';
  const kpis = kpiRows(results, baseline, families);

  const warnings: string[] = [];
  const horizons = horizonWarning(view);
  if (horizons) warnings.push(horizons);
  const notes: string[] = [];
  for (const { e, r } of paired) if (r.scenario.costs === 'none') notes.push(`${e.label}: ${NO_COSTS_LINE}.`);
  paired.forEach(({ e, r }) => {
    // (a result file is input: only a string reason is shown)
    const reason: unknown = r.overload?.reason;
    if (typeof reason === 'string') notes.push(`${e.label} is overloaded and was stopped early: ${reason}; its figures cover only the simulated part.`);
    else if (!e.complete) notes.push(`${e.label} is incomplete: a limit stopped a replication before the horizon, so its figures cover only the simulated part.`);
  });
  const { e: baseEntry, r: base } = mustAt(paired, baseline, 'baseline');
  if (entries.length > 1) {
    const others = paired.filter((_, i) => i !== baseline);
    const unshared = others.filter((o) => !commonRandomNumbers(base, o.r)).map((o) => o.e.label);
    const compact = base.replications.length === 0 || others.some((o) => o.r.replications.length === 0);
    const against = `Deltas are against ${baseEntry.label}`;
    if (unshared.length > 0) {
      notes.push(
        `${against}. ${unshared.join(', ')} ${unshared.length === 1 ? 'does' : 'do'} not share its seed and replication count, so ${unshared.length === 1 ? 'its' : 'their'} deltas use Welch's unpaired interval (wider).`,
      );
    } else if (compact) {
      notes.push(
        `${against}. The results share seed and replication count (common random numbers), but some carry no per-replication figures (compact sweep results), so deltas use Welch's unpaired interval, which is wider than the paired one would be.`,
      );
    } else {
      notes.push(
        `${against}, paired replication by replication: every scenario ran with the same seed and replication count (common random numbers), so a difference reflects the scenarios, not the luck of the draw.`,
      );
    }
  }
  notes.push(...tokenBuildVsBuyNotes(view));
  if (entries.some((e) => e.replications < 2))
    notes.push('With a single replication there is no confidence interval: differences cannot be called significant. Run at least 2 (5 or more recommended).');

  const sections: ReportSection[] = [];
  if (layout === 'side-by-side') {
    const ts = timeSeriesCharts(view);
    if (ts.length > 0) sections.push({ id: 'over-time', title: 'Utilisation and queues over time', figures: ts.map((chart) => ({ chart, notes: [] })), notes: [] });
  }
  const dist = layout === 'side-by-side' ? distributionCharts(view) : [];
  if (dist.length > 0) sections.push({ id: 'distributions', title: 'Waits and latencies', figures: dist.map((chart) => ({ chart, notes: [] })), notes: [] });
  const gantt = layout === 'side-by-side' ? pipelineCharts(view) : [];
  if (gantt.length > 0) sections.push({ id: 'pipelines', title: 'Pipeline runs', figures: gantt.map((chart) => ({ chart, notes: [] })), notes: [] });

  const costFigures: ReportFigure[] = [];
  const breakdown = costBreakdownChart(view);
  if (breakdown && layout === 'side-by-side') costFigures.push({ chart: breakdown, notes: apiSpendNotes(view) });
  if (layout === 'side-by-side') {
    const cumulative = cumulativeCostChart(view, baseline);
    if (cumulative) costFigures.push({ chart: cumulative.chart, notes: cumulative.notes });
    for (const b of buildVsBuyCharts(view)) costFigures.push({ chart: b.chart, notes: b.notes });
    for (const t of tornadoCharts(view)) costFigures.push({ chart: t, notes: [] });
  }
  const basis = costFigures.length > 0 ? costBasisNotes(view) : [];
  if (costFigures.length > 0) sections.push({ id: 'cost', title: 'Cost over the planning horizon', figures: costFigures, notes: basis });

  const lakes = layout === 'side-by-side' ? lakeFigures(view) : [];
  if (lakes.length > 0) sections.push({ id: 'lakes', title: 'Data lakes over the planning horizon', figures: lakes, notes: [] });

  const sweepEntries: SweepEntry[] = paired.flatMap(({ e, r }) => (e.parameters ? [{ label: e.label, result: r, parameters: e.parameters }] : []));
  const varying = varyingParameters(sweepEntries);
  if (varying.length > 0) {
    const all = kpisFor(results, families);
    const cost = pickKpi(all, results, options.costKpi, [/^cost\.total_per_year$/, /^cost\.total$/, /^cost\.per_gpu_hour$/], FLEET_DEVICES_KPI);
    const service = pickKpi(all, results, options.serviceKpi, [/^jobs\.wait\.p95$/, /^inference\[.*\]\.slo_attainment$/, /^jobs\.completion\.p95$/, /^jobs\.throughput$/]);
    if (options.costKpi !== undefined && !cost) throw new RangeError(`no KPI '${options.costKpi}' in these results`);
    if (options.serviceKpi !== undefined && !service) throw new RangeError(`no KPI '${options.serviceKpi}' in these results`);
    const figures: ReportFigure[] = [];
    const sweepNotes: string[] = [];
    for (const [k, prefix] of [
      [service, 'sweep-service'],
      [cost, 'sweep-cost'],
    ] as const) {
      // the fleet size stand-in is the swept hardware itself: no chart of it
      if (!k || k === FLEET_DEVICES_KPI) continue;
      const r = sweepKpiCharts(sweepEntries, k, prefix);
      for (const chart of r.charts) figures.push({ chart, notes: [] });
      sweepNotes.push(...r.notes);
    }
    if (options.pareto) {
      const decided = decidedParetoChart(options.pareto);
      if (decided) figures.push({ chart: decided, notes: [] });
    } else {
      const pareto = cost && service ? paretoChart(sweepEntries, cost, service) : undefined;
      if (pareto) figures.push({ chart: pareto, notes: cost === FLEET_DEVICES_KPI ? ['These results carry no cost section: the fleet size (devices) stands in for cost.'] : [] });
    }
    if (figures.length > 0) sections.push({ id: 'sweep', title: `Sweep over ${varying.map((p) => p.name).join(', ')}`, figures, notes: sweepNotes });
  }
  if (layout === 'variants')
    notes.push(`With ${entries.length} results the report lists them as rows with their headline figures and leaves out per-result time series and distributions; the CSV export has every figure.`);

  return {
    title: options.title ?? (paired.length === 1 ? `Scenario ${baseEntry.label}` : `Comparison of ${entries.length} scenarios`),
    ...(options.command !== undefined && { command: options.command }),
    entries,
    baseline,
    layout,
    parameters: varyingParameters(sweepEntries, { includeDerived: true }).map((p) => p.name),
    warnings,
    notes,
    decision: decisionSummary(results, names, baseline, kpis, options.checkedTargets),
    assumptions: assumptionRows(results),
    kpis,
    sections,
  };
}

/** Report inputs from sweep variants (what `src/sweep/` calls): labels from ids or parameters. */
export function sweepReportInputs(variants: readonly SweepVariant[]): ReportInput[] {
  return variants.map((v) => ({ result: v.result, parameters: v.parameters, ...(v.id !== undefined && { label: v.id }) }));
}
