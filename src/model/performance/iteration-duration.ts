import type { ReplicaModel } from './inference.js';
import { deviceWeightReadBytes, iterationCommunication } from './expert-parallel.js';

/**
 * `iterationTime(...).duration` from plain counts, without building the estimate: the serving model asks for
 * one per batch iteration. The same operations in the same order, so
 * the same number (test/model/decode-jumps.test.ts checks it). Inputs are not checked: the caller's counts are.
 */
export function iterationDuration(replica: ReplicaModel, decodeSequences: number, decodeContextTokens: number, prefillTokens: number, prefillContextTokens = 0): number {
  const tokens = decodeSequences + prefillTokens;
  if (tokens === 0) return 0;
  const computeTime = (replica.flopsPerToken * tokens) / replica.computeRate;
  const kvReadBytes = (decodeContextTokens + prefillContextTokens) * replica.kvBytesPerToken;
  const kvWriteBytes = tokens * replica.kvBytesPerToken;
  const bandwidth = replica.memoryBandwidth * replica.memoryEfficiency;
  const weightTime = deviceWeightReadBytes(replica, tokens) / bandwidth;
  const attentionTime = (kvReadBytes + kvWriteBytes) / replica.kvShards / bandwidth;
  const communicationTime = iterationCommunication(replica, tokens);
  return Math.max(computeTime, weightTime) + attentionTime + communicationTime + replica.iterationOverhead;
}

/**
 * s by which each pure-decode iteration of `decodeSequences` sequences outlasts the one before: their contexts
 * grow by one token each, and `iterationTime` reads (and writes) that much more KV cache. The serving model's
 * jumps (`DecodeRun`) sum iterations with it; it is the difference of two `iterationTime` calls one iteration apart.
 */
export function decodeGrowth(replica: ReplicaModel, decodeSequences: number): number {
  return (decodeSequences * replica.kvBytesPerToken) / replica.kvShards / (replica.memoryBandwidth * replica.memoryEfficiency);
}
