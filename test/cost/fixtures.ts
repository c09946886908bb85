/**
 * Hand-built scenarios for the cost tests: literal Scenario/Site/Pool objects (no YAML loader) and
 * usage ledgers whose every number is chosen, so each cost can be checked by hand.
 */
import type { CloudCostInputs, OnPremCostInputs, Tranche } from '../../src/cost/cost-inputs.js';
import { SECONDS_PER_MONTH, SECONDS_PER_YEAR } from '../../src/cost/planning-calendar.js';
import type { ComputeDeviceProfile, NodeProfile, Pool } from '../../src/model/types.js';
import type { CostedSite as Site } from '../../src/cost/costed-scenario.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import type { PoolUsage, PricingModel, UsageLedger } from '../../src/model/usage-ledger.js';

export const HOUR = 3600;
export const DAY = 86_400;
export const MONTH = SECONDS_PER_MONTH;
export const YEAR = SECONDS_PER_YEAR;
/** USD/J for a price in USD/kWh */
export const perKwh = (usd: number): number => usd / 3.6e6;
/** USD/s for a price in USD/h */
export const perHour = (usd: number): number => usd / HOUR;
/** USD/s (or 1/s) for an amount per year */
export const perYear = (x: number): number => x / YEAR;
/** USD/B/s for a price in USD per GB-month */
export const perGbMonth = (usd: number): number => usd / 1e9 / MONTH;
/** USD/B for a price in USD/GB */
export const perGb = (usd: number): number => usd / 1e9;

export const h100: ComputeDeviceProfile = {
  id: 'h100-sxm-80gb',
  name: 'H100 SXM 80GB',
  vendor: 'NVIDIA',
  kind: 'gpu',
  sources: {},
  peak: { bf16: 989e12 },
};

export function nodeProfile(overrides: Partial<NodeProfile> = {}): NodeProfile {
  return {
    id: 'test-node',
    name: 'test node',
    vendor: 'test',
    kind: 'node',
    sources: {},
    accelerators: { profile: h100, count: 8 },
    storage: [],
    network: [],
    ...overrides,
  };
}

export function onPremPool(options: {
  readonly site?: string;
  readonly name?: string;
  readonly nodes: number;
  readonly devicesPerNode?: number;
  readonly tranches?: readonly Tranche[];
  readonly power?: { readonly idle: number; readonly max: number };
  readonly nodePrice?: number;
}): Pool {
  const site = options.site ?? 'dc';
  const name = options.name ?? 'gpu';
  const dpn = options.devicesPerNode ?? 8;
  return {
    id: `${site}/${name}`,
    site,
    name,
    node: nodeProfile(options.nodePrice === undefined ? {} : { price: options.nodePrice }),
    nodeCount: options.nodes,
    device: h100,
    devicesPerNode: dpn,
    deviceCount: options.nodes * dpn,
    tranches: options.tranches ?? [{ nodes: options.nodes, orderedAt: 0, onlineAt: 0 }],
    ...(options.power ? { power: options.power } : {}),
    placementPrice: 0,
  };
}

export function cloudPool(options: {
  readonly site?: string;
  readonly name?: string;
  readonly max: number;
  readonly devicesPerNode?: number;
  readonly pricing?: Partial<Record<PricingModel, number>>;
  readonly power?: { readonly idle: number; readonly max: number };
}): Pool {
  const site = options.site ?? 'cloud';
  const name = options.name ?? 'p5';
  const dpn = options.devicesPerNode ?? 8;
  return {
    id: `${site}/${name}`,
    site,
    name,
    node: nodeProfile({ kind: 'cloud-instance', id: 'cloud-8xh100', ...(options.pricing ? { pricing: options.pricing } : {}) }),
    nodeCount: options.max,
    device: h100,
    devicesPerNode: dpn,
    deviceCount: options.max * dpn,
    tranches: [],
    cloud: {
      pricing: 'on_demand',
      burstPricing: 'on_demand',
      committed: 0,
      max: options.max,
      provisioningDelay: 0,
      billing: { increment: 1, minimum: 60 },
    },
    ...(options.power ? { power: options.power } : {}),
    placementPrice: 0,
  };
}

/** On-prem cost inputs with every cost 0 (PUE 1, 3-year life) unless overridden. */
export function onPremCosts(overrides: Partial<OnPremCostInputs> = {}): OnPremCostInputs {
  return {
    kind: 'on-prem',
    capexPerNode: {},
    networkCapex: 0,
    storageCapex: 0,
    installation: 0,
    depreciationLife: 3 * YEAR,
    powerPrice: 0,
    pue: 1,
    colocationPerWatt: 0,
    maintenanceRate: 0,
    staffFte: 0,
    staffCostPerFte: 0,
    licences: 0,
    licencesPerNode: 0,
    carbonIntensity: 0,
    egressPrice: 0,
    ...overrides,
  };
}

/** Cloud cost inputs with every cost 0 (PUE 1) unless overridden. */
export function cloudCosts(overrides: Partial<CloudCostInputs> = {}): CloudCostInputs {
  return {
    kind: 'cloud',
    instancePrices: {},
    computeDiscount: 0,
    storageBytes: 0,
    storagePrice: 0,
    egressPrice: 0,
    supportRate: 0,
    pue: 1,
    carbonIntensity: 0,
    ...overrides,
  };
}

export function site(name: string, costs: OnPremCostInputs | CloudCostInputs, pools: readonly Pool[]): Site {
  return { name, kind: costs.kind, pools, costs };
}

export function scenario(sites: readonly Site[], planning: { horizon: number; discountRate?: number }): Scenario {
  return {
    name: 'cost-test',
    seed: 1,
    horizon: 30 * DAY,
    warmup: 0,
    replications: 1,
    scheduler: { kind: 'fcfs', estimateFactor: 1 },
    costs: 'tco',
    reference: { device: h100, precision: 'bf16' },
    sites,
    workloads: [],
    policy: { kind: 'home' },
    links: [],
    planning: { horizon: planning.horizon, discountRate: planning.discountRate ?? 0 },
  };
}

/** Usage of a pool with every figure 0 unless overridden; energy by hour spread evenly over the day. */
export function poolUsage(overrides: Partial<PoolUsage> & Pick<PoolUsage, 'site' | 'site_kind'>): PoolUsage {
  const energy = overrides.energy_joules ?? 0;
  return {
    busy_device_seconds: 0,
    online_device_seconds: 0,
    online_node_seconds: 0,
    billed_instance_seconds: {},
    instance_starts: 0,
    energy_joules: energy,
    energy_joules_by_hour: new Array<number>(24).fill(energy / 24),
    ...overrides,
  };
}

export function ledger(window: number, pools: Record<string, PoolUsage>, transfers: Record<string, number> = {}): UsageLedger {
  return { window, pools, transfers };
}
