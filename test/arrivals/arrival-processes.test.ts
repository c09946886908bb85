import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams, makeSampler } from '../../src/engine/index.js';
import {
  SECONDS_PER_DAY,
  SECONDS_PER_MONTH,
  collectArrivals,
  diurnal,
  growth,
  mmpp,
  mmppMeanRate,
  mmppStationary,
  poisson,
  renewal,
  type ArrivalProcess,
  type MmppOptions,
} from '../../src/model/arrivals/index.js';

const HOUR = 3600;

function stream(seed: number, name = 'arrivals', replication = 0) {
  return new RandomStreams(seed, replication).stream(name);
}

/** Number of arrivals in (from, to]. */
function count(process: ArrivalProcess, from: number, to: number): number {
  let n = 0;
  for (let t = process.next(from); t <= to; t = process.next(t)) n++;
  return n;
}

/** |observed − mean| within k standard deviations. */
function expectWithin(observed: number, mean: number, variance: number, k = 4): void {
  expect(Math.abs(observed - mean)).toBeLessThanOrEqual(k * Math.sqrt(variance));
}

describe('poisson', () => {
  it('count over a long window matches rate·T (Poisson variance)', () => {
    const T = 50_000;
    const rate = 2;
    expectWithin(count(poisson(rate, stream(1)), 0, T), rate * T, rate * T);
  });

  it('rate 0 never arrives', () => {
    expect(poisson(0, stream(1)).next(5)).toBe(Infinity);
  });
});

describe('diurnal', () => {
  const rate = 0.05;
  const amplitude = 0.8;
  const peakHour = 14;

  it('count over whole weeks matches ∫λ = rate·86400·(5 + 2·weekendFactor) per week', () => {
    const weeks = 4;
    const weekendFactor = 0.3;
    const p = diurnal({ rate, amplitude, peakHour, weekendFactor }, stream(2));
    const expected = rate * SECONDS_PER_DAY * (5 + 2 * weekendFactor) * weeks;
    expectWithin(count(p, 0, weeks * 7 * SECONDS_PER_DAY), expected, expected);
  });

  it('peak hour vs trough hour share matches the exact intensity ratio', () => {
    const days = 28;
    const times = collectArrivals(diurnal({ rate, amplitude, peakHour }, stream(3)), 0, days * SECONDS_PER_DAY);
    const inHour = (center: number) => times.filter((t) => Math.abs((t % SECONDS_PER_DAY) - center) < HOUR / 2).length;
    const peak = inHour(peakHour * HOUR);
    const trough = inHour((peakHour - 12) * HOUR);
    // ∫ over a 1-hour window centred at offset d from the peak: rate·(3600 + a·86400/π·sin(π/24)·cos(2πd/86400)).
    const window = (d: number) => rate * (HOUR + ((amplitude * SECONDS_PER_DAY) / Math.PI) * Math.sin(Math.PI / 24) * Math.cos((2 * Math.PI * d) / SECONDS_PER_DAY));
    const expectedPeak = window(0) * days;
    const expectedTrough = window(SECONDS_PER_DAY / 2) * days;
    expectWithin(peak, expectedPeak, expectedPeak);
    expectWithin(trough, expectedTrough, expectedTrough);
    const ratio = expectedPeak / expectedTrough;
    // Delta method: Var(A/B)/(A/B)² ≈ 1/A + 1/B.
    expectWithin(peak / trough, ratio, ratio * ratio * (1 / expectedPeak + 1 / expectedTrough));
    expect(ratio).toBeCloseTo((1 + amplitude) / (1 - amplitude), 0);
  });

  it('weekend days carry weekendFactor times the weekday volume', () => {
    const weeks = 8;
    const weekendFactor = 2.5;
    const times = collectArrivals(diurnal({ rate: 0.01, amplitude: 0.5, peakHour: 20, weekendFactor }, stream(4)), 0, weeks * 7 * SECONDS_PER_DAY);
    const weekend = times.filter((t) => Math.floor(t / SECONDS_PER_DAY) % 7 >= 5).length;
    const weekday = times.length - weekend;
    const perDay = 0.01 * SECONDS_PER_DAY;
    expectWithin(weekday, perDay * 5 * weeks, perDay * 5 * weeks);
    expectWithin(weekend, perDay * 2 * weeks * weekendFactor, perDay * 2 * weeks * weekendFactor);
  });

  it('exposes its intensity', () => {
    const p = diurnal({ rate: 1, amplitude: 0.5, peakHour: 6, weekendFactor: 0.5 }, stream(1));
    expect(p.rate(6 * HOUR)).toBeCloseTo(1.5, 12);
    expect(p.rate(18 * HOUR)).toBeCloseTo(0.5, 12);
    expect(p.rate(5 * SECONDS_PER_DAY + 6 * HOUR)).toBeCloseTo(0.75, 12);
  });
});

