import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RandomStreams, Simulation } from '../../src/engine/index.js';

/** A simulation whose callbacks append `time label` to a log. */
function logged(startTime?: number) {
  const sim = startTime === undefined ? new Simulation() : new Simulation({ startTime });
  const log: string[] = [];
  const record = (label: string): void => {
    log.push(`${sim.now} ${label}`);
  };
  return { sim, log, record };
}

describe('Simulation: ordering', () => {
  it('runs events in time order with exact times', () => {
    const { sim, log, record } = logged();
    sim.schedule(5, record, 'c');
    sim.schedule(1.5, record, 'a');
    sim.scheduleAt(3, record, 'b');
    sim.run();
    expect(log).toEqual(['1.5 a', '3 b', '5 c']);
    expect(sim.now).toBe(5);
    expect(sim.eventsProcessed).toBe(3);
    expect(sim.pendingEvents).toBe(0);
  });

  it('breaks same-time ties by insertion order', () => {
    const { sim, log, record } = logged();
    for (const label of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) sim.schedule(2, record, label);
    sim.run();
    expect(log).toEqual(['2 a', '2 b', '2 c', '2 d', '2 e', '2 f', '2 g', '2 h', '2 i', '2 j']);
  });

  it('orders same-time events by ascending priority, then insertion order; time dominates priority', () => {
    const { sim, log, record } = logged();
    sim.schedule(1, record, 'p0-first', 0);
    sim.schedule(1, record, 'p5', 5);
    sim.schedule(1, record, 'p-3', -3);
    sim.schedule(1, record, 'p0-second');
    sim.schedule(1, record, 'p127', 127);
    sim.schedule(1, record, 'p-128', -128);
    sim.schedule(0.5, record, 'early-p127', 127);
    sim.run();
    expect(log).toEqual(['0.5 early-p127', '1 p-128', '1 p-3', '1 p0-first', '1 p0-second', '1 p5', '1 p127']);
  });

  it('runs an event scheduled with delay 0 from a callback after those already due at that time', () => {
    const { sim, log, record } = logged();
    sim.schedule(
      1,
      () => {
        record('x');
        sim.schedule(0, record, 'x-child');
        sim.schedule(0, record, 'x-urgent-child', -1);
      },
      undefined,
    );
    sim.schedule(1, record, 'y');
    sim.run();
    expect(log).toEqual(['1 x', '1 x-urgent-child', '1 y', '1 x-child']);
  });

  it('starts at startTime and schedules relative to it', () => {
    const { sim, log, record } = logged(100);
    expect(sim.now).toBe(100);
    sim.schedule(2, record, 'a');
    sim.scheduleAt(101, record, 'b');
    sim.run();
    expect(log).toEqual(['101 b', '102 a']);
  });

  it('passes the argument through unchanged and calls callbacks without a receiver', () => {
    const sim = new Simulation();
    const payload = { id: 7 };
    const seen: unknown[] = [];
    sim.schedule(
      1,
      function (this: unknown, arg: { id: number }) {
        seen.push(arg, this);
      },
      payload,
    );
    sim.run();
    expect(seen).toEqual([payload, undefined]);
    expect(seen[0]).toBe(payload);
  });
});

describe('Simulation: cancel', () => {
  it('cancels a pending event exactly once', () => {
    const { sim, log, record } = logged();
    sim.schedule(1, record, 'a');
    const h = sim.schedule(2, record, 'b');
    sim.schedule(3, record, 'c');
    expect(sim.pendingEvents).toBe(3);
    expect(sim.cancel(h)).toBe(true);
    expect(sim.pendingEvents).toBe(2);
    expect(sim.cancel(h)).toBe(false);
    sim.run();
    expect(log).toEqual(['1 a', '3 c']);
    expect(sim.eventsProcessed).toBe(2);
  });

  it('returns false for a processed event, for the running event, and for garbage handles', () => {
    const sim = new Simulation();
    let own = -1;
    let cancelOwn: boolean | undefined;
    own = sim.schedule(
      1,
      () => {
        cancelOwn = sim.cancel(own);
      },
      undefined,
    );
    sim.run();
    expect(cancelOwn).toBe(false);
    expect(sim.cancel(own)).toBe(false);
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 60, 123456789]) expect(sim.cancel(bad)).toBe(false);
  });

  it('never lets a stale handle cancel a later event that reuses its slot', () => {
    const { sim, log, record } = logged();
    const first = sim.schedule(1, record, 'first');
    sim.run();
    const second = sim.schedule(1, record, 'second'); // reuses the freed slot
    expect(second).not.toBe(first);
    expect(sim.cancel(first)).toBe(false);
    sim.run();
    expect(log).toEqual(['1 first', '2 second']);

    // A cancelled (not yet purged) slot, then reuse after purging.
    const third = sim.schedule(1, record, 'third');
    expect(sim.cancel(third)).toBe(true);
    sim.run();
    const fourth = sim.schedule(1, record, 'fourth');
    expect(sim.cancel(third)).toBe(false);
    sim.run();
    expect(log).toEqual(['1 first', '2 second', '3 fourth']); // the cancelled event did not move the clock
    expect(sim.cancel(fourth)).toBe(false);
  });

  it('does not advance the clock to a cancelled event', () => {
    const sim = new Simulation();
    const h = sim.schedule(10, () => undefined, undefined);
    sim.cancel(h);
    sim.run();
    expect(sim.now).toBe(0);
    expect(sim.pendingEvents).toBe(0);
    expect(sim.eventsProcessed).toBe(0);
  });
});

