// Shift, scale, sample, filter, limit: hand-computed expectations and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/index.js';
import { allOf, applyTransforms, devicesBetween, filterTrace, limitTrace, requestsGpus, sampleTrace, scaleTime, shiftTime, statusIn, submittedBetween, type TraceJob } from '../../src/traces/index.js';
import { collect } from './helpers.js';

function job(id: string, submit: number, devices = 1, extra: Partial<TraceJob> = {}): TraceJob {
  return { id, submit, devices, deviceKind: 'gpu', cpuOnly: devices === 0, runtime: 10, line: Number(id) || 1, ...extra };
}

// eslint-disable-next-line @typescript-eslint/require-await -- stands in for a streamed trace: an async source with nothing to wait for
async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const JOBS: TraceJob[] = [
  job('1', 100, 1, { status: 'completed' }),
  job('2', 130, 0, { status: 'failed' }),
  job('3', 190, 8, { status: 'completed' }),
  job('4', 250, 0.5, { status: 'cancelled' }),
  job('5', 400, 4),
];
const submits = (jobs: readonly { submit: number }[]): number[] => jobs.map((j) => j.submit);

describe('shiftTime', () => {
  it('re-origins on the first record, or adds an offset', async () => {
    expect(submits(await collect(shiftTime(from(JOBS), { to: 0 })))).toEqual([0, 30, 90, 150, 300]);
    expect(submits(await collect(shiftTime(from(JOBS), { to: 1000 })))).toEqual([1000, 1030, 1090, 1150, 1300]);
    expect(submits(await collect(shiftTime(from(JOBS), { by: -50 })))).toEqual([50, 80, 140, 200, 350]);
  });

  it('copies records and leaves everything else alone', async () => {
    const [first] = await collect(shiftTime(from(JOBS), { to: 0 }));
    expect(first).toEqual({ ...JOBS[0], submit: 0 });
    expect(JOBS[0]!.submit).toBe(100);
  });

  it('rejects a non-finite shift', async () => {
    await expect(collect(shiftTime(from(JOBS), { by: NaN }))).rejects.toThrow(RangeError);
  });
});

