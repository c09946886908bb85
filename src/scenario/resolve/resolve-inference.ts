import { migRequest, sliceDevices, sliceMemory } from '../../model/device-slice.js';
import { draftReplicaFit, replicaFit, replicaKvBytes } from '../../model/feasibility.js';
import { migPerDevice } from '../../model/scheduling/index.js';
import type { ConversationsSpec, DeviceSlice, InferenceWorkload, PoolSpec, PrefixCacheWorkloadSpec, WorkloadPlacement } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import { resolveOffering, resolveOverflow } from './resolve-api.js';
import { resolveArrivals } from './resolve-arrivals.js';
import type { Fail, FieldPath, ResolveContext } from './resolve-context.js';
import { resolveDisaggregated, type PhaseSetting } from './resolve-disaggregated.js';
import { expertParallelFits, resolveExpertParallelSize } from './resolve-expert-parallel.js';
import { resolveServedModel, type ServedModel } from './resolve-served-model.js';
import { resolveSlice } from './resolve-slice.js';
import { resolveRequestTrace } from './resolve-trace.js';
import { resolveServiceReach, type ReachSetting } from './resolve-service-reach.js';
import { formatGigabytes } from '../../support/format-quantity.js';

type InferenceInput = Extract<ScenarioInput['workloads'][number], { kind: 'inference' }>;
type Labels = WorkloadPlacement & { readonly team?: string; readonly tags: readonly string[] };

