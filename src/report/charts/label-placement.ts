/** Approximate width of one character of the 11 px chart font, and the label's height (for overlap checks). */
const CHAR_WIDTH = 6.2;
const LABEL_HEIGHT = 12;

export interface PlacedLabel {
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'end';
  readonly text: string;
  /** the box the text takes, for overlap checks */
  readonly box: { readonly x0: number; readonly x1: number; readonly y0: number; readonly y1: number };
}

/**
 * Labels for points (Pareto-optimal variants, break-even markers), placed greedily in the order given: right-above, right-below, left-above,
 * left-below of the point, the first spot inside the plot that overlaps no label placed before and no point. A
 * point with no free spot goes unlabelled (its tooltip and the data table still name it): labels never overlap.
 */
export function placeLabels(points: readonly { x: number; y: number; text: string }[], plot: { left: number; right: number; top: number; bottom: number }): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const text = (t: string) => (t.length > 24 ? `${t.slice(0, 23)}…` : t);
  const overlaps = (a: PlacedLabel['box'], b: PlacedLabel['box']) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const dots = points.map((p) => ({ x0: p.x - 5, x1: p.x + 5, y0: p.y - 5, y1: p.y + 5 }));
  for (const p of points) {
    const t = text(p.text);
    const w = t.length * CHAR_WIDTH;
    const spots: { x: number; y: number; anchor: 'start' | 'end' }[] = [
      { x: p.x + 7, y: p.y - 7, anchor: 'start' },
      { x: p.x + 7, y: p.y + 7 + LABEL_HEIGHT - 2, anchor: 'start' },
      { x: p.x - 7, y: p.y - 7, anchor: 'end' },
      { x: p.x - 7, y: p.y + 7 + LABEL_HEIGHT - 2, anchor: 'end' },
    ];
    for (const s of spots) {
      const x0 = s.anchor === 'start' ? s.x : s.x - w;
      const box = { x0, x1: x0 + w, y0: s.y - LABEL_HEIGHT + 2, y1: s.y + 2 };
      if (box.x0 < plot.left || box.x1 > plot.right || box.y0 < plot.top || box.y1 > plot.bottom) continue;
      if (placed.some((l) => overlaps(l.box, box)) || dots.some((d) => overlaps(d, box))) continue;
      placed.push({ ...s, text: t, box });
      break;
    }
  }
  return placed;
}
