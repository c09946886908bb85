import type { OnPremCostInputs, PlanningInputs, Tranche } from './cost-inputs.js';
import { siteCarbonIntensity } from './hourly-carbon.js';
import type { CostCategory } from './cost-result.js';
import type { Pool } from '../model/types.js';
import type { CostedSite } from './costed-scenario.js';
import type { UsageLedger } from '../model/usage-ledger.js';
import { energyWeightedPrice } from './electricity-price.js';
import { poolFabricBill } from './fabric-capex.js';
import { balanceAt, loanSchedule } from './loan-schedule.js';
import { addAt, addAtMonthEnd, addFlow, zeroMonths } from './planning-calendar.js';
import { egressBytesPerSecond, poolUsageRates } from './pool-usage-rates.js';
import { addOpex, flatMonths, LineBook, siteEnergy, type PoolProjection, type SiteProjection } from './site-projection.js';
import { generationsOf, spannedFlow, usageSpans, type UsagePhase } from './fleet-phases.js';
import { applyPricePath } from './price-path.js';
import { bookFraction, resaleFraction } from './residual-value.js';
import type { SiteDataStorage } from './lake-projection.js';

/**
 * Projects an on-prem site over the planning horizon [0, planning.horizon):
 * - capex: each pool tranche costs nodes × capexPerNode, paid in cash at `orderedAt` (or, with
 *   `financing`, by equal monthly instalments at the end of each month after it, counted up to and
 *   including the horizon; the interest part is the `financing` category), depreciated straight-line over `depreciationLife` from `onlineAt`
 *   (truncated at the horizon). The site's network, storage and installation capex is bought with
 *   the first tranche (earliest orderedAt, depreciated from the earliest onlineAt);
 * - fleet: a tranche's nodes are online from its `onlineAt` to the end of the horizon;
 * - energy: J per online node-second measured in the window × online node-seconds, × PUE × the
 *   electricity price weighted by the window's hour-of-day energy profile;
 * - delivered work: utilisation measured in the window × online device-seconds;
 * - colocation: USD/W/s × the node's maximum power × online nodes; maintenance: rate × hardware
 *   capex (nodes, network, storage — not installation) from when it is online; staff and site
 *   licences over the whole horizon; per-node licences × online nodes; egress: bytes the site sent
 *   per second of the window × price;
 * - data storage (`data`, the site's lakes and stream brokers): each capacity order is storage capex like the
 *   site's own, and the tiers' and brokers' charges are storage opex.
 * @throws Error when a pool has neither a capexPerNode entry nor a node profile price
 */
