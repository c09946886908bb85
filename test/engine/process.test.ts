import { describe, expect, it } from 'vitest';
import { ServerPool, SimEvent, Simulation, startProcess, type ProcessGenerator } from '../../src/engine/index.js';

describe('SimEvent', () => {
  it('runs callbacks through the calendar at the trigger time, before ordinary events then due', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const ev = new SimEvent<number>(sim);
    ev.onDone((e) => log.push(`${sim.now} first ${e.value}`));
    ev.onDone((e) => log.push(`${sim.now} second ${e.value}`));
    sim.schedule(2, () => log.push(`${sim.now} ordinary scheduled earlier`), undefined);
    sim.schedule(2, () => {
      ev.succeed(42);
      expect(ev.triggered).toBe(true);
      expect(ev.processed).toBe(false);
      log.push(`${sim.now} triggered`);
    }, undefined, -1);
    sim.run();
    expect(log).toEqual(['2 triggered', '2 first 42', '2 second 42', '2 ordinary scheduled earlier']);
    expect(ev.processed).toBe(true);
    expect(ev.ok).toBe(true);
  });

  it('runs a callback added after processing at the current time', () => {
    const sim = new Simulation();
    const ev = new SimEvent(sim).succeed();
    sim.run();
    const log: string[] = [];
    sim.schedule(5, () => ev.onDone(() => log.push(`${sim.now} late`)), undefined);
    sim.run();
    expect(log).toEqual(['5 late']);
  });

  it('refuses a second trigger and guards value access', () => {
    const sim = new Simulation();
    const ev = new SimEvent<string>(sim);
    expect(() => ev.value).toThrow(/before the event was triggered/);
    ev.succeed('x');
    expect(() => ev.succeed('y')).toThrow(/twice/);
    expect(() => ev.fail(new Error('late'))).toThrow(/twice/);
    const bad = new SimEvent<string>(sim).defuse().fail(new Error('no'));
    expect(() => bad.value).toThrow(/failed event/);
    expect(bad.error).toBeInstanceOf(Error);
    sim.run();
  });

  it('an unhandled failure makes run() throw; a handled or defused one does not', () => {
    const sim = new Simulation();
    new SimEvent(sim).fail(new Error('nobody listens'));
    expect(() => sim.run()).toThrow('nobody listens');

    const handled = new SimEvent(sim);
    const seen: unknown[] = [];
    handled.onDone((e) => seen.push(e.error));
    handled.fail(new Error('handled'));
    new SimEvent(sim).defuse().fail(new Error('defused'));
    sim.run();
    expect(seen).toHaveLength(1);

    new SimEvent(sim).fail('a string reason');
    expect(() => sim.run()).toThrow(/unhandled SimEvent failure: a string reason/);
  });
});

