/**
 * A caller's say over a long `Simulation.run()` it cannot reach directly (the run belongs to a model that
 * owns its Simulation): `withRunGuard(guard, fn)` makes every run() started synchronously inside `fn`
 * poll `guard` before its first event and then every `RUN_GUARD_EVERY` events.
 *
 * - `'continue'`: carry on.
 * - `'pause'`: return from run() after the event just processed, as `stop()` does (`now` stays at that
 *   event); calling run() again resumes exactly where it left off. Callers use it to give the event loop
 *   a turn (signal handlers, I/O) during a long run. Ignored at the first poll, so each run() progresses.
 * - `'stop'`: return as if `maxEvents` had been reached (`stoppedByLimit` is true), so the model treats
 *   it as a limit and marks its result incomplete.
 *
 * The guard is dynamically scoped: set only while `fn` runs, restored afterwards (nesting works), so
 * nothing outlives the call and concurrent runs in other calls are unaffected. The engine itself still
 * has no clock: deciding when to pause or stop (wall time, a signal) is the guard's business.
 */
export type RunGuardAnswer = 'continue' | 'pause' | 'stop';
export type RunGuard = () => RunGuardAnswer;

/** Events between two polls of the guard. */
export const RUN_GUARD_EVERY = 1024;

let current: RunGuard | undefined;

/** Runs `fn` with `guard` polled by every Simulation.run() inside it. Returns what `fn` returns. */
export function withRunGuard<T>(guard: RunGuard, fn: () => T): T {
  const previous = current;
  current = guard;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** The guard in force, if any (read by Simulation.run at its start). */
export function activeRunGuard(): RunGuard | undefined {
  return current;
}
