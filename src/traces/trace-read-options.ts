import type { TraceDiagnostics } from './trace-diagnostics.js';
import type { TraceIssue } from './trace-issue.js';

/** Options every reader takes. */
export interface TraceReadOptions {
  /** Throw a TraceError at the first `error` issue instead of skipping the row. Warnings and infos never throw. */
  readonly strict?: boolean;
  /** Called for every issue, in file order, before a strict-mode throw. */
  readonly onIssue?: (issue: TraceIssue) => void;
  /** Collector for counts per reason and rows read/kept; pass one to read them after (or during) the read. */
  readonly diagnostics?: TraceDiagnostics;
  /** Name used in messages; defaults to the path as given. */
  readonly name?: string;
}

/** A trace file: a path or a file: URL. Gzip is detected from the first two bytes (1f 8b), not the name. */
export type TraceSource = string | URL;
