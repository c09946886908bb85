import type { Pool } from '../model/types.js';
import type { PoolUsage, PricingModel, UsageLedger } from '../model/usage-ledger.js';

/**
 * A pool's usage in the simulated window turned into rates that the projection holds constant over
 * the planning horizon. A pool absent from the ledger used nothing (its nodes, if any, were idle).
 */
export interface PoolUsageRates {
  /** busy ÷ online device-seconds in the window; 0 when nothing was online */
  readonly utilisation: number;
  /**
   * J per online node-second; when no node was online in the window, the node's idle power
   * (`pool.power.idle`, W), else 0
   */
  readonly energyPerNodeSecond: number;
  /** device-seconds busy per second of the window */
  readonly busyPerSecond: number;
  /** J per second of the window */
  readonly energyPerSecond: number;
  /** instance-seconds billed per second of the window, per pricing model */
  readonly billedPerSecond: Readonly<Record<PricingModel, number>>;
  /** J by hour of day (the profile that weights time-of-day prices) */
  readonly energyByHour: readonly number[];
}

/**
 * Rates of pool `pool` over the ledger's window.
 * @throws RangeError when the ledger window is negative or not finite (an empty window gives zero rates)
 */
export function poolUsageRates(pool: Pick<Pool, 'id' | 'power'>, ledger: UsageLedger): PoolUsageRates {
  const window = checkedWindow(ledger);
  const usage: PoolUsage | undefined = ledger.pools[pool.id];
  const busy = usage?.busy_device_seconds ?? 0;
  const onlineDevice = usage?.online_device_seconds ?? 0;
  const onlineNode = usage?.online_node_seconds ?? 0;
  const energy = usage?.energy_joules ?? 0;
  const rate = (model: PricingModel): number => (usage?.billed_instance_seconds[model] ?? 0) / window;
  // in the order of pricingModels
  const billed: Record<PricingModel, number> = { on_demand: rate('on_demand'), reserved_1y: rate('reserved_1y'), reserved_3y: rate('reserved_3y'), spot: rate('spot') };
  return {
    utilisation: onlineDevice > 0 ? Math.min(1, busy / onlineDevice) : 0,
    energyPerNodeSecond: onlineNode > 0 ? energy / onlineNode : (pool.power?.idle ?? 0),
    busyPerSecond: busy / window,
    energyPerSecond: energy / window,
    billedPerSecond: billed,
    energyByHour: usage?.energy_joules_by_hour ?? [],
  };
}

/** Bytes per second of the window that site `site` sent to other sites (transfers keyed `from->to`). */
export function egressBytesPerSecond(site: string, ledger: UsageLedger): number {
  const window = checkedWindow(ledger);
  const prefix = `${site}->`;
  let bytes = 0;
  for (const [key, b] of Object.entries(ledger.transfers)) if (key.startsWith(prefix) && key !== `${site}->${site}`) bytes += b;
  return bytes / window;
}

/**
 * The window rates are measured over. An empty window (a run stopped by a limit before its warm-up
 * ended) measured nothing: every usage rate is then 0 (Infinity makes each division 0).
 * @throws RangeError on a negative, infinite or NaN window
 */
export function checkedWindow(ledger: UsageLedger): number {
  const w = ledger.window;
  if (w === 0) return Infinity;
  if (!(w > 0) || !Number.isFinite(w)) throw new RangeError(`usage ledger window must be a non-negative number of seconds, got ${w}`);
  return w;
}
