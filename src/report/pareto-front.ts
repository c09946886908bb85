/**
 * Non-dominated points when x (cost) is to be minimised and y maximised (`yBetter: 'higher'`) or
 * minimised: a point is dominated when another is at least as good on both and better on one.
 * Equal points are all kept. O(n log n): sort by x, sweep keeping the best y so far.
 */
export function paretoFront(points: readonly { readonly x: number; readonly y: number }[], yBetter: 'higher' | 'lower'): boolean[] {
  const sign = yBetter === 'higher' ? 1 : -1;
  const order = points.map((p, i) => ({ x: p.x, y: sign * p.y, i })).sort((a, b) => a.x - b.x || b.y - a.y);
  const front = points.map(() => false);
  let best = -Infinity;
  let bestX = -Infinity;
  for (const p of order) {
    if (p.y > best || (p.y === best && p.x === bestX)) {
      front[p.i] = true;
      if (p.y > best) bestX = p.x;
      best = p.y;
    }
  }
  return front;
}
