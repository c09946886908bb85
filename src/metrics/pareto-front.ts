/**
 * The one Pareto definition of the tool (the sweep analysis and the HTML report both use it, so they
 * name the same variants). Every objective is to be minimised: negate one that is to be maximised.
 * `a` dominates `b` when it is no worse on every objective and strictly better on at least one; equal
 * points do not dominate each other, so they are all kept.
 */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d > 0) return false;
    if (d < 0) better = true;
  }
  return better;
}

/**
 * The members no other member dominates, kept as points arrive (the sweep analysis streams its
 * variants and holds only the front). Members keep their arrival order.
 */
export class ParetoSet<T> {
  private members: { readonly item: T; readonly values: readonly number[] }[] = [];

  /** Adds a point (minimised values); returns whether it is on the front now. */
  add(item: T, values: readonly number[]): boolean {
    if (this.members.some((m) => dominates(m.values, values))) return false;
    this.members = this.members.filter((m) => !dominates(values, m.values));
    this.members.push({ item, values });
    return true;
  }

  items(): T[] {
    return this.members.map((m) => m.item);
  }
}

/** Which points are on the Pareto front (every coordinate minimised). */
export function paretoFront(points: readonly (readonly number[])[]): boolean[] {
  const set = new ParetoSet<number>();
  points.forEach((p, i) => set.add(i, p));
  const front = points.map(() => false);
  for (const i of set.items()) front[i] = true;
  return front;
}
