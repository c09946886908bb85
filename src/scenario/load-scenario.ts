import { statSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { checkCsvMapping, CSV_FIELDS, TraceError, type CsvColumnMapping } from '../traces/index.js';
import type { TrainingWorkload, DataWorkload, BatchWorkload, CloudPoolSpec, PlacementPolicy, SiteLink, WorkloadPlacement, DistributionSpec, NodeProfile, Pool, Precision, Scenario, Site, StorageAttachment, Workload } from '../model/types.js';
import type { PlanningInputs, SiteCostInputs, Tranche } from '../cost/cost-inputs.js';
import { placementPrice } from '../cost/placement-price.js';
import type { PricingModel } from '../model/usage-ledger.js';
import { replicaModel, type KvCacheSpec, type ReplicaModel } from '../model/performance/index.js';
import { dataJob, trainingExamples } from '../model/job-factory.js';
import { distributionMean } from '../engine/index.js';
import { Catalog } from './catalog.js';
import { displayPath, formatPath, InputError, type InputProblem, collectingProblems } from '../input-error.js';
import { ProfileResolver, deepFreeze, type RefSite } from './profile-resolver.js';
import { scenarioSchema, type ScenarioInput } from './scenario-schema.js';
import { closest, schemaProblems } from './schema-problems.js';
import { locate, parseYaml, readYamlFile, type YamlSource } from './yaml-file.js';
import { nodePower, siteCosts, type CostedPool } from './site-costs.js';

export interface LoadOptions {
  /** Folder of hardware profiles (default: the catalog shipped with the tool). */
  readonly catalog?: Catalog;
}

/** Reads, validates and resolves a scenario file into a frozen, typed scenario. @throws InputError */
export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  return resolveScenario(readYamlFile(file), options);
}

/** Same as `loadScenario` for YAML text already in memory; `file` names it in messages. */
export function parseScenario(text: string, file = '<scenario>', options: LoadOptions = {}): Scenario {
  return resolveScenario(parseYaml(text, file), options);
}

/** Same as `loadScenario` for a file already read and parsed (a FIFO can be read only once). */
export function resolveScenario(src: YamlSource, options: LoadOptions): Scenario {
  const parsed = scenarioSchema.safeParse(src.value, { reportInput: true });
  if (!parsed.success) throw new InputError(schemaProblems(parsed.error.issues, src, scenarioSchema));
  const input = parsed.data;
  const problems: InputProblem[] = [];
  const fail = (path: (string | number)[], message: string, hint?: string) =>
    problems.push({ file: src.file, ...locate(src, path), field: formatPath(path), message, ...(hint && { hint }) });

  const inline = new Map(
    Object.entries(input.profiles).map(([id, profile]) => {
      if (profile.id !== id) fail(['profiles', id, 'id'], `is '${profile.id}' but the profile is listed under '${id}'`);
      return [id, { profile, at: { src, path: ['profiles', id] } satisfies RefSite }] as const;
    }),
  );
  const resolver = new ProfileResolver(options.catalog ?? new Catalog(), inline);
  const guard = collectingProblems(problems);

  const reference = guard(() => resolver.get(input.reference.device, 'device', { src, path: ['reference', 'device'] }));
  if (reference && reference.peak[input.reference.precision] === undefined) {
    fail(['reference', 'precision'], `the reference device '${reference.id}' has no ${input.reference.precision} peak`);
  }
  const sites = resolveSites(input, src, resolver, guard, fail);
  const links = resolveLinks(input, sites, fail);
  const rental = input.costs === 'none' ? undefined : resolveRental(input, sites, src, resolver, guard, fail);
  const policy = resolvePolicy(input, sites, fail);
  if (input.costs === 'none') {
    // Both read prices, which a queue-only study need not have.
    if (input.policy.placement === 'cheapest') fail(['policy', 'placement'], 'cheapest ranks pools by price, but costs: none prices nothing', 'use placement: home or burst, or remove costs: none and price the nodes');
    if (input.planning.rent_instead) fail(['planning', 'rent_instead'], 'build-vs-buy compares prices, but costs: none prices nothing', 'remove rent_instead, or remove costs: none');
  }
  const workloads = input.workloads.map((w, i) => resolveWorkload(w, i, sites, reference, fail, { src, resolver, guard }, input.policy, links));
  const seen = new Set<string>();
  input.workloads.forEach((w, i) => {
    if (seen.has(w.name)) fail(['workloads', i, 'name'], `another workload is already named '${w.name}'`, 'names must be unique');
    seen.add(w.name);
  });
  if (problems.length > 0) throw new InputError(problems);

  const scenario: Scenario = {
    name: input.name,
    ...(input.description !== undefined && { description: input.description }),
    seed: input.seed,
    horizon: input.horizon,
    warmup: input.warmup,
    replications: input.replications,
    scheduler: input.scheduler,
    costs: input.costs,
    ...(input.failures !== undefined && { failures: input.failures }),
    reference: { device: reference!, precision: input.reference.precision },
    sites,
    workloads: workloads as Workload[],
    policy,
    links,
    planning: { horizon: input.planning.horizon, discountRate: input.planning.discount_rate, ...(rental && { rental }) },
    ...(input.limits !== undefined && {
      limits: { ...(input.limits.max_queued !== undefined && { maxQueued: input.limits.max_queued }), ...(input.limits.max_heap !== undefined && { maxHeap: input.limits.max_heap }) },
    }),
  };
  return deepFreeze(scenario);
}

