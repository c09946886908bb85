import { isRecord } from '../support/is-record.js';
import type { IssueSink } from './issue-sink.js';
import { openTraceFile, streamFailure } from './open-trace-file.js';
import { readCsvBatches, type CsvBatch, type CsvCursor } from './read-csv-records.js';
import type { TraceSource } from './trace-read-options.js';

export type { CsvBatch } from './read-csv-records.js';

export interface CsvRowsOptions {
  /** true: the first non-blank record is a header; 'auto': it is when `isHeader` says so; false: no header */
  readonly header: boolean | 'auto';
  readonly isHeader?: (record: readonly string[]) => boolean;
  /** Called with the header record (names trimmed) before any data row; may throw (missing columns). */
  readonly onHeader?: (names: string[], line: number) => void;
  readonly delimiter?: string;
}

/**
 * The data records of a CSV trace file in batches, header removed (readers call sink.row() per
 * record they look at). Reports `empty-file` / `header-only` at the end, and turns stream failures into
 * TraceErrors (`truncated-gzip`, `csv-syntax`, …). Internal helper of the CSV-based readers.
 */
export async function* readCsvRows(source: TraceSource, sink: IssueSink, options: CsvRowsOptions): AsyncGenerator<CsvBatch> {
  const trace = await openTraceFile(source, sink);
  const cursor: CsvCursor = { line: 0 };
  let first = true;
  let headerLine = 0;
  let rows = 0;
  try {
    for await (let batch of readCsvBatches(trace.stream, cursor, options.delimiter)) {
      if (first) {
        first = false;
        const head = batch.rows[0];
        if (head !== undefined && (options.header === true || (options.header === 'auto' && options.isHeader?.(head.fields) === true))) {
          headerLine = head.line;
          const names = head.fields.map((name) => name.trim());
          sink.columns(names, options.delimiter);
          options.onHeader?.(names, headerLine);
          batch = { rows: batch.rows.slice(1) };
          if (batch.rows.length === 0) continue;
        }
      }
      rows += batch.rows.length;
      yield batch;
    }
  } catch (err) {
    if (isRecord(err) && typeof err['code'] === 'string' && err['code'].startsWith('CSV_')) {
      const line = typeof err['lines'] === 'number' ? err['lines'] : cursor.line + 1;
      sink.fatal(line, 'csv-syntax', `CSV syntax error: ${typeof err['message'] === 'string' ? err['message'] : err['code']}`);
    }
    throw streamFailure(err, sink, cursor.line + 1);
  } finally {
    trace.close();
  }
  const physicalLines = cursor.lines ?? 0;
  if (first) sink.report(0, 'empty-file', 'error', physicalLines === 0 ? 'the file is empty' : `the file has no rows: its ${physicalLines.toLocaleString('en-US')} line(s) are all blank`);
  else if (rows === 0 && headerLine > 0) sink.report(headerLine, 'header-only', 'error', 'the file has a header but no data rows');
}

/**
 * Column positions by header name. Throws (fatal `missing-column`) when a required name is absent,
 * listing what the header does have.
 */
export function columnIndex(names: readonly string[], required: readonly string[], sink: IssueSink, line: number): Map<string, number> {
  checkDuplicateColumns(names, required, sink, line, 'rename or remove the extra column; the format reads its columns by name');
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const missing = required.filter((name) => !index.has(name));
  if (missing.length > 0) {
    sink.fatal(line, 'missing-column', `missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}; the header has ${listNames(names)}`, missing[0]);
  }
  return index;
}

/**
 * Refuses a header where a column the reader uses (`used`) appears more than once — which one to read
 * would be a guess — located at its second occurrence; warns once per other repeated name (never read,
 * so harmless, but a sign of a botched export).
 */
export function checkDuplicateColumns(names: readonly string[], used: readonly string[], sink: IssueSink, line: number, hint?: string): void {
  const first = new Map<string, number>();
  const warned = new Set<string>();
  names.forEach((name, i) => {
    const at = first.get(name);
    if (at === undefined) {
      first.set(name, i);
      return;
    }
    const where = `fields ${at + 1} and ${i + 1}`;
    if (used.includes(name)) {
      sink.headerIssue(
        line,
        names,
        i,
        'duplicate-column',
        'error',
        `column '${name}' is in the header more than once (${where}): which one to read is ambiguous`,
        hint ?? `rename one of them in the file, or map the field by its 0-based position: {column: ${at}} or {column: ${i}}`,
      );
    } else if (!warned.has(name) && name !== '') {
      warned.add(name);
      sink.headerIssue(
        line,
        names,
        i,
        'duplicate-column',
        'warning',
        `column '${name}' is in the header more than once (${where}); it is not read, so this changes nothing`,
        'rename or drop the extra column in the export',
      );
    }
  });
}

/** A header's names for a message: quoted, each cut to 40 characters, at most 20 of them. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((n) => `'${n.length > 40 ? `${n.slice(0, 39)}…` : n}'`);
  return names.length > 20 ? `${shown.join(', ')} and ${names.length - 20} more` : shown.join(', ');
}
