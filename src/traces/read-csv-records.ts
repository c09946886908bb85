import { parse } from 'csv-parse';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { BlankRun, MAX_BLANK_LINES_IN_A_ROW } from './blank-run.js';

/** A CSV record with the 1-based line it starts on. */
export interface CsvRow {
  readonly fields: string[];
  readonly line: number;
}

/** Records of a CSV file in file order. Blank lines are dropped. */
export interface CsvBatch {
  readonly rows: CsvRow[];
}

/** Where the reader has got to, for messages about failures between records. */
export interface CsvCursor {
  /** line of the last record delivered (0 before the first) */
  line: number;
  /** physical lines the parser has read, blank ones included (set at the end of the file) */
  lines?: number;
}

const BATCH = 2048;

/**
 * Streams CSV records (csv-parse streaming API, arrays of strings) in batches, so the async
 * hand-over costs once per batch, not per record. Line numbers are exact without csv-parse's
 * `info` option (≈ 2× slower here): empty lines are kept by the parser as `['']` and dropped here,
 * and a record spans 1 + (newlines inside its quoted fields) physical lines. Whitespace-only lines
 * count as blank; more than `maxBlankLines` of them in a row throw TRACE_BLANK_LINES (blank-run.ts). Quote
 * errors csv-parse cannot recover from are thrown as its CsvError (with `lines`).
 */
export async function* readCsvBatches(stream: Readable, cursor: CsvCursor, delimiter = ',', maxBlankLines = MAX_BLANK_LINES_IN_A_ROW): AsyncGenerator<CsvBatch> {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    // a damaged or binary file must fail, not buffer without end
    max_record_size: 16 * 2 ** 20,
  });
  withoutStackTraces(parser);
  let rows: CsvRow[] = [];
  let next = 1;
  let ended = false;
  // boxed: whatever the parser or the blank-line bound threw, even a falsy value, is rethrown as it is
  let failure: { readonly error: unknown } | undefined;
  const blanks = new BlankRun(maxBlankLines);
  let wake: (() => void) | undefined;
  parser.on('data', (record: string[]) => {
    const line = next;
    let extra = 0;
    for (const field of record) {
      for (let p = field.indexOf('\n'); p !== -1; p = field.indexOf('\n', p + 1)) extra++;
    }
    next += 1 + extra;
    if (failure !== undefined) return;
    const blank = record.length === 1 && record[0]?.trim() === '';
    try {
      blanks.see(line, blank);
    } catch (err) {
      // (the records before the run are still delivered, then the loop below throws)
      failure = { error: err };
      parser.pause();
      if (wake !== undefined) wake();
      return;
    }
    if (blank) return;
    rows.push({ fields: record, line });
    if (rows.length >= BATCH) parser.pause();
    if (wake !== undefined) wake();
  });
  parser.on('end', () => {
    ended = true;
    cursor.lines = next - 1;
    if (wake !== undefined) wake();
  });
  pipeline(stream, parser, (err) => {
    if (err) {
      failure = { error: err };
      if (wake !== undefined) wake();
    }
  });
  try {
    for (;;) {
      const last = rows.at(-1);
      if (last !== undefined) {
        const batch = { rows };
        rows = [];
        cursor.line = last.line;
        yield batch;
        if (parser.isPaused() && failure === undefined) parser.resume();
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    parser.destroy();
  }
}

/**
 * csv-parse builds a CsvError (two stack captures and a JSON copy of the record) for every record
 * whose field count differs from the first record's, even with `relax_column_count` on, where it only
 * counts it. Blank lines and ragged rows then cost about 60 µs each: 100,000 blank lines took 4 s of
 * CPU. While the parser works on a chunk, errors capture no stack; the errors that reach us are read
 * for their code, message and line numbers, never their stack.
 */
function withoutStackTraces(parser: Transform): void {
  const transform = parser._transform.bind(parser);
  const flush = parser._flush?.bind(parser);
  const quiet = <T>(work: () => T): T => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return work();
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  parser._transform = (chunk, encoding, callback) => quiet(() => transform(chunk, encoding, callback));
  if (flush !== undefined) parser._flush = (callback) => quiet(() => flush(callback));
}