describe('scaleTime', () => {
  it('stretches inter-arrivals around the first submit, leaving runtimes', async () => {
    const out = await collect(scaleTime(from(JOBS), 2));
    expect(submits(out)).toEqual([100, 160, 280, 400, 700]);
    expect(out.map((j) => j.runtime)).toEqual([10, 10, 10, 10, 10]);
    expect(submits(await collect(scaleTime(from(JOBS), 0.5, 0)))).toEqual([50, 65, 95, 125, 200]);
  });

  it('rejects factors that are not finite and > 0', async () => {
    for (const f of [0, -1, Infinity, NaN]) await expect(collect(scaleTime(from(JOBS), f))).rejects.toThrow(RangeError);
  });

  it('property: scaling by k multiplies every inter-arrival by k', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), async (gaps, k) => {
        let t = 0;
        const input = gaps.map((g, i) => job(String(i), (t += g)));
        const out = await collect(scaleTime(from(input), k));
        for (let i = 1; i < input.length; i++) {
          const before = input[i]!.submit - input[i - 1]!.submit;
          const after = out[i]!.submit - out[i - 1]!.submit;
          // rounding: a few ulps of the absolute times involved
          expect(Math.abs(after - before * k)).toBeLessThanOrEqual(1e-9 * Math.max(1, out[i]!.submit, input[i]!.submit * k));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('sampleTrace', () => {
  const many = Array.from({ length: 2000 }, (_, i) => job(String(i + 1), i));

  it('keeps each record when uniform() < p on the trace-sample stream of the seed (one draw per record)', async () => {
    const stream = new RandomStreams(42).stream('trace-sample');
    const expected = many.filter(() => stream.uniform() < 0.3).map((j) => j.id);
    const kept = await collect(sampleTrace(from(many), 0.3, { seed: 42 }));
    expect(kept.map((j) => j.id)).toEqual(expected);
    expect(kept.length).toBeGreaterThan(520);
    expect(kept.length).toBeLessThan(680);
  });

  it('is deterministic by seed, differs across seeds, and nests across probabilities', async () => {
    const ids = async (p: number, seed: number): Promise<string[]> => (await collect(sampleTrace(from(many), p, { seed }))).map((j) => j.id);
    expect(await ids(0.5, 7)).toEqual(await ids(0.5, 7));
    expect(await ids(0.5, 7)).not.toEqual(await ids(0.5, 8));
    const small = new Set(await ids(0.2, 7));
    const large = new Set(await ids(0.6, 7));
    for (const id of small) expect(large.has(id)).toBe(true);
    expect(await ids(0, 7)).toEqual([]);
    expect(await ids(1, 7)).toHaveLength(2000);
  });

  it('accepts a stream of the run instead of a seed', async () => {
    const a = await collect(sampleTrace(from(many), 0.5, new RandomStreams(3, 1).stream('trace-sample')));
    const b = await collect(sampleTrace(from(many), 0.5, { seed: 3, replication: 1 }));
    expect(a).toEqual(b);
  });

  it('rejects p outside [0, 1]', async () => {
    await expect(collect(sampleTrace(from(many), 1.5, { seed: 1 }))).rejects.toThrow(RangeError);
  });
});

describe('filterTrace and the ready-made predicates', () => {
  it('filters by devices, time window, status and GPU use', async () => {
    const ids = async (keep: (j: TraceJob) => boolean): Promise<string[]> => (await collect(filterTrace(from(JOBS), keep))).map((j) => j.id);
    expect(await ids(devicesBetween({ min: 1 }))).toEqual(['1', '3', '5']);
    expect(await ids(devicesBetween({ min: 0.5, max: 4 }))).toEqual(['1', '4', '5']);
    expect(await ids(submittedBetween({ from: 130, to: 250 }))).toEqual(['2', '3']); // [from, to)
    expect(await ids(statusIn(['completed', 'cancelled']))).toEqual(['1', '3', '4']);
    expect(await ids(requestsGpus)).toEqual(['1', '3', '4', '5']);
    expect(await ids(allOf(requestsGpus, submittedBetween({ to: 300 }), devicesBetween({ max: 1 })))).toEqual(['1', '4']);
    expect(await ids((job0) => job0.deviceKind === 'cpu')).toEqual([]);
  });
});

describe('limitTrace', () => {
  it('yields at most n records and stops pulling from the source', async () => {
    let pulled = 0;
    // eslint-disable-next-line @typescript-eslint/require-await -- an async source that counts the records pulled from it
    async function* counting(): AsyncGenerator<TraceJob> {
      for (const j of JOBS) {
        pulled++;
        yield j;
      }
    }
    expect((await collect(limitTrace(counting(), 2))).map((j) => j.id)).toEqual(['1', '2']);
    expect(pulled).toBe(2);
    expect(await collect(limitTrace(from(JOBS), 0))).toEqual([]);
    expect(await collect(limitTrace(from(JOBS), 99))).toHaveLength(5);
    await expect(collect(limitTrace(from(JOBS), 1.5))).rejects.toThrow(RangeError);
  });

  it('property: filter then limit never yields more than the limit, and yields the first matches in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 80 }), fc.integer({ min: 0, max: 8 }), fc.nat(30), async (devices, min, n) => {
        const input = devices.map((d, i) => job(String(i + 1), i, d));
        const out = await collect(limitTrace(filterTrace(from(input), devicesBetween({ min })), n));
        expect(out.length).toBeLessThanOrEqual(n);
        expect(out).toEqual(input.filter((j) => j.devices >= min).slice(0, n));
      }),
      { numRuns: 200 },
    );
  });
});

describe('applyTransforms (steps as data, for scenario files)', () => {
  it('runs the steps in order', async () => {
    const out = await collect(
      applyTransforms(from(JOBS), [
        { kind: 'filter', gpuOnly: true, status: ['completed', 'cancelled'] },
        { kind: 'shift', to: 0 },
        { kind: 'scale', factor: 0.5 },
        { kind: 'limit', count: 2 },
      ]),
    );
    // kept 1 (100), 3 (190), 4 (250) → 0, 90, 150 → 0, 45, 75 → first two
    expect(out.map((j) => [j.id, j.submit])).toEqual([
      ['1', 0],
      ['3', 45],
    ]);
  });

  it('samples like sampleTrace with the same seed', async () => {
    const many = Array.from({ length: 300 }, (_, i) => job(String(i + 1), i));
    const a = await collect(applyTransforms(from(many), [{ kind: 'sample', probability: 0.4, seed: 9 }]));
    const b = await collect(sampleTrace(from(many), 0.4, { seed: 9 }));
    expect(a).toEqual(b);
  });
});
