import type { ReplicaModel } from './inference.js';
import { decodeGrowth, iterationDuration } from './iteration-duration.js';

/**
 * Speculative decoding (Leviathan, Kalman & Matias, "Fast Inference from Transformers via Speculative
 * Decoding", ICML 2023, arXiv:2211.17192; Chen et al., "Accelerating Large Language Model Decoding with
 * Speculative Sampling", arXiv:2302.01318). Each decode step a cheap proposer — a small draft model, or the
 * model's own multi-token-prediction module (DeepSeek-V3 MTP) or an EAGLE head — guesses `draftTokens` (k)
 * tokens one after the other; the target then verifies the k guesses and the token after them in one
 * forward pass and keeps the longest accepted prefix plus one token of its own. With each guess accepted
 * independently with probability α (the papers' acceptance rate), a step yields on average
 *   E = (1 − α^(k+1)) / (1 − α)   tokens per sequence (k + 1 when α = 1),
 * Leviathan et al. eq. (1).
 */
export interface SpeculativeStep {
  /** k, tokens the proposer guesses per step (vLLM num_speculative_tokens, TensorRT-LLM max_draft_len) */
  readonly draftTokens: number;
  /** α, the chance each guessed token is accepted */
  readonly acceptance: number;
  /** E, the expected tokens per sequence per step (`expectedTokensPerStep`) */
  readonly tokensPerStep: number;
  /**
   * the proposer on the replica's own devices, split by the same tensor parallelism (vLLM's default
   * draft_tensor_parallel_size): its weights, its KV cache per token, its FLOPs. An MTP module or EAGLE head is
   * a proposer of one layer whose figures are its own (it shares the target's embedding and output head).
   */
  readonly draft: ReplicaModel;
}

/** E = (1 − α^(k+1)) / (1 − α), the expected tokens a step yields per sequence (Leviathan et al. 2023, eq. 1). */
export function expectedTokensPerStep(acceptance: number, draftTokens: number): number {
  if (!(acceptance >= 0 && acceptance <= 1)) throw new RangeError(`acceptance must be in [0, 1], got ${acceptance}`);
  if (!Number.isInteger(draftTokens) || draftTokens < 1) throw new RangeError(`draft tokens must be an integer ≥ 1, got ${draftTokens}`);
  if (acceptance === 1) return draftTokens + 1;
  return (1 - Math.pow(acceptance, draftTokens + 1)) / (1 - acceptance);
}

/** The step model of a replica that speculates `k` tokens with acceptance α through `draft`. */
export function speculativeStep(draft: ReplicaModel, draftTokens: number, acceptance: number): SpeculativeStep {
  return { draftTokens, acceptance, tokensPerStep: expectedTokensPerStep(acceptance, draftTokens), draft };
}

/**
 * Decode steps a request needs after its first token to produce `outputTokens` in all: ⌈(n − 1) / E⌉
 * (n − 1 without speculation, E = 1). Every request is given the expected rate: the bursts of one request's
 * accepted tokens are averaged, not drawn.
 */
export function decodeSteps(outputTokens: number, tokensPerStep: number): number {
  if (tokensPerStep === 1) return outputTokens - 1;
  return Math.ceil((outputTokens - 1) / tokensPerStep);
}

/**
 * Decode steps one request takes after its first token when each step's accepted guesses are drawn, so that
 * its tokens come in bursts as they do in an engine: a step yields 1 + min(k, G) tokens, G the guesses accepted
 * before the first rejection, P(G ≥ j) = α^j (each accepted independently, as Leviathan et al. assume), drawn by
 * inversion G = ⌊ln U / ln α⌋. Steps go on until the request's n − 1 tokens are out; on average about
 * (n − 1) / E of them. `uniformOpen` gives numbers in (0, 1).
 */
export function drawDecodeSteps(outputTokens: number, step: SpeculativeStep, uniformOpen: () => number): number {
  const k = step.draftTokens;
  const alpha = step.acceptance;
  let left = outputTokens - 1;
  if (alpha === 0) return Math.max(0, left);
  if (alpha === 1) return Math.max(0, Math.ceil(left / (k + 1)));
  const logAlpha = Math.log(alpha);
  let steps = 0;
  while (left > 0) {
    left -= 1 + Math.min(k, Math.floor(Math.log(uniformOpen()) / logAlpha));
    steps++;
  }
  return steps;
}

/**
 * s, one speculative iteration of a replica: `decodeSequences` sequences each take a step (the draft's k
 * passes, then the target's verification of k + 1 tokens) while `prefillTokens` of prompts are prefilled.
 * - The target reads its weights once for the step but does the matrix work of k + 1 tokens per sequence
 *   (2·N·(k + 1) FLOP), reads each sequence's KV cache once (the k + 1 queries attend together, as a
 *   prefill chunk does) and writes k + 1 tokens' KV: `iterationDuration` with S·(k + 1) decode tokens.
 * - The draft runs k passes of one token per sequence: pass j reads its weights and the draft's KV cache of
 *   context + j tokens per sequence. Its first pass also prefills the new prompts into the draft's cache.
 * Linear in `decodeContextTokens` like `iterationDuration`, so stretches of steps still sum in closed form.
 */
export function speculativeIterationDuration(
  target: ReplicaModel,
  step: SpeculativeStep,
  decodeSequences: number,
  decodeContextTokens: number,
  prefillTokens: number,
  prefillContextTokens = 0,
): number {
  const k = step.draftTokens;
  let duration = iterationDuration(target, decodeSequences * (k + 1), decodeContextTokens, prefillTokens, prefillContextTokens);
  duration += iterationDuration(step.draft, decodeSequences, decodeContextTokens, prefillTokens, prefillContextTokens);
  for (let j = 1; j < k; j++) duration += iterationDuration(step.draft, decodeSequences, decodeContextTokens + j * decodeSequences, 0);
  return duration;
}

/**
 * s by which each speculative step of `decodeSequences` sequences outlasts the one before: their contexts grow
 * by E tokens each, read once by the target and k times by the draft.
 */
export function speculativeGrowth(target: ReplicaModel, step: SpeculativeStep, decodeSequences: number): number {
  return step.tokensPerStep * (decodeGrowth(target, decodeSequences) + step.draftTokens * decodeGrowth(step.draft, decodeSequences));
}

/**
 * Tokens of context the replica's KV memory holds with the draft beside the target: each device keeps its
 * share of the target's weights, the draft's weights and the activation reserve, and every token of context
 * costs its share of both KV caches (the draft caches the same tokens). Infinity on a device without a
 * published capacity; 0 when the two models do not fit.
 */
export function speculativeKvTokens(target: ReplicaModel, draft: ReplicaModel): number {
  if (!Number.isFinite(target.memoryCapacity)) return Infinity;
  const free = target.memoryCapacity - (target.weightBytes + draft.weightBytes + target.activationReserve) / target.tensorParallel;
  if (!(free > 0)) return 0;
  return Math.floor(free / (target.kvBytesPerToken / target.kvShards + draft.kvBytesPerToken / draft.kvShards));
}

/** Whether the draft's weights fit beside the target's and the reserve, and the bytes per replica both need and have. */
export function draftFit(target: ReplicaModel, draft: ReplicaModel): { readonly fits: boolean; readonly neededBytes: number; readonly usableBytes: number } {
  const usableBytes = target.tensorParallel * target.memoryCapacity - target.activationReserve;
  const neededBytes = target.weightBytes + draft.weightBytes;
  return { fits: neededBytes <= usableBytes, neededBytes, usableBytes };
}
