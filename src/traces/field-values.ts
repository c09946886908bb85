/**
 * Parsing of single field values shared by the readers. Pure functions; no locale, no Date parsing
 * of free text (Date.parse accepts too much and reads zone-less times as local time).
 */

/** A number cell: undefined when empty (after trimming), NaN when not a finite decimal number. */
export function parseNumberCell(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  // Number() also accepts hex, binary and 'Infinity'; traces only hold decimals.
  if (!DECIMAL.test(t)) return NaN;
  const n = Number(t);
  // 1e400 overflows to Infinity: not a value any trace field can hold.
  return Number.isFinite(n) ? n : NaN;
}
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * An instant split so that differences keep sub-microsecond precision: `seconds` is a whole number of
 * seconds since 1970-01-01T00:00:00Z (exact in a double), `fraction` the part of a second in [0, 1).
 * Epoch seconds with 7 fractional digits (Azure) would need 17 significant digits in one double.
 */
export interface Instant {
  readonly seconds: number;
  readonly fraction: number;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses `YYYY-MM-DD[( |T)HH:MM[:SS[.fffffffff]]][Z|UTC|±HH[:MM]]`. A time without a zone is read
 * as UTC (trace times are zone-less wall-clock times; only differences are used). Returns undefined
 * for anything else, or for an impossible date or time (month 13, 25:00, Feb 30).
 */
export function parseInstant(text: string): Instant | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  let seconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 3600 + (digits.length > 2 ? Number(digits.slice(2, 4)) * 60 : 0);
    seconds -= sign * offset;
  }
  const fraction = m[7] === undefined ? 0 : Number(m[7]) / 10 ** m[7].length;
  return { seconds, fraction };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Seconds from `origin` to `t`, exact to the double's precision for spans up to centuries. */
export function secondsBetween(origin: Instant, t: Instant): number {
  return t.seconds - origin.seconds + (t.fraction - origin.fraction);
}

/** Duration units accepted in column mappings, in seconds. */
export const TIME_UNITS = {
  ns: 1e-9,
  us: 1e-6,
  ms: 1e-3,
  s: 1,
  min: 60,
  h: 3600,
  d: 86400,
} as const;
export type TimeUnit = keyof typeof TIME_UNITS;

/** Memory units accepted in column mappings, in bytes (SI and IEC). */
export const MEMORY_UNITS = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
} as const;
export type MemoryUnit = keyof typeof MEMORY_UNITS;
