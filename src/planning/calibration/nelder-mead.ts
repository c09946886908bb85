/**
 * Minimises `f` over R^n from `start` with the Nelder–Mead simplex (Nelder & Mead 1965; the standard
 * coefficients: reflection 1, expansion 2, contraction ½, shrink ½; Lagarias et al. 1998, SIAM J. Optim. 9(1)).
 * Derivative-free, so the roofline's kinks (max of compute and memory time) do not stop it. Deterministic: ties
 * keep the earlier vertex. Stops when the simplex's values and extent are both within `tolerance`, or after
 * `maxIterations`. The calibration has at most three unknowns, where it converges in a few hundred steps.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: { readonly step?: number; readonly tolerance?: number; readonly maxIterations?: number } = {},
): { readonly x: number[]; readonly value: number; readonly iterations: number } {
  const n = start.length;
  const step = options.step ?? 0.5;
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 2000 * Math.max(1, n);
  const simplex: { x: number[]; v: number }[] = [{ x: [...start], v: f(start) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = (x[i] ?? 0) + step;
    simplex.push({ x, v: f(x) });
  }
  const along = (a: readonly number[], b: readonly number[], t: number) => a.map((ai, i) => ai + t * ((b[i] ?? 0) - ai));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    const extent = Math.max(...simplex.map((p) => Math.max(...p.x.map((xi, i) => Math.abs(xi - (best.x[i] ?? 0))))));
    if (worst.v - best.v <= tolerance && extent <= Math.sqrt(tolerance)) break;
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, p) => s + (p.x[i] ?? 0), 0) / n);
    const reflected = along(centroid, worst.x, -1);
    const fr = f(reflected);
    const second = simplex[n - 1]!;
    if (fr < best.v) {
      const expanded = along(centroid, worst.x, -2);
      const fe = f(expanded);
      simplex[n] = fe < fr ? { x: expanded, v: fe } : { x: reflected, v: fr };
    } else if (fr < second.v) {
      simplex[n] = { x: reflected, v: fr };
    } else {
      // contract towards the better of the worst vertex and its reflection
      const outside = fr < worst.v;
      const contracted = along(centroid, outside ? reflected : worst.x, 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : worst.v)) simplex[n] = { x: contracted, v: fc };
      else {
        for (let k = 1; k <= n; k++) {
          const x = along(best.x, simplex[k]!.x, 0.5);
          simplex[k] = { x, v: f(x) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, iterations };
}