describe('Simulation: run(until), stop, maxEvents', () => {
  it('processes events at time <= until and then sets now = until', () => {
    const { sim, log, record } = logged();
    sim.schedule(1, record, 'a');
    sim.schedule(2, record, 'b');
    sim.schedule(2.5, record, 'c');
    sim.run(2);
    expect(log).toEqual(['1 a', '2 b']);
    expect(sim.now).toBe(2);
    expect(sim.pendingEvents).toBe(1);
    sim.run(10);
    expect(log).toEqual(['1 a', '2 b', '2.5 c']);
    expect(sim.now).toBe(10); // even though the calendar emptied at 2.5
    sim.run(10);
    expect(sim.now).toBe(10);
  });

  it('leaves now at the last event time when until is Infinity', () => {
    const sim = new Simulation();
    sim.schedule(7, () => undefined, undefined);
    sim.run();
    expect(sim.now).toBe(7);
  });

  it('rejects until before now', () => {
    const sim = new Simulation({ startTime: 5 });
    expect(() => sim.run(4)).toThrow(RangeError);
    expect(() => sim.run(4)).toThrow(/until 4/);
    expect(() => sim.run(NaN)).toThrow(RangeError);
  });

  it('stop() inside a callback halts run() after that event', () => {
    const { sim, log, record } = logged();
    sim.schedule(1, record, 'a');
    sim.schedule(
      2,
      () => {
        record('stop');
        sim.stop();
      },
      undefined,
    );
    sim.schedule(2, record, 'same-time-after-stop');
    sim.schedule(3, record, 'c');
    sim.run(100);
    expect(log).toEqual(['1 a', '2 stop']);
    expect(sim.now).toBe(2); // not advanced to until
    expect(sim.stoppedByLimit).toBe(false);
    sim.run(100);
    expect(log).toEqual(['1 a', '2 stop', '2 same-time-after-stop', '3 c']);
    expect(sim.now).toBe(100);
  });

  it('stop() outside run() has no effect on the next run', () => {
    const { sim, log, record } = logged();
    sim.schedule(1, record, 'a');
    sim.stop();
    sim.run();
    expect(log).toEqual(['1 a']);
  });

  it('maxEvents stops cleanly and the next run continues', () => {
    const { sim, log, record } = logged();
    for (let i = 1; i <= 5; i++) sim.schedule(i, record, `e${i}`);
    const cancelled = sim.schedule(1.5, record, 'cancelled');
    sim.cancel(cancelled);
    sim.run(100, { maxEvents: 3 });
    expect(log).toEqual(['1 e1', '2 e2', '3 e3']);
    expect(sim.stoppedByLimit).toBe(true);
    expect(sim.now).toBe(3);
    expect(sim.eventsProcessed).toBe(3);
    sim.run(100, { maxEvents: 10 });
    expect(log).toEqual(['1 e1', '2 e2', '3 e3', '4 e4', '5 e5']);
    expect(sim.stoppedByLimit).toBe(false);
    expect(sim.now).toBe(100);
    expect(sim.eventsProcessed).toBe(5);
  });

  it('maxEvents that exactly drains the calendar is not reported as a limit stop', () => {
    const sim = new Simulation();
    sim.schedule(1, () => undefined, undefined);
    sim.schedule(2, () => undefined, undefined);
    sim.run(10, { maxEvents: 2 });
    expect(sim.stoppedByLimit).toBe(false);
    expect(sim.now).toBe(10);
  });

  it('propagates a callback exception and stays usable', () => {
    const { sim, log, record } = logged();
    sim.schedule(
      1,
      () => {
        throw new Error('boom');
      },
      undefined,
    );
    sim.schedule(2, record, 'after');
    expect(() => sim.run()).toThrow('boom');
    expect(sim.now).toBe(1);
    expect(sim.pendingEvents).toBe(1);
    sim.run();
    expect(log).toEqual(['2 after']);
  });

  it('refuses a nested run()', () => {
    const sim = new Simulation();
    const errors: unknown[] = [];
    sim.schedule(
      1,
      () => {
        try {
          sim.run();
        } catch (e) {
          errors.push(e);
        }
      },
      undefined,
    );
    sim.run();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('called from inside a callback');
  });
});

