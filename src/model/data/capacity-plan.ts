import type { CapacityPurchase } from './data-types.js';

/** One capacity order of an owned lake. */
export interface CapacityOrder {
  /** s: ordered, and usable lead time later */
  readonly orderedAt: number;
  readonly onlineAt: number;
  /** raw bytes */
  readonly bytes: number;
}

export interface CapacityPlan {
  readonly orders: readonly CapacityOrder[];
  /** the first time the raw need passed the installed capacity (absent: never within the horizon) */
  readonly firstShortfallAt?: number;
  /** s of the horizon (checked at each step) with need above installed capacity */
  readonly shortfallSeconds: number;
  /** most raw bytes needed beyond installed capacity at a checked instant */
  readonly maxShortfallBytes: number;
}

/** Days between looks at an owned lake's need (the plan is checked at each one). */
export const CAPACITY_CHECK_STEP = 86_400;

/**
 * When an owned lake buys capacity: every CAPACITY_CHECK_STEP from t = 0, if the raw need expected when an
 * order placed now would arrive, need(t + leadTime), passes buyWhen × (installed + on order), an increment is
 * ordered (as many as it takes); it is usable leadTime later. Running out — need(t) above what is installed
 * at t — is counted as a shortfall (a KPI the report prints): it happens when an order comes too late (the
 * initial installation is too small for the first lead time, or growth outruns one increment per step).
 * Pure: `need` is the lake's closed-form raw size.
 */
export function planCapacity(purchase: CapacityPurchase, need: (t: number) => number, horizon: number): CapacityPlan {
  const orders: CapacityOrder[] = [];
  let firstShortfallAt: number | undefined;
  let shortfallSeconds = 0;
  let maxShortfallBytes = 0;
  let ordered = purchase.installed;
  for (let t = 0; t < horizon; t += CAPACITY_CHECK_STEP) {
    const installed = purchase.installed + orders.reduce((a, o) => a + (o.onlineAt <= t ? o.bytes : 0), 0);
    const short = need(t) - installed;
    if (short > 0) {
      firstShortfallAt ??= t;
      shortfallSeconds += Math.min(CAPACITY_CHECK_STEP, horizon - t);
      maxShortfallBytes = Math.max(maxShortfallBytes, short);
    }
    const ahead = need(Math.min(horizon, t + purchase.leadTime));
    // guard: a need that is not finite cannot be met by any number of orders
    for (let n = 0; Number.isFinite(ahead) && ahead > purchase.buyWhen * ordered && n < 10_000; n++) {
      orders.push({ orderedAt: t, onlineAt: t + purchase.leadTime, bytes: purchase.increment });
      ordered += purchase.increment;
    }
  }
  return { orders, ...(firstShortfallAt !== undefined && { firstShortfallAt }), shortfallSeconds, maxShortfallBytes };
}
