import { InputError } from '../input-error.js';
import type { TraceIssue } from './trace-issue.js';

/**
 * A trace that cannot be read as asked: thrown for fatal problems (missing file, truncated gzip,
 * broken CSV quoting, missing column) and, in strict mode, for the first bad row.
 * Message: `file:line: field: message`. Extends InputError, so the CLI exits with code 2 (invalid input).
 */
export class TraceError extends InputError {
  readonly issue: TraceIssue;

  constructor(issue: TraceIssue) {
    super([{ file: issue.file, line: issue.line, col: 0, field: issue.field ?? '', message: issue.message }]);
    this.name = 'TraceError';
    this.issue = issue;
    this.message = formatTraceIssue(issue);
  }
}

/** `file:line: field: message [reason]`; line 0 (whole file) prints as `file`. */
export function formatTraceIssue(issue: TraceIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  const field = issue.field === undefined || issue.field === '' ? '' : `${issue.field}: `;
  return `${where}: ${field}${issue.message} [${issue.reason}]`;
}
