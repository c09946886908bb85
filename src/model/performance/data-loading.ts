import type { NodeProfile } from '../types.js';
import { storageBandwidth, type StorageAttachment, type StorageBandwidth } from './storage-bandwidth.js';

/** Data read per training step: tokens × bytes per token, samples × bytes per sample, or bytes directly. */
export type StepData = { readonly tokens: number; readonly bytesPerToken: number } | { readonly samples: number; readonly bytesPerSample: number } | { readonly bytes: number };

export interface DataLoadingInput {
  readonly data: StepData;
  readonly storage: StorageAttachment;
  readonly node: NodeProfile;
  /** nodes the job runs on (may be fractional for a job on part of one node) */
  readonly nodes: number;
  /** s, the step time without data loading (compute + exposed communication) */
  readonly stepTime: number;
}

export interface DataLoadingEstimate {
  /** bytes read per step */
  readonly bytesPerStep: number;
  readonly storage: StorageBandwidth;
  /** bytes/s = min(storage read, network) */
  readonly bandwidth: number;
  /** which of the two limits the read rate */
  readonly limitedBy: 'storage' | 'network';
  /** s = bytesPerStep / bandwidth */
  readonly loadTime: number;
  /** s, the step time given */
  readonly stepTime: number;
  /**
   * s = max(stepTime, loadTime): data loaders prefetch the next batch while the current step runs
   * (PyTorch DataLoader `prefetch_factor`), so loading only shows when it is slower than the step.
   */
  readonly effectiveStepTime: number;
  /** 'data' when loading is slower than the step and becomes the bottleneck */
  readonly bound: 'step' | 'data';
}

export function stepDataBytes(data: StepData): number {
  const bytes = 'bytes' in data ? data.bytes : 'tokens' in data ? data.tokens * data.bytesPerToken : data.samples * data.bytesPerSample;
  if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new RangeError(`bytes per step must be a finite number ≥ 0, got ${bytes}`);
  return bytes;
}

/**
 * Whether reading a step's data keeps up with the step. @throws RangeError when remote storage is
 * configured but the node has no NIC to reach it, or on negative inputs
 */
export function dataLoadingEstimate(input: DataLoadingInput): DataLoadingEstimate {
  if (!(input.stepTime >= 0)) throw new RangeError(`stepTime must be ≥ 0, got ${input.stepTime}`);
  const bytesPerStep = stepDataBytes(input.data);
  const storage = storageBandwidth(input.storage, input.node, input.nodes);
  if (storage.remote && !(storage.network > 0)) throw new RangeError(`node ${input.node.id} has no storage or compute NIC to reach ${input.storage.kind} storage`);
  const limitedBy = storage.network < storage.read ? 'network' : 'storage';
  const bandwidth = Math.min(storage.read, storage.network);
  const loadTime = bytesPerStep / bandwidth;
  const effectiveStepTime = Math.max(input.stepTime, loadTime);
  return { bytesPerStep, storage, bandwidth, limitedBy, loadTime, stepTime: input.stepTime, effectiveStepTime, bound: loadTime > input.stepTime ? 'data' : 'step' };
}
