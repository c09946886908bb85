import { RandomStreams } from '../../engine/index.js';
import type { CalibrationPoint } from '../../scenario/calibration/calibration-points.js';

/** How rows are kept out of the fit: none, a seeded share of them, or rows the user names (1-based data rows). */
export type HoldoutChoice = { readonly kind: 'none' } | { readonly kind: 'fraction'; readonly fraction: number; readonly seed: number } | { readonly kind: 'rows'; readonly rows: readonly number[] };

/**
 * The rows held out, by data row number, in row order. A row whose `role` column says `fit` or `holdout`
 * keeps that role; `rows` adds the named ones; `fraction` draws round(fraction × rows) of all rows held out,
 * counting those already held out by their role, from the unassigned rows with a Fisher–Yates shuffle on the
 * seeded stream `calibration/holdout` (same seed, same split, on any machine).
 * @throws RangeError naming a row that does not exist, or a split that leaves nothing to fit
 */
export function holdoutRows(points: readonly CalibrationPoint[], choice: HoldoutChoice): ReadonlySet<number> {
  const held = new Set(points.filter((p) => p.role === 'holdout').map((p) => p.row));
  const free = points.filter((p) => p.role === undefined).map((p) => p.row);
  if (choice.kind === 'rows') {
    for (const r of choice.rows) {
      const p = points.find((q) => q.row === r);
      if (!p) throw new RangeError(`--holdout-rows names row ${r}, and the file has ${points.length} data row(s)`);
      if (p.role === 'fit') throw new RangeError(`--holdout-rows names row ${r}, whose role column says fit`);
      held.add(r);
    }
  } else if (choice.kind === 'fraction') {
    const want = Math.round(choice.fraction * points.length) - held.size;
    const order = [...free];
    const stream = new RandomStreams(choice.seed).stream('calibration/holdout');
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(stream.uniform() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order.slice(0, Math.max(0, want))) held.add(r);
  }
  if (held.size >= points.length) throw new RangeError(`the hold-out keeps all ${points.length} row(s) out of the fit: leave at least one to fit`);
  return held;
}
