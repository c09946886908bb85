import type { Jump, Replica } from './replica-state.js';

/** What the prefill of one iteration amounts to (`planChunks`). */
export interface ChunkPlan {
  /** prompt tokens prefilled in the iteration */
  readonly prefill: number;
  /** tokens already cached before those chunks (their attention reads them) */
  readonly prefillContext: number;
  /** Σ (prompt + first token) of the requests whose prefill ends with the iteration: the context they bring */
  readonly completingContext: number;
  /** whether a prompt is left partly prefilled after it */
  readonly unfinished: boolean;
}

/**
 * The prompt chunks of the iteration a replica starts: the admitted prompts first come first served, each
 * taking what is left of it, within the `budget` of tokens the decodes leave (Sarathi, Agrawal et al. 2023;
 * vLLM's chunked prefill). Unlimited, every prompt is prefilled whole. Requests whose prefill ends with this
 * iteration join the decoding queue, keyed by the iteration of their last token.
 */
export function planChunks(r: Replica, budget: number): ChunkPlan {
  let left = budget;
  let prefill = 0;
  let prefillContext = 0;
  let completingContext = 0;
  let unfinished = false;
  for (const req of r.admitted) {
    const chunk = Math.min(req.input - req.prefilled, Math.max(0, left));
    req.chunk = chunk;
    left -= chunk;
    prefill += chunk;
    if (chunk > 0) prefillContext += req.prefilled;
    if (req.prefilled + chunk < req.input) {
      unfinished = true;
      continue;
    }
    // its first token comes with this iteration, its last `steps` iterations after that (output − 1 without speculation)
    r.active.push(req, r.iterations + 1 + req.steps);
    r.partial--;
    completingContext += req.input + 1;
  }
  return { prefill, prefillContext, completingContext, unfinished };
}

/** s, when the k-th iteration of a stretch ends. */
export function stretchEnd(jump: Jump, k: number): number {
  if (!jump.prefilling) return jump.run.endOf(k);
  return k === 1 ? jump.prefillEnd : jump.run.endOf(k - 1);
}

/** How many of the stretch's iterations have ended by `t`. */
export function stretchEndedBy(jump: Jump, t: number): number {
  if (!jump.prefilling) return jump.run.endedBy(t, jump.iterations);
  return jump.prefillEnd > t ? 0 : 1 + jump.run.endedBy(t, jump.iterations - 1);
}
