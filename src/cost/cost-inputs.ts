import type { CarbonSeries } from './hourly-carbon.js';
/**
 * What the cost model is told, in canonical units (USD, s, J, B, W). The scenario layer builds these
 * from YAML (defaults filled in); the cost functions never see strings or files.
 *
 * Per-year figures are stored per second (USD/s, 1/s): a year is 365.25 days.
 */

import type { NodePower, NodeProfile } from '../model/types.js';
import type { PricePath } from './price-path.js';
import type { ResaleCurve } from './residual-value.js';

/**
 * A refresh of an on-prem pool: from `at` s the pool is `nodes` new nodes of `node`, bought and online
 * then; every node it held before is retired at `at` and sold at its resale value.
 */
export interface RefreshStep {
  readonly at: number;
  readonly node: NodeProfile;
  readonly nodes: number;
  readonly devicesPerNode: number;
  /** USD per new node: the step's capex_per_node, else the node profile's price */
  readonly capexPerNode: number;
  /** W, the new node's power (absent: none published, energy 0) */
  readonly power?: NodePower;
  /** kg CO2e to make one new node and the years it is spread over, when the pool reports embodied carbon */
  readonly embodied?: EmbodiedFigure;
}

/** Embodied carbon of one node: kg CO2e to make it, spread evenly over `life` s from when it comes online. */
export interface EmbodiedFigure {
  readonly kgPerNode: number;
  readonly life: number;
}

/** Cost assumptions of an on-prem site. */
export interface OnPremCostInputs {
  readonly kind: 'on-prem';
  /** USD per node of each pool (pool id → price); from the scenario, else the node profile's price */
  readonly capexPerNode: Readonly<Record<string, number>>;
  /** pool id → why its price is what it is (the scenario's capex_reason, else the profile's price_reason) */
  readonly capexReasons?: Readonly<Record<string, string>>;
  /** USD one-off for the fabric, storage and installation of the whole site (bought with the first tranche) */
  readonly networkCapex: number;
  readonly storageCapex: number;
  readonly installation: number;
  /** s, straight-line depreciation life of the hardware */
  readonly depreciationLife: number;
  /** capex financed by a loan: annual interest rate, repaid in equal monthly instalments over `term` s */
  readonly financing?: { readonly annualRate: number; readonly term: number };
  /** USD/J, flat electricity price */
  readonly powerPrice: number;
  /** optional time-of-day prices overriding `powerPrice` in their hours: [fromHour, toHour) → USD/J */
  readonly timeOfDayPrices?: readonly { readonly fromHour: number; readonly toHour: number; readonly price: number }[];
  /** power usage effectiveness, ≥ 1: facility energy = IT energy × PUE */
  readonly pue: number;
  /** USD per W of provisioned IT power (nodes' max power) per second: colocation/space */
  readonly colocationPerWatt: number;
  /** fraction of capex per second (e.g. 8 %/year) for maintenance and support contracts */
  readonly maintenanceRate: number;
  /** full-time equivalents running the site, and the cost of one FTE, USD/s */
  readonly staffFte: number;
  readonly staffCostPerFte: number;
  /** USD/s for the site, plus USD/s per node (software licences, e.g. NVIDIA AI Enterprise per GPU × GPUs) */
  readonly licences: number;
  readonly licencesPerNode: number;
  /** kg CO2e per J of facility energy */
  readonly carbonIntensity: number;
  /** hourly grid intensity (absent: `carbonIntensity` for every hour) */
  readonly carbonSeries?: CarbonSeries;
  /** pool id → embodied kg CO2e of one node (system + its devices) and the s it is spread over (absent: not reported) */
  readonly embodiedCarbon?: Readonly<Record<string, EmbodiedFigure>>;
  /** USD per byte sent out of the site (usually 0 on-prem; some transit contracts charge) */
  readonly egressPrice: number;
  /** second-hand value of the hardware by age (absent: no residual value is credited, retired nodes fetch nothing) */
  readonly resale?: ResaleCurve;
  /** how the electricity prices move over the horizon (absent: constant) */
  readonly powerPricePath?: PricePath;
  /** pool id → its refreshes in date order (absent: the pool keeps its nodes to the horizon) */
  readonly refresh?: Readonly<Record<string, readonly RefreshStep[]>>;
}

/** Cost assumptions of a cloud site. Instance prices come from the instance profiles' `pricing`. */
export interface CloudCostInputs {
  readonly kind: 'cloud';
  /** pool id → USD/s per instance for each pricing model the profile lists */
  readonly instancePrices: Readonly<Record<string, Readonly<Partial<Record<'on_demand' | 'reserved_1y' | 'reserved_3y' | 'spot', number>>>>>;
  /** fractional discount on every compute price (negotiated enterprise discount), 0..1 */
  readonly computeDiscount: number;
  /** bytes stored for the site's data, and USD per byte per second (from USD/GB/month) */
  readonly storageBytes: number;
  readonly storagePrice: number;
  /** USD per byte sent out of the cloud (egress) */
  readonly egressPrice: number;
  /** support plan as a fraction of the compute + storage bill */
  readonly supportRate: number;
  /** provider PUE and grid carbon intensity (kg CO2e per J), for energy and emissions estimates */
  readonly pue: number;
  readonly carbonIntensity: number;
  /** hourly grid intensity (absent: `carbonIntensity` for every hour) */
  readonly carbonSeries?: CarbonSeries;
  /** how the instance prices move over the horizon (absent: constant) */
  readonly pricePath?: PricePath;
}

export type SiteCostInputs = OnPremCostInputs | CloudCostInputs;

/** How the money is projected over time. */
export interface PlanningInputs {
  /** s, planning horizon, e.g. 5 years */
  readonly horizon: number;
  /** annual discount rate for NPV, e.g. 0.08 */
  readonly discountRate: number;
  /**
   * what renting the owned capacity instead would cost, for build-vs-buy: a cloud instance at a
   * pricing model, USD per device-second after the cloud site's discount (absent: no comparison)
   */
  readonly rental?: {
    readonly instance: string;
    readonly pricing: 'on_demand' | 'reserved_1y' | 'reserved_3y' | 'spot';
    readonly pricePerDeviceSecond: number;
    /** the device it rents: build-vs-buy compares it only with owned pools of the same kind */
    readonly device: { readonly id: string; readonly kind: 'gpu' | 'tpu' | 'asic' | 'cpu' | 'fpga' };
    readonly pricePath?: PricePath;
  };
}

/** Capacity bought over time is the model's (it decides when nodes come online); the cost layer pays for it. */
export type { Tranche } from '../model/types.js';