describe('growth', () => {
  it('month 12 vs month 1 counts ≈ (1+g)^11, totals match ∫λ', () => {
    const rate = 0.01;
    const g = 0.05;
    const times = collectArrivals(growth({ rate, perMonth: g }, stream(5)), 0, 12 * SECONDS_PER_MONTH);
    const inMonth = (m: number) => times.filter((t) => t > (m - 1) * SECONDS_PER_MONTH && t <= m * SECONDS_PER_MONTH).length;
    const k = Math.log1p(g) / SECONDS_PER_MONTH;
    const monthMean = (m: number) => (rate / k) * ((1 + g) ** m - (1 + g) ** (m - 1));
    const m1 = inMonth(1);
    const m12 = inMonth(12);
    expectWithin(m1, monthMean(1), monthMean(1));
    expectWithin(m12, monthMean(12), monthMean(12));
    const ratio = (1 + g) ** 11;
    expectWithin(m12 / m1, ratio, ratio * ratio * (1 / monthMean(1) + 1 / monthMean(12)));
    const total = (rate / k) * ((1 + g) ** 12 - 1);
    expectWithin(times.length, total, total);
  });

  it('a decline has finite total mass rate/|k| and then stops', () => {
    const perMonth = -0.5;
    const k = Math.log1p(perMonth) / SECONDS_PER_MONTH;
    const rate = 10_000 * -k;
    const p = growth({ rate, perMonth }, stream(6));
    const times = collectArrivals(p, 0, Infinity);
    expectWithin(times.length, rate / -k, rate / -k);
    // Remaining mass after 200 months is 10⁴·2⁻²⁰⁰ ≈ 0: no further arrival.
    expect(p.next(200 * SECONDS_PER_MONTH)).toBe(Infinity);
  });

  it('perMonth 0 is a homogeneous Poisson process', () => {
    expectWithin(count(growth({ rate: 1, perMonth: 0 }, stream(7)), 0, 40_000), 40_000, 40_000);
  });
});

