import { URGENT_PRIORITY, type Simulation } from './simulation.js';

/**
 * A one-shot awaitable occurrence, like SimPy's Event.
 *
 * Life cycle: pending → triggered (succeed/fail) → processed. Triggering
 * schedules a dispatch at the current time with URGENT_PRIORITY (-128), so the
 * onDone callbacks run through the calendar at the trigger time, before
 * ordinary (priority 0) events at that time, in the order they were added.
 *
 * A failed event must be handled: if, when it is processed, it has no onDone
 * callback and was not defuse()d, the dispatch throws its error and run()
 * stops with it (SimPy never ignores a failed event). An exception thrown by a
 * callback also propagates out of run(); later callbacks are then skipped.
 */
export type SimEventCallback<T> = (event: SimEvent<T>) => void;

const PENDING = 0;
const TRIGGERED = 1;
const PROCESSED = 2;

export class SimEvent<T = void> {
  readonly sim: Simulation;
  private state = PENDING;
  private okFlag = true;
  private defusedFlag = false;
  private result: T | undefined = undefined;
  private failure: unknown = undefined;
  private callbacks: SimEventCallback<T>[] = [];

  constructor(sim: Simulation) {
    this.sim = sim;
  }

  /** True once succeed() or fail() was called. */
  get triggered(): boolean {
    return this.state !== PENDING;
  }

  /** True once the callbacks have run. */
  get processed(): boolean {
    return this.state === PROCESSED;
  }

  /** True unless the event failed. Meaningful once triggered. */
  get ok(): boolean {
    return this.okFlag;
  }

  /** The success value. Throws if the event is not triggered or failed. */
  get value(): T {
    if (this.state === PENDING) throw new Error('SimEvent value read before the event was triggered');
    if (!this.okFlag) throw new Error('SimEvent value read on a failed event; read .error instead');
    return this.result as T;
  }

  /** The failure reason, or undefined for a pending or successful event. */
  get error(): unknown {
    return this.failure;
  }

  /** True when a failure was marked as handled with defuse(). */
  get defused(): boolean {
    return this.defusedFlag;
  }

  /** Triggers success with `value` (omit it for SimEvent<void>). Throws if already triggered. */
  succeed(value: T): this {
    this.trigger();
    this.result = value;
    return this;
  }

  /** Triggers failure with `error`. Throws if already triggered. */
  fail(error: unknown): this {
    this.trigger();
    this.okFlag = false;
    this.failure = error;
    return this;
  }

  /** Marks a failure as handled so that processing it without callbacks does not throw. */
  defuse(): this {
    this.defusedFlag = true;
    return this;
  }

  /**
   * Registers `callback(event)` to run when the event is processed. On an
   * already processed event the callback is scheduled at now (URGENT_PRIORITY).
   */
  onDone(callback: SimEventCallback<T>): this {
    if (this.state === PROCESSED) this.sim.schedule(0, callback, this, URGENT_PRIORITY);
    else this.callbacks.push(callback);
    return this;
  }

  private trigger(): void {
    if (this.state !== PENDING) throw new Error('SimEvent triggered twice');
    this.state = TRIGGERED;
    this.sim.schedule(0, dispatchSimEvent, this as SimEvent<unknown>, URGENT_PRIORITY);
  }

  /** @internal Runs the callbacks; called by the calendar. */
  static dispatch(event: SimEvent<unknown>): void {
    event.state = PROCESSED;
    const callbacks = event.callbacks;
    event.callbacks = [];
    if (!event.okFlag && !event.defusedFlag && callbacks.length === 0) {
      const error = event.failure;
      throw error instanceof Error ? error : new Error(`unhandled SimEvent failure: ${String(error)}`, { cause: error });
    }
    for (const callback of callbacks) callback(event);
  }
}

function dispatchSimEvent(event: SimEvent<unknown>): void {
  SimEvent.dispatch(event);
}
