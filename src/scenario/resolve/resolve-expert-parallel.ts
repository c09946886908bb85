import { replicaFit } from '../../model/feasibility.js';
import type { InferenceWorkload, PoolSpec } from '../../model/types.js';
import { formatGigabytes } from '../../support/format-quantity.js';
import type { Fail, FieldPath } from './resolve-context.js';
import type { ServedModel } from './resolve-served-model.js';

/** What a replica spread over `size` devices by expert parallelism asks for. */
export interface ExpertParallelAsk {
  readonly size: number;
  readonly redundantExperts: number;
  readonly tensorParallel: number;
}

/**
 * Expert parallelism of one set of replicas (a colocated service, or one phase of a disaggregated one): a
 * mixture-of-experts model, a multiple of tensor_parallel, whole nodes when it spans several, and routed + redundant
 * experts that divide evenly over its devices (vLLM and SGLang place whole experts). `where` is the field that
 * gave the size. @returns undefined after recording a problem
 */
export function resolveExpertParallelSize(ask: ExpertParallelAsk, served: ServedModel, pool: PoolSpec, where: FieldPath, fail: Fail): InferenceWorkload['expertParallel'] {
  const { size: ep, redundantExperts: redundant, tensorParallel: tp } = ask;
  const experts = served.model.moe?.experts;
  if (!experts)
    return void fail(where, `is ${ep}, but the model is dense: expert parallelism needs a mixture-of-experts model`, 'name a moe card (simulate models lists them), or remove expert_parallel');
  if (ep % tp !== 0) return void fail(where, `is ${ep}, not a multiple of tensor_parallel ${tp} (expert_parallel = tensor_parallel × attention data-parallel ranks)`);
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

/**
 * Whether each device of an expert-parallel replica holds its share of the weights; reports at `where` (the
 * expert_parallel field) when the device cannot be modelled, and when it does not fit at the model's size field
 * (a colocated service) or at `where` too (a phase of a disaggregated one, named `phase`).
 */
export function expertParallelFits(
  served: ServedModel,
  pool: PoolSpec,
  tensorParallel: number,
  expertParallel: NonNullable<InferenceWorkload['expertParallel']>,
  where: FieldPath,
  fail: Fail,
  phase?: 'prefill' | 'decode',
): boolean {
  const { model } = served;
  const sizeField = phase ? where : served.sizeField;
  const replica = phase ? `a ${phase} replica` : 'a replica';
  const fit = replicaFit(model, pool, tensorParallel, undefined, expertParallel);
  if (fit.kind === 'fits') return true;
  if (fit.kind === 'unmodelled') fail(where, `cannot model ${replica} on ${pool.device.id}: ${fit.reason}`);
  else if (fit.perDevice)
    fail(
      sizeField,
      `each of the ${expertParallel.size} devices of ${replica} holds ${formatGigabytes(fit.perDevice.weightBytes)} of weights (its ${model.params.toExponential(3)}-parameter model in ${model.weightPrecision}: the dense part over tensor_parallel ${tensorParallel}, the experts over expert_parallel ${expertParallel.size}), but a ${pool.device.id} has ${formatGigabytes(fit.perDevice.usableBytes)} after the activation reserve`,
      'raise expert_parallel or tensor_parallel, store the weights in a lower precision (fp8, int4), or use a device with more memory',
    );
  else
    fail(
      sizeField,
      `the weights need ${formatGigabytes(fit.weightBytes)} per ${phase ? `${phase} ` : ''}replica, but its devices hold ${formatGigabytes(fit.usableBytes)} after the activation reserve`,
    );
  return false;
}
