/** What a mixture-of-experts model reads of its weights (the inference model, `inference.ts`). */

/** The experts of a mixture-of-experts model as the inference model takes them. */
export interface MoeSpec {
  readonly activeParams: number;
  readonly experts: { readonly routed: number; readonly active: number };
}

/**
 * The routed experts' bytes and the chance one token picks a given expert (active ÷ routed); 0 and 0 for a
 * dense model. From params − active = routed experts × (1 − pick): the routed experts a token leaves unused.
 * @throws RangeError on active parameters outside (0, params] or active experts outside [1, routed]
 */
export function routedExperts(moe: MoeSpec | undefined, params: number, bytesPerParam: number): { readonly routedExpertBytes: number; readonly expertPick: number } {
  if (!moe) return { routedExpertBytes: 0, expertPick: 0 };
  const { activeParams, experts } = moe;
  if (!(activeParams > 0 && activeParams <= params && Number.isInteger(experts.active) && experts.active >= 1 && experts.active <= experts.routed)) {
    throw new RangeError(`moe: active parameters must be in (0, ${params}] and active experts in [1, routed], got ${activeParams} and ${experts.active} of ${experts.routed}`);
  }
  const expertPick = experts.active / experts.routed;
  return { routedExpertBytes: expertPick < 1 ? ((params - activeParams) / (1 - expertPick)) * bytesPerParam : 0, expertPick };
}

/**
 * Bytes of weights an iteration of `tokens` tokens reads: all of a dense model's; of a mixture-of-experts
 * model, the part every token uses and each routed expert that some token of the iteration picked, on average
 * 1 − (1 − pick)^tokens of them (tokens route independently): weights − routed × (1 − pick)^tokens.
 */
export function weightReadBytes(replica: { readonly weightBytes: number; readonly routedExpertBytes: number; readonly expertPick: number }, tokens: number): number {
  if (replica.routedExpertBytes === 0) return replica.weightBytes;
  return replica.weightBytes - replica.routedExpertBytes * Math.pow(1 - replica.expertPick, tokens);
}
