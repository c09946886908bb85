import { parse } from 'csv-parse/sync';
import { InputError } from '../../support/input-error.js';
import { readBoundedFile } from '../../support/read-bounded-file.js';

/** Measured points are typed by hand or exported from a spreadsheet: a few hundred rows at most. */
export const CALIBRATION_CSV_LIMIT = {
  bytes: 4 * 1024 * 1024,
  typical: 'a calibration CSV is a few kB, one row per measurement',
  hint: 'give the CSV of measured points (docs/calibration.md); is this the right file?',
};

/** The bytes of the points file (hashed into the override profile's provenance). @throws InputError: missing, a folder, too large, unreadable */
export function readCalibrationFile(file: string): Buffer {
  try {
    return readBoundedFile(file, CALIBRATION_CSV_LIMIT);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw InputError.single({ file, line: 0, col: 0, field: '', message: 'is a folder, not a file', hint: 'name the CSV of measured points' });
    if (code === 'ENOENT') throw InputError.single({ file, line: 0, col: 0, field: '', message: 'cannot read: ENOENT', hint: 'no such file: check the path and the current folder' });
    throw InputError.single({ file, line: 0, col: 0, field: '', message: `cannot read: ${code ?? (err as Error).message}` });
  }
}

/** One data row of the CSV: its fields by column name, with where each field starts (for located messages). */
export interface CsvCells {
  /** 1-based data row (the header is row 0) */
  readonly row: number;
  /** 1-based line of the file the row starts on */
  readonly line: number;
  readonly get: (column: string) => string | undefined;
  /** 1-based character column where `column`'s field starts on `line` (1 when it cannot be told) */
  readonly colOf: (column: string) => number;
}

/** Byte offsets of the fields of one physical line (commas outside double quotes), 1-based. */
function fieldStarts(line: string): number[] {
  const starts = [1];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) starts.push(i + 2);
  }
  return starts;
}

/**
 * Parses the CSV text of measured points (csv-parse, RFC 4180 quoting): a header naming the columns, then one
 * row per measurement. Blank lines and lines starting with `#` are skipped. Column names are lower-cased
 * and trimmed; a repeated column name is refused.
 * @throws InputError located at the line and column of the problem
 */
export function readCalibrationCsv(
  file: string,
  text: string,
): { readonly columns: readonly string[]; readonly headerLine: number; readonly headerCol: (column: string) => number; readonly rows: readonly CsvCells[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, comment: '#', comment_no_infix: true, relax_column_count: true, trim: true, bom: true }) as never;
  } catch (err) {
    const e = err as { message: string; lines?: number; column?: number };
    throw InputError.single({ file, line: e.lines ?? 0, col: 1, field: '', message: `is not valid CSV: ${e.message.replace(/^Invalid (Record|Opening Quote|Closing Quote)[^:]*: /, '')}` });
  }
  const physical = text.split(/\r?\n/);
  const header = records[0];
  if (!header) throw InputError.single({ file, line: 0, col: 0, field: '', message: 'has no header and no rows', hint: 'docs/calibration.md shows the columns' });
  const columns = header.record.map((c) => c.trim().toLowerCase());
  const headerLine = header.info.lines;
  const headerStarts = fieldStarts(physical[headerLine - 1] ?? '');
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    if (seen.has(c))
      throw InputError.single({ file, line: headerLine, col: headerStarts[i] ?? 1, field: c, message: `is a repeated column (also column ${(seen.get(c) ?? 0) + 1})`, hint: 'name each column once' });
    seen.set(c, i);
  });
  const rows = records.slice(1).map(({ record, info }, k): CsvCells => {
    // csv-parse counts the lines read so far; a record without quoted newlines sits on the last of them
    const line = info.lines;
    if (record.length > columns.length) {
      const starts = fieldStarts(physical[line - 1] ?? '');
      throw InputError.single({
        file,
        line,
        col: starts[columns.length] ?? 1,
        field: '',
        message: `has ${record.length} fields, the header ${columns.length}`,
        hint: 'quote a value that holds a comma',
      });
    }
    const starts = fieldStarts(physical[line - 1] ?? '');
    return {
      row: k + 1,
      line,
      get: (column) => {
        const i = seen.get(column);
        const v = i === undefined ? undefined : record[i];
        return v === undefined || v === '' ? undefined : v;
      },
      colOf: (column) => starts[seen.get(column) ?? 0] ?? 1,
    };
  });
  return { columns, headerLine, headerCol: (column) => headerStarts[seen.get(column) ?? 0] ?? 1, rows };
}
