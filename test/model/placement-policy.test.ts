// choosePool (src/model/placement-policy.ts) on hand-made options: the policy's rule, and a pool where the job would
// never start (nothing online or on its way: expected wait Infinity) is no option for `cheapest`, however cheap.
import { describe, expect, it } from 'vitest';
import { choosePool, type PoolOption } from '../../src/model/placement-policy.js';

const option = (pool: number, over: Partial<PoolOption> = {}): PoolOption => ({ pool, expectedWait: 0, runTime: 3600, devices: 8, price: 1e-3, fits: true, ...over });

describe('choosePool', () => {
  it('cheapest: the lowest price × devices × run time among the options meeting the deadline', () => {
    const home = option(0, { price: 3e-3 });
    const alternatives = [option(1, { price: 1e-3, expectedWait: 7200 }), option(2, { price: 2e-3 })];
    // no deadline: the cheapest (1), whatever its wait
    expect(choosePool({ kind: 'cheapest' }, home, () => alternatives, undefined)).toBe(1);
    // a 2 h deadline: 1 would complete after 3 h, so the cheapest in time is 2
    expect(choosePool({ kind: 'cheapest' }, home, () => alternatives, 7200)).toBe(2);
  });

  it('cheapest: a pool where the job would never start is skipped (its first delivery is still to come)', () => {
    const home = option(0, { price: 3e-3 });
    const empty = option(1, { price: 1e-3, expectedWait: Infinity });
    expect(choosePool({ kind: 'cheapest' }, home, () => [empty], undefined)).toBe(0);
    // nothing can start anywhere: home, as when nothing fits
    expect(choosePool({ kind: 'cheapest' }, option(0, { expectedWait: Infinity }), () => [empty], undefined)).toBe(0);
  });

  it('burst: home below the threshold; above it, the alternative that would complete first', () => {
    const policy = { kind: 'burst', threshold: 3600, burstTo: [] } as const;
    expect(choosePool(policy, option(0, { expectedWait: 1800 }), () => [option(1)], undefined)).toBe(0);
    expect(choosePool(policy, option(0, { expectedWait: 7200 }), () => [option(1, { expectedWait: 600 }), option(2, { expectedWait: 60 })], undefined)).toBe(2);
  });
});
