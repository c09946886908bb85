import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordValidation } from '../support/validation-ledger.js';
import {
  accountRun,
  checkpointsToComplete,
  dalyInterval,
  expectedWallTimeExponential,
  firstOrderOverheadFraction,
  remainingWork,
  splitElapsed,
  uninterruptedWallTime,
  youngDalyInterval,
  type CheckpointPolicy,
} from '../../src/model/failures/index.js';

const P: CheckpointPolicy = { interval: 100, writeCost: 10, restartOverhead: 20 };

describe('splitElapsed (hand-worked)', () => {
  it('c=100, w=10, e=250: two cycles of 110 s, then 30 s of work', () => {
    // k = floor(250/110) = 2, rem = 250 − 220 = 30
    // kept = 2·100 = 200, lost = min(30, 100) = 30, overhead = 2·10 = 20; 200 + 30 + 20 = 250
    expect(splitElapsed(250, P)).toEqual({ kept: 200, lost: 30, checkpointOverhead: 20, progressTime: 230, checkpoints: 2 });
  });

  it('c=100, w=10, e=215: interrupted mid-write, that checkpoint is lost', () => {
    // k = floor(215/110) = 1, rem = 105: 100 s of work, then 5 s into the 2nd write
    // kept = 100, lost = 100, overhead = 10 + 5 = 15; 100 + 100 + 15 = 215
    expect(splitElapsed(215, P)).toEqual({ kept: 100, lost: 100, checkpointOverhead: 15, progressTime: 200, checkpoints: 1 });
  });

  it('w=0: kept = floor(progressTime/c)·c', () => {
    // e = 250, c = 100: kept = floor(2.5)·100 = 200, lost = 50
    const s = splitElapsed(250, { interval: 100, writeCost: 0, restartOverhead: 0 });
    expect(s.kept).toBe(200);
    expect(s.lost).toBe(50);
    expect(s.checkpointOverhead).toBe(0);
  });

  it('c = Infinity: no checkpoints, all progress lost', () => {
    expect(splitElapsed(1234, { interval: Infinity, writeCost: 10, restartOverhead: 5 })).toEqual({
      kept: 0,
      lost: 1234,
      checkpointOverhead: 0,
      progressTime: 1234,
      checkpoints: 0,
    });
  });

  it('uninterrupted wall time writes no checkpoint after the last piece', () => {
    // 300 s of work, c = 100: checkpoints after 100 and 200 only → 300 + 2·10 = 320
    expect(checkpointsToComplete(300, 100)).toBe(2);
    expect(uninterruptedWallTime(300, P)).toBe(320);
    // 250 s: ceil(2.5) − 1 = 2 → 270
    expect(uninterruptedWallTime(250, P)).toBe(270);
    expect(uninterruptedWallTime(250, { ...P, interval: Infinity })).toBe(250);
    expect(remainingWork(300, 200)).toBe(100);
  });
});

