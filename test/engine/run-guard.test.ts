import { describe, expect, it } from 'vitest';
import { RUN_GUARD_EVERY, Simulation, withRunGuard, type RunGuardAnswer } from '../../src/engine/index.js';

/** A calendar of n events at times 1..n that log their time; returns the simulation and the log. */
function calendar(n: number): { sim: Simulation; log: number[] } {
  const sim = new Simulation();
  const log: number[] = [];
  for (let t = 1; t <= n; t++) sim.scheduleAt(t, (x: number) => log.push(x), t);
  return { sim, log };
}

describe('run guard (withRunGuard): a caller pausing or stopping a run it cannot reach', () => {
  it('is polled before the first event and then every RUN_GUARD_EVERY events', () => {
    const { sim } = calendar(3 * RUN_GUARD_EVERY);
    const polledAt: number[] = [];
    withRunGuard(
      () => (polledAt.push(sim.eventsProcessed), 'continue'),
      () => sim.run(),
    );
    expect(polledAt).toEqual([0, RUN_GUARD_EVERY, 2 * RUN_GUARD_EVERY]);
  });

  it("'pause' returns like stop() and a later run() resumes exactly where it left off", () => {
    const whole = calendar(5000);
    whole.sim.run(6000);
    const sliced = calendar(5000);
    let runs = 0;
    let answer: RunGuardAnswer = 'continue';
    const guard = () => {
      const a = answer;
      answer = a === 'continue' ? 'pause' : 'continue';
      return a;
    };
    for (;;) {
      runs++;
      withRunGuard(guard, () => sliced.sim.run(6000));
      expect(sliced.sim.stoppedByLimit).toBe(false);
      if (sliced.sim.now === 6000) break;
    }
    expect(runs).toBeGreaterThan(2);
    expect(sliced.log).toEqual(whole.log);
    expect(sliced.sim.eventsProcessed).toBe(5000);
  });

  it("'stop' ends the run as a limit does (stoppedByLimit), leaving the rest of the calendar", () => {
    const { sim, log } = calendar(10);
    withRunGuard(
      () => 'stop',
      () => sim.run(100),
    );
    expect(sim.stoppedByLimit).toBe(true);
    expect(log).toEqual([]);
    expect(sim.pendingEvents).toBe(10);
    sim.run(100); // outside the guard, the run goes on
    expect(log).toHaveLength(10);
    expect(sim.now).toBe(100);
  });

  it('is scoped to the call: restored after it, even when it throws, and nestable', () => {
    const { sim } = calendar(5);
    expect(() =>
      withRunGuard(
        () => 'stop',
        () => {
          throw new Error('boom');
        },
      ),
    ).toThrow('boom');
    sim.run(2);
    expect(sim.stoppedByLimit).toBe(false);
    const outer: string[] = [];
    withRunGuard(
      () => (outer.push('outer'), 'continue'),
      () => {
        withRunGuard(
          () => 'stop',
          () => sim.run(5),
        );
        expect(sim.stoppedByLimit).toBe(true);
        sim.run(5);
      },
    );
    expect(outer).toEqual(['outer']);
    expect(sim.now).toBe(5);
  });

  it('is never polled when the run has no event to process (a drained run is complete, not stopped)', () => {
    const sim = new Simulation();
    let polled = 0;
    withRunGuard(
      () => (polled++, 'stop'),
      () => sim.run(50),
    );
    expect(polled).toBe(0);
    expect(sim.stoppedByLimit).toBe(false);
    expect(sim.now).toBe(50);
  });
});
