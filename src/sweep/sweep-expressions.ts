import { InputError } from '../input-error.js';
import { closest } from './parameter-path.js';
import { compileExpression, ExpressionError, type CompiledExpression } from './restricted-math.js';
import { ENTITY_GROUPS, METRICS, METRIC_NAMES } from './result-metrics.js';

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
