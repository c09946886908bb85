/**
 * Yields at most `count` records, then stops pulling: the source's `return()` runs, so a reader
 * closes its file without reading the rest. Throws RangeError unless count is a non-negative integer.
 */
export async function* limitTrace<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`limit must be a non-negative integer, got ${count}`);
  if (count === 0) return;
  let n = 0;
  for await (const record of source) {
    yield record;
    if (++n >= count) return;
  }
}
