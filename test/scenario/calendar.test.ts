import { describe, expect, it } from 'vitest';
import { daysInMonth, formatDateTime, formatDay, instantAt, isTimeZone, parseDate, parseInstant, secondsSinceStart, zoneOffsetMs } from '../../src/support/calendar.js';

// Expected epoch values are computed by hand from 2026-01-01T00:00:00Z = 1 767 225 600 s
// (56 years since 1970 with 14 leap days: (56 × 365 + 14) × 86 400 = 20 454 × 86 400).
const JAN_1_2026 = 1_767_225_600_000;

describe('calendar: instants and leap years', () => {
  it('reads an ISO instant with Z or an offset', () => {
    expect(parseInstant('2026-01-01T00:00:00Z')).toBe(JAN_1_2026);
    expect(parseInstant('2026-01-01T00:00Z')).toBe(JAN_1_2026);
    // 09:30 at +01:00 is 08:30 UTC: 8.5 h after midnight
    expect(parseInstant('2026-01-01T09:30:00+01:00')).toBe(JAN_1_2026 + 8.5 * 3_600_000);
    expect(parseInstant('2025-12-31T19:00:00-05:00')).toBe(JAN_1_2026);
    expect(parseInstant('2026-01-01T00:00:00.250Z')).toBe(JAN_1_2026 + 250);
  });

  it('refuses what is not an instant with a zone, or a day that does not exist', () => {
    for (const bad of ['2026-01-01', '2026-01-01T00:00:00', '2026-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00+19:00', 'yesterday']) {
      expect(parseInstant(bad), bad).toBeUndefined();
    }
  });

  it('knows leap years: 2024 and 2000 have a 29 February, 2026 and 1900 do not', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2000, 2), daysInMonth(2026, 2), daysInMonth(1900, 2)]).toEqual([29, 29, 28, 28]);
    // 2024-02-28 → 2024-03-01 spans two days (the 29th between); 2026 one
    const day = 86_400_000;
    expect((parseDate('2024-03-01') ?? 0) - (parseDate('2024-02-28') ?? 0)).toBe(2 * day);
    expect((parseDate('2026-03-01') ?? 0) - (parseDate('2026-02-28') ?? 0)).toBe(day);
    // a leap year is 366 days: 2024-01-01 → 2025-01-01
    expect((parseDate('2025-01-01') ?? 0) - (parseDate('2024-01-01') ?? 0)).toBe(366 * day);
  });

  it('converts simulation seconds to dates and back', () => {
    const cal = { startMs: JAN_1_2026 };
    // 59 days (31 January + 28 February) after 1 January 2026 is 1 March
    expect(formatDay(instantAt(cal, 59 * 86_400))).toBe('2026-03-01');
    expect(secondsSinceStart(cal, parseDate('2026-03-01') ?? 0)).toBe(59 * 86_400);
    expect(secondsSinceStart(cal, parseDate('2025-12-31') ?? 0)).toBe(-86_400);
  });
});

describe('calendar: time zones and DST edges (Europe/Berlin: CET +1 h, CEST +2 h; switches at 01:00 UTC)', () => {
  it('knows IANA zones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('reads a local date at local midnight', () => {
    // midnight in Berlin in winter is 23:00 UTC the day before
    expect(parseDate('2026-01-01', 'Europe/Berlin')).toBe(JAN_1_2026 - 3_600_000);
    // New York in summer is UTC−4: midnight 1 July is 04:00 UTC
    expect(formatDateTime(parseDate('2026-07-01', 'America/New_York') ?? 0)).toBe('2026-07-01 04:00');
  });

  it('spring forward, 29 March 2026 02:00 CET → 03:00 CEST: the offset changes at 01:00 UTC', () => {
    const change = Date.UTC(2026, 2, 29, 1, 0, 0);
    expect(zoneOffsetMs(change - 1000, 'Europe/Berlin')).toBe(3_600_000);
    expect(zoneOffsetMs(change, 'Europe/Berlin')).toBe(7_200_000);
    // 01:59 local is 00:59 UTC; 03:00 local is 01:00 UTC: one real minute apart on the wall clock's 61
    expect(parseDate('2026-03-29T03:00', 'Europe/Berlin')).toBe(change);
    expect(parseDate('2026-03-29T01:59', 'Europe/Berlin')).toBe(change - 60_000);
    // 02:30 does not exist that night: it is moved later by the gap, to 03:30 CEST = 01:30 UTC
    expect(parseDate('2026-03-29T02:30', 'Europe/Berlin')).toBe(change + 30 * 60_000);
    expect(formatDateTime(change + 30 * 60_000, 'Europe/Berlin')).toBe('2026-03-29 03:30');
  });

  it('fall back, 25 October 2026 03:00 CEST → 02:00 CET: a repeated time is its first occurrence', () => {
    const change = Date.UTC(2026, 9, 25, 1, 0, 0);
    expect(zoneOffsetMs(change - 1000, 'Europe/Berlin')).toBe(7_200_000);
    expect(zoneOffsetMs(change, 'Europe/Berlin')).toBe(3_600_000);
    // 02:30 happens twice, at 00:30 UTC (CEST) and 01:30 UTC (CET): the earlier one
    expect(parseDate('2026-10-25T02:30', 'Europe/Berlin')).toBe(change - 30 * 60_000);
    // the local day of 25 October has 25 hours: midnight to midnight
    expect((parseDate('2026-10-26', 'Europe/Berlin') ?? 0) - (parseDate('2026-10-25', 'Europe/Berlin') ?? 0)).toBe(25 * 3_600_000);
    expect((parseDate('2026-03-30', 'Europe/Berlin') ?? 0) - (parseDate('2026-03-29', 'Europe/Berlin') ?? 0)).toBe(23 * 3_600_000);
  });

  it('an instant with its own zone ignores the site zone', () => {
    expect(parseDate('2026-01-01T00:00:00Z', 'Europe/Berlin')).toBe(JAN_1_2026);
  });
});
