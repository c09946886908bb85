import { studentTQuantile } from '../metrics/confidence-interval.js';
import type { Kpi } from './kpi-definition.js';
import { replicationCount, type ResultDocument } from './result-document.js';

/**
 * A scenario's KPI minus the baseline's, with a 95% confidence interval:
 * - `paired`: both ran with common random numbers (same seed, same replication count): the interval is
 *   the Student-t interval of the per-replication differences (Law, §10.2.1, paired-t), which CRN
 *   makes much narrower than the unpaired one;
 * - `welch`: otherwise, Welch's unequal-variance interval from the two estimates;
 * - `none`: fewer than 2 replications on a side: no interval, significance unknown.
 * `significant` = the interval excludes 0 (a deterministic difference with zero width counts when ≠ 0).
 */
export interface Delta {
  readonly diff: number;
  readonly half_width: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** diff ÷ |baseline mean|; null when the baseline is 0 */
  readonly relative: number | null;
  readonly method: 'paired' | 'welch' | 'none';
  readonly significant: boolean | null;
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
  const diff = o.mean - b.mean;
  const relative = b.mean !== 0 ? diff / Math.abs(b.mean) : null;
  let half: number | null = null;
  let method: Delta['method'] = 'none';
  const bv = kpi.values(baseline);
  const ov = kpi.values(other);
  if (commonRandomNumbers(baseline, other) && bv && ov && bv.length === ov.length && bv.length >= 2) {
    half = pairedHalfWidth(ov.map((x, i) => x - bv[i]!));
    method = 'paired';
  } else if (b.n >= 2 && o.n >= 2) {
    half = welchHalfWidth(b.sd, b.n, o.sd, o.n);
    method = 'welch';
  }
  const low = half === null ? null : diff - half;
  const high = half === null ? null : diff + half;
  const significant = half === null ? null : half === 0 ? diff !== 0 : low! > 0 || high! < 0;
  let verdict: Delta['verdict'];
  if (significant === null) verdict = 'unknown';
  else if (!significant) verdict = 'same';
  else if (kpi.better === 'neither') verdict = 'changed';
  else verdict = (diff > 0) === (kpi.better === 'higher') ? 'better' : 'worse';
  return { diff, half_width: half, low, high, relative, method, significant, verdict };
}

function pairedHalfWidth(d: readonly number[]): number {
  const n = d.length;
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return sd === 0 ? 0 : studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
}

/** Welch–Satterthwaite: t(0.975, ν) · √(s₁²/n₁ + s₂²/n₂). */
function welchHalfWidth(sd1: number, n1: number, sd2: number, n2: number): number {
  const v1 = (sd1 * sd1) / n1;
  const v2 = (sd2 * sd2) / n2;
  const se2 = v1 + v2;
  if (se2 === 0) return 0;
  const df = (se2 * se2) / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  return studentTQuantile(0.975, df) * Math.sqrt(se2);
}
