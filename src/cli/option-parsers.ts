import { MAX_REPLICATIONS } from '../scenario/scenario-schema.js';
import { UsageError } from './exit-codes.js';

/** Commander argument parsers shared by the commands: bad values are usage errors (exit 2). */

export function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got '${v}'`);
    return n;
  };
}

/** `--replications`: the bound a scenario or sweep file has (a million replications is a typo that runs for days). */
export function replicationsArg(v: string): number {
  const n = positiveInt('--replications')(v);
  if (n > MAX_REPLICATIONS) throw new UsageError(`--replications must be ≤ ${MAX_REPLICATIONS}, got '${v}' (as in a scenario file)`);
  return n;
}

export function seedArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new UsageError(`--seed must be an integer in [0, 2^32), got '${v}'`);
  return n;
}
