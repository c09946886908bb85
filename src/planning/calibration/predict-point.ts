import { iterationDuration, maxConcurrentSequences, nodeFabric, replicaModel, trainingEstimate, type ReplicaModel } from '../../model/performance/index.js';
import type { ComputeDeviceProfile, NodeProfile, StorageProfile } from '../../model/types.js';
import type { CalibrationPoint, InferenceSetup } from '../../scenario/calibration/calibration-points.js';
import { predictStorageBandwidth } from './predict-storage.js';

/**
 * The efficiency factors `simulate calibrate` fits: the profile fields of the same names (`efficiency.*`) — a
 * compute device's four, and a storage profile's `storage`.
 */
export const factorNames = ['inference_compute', 'inference_memory', 'training_mfu', 'collective', 'storage'] as const;
export type FactorName = (typeof factorNames)[number];
export type Factors = Readonly<Record<FactorName, number>>;

/**
 * The hardware the points were measured on: the device whose factors are fitted and the node for its links, or
 * the storage profile whose `storage` factor is fitted (each storage row names its own nodes).
 */
export interface CalibrationSystem {
  readonly device?: ComputeDeviceProfile;
  /** the node the device sits in: its scale-up link carries the tensor-parallel all-reduces and the training all-reduce */
  readonly node?: NodeProfile;
  readonly storage?: StorageProfile;
}

/** The id of the profile being fitted, for messages. */
export function targetId(system: CalibrationSystem): string {
  return system.storage?.id ?? system.device?.id ?? 'the profile';
}

function deviceOf(system: CalibrationSystem): ComputeDeviceProfile {
  if (!system.device) throw new RangeError(`a device row needs a compute device, and ${targetId(system)} is not one`);
  return system.device;
}

/** The factors a row's prediction depends on. */
export function factorsOf(point: CalibrationPoint): readonly FactorName[] {
  if (point.setup.kind === 'storage') return ['storage'];
  if (point.setup.kind === 'training') return point.setup.devices > 1 ? ['training_mfu', 'collective'] : ['training_mfu'];
  return point.setup.tensorParallel > 1 ? ['inference_compute', 'inference_memory', 'collective'] : ['inference_compute', 'inference_memory'];
}

/** The factor a row's kind is fitted for when `--fit` names none: the one the catalog fits on published results. */
export function primaryFactorOf(point: CalibrationPoint): FactorName {
  if (point.setup.kind === 'storage') return 'storage';
  return point.setup.kind === 'training' ? 'training_mfu' : 'inference_compute';
}

function replicaOf(setup: InferenceSetup, system: CalibrationSystem, factors: Factors): ReplicaModel {
  return replicaModel({
    model: setup.model,
    device: deviceOf(system),
    tensorParallel: setup.tensorParallel,
    computeEfficiency: factors.inference_compute,
    memoryEfficiency: factors.inference_memory,
    collectiveEfficiency: factors.collective,
    ...(system.node && { scaleUp: nodeFabric(system.node).scaleUp }),
  });
}

/**
 * The sequences one replica of `setup` holds at once: its batch, or fewer when their KV cache does not fit
 * (the engine then runs what fits, as the serving model does). 0 when the weights do not fit.
 */
export function concurrentSequences(setup: InferenceSetup, system: CalibrationSystem): number {
  const replica = replicaOf(setup, system, { inference_compute: 1, inference_memory: 1, training_mfu: 1, collective: 1, storage: 1 });
  return Math.min(setup.batch, maxConcurrentSequences(replica, setup.inputTokens + setup.outputTokens / 2));
}

/**
 * What the performance model predicts for a measured row with the given factors, in the row's unit:
 * - `tokens_per_s`: replicas × B ÷ the steady iteration of a continuously batched engine holding B sequences
 *   (B = `concurrentSequences`) at their mean context (input + output/2), where each iteration also prefills
 *   the prompts of the B/output sequences that finish and are replaced (Orca/vLLM iteration-level batching:
 *   one decode token per sequence per iteration, prompts admitted as sequences finish);
 * - `ttft_ms`: one iteration prefilling `batch` prompts together (no queueing);
 * - `tpot_ms`: one pure decode iteration of B sequences at the mean context;
 * - `step_time_s`: `trainingEstimate`'s step time at the MFU, the data-parallel all-reduce over the node's links;
 * - `read_gbps`, `write_gbps`: `storageBandwidth` with the storage profile at the `storage` factor, bounded by the NICs.
 * `collective` scales the links' bandwidth under the all-reduces (and all-to-alls), as a profile's `efficiency.collective` does.
 * The same `iterationDuration` the serving model charges per iteration, so a fitted factor means what a scenario uses.
 * @throws RangeError when the setup cannot run on the system (the weights do not fit)
 */
export function predictPoint(point: CalibrationPoint, system: CalibrationSystem, factors: Factors): number {
  const s = point.setup;
  if (s.kind === 'storage') {
    if (!system.storage) throw new RangeError(`a storage row needs a storage profile, and ${targetId(system)} is not one`);
    return predictStorageBandwidth(s, system.storage, factors.storage);
  }
  if (s.kind === 'training') {
    if (!system.node) throw new RangeError('a training row needs the node the devices sit in');
    const estimate = trainingEstimate({
      params: s.params,
      ...(s.activeParams !== undefined && { activeParams: s.activeParams }),
      tokens: s.sequences * s.sequenceLength,
      steps: 1,
      precision: s.precision,
      batch: { sequences: s.sequences, sequenceLength: s.sequenceLength },
      devices: s.devices,
      node: system.node,
      modelParallel: s.modelParallel,
      mfu: factors.training_mfu,
      collectiveEfficiency: factors.collective,
    });
    return estimate.stepTime;
  }
  const replica = replicaOf(s, system, factors);
  const context = s.inputTokens + s.outputTokens / 2;
  if (point.metric === 'ttft_ms') return 1000 * iterationDuration(replica, 0, 0, s.batch * s.inputTokens);
  const b = Math.min(s.batch, maxConcurrentSequences(replica, context));
  if (b < 1) throw new RangeError(`the weights and one sequence of ${context} tokens do not fit a replica of ${s.tensorParallel} × ${targetId(system)}`);
  if (point.metric === 'tpot_ms') return 1000 * iterationDuration(replica, b, b * context, 0);
  const iteration = iterationDuration(replica, b, b * context, (b * s.inputTokens) / s.outputTokens);
  return (s.replicas * b) / iteration;
}
