/**
 * The scenario calendar: simulation time 0 is the scenario's `start` (an instant written in ISO 8601 with
 * its zone), and a site reads dates in its IANA time zone. Plain `Date` arithmetic in UTC (epoch
 * milliseconds) plus `Intl.DateTimeFormat` for zone offsets: no calendar library. Without a start, time 0
 * is an unnamed midnight and nothing here is used.
 */

const MS_PER_S = 1000;

/** `2026-01-01T00:00:00Z`, `2026-01-01T09:30+01:00`, `2026-01-01T00:00:00.250-05:00` */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** `2026-01-01` or `2026-01-01T09:30[:00]`, no zone: a wall-clock time read in a site's zone */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Days in `month` (1-12) of `year`, Gregorian leap years (divisible by 4, not by 100 unless by 400). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** A wall-clock reading whose fields are all in range (no 2026-02-29, no 24:00), else undefined. */
function wallClock(parts: readonly (string | undefined)[]): WallClock | undefined {
  const [year, month, day, hour, minute, second] = parts.map((p) => Number(p ?? '0')) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second };
}

function utcMs(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/**
 * Epoch ms of an ISO 8601 instant that names its zone (`Z` or `±hh:mm`); undefined when the text is not
 * one or a field is out of range (a 30 February, an hour 24, an offset beyond ±18:00).
 */
export function parseInstant(text: string): number | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const w = wallClock(m.slice(1, 7));
  if (!w) return undefined;
  const fraction = m[7] ? Number(`0${m[7]}`) * MS_PER_S : 0;
  const zone = m[8] ?? 'Z';
  let offsetMin = 0;
  if (zone !== 'Z') {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4, 6));
    if (hours > 18 || minutes > 59) return undefined;
    offsetMin = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  return utcMs(w) + fraction - offsetMin * 60 * MS_PER_S;
}

/** True when `zone` is an IANA time zone name this runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock of `zone` at epoch ms `at` (whole seconds). */
function wallClockIn(at: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** ms the zone's wall clock is ahead of UTC at epoch ms `at` (+3 600 000 for Berlin in winter). */
export function zoneOffsetMs(at: number, zone: string): number {
  const whole = Math.floor(at / MS_PER_S) * MS_PER_S;
  return utcMs(wallClockIn(whole, zone)) - whole;
}

/**
 * Epoch ms of a wall-clock time read in `zone`. Around a change of offset the reading follows the usual
 * convention (RFC 5545, Temporal's `compatible`): a time skipped by a spring-forward gap is moved later by
 * the gap (02:30 on the night Berlin jumps 02:00 → 03:00 is 03:30 CEST); a time repeated by a fall-back
 * overlap is its first, earlier occurrence (02:30 on the night Berlin goes 03:00 → 02:00 is 02:30 CEST).
 */
function wallClockToMs(w: WallClock, zone: string): number {
  const asUtc = utcMs(w);
  // the offsets on either side of the reading: a change of offset lies within a day of it
  const before = zoneOffsetMs(asUtc - 86_400_000, zone);
  const after = zoneOffsetMs(asUtc + 86_400_000, zone);
  const candidates = [...new Set([before, after])].map((o) => asUtc - o).filter((t) => zoneOffsetMs(t, zone) === asUtc - t);
  if (candidates.length > 0) return Math.min(...candidates);
  // in a gap: read it with the offset before the change, which lands after the gap by its length
  return asUtc - before;
}

/**
 * Epoch ms of a date or a date and time: an instant with its zone (`2026-06-01T00:00:00Z`) as written, or a
 * local date (`2026-06-01`, midnight) or wall-clock time (`2026-06-01T09:00`) read in `zone`. Undefined when
 * the text is neither or a field is out of range.
 */
export function parseDate(text: string, zone = 'UTC'): number | undefined {
  if (INSTANT.test(text)) return parseInstant(text);
  const m = LOCAL.exec(text);
  if (!m) return undefined;
  const w = wallClock(m.slice(1, 7));
  return w && wallClockToMs(w, zone);
}

/** A simulation clock pinned to a start instant: seconds since start ⇄ epoch ms. */
export interface CalendarStart {
  /** epoch ms of simulation time 0 */
  readonly startMs: number;
}

/** Seconds after the start of epoch ms `at` (negative before it). */
export function secondsSinceStart(calendar: CalendarStart, at: number): number {
  return (at - calendar.startMs) / MS_PER_S;
}

/** Epoch ms of simulation time `seconds`. */
export function instantAt(calendar: CalendarStart, seconds: number): number {
  return calendar.startMs + Math.round(seconds * MS_PER_S);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2026-03-29` in `zone` (default UTC) at epoch ms `at`. */
export function formatDay(at: number, zone = 'UTC'): string {
  const w = wallClockIn(at, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** `2026-03-29 03:30` in `zone` (default UTC) at epoch ms `at`, to the minute. */
export function formatDateTime(at: number, zone = 'UTC'): string {
  const w = wallClockIn(at, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}
