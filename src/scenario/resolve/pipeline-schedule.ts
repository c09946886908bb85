import { Cron } from 'croner';
import { formatDateTime, formatDay, parseDate } from '../../support/calendar.js';

/** Firings of one trigger the loader computes at most (each becomes a run; a finer schedule needs a shorter horizon). */
export const MAX_FIRINGS = 100_000;

const DAY_MS = 86_400_000;

/** Where simulation time 0 is: epoch ms of the scenario's `start`, and the IANA zone wall-clock times are read in. */
export interface ScheduleCalendar {
  readonly startMs: number;
  readonly zone: string;
}

/**
 * The firings of a 5-field cron expression (minute hour day-of-month month day-of-week, Vixie-cron OR of the two
 * day fields) in `zone`, in s from the start, within [0, horizon) (a run triggered as the run ends could do nothing). A wall-clock time that a spring-forward gap
 * skips, or that a fall-back overlap repeats, follows croner's rules (the run is moved past the gap; a repeated
 * hour fires once).
 * @throws Error (with croner's reason) when the expression is not a valid 5-field cron; RangeError past MAX_FIRINGS
 */
export function cronFirings(expression: string, calendar: ScheduleCalendar, horizon: number): number[] {
  const fields = expression.trim().split(/\s+/).length;
  if (fields !== 5) throw new Error(`has ${fields} fields; give 5: minute hour day-of-month month day-of-week`);
  let cron: Cron;
  try {
    cron = new Cron(expression, { timezone: calendar.zone, paused: true, mode: '5-part' });
  } catch (err) {
    throw new Error(`is not a valid cron expression: ${err instanceof Error ? err.message.replace(/^CronPattern: /, '') : String(err)}`, { cause: err });
  }
  const end = calendar.startMs + horizon * 1000;
  const firings: number[] = [];
  // a run exactly at the start counts: look from a millisecond before it
  let next = cron.nextRun(new Date(calendar.startMs - 1));
  while (next && next.getTime() < end) {
    if (firings.length >= MAX_FIRINGS) throw new RangeError(`fires more than ${MAX_FIRINGS} times within the horizon`);
    firings.push((next.getTime() - calendar.startMs) / 1000);
    next = cron.nextRun(next);
  }
  cron.stop();
  return firings;
}

/**
 * The firings of `every` s from the first wall-clock `at` (HH:MM in the zone) at or after time 0 — from time 0
 * without `at` — within [0, horizon). A fixed interval: across a change of offset a daily run moves by the
 * hour on the wall clock (use cron for a run pinned to the wall clock).
 * @throws RangeError past MAX_FIRINGS
 */
export function intervalFirings(every: number, at: string | undefined, calendar: ScheduleCalendar, horizon: number): number[] {
  const first = at === undefined ? 0 : firstWallClock(at, calendar);
  const count = first >= horizon ? 0 : Math.ceil((horizon - first) / every);
  if (count > MAX_FIRINGS) throw new RangeError(`fires more than ${MAX_FIRINGS} times within the horizon`);
  return Array.from({ length: count }, (_, k) => first + k * every);
}

/** s from the start of the first `at` (HH:MM) in the zone at or after time 0. */
function firstWallClock(at: string, calendar: ScheduleCalendar): number {
  const today = wallClockOn(formatDay(calendar.startMs, calendar.zone), at, calendar.zone);
  const ms = today >= calendar.startMs ? today : wallClockOn(nextDay(formatDay(calendar.startMs, calendar.zone)), at, calendar.zone);
  return (ms - calendar.startMs) / 1000;
}

/**
 * The deadline of a run triggered at `trigger` s: wall-clock `at` on the trigger's local day (`day: same`) or the
 * day after (`next`), in s from the start. May be at or before the trigger: the loader refuses that.
 */
export function wallClockDeadline(trigger: number, at: string, day: 'same' | 'next', calendar: ScheduleCalendar): number {
  const triggerDay = formatDay(calendar.startMs + trigger * 1000, calendar.zone);
  const ms = wallClockOn(day === 'same' ? triggerDay : nextDay(triggerDay), at, calendar.zone);
  return (ms - calendar.startMs) / 1000;
}

/** The trigger's local date and time, to name a run in a message (`2026-03-29 01:00`). */
export function localTime(seconds: number, calendar: ScheduleCalendar): string {
  return formatDateTime(calendar.startMs + seconds * 1000, calendar.zone);
}

function wallClockOn(day: string, at: string, zone: string): number {
  const ms = parseDate(`${day}T${at}`, zone);
  if (ms === undefined) throw new RangeError(`not a wall-clock time: ${day}T${at}`);
  return ms;
}

/** The calendar day after `day` (YYYY-MM-DD). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
