import { MAX_REPLICATIONS } from '../scenario/scenario-schema.js';
import { UsageError } from './exit-codes.js';
import { parseQuantity } from '../scenario/units.js';

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

/** --max-heap: a size with a unit ('4 GiB', '512 MB'), or a bare number of bytes. */
export function byteSizeArg(name: string) {
  return (text: string): number => {
    let bytes: number;
    try {
      bytes = /^\s*[0-9.eE+]+\s*$/.test(text) ? Number(text) : parseQuantity(text, 'bytes');
    } catch (err) {
      throw new UsageError(`${name}: ${(err as Error).message}; write a size such as '4 GiB' or '512 MB'`);
    }
    if (!(bytes >= 1) || !Number.isFinite(bytes)) throw new UsageError(`${name} must be a positive size such as '4 GiB' or '512 MB', got '${text}'`);
    return bytes;
  };
}
