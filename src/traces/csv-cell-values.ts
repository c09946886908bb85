import type { Instant } from './field-values.js';

/** A mapped CSV cell once read: by field kind a number, a text, a list of texts or a timestamp. */
export type CellValue = number | string | readonly string[] | Instant | undefined;

export const numberIn = (v: CellValue): number | undefined => (typeof v === 'number' ? v : undefined);
export const textIn = (v: CellValue): string | undefined => (typeof v === 'string' ? v : undefined);
export const instantIn = (v: CellValue): Instant | undefined => (typeof v === 'object' && 'seconds' in v ? v : undefined);
export const listIn = (v: CellValue): readonly string[] | undefined => (typeof v === 'object' && !('seconds' in v) ? v : undefined);
