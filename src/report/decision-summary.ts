import { breakEven } from '../cost/break-even.js';
import type { Estimate } from '../metrics/confidence-interval.js';
import { decideOptions, type OptionFigures, type TargetFigure } from '../planning/option-decision.js';
import { isRecord } from '../support/is-record.js';
import { mustAt } from '../support/must-get.js';
import { cumulativeCash } from './cost-charts.js';
import { formatDuration } from './format-units.js';
import type { Delta } from './kpi-delta.js';
import type { KpiRow } from './kpi-table.js';
import { summaryEstimate, summaryKeys, valueAt, type ResultDocument } from './result-document.js';

/**
 * The figures a report opens with (its executive summary): per option its TCO and key service figures
 * with their deltas against the baseline (the KPI table's own cells), where its cumulative cash breaks
 * even with the baseline's, and whether it meets the stated targets — decided in src/planning/
 * (option-decision.ts) from the SLOs each scenario states and the checks a sweep made. Plain data: the
 * HTML and Markdown renderers only format it.
 */

/** Which KPI a column of the summary is (a KPI row without its cells). */
export type DecisionKpi = Pick<KpiRow, 'id' | 'label' | 'unit' | 'suffix' | 'better'>;

export interface DecisionFigure {
  readonly estimate: Estimate | null;
  readonly delta: Delta | null;
}

export interface DecisionOption {
  readonly label: string;
  readonly baseline: boolean;
  /** the cost KPI's cell; null without costs */
  readonly cost: DecisionFigure | null;
  /** one per `DecisionSummary.service` KPI */
  readonly service: readonly DecisionFigure[];
  /**
   * where this option's cumulative cash crosses the baseline's (fractional month); `null`: it never does
   * within the horizon (then `cheaperThroughout` says which side); absent for the baseline or without monthly cash
   */
  readonly breakEven?: { readonly month: number; readonly otherCheaperAfter: boolean } | null;
  readonly cheaperThroughout?: boolean;
  /** null: no target stated for it */
  readonly meets: boolean | null;
  readonly missed: readonly string[];
}

export interface DecisionSummary {
  readonly cost: DecisionKpi | null;
  readonly service: readonly DecisionKpi[];
  /** every stated target, by name (scenario SLOs, a sweep's constraints and assertions), first-seen order */
  readonly targets: readonly string[];
  readonly targetsStated: boolean;
  /** how the targets were read (src/metrics/feasibility.ts): at the pessimistic end of each interval, or on the mean when a figure had one replication */
  readonly targetsRead: 'interval' | 'mean';
  /** entry index of the option meeting the targets (or, none stated, any sound option) at the lowest cost; null when none */
  readonly cheapest: number | null;
  /** entry indices of the qualifying options, cheapest first */
  readonly ranking: readonly number[];
  /** months of cumulative cash the break-even search covered (the planning horizon), when there were any */
  readonly horizonMonths?: number;
  /** in entry order */
  readonly options: readonly DecisionOption[];
}

/** Targets a higher layer checked per result (a sweep's constraints and --assert gates), by input index. */
export interface CheckedTargets {
  readonly names: readonly string[];
  readonly missed: readonly (readonly string[])[];
}

const LATENCY_TARGETS = [
  ['ttft', 'time to first token p99'],
  ['tpot', 'time per output token p99'],
] as const;

/** The SLOs service workloads state in a result's scenario, each read against the p99 the run measured. */
export function statedTargets(result: ResultDocument): TargetFigure[] {
  const workloads = valueAt(result.scenario, ['workloads']);
  if (!Array.isArray(workloads)) return [];
  const services = summaryKeys(result, ['inference']);
  return (workloads as unknown[]).flatMap((w) => {
    if (!isRecord(w) || typeof w.name !== 'string' || !services.includes(w.name)) return [];
    const name = w.name;
    return LATENCY_TARGETS.flatMap(([field, what]) => {
      const limit = valueAt(w, ['slo', field]);
      if (typeof limit !== 'number' || !Number.isFinite(limit)) return [];
      return [{ name: `${name}: ${what} ≤ ${formatDuration(limit)}`, value: summaryEstimate(result, ['inference', name, field, 'p99']), limit, better: 'lower' as const }];
    });
  });
}

/** Why a result can meet no target: stopped as overloaded, or work it turned away (as `plan` and `size` judge). */
function infeasibility(result: ResultDocument): string | undefined {
  const reason: unknown = result.overload?.reason;
  if (typeof reason === 'string') return 'stopped as overloaded';
  const jobs = summaryEstimate(result, ['jobs', 'rejected'])?.mean ?? 0;
  if (jobs > 0) return 'rejects jobs';
  const services = summaryKeys(result, ['inference']).filter((s) => (summaryEstimate(result, ['inference', s, 'rejected'])?.mean ?? 0) > 0);
  return services.length > 0 ? `${services.join(', ')} rejects requests` : undefined;
}

