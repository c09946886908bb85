import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ServerPool, Simulation } from '../../src/engine/index.js';

/** Request `units` at time `at`, hold them `hold` seconds once granted; grants are logged as `time name`. */
function job(sim: Simulation, pool: ServerPool, log: string[], name: string, at: number, units: number, hold: number) {
  const handle = { value: -1 };
  sim.scheduleAt(at, () => {
    handle.value = pool.request(units, () => {
      log.push(`${sim.now} ${name}`);
      sim.schedule(hold, () => pool.release(units), undefined);
    }, undefined);
  }, undefined);
  return handle;
}

describe('ServerPool: hand-worked FCFS gang scenario', () => {
  // capacity 4
  //   A: t=0, 2 units, holds 5  -> granted 0, releases 5
  //   B: t=1, 3 units, holds 4  -> waits (2 free); granted 5, releases 9
  //   C: t=2, 1 unit,  holds 2  -> would fit but B blocks the head; granted 5, releases 7
  //   D: t=3, 2 units, holds 1  -> granted 9 (only 1 free at 7), releases 10
  function scenario() {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 4, { name: 'gpus' });
    const log: string[] = [];
    job(sim, pool, log, 'A', 0, 2, 5);
    job(sim, pool, log, 'B', 1, 3, 4);
    job(sim, pool, log, 'C', 2, 1, 2);
    job(sim, pool, log, 'D', 3, 2, 1);
    return { sim, pool, log };
  }

  it('grants at the exact times, with head-of-line blocking', () => {
    const { sim, pool, log } = scenario();
    sim.run(2.5);
    expect(log).toEqual(['0 A']);
    expect(pool.inUse).toBe(2);
    expect(pool.available).toBe(2);
    expect(pool.queueLength).toBe(2); // C waits behind B although 2 units are free
    sim.run(10);
    expect(log).toEqual(['0 A', '5 B', '5 C', '9 D']);
    expect(pool.inUse).toBe(0);
    expect(pool.queueLength).toBe(0);
    expect(pool.name).toBe('gpus');
    expect(pool.capacity).toBe(4);
  });

  it('integrates busy units and queue length exactly', () => {
    const { sim, pool } = scenario();
    sim.run(10);
    // in use: [0,5) 2, [5,7) 4, [7,9) 3, [9,10) 2  -> 10 + 8 + 6 + 2 = 26
    expect(pool.busyIntegral).toBe(26);
    expect(pool.utilisation()).toBe(26 / 40);
    // waiting: [1,2) 1, [2,3) 2, [3,5) 3, [5,9) 1  -> 1 + 2 + 6 + 4 = 13
    expect(pool.queueIntegral).toBe(13);
    expect(pool.meanQueueLength()).toBe(1.3);
    expect(pool.maxQueueLength).toBe(3);
    expect(pool.statsElapsed).toBe(10);
  });

  it('brings integrals up to now when read, and restarts them at resetStats()', () => {
    const { sim, pool } = scenario();
    sim.run(4);
    // in use [0,4) 2 -> 8; waiting [1,2) 1 + [2,3) 2 + [3,4) 3 -> 6
    expect(pool.busyIntegral).toBe(8);
    expect(pool.queueIntegral).toBe(6);
    pool.resetStats();
    expect(pool.maxQueueLength).toBe(3); // current queue
    expect(pool.busyIntegral).toBe(0);
    sim.run(10);
    // since 4: in use [4,5) 2, [5,7) 4, [7,9) 3, [9,10) 2 -> 2 + 8 + 6 + 2 = 18; waiting [4,5) 3 + [5,9) 1 -> 7
    expect(pool.busyIntegral).toBe(18);
    expect(pool.queueIntegral).toBe(7);
    expect(pool.utilisation()).toBe(18 / 24);
    expect(pool.meanQueueLength()).toBe(7 / 6);
  });

  it('reports NaN utilisation when no time has elapsed', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 2);
    expect(pool.utilisation()).toBeNaN();
    expect(pool.meanQueueLength()).toBeNaN();
  });
});

