import type { Pool, PoolSpec, RunInputs, Site } from '../model/types.js';
import type { PlanningInputs, SiteCostInputs } from './cost-inputs.js';
import type { PricingModel } from '../model/usage-ledger.js';

/** A site with what it costs (src/cost/ prices the usage ledger with it). */
export interface CostedSite<P extends PoolSpec = Pool> extends Site<P> {
  readonly costs: SiteCostInputs;
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
}

/** Planning inputs before pricing: the rental is a quote, not yet a price per device-second. */
export interface PlanningSpec extends Omit<PlanningInputs, 'rental'> {
  readonly rental?: RentalQuote;
}

/** The cost layer's part of a scenario, over the model's run inputs. */
interface CostParts<P extends PoolSpec> extends RunInputs<P> {
  /** tco: every site is costed over the planning horizon; none: a queue-only study, no cost figure at all */
  readonly costs: 'tco' | 'none';
  readonly sites: readonly CostedSite<P>[];
}

/** A scenario as loading leaves it: resolved and validated, nothing priced yet. */
export interface UnpricedScenario extends CostParts<PoolSpec> {
  readonly planning: PlanningSpec;
}

/** A scenario the run and the cost model work on: pools priced for placement, the rental per device-second. */
export interface CostedScenario extends CostParts<Pool> {
  readonly planning: PlanningInputs;
}
