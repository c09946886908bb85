import { SimEvent } from './sim-event.js';
import { URGENT_PRIORITY, type Simulation } from './simulation.js';

/**
 * Generator-based processes, like SimPy's Process.
 *
 * A process generator yields either a number (a delay in seconds, resumed
 * with undefined) or a SimEvent (resumed with its value, or with its error
 * thrown at the yield if it failed). Anything else, or an invalid delay, is
 * thrown into the generator at the yield as a TypeError/RangeError.
 *
 * Convenient but not free: each resume goes through the calendar and a
 * generator; model hot paths (job arrival, start, completion) should use
 * plain callbacks instead.
 */
// SimEvent<T> is invariant in T (its callbacks take it), so `any` admits every SimEvent.
export type ProcessYield = number | SimEvent<any>;
export type ProcessGenerator<R = void> = Generator<ProcessYield, R, unknown>;

/**
 * Starts `generator` at the current time (its first step runs through the
 * calendar with URGENT_PRIORITY). Returns a SimEvent that succeeds with the
 * generator's return value or fails with the exception it throws; like any
 * SimEvent, a failure nobody waits for makes run() throw.
 */
export function startProcess<R>(sim: Simulation, generator: ProcessGenerator<R>): SimEvent<R> {
  const runner = new ProcessRunner(sim, generator, new SimEvent<R>(sim));
  sim.schedule(0, startRunner, runner as ProcessRunner<unknown>, URGENT_PRIORITY);
  return runner.done;
}

class ProcessRunner<R> {
  constructor(
    readonly sim: Simulation,
    readonly generator: ProcessGenerator<R>,
    readonly done: SimEvent<R>,
  ) {}

  /** Advances the generator until it waits on something, returns or throws. */
  resume(throwIt: boolean, input: unknown): void {
    for (;;) {
      let step: IteratorResult<ProcessYield, R>;
      try {
        step = throwIt ? this.generator.throw(input) : this.generator.next(input);
      } catch (error) {
        this.done.fail(error);
        return;
      }
      if (step.done === true) {
        this.done.succeed(step.value);
        return;
      }
      const target = step.value;
      throwIt = true;
      if (typeof target === 'number') {
        try {
          this.sim.schedule(target, resumeAfterDelay, this as ProcessRunner<unknown>);
          return;
        } catch (error) {
          input = error;
        }
      } else if (target instanceof SimEvent) {
        if (target.sim === this.sim) {
          target.onDone((event) => {
            if (event.ok) this.resume(false, event.value);
            else this.resume(true, event.error);
          });
          return;
        }
        input = new Error('a process yielded a SimEvent of another Simulation');
      } else {
        input = new TypeError(`a process may yield a delay (number) or a SimEvent, got ${describe(target)}`);
      }
    }
  }
}

function startRunner(runner: ProcessRunner<unknown>): void {
  runner.resume(false, undefined);
}

function resumeAfterDelay(runner: ProcessRunner<unknown>): void {
  runner.resume(false, undefined);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
