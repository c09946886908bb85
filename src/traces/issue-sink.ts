import { escapeControlChars } from '../support/escape-control-chars.js';
import { TraceDiagnostics } from './trace-diagnostics.js';
import { TraceError } from './trace-error.js';
import { REASON_HINTS, type TraceIssue, type TraceIssueReason, type TraceIssueSeverity } from './trace-issue.js';
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
  // Where the current row's fields are, for the column of an issue (computed only when one is reported).
  private cells: readonly string[] | undefined;
  private text: string | undefined;
  private names: ReadonlyMap<string, number> | undefined;
  private delimiter = ',';

  constructor(file: string, options: TraceReadOptions) {
    this.file = file;
    this.diagnostics = options.diagnostics ?? new TraceDiagnostics();
    this.strict = options.strict === true;
    this.onIssue = options.onIssue;
  }

  /** Reports an issue; throws TraceError for an `error` in strict mode. Skipping the row is the caller's job. */
  report(line: number, reason: TraceIssueReason, severity: TraceIssueSeverity, message: string, field?: string, hint?: string): void {
    const issue = this.make(line, reason, severity, message, field, hint ?? REASON_HINTS[reason], true);
    this.diagnostics.record(issue);
    this.onIssue?.(issue);
    if (this.strict && severity === 'error') throw new TraceError(issue);
  }

  /** Reports a skipped row (an `error` or `info` issue) and counts it as skipped. */
  skip(line: number, reason: TraceIssueReason, severity: 'error' | 'info', message: string, field?: string, hint?: string): void {
    this.report(line, reason, severity, message, field, hint);
    this.diagnostics.rowsSkipped++;
  }

  /**
   * The devices a row's job holds: whole devices, or a share of one (0 < x < 1, GPU sharing). A count
   * above 1 that is not whole (1.5 GPUs: a sharing trace's 3 instances × 0.5, or a botched export) could
   * never be placed; it is rounded up — the job holds its last device whole — with a
   * `fractional-devices` warning (an error under strict), so the row's load is replayed and counted,
   * never silently lost. Values within 1e-9 of a whole number (floating-point products) are that number.
   */
  wholeDevices(line: number, devices: number, field: string): number {
    if (!(devices > 1) || Number.isInteger(devices)) return devices;
    const nearest = Math.round(devices);
    if (Math.abs(devices - nearest) < 1e-9) return nearest;
    const whole = Math.ceil(devices);
    if (this.strict) {
      this.report(
        line,
        'fractional-devices',
        'error',
        `asks for ${devices} devices, which no node can give`,
        field,
        `round it in the file; without strict the row is replayed as ${whole} whole devices`,
      );
    }
    this.report(line, 'fractional-devices', 'warning', `asks for ${devices} devices, which no node can give; replayed as ${whole} whole devices`, field);
    return whole;
  }

  /** Records and throws an error the read cannot continue after, whatever the mode (no column: it is not about a row's field). */
  fatal(line: number, reason: TraceIssueReason, message: string, field?: string, hint?: string): never {
    const issue = this.make(line, reason, 'error', message, field, hint ?? REASON_HINTS[reason], false);
    this.diagnostics.record(issue);
    this.onIssue?.(issue);
    throw new TraceError(issue);
  }

  /**
   * An issue about the header record (`names`) at the column of `names[index]`; an `error` stops the read
   * whatever the mode (a header problem concerns every row).
   */
  headerIssue(line: number, names: readonly string[], index: number, reason: TraceIssueReason, severity: 'error' | 'warning', message: string, hint?: string): void {
    const issue: TraceIssue = { ...this.make(line, reason, severity, message, names[index], hint ?? REASON_HINTS[reason], false), col: csvColumn(names, index, this.delimiter) };
    this.diagnostics.record(issue);
    this.onIssue?.(issue);
    if (severity === 'error') throw new TraceError(issue);
  }

  /**
   * A data row was read (kept or not). `cells`: its CSV fields; `text`: its raw line when fields are
   * separated by whitespace (SWF). Either lets an issue name the column of its field.
   */
  row(cells?: readonly string[], text?: string): void {
    this.diagnostics.rowsRead++;
    this.cells = cells;
    this.text = text;
  }

  /** Names of the columns in order (a CSV header, or a headerless format's fixed layout), and the delimiter. */
  columns(names: readonly string[], delimiter = ','): void {
    const index = new Map<string, number>();
    names.forEach((n, i) => {
      if (!index.has(n)) index.set(n, i);
    });
    this.names = index;
    this.delimiter = delimiter;
  }

  /**
   * A record is about to be yielded: counts it and warns when its submit time is earlier than the
   * previous kept record's (readers never sort; a warning per descent, not per row after an outlier).
   */
  keep(line: number, submit: number): void {
    this.diagnostics.rowsKept++;
    if (submit < this.lastSubmit) {
      this.report(line, 'unsorted-submit', 'warning', `submitted at ${submit} s, before the record on line ${this.lastSubmitLine} (${this.lastSubmit} s); rows are yielded in file order`, 'submit');
    }
    this.lastSubmit = submit;
    this.lastSubmitLine = line;
  }

  private make(line: number, reason: TraceIssueReason, severity: TraceIssueSeverity, message: string, field: string | undefined, hint: string | undefined, ofRow: boolean): TraceIssue {
    const col = ofRow && line > 0 ? this.columnOf(field) : 0;
    return {
      file: this.file,
      line,
      ...(col > 0 && { col }),
      ...(field !== undefined && { field: printable(field, 120) }),
      reason,
      severity,
      message: printable(message, 400),
      ...(hint !== undefined && { hint }),
    };
  }

  /** 1-based character column of `field` on the current row; 1 for the row as a whole; 0 when unknown. */
  private columnOf(field: string | undefined): number {
    if (this.cells === undefined && this.text === undefined) return 0;
    if (field === undefined) return 1;
    let index = this.names?.get(field);
    if (index === undefined) {
      const m = /^(?:field (\d+)|column (\d+))\b/.exec(field);
      if (m?.[1] !== undefined) index = Number(m[1]) - 1;
      else if (m?.[2] !== undefined) index = Number(m[2]);
    }
    if (index === undefined) return 0;
    if (this.text !== undefined) return tokenColumn(this.text, index);
    return this.cells === undefined ? 0 : csvColumn(this.cells, index, this.delimiter);
  }
}

