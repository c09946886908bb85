import { sliceDevices } from '../../model/device-slice.js';
import { dataTimingProblem, fineTuneMemoryProblem, trainingMemoryProblem, trainingTimingProblem } from '../../model/feasibility.js';
import type { BatchWorkload, ComputeDeviceProfile, DataWorkload, DeviceSlice, PoolSpec, Precision, Site, SiteLink, TrainingWorkload, Workload, WorkloadPlacement } from '../../model/types.js';
import { isSlice } from '../device-request-schema.js';
import type { ScenarioInput, WorkloadInput } from '../scenario-schema.js';
import { largestValue, resolveArrivals } from './resolve-arrivals.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';
import { resolveInference } from './resolve-inference.js';
import { resolvePlacement } from './resolve-placement.js';
import { resolveCard } from './resolve-served-model.js';
import { resolveFineTune } from './resolve-fine-tune.js';
import { resolveSlice, sliceFitsNode } from './resolve-slice.js';
import { resolveStorage } from './resolve-storage.js';
import { resolveTraceWorkload } from './resolve-trace.js';
import { formatGigabytes } from '../../support/format-quantity.js';
import type { CarbonSeries } from '../../cost/hourly-carbon.js';
import { carbonAwareOf } from './resolve-carbon-aware.js';
import { resolveFederated } from './resolve-federated.js';

type Labels = WorkloadPlacement & { readonly team?: string; readonly tags: readonly string[] };
type MutableLabels = Omit<Labels, 'alternatives'> & { alternatives: readonly string[] };

/** What every workload is resolved against: the sites (pools resolved), the links and the reference device. */
export interface WorkloadSetting {
  readonly sites: readonly Site<PoolSpec>[];
  readonly links: readonly SiteLink[];
  readonly policy: ScenarioInput['policy'];
  /** undefined when the reference device could not be resolved (already reported) */
  readonly reference: ComputeDeviceProfile | undefined;
  /** user regions services may name (ServiceReach) */
  readonly regions: ScenarioInput['regions'];
  /** site name → its hourly grid intensity, for carbon-aware batch workloads */
  readonly carbonSeries: ReadonlyMap<string, CarbonSeries>;
}

/** Every workload on its home pool, with unique names; those that cannot be placed are left out (and reported). Pipelines are resolved apart (resolve-pipelines.ts). */
export function resolveWorkloads(input: ScenarioInput, setting: WorkloadSetting, ctx: ResolveContext): Workload[] {
  const workloads = input.workloads.flatMap((w, i) => (w.kind === 'pipeline' ? [] : (resolveWorkload(w, (...p) => ['workloads', i, ...p], setting, ctx) ?? [])));
  const seen = new Set<string>();
  input.workloads.forEach((w, i) => {
    if (seen.has(w.name)) ctx.fail(['workloads', i, 'name'], `another workload is already named '${w.name}'`, 'names must be unique');
    seen.add(w.name);
  });
  return workloads;
}

