import type { TraceRow } from '../model/run-replication.js';

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
 * Rows our SWF reader skips (unknown run time, unknown or zero processors, unknown submit time) are
 * still skipped: pyss would run them as 1 s jobs (docs/traces.md lists the difference).
 */
export function pyssJob(row: TraceRow, maxDevices: number): { row: TraceRow; changed: PyssChange[] } {
  const changed: PyssChange[] = [];
  const devices = row.devices > maxDevices ? maxDevices : row.devices;
  if (devices !== row.devices) changed.push('pyss-processors-capped');
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

/** Why the pyss conversion changed a row (counted in the trace summary's `adjusted`). */
export type PyssChange = 'pyss-processors-capped' | 'pyss-empty-run' | 'pyss-runtime-changed' | 'pyss-estimate-changed';