/** Column of the index-th whitespace-separated token of `text` (1-based; 0 when there are fewer tokens). */
function tokenColumn(text: string, index: number): number {
  let i = 0;
  for (let k = 0; ; k++) {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    if (i >= text.length) return 0;
    if (k === index) return i + 1;
    while (i < text.length && !/\s/.test(text.charAt(i))) i++;
  }
}

/**
 * Column of the index-th field of a parsed CSV record, assuming fields were quoted only when they had to
 * be (a delimiter, quote or line break inside). 0 when unknown (past the end, or after a field spanning lines).
 */
function csvColumn(cells: readonly string[], index: number, delimiter: string): number {
  if (index >= cells.length) return 0;
  let col = 1;
  for (const c of cells.slice(0, index)) {
    if (c.includes('\n')) return 0;
    const quoted = c.includes(delimiter) || c.includes('"') || c.includes('\r');
    col += c.length + 1 + (quoted ? 2 + (c.match(/"/g)?.length ?? 0) : 0);
  }
  return col;
}

/**
 * Text from a file made safe to print: control, bidirectional and invisible format characters (and the
 * replacement character that stands for bytes that are not UTF-8) escaped (escapeControlChars), and cut at `max` characters, so a binary or hostile trace cannot
 * flood or drive the terminal.
 */
export function printable(text: string, max: number): string {
  const out = escapeControlChars(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