/** One workload (or a pipeline's job stage) whose fields lie at `at(...)` in the file. */
export function resolveWorkload(w: WorkloadInput, at: (...p: FieldPath) => FieldPath, setting: WorkloadSetting, ctx: ResolveContext): Workload | undefined {
  const pool = homePool(w, setting, at, ctx);
  if (!pool) return undefined;
  if (w.kind === 'federated') return resolveFederated(w, pool, setting.sites, setting.policy.residency, at, ctx);
  const labels: MutableLabels = { ...(w.team !== undefined && { team: w.team }), tags: w.tags, ...resolvePlacement(w, pool, setting.sites, setting.policy, setting.links, at, ctx.fail) };
  if (w.kind === 'inference') return resolveInference(w, pool, labels, at, ctx, setting);
  if (w.kind === 'data') return resolveData(w, pool, labels, at, ctx);
  if (w.kind === 'trace') {
    checkPrecision(w.precision, pool, at('precision'), ctx);
    return resolveTraceWorkload(w, pool, labels, at, ctx);
  }
  let devices: Sized;
  if (isSlice(w.devices)) {
    const slice = resolveSlice(w.devices, pool, at('devices'), ctx);
    if (!slice) return undefined;
    if (pool.nodeCount > 0) sliceFitsNode(slice, pool, at('devices'), ctx);
    devices = { devices: { kind: 'constant', value: sliceDevices(slice) }, slice };
    // MIG instances exist only on GPUs with that profile: the jobs stay on pools of the home GPU.
    if (slice.kind === 'mig') labels.alternatives = labels.alternatives.filter((id) => poolById(setting, id)?.device.id === pool.device.id);
  } else {
    devices = { devices: w.devices };
    const largest = largestValue(w.devices);
    // (a pool without nodes is reported on its own; every job would be "too large" for it)
    if (largest > pool.deviceCount && pool.deviceCount > 0) {
      ctx.fail(at('devices'), `asks for ${largest} devices but pool '${pool.id}' has only ${pool.deviceCount}`, 'such a job could never start');
    }
  }
  if (w.kind === 'training') return resolveTraining(w, devices, pool, labels, at, ctx);
  const batch = resolveBatch(w, devices, pool, labels, at, ctx, setting.reference);
  const carbonAware = w.carbon_aware && carbonAwareOf(w.carbon_aware, pool, setting.carbonSeries, at('carbon_aware'), ctx);
  return carbonAware ? { ...batch, carbonAware } : batch;
}

/** A batch or training workload's devices: whole counts, or the device-equivalents of a slice. */
interface Sized {
  readonly devices: BatchWorkload['devices'];
  readonly slice?: DeviceSlice;
}

function poolById(setting: WorkloadSetting, id: string): PoolSpec | undefined {
  for (const site of setting.sites) for (const p of site.pools) if (p.id === id) return p;
  return undefined;
}

/** The pool a workload's jobs run on: its site (or the policy's site for its kind, or the only site) and pool. */
function homePool(w: WorkloadInput, setting: WorkloadSetting, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): PoolSpec | undefined {
  const { sites } = setting;
  const { fail } = ctx;
  const siteName = w.site ?? setting.policy.by_kind[w.kind];
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
  return pool;
}

function checkPrecision(precision: Precision, pool: PoolSpec, path: FieldPath, ctx: ResolveContext): void {
  if (pool.device.peak[precision] === undefined) {
    ctx.fail(path, `pool '${pool.id}' runs on ${pool.device.id}, which has no ${precision} peak`, `one of: ${Object.keys(pool.device.peak).join(', ')}`);
  }
}

function resolveData(w: Extract<WorkloadInput, { kind: 'data' }>, pool: PoolSpec, labels: Labels, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): DataWorkload {
  if (w.nodes > pool.nodeCount) ctx.fail(at('nodes'), `asks for ${w.nodes} nodes but pool '${pool.id}' has ${pool.nodeCount}`, 'such a job could never start');
  const storage = resolveStorage(w.storage, at('storage'), pool, ctx);
  const data: DataWorkload = {
    ...labels,
    name: w.name,
    kind: 'data',
    pool: pool.id,
    priority: w.priority,
    arrivals: resolveArrivals(w.arrivals),
    nodes: w.nodes,
    read: w.read,
    ...(w.write && { write: w.write }),
    storage,
    ...(w.processing_rate !== undefined && { processingRatePerNode: w.processing_rate }),
  };
  const problem = w.nodes <= pool.nodeCount ? dataTimingProblem(data, pool) : undefined;
  if (problem !== undefined) ctx.fail(at('storage'), `the data model cannot time these jobs on ${pool.node.id}: ${problem}`, 'use storage: local, or a node profile with storage or compute NICs');
  return data;
}

