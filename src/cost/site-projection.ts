import type { CostCategory } from './cost-result.js';
import { addFlow, zeroMonths } from './planning-calendar.js';

/**
 * A site's costs, energy and delivered work projected month by month over the planning horizon —
 * the intermediate form every result (totals, break-even, sensitivity) is read from.
 */

/** One cost category of one pool (or of the whole site), month by month, USD. */
export interface CostLine {
  readonly site: string;
  /** pool id, or null for site-wide lines (network, storage, installation, staff, site licences, egress, cloud storage, support) */
  readonly pool: string | null;
  readonly category: CostCategory;
  /** accounting cost per month (depreciation spread over the life, opex as incurred) */
  readonly cost: number[];
  /** cash out per month (capex when ordered or loan instalments, opex as incurred) */
  readonly cash: number[];
}

/** A pool's projected use, per month. */
export interface PoolProjection {
  readonly id: string;
  readonly site: string;
  readonly devicesPerNode: number;
  /** device-seconds online (installed on-prem, provisioned in the cloud) */
  readonly onlineDeviceSeconds: number[];
  /** device-seconds busy (delivered work) */
  readonly busyDeviceSeconds: number[];
  /** J drawn by the pool's nodes */
  readonly itJoules: number[];
}

export interface SiteProjection {
  readonly site: string;
  readonly kind: 'on-prem' | 'cloud';
  readonly lines: readonly CostLine[];
  readonly pools: readonly PoolProjection[];
  /** J drawn by IT equipment, by the facility (× PUE), and kg CO2e, per month */
  readonly itJoules: number[];
  readonly facilityJoules: number[];
  readonly co2eKg: number[];
  /** USD of capex not yet depreciated at the horizon */
  readonly bookValueAtHorizon: number;
  /** USD of loan principal still owed at the horizon */
  readonly loanBalanceAtHorizon: number;
  /** on-prem sites with a resale curve or refreshes: what the hardware fetches second-hand (absent otherwise) */
  readonly residual?: {
    /** USD the hardware held at the horizon would fetch (credited in the last month's cash) */
    readonly marketValueAtHorizon: number;
    /** USD the generations retired by refreshes were sold for (cash in at each retirement) */
    readonly resaleAtRetirement: number;
    /** USD of book value those retirements wrote off (in hardware_depreciation, less the resale) */
    readonly bookValueWrittenOff: number;
  };
}

/** Get-or-create store of cost lines keyed by (pool, category), in creation order. */
export class LineBook {
  readonly lines: CostLine[] = [];
  private readonly byKey = new Map<string, CostLine>();

  constructor(
    private readonly site: string,
    private readonly horizon: number,
  ) {}

  line(pool: string | null, category: CostCategory): CostLine {
    const key = `${pool ?? ''}\u0000${category}`;
    let line = this.byKey.get(key);
    if (!line) {
      line = { site: this.site, pool, category, cost: zeroMonths(this.horizon), cash: zeroMonths(this.horizon) };
      this.byKey.set(key, line);
      this.lines.push(line);
    }
    return line;
  }
}

/** Adds opex (cost = cash, paid as incurred) to a line, month by month. */
export function addOpex(book: LineBook, pool: string | null, category: CostCategory, months: readonly number[]): void {
  const line = book.line(pool, category);
  months.forEach((v, m) => {
    line.cost[m] = (line.cost[m] ?? 0) + v;
    line.cash[m] = (line.cash[m] ?? 0) + v;
  });
}

/** A constant `rate` per second over the whole horizon, as month buckets. */
export function flatMonths(horizon: number, rate: number): number[] {
  const months = zeroMonths(horizon);
  addFlow(months, horizon, 0, horizon, rate);
  return months;
}

/** A site's monthly energy: IT joules, facility joules (× PUE) and the emissions of the facility's draw. */
export function siteEnergy(itJoules: number[], pue: number, carbonIntensity: number): Pick<SiteProjection, 'itJoules' | 'facilityJoules' | 'co2eKg'> {
  const facilityJoules = itJoules.map((j) => j * pue);
  return { itJoules, facilityJoules, co2eKg: facilityJoules.map((j) => j * carbonIntensity) };
}
