import type { MemoryUnit, TimeUnit } from './field-values.js';

/** How a CSV trace's columns map to TraceJob fields (read-csv-trace.ts documents each kind). */
/** One column and how to read it. */
export interface CsvColumn {
  /** header name, or 0-based position (required when the file has no header) */
  readonly column: string | number;
  /** time and duration fields: a TimeUnit (default 's'); memory: a MemoryUnit (default 'B') */
  readonly unit?: TimeUnit | MemoryUnit;
  /** multiplies the value after the unit (e.g. 0.01 for a percent-of-a-GPU column) */
  readonly scale?: number;
  /** time fields only: 'number' (default) or 'datetime' */
  readonly format?: 'number' | 'datetime';
  /** gpuModel only: list separator, default '|' */
  readonly separator?: string;
}

/** A column name with default options, or a column spec. */
export type CsvColumnRef = string | CsvColumn;

/** Which column gives which TraceJob field. Only submit and devices are required. */
export interface CsvColumnMapping {
  readonly submit: CsvColumnRef;
  /** a column, or the same device count for every row */
  readonly devices: CsvColumnRef | number;
  readonly id?: CsvColumnRef;
  readonly runtime?: CsvColumnRef;
  readonly start?: CsvColumnRef;
  readonly end?: CsvColumnRef;
  readonly requestedTime?: CsvColumnRef;
  readonly work?: CsvColumnRef;
  readonly wait?: CsvColumnRef;
  readonly requestedDevices?: CsvColumnRef;
  readonly cpus?: CsvColumnRef;
  readonly nodes?: CsvColumnRef;
  readonly instances?: CsvColumnRef;
  readonly memory?: CsvColumnRef;
  readonly gpuModel?: CsvColumnRef;
  readonly user?: CsvColumnRef;
  readonly group?: CsvColumnRef;
  readonly queue?: CsvColumnRef;
  readonly partition?: CsvColumnRef;
  readonly priority?: CsvColumnRef;
  readonly qos?: CsvColumnRef;
  readonly status?: CsvColumnRef;
}
