import type { InferenceWorkload } from '../model/types.js';
import { tensorDegrees } from './plan-search.js';

/**
 * The layouts of a service: every tensor-parallel degree inside a node with its experts split by it (no `ep`), and
 * for a mixture-of-experts model every expert-parallel size that is a multiple of the degree (EP = TP × attention
 * data-parallel ranks, doubling), within one node or whole nodes, up to the devices the pool holds, over which its
 * routed (and redundant) experts divide evenly.
 */
export function serviceLayouts(w: InferenceWorkload, devicesPerNode: number, limit: number): { tp: number; ep?: number }[] {
  const out: { tp: number; ep?: number }[] = [];
  const experts = w.model.moe?.experts;
  const physical = (experts?.routed ?? 0) + (w.expertParallel?.redundantExperts ?? 0);
  for (const tp of tensorDegrees(devicesPerNode)) {
    out.push({ tp });
    if (!experts) continue;
    for (let ep = tp; ep <= limit; ep *= 2) {
      if (ep > devicesPerNode && ep % devicesPerNode !== 0) continue;
      if (physical % ep === 0) out.push({ tp, ep });
    }
  }
  return out;
}

/** The workload's expert parallelism at size `ep`: its redundant experts and MoE layers kept, else the card's layers. */
export function expertSpec(w: InferenceWorkload, ep: number, moeLayers: number | undefined): NonNullable<InferenceWorkload['expertParallel']> {
  const redundant = w.expertParallel?.redundantExperts;
  const layers = w.expertParallel?.moeLayers ?? moeLayers;
  return { size: ep, ...(redundant !== undefined && { redundantExperts: redundant }), ...(layers !== undefined && { moeLayers: layers }) };
}
