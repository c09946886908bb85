import type { CloudCostInputs, PlanningInputs } from './cost-inputs.js';
import { siteCarbonIntensity } from './hourly-carbon.js';
import type { CostCategory } from './cost-result.js';
import type { Pool } from '../model/types.js';
import type { CostedSite } from './costed-scenario.js';
import type { PricingModel, UsageLedger } from '../model/usage-ledger.js';
import { pricingModels } from '../model/usage-ledger.js';
import { zeroMonths } from './planning-calendar.js';
import { checkedWindow, egressBytesPerSecond, poolUsageRates } from './pool-usage-rates.js';
import { addOpex, flatMonths, LineBook, siteEnergy, type PoolProjection, type SiteProjection } from './site-projection.js';
import { spannedFlow, usageSpans, type UsagePhase } from './fleet-phases.js';
import { applyPricePath } from './price-path.js';
import type { SiteDataStorage } from './lake-projection.js';

/**
 * Projects a cloud site over the planning horizon [0, planning.horizon): every rate measured in the
 * window (instance-seconds billed per pricing model, device-seconds busy and online, energy, bytes
 * sent out) is held constant. Cloud costs are all opex, so cash = cost:
 * - compute: Σ over pricing models of billed instance-seconds × USD/s × (1 − computeDiscount);
 * - storage: bytes stored × USD/B/s, all horizon long, plus the site's lakes and stream brokers (`data`);
 * - support: supportRate × (compute + storage), month by month;
 * - egress: bytes sent to other sites × USD/B.
 * Energy (an estimate: the provider bills it inside the price) is the ledger's IT energy × the
 * provider's PUE; emissions × the grid's carbon intensity.
 * @throws Error when instance-seconds were billed under a pricing model with no price
 */
export function projectCloudSite(site: CostedSite, costs: CloudCostInputs, ledger: UsageLedger, planning: PlanningInputs, phases?: readonly UsagePhase[], data?: SiteDataStorage): SiteProjection {
  const H = planning.horizon;
  const spans = usageSpans(ledger, phases, H);
  // one configuration: today's arithmetic exactly; several: each configuration's rate over its own span
  const spanned = (rateOf: (l: UsageLedger) => number): number[] => (spans.length === 1 ? flatMonths(H, rateOf(ledger)) : spannedFlow(H, spans, rateOf));
  if (!(costs.computeDiscount >= 0 && costs.computeDiscount <= 1)) throw new RangeError(`site ${site.name}: compute discount must be in [0, 1], got ${costs.computeDiscount}`);
  const book = new LineBook(site.name, H);
  const itJoules = zeroMonths(H);
  const pools: PoolProjection[] = [];
  const computeTotal = zeroMonths(H);
  const flat = (rate: number): number[] => flatMonths(H, rate);
  const opex = (pool: string | null, category: CostCategory, months: readonly number[]): void => addOpex(book, pool, category, months);

  for (const pool of site.pools) {
    const computeRate = (l: UsageLedger): number => {
      const rates = poolUsageRates(pool, l);
      let rate = 0;
      for (const model of pricingModels) {
        const billed = rates.billedPerSecond[model];
        if (billed === 0) continue;
        rate += billed * instancePrice(site, costs, pool, model) * (1 - costs.computeDiscount);
      }
      return rate;
    };
    const atToday = spanned(computeRate);
    const compute = costs.pricePath ? applyPricePath(atToday, costs.pricePath, H) : atToday;
    opex(pool.id, 'cloud_compute', compute);
    compute.forEach((v, m) => (computeTotal[m] = (computeTotal[m] ?? 0) + v));
    const energy = spanned((l) => poolUsageRates(pool, l).energyPerSecond);
    energy.forEach((j, m) => (itJoules[m] = (itJoules[m] ?? 0) + j));
    pools.push({
      id: pool.id,
      site: site.name,
      devicesPerNode: pool.devicesPerNode,
      onlineDeviceSeconds: spanned((l) => (l.pools[pool.id]?.online_device_seconds ?? 0) / checkedWindow(l)),
      busyDeviceSeconds: spanned((l) => poolUsageRates(pool, l).busyPerSecond),
      itJoules: energy,
    });
  }
  // the flat storage input, plus the site's lakes' tiers and stream brokers (loading refuses both on one site's data)
  const storage = flat(costs.storageBytes * costs.storagePrice);
  data?.opex.forEach((v, m) => (storage[m] = (storage[m] ?? 0) + v));
  opex(null, 'cloud_storage', storage);
  opex(
    null,
    'support',
    storage.map((s, m) => costs.supportRate * (s + (computeTotal[m] ?? 0))),
  );
  opex(
    null,
    'egress',
    spanned((l) => egressBytesPerSecond(site.name, l) * costs.egressPrice),
  );

  return {
    site: site.name,
    kind: 'cloud',
    lines: book.lines,
    pools,
    ...siteEnergy(
      itJoules,
      costs.pue,
      siteCarbonIntensity(
        costs,
        site.pools.map((p) => p.id),
        ledger,
      ),
    ),
    bookValueAtHorizon: 0,
    loanBalanceAtHorizon: 0,
  };
}

/**
 * USD/s per instance of a cloud pool under a pricing model, before discount: the site's
 * `instancePrices[pool.id]`, else the instance profile's `pricing`.
 * @throws Error when neither has a price for that model
 */
export function instancePrice(site: CostedSite, costs: CloudCostInputs, pool: Pool, model: PricingModel): number {
  const price = costs.instancePrices[pool.id]?.[model] ?? pool.node.pricing?.[model];
  if (price === undefined)
    throw new Error(`site ${site.name}: pool ${pool.id} has no ${model} price (instance profile ${pool.node.id} lists ${Object.keys(pool.node.pricing ?? {}).join(', ') || 'none'})`);
  return price;
}
