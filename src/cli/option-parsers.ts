import { UsageError } from './exit-codes.js';
import { closest } from '../sweep/parameter-path.js';

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

/** An option that takes one of a fixed list of words: anything else is a usage error with the nearest word and the list. */
export function choiceArg<T extends string>(name: string, what: string, choices: readonly T[]) {
  return (v: string): T => {
    if ((choices as readonly string[]).includes(v)) return v as T;
    const near = closest(v, choices);
    throw new UsageError(`${name}: unknown ${what} '${v}'${near !== undefined ? ` (did you mean '${near}'?)` : ''}; ${what}s: ${choices.join(', ')}`);
  };
}
