import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { SharedLink } from '../../src/model/link-sharing.js';

/**
 * The shared inter-site link against processor-sharing arithmetic worked by hand, and against work
 * conservation: a link that is never idle while bytes wait moves everything by the same time a
 * first-come-first-served link would (the busy period does not depend on the order of service).
 */
function run(bandwidth: number, latency: number, transfers: readonly { at: number; bytes: number; cancelAt?: number }[], seen?: (link: SharedLink) => void): number[] {
  const sim = new Simulation();
  const link = new SharedLink(sim, bandwidth, latency, 0);
  const done = transfers.map(() => NaN);
  transfers.forEach((t, i) => {
    sim.scheduleAt(
      t.at,
      () => {
        const h = link.start(t.bytes, () => (done[i] = sim.now));
        if (t.cancelAt !== undefined) sim.scheduleAt(t.cancelAt, () => link.cancel(h), undefined, 0);
      },
      undefined,
      0,
    );
  });
  sim.run();
  expect(link.active).toBe(0);
  seen?.(link);
  return done;
}

describe('shared link (processor sharing)', () => {
  it('one transfer: latency, then bytes / bandwidth', () => {
    expect(run(10, 2, [{ at: 0, bytes: 100 }])).toEqual([12]);
  });

  it('two at once share the bandwidth: 100 B and 300 B at 10 B/s end at 20 s and 40 s', () => {
    // both at 5 B/s until the first has moved 100 B (20 s); the second then has 200 B at 10 B/s
    const [a, b] = run(10, 0, [
      { at: 0, bytes: 100 },
      { at: 0, bytes: 300 },
    ]);
    expect(a).toBeCloseTo(20, 9);
    expect(b).toBeCloseTo(40, 9);
  });

  it('a later transfer slows an earlier one: 100 B at 0 s and 100 B at 5 s end at 15 s and 20 s', () => {
    // 0–5 s: 50 B of the first alone; 5–15 s: 50 B each at 5 B/s; 15–20 s: the second's last 50 B alone
    const [a, b] = run(10, 0, [
      { at: 0, bytes: 100 },
      { at: 5, bytes: 100 },
    ]);
    expect(a).toBeCloseTo(15, 9);
    expect(b).toBeCloseTo(20, 9);
  });

  it('a cancelled transfer gives its share back and never ends', () => {
    // 0–4 s: 20 B each; the first's other 80 B alone at 10 B/s: 12 s
    const [a, b] = run(10, 0, [
      { at: 0, bytes: 100 },
      { at: 0, bytes: 100, cancelAt: 4 },
    ]);
    expect(a).toBeCloseTo(12, 9);
    expect(b).toBeNaN();
    // cancelled while still in its latency: the other one is not slowed at all
    const [c, d] = run(10, 3, [
      { at: 0, bytes: 100 },
      { at: 1, bytes: 100, cancelAt: 2 },
    ]);
    expect(c).toBeCloseTo(13, 9);
    expect(d).toBeNaN();
  });

  it('measures how busy the link was: share of time moving bytes, transfers at once', () => {
    // 0–10 s and 50–60 s moving, one transfer each time: busy 20 of 60 s
    let m = { busy_fraction: NaN, mean_transfers: NaN, max_transfers: NaN };
    run(
      10,
      0,
      [
        { at: 0, bytes: 100 },
        { at: 50, bytes: 100 },
      ],
      (l) => (m = l.metrics()),
    );
    expect(m.busy_fraction).toBeCloseTo(1 / 3, 12);
    expect(m.mean_transfers).toBeCloseTo(1 / 3, 12);
    expect(m.max_transfers).toBe(1);
    // two at once for 20 s
    run(
      10,
      0,
      [
        { at: 0, bytes: 100 },
        { at: 0, bytes: 100 },
      ],
      (l) => (m = l.metrics()),
    );
    expect(m).toEqual({ busy_fraction: 1, mean_transfers: 2, max_transfers: 2 });
  });

  it('conserves work: the last transfer ends when a first-come-first-served link would finish its busy period', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 1000 }), bytes: fc.integer({ min: 1, max: 5000 }) }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 100 }),
        (transfers, bandwidth) => {
          const done = run(bandwidth, 0, transfers);
          let end = 0;
          for (const t of [...transfers].sort((x, y) => x.at - y.at)) end = Math.max(end, t.at) + t.bytes / bandwidth;
          expect(Math.max(...done)).toBeCloseTo(end, 6);
          transfers.forEach((t, i) => {
            // never faster than the whole link
            expect(done[i]!).toBeGreaterThanOrEqual(t.at + t.bytes / bandwidth - 1e-9);
          });
          // transfers started together finish in order of size
          const together = transfers.map((t, i) => ({ ...t, end: done[i]! })).filter((t) => t.at === transfers[0]!.at);
          for (const x of together) for (const y of together) if (x.bytes < y.bytes) expect(x.end).toBeLessThanOrEqual(y.end + 1e-9);
        },
      ),
    );
  });
});
