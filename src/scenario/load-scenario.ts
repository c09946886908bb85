import { dirname, resolve as resolvePath } from 'node:path';
import type { BatchWorkload, DistributionSpec, Pool, Precision, Scenario, Site, StorageAttachment, Workload } from '../model/types.js';
import { Catalog } from './catalog.js';
import { formatPath, InputError, type InputProblem } from '../input-error.js';
import { ProfileResolver, deepFreeze, type RefSite } from './profile-resolver.js';
import { scenarioSchema, type ScenarioInput } from './scenario-schema.js';
import { schemaProblems } from './schema-problems.js';
import { locate, parseYaml, readYamlFile, type YamlSource } from './yaml-file.js';

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

function resolveScenario(src: YamlSource, options: LoadOptions): Scenario {
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
  const guard = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };

  const reference = guard(() => resolver.get(input.reference.device, 'device', { src, path: ['reference', 'device'] }));
  if (reference && reference.peak[input.reference.precision] === undefined) {
    fail(['reference', 'precision'], `the reference device '${reference.id}' has no ${input.reference.precision} peak`);
  }
  const sites = resolveSites(input, src, resolver, guard, fail);
  const workloads = input.workloads.map((w, i) => resolveWorkload(w, i, sites, reference, fail, { src, resolver, guard }));
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
    ...(input.failures !== undefined && { failures: input.failures }),
    reference: { device: reference!, precision: input.reference.precision },
    sites,
    workloads: workloads as Workload[],
  };
  return deepFreeze(scenario);
}

function resolveSites(
  input: ScenarioInput,
  src: YamlSource,
  resolver: ProfileResolver,
  guard: <T>(f: () => T) => T | undefined,
  failAt: (path: (string | number)[], message: string, hint?: string) => void,
): Site[] {
  return Object.entries(input.sites).map(([siteName, site]) => {
    const entries = site.nodes ? ([['main', site.nodes, ['sites', siteName, 'nodes']]] as const) : Object.entries(site.pools ?? {}).map(([n, p]) => [n, p, ['sites', siteName, 'pools', n]] as const);
    const pools: Pool[] = [];
    for (const [poolName, pool, path] of entries) {
      const node = guard(() => resolver.get(pool.type, 'node', { src, path: [...path, 'type'] }));
      if (!node) continue;
      const unit = (node.accelerators ?? node.cpus)!; // the schema requires one of them
      pools.push({
        id: `${siteName}/${poolName}`,
        site: siteName,
        name: poolName,
        node,
        nodeCount: pool.count,
        device: unit.profile,
        devicesPerNode: unit.count,
        deviceCount: unit.count * pool.count,
        ...(pool.spot && { spot: { interruptionRate: pool.spot.interruption_rate, warning: pool.spot.warning } }),
        ...(input.failures && (input.failures.mtbf ?? unit.profile.mtbf) !== undefined && { mtbf: (input.failures.mtbf ?? unit.profile.mtbf)! }),
      });
      if (input.failures && input.failures.mtbf === undefined && unit.profile.mtbf === undefined) {
        failAt([...path, 'type'], `device '${unit.profile.id}' has no mtbf in its profile, so failures need one`, "set failures.mtbf, e.g. '50000 h'");
      }
    }
    return { name: siteName, kind: site.kind, pools };
  });
}

function resolveWorkload(
  w: ScenarioInput['workloads'][number],
  index: number,
  sites: Site[],
  reference: Scenario['reference']['device'] | undefined,
  fail: (path: (string | number)[], message: string, hint?: string) => void,
  ctx: { src: YamlSource; resolver: ProfileResolver; guard: <T>(f: () => T) => T | undefined },
): Workload | undefined {
  const { src, resolver, guard } = ctx;
  const labels = { ...(w.team !== undefined && { team: w.team }), tags: w.tags };
  const at = (...p: (string | number)[]) => ['workloads', index, ...p];
  const site = w.site === undefined ? (sites.length === 1 ? sites[0] : undefined) : sites.find((s) => s.name === w.site);
  if (!site) {
    if (w.site === undefined) fail(at('site'), 'is required when the scenario has several sites', `one of: ${sites.map((s) => s.name).join(', ')}`);
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
  const checkPrecision = (precision: Precision, path: (string | number)[]) => {
    if (pool.device.peak[precision] === undefined) {
      fail(at(...path), `pool '${pool.id}' runs on ${pool.device.id}, which has no ${precision} peak`, `one of: ${Object.keys(pool.device.peak).join(', ')}`);
    }
  };
  if (w.kind === 'inference') {
    const needed = w.replicas * w.tensor_parallel;
    if (needed > pool.deviceCount) fail(at('replicas'), `${w.replicas} replicas × ${w.tensor_parallel} devices need ${needed} devices but pool '${pool.id}' has ${pool.deviceCount}`);
    if (w.tensor_parallel > pool.devicesPerNode) fail(at('tensor_parallel'), `${w.tensor_parallel} devices per replica exceed the ${pool.devicesPerNode} of one ${pool.node.id} node`, 'tensor parallelism stays inside a node');
    if (!pool.device.memory) fail(at('pool'), `pool '${pool.id}' runs on ${pool.device.id}, which publishes no memory bandwidth`);
    const kv = 'layers' in w.model.kv_cache ? { layers: w.model.kv_cache.layers, kvHeads: w.model.kv_cache.kv_heads, headDim: w.model.kv_cache.head_dim } : { bytesPerToken: w.model.kv_cache.bytes_per_token };
    const t = w.trace;
    const trace = t && {
      file: resolvePath(dirname(src.file), t.file),
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
      replicas: w.replicas,
      tensorParallel: w.tensor_parallel,
      maxBatch: w.max_batch,
      slo: { ...(w.slo.ttft !== undefined && { ttft: w.slo.ttft }), ...(w.slo.tpot !== undefined && { tpot: w.slo.tpot }) },
    };
  }
  if (w.kind === 'data') {
    if (w.nodes > pool.nodeCount) fail(at('nodes'), `asks for ${w.nodes} nodes but pool '${pool.id}' has ${pool.nodeCount}`, 'such a job could never start');
    const storage = resolveStorage(w.storage, at('storage'), pool, fail, { src, resolver, guard });
    return {
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
    return {
      ...labels,
      name: w.name,
      kind: 'trace',
      pool: pool.id,
      trace: { file, format: t.format, options },
      ...(hardware && { hardware }),
      precision: w.precision,
      priority: w.priority,
      estimates: w.estimates,
    };
  }
  const largest = maxValue(w.devices);
  if (largest > pool.deviceCount) {
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
    return {
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
