import { formatDuration } from './format-units.js';
import { formatUsd } from './kpi-format.js';
import { formatSize, type LakeView } from './lake-document.js';

/** One line per tier's cost, one for the capacity bought (owned lakes), one when it ran out. */
export function lakeNotes(lake: LakeView): string[] {
  const end = lake.raw[lake.raw.length - 1] ?? 0;
  const out = [
    `${lake.name} (${lake.site}): ${formatSize(lake.written)} written over the horizon; ${formatSize(end)} raw at its end (×${+lake.overhead.toFixed(3)} redundancy).`,
    ...lake.tiers.map((t) => {
      const c = lake.costByTier?.[t];
      if (!c) return '';
      // an owned tier without a price of its own: its cost is the capacity bought (the line below)
      if (lake.capacity && c.storage === 0 && c.retrieval === 0 && c.requests === 0) return `${lake.name} · ${t}: owned, on the capacity bought below.`;
      return `${lake.name} · ${t}: storage ${formatUsd(c.storage)}, retrieval ${formatUsd(c.retrieval)}, requests ${formatUsd(c.requests)} over the horizon.`;
    }),
  ].filter((x) => x !== '');
  const cap = lake.capacity;
  if (cap) {
    out.push(
      `${lake.name}: ${cap.orders.length} capacity order(s), ${formatSize(cap.installedEnd)} installed by the horizon${cap.capex === undefined ? '' : `, ${formatUsd(cap.capex)} of storage capex`}${cap.orders.length > 0 ? ` (ordered at ${cap.orders.map((o) => formatDuration(o.ordered_at)).join(', ')})` : ''}.`,
    );
    out.push(
      cap.firstShortfallAt !== undefined
        ? `${lake.name} RUNS OUT of capacity from ${formatDuration(cap.firstShortfallAt)}: ${formatDuration(cap.shortfallSeconds)} short in all, up to ${formatSize(cap.maxShortfallBytes)} more than installed.`
        : `${lake.name} never runs out of capacity within the horizon.`,
    );
  }
  return out;
}
