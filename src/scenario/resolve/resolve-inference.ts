import { replicaFit } from '../../model/feasibility.js';
import type { InferenceWorkload, PoolSpec, WorkloadPlacement } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import { resolveArrivals } from './resolve-arrivals.js';
import type { Fail, FieldPath, ResolveContext } from './resolve-context.js';
import { resolveRequestTrace } from './resolve-trace.js';

type InferenceInput = Extract<ScenarioInput['workloads'][number], { kind: 'inference' }>;
type Labels = WorkloadPlacement & { readonly team?: string; readonly tags: readonly string[] };

/** An inference service: its replicas fit the pool and their devices' memory, its requests synthetic or from a trace. */
export function resolveInference(w: InferenceInput, pool: PoolSpec, labels: Labels, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): InferenceWorkload {
  const { fail } = ctx;
  const r = w.replicas;
  const replicas = typeof r === 'number' ? r : r.min;
  if (typeof r !== 'number' && r.max < r.min) fail(at('replicas', 'max'), `is ${r.max}, below min ${r.min}`);
  const needed = replicas * w.tensor_parallel;
  if (needed > pool.deviceCount) fail(at('replicas'), `${replicas} replicas × ${w.tensor_parallel} devices need ${needed} devices but pool '${pool.id}' has ${pool.deviceCount}`);
  if (w.tensor_parallel > pool.devicesPerNode)
    fail(at('tensor_parallel'), `${w.tensor_parallel} devices per replica exceed the ${pool.devicesPerNode} of one ${pool.node.id} node`, 'tensor parallelism stays inside a node');
  if (!pool.device.memory) fail(at('pool'), `pool '${pool.id}' runs on ${pool.device.id}, which publishes no memory bandwidth`);
  const kv =
    'layers' in w.model.kv_cache
      ? { layers: w.model.kv_cache.layers, kvHeads: w.model.kv_cache.kv_heads, headDim: w.model.kv_cache.head_dim, ...(w.model.kv_cache.precision && { precision: w.model.kv_cache.precision }) }
      : { bytesPerToken: w.model.kv_cache.bytes_per_token };
  const model = { params: w.model.params, weightPrecision: w.model.precision, kvCache: kv };
  if (pool.device.memory && w.tensor_parallel <= pool.devicesPerNode) checkReplicaFits(w, model, pool, at, fail);
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
    maxBatch: w.max_batch,
    slo: { ...(w.slo.ttft !== undefined && { ttft: w.slo.ttft }), ...(w.slo.tpot !== undefined && { tpot: w.slo.tpot }) },
  };
}

/** An inference replica whose weights do not fit in its devices' memory would reject every request: refuse it here. */
function checkReplicaFits(w: InferenceInput, model: InferenceWorkload['model'], pool: PoolSpec, at: (...p: FieldPath) => FieldPath, fail: Fail): void {
  const fit = replicaFit(model, pool, w.tensor_parallel);
  if (fit.kind === 'fits') return;
  if (fit.kind === 'unmodelled') {
    fail(at('model'), `cannot model a replica on ${pool.device.id}: ${fit.reason}`);
    return;
  }
  const gb = (bytes: number) => `${(bytes / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })} GB`;
  fail(
    at('model', 'params'),
    `the weights need ${gb(fit.weightBytes)} per replica (${w.model.params.toExponential(3)} parameters in ${w.model.precision}), but tensor_parallel ${w.tensor_parallel} × ${pool.device.id} hold ${gb(fit.usableBytes)} after the activation reserve`,
    'raise tensor_parallel, store the weights in a lower precision (fp8, int4), or use a device with more memory',
  );
}
