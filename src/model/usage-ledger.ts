/**
 * The usage ledger: what one replication consumed, measured over its statistics window
 * [warm-up, horizon] (or [warm-up, stop] when a limit stopped it). The cost layer (src/cost/) prices
 * it; the model never computes money. Plain numbers and records only (JSON- and structured-clone-
 * friendly), canonical units (s, J, B).
 */

/** Hours of the day: bucket h covers [h:00, h+1:00) with t = 0 at midnight (as diurnal arrivals). */
export const HOURS_PER_DAY = 24;

export interface PoolUsage {
  readonly site: string;
  readonly site_kind: 'on-prem' | 'cloud';
  /** device-seconds the pool's devices ran jobs (shares of a device count as their fraction) */
  readonly busy_device_seconds: number;
  /** device-seconds the pool's devices were online: delivered and installed (on-prem) or provisioned (cloud) */
  readonly online_device_seconds: number;
  /** node- (instance-) seconds online */
  readonly online_node_seconds: number;
  /**
   * cloud pools: instance-seconds billed, per pricing model, after the provider's billing rules
   * (increment and minimum charge per instance start, from the instance profile's `billing`);
   * committed capacity (reserved) is billed for the whole window whether used or not
   */
  readonly billed_instance_seconds: Readonly<Partial<Record<PricingModel, number>>>;
  /** cloud pools: instances started (scale-ups) within the window */
  readonly instance_starts: number;
  /**
   * IT energy of the pool's nodes, J: each online node draws its idle power plus (max − idle) × the
   * busy fraction of its devices (linear in utilisation); 0 when the node profile has no power figure
   */
  readonly energy_joules: number;
  /** the same energy split by hour of day (24 buckets), for time-of-day electricity prices */
  readonly energy_joules_by_hour: readonly number[];
}

export type PricingModel = 'on_demand' | 'reserved_1y' | 'reserved_3y' | 'spot';
export const pricingModels: readonly PricingModel[] = ['on_demand', 'reserved_1y', 'reserved_3y', 'spot'];

export interface UsageLedger {
  /** s, length of the statistics window the figures cover */
  readonly window: number;
  readonly pools: Readonly<Record<string, PoolUsage>>;
  /** bytes moved between sites (data gravity), keyed `from->to` by site name; absent pairs moved nothing */
  readonly transfers: Readonly<Record<string, number>>;
  /** requests and tokens sent to managed APIs, by workload name; absent when no workload uses one */
  readonly api?: Readonly<Record<string, ApiUsage>>;
  /** per pipeline with a penalty: runs triggered in the window that missed their deadline (src/cost/deadline-penalties.ts prices them); absent when none has one */
  readonly deadline_misses?: Readonly<Record<string, number>>;
}

/** Key of a transfer between two sites in `UsageLedger.transfers`. */
export function transferKey(from: string, to: string): string {
  return `${from}->${to}`;
}

/** The usage ledger's record of one workload's API use (src/cost/api-spend.ts prices it). */
export interface ApiUsage {
  readonly offering: string;
  readonly requests: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  /** every request of the workload in the window, wherever it was served: the request mix build-vs-buy prices */
  readonly workload_requests: number;
  readonly workload_input_tokens: number;
  readonly workload_output_tokens: number;
}

/** Bytes moved between sites by two movers (staging, federated clients), per `from->to`, keys sorted (the ledger's order does not depend on who moved first). */
export function mergeTransfers(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) merged[key] = (a[key] ?? 0) + (b[key] ?? 0);
  return merged;
}
