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

/** Requests waiting in the replicas' queues, not yet admitted to a batch. */
export function queuedOn(replicas: readonly Replica[]): number {
  let n = 0;
  for (const r of replicas) n += r.waiting.length - r.waitingHead;
  return n;
}

/** Requests admitted to the replicas' batches: decoding, or being prefilled. */
export function runningOn(replicas: readonly Replica[]): number {
  let n = 0;
  for (const r of replicas) n += r.active.length + r.partial;
  return n;
}

/** The ready replica with the least work (the highest index on ties) that is neither draining nor retired. */
export function leastBusyReady(replicas: readonly Replica[]): Replica | undefined {
  let best: Replica | undefined;
  for (const r of replicas) {
    if (!r.ready || r.draining || r.retired) continue;
    if (!best || loadOf(r) <= loadOf(best)) best = r;
  }
  return best;
}

/**
 * Empties the queues of the ready replicas other than `except` into `backlog` (requests not admitted anywhere yet),
 * sorted by arrival, stably: simultaneous arrivals keep their order. @returns the replicas it emptied
 */
export function gatherBacklog(replicas: readonly Replica[], except: Replica, backlog: Request[]): Replica[] {
  const emptied: Replica[] = [];
  for (const other of replicas) {
    if (other === except || !other.ready || other.draining || other.retired) continue;
    // a loop, not push(...spread): an offline batch can queue millions of requests
    for (let k = other.waitingHead; k < other.waiting.length; k++) {
      const req = other.waiting[k];
      if (req) backlog.push(req);
    }
    other.waiting.length = 0;
    other.waitingHead = 0;
    emptied.push(other);
  }
  backlog.sort((a, b) => a.arrival - b.arrival);
  return emptied;
}
