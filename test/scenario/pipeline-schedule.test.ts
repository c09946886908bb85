import { describe, expect, it } from 'vitest';
import { cronFirings, intervalFirings, wallClockDeadline } from '../../src/scenario/resolve/pipeline-schedule.js';
import { parseInstant } from '../../src/support/calendar.js';

const HOUR = 3600;
// Monday 23 March 2026, 00:00 in Berlin (CET, UTC+1); Berlin moves to CEST (UTC+2) at 02:00 on Sunday 29 March.
const berlin = { startMs: parseInstant('2026-03-23T00:00:00+01:00') ?? NaN, zone: 'Europe/Berlin' };

describe('pipeline schedules on the scenario calendar', () => {
  it('fires a nightly 01:00 cron at 01:00 on the Berlin wall clock across the change to summer time', () => {
    const firings = cronFirings('0 1 * * *', berlin, 8 * 24 * HOUR);
    // 01:00 CET on the 23rd is 1 h after the start; each night 24 h later, until the night after the change:
    // 01:00 CEST on Monday the 30th is 23 h after 01:00 CET on Sunday the 29th.
    expect(firings).toEqual([1, 25, 49, 73, 97, 121, 145, 168].map((h) => h * HOUR));
    expect(firings.map((f) => new Date(berlin.startMs + f * 1000).toISOString())).toContain('2026-03-29T23:00:00.000Z');
  });

  it('keeps a weekday cron off the weekend and counts a firing at the start itself', () => {
    // Monday to Friday at midnight, then the next Monday's midnight: only 167 h after the start, the night lost an hour
    expect(cronFirings('0 0 * * 1-5', berlin, 7 * 24 * HOUR)).toEqual([0, 24, 48, 72, 96, 167].map((h) => h * HOUR));
  });

  it('runs an interval from the first wall-clock time, a fixed step that drifts an hour on the wall clock at the change', () => {
    expect(intervalFirings(24 * HOUR, '01:00', berlin, 8 * 24 * HOUR)).toEqual([1, 25, 49, 73, 97, 121, 145, 169].map((h) => h * HOUR));
    // without a start time 0 is midnight: the first 01:00 is 1 h in; a firing at the horizon is left out
    expect(intervalFirings(24 * HOUR, '01:00', { startMs: 0, zone: 'UTC' }, 49 * HOUR)).toEqual([1 * HOUR, 25 * HOUR]);
  });

  it('puts a wall-clock deadline on the trigger’s local day, or the next, in local time', () => {
    // the run of Sunday 29th 01:00 CET (145 h): 06:00 that day is already CEST, 4 h later on the clock but 4 h of time too (01:00 CET → 03:00 CEST is 1 h)
    expect(wallClockDeadline(145 * HOUR, '06:00', 'same', berlin)).toBe(145 * HOUR + 4 * HOUR);
    expect(wallClockDeadline(1 * HOUR, '06:00', 'same', berlin)).toBe(6 * HOUR);
    expect(wallClockDeadline(23 * HOUR, '06:00', 'next', berlin)).toBe(30 * HOUR);
    expect(wallClockDeadline(1 * HOUR, '00:30', 'same', berlin)).toBeLessThan(1 * HOUR);
  });
});
