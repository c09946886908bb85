import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onlineFraction, playClientPhase, type ClientWork } from '../../src/model/federated/client-round.js';
import { quantile } from '../../src/model/federated/round-tally.js';

const sizes = { download: 100e6, update: 25e6 };
const client = (download: number, compute: number, upload: number, dropAt?: number): ClientWork => ({ download, compute, upload, dropAt });

describe('federated client phase (closed form)', () => {
  it('without a deadline the round closes when its slowest client has uploaded', () => {
    // totals 10 + 5 + 3 = 18 s, 2 + 5 + 12 = 19 s, 4 + 1 + 1 = 6 s: the straggler is the second client
    const p = playClientPhase([client(10, 5, 3), client(2, 5, 12), client(4, 1, 1)], sizes, undefined);
    expect(p.close).toBe(19);
    expect(p).toMatchObject({ reports: 3, dropouts: 0, stragglers: 0 });
    expect(p.bytesUp).toBe(3 * 25e6);
    expect(p.bytesDown).toBe(3 * 100e6);
    expect(p.computeSeconds).toBe(11);
  });

  it('a deadline cuts the straggler: the round closes at the deadline with what it sent so far', () => {
    // deadline 15 s: the 19 s client is 8 s into its 12 s upload (2/3 of 25 MB sent); the 18 s client has just
    // finished computing (10 + 5 = 15 s) and sent nothing of its update; the 6 s client reported
    const p = playClientPhase([client(10, 5, 3), client(2, 5, 12), client(4, 1, 1)], sizes, 15);
    expect(p.close).toBe(15);
    expect(p).toMatchObject({ reports: 1, stragglers: 2, dropouts: 0 });
    expect(p.bytesUp).toBeCloseTo(25e6 + (8 / 12) * 25e6, 3);
    expect(p.bytesDown).toBe(3 * 100e6);
    expect(p.computeSeconds).toBe(11);
  });

  it('a client that finishes before the deadline reports; the round closes early when everyone has', () => {
    const p = playClientPhase([client(1, 1, 1), client(2, 2, 2)], sizes, 60);
    expect(p.close).toBe(6);
    expect(p.reports).toBe(2);
  });

  it('a dropout stops at its drop point: bytes and compute up to there, no report', () => {
    // total 10 s, drops at 0.5 → 5 s: download (4 s) done, 1 s of its 2 s compute, none of its upload
    const p = playClientPhase([client(4, 2, 4, 0.5)], sizes, undefined);
    expect(p).toMatchObject({ close: 5, reports: 0, dropouts: 1, stragglers: 0, bytesUp: 0, bytesDown: 100e6, computeSeconds: 1 });
  });

  it('a client that would drop after the deadline is a straggler, not a dropout', () => {
    const p = playClientPhase([client(4, 2, 4, 0.9)], sizes, 5);
    expect(p).toMatchObject({ close: 5, reports: 0, dropouts: 0, stragglers: 1 });
  });

  it('property: every selected client is counted once; bytes lie between the reports and every client', () => {
    const work = fc.record({
      download: fc.double({ min: 0.01, max: 100, noNaN: true }),
      compute: fc.double({ min: 0.01, max: 100, noNaN: true }),
      upload: fc.double({ min: 0.01, max: 100, noNaN: true }),
      dropAt: fc.option(fc.double({ min: 0, max: 0.999, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(work, { minLength: 1, maxLength: 30 }), fc.option(fc.double({ min: 0.1, max: 400, noNaN: true }), { nil: undefined }), (clients, deadline) => {
        const p = playClientPhase(clients, sizes, deadline);
        expect(p.reports + p.dropouts + p.stragglers).toBe(clients.length);
        if (deadline !== undefined) expect(p.close).toBeLessThanOrEqual(deadline);
        expect(p.bytesUp).toBeGreaterThanOrEqual(p.reports * sizes.update * (1 - 1e-12));
        expect(p.bytesUp).toBeLessThanOrEqual(clients.length * sizes.update * (1 + 1e-12));
        expect(p.bytesDown).toBeLessThanOrEqual(clients.length * sizes.download * (1 + 1e-12));
        const longest = Math.max(...clients.map((c) => c.download + c.compute + c.upload));
        expect(p.close).toBeLessThanOrEqual(longest * (1 + 1e-12));
      }),
      { numRuns: 200 },
    );
  });
});

describe('availability and round-time quantiles', () => {
  it('the diurnal cycle peaks at its hour and is clipped to [0, 1]', () => {
    expect(onlineFraction(0.6, 123, undefined)).toBe(0.6);
    expect(onlineFraction(0.6, 2 * 3600, { amplitude: 0.5, peakHour: 2 })).toBeCloseTo(0.9, 12);
    expect(onlineFraction(0.6, 14 * 3600, { amplitude: 0.5, peakHour: 2 })).toBeCloseTo(0.3, 12);
    expect(onlineFraction(0.8, 0, { amplitude: 1, peakHour: 0 })).toBe(1);
  });

  it('quantiles interpolate between order statistics', () => {
    expect(quantile([], 0.5)).toBe(0);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.95)).toBeCloseTo(19.5, 12);
  });
});
