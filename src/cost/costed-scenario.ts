import type { ComputeDeviceProfile, Pool, PoolSpec, RunInputs, Site, Workload } from '../model/types.js';
import type { PricePath } from './price-path.js';
import type { PlanningInputs, SiteCostInputs } from './cost-inputs.js';
import type { PricingModel } from '../model/usage-ledger.js';
import type { SitePower } from '../model/power/site-power.js';

/** A site with what it costs (src/cost/ prices the usage ledger with it). */
export interface CostedSite<P extends PoolSpec = Pool> extends Site<P> {
  readonly costs: SiteCostInputs;
  /** IANA zone the site's local dates were read in (absent: UTC) */
  readonly timeZone?: string;
  /** a power-capped site: its envelope, cooling and the deliveries that waited for power (absent without `power:`) */
  readonly power?: SitePower;
}

/**
 * One fleet configuration of a refresh plan: from `from` s (a refresh date) the sites hold these pools
 * (the refreshed ones replaced by their new generation) and the workloads run on them. The simulation runs
 * each configuration's window on its own; the cost layer projects each one's usage over its period.
 */
export interface FleetConfiguration<P extends PoolSpec = Pool> {
  readonly from: number;
  readonly sites: readonly CostedSite<P>[];
  readonly workloads: readonly Workload[];
}

/**
 * The instance build-vs-buy compares owned capacity with, as the scenario names it: priced per
 * device-second by the cost layer (`pricePlanning`).
 */
export interface RentalQuote {
  readonly instance: string;
  readonly pricing: PricingModel;
  /** USD/s per instance at `pricing` */
  readonly instancePrice: number;
  /** fraction off the instance price (the cloud site's discount, or rent_instead's) */
  readonly discount: number;
  readonly devicesPerNode: number;
  /** the device it rents, per unit of `devicesPerNode`: build-vs-buy compares it only with owned pools of its kind */
  readonly device: RentedDevice;
  /** how the rental price moves over the horizon (absent: constant) */
  readonly pricePath?: PricePath;
}

/** The device a rental rents (a GPU, an accelerator, a CPU socket). */
export interface RentedDevice {
  readonly id: string;
  readonly kind: ComputeDeviceProfile['kind'];
}

/** Planning inputs before pricing: the rental is a quote, not yet a price per device-second. */
export interface PlanningSpec extends Omit<PlanningInputs, 'rental'> {
  readonly rental?: RentalQuote;
}

/** The cost layer's part of a scenario, over the model's run inputs. */
interface CostParts<P extends PoolSpec> extends RunInputs<P> {
  /** tco: every site is costed over the planning horizon; none: a queue-only study, no cost figure at all */
  readonly costs: 'tco' | 'none';
  /** simulation time 0 as an ISO instant in UTC (absent: an unnamed midnight; no dates are shown) */
  readonly start?: string;
  readonly sites: readonly CostedSite<P>[];
  /** a refresh plan's later fleet configurations, in date order (absent without refreshes); the scenario itself is the first */
  readonly configurations?: readonly FleetConfiguration<P>[];
}

/** A scenario as loading leaves it: resolved and validated, nothing priced yet. */
export interface UnpricedScenario extends CostParts<PoolSpec> {
  readonly planning: PlanningSpec;
}

/** A scenario the run and the cost model work on: pools priced for placement, the rental per device-second. */
export interface CostedScenario extends CostParts<Pool> {
  readonly planning: PlanningInputs;
}
