import type { TraceJob } from './trace-record.js';

/** A test on one job, for filterTrace. */
export type JobPredicate = (job: TraceJob) => boolean;

/** min ≤ devices ≤ max (either bound optional; fractions compare as numbers). */
export function devicesBetween(bounds: { readonly min?: number; readonly max?: number }): JobPredicate {
  const min = bounds.min ?? -Infinity;
  const max = bounds.max ?? Infinity;
  return (job) => job.devices >= min && job.devices <= max;
}

/** from ≤ submit < to, s in the trace's time (either bound optional). */
export function submittedBetween(window: { readonly from?: number; readonly to?: number }): JobPredicate {
  const from = window.from ?? -Infinity;
  const to = window.to ?? Infinity;
  return (job) => job.submit >= from && job.submit < to;
}

/** status is one of `statuses` (exact, case-sensitive: the source's own words); jobs without status fail. */
export function statusIn(statuses: Iterable<string>): JobPredicate {
  const set = new Set(statuses);
  return (job) => job.status !== undefined && set.has(job.status);
}

/** Jobs that ask for at least part of a GPU (drops CPU-only pods and CPU/processor traces such as SWF). */
export const requestsGpus: JobPredicate = (job) => job.deviceKind === 'gpu' && job.devices > 0;

/** All of the predicates hold (true for none). */
export function allOf(...predicates: readonly JobPredicate[]): JobPredicate {
  return (job) => predicates.every((p) => p(job));
}
