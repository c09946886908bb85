import type { RobustSpec } from './robust-analysis.js';
import type { SweepContext } from './sweep-context.js';
import type { SweepParameters } from './sweep-parameters.js';
import type { ParameterInfo } from './sweep-plan.js';
import type { SweepInput } from './sweep-schema.js';

/** The parameters as recorded (with their roles in a robust sweep) and the robust analysis's spec. */
export interface SweepRoles {
  readonly infos: readonly ParameterInfo[];
  readonly robust?: RobustSpec;
}

/**
 * Reads `role:` on the parameters and the `robust:` block (docs/sweeps.md#robust-decisions). A sweep without
 * an assumption parameter has no robust analysis, and its parameters are recorded as before (no `role`),
 * so its results keep their bytes. With one, every values parameter is recorded with its role (decision by
 * default); an expression parameter follows from the others and takes none.
 * @throws InputError with every problem, located in the sweep file
 */
export function readRoles(input: SweepInput, params: SweepParameters, ctx: SweepContext): SweepRoles {
  const roleOf = (name: string): 'decision' | 'assumption' | undefined => {
    const spec = input.parameters[name];
    return spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? spec.role : undefined;
  };
  for (const p of params.parameters) {
    if (p.kind === 'expr' && roleOf(p.name) !== undefined) {
      ctx.fail(
        ['parameters', p.name, 'role'],
        'an expression parameter follows from the other parameters, so it is neither a decision nor an assumption',
        'give role: to the parameters it is computed from',
      );
    }
  }
  const valued = params.parameters.filter((p) => p.kind === 'values');
  const assumptions = valued.filter((p) => roleOf(p.name) === 'assumption').map((p) => p.name);
  const decisions = valued.filter((p) => roleOf(p.name) !== 'assumption').map((p) => p.name);
  if (assumptions.length === 0) {
    if (input.robust !== undefined)
      ctx.fail(
        ['robust'],
        'judges decisions over assumption parameters, but no parameter has role: assumption',
        "mark what you cannot choose (demand, prices) with role: assumption, or remove 'robust:'",
      );
    ctx.done();
    return { infos: params.infos };
  }
  if (decisions.length === 0) {
    const last = assumptions.at(-1)!;
    ctx.fail(
      ['parameters', last, 'role'],
      'every parameter is an assumption, so there is no decision to choose',
      'mark what you choose (owned nodes, reserved instances) with role: decision, the default',
    );
  }
  if (!(input.sampling === 'grid' || input.sampling.kind === 'grid')) {
    ctx.fail(
      ['sampling'],
      'a sweep with assumption parameters needs sampling: grid, so that every decision is tried under every assumption',
      'list the values of each assumption, e.g. [1 /h, 2 /h, 3 /h], and remove sampling:',
    );
  }
  ctx.done();
  const roles = new Map([...decisions.map((n) => [n, 'decision'] as const), ...assumptions.map((n) => [n, 'assumption'] as const)]);
  const infos = params.infos.map((info) => {
    const role = roles.get(info.name);
    return role === undefined ? info : { ...info, role };
  });
  return { infos, robust: { decisions, assumptions, quantile: input.robust?.quantile ?? 1 } };
}
