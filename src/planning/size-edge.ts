/**
 * Where the best size of a `size` search sits in the searched range. A best size at the smallest size
 * tried says nothing about the sizes below it, which may meet the target for less; at the largest, a
 * bigger owned fleet may still be cheaper (less burst spend). The search cannot tell, so it says where
 * to look next: the range of the same width and step on the other side of the edge.
 */
export interface SizeEdge {
  readonly edge: 'smallest' | 'largest' | 'only';
  readonly nodes: number;
  /** the next `--nodes` range to try, e.g. `4..8:2` */
  readonly next: string;
}

const rangeText = (from: number, to: number, step: number): string => (step === 1 ? `${from}..${to}` : `${from}..${to}:${step}`);

/** The edge the best size sits at, or undefined when it is inside the range (or at a floor of 1 node with nothing lower to try). */
export function sizeEdge(sizes: readonly number[], best: number): SizeEdge | undefined {
  const sorted = [...new Set(sizes)].sort((a, b) => a - b);
  const min = sorted[0];
  const max = sorted.at(-1);
  if (min === undefined || max === undefined) return undefined;
  if (sorted.length === 1) {
    const half = Math.max(1, Math.floor(best / 2));
    return { edge: 'only', nodes: best, next: rangeText(Math.max(1, best - half), best + half, 1) };
  }
  const gaps = sorted.slice(1).map((n, i) => n - sorted[i]!);
  const step = Math.min(...gaps);
  const steps = Math.max(1, Math.floor((max - min) / step));
  if (best === min && min > 1) {
    const k = Math.min(steps, Math.floor((min - 1) / step));
    return { edge: 'smallest', nodes: best, next: k >= 1 ? rangeText(min - k * step, min, step) : rangeText(1, min, 1) };
  }
  if (best === max) return { edge: 'largest', nodes: best, next: rangeText(max, max + steps * step, step) };
  return undefined;
}

/** The one warning line `size` prints on stderr for an edge. */
export function sizeEdgeWarning(e: SizeEdge): string {
  const where =
    e.edge === 'only'
      ? 'the only size searched'
      : e.edge === 'smallest'
        ? 'the smallest size searched: a smaller fleet may meet the target for less'
        : 'the largest size searched: a larger owned fleet may cost less (less burst spend)';
  return `warning: the best size, ${e.nodes} nodes, is ${where}; try --nodes ${e.next}`;
}
