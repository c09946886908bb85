import { collectingProblems, formatPath, InputError, type InputProblem } from '../support/input-error.js';
import { locate, type YamlSource } from '../scenario/yaml-file.js';

/** A place in the sweep file: `['parameters', 'nodes', 'values']`. */
export type SweepFieldPath = (string | number)[];

/** Where the problems of a sweep file go, located in it, while its parts are checked. */
export interface SweepContext {
  readonly file: string;
  readonly src: YamlSource;
  /** the position of a field (or of the key `keyName` under it) */
  at(path: SweepFieldPath, keyName?: string): { readonly file: string; readonly line: number; readonly col: number };
  fail(path: SweepFieldPath, message: string, hint?: string, keyName?: string): void;
  /** runs a check that throws InputError, keeping its problems with the others */
  guard<T>(f: () => T): T | undefined;
  /** @throws InputError with every problem recorded so far, if there is one */
  done(): void;
}

export function sweepContext(file: string, src: YamlSource): SweepContext {
  const problems: InputProblem[] = [];
  const at = (path: SweepFieldPath, keyName?: string) => ({ file, ...locate(src, path, keyName) });
  return {
    file,
    src,
    at,
    fail: (path, message, hint, keyName) => {
      problems.push({ ...at(path, keyName), field: formatPath(keyName === undefined ? path : [...path, keyName]), message, ...(hint && { hint }) });
    },
    guard: collectingProblems(problems),
    done: () => {
      if (problems.length > 0) throw new InputError(problems);
    },
  };
}
