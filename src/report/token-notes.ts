import { isRecord } from '../support/is-record.js';
import { formatNumber } from './format-units.js';
import { valueAt, type ResultDocument } from './result-document.js';

/**
 * Sentences of the token build-vs-buy answers a result carries (cost_analysis.token_build_vs_buy, docs/serving.md
 * "Buying tokens"): the figures as the result states them, formatted, never recomputed. A result file is input:
 * an entry missing a figure is left out.
 */
export function tokenBuildVsBuyNotes(entries: readonly { readonly label: string; readonly result: ResultDocument }[]): string[] {
  const notes: string[] = [];
  for (const { label, result } of entries) {
    const answers = valueAt(result, ['cost_analysis', 'token_build_vs_buy']);
    if (!isRecord(answers)) continue;
    for (const [service, a] of Object.entries(answers)) {
      if (!isRecord(a)) continue;
      const { offering, site } = a;
      const price = a.api_usd_per_million_output_tokens;
      const monthly = a.self_hosted_usd_per_month;
      const breakEven = a.break_even_output_tokens_per_month;
      const carried = a.carried_at_slo_output_tokens_per_month;
      if (typeof offering !== 'string' || typeof site !== 'string' || typeof price !== 'number' || typeof monthly !== 'number' || typeof breakEven !== 'number' || typeof carried !== 'number')
        continue;
      const millions = (x: number) => `${formatNumber(x / 1e6)} M`;
      notes.push(
        `${label}, ${service} tokens, build vs buy: buying them from ${offering} costs ${formatNumber(price)} USD per million output tokens of this request mix; ` +
          `self-hosting on ${site} costs ${formatNumber(monthly)} USD per month, so it is the cheaper above ${millions(breakEven)} output tokens per month; ` +
          `its replicas carried ${millions(carried)} per month within the SLO in the run (${carried >= breakEven ? 'above' : 'below'} the break-even).`,
      );
    }
  }
  return notes;
}

/** The managed-API spend each result carries beside its cost categories (cost.api_tokens), for the breakdown chart's notes. */
export function apiSpendNotes(entries: readonly { readonly label: string; readonly result: ResultDocument }[]): string[] {
  const notes: string[] = [];
  for (const { label, result } of entries) {
    const total = valueAt(result, ['summary', 'cost', 'api_tokens', 'total', 'mean']);
    if (typeof total === 'number') notes.push(`${label}: managed-API tokens, ${formatNumber(total)} USD at list prices (mean over replications), are in its TCO but in none of these categories.`);
  }
  return notes;
}