/** An inference service: its replicas fit the pool and their devices' memory, its requests synthetic or from a trace. */
export function resolveInference(w: InferenceInput, pool: PoolSpec, labels: Labels, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext, setting: PhaseSetting & ReachSetting): InferenceWorkload {
  refuseUnmodelledMixes(w, at, ctx.fail);
  if (w.disaggregated) return resolveDisaggregatedService(w, pool, labels, at, ctx, setting);
  const { fail } = ctx;
  // the schema asks for replicas unless the service is disaggregated (replicas per phase) or bought from an API (none)
  const r = w.replicas ?? (w.api ? 0 : 1);
  const replicas = typeof r === 'number' ? r : r.min;
  if (typeof r !== 'number' && r.max < r.min) fail(at('replicas', 'max'), `is ${r.max}, below min ${r.min}`);
  const slice = w.devices && replicaSliceOf(w, pool, replicas, at, ctx);
  const perReplica = w.expert_parallel ?? w.tensor_parallel;
  const needed = replicas * perReplica;
  if (!w.devices && needed > pool.deviceCount) fail(at('replicas'), `${replicas} replicas × ${perReplica} devices need ${needed} devices but pool '${pool.id}' has ${pool.deviceCount}`);
  if (w.tensor_parallel > pool.devicesPerNode)
    fail(at('tensor_parallel'), `${w.tensor_parallel} devices per replica exceed the ${pool.devicesPerNode} of one ${pool.node.id} node`, 'tensor parallelism stays inside a node');
  if (!pool.device.memory && !w.api) fail(at('pool'), `pool '${pool.id}' runs on ${pool.device.id}, which publishes no memory bandwidth`);
  const served = resolveServedModel(w.model, at, ctx);
  // an unresolved card has been reported; the placeholder never reaches a run (resolving throws at the end)
  const model = served?.model ?? { params: 1, weightPrecision: w.model.precision, kvCache: { bytesPerToken: 1 } };
  const expertParallel = w.expert_parallel !== undefined || w.redundant_experts !== undefined ? resolveExpertParallel(w, served, pool, at, fail) : undefined;
  const epOk = w.expert_parallel === undefined || expertParallel !== undefined;
  const searched = ctx.layoutSearched === w.name;
  if (served && !searched && !w.api && epOk && pool.device.memory && w.tensor_parallel <= pool.devicesPerNode && (slice || !w.devices))
    checkReplicaFits(w, served, pool, slice, expertParallel, at, fail);
  const speculative = w.speculative && resolveSpeculative(w, served, pool, slice, at, ctx);
  const trace = w.trace && resolveRequestTrace(w.trace, at('trace', 'file'), ctx);
  const arrivals = w.arrivals && resolveArrivals(w.arrivals);
  if (w.sessions?.arrivals && 'kind' in w.sessions.arrivals)
    fail(at('sessions', 'arrivals', 'kind'), 'conversations cannot all start at time 0 (offline)', 'give a rate, {rate, diurnal}, mmpp or interarrival for when conversations start');
  const sessions = w.sessions && resolveConversations(w.sessions);
  const prefixCache =
    w.prefix_cache &&
    resolvePrefixCache(w.prefix_cache, {
      kvBytes: served ? replicaKvBytes(served.model, pool, w.tensor_parallel, slice) : undefined,
      devices: slice ? `part of a ${pool.device.id}` : `${w.tensor_parallel} × ${pool.device.id}`,
      nodeShare: (slice ? sliceDevices(slice) : w.tensor_parallel) / pool.devicesPerNode,
      pool,
      at,
      fail,
    });
  const card = served?.model.card;
  const api = w.api && resolveOffering(w.api.offering, at('api', 'offering'), card, ctx);
  const overflow = w.overflow && resolveOverflow(w.overflow, at('overflow'), card, ctx);
  const reach = resolveServiceReach(w, pool, labels, setting, at, ctx, (other, field) => {
    if (w.tensor_parallel > other.devicesPerNode)
      fail(field, `${w.tensor_parallel} devices per replica exceed the ${other.devicesPerNode} of one ${other.node.id} node of '${other.id}'`, 'tensor parallelism stays inside a node');
    else if (!other.device.memory) fail(field, `pool '${other.id}' runs on ${other.device.id}, which publishes no memory bandwidth`);
    else if (served) {
      const onOther: Fail = (_path, message, hint) => fail(field, `on '${other.id}': ${message}`, hint);
      // experts spread over the other pool's nodes: whole nodes of its size, each device's share fitting its memory
      if (expertParallel) {
        const ask = { size: expertParallel.size, redundantExperts: expertParallel.redundantExperts ?? 0, tensorParallel: w.tensor_parallel };
        if (resolveExpertParallelSize(ask, served, other, field, onOther)) expertParallelFits(served, other, w.tensor_parallel, expertParallel, field, onOther);
      } else checkReplicaFits(w, served, other, undefined, undefined, at, onOther);
      // each pool's replicas run the draft on their own devices too
      if (speculative) checkDraftFits(w, served, { model: speculative.draft, sizeField: field }, other, undefined, onOther);
    }
  });
  return {
    ...serviceHead(w, pool, labels, model, arrivals, trace),
    ...(sessions && { sessions }),
    ...(prefixCache && { prefixCache }),
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
    ...(expertParallel && { expertParallel }),
    ...(slice && { slice }),
    maxBatch: w.max_batch,
    ...(w.max_batch_tokens !== undefined && { maxBatchTokens: w.max_batch_tokens }),
    ...(speculative && { speculative }),
    slo: { ...(w.slo.ttft !== undefined && { ttft: w.slo.ttft }), ...(w.slo.tpot !== undefined && { tpot: w.slo.tpot }) },
    ...(api && { api }),
    ...(overflow && { overflow }),
    ...(reach && { reach }),
  };
}

/**
 * A service whose prompts are prefilled on some replicas and decoded on others (`disaggregated`): its replicas,
 * tensor_parallel and max_batch are the decode phase's (the replica the result's performance section describes);
 * each phase's own are in `disaggregated`.
 */
function resolveDisaggregatedService(w: InferenceInput, pool: PoolSpec, labels: Labels, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext, setting: PhaseSetting): InferenceWorkload {
  const served = resolveServedModel(w.model, at, ctx);
  const model = served?.model ?? { params: 1, weightPrecision: w.model.precision, kvCache: { bytesPerToken: 1 } };
  const phases = resolveDisaggregated(w, pool, served, labels.allowedSites, at, ctx, setting);
  const trace = w.trace && resolveRequestTrace(w.trace, at('trace', 'file'), ctx);
  const arrivals = w.arrivals && resolveArrivals(w.arrivals);
  // without phases a problem has been reported: the placeholder never reaches a run
  const decode = phases?.decode ?? { pool: pool.id, replicas: 1, tensorParallel: w.tensor_parallel, maxBatch: w.max_batch };
  return {
    ...serviceHead(w, pool, labels, model, arrivals, trace),
    replicas: decode.replicas,
    tensorParallel: decode.tensorParallel,
    maxBatch: decode.maxBatch,
    ...(decode.maxBatchTokens !== undefined && { maxBatchTokens: decode.maxBatchTokens }),
    slo: { ...(w.slo.ttft !== undefined && { ttft: w.slo.ttft }), ...(w.slo.tpot !== undefined && { tpot: w.slo.tpot }) },
    ...(phases && { disaggregated: phases }),
  };
}