export function projectOnPremSite(site: CostedSite, costs: OnPremCostInputs, ledger: UsageLedger, planning: PlanningInputs, phases?: readonly UsagePhase[], data?: SiteDataStorage): SiteProjection {
  const H = planning.horizon;
  const book = new LineBook(site.name, H);
  const spans = usageSpans(ledger, phases, H);
  const residual = { bookValue: 0, marketValue: 0, resale: 0, writtenOff: 0 };
  let loanBalance = 0;
  if (!(costs.depreciationLife > 0)) throw new RangeError(`site ${site.name}: depreciation life must be a positive number of seconds, got ${costs.depreciationLife}`);

  /** Capex bought at orderedAt, online at onlineAt, held until retireAt (sold then at its resale value) or past the horizon. */
  const buyCapex = (pool: string | null, category: CostCategory, amount: number, orderedAt: number, onlineAt: number, maintained: boolean, retireAt = Infinity): void => {
    if (!(amount >= 0)) throw new RangeError(`site ${site.name}: ${category} capex must be ≥ 0, got ${amount}`);
    if (amount === 0 || orderedAt >= H) return;
    const line = book.line(pool, category);
    const heldUntil = Math.min(retireAt, onlineAt + costs.depreciationLife);
    addFlow(line.cost, H, onlineAt, heldUntil, amount / costs.depreciationLife);
    if (retireAt < H) {
      // sold at retirement: what is left of its book value is written off, less what the sale fetches
      const age = retireAt - onlineAt;
      const sale = costs.resale && category === 'hardware_depreciation' ? amount * resaleFraction(costs.resale, age) : 0;
      const left = amount * bookFraction(costs.depreciationLife, age);
      addAt(line.cost, H, retireAt, left - sale);
      addAt(line.cash, H, retireAt, -sale);
      residual.resale += sale;
      residual.writtenOff += left;
    } else {
      residual.bookValue += amount * Math.max(0, 1 - Math.max(0, H - onlineAt) / costs.depreciationLife);
      if (costs.resale && category === 'hardware_depreciation') {
        // what the fleet held at the horizon would fetch: credited in the last month's cash, so in the NPV
        const value = amount * resaleFraction(costs.resale, Math.max(0, H - onlineAt));
        addAtMonthEnd(line.cash, H, H, -value);
        residual.marketValue += value;
      }
    }
    if (costs.financing) {
      const schedule = loanSchedule(orderedAt, amount, costs.financing.annualRate, costs.financing.term);
      const financing = book.line(pool, 'financing');
      for (const inst of schedule) {
        addAtMonthEnd(line.cash, H, inst.at, inst.principal);
        addAtMonthEnd(financing.cost, H, inst.at, inst.interest);
        addAtMonthEnd(financing.cash, H, inst.at, inst.interest);
      }
      loanBalance += balanceAt(schedule, amount, orderedAt, H);
    } else {
      addAt(line.cash, H, orderedAt, amount);
    }
    if (maintained && costs.maintenanceRate > 0) {
      const maintenance = book.line(pool, 'maintenance');
      addFlow(maintenance.cost, H, onlineAt, Math.min(H, retireAt), costs.maintenanceRate * amount);
      addFlow(maintenance.cash, H, onlineAt, Math.min(H, retireAt), costs.maintenanceRate * amount);
    }
  };
  const opex = (pool: string | null, category: CostCategory, months: readonly number[]): void => addOpex(book, pool, category, months);
  const flat = (rate: number): number[] => flatMonths(H, rate);

  const itJoules = zeroMonths(H);
  const pools: PoolProjection[] = [];
  let firstOrder = Infinity;
  let firstOnline = Infinity;
  for (const pool of site.pools) {
    const price = costs.capexPerNode[pool.id] ?? pool.node.price;
    if (price === undefined) throw new Error(`site ${site.name}: pool ${pool.id} has no capex per node (set it in the site's costs or give node profile ${pool.node.id} a price)`);
    const usage = { energy: zeroMonths(H), energyCost: zeroMonths(H), colocation: zeroMonths(H), software: zeroMonths(H), online: zeroMonths(H), busy: zeroMonths(H) };
    for (const gen of generationsOf(pool, tranchesOf(pool), price, costs.refresh?.[pool.id])) {
      for (const t of gen.tranches) {
        firstOrder = Math.min(firstOrder, t.orderedAt);
        firstOnline = Math.min(firstOnline, t.onlineAt);
        buyCapex(pool.id, 'hardware_depreciation', t.nodes * gen.capexPerNode, t.orderedAt, t.onlineAt, true, gen.retireAt);
      }
      // each configuration's rates over its own span: energy per online node-second, utilisation, hour profile
      for (const span of spans) {
        const nodeSeconds = zeroMonths(H);
        for (const t of gen.tranches) addFlow(nodeSeconds, H, Math.max(t.onlineAt, span.from), Math.min(gen.retireAt, span.to), t.nodes);
        const rates = poolUsageRates({ id: pool.id, ...(gen.power && { power: gen.power }) }, span.ledger);
        const pricePerJ = energyWeightedPrice(costs, rates.energyByHour);
        const maxPower = gen.power?.max ?? gen.node.power?.max ?? 0;
        nodeSeconds.forEach((n, m) => {
          const joules = n * rates.energyPerNodeSecond;
          usage.energy[m] = (usage.energy[m] ?? 0) + joules;
          usage.energyCost[m] = (usage.energyCost[m] ?? 0) + joules * costs.pue * pricePerJ;
          usage.colocation[m] = (usage.colocation[m] ?? 0) + n * maxPower * costs.colocationPerWatt;
          usage.software[m] = (usage.software[m] ?? 0) + n * costs.licencesPerNode;
          usage.online[m] = (usage.online[m] ?? 0) + n * gen.devicesPerNode;
          usage.busy[m] = (usage.busy[m] ?? 0) + n * gen.devicesPerNode * rates.utilisation;
        });
      }
    }
    // The pool's fabric is built for all the nodes it will ever have, with its first tranche.
    const fabric = poolFabricBill(pool);
    if (fabric) {
      const first = tranchesOf(pool).reduce((x, t) => (t.orderedAt < x.orderedAt ? t : x));
      buyCapex(pool.id, 'network', fabric.switchCapex + fabric.opticsCapex, first.orderedAt, first.onlineAt, true);
    }
    opex(pool.id, 'energy', costs.powerPricePath ? applyPricePath(usage.energyCost, costs.powerPricePath, H) : usage.energyCost);
    opex(pool.id, 'colocation', usage.colocation);
    opex(pool.id, 'software', usage.software);
    usage.energy.forEach((j, m) => (itJoules[m] = (itJoules[m] ?? 0) + j));
    pools.push({ id: pool.id, site: site.name, devicesPerNode: pool.devicesPerNode, onlineDeviceSeconds: usage.online, busyDeviceSeconds: usage.busy, itJoules: usage.energy });
  }
  if (!Number.isFinite(firstOrder)) firstOrder = 0;
  if (!Number.isFinite(firstOnline)) firstOnline = firstOrder;
  buyCapex(null, 'network', costs.networkCapex, firstOrder, firstOnline, true);
  buyCapex(null, 'storage', costs.storageCapex, firstOrder, firstOnline, true);
  buyCapex(null, 'installation', costs.installation, firstOrder, firstOnline, false);
  // lakes (capacity bought ahead of need, depreciated and maintained like the site's storage) and broker disks
  for (const order of data?.purchases ?? []) buyCapex(null, 'storage', order.amount, order.orderedAt, order.onlineAt, true);
  if (data) opex(null, 'storage', data.opex);
  opex(null, 'staff', flat(costs.staffFte * costs.staffCostPerFte));
  opex(null, 'software', flat(costs.licences));
  opex(null, 'egress', spans.length === 1 ? flat(egressBytesPerSecond(site.name, ledger) * costs.egressPrice) : spannedFlow(H, spans, (l) => egressBytesPerSecond(site.name, l) * costs.egressPrice));

  const refreshed = costs.resale !== undefined || costs.refresh !== undefined;
  return {
    site: site.name,
    kind: 'on-prem',
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
    bookValueAtHorizon: residual.bookValue,
    loanBalanceAtHorizon: loanBalance,
    ...(refreshed && { residual: { marketValueAtHorizon: residual.marketValue, resaleAtRetirement: residual.resale, bookValueWrittenOff: residual.writtenOff } }),
  };
}

/** A pool's tranches; a pool without any is taken as all its nodes ordered and online at time 0. */
export function tranchesOf(pool: Pool): readonly Tranche[] {
  return pool.tranches.length > 0 ? pool.tranches : [{ nodes: pool.nodeCount, orderedAt: 0, onlineAt: 0 }];
}
