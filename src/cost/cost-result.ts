import type { DeadlinePenalties } from './deadline-penalties.js';
import type { ApiSpend } from './api-spend.js';
/**
 * What the cost layer returns. Every type here is a tree of plain numbers, records and arrays of
 * numbers (JSON- and structured-clone-friendly, no NaN or Infinity): one `CostResult` per
 * replication, summarised leaf by leaf into mean ± 95% CI by `summariseReplications`. The shape
 * depends only on the scenario (its sites, its planning horizon), never on the usage, so every
 * replication of a scenario yields the same shape — with one exception: `unit_costs.
 * per_million_training_tokens` is absent where no training token was delivered, and left out of
 * the summary when any replication lacks it (`costsToSummarise`).
 *
 * Strings (how the figures were projected, what was assumed) are kept out of these trees:
 * see `costBasis()` in cost-basis.ts.
 *
 * Units: USD, kWh, kg CO2e, hours as named in the field. "Over the horizon" means over the planning
 * horizon `scenario.planning.horizon` (e.g. 5 years), not over the simulated window.
 */

/**
 * Cost categories, in the order reports should list them. Every category is always present in every
 * `ByCategory` record (0 when it does not apply), so shapes never depend on the sites.
 * - on-prem accounting: `hardware_depreciation` (nodes), `network`, `storage`, `installation`
 *   (straight-line depreciation of that capex within the horizon), `financing` (loan interest paid),
 *   `energy` (IT energy × PUE × electricity price), `colocation` (space and power per provisioned kW),
 *   `maintenance` (% of hardware capex per year), `staff` (FTE × cost), `software` (licences);
 * - cloud: `cloud_compute` (billed instance-seconds × price per pricing model × (1 − discount)),
 *   `cloud_storage` (bytes stored × price per GB-month), `support` (a share of compute + storage);
 * - both: `egress` (bytes sent out of a site × its egress price).
 */
export const costCategories = [
  'hardware_depreciation',
  'network',
  'storage',
  'installation',
  'financing',
  'energy',
  'colocation',
  'maintenance',
  'staff',
  'software',
  'cloud_compute',
  'cloud_storage',
  'egress',
  'support',
] as const;
export type CostCategory = (typeof costCategories)[number];

/** USD per category; all categories always present. */
export type ByCategory = Readonly<Record<CostCategory, number>>;

/** Energy drawn and its emissions over the planning horizon. */
export interface EnergyResult {
  /** kWh drawn by the IT equipment (nodes) */
  readonly it_kwh: number;
  /** kWh drawn by the facility: IT × PUE (the cloud provider's PUE for cloud sites) */
  readonly facility_kwh: number;
  /** kg CO2e: facility energy × the site's grid carbon intensity */
  readonly co2e_kg: number;
}

/**
 * Cost per unit of delivered work over the horizon: accounting `total` ÷ the work delivered in the
 * horizon (usage rates from the simulated window, projected like the costs). A unit cost is 0 when
 * no such work was delivered (then its denominator below is 0 too: read both).
 */
export interface UnitCosts {
  /** USD per delivered device-hour (busy GPU-hour, or the pool's schedulable device: CPU socket, TPU…) */
  readonly per_gpu_hour: number;
  /**
   * the goodput model only: USD per useful device-hour — busy device-hours less the badput (work lost to
   * failures, checkpoint writes, restarts, waits for a spare or a repair); 0 when none was useful
   */
  readonly per_useful_gpu_hour?: number;
  /** the goodput model only: useful device-hours over the horizon */
  readonly useful_gpu_hours?: number;
  /** USD per completed job */
  readonly per_job: number;
  /** USD per million tokens served (inference) */
  readonly per_million_tokens: number;
  /**
   * USD per million training tokens delivered (tokens of the training jobs that completed); absent
   * when none was delivered: no unit cost rather than 0 or Infinity (training-token-cost.ts)
   */
  readonly per_million_training_tokens?: number;
  /** device-hours delivered (busy) over the horizon */
  readonly gpu_hours: number;
  /** jobs completed over the horizon */
  readonly jobs: number;
  /** tokens served over the horizon */
  readonly tokens: number;
  /** training tokens delivered (by completed training jobs) over the horizon */
  readonly training_tokens: number;
}

