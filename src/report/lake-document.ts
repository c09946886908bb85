import { isRecord } from '../support/is-record.js';
import { formatNumber } from './format-units.js';

/**
 * The result's `lakes` (issue 18: each lake over the planning horizon) as a report reads it from a result file:
 * checked field by field (a result file is input), lakes with a malformed field left out.
 */
export interface LakeView {
  readonly name: string;
  readonly site: string;
  readonly tiers: readonly string[];
  readonly overhead: number;
  readonly monthEnds: readonly number[];
  /** per tier: raw bytes at each month's end */
  readonly rawByTier: Readonly<Record<string, readonly number[]>>;
  readonly raw: readonly number[];
  readonly written: number;
  /** absent in a queue-only study (costs: none) */
  readonly costByTier?: Readonly<Record<string, { readonly storage: number; readonly retrieval: number; readonly requests: number }>>;
  readonly capacity?: {
    readonly orders: readonly { readonly ordered_at: number; readonly online_at: number; readonly bytes: number }[];
    readonly installedEnd: number;
    /** USD; absent in a queue-only study */
    readonly capex?: number;
    readonly firstShortfallAt?: number;
    readonly shortfallSeconds: number;
    readonly maxShortfallBytes: number;
  };
}

const numbers = (v: unknown): number[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function lakesOf(result: unknown): LakeView[] {
  const lakes = isRecord(result) ? result['lakes'] : undefined;
  if (!isRecord(lakes)) return [];
  return Object.entries(lakes).flatMap(([name, l]): LakeView[] => {
    if (!isRecord(l)) return [];
    const tiers = Array.isArray(l['tiers']) && l['tiers'].every((t) => typeof t === 'string') ? l['tiers'] : undefined;
    const monthEnds = numbers(l['month_ends']);
    const raw = numbers(l['raw_bytes']);
    const rawIn = l['raw_bytes_by_tier'];
    const costIn = l['cost_by_tier'];
    const overhead = num(l['overhead']);
    const written = num(l['written_bytes']);
    if (!tiers || !monthEnds || !raw || !isRecord(rawIn) || overhead === undefined || written === undefined || typeof l['site'] !== 'string') return [];
    const rawByTier: Record<string, number[]> = {};
    const costByTier: Record<string, { storage: number; retrieval: number; requests: number }> = {};
    for (const t of tiers) {
      const series = numbers(rawIn[t]);
      if (!series || series.length !== monthEnds.length) return [];
      rawByTier[t] = series;
      const c = isRecord(costIn) ? costIn[t] : undefined;
      if (isRecord(c)) costByTier[t] = { storage: num(c['storage']) ?? 0, retrieval: num(c['retrieval']) ?? 0, requests: num(c['requests']) ?? 0 };
    }
    const cap = l['capacity'];
    const capacity = isRecord(cap) ? capacityOf(cap) : undefined;
    return [{ name, site: l['site'], tiers, overhead, monthEnds, rawByTier, raw, written, ...(isRecord(costIn) && { costByTier }), ...(capacity && { capacity }) }];
  });
}

function capacityOf(c: Record<string, unknown>): LakeView['capacity'] {
  const orders = Array.isArray(c['orders'])
    ? c['orders'].flatMap((o) => {
        if (!isRecord(o)) return [];
        const [orderedAt, onlineAt, bytes] = [num(o['ordered_at']), num(o['online_at']), num(o['bytes'])];
        return orderedAt === undefined || onlineAt === undefined || bytes === undefined ? [] : [{ ordered_at: orderedAt, online_at: onlineAt, bytes }];
      })
    : [];
  const first = num(c['first_shortfall_at']);
  const capex = num(c['capex']);
  return {
    orders,
    installedEnd: num(c['installed_bytes_end']) ?? 0,
    ...(capex !== undefined && { capex }),
    ...(first !== undefined && { firstShortfallAt: first }),
    shortfallSeconds: num(c['shortfall_seconds']) ?? 0,
    maxShortfallBytes: num(c['max_shortfall_bytes']) ?? 0,
  };
}

/** Bytes in SI units as storage is sold: '1.23 PB', '456 TB', '7.8 GB'. */
export function formatSize(bytes: number): string {
  const units = [
    [1e18, 'EB'],
    [1e15, 'PB'],
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ] as const;
  for (const [size, unit] of units) if (Math.abs(bytes) >= size) return `${formatNumber(bytes / size)} ${unit}`;
  return `${formatNumber(bytes)} B`;
}

/** The display scale of a size axis: PB when the largest value reaches 1 PB, else TB (or GB below 1 TB). */
export function sizeScale(max: number): readonly [number, string] {
  return max >= 1e15 ? [1e15, 'PB'] : max >= 1e12 ? [1e12, 'TB'] : [1e9, 'GB'];
}
