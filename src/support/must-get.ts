/**
 * Lookups the code's own invariants guarantee (a key put in the map a few lines above, an index below
 * the length just checked). A miss is a bug in this program, not in the user's input, so it throws a
 * plain Error the CLI reports as an internal error (exit 3), naming what was missing.
 */

/** The value under `key`; throws `internal: no <what> '<key>'` when the map has none. */
export function mustGet<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`internal: no ${what} '${String(key)}'`);
  return value;
}

/** `items[index]`; throws `internal: no <what> at index <index> of <length>` when there is none. */
export function mustAt<T>(items: ArrayLike<T>, index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new Error(`internal: no ${what} at index ${index} of ${items.length}`);
  return item;
}