function resolveTraining(w: Extract<WorkloadInput, { kind: 'training' }>, sized: Sized, pool: PoolSpec, labels: Labels, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): TrainingWorkload {
  const arrivals = resolveArrivals(w.arrivals);
  checkPrecision(w.precision, pool, at('precision'), ctx);
  const { devices, slice } = sized;
  if (slice) {
    // A share or one MIG instance is one device as far as the job can tell; MIG instances have no
    // peer-to-peer path between them, so a job cannot span several.
    if (w.model_parallel > 1) ctx.fail(at('model_parallel'), `is ${w.model_parallel}, but a job on part of a device has no devices to split the model over`, 'use whole devices for model parallelism');
    if (slice.kind === 'mig' && slice.count > 1) {
      ctx.fail(at('devices', 'count'), `a training job runs on one MIG instance, got ${slice.count}`, 'MIG instances cannot exchange gradients over NVLink: use a larger profile, or whole devices');
    }
  } else if (devices.kind === 'constant' || devices.kind === 'empirical') {
    const sizes = devices.kind === 'constant' ? [devices.value] : devices.values;
    const bad = sizes.find((n) => n % w.model_parallel !== 0);
    if (bad !== undefined) ctx.fail(at('devices'), `${bad} devices is not a multiple of model_parallel ${w.model_parallel}`);
  }
  const training: TrainingWorkload = {
    ...labels,
    name: w.name,
    kind: 'training',
    pool: pool.id,
    arrivals,
    devices,
    ...(slice && { slice }),
    priority: w.priority,
    ...trainedWhat(w, at, ctx),
    batch: w.batch,
    precision: w.precision,
    ...(w.mfu !== undefined && { mfu: w.mfu }),
    ...(w.overlap !== undefined && { overlap: w.overlap }),
    modelParallel: w.model_parallel,
    ...(w.expert_parallel !== undefined && trainingExpertParallel(w, at, ctx)),
    ...(w.data && { data: { bytesPerToken: w.data.bytes_per_token, storage: resolveStorage(w.data.storage, at('data', 'storage'), pool, ctx) } }),
  };
  // The training model needs the node's links for jobs spanning devices and nodes: a profile that
  // publishes none cannot time such a job, so say so here rather than fail mid-run.
  const problem = trainingTimingProblem(training, pool);
  if (problem !== undefined) {
    ctx.fail(
      at('devices'),
      `the training model cannot time these jobs on ${pool.node.id}: ${problem.replace(/; give fabric\.\w+\.bandwidth$/, '')}`,
      `keep jobs within one node (≤ ${pool.devicesPerNode} devices) or use a node profile that publishes its links`,
    );
  }
  const memory = problem === undefined ? trainingMemoryProblem(training, pool) : undefined;
  if (memory) {
    ctx.fail(
      at('expert_parallel'),
      `a ${memory.devices}-device job holds ${formatGigabytes(memory.needBytes)} of weights, gradients and optimizer state on each device (${memory.source}), but a ${pool.device.id} has ${formatGigabytes(memory.haveBytes)}`,
      'raise expert_parallel or model_parallel, or use a device with more memory',
    );
  }
  const tuned = problem === undefined ? fineTuneMemoryProblem(training, pool) : undefined;
  if (tuned) {
    ctx.fail(
      at('fine_tune', 'method'),
      `a job on ${tuned.devices} devices holds ${formatGigabytes(tuned.needBytes)} on each one (${tuned.source}), but a ${pool.device.id} has ${formatGigabytes(tuned.haveBytes)}`,
      training.fineTune?.method === 'full' ? 'use method: lora or qlora, or more devices per job' : 'use method: qlora, raise model_parallel, or use a device with more memory',
    );
  }
  return training;
}