/**
 * A replica on part of one device (`devices`): tensor_parallel 1, one MIG instance, and no more
 * replicas than the pool's devices hold (MIG: instances per GPU × GPUs; a share: Σ fractions).
 */
function replicaSliceOf(w: InferenceInput, pool: PoolSpec, replicas: number, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): DeviceSlice | undefined {
  if (!w.devices) return undefined;
  if (w.tensor_parallel > 1) {
    ctx.fail(
      at('tensor_parallel'),
      `is ${w.tensor_parallel}, but a replica on part of a device has no devices to split the model over`,
      'give either devices (a share or a MIG instance) or tensor_parallel',
    );
    return undefined;
  }
  const slice = resolveSlice(w.devices, pool, at('devices'), ctx);
  if (!slice) return undefined;
  if (slice.kind === 'mig' && slice.count > 1) {
    ctx.fail(at('devices', 'count'), `a replica runs on one MIG instance, got ${slice.count}`, 'MIG instances cannot share a model over NVLink: use a larger profile, or more replicas');
    return undefined;
  }
  const mig = migRequest(slice, pool.device.id);
  const room = mig ? migPerDevice(mig) * pool.deviceCount : Math.floor(pool.deviceCount / sliceDevices(slice) + 1e-9);
  if (replicas > room && pool.deviceCount > 0)
    ctx.fail(at('replicas'), `${replicas} replicas on ${mig ? `MIG ${mig.profile}` : `${sliceDevices(slice)} of a device`} each need more than pool '${pool.id}' holds (${room})`);
  return slice;
}

/** Expert parallelism of a colocated service (`resolveExpertParallelSize`). @returns undefined after recording a problem */
function resolveExpertParallel(w: InferenceInput, served: ServedModel | undefined, pool: PoolSpec, at: (...p: FieldPath) => FieldPath, fail: Fail): InferenceWorkload['expertParallel'] {
  const ep = w.expert_parallel;
  if (ep === undefined) {
    fail(at('redundant_experts'), 'places expert copies, but the service has no expert_parallel', 'give expert_parallel, or remove redundant_experts');
    return undefined;
  }
  const where = at('expert_parallel');
  if (w.devices) return void fail(where, 'a replica on part of a device has no devices to spread experts over', 'give either devices (a share or a MIG instance) or expert_parallel');
  // an unresolved card has been reported already
  if (!served) return undefined;
  return resolveExpertParallelSize({ size: ep, redundantExperts: w.redundant_experts ?? 0, tensorParallel: w.tensor_parallel }, served, pool, where, fail);
}

/** An inference replica whose weights do not fit in its devices' memory would reject every request: refuse it here. */
function checkReplicaFits(
  w: InferenceInput,
  served: ServedModel,
  pool: PoolSpec,
  slice: DeviceSlice | undefined,
  expertParallel: InferenceWorkload['expertParallel'],
  at: (...p: FieldPath) => FieldPath,
  fail: Fail,
): void {
  if (expertParallel) return void expertParallelFits(served, pool, w.tensor_parallel, expertParallel, at('expert_parallel'), fail);
  const { model, sizeField } = served;
  const fit = replicaFit(model, pool, w.tensor_parallel, slice);
  if (fit.kind === 'fits') return;
  if (fit.kind === 'unmodelled') {
    fail(at('model'), `cannot model a replica on ${pool.device.id}: ${fit.reason}`);
    return;
  }
  if (slice) {
    const where = slice.kind === 'mig' ? `a MIG ${slice.profile.name} instance of ${pool.device.id}` : `a ${slice.fraction} share of ${pool.device.id}`;
    fail(
      sizeField,
      `the weights need ${formatGigabytes(fit.weightBytes)} per replica (${model.params.toExponential(3)} parameters in ${model.weightPrecision}), but ${where} holds ${formatGigabytes(fit.usableBytes)} of its ${formatGigabytes(sliceMemory(slice, pool.device) ?? 0)} after the activation reserve`,
      slice.kind === 'mig' ? 'use a larger MIG profile, or store the weights in a lower precision (fp8, int4)' : 'give the share more memory, or store the weights in a lower precision (fp8, int4)',
    );
    return;
  }
  fail(
    sizeField,
    `the weights need ${formatGigabytes(fit.weightBytes)} per replica (${model.params.toExponential(3)} parameters in ${model.weightPrecision}), but tensor_parallel ${w.tensor_parallel} × ${pool.device.id} hold ${formatGigabytes(fit.usableBytes)} after the activation reserve`,
    'raise tensor_parallel, store the weights in a lower precision (fp8, int4), or use a device with more memory',
  );
}

