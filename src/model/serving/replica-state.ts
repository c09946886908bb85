import FlatQueue from 'flatqueue';
import { DecodeRun } from './decode-run.js';
import type { PrefixRef } from './prefix-cache.js';

/** The state of the requests and replicas of an inference service (src/model/inference-service.ts). */
export interface Request {
  readonly arrival: number;
  readonly input: number;
  readonly output: number;
  /** decode steps after its first token: output − 1, fewer with speculative decoding (`decodeSteps`) */
  readonly steps: number;
  /** s, when its prefill iteration ended */
  firstToken: number;
  /** prompt tokens prefilled so far (chunked prefill: a long prompt takes several iterations) */
  prefilled: number;
  /** prompt tokens the iteration under way prefills */
  chunk: number;
  /** the system prompt and conversation its prompt starts with, when prefix caching may reuse them */
  readonly prefix: PrefixRef | undefined;
  /** s, the user's round trip to the replica's site, added once to its time to first token and end-to-end (0: none) */
  readonly rtt: number;
  /** index of the user region it came from in the service's figures, −1 when the service has no regions */
  readonly region: number;
}

/** A jump over pure-decode iterations: `iterations` of them from `run.start`, one event at their end (`handle`). */
export interface Jump {
  /** whether a jump is under way */
  on: boolean;
  /** its first iteration prefills the replica's `admitted` prompts: it ends at `prefillEnd`, and `run` starts there */
  prefilling: boolean;
  prefillEnd: number;
  /** sequences decoding beside the prefill in that first iteration */
  prefillDecoding: number;
  readonly run: DecodeRun;
  iterations: number;
  sequences: number;
  handle: number;
}

export interface Replica {
  readonly index: number;
  ready: boolean;
  /** being taken away by autoscaling: no new requests; retired once its work is done */
  draining: boolean;
  retired: boolean;
  busy: boolean;
  readonly waiting: Request[];
  waitingHead: number;
  /** requests being prefilled or decoding, by the replica iteration (count of iterations ended) at which their last token comes */
  readonly active: FlatQueue<Request>;
  /** KV tokens reserved by admitted requests */
  kvReserved: number;
  /** Σ context over active requests */
  contextSum: number;
  /**
   * admitted requests whose prompt is not wholly prefilled yet, first come first served; those whose prefill
   * ends with the iteration under way are in `active` already
   */
  readonly admitted: Request[];
  /** of those, the ones not in `active` (their prefill goes on after this iteration) */
  partial: number;
  /** iterations ended so far */
  iterations: number;
  /** the pure-decode jump under way (`on`), kept and reused */
  readonly jump: Jump;
}

export function loadOf(r: Replica): number {
  return r.waiting.length - r.waitingHead + r.active.length + r.partial;
}

export function newReplica(index: number): Replica {
  return {
    index,
    ready: false,
    draining: false,
    retired: false,
    busy: false,
    waiting: [],
    waitingHead: 0,
    active: new FlatQueue<Request>(),
    kvReserved: 0,
    contextSum: 0,
    admitted: [],
    partial: 0,
    iterations: 0,
    jump: { on: false, prefilling: false, prefillEnd: 0, prefillDecoding: 0, run: new DecodeRun(), iterations: 0, sequences: 0, handle: -1 },
  };
}
