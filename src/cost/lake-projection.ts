import type { DataStream, Lake } from '../model/types.js';
import { brokerByteSeconds, LakeSize } from '../model/data/lake-size.js';
import { planCapacity, type CapacityPlan } from '../model/data/capacity-plan.js';
import { monthEnd, SECONDS_PER_MONTH, sum, zeroMonths } from './planning-calendar.js';

/** A lake over the planning horizon (the result's `lakes`): sizes month by month, what each tier costs, capacity bought. */
export interface LakeProjection {
  readonly site: string;
  /** tier names, in the order data moves through them */
  readonly tiers: readonly string[];
  /** raw bytes per logical byte (redundancy) */
  readonly overhead: number;
  /** s, the end of each month of the horizon (the instants the sizes are read at) */
  readonly month_ends: readonly number[];
  /** per tier: logical bytes held at each month's end */
  readonly logical_bytes: Readonly<Record<string, readonly number[]>>;
  /** per tier: raw bytes (logical × overhead) at each month's end */
  readonly raw_bytes_by_tier: Readonly<Record<string, readonly number[]>>;
  /** raw bytes of the whole lake (logical × overhead) at each month's end */
  readonly raw_bytes: readonly number[];
  /** logical bytes written by the streams over the horizon */
  readonly written_bytes: number;
  /** per tier, USD over the horizon: storage (raw byte-months × price), retrieval, requests (absent with costs: none) */
  readonly cost_by_tier?: Readonly<Record<string, TierCost>>;
  /** USD per month: every tier's storage, retrieval and request charges; capacity purchases are capex, below (absent with costs: none) */
  readonly monthly_opex?: readonly number[];
  /** owned lakes: the capacity bought and whether it ran out */
  readonly capacity?: CapacityResult;
}

export interface TierCost {
  readonly storage: number;
  readonly retrieval: number;
  readonly requests: number;
}

export interface CapacityResult {
  /** `price` in USD, absent with costs: none */
  readonly orders: readonly { readonly ordered_at: number; readonly online_at: number; readonly bytes: number; readonly price?: number }[];
  /** raw bytes installed at the horizon */
  readonly installed_bytes_end: number;
  /** USD, the capacity bought within the horizon (the installed capacity at t = 0 included); absent with costs: none */
  readonly capex?: number;
  /** s: when the need first passed the installed capacity (absent: it never did) */
  readonly first_shortfall_at?: number;
  readonly shortfall_seconds: number;
  readonly max_shortfall_bytes: number;
}

/**
 * A lake projected over the planning horizon H, month by month (month m = [m, m + 1) × 1/12 year), all in
 * closed form from LakeSize:
 * - storage of tier j in month m = price × overhead × ∫ Lⱼ(t) dt over the month (raw byte-seconds);
 * - requests = (bytes entering the tier + bytes read from it) ÷ object size × price per request;
 * - retrieval = reads (B/s) × seconds × price per byte;
 * - an owned lake's capacity: `planCapacity` on the raw size; each order is capex (priced by the site).
 */
export function projectLake(lake: Lake, streams: readonly DataStream[], horizon: number, priced = true): LakeProjection {
  const projection = projectPricedLake(lake, streams, horizon);
  if (priced) return projection;
  // a queue-only study (costs: none) shows sizes and orders, and no money at all
  const { cost_by_tier: _cost, monthly_opex: _opex, capacity, ...sizes } = projection;
  if (!capacity) return sizes;
  const { capex: _capex, orders, ...rest } = capacity;
  return { ...sizes, capacity: { ...rest, orders: orders.map(({ price: _price, ...o }) => o) } };
}