/** One site's share of the result. */
export interface SiteCost {
  /** USD, accounting cost over the horizon = Σ by_category */
  readonly total: number;
  readonly by_category: ByCategory;
  /** USD cash paid over the horizon (capex when ordered or loan instalments, opex as incurred) */
  readonly cash: number;
  /** USD present value of the site's monthly cash flows */
  readonly npv: number;
  /** device-hours the site's pools delivered (busy) over the horizon, and USD per delivered device-hour (0 when none) */
  readonly gpu_hours: number;
  readonly per_gpu_hour: number;
  readonly energy: EnergyResult;
}

/**
 * Month by month over the horizon. Month = 1/12 year = 30.4375 d; index 0 is [0, 1 month) from
 * simulation time 0; the last month may be partial when the horizon is not a whole number of months.
 */
export interface MonthlyCosts {
  /** USD accounting cost in each month (depreciation spread, opex as incurred); Σ = total */
  readonly cost: readonly number[];
  /** USD cash out in each month (capex at its order date or loan instalments, opex as incurred); Σ = cash */
  readonly cash: readonly number[];
  /** USD running sum of `cash` */
  readonly cumulative_cash: readonly number[];
  /** USD cash of each month discounted to time 0 (end of month); Σ = npv */
  readonly discounted_cash: readonly number[];
}

/** Year by year over the horizon (year = 365.25 d; the last year may be partial). */
export interface YearlyCosts {
  readonly cost: readonly number[];
  readonly cash: readonly number[];
  readonly by_category: readonly ByCategory[];
}

/** The TCO of one scenario for one replication's usage, over the planning horizon. */
export interface CostResult {
  /** s, planning horizon the figures cover */
  readonly horizon_seconds: number;
  /** USD, accounting cost over the horizon (undiscounted) = Σ by_category = Σ per_site[*].total */
  readonly total: number;
  /** USD cash paid over the horizon (undiscounted) = Σ per_month.cash */
  readonly cash: number;
  /** USD net present value of the monthly cash flows at `planning.discountRate` (end-of-month) */
  readonly npv: number;
  readonly by_category: ByCategory;
  /** USD capex bought within the horizon but not yet depreciated at its end (not in `total`) */
  readonly book_value_at_horizon: number;
  /** USD loan principal still owed at the end of the horizon (not in `cash`) */
  readonly loan_balance_at_horizon: number;
  /** site name → its share */
  readonly per_site: Readonly<Record<string, SiteCost>>;
  readonly per_month: MonthlyCosts;
  readonly per_year: YearlyCosts;
  readonly unit_costs: UnitCosts;
  readonly energy: EnergyResult;
  /** operational and embodied CO2e apart; present only when a site gives an hourly intensity series or embodied carbon */
  readonly co2e?: CarbonFootprint;
  /**
   * tokens bought from managed APIs (src/cost/api-spend.ts), a line of its own beside by_category: in total,
   * cash, npv, per_month and unit_costs, in no category and no site; absent when no workload uses an API
   */
  readonly api_tokens?: ApiSpend;
  /**
   * penalties for pipeline runs that missed their deadline (src/cost/deadline-penalties.ts), a line of its own beside
   * by_category like api_tokens: in total, cash, npv and per_month, in no category and no site, not in per_gpu_hour;
   * absent when no pipeline gives a penalty
   */
  readonly deadline_penalties?: DeadlinePenalties;
  /**
   * second-hand value of the owned hardware (docs/cost-model.md, Refresh and residual value); present only when an
   * on-prem site gives a resale curve or a pool is refreshed
   */
  readonly residual_value?: ResidualValue;
}

