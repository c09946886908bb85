import type { MigRequest } from './scheduling/index.js';
import { precisions, type ComputeDeviceProfile, type DeviceSlice, type NodeProfile, type Precision } from './types.js';

/**
 * The one place where part of a device becomes a device: the performance models (training,
 * inference, batch work) time a job on a slice by timing it on `slicedDevice`, a device whose
 * peaks are scaled by the slice's compute fraction, whose memory bandwidth is scaled by its
 * memory fraction and whose capacity is the slice's memory. The scheduler sees the slice as
 * `sliceDevices` device-equivalents and, for MIG, as a `MigRequest`.
 */

/** Share of the device's compute: the time-slice fraction, or a MIG instance's compute slices out of the GPU's. */
export function computeFraction(slice: DeviceSlice): number {
  return slice.kind === 'share' ? slice.fraction : slice.profile.computeSlices / slice.totalCompute;
}

/** Share of the device's memory bandwidth: the time-slice fraction, or a MIG instance's memory slices out of the GPU's. */
export function memoryFraction(slice: DeviceSlice): number {
  return slice.kind === 'share' ? slice.fraction : slice.profile.memorySlices / slice.totalMemory;
}

/** Device-equivalents a job on the slice holds: its compute fraction × instances. */
export function sliceDevices(slice: DeviceSlice): number {
  return slice.kind === 'share' ? slice.fraction : slice.count * computeFraction(slice);
}

/** Instances (or shares) a job on the slice runs on in parallel: MIG count, 1 for a share. */
export function sliceInstances(slice: DeviceSlice): number {
  return slice.kind === 'share' ? 1 : slice.count;
}

/** Bytes of memory one instance (or share) sees; undefined when the device publishes no capacity and the slice names none. */
export function sliceMemory(slice: DeviceSlice, device: ComputeDeviceProfile): number | undefined {
  if (slice.kind === 'mig') return slice.profile.memory;
  if (slice.memory !== undefined) return slice.memory;
  const capacity = device.memory?.capacity;
  return capacity === undefined ? undefined : slice.fraction * capacity;
}

/** The device as one instance (or share) of the slice sees it: what the performance models time the job on. */
export function slicedDevice(device: ComputeDeviceProfile, slice: DeviceSlice): ComputeDeviceProfile {
  const c = computeFraction(slice);
  const peak: Partial<Record<Precision, number>> = {};
  for (const precision of precisions) {
    const value = device.peak[precision];
    if (value !== undefined) peak[precision] = value * c;
  }
  const label = slice.kind === 'share' ? `${slice.fraction} share` : `MIG ${slice.profile.name}`;
  const memory = device.memory && { bandwidth: device.memory.bandwidth * memoryFraction(slice), ...optionalCapacity(sliceMemory(slice, device)) };
  return { ...device, name: `${device.name} (${label})`, peak, ...(memory && { memory }) };
}

/** The node with its accelerator replaced by the sliced one (the training model reads the device from the node). */
export function slicedNode(node: NodeProfile, slice: DeviceSlice): NodeProfile {
  if (!node.accelerators) throw new RangeError(`node ${node.id} has no accelerators to share`);
  return { ...node, accelerators: { profile: slicedDevice(node.accelerators.profile, slice), count: node.accelerators.count } };
}

/** The scheduler's MIG request for a slice on GPUs of `deviceModel`; undefined for a time-sliced share. */
export function migRequest(slice: DeviceSlice, deviceModel: string): MigRequest | undefined {
  if (slice.kind === 'share') return undefined;
  const p = slice.profile;
  return {
    deviceModel,
    profile: p.name,
    computeSlices: p.computeSlices,
    memorySlices: p.memorySlices,
    maxInstances: p.maxInstances,
    totalCompute: slice.totalCompute,
    totalMemory: slice.totalMemory,
    count: slice.count,
  };
}

function optionalCapacity(capacity: number | undefined): { capacity?: number } {
  return capacity === undefined ? {} : { capacity };
}
