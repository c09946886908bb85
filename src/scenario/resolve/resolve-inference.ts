import { migRequest, sliceDevices, sliceMemory } from '../../model/device-slice.js';
import { replicaFit } from '../../model/feasibility.js';
import { migPerDevice } from '../../model/scheduling/index.js';
import type { DeviceSlice, InferenceWorkload, PoolSpec, WorkloadPlacement } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import { resolveArrivals } from './resolve-arrivals.js';
import type { Fail, FieldPath, ResolveContext } from './resolve-context.js';
import { resolveServedModel, type ServedModel } from './resolve-served-model.js';
import { resolveSlice } from './resolve-slice.js';
import { resolveRequestTrace } from './resolve-trace.js';

type InferenceInput = Extract<ScenarioInput['workloads'][number], { kind: 'inference' }>;
type Labels = WorkloadPlacement & { readonly team?: string; readonly tags: readonly string[] };

/** An inference service: its replicas fit the pool and their devices' memory, its requests synthetic or from a trace. */
export function resolveInference(w: InferenceInput, pool: PoolSpec, labels: Labels, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): InferenceWorkload {
  const { fail } = ctx;
  const r = w.replicas;
  const replicas = typeof r === 'number' ? r : r.min;
  if (typeof r !== 'number' && r.max < r.min) fail(at('replicas', 'max'), `is ${r.max}, below min ${r.min}`);
  const slice = w.devices && replicaSliceOf(w, pool, replicas, at, ctx);
  const perReplica = w.expert_parallel ?? w.tensor_parallel;
  const needed = replicas * perReplica;
  if (!w.devices && needed > pool.deviceCount) fail(at('replicas'), `${replicas} replicas × ${perReplica} devices need ${needed} devices but pool '${pool.id}' has ${pool.deviceCount}`);
  if (w.tensor_parallel > pool.devicesPerNode)
    fail(at('tensor_parallel'), `${w.tensor_parallel} devices per replica exceed the ${pool.devicesPerNode} of one ${pool.node.id} node`, 'tensor parallelism stays inside a node');
  if (!pool.device.memory) fail(at('pool'), `pool '${pool.id}' runs on ${pool.device.id}, which publishes no memory bandwidth`);
  const served = resolveServedModel(w.model, at, ctx);
  // an unresolved card has been reported; the placeholder never reaches a run (resolving throws at the end)
  const model = served?.model ?? { params: 1, weightPrecision: w.model.precision, kvCache: { bytesPerToken: 1 } };
  const expertParallel = w.expert_parallel !== undefined || w.redundant_experts !== undefined ? resolveExpertParallel(w, served, pool, at, fail) : undefined;
  const epOk = w.expert_parallel === undefined || expertParallel !== undefined;
  if (served && epOk && pool.device.memory && w.tensor_parallel <= pool.devicesPerNode && (slice || !w.devices)) checkReplicaFits(w, served, pool, slice, expertParallel, at, fail);
  const trace = w.trace && resolveRequestTrace(w.trace, at('trace', 'file'), ctx);
  const arrivals = w.arrivals && resolveArrivals(w.arrivals);
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
    slo: { ...(w.slo.ttft !== undefined && { ttft: w.slo.ttft }), ...(w.slo.tpot !== undefined && { tpot: w.slo.tpot }) },
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

/**
 * Expert parallelism: a mixture-of-experts model, a multiple of tensor_parallel, whole nodes when it spans
 * several, and routed + redundant experts that divide evenly over its devices (vLLM and SGLang place whole
 * experts). @returns undefined after recording a problem
 */
function resolveExpertParallel(w: InferenceInput, served: ServedModel | undefined, pool: PoolSpec, at: (...p: FieldPath) => FieldPath, fail: Fail): InferenceWorkload['expertParallel'] {
  const ep = w.expert_parallel;
  const redundant = w.redundant_experts ?? 0;
  if (ep === undefined) {
    fail(at('redundant_experts'), 'places expert copies, but the service has no expert_parallel', 'give expert_parallel, or remove redundant_experts');
    return undefined;
  }
  const where = at('expert_parallel');
  if (w.devices) return void fail(where, 'a replica on part of a device has no devices to spread experts over', 'give either devices (a share or a MIG instance) or expert_parallel');
  // an unresolved card has been reported already
  if (!served) return undefined;
  const experts = served.model.moe?.experts;
  if (!experts)
    return void fail(where, `is ${ep}, but the model is dense: expert parallelism needs a mixture-of-experts model`, 'name a moe card (simulate models lists them), or remove expert_parallel');
  if (ep % w.tensor_parallel !== 0) return void fail(where, `is ${ep}, not a multiple of tensor_parallel ${w.tensor_parallel} (expert_parallel = tensor_parallel × attention data-parallel ranks)`);
  if (ep > pool.devicesPerNode && ep % pool.devicesPerNode !== 0)
    return void fail(where, `is ${ep}: a replica wider than one ${pool.node.id} node takes whole nodes of ${pool.devicesPerNode} devices`, `use a multiple of ${pool.devicesPerNode}`);
  const physical = experts.routed + redundant;
  if (physical % ep !== 0) {
    const more = (ep - (physical % ep)) % ep;
    return void fail(
      where,
      `${ep} devices do not divide the ${experts.routed} routed${redundant > 0 ? ` + ${redundant} redundant` : ''} experts evenly`,
      `use a divisor of ${physical}, or give redundant_experts: ${redundant + more} (EPLB copies)`,
    );
  }
  return { size: ep, ...(redundant > 0 && { redundantExperts: redundant }), ...(served.moeLayers !== undefined && { moeLayers: served.moeLayers }) };
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
  const { model, sizeField } = served;
  const fit = replicaFit(model, pool, w.tensor_parallel, slice, expertParallel);
  if (fit.kind === 'fits') return;
  if (fit.kind === 'unmodelled') {
    fail(at(expertParallel ? 'expert_parallel' : 'model'), `cannot model a replica on ${pool.device.id}: ${fit.reason}`);
    return;
  }
  const gb = (bytes: number) => `${(bytes / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })} GB`;
  if (fit.perDevice && expertParallel) {
    fail(
      sizeField,
      `each of the ${expertParallel.size} devices of a replica holds ${gb(fit.perDevice.weightBytes)} of weights (its ${model.params.toExponential(3)}-parameter model in ${model.weightPrecision}: the dense part over tensor_parallel ${w.tensor_parallel}, the experts over expert_parallel ${expertParallel.size}), but a ${pool.device.id} has ${gb(fit.perDevice.usableBytes)} after the activation reserve`,
      'raise expert_parallel or tensor_parallel, store the weights in a lower precision (fp8, int4), or use a device with more memory',
    );
    return;
  }
  if (slice) {
    const where = slice.kind === 'mig' ? `a MIG ${slice.profile.name} instance of ${pool.device.id}` : `a ${slice.fraction} share of ${pool.device.id}`;
    fail(
      sizeField,
      `the weights need ${gb(fit.weightBytes)} per replica (${model.params.toExponential(3)} parameters in ${model.weightPrecision}), but ${where} holds ${gb(fit.usableBytes)} of its ${gb(sliceMemory(slice, pool.device) ?? 0)} after the activation reserve`,
      slice.kind === 'mig' ? 'use a larger MIG profile, or store the weights in a lower precision (fp8, int4)' : 'give the share more memory, or store the weights in a lower precision (fp8, int4)',
    );
    return;
  }
  fail(
    sizeField,
    `the weights need ${gb(fit.weightBytes)} per replica (${model.params.toExponential(3)} parameters in ${model.weightPrecision}), but tensor_parallel ${w.tensor_parallel} × ${pool.device.id} hold ${gb(fit.usableBytes)} after the activation reserve`,
    'raise tensor_parallel, store the weights in a lower precision (fp8, int4), or use a device with more memory',
  );
}