/**
 * Speculative decoding: the draft (a card or its figures) must fit in the replica's memory beside the target's
 * weights and the activation reserve; what it leaves is the KV cache of both.
 */
function resolveSpeculative(
  w: InferenceInput,
  served: ServedModel | undefined,
  pool: PoolSpec,
  slice: DeviceSlice | undefined,
  at: (...p: FieldPath) => FieldPath,
  ctx: ResolveContext,
): InferenceWorkload['speculative'] {
  const s = w.speculative;
  if (!s) return undefined;
  const draft = resolveServedModel(s.draft, at, ctx, ['speculative', 'draft']);
  if (!draft) return undefined;
  if (served) checkDraftFits(w, served, draft, pool, slice, ctx.fail);
  return { method: s.method, draft: draft.model, draftTokens: s.tokens, acceptance: s.acceptance };
}

/** The draft beside the target on `pool` (the home pool, or another pool of a service that moves: `where` names it). */
function checkDraftFits(w: InferenceInput, served: ServedModel, draft: ServedModel, pool: PoolSpec, slice: DeviceSlice | undefined, fail: Fail, where = ''): void {
  // the target's own fit was checked (and reported) first
  if (!pool.device.memory || !(slice || !w.devices) || replicaFit(served.model, pool, w.tensor_parallel, slice).kind !== 'fits') return;
  const fit = draftReplicaFit(served.model, draft.model, pool, w.tensor_parallel, slice);
  if (fit.kind === 'unmodelled') fail(draft.sizeField, `cannot model the draft on ${pool.device.id}${where}: ${fit.reason}`);
  if (fit.kind === 'too-large')
    fail(
      draft.sizeField,
      `the target's and the draft's weights need ${formatGigabytes(fit.weightBytes)} per replica (draft ${draft.model.params.toExponential(3)} parameters in ${draft.model.weightPrecision}), but the replica${where} holds ${formatGigabytes(fit.usableBytes)} after the activation reserve`,
      'use a smaller draft (or an MTP/EAGLE head), store it in a lower precision, or raise tensor_parallel',
    );
}

function resolveConversations(s: NonNullable<InferenceInput['sessions']>): ConversationsSpec {
  return {
    arrivals: resolveArrivals(s.arrivals),
    turns: s.turns,
    gap: s.gap,
    systemPrompts: { count: s.system_prompts.count, tokens: s.system_prompts.tokens, popularity: s.system_prompts.popularity },
    userTokens: s.user_tokens,
    output: s.output,
  };
}

interface CacheContext {
  /** KV memory of a replica after its weights (undefined: not modelled, reported elsewhere) */
  readonly kvBytes: number | undefined;
  /** the replica's devices, for messages */
  readonly devices: string;
  /** the replica's share of a node: its devices ÷ the node's */
  readonly nodeShare: number;
  readonly pool: PoolSpec;
  readonly at: (...p: FieldPath) => FieldPath;
  readonly fail: Fail;
}

/**
 * The prefix cache; HBM given in bytes must fit the KV memory a replica has after its weights. Offload tiers take
 * the figures the scenario leaves out from the node profile: the replica's share of the host memory and of the NVMe
 * drives (capacity, read bandwidth).
 */
