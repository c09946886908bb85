import { URGENT_PRIORITY } from './simulation.js';
const PENDING = 0;
const TRIGGERED = 1;
const PROCESSED = 2;
export class SimEvent {
    sim;
    state = PENDING;
    okFlag = true;
    defusedFlag = false;
    result = undefined;
    failure = undefined;
    callbacks = [];
    constructor(sim) {
        this.sim = sim;
    }
    /** True once succeed() or fail() was called. */
    get triggered() {
        return this.state !== PENDING;
    }
    /** True once the callbacks have run. */
    get processed() {
        return this.state === PROCESSED;
    }
    /** True unless the event failed. Meaningful once triggered. */
    get ok() {
        return this.okFlag;
    }
    /** The success value. Throws if the event is not triggered or failed. */
    get value() {
        if (this.state === PENDING)
            throw new Error('SimEvent value read before the event was triggered');
        if (!this.okFlag)
            throw new Error('SimEvent value read on a failed event; read .error instead');
        return this.result;
    }
    /** The failure reason, or undefined for a pending or successful event. */
    get error() {
        return this.failure;
    }
    /** True when a failure was marked as handled with defuse(). */
    get defused() {
        return this.defusedFlag;
    }
    /** Triggers success with `value` (omit it for SimEvent<void>). Throws if already triggered. */
    succeed(value) {
        this.trigger();
        this.result = value;
        return this;
    }
    /** Triggers failure with `error`. Throws if already triggered. */
    fail(error) {
        this.trigger();
        this.okFlag = false;
        this.failure = error;
        return this;
    }
    /** Marks a failure as handled so that processing it without callbacks does not throw. */
    defuse() {
        this.defusedFlag = true;
        return this;
    }
    /**
     * Registers `callback(event)` to run when the event is processed. On an
     * already processed event the callback is scheduled at now (URGENT_PRIORITY).
     */
    onDone(callback) {
        if (this.state === PROCESSED)
            this.sim.schedule(0, callback, this, URGENT_PRIORITY);
        else
            this.callbacks.push(callback);
        return this;
    }
    trigger() {
        if (this.state !== PENDING)
            throw new Error('SimEvent triggered twice');
        this.state = TRIGGERED;
        this.sim.schedule(0, dispatchSimEvent, this, URGENT_PRIORITY);
    }
    /** @internal Runs the callbacks; called by the calendar. */
    static dispatch(event) {
        event.state = PROCESSED;
        const callbacks = event.callbacks;
        event.callbacks = [];
        if (!event.okFlag && !event.defusedFlag && callbacks.length === 0) {
            const error = event.failure;
            throw error instanceof Error ? error : new Error(`unhandled SimEvent failure: ${String(error)}`, { cause: error });
        }
        for (const callback of callbacks)
            callback(event);
    }
}
function dispatchSimEvent(event) {
    SimEvent.dispatch(event);
}
//# sourceMappingURL=sim-event.js.map