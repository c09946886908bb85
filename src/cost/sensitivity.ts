import type { Pool } from '../model/types.js';
import type { CostedScenario, CostedSite } from './costed-scenario.js';
import type { PoolUsage, PricingModel, UsageLedger } from '../model/usage-ledger.js';
import { isPricingModel } from './is-pricing-model.js';
import { computeCosts, type CostPhase, type DeliveredWork } from './compute-costs.js';
import type { CostResult, SensitivityDriver, SensitivityMetric, SensitivityResult, SensitivityRow } from './cost-result.js';
import { sensitivityDrivers } from './cost-result.js';

export interface SensitivityOptions {
  /** relative change of each driver at the low and high ends (default 0.2: −20 % / +20 %) */
  readonly variation?: number;
  /** what the table measures (default `total`) */
  readonly metric?: SensitivityMetric;
  /** drivers to vary, default all of `sensitivityDrivers` */
  readonly drivers?: readonly SensitivityDriver[];
  /** a refresh plan's later configurations (their usage is not varied by the utilisation driver) */
  readonly phases?: readonly CostPhase[];
}

/**
 * One-at-a-time sensitivity of the TCO: each driver set to its low and high value with every other
 * input at base, the metric recomputed, rows sorted by swing (largest first; ties in
 * `sensitivityDrivers` order) — ready for a tornado chart. With variation v:
 * - `gpu_price`: on-prem capex per node × (1 ± v), refreshed generations' included;
 * - `power_price`: electricity prices (flat and time-of-day) × (1 ± v);
 * - `utilisation`: delivered work × (1 ± v): busy device-seconds (on-prem: capped at online), the busy part of
 *   energy (energy above idle power), elastic cloud instance-seconds (on-demand, spot; reserved
 *   capacity is paid anyway), jobs and tokens;
 * - `cloud_discount`: every cloud site's compute discount ± v in absolute terms, clamped to [0, 1]
 *   (settings are the shift, −v and +v);
 * - `pue`: on-prem PUE × (1 ± v), never below 1;
 * - `staff_cost`: cost per FTE × (1 ± v);
 * - `data_volume` (only with streams): every stream's rate × (1 ± v), so the lakes it fills and its broker disks.
 * Settings of the multiplicative drivers are the multipliers (1 − v, 1 + v).
 * Run it on one ledger — e.g. `averageLedgers` of the replications — not per replication: row order
 * depends on the values.
 */
export function sensitivity(scenario: CostedScenario, ledger: UsageLedger, delivered: DeliveredWork, options: SensitivityOptions = {}): SensitivityResult {
  const v = options.variation ?? 0.2;
  if (!(v > 0 && v < 1)) throw new RangeError(`sensitivity variation must be in (0, 1), got ${v}`);
  const metric = options.metric ?? 'total';
  // data volume moves nothing without streams: left out, so such results keep their rows
  const drivers = sensitivityDrivers.filter((d) => (options.drivers ?? sensitivityDrivers).includes(d) && (d !== 'data_volume' || (scenario.streams?.length ?? 0) > 0));
  const measure = (r: CostResult): number => (metric === 'total' ? r.total : metric === 'npv' ? r.npv : r.unit_costs.per_gpu_hour);

  const rows: SensitivityRow[] = drivers.map((driver) => {
    const [lowSetting, highSetting] = driver === 'cloud_discount' ? [-v, v] : [1 - v, 1 + v];
    const low = measure(computeCosts(...varied(scenario, ledger, delivered, driver, lowSetting), options.phases));
    const high = measure(computeCosts(...varied(scenario, ledger, delivered, driver, highSetting), options.phases));
    return { driver, low_setting: lowSetting, high_setting: highSetting, low_value: low, high_value: high, swing: Math.abs(high - low) };
  });
  const order = (d: SensitivityDriver): number => sensitivityDrivers.indexOf(d);
  rows.sort((a, b) => b.swing - a.swing || order(a.driver) - order(b.driver));
  return { metric, base_value: measure(computeCosts(scenario, ledger, delivered, options.phases)), rows };
}

