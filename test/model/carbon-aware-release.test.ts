import { describe, expect, it } from 'vitest';
import { carbonAwareRelease, intensityAt, type CarbonAwareSpec } from '../../src/model/carbon/carbon-aware-release.js';

const KWH = 3.6e6;
const H = 3600;
const perKwh = (kg: number) => kg / KWH;
/** hours 0..3: 0.5, 0.4, 0.1, 0.3 kg/kWh */
const spec = (extra: Partial<CarbonAwareSpec>): CarbonAwareSpec => ({ deadline: 12 * H, kgPerJoule: [0.5, 0.4, 0.1, 0.3].map(perKwh), firstHour: 0, ...extra });

describe('carbon-aware deferral (hand-worked)', () => {
  it('a job arriving at 00:30 in a 0.5 kg/kWh hour waits for 02:00, the first hour at or below 0.2', () => {
    expect(carbonAwareRelease(0.5 * H, spec({ threshold: perKwh(0.2) }))).toBe(2 * H);
  });

  it('a job arriving in a clean enough hour queues at once', () => {
    expect(carbonAwareRelease(2.25 * H, spec({ threshold: perKwh(0.2) }))).toBe(2.25 * H);
  });

  it('the deadline bounds the wait: with 1 h of deadline from 00:30 the clean hour (02:00) is out of reach, so it queues at once', () => {
    expect(carbonAwareRelease(0.5 * H, spec({ threshold: perKwh(0.2), deadline: 1 * H }))).toBe(0.5 * H);
  });

  it('without a threshold: the cleanest hour beginning within the deadline', () => {
    expect(carbonAwareRelease(0.5 * H, spec({ deadline: 3 * H }))).toBe(2 * H);
    // deadline 1 h from 00:30 reaches hour 1 (0.4) only: 01:00
    expect(carbonAwareRelease(0.5 * H, spec({ deadline: 1 * H }))).toBe(1 * H);
  });

  it('never before the arrival nor after arrival + deadline (property over arrivals and deadlines)', () => {
    for (let now = 0; now < 10 * H; now += 0.37 * H) {
      for (const deadline of [0, 0.5 * H, 2 * H, 12 * H]) {
        for (const threshold of [undefined, perKwh(0.2), perKwh(0)]) {
          const t = carbonAwareRelease(now, spec({ deadline, ...(threshold !== undefined && { threshold }) }));
          expect(t).toBeGreaterThanOrEqual(now);
          expect(t).toBeLessThanOrEqual(now + deadline);
        }
      }
    }
  });

  it('a series shorter than a day repeats as it is; hours before it wrap', () => {
    expect(intensityAt(spec({}), 5) * KWH).toBeCloseTo(0.4, 12);
    expect(intensityAt(spec({}), -1) * KWH).toBeCloseTo(0.3, 12);
  });
});
