/**
 * `--metrics-start`: the instant `run --metrics` stamps simulated time 0 at (report/openmetrics.ts).
 * A leaf module: the run command's option parser loads it at start-up.
 */

/** The default: fixed, so the same run gives the same file; in the past, as Prometheus backfill wants. */
export const METRICS_DEFAULT_START = '2026-01-01T00:00:00Z';

/**
 * Parses `--metrics-start`: an ISO 8601 date-time with its zone (`2026-01-01T00:00:00Z`), to epoch ms.
 * @returns undefined when the text is no such instant (the CLI reports it)
 */
export function parseMetricsStart(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  // Date.parse rolls 2026-02-30 over into March and 24:00 into the next day: the calendar date, read
  // back in the text's own zone, must be the one written.
  const offsetMs = m[5] === undefined ? 0 : (m[5] === '-' ? -1 : 1) * (Number(m[6]) * 60 + Number(m[7])) * 60_000;
  return new Date(ms + offsetMs).toISOString().slice(0, 10) === m[1] ? ms : undefined;
}
