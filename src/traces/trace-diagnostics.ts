import type { TraceIssue, TraceIssueReason, TraceIssueSeverity } from './trace-issue.js';

/** Counts of one reason. */
export interface TraceIssueCount {
  readonly reason: TraceIssueReason;
  readonly severity: TraceIssueSeverity;
  readonly count: number;
}

/** Plain-data view of a TraceDiagnostics, safe to serialise. */
export interface TraceDiagnosticsSummary {
  /** data rows seen (not header, comment or blank lines) */
  readonly rowsRead: number;
  /** records the reader yielded */
  readonly rowsKept: number;
  /** rows skipped, by any reason */
  readonly rowsSkipped: number;
  /** one entry per reason, in order of first occurrence */
  readonly issues: readonly TraceIssueCount[];
  /** the first `maxExamples` issues of each reason */
  readonly examples: readonly TraceIssue[];
}

/**
 * Collects what readers report: rows read and kept, issue counts per reason, and a few examples per reason.
 * Memory is bounded (examples are capped), so it can watch a trace of any length. One collector may be
 * shared by several readers (their counts add up).
 */
export class TraceDiagnostics {
  rowsRead = 0;
  rowsKept = 0;
  rowsSkipped = 0;
  private readonly counts = new Map<TraceIssueReason, { severity: TraceIssueSeverity; count: number }>();
  private readonly kept: TraceIssue[] = [];
  private readonly maxExamples: number;

  constructor(maxExamples = 5) {
    this.maxExamples = maxExamples;
  }

  record(issue: TraceIssue): void {
    const entry = this.counts.get(issue.reason);
    if (entry === undefined) this.counts.set(issue.reason, { severity: issue.severity, count: 1 });
    else entry.count++;
    if ((entry?.count ?? 1) <= this.maxExamples) this.kept.push(issue);
  }

  /** How many issues of `reason` were reported. */
  count(reason: TraceIssueReason): number {
    return this.counts.get(reason)?.count ?? 0;
  }

  /** Issues of one severity, summed over reasons. */
  countBySeverity(severity: TraceIssueSeverity): number {
    let n = 0;
    for (const entry of this.counts.values()) if (entry.severity === severity) n += entry.count;
    return n;
  }

  get examples(): readonly TraceIssue[] {
    return this.kept;
  }

  summary(): TraceDiagnosticsSummary {
    return {
      rowsRead: this.rowsRead,
      rowsKept: this.rowsKept,
      rowsSkipped: this.rowsSkipped,
      issues: [...this.counts].map(([reason, { severity, count }]) => ({ reason, severity, count })),
      examples: this.kept.slice(),
    };
  }
}
