import type { CostedScenario } from './costed-scenario.js';
import type { UsageLedger } from '../model/usage-ledger.js';
import type { BuildVsBuyResult } from './cost-result.js';
import { energyWeightedPrice } from './electricity-price.js';
import { cumulative, SECONDS_PER_MONTH, sum, zeroMonths } from './planning-calendar.js';
import { applyPricePath } from './price-path.js';
import type { UsagePhase } from './fleet-phases.js';
import { formatDay } from '../support/calendar.js';
import { poolUsageRates } from './pool-usage-rates.js';
import { projectScenario } from './project-scenario.js';
import type { SiteProjection } from './site-projection.js';

export interface BuildVsBuyOptions {
  /** id (`site/pool`) of the owned on-prem pool */
  readonly pool: string;
  /** USD per device-second of the rented alternative, after discount (see `rentalPricePerDeviceSecond`) */
  readonly rentalPricePerDeviceSecond: number;
  /**
   * what renting pays for, month by month: `delivered` — only the device-seconds the owned pool was
   * busy (elastic on-demand renting of the same work; default); `online` — every device-second the
   * owned pool is installed (reserving the same fleet)
   */
  readonly rentFor?: 'delivered' | 'online';
}

/**
 * Owning an on-prem pool vs renting the same devices for the same delivered device-hours.
 *
 * Owned cost per online device-second: fixed F (everything over the horizon but energy: the pool's
 * own lines plus a share of its site's site-wide lines in proportion to its online device-seconds,
 * ÷ the pool's online device-seconds) + energy, linear in the utilisation u:
 * e_idle + e_dyn·u, with e_idle = idle W ÷ devices per node × PUE × price and e_dyn = (max − idle) W
 * ÷ devices per node × PUE × price (price weighted by the window's hour-of-day energy profile).
 * Per delivered device-second that is (F + e_idle)/u + e_dyn; equal to the rental price R at
 * u* = (F + e_idle) / (R − e_dyn) (−1 when R ≤ e_dyn: owning never breaks even).
 *
 * Break-even month: first month at whose end cumulative owning cash (the same lines, cash view) ≤
 * cumulative renting (R × the device-seconds `rentFor` counts), with renting already > 0.
 * @throws Error when the pool is not an on-prem pool of the scenario
 */
export function buildVsBuy(scenario: CostedScenario & { readonly name: string }, ledger: UsageLedger, options: BuildVsBuyOptions, phases?: readonly UsagePhase[]): BuildVsBuyResult {
  return buildVsBuyFromProjection(scenario, ledger, projectScenario(scenario, ledger, phases), options);
}

export function buildVsBuyFromProjection(scenario: CostedScenario & { readonly name: string }, ledger: UsageLedger, sites: readonly SiteProjection[], options: BuildVsBuyOptions): BuildVsBuyResult {
  const R = options.rentalPricePerDeviceSecond;
  if (!(R >= 0) || !Number.isFinite(R)) throw new RangeError(`rental price must be a finite number ≥ 0 USD per device-second, got ${R}`);
  const site = scenario.sites.find((s) => s.pools.some((p) => p.id === options.pool));
  const pool = site?.pools.find((p) => p.id === options.pool);
  if (!site || !pool) throw new Error(`no pool ${options.pool} in scenario ${scenario.name}`);
  if (site.costs.kind !== 'on-prem') throw new Error(`pool ${options.pool} is not on-prem: build-vs-buy compares an owned pool with renting`);
  const projection = sites.find((s) => s.site === site.name);
  const poolProjection = projection?.pools.find((p) => p.id === pool.id);
  if (!projection || !poolProjection) throw new Error(`pool ${options.pool} is missing from the projection`);
  const H = scenario.planning.horizon;

  const siteOnline = sum(projection.pools.map((p) => sum(p.onlineDeviceSeconds)));
  const poolOnline = sum(poolProjection.onlineDeviceSeconds);
  const share = siteOnline > 0 ? poolOnline / siteOnline : 0;
  const owningCash = zeroMonths(H);
  let fixed = 0;
  for (const line of projection.lines) {
    const weight = line.pool === pool.id ? 1 : line.pool === null ? share : 0;
    if (weight === 0) continue;
    line.cash.forEach((v, m) => (owningCash[m] = (owningCash[m] ?? 0) + weight * v));
    if (line.category !== 'energy') fixed += weight * sum(line.cost);
  }

  const rates = poolUsageRates(pool, ledger);
  const price = energyWeightedPrice(site.costs, rates.energyByHour) * site.costs.pue;
  const idleW = pool.power?.idle ?? 0;
  const maxW = pool.power?.max ?? idleW;
  const eIdle = (idleW / pool.devicesPerNode) * price;
  const eDyn = ((maxW - idleW) / pool.devicesPerNode) * price;
  const F = poolOnline > 0 ? fixed / poolOnline : 0;
  const u = rates.utilisation;

  const rented = options.rentFor === 'online' ? poolProjection.onlineDeviceSeconds : poolProjection.busyDeviceSeconds;
  const cumOwn = cumulative(owningCash);
  const rentAtToday = rented.map((s) => s * R);
  const rentPath = scenario.planning.rental?.pricePath;
  const cumRent = cumulative(rentPath ? applyPricePath(rentAtToday, rentPath, H) : rentAtToday);
  const month = cumRent.findIndex((rent, m) => rent > 0 && (cumOwn[m] ?? 0) <= rent);
  const start = scenario.start === undefined ? undefined : Date.parse(scenario.start);

  return {
    pool: pool.id,
    rental_price_per_device_hour: R * 3600,
    owned_fixed_per_device_hour: F * 3600,
    owned_energy_idle_per_device_hour: eIdle * 3600,
    owned_energy_dynamic_per_device_hour: eDyn * 3600,
    measured_utilisation: u,
    owned_per_delivered_device_hour: u > 0 ? ((F + eIdle) / u + eDyn) * 3600 : 0,
    break_even_utilisation: R > eDyn ? (F + eIdle) / (R - eDyn) : -1,
    break_even_month: month + 1,
    // the end of the break-even month as a date, when the scenario has a start (UTC)
    ...(start !== undefined && month >= 0 && { break_even_date: formatDay(start + Math.min(H, (month + 1) * SECONDS_PER_MONTH) * 1000) }),
    cumulative_owning_cash: cumOwn,
    cumulative_renting_cash: cumRent,
  };
}
