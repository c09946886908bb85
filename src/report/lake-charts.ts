import type { StackedAreaChartSpec } from './charts/chart-spec.js';
import { lakesOf, sizeScale } from './lake-document.js';
import { lakeNotes } from './lake-notes.js';
import type { ResultDocument } from './result-document.js';

/**
 * Per result and lake: its raw size over the planning horizon stacked by tier (the months' ends, as the result
 * gives them), with notes on what each tier costs and on the capacity an owned lake buys. Formats only: every
 * figure comes from the result's `lakes`.
 */
export function lakeFigures(view: readonly { readonly label: string; readonly result: ResultDocument }[]): { chart: StackedAreaChartSpec; notes: string[] }[] {
  const multi = view.length > 1;
  return view.flatMap(({ label, result }, r) =>
    lakesOf(result).map((lake, i) => {
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
