/** Yields the records for which `keep` is true, in order. */
export async function* filterTrace<T>(source: AsyncIterable<T>, keep: (record: T) => boolean): AsyncGenerator<T> {
  for await (const record of source) {
    if (keep(record)) yield record;
  }
}
