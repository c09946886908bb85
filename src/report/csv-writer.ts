import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of the product: the sweep results CSV, `run --jobs-csv` and every CSV file of
 * `report --csv` / `compare --csv` go through here. Quoting and escaping are csv-stringify's (RFC 4180:
 * a field with a comma, a quote or a line break is quoted, quotes doubled); records end with `\n`.
 *
 * Spreadsheet formula guard (OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return is written with a leading apostrophe, so Excel, LibreOffice and Google
 * Sheets show it as text instead of running it (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`). Names and
 * labels come from user files (scenario, workload, pool and parameter names, trace rows), so every
 * text cell, header cells included, is guarded.
 *
 * Numbers are data, not text: a number cell is written as the number (`-3`, `1e-7`), never guarded,
 * so a negative value stays a negative value in the spreadsheet. NaN has no value and is written
 * empty; ±Infinity as `Infinity` / `-Infinity` (what `Number()` reads back). Booleans are `true` /
 * `false`; null and undefined are empty; objects and arrays are their JSON text, guarded like text.
 */
export type CsvCell = string | number | boolean | null | undefined | object;

/** Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, hide one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet must show it: prefixed with `'` when it would start a formula. */
export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell's text before quoting (see the module comment for each kind). */
function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return defuseFormula(value);
  return defuseFormula(JSON.stringify(value));
}

/** Records as CSV text, one line (`\n`-terminated) each: for files written record by record. */
export function csvRecords(records: readonly (readonly CsvCell[])[]): string {
  if (records.length === 0) return '';
  return stringify(records.map((r) => r.map(cellText)));
}

/** One record as one CSV line, `\n`-terminated. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return csvRecords([cells]);
}

/** A whole table: the header line, then one line per row. */
export function csvTable(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return csvRecords([columns, ...rows]);
}
