import { TraceDiagnostics } from './trace-diagnostics.js';
import { TraceError } from './trace-error.js';
import type { TraceIssue, TraceIssueReason, TraceIssueSeverity } from './trace-issue.js';
import type { TraceReadOptions, TraceSource } from './trace-read-options.js';

/** Display name of a source: the option, else the path (file: URLs shown as paths). */
export function sourceName(source: TraceSource, options: TraceReadOptions): string {
  if (options.name !== undefined) return options.name;
  return typeof source === 'string' ? source : source.protocol === 'file:' ? decodeURIComponent(source.pathname) : source.href;
}

/**
 * A reader's link to its caller for one file: reports issues (collector, callback, strict throw),
 * counts rows, and watches submit order. Internal to src/traces.
 */
export class IssueSink {
  readonly file: string;
  readonly diagnostics: TraceDiagnostics;
  private readonly strict: boolean;
  private readonly onIssue: ((issue: TraceIssue) => void) | undefined;
  private lastSubmit = -Infinity;
  private lastSubmitLine = 0;

  constructor(file: string, options: TraceReadOptions) {
    this.file = file;
    this.diagnostics = options.diagnostics ?? new TraceDiagnostics();
    this.strict = options.strict === true;
    this.onIssue = options.onIssue;
  }

  /** Reports an issue; throws TraceError for an `error` in strict mode. Skipping the row is the caller's job. */
  report(line: number, reason: TraceIssueReason, severity: TraceIssueSeverity, message: string, field?: string): void {
    const issue = this.make(line, reason, severity, message, field);
    this.diagnostics.record(issue);
    this.onIssue?.(issue);
    if (this.strict && severity === 'error') throw new TraceError(issue);
  }

  /** Reports a skipped row (an `error` or `info` issue) and counts it as skipped. */
  skip(line: number, reason: TraceIssueReason, severity: 'error' | 'info', message: string, field?: string): void {
    this.report(line, reason, severity, message, field);
    this.diagnostics.rowsSkipped++;
  }

  /** Records and throws an error the read cannot continue after, whatever the mode. */
  fatal(line: number, reason: TraceIssueReason, message: string, field?: string): never {
    const issue = this.make(line, reason, 'error', message, field);
    this.diagnostics.record(issue);
    this.onIssue?.(issue);
    throw new TraceError(issue);
  }

  /** A data row was read (kept or not). */
  row(): void {
    this.diagnostics.rowsRead++;
  }

  /**
   * A record is about to be yielded: counts it and warns when its submit time is earlier than the
   * previous kept record's (readers never sort; a warning per descent, not per row after an outlier).
   */
  keep(line: number, submit: number): void {
    this.diagnostics.rowsKept++;
    if (submit < this.lastSubmit) {
      this.report(
        line,
        'unsorted-submit',
        'warning',
        `submitted at ${submit} s, before the record on line ${this.lastSubmitLine} (${this.lastSubmit} s); rows are yielded in file order`,
        'submit',
      );
    }
    this.lastSubmit = submit;
    this.lastSubmitLine = line;
  }

  private make(line: number, reason: TraceIssueReason, severity: TraceIssueSeverity, message: string, field?: string): TraceIssue {
    return field === undefined ? { file: this.file, line, reason, severity, message } : { file: this.file, line, field, reason, severity, message };
  }
}
