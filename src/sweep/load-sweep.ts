import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { formatPath, InputError, type InputProblem, collectingProblems } from '../input-error.js';
import { readBoundedFile, YAML_FILE_LIMIT } from '../read-bounded-file.js';
import { Catalog } from '../scenario/catalog.js';
import { loadScenario, parseScenario } from '../scenario/load-scenario.js';
import { priceScenario } from '../cost/price-scenario.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { schemaProblems } from '../scenario/schema-problems.js';
import { locate, readYamlFile, type YamlSource } from '../scenario/yaml-file.js';
import { TOOL_VERSION } from '../version.js';
import { generatorSource, listSource, type ParamValue, type ValueSource } from './parameter-values.js';
import { formatKeys, parseKeys, PathError, resolvePath, startsWith, type ScenarioPath } from './parameter-path.js';
import { compileExpression, ExpressionError, isUnitName, type CompiledExpression } from './restricted-math.js';
import { COST_NAMES, ENTITY_GROUPS, METRIC_NAMES } from './result-metrics.js';
import { BOUND_GROUPS, checkUnits, compileResultExpression, IDENTIFIER, resultNames, type ExpressionOrigin, type Gate, type Objective } from './sweep-expressions.js';
import { sweepSchema, type SweepInput } from './sweep-schema.js';
import { variantScenario } from './variant-scenario.js';
import { VariantError, VariantSpace, type Parameter, type Sampling, type Variant } from './variant-space.js';

/** Variants a sweep may have unless its file (`max_variants`) or the command line allows more. */
export const DEFAULT_MAX_VARIANTS = 10_000;
/** Variant scenarios validated before anything runs (each value of each parameter, the first and last variants). */
const MAX_UPFRONT_CHECKS = 120;

export interface LoadSweepOptions {
  readonly catalog?: Catalog;
  /** overrides the file's `max_variants` */
  readonly maxVariants?: number;
  /** `--assert` gates from the command line */
  readonly asserts?: readonly string[];
  /** `--replications`: overrides the sweep file's and the base scenario's */
  readonly replications?: number;
  /** keep time series, usage ledgers and monthly cost series in variant results (default: left out) */
  readonly fullResults?: boolean;
  /** the file already read and parsed (a FIFO can be read only once) */
  readonly source?: YamlSource;
}

/** How a parameter was written, for the result file. */
export interface ParameterInfo {
  readonly name: string;
  /** the concrete scenario path (`workloads[0].arrivals.rate`), or null for a value used only in expressions */
  readonly path: string | null;
  readonly kind: 'values' | 'expr';
  /** the values (`[8, 16]`, `range(8, 128, 8)`) or the expression */
  readonly spec: string;
}

/** A validated sweep, ready to run: nothing in it holds more than one variant at a time. */
export interface SweepPlan {
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  /** the file the base scenario came from (the sweep file itself for an inline base) */
  readonly baseFile: string;
  /** the base scenario as a plain YAML value, with the sweep's `seed`/`replications` applied */
  readonly baseValue: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly replications: number;
  readonly parameters: readonly ParameterInfo[];
  readonly sampling: Sampling;
  readonly space: VariantSpace;
  readonly objectives: readonly Objective[];
  readonly constraints: readonly Gate[];
  /** the file's assertions, then the command line's */
  readonly assertions: readonly Gate[];
  readonly best: number;
  readonly catalogDir: string;
  readonly fullResults: boolean;
  /** identifies what every variant result depends on (base, catalog, parameters, sampling, tool version) */
  readonly variantsHash: string;
  /** identifies the whole sweep: `variantsHash` plus name, objectives, constraints and file assertions */
  readonly hash: string;
  /** the definition as recorded in result files */
  readonly definition: SweepDefinition;
  /** the trace files the base scenario replays (a sweep's outputs may not replace them) */
  readonly traceFiles: readonly string[];
  /** turns problems of a variant's scenario into problems located in the sweep or base file */
  relocate(problems: readonly InputProblem[], variant: Variant): InputProblem[];
  /** `nodes = 16, rate = 2.2 /h` */
  describe(variant: Pick<Variant, 'parameters'>): string;
  /** where a parameter's values or expression are written in the sweep file */
  locateParameter(name: string): { readonly file: string; readonly line: number; readonly col: number; readonly field: string };
}

