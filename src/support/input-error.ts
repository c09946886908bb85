import { isAbsolute, relative } from 'node:path';

/**
 * A problem in something the user wrote, located precisely enough to fix: `file:line:col: field: message (hint)`.
 * Every user-input failure of the tool is one of these; the CLI maps it to exit code 2.
 */
export interface InputProblem {
  readonly file: string;
  /** 1-based; 0 when the problem concerns the whole file */
  readonly line: number;
  /** 1-based; 0 when unknown */
  readonly col: number;
  /** dotted field path, e.g. `sites.onprem.nodes.count`; empty for the document itself */
  readonly field: string;
  readonly message: string;
  readonly hint?: string;
}

export class InputError extends Error {
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[]) {
    // The same problem reached twice (a broken profile named from two places) is reported once.
    const seen = new Set<string>();
    const unique = problems.filter((p) => {
      const text = formatProblem(p);
      if (seen.has(text)) return false;
      seen.add(text);
      return true;
    });
    super(unique.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = unique;
  }

  static single(problem: InputProblem): InputError {
    return new InputError([problem]);
  }
}

export function formatProblem(p: InputProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  const field = p.field === '' ? '' : `${p.field}: `;
  return `${where}: ${field}${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`;
}

/** Dotted display form of a schema path: `workloads[0].arrivals.rate`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** A path as messages show it: relative to the working folder when inside it, else absolute. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * A function that runs a step of input checking and collects its InputError problems into `problems`
 * instead of stopping, so one run reports every problem of a file; any other error propagates.
 */
export function collectingProblems(problems: InputProblem[]): <T>(f: () => T) => T | undefined {
  return (f) => {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
}
