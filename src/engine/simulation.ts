/**
 * The simulation clock and event calendar.
 *
 * Time is a plain number; by project convention it is in seconds.
 *
 * Ordering contract: pending events run in ascending order of the key
 * (time, priority, insertion sequence). Lower priority values run first; two
 * events with equal time and equal priority run in the order they were
 * scheduled. The order never depends on heap layout, Map order or sort
 * stability. Priorities are integers in [-128, 127]; 0 is the default (the
 * model documents its own same-time order of events).
 *
 * The calendar is a binary min-heap over typed arrays (time, order key,
 * slot). Callbacks and their arguments live in plain arrays indexed by slot;
 * slots are recycled through a free list and all arrays grow by doubling, so
 * scheduling and running an event allocate nothing once the arrays are warm.
 * Cancellation is lazy: the heap entry stays until popped and is then
 * skipped; it never advances the clock.
 *
 * Callbacks are called without a receiver (`callback(arg)`); pass state
 * through `arg` rather than closures on hot paths.
 *
 * The typed-array reads below are cast (`heap[i] as number`) rather than
 * checked with engine/entry.ts: every index is in range by the heap's own
 * invariant, and on this path checked reads took 0–24 % longer per event
 * (five interleaved runs of a 1 M-job M/M/8 loop on a shared machine).
 */

import { activeRunGuard, RUN_GUARD_EVERY } from './run-guard.js';

export type EventCallback<A> = (arg: A) => void;

export interface SimulationOptions {
  /** Initial clock value in seconds (default 0). */
  startTime?: number;
}

export interface RunOptions {
  /** Stop after this many events have been processed by this call (default unlimited). */
  maxEvents?: number;
}

// Order key = (priority + 128) * 2^44 + sequence: exact in a double while
// sequence < 2^44 (1.7e13 scheduled events).
const SEQ_SPAN = 2 ** 44;
// Handle = generation * SLOT_SPAN + slot: exact in a double because
// slot < 2^26 and generation < 2^27. A slot whose generation reaches the
// limit is retired, so a handle is never reused.
const SLOT_SPAN = 2 ** 26;
const GEN_LIMIT = 2 ** 27;
const INITIAL_CAPACITY = 64;

type AnyCallback = (arg: never) => void;

export class Simulation {
  private clock: number;

  // Heap entries [0, size), interleaved: heap[3i] time, heap[3i+1] order key, heap[3i+2] slot.
  private heap: Float64Array;
  private size = 0;

  // Slots, indexed by slot. A scheduled-but-cancelled slot has callback undefined.
  private sCallback: (AnyCallback | undefined)[] = [];
  private sArg: unknown[] = [];
  private sGen: Int32Array;
  private slotCount = 0;
  private freeSlots: Int32Array;
  private freeTop = 0;

  private seq = 0; // events ever scheduled
  private cancelledPending = 0; // cancelled entries still in the heap
  private cancelledTotal = 0; // cancel() calls that returned true
  private running = false;
  private stopRequested = false;
  private limitHit = false;

  constructor(options: SimulationOptions = {}) {
    const start = options.startTime ?? 0;
    if (!Number.isFinite(start)) throw new RangeError(`startTime must be finite, got ${start}`);
    this.clock = start;
    this.heap = new Float64Array(3 * INITIAL_CAPACITY);
    this.sGen = new Int32Array(INITIAL_CAPACITY);
    this.freeSlots = new Int32Array(INITIAL_CAPACITY);
  }

  /** Current simulation time in seconds. */
  get now(): number {
    return this.clock;
  }

  /** Events processed (callbacks run) since construction, over all run/step calls. */
  get eventsProcessed(): number {
    // Every scheduled event is pending, cancelled or processed; no per-event counter on the hot path.
    return this.seq - this.pendingEvents - this.cancelledTotal;
  }

  /** Scheduled events that are neither processed nor cancelled. */
  get pendingEvents(): number {
    return this.size - this.cancelledPending;
  }

  /** True when the last run() returned because it hit `maxEvents` (or a run guard said 'stop'; see run-guard.ts). */
  get stoppedByLimit(): boolean {
    return this.limitHit;
  }

