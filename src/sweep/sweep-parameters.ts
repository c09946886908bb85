import { generatorSource, listSource, type ParamValue, type ValueSource } from './parameter-values.js';
import { formatKeys, PathError, resolvePath, startsWith, type ScenarioPath } from './parameter-path.js';
import { compileExpression, ExpressionError, isUnitName, type CompiledExpression } from './restricted-math.js';
import { ENTITY_GROUPS, METRIC_NAMES } from './result-metrics.js';
import type { SweepContext, SweepFieldPath } from './sweep-context.js';
import { BOUND_GROUPS, IDENTIFIER } from './sweep-expressions.js';
import type { ParameterInfo } from './sweep-plan.js';
import type { SweepInput } from './sweep-schema.js';
import type { Parameter } from './variant-space.js';

/** Where a parameter is written in the sweep file. */
export interface ParamLocation {
  readonly key: string;
  /** YAML path of the values list, the generator string or the expression in the sweep file */
  readonly valuesAt: SweepFieldPath;
  /** the list of values, when written as a list (to point at the item a variant used) */
  readonly list?: readonly unknown[];
}

/** A place the sweep itself fixes (its own `seed:` or `replications:`), which no parameter may set too. */
export interface SweepOverride {
  readonly key: 'seed' | 'replications';
  readonly path: ScenarioPath;
}

/** The sweep's parameters, checked, with expression parameters compiled and ordered by dependency. */
export interface SweepParameters {
  readonly parameters: readonly Parameter[];
  /** the expression parameters in the order they are evaluated */
  readonly order: readonly Extract<Parameter, { kind: 'expr' }>[];
  readonly infos: readonly ParameterInfo[];
  readonly locations: ReadonlyMap<string, ParamLocation>;
  /** where each expression parameter's expression is written */
  readonly exprAt: ReadonlyMap<string, SweepFieldPath>;
  /** every declared parameter name usable in expressions, even one whose values had a problem */
  readonly identifiers: ReadonlySet<string>;
}

type ParameterSpec = SweepInput['parameters'][string];

/** @throws InputError with every problem of the parameters, located in the sweep file */
export function readParameters(input: SweepInput, baseValue: Readonly<Record<string, unknown>>, overrides: readonly SweepOverride[], ctx: SweepContext): SweepParameters {
  const parameters: Parameter[] = [];
  const infos: ParameterInfo[] = [];
  const locations = new Map<string, ParamLocation>();
  const exprSources = new Map<string, { text: string; at: SweepFieldPath }>();
  for (const [key, spec] of Object.entries(input.parameters)) {
    const read = readParameter(key, spec, input, baseValue, ctx);
    locations.set(key, read.location);
    if (read.expr) exprSources.set(key, read.expr);
    if (read.parameter) parameters.push(read.parameter);
    if (read.info) infos.push(read.info);
  }
  checkOverlaps(parameters, overrides, locations, ctx);
  // Every declared name counts, even one whose values had a problem (already reported): no cascades.
  const identifiers = new Set(Object.keys(input.parameters).filter((n) => IDENTIFIER.test(n)));
  const order = orderExpressions(exprSources, identifiers, parameters, ctx);
  const finalParameters = parameters.map((p) => (p.kind === 'expr' ? (order.find((o) => o.name === p.name) ?? p) : p));
  ctx.done();
  return { parameters: finalParameters, order, infos, locations, exprAt: new Map([...exprSources].map(([n, e]) => [n, e.at])), identifiers };
}

interface ReadParameter {
  readonly location: ParamLocation;
  readonly parameter?: Parameter;
  readonly info?: ParameterInfo;
  /** an expression parameter's text, compiled once every name is known */
  readonly expr?: { readonly text: string; readonly at: SweepFieldPath };
}

