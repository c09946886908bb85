import type { ArrivalSpec, DistributionSpec } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';

type ArrivalsInput = Extract<ScenarioInput['workloads'][number], { kind: 'batch' }>['arrivals'];

/** The arrival process a workload's `arrivals` block describes (a bare rate is Poisson). */
export function resolveArrivals(a: ArrivalsInput): ArrivalSpec {
  if ('kind' in a) return { kind: 'offline', maxJobs: a.requests };
  const maxJobs = a.max_jobs !== undefined ? { maxJobs: a.max_jobs } : {};
  if ('mmpp' in a) return { kind: 'mmpp', rates: a.mmpp.rates, meanSojourn: a.mmpp.mean_sojourn, ...maxJobs };
  if (!('rate' in a)) return { kind: 'renewal', interarrival: a.interarrival, ...maxJobs };
  if (a.diurnal) {
    return { kind: 'diurnal', rate: a.rate, amplitude: a.diurnal.amplitude, peakHour: a.diurnal.peak_hour, weekendFactor: a.diurnal.weekend_factor, ...maxJobs };
  }
  if (a.growth_per_month !== undefined) return { kind: 'growth', rate: a.rate, perMonth: a.growth_per_month, ...maxJobs };
  return { kind: 'renewal', interarrival: { kind: 'exponential', mean: 1 / a.rate }, ...maxJobs };
}

/** The largest value a distribution can draw (Infinity for unbounded ones). */
export function largestValue(d: DistributionSpec): number {
  if (d.kind === 'constant') return d.value;
  if (d.kind === 'empirical') return Math.max(...d.values);
  return Infinity;
}
