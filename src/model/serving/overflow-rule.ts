import type { OverflowRule } from './api-offering.js';

/**
 * Whether a request arriving now goes to the overflow API: when more than `queuePerReplica` requests per live
 * replica already wait for a batch slot (queued, not yet admitted), i.e. when it would join a queue longer than
 * the one the user accepts, as an API gateway's spill-over rule reads. With no live replica it always overflows.
 */
export function overflows(rule: OverflowRule, queued: number, liveReplicas: number): boolean {
  return liveReplicas === 0 || queued > rule.queuePerReplica * liveReplicas;
}