/** The sweep definition recorded in result files (and hashed). */
export interface SweepDefinition {
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  readonly replications: number;
  readonly parameters: readonly ParameterInfo[];
  readonly sampling: Sampling;
  readonly variants: number;
  readonly objectives: readonly { readonly direction: 'minimise' | 'maximise'; readonly expression: string }[];
  readonly constraints: readonly string[];
  readonly assertions: readonly string[];
  readonly best: number;
  readonly full_results: boolean;
}

interface ParamLocation {
  readonly key: string;
  /** YAML path of the values list, the generator string or the expression in the sweep file */
  readonly valuesAt: (string | number)[];
  /** the list of values, when written as a list (to point at the item a variant used) */
  readonly list?: readonly unknown[];
}

/** Reads and checks a sweep file. @throws InputError with one located message per problem. */
export function loadSweep(file: string, options: LoadSweepOptions = {}): SweepPlan {
  const src = options.source ?? readYamlFile(file);
  const parsed = sweepSchema.safeParse(src.value, { reportInput: true });
  if (!parsed.success) throw new InputError(schemaProblems(parsed.error.issues, src, sweepSchema));
  const input = parsed.data;
  const catalog = options.catalog ?? new Catalog();
  const problems: InputProblem[] = [];
  const at = (path: (string | number)[], keyName?: string) => ({ file, ...locate(src, path, keyName) });
  const fail = (path: (string | number)[], message: string, hint?: string, keyName?: string) =>
    problems.push({ ...at(path, keyName), field: formatPath(keyName === undefined ? path : [...path, keyName]), message, ...(hint && { hint }) });
  const done = () => {
    if (problems.length > 0) throw new InputError(problems);
  };

  // The base scenario: validated as it is first, so its own problems keep their own positions.
  let baseFile: string;
  let baseSrc: YamlSource | undefined;
  let baseValue: Record<string, unknown>;
  if ((input.base === undefined) === (input.scenario === undefined)) {
    if (input.base === undefined) fail([], 'needs a base scenario', "add 'base: my-scenario.yaml' (relative to this file) or an inline 'scenario:' block");
    else fail([], "has both 'base' and 'scenario'", 'keep one of them', 'scenario');
    done();
  }
  if (input.base !== undefined) {
    baseFile = resolve(dirname(file), input.base);
    try {
      baseSrc = readYamlFile(baseFile);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const first = err.problems[0];
      if (first?.line === 0) throw InputError.single({ ...at(['base']), field: 'base', message: `${input.base}: ${first.message}`, hint: 'the path is relative to the sweep file' });
      throw err;
    }
    loadScenario(baseFile, { catalog });
    baseValue = structuredClone(baseSrc.value) as Record<string, unknown>;
  } else {
    baseFile = file;
    baseValue = structuredClone(input.scenario) as Record<string, unknown>;
  }
  const relocateToBase = (p: InputProblem, note: string): InputProblem => {
    const keys = parseKeys(p.field);
    if (baseSrc) return { ...p, file: baseFile, ...locate(baseSrc, keys), message: `${p.message}${note}` };
    return { ...p, file, ...locate(src, ['scenario', ...keys]), field: p.field === '' ? 'scenario' : `scenario.${p.field}`, message: `${p.message}${note}` };
  };
  if (baseSrc === undefined) {
    try {
      parseScenario(JSON.stringify(baseValue), file, { catalog });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      throw new InputError(err.problems.map((p) => relocateToBase(p, '')));
    }
  }

  // The sweep's own seed and replications apply to every variant.
  const overrides: { key: 'seed' | 'replications'; path: ScenarioPath }[] = [];
  if (input.seed !== undefined) {
    baseValue['seed'] = input.seed;
    overrides.push({ key: 'seed', path: ['seed'] });
  }
  const replications = options.replications ?? input.replications;
  if (replications !== undefined) {
    baseValue['replications'] = replications;
    overrides.push({ key: 'replications', path: ['replications'] });
  }

  // Parameters.
  const parameters: Parameter[] = [];
  const infos: ParameterInfo[] = [];
  const locations = new Map<string, ParamLocation>();
  const exprSources = new Map<string, { text: string; at: (string | number)[] }>();
  for (const [key, spec] of Object.entries(input.parameters)) {
    const explicit = spec !== null && typeof spec === 'object' && !Array.isArray(spec);
    const name = key;
    const pathText = explicit ? spec.path : key;
    if (explicit) {
      if (!IDENTIFIER.test(name)) fail(['parameters'], `'${name}' is not a usable name`, "a named parameter needs a name like 'nodes' or 'burst_threshold' (letters, digits, _); to address a path directly write 'the.path: [values]'", name);
      if (spec.values === undefined && spec.expr === undefined) fail(['parameters', key], 'needs values or expr', "e.g. values: [8, 16, 32] or values: range(8, 128, 8), or expr: nodes * 8");
      if (spec.values !== undefined && spec.expr !== undefined) fail(['parameters', key], 'has both values and expr', 'keep one of them', 'expr');
    }
    if (IDENTIFIER.test(name)) {
      if (METRIC_NAMES.has(name) || (ENTITY_GROUPS as readonly string[]).includes(name) || (BOUND_GROUPS as readonly string[]).includes(name)) {
        fail(['parameters'], `'${name}' is the name of a result metric`, 'choose another name so constraints and assertions stay unambiguous', key);
      } else if (isUnitName(name)) {
        fail(['parameters'], `'${name}' is the name of a unit`, "choose another name so '2 h' and the like keep their meaning", key);
      }
    }
    let path: ScenarioPath | undefined;
    if (pathText !== undefined) {
      try {
        path = resolvePath(baseValue, pathText);
      } catch (err) {
        if (!(err instanceof PathError)) throw err;
        const where = explicit ? { path: ['parameters', key, 'path'], keyName: undefined } : { path: ['parameters'], keyName: key };
        fail(where.path, `no such place in the base scenario ${input.base ?? '(inline)'}: ${err.message}`, err.hint, where.keyName);
      }
    }
    const valuesAt: (string | number)[] = explicit ? ['parameters', key, spec.values !== undefined ? 'values' : 'expr'] : ['parameters', key];
    const raw: unknown = explicit ? (spec.values ?? spec.expr) : spec;
    const isExpr = explicit ? spec.values === undefined && spec.expr !== undefined : typeof raw === 'string' && generatorSourceOrUndefined(raw) === undefined && !looksLikeGenerator(raw);
    locations.set(name, { key, valuesAt, ...(Array.isArray(raw) && { list: raw }) });
    if (isExpr && typeof raw === 'string') {
      exprSources.set(name, { text: raw, at: valuesAt });
      parameters.push({ name, path, kind: 'expr', expr: PLACEHOLDER_EXPR });
      infos.push({ name, path: path ? formatKeys(path) : null, kind: 'expr', spec: raw });
      continue;
    }
    let source: ValueSource | undefined;
    if (Array.isArray(raw)) {
      if (raw.length === 0) fail(valuesAt, 'has no values, so the sweep would have no variants', 'list at least one value, e.g. [8, 16, 32]');
      else source = listSource(raw as ParamValue[]);
    } else if (typeof raw === 'number' || typeof raw === 'boolean') {
      source = listSource([raw]);
    } else if (typeof raw === 'string') {
      try {
        source = generatorSource(raw);
        if (source?.count === 0) {
          fail(valuesAt, `${raw} has no values (stop is below start), so the sweep would have no variants`, 'range(start, stop, step) counts up from start to stop');
          source = undefined;
        }
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        fail(valuesAt, `${raw}: ${err.message}`, 'e.g. range(8, 128, 8), uniform(1 h, 4 h) or loguniform(0.01, 1)');
      }
    }
    if (source) {
      if (!Number.isFinite(source.count) && (input.sampling === 'grid' || input.sampling.kind === 'grid')) {
        fail(valuesAt, `${source.spec} is a continuous interval, which a grid cannot enumerate`, "use range(start, stop, step), or sampling: {kind: latin-hypercube, samples: 50, seed: 1}");
      }
      parameters.push({ name, path, kind: 'values', source });
      infos.push({ name, path: path ? formatKeys(path) : null, kind: 'values', spec: source.spec });
    }
  }
  // Two parameters writing the same place (or one inside the other) would silently overwrite each other.
  const withPath = parameters.filter((p) => p.path !== undefined);
  for (let i = 0; i < withPath.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = withPath[i]!;
      const b = withPath[j]!;
      if (startsWith(a.path!, b.path!) || startsWith(b.path!, a.path!)) {
        fail(['parameters'], `sets '${formatKeys(a.path!)}', which parameter '${b.name}' already sets ('${formatKeys(b.path!)}')`, 'each place in the scenario can have one parameter', locations.get(a.name)!.key);
      }
    }
    for (const o of overrides) {
      if (startsWith(withPath[i]!.path!, o.path)) fail(['parameters'], `sets '${o.key}', which the sweep already fixes with its own '${o.key}:'`, `remove one of them`, locations.get(withPath[i]!.name)!.key);
    }
  }

  // Expression parameters: compiled against the other named parameters, then ordered by dependency.
  // Every declared name counts, even one whose values had a problem (already reported): no cascades.
  const identifiers = new Set(Object.keys(input.parameters).filter((n) => IDENTIFIER.test(n)));
  const compiled = new Map<string, CompiledExpression>();
  for (const [name, e] of exprSources) {
    const known = new Set([...identifiers].filter((n) => n !== name));
    try {
      compiled.set(name, compileExpression(e.text, known));
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      fail(e.at, `'${e.text}' ${err.message}`, /unknown name/.test(err.message) ? `expressions may use the named parameters: ${[...known].join(', ') || 'none'}` : undefined);
    }
  }
  const order: Extract<Parameter, { kind: 'expr' }>[] = [];
  {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, trail: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(name)), name];
        fail(exprSources.get(name)!.at, `the expressions depend on each other in a cycle: ${cycle.join(' → ')}`, 'one of them must be given values');
        return;
      }
      state.set(name, 'visiting');
      for (const dep of compiled.get(name)?.names ?? []) if (compiled.has(dep)) visit(dep, [...trail, name]);
      state.set(name, 'done');
      const expr = compiled.get(name);
      const p = parameters.find((q) => q.name === name)!;
      if (expr) order.push({ name, path: p.path, kind: 'expr', expr });
    };
    for (const name of compiled.keys()) visit(name, []);
  }
  const finalParameters = parameters.map((p) => (p.kind === 'expr' ? (order.find((o) => o.name === p.name) ?? p) : p));
  done();

  // Sampling and size.
  const sampling: Sampling = input.sampling === 'grid' || input.sampling.kind === 'grid' ? { kind: 'grid' } : { kind: input.sampling.kind, samples: input.sampling.samples, seed: input.sampling.seed };
  const space = new VariantSpace(finalParameters, sampling, order);
  const limit = options.maxVariants ?? input.max_variants ?? DEFAULT_MAX_VARIANTS;
  const limitFrom = options.maxVariants !== undefined ? '--max-variants' : input.max_variants !== undefined ? 'max_variants' : 'the default max_variants';
  if (space.count > limit) {
    const sizes = finalParameters.flatMap((p) => (p.kind === 'values' ? [`${p.source.count.toLocaleString('en-US')} ${p.name}`] : [])).join(' × ');
    const count = Number.isFinite(space.count) ? space.count.toLocaleString('en-US') : 'more than 2^53';
    if (sampling.kind === 'grid') {
      fail([], `the grid has ${count} variants (${sizes}), more than ${limitFrom} (${limit.toLocaleString('en-US')})`, `set max_variants: ${Number.isFinite(space.count) ? space.count : 'N'} to run them all, or sample them: sampling: {kind: latin-hypercube, samples: 200, seed: 1}`, 'parameters');
    } else {
      fail(['sampling', 'samples'], `${count} samples are more than ${limitFrom} (${limit.toLocaleString('en-US')})`, `set max_variants: ${space.count} to run them all`);
    }
  }
  done();

  // Objectives, constraints and assertions.
  const known = resultNames([...identifiers]);
  const originAt = (path: (string | number)[]): ExpressionOrigin => ({ ...at(path), field: formatPath(path) });
  const guard = collectingProblems(problems);
  const firstParameters = firstVariantParameters(space);
  // A queue-only base (costs: none) has no cost figure in any variant unless a parameter turns costs on.
  const uncosted = baseValue['costs'] === 'none' && !parameters.some((p) => p.path?.length === 1 && p.path[0] === 'costs');
  const resultExpression = (text: string, origin: ExpressionOrigin) => {
    const expr = compileResultExpression(text, origin, known);
    const costNames = uncosted ? expr.names.filter((n) => COST_NAMES.has(n)) : [];
    if (costNames.length > 0) {
      throw InputError.single({
        ...origin,
        message: `'${text}' uses ${costNames.map((n) => `'${n}'`).join(', ')}, but the base scenario says costs: none (a queue-only study): no variant has cost figures`,
        hint: 'remove costs: none from the base scenario and price its nodes, or use queue metrics only',
      });
    }
    checkUnits(text, expr, origin, firstParameters);
    return expr;
  };
  const objectives: Objective[] = input.objectives.flatMap((o, i) => {
    const [word, text] = Object.entries(o)[0] as [string, string];
    const direction = word.startsWith('min') ? 'minimise' : 'maximise';
    const origin = originAt(['objectives', i, word]);
    const expr = guard(() => resultExpression(text, origin));
    return expr ? [{ direction, text, expr, origin } as Objective] : [];
  });
  const gates = (list: readonly string[], key: 'constraints' | 'assertions'): Gate[] =>
    list.flatMap((text, i) => {
      const origin = originAt([key, i]);
      const expr = guard(() => resultExpression(text, origin));
      return expr ? [{ text, expr, origin }] : [];
    });
  const constraints = gates(input.constraints, 'constraints');
  const assertions = [
    ...gates(input.assertions, 'assertions'),
    ...(options.asserts ?? []).flatMap((text) => {
      const origin: ExpressionOrigin = { file: `--assert '${text}'`, line: 0, col: 0, field: '' };
      const expr = guard(() => resultExpression(text, origin));
      return expr ? [{ text, expr, origin }] : [];
    }),
  ];
  done();

  const name = input.name ?? (basename(file).replace(/\.ya?ml$/i, '').replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'sweep');
  const describe = (variant: Pick<Variant, 'parameters'>) =>
    Object.entries(variant.parameters)
      .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
  const relocate = (list: readonly InputProblem[], variant: Variant): InputProblem[] => {
    const label = `variant ${variant.index} (${describe(variant) || 'the base scenario'})`;
    return list.map((p) => {
      const keys = parseKeys(p.field);
      const param = p.field === '' ? undefined : finalParameters.find((q) => q.path && startsWith(keys, q.path));
      if (param) {
        const loc = locations.get(param.name)!;
        const value = variant.parameters[param.name];
        const item = loc.list?.findIndex((v) => JSON.stringify(v) === JSON.stringify(value)) ?? -1;
        const where = item >= 0 ? [...loc.valuesAt, item] : loc.valuesAt;
        return { ...p, file, ...locate(src, where), field: formatPath(where), message: `${label}: ${p.field}: ${p.message}` };
      }
      const override = p.field === '' ? undefined : overrides.find((o) => startsWith(keys, o.path));
      if (override) return { ...p, file, ...locate(src, [override.key]), field: override.key };
      return relocateToBase(p, finalParameters.length > 0 ? ` (in ${label})` : '');
    });
  };

  // Check the variants a person would try first: every value of each parameter with the others at
  // their first value, the first and the last variant. Other combinations are checked as they run.
  for (const index of upfrontIndexes(space, finalParameters)) {
    let variant: Variant;
    try {
      variant = space.variant(index);
    } catch (err) {
      if (!(err instanceof VariantError)) throw err;
      throw variantError(err, index, (n) => ({ ...at(exprSources.get(n)?.at ?? ['parameters']), field: formatPath(exprSources.get(n)?.at ?? ['parameters']) }));
    }
    try {
      variantScenario(baseValue, baseFile, variant.patches, catalog);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      throw new InputError(relocate(err.problems, variant));
    }
  }

  const resolvedBase = parseScenario(JSON.stringify(baseValue), baseFile, { catalog });
  const baseDir = dirname(resolve(baseFile));
  // the scenario as its runs see it, prices included (the hash of earlier results stays valid)
  const fingerprint = JSON.stringify(priceScenario(resolvedBase), (k, v: unknown) => (k === 'file' && typeof v === 'string' && isAbsolute(v) ? relative(baseDir, v).split(sep).join('/') : v));
  const fullResults = options.fullResults === true;
  const definition: SweepDefinition = {
    name,
    ...(input.description !== undefined && { description: input.description }),
    seed: resolvedBase.seed,
    replications: resolvedBase.replications,
    parameters: infos,
    sampling,
    variants: space.count,
    objectives: objectives.map((o) => ({ direction: o.direction, expression: o.text })),
    constraints: constraints.map((c) => c.text),
    assertions: input.assertions,
    best: input.best,
    full_results: fullResults,
  };
  const traces = traceFingerprints(resolvedBase);
  const variantsHash = sha256(
    JSON.stringify({ format: 1, tool: TOOL_VERSION, base: fingerprint, catalog: catalogFingerprint(catalog.dir), ...(traces && { traces }), parameters: infos, sampling, full_results: fullResults }),
  );
  const hash = sha256(JSON.stringify({ variantsHash, definition }));
  return {
    file,
    name,
    ...(input.description !== undefined && { description: input.description }),
    baseFile,
    baseValue,
    seed: resolvedBase.seed,
    replications: resolvedBase.replications,
    parameters: infos,
    sampling,
    space,
    objectives,
    constraints,
    assertions,
    best: input.best,
    catalogDir: catalog.dir,
    fullResults,
    variantsHash,
    hash,
    definition,
    traceFiles: resolvedBase.workloads.flatMap((w) => ((w.kind === 'trace' || w.kind === 'inference') && w.trace ? [w.trace.file] : [])),
    relocate,
    describe,
    locateParameter: (n) => {
      const loc = locations.get(n);
      const where = loc ? loc.valuesAt : ['parameters'];
      return { ...at(where), field: formatPath(where) };
    },
  };
}

