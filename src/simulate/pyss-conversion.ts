import type { TraceJob } from '../traces/index.js';

/**
 * How the pyss simulator (Feitelson's group, Hebrew University; `_job_input_to_job` in its
 * base/prototype.py) turns an SWF row into a job, applied under `scheduler.same_time_order: pyss` so
 * its published figures can be reproduced. Our own conversion (the default) keeps the row's figures.
 *
 * - a row with a run time ≤ 0: runs 1 s with an estimate of 1 s, submitted no earlier than 1 s;
 * - otherwise estimate = max(requested, run, 1) and run = max(min(requested, run), 1), both
 *   truncated to whole seconds — so a job never outlives its request (it is killed at its limit),
 *   and a row without a requested time (-1) runs 1 s, as in pyss;
 * - processors = the allocated processors, at most the machine's (`maxDevices`, the largest pool the
 *   workload may use), where we would reject a larger job.
 *
 * It applies to the file's rows as read, before the scenario's transforms (start_at_zero, time_scale),
 * as pyss reads the file. Rows our SWF reader skips (unknown run time, unknown or zero processors,
 * unknown submit time) are still skipped: pyss would run them as 1 s jobs (docs/traces.md).
 */
export function pyssJob<R extends PyssFields>(row: R, maxDevices: number): { row: R; changed: PyssChange[] } {
  const changed: PyssChange[] = [];
  const devices = row.devices > maxDevices ? maxDevices : row.devices;
  if (devices !== row.devices) changed.push('pyss-processors-capped');
  if (row.runtime === undefined) return { row, changed };
  if (!(row.runtime > 0)) {
    changed.push('pyss-empty-run');
    return { row: { ...row, submit: Math.max(row.submit, 1), devices, runtime: 1, requestedTime: 1 }, changed };
  }
  const requested = row.requestedTime ?? -1;
  const estimate = Math.trunc(Math.max(requested, row.runtime, 1));
  const runtime = Math.trunc(Math.max(Math.min(requested, row.runtime), 1));
  if (runtime !== row.runtime) changed.push('pyss-runtime-changed');
  if (estimate !== row.requestedTime) changed.push('pyss-estimate-changed');
  return { row: changed.length === 0 ? row : { ...row, devices, runtime, requestedTime: estimate }, changed };
}

/** The fields of a job row the conversion reads and sets. */
interface PyssFields {
  readonly submit: number;
  readonly devices: number;
  readonly runtime?: number | undefined;
  readonly requestedTime?: number | undefined;
}

/** Reads `rows` converted (pyssJob), counting each change in `counts`. */
export async function* pyssJobs(rows: AsyncIterable<TraceJob>, maxDevices: number, counts: Map<string, number>): AsyncGenerator<TraceJob> {
  for await (const job of rows) {
    const made = pyssJob(job, maxDevices);
    for (const reason of made.changed) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    yield made.row;
  }
}

/** Why the pyss conversion changed a row (counted in the trace summary's `adjusted`). */
export type PyssChange = 'pyss-processors-capped' | 'pyss-empty-run' | 'pyss-runtime-changed' | 'pyss-estimate-changed';
