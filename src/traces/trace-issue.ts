/**
 * A problem found while reading a trace, tied to a 1-based line of the (decompressed) file.
 *
 * Severity says what happened to the row:
 * - `error`: the row is malformed and was skipped; strict mode throws a TraceError instead. File-level
 *   errors (empty file, header only) use line 0 or the header's line.
 * - `warning`: the row was kept but looks wrong (e.g. submitted before the row above it).
 * - `info`: the row was skipped because the format's own conventions say it cannot be replayed
 *   (SWF `-1` runtime, a pod that was never scheduled); expected in real traces, never thrown.
 */
export type TraceIssueSeverity = 'error' | 'warning' | 'info';

/** Stable reason codes: counts are kept per code, tests and callers match on them. */
export type TraceIssueReason =
  // whole file (fatal ones are always thrown)
  | 'io-error'
  | 'truncated-gzip'
  | 'corrupt-gzip'
  | 'csv-syntax'
  | 'json-syntax'
  | 'missing-column'
  | 'bad-mapping'
  | 'empty-file'
  | 'header-only'
  // row errors
  | 'wrong-column-count'
  | 'not-a-number'
  | 'bad-timestamp'
  | 'negative-value'
  | 'negative-time'
  | 'negative-runtime'
  | 'zero-devices'
  | 'missing-field'
  | 'malformed-record'
  // warnings
  | 'unsorted-submit'
  | 'comment-after-data'
  | 'job-not-found'
  | 'attempt-missing-time'
  // documented skips
  | 'unknown-runtime'
  | 'unknown-devices'
  | 'missing-time'
  | 'no-attempts'
  | 'still-running';

export interface TraceIssue {
  /** the file as the caller named it */
  readonly file: string;
  /** 1-based; 0 for the file as a whole */
  readonly line: number;
  /** the source field or column involved, in the source's own naming */
  readonly field?: string;
  readonly reason: TraceIssueReason;
  readonly severity: TraceIssueSeverity;
  readonly message: string;
}
