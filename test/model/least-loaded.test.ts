// The serving router's index (src/model/serving/least-loaded.ts) against the scan it replaced: after any
// sequence of load and eligibility changes, the replica it names is the scan's (fewest requests, lowest index).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { LeastLoaded } from '../../src/model/serving/least-loaded.js';
import { propertyRuns } from '../support/property-runs.js';

function scan(load: readonly number[], eligible: readonly boolean[]): number | undefined {
  let best: number | undefined;
  let min = Infinity;
  for (let i = 0; i < load.length; i++) {
    if (!eligible[i]) continue;
    if ((load[i] as number) < min) {
      min = load[i] as number;
      best = i;
    }
  }
  return best;
}

it('names the replica a scan names after every change', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 6 }), fc.boolean()), { maxLength: 300 }), (replicas, changes) => {
      const router = new LeastLoaded();
      const load = new Array<number>(replicas).fill(0);
      const eligible = new Array<boolean>(replicas).fill(false);
      expect(router.best()).toBeUndefined();
      for (const [which, value, on] of changes) {
        const i = which % replicas;
        load[i] = value;
        eligible[i] = on;
        router.set(i, value, on);
        expect(router.best()).toBe(scan(load, eligible));
      }
    }),
    { numRuns: propertyRuns(300) },
  );
});

it('ties go to the lowest index, and a replica that stops taking requests leaves', () => {
  const router = new LeastLoaded();
  for (const i of [3, 1, 2, 0]) router.set(i, 5, true);
  expect(router.best()).toBe(0);
  router.set(0, 6, true);
  expect(router.best()).toBe(1);
  router.set(1, 0, false);
  expect(router.best()).toBe(2);
  router.set(3, 4, true);
  expect(router.best()).toBe(3);
});
