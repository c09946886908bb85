import { formatDay, parseDate, parseInstant, type CalendarStart } from '../../support/calendar.js';
import type { PricePath } from '../../cost/price-path.js';
import { lowestFactor } from '../../cost/price-path.js';
import type { ResaleCurve } from '../../cost/residual-value.js';
import type { PricePathInput, ResaleInput, TimeOrDate } from '../refresh-schema.js';
import type { Fail, FieldPath } from './resolve-context.js';

const YEAR = 365.25 * 86_400;

/** How dated inputs are read: the scenario's start (absent: dates are refused) and the zone of the site that gives them. */
export interface DateReading {
  readonly start?: CalendarStart;
  readonly zone: string;
}

/** The calendar of a scenario whose `start` the schema normalised (an ISO instant in UTC). */
export function calendarOf(start: string | undefined): CalendarStart | undefined {
  const ms = start === undefined ? undefined : parseInstant(start);
  return ms === undefined ? undefined : { startMs: ms };
}

/**
 * s from the start of a time or a date: a date is read in the zone (a local date is its midnight there)
 * and must not come before the start; undefined (with a located problem) when it cannot be read.
 */
export function secondsOf(value: TimeOrDate, path: FieldPath, reading: DateReading, fail: Fail): number | undefined {
  if (typeof value === 'number') return value;
  if (!reading.start) {
    fail(
      path,
      `is a date (${value.date}) but the scenario has no start to read it against`,
      "add start: 2026-01-01T00:00:00Z at the top of the scenario, or give a time from the start such as '90 days'",
    );
    return undefined;
  }
  const at = parseDate(value.date, reading.zone);
  if (at === undefined) {
    fail(path, `'${value.date}' is not a date (write 2026-06-01, 2026-06-01T09:00 read in the site's time zone, or an instant with its zone)`);
    return undefined;
  }
  const seconds = (at - reading.start.startMs) / 1000;
  if (seconds < 0) {
    fail(path, `${value.date} is before the scenario's start (${formatDay(reading.start.startMs)})`, 'dated inputs are read from the start on: move the date, or the start earlier');
    return undefined;
  }
  return seconds;
}

/** The date of s from the start for messages and the cost basis (`t = 90 d` without a start). */
export function dateLabel(start: CalendarStart | undefined, seconds: number, zone = 'UTC'): string {
  return start ? formatDay(start.startMs + seconds * 1000, zone) : `${String(Number((seconds / 86_400).toPrecision(4)))} d from the start`;
}

/**
 * A price path read and checked: its dated points in order, and never below 0 within the planning horizon
 * (a price that goes negative is an input error, located at the field that makes it so).
 */
export function resolvePricePath(input: PricePathInput, path: FieldPath, reading: DateReading, horizon: number, fail: Fail): PricePath | undefined {
  if ('change_per_year' in input) {
    const g = input.change_per_year;
    const resolved: PricePath = { kind: input.linear ? 'linear' : 'compound', changePerYear: g };
    if (!input.linear && g <= -1) {
      fail([...path, 'change_per_year'], `${String(g * 100)} % a year compounded makes the price go to zero or negative`, 'a compounded change must be above −100 % a year');
      return undefined;
    }
    if (input.linear && lowestFactor(resolved, horizon) < 0) {
      const zeroAt = -YEAR / g;
      fail(
        [...path, 'change_per_year'],
        `the price curve goes negative: ${String(g * 100)} % of today's price a year, linear, reaches 0 on ${dateLabel(reading.start, zeroAt, reading.zone)}, within the ${String(Number((horizon / YEAR).toPrecision(3)))}-year planning horizon`,
        'use a compounded change (linear: false), which never reaches 0, or a smaller decline',
      );
      return undefined;
    }
    return resolved;
  }
  const points: { at: number; factor: number }[] = [];
  let ok = true;
  input.points.forEach((p, i) => {
    const at = secondsOf(p.at, [...path, 'points', i, 'at'], reading, fail);
    if (p.factor < 0) {
      fail([...path, 'points', i, 'factor'], `the price curve goes negative: ${String(p.factor)} × the stated price`, 'a price is 0 or more: give a factor ≥ 0');
      ok = false;
    }
    if (at === undefined) ok = false;
    else if (points.length > 0 && at <= (points[points.length - 1]?.at ?? 0)) {
      fail([...path, 'points', i, 'at'], 'is not after the previous point', 'list the points in date order');
      ok = false;
    } else points.push({ at, factor: p.factor });
  });
  return ok ? { kind: 'points', points } : undefined;
}

/** The resale curve in canonical form, its points checked to be in order of age. */
export function resolveResale(input: ResaleInput, path: FieldPath, fail: Fail): ResaleCurve | undefined {
  if (input.curve === 'straight-line') return { kind: 'straight-line', life: input.life, floor: input.floor };
  if (input.curve === 'declining-balance') return { kind: 'declining-balance', ratePerYear: input.rate };
  for (let i = 1; i < input.points.length; i++) {
    if ((input.points[i]?.age ?? 0) <= (input.points[i - 1]?.age ?? 0)) {
      fail([...path, 'points', i, 'age'], 'is not older than the previous point', 'list the points by increasing age');
      return undefined;
    }
  }
  return { kind: 'points', points: input.points.map((p) => ({ age: p.age, fraction: p.value })), source: `${input.source.title}, ${input.source.url}` };
}