function readParameter(key: string, spec: ParameterSpec, input: SweepInput, baseValue: Readonly<Record<string, unknown>>, ctx: SweepContext): ReadParameter {
  const explicit = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? spec : undefined;
  const name = key;
  if (explicit) {
    if (!IDENTIFIER.test(name)) {
      ctx.fail(
        ['parameters'],
        `'${name}' is not a usable name`,
        "a named parameter needs a name like 'nodes' or 'burst_threshold' (letters, digits, _); to address a path directly write 'the.path: [values]'",
        name,
      );
    }
    if (explicit.values === undefined && explicit.expr === undefined) ctx.fail(['parameters', key], 'needs values or expr', 'e.g. values: [8, 16, 32] or values: range(8, 128, 8), or expr: nodes * 8');
    if (explicit.values !== undefined && explicit.expr !== undefined) ctx.fail(['parameters', key], 'has both values and expr', 'keep one of them', 'expr');
  }
  checkReservedName(name, key, ctx);
  const pathText = explicit ? explicit.path : key;
  let path: ScenarioPath | undefined;
  if (pathText !== undefined) {
    try {
      path = resolvePath(baseValue, pathText);
    } catch (err) {
      if (!(err instanceof PathError)) throw err;
      const where = explicit ? { path: ['parameters', key, 'path'], keyName: undefined } : { path: ['parameters'], keyName: key };
      ctx.fail(where.path, `no such place in the base scenario ${input.base ?? '(inline)'}: ${err.message}`, err.hint, where.keyName);
    }
  }
  const valuesAt: SweepFieldPath = explicit ? ['parameters', key, explicit.values !== undefined ? 'values' : 'expr'] : ['parameters', key];
  const raw: unknown = explicit ? (explicit.values ?? explicit.expr) : spec;
  const isExpr = explicit ? explicit.values === undefined && explicit.expr !== undefined : typeof raw === 'string' && generatorSourceOrUndefined(raw) === undefined && !looksLikeGenerator(raw);
  const location: ParamLocation = { key, valuesAt, ...(Array.isArray(raw) && { list: raw }) };
  const shownPath = path ? formatKeys(path) : null;
  if (isExpr && typeof raw === 'string') {
    return { location, expr: { text: raw, at: valuesAt }, parameter: { name, path, kind: 'expr', expr: PLACEHOLDER_EXPR }, info: { name, path: shownPath, kind: 'expr', spec: raw } };
  }
  const source = valueSource(raw, valuesAt, input, ctx);
  if (!source) return { location };
  return { location, parameter: { name, path, kind: 'values', source }, info: { name, path: shownPath, kind: 'values', spec: source.spec } };
}

/** A name expressions can use must be neither a result metric nor a unit. */
function checkReservedName(name: string, key: string, ctx: SweepContext): void {
  if (!IDENTIFIER.test(name)) return;
  if (METRIC_NAMES.has(name) || (ENTITY_GROUPS as readonly string[]).includes(name) || (BOUND_GROUPS as readonly string[]).includes(name)) {
    ctx.fail(['parameters'], `'${name}' is the name of a result metric`, 'choose another name so constraints and assertions stay unambiguous', key);
  } else if (isUnitName(name)) {
    ctx.fail(['parameters'], `'${name}' is the name of a unit`, "choose another name so '2 h' and the like keep their meaning", key);
  }
}

/** The values of a parameter: a list, one value, or a generator (`range(…)`, `uniform(…)`, `loguniform(…)`). */
function valueSource(raw: unknown, valuesAt: SweepFieldPath, input: SweepInput, ctx: SweepContext): ValueSource | undefined {
  let source: ValueSource | undefined;
  if (Array.isArray(raw)) {
    if (raw.length === 0) ctx.fail(valuesAt, 'has no values, so the sweep would have no variants', 'list at least one value, e.g. [8, 16, 32]');
    else source = listSource(raw as ParamValue[]);
  } else if (typeof raw === 'number' || typeof raw === 'boolean') {
    source = listSource([raw]);
  } else if (typeof raw === 'string') {
    try {
      source = generatorSource(raw);
      if (source?.count === 0) {
        ctx.fail(valuesAt, `${raw} has no values (stop is below start), so the sweep would have no variants`, 'range(start, stop, step) counts up from start to stop');
        source = undefined;
      }
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      ctx.fail(valuesAt, `${raw}: ${err.message}`, 'e.g. range(8, 128, 8), uniform(1 h, 4 h) or loguniform(0.01, 1)');
    }
  }
  if (source && !Number.isFinite(source.count) && (input.sampling === 'grid' || input.sampling.kind === 'grid')) {
    ctx.fail(valuesAt, `${source.spec} is a continuous interval, which a grid cannot enumerate`, 'use range(start, stop, step), or sampling: {kind: latin-hypercube, samples: 50, seed: 1}');
    return source;
  }
  return source;
}

