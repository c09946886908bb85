import type { CostResult, UnitCosts } from './cost-result.js';

/**
 * USD of TCO per million training tokens delivered over the horizon: `total` ÷ (`trainingTokens` ÷ 10⁶).
 * Training tokens are those of the training jobs that completed (a job's tokens count once, when it
 * completes, however often it was interrupted), projected over the horizon like the costs.
 *
 * Undefined when no training token was delivered: a scenario without training, or a window in which
 * no training job completed, has no cost per training token — not a free one (0) and not an infinite
 * one. Like every unit cost here, the numerator is the whole TCO: in a scenario that also serves
 * inference, this and `per_million_tokens` each carry all of it and do not add up.
 * @throws RangeError on a negative or non-finite input (money and tokens are never negative)
 */
export function costPerMillionTrainingTokens(total: number, trainingTokens: number): number | undefined {
  if (!Number.isFinite(total) || total < 0) throw new RangeError(`TCO must be a finite amount ≥ 0 USD, got ${total}`);
  if (!Number.isFinite(trainingTokens) || trainingTokens < 0) throw new RangeError(`training tokens must be finite and ≥ 0, got ${trainingTokens}`);
  // Below one token nothing was trained: a float residue must not make a huge unit cost.
  return trainingTokens < 1 ? undefined : total / (trainingTokens / 1e6);
}

/**
 * The replications' costs as their summary takes them: a unit cost that some replication lacks (no
 * training token delivered there) is left out of every replication, since the mean of a set with an
 * undefined member is undefined, and summaries need the same shape in each replication. The
 * replications' own results keep theirs.
 */
export function costsToSummarise(costs: readonly CostResult[]): CostResult[] {
  if (costs.every((c) => c.unit_costs.per_million_training_tokens !== undefined)) return [...costs];
  return costs.map((c) => ({ ...c, unit_costs: withoutTrainingTokenCost(c.unit_costs) }));
}

function withoutTrainingTokenCost(unit: UnitCosts): UnitCosts {
  const { per_million_training_tokens: _left, ...rest } = unit;
  return rest;
}
