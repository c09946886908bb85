import type { Sampler } from '../../engine/index.js';
import { strictlyAfter, checkNow, type ArrivalProcess } from './arrival-process.js';

/**
 * Renewal process: next = now + X with X drawn from `interArrival` (e.g. from
 * makeSampler(spec, stream)); call with the previous arrival time. Expected
 * long-run rate 1/E[X] (elementary renewal theorem). A negative or NaN gap
 * throws RangeError; an infinite gap means no further arrival.
 */
export function renewal(interArrival: Sampler): ArrivalProcess {
  return {
    next(now) {
      checkNow(now);
      const gap = interArrival();
      if (Number.isNaN(gap) || gap < 0) throw new RangeError(`inter-arrival gap must be >= 0, got ${gap}`);
      return strictlyAfter(now, now + gap);
    },
  };
}
