import type { IssueSink } from './issue-sink.js';
import { parseNumberCell } from './field-values.js';

/** What a negative number means for the field, which picks the reason code. */
export type NumberKind = 'value' | 'time' | 'runtime';

/**
 * Reads a numeric cell. Returns the number; `undefined` when the cell is empty; `null` when the row
 * was skipped (not a number, or negative when `min` is 0) — already reported through the sink.
 */
export function numberCell(text: string | undefined, field: string, line: number, sink: IssueSink, kind: NumberKind = 'value', allowNegative = false): number | undefined | null {
  if (text === undefined) return undefined;
  const n = parseNumberCell(text);
  if (n === undefined) return undefined;
  if (Number.isNaN(n)) {
    sink.skip(line, 'not-a-number', 'error', `'${text}' is not a ${/^\s*[+-]?[\d.]+[eE][+-]?\d+\s*$/.test(text) ? 'finite ' : ''}number`, field);
    return null;
  }
  if (n < 0 && !allowNegative) {
    sink.skip(line, kind === 'time' ? 'negative-time' : kind === 'runtime' ? 'negative-runtime' : 'negative-value', 'error', `${n} is negative`, field);
    return null;
  }
  return n;
}

/** A text cell: trimmed, `undefined` when empty. */
export function textCell(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  return t === '' ? undefined : t;
}

/** Reports `wrong-column-count` and returns false when the row does not have `expected` fields. */
export function checkColumnCount(fields: readonly string[], expected: number, line: number, sink: IssueSink): boolean {
  if (fields.length === expected) return true;
  sink.skip(line, 'wrong-column-count', 'error', `expected ${expected} fields, found ${fields.length}`);
  return false;
}