describe('ServerPool: cancelRequest', () => {
  it('withdrawing the blocking head grants the requests behind it', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 3);
    const log: string[] = [];
    job(sim, pool, log, 'A', 0, 2, 10);
    const b = job(sim, pool, log, 'B', 1, 3, 1);
    job(sim, pool, log, 'C', 2, 1, 1);
    let results: boolean[] = [];
    sim.scheduleAt(4, () => {
      results = [pool.cancelRequest(b.value), pool.cancelRequest(b.value)];
    }, undefined);
    sim.run(20);
    expect(results).toEqual([true, false]);
    expect(log).toEqual(['0 A', '4 C']);
    // waiting: [1,2) 1, [2,4) 2 -> 5
    expect(pool.queueIntegral).toBe(5);
  });

  it('withdrawing a request in the middle leaves order intact; granted and unknown handles return false', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 2);
    const log: string[] = [];
    const a = job(sim, pool, log, 'A', 0, 2, 3);
    job(sim, pool, log, 'B', 1, 1, 1);
    const c = job(sim, pool, log, 'C', 1, 2, 1);
    job(sim, pool, log, 'D', 1, 1, 1);
    const cancels: boolean[] = [];
    sim.scheduleAt(2, () => {
      cancels.push(pool.cancelRequest(c.value), pool.cancelRequest(a.value), pool.cancelRequest(999), pool.cancelRequest(-1));
      expect(pool.queueLength).toBe(2);
    }, undefined);
    sim.run();
    expect(cancels).toEqual([true, false, false, false]);
    expect(log).toEqual(['0 A', '3 B', '3 D']);
  });

  it('cancelling every waiting request empties the queue and later requests are granted at once', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 1);
    const noop = (): void => undefined;
    pool.request(1, noop, undefined);
    const handles = [pool.request(1, noop, undefined), pool.request(1, noop, undefined), pool.request(1, noop, undefined)];
    expect(pool.queueLength).toBe(3);
    for (const h of [handles[1], handles[2], handles[0]]) expect(pool.cancelRequest(h as number)).toBe(true);
    expect(pool.queueLength).toBe(0);
    pool.release(1);
    let granted = false;
    pool.request(1, () => {
      granted = true;
    }, undefined);
    expect(granted).toBe(true);
  });
});

describe('ServerPool: synchronous grants and reentrancy', () => {
  it('grants synchronously when free and nobody waits', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 2);
    const seen: string[] = [];
    pool.request(1, (arg: string) => seen.push(arg), 'x');
    seen.push('after');
    expect(seen).toEqual(['x', 'after']);
  });

  it('an onGrant that releases at once drains a long queue without deep recursion', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 1);
    const n = 100_000;
    const granted: number[] = [];
    pool.request(1, () => undefined, undefined);
    const releaseNow = (i: number): void => {
      granted.push(i);
      pool.release(1);
    };
    for (let i = 0; i < n; i++) pool.request(1, releaseNow, i);
    expect(pool.queueLength).toBe(n);
    pool.release(1);
    expect(granted).toHaveLength(n);
    expect(granted.every((v, i) => v === i)).toBe(true);
    expect(pool.inUse).toBe(0);
    expect(pool.queueLength).toBe(0);
  });

  it('an onGrant may request and cancel on the same pool; FCFS order holds', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 2);
    const log: string[] = [];
    pool.request(2, () => log.push('hold'), undefined);
    let victim = -1;
    pool.request(1, () => {
      log.push('first');
      pool.request(1, () => log.push('nested'), undefined); // queued behind 'second'
      pool.cancelRequest(victim);
    }, undefined);
    pool.request(1, () => log.push('second'), undefined);
    victim = pool.request(1, () => log.push('victim'), undefined);
    pool.release(2);
    expect(log).toEqual(['hold', 'first', 'second']);
    pool.release(1);
    expect(log).toEqual(['hold', 'first', 'second', 'nested']);
  });

  it('an onGrant that throws leaves the pool consistent', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 1);
    pool.request(1, () => undefined, undefined);
    pool.request(1, () => {
      throw new Error('grant failed');
    }, undefined);
    let later = false;
    pool.request(1, () => {
      later = true;
    }, undefined);
    expect(() => pool.release(1)).toThrow('grant failed');
    expect(pool.inUse).toBe(1);
    expect(pool.queueLength).toBe(1);
    pool.release(1);
    expect(later).toBe(true);
  });
});

describe('ServerPool: argument errors', () => {
  const sim = new Simulation();
  it.each([0, -1, 1.5, NaN, Infinity])('rejects capacity %s', (capacity) => {
    expect(() => new ServerPool(sim, capacity)).toThrow(RangeError);
    expect(() => new ServerPool(sim, capacity)).toThrow(String(capacity));
  });

  it.each([0, -2, 2.5, NaN, 5])('rejects request of %s units on a pool of 4', (units) => {
    const pool = new ServerPool(sim, 4);
    expect(() => pool.request(units, () => undefined, undefined)).toThrow(RangeError);
    expect(() => pool.request(units, () => undefined, undefined)).toThrow(String(units));
    expect(pool.queueLength).toBe(0);
  });

  it('rejects releasing more than in use', () => {
    const pool = new ServerPool(sim, 4);
    pool.request(2, () => undefined, undefined);
    expect(() => pool.release(3)).toThrow('cannot release 3 units: 2 in use');
    expect(() => pool.release(0)).toThrow(RangeError);
    expect(pool.inUse).toBe(2);
  });
});

