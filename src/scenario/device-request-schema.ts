import { z } from 'zod';
import type { DistributionSpec } from '../model/types.js';
import { empiricalDevices, empiricalDeviceCounts, quantity } from './quantity-schema.js';

/**
 * What a workload's `devices` may ask for: whole devices (a count or an empirical choice of counts),
 * a time-sliced share of one device (`0.5`, or `{share: 0.5, memory: 20 GB}`), or NVIDIA MIG
 * instances (`{mig: 1g.10gb, count: 2}`). The MIG profile name is checked against the pool's GPU
 * when the workload is resolved (resolve/resolve-slice.ts).
 */

/** A slice of one device as written, before its MIG profile is looked up. */
export type SliceInput = { readonly kind: 'share'; readonly fraction: number; readonly memory?: number } | { readonly kind: 'mig'; readonly profile: string; readonly count: number };

const shareObject = z.strictObject({
  share: z.number().gt(0).lt(1).describe('fraction of one device: its compute and memory bandwidth'),
  memory: quantity('bytes', 'device memory the share may use (default: the same fraction of the device memory)').optional(),
});

const migObject = z.strictObject({
  mig: z.string().min(1).max(64).describe("a MIG profile of the pool's GPU, e.g. 1g.10gb (see the GPU's profile, partitioning.profiles)"),
  count: z.int().min(1).max(1024).default(1).describe('MIG instances per job (default 1)'),
});

function slice(v: z.infer<typeof shareObject> | z.infer<typeof migObject>): SliceInput {
  if ('mig' in v) return { kind: 'mig', profile: v.mig, count: v.count };
  return v.memory === undefined ? { kind: 'share', fraction: v.share } : { kind: 'share', fraction: v.share, memory: v.memory };
}

/** A number in (0, 10⁶]: whole devices, or a share of one. */
function numberOfDevices(v: number, ctx: z.RefinementCtx): DistributionSpec | SliceInput {
  if (Number.isInteger(v)) return { kind: 'constant', value: v };
  if (v < 1) return { kind: 'share', fraction: v };
  ctx.addIssue({ code: 'custom', message: `must be a whole number of devices (1 to 1,000,000) or a share of one device between 0 and 1, got ${v}` });
  return z.NEVER;
}

/** Devices per job: a count, an empirical choice of counts, a share of one device, or MIG instances. */
export const jobDevices = z
  .union([z.number().gt(0).max(1_000_000), empiricalDeviceCounts, shareObject, migObject])
  .describe(
    'devices per job: an integer; {kind: empirical, values: [1, 2, 8], weights: [0.5, 0.3, 0.2]}; a time-sliced share of one device such as 0.5 or {share: 0.5, memory: 20 GB}; or MIG instances {mig: 1g.10gb, count: 1}',
  )
  .transform((v, ctx): DistributionSpec | SliceInput => {
    if (typeof v === 'number') return numberOfDevices(v, ctx);
    if ('kind' in v) return empiricalDevices(v, ctx);
    return slice(v);
  });

/** What one inference replica runs on instead of tensor_parallel whole devices: a share or one MIG instance. */
export const replicaSlice = z
  .union([z.number().gt(0).lt(1), shareObject, migObject])
  .describe('one replica on part of a device instead of tensor_parallel whole devices: a share such as 0.5 or {share: 0.5, memory: 20 GB}, or a MIG instance {mig: 1g.10gb}')
  .transform((v): SliceInput => (typeof v === 'number' ? { kind: 'share', fraction: v } : slice(v)));

/** Whether `devices` asks for part of a device rather than whole devices. */
export function isSlice(d: DistributionSpec | SliceInput): d is SliceInput {
  return d.kind === 'share' || d.kind === 'mig';
}
