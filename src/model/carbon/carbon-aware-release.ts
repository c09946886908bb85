/**
 * Carbon-aware deferral of flexible batch jobs: a job that arrives in a dirty hour waits for a cleaner
 * one within its deadline. The grid's hourly intensity comes from the site's series (read by the scenario
 * layer); the model only looks it up, so this file knows no file format.
 */

const HOUR = 3600;

export interface CarbonAwareSpec {
  /** s a job may wait for a cleaner hour (its start is released at the latest then) */
  readonly deadline: number;
  /** kg CO2e per J: release in the first hour at or below it; absent: release in the cleanest hour of the window */
  readonly threshold?: number;
  /** kg CO2e per J of consecutive hours, the first at simulation hour `firstHour` */
  readonly kgPerJoule: readonly number[];
  readonly firstHour: number;
}

/**
 * Intensity of simulation hour `hour`. Hours outside the series repeat it by whole days (the series
 * cut to whole days, so hour of day is kept); a series shorter than a day repeats as it is.
 */
export function intensityAt(spec: Pick<CarbonAwareSpec, 'kgPerJoule' | 'firstHour'>, hour: number): number {
  const n = spec.kgPerJoule.length;
  const period = n >= 24 ? Math.floor(n / 24) * 24 : n;
  const k = (((hour - spec.firstHour) % period) + period) % period;
  return spec.kgPerJoule[k] ?? 0;
}

/**
 * When a job that arrives at `now` is handed to the scheduler. With a threshold: now when this hour
 * is at or below it, else the start of the first later hour at or below it that begins within the
 * deadline, else now (no clean hour in reach: the job does not wait for nothing). Without a
 * threshold: the start of the cleanest hour beginning within the deadline (the earliest of equals;
 * now when the current hour is that cleanest). Never before `now`, never after `now + deadline`.
 */
export function carbonAwareRelease(now: number, spec: CarbonAwareSpec): number {
  const first = Math.floor(now / HOUR);
  const last = Math.floor((now + spec.deadline) / HOUR);
  if (spec.threshold !== undefined) {
    for (let h = first; h <= last; h++) if (intensityAt(spec, h) <= spec.threshold) return Math.max(now, h * HOUR);
    return now;
  }
  let best = first;
  for (let h = first + 1; h <= last; h++) if (intensityAt(spec, h) < intensityAt(spec, best)) best = h;
  return Math.max(now, best * HOUR);
}
