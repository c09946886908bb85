import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/index.js';
import { DEFAULT_SPOT_WARNING_SECONDS, expectedSpotInterruptions, nextSpotInterruption, spotInterruptionOutcome, warningAllowsCheckpoint } from '../../src/model/failures/index.js';

describe('spot interruptions', () => {
  it('notices arrive at rate instances·λ per hour; reclaim follows after the warning', () => {
    // λ = 0.5 per instance-hour, 4 instances → 2 per hour → mean gap 1800 s.
    const s = new RandomStreams(99).stream('spot');
    const draws = 50_000;
    let sum = 0;
    for (let i = 0; i < draws; i++) {
      const x = nextSpotInterruption(100, 4, { ratePerInstanceHour: 0.5 }, s);
      if (x === undefined) throw new Error('expected an interruption');
      expect(x.warningSeconds).toBe(DEFAULT_SPOT_WARNING_SECONDS);
      expect(x.interruptionTime - x.noticeTime).toBeCloseTo(120, 9);
      sum += x.noticeTime - 100;
    }
    const mean = sum / draws;
    expect(Math.abs(mean - 1800)).toBeLessThan((4 * 1800) / Math.sqrt(draws));
    expect(expectedSpotInterruptions(4, 0.5, 10)).toBe(20);
  });

  it('no interruptions at rate 0 or with no instances; warning configurable', () => {
    const s = new RandomStreams(1).stream('spot');
    expect(nextSpotInterruption(0, 4, { ratePerInstanceHour: 0 }, s)).toBeUndefined();
    expect(nextSpotInterruption(0, 0, { ratePerInstanceHour: 1 }, s)).toBeUndefined();
    const x = nextSpotInterruption(0, 1, { ratePerInstanceHour: 1, warningSeconds: 30 }, s);
    expect(x?.interruptionTime).toBeCloseTo((x?.noticeTime ?? NaN) + 30, 9);
  });

  it('the warning allows a save iff writeCost ≤ warning', () => {
    expect(warningAllowsCheckpoint(120, 60)).toBe(true);
    expect(warningAllowsCheckpoint(120, 120)).toBe(true);
    expect(warningAllowsCheckpoint(120, 200)).toBe(false);
    expect(warningAllowsCheckpoint(0, 0)).toBe(true);
  });

  it('hand-worked outcomes with and without a successful emergency checkpoint', () => {
    // c = 600, w = 60, notice at e = 1000: k = floor(1000/660) = 1, rem 340 → progress 940, writes 60.
    // Emergency write (60 ≤ 120) saves all 940; writes 60 + 60 = 120; idle 120 − 60 = 60; wall 1120.
    const saved = spotInterruptionOutcome(1000, { ratePerInstanceHour: 1 }, { interval: 600, writeCost: 60, restartOverhead: 0 });
    expect(saved).toEqual({ savedOnWarning: true, kept: 940, lost: 0, checkpointOverhead: 120, idle: 60, wallTime: 1120 });
    // w = 200 > 120: runs on to reclaim at e = 1120: k = floor(1120/800) = 1, rem 320 → kept 600, lost 320, writes 200.
    const notSaved = spotInterruptionOutcome(1000, { ratePerInstanceHour: 1 }, { interval: 600, writeCost: 200, restartOverhead: 0 });
    expect(notSaved).toEqual({ savedOnWarning: false, kept: 600, lost: 320, checkpointOverhead: 200, idle: 0, wallTime: 1120 });
    for (const o of [saved, notSaved]) expect(o.kept + o.lost + o.checkpointOverhead + o.idle).toBe(o.wallTime);
    // No periodic checkpoints and no warning: everything is lost.
    const none = spotInterruptionOutcome(500, { ratePerInstanceHour: 1, warningSeconds: 0 }, { interval: Infinity, writeCost: 10, restartOverhead: 0 });
    expect(none.kept).toBe(0);
    expect(none.lost).toBe(500);
  });

  it('rejects bad inputs with a RangeError naming the value', () => {
    const s = new RandomStreams(1).stream('spot');
    expect(() => nextSpotInterruption(0, 1, { ratePerInstanceHour: -1 }, s)).toThrow(/ratePerInstanceHour/);
    expect(() => nextSpotInterruption(0, 1, { ratePerInstanceHour: 1, warningSeconds: -5 }, s)).toThrow(/warningSeconds/);
    expect(() => nextSpotInterruption(0, -2, { ratePerInstanceHour: 1 }, s)).toThrow(/instances/);
    expect(() => warningAllowsCheckpoint(120, Number.NaN)).toThrow(/writeCost/);
    expect(() => spotInterruptionOutcome(-1, { ratePerInstanceHour: 1 }, { interval: 1, writeCost: 0, restartOverhead: 0 })).toThrow(/elapsedAtNotice/);
  });
});