describe('mmpp', () => {
  it('two-state count matches Σ rate_i·π_i with the MMPP asymptotic variance', () => {
    const options: MmppOptions = { rates: [0.5, 5], meanSojourn: [60, 6] };
    const [pi1, pi2] = mmppStationary(options) as [number, number];
    expect(pi1).toBeCloseTo(60 / 66, 12);
    expect(pi2).toBeCloseTo(6 / 66, 12);
    const mean = mmppMeanRate(options);
    expect(mean).toBeCloseTo(0.5 * pi1 + 5 * pi2, 12);
    // Var N(T)/T → λ̄ + 2(λ1−λ2)²π1π2/(q1+q2) (Fischer & Meier-Hellstern 1993).
    const q = 1 / 60 + 1 / 6;
    const perSecondVar = mean + (2 * (5 - 0.5) ** 2 * pi1 * pi2) / q;
    const T = 1_000_000;
    const n = count(mmpp(options, stream(8), stream(8, 'chain')), 0, T);
    expectWithin(n, mean * T, perSecondVar * T);
    // Bursty: clearly over-dispersed relative to Poisson.
    expect(perSecondVar / mean).toBeGreaterThan(10);
  });

  it('three-state transition matrix: π balances the generator; replicated counts match the mean rate', () => {
    const options: MmppOptions = {
      rates: [0.2, 1, 3],
      meanSojourn: [100, 50, 20],
      transitions: [
        [0, 0.5, 0.5],
        [0.8, 0, 0.2],
        [0.6, 0.4, 0],
      ],
    };
    const pi = mmppStationary(options);
    const P = options.transitions as number[][];
    for (let j = 0; j < 3; j++) {
      // (πQ)_j = Σ_i π_i q_i P_ij − π_j q_j = 0.
      let flow = -(pi[j] as number) / (options.meanSojourn[j] as number);
      for (let i = 0; i < 3; i++) flow += ((pi[i] as number) / (options.meanSojourn[i] as number)) * (P[i]?.[j] as number);
      expect(Math.abs(flow)).toBeLessThan(1e-14);
    }
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const mean = mmppMeanRate(options);
    const reps = 12;
    const T = 100_000;
    const ratesObserved = Array.from({ length: reps }, (_, r) => count(mmpp(options, stream(9, 'a', r), stream(9, 'c', r)), 0, T) / T);
    const avg = ratesObserved.reduce((a, b) => a + b, 0) / reps;
    const sampleVar = ratesObserved.reduce((a, x) => a + (x - avg) ** 2, 0) / (reps - 1);
    expectWithin(avg, mean, sampleVar / reps, 5);
  });

  it('uniform jumps over three states: π ∝ meanSojourn', () => {
    const options: MmppOptions = { rates: [0, 2, 0], meanSojourn: [30, 10, 60] };
    expect(mmppMeanRate(options)).toBeCloseTo(2 * (10 / 100), 12);
    const reps = 12;
    const T = 100_000;
    const obs = Array.from({ length: reps }, (_, r) => count(mmpp(options, stream(10, 'a', r), stream(10, 'c', r)), 0, T) / T);
    const avg = obs.reduce((a, b) => a + b, 0) / reps;
    const sampleVar = obs.reduce((a, x) => a + (x - avg) ** 2, 0) / (reps - 1);
    expectWithin(avg, 0.2, sampleVar / reps, 5);
  });

  it('edge cases: single state is Poisson; all-zero rates never arrive; going back throws', () => {
    expectWithin(count(mmpp({ rates: [1], meanSojourn: [5] }, stream(11), stream(11, 'c')), 0, 30_000), 30_000, 30_000);
    expect(mmpp({ rates: [0, 0], meanSojourn: [1, 1] }, stream(1), stream(2)).next(0)).toBe(Infinity);
    const p = mmpp({ rates: [1, 1], meanSojourn: [1, 1] }, stream(1), stream(2));
    p.next(1000);
    expect(() => p.next(0)).toThrow(RangeError);
    // A closed class of zero-rate states: stuck there ⇒ Infinity, not an endless loop.
    const stuck = mmpp(
      {
        rates: [0, 0, 1],
        meanSojourn: [1, 1, 1],
        transitions: [
          [0, 1, 0],
          [1, 0, 0],
          [0.5, 0.5, 0],
        ],
        initialState: 0,
      },
      stream(1),
      stream(2),
    );
    expect(stuck.next(0)).toBe(Infinity);
  });
});

describe('renewal', () => {
  it('gamma gaps: count ≈ T/μ with variance T·σ²/μ³', () => {
    const p = renewal(makeSampler({ kind: 'gamma', shape: 4, scale: 0.25 }, stream(12)));
    const T = 100_000;
    expectWithin(count(p, 0, T), T, T * 0.25);
  });

  it('rejects negative gaps; zero gaps still move forward', () => {
    expect(() => renewal(() => -1).next(0)).toThrow(/gap/);
    const zero = renewal(() => 0);
    expect(zero.next(5)).toBeGreaterThan(5);
    expect(zero.next(0)).toBeGreaterThan(0);
    expect(renewal(() => Infinity).next(0)).toBe(Infinity);
  });
});

