import { formatPath, InputError, type InputProblem, collectingProblems } from '../../support/input-error.js';
import { Catalog } from '../catalog.js';
import { ModelCards } from '../model-cards.js';
import { TokenApis } from '../token-apis.js';
import { ProfileResolver, deepFreeze, type RefSite } from '../profile-resolver.js';
import type { ResolvedScenario } from '../scenario.js';
import { scenarioSchema } from '../scenario-schema.js';
import { schemaProblems } from '../schema-problems.js';
import { locate, type YamlSource } from '../yaml-file.js';
import type { Fail, ResolveContext } from './resolve-context.js';
import { resolveLinks } from './resolve-links.js';
import { checkPoolsHavePower, checkPricedChoices, resolvePolicy } from './resolve-policy.js';
import { resolveRental } from './resolve-rental.js';
import { resolveSites } from './resolve-sites.js';
import { resolveWorkloads } from './resolve-workloads.js';
import { resolvePipelines } from './resolve-pipelines.js';
import { parseInstant } from '../../support/calendar.js';
import { checkEdgeBurstTargets } from './resolve-service-reach.js';
import { resolveGoodput } from './resolve-goodput.js';
import { resolveData } from './resolve-data.js';
import { coolingForPeak, fleetConfigurations } from './fleet-configurations.js';
import type { CostedSite } from '../../cost/costed-scenario.js';
import type { CarbonSeries } from '../../cost/hourly-carbon.js';
import type { PoolSpec } from '../../model/types.js';

export interface LoadOptions {
  /** Folder of hardware profiles (default: the catalog shipped with the tool). */
  readonly catalog?: Catalog;
  /** Folder of model cards (default: models/ shipped with the tool). */
  readonly models?: ModelCards;
  /**
   * the workload whose layout `simulate plan` searches: its replicas are not required to fit memory as written
   * (the plan checks every layout it tries and reports those that do not fit)
   */
  readonly layoutSearched?: string;
  /** Folder of managed-API offerings (default: token-apis/ shipped with the tool). */
  readonly apis?: TokenApis;
}

/**
 * Validates a parsed scenario file and resolves it: profiles looked up, sites, links, policy and
 * workloads checked against each other. Every problem is collected and reported at once, located in
 * the file. Nothing is priced or run here. @throws InputError
 */
export function resolveScenario(src: YamlSource, options: LoadOptions): ResolvedScenario {
  const parsed = scenarioSchema.safeParse(src.value, { reportInput: true });
  if (!parsed.success) throw new InputError(schemaProblems(parsed.error.issues, src, scenarioSchema));
  const input = parsed.data;
  const problems: InputProblem[] = [];
  const fail: Fail = (path, message, hint) => problems.push({ file: src.file, ...locate(src, path), field: formatPath(path), message, ...(hint && { hint }) });

  const inline = new Map(
    Object.entries(input.profiles).map(([id, profile]) => {
      if (profile.id !== id) fail(['profiles', id, 'id'], `is '${profile.id}' but the profile is listed under '${id}'`);
      return [id, { profile, at: { src, path: ['profiles', id] } satisfies RefSite }] as const;
    }),
  );
  const ctx: ResolveContext = {
    src,
    resolver: new ProfileResolver(options.catalog ?? new Catalog(), inline),
    models: options.models ?? new ModelCards(),
    apis: options.apis ?? new TokenApis(),
    guard: collectingProblems(problems),
    fail,
    ...(options.layoutSearched !== undefined && { layoutSearched: options.layoutSearched }),
  };

  const reference = ctx.guard(() => ctx.resolver.get(input.reference.device, 'device', { src, path: ['reference', 'device'] }));
  if (reference && reference.peak[input.reference.precision] === undefined) {
    fail(['reference', 'precision'], `the reference device '${reference.id}' has no ${input.reference.precision} peak`);
  }
  const sites = resolveSites(input, ctx);
  const siteNames = sites.map((s) => s.name);
  const links = resolveLinks(input, siteNames, fail);
  const rental = input.costs === 'none' ? undefined : resolveRental(input, sites, ctx);
  const policy = resolvePolicy(input, siteNames, fail);
  checkPricedChoices(input, fail);
  if (policy.kind === 'greenest') checkPoolsHavePower(sites, fail);
  checkEdgeBurstTargets(input, sites, fail);
  const setting = { sites, links, policy: input.policy, reference, regions: input.regions, carbonSeries: seriesBySite(sites) };
  const services = resolveWorkloads(input, setting, ctx);
  // opt-in: a scenario without pipelines resolves to exactly what it did before
  const hasPipelines = input.workloads.some((w) => w.kind === 'pipeline');
  const zones = new Map(sites.flatMap((s) => (s.timeZone !== undefined ? [[s.name, s.timeZone] as const] : [])));
  const startMs = input.start === undefined ? undefined : parseInstant(input.start);
  const data = resolveData(input, sites, links, fail);
  const pipelineSetting = { ...setting, startMs, zones, horizon: input.horizon, streams: data.streams };
  const { stages, pipelines } = hasPipelines ? resolvePipelines(input, services, pipelineSetting, ctx) : { stages: [], pipelines: [] };
  const workloads = [...services, ...stages];
  const failures = resolveGoodput(input.failures, sites, fail);
  const everyChange = input.planning.fleet_windows === 'every_change';
  if (problems.length > 0 || !reference) throw new InputError(problems);
  // each later fleet of a refresh plan (or, with every_change, of a later purchase) is a scenario of its own to simulate: resolved (and checked) the same way
  const later = everyChange ? { after: input.horizon, before: input.planning.horizon } : undefined;
  const configurations = fleetConfigurations(src, sites, (variant) => resolveScenario(variant, options), later);
  // a later fleet that draws more IT power needs the larger cooling plant: bought with the site, for the peak
  const cooled = configurations ? coolingForPeak(sites, configurations) : sites;

  return deepFreeze({
    name: input.name,
    ...(input.description !== undefined && { description: input.description }),
    seed: input.seed,
    horizon: input.horizon,
    warmup: input.warmup,
    replications: input.replications,
    scheduler: input.scheduler,
    costs: input.costs,
    ...(input.start !== undefined && { start: input.start }),
    ...(failures !== undefined && { failures }),
    reference: { device: reference, precision: input.reference.precision },
    sites: cooled,
    ...(configurations && { configurations }),
    workloads,
    policy,
    links,
    planning: { horizon: input.planning.horizon, discountRate: input.planning.discount_rate, ...(rental && { rental }) },
    ...(hasPipelines && { pipelines }),
    ...(input.limits !== undefined && {
      limits: { ...(input.limits.max_queued !== undefined && { maxQueued: input.limits.max_queued }), ...(input.limits.max_heap !== undefined && { maxHeap: input.limits.max_heap }) },
    }),
    ...data,
  });
}

/** Each site's hourly intensity series, for carbon-aware workloads. */
function seriesBySite(sites: readonly CostedSite<PoolSpec>[]): Map<string, CarbonSeries> {
  const bySite = new Map<string, CarbonSeries>();
  for (const s of sites) if (s.costs.carbonSeries) bySite.set(s.name, s.costs.carbonSeries);
  return bySite;
}
