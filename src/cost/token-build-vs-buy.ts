import type { UsageLedger } from '../model/usage-ledger.js';
import type { CostedScenario } from './costed-scenario.js';
import { tokenCost } from './api-spend.js';
import { computeCosts } from './compute-costs.js';
import { SECONDS_PER_MONTH } from './planning-calendar.js';

/**
 * Build or buy the tokens of one self-hosted service with an overflow API (CostAnalysis.token_build_vs_buy):
 * self-hosting costs its site's TCO per month whatever it serves; the API costs its list prices per token of the
 * service's own request mix. Self-hosting is the cheaper at and above the break-even volume, a volume the fleet
 * must also be able to carry: `carried_at_slo` is what it served within the SLO in the run.
 */
export interface TokenBuildVsBuy {
  readonly offering: string;
  /** the site whose whole TCO the self-hosted option is charged */
  readonly site: string;
  /** USD the API charges per million output tokens of this mix (its prompt tokens priced in) */
  readonly api_usd_per_million_output_tokens: number;
  /** prompt tokens per output token in the workload's requests */
  readonly input_per_output_token: number;
  /** USD per month of the self-hosted site, API spend excluded */
  readonly self_hosted_usd_per_month: number;
  /** output tokens per month above which self-hosting costs less than buying them */
  readonly break_even_output_tokens_per_month: number;
  /** output tokens per month the replicas served within the SLO in the run (a lower bound of what they can carry) */
  readonly carried_at_slo_output_tokens_per_month: number;
}

/**
 * Pure: from the (averaged) ledger, its cost, and per workload the output tokens/s its replicas served within the SLO.
 * Workloads without replicas or without an overflow offering have nothing to compare and are left out.
 */
export function tokenBuildVsBuy(scenario: CostedScenario, ledger: UsageLedger, carriedAtSlo: Readonly<Record<string, number>>): Record<string, TokenBuildVsBuy> {
  const out: Record<string, TokenBuildVsBuy> = {};
  const usage = ledger.api;
  if (!usage) return out;
  const cost = computeCosts(scenario, ledger);
  const months = scenario.planning.horizon / SECONDS_PER_MONTH;
  for (const w of scenario.workloads) {
    if (w.kind !== 'inference' || !w.overflow || w.replicas === 0) continue;
    const mix = usage[w.name];
    const site = scenario.sites.find((s) => s.pools.some((p) => p.id === w.pool));
    if (!mix || !site || !(mix.workload_output_tokens > 0)) continue;
    const price = w.overflow.offering.price;
    const perOutput = tokenCost(price, mix.workload_input_tokens, mix.workload_output_tokens) / mix.workload_output_tokens;
    const monthly = (cost.per_site[site.name]?.total ?? 0) / months;
    out[w.name] = {
      offering: w.overflow.offering.id,
      site: site.name,
      api_usd_per_million_output_tokens: perOutput * 1e6,
      input_per_output_token: mix.workload_input_tokens / mix.workload_output_tokens,
      self_hosted_usd_per_month: monthly,
      break_even_output_tokens_per_month: monthly / perOutput,
      carried_at_slo_output_tokens_per_month: (carriedAtSlo[w.name] ?? 0) * SECONDS_PER_MONTH,
    };
  }
  return out;
}
