import type { ApiOffering } from '../model/serving/api-offering.js';
import type { UsageLedger } from '../model/usage-ledger.js';
import type { RunInputs } from '../model/types.js';
import { addFlow, zeroMonths } from './planning-calendar.js';

/** USD of one workload's managed-API tokens over the planning horizon (CostResult.api_tokens). */
export interface ApiSpendLine {
  readonly offering: string;
  /** USD over the horizon */
  readonly total: number;
  /** in the ledger's window: requests, tokens and their USD at list price */
  readonly window_requests: number;
  readonly window_input_tokens: number;
  readonly window_output_tokens: number;
  readonly window_usd: number;
}

export interface ApiSpend {
  /** USD over the horizon, every workload */
  readonly total: number;
  readonly by_workload: Readonly<Record<string, ApiSpendLine>>;
}

/** USD of `input` prompt and `output` generated tokens at an offering's list prices (USD per million tokens). */
export function tokenCost(price: ApiOffering['price'], input: number, output: number): number {
  return (input * price.input + output * price.output) / 1e6;
}

/**
 * Managed-API spend: the ledger's tokens × each offering's list prices, a rate per second of the window held over
 * the planning horizon like every other usage rate. Every prompt token is priced uncached: the run does not model
 * prompt-cache hits (a cached-input price, where the offering has one, is not used). Pure.
 * @returns the spend and its monthly flow; undefined when no workload sent a request to an API
 */
export function apiSpend(scenario: RunInputs & { readonly planning: { readonly horizon: number } }, ledger: UsageLedger): { readonly spend: ApiSpend; readonly monthly: number[] } | undefined {
  const usage = ledger.api;
  if (!usage) return undefined;
  const H = scenario.planning.horizon;
  const monthly = zeroMonths(H);
  const byWorkload: Record<string, ApiSpendLine> = {};
  let total = 0;
  for (const w of scenario.workloads) {
    const used = usage[w.name];
    if (!used || w.kind !== 'inference') continue;
    const offering = w.api ?? w.overflow?.offering;
    if (!offering) throw new Error(`workload ${w.name} used managed API ${used.offering} but names no offering`);
    const windowUsd = tokenCost(offering.price, used.input_tokens, used.output_tokens);
    const rate = ledger.window > 0 ? windowUsd / ledger.window : 0;
    addFlow(monthly, H, 0, H, rate);
    const line = rate * H;
    total += line;
    byWorkload[w.name] = {
      offering: offering.id,
      total: line,
      window_requests: used.requests,
      window_input_tokens: used.input_tokens,
      window_output_tokens: used.output_tokens,
      window_usd: windowUsd,
    };
  }
  return { spend: { total, by_workload: byWorkload }, monthly };
}
