import { distributionMean } from '../engine/index.js';
import { slicedDevice } from './device-slice.js';
import { dataJob, trainingExamples } from './job-factory.js';
import { fineTuneMemory } from './performance/fine-tuning.js';
import { draftFit, expertParallelOn, nodeFabric, replicaModel } from './performance/index.js';
import type { DataWorkload, DeviceSlice, InferenceWorkload, PoolSpec, TrainingWorkload } from './types.js';

/**
 * What the model can and cannot run, asked before a run is built: the scenario layer reports the
 * answers where the scenario wrote the workload, without knowing how the performance models work.
 * Each answer is a plain description, never a thrown error.
 */

/** Whether one inference replica's weights fit in its devices' memory. */
export type ReplicaFit =
  | { readonly kind: 'fits' }
  /** weights of `weightBytes` need more than the `usableBytes` the replica's devices hold after the activation reserve (with expert parallelism, also per device) */
  | { readonly kind: 'too-large'; readonly weightBytes: number; readonly usableBytes: number; readonly perDevice?: { readonly weightBytes: number; readonly usableBytes: number } }
  /** the model cannot describe such a replica at all */
  | { readonly kind: 'unmodelled'; readonly reason: string };

/**
 * `slice`: the replica runs on a share or a MIG instance of one device, and sees only its memory.
 * `expertParallel`: the replica spans that many devices of the pool's nodes, its experts spread over them;
 * a replica that does not fit then says what one device holds (`perDevice`).
 */
export function replicaFit(model: InferenceWorkload['model'], pool: PoolSpec, tensorParallel: number, slice?: DeviceSlice, expertParallel?: InferenceWorkload['expertParallel']): ReplicaFit {
  let m: ReturnType<typeof replicaModel>;
  try {
    const fabric = expertParallel && nodeFabric(pool.node);
    m = replicaModel({
      model,
      device: slice ? slicedDevice(pool.device, slice) : pool.device,
      tensorParallel,
      ...(fabric && expertParallel && { scaleUp: fabric.scaleUp, expertParallel: expertParallelOn(fabric, expertParallel) }),
    });
  } catch (err) {
    return { kind: 'unmodelled', reason: err instanceof Error ? err.message : String(err) };
  }
  if (m.fits) return { kind: 'fits' };
  const ep = m.expertParallel;
  if (ep)
    return {
      kind: 'too-large',
      weightBytes: m.weightBytes,
      usableBytes: ep.devices * m.memoryCapacity - m.activationReserve,
      perDevice: { weightBytes: ep.weightBytesPerDevice, usableBytes: m.memoryCapacity - m.activationReserve / ep.devices },
    };
  return { kind: 'too-large', weightBytes: m.weightBytes, usableBytes: tensorParallel * m.memoryCapacity - m.activationReserve };
}

/** Bytes of KV cache one inference replica holds (its memory after weights and the activation reserve), or undefined when it cannot be modelled. */
export function replicaKvBytes(model: InferenceWorkload['model'], pool: PoolSpec, tensorParallel: number, slice?: DeviceSlice): number | undefined {
  try {
    return replicaModel({ model, device: slice ? slicedDevice(pool.device, slice) : pool.device, tensorParallel }).kvCapacityBytes;
  } catch {
    return undefined;
  }
}

/**
 * Whether a speculative-decoding draft fits in a replica's memory beside the target's weights and the
 * activation reserve (`too-large`: the two models' weights, and what the replica holds after the reserve).
 */
export function draftReplicaFit(model: InferenceWorkload['model'], draft: InferenceWorkload['model'], pool: PoolSpec, tensorParallel: number, slice?: DeviceSlice): ReplicaFit {
  const device = slice ? slicedDevice(pool.device, slice) : pool.device;
  let fit: ReturnType<typeof draftFit>;
  try {
    fit = draftFit(replicaModel({ model, device, tensorParallel }), replicaModel({ model: draft, device, tensorParallel }));
  } catch (err) {
    return { kind: 'unmodelled', reason: err instanceof Error ? err.message : String(err) };
  }
  return fit.fits ? { kind: 'fits' } : { kind: 'too-large', weightBytes: fit.neededBytes, usableBytes: fit.usableBytes };
}

/**
 * Why the training model cannot time this workload's jobs on the pool (a job spanning devices or
 * nodes needs the links the node profile publishes), or undefined when it can.
 */
export function trainingTimingProblem(workload: TrainingWorkload, pool: PoolSpec): string | undefined {
  try {
    trainingExamples(workload, pool);
    return undefined;
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return err.message;
  }
}

/** A job size whose devices cannot hold what it keeps in memory: the bytes each needs and has, and how the need was formed. */
export interface MemoryProblem {
  readonly devices: number;
  readonly needBytes: number;
  readonly haveBytes: number;
  readonly source: string;
}

/**
 * With expert parallelism, the first job size whose devices cannot hold their share of the weights, gradients
 * and optimizer state (`trainingExpertShare`: activations not counted), or undefined when every size fits (or
 * the device publishes no capacity). Timing problems are `trainingTimingProblem`'s.
 */
export function trainingMemoryProblem(workload: TrainingWorkload, pool: PoolSpec): MemoryProblem | undefined {
  if (!workload.expertParallel) return undefined;
  return firstSizeOverMemory(workload, pool, (e) => e.expertShare && { bytes: e.expertShare.memoryBytes, source: e.expertShare.source });
}

/**
 * A fine-tuning workload: the first job size whose devices cannot hold the model's states (`fineTuneMemory`:
 * the frozen base and the adapters for LoRA, weights, gradients and Adam state for full fine-tuning;
 * activations not counted), or undefined when every size fits (or the device publishes no capacity).
 */
export function fineTuneMemoryProblem(workload: TrainingWorkload, pool: PoolSpec): MemoryProblem | undefined {
  const spec = workload.fineTune;
  if (!spec || workload.expertParallel) return undefined;
  const params = distributionMean(workload.params);
  return firstSizeOverMemory(workload, pool, (e) => fineTuneMemory(params, spec, e.modelParallel, e.dataParallel));
}

/** The first of the workload's job sizes whose per-device `need` passes the device's capacity (none when the device publishes none, or the model cannot time the job). */
function firstSizeOverMemory(
  workload: TrainingWorkload,
  pool: PoolSpec,
  need: (e: ReturnType<typeof trainingExamples>[number]) => { readonly bytes: number; readonly source: string } | undefined,
): MemoryProblem | undefined {
  const capacity = pool.device.memory?.capacity;
  if (capacity === undefined) return undefined;
  let examples: ReturnType<typeof trainingExamples>;
  try {
    examples = trainingExamples(workload, pool);
  } catch {
    return undefined;
  }
  for (const e of examples) {
    const n = need(e);
    if (n && n.bytes > capacity) return { devices: e.devices, needBytes: n.bytes, haveBytes: capacity, source: n.source };
  }
  return undefined;
}

/** Why the data-job model cannot time this workload's jobs on the pool's nodes, or undefined when it can. */
export function dataTimingProblem(workload: DataWorkload, pool: PoolSpec): string | undefined {
  try {
    dataJob(workload, pool, distributionMean(workload.read), workload.write ? distributionMean(workload.write) : 0);
    return undefined;
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return err.message;
  }
}
