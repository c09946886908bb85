/**
 * The planning calendar: time 0 is simulation time 0; a year is 365.25 d and a month exactly 1/12 of
 * it (30.4375 d), so twelve months make a year and years are whole groups of months. Money over time
 * is kept as one number per month of the planning horizon; the last month is partial when the
 * horizon is not a whole number of months. Nothing before time 0 or at/after the horizon is counted.
 */

/** s in a year (365.25 d) */
export const SECONDS_PER_YEAR = 365.25 * 86_400;
/** s in a month (1/12 year) */
export const SECONDS_PER_MONTH = SECONDS_PER_YEAR / 12;
/** J in a kWh */
export const JOULES_PER_KWH = 3.6e6;

/** Relative slack so that a horizon of exactly 60 months is 60 buckets despite rounding. */
const EPS = 1e-9;

/**
 * Number of month buckets covering [0, horizon): ceil(horizon / month).
 * @throws RangeError when the horizon is not a positive finite number of seconds
 */
export function monthsIn(horizon: number): number {
  if (!(horizon > 0) || !Number.isFinite(horizon)) throw new RangeError(`planning horizon must be a positive number of seconds, got ${horizon}`);
  return Math.max(1, Math.ceil(horizon / SECONDS_PER_MONTH - EPS));
}

/** Number of year buckets covering [0, horizon). */
export function yearsIn(horizon: number): number {
  return Math.max(1, Math.ceil(horizon / SECONDS_PER_YEAR - EPS));
}

/** s at the end of month bucket `m` (0-based): min((m + 1) months, horizon). */
export function monthEnd(m: number, horizon: number): number {
  return Math.min((m + 1) * SECONDS_PER_MONTH, horizon);
}

/** A fresh all-zero month array for the horizon. */
export function zeroMonths(horizon: number): number[] {
  return new Array<number>(monthsIn(horizon)).fill(0);
}

/**
 * Adds a flow of `rate` per second over [from, to) ∩ [0, horizon) to the month buckets, each month
 * getting rate × the seconds of the interval that fall in it.
 */
export function addFlow(months: number[], horizon: number, from: number, to: number, rate: number): void {
  if (rate === 0) return;
  const a = Math.max(0, from);
  const b = Math.min(horizon, to);
  if (!(b > a)) return;
  const first = Math.floor(a / SECONDS_PER_MONTH);
  for (let m = first; m < months.length; m++) {
    const start = m * SECONDS_PER_MONTH;
    if (start >= b) break;
    const overlap = Math.min(b, start + SECONDS_PER_MONTH) - Math.max(a, start);
    if (overlap > 0) months[m] = (months[m] ?? 0) + rate * overlap;
  }
}

/** Adds a one-off `amount` paid at time t to its month; ignored when t < 0 or t ≥ horizon. */
export function addAt(months: number[], horizon: number, t: number, amount: number): void {
  if (amount === 0 || t < 0 || t >= horizon) return;
  const m = Math.min(months.length - 1, Math.floor(t / SECONDS_PER_MONTH));
  months[m] = (months[m] ?? 0) + amount;
}

/** Sum of an array of numbers. */
export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Element-wise a += b (same length). */
export function addInto(a: number[], b: readonly number[]): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] ?? 0) + (b[i] ?? 0);
}

/**
 * Adds an `amount` paid at the end of a month — at time t, closing the month that ends at t — to
 * that month; ignored when t ≤ 0 or t > horizon (times within a microsecond-scale tolerance of a
 * month boundary or of the horizon count as on it).
 */
export function addAtMonthEnd(months: number[], horizon: number, t: number, amount: number): void {
  const tol = EPS * SECONDS_PER_MONTH;
  if (amount === 0 || t <= tol || t > horizon + tol) return;
  const m = Math.min(months.length - 1, Math.max(0, Math.ceil(t / SECONDS_PER_MONTH - EPS) - 1));
  months[m] = (months[m] ?? 0) + amount;
}

/** Running sum. */
export function cumulative(values: readonly number[]): number[] {
  let s = 0;
  return values.map((v) => (s += v));
}

/** Month buckets grouped into years (12 months a year; the last year may be partial). */
export function monthsToYears(months: readonly number[], horizon: number): number[] {
  const years = new Array<number>(yearsIn(horizon)).fill(0);
  months.forEach((v, m) => {
    const y = Math.min(years.length - 1, Math.floor(m / 12));
    years[y] = (years[y] ?? 0) + v;
  });
  return years;
}

/**
 * Present value of monthly cash flows at an annual discount rate, each month's cash discounted from
 * the end of its month: Σ cash_m / (1 + r)^(t_end(m) / year).
 */
export function discountMonths(months: readonly number[], horizon: number, annualRate: number): number[] {
  if (!(annualRate > -1) || !Number.isFinite(annualRate)) throw new RangeError(`discount rate must be a finite number > -1, got ${annualRate}`);
  return months.map((v, m) => v / (1 + annualRate) ** (monthEnd(m, horizon) / SECONDS_PER_YEAR));
}