describe('processes', () => {
  it('wait on delays with exact times and return a value', () => {
    const sim = new Simulation();
    const log: string[] = [];
    function* clock(name: string, tick: number, ticks: number): ProcessGenerator<string> {
      for (let i = 0; i < ticks; i++) {
        log.push(`${sim.now} ${name}`);
        yield tick;
      }
      return `${name} done at ${sim.now}`;
    }
    const fast = startProcess(sim, clock('fast', 0.5, 3));
    const slow = startProcess(sim, clock('slow', 1, 2));
    sim.run();
    // At t=1 slow's resume was scheduled (at t=0) before fast's (at t=0.5): insertion order.
    expect(log).toEqual(['0 fast', '0 slow', '0.5 fast', '1 slow', '1 fast']);
    expect(fast.value).toBe('fast done at 1.5');
    expect(slow.value).toBe('slow done at 2');
  });

  it('starts at the current time through the calendar, not synchronously', () => {
    const sim = new Simulation();
    const log: string[] = [];
    sim.schedule(3, () => {
      startProcess(sim, (function* () {
        log.push(`${sim.now} started`);
      })());
      log.push(`${sim.now} after startProcess`);
    }, undefined);
    sim.run();
    expect(log).toEqual(['3 after startProcess', '3 started']);
  });

  it('waits on another process and receives its return value', () => {
    const sim = new Simulation();
    const log: string[] = [];
    function* child(): ProcessGenerator<number> {
      yield 4;
      return 7;
    }
    function* parent(): ProcessGenerator<void> {
      const result = yield startProcess(sim, child());
      log.push(`${sim.now} got ${String(result)}`);
    }
    startProcess(sim, parent());
    sim.run();
    expect(log).toEqual(['4 got 7']);
  });

  it('share a server pool with acquire/release at exact times', () => {
    const sim = new Simulation();
    const pool = new ServerPool(sim, 2);
    const log: string[] = [];
    function* user(name: string, arrive: number, units: number, hold: number): ProcessGenerator<void> {
      yield arrive;
      log.push(`${sim.now} ${name} requests ${units}`);
      yield pool.acquire(units);
      log.push(`${sim.now} ${name} starts`);
      yield hold;
      pool.release(units);
      log.push(`${sim.now} ${name} ends`);
    }
    startProcess(sim, user('a', 0, 1, 3));
    startProcess(sim, user('b', 1, 2, 2));
    startProcess(sim, user('c', 2, 1, 1));
    sim.run();
    expect(log).toEqual([
      '0 a requests 1',
      '0 a starts',
      '1 b requests 2',
      '2 c requests 1', // blocked behind b although one unit is free
      '3 a ends',
      '3 b starts',
      '5 b ends',
      '5 c starts',
      '6 c ends',
    ]);
    expect(pool.busyIntegral).toBe(3 + 4 + 1);
    expect(pool.queueIntegral).toBe(2 + 3);
  });

  it('propagate failures: a failed event is thrown at the yield, and an uncaught throw fails the process', () => {
    const sim = new Simulation();
    const log: string[] = [];
    function* failing(): ProcessGenerator<number> {
      yield 1;
      throw new Error('disk full');
    }
    function* supervisor(): ProcessGenerator<string> {
      try {
        yield startProcess(sim, failing());
        return 'unreachable';
      } catch (error) {
        log.push(`${sim.now} caught ${(error as Error).message}`);
        return 'recovered';
      }
    }
    const sup = startProcess(sim, supervisor());
    sim.run();
    expect(log).toEqual(['1 caught disk full']);
    expect(sup.value).toBe('recovered');

    const failed = new SimEvent<number>(sim);
    function* waiter(): ProcessGenerator<void> {
      yield failed;
    }
    const w = startProcess(sim, waiter());
    w.onDone(() => log.push(`${sim.now} waiter failed: ${(w.error as Error).message}`));
    sim.schedule(2, () => failed.fail(new Error('upstream')), undefined);
    sim.run();
    expect(log).toEqual(['1 caught disk full', '3 waiter failed: upstream']);
    expect(w.ok).toBe(false);
  });

  it('an unhandled process failure makes run() throw', () => {
    const sim = new Simulation();
    function* crash(): ProcessGenerator<void> {
      yield 5;
      throw new Error('process crashed');
    }
    startProcess(sim, crash());
    expect(() => sim.run()).toThrow('process crashed');
    expect(sim.now).toBe(5);
  });

  it('throws invalid yields into the generator', () => {
    const sim = new Simulation();
    const errors: string[] = [];
    function* confused(): ProcessGenerator<void> {
      try {
        yield -3;
      } catch (error) {
        errors.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
      try {
        yield 'soon' as unknown as number;
      } catch (error) {
        errors.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
      try {
        yield new SimEvent(new Simulation());
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    startProcess(sim, confused());
    sim.run();
    expect(errors).toEqual([
      'RangeError: negative delay -3',
      'TypeError: a process may yield a delay (number) or a SimEvent, got string',
      'a process yielded a SimEvent of another Simulation',
    ]);
  });
});
