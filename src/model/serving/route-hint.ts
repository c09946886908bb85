import type { DecodeStepModel } from './decode-steps.js';
import { loadOf, type Replica } from './replica-state.js';

/** What a front end routing between services sees of one of them (src/model/serving/front-end.ts). */
export interface RouteHint {
  readonly load: number;
  readonly waiting: number;
  /** s, one decode iteration of the replica's batch now */
  readonly iteration: number;
  /** s, the iteration that would prefill the request beside that batch */
  readonly prefillIteration: number;
  /** iterations until the replica's next completion (as of its last event; 0 with nothing running) */
  readonly toCompletion: number;
  /** sequences in its batch (decoding or being prefilled) */
  readonly running: number;
  readonly kvFree: number;
}

/**
 * The hint of replica `r` for a request of `input` prompt tokens: its load and requests not yet admitted, the
 * duration of one decode iteration of its batch now and of the iteration that would prefill this prompt beside it,
 * the iterations until its next completion frees a slot, and the KV cache tokens it has not reserved.
 */
export function routeHintOf(r: Replica, steps: DecodeStepModel, kvTokens: number, input: number): RouteHint {
  const next = r.active.peekValue();
  const decoding = r.active.length;
  return {
    load: loadOf(r),
    waiting: r.waiting.length - r.waitingHead,
    iteration: steps.duration(Math.max(1, decoding), r.contextSum, 0),
    prefillIteration: steps.duration(decoding, r.contextSum, Math.max(1, Math.round(input))),
    toCompletion: next === undefined ? 0 : Math.max(0, next - r.iterations),
    running: decoding + r.partial,
    kvFree: kvTokens - r.kvReserved,
  };
}
