import type { Estimate } from '../metrics/confidence-interval.js';
import { checkedValues, holdsAtEveryCorner, readsInterval, type FeasibilityRule } from '../metrics/feasibility.js';
import { InputError } from '../support/input-error.js';
import { formatMathValue, isUnit, quantity, toMathValue, toNumberSI } from './restricted-math.js';
import { ENTITY_GROUPS, entityMetricUnit, entityMetrics, formatMetric, METRIC_NAMES, metricDefinition } from './result-metrics.js';
import { IDENTIFIER, type Gate, type Objective } from './sweep-expressions.js';
import type { VariantRecord } from './variant-record.js';

/**
 * Expressions over one variant's result: constraints and assertions read as conditions under the
 * feasibility rule (src/metrics/feasibility.ts), objectives as numbers. Kept apart from the analyser,
 * which only counts and ranks what these say.
 */

/** The values an expression over a result sees: flat metrics (means, with units), CI bounds, entities, parameters. */
export function resultScope(record: VariantRecord): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  const low: Record<string, unknown> = {};
  const high: Record<string, unknown> = {};
  for (const [name, e] of Object.entries(record.metrics)) {
    const unit = metricDefinition(name)?.unit ?? '';
    scope[name] = quantity(e.mean, unit);
    low[name] = quantity(e.low ?? e.mean, unit);
    high[name] = quantity(e.high ?? e.mean, unit);
  }
  scope['low'] = low;
  scope['high'] = high;
  Object.assign(
    scope,
    entityScope(record, (e) => e.mean),
  );
  for (const [name, value] of Object.entries(record.parameters)) if (IDENTIFIER.test(name)) scope[name] = toMathValue(value);
  return scope;
}

/** The per-entity groups (`workloads["x"].p95_wait`) with each estimate read by `pick` (its mean, or an end of its interval). */
function entityScope(record: VariantRecord, pick: (e: Estimate) => number): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [group, members] of Object.entries(entityMetrics(record.result.summary))) {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [entity, metrics] of Object.entries(members)) {
      out[entity] = Object.fromEntries(Object.entries(metrics).map(([m, e]: [string, Estimate]) => [m, quantity(pick(e), entityMetricUnit(m))]));
    }
    scope[group] = out;
  }
  return scope;
}

function checkMetrics(expr: Gate | Objective, record: VariantRecord): void {
  const missing = expr.expr.names.filter((n) => METRIC_NAMES.has(n) && record.metrics[n] === undefined);
  if (missing.length === 0) return;
  const available = Object.keys(record.metrics);
  throw InputError.single({
    ...expr.origin,
    message: `'${expr.text}' uses ${missing.map((m) => `'${m}'`).join(', ')}, which the result of variant ${record.index} does not have${missing.some((m) => metricDefinition(m)?.unit === 'USD' || /kwh|co2e/.test(m)) ? ' (cost metrics need a scenario with costs)' : ''}`,
    hint: `available metrics: ${available.join(', ')}`,
  });
}

function evaluate(expr: Gate | Objective, record: VariantRecord, scope: Record<string, unknown>): unknown {
  checkMetrics(expr, record);
  try {
    return expr.expr.evaluate(scope);
  } catch (err) {
    const units = expr.expr.names.filter((n) => metricDefinition(n) !== undefined).map((n) => `${n} is in ${metricDefinition(n)!.unit || 'plain numbers'}`);
    throw InputError.single({
      ...expr.origin,
      message: `'${expr.text}' cannot be evaluated on variant ${record.index}: ${(err as Error).message}`,
      ...(units.length > 0 && { hint: units.join('; ') }),
    });
  }
}

function conditionAt(gate: Gate, record: VariantRecord, scope: Record<string, unknown>): boolean {
  const v = evaluate(gate, record, scope);
  if (typeof v !== 'boolean') {
    throw InputError.single({ ...gate.origin, message: `'${gate.text}' is not a condition: it gives ${formatMathValue(v)}`, hint: "write a comparison such as 'p95_wait < 2 h'" });
  }
  return v;
}

/** A condition's flat metrics (their estimates) and whether it reads per-entity figures. */
function figuresOf(gate: Gate, record: VariantRecord): { names: string[]; estimates: Estimate[]; entities: boolean } {
  const names = gate.expr.names.filter((n) => record.metrics[n] !== undefined);
  return { names, estimates: names.map((n) => record.metrics[n]!), entities: gate.expr.names.some((n) => (ENTITY_GROUPS as readonly string[]).includes(n)) };
}

/**
 * Whether a constraint or assertion holds under the rule: at the means (rule `mean`, one replication), or at
 * every corner of the intervals of the flat metrics it names — the pessimistic end. Per-entity figures it
 * reads are taken all at their low ends, then all at their high ends (exact for a bound on one of them).
 * Bounds written out (`high.p95_wait`) are read as written.
 */
export function conditionHolds(gate: Gate, record: VariantRecord, scope: Record<string, unknown>, rule: FeasibilityRule): boolean {
  // the means first: a condition that fails there fails, and one that is no condition is reported with the means' value
  const atMeans = conditionAt(gate, record, scope);
  if (!atMeans || rule === 'mean') return atMeans;
  const { names, estimates, entities } = figuresOf(gate, record);
  const sides: ((e: Estimate) => number)[] = entities ? [(e) => (readsInterval(e, rule) ? e.low! : e.mean), (e) => (readsInterval(e, rule) ? e.high! : e.mean)] : [];
  const atCorner = (values: readonly number[], side?: (e: Estimate) => number): boolean => {
    const corner = { ...scope, ...(side && entityScope(record, side)) };
    names.forEach((n, i) => (corner[n] = quantity(values[i]!, metricDefinition(n)?.unit ?? '')));
    return conditionAt(gate, record, corner);
  };
  if (sides.length === 0) return holdsAtEveryCorner(estimates, rule, (values) => atCorner(values));
  return sides.every((side) => holdsAtEveryCorner(estimates, rule, (values) => atCorner(values, side)));
}

/** Whether the rule read an interval for any figure the condition names (else it read means). */
export function conditionReadsInterval(gate: Gate, record: VariantRecord, rule: FeasibilityRule): boolean {
  return figuresOf(gate, record).estimates.some((e) => checkedValues(e, rule).length > 1);
}

export function evaluateObjective(o: Objective, record: VariantRecord, scope: Record<string, unknown>): { value: number; display: string } {
  const v = evaluate(o, record, scope);
  const value = toNumberSI(v);
  if (Number.isNaN(value)) throw InputError.single({ ...o.origin, message: `'${o.text}' is not a number for variant ${record.index}: it gives ${formatMathValue(v)}` });
  const bare = record.metrics[o.text.trim()];
  const display = bare ? formatMetric(o.text.trim(), bare.mean) : isUnit(v) ? formatMathValue(v) : formatMathValue(value);
  return { value, display };
}

/** The values a failed condition read, as displayed; with the interval when the pessimistic rule read it. */
export function shownValues(names: readonly string[], record: VariantRecord, scope: Record<string, unknown>, rule: FeasibilityRule = 'mean'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const m = record.metrics[n];
    if (m) out[n] = readsInterval(m, rule) ? `${formatMetric(n, m.mean)} (95 % interval ${formatMetric(n, m.low!)} to ${formatMetric(n, m.high!)})` : formatMetric(n, m.mean);
    else if (n in record.parameters) out[n] = typeof record.parameters[n] === 'string' ? record.parameters[n] : JSON.stringify(record.parameters[n]);
    else if (scope[n] !== undefined && typeof scope[n] !== 'object') out[n] = formatMathValue(scope[n]);
  }
  return out;
}