/** The scenario, ledger and delivered work with one driver at `setting`. */
function varied(scenario: CostedScenario, ledger: UsageLedger, delivered: DeliveredWork, driver: SensitivityDriver, setting: number): [CostedScenario, UsageLedger, DeliveredWork] {
  const withSites = (f: (site: CostedSite) => CostedSite): CostedScenario => ({ ...scenario, sites: scenario.sites.map(f) });
  switch (driver) {
    case 'gpu_price':
      return [
        withSites((s) => {
          if (s.costs.kind !== 'on-prem') return s;
          const prices = s.costs.capexPerNode;
          // a pool without a price stays without one (computeCosts reports it)
          const scaled = s.pools.flatMap((p) => {
            const price = prices[p.id] ?? p.node.price;
            return price === undefined ? [] : [[p.id, price * setting] as const];
          });
          // refreshed generations' prices move with the first generation's
          const refresh =
            s.costs.refresh && Object.fromEntries(Object.entries(s.costs.refresh).map(([pool, steps]) => [pool, steps.map((st) => ({ ...st, capexPerNode: st.capexPerNode * setting }))]));
          return { ...s, costs: { ...s.costs, capexPerNode: Object.fromEntries(scaled), ...(refresh && { refresh }) } };
        }),
        ledger,
        delivered,
      ];
    case 'power_price':
      return [
        withSites((s) => {
          if (s.costs.kind !== 'on-prem') return s;
          const { timeOfDayPrices, ...rest } = s.costs;
          const scaled = { ...rest, powerPrice: rest.powerPrice * setting };
          return { ...s, costs: timeOfDayPrices ? { ...scaled, timeOfDayPrices: timeOfDayPrices.map((r) => ({ ...r, price: r.price * setting })) } : scaled };
        }),
        ledger,
        delivered,
      ];
    case 'pue':
      return [withSites((s) => (s.costs.kind === 'on-prem' ? { ...s, costs: { ...s.costs, pue: Math.max(1, s.costs.pue * setting) } } : s)), ledger, delivered];
    case 'staff_cost':
      return [withSites((s) => (s.costs.kind === 'on-prem' ? { ...s, costs: { ...s.costs, staffCostPerFte: s.costs.staffCostPerFte * setting } } : s)), ledger, delivered];
    case 'cloud_discount':
      return [withSites((s) => (s.costs.kind === 'cloud' ? { ...s, costs: { ...s.costs, computeDiscount: Math.min(1, Math.max(0, s.costs.computeDiscount + setting)) } } : s)), ledger, delivered];
    case 'data_volume':
      return [{ ...scenario, ...(scenario.streams && { streams: scenario.streams.map((s) => ({ ...s, rate: s.rate * setting })) }) }, ledger, delivered];
    case 'utilisation':
      return [
        scenario,
        scaleUtilisation(scenario, ledger, setting),
        { jobsCompleted: delivered.jobsCompleted * setting, tokensServed: delivered.tokensServed * setting, trainingTokens: delivered.trainingTokens * setting },
      ];
  }
}

const elastic: readonly PricingModel[] = ['on_demand', 'spot'];

/** The ledger with every pool's delivered work × f (see `sensitivity` for what scales). */
export function scaleUtilisation(scenario: CostedScenario, ledger: UsageLedger, f: number): UsageLedger {
  const pools: Record<string, PoolUsage> = { ...ledger.pools };
  const byId = new Map<string, Pool>(scenario.sites.flatMap((s) => s.pools.map((p) => [p.id, p] as const)));
  for (const [id, usage] of Object.entries(ledger.pools)) {
    const pool = byId.get(id);
    // an owned pool cannot be busier than its devices online; a cloud pool scales out instead
    const cap = usage.site_kind === 'on-prem' && usage.online_device_seconds > 0 ? usage.online_device_seconds : Infinity;
    const busy = Math.min(cap, usage.busy_device_seconds * f);
    const ratio = usage.busy_device_seconds > 0 ? busy / usage.busy_device_seconds : 1;
    const idle = Math.min(usage.energy_joules, (pool?.power?.idle ?? 0) * usage.online_node_seconds);
    const energy = idle + (usage.energy_joules - idle) * ratio;
    const energyRatio = usage.energy_joules > 0 ? energy / usage.energy_joules : 1;
    const billed: Partial<Record<PricingModel, number>> = {};
    for (const [model, seconds] of Object.entries(usage.billed_instance_seconds)) {
      if (!isPricingModel(model) || seconds === undefined) continue;
      billed[model] = elastic.includes(model) ? seconds * f : seconds;
    }
    pools[id] = {
      ...usage,
      busy_device_seconds: busy,
      energy_joules: energy,
      energy_joules_by_hour: usage.energy_joules_by_hour.map((j) => j * energyRatio),
      billed_instance_seconds: billed,
    };
  }
  return { ...ledger, pools };
}
