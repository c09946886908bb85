import { SimEvent } from './sim-event.js';
import { URGENT_PRIORITY } from './simulation.js';
/**
 * Starts `generator` at the current time (its first step runs through the
 * calendar with URGENT_PRIORITY). Returns a SimEvent that succeeds with the
 * generator's return value or fails with the exception it throws; like any
 * SimEvent, a failure nobody waits for makes run() throw.
 */
export function startProcess(sim, generator) {
    const runner = new ProcessRunner(sim, generator, new SimEvent(sim));
    sim.schedule(0, startRunner, runner, URGENT_PRIORITY);
    return runner.done;
}
class ProcessRunner {
    sim;
    generator;
    done;
    constructor(sim, generator, done) {
        this.sim = sim;
        this.generator = generator;
        this.done = done;
    }
    /** Advances the generator until it waits on something, returns or throws. */
    resume(throwIt, input) {
        for (;;) {
            let step;
            try {
                step = throwIt ? this.generator.throw(input) : this.generator.next(input);
            }
            catch (error) {
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
                    this.sim.schedule(target, resumeAfterDelay, this);
                    return;
                }
                catch (error) {
                    input = error;
                }
            }
            else if (target instanceof SimEvent) {
                if (target.sim === this.sim) {
                    target.onDone((event) => {
                        if (event.ok)
                            this.resume(false, event.value);
                        else
                            this.resume(true, event.error);
                    });
                    return;
                }
                input = new Error('a process yielded a SimEvent of another Simulation');
            }
            else {
                input = new TypeError(`a process may yield a delay (number) or a SimEvent, got ${describe(target)}`);
            }
        }
    }
}
function startRunner(runner) {
    runner.resume(false, undefined);
}
function resumeAfterDelay(runner) {
    runner.resume(false, undefined);
}
function describe(value) {
    if (value === null)
        return 'null';
    if (typeof value === 'object')
        return value.constructor?.name ?? 'object';
    return typeof value;
}
//# sourceMappingURL=process.js.map