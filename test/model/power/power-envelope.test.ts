import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cappedThroughput, energise, envelopeAt } from '../../../src/model/power/power-envelope.js';

/** src/model/power/power-envelope.ts: when deliveries can be energised, by hand and as an invariant. */
describe('energising deliveries within a power envelope', () => {
  // a DGX H100 draws 10.2 kW at most; × PUE 1.3 = 13.26 kW of facility power: 1 MW / 13.26 kW = 75.4 → 75 nodes
  const node = 10_200 * 1.3;

  it('1 MW holds 75 nodes of 10.2 kW at PUE 1.3, not 76', () => {
    expect(energise([{ at: 0, watts: 1e6 }], [{ nodes: 75, deliveredAt: 0, facilityWattsPerNode: node }])).toEqual([0]);
    expect(energise([{ at: 0, watts: 1e6 }], [{ nodes: 76, deliveredAt: 0, facilityWattsPerNode: node }])).toEqual([undefined]);
  });

  it('a delivery of 100 more waits for the upgrade, then is energised on its date', () => {
    const steps = [
      { at: 0, watts: 1e6 },
      { at: 90 * 86_400, watts: 3e6 }, // 175 × 13.26 kW = 2.32 MW fits 3 MW
    ];
    const demands = [
      { nodes: 75, deliveredAt: 0, facilityWattsPerNode: node },
      { nodes: 100, deliveredAt: 30 * 86_400, facilityWattsPerNode: node },
    ];
    expect(energise(steps, demands)).toEqual([0, 90 * 86_400]);
    // delivered after the upgrade: no wait
    expect(energise(steps, [demands[0]!, { ...demands[1]!, deliveredAt: 120 * 86_400 }])).toEqual([0, 120 * 86_400]);
  });

  it('first come, first served: a refused delivery blocks the later ones, and a waiting one is not overtaken', () => {
    const steps = [
      { at: 0, watts: 1e6 },
      { at: 100, watts: 2e6 },
    ];
    // 50 kW then 1.5 MW (waits to 100) then 10 kW delivered at 50: energised at 100 too (after the big one)
    expect(
      energise(steps, [
        { nodes: 5, deliveredAt: 0, facilityWattsPerNode: 10_000 },
        { nodes: 150, deliveredAt: 10, facilityWattsPerNode: 10_000 },
        { nodes: 1, deliveredAt: 50, facilityWattsPerNode: 10_000 },
      ]),
    ).toEqual([0, 100, 100]);
    expect(
      energise(steps, [
        { nodes: 250, deliveredAt: 0, facilityWattsPerNode: 10_000 },
        { nodes: 1, deliveredAt: 5, facilityWattsPerNode: 10_000 },
      ]),
    ).toEqual([undefined, undefined]);
  });

  it('the energised load never exceeds the envelope, and nothing is energised before its delivery', () => {
    const demand = fc.record({ nodes: fc.integer({ min: 1, max: 50 }), deliveredAt: fc.integer({ min: 0, max: 1000 }), facilityWattsPerNode: fc.integer({ min: 1000, max: 20_000 }) });
    fc.assert(
      fc.property(fc.array(demand, { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 500_000 }), { maxLength: 4 }), (demands, growth) => {
        let watts = 200_000;
        const steps = [{ at: 0, watts }, ...growth.map((g, i) => ({ at: (i + 1) * 300, watts: (watts += g) }))];
        const when = energise(steps, demands);
        for (const t of [...new Set(when.filter((w) => w !== undefined))]) {
          const load = demands.reduce((w, d, i) => w + ((when[i] ?? Infinity) <= t ? d.nodes * d.facilityWattsPerNode : 0), 0);
          expect(load).toBeLessThanOrEqual(envelopeAt(steps, t) * (1 + 1e-9));
        }
        demands.forEach((d, i) => {
          if (when[i] !== undefined) expect(when[i]).toBeGreaterThanOrEqual(d.deliveredAt);
        });
      }),
      { numRuns: 200, seed: 16 },
    );
  });
});

describe('power capping', () => {
  it('throughput is cap^k: linear by default, the cube-root law at k = 1/3', () => {
    expect(cappedThroughput(0.8)).toBe(0.8);
    expect(cappedThroughput(1)).toBe(1);
    expect(cappedThroughput(0.8, 1 / 3)).toBeCloseTo(0.9283, 4); // 0.8^(1/3)
    // the published H100 point: 600/700 W losing 12.5 % (the midpoint of 10–15 %) is k = ln 0.875 / ln(6/7) = 0.866
    expect(Math.log(0.875) / Math.log(600 / 700)).toBeCloseTo(0.866, 3);
    expect(() => cappedThroughput(0)).toThrow(RangeError);
    expect(() => cappedThroughput(1.2)).toThrow(RangeError);
  });
});