describe('validation', () => {
  const s = stream(1);
  it.each([
    [() => poisson(-1, s), /rate/],
    [() => poisson(NaN, s), /rate/],
    [() => diurnal({ rate: 1, amplitude: 1.5, peakHour: 3 }, s), /amplitude/],
    [() => diurnal({ rate: 1, amplitude: 0.5, peakHour: 25 }, s), /peakHour/],
    [() => diurnal({ rate: 1, amplitude: 0.5, peakHour: 3, weekendFactor: -1 }, s), /weekendFactor/],
    [() => growth({ rate: 1, perMonth: -1 }, s), /perMonth/],
    [() => growth({ rate: Infinity, perMonth: 0 }, s), /rate/],
    [() => mmpp({ rates: [], meanSojourn: [] }, s, s), /rates/],
    [() => mmpp({ rates: [1, 2], meanSojourn: [1] }, s, s), /meanSojourn/],
    [() => mmpp({ rates: [1, -2], meanSojourn: [1, 1] }, s, s), /rates\[1\]/],
    [() => mmpp({ rates: [1, 2], meanSojourn: [1, 0] }, s, s), /meanSojourn\[1\]/],
    [
      () =>
        mmpp(
          {
            rates: [1, 2],
            meanSojourn: [1, 1],
            transitions: [
              [0, 1],
              [0.5, 0.4],
            ],
          },
          s,
          s,
        ),
      /transitions\[1\]/,
    ],
    [
      () =>
        mmpp(
          {
            rates: [1, 2],
            meanSojourn: [1, 1],
            transitions: [
              [0.5, 0.5],
              [1, 0],
            ],
          },
          s,
          s,
        ),
      /transitions\[0\]\[0\]/,
    ],
    [() => mmpp({ rates: [1, 2], meanSojourn: [1, 1], initialState: 2 }, s, s), /initialState/],
    [() => poisson(1, s).next(NaN), /now/],
  ])('case %#', (fn, message) => {
    expect(fn).toThrow(RangeError);
    expect(fn).toThrow(message);
  });
});

type Factory = (seed: number) => ArrivalProcess;
const factories: Record<string, Factory> = {
  poisson: (seed) => poisson(0.3, stream(seed)),
  diurnal: (seed) => diurnal({ rate: 0.01, amplitude: 1, peakHour: 9, weekendFactor: 0.2 }, stream(seed)),
  growth: (seed) => growth({ rate: 0.02, perMonth: 0.1 }, stream(seed)),
  decline: (seed) => growth({ rate: 0.02, perMonth: -0.3 }, stream(seed)),
  mmpp: (seed) => mmpp({ rates: [0.01, 2, 0], meanSojourn: [300, 20, 100] }, stream(seed), stream(seed, 'chain')),
  renewal: (seed) => renewal(makeSampler({ kind: 'pareto', shape: 1.5, scale: 0.1 }, stream(seed))),
};

describe('determinism and ordering', () => {
  it.each(Object.keys(factories))('%s: same seed gives the same arrivals, another seed differs', (name) => {
    const make = factories[name] as Factory;
    const a = collectArrivals(make(42), 0, Infinity, 200);
    const b = collectArrivals(make(42), 0, Infinity, 200);
    const c = collectArrivals(make(43), 0, Infinity, 200);
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('property: sequences from any start are strictly increasing and after the start', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(factories)), fc.integer(), fc.double({ min: -1e7, max: 1e10, noNaN: true }), (name, seed, start) => {
        const p = (factories[name] as Factory)(seed);
        let prev = start;
        for (let i = 0; i < 30; i++) {
          const t = p.next(prev);
          expect(t).toBeGreaterThan(prev);
          if (t === Infinity) break;
          prev = t;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('property: stateless processes give next(now) > now for arbitrary, unordered now', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('poisson', 'diurnal', 'growth', 'decline', 'renewal'),
        fc.integer(),
        fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (name, seed, nows) => {
          const p = (factories[name] as Factory)(seed);
          for (const now of nows) expect(p.next(now)).toBeGreaterThan(now);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('a gap that rounds away', () => {
  // uniformOpen just below 1 makes Exp(1) ≈ 1.1e-16, far below the spacing of doubles near 1e6 (≈ 1.2e-10).
  const tinyGap = { uniform: () => 0.5, uniformOpen: () => 1 - 2 ** -53 };

  it.each([1e6, -1e6, 12345.678])('moves time on to the very next double after now = %s', (now) => {
    expect(now + -Math.log(tinyGap.uniformOpen())).toBe(now); // the draw itself is lost to rounding
    const t = poisson(1, tinyGap).next(now);
    expect(t).toBeGreaterThan(now);
    // No double lies strictly between now and t: their midpoint rounds onto one of them.
    const mid = now + (t - now) / 2;
    expect(mid === now || mid === t).toBe(true);
  });
});
