import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceRouting } from '../../src/model/serving/service-reach.js';
import { choosePlacement, predictedTtft, type PlacementView } from '../../src/model/serving/service-routing.js';

/** Invariants of the routing policies over any set of pools (src/model/serving/service-routing.ts). */
const viewArb: fc.Arbitrary<PlacementView> = fc.record({
  ready: fc.boolean(),
  load: fc.integer({ min: 0, max: 300 }),
  waiting: fc.integer({ min: 0, max: 50 }),
  iteration: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
  prefillIteration: fc.double({ min: 0.001, max: 2, noNaN: true }),
  slotIterations: fc.double({ min: 1, max: 100, noNaN: true }),
  rtt: fc.double({ min: 0, max: 0.3, noNaN: true }),
  price: fc.double({ min: 0, max: 10, noNaN: true }),
  hasRoom: fc.boolean(),
});
const views = fc.array(viewArb, { minLength: 1, maxLength: 8 });

describe('routing policies (property)', () => {
  it('pick a ready pool, and one exists whenever a pool is ready', () => {
    fc.assert(
      fc.property(views, fc.constantFrom<ServiceRouting[]>('nearest', 'cheapest', 'least-loaded', 'slo-aware'), (vs, policy) => {
        const i = choosePlacement(policy, vs, { ttft: 1 });
        if (vs.some((v) => v.ready)) expect(vs[i ?? -1]?.ready).toBe(true);
        else expect(i).toBeUndefined();
      }),
    );
  });

  it('nearest: no ready pool with room is nearer than the one picked (when any has room)', () => {
    fc.assert(
      fc.property(views, (vs) => {
        const picked = vs[choosePlacement('nearest', vs, {}) ?? -1];
        const roomy = vs.filter((v) => v.ready && v.hasRoom);
        if (roomy.length === 0 || !picked) return;
        expect(picked.hasRoom).toBe(true);
        for (const v of roomy) expect(v.rtt).toBeGreaterThanOrEqual(picked.rtt);
      }),
    );
  });

  it('cheapest: no ready pool with room is cheaper than the one picked (when any has room)', () => {
    fc.assert(
      fc.property(views, (vs) => {
        const picked = vs[choosePlacement('cheapest', vs, {}) ?? -1];
        const roomy = vs.filter((v) => v.ready && v.hasRoom);
        if (roomy.length === 0 || !picked) return;
        for (const v of roomy) expect(v.price).toBeGreaterThanOrEqual(picked.price);
      }),
    );
  });

  it('slo-aware: picks a pool predicted to meet the target whenever one is, the cheapest of them; else the lowest prediction', () => {
    fc.assert(
      fc.property(views, fc.double({ min: 0.05, max: 5, noNaN: true }), (vs, ttft) => {
        const picked = vs[choosePlacement('slo-aware', vs, { ttft }) ?? -1];
        const ready = vs.filter((v) => v.ready);
        if (!picked) {
          expect(ready).toHaveLength(0);
          return;
        }
        const meeting = ready.filter((v) => predictedTtft(v) <= ttft);
        if (meeting.length > 0) {
          expect(predictedTtft(picked)).toBeLessThanOrEqual(ttft);
          for (const v of meeting) expect(v.price).toBeGreaterThanOrEqual(picked.price);
        } else {
          for (const v of ready) expect(predictedTtft(v)).toBeGreaterThanOrEqual(predictedTtft(picked));
        }
      }),
    );
  });
});
