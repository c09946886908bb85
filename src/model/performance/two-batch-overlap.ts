import { iterationTime, type IterationBatch, type ReplicaModel } from './inference.js';

/** One iteration run as two micro-batches whose all-to-alls overlap the other micro-batch's computation. */
export interface OverlappedIteration {
  /** s the compute stream is busy: each micro-batch's matrix work (its own read of the weights), attention and tensor-parallel all-reduces, plus the iteration overhead once */
  readonly computeSide: number;
  /** s the communication stream is busy: each micro-batch's dispatch and combine */
  readonly communicationSide: number;
  /** s = max(computeSide, communicationSide) */
  readonly duration: number;
  /** s the same batch takes without the overlap (`iterationTime`) */
  readonly sequential: number;
}

/**
 * Two-batch overlap (SGLang `--enable-two-batch-overlap`; DeepSeek's "dual micro-batch overlap", DeepSeek-V3/R1
 * Inference System Overview, Feb. 2025, github.com/deepseek-ai/open-infra-index): the iteration's batch is split into
 * two halves, and while one half computes (attention, experts) the other's dispatch or combine is on the wire. In the
 * steady state the longer of the two streams sets the pace:
 *   duration = max(2 · (t(B/2) − a2a(B/2) − overhead) + overhead, 2 · a2a(B/2))
 * where t is `iterationTime` and a2a the expert all-to-all of the half batch. Each half reads the weights of its
 * own experts (a memory-bound decode pays the weight reads twice: the SGLang team saw GEMMs run faster without TBO,
 * LMSYS blog, 2025-05-05, "Ablation Study: Two-batch Overlap"). Not counted: the pipeline's fill and drain (one
 * layer's share), the streaming multiprocessors the communication kernels take from the computation (DeepEP's
 * normal kernels hold some while they run), and load imbalance. A closed-form estimate: the serving simulation does
 * not run it, because its jumps over decode iterations need durations linear in the context and a max is not.
 * Without expert parallelism there is nothing to overlap and the duration is `iterationTime`'s.
 */
export function twoBatchOverlapTime(replica: ReplicaModel, batch: IterationBatch): OverlappedIteration {
  const whole = iterationTime(replica, batch);
  const ep = replica.expertParallel;
  if (!ep || whole.duration === 0) return { computeSide: whole.duration, communicationSide: 0, duration: whole.duration, sequential: whole.duration };
  const half: IterationBatch = {
    decodeSequences: batch.decodeSequences / 2,
    decodeContextTokens: batch.decodeContextTokens / 2,
    prefillTokens: (batch.prefillTokens ?? 0) / 2,
    prefillContextTokens: (batch.prefillContextTokens ?? 0) / 2,
  };
  const halfTokens = half.decodeSequences + (half.prefillTokens ?? 0);
  const allToAll = ep.allToAll.fixed + ep.allToAll.perToken * halfTokens;
  const micro = iterationTime(replica, half);
  const computeSide = 2 * (micro.duration - micro.overhead - allToAll) + micro.overhead;
  const communicationSide = 2 * allToAll;
  return { computeSide, communicationSide, duration: Math.max(computeSide, communicationSide), sequential: whole.duration };
}
