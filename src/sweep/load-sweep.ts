import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { formatPath, InputError, type InputProblem } from '../support/input-error.js';
import { Catalog } from '../scenario/catalog.js';
import { parseScenario } from '../scenario/load-scenario.js';
import { priceScenario } from '../cost/price-scenario.js';
import { locate, readYamlFile } from '../scenario/yaml-file.js';
import { schemaProblems } from '../scenario/schema-problems.js';
import { TOOL_VERSION } from '../support/version.js';
import { parseKeys, startsWith } from './parameter-path.js';
import { loadSweepBase, type SweepBase } from './sweep-base.js';
import { sweepContext, type SweepContext } from './sweep-context.js';
import { catalogFingerprint, sha256, traceFingerprints } from './sweep-fingerprint.js';
import { defaultModelCardsDir } from '../scenario/default-catalog-dir.js';
import { compileGoals, type SweepGoals } from './sweep-goals.js';
import { readParameters, type SweepOverride, type SweepParameters } from './sweep-parameters.js';
import { readRoles, type SweepRoles } from './sweep-roles.js';
import type { LoadSweepOptions, SweepDefinition, SweepPlan } from './sweep-plan.js';
import { sweepSchema, type SweepInput } from './sweep-schema.js';
import { variantScenario } from './variant-scenario.js';
import { VariantError, VariantSpace, type Parameter, type Sampling, type Variant } from './variant-space.js';

export type { LoadSweepOptions, ParameterInfo, SweepDefinition, SweepPlan } from './sweep-plan.js';
export type { SweepInput };

/** Variants a sweep may have unless its file (`max_variants`) or the command line allows more. */
export const DEFAULT_MAX_VARIANTS = 10_000;
/** Variant scenarios validated before anything runs (each value of each parameter, the first and last variants). */
const MAX_UPFRONT_CHECKS = 120;

/** Reads and checks a sweep file. @throws InputError with one located message per problem. */
export function loadSweep(file: string, options: LoadSweepOptions = {}): SweepPlan {
  const src = options.source ?? readYamlFile(file);
  const parsed = sweepSchema.safeParse(src.value, { reportInput: true });
  if (!parsed.success) throw new InputError(schemaProblems(parsed.error.issues, src, sweepSchema));
  const input = parsed.data;
  const catalog = options.catalog ?? new Catalog();
  const ctx = sweepContext(file, src);

  const base = loadSweepBase(input, ctx, catalog);
  const overrides = applyOverrides(input, options, base.baseValue);
  const params = readParameters(input, base.baseValue, overrides, ctx);
  const roles = readRoles(input, params, ctx);
  const space = sizedSpace(input, options, params, ctx);
  // A queue-only base (costs: none) has no cost figure in any variant unless a parameter turns costs on.
  const uncosted = base.baseValue['costs'] === 'none' && !params.parameters.some((p) => p.path?.length === 1 && p.path[0] === 'costs');
  const goals = compileGoals(input, { identifiers: params.identifiers, uncosted, firstParameters: firstVariantParameters(space), asserts: options.asserts ?? [] }, ctx);

  const describe = (variant: Pick<Variant, 'parameters'>) =>
    Object.entries(variant.parameters)
      .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
  const relocate = relocator(ctx, base, params, overrides, describe);
  checkFirstVariants(space, params, base, catalog, ctx, relocate);
  return {
    file,
    ...planRecord(input, options, base, catalog, params, roles, space, goals, file),
    relocate,
    describe,
    locateParameter: (n) => {
      const where = params.locations.get(n)?.valuesAt ?? ['parameters'];
      return { ...ctx.at(where), field: formatPath(where) };
    },
  };
}

/** The sweep's own seed and replications apply to every variant (written into the base value). */
function applyOverrides(input: SweepInput, options: LoadSweepOptions, baseValue: Record<string, unknown>): SweepOverride[] {
  const overrides: SweepOverride[] = [];
  if (input.seed !== undefined) {
    baseValue['seed'] = input.seed;
    overrides.push({ key: 'seed', path: ['seed'] });
  }
  const replications = options.replications ?? input.replications;
  if (replications !== undefined) {
    baseValue['replications'] = replications;
    overrides.push({ key: 'replications', path: ['replications'] });
  }
  return overrides;
}