/** A trace file that cannot be opened is reported where the scenario names it (validate catches it too). */
function checkTraceFile(file: string, path: (string | number)[], fail: Fail): void {
  try {
    if (statSync(file).isDirectory()) fail(path, `${displayPath(file)} is a folder, not a trace file`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    fail(path, code === 'ENOENT' ? `no such file: ${displayPath(file)}` : `cannot read ${displayPath(file)}: ${code ?? (err as Error).message}`, 'a trace path is relative to the scenario file');
  }
}

/** A CSV column mapping is checked before any file is read, and reported at its place in the scenario. */
function checkColumns(columns: Record<string, unknown>, path: (string | number)[], fail: Fail): void {
  const unknown = Object.keys(columns).filter((k) => !CSV_FIELDS.includes(k));
  for (const key of unknown) {
    const near = closest(key, CSV_FIELDS);
    fail([...path, key], 'unknown field', near ? `did you mean '${near}'?` : `expected one of: ${CSV_FIELDS.join(', ')}`);
  }
  if (unknown.length > 0) return;
  try {
    checkCsvMapping(columns as unknown as CsvColumnMapping);
  } catch (err) {
    if (!(err instanceof TraceError)) throw err;
    const field = err.issue.field?.replace(/^columns\.?/, '');
    fail(field ? [...path, field] : path, err.issue.message, 'see docs/traces.md for the column mapping');
  }
}

/** An inference replica whose weights do not fit in its devices' memory would reject every request: refuse it here. */
function checkReplicaFits(w: Extract<ScenarioInput['workloads'][number], { kind: 'inference' }>, kvCache: KvCacheSpec, pool: Pool, at: (...p: (string | number)[]) => (string | number)[], fail: Fail): void {
  let m: ReplicaModel;
  try {
    m = replicaModel({ model: { params: w.model.params, weightPrecision: w.model.precision, kvCache }, device: pool.device, tensorParallel: w.tensor_parallel });
  } catch (err) {
    fail(at('model'), `cannot model a replica on ${pool.device.id}: ${(err as Error).message}`);
    return;
  }
  if (m.fits) return;
  const gb = (bytes: number) => `${(bytes / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })} GB`;
  const usable = w.tensor_parallel * m.memoryCapacity - m.activationReserve;
  fail(
    at('model', 'params'),
    `the weights need ${gb(m.weightBytes)} per replica (${w.model.params.toExponential(3)} parameters in ${w.model.precision}), but tensor_parallel ${w.tensor_parallel} × ${pool.device.id} hold ${gb(usable)} after the activation reserve`,
    'raise tensor_parallel, store the weights in a lower precision (fp8, int4), or use a device with more memory',
  );
}
type Fail = (path: (string | number)[], message: string, hint?: string) => void;
type PoolInput = NonNullable<ScenarioInput['sites'][string]['nodes']>;

const PRICING_KEYS = { 'on-demand': 'on_demand', 'reserved-1y': 'reserved_1y', 'reserved-3y': 'reserved_3y', spot: 'spot' } as const;

function resolveSites(
  input: ScenarioInput,
  src: YamlSource,
  resolver: ProfileResolver,
  guard: <T>(f: () => T) => T | undefined,
  failAt: Fail,
): Site[] {
  return Object.entries(input.sites).map(([siteName, site]) => {
    const entries = site.nodes ? ([['main', site.nodes, ['sites', siteName, 'nodes']]] as const) : Object.entries(site.pools ?? {}).map(([n, p]) => [n, p, ['sites', siteName, 'pools', n]] as const);
    const pools: Pool[] = [];
    const resolved: CostedPool[] = [];
    for (const [poolName, pool, path] of entries) {
      const node = guard(() => resolver.get(pool.type, 'node', { src, path: [...path, 'type'] }));
      if (node) resolved.push({ pool, node, path, poolName });
    }
    const costs = siteCosts(site, siteName, resolved, input.costs, failAt);
    for (const { pool, node, path, poolName } of resolved) {
      const unit = (node.accelerators ?? node.cpus)!; // the schema requires one of them
      const id = `${siteName}/${poolName}`;
      const shape = site.kind === 'cloud' ? cloudPool(pool, node, [...path], input.costs, failAt) : onPremPool(pool, [...path], failAt);
      const nodeCount = shape.nodeCount;
      const idle = site.costs.idle_power_fraction;
      const power = nodePower(node, idle);
      const capexPerNode = costs.kind === 'on-prem' ? costs.capexPerNode[id] : undefined;
      const instancePrice = shape.cloud ? node.pricing?.[shape.cloud.pricing] : undefined;
      pools.push({
        id,
        site: siteName,
        name: poolName,
        node,
        nodeCount,
        device: unit.profile,
        devicesPerNode: unit.count,
        deviceCount: unit.count * nodeCount,
        tranches: shape.tranches,
        ...(shape.cloud && { cloud: shape.cloud }),
        ...(power && { power }),
        placementPrice: placementPrice(costs, {
          devicesPerNode: unit.count,
          ...(power && { maxPower: power.max }),
          ...(capexPerNode !== undefined && { capexPerNode }),
          ...(instancePrice !== undefined && { instancePrice }),
        }),
        ...(pool.spot && { spot: { interruptionRate: pool.spot.interruption_rate, warning: pool.spot.warning } }),
        ...(input.failures && (input.failures.mtbf ?? unit.profile.mtbf) !== undefined && { mtbf: (input.failures.mtbf ?? unit.profile.mtbf)! }),
      });
      if (input.failures && input.failures.mtbf === undefined && unit.profile.mtbf === undefined) {
        failAt([...path, 'type'], `device '${unit.profile.id}' has no mtbf in its profile, so failures need one`, "set failures.mtbf, e.g. '50000 h'");
      }
    }
    return { name: siteName, kind: site.kind, pools, costs };
  });
}

/** On-prem pool: `count` nodes usable from the start plus purchases, each usable lead_time after its order. */
function onPremPool(pool: PoolInput, path: (string | number)[], fail: Fail): { nodeCount: number; tranches: Tranche[]; cloud?: undefined } {
  for (const key of ['pricing', 'max', 'autoscale'] as const) {
    if (pool[key] !== undefined) fail([...path, key], 'applies to cloud pools only', "set the site's kind: cloud, or remove it");
  }
  if (pool.provisioning_delay > 0) fail([...path, 'provisioning_delay'], 'applies to cloud pools only', 'on-prem nodes take lead_time after purchase');
  const tranches: Tranche[] = [];
  if (pool.count > 0) tranches.push({ nodes: pool.count, orderedAt: 0, onlineAt: 0 });
  for (const p of pool.purchases) tranches.push({ nodes: p.count, orderedAt: p.ordered, onlineAt: p.ordered + pool.lead_time });
  if (tranches.length === 0) fail([...path, 'count'], 'the pool has no nodes', 'set count ≥ 1 or add purchases');
  return { nodeCount: tranches.reduce((n, t) => n + t.nodes, 0), tranches };
}

function cloudPool(pool: PoolInput, node: NodeProfile, path: (string | number)[], costs: ScenarioInput['costs'], fail: Fail): { nodeCount: number; tranches: Tranche[]; cloud: CloudPoolSpec } {
  if (pool.purchases.length > 0) fail([...path, 'purchases'], 'applies to on-prem pools only', 'cloud capacity is set by count, max and autoscale');
  for (const key of ['capex_per_node', 'capex_reason'] as const) {
    if (pool[key] !== undefined) fail([...path, key], 'applies to on-prem pools only', 'cloud prices come from the instance profile');
  }
  if (pool.lead_time > 0) fail([...path, 'lead_time'], 'applies to on-prem pools only', 'use provisioning_delay for cloud instances');
  const pricing = PRICING_KEYS[pool.pricing ?? (pool.spot ? 'spot' : 'on-demand')];
  if (pricing === 'spot' && !pool.spot) fail([...path, 'pricing'], 'spot pricing needs a spot block', "add spot: {interruption_rate: '0.05 /h'}");
  const burstPricing = pool.spot ? 'spot' : 'on_demand';
  // A queue-only study (costs: none) prices nothing, so an unpriced instance is fine there.
  for (const model of costs === 'none' ? [] : new Set([pricing, ...(pool.autoscale ? [burstPricing] : [])])) {
    if (node.pricing?.[model as PricingModel] === undefined) {
      fail([...path, model === pricing && pool.pricing !== undefined ? 'pricing' : 'type'], `instance '${node.id}' has no ${model.replace('_', '-')} price in its profile`, `priced models: ${Object.keys(node.pricing ?? {}).map((k) => k.replace('_', '-')).join(', ') || 'none'}`);
    }
  }
  const max = pool.max ?? pool.count;
  if (max < pool.count) fail([...path, 'max'], `is ${max} but count (committed instances) is ${pool.count}`, 'max is the quota: at least count');
  if (pool.count === 0 && !pool.autoscale) fail([...path, 'count'], 'is 0 without autoscale: the pool would never have an instance', 'set count ≥ 1 or add autoscale');
  if (max === 0) fail([...path, 'max'], 'the pool can never have an instance', 'set max ≥ 1');
  const billing = node.billing ?? { increment: 1, minimum: 60 };
  const cloud: CloudPoolSpec = {
    pricing,
    burstPricing,
    committed: pool.count,
    max: Math.max(max, 1),
    provisioningDelay: pool.provisioning_delay,
    ...(pool.autoscale && { autoscale: { idleTimeout: pool.autoscale.idle_timeout, scaleUpWait: pool.autoscale.scale_up_wait } }),
    billing,
  };
  return { nodeCount: Math.max(max, 1), tranches: pool.count > 0 ? [{ nodes: pool.count, orderedAt: 0, onlineAt: 0 }] : [], cloud };
}

function resolveWorkload(
  w: ScenarioInput['workloads'][number],
  index: number,
  sites: Site[],
  reference: Scenario['reference']['device'] | undefined,
  fail: (path: (string | number)[], message: string, hint?: string) => void,
  ctx: { src: YamlSource; resolver: ProfileResolver; guard: <T>(f: () => T) => T | undefined },
  policy: ScenarioInput['policy'],
  links: readonly SiteLink[],
): Workload | undefined {
  const { src, resolver, guard } = ctx;
  const at = (...p: (string | number)[]) => ['workloads', index, ...p];
  const siteName = w.site ?? policy.by_kind[w.kind];
  const site = siteName === undefined ? (sites.length === 1 ? sites[0] : undefined) : sites.find((s) => s.name === siteName);
  if (!site) {
    if (siteName !== undefined && w.site === undefined) fail(['policy', 'by_kind', w.kind], `unknown site '${siteName}'`, `one of: ${sites.map((s) => s.name).join(', ')}`);
    else if (w.site === undefined) fail(at('site'), 'is required when the scenario has several sites', `one of: ${sites.map((s) => s.name).join(', ')}, or set policy.by_kind`);
    else fail(at('site'), `unknown site '${w.site}'`, `one of: ${sites.map((s) => s.name).join(', ')}`);
    return undefined;
  }
  const pool = w.pool === undefined ? (site.pools.length === 1 ? site.pools[0] : undefined) : site.pools.find((p) => p.name === w.pool);
  if (!pool) {
    if (site.pools.length === 0) return undefined; // the site's own error is already reported
    if (w.pool === undefined) fail(at('pool'), `is required: site '${site.name}' has several pools`, `one of: ${site.pools.map((p) => p.name).join(', ')}`);
    else fail(at('pool'), `unknown pool '${w.pool}' in site '${site.name}'`, `one of: ${site.pools.map((p) => p.name).join(', ')}`);
    return undefined;
  }
  const labels = { ...(w.team !== undefined && { team: w.team }), tags: w.tags, ...workloadPlacement(w, pool, sites, policy, links, at, fail) };
  const checkPrecision = (precision: Precision, path: (string | number)[]) => {
    if (pool.device.peak[precision] === undefined) {
      fail(at(...path), `pool '${pool.id}' runs on ${pool.device.id}, which has no ${precision} peak`, `one of: ${Object.keys(pool.device.peak).join(', ')}`);
    }
  };
  if (w.kind === 'inference') {
    const r = w.replicas;
    const replicas = typeof r === 'number' ? r : r.min;
    if (typeof r !== 'number' && r.max < r.min) fail(at('replicas', 'max'), `is ${r.max}, below min ${r.min}`);
    const needed = replicas * w.tensor_parallel;
    if (needed > pool.deviceCount) fail(at('replicas'), `${replicas} replicas × ${w.tensor_parallel} devices need ${needed} devices but pool '${pool.id}' has ${pool.deviceCount}`);
    if (w.tensor_parallel > pool.devicesPerNode) fail(at('tensor_parallel'), `${w.tensor_parallel} devices per replica exceed the ${pool.devicesPerNode} of one ${pool.node.id} node`, 'tensor parallelism stays inside a node');
    if (!pool.device.memory) fail(at('pool'), `pool '${pool.id}' runs on ${pool.device.id}, which publishes no memory bandwidth`);
    const kv = 'layers' in w.model.kv_cache ? { layers: w.model.kv_cache.layers, kvHeads: w.model.kv_cache.kv_heads, headDim: w.model.kv_cache.head_dim } : { bytesPerToken: w.model.kv_cache.bytes_per_token };
    if (pool.device.memory && w.tensor_parallel <= pool.devicesPerNode) checkReplicaFits(w, kv, pool, at, fail);
    const t = w.trace;
    if (t) checkTraceFile(resolvePath(dirname(src.file), t.file), at('trace', 'file'), fail);
    const trace = t && {
      file: resolvePath(dirname(src.file), t.file),
      declared: t.file,
      format: t.format,
      options: {
        strict: t.strict,
        transforms: [...(t.start_at_zero ? [{ kind: 'shift', to: 0 }] : []), ...(t.time_scale !== 1 ? [{ kind: 'scale', factor: t.time_scale }] : [])],
        ...(t.limit !== undefined && { limit: t.limit }),
      },
    };
    const arrivals = w.arrivals && toArrivals(w.arrivals);
    return {
      ...labels,
      name: w.name,
      kind: 'inference',
      pool: pool.id,
      priority: w.priority,
      model: { params: w.model.params, weightPrecision: w.model.precision, kvCache: kv },
      ...(arrivals && { arrivals }),
      ...(w.tokens && { tokens: w.tokens }),
      ...(trace && { trace }),
      replicas,
      ...(typeof r !== 'number' && {
        autoscale: {
          min: r.min,
          max: Math.max(r.min, r.max),
          targetLoad: r.target_load,
          ...(r.ttft_above !== undefined && { ttftAbove: r.ttft_above }),
          scaleDownDelay: r.scale_down_delay,
          interval: r.interval,
        },
      }),
      tensorParallel: w.tensor_parallel,
      maxBatch: w.max_batch,
      slo: { ...(w.slo.ttft !== undefined && { ttft: w.slo.ttft }), ...(w.slo.tpot !== undefined && { tpot: w.slo.tpot }) },
    };
  }
  if (w.kind === 'data') {
    if (w.nodes > pool.nodeCount) fail(at('nodes'), `asks for ${w.nodes} nodes but pool '${pool.id}' has ${pool.nodeCount}`, 'such a job could never start');
    const storage = resolveStorage(w.storage, at('storage'), pool, fail, { src, resolver, guard });
    const data: DataWorkload = {
      ...labels,
      name: w.name,
      kind: 'data',
      pool: pool.id,
      priority: w.priority,
      arrivals: toArrivals(w.arrivals),
      nodes: w.nodes,
      read: w.read,
      ...(w.write && { write: w.write }),
      storage,
      ...(w.processing_rate !== undefined && { processingRatePerNode: w.processing_rate }),
    };
    try {
      if (w.nodes <= pool.nodeCount) dataJob(data, pool, distributionMean(w.read), w.write ? distributionMean(w.write) : 0);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      fail(at('storage'), `the data model cannot time these jobs on ${pool.node.id}: ${err.message}`, 'use storage: local, or a node profile with storage or compute NICs');
    }
    return data;
  }
  if (w.kind === 'trace') {
    checkPrecision(w.precision, ['precision']);
    const hardware = w.hardware === undefined ? undefined : guard(() => resolver.get(w.hardware!, 'device', { src, path: at('hardware') }));
    if (hardware && hardware.peak[w.precision] === undefined) fail(at('hardware'), `'${hardware.id}' has no ${w.precision} peak`);
    const t = w.trace;
    const transforms: Record<string, unknown>[] = [];
    if (t.start_at_zero) transforms.push({ kind: 'shift', to: 0 });
    if (t.time_scale !== 1) transforms.push({ kind: 'scale', factor: t.time_scale });
    if (t.min_devices !== undefined || t.max_devices !== undefined || t.gpu_only) {
      transforms.push({
        kind: 'filter',
        ...(t.min_devices !== undefined && { minDevices: t.min_devices }),
        ...(t.max_devices !== undefined && { maxDevices: t.max_devices }),
        ...(t.gpu_only && { gpuOnly: true }),
      });
    }
    const options: Record<string, unknown> = {
      strict: t.strict,
      matchGpuModels: t.match_gpu_models,
      transforms,
      ...(t.columns !== undefined && { columns: t.columns }),
      ...(t.sample !== undefined && { sample: t.sample }),
      ...(t.limit !== undefined && { limit: t.limit }),
    };
    const file = resolvePath(dirname(src.file), t.file);
    checkTraceFile(file, at('trace', 'file'), fail);
    if (t.format === 'csv') {
      if (t.columns === undefined) fail(at('trace', 'columns'), 'is required for format csv', "map the file's columns, e.g. columns: { submit: t, devices: gpus, runtime: rt }");
      else checkColumns(t.columns, at('trace', 'columns'), fail);
    } else if (t.columns !== undefined) fail(at('trace', 'columns'), `applies to format csv only (${t.format} has fixed columns)`, 'remove it');
    return {
      ...labels,
      name: w.name,
      kind: 'trace',
      pool: pool.id,
      trace: { file, declared: t.file, format: t.format, options },
      ...(hardware && { hardware }),
      precision: w.precision,
      priority: w.priority,
      estimates: w.estimates,
    };
  }
  const largest = maxValue(w.devices);
  // (a pool without nodes is reported on its own; every job would be "too large" for it)
  if (largest > pool.deviceCount && pool.deviceCount > 0) {
    fail(at('devices'), `asks for ${largest} devices but pool '${pool.id}' has only ${pool.deviceCount}`, 'such a job could never start');
  }
  const arrivals = toArrivals(w.arrivals);
  if (w.kind === 'training') {
    checkPrecision(w.precision, ['precision']);
    if (w.devices.kind === 'constant' || w.devices.kind === 'empirical') {
      const sizes = w.devices.kind === 'constant' ? [w.devices.value] : w.devices.values;
      const bad = sizes.find((n) => n % w.model_parallel !== 0);
      if (bad !== undefined) fail(at('devices'), `${bad} devices is not a multiple of model_parallel ${w.model_parallel}`);
    }
    const training: TrainingWorkload = {
      ...labels,
      name: w.name,
      kind: 'training',
      pool: pool.id,
      arrivals,
      devices: w.devices,
      priority: w.priority,
      params: w.model.params,
      tokens: w.model.tokens,
      batch: w.batch,
      precision: w.precision,
      ...(w.mfu !== undefined && { mfu: w.mfu }),
      ...(w.overlap !== undefined && { overlap: w.overlap }),
      modelParallel: w.model_parallel,
      ...(w.data && {
        data: { bytesPerToken: w.data.bytes_per_token, storage: resolveStorage(w.data.storage, at('data', 'storage'), pool, fail, { src, resolver, guard }) },
      }),
    };
    // The training model needs the node's links for jobs spanning devices and nodes: a profile that
    // publishes none cannot time such a job, so say so here rather than fail mid-run.
    try {
      trainingExamples(training, pool);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      fail(at('devices'), `the training model cannot time these jobs on ${pool.node.id}: ${err.message.replace(/; give fabric\.\w+\.bandwidth$/, '')}`, `keep jobs within one node (≤ ${pool.devicesPerNode} devices) or use a node profile that publishes its links`);
    }
    return training;
  }
  const precision = w.work.precision;
  checkPrecision(precision, ['work', 'precision']);
  if ('reference_time' in w.work && reference && reference.peak[precision] === undefined) {
    fail(at('work', 'precision'), `the reference device '${reference.id}' has no ${precision} peak`);
  }
  const work: BatchWorkload['work'] =
    'reference_time' in w.work
      ? { unit: 'reference-time', amount: w.work.reference_time, precision }
      : { unit: 'flops', amount: w.work.flops, precision, efficiency: w.work.efficiency };
  return { ...labels, name: w.name, kind: 'batch', pool: pool.id, arrivals, devices: w.devices, work, priority: w.priority };
}

/** The rental price build-vs-buy compares owned capacity with, per device-second. */
function resolveRental(
  input: ScenarioInput,
  sites: readonly Site[],
  src: YamlSource,
  resolver: ProfileResolver,
  guard: <T>(f: () => T) => T | undefined,
  fail: Fail,
): PlanningInputs['rental'] {
  const r = input.planning.rent_instead;
  if (r) {
    const node = guard(() => resolver.get(r.instance, 'node', { src, path: ['planning', 'rent_instead', 'instance'] }));
    if (!node) return undefined;
    const pricing = PRICING_KEYS[r.pricing];
    const price = node.pricing?.[pricing];
    const devices = (node.accelerators ?? node.cpus)!.count;
    if (price === undefined) {
      fail(['planning', 'rent_instead', 'pricing'], `instance '${node.id}' has no ${r.pricing} price`, `priced models: ${Object.keys(node.pricing ?? {}).map((k) => k.replace('_', '-')).join(', ') || 'none'}`);
      return undefined;
    }
    return { instance: node.id, pricing, pricePerDeviceSecond: (price * (1 - r.discount)) / devices };
  }
  for (const site of sites) {
    if (site.costs.kind !== 'cloud') continue;
    for (const pool of site.pools) {
      const price = pool.cloud && pool.node.pricing?.[pool.cloud.pricing];
      if (price !== undefined && pool.cloud) {
        return { instance: pool.node.id, pricing: pool.cloud.pricing, pricePerDeviceSecond: (price * (1 - site.costs.computeDiscount)) / pool.devicesPerNode };
      }
    }
  }
  return undefined;
}

function resolveLinks(input: ScenarioInput, sites: readonly Site[], fail: Fail): SiteLink[] {
  const seen = new Set<string>();
  return input.links.flatMap((l, i) => {
    const [a, b] = l.between;
    let ok = true;
    for (const [j, name] of [a, b].entries()) {
      if (!sites.some((s) => s.name === name)) {
        fail(['links', i, 'between', j], `unknown site '${name}'`, `one of: ${sites.map((s) => s.name).join(', ')}`);
        ok = false;
      }
    }
    if (a === b) {
      fail(['links', i, 'between'], `links site '${a}' to itself`);
      ok = false;
    }
    const key = [a, b].sort().join('|');
    if (seen.has(key)) fail(['links', i, 'between'], `a link between '${a}' and '${b}' is already listed`);
    seen.add(key);
    return ok ? [{ between: [a, b] as const, bandwidth: l.bandwidth, latency: l.latency }] : [];
  });
}

function resolvePolicy(input: ScenarioInput, sites: readonly Site[], fail: Fail): PlacementPolicy {
  const p = input.policy;
  const known = (name: string, path: (string | number)[]) => {
    if (sites.some((s) => s.name === name)) return true;
    fail(path, `unknown site '${name}'`, `one of: ${sites.map((s) => s.name).join(', ')}`);
    return false;
  };
  for (const [tag, allowed] of Object.entries(p.residency)) allowed.forEach((name, i) => known(name, ['policy', 'residency', tag, i]));
  if (p.placement === 'burst') {
    if (!p.burst) {
      fail(['policy', 'burst'], "is required with placement: burst", "e.g. burst: {to: [cloud], threshold: '2 h'}");
      return { kind: 'home' };
    }
    const to = p.burst.to.filter((name, i) => known(name, ['policy', 'burst', 'to', i]));
    return { kind: 'burst', threshold: p.burst.threshold === 'never' ? Infinity : p.burst.threshold, burstTo: to };
  }
  if (p.burst) fail(['policy', 'burst'], `applies to placement: burst, not ${p.placement}`, "set placement: burst");
  return p.placement === 'cheapest' ? { kind: 'cheapest' } : { kind: 'home' };
}

/**
 * Residency, alternatives and data gravity of one workload. Residency: the intersection of the sites
 * allowed by each of its tags (a tag without a rule allows every site). Alternatives: pools of the
 * burst sites (burst) or of every site (cheapest), residency applied; inference services stay home.
 */
function workloadPlacement(
  w: ScenarioInput['workloads'][number],
  home: Pool,
  sites: readonly Site[],
  policy: ScenarioInput['policy'],
  links: readonly SiteLink[],
  at: (...p: (string | number)[]) => (string | number)[],
  fail: Fail,
): WorkloadPlacement {
  let allowed = sites.map((s) => s.name);
  for (const tag of w.tags) {
    const rule = policy.residency[tag];
    if (rule) allowed = allowed.filter((s) => rule.includes(s));
  }
  allowed.sort();
  if (!allowed.includes(home.site)) {
    const tag = w.tags.find((t) => policy.residency[t] && !policy.residency[t].includes(home.site));
    fail(at('site'), `runs on '${home.site}' but its tag '${tag}' only allows ${allowed.length ? allowed.join(', ') : 'no site at all'}`, 'data residency: place it on an allowed site');
  }
  const candidates =
    w.kind === 'inference' || policy.placement === 'home'
      ? []
      : policy.placement === 'burst'
        ? (policy.burst?.to ?? []).flatMap((name) => sites.find((s) => s.name === name)?.pools ?? [])
        : sites.flatMap((s) => s.pools);
  const alternatives = candidates.filter((p) => p.id !== home.id && allowed.includes(p.site)).map((p) => p.id);
  let dataset: WorkloadPlacement['dataset'];
  if (w.dataset) {
    const d = w.dataset;
    if (!sites.some((s) => s.name === d.site)) fail(at('dataset', 'site'), `unknown site '${d.site}'`, `one of: ${sites.map((s) => s.name).join(', ')}`);
    else {
      const runSites = new Set([home.site, ...alternatives.map((id) => id.slice(0, id.indexOf('/')))]);
      for (const s of runSites) {
        if (s !== d.site && !links.some((l) => l.between.includes(s) && l.between.includes(d.site))) {
          fail(at('dataset', 'site'), `jobs may run on '${s}' but no link joins it to '${d.site}', where the data lives`, `add links: [{between: [${d.site}, ${s}], bandwidth: '10 Gbit/s'}]`);
        }
      }
      dataset = { site: d.site, input: d.input, output: d.output };
    }
  }
  return {
    alternatives,
    allowedSites: allowed,
    ...(w.deadline !== undefined && { deadline: w.deadline }),
    ...(dataset && { dataset }),
  };
}

type StorageInput = Extract<ScenarioInput['workloads'][number], { kind: 'data' }>['storage'];

function resolveStorage(
  st: StorageInput,
  path: (string | number)[],
  pool: Pool,
  fail: (path: (string | number)[], message: string, hint?: string) => void,
  ctx: { src: YamlSource; resolver: ProfileResolver; guard: <T>(f: () => T) => T | undefined },
): StorageAttachment {
  if (st === 'local') {
    if (pool.node.storage.length === 0) fail(path, `pool '${pool.id}' nodes (${pool.node.id}) have no local drives`, 'name a parallel-fs or object-store profile');
    return { kind: 'node-local' };
  }
  const profile = ctx.guard(() => ctx.resolver.get(st.profile, 'storage', { src: ctx.src, path: [...path, 'profile'] }));
  if (profile?.class === 'parallel-fs') {
    if (st.capacity === undefined) fail([...path, 'capacity'], `is required for the parallel file system '${profile.id}'`, 'its throughput scales with provisioned capacity');
    return { kind: 'parallel-fs', profile, capacity: st.capacity ?? 1 };
  }
  if (profile?.class === 'object-store') {
    if (st.connections === undefined) fail([...path, 'connections'], `is required for the object store '${profile.id}'`, 'its throughput is per connection');
    return { kind: 'object-store', profile, connections: st.connections ?? 1 };
  }
  if (profile) fail([...path, 'profile'], `'${profile.id}' is a ${profile.class} drive, not shared storage`, "use 'local' for the nodes' own drives");
  return { kind: 'node-local' };
}

type ArrivalsInput = Extract<ScenarioInput['workloads'][number], { kind: 'batch' }>['arrivals'];

function toArrivals(a: ArrivalsInput): BatchWorkload['arrivals'] {
  const maxJobs = a.max_jobs !== undefined ? { maxJobs: a.max_jobs } : {};
  if ('mmpp' in a) return { kind: 'mmpp', rates: a.mmpp.rates, meanSojourn: a.mmpp.mean_sojourn, ...maxJobs };
  if (!('rate' in a)) return { kind: 'renewal', interarrival: a.interarrival, ...maxJobs };
  if (a.diurnal) {
    return { kind: 'diurnal', rate: a.rate, amplitude: a.diurnal.amplitude, peakHour: a.diurnal.peak_hour, weekendFactor: a.diurnal.weekend_factor, ...maxJobs };
  }
  if (a.growth_per_month !== undefined) return { kind: 'growth', rate: a.rate, perMonth: a.growth_per_month, ...maxJobs };
  return { kind: 'renewal', interarrival: { kind: 'exponential', mean: 1 / a.rate }, ...maxJobs };
}

function maxValue(d: DistributionSpec): number {
  if (d.kind === 'constant') return d.value;
  if (d.kind === 'empirical') return Math.max(...d.values);
  return Infinity;
}
