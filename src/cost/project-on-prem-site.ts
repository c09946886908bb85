import type { OnPremCostInputs, PlanningInputs, Tranche } from './cost-inputs.js';
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
 *   per second of the window × price.
 * @throws Error when a pool has neither a capexPerNode entry nor a node profile price
 */
export function projectOnPremSite(site: CostedSite, costs: OnPremCostInputs, ledger: UsageLedger, planning: PlanningInputs): SiteProjection {
  const H = planning.horizon;
  const book = new LineBook(site.name, H);
  let bookValue = 0;
  let loanBalance = 0;
  if (!(costs.depreciationLife > 0)) throw new RangeError(`site ${site.name}: depreciation life must be a positive number of seconds, got ${costs.depreciationLife}`);

  const buyCapex = (pool: string | null, category: CostCategory, amount: number, orderedAt: number, onlineAt: number, maintained: boolean): void => {
    if (!(amount >= 0)) throw new RangeError(`site ${site.name}: ${category} capex must be ≥ 0, got ${amount}`);
    if (amount === 0 || orderedAt >= H) return;
    const line = book.line(pool, category);
    addFlow(line.cost, H, onlineAt, onlineAt + costs.depreciationLife, amount / costs.depreciationLife);
    bookValue += amount * Math.max(0, 1 - Math.max(0, H - onlineAt) / costs.depreciationLife);
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
      addFlow(maintenance.cost, H, onlineAt, H, costs.maintenanceRate * amount);
      addFlow(maintenance.cash, H, onlineAt, H, costs.maintenanceRate * amount);
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
    const rates = poolUsageRates(pool, ledger);
    const nodeSeconds = zeroMonths(H);
    for (const t of tranchesOf(pool)) {
      firstOrder = Math.min(firstOrder, t.orderedAt);
      firstOnline = Math.min(firstOnline, t.onlineAt);
      buyCapex(pool.id, 'hardware_depreciation', t.nodes * price, t.orderedAt, t.onlineAt, true);
      addFlow(nodeSeconds, H, t.onlineAt, H, t.nodes);
    }
    // The pool's fabric is built for all the nodes it will ever have, with its first tranche.
    const fabric = poolFabricBill(pool);
    if (fabric) {
      const first = tranchesOf(pool).reduce((a, t) => (t.orderedAt < a.orderedAt ? t : a));
      buyCapex(pool.id, 'network', fabric.switchCapex + fabric.opticsCapex, first.orderedAt, first.onlineAt, true);
    }
    const energy = nodeSeconds.map((n) => n * rates.energyPerNodeSecond);
    const pricePerJ = energyWeightedPrice(costs, rates.energyByHour);
    opex(
      pool.id,
      'energy',
      energy.map((j) => j * costs.pue * pricePerJ),
    );
    const maxPower = pool.power?.max ?? pool.node.power?.max ?? 0;
    opex(
      pool.id,
      'colocation',
      nodeSeconds.map((n) => n * maxPower * costs.colocationPerWatt),
    );
    opex(
      pool.id,
      'software',
      nodeSeconds.map((n) => n * costs.licencesPerNode),
    );
    energy.forEach((j, m) => (itJoules[m] = (itJoules[m] ?? 0) + j));
    pools.push({
      id: pool.id,
      site: site.name,
      devicesPerNode: pool.devicesPerNode,
      onlineDeviceSeconds: nodeSeconds.map((n) => n * pool.devicesPerNode),
      busyDeviceSeconds: nodeSeconds.map((n) => n * pool.devicesPerNode * rates.utilisation),
      itJoules: energy,
    });
  }
  if (!Number.isFinite(firstOrder)) firstOrder = 0;
  if (!Number.isFinite(firstOnline)) firstOnline = firstOrder;
  buyCapex(null, 'network', costs.networkCapex, firstOrder, firstOnline, true);
  buyCapex(null, 'storage', costs.storageCapex, firstOrder, firstOnline, true);
  buyCapex(null, 'installation', costs.installation, firstOrder, firstOnline, false);
  opex(null, 'staff', flat(costs.staffFte * costs.staffCostPerFte));
  opex(null, 'software', flat(costs.licences));
  opex(null, 'egress', flat(egressBytesPerSecond(site.name, ledger) * costs.egressPrice));

  return {
    site: site.name,
    kind: 'on-prem',
    lines: book.lines,
    pools,
    ...siteEnergy(itJoules, costs.pue, costs.carbonIntensity),
    bookValueAtHorizon: bookValue,
    loanBalanceAtHorizon: loanBalance,
  };
}

/** A pool's tranches; a pool without any is taken as all its nodes ordered and online at time 0. */
export function tranchesOf(pool: Pool): readonly Tranche[] {
  return pool.tranches.length > 0 ? pool.tranches : [{ nodes: pool.nodeCount, orderedAt: 0, onlineAt: 0 }];
}