  /**
   * Schedules `callback(arg)` at now + delay. Returns a handle for cancel().
   * Throws RangeError for a negative, NaN or infinite delay and for a
   * priority that is not an integer in [-128, 127].
   */
  schedule<A>(delay: number, callback: EventCallback<A>, arg: A, priority = 0): number {
    if (!(delay >= 0) || delay === Infinity) throwBadDelay(delay);
    return this.insert(this.clock + delay, callback, arg, priority);
  }

  /**
   * Schedules `callback(arg)` at absolute `time` (>= now). Same errors as
   * schedule() for a time before now, NaN or infinite.
   */
  scheduleAt<A>(time: number, callback: EventCallback<A>, arg: A, priority = 0): number {
    if (!(time >= this.clock) || time === Infinity) throwBadTime(time, this.clock);
    return this.insert(time, callback, arg, priority);
  }

  /**
   * Cancels a pending event. Returns false when the handle is unknown, already
   * processed or already cancelled; a stale handle never affects another event.
   */
  cancel(handle: number): boolean {
    if (!Number.isSafeInteger(handle) || handle < 0) return false;
    const slot = handle % SLOT_SPAN;
    const gen = (handle - slot) / SLOT_SPAN;
    if (slot >= this.slotCount || this.sGen[slot] !== gen || this.sCallback[slot] === undefined) return false;
    this.sCallback[slot] = undefined;
    this.sArg[slot] = undefined;
    this.sGen[slot] = gen + 1;
    this.cancelledPending++;
    this.cancelledTotal++;
    return true;
  }

  /**
   * Processes events with time <= until (default Infinity) in calendar order.
   * Afterwards now = until when until is finite and the run was not ended early
   * by stop() or maxEvents (even if the calendar emptied first); otherwise now is
   * the time of the last processed event. An exception thrown by a callback
   * propagates, leaving now at that
   * event's time and the calendar consistent. Not reentrant. A run guard in force (`withRunGuard`) is
   * polled before the first event and every RUN_GUARD_EVERY events: 'pause' ends the run like stop(),
   * 'stop' like maxEvents.
   */
  run(until: number = Infinity, options: RunOptions = {}): void {
    if (!(until >= this.clock)) throw new RangeError(`run until ${until} is before now (${this.clock})`);
    const maxEvents = options.maxEvents ?? Infinity;
    if (!(maxEvents >= 0)) throw new RangeError(`maxEvents must be >= 0, got ${maxEvents}`);
    if (this.running) throw new Error('Simulation.run() called from inside a callback');
    this.running = true;
    this.stopRequested = false;
    this.limitHit = false;
    // Events this call may still process before it must look up: the caller's maxEvents, or with a run
    // guard, chunks of RUN_GUARD_EVERY taken from it, so the guard costs nothing per event.
    const guard = activeRunGuard();
    let unallotted = guard === undefined ? 0 : maxEvents;
    let budget = guard === undefined ? maxEvents : 0;
    let polled = false;
    try {
      while (this.size > 0) {
        const heap = this.heap;
        const time = heap[0] as number;
        if (time > until) break;
        const slot = heap[2] as number;
        const callback = this.sCallback[slot];
        if (callback === undefined) {
          this.popTop();
          this.cancelledPending--;
          this.releaseSlot(slot);
          continue;
        }
        if (budget <= 0) {
          if (guard === undefined || unallotted <= 0) {
            this.limitHit = true;
            break;
          }
          // The first poll (before any event of this call) may stop but not pause: every run() makes progress.
          const answer = guard();
          if (answer === 'stop') {
            this.limitHit = true;
            break;
          }
          if (answer === 'pause' && polled) {
            this.stopRequested = true;
            break;
          }
          polled = true;
          budget = Math.min(unallotted, RUN_GUARD_EVERY);
          unallotted -= budget;
        }
        budget--;
        this.popTop();
        const arg = this.sArg[slot] as never;
        this.sCallback[slot] = undefined;
        this.sArg[slot] = undefined;
        this.releaseSlot(slot);
        this.clock = time;
        callback(arg);
        if (this.stopRequested) break;
      }
      if (!this.stopRequested && !this.limitHit && until !== Infinity) this.clock = until;
    } finally {
      this.running = false;
    }
  }

  /** Makes the current run() return after the event being processed. No effect outside run(). */
  stop(): void {
    if (this.running) this.stopRequested = true;
  }