/** The services whose scenario states an SLO in any result: their attainment is the figure that matters. */
function servicesWithSlo(results: readonly ResultDocument[]): Set<string> {
  const out = new Set<string>();
  for (const r of results) for (const t of statedTargets(r)) out.add(t.name.slice(0, t.name.lastIndexOf(': ')));
  return out;
}

/**
 * The key service figures, at most three, the first the headline one: SLO attainment of services that state
 * an SLO, else their p99 time to first token; the p95 job wait; else p95 completion time, else throughput.
 */
function serviceRows(kpis: readonly KpiRow[], results: readonly ResultDocument[]): KpiRow[] {
  const slo = servicesWithSlo(results);
  const service = (re: RegExp) => kpis.filter((k) => re.test(k.id));
  const inference = [
    ...service(/^inference\[.*\]\.slo_attainment$/).filter((k) => slo.has(k.id.slice('inference['.length, k.id.lastIndexOf(']')))),
    ...service(/^inference\[.*\]\.ttft\.p99$/).filter((k) => !slo.has(k.id.slice('inference['.length, k.id.lastIndexOf(']')))),
  ].slice(0, 2);
  const jobs = service(/^jobs\.wait\.p95$/);
  const rows = [...inference, ...jobs];
  if (rows.length === 0) rows.push(...service(/^jobs\.completion\.p95$/), ...service(/^jobs\.throughput$/));
  return rows.slice(0, 3);
}

const header = (k: KpiRow): DecisionKpi => ({ id: k.id, label: k.label, unit: k.unit, ...(k.suffix !== undefined && { suffix: k.suffix }), better: k.better });
const figure = (k: KpiRow, i: number): DecisionFigure => {
  const c = mustAt(k.cells, i, 'KPI cell');
  return { estimate: c.estimate, delta: c.delta };
};

export function decisionSummary(results: readonly ResultDocument[], labels: readonly string[], baseline: number, kpis: readonly KpiRow[], checked?: CheckedTargets): DecisionSummary {
  // per year when horizons differ: the totals then get no delta (src/report/planning-horizons.ts)
  const costRow = kpis.find((k) => k.id === 'cost.total_per_year') ?? kpis.find((k) => k.id === 'cost.total');
  const service = serviceRows(kpis, results);
  const figures: OptionFigures[] = results.map((r, i) => {
    const infeasible = infeasibility(r);
    const missed = checked?.missed[i];
    return {
      cost: costRow ? (mustAt(costRow.cells, i, 'cost cell').estimate?.mean ?? undefined) : undefined,
      targets: statedTargets(r),
      ...(checked && checked.names.length > 0 && { checked: { names: checked.names, missed: missed ?? [] } }),
      ...(infeasible !== undefined && { infeasible }),
    };
  });
  const decision = decideOptions(figures);
  // the pessimistic rule needs an interval: a figure from one replication is read on its mean
  const targetsRead = figures.some((f) => f.targets.some((t) => t.value !== undefined && t.value.n < 2)) ? 'mean' : 'interval';
  const cash = results.map(cumulativeCash);
  const baseCash = cash[baseline];
  const targets = [...new Set([...figures.flatMap((f) => f.targets.map((t) => t.name)), ...(checked?.names ?? [])])];
  const options = results.map((_, i): DecisionOption => {
    const v = mustAt(decision.verdicts, i, 'verdict');
    const mine = cash[i];
    let crossing: Pick<DecisionOption, 'breakEven' | 'cheaperThroughout'> = {};
    if (i !== baseline && baseCash && mine && baseCash.some((x) => x !== 0)) {
      const be = breakEven(baseCash, mine);
      const last = Math.min(baseCash.length, mine.length) - 1;
      crossing = be
        ? { breakEven: { month: be.month, otherCheaperAfter: be.otherCheaperAfter } }
        : { breakEven: null, cheaperThroughout: mustAt(mine, last, 'month') <= mustAt(baseCash, last, 'month') };
    }
    return {
      label: mustAt(labels, i, 'label'),
      baseline: i === baseline,
      cost: costRow ? figure(costRow, i) : null,
      service: service.map((k) => figure(k, i)),
      ...crossing,
      meets: v.meets,
      missed: v.missed,
    };
  });
  return {
    cost: costRow ? header(costRow) : null,
    service: service.map(header),
    targets,
    targetsStated: decision.targetsStated,
    targetsRead,
    cheapest: decision.cheapest,
    ranking: decision.ranking,
    ...(baseCash && { horizonMonths: baseCash.length }),
    options,
  };
}
