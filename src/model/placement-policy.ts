import type { PlacementPolicy } from './types.js';

/** What the policy knows of one pool a job could be placed on. */
export interface PoolOption {
  /** the caller's handle of the pool */
  readonly pool: number;
  /** s until the job could start there (src/model/expected-wait.ts) */
  readonly expectedWait: number;
  /** s the job would hold devices there: data staging plus its run on that pool's devices */
  readonly runTime: number;
  /** devices it would hold */
  readonly devices: number;
  /** USD per device-second (Pool.placementPrice) */
  readonly price: number;
  /** false when the job is larger than the pool could ever be */
  readonly fits: boolean;
  /** kg CO2e the job would emit there (greenest placement; src/model/carbon/job-emissions.ts) */
  readonly emissions?: number;
}

/**
 * Picks the pool for one job (see PlacementPolicy). `alternatives` is called only when the policy
 * looks beyond home; options that can never fit the job are ignored. Ties keep the earlier option
 * (home first, then the alternatives in preference order), so the choice is deterministic.
 */
export function choosePool(policy: PlacementPolicy, home: PoolOption, alternatives: () => readonly PoolOption[], deadline: number | undefined): number {
  switch (policy.kind) {
    case 'home':
      return home.pool;
    case 'burst': {
      // `≥` so that a threshold of 0 sends every job away, and Infinity none.
      if (!(home.expectedWait >= policy.threshold)) return home.pool;
      let best: PoolOption | undefined;
      for (const o of alternatives()) {
        if (o.fits && (!best || completion(o) < completion(best))) best = o;
      }
      return best ? best.pool : home.pool;
    }
    case 'cheapest':
      return lowestInTime(home, alternatives, deadline, cost);
    case 'greenest':
      return lowestInTime(home, alternatives, deadline, (o) => o.emissions ?? Infinity);
  }
}

/**
 * The option with the lowest `measure` among those that fit, could start at all and would complete within
 * the deadline; when none completes in time, the earliest completion. A pool where the job would never start
 * (nothing online or on its way) is no option, however cheap or clean.
 */
function lowestInTime(home: PoolOption, alternatives: () => readonly PoolOption[], deadline: number | undefined, measure: (o: PoolOption) => number): number {
  const options = [home, ...alternatives()].filter((o) => o.fits && Number.isFinite(o.expectedWait));
  if (options.length === 0) return home.pool;
  const inTime = deadline === undefined ? options : options.filter((o) => completion(o) <= deadline);
  if (inTime.length === 0) return options.reduce((a, b) => (completion(b) < completion(a) ? b : a)).pool;
  return inTime.reduce((a, b) => (measure(b) < measure(a) ? b : a)).pool;
}

/** s from now until the job would complete. */
export function completion(o: PoolOption): number {
  return o.expectedWait + o.runTime;
}

/** USD the job would cost at the pool's placement price. */
export function cost(o: PoolOption): number {
  return o.price * o.devices * o.runTime;
}
