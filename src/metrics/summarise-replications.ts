import { isRecord } from '../support/is-record.js';
import { estimate, type Estimate, type Quantity } from './confidence-interval.js';

/** A tree of numbers (one replication's metrics) turned into the same tree of Estimates. */
export type EstimateTree<T> = T extends number ? Estimate : T extends object ? { readonly [K in keyof T]: EstimateTree<T[K]> } : never;

/**
 * Mean and 95% confidence interval of every numeric leaf across replications. All trees must have the
 * same shape (they come from the same scenario); keys missing in one replication are an error.
 * `quantityOf` says what the leaf at a path (its keys from the root) is, which decides the interval's
 * scale (confidence-interval.ts); without it every leaf is `signed` (the symmetric t interval).
 */
export function summariseReplications<T extends object>(replications: readonly T[], quantityOf: (path: readonly string[]) => Quantity = () => 'signed'): EstimateTree<T> {
  if (replications.length === 0) throw new RangeError('no replications to summarise');
  // walk keeps the shape of T with numbers turned into Estimates, which is what EstimateTree<T> says
  return walk(replications, [], quantityOf) as EstimateTree<T>;
}

function walk(values: readonly unknown[], path: readonly string[], quantityOf: (path: readonly string[]) => Quantity): unknown {
  const first = values[0];
  if (typeof first === 'number') {
    return estimate(
      values.map((v) => {
        if (typeof v !== 'number') throw new TypeError(`replications disagree in shape at ${path.join('.')}`);
        return v;
      }),
      quantityOf(path),
    );
  }
  if (first === null || typeof first !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) {
    const child = walk(
      values.map((v) => (isRecord(v) ? v[key] : undefined)),
      [...path, key],
      quantityOf,
    );
    if (child !== undefined) out[key] = child;
  }
  return out;
}