/** The variant space, within the variant limit of the file or the command line. @throws InputError when too large */
function sizedSpace(input: SweepInput, options: LoadSweepOptions, params: SweepParameters, ctx: SweepContext): VariantSpace {
  const sampling: Sampling = input.sampling === 'grid' || input.sampling.kind === 'grid' ? { kind: 'grid' } : { kind: input.sampling.kind, samples: input.sampling.samples, seed: input.sampling.seed };
  const space = new VariantSpace(params.parameters, sampling, params.order);
  const limit = options.maxVariants ?? input.max_variants ?? DEFAULT_MAX_VARIANTS;
  const limitFrom = options.maxVariants !== undefined ? '--max-variants' : input.max_variants !== undefined ? 'max_variants' : 'the default max_variants';
  if (space.count > limit) {
    const sizes = params.parameters.flatMap((p) => (p.kind === 'values' ? [`${p.source.count.toLocaleString('en-US')} ${p.name}`] : [])).join(' × ');
    const count = Number.isFinite(space.count) ? space.count.toLocaleString('en-US') : 'more than 2^53';
    if (sampling.kind === 'grid') {
      ctx.fail(
        [],
        `the grid has ${count} variants (${sizes}), more than ${limitFrom} (${limit.toLocaleString('en-US')})`,
        `set max_variants: ${Number.isFinite(space.count) ? space.count : 'N'} to run them all, or sample them: sampling: {kind: latin-hypercube, samples: 200, seed: 1}`,
        'parameters',
      );
    } else {
      ctx.fail(['sampling', 'samples'], `${count} samples are more than ${limitFrom} (${limit.toLocaleString('en-US')})`, `set max_variants: ${space.count} to run them all`);
    }
  }
  ctx.done();
  return space;
}

/** Turns problems of a variant's scenario into problems at the parameter value, the sweep's override or the base. */
function relocator(ctx: SweepContext, base: SweepBase, params: SweepParameters, overrides: readonly SweepOverride[], describe: (v: Pick<Variant, 'parameters'>) => string): SweepPlan['relocate'] {
  return (list, variant) => {
    const label = `variant ${variant.index} (${describe(variant) || 'the base scenario'})`;
    return list.map((p): InputProblem => {
      const keys = parseKeys(p.field);
      const param = p.field === '' ? undefined : params.parameters.find((q) => q.path && startsWith(keys, q.path));
      const loc = param && params.locations.get(param.name);
      if (param && loc) {
        const value = variant.parameters[param.name];
        const item = loc.list?.findIndex((v) => JSON.stringify(v) === JSON.stringify(value)) ?? -1;
        const where = item >= 0 ? [...loc.valuesAt, item] : loc.valuesAt;
        return { ...p, file: ctx.file, ...locate(ctx.src, where), field: formatPath(where), message: `${label}: ${p.field}: ${p.message}` };
      }
      const override = p.field === '' ? undefined : overrides.find((o) => startsWith(keys, o.path));
      if (override) return { ...p, file: ctx.file, ...locate(ctx.src, [override.key]), field: override.key };
      return base.relocateToBase(p, params.parameters.length > 0 ? ` (in ${label})` : '');
    });
  };
}

/**
 * Checks the variants a person would try first: every value of each parameter with the others at
 * their first value, the first and the last variant. Other combinations are checked as they run.
 */
function checkFirstVariants(space: VariantSpace, params: SweepParameters, base: SweepBase, catalog: Catalog, ctx: SweepContext, relocate: SweepPlan['relocate']): void {
  for (const index of upfrontIndexes(space, params.parameters)) {
    let variant: Variant;
    try {
      variant = space.variant(index);
    } catch (err) {
      if (!(err instanceof VariantError)) throw err;
      throw variantError(err, index, (n) => {
        const where = params.exprAt.get(n) ?? ['parameters'];
        return { ...ctx.at(where), field: formatPath(where) };
      });
    }
    try {
      variantScenario(base.baseValue, base.baseFile, variant.patches, catalog);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      throw new InputError(relocate(err.problems, variant));
    }
  }
}

