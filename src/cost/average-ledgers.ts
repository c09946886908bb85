import type { ApiUsage } from '../model/usage-ledger.js';
import type { PoolUsage, PricingModel, UsageLedger } from '../model/usage-ledger.js';
import { isPricingModel } from './is-pricing-model.js';

/**
 * One ledger with the mean usage rates of several replications: every quantity becomes
 * mean(quantity / window) × mean window, so replications stopped early (shorter windows) weigh by
 * rate, not by total. Costs are linear in the ledger, so the TCO of the mean ledger is the mean TCO
 * (unit costs, ratios, are not); use it for build-vs-buy and sensitivity, which want one answer.
 * A pool or transfer missing from a replication counts as zero there.
 * @throws RangeError on an empty list or a negative window (empty windows are left out)
 */
export function averageLedgers(ledgers: readonly UsageLedger[]): UsageLedger {
  if (ledgers.length === 0) throw new RangeError('no ledgers to average');
  for (const l of ledgers) if (!(l.window >= 0)) throw new RangeError(`usage ledger window must be non-negative, got ${l.window}`);
  // Replications that measured nothing (stopped before the warm-up ended) carry no rates.
  const measured = ledgers.filter((l) => l.window > 0);
  if (measured.length === 0) return { window: 0, pools: {}, transfers: {} };
  if (measured.length < ledgers.length) return averageLedgers(measured);
  const n = ledgers.length;
  const window = ledgers.reduce((s, l) => s + l.window, 0) / n;
  const mean = (get: (l: UsageLedger) => number): number => (ledgers.reduce((s, l) => s + get(l) / l.window, 0) / n) * window;

  const poolIds = [...new Set(ledgers.flatMap((l) => Object.keys(l.pools)))].sort();
  const pools: Record<string, PoolUsage> = {};
  for (const id of poolIds) {
    const first = ledgers.map((l) => l.pools[id]).find((p) => p !== undefined);
    if (!first) continue;
    const models = [...new Set(ledgers.flatMap((l) => Object.keys(l.pools[id]?.billed_instance_seconds ?? {})))].sort().filter(isPricingModel);
    const billed: Partial<Record<PricingModel, number>> = {};
    for (const m of models) billed[m] = mean((l) => l.pools[id]?.billed_instance_seconds[m] ?? 0);
    const hours = Math.max(...ledgers.map((l) => l.pools[id]?.energy_joules_by_hour.length ?? 0));
    pools[id] = {
      site: first.site,
      site_kind: first.site_kind,
      busy_device_seconds: mean((l) => l.pools[id]?.busy_device_seconds ?? 0),
      online_device_seconds: mean((l) => l.pools[id]?.online_device_seconds ?? 0),
      online_node_seconds: mean((l) => l.pools[id]?.online_node_seconds ?? 0),
      billed_instance_seconds: billed,
      instance_starts: mean((l) => l.pools[id]?.instance_starts ?? 0),
      energy_joules: mean((l) => l.pools[id]?.energy_joules ?? 0),
      energy_joules_by_hour: Array.from({ length: hours }, (_, h) => mean((l) => l.pools[id]?.energy_joules_by_hour[h] ?? 0)),
    };
  }
  const transferKeys = [...new Set(ledgers.flatMap((l) => Object.keys(l.transfers)))].sort();
  const transfers: Record<string, number> = {};
  for (const k of transferKeys) transfers[k] = mean((l) => l.transfers[k] ?? 0);
  const api = averageApiUsage(ledgers, mean);
  const missNames = [...new Set(ledgers.flatMap((l) => Object.keys(l.deadline_misses ?? {})))].sort();
  const deadline_misses = missNames.length > 0 ? Object.fromEntries(missNames.map((name) => [name, mean((l) => l.deadline_misses?.[name] ?? 0)])) : undefined;
  return { window, pools, transfers, ...(api && { api }), ...(deadline_misses && { deadline_misses }) };
}

/** The managed-API usage of several replications, each count a mean rate × the mean window; undefined when none used an API. */
function averageApiUsage(ledgers: readonly UsageLedger[], mean: (get: (l: UsageLedger) => number) => number): Record<string, ApiUsage> | undefined {
  const names = [...new Set(ledgers.flatMap((l) => Object.keys(l.api ?? {})))].sort();
  if (names.length === 0) return undefined;
  const out: Record<string, ApiUsage> = {};
  for (const name of names) {
    const first = ledgers.map((l) => l.api?.[name]).find((u) => u !== undefined);
    if (!first) continue;
    const of = (field: Exclude<keyof ApiUsage, 'offering'>) => mean((l) => l.api?.[name]?.[field] ?? 0);
    out[name] = {
      offering: first.offering,
      requests: of('requests'),
      input_tokens: of('input_tokens'),
      output_tokens: of('output_tokens'),
      workload_requests: of('workload_requests'),
      workload_input_tokens: of('workload_input_tokens'),
      workload_output_tokens: of('workload_output_tokens'),
    };
  }
  return out;
}
