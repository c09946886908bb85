import type { Job } from '../model/job.js';
import { csvRecord } from './csv-writer.js';

/**
 * Per-job CSV (`run --jobs-csv`): one row per run of a job (a job interrupted and restarted has several).
 * Times in s of simulated time; `job` is the run's own id (unique in a replication). A replayed trace job
 * also names its row in the source, to join with the log: `trace_job` (the trace's own id, e.g. SWF field 1)
 * and `trace_submit` (its submit on the trace's clock, e.g. SWF field 2), empty for synthetic jobs (docs/traces.md).
 */
export const JOB_CSV_HEADER = csvRecord(['replication', 'job', 'workload', 'pool', 'submit', 'start', 'end', 'devices', 'wait', 'run_time', 'outcome', 'trace_job', 'trace_submit']);

export function jobCsvRow(replication: number, workload: string, pool: string, job: Job, outcome: string): string {
  return csvRecord([replication, job.id, workload, pool, job.submit, job.start, job.end, job.devices, job.start - job.submit, job.end - job.start, outcome, job.source?.id, job.source?.submit]);
}
