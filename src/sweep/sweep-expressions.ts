import { messageOf } from '../support/is-record.js';
import { InputError } from '../support/input-error.js';
import { closest } from '../support/closest-name.js';
import { compileExpression, ExpressionError, quantity, toMathValue, type CompiledExpression } from './restricted-math.js';
import { ENTITY_GROUPS, METRICS, METRIC_NAMES, metricDefinition } from './result-metrics.js';

/** Where an expression was written, for messages: a sweep file position, or the command line. */
export interface ExpressionOrigin {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly field: string;
}

/** A condition over a variant's result: a constraint, a file assertion or an `--assert` gate. */
export interface Gate {
  readonly text: string;
  readonly expr: CompiledExpression;
  readonly origin: ExpressionOrigin;
}

export interface Objective {
  readonly direction: 'minimise' | 'maximise';
  readonly text: string;
  readonly expr: CompiledExpression;
  readonly origin: ExpressionOrigin;
}

/** Scope objects holding the lower and upper 95% CI bounds of each flat metric: `high.p95_wait < 2 h`. */
export const BOUND_GROUPS = ['low', 'high'] as const;

/** Names an expression over results may use: metrics, per-entity groups, CI bounds and the named parameters. */
export function resultNames(parameterNames: readonly string[]): Set<string> {
  return new Set([...METRIC_NAMES, ...ENTITY_GROUPS, ...BOUND_GROUPS, ...parameterNames.filter((n) => IDENTIFIER.test(n))]);
}

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Compiles an expression over results. @throws InputError located at `origin`, with a hint for unknown names. */
export function compileResultExpression(text: string, origin: ExpressionOrigin, known: ReadonlySet<string>): CompiledExpression {
  try {
    return compileExpression(text, known);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    const unknown = /^unknown names? '([^']+)'/.exec(err.message)?.[1];
    const near = unknown === undefined ? undefined : closest(unknown, [...known]);
    const hint =
      unknown === undefined
        ? undefined
        : near
          ? `did you mean '${near}'?`
          : `metrics: ${METRICS.map((m) => m.name).join(', ')}; per entity: ${ENTITY_GROUPS.map((g) => `${g}["name"].metric`).join(', ')}`;
    throw InputError.single({ ...origin, message: `'${text}' ${err.message}`, ...(hint && { hint }) });
  }
}

/**
 * Evaluates an expression once over stand-in values (every metric 1 in its unit, the parameters of the
 * first variant) to catch a quantity in the wrong dimension — `p95_wait < 2 kg` — before any variant
 * runs, instead of after the whole sweep. Only unit errors count: other failures depend on real values.
 * Expressions over per-entity groups are left to the run (their members are known only then).
 * @throws InputError located at `origin`
 */
export function checkUnits(text: string, expr: CompiledExpression, origin: ExpressionOrigin, parameters: Readonly<Record<string, unknown>>): void {
  if (expr.names.some((n) => ENTITY_GROUPS.some((group) => group === n))) return;
  const scope: Record<string, unknown> = {};
  const bound: Record<string, unknown> = {};
  for (const m of METRICS) scope[m.name] = bound[m.name] = quantity(1, m.unit);
  for (const g of BOUND_GROUPS) scope[g] = bound;
  for (const [name, value] of Object.entries(parameters)) if (IDENTIFIER.test(name)) scope[name] = toMathValue(value);
  try {
    expr.evaluate(scope);
  } catch (err) {
    const message = messageOf(err);
    if (!/\bunits?\b/i.test(message)) return;
    const units = expr.names.flatMap((n) => {
      const metric = metricDefinition(n);
      return metric === undefined ? [] : [`${n} is in ${metric.unit || 'plain numbers'}`];
    });
    throw InputError.single({ ...origin, message: `'${text}' mixes units: ${message}`, ...(units.length > 0 && { hint: units.join('; ') }) });
  }
}