describe('Simulation: argument errors name the value', () => {
  const sim = new Simulation({ startTime: 5 });
  const noop = (): void => undefined;
  it.each([
    [() => sim.schedule(-3, noop, undefined), 'negative delay -3'],
    [() => sim.schedule(NaN, noop, undefined), 'NaN'],
    [() => sim.schedule(Infinity, noop, undefined), 'Infinity'],
    [() => sim.scheduleAt(4, noop, undefined), 'time 4 is before now (5)'],
    [() => sim.scheduleAt(NaN, noop, undefined), 'NaN'],
    [() => sim.scheduleAt(Infinity, noop, undefined), 'Infinity'],
    [() => sim.schedule(1, noop, undefined, 1.5), '1.5'],
    [() => sim.schedule(1, noop, undefined, 128), '128'],
    [() => sim.schedule(1, noop, undefined, -129), '-129'],
    [() => sim.run(10, { maxEvents: -1 }), 'maxEvents must be >= 0, got -1'],
  ])('%#: throws RangeError mentioning %s', (call, text) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(text);
  });

  it('rejects a non-finite start time', () => {
    expect(() => new Simulation({ startTime: NaN })).toThrow(RangeError);
  });

  it('leaves the calendar unchanged after a rejected call', () => {
    expect(sim.pendingEvents).toBe(0);
  });
});

describe('Simulation: heap stress', () => {
  it('pops 10^5 random events in (time, priority, insertion) order', () => {
    const rng = new RandomStreams(2024).stream('heap-stress');
    const sim = new Simulation();
    const n = 100_000;
    const times = new Float64Array(n);
    const priorities = new Int32Array(n);
    const order: number[] = [];
    const record = (i: number): void => {
      order.push(i);
    };
    for (let i = 0; i < n; i++) {
      // Coarse times (multiples of 1/8 on [0, 1000)) create many exact ties.
      times[i] = Math.floor(rng.uniform() * 8000) / 8;
      priorities[i] = Math.floor(rng.uniform() * 7) - 3;
      sim.schedule(times[i] as number, record, i, priorities[i]);
    }
    sim.run();
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number) || (priorities[a] as number) - (priorities[b] as number) || a - b);
    expect(order).toEqual(expected);
    expect(sim.eventsProcessed).toBe(n);
  });

  it('with random cancellations, runs exactly the survivors in order', () => {
    const rng = new RandomStreams(7).stream('heap-cancel');
    const sim = new Simulation();
    const n = 50_000;
    const handles: number[] = [];
    const times: number[] = [];
    const cancelled = new Set<number>();
    const order: number[] = [];
    const record = (i: number): void => {
      order.push(i);
    };
    for (let i = 0; i < n; i++) {
      times.push(Math.floor(rng.uniform() * 1000));
      handles.push(sim.schedule(times[i] as number, record, i));
      if (rng.uniform() < 0.3) {
        const victim = Math.floor(rng.uniform() * (i + 1));
        expect(sim.cancel(handles[victim] as number)).toBe(!cancelled.has(victim));
        cancelled.add(victim);
      }
    }
    expect(sim.pendingEvents).toBe(n - cancelled.size);
    sim.run();
    const expected = [...Array(n).keys()].filter((i) => !cancelled.has(i)).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
    expect(order).toEqual(expected);
  });

  it('matches a reference calendar under random schedule/cancel/run interleavings (property)', () => {
    type Op = { op: 'schedule'; delay: number; priority: number } | { op: 'cancel'; pick: number } | { op: 'run'; advance: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('schedule' as const), delay: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('run' as const), advance: fc.integer({ min: 0, max: 10 }) }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const sim = new Simulation();
        const log: number[] = [];
        const record = (id: number): void => {
          log.push(id);
        };
        // Reference: pending entries; a run pops by (time, priority, id).
        const pending: { id: number; time: number; priority: number; handle: number }[] = [];
        const refLog: number[] = [];
        const allHandles: number[] = [];
        let nextId = 0;
        let now = 0;
        for (const op of ops) {
          if (op.op === 'schedule') {
            const id = nextId++;
            const handle = sim.schedule(op.delay, record, id, op.priority);
            allHandles.push(handle);
            pending.push({ id, time: now + op.delay, priority: op.priority, handle });
          } else if (op.op === 'cancel') {
            if (allHandles.length === 0) continue;
            const handle = allHandles[op.pick % allHandles.length] as number;
            const index = pending.findIndex((p) => p.handle === handle);
            expect(sim.cancel(handle)).toBe(index >= 0);
            if (index >= 0) pending.splice(index, 1);
          } else {
            const until = now + op.advance;
            pending.sort((a, b) => a.time - b.time || a.priority - b.priority || a.id - b.id);
            while (pending.length > 0 && (pending[0] as { time: number }).time <= until) {
              refLog.push((pending.shift() as { id: number }).id);
            }
            now = until;
            sim.run(until);
            expect(sim.now).toBe(now);
          }
          expect(log).toEqual(refLog);
          expect(sim.pendingEvents).toBe(pending.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
