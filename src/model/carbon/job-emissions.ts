import type { PlacementCarbon } from '../types.js';
import { intensityAt } from './carbon-aware-release.js';

const HOUR = 3600;
/** Hours summed one by one at most; a longer run adds whole periods of the series at their mean (the series repeats). */
const MAX_HOURS_SUMMED = 24 * 400;

/**
 * kg CO2e a job emits on a pool: devices × W per device (PUE included) × ∫ intensity dt over [start, start +
 * runTime], the intensity a step function of the hour (`intensityAt`: the series repeats by whole days).
 * What `greenest` placement ranks pools by: operational emissions only (embodied carbon is spent whichever
 * pool runs the job).
 */
export function jobEmissions(carbon: PlacementCarbon, devices: number, start: number, runTime: number): number {
  if (!(runTime > 0)) return 0;
  return carbon.wattsPerDevice * devices * intensityIntegral(carbon, start, start + runTime);
}

/** ∫ intensity dt (kg CO2e per J × s) from `from` to `to` seconds. */
function intensityIntegral(carbon: PlacementCarbon, from: number, to: number): number {
  const hours = (to - from) / HOUR;
  if (hours > MAX_HOURS_SUMMED) {
    // whole periods of the repeating series contribute their mean; sum the rest hour by hour
    const period = periodHours(carbon.kgPerJoule.length);
    const mean = carbon.kgPerJoule.reduce((a, b) => a + b, 0) / carbon.kgPerJoule.length;
    const whole = Math.floor((hours - MAX_HOURS_SUMMED) / period) * period * HOUR;
    return mean * whole + intensityIntegral(carbon, from + whole, to);
  }
  let total = 0;
  let t = from;
  while (t < to) {
    const hour = Math.floor(t / HOUR);
    const end = Math.min(to, (hour + 1) * HOUR);
    total += intensityAt(carbon, hour) * (end - t);
    t = end;
  }
  return total;
}

function periodHours(n: number): number {
  return n >= 24 ? Math.floor(n / 24) * 24 : n;
}