/** Two parameters writing the same place (or one inside the other) would silently overwrite each other. */
function checkOverlaps(parameters: readonly Parameter[], overrides: readonly SweepOverride[], locations: ReadonlyMap<string, ParamLocation>, ctx: SweepContext): void {
  const withPath = parameters.flatMap((p) => (p.path !== undefined ? [{ name: p.name, path: p.path }] : []));
  const keyOf = (name: string) => locations.get(name)?.key ?? name;
  for (const [i, a] of withPath.entries()) {
    for (const b of withPath.slice(0, i)) {
      if (startsWith(a.path, b.path) || startsWith(b.path, a.path)) {
        ctx.fail(
          ['parameters'],
          `sets '${formatKeys(a.path)}', which parameter '${b.name}' already sets ('${formatKeys(b.path)}')`,
          'each place in the scenario can have one parameter',
          keyOf(a.name),
        );
      }
    }
    for (const o of overrides) {
      if (startsWith(a.path, o.path)) ctx.fail(['parameters'], `sets '${o.key}', which the sweep already fixes with its own '${o.key}:'`, `remove one of them`, keyOf(a.name));
    }
  }
}

/** Expression parameters compiled against the other named parameters, then ordered by dependency (cycles reported). */
function orderExpressions(
  exprSources: ReadonlyMap<string, { readonly text: string; readonly at: SweepFieldPath }>,
  identifiers: ReadonlySet<string>,
  parameters: readonly Parameter[],
  ctx: SweepContext,
): Extract<Parameter, { kind: 'expr' }>[] {
  const compiled = new Map<string, CompiledExpression>();
  for (const [name, e] of exprSources) {
    const known = new Set([...identifiers].filter((n) => n !== name));
    try {
      compiled.set(name, compileExpression(e.text, known));
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      ctx.fail(e.at, `'${e.text}' ${err.message}`, /unknown name/.test(err.message) ? `expressions may use the named parameters: ${[...known].join(', ') || 'none'}` : undefined);
    }
  }
  const order: Extract<Parameter, { kind: 'expr' }>[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      ctx.fail(exprSources.get(name)?.at ?? ['parameters'], `the expressions depend on each other in a cycle: ${cycle.join(' → ')}`, 'one of them must be given values');
      return;
    }
    state.set(name, 'visiting');
    for (const dep of compiled.get(name)?.names ?? []) if (compiled.has(dep)) visit(dep, [...trail, name]);
    state.set(name, 'done');
    const expr = compiled.get(name);
    const p = parameters.find((q) => q.name === name);
    if (expr && p) order.push({ name, path: p.path, kind: 'expr', expr });
  };
  for (const name of compiled.keys()) visit(name, []);
  return order;
}

const PLACEHOLDER_EXPR: CompiledExpression = {
  text: '',
  names: [],
  evaluate: () => {
    throw new Error('expression not compiled');
  },
};

function generatorSourceOrUndefined(text: string): ValueSource | undefined {
  try {
    return generatorSource(text);
  } catch {
    return undefined;
  }
}

/** `range(…`, `uniform(…` or `loguniform(…`: a generator, even a malformed one (reported as such). */
function looksLikeGenerator(text: string): boolean {
  return /^\s*(range|uniform|loguniform)\s*\(/.test(text);
}
