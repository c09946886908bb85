import { migRequest } from '../../model/device-slice.js';
import { migPerDevice } from '../../model/scheduling/index.js';
import type { DeviceSlice, PoolSpec } from '../../model/types.js';
import { closest } from '../../support/closest-name.js';
import type { SliceInput } from '../device-request-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';
import { formatGigabytes } from '../../support/format-quantity.js';

/**
 * A workload's slice of one device, against its pool's device: a share keeps at most the device's
 * memory; a MIG profile must be one of the GPU's (`partitioning.profiles` of its profile).
 * Undefined (the problem reported at `path`) when it cannot be resolved.
 */
export function resolveSlice(input: SliceInput, pool: PoolSpec, path: FieldPath, ctx: ResolveContext): DeviceSlice | undefined {
  const device = pool.device;
  if (input.kind === 'share') {
    const capacity = device.memory?.capacity;
    if (input.memory !== undefined && capacity !== undefined && input.memory > capacity) {
      ctx.fail([...path, 'memory'], `is ${formatGigabytes(input.memory)}, more than the ${formatGigabytes(capacity)} of one ${device.id}`, 'a share sees at most its device');
      return undefined;
    }
    return input.memory === undefined ? { kind: 'share', fraction: input.fraction } : { kind: 'share', fraction: input.fraction, memory: input.memory };
  }
  const partitioning = device.partitioning;
  if (!partitioning) {
    ctx.fail(
      [...path, 'mig'],
      `pool '${pool.id}' runs on ${device.id}, which has no MIG partitioning (its profile lists no partitioning.profiles)`,
      `ask for a time-sliced share instead (devices: 0.5), or run on a GPU with MIG profiles such as h100-sxm-80gb`,
    );
    return undefined;
  }
  const names = partitioning.profiles.map((p) => p.name);
  const profile = partitioning.profiles.find((p) => p.name === input.profile);
  if (!profile) {
    const near = closest(input.profile, names);
    ctx.fail([...path, 'mig'], `${device.id} has no MIG profile '${input.profile}'`, `${near ? `did you mean '${near}'? ` : ''}its profiles: ${names.join(', ')}`);
    return undefined;
  }
  return { kind: 'mig', profile, count: input.count, totalCompute: partitioning.computeSlices, totalMemory: partitioning.memorySlices };
}

/** MIG instances of one job go on the GPUs of one node (src/model/scheduling/mig-placement.ts): refuse more than a node holds. */
export function sliceFitsNode(slice: DeviceSlice, pool: PoolSpec, path: FieldPath, ctx: ResolveContext): void {
  const mig = migRequest(slice, pool.device.id);
  if (!mig) return;
  const perGpu = migPerDevice(mig);
  if (mig.count > perGpu * pool.devicesPerNode) {
    ctx.fail(
      [...path, 'count'],
      `asks for ${mig.count} ${mig.profile} instances, but one ${pool.node.id} node holds at most ${perGpu * pool.devicesPerNode} (${perGpu} per GPU × ${pool.devicesPerNode} GPUs)`,
      "a job's instances stay on one node: ask for fewer, or a larger profile",
    );
  }
}