/** What owned hardware fetches second-hand, USD, over the horizon and at its end. */
export interface ResidualValue {
  /** what the hardware still held at the horizon would fetch at its age on the resale curve: credited in the last month's cash (so in cash and npv), not in total (book_value_at_horizon is the accounting residue) */
  readonly market_value_at_horizon: number;
  /** what the generations retired by refreshes were sold for: cash in at each retirement, less hardware_depreciation then */
  readonly resale_at_retirement: number;
  /** book value those retirements wrote off (charged to hardware_depreciation at the retirement, less the resale) */
  readonly book_value_written_off: number;
}

/**
 * Owning an on-prem pool vs renting the same devices, for the same delivered device-hours.
 * Break-even utilisation: owned cost per delivered device-hour = (fixed + energy(u)) / u, with fixed
 * costs per online device-hour and energy linear in u; equal to the rental price at
 * u* = (fixed + energy_idle) / (rent − energy_dynamic).
 */
export interface BuildVsBuyResult {
  /** pool id (`site/pool`) of the owned pool */
  readonly pool: string;
  /** USD per device-hour the rented alternative costs (after discount) */
  readonly rental_price_per_device_hour: number;
  /** USD per online device-hour the owned pool costs whatever its use (everything but energy) */
  readonly owned_fixed_per_device_hour: number;
  /** USD per online device-hour of energy at idle, and extra per device-hour busy (× PUE × price) */
  readonly owned_energy_idle_per_device_hour: number;
  readonly owned_energy_dynamic_per_device_hour: number;
  /** busy ÷ online device-seconds measured in the simulated window */
  readonly measured_utilisation: number;
  /** USD per delivered device-hour owning costs at the measured utilisation (0 when nothing was delivered) */
  readonly owned_per_delivered_device_hour: number;
  /**
   * utilisation at which owning and renting cost the same per delivered device-hour; > 1 means owning
   * never pays even when fully used; -1 when the rental price does not even cover the owned energy
   * of a busy device (owning never breaks even)
   */
  readonly break_even_utilisation: number;
  /**
   * first month (1-based) at whose end cumulative owning cash ≤ cumulative renting cost for the same
   * delivered device-hours; 0 when that never happens within the horizon
   */
  readonly break_even_month: number;
  /** the end of the break-even month as a date (YYYY-MM-DD, UTC); present only when the scenario has a start and owning breaks even */
  readonly break_even_date?: string;
  /** USD running sums per month, for a chart */
  readonly cumulative_owning_cash: readonly number[];
  readonly cumulative_renting_cash: readonly number[];
}

/** The inputs sensitivity analysis varies (see sensitivity.ts for what each one scales). */
export const sensitivityDrivers = ['gpu_price', 'power_price', 'utilisation', 'cloud_discount', 'pue', 'staff_cost', 'data_volume'] as const;
export type SensitivityDriver = (typeof sensitivityDrivers)[number];

/** What a sensitivity table measures. */
export type SensitivityMetric = 'total' | 'npv' | 'per_gpu_hour';

/** One bar of a tornado chart. */
export interface SensitivityRow {
  readonly driver: SensitivityDriver;
  /** the driver's setting at each end, as a multiplier (1 = base) or, for cloud_discount, the discount itself */
  readonly low_setting: number;
  readonly high_setting: number;
  /** the metric with the driver at its low and high setting, everything else at base */
  readonly low_value: number;
  readonly high_value: number;
  /** |high_value − low_value| */
  readonly swing: number;
}

/** A tornado table: rows sorted by swing, largest first (ties in `sensitivityDrivers` order). */
export interface SensitivityResult {
  readonly metric: SensitivityMetric;
  /** the metric at base inputs */
  readonly base_value: number;
  readonly rows: readonly SensitivityRow[];
}

/** Emissions over the planning horizon, operational (energy) and embodied (manufacture) apart. */
export interface CarbonFootprint {
  /** t CO2e of the facility energy (= energy.co2e_kg / 1000): with an hourly series, weighted hour by hour */
  readonly operational_t: number;
  /** t CO2e of making the on-prem nodes, amortised over their life, the part inside the horizon; absent when no pool gives embodied_carbon */
  readonly embodied_t?: number;
}
