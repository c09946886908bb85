import type { Timed } from './trace-record.js';

/**
 * How to move a trace in time: `{ to: t }` re-origins it so the first record is submitted at t
 * (`{ to: 0 }` starts it at 0); `{ by: d }` adds d seconds to every submit. A stream cannot know its
 * earliest record, so `to` anchors on the first one: on an unsorted trace later records may land
 * before t (use `by` with a known offset instead).
 */
export type TimeShift = { readonly to: number } | { readonly by: number };

/** Yields copies of the records with submit moved; nothing else changes (runtimes are durations). */
export async function* shiftTime<T extends Timed>(source: AsyncIterable<T>, shift: TimeShift): AsyncGenerator<T> {
  const target = 'to' in shift ? shift.to : shift.by;
  if (!Number.isFinite(target)) throw new RangeError(`time shift must be a finite number of seconds, got ${target}`);
  let offset = 'by' in shift ? shift.by : undefined;
  for await (const record of source) {
    offset ??= target - record.submit;
    yield { ...record, submit: record.submit + offset };
  }
}
