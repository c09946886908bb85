import { formatDuration } from './format-units.js';
import { formatUsd } from './kpi-format.js';
import { formatSize, lakesOf, sizeScale } from './lake-document.js';
import type { ReportFigure } from './report-model.js';
import type { ResultDocument } from './result-document.js';

/**
 * Per result and lake: its raw size over the planning horizon stacked by tier (the months' ends, as the result
 * gives them), with notes on what each tier costs and on the capacity an owned lake buys. Formats only: every
 * figure comes from the result's `lakes`.
 */
export function lakeFigures(view: readonly { readonly label: string; readonly result: ResultDocument }[]): ReportFigure[] {
  const multi = view.length > 1;
  return view.flatMap(({ label, result }, r) =>
    lakesOf(result).map((lake, i): ReportFigure => {
      const [scale, unit] = sizeScale(Math.max(0, ...lake.raw));
      const scope = multi ? `${label} · ${lake.name}` : lake.name;
      return {
        chart: {
          type: 'stacked-area',
          id: `lake-size-${r}-${i}`,
          kind: 'lake-size',
          title: `Lake ${scope}: raw size by tier over the planning horizon`,
          description: `Raw bytes (logical × ${lake.overhead} for redundancy) held in each tier of lake ${lake.name} on site ${lake.site} at the end of each month, stacked: ${lake.tiers.join(', ')}.`,
          scope,
          x: { label: 'month of the planning horizon', unit: 'number' },
          y: { label: 'raw size', unit: 'number', suffix: unit },
          xs: lake.monthEnds.map((_, m) => m + 1),
          layers: lake.tiers.map((t) => ({ name: t, values: (lake.rawByTier[t] ?? []).map((b) => b / scale) })),
        },
        notes: lakeNotes(lake),
      };
    }),
  );
}

/** One line per tier's cost, one for the capacity bought (owned lakes), one when it ran out. */
export function lakeNotes(lake: ReturnType<typeof lakesOf>[number]): string[] {
  const end = lake.raw[lake.raw.length - 1] ?? 0;
  const out = [
    `${lake.name} (${lake.site}): ${formatSize(lake.written)} written over the horizon; ${formatSize(end)} raw at its end (×${+lake.overhead.toFixed(3)} redundancy).`,
    ...lake.tiers.map((t) => {
      const c = lake.costByTier[t];
      if (!c) return '';
      // an owned tier without a price of its own: its cost is the capacity bought (the line below)
      if (lake.capacity && c.storage === 0 && c.retrieval === 0 && c.requests === 0) return `${lake.name} · ${t}: owned, on the capacity bought below.`;
      return `${lake.name} · ${t}: storage ${formatUsd(c.storage)}, retrieval ${formatUsd(c.retrieval)}, requests ${formatUsd(c.requests)} over the horizon.`;
    }),
  ].filter((x) => x !== '');
  const cap = lake.capacity;
  if (cap) {
    out.push(
      `${lake.name}: ${cap.orders.length} capacity order(s), ${formatSize(cap.installedEnd)} installed by the horizon, ${formatUsd(cap.capex)} of storage capex${cap.orders.length > 0 ? ` (ordered at ${cap.orders.map((o) => formatDuration(o.ordered_at)).join(', ')})` : ''}.`,
    );
    out.push(
      cap.firstShortfallAt !== undefined
        ? `${lake.name} RUNS OUT of capacity from ${formatDuration(cap.firstShortfallAt)}: ${formatDuration(cap.shortfallSeconds)} short in all, up to ${formatSize(cap.maxShortfallBytes)} more than installed.`
        : `${lake.name} never runs out of capacity within the horizon.`,
    );
  }
  return out;
}
