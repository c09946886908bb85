import { SECONDS_PER_YEAR } from './planning-calendar.js';

/**
 * What owned hardware is worth on the second-hand market at an age, as a fraction of what it cost:
 * - `straight-line`: max(floor, 1 − age / life);
 * - `declining-balance`: (1 − d)^(age / year), d the share of its value lost each year;
 * - `points`: a published resale curve (fractions at ages), linear between points, 1 at age 0, the last
 *   point held after it.
 * The market value is what a refresh sells the old generation for and what the fleet still held at the end
 * of the horizon would fetch (its residual value); the book value (straight-line depreciation over the
 * site's depreciation life) is the accountant's figure beside it.
 */
export type ResaleCurve =
  | { readonly kind: 'straight-line'; readonly life: number; readonly floor: number }
  | { readonly kind: 'declining-balance'; readonly ratePerYear: number }
  | { readonly kind: 'points'; readonly points: readonly { readonly age: number; readonly fraction: number }[]; readonly source?: string };

/** Market value at `age` s as a fraction of the price paid, in [0, 1]. */
export function resaleFraction(curve: ResaleCurve, age: number): number {
  const a = Math.max(0, age);
  if (curve.kind === 'straight-line') return Math.max(curve.floor, 1 - a / curve.life);
  if (curve.kind === 'declining-balance') return (1 - curve.ratePerYear) ** (a / SECONDS_PER_YEAR);
  let prevAge = 0;
  let prev = 1;
  for (const p of curve.points) {
    if (a < p.age) return prev + ((p.fraction - prev) * (a - prevAge)) / (p.age - prevAge);
    prevAge = p.age;
    prev = p.fraction;
  }
  return prev;
}

/** Book value at `age` s of capex depreciated straight-line over `life` s, as a fraction of the price: max(0, 1 − age / life). */
export function bookFraction(life: number, age: number): number {
  return Math.max(0, 1 - Math.max(0, age) / life);
}

/** The curve in words for the cost basis. */
export function describeResaleCurve(curve: ResaleCurve): string {
  const num = (x: number): string => String(Number(x.toPrecision(3)));
  if (curve.kind === 'straight-line') return `straight-line to ${num(curve.floor * 100)} % over ${num(curve.life / SECONDS_PER_YEAR)} years`;
  if (curve.kind === 'declining-balance') return `declining balance, −${num(curve.ratePerYear * 100)} % of the remaining value a year`;
  const pts = curve.points.map((p) => `${num(p.fraction * 100)} % at ${num(p.age / SECONDS_PER_YEAR)} y`).join(', ');
  return `resale curve ${pts}${curve.source ? ` (${curve.source})` : ''}`;
}
