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
  | 'duplicate-column'
  | 'blank-lines'
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
  | 'too-many-devices'
  | 'comment-after-data'
  | 'fractional-devices'
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
  /**
   * 1-based character column where the field starts on its line, when known (SWF and CSV rows; for CSV
   * exact unless an earlier field of the row was quoted without needing it); absent otherwise.
   */
  readonly col?: number;
  /** what to do about it */
  readonly hint?: string;
  /** the source field or column involved, in the source's own naming */
  readonly field?: string;
  readonly reason: TraceIssueReason;
  readonly severity: TraceIssueSeverity;
  readonly message: string;
}

/** Default hint per reason: what the person holding the file can do about it. */
export const REASON_HINTS: Readonly<Record<TraceIssueReason, string | undefined>> = {
  'io-error': 'check the path (a trace path in a scenario is relative to the scenario file)',
  'truncated-gzip': 'the file was cut short (an interrupted download or copy?); fetch or export it again',
  'corrupt-gzip': 'the compressed data is damaged; fetch or export the file again',
  'csv-syntax': 'close the quote, or export the file with standard CSV quoting',
  'json-syntax': 'the file must be one JSON array of job objects; was it cut short?',
  'missing-column': 'is the file in the format named? Generic CSV exports name their columns in trace.columns (docs/traces.md)',
  'bad-mapping': 'see docs/traces.md for the column mapping',
  'duplicate-column': 'rename one of the columns in the file, or map the field by its 0-based position ({column: 2})',
  'blank-lines': 'a damaged or wrongly generated file? check it and the export that produced it',
  'empty-file': 'the trace has no rows; check the path and the export that produced it',
  'header-only': 'the trace has no job rows; check the query or time range of the export',
  'wrong-column-count': 'every row needs as many fields as the header',
  'not-a-number': 'fix or delete the row; without strict, bad rows are skipped and counted',
  'bad-timestamp': 'write times like 2024-05-01T12:00:00Z; without strict, bad rows are skipped and counted',
  'negative-value': 'sizes and counts cannot be negative (SWF writes -1 for unknown)',
  'negative-time': 'times count up from the trace origin; fix or delete the row',
  'negative-runtime': 'a job cannot end before it starts; check the start and end columns',
  'zero-devices': 'a job must hold at least one device; without strict, such rows are skipped and counted',
  'missing-field': 'fill in the field or delete the row',
  'malformed-record': 'fix or delete the record',
  'unsorted-submit': 'rows are replayed in file order, an earlier time at the time of the row above; sort the file by submit time',
  'too-many-devices': 'the scheduler rejects such a job (counted in "rejected"); drop these rows with trace.max_devices, or give the pool more nodes',
  'comment-after-data': undefined,
  'fractional-devices': 'a job holds whole devices, or a share of one (0 < devices < 1); trace.strict: true refuses such rows instead',
  'job-not-found': undefined,
  'attempt-missing-time': undefined,
  'unknown-runtime': undefined,
  'unknown-devices': undefined,
  'missing-time': undefined,
  'no-attempts': undefined,
  'still-running': undefined,
};
