import { parse } from 'csv-parse';
import { pipeline, type Readable } from 'node:stream';
import { BlankRun, MAX_BLANK_LINES_IN_A_ROW } from './blank-run.js';

/** Records of a CSV file in file order, with the 1-based line each starts on. Blank lines are dropped. */
export interface CsvBatch {
  readonly records: string[][];
  readonly lines: number[];
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
  let records: string[][] = [];
  let lines: number[] = [];
  let next = 1;
  let ended = false;
  let failure: unknown;
  const blanks = new BlankRun(maxBlankLines);
  let wake: (() => void) | undefined;
  parser.on('data', (record: string[]) => {
    const line = next;
    let extra = 0;
    for (let i = 0; i < record.length; i++) {
      const field = record[i]!;
      for (let p = field.indexOf('\n'); p !== -1; p = field.indexOf('\n', p + 1)) extra++;
    }
    next += 1 + extra;
    if (failure !== undefined) return;
    const blank = record.length === 1 && record[0]!.trim() === '';
    try {
      blanks.see(line, blank);
    } catch (err) {
      // (the records before the run are still delivered, then the loop below throws)
      failure = err;
      parser.pause();
      if (wake !== undefined) wake();
      return;
    }
    if (blank) return;
    records.push(record);
    lines.push(line);
    if (records.length >= BATCH) parser.pause();
    if (wake !== undefined) wake();
  });
  parser.on('end', () => {
    ended = true;
    cursor.lines = next - 1;
    if (wake !== undefined) wake();
  });
  pipeline(stream, parser, (err) => {
    if (err) {
      failure = err;
      if (wake !== undefined) wake();
    }
  });
  try {
    for (;;) {
      if (records.length > 0) {
        const batch = { records, lines };
        records = [];
        lines = [];
        cursor.line = batch.lines[batch.lines.length - 1]!;
        yield batch;
        if (parser.isPaused() && failure === undefined) parser.resume();
        continue;
      }
      if (failure !== undefined) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    parser.destroy();
  }
}
