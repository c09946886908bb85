import type { UsageLedger } from '../model/usage-ledger.js';
import type { RunInputs } from '../model/types.js';
import { addFlow, zeroMonths } from './planning-calendar.js';

/** One pipeline's missed deadlines and what they cost over the planning horizon (CostResult.deadline_penalties). */
export interface DeadlinePenaltyLine {
  /** USD per missed run, as the scenario gives it */
  readonly per_miss: number;
  /** runs triggered in the ledger's window that missed their deadline */
  readonly window_misses: number;
  readonly window_usd: number;
  /** USD over the horizon */
  readonly total: number;
}

export interface DeadlinePenalties {
  /** USD over the horizon, every pipeline */
  readonly total: number;
  readonly by_pipeline: Readonly<Record<string, DeadlinePenaltyLine>>;
}

/**
 * Penalties for missed deadlines: the ledger's misses × each pipeline's penalty, a rate per second of the window
 * held over the planning horizon like every other usage rate (paid as incurred: cost = cash). Pure.
 * @returns the penalties and their monthly flow; undefined when no pipeline gives a penalty
 */
export function deadlinePenalties(
  scenario: Pick<RunInputs, 'pipelines'> & { readonly planning: { readonly horizon: number } },
  ledger: UsageLedger,
): { readonly penalties: DeadlinePenalties; readonly monthly: number[] } | undefined {
  const misses = ledger.deadline_misses;
  const priced = (scenario.pipelines ?? []).filter((p) => p.penalty !== undefined);
  if (!misses || priced.length === 0) return undefined;
  const H = scenario.planning.horizon;
  const monthly = zeroMonths(H);
  const byPipeline: Record<string, DeadlinePenaltyLine> = {};
  let total = 0;
  for (const p of priced) {
    const perMiss = p.penalty ?? 0;
    const missed = misses[p.name] ?? 0;
    const windowUsd = missed * perMiss;
    const rate = ledger.window > 0 ? windowUsd / ledger.window : 0;
    addFlow(monthly, H, 0, H, rate);
    const line = rate * H;
    total += line;
    byPipeline[p.name] = { per_miss: perMiss, window_misses: missed, window_usd: windowUsd, total: line };
  }
  return { penalties: { total, by_pipeline: byPipeline }, monthly };
}
