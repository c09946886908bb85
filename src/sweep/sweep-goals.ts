import { formatPath, InputError } from '../support/input-error.js';
import { COST_NAMES } from './result-metrics.js';
import type { SweepContext, SweepFieldPath } from './sweep-context.js';
import { checkUnits, compileResultExpression, resultNames, type ExpressionOrigin, type Gate, type Objective } from './sweep-expressions.js';
import type { SweepInput } from './sweep-schema.js';

/** What the sweep optimises and gates on, compiled against the result metrics and the named parameters. */
export interface SweepGoals {
  readonly objectives: readonly Objective[];
  readonly constraints: readonly Gate[];
  /** the file's assertions, then the command line's */
  readonly assertions: readonly Gate[];
}

export interface GoalSetting {
  /** the named parameters (expressions may read them) */
  readonly identifiers: ReadonlySet<string>;
  /** the base says costs: none and no parameter turns costs on: no variant has cost figures */
  readonly uncosted: boolean;
  /** variant 0's parameter values, stand-ins for the unit check */
  readonly firstParameters: Readonly<Record<string, unknown>>;
  /** `--assert` gates from the command line */
  readonly asserts: readonly string[];
}

/** @throws InputError with every expression that does not compile, uses a missing figure or mixes units */
export function compileGoals(input: SweepInput, setting: GoalSetting, ctx: SweepContext): SweepGoals {
  const known = resultNames([...setting.identifiers]);
  const originAt = (path: SweepFieldPath): ExpressionOrigin => ({ ...ctx.at(path), field: formatPath(path) });
  const resultExpression = (text: string, origin: ExpressionOrigin) => {
    const expr = compileResultExpression(text, origin, known);
    const costNames = setting.uncosted ? expr.names.filter((n) => COST_NAMES.has(n)) : [];
    if (costNames.length > 0) {
      throw InputError.single({
        ...origin,
        message: `'${text}' uses ${costNames.map((n) => `'${n}'`).join(', ')}, but the base scenario says costs: none (a queue-only study): no variant has cost figures`,
        hint: 'remove costs: none from the base scenario and price its nodes, or use queue metrics only',
      });
    }
    checkUnits(text, expr, origin, setting.firstParameters);
    return expr;
  };
  const gate = (text: string, origin: ExpressionOrigin): Gate[] => {
    const expr = ctx.guard(() => resultExpression(text, origin));
    return expr ? [{ text, expr, origin }] : [];
  };
  const objectives: Objective[] = input.objectives.flatMap((o, i) => {
    const [word, text] = Object.entries(o)[0] ?? ['minimise', ''];
    const direction = word.startsWith('min') ? 'minimise' : 'maximise';
    const origin = originAt(['objectives', i, word]);
    const expr = ctx.guard(() => resultExpression(text, origin));
    return expr ? [{ direction, text, expr, origin }] : [];
  });
  const constraints = input.constraints.flatMap((text, i) => gate(text, originAt(['constraints', i])));
  const assertions = [
    ...input.assertions.flatMap((text, i) => gate(text, originAt(['assertions', i]))),
    ...setting.asserts.flatMap((text) => gate(text, { file: `--assert '${text}'`, line: 0, col: 0, field: '' })),
  ];
  ctx.done();
  return { objectives, constraints, assertions };
}