function resolvePrefixCache(c: NonNullable<InferenceInput['prefix_cache']>, x: CacheContext): PrefixCacheWorkloadSpec {
  const { kvBytes, devices, at, fail } = x;
  const hbm = c.hbm;
  if (hbm && 'bytes' in hbm && kvBytes !== undefined && hbm.bytes >= kvBytes) {
    fail(
      at('prefix_cache', 'hbm'),
      `is ${formatGigabytes(hbm.bytes)}, but a replica's ${devices} hold ${formatGigabytes(kvBytes)} of KV cache after the weights and the activation reserve`,
      "give less, or a fraction of the KV memory such as '30 %'",
    );
  }
  const node = x.pool.node;
  const drives = node.storage.filter((d) => d.profile.class === 'nvme');
  const driveCapacity = drives.every((d) => d.profile.capacity !== undefined) ? drives.reduce((sum, d) => sum + (d.profile.capacity ?? 0) * d.count, 0) : 0;
  const nodeFigures = {
    dram: { capacity: (node.memory?.capacity ?? 0) * x.nodeShare, bandwidth: 0 },
    nvme: { capacity: driveCapacity * x.nodeShare, bandwidth: drives.reduce((sum, d) => sum + d.profile.read_bandwidth * d.count, 0) * x.nodeShare },
  };
  const where = { dram: 'host memory', nvme: 'NVMe drives with a capacity' };
  const tiers = (['dram', 'nvme'] as const).flatMap((name) => {
    const given = c[name];
    if (!given) return [];
    const fromNode: ('capacity' | 'bandwidth')[] = [];
    const figure = (field: 'capacity' | 'bandwidth'): number => {
      const value = given[field];
      if (value !== undefined) return value;
      const derived = nodeFigures[name][field];
      if (derived > 0) {
        fromNode.push(field);
        return derived;
      }
      const missing = field === 'bandwidth' && name === 'dram' ? 'node profiles publish no host-to-device bandwidth' : `node profile '${node.id}' publishes no ${where[name]}`;
      fail(at('prefix_cache', name), `has no ${field}: ${missing}`, `give ${field}, e.g. ${field === 'capacity' ? "'256 GB'" : "'50 GB/s'"}`);
      return 1;
    };
    const capacity = figure('capacity');
    const bandwidth = figure('bandwidth');
    return [{ name, capacity, bandwidth, ...(fromNode.length > 0 && { fromNode }) }];
  });
  return { ...(hbm && { hbm }), blockTokens: c.block_tokens, tiers, routing: c.routing, routeSlack: c.route_slack };
}

/**
 * Services that move (other pools, burst, regions, routing, cold starts) run their own replicas per pool
 * (serving/front-end.ts), each pool's with speculative decoding and expert parallelism when the service has them;
 * prefix caching, conversations, managed APIs and disaggregation are modelled for a service on one pool only, so a
 * mix of the two is refused rather than silently dropped.
 */
function refuseUnmodelledMixes(w: InferenceInput, at: (...p: FieldPath) => FieldPath, fail: Fail): void {
  // a disaggregated service builds its phases' replicas without experts spread over devices
  // each phase of a disaggregated service spreads its experts its own way (SGLang: EP32 prefill, EP72 decode)
  for (const k of ['expert_parallel', 'redundant_experts'] as const)
    if (w.disaggregated && w[k] !== undefined) fail(at(k), 'is given per phase for a disaggregated service', `give disaggregated.prefill.${k} and disaggregated.decode.${k}`);
  const scalesToZero = typeof w.replicas === 'object' && w.replicas.min === 0;
  const moving = (['also_at', 'burst', 'users', 'routing', 'cold_start'] as const).find((k) => w[k] !== undefined) ?? (scalesToZero ? 'replicas' : undefined);
  if (moving === undefined) return;
  const other = (['prefix_cache', 'sessions', 'api', 'overflow', 'disaggregated'] as const).find((k) => w[k] !== undefined);
  if (other !== undefined) fail(at(other), `is not modelled together with '${moving}' (a service on several pools or regions) yet`, `drop one of '${other}' and '${moving}'`);
}

/** What every inference service resolves to first, colocated or disaggregated: its labels, model and requests. */
function serviceHead(
  w: InferenceInput,
  pool: PoolSpec,
  labels: Labels,
  model: InferenceWorkload['model'],
  arrivals: InferenceWorkload['arrivals'],
  trace: InferenceWorkload['trace'],
): Pick<InferenceWorkload, 'name' | 'kind' | 'pool' | 'priority' | 'model' | 'arrivals' | 'tokens' | 'trace'> & Labels {
  return {
    ...labels,
    name: w.name,
    kind: 'inference',
    pool: pool.id,
    priority: w.priority,
    model,
    ...(arrivals && { arrivals }),
    ...(w.tokens && { tokens: w.tokens }),
    ...(trace && { trace }),
  };
}
