import type { OnPremCostInputs } from './cost-inputs.js';
import { HOURS_PER_DAY } from '../model/usage-ledger.js';

/**
 * USD/J of electricity in each hour-of-day bucket h = [h:00, h+1:00): `powerPrice`, overridden by the
 * `timeOfDayPrices` ranges that cover the bucket, in proportion to the part of the hour they cover.
 * A range [fromHour, toHour) with fromHour > toHour wraps past midnight (22 → 6).
 * @throws RangeError when a range is empty, out of [0, 24], or two ranges overlap
 */
export function hourlyElectricityPrices(costs: Pick<OnPremCostInputs, 'powerPrice' | 'timeOfDayPrices'>): number[] {
  const covered = new Array<number>(HOURS_PER_DAY).fill(0);
  const priced = new Array<number>(HOURS_PER_DAY).fill(0);
  for (const range of costs.timeOfDayPrices ?? []) {
    const { fromHour, toHour, price } = range;
    if (!(fromHour >= 0 && fromHour <= HOURS_PER_DAY && toHour >= 0 && toHour <= HOURS_PER_DAY) || fromHour === toHour) {
      throw new RangeError(`time-of-day price range [${fromHour}, ${toHour}) must lie in [0, 24] and not be empty`);
    }
    if (!(price >= 0)) throw new RangeError(`time-of-day electricity price must be ≥ 0, got ${price}`);
    const spans: [number, number][] =
      fromHour < toHour
        ? [[fromHour, toHour]]
        : [
            [fromHour, HOURS_PER_DAY],
            [0, toHour],
          ];
    for (const [a, b] of spans) {
      for (let h = Math.floor(a); h < Math.ceil(b); h++) {
        const overlap = Math.min(b, h + 1) - Math.max(a, h);
        if (overlap <= 0) continue;
        covered[h] = (covered[h] ?? 0) + overlap;
        priced[h] = (priced[h] ?? 0) + overlap * price;
        if ((covered[h] ?? 0) > 1 + 1e-9) throw new RangeError(`time-of-day price ranges overlap in hour ${h}`);
      }
    }
  }
  return covered.map((c, h) => (priced[h] ?? 0) + Math.max(0, 1 - c) * costs.powerPrice);
}

/**
 * USD/J of electricity averaged over the day with weights `energyByHour` (J drawn in each hour
 * bucket, from the usage ledger); uniform weights when the profile is empty or all zero.
 */
export function energyWeightedPrice(costs: Pick<OnPremCostInputs, 'powerPrice' | 'timeOfDayPrices'>, energyByHour: readonly number[]): number {
  const prices = hourlyElectricityPrices(costs);
  let weight = 0;
  let cost = 0;
  for (let h = 0; h < HOURS_PER_DAY; h++) {
    const e = Math.max(0, energyByHour[h] ?? 0);
    weight += e;
    cost += e * (prices[h] ?? 0);
  }
  if (weight > 0) return cost / weight;
  let mean = 0;
  for (const p of prices) mean += p;
  return mean / HOURS_PER_DAY;
}
