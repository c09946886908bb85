import { MEMORY_UNITS, TIME_UNITS, type Instant, type MemoryUnit, type TimeUnit } from './field-values.js';

/** Whole seconds and fraction of `n × factor`, keeping precision for ms/us/ns epoch numbers. */
export function toInstant(n: number, factor: number): Instant {
  if (factor < 1) {
    const per = Math.round(1 / factor);
    if (Math.abs(per * factor - 1) < 1e-12) {
      const seconds = Math.floor(n / per);
      return { seconds, fraction: (n - seconds * per) / per };
    }
  }
  const v = n * factor;
  const seconds = Math.floor(v);
  return { seconds, fraction: v - seconds };
}

function isMemoryUnit(unit: TimeUnit | MemoryUnit): unit is MemoryUnit {
  return unit in MEMORY_UNITS;
}

/**
 * The factor of a mapped column's unit: bytes for a memory field, seconds for the others. The mapping
 * check has refused a unit of the other family; NaN is what such a lookup gave before.
 */
export function unitFactorOf(unit: TimeUnit | MemoryUnit, memory: boolean): number {
  if (memory) return isMemoryUnit(unit) ? MEMORY_UNITS[unit] : Number.NaN;
  return isMemoryUnit(unit) ? Number.NaN : TIME_UNITS[unit];
}