  // Hot path: kept small (errors thrown by cold helpers) so V8 inlines it into callers.
  private insert(time: number, callback: AnyCallback, arg: unknown, priority: number): number {
    if (priority !== 0) checkPriority(priority);
    if (typeof callback !== 'function') throwNotFunction(callback);
    const seq = this.seq++;
    if (seq >= SEQ_SPAN) throwTooManyEvents();
    const key = (priority + 128) * SEQ_SPAN + seq;
    const slot = this.freeTop > 0 ? (this.freeSlots[--this.freeTop] as number) : this.newSlot();
    this.sCallback[slot] = callback;
    this.sArg[slot] = arg;

    // Sift up from the new leaf, moving parents down into the hole.
    const heap = this.heap;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = 3 * parent;
      const pt = heap[p] as number;
      if (pt < time || (pt === time && (heap[p + 1] as number) < key)) break;
      const h = 3 * i;
      heap[h] = pt;
      heap[h + 1] = heap[p + 1] as number;
      heap[h + 2] = heap[p + 2] as number;
      i = parent;
    }
    const h = 3 * i;
    heap[h] = time;
    heap[h + 1] = key;
    heap[h + 2] = slot;
    return (this.sGen[slot] as number) * SLOT_SPAN + slot;
  }

  private newSlot(): number {
    const slot = this.slotCount;
    if (slot === this.sGen.length) this.grow();
    this.slotCount = slot + 1;
    return slot;
  }

  /** Removes the root. Precondition: size > 0. */
  private popTop(): void {
    const heap = this.heap;
    const n = --this.size;
    if (n > 0) {
      // Sift the last entry down from the root.
      const last = 3 * n;
      const time = heap[last] as number;
      const key = heap[last + 1] as number;
      const slot = heap[last + 2] as number;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        let c = 3 * child;
        let ct = heap[c] as number;
        if (child + 1 < n) {
          const r = c + 3;
          const rt = heap[r] as number;
          if (rt < ct || (rt === ct && (heap[r + 1] as number) < (heap[c + 1] as number))) {
            child++;
            c = r;
            ct = rt;
          }
        }
        if (time < ct || (time === ct && key < (heap[c + 1] as number))) break;
        const h = 3 * i;
        heap[h] = ct;
        heap[h + 1] = heap[c + 1] as number;
        heap[h + 2] = heap[c + 2] as number;
        i = child;
      }
      const h = 3 * i;
      heap[h] = time;
      heap[h + 1] = key;
      heap[h + 2] = slot;
    }
  }

  /** Invalidates the slot's handle and recycles the slot (retired at the generation limit). */
  private releaseSlot(slot: number): void {
    const gen = (this.sGen[slot] as number) + 1;
    this.sGen[slot] = gen;
    if (gen < GEN_LIMIT) this.freeSlots[this.freeTop++] = slot;
  }

  private grow(): void {
    const capacity = this.sGen.length * 2;
    if (capacity > SLOT_SPAN) throw new RangeError(`more than ${SLOT_SPAN} pending events`);
    const heap = new Float64Array(3 * capacity);
    heap.set(this.heap);
    this.heap = heap;
    const sGen = new Int32Array(capacity);
    sGen.set(this.sGen);
    this.sGen = sGen;
    const freeSlots = new Int32Array(capacity);
    freeSlots.set(this.freeSlots);
    this.freeSlots = freeSlots;
  }
}

function throwBadDelay(delay: number): never {
  throw new RangeError(delay < 0 ? `negative delay ${delay}` : `delay must be finite, got ${delay}`);
}

function throwBadTime(time: number, now: number): never {
  throw new RangeError(time < now ? `time ${time} is before now (${now})` : `time must be finite, got ${time}`);
}

function checkPriority(priority: number): void {
  if ((priority | 0) !== priority || priority < -128 || priority > 127) {
    throw new RangeError(`priority must be an integer in [-128, 127], got ${priority}`);
  }
}

function throwNotFunction(callback: unknown): never {
  throw new TypeError(`callback must be a function, got ${typeof callback}`);
}

function throwTooManyEvents(): never {
  throw new RangeError(`more than ${SEQ_SPAN} events scheduled`);
}