describe('ServerPool: properties over random request/release/cancel sequences', () => {
  const commandArb = fc.record({
    at: fc.integer({ min: 0, max: 40 }),
    units: fc.integer({ min: 1, max: 5 }),
    hold: fc.integer({ min: 0, max: 15 }),
    cancelAfter: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  });

  it('never over-allocates, grants strictly FCFS, grants each live request once, integrates exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(commandArb, { maxLength: 60 }), (capacity, drawn) => {
        const commands = drawn.map((c) => ({ ...c, units: Math.min(c.units, capacity) }));
        const sim = new Simulation();
        const pool = new ServerPool(sim, capacity);
        type State = 'new' | 'waiting' | 'granted' | 'cancelled';
        const state: State[] = commands.map(() => 'new');
        const grantedAt: number[] = commands.map(() => NaN);
        const endedAt: number[] = commands.map(() => NaN);
        const requestedAt: number[] = commands.map(() => NaN);
        const order: number[] = []; // request order (by handle)
        const grantOrder: number[] = [];
        const handles: number[] = commands.map(() => -1);
        let expectedBusy = 0;
        let maxWaiting = 0;

        const checkInvariants = (): void => {
          expect(pool.inUse).toBeGreaterThanOrEqual(0);
          expect(pool.inUse).toBeLessThanOrEqual(capacity);
          const waiting = order.filter((i) => state[i] === 'waiting');
          expect(pool.queueLength).toBe(waiting.length);
          maxWaiting = Math.max(maxWaiting, waiting.length);
          // Work conservation for strict FCFS: a waiting head never fits.
          if (waiting.length > 0) {
            const head = commands[waiting[0] as number] as { units: number };
            expect(head.units).toBeGreaterThan(pool.available);
          }
        };

        const onGrant = (i: number): void => {
          const c = commands[i] as { units: number; hold: number };
          // Strict FCFS: nobody requested earlier is still waiting.
          for (const j of order) {
            if (j === i) break;
            expect(state[j]).not.toBe('waiting');
          }
          expect(state[i]).not.toBe('granted');
          expect(pool.inUse).toBeLessThanOrEqual(capacity);
          state[i] = 'granted';
          grantedAt[i] = sim.now;
          grantOrder.push(i);
          sim.schedule(c.hold, () => {
            endedAt[i] = sim.now;
            pool.release(c.units);
            checkInvariants();
          }, undefined);
        };

        commands.forEach((c, i) => {
          // Integer times; same-time order: by command index (insertion order).
          sim.scheduleAt(c.at, () => {
            requestedAt[i] = sim.now;
            order.push(i);
            state[i] = 'waiting';
            handles[i] = pool.request(c.units, onGrant, i);
            checkInvariants();
            if (c.cancelAfter !== undefined) {
              sim.schedule(c.cancelAfter, () => {
                const wasWaiting = state[i] === 'waiting';
                // Marked first: cancelling the head grants the requests behind it synchronously.
                if (wasWaiting) {
                  state[i] = 'cancelled';
                  endedAt[i] = sim.now;
                }
                expect(pool.cancelRequest(handles[i] as number)).toBe(wasWaiting);
                checkInvariants();
              }, undefined);
            }
          }, undefined);
        });
        sim.run();

        // Every request ends granted (and released) or cancelled, never both, never twice.
        expect(state.every((s) => s === 'granted' || s === 'cancelled')).toBe(true);
        expect(new Set(grantOrder).size).toBe(grantOrder.length);
        // Grants follow request order.
        const grantedInRequestOrder = order.filter((i) => state[i] === 'granted');
        expect(grantOrder).toEqual(grantedInRequestOrder);
        expect(pool.inUse).toBe(0);
        expect(pool.queueLength).toBe(0);

        // Exact integrals over [0, now] (integer times, so sums are exact).
        let expectedQueue = 0;
        commands.forEach((c, i) => {
          if (state[i] === 'granted') {
            expectedBusy += c.units * ((endedAt[i] as number) - (grantedAt[i] as number));
            expectedQueue += (grantedAt[i] as number) - (requestedAt[i] as number);
          } else {
            expectedQueue += (endedAt[i] as number) - (requestedAt[i] as number);
          }
        });
        expect(pool.busyIntegral).toBe(expectedBusy);
        expect(pool.queueIntegral).toBe(expectedQueue);
        expect(pool.maxQueueLength).toBe(maxWaiting);
      }),
      { numRuns: 400 },
    );
  });
});

describe('ServerPool: acquire()', () => {
  it('resolves through the calendar at the grant time', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 1);
    const log: string[] = [];
    pool.acquire(1).onDone(() => log.push(`${sim.now} first`));
    const second = pool.acquire(1);
    second.onDone(() => log.push(`${sim.now} second`));
    expect(second.triggered).toBe(false);
    sim.schedule(3, () => pool.release(1), undefined);
    sim.run();
    expect(log).toEqual(['0 first', '3 second']);
    expect(pool.inUse).toBe(1);
  });
});