/** An expression parameter that cannot be evaluated for a variant, as a located input error. */
export function variantError(err: VariantError, index: number, locateParameter: SweepPlan['locateParameter']): InputError {
  return InputError.single({ ...locateParameter(err.parameter), message: `in variant ${index}: ${err.message}` });
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

function upfrontIndexes(space: VariantSpace, parameters: readonly Parameter[]): number[] {
  const out = new Set<number>([0, space.count - 1]);
  if (space.sampling.kind !== 'grid') {
    for (let i = 0; i < Math.min(space.count, 16); i++) out.add(i);
  } else {
    const sources = parameters.filter((p): p is Extract<Parameter, { kind: 'values' }> => p.kind === 'values');
    let stride = 1;
    for (let p = sources.length - 1; p >= 0; p--) {
      const n = sources[p]!.source.count;
      const ks = n <= 24 ? Array.from({ length: n }, (_, k) => k) : Array.from({ length: 12 }, (_, j) => Math.round((j * (n - 1)) / 11));
      for (const k of ks) out.add(k * stride);
      stride *= n;
    }
  }
  return [...out].filter((i) => i >= 0 && i < space.count).sort((a, b) => a - b).slice(0, MAX_UPFRONT_CHECKS);
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** A hash of every profile file in the catalog: variant results depend on the profiles a parameter may pick. */
function catalogFingerprint(dir: string): string {
  const h = createHash('sha256');
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return 'unreadable';
  }
  for (const n of names) {
    h.update(n);
    h.update('\0');
    h.update(readBoundedFile(join(dir, n), YAML_FILE_LIMIT));
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * A hash of the contents of each trace the base scenario replays (by workload), or undefined without
 * traces: shards run against different copies of a trace must not merge, and results computed from
 * an older copy must not be resumed. Read in chunks: a trace may be far larger than memory.
 */
function traceFingerprints(scenario: ResolvedScenario): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const w of scenario.workloads) {
    if ((w.kind === 'trace' || w.kind === 'inference') && w.trace) out[w.name] = fileDigest(w.trace.file);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function fileDigest(file: string): string {
  const h = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) h.update(buffer.subarray(0, n));
    return h.digest('hex');
  } catch {
    return 'unreadable'; // the scenario loader has reported a missing trace already
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export type { SweepInput };

/** The parameter values of variant 0 (stand-ins for the unit check of result expressions); none if it cannot be formed. */
function firstVariantParameters(space: VariantSpace): Readonly<Record<string, unknown>> {
  try {
    return space.count > 0 ? space.variant(0).parameters : {};
  } catch {
    return {};
  }
}
