import { differenceInterval, type DifferenceInterval } from '../metrics/difference-interval.js';
import type { Kpi } from './kpi-definition.js';
import { replicationCount, type ResultDocument } from './result-document.js';

/**
 * A scenario's KPI minus the baseline's with its 95% confidence interval (computed by
 * src/metrics/difference-interval.ts: paired under common random numbers, else Welch), and what the
 * difference means for the KPI.
 */
export interface Delta extends DifferenceInterval {
  /** better/worse by the KPI's direction, `same` when not significant, `unknown` without an interval */
  readonly verdict: 'better' | 'worse' | 'same' | 'changed' | 'unknown';
}

/** Whether two results share random numbers: same seed and replication count (stream names come from workloads). */
export function commonRandomNumbers(a: ResultDocument, b: ResultDocument): boolean {
  return a.scenario.seed === b.scenario.seed && replicationCount(a) === replicationCount(b);
}

export function kpiDelta(kpi: Kpi, baseline: ResultDocument, other: ResultDocument): Delta | undefined {
  const b = kpi.estimate(baseline);
  const o = kpi.estimate(other);
  if (b === undefined || o === undefined) return undefined;
  const bv = kpi.values(baseline);
  const ov = kpi.values(other);
  const paired = commonRandomNumbers(baseline, other) && bv && ov ? { baseline: bv, other: ov } : undefined;
  const interval = differenceInterval(b, o, paired);
  return { ...interval, verdict: verdictOf(kpi, interval) };
}

function verdictOf(kpi: Kpi, d: DifferenceInterval): Delta['verdict'] {
  if (d.significant === null) return 'unknown';
  if (!d.significant) return 'same';
  if (kpi.better === 'neither') return 'changed';
  return d.diff > 0 === (kpi.better === 'higher') ? 'better' : 'worse';
}