/** What the plan records and hashes: the resolved base's seed and replications, the definition, the hashes. */
function planRecord(input: SweepInput, options: LoadSweepOptions, base: SweepBase, catalog: Catalog, params: SweepParameters, roles: SweepRoles, space: VariantSpace, goals: SweepGoals, file: string) {
  const resolvedBase = parseScenario(JSON.stringify(base.baseValue), base.baseFile, { catalog });
  const baseDir = dirname(resolve(base.baseFile));
  // the scenario as its runs see it, prices included (the hash of earlier results stays valid)
  const fingerprint = JSON.stringify(priceScenario(resolvedBase), (k, v: unknown) => (k === 'file' && typeof v === 'string' && isAbsolute(v) ? relative(baseDir, v).split(sep).join('/') : v));
  const fullResults = options.fullResults === true;
  const name =
    input.name ??
    (basename(file)
      .replace(/\.ya?ml$/i, '')
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') ||
      'sweep');
  const sampling = space.sampling;
  const definition: SweepDefinition = {
    name,
    ...(input.description !== undefined && { description: input.description }),
    seed: resolvedBase.seed,
    replications: resolvedBase.replications,
    // with their roles in a robust sweep (the variants hash below reads them without: roles change no variant)
    parameters: roles.infos,
    sampling,
    variants: space.count,
    objectives: goals.objectives.map((o) => ({ direction: o.direction, expression: o.text })),
    constraints: goals.constraints.map((c) => c.text),
    assertions: input.assertions,
    best: input.best,
    full_results: fullResults,
    ...(roles.robust && { robust: { quantile: roles.robust.quantile } }),
  };
  const traces = traceFingerprints(resolvedBase);
  const variantsHash = sha256(
    JSON.stringify({
      format: 1,
      tool: TOOL_VERSION,
      base: fingerprint,
      catalog: catalogFingerprint(catalog.dir),
      // the model cards a variant's services may name: a changed card must not reuse stored results
      models: catalogFingerprint(defaultModelCardsDir()),
      ...(traces && { traces }),
      parameters: params.infos,
      sampling,
      full_results: fullResults,
    }),
  );
  const hash = sha256(JSON.stringify({ variantsHash, definition }));
  return {
    name,
    ...(input.description !== undefined && { description: input.description }),
    baseFile: base.baseFile,
    baseValue: base.baseValue,
    seed: resolvedBase.seed,
    replications: resolvedBase.replications,
    parameters: roles.infos,
    sampling,
    space,
    objectives: goals.objectives,
    constraints: goals.constraints,
    assertions: goals.assertions,
    best: input.best,
    ...(options.feasibility !== undefined && { feasibility: options.feasibility }),
    ...(roles.robust && { robust: roles.robust }),
    catalogDir: catalog.dir,
    fullResults,
    variantsHash,
    hash,
    definition,
    traceFiles: resolvedBase.workloads.flatMap((w) => ((w.kind === 'trace' || w.kind === 'inference') && w.trace ? [w.trace.file] : [])),
  };
}

/** An expression parameter that cannot be evaluated for a variant, as a located input error. */
export function variantError(err: VariantError, index: number, locateParameter: SweepPlan['locateParameter']): InputError {
  return InputError.single({ ...locateParameter(err.parameter), message: `in variant ${index}: ${err.message}` });
}

function upfrontIndexes(space: VariantSpace, parameters: readonly Parameter[]): number[] {
  const out = new Set<number>([0, space.count - 1]);
  if (space.sampling.kind !== 'grid') {
    for (let i = 0; i < Math.min(space.count, 16); i++) out.add(i);
  } else {
    const sources = parameters.filter((p): p is Extract<Parameter, { kind: 'values' }> => p.kind === 'values');
    let stride = 1;
    for (const source of [...sources].reverse()) {
      const n = source.source.count;
      const ks = n <= 24 ? Array.from({ length: n }, (_, k) => k) : Array.from({ length: 12 }, (_, j) => Math.round((j * (n - 1)) / 11));
      for (const k of ks) out.add(k * stride);
      stride *= n;
    }
  }
  return [...out]
    .filter((i) => i >= 0 && i < space.count)
    .sort((a, b) => a - b)
    .slice(0, MAX_UPFRONT_CHECKS);
}

/** The parameter values of variant 0 (stand-ins for the unit check of result expressions); none if it cannot be formed. */
function firstVariantParameters(space: VariantSpace): Readonly<Record<string, unknown>> {
  try {
    return space.count > 0 ? space.variant(0).parameters : {};
  } catch {
    return {};
  }
}