describe('accountRun (hand-worked)', () => {
  it('300 s job on 4 devices, c=100, w=10, r=20, interrupted after 250 s then 50 s', () => {
    // Attempt 1 (no restart): would need 320 s > 250 → interrupted at e = 250:
    //   kept 200, lost 30, writes 20. Remaining 100.
    // Attempt 2: restart 20 + 100 = 120 > 50 → interrupted; 20 s restart then e = 30: kept 0, lost 30.
    // Attempt 3 (run to completion): restart 20 + 100 s of work (no write needed) = 120.
    // Work done 300; lost 60; writes 20; restarts 40; wall 250 + 50 + 120 = 420 = 300 + 60 + 20 + 40.
    const a = accountRun(300, 4, P, [250, 50]);
    expect(a).toEqual({
      completed: true,
      interruptions: 2,
      remainingWork: 0,
      wallTime: 420,
      goodput: 1200,
      badput: 480,
      lostWork: 240,
      checkpointOverhead: 80,
      restartOverhead: 160,
      totalDeviceSeconds: 1680,
    });
  });

  it('interruptions after completion are ignored; without runToCompletion the job is left unfinished', () => {
    // 300 s job: the first attempt finishes at 320 ≤ 1000, so nothing is interrupted.
    const a = accountRun(300, 1, P, [1000, 5]);
    expect(a.completed).toBe(true);
    expect(a.interruptions).toBe(0);
    expect(a.wallTime).toBe(320);
    // Interrupted during the restart (10 < r = 20): all restart badput.
    const b = accountRun(300, 2, P, [250, 10], false);
    expect(b.completed).toBe(false);
    expect(b.remainingWork).toBe(100);
    expect(b.restartOverhead).toBe(20);
    expect(b.goodput).toBe(400);
    expect(b.badput).toBe(2 * (30 + 20 + 10));
  });

  it('with c = Infinity every interruption throws all progress away', () => {
    const a = accountRun(100, 1, { interval: Infinity, writeCost: 0, restartOverhead: 0 }, [60, 60, 60]);
    expect(a.lostWork).toBe(180);
    expect(a.goodput).toBe(100);
    expect(a.wallTime).toBe(280);
  });

  it('goodput + badput = total device-seconds (property)', () => {
    const interval = fc.oneof(fc.double({ min: 1, max: 1e4, noNaN: true }), fc.constant(Infinity));
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        fc.integer({ min: 0, max: 4096 }),
        interval,
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 2e4, noNaN: true }), { maxLength: 20 }),
        fc.boolean(),
        (work, devices, c, w, r, durations, toEnd) => {
          const policy = { interval: c, writeCost: w, restartOverhead: r };
          const a = accountRun(work, devices, policy, durations, toEnd);
          const scale = Math.max(1, a.totalDeviceSeconds);
          expect(Math.abs(a.goodput + a.badput - a.totalDeviceSeconds)).toBeLessThanOrEqual(1e-9 * scale);
          expect(a.badput).toBeCloseTo(a.lostWork + a.checkpointOverhead + a.restartOverhead, 6);
          expect(a.goodput).toBeGreaterThanOrEqual(0);
          expect(a.lostWork).toBeGreaterThanOrEqual(-1e-9 * scale);
          expect(Math.abs(a.goodput - devices * (work - a.remainingWork))).toBeLessThanOrEqual(1e-9 * Math.max(1, devices * work));
          if (toEnd) expect(a.completed).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('splitElapsed parts sum to the elapsed time (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.oneof(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), fc.constant(Infinity)),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        (e, c, w) => {
          const s = splitElapsed(e, { interval: c, writeCost: w, restartOverhead: 0 });
          expect(s.kept + s.lost + s.checkpointOverhead).toBeCloseTo(e, 6);
          expect(s.lost).toBeGreaterThanOrEqual(0);
          expect(s.lost).toBeLessThanOrEqual(c);
        },
      ),
    );
  });

  it('rejects bad inputs with a RangeError naming the value', () => {
    expect(() => splitElapsed(-1, P)).toThrow(/elapsed/);
    expect(() => splitElapsed(1, { ...P, interval: 0 })).toThrow(/interval/);
    expect(() => splitElapsed(1, { ...P, writeCost: Number.NaN })).toThrow(/writeCost/);
    expect(() => accountRun(10, 1, { ...P, restartOverhead: -1 }, [])).toThrow(/restartOverhead/);
    expect(() => accountRun(10, 1.5, P, [])).toThrow(/devices/);
    expect(() => accountRun(10, 1, P, [-3])).toThrow(/attemptDuration/);
    expect(() => youngDalyInterval(0, 100)).toThrow(/writeCost/);
    expect(() => youngDalyInterval(1, -100)).toThrow(/mtbfJob/);
  });
});

describe('optimal checkpoint interval', () => {
  it('Young/Daly sqrt(2wM) minimises the first-order overhead w/c + c/(2M)', () => {
    for (const [w, M] of [
      [30, 3600],
      [60, 86_400 / 512],
      [300, 50_000],
      [1, 1e7],
    ] as const) {
      const cStar = youngDalyInterval(w, M);
      const best = firstOrderOverheadFraction(cStar, w, M);
      // At the optimum both terms are equal: w/c* = c*/(2M) = sqrt(w/(2M)).
      expect(best).toBeCloseTo(2 * Math.sqrt(w / (2 * M)), 12);
      for (let i = -200; i <= 200; i++) {
        const c = cStar * Math.exp(i * 0.025); // c*/150 … 150·c*
        expect(firstOrderOverheadFraction(c, w, M)).toBeGreaterThanOrEqual(best * (1 - 1e-12));
      }
    }
  });

  it('Daly higher-order interval is near the minimiser of the exponential wall-time model', () => {
    for (const [w, M] of [
      [30, 3600],
      [300, 3600],
      [60, 600],
    ] as const) {
      const policy = (c: number): CheckpointPolicy => ({ interval: c, writeCost: w, restartOverhead: 10 });
      const T = (c: number): number => expectedWallTimeExponential(1e6, policy(c), M);
      // Golden-section search for the true minimiser on [w/100, 10M] in log-space.
      let lo = Math.log(w / 100);
      let hi = Math.log(10 * M);
      const g = (Math.sqrt(5) - 1) / 2;
      for (let k = 0; k < 200; k++) {
        const a = hi - g * (hi - lo);
        const b = lo + g * (hi - lo);
        if (T(Math.exp(a)) < T(Math.exp(b))) hi = b;
        else lo = a;
      }
      const cOpt = Math.exp((lo + hi) / 2);
      const daly = dalyInterval(w, M);
      const young = youngDalyInterval(w, M);
      recordValidation({
        area: 'Failures and goodput',
        check: `checkpoint interval for a ${w} s write and a ${M} s job MTBF: Daly's formula against the optimum of the exponential wall-time model`,
        reference: cOpt,
        source: 'numerical minimiser of the expected wall time (Daly 2006, exponential failures)',
        basis: 'closed form',
        ours: daly,
        unit: 's',
        bound: '±2 %',
        pass: Math.abs(daly - cOpt) / cOpt < 0.02,
      });
      expect(Math.abs(daly - cOpt) / cOpt).toBeLessThan(0.02);
      expect(T(daly)).toBeLessThanOrEqual(T(young) * (1 + 1e-12));
      expect(T(daly) / T(cOpt)).toBeLessThan(1.0005);
    }
  });
});
