import { parse } from 'csv-parse';
import { pipeline, type Readable } from 'node:stream';

/** Where the CSV reader is: the 1-based line on which the record just yielded starts. */
export interface CsvCursor {
  line: number;
}

/**
 * Streams CSV records as arrays of strings (csv-parse streaming API, no per-record objects:
 * ≈ 2× faster than its `info` option here). Line numbers are exact without `info`: empty lines
 * are kept by the parser (as `['']`) and skipped here, and a record's physical lines are 1 plus
 * the newlines inside its quoted fields. Blank lines are skipped silently.
 * Quote errors that csv-parse cannot recover from are thrown (as CsvError with `lines`).
 * The caller reads `cursor.line` after each record.
 */
export async function* readCsvRecords(stream: Readable, cursor: CsvCursor, delimiter = ','): AsyncGenerator<string[]> {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  pipeline(stream, parser, () => {});
  let next = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = next;
      let extra = 0;
      for (let i = 0; i < record.length; i++) {
        const field = record[i]!;
        if (field.length > 0 && field.indexOf('\n') !== -1) {
          for (let p = field.indexOf('\n'); p !== -1; p = field.indexOf('\n', p + 1)) extra++;
        }
      }
      next += 1 + extra;
      if (record.length === 1 && record[0]!.trim() === '') continue;
      cursor.line = line;
      yield record;
    }
  } finally {
    parser.destroy();
  }
}
