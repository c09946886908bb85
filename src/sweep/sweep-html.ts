import { renderHtmlReport } from '../report/html-report.js';
import type { KpiUnit } from '../report/kpi-definition.js';
import { buildReport, sweepReportInputs } from '../report/report-model.js';
import type { DecidedPareto, ObjectiveAxis } from '../report/sweep-charts.js';
import type { CheckedTargets } from '../report/decision-summary.js';
import type { RankedVariant, SweepAnalysis, VariantVerdict } from './analysis.js';
import { metricDefinition } from './result-metrics.js';
import { robustReportSection } from './robust-text.js';
import type { SweepResultHeader } from './sweep-result-header.js';
import type { VariantRecord } from './variant-record.js';

/** Sweeps with more variants than this get no HTML report (JSON, CSV and Markdown only): it would be too big to read. */
export const MAX_HTML_VARIANTS = 2000;

/** What the sweep's analysis decided about the Pareto front, for the report to draw. */
export interface SweepFront {
  readonly objectives: SweepAnalysis['objectives'];
  /** the feasible variants with their objective values, in index order */
  readonly ranked: readonly RankedVariant[];
  /** indices of the variants on the front (every one, not only the listed ones) */
  readonly front: ReadonlySet<number>;
}

/**
 * The self-contained HTML report of a sweep, by the report layer (src/report/): one row per variant,
 * KPI charts over the swept parameters, and the Pareto front — the analysis's own, over the sweep's
 * objectives, when it has two or more (else cost against service). Byte-reproducible: it depends
 * only on the records, so a merged sweep's report equals a single-process run's.
 */
/** The sweep's gates and what each variant made of them (its verdicts, in record order). */
export interface SweepGates {
  readonly constraints: readonly string[];
  readonly assertions: readonly string[];
  readonly verdicts: readonly VariantVerdict[];
}

export function sweepHtml(header: SweepResultHeader, records: readonly VariantRecord[], front?: SweepFront, gates?: SweepGates, analysis?: SweepAnalysis): string {
  const inputs = sweepReportInputs(records.map((r) => ({ id: variantLabel(r.index), parameters: r.parameters, result: r.result })));
  const pareto = front ? decidedPareto(front, records.length) : undefined;
  const model = buildReport(inputs, {
    title: `Sweep ${header.sweep.name}`,
    command: `simulate sweep (${header.sweep.name}, ${header.sweep.hash.slice(0, 19)})`,
    ...(pareto && { pareto }),
    ...(gates && checkedTargets(gates)),
  });
  // a robust sweep's verdict opens the sections: it is the answer the sweep was run for
  const robust = analysis && robustReportSection(analysis);
  return renderHtmlReport(robust ? { ...model, sections: [robust, ...model.sections] } : model);
}

const variantLabel = (index: number) => `variant ${index}`;

/** The report's summary names the variants that pass every constraint and assertion; none when the sweep states no gate. */
function checkedTargets(g: SweepGates): { checkedTargets: CheckedTargets } | undefined {
  const names = [...g.constraints, ...g.assertions];
  if (names.length === 0) return undefined;
  const [only, ...others] = g.constraints;
  const unmet = only !== undefined && others.length === 0 ? only : `one of the constraints (${g.constraints.join('; ')})`;
  return { checkedTargets: { names, missed: g.verdicts.map((v) => [...(v.feasible ? [] : [unmet]), ...v.failed]) } };
}

function decidedPareto(f: SweepFront, variants: number): DecidedPareto | undefined {
  const [x, y] = f.objectives;
  if (x === undefined || y === undefined) return undefined;
  return {
    x: objectiveAxis(x),
    y: objectiveAxis(y),
    objectives: f.objectives.length,
    variants,
    points: f.ranked.map((v) => ({ label: variantLabel(v.index), x: v.objectives[0]?.value ?? NaN, y: v.objectives[1]?.value ?? NaN, front: f.front.has(v.index) })),
  };
}

/** Objective values are SI numbers: seconds for time metrics, USD for cost ones, plain otherwise. */
function objectiveAxis(o: SweepAnalysis['objectives'][number]): ObjectiveAxis {
  const unit = metricDefinition(o.expression.trim())?.unit;
  const kpiUnit: KpiUnit = unit === 's' || unit === 'h' ? 'seconds' : unit === 'USD' ? 'usd' : 'number';
  return { label: o.expression, unit: kpiUnit, direction: o.direction };
}
