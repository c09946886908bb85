import { HOURS_PER_DAY, type UsageLedger } from '../model/usage-ledger.js';

/**
 * An hourly grid-intensity series of a site, aligned to the simulation clock. Read from a CSV by the
 * scenario layer (src/scenario/resolve/read-carbon-series.ts); the cost layer only weighs it.
 */
export interface CarbonSeries {
  /** kg CO2e per J for consecutive hours, the first at simulation hour `firstHour` */
  readonly kgPerJoule: readonly number[];
  /**
   * simulation hour (hours since time 0, whole, may be negative) of the series' first hour: from the
   * scenario's start and the file's timestamps; 0 without a start (hour 0 = the file's first hour)
   */
  readonly firstHour: number;
  /** how the series was aligned, for the cost basis */
  readonly alignedBy: 'calendar' | 'first-hour';
  /** the file as the scenario names it, for the cost basis */
  readonly declared: string;
}

/**
 * kg CO2e per J of the site's energy, each hour of the series weighted by the energy the site draws at
 * that hour of the (simulated) day: Σ_k E[h(k)]·I_k / Σ_k E[h(k)], where h(k) is series hour k's hour of
 * day on the simulation clock and E the usage ledger's energy by hour of day. This is "energy per hour ×
 * that hour's intensity" over every day the series covers, per joule; the plain mean of the series
 * when the site drew no energy. WHY per joule: the ledger measures a window of days, the horizon is years,
 * so the series' days stand for every day of the horizon (the basis says so).
 */
export function seriesWeightedIntensity(series: CarbonSeries, energyByHour: readonly number[]): number {
  let weight = 0;
  let kg = 0;
  let plain = 0;
  series.kgPerJoule.forEach((intensity, k) => {
    const hourOfDay = (((series.firstHour + k) % HOURS_PER_DAY) + HOURS_PER_DAY) % HOURS_PER_DAY;
    const e = Math.max(0, energyByHour[hourOfDay] ?? 0);
    weight += e;
    kg += e * intensity;
    plain += intensity;
  });
  if (weight > 0) return kg / weight;
  return series.kgPerJoule.length > 0 ? plain / series.kgPerJoule.length : 0;
}

/** The site's IT energy by hour of day in the ledger's window: its pools' buckets summed. */
export function siteEnergyByHour(poolIds: readonly string[], ledger: UsageLedger): number[] {
  const byHour = new Array<number>(HOURS_PER_DAY).fill(0);
  for (const id of poolIds) {
    const pool = ledger.pools[id];
    pool?.energy_joules_by_hour.forEach((j, h) => (byHour[h] = (byHour[h] ?? 0) + j));
  }
  return byHour;
}

/** kg CO2e per J the site's emissions use: the hourly series weighted by its energy, else the static intensity. */
export function siteCarbonIntensity(costs: { readonly carbonIntensity: number; readonly carbonSeries?: CarbonSeries }, poolIds: readonly string[], ledger: UsageLedger): number {
  return costs.carbonSeries ? seriesWeightedIntensity(costs.carbonSeries, siteEnergyByHour(poolIds, ledger)) : costs.carbonIntensity;
}
