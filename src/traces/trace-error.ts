import { InputError } from '../support/input-error.js';
import type { TraceIssue } from './trace-issue.js';

/**
 * A trace that cannot be read as asked: thrown for fatal problems (missing file, truncated gzip,
 * broken CSV quoting, missing column) and, in strict mode, for the first bad row.
 * Message: `file:line: field: message`. Extends InputError, so the CLI exits with code 2 (invalid input).
 */
export class TraceError extends InputError {
  readonly issue: TraceIssue;

  constructor(issue: TraceIssue) {
    super([{ file: issue.file, line: issue.line, col: issue.col ?? 0, field: issue.field ?? '', message: issue.message, ...(issue.hint !== undefined && { hint: issue.hint }) }]);
    this.name = 'TraceError';
    this.issue = issue;
    this.message = formatTraceIssue(issue);
  }
}

/**
 * `file:line:col: field: message (hint: …) [reason]`; without a known column `file:line: …`; line 0
 * (whole file) prints as `file: …`.
 */
export function formatTraceIssue(issue: TraceIssue): string {
  const where = issue.line > 0 ? (issue.col !== undefined && issue.col > 0 ? `${issue.file}:${issue.line}:${issue.col}` : `${issue.file}:${issue.line}`) : issue.file;
  const field = issue.field === undefined || issue.field === '' ? '' : `${issue.field}: `;
  const hint = issue.hint === undefined ? '' : ` (hint: ${issue.hint})`;
  return `${where}: ${field}${issue.message}${hint} [${issue.reason}]`;
}
