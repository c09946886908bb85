import { UsageError } from './exit-codes.js';

/** Commander argument parsers shared by the commands: bad values are usage errors (exit 2). */

export function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got '${v}'`);
    return n;
  };
}

export function seedArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new UsageError(`--seed must be an integer in [0, 2^32), got '${v}'`);
  return n;
}