function resolveBatch(
  w: Extract<WorkloadInput, { kind: 'batch' }>,
  sized: Sized,
  pool: PoolSpec,
  labels: Labels,
  at: (...p: FieldPath) => FieldPath,
  ctx: ResolveContext,
  reference: ComputeDeviceProfile | undefined,
): BatchWorkload {
  const arrivals = resolveArrivals(w.arrivals);
  const precision = w.work.precision;
  checkPrecision(precision, pool, at('work', 'precision'), ctx);
  if ('reference_time' in w.work && reference && reference.peak[precision] === undefined) {
    ctx.fail(at('work', 'precision'), `the reference device '${reference.id}' has no ${precision} peak`);
  }
  const work: BatchWorkload['work'] =
    'reference_time' in w.work ? { unit: 'reference-time', amount: w.work.reference_time, precision } : { unit: 'flops', amount: w.work.flops, precision, efficiency: w.work.efficiency };
  return { ...labels, name: w.name, kind: 'batch', pool: pool.id, arrivals, devices: sized.devices, ...(sized.slice && { slice: sized.slice }), work, priority: w.priority };
}

/** What a training workload trains: a model (spelled out or a card) from scratch, or a base model it fine-tunes. */
function trainedWhat(
  w: Extract<WorkloadInput, { kind: 'training' }>,
  at: (...p: FieldPath) => FieldPath,
  ctx: ResolveContext,
): Pick<TrainingWorkload, 'params' | 'activeParams' | 'card' | 'tokens' | 'fineTune'> {
  const { model, fine_tune } = w;
  if (fine_tune) {
    if (model) ctx.fail(at('fine_tune'), 'and model both say what the jobs train', 'keep fine_tune (the base model is its card) and drop model');
    return resolveFineTune({ ...w, fine_tune }, at, ctx);
  }
  if (!model) {
    ctx.fail(at('model'), 'is required: what each job trains', 'model: {card: llama-3.1-8b, tokens: 1e9}, or fine_tune: {base: …, method: lora, steps: …}');
    return { params: { kind: 'constant', value: 1 }, tokens: { kind: 'constant', value: 1 } };
  }
  return { ...trainedModel(model, at, ctx), tokens: model.tokens };
}

/** The size of the model a training workload trains: spelled out, or a model card's (with its active parameters for MoE). */
function trainedModel(
  m: NonNullable<Extract<WorkloadInput, { kind: 'training' }>['model']>,
  at: (...p: FieldPath) => FieldPath,
  ctx: ResolveContext,
): Pick<TrainingWorkload, 'params' | 'activeParams' | 'card'> {
  if (!('card' in m)) return { params: m.params };
  const card = resolveCard(m.card, at('model', 'card'), ctx);
  // an unresolved card has been reported; the placeholder never reaches a run (resolving throws at the end)
  if (!card) return { params: { kind: 'constant', value: 1 } };
  return { params: { kind: 'constant', value: card.params }, ...(card.active_params !== undefined && { activeParams: card.active_params }), card: card.id };
}

/** Expert parallelism of a training workload: a mixture-of-experts card whose routed experts divide over it. */
function trainingExpertParallel(w: Extract<WorkloadInput, { kind: 'training' }>, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): Pick<TrainingWorkload, 'expertParallel'> | undefined {
  const ep = w.expert_parallel ?? 1;
  const named = w.fine_tune?.base ?? (w.model && 'card' in w.model ? w.model.card : undefined);
  const card = named !== undefined ? ctx.guard(() => ctx.models.get(named))?.card : undefined;
  if (named === undefined) return void ctx.fail(at('expert_parallel'), 'needs the model named by a mixture-of-experts card (model: {card: …})');
  if (!card) return undefined;
  const experts = card.experts;
  if (!experts) return void ctx.fail(at('expert_parallel'), `is ${ep}, but ${card.id} is dense: expert parallelism needs a mixture-of-experts model`);
  if (experts.routed % ep !== 0) return void ctx.fail(at('expert_parallel'), `${ep} does not divide the ${experts.routed} routed experts of ${card.id} evenly`, `use a divisor of ${experts.routed}`);
  return { expertParallel: { size: ep, routedExperts: experts.routed, activeExperts: experts.active, moeLayers: experts.moe_layers ?? card.layers, hiddenSize: card.hidden_size } };
}