function projectPricedLake(lake: Lake, streams: readonly DataStream[], horizon: number): LakeProjection & { cost_by_tier: Readonly<Record<string, TierCost>>; monthly_opex: readonly number[] } {
  const size = new LakeSize(lake, streams);
  const months = zeroMonths(horizon).length;
  const monthEnds = Array.from({ length: months }, (_, m) => monthEnd(m, horizon));
  const opex = zeroMonths(horizon);
  const logical: Record<string, number[]> = {};
  const costByTier: Record<string, TierCost> = {};
  lake.tiers.forEach((tier, j) => {
    logical[tier.name] = monthEnds.map((t) => size.tierBytes(j, t));
    const cost = { storage: 0, retrieval: 0, requests: 0 };
    for (let m = 0; m < months; m++) {
      const t0 = m * SECONDS_PER_MONTH;
      const t1 = monthEnds[m] ?? horizon;
      const storage = (tier.price ?? 0) * lake.overhead * size.tierByteSeconds(j, t0, t1);
      const read = tier.reads * (t1 - t0);
      const retrieval = tier.retrieval * read;
      const requests = ((size.tierEntries(j, t0, t1) + read) / lake.objectSize) * tier.requestPrice;
      cost.storage += storage;
      cost.retrieval += retrieval;
      cost.requests += requests;
      opex[m] = (opex[m] ?? 0) + storage + retrieval + requests;
    }
    costByTier[tier.name] = cost;
  });
  return {
    site: lake.site,
    tiers: lake.tiers.map((t) => t.name),
    overhead: lake.overhead,
    month_ends: monthEnds,
    logical_bytes: logical,
    raw_bytes_by_tier: Object.fromEntries(Object.entries(logical).map(([t, v]) => [t, v.map((b) => b * lake.overhead)])),
    raw_bytes: monthEnds.map((t) => size.rawBytes(t)),
    written_bytes: size.written(horizon),
    cost_by_tier: costByTier,
    monthly_opex: opex,
    ...(lake.capacityPurchase && { capacity: capacityResult(lake, size, horizon) }),
  };
}

function capacityResult(lake: Lake, size: LakeSize, horizon: number): CapacityResult {
  const purchase = lake.capacityPurchase;
  if (!purchase) throw new Error(`lake ${lake.name} buys no capacity`);
  const plan: CapacityPlan = planCapacity(purchase, (t) => size.rawBytes(t), horizon);
  const orders = [
    ...(purchase.installed > 0 ? [{ ordered_at: 0, online_at: 0, bytes: purchase.installed, price: purchase.installed * purchase.pricePerByte }] : []),
    ...plan.orders.map((o) => ({ ordered_at: o.orderedAt, online_at: o.onlineAt, bytes: o.bytes, price: o.bytes * purchase.pricePerByte })),
  ];
  return {
    orders,
    installed_bytes_end: sum(orders.filter((o) => o.online_at <= horizon).map((o) => o.bytes)),
    capex: sum(orders.map((o) => o.price)),
    ...(plan.firstShortfallAt !== undefined && { first_shortfall_at: plan.firstShortfallAt }),
    shortfall_seconds: plan.shortfallSeconds,
    max_shortfall_bytes: plan.maxShortfallBytes,
  };
}

/** USD per month of a stream's broker disk (replication × bytes within the retention × price); zeros when it has no price. */
export function brokerStorageMonths(stream: DataStream, horizon: number): number[] {
  const months = zeroMonths(horizon);
  if (stream.brokerStoragePrice === undefined) return months;
  for (let m = 0; m < months.length; m++) months[m] = stream.brokerStoragePrice * brokerByteSeconds(stream, m * SECONDS_PER_MONTH, monthEnd(m, horizon));
  return months;
}

/** What a site's lakes and stream brokers cost it: opex by month, and the capacity its owned lakes buy. */
export interface SiteDataStorage {
  readonly opex: readonly number[];
  readonly purchases: readonly { readonly amount: number; readonly orderedAt: number; readonly onlineAt: number }[];
}

/** The data storage of site `site` (undefined when it holds no lake and no stream: its projection is unchanged). */
export function siteDataStorage(scenario: { readonly streams?: readonly DataStream[]; readonly lakes?: readonly Lake[] }, site: string, horizon: number): SiteDataStorage | undefined {
  const lakes = (scenario.lakes ?? []).filter((l) => l.site === site);
  const streams = (scenario.streams ?? []).filter((s) => s.site === site);
  if (lakes.length === 0 && streams.length === 0) return undefined;
  const opex = zeroMonths(horizon);
  const purchases: { amount: number; orderedAt: number; onlineAt: number }[] = [];
  for (const lake of lakes) {
    const p = projectPricedLake(lake, scenario.streams ?? [], horizon);
    p.monthly_opex.forEach((v, m) => (opex[m] = (opex[m] ?? 0) + v));
    // priced here: every order carries its price
    for (const o of p.capacity?.orders ?? []) purchases.push({ amount: o.price ?? 0, orderedAt: o.ordered_at, onlineAt: o.online_at });
  }
  for (const s of streams) brokerStorageMonths(s, horizon).forEach((v, m) => (opex[m] = (opex[m] ?? 0) + v));
  return { opex, purchases };
}
